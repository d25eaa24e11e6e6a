#!/usr/bin/env python3
"""Writes `src/reference.rs`: the reference values the exercise checks compare against.

Reproduce with:  python3 -m pip install mpmath==1.3.0 && python3 reference/generate.py > src/reference.rs
(run from `crates/exercises`).

Every value is computed by mpmath at 256 bits (about 77 digits) from the formula written out below
each constant, at the exact binary value of each input (0.1 is the double nearest 0.1), and then
rounded once to the nearest double (or, for the f32 constant, to single precision). Nothing here
calls the `losses` crate or the exercises' solutions, so the checks compare against an independent
second method.
"""
from mpmath import mp, mpf

mp.prec = 256


def d(x):
    """The exact value of the double nearest x."""
    return mpf(float(x))


def sigmoid(z):
    return 1 / (1 + mp.exp(-z))


def softplus(z):
    return mp.log1p(mp.exp(z))


def lit(v):
    """A Rust f64 literal that parses to the double nearest v."""
    if mp.isinf(v):
        return "f64::INFINITY" if v > 0 else "f64::NEG_INFINITY"
    text = repr(float(v))
    if "e" not in text and "." not in text and "inf" not in text:
        text += ".0"
    return text


CONSTANTS = []


def const(name, value, doc):
    CONSTANTS.append((name, "f64", lit(value), doc))


# ----- chapter 2 ------------------------------------------------------------------------------
y = [2, 4, 5, 4, 5]
y_hat = [d(2.8), d(3.4), d(4.0), d(4.6), d(5.2)]
sse = sum((a - b) ** 2 for a, b in zip(y, y_hat))
const("CH02_BOOK_SSE", sse, "Σ (yᵢ − ŷᵢ)², y = [2, 4, 5, 4, 5], ŷ = [2.8, 3.4, 4.0, 4.6, 5.2] (chapter 2): 2.4")
const("CH02_BOOK_RSE", mp.sqrt(sse / 3), "√(SSE / (n − p − 1)) for the same data, p = 1: √0.8")
y2 = [1, 3, 2, 5, 4, 6]
y2_hat = [d(1.5), d(2.5), d(2.5), d(4.5), d(4.5), d(5.5)]
sse2 = sum((a - b) ** 2 for a, b in zip(y2, y2_hat))
const("CH02_RSE_TWO_PREDICTORS", mp.sqrt(sse2 / 3),
      "√(SSE / (n − p − 1)), y = [1, 3, 2, 5, 4, 6], ŷ = [1.5, 2.5, 2.5, 4.5, 4.5, 5.5], p = 2: √(1.5 / 3)")
const("CH02_RSE_NO_PREDICTOR", mp.sqrt(mpf(14) / 2), "√(SSE / (n − 1)), y = [1, 2, 3], ŷ = [0, 0, 0], p = 0: √7")

# 밑바닥부터 시작하는 딥러닝 (Deep Learning from Scratch), §4.2.1: the "2" is the true class.
t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
dl1 = [d(v) for v in [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]]
dl2 = [d(v) for v in [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]]
const("CH02_DL_SSE_RIGHT", sum((a - b) ** 2 for a, b in zip(dl1, t)) / 2,
      "½ Σ (yₖ − tₖ)², y = [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0], t one-hot at 2: 0.0975")
const("CH02_DL_SSE_WRONG", sum((a - b) ** 2 for a, b in zip(dl2, t)) / 2,
      "½ Σ (yₖ − tₖ)², y = [0.1, 0.05, 0.1, 0, 0.05, 0.1, 0, 0.6, 0, 0], t one-hot at 2: 0.5975")

# ----- chapter 3 ------------------------------------------------------------------------------
def kl(p, q):
    return sum(pi * mp.log(pi / qi) for pi, qi in zip(p, q) if pi != 0)


const("CH03_KL_COIN", kl([d(0.5), d(0.5)], [d(0.9), d(0.1)]), "KL([0.5, 0.5] ‖ [0.9, 0.1]) = ln(5/3)")
const("CH03_KL_COIN_REVERSED", kl([d(0.9), d(0.1)], [d(0.5), d(0.5)]), "KL([0.9, 0.1] ‖ [0.5, 0.5])")
p_rows = [[d(0.7), d(0.2), d(0.1)], [d(0.1), d(0.1), d(0.8)]]
q_rows = [[d(0.5), d(0.3), d(0.2)], [d(0.2), d(0.2), d(0.6)]]
const("CH03_BATCHMEAN", (kl(p_rows[0], q_rows[0]) + kl(p_rows[1], q_rows[1])) / 2,
      "(KL([0.7, 0.2, 0.1] ‖ [0.5, 0.3, 0.2]) + KL([0.1, 0.1, 0.8] ‖ [0.2, 0.2, 0.6])) / 2 (chapter 3)")

# ----- chapter 4 ------------------------------------------------------------------------------
delta = d(1e-7)
const("CH04_CEE_RIGHT", -mp.log(d(0.6) + delta), "−ln(0.6 + 10⁻⁷): 0.5108 (Deep Learning from Scratch §4.2.2)")
const("CH04_CEE_WRONG", -mp.log(d(0.1) + delta), "−ln(0.1 + 10⁻⁷): 2.3026 (Deep Learning from Scratch §4.2.2)")
const("CH04_CEE_ZERO", -mp.log(delta), "−ln(0 + 10⁻⁷): the true class predicted with probability 0")
const("CH04_CEE_SOFT", -(d(0.5) * mp.log(d(0.25) + delta) + d(0.5) * mp.log(d(0.75) + delta)),
      "−(0.5 ln(0.25 + 10⁻⁷) + 0.5 ln(0.75 + 10⁻⁷)): y = [0.25, 0.75, 0], t = [0.5, 0.5, 0]")
const("CH04_BCE_2_POSITIVE", softplus(-2), "softplus(−2) = −ln σ(2): x = 2, positive")
const("CH04_BCE_30_POSITIVE", softplus(-30), "softplus(−30) ≈ e⁻³⁰: x = 30, positive")
const("CH04_BCE_40_NEGATIVE", softplus(40), "softplus(40) ≈ 40: x = 40, negative")
const("CH04_BCE_MINUS_1000_POSITIVE", softplus(1000), "softplus(1000) ≈ 1000: x = −1000, positive")


def softmax_ce(z, c):
    z = [d(v) for v in z]
    return mp.log(sum(mp.exp(v) for v in z)) - z[c]


const("CH04_SOFTMAX_CE_SMALL", softmax_ce([3, 1, -2], 1), "−ln softmax([3, 1, −2])₁")
const("CH04_SOFTMAX_CE_1000", softmax_ce([1000, 1000, 999], 0), "−ln softmax([1000, 1000, 999])₀ = ln(2 + e⁻¹)")
const("CH04_SOFTMAX_CE_1E8", softmax_ce([1e8, 1e8, 1e8], 0), "−ln softmax([10⁸, 10⁸, 10⁸])₀ = ln 3")
const("CH04_SOFTMAX_CE_GAP", softmax_ce([0, 1000], 0), "−ln softmax([0, 1000])₀ ≈ 1000")

# ----- chapter 5 ------------------------------------------------------------------------------
const("CH05_BOOK_POSITIVE", -d(0.25) * mp.log(d(0.3)), "−α ln p, α = 0.25, p = 0.3 (chapter 5): ≈ 0.301")
const("CH05_BOOK_NEGATIVE", -(1 - d(0.25)) * mp.log(1 - d(0.3)), "−(1 − α) ln(1 − p), α = 0.25, p = 0.3: ≈ 0.268")
const("CH05_TINY_NEGATIVE", -(1 - d(0.25)) * mp.log(1 - d(1e-12)), "−(1 − α) ln(1 − p), α = 0.25, p = 10⁻¹²")
hard = -mp.log(d(0.3))
easy = 1000 * -mp.log(1 - d(0.01))
const("CH05_EQUAL_SHARES", easy / (hard + easy),
      "α with α·P = (1 − α)·N, P = −ln 0.3 (one positive), N = 1000·(−ln(1 − 0.01)) (1000 negatives): ≈ 0.893")

# ----- chapter 6 ------------------------------------------------------------------------------
def focal(p_t, gamma):
    return -(1 - p_t) ** gamma * mp.log(p_t)


const("CH06_FOCAL_09_2", focal(d(0.9), 2), "−(1 − 0.9)² ln 0.9, p = 0.9, positive, γ = 2: 0.001054")
const("CH06_FOCAL_NEG_03_05", focal(1 - d(0.3), d(0.5)), "−0.3^0.5 ln 0.7, p = 0.3, negative, γ = 0.5")
const("CH06_FOCAL_025_5", focal(d(0.25), 5), "−0.75⁵ ln 0.25, p = 0.25, positive, γ = 5: 0.3290")
batch = [(1 - d(0.01)) for _ in range(10)] + [d(0.1)]
const("CH06_MEAN_FOCAL", sum(focal(pt, 2) for pt in batch) / 11,
      "mean of FL over 10 negatives with p = 0.01 and 1 positive with p = 0.1, γ = 2")

# ----- chapter 7 ------------------------------------------------------------------------------
def dce(x, y):
    return y * (sigmoid(y * d(x)) - 1)


def dfl(x, y, gamma):
    pt = sigmoid(y * d(x))
    return y * (1 - pt) ** gamma * (gamma * pt * mp.log(pt) + pt - 1)


const("CH07_DCE_HALF_POSITIVE", dce(0.5, 1), "σ(0.5) − 1: x = 0.5, positive")
const("CH07_DCE_HALF_NEGATIVE", dce(0.5, -1), "σ(0.5): x = 0.5, negative")
const("CH07_DCE_40_POSITIVE", dce(40, 1), "σ(40) − 1 = −σ(−40) ≈ −4.25·10⁻¹⁸: x = 40, positive")
const("CH07_DCE_MINUS_40_NEGATIVE", dce(-40, -1), "σ(−40): x = −40, negative")
const("CH07_DFL_MINUS_3_2", dfl(-3, 1, 2), "dFL/dx, x = −3, positive, γ = 2")
const("CH07_DFL_NEG_06_05", dfl(0.6, -1, d(0.5)), "dFL/dx, x = 0.6, negative, γ = 0.5")
const("CH07_DFL_NEG_25_5", dfl(2.5, -1, 5), "dFL/dx, x = 2.5, negative, γ = 5")
const("CH07_DFL_40_2", dfl(40, 1, 2), "dFL/dx, x = 40, positive, γ = 2: ≈ −3e⁻¹²⁰")
const("CH07_DFL_40_05", dfl(40, 1, d(0.5)), "dFL/dx, x = 40, positive, γ = 0.5")


def dfl_star(x, y, gamma, beta):
    return y * (sigmoid(gamma * y * d(x) + beta) - 1)


const("CH07_DFL_STAR_08", dfl_star(0.8, 1, 2, 1), "y(σ(γ x_t + β) − 1), x = 0.8, positive, γ = 2, β = 1")
const("CH07_DFL_STAR_NEG", dfl_star(-0.5, -1, 2, 1), "y(σ(γ x_t + β) − 1), x = −0.5, negative, γ = 2, β = 1")
const("CH07_DFL_STAR_40", dfl_star(40, 1, 2, 1), "y(σ(γ x_t + β) − 1), x = 40, positive, γ = 2, β = 1")

# ----- chapter 8 ------------------------------------------------------------------------------
const("CH08_BFL_GRAD_MINUS_3", d(0.25) * dfl(-3, 1, 2), "α_t dFL/dx, x = −3, positive, γ = 2, α = 0.25")
const("CH08_BFL_GRAD_NEG_1", (1 - d(0.25)) * dfl(1, -1, 2), "α_t dFL/dx, x = 1, negative, γ = 2, α = 0.25")
const("CH08_BFL_GRAD_HALF", d(0.75) * dfl(0.5, 1, d(0.5)), "α_t dFL/dx, x = 0.5, positive, γ = 0.5, α = 0.75")
const("CH08_PRIOR_BIAS", -mp.log((1 - d(0.01)) / d(0.01)), "−ln((1 − π)/π), π = 0.01: −ln 99 ≈ −4.5951")
const("CH08_PRIOR_BIAS_TINY", -mp.log((1 - d(1e-300)) / d(1e-300)), "−ln((1 − π)/π), π = 10⁻³⁰⁰")
const("CH08_PRIOR_BIAS_HIGH", -mp.log((1 - d(0.999)) / d(0.999)), "−ln((1 − π)/π), π = 0.999")

# ----- chapter 9 ------------------------------------------------------------------------------
def lse(z):
    return mp.log(sum(mp.exp(d(v)) for v in z))


const("CH09_LSE_SMALL", lse([1, 2, 3]), "ln(e¹ + e² + e³)")
const("CH09_LSE_1E4", lse([1e4, 1e4]), "ln(2e¹⁰⁰⁰⁰) = 10⁴ + ln 2")
const("CH09_LSE_MINUS_1E4", lse([-1e4, -1e4]), "ln(2e⁻¹⁰⁰⁰⁰) = −10⁴ + ln 2")
const("CH09_LSE_SPREAD", lse([1e4, 0, -1e4]), "ln(e¹⁰⁰⁰⁰ + 1 + e⁻¹⁰⁰⁰⁰) ≈ 10⁴")


def focal_logit(x, y, gamma):
    xt = y * d(x)
    return sigmoid(-xt) ** gamma * softplus(-xt)


const("CH09_FL_40_2", focal_logit(40, 1, 2), "σ(−40)² softplus(−40) ≈ e⁻¹²⁰: x = 40, positive, γ = 2")
const("CH09_FL_17_2", focal_logit(17, 1, 2), "σ(−17)² softplus(−17): x = 17, positive, γ = 2")
const("CH09_FL_MINUS_1000_2", focal_logit(-1000, 1, 2), "σ(1000)² softplus(1000) ≈ 1000: x = −1000, positive, γ = 2")
const("CH09_FL_NEG_MINUS_100_5", focal_logit(-100, -1, 5), "σ(−100)⁵ softplus(−100): x = −100, negative, γ = 5")
const("CH09_FL_NEG_3_05", focal_logit(3, -1, d(0.5)), "σ(3)^0.5 softplus(3): x = 3, negative, γ = 0.5")
const("CH09_COMPLEMENT_40", sigmoid(-40), "1 − σ(40) = σ(−40)")
const("CH09_COMPLEMENT_MINUS_3", sigmoid(3), "1 − σ(−3) = σ(3)")
const("CH09_COMPLEMENT_700", sigmoid(-700), "1 − σ(700) = σ(−700) ≈ e⁻⁷⁰⁰")


# The smallest f32 x with fl(1 / (1 + fl(e^−x))) = 1 in single precision, with every operation
# correctly rounded to nearest (ties to even): e^−x must round to at most 2⁻²⁴, since 1 + 2⁻²⁴ is a
# tie that rounds to the even 1.
def round_f32(v):
    with mp.workprec(24):
        return +v


def naive_sigmoid_f32_is_one(x):
    e = round_f32(mp.exp(-x))
    s = round_f32(1 + e)
    return round_f32(1 / s) == 1


def next_f32_up(x):
    return x + mpf(2) ** (mp.floor(mp.log(x, 2)) - 23)


x = round_f32(24 * mp.log(2) - mpf(2) ** -10)
while not naive_sigmoid_f32_is_one(x):
    x = next_f32_up(x)
def shortest_f32(v):
    """The shortest decimal that rounds (to single precision) back to v."""
    for digits in range(1, 10):
        text = f"{float(v):.{digits}g}"
        if round_f32(mpf(text)) == v:
            return text


CONSTANTS.append(("CH09_SIGMOID_ONE_F32", "f32", shortest_f32(x),
                  "the smallest f32 x with 1 / (1 + e⁻ˣ) = 1 in f32, every operation correctly rounded; "
                  "24 ln 2 ≈ 16.6355 is the real-number threshold"))

print("//! Reference values for the checks, computed with mpmath at 256 bits by")
print("//! `reference/generate.py` (do not edit; regenerate with")
print("//! `python3 reference/generate.py > src/reference.rs` from `crates/exercises`, mpmath 1.3.0).")
print("//! Each value is the exact formula at the exact binary inputs, rounded once.")
print("#![allow(clippy::approx_constant)] // e.g. √0.5 is a result here, not a stand-in for FRAC_1_SQRT_2")
print()
for name, ty, value, doc in CONSTANTS:
    print(f"/// {doc}")
    print(f"pub const {name}: {ty} = {value};")
