//! The unchecked per-example formulas of the binary losses: the cross-entropy and the focal loss
//! of one example, from a probability p or from a signed logit x_t = y·x, and the derivative with
//! respect to x_t. Shared by the scalar and the batch functions of `binary` and `focal` (through
//! `binary_engine` for logits) and by `multiclass_focal`; every input is assumed already validated.

use crate::LossFloat;
use crate::activation::{sigmoid, softplus};
use crate::float::{two_product, two_sum};
use crate::label::Label;

// ---------------------------------------------------------------------------------------------
// Cross-entropy
// ---------------------------------------------------------------------------------------------

// The two loss kernels below are evaluated in `F::Accurate` (f64 for f32; a no-op for f64) and
// rounded once, like the focal loss for γ > 0. That makes the f32 cross-entropy the correctly
// rounded f64 value in all but rare ties, and — since the focal loss is the same f64 cross-entropy
// times a factor ≤ 1, rounded the same way — guarantees FL ≤ CE in f32 too, not just up to an ulp.

/// −ln p_t from a probability, with ln(1 − p) as `ln_1p(−p)` so no digit of p is lost.
#[inline]
pub(crate) fn cross_entropy_from_probability<F: LossFloat>(p: F, label: Label) -> F {
    let p = p.widen();
    F::narrow(match label {
        Label::Positive => -p.ln(),
        Label::Negative => -(-p).ln_1p(),
    })
}

/// CE as a function of x_t = y·x: −ln σ(x_t) = softplus(−x_t). Finite for finite x_t; +∞ at −∞.
#[inline]
pub(crate) fn cross_entropy_from_signed_logit<F: LossFloat>(x_t: F) -> F {
    F::narrow(softplus(-x_t.widen()))
}

/// dCE/dx_t = p_t − 1 = −σ(−x_t), never formed by subtraction.
#[inline]
pub(crate) fn cross_entropy_grad_signed_logit<F: LossFloat>(x_t: F) -> F {
    -sigmoid(-x_t)
}

/// α_t · loss, with a zero weight giving 0 even for an infinite loss: an example that has been
/// weighted out contributes nothing (0·∞ would otherwise be NaN).
#[inline]
pub(crate) fn scale_loss<F: LossFloat>(weight: F, loss: F) -> F {
    if weight == F::zero() { F::zero() } else { weight * loss }
}

// ---------------------------------------------------------------------------------------------
// Focal loss
// ---------------------------------------------------------------------------------------------

/// What the focal loss and its gradient need from a finite x_t, from one `exp` and one `ln_1p`.
///
/// With e = e^(−|x_t|) and ℓ = ln(1 + e):
/// softplus(±x_t) = max(±x_t, 0) + ℓ, σ(x_t) and σ(−x_t) are 1/(1 + e) and e/(1 + e) (which is
/// which depends on the sign of x_t). softplus(−x_t) is bit for bit what
/// [`softplus`] returns (which is what makes FL ≤ CE exact), without
/// computing e and ℓ again for each quantity.
struct SignedLogit<F> {
    x_t: F,
    e: F,
    l: F,
}

impl<F: LossFloat> SignedLogit<F> {
    #[inline]
    fn new(x_t: F) -> Self {
        let e = (-x_t.abs()).exp();
        Self { x_t, e, l: e.ln_1p() }
    }

    /// `x_t >= 0`, the branch `abs` takes at ±0 too, so that dual numbers get one-sided
    /// derivatives that agree (see `activation::softplus`).
    #[inline]
    fn non_negative(&self) -> bool {
        self.x_t >= F::zero()
    }

    /// −ln p_t = softplus(−x_t), the cross-entropy.
    #[inline]
    fn cross_entropy(&self) -> F {
        let m = if self.non_negative() { F::zero() } else { -self.x_t };
        m + self.l
    }

    /// (p_t, 1 − p_t) = (σ(x_t), σ(−x_t)), neither formed by subtraction: 1/(1 + e) and
    /// e/(1 + e), bit for bit what [`sigmoid`] returns.
    #[inline]
    fn probabilities(&self) -> (F, F) {
        let total = F::one() + self.e;
        // The numerators are 1 and e, in an order that depends on the sign of x_t. That sign is
        // random, and an `if` (or an index) here becomes a branch mispredicted every other time;
        // with s ∈ {0, 1} the numerators e(1 − s) + s and es + (1 − s) are exactly 1 or e, without
        // a branch.
        let s = F::from_f64(if self.non_negative() { 1.0 } else { 0.0 });
        let not_s = F::one() - s;
        ((self.e * not_s + s) / total, (self.e * s + not_s) / total)
    }

    /// (1 − p_t)^γ = σ(−x_t)^γ = exp(−γ·softplus(x_t)), for γ > 0.
    ///
    /// softplus(x_t) = m + ℓ with m = max(x_t, 0). The exponent E = γm + γℓ can be large
    /// (γ = 5, x_t = 100: E = 500), and half an ulp of rounding in E becomes hundreds of ulps in
    /// e^(−E). With `exact_exponent`, both products are kept exactly as hi + lo pairs (two-product
    /// with a fused multiply-add) and added with two-sum; the low part t is at most a few ulps of E,
    /// so e^(−E) = e^(−E_hi)·e^(−t) = e^(−E_hi)·(1 − t) to within t²/2 < 10⁻²⁶ relative — one `exp`
    /// instead of two.
    ///
    /// Without it (when the result is rounded to a narrower type afterwards: f32 computed in f64),
    /// E is rounded once: an error of ≈ E·2⁻⁵³ relative, below 10⁻⁶ f32 ulp for every E at which
    /// the f32 result is not 0 — and two library calls cheaper (fused multiply-adds are calls to
    /// `fma` on x86-64 without the `fma` target feature). For γ a multiple of ½ the factor is a
    /// product of σ(−x_t)s (and a square root), which saves the `exp` as well.
    #[inline]
    fn modulating_factor(&self, gamma: F, exact_exponent: bool) -> F {
        let m = if self.non_negative() { self.x_t } else { F::zero() };
        if !exact_exponent {
            if let Some(twice) = small_half_integer(gamma) {
                // γ = ½, 1, 3/2, 2, …: σ(−x_t)^γ by multiplications and a square root (≈ 2γ + 1 ulp
                // of the wide type, invisible after rounding), one `exp` cheaper than
                // exp(−γ·softplus(x_t)).
                let (_, q) = self.probabilities();
                let whole = (0..twice / 2).fold(F::one(), |power, _| power * q);
                return if twice % 2 == 1 { whole * q.sqrt() } else { whole };
            }
            return (-(gamma * (m + self.l))).exp();
        }
        let (gm_hi, gm_lo) = two_product(gamma, m);
        let (gl_hi, gl_lo) = two_product(gamma, self.l);
        let (e_hi, e_lo) = two_sum(gm_hi, gl_hi);
        if e_hi.is_infinite() {
            // γ·x_t beyond the float range (x_t near f64::MAX): the factor is e^(−∞) = 0, and the
            // low parts are ∞ − ∞.
            return F::zero();
        }
        let tail = e_lo + gm_lo + gl_lo;
        // head·(1 − t) as head − head·t: head·t is ≈ 10⁻¹³·head at most, so its rounding is invisible
        // and the one rounding of the subtraction is what a fused multiply-add would give. Where
        // e^(−E_hi) underflows to 0 the result is 0 (the former e^(−E_hi)·e^(−t) was 0·∞ = NaN
        // for E ≳ 10¹⁶⁷, where |t| ≈ ulp(E) exceeds 709).
        let head = (-e_hi).exp();
        head - head * tail
    }
}

/// The largest γ whose factor σ(−x_t)^γ is computed as a product (γ a multiple of ½): the product
/// of ⌊γ⌋ factors and a square root is off by about 2γ + 1 f64 ulps, at most 33 here, against the
/// 2²⁹ f64 ulps of one f32 ulp; 16 covers every γ the paper tries (at most 5) with room.
const MAX_PRODUCT_GAMMA: f64 = 16.0;

/// 2γ, if γ is a multiple of ½ in (0, [`MAX_PRODUCT_GAMMA`]] (the paper's γ = ½, 1, 2, 5 among
/// them).
#[inline]
fn small_half_integer<F: LossFloat>(gamma: F) -> Option<u32> {
    let twice = 2.0 * gamma.to_f64();
    let n = twice as u32; // saturating; `fract` would be a library call (`trunc`) on baseline x86-64
    (f64::from(n) == twice && (1..=(2.0 * MAX_PRODUCT_GAMMA) as u32).contains(&n)).then_some(n)
}

/// The unweighted FL(x_t) = σ(−x_t)^γ softplus(−x_t), for γ > 0, given
/// `factor` = `s.modulating_factor(γ, …)`.
#[inline]
fn focal_from_signed_logit_in<F: LossFloat>(s: &SignedLogit<F>, factor: F) -> F {
    if s.x_t.is_infinite() {
        // +∞: certain and right, loss 0. −∞: certain and wrong, modulating factor 1, loss +∞.
        return if s.x_t > F::zero() { F::zero() } else { F::infinity() };
    }
    factor * s.cross_entropy()
}

/// dFL/dx_t = −(1 − p_t)^γ (γ p_t (−ln p_t) + (1 − p_t)) · α_t, for γ > 0.
///
/// The paper's (1 − p_t)^γ (γ p_t ln p_t + p_t − 1) has two negative terms inside the bracket;
/// written as −(γ p_t CE + (1 − p_t)) it is a sum of non-negative terms, so nothing cancels, and
/// 1 − p_t is σ(−x_t), never 1 minus a rounded p_t. `factor` = `s.modulating_factor(γ, …)`.
#[inline]
fn focal_grad_signed_logit_in<F: LossFloat>(s: &SignedLogit<F>, gamma: F, weight: F, factor: F) -> F {
    if s.x_t.is_infinite() {
        // +∞: every factor vanishes. −∞: p_t = 0, p_t ln p_t → 0, (1 − p_t)^γ = 1: gradient −α_t.
        return if s.x_t > F::zero() { F::zero() } else { -weight };
    }
    let (p_t, one_minus_p_t) = s.probabilities();
    let bracket = gamma * p_t * s.cross_entropy() + one_minus_p_t;
    -(weight * factor * bracket)
}

/// The unweighted FL from a probability, (1 − p_t)^γ · (−ln p_t), for γ > 0.
///
/// For y = 1, 1 − p_t = 1 − p is rounded; its exact value is hi + lo with lo = −p − (hi − 1)
/// (Fast2Sum, exact because 1 ≥ p), and (hi + lo)^γ = hi^γ (1 + γ lo/hi) to within ε², which
/// removes the rounding of the subtraction from the result.
#[inline]
fn focal_from_probability_in<F: LossFloat>(p: F, label: Label, gamma: F) -> F {
    let ce = cross_entropy_from_probability(p, label);
    let modulating = match label {
        Label::Negative => p.powf(gamma),
        Label::Positive => {
            let hi = F::one() - p;
            if hi == F::zero() {
                return F::zero(); // p_t = 1: CE = 0 and the factor is 0
            }
            // Fast2Sum of 1 and −p: 1 − p = hi + lo exactly.
            let lo = -p - (hi - F::one());
            hi.powf(gamma) * (gamma * (lo / hi)).mul_add(F::one(), F::one())
        }
    };
    if ce.is_infinite() {
        return ce; // p_t = 0: the factor is 1, the loss +∞
    }
    modulating * ce
}

// For γ > 0 the three kernels above are evaluated in `F::Accurate` (f64 for f32) and rounded
// once: the factor (1 − p_t)^γ multiplies the relative error of 1 − p_t by γ, which single
// precision cannot absorb within 4 ulp for γ = 5. The loss is computed unweighted, rounded, and then
// weighted in `F` exactly as the α-balanced cross-entropy weights the (likewise rounded) CE, so
// that FL ≤ CE holds bit for bit, balanced or not.
//
// For γ = 0 the focal loss *is* the (α-balanced) cross-entropy, and it is computed by the
// cross-entropy's own code, so the two agree bit for bit, f32 included.

/// Is `F` evaluated in a wider type (f32 in f64)? Then the kernels' extra-precise steps are
/// wasted: the final rounding to `F` hides their effect. (A constant; the branch folds away.)
#[inline]
fn widened<F: LossFloat>() -> bool {
    F::epsilon().to_f64() > <F::Accurate as LossFloat>::epsilon().to_f64()
}

#[inline]
pub(crate) fn focal_from_signed_logit<F: LossFloat>(x_t: F, gamma: F, weight: F) -> F {
    if gamma == F::zero() {
        return scale_loss(weight, cross_entropy_from_signed_logit(x_t));
    }
    let s = SignedLogit::new(x_t.widen());
    let factor = s.modulating_factor(gamma.widen(), !widened::<F>());
    scale_loss(weight, F::narrow(focal_from_signed_logit_in(&s, factor)))
}

#[inline]
pub(crate) fn focal_grad_signed_logit<F: LossFloat>(x_t: F, gamma: F, weight: F) -> F {
    if gamma == F::zero() {
        return weight * cross_entropy_grad_signed_logit(x_t);
    }
    let s = SignedLogit::new(x_t.widen());
    let factor = s.modulating_factor(gamma.widen(), !widened::<F>());
    F::narrow(focal_grad_signed_logit_in(&s, gamma.widen(), weight.widen(), factor))
}

#[inline]
pub(crate) fn focal_from_probability<F: LossFloat>(p: F, label: Label, gamma: F, weight: F) -> F {
    if gamma == F::zero() {
        return scale_loss(weight, cross_entropy_from_probability(p, label));
    }
    scale_loss(weight, F::narrow(focal_from_probability_in(p.widen(), label, gamma.widen())))
}
