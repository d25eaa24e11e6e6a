#!/usr/bin/env python3
"""Generates `cases.csv`: reference values of every loss at 2048-bit precision (mpmath).

Reproduce with:  python3 -m pip install mpmath==1.3.0 && python3 generate.py > cases.csv

Each row is one evaluation. Inputs are exact binary floats: for `f32` rows they are first rounded to
single precision, and the reference is the exact value *at those rounded inputs*, so the test measures
only the error of the crate's arithmetic. The reference is written as two doubles, `hi` (nearest
double) and `lo` (the rest), so the test can measure f64 errors to a fraction of an ulp.

Columns: function, type, label, gamma, alpha, inputs (';'-separated), hi, lo
  label:  0/1 for binary losses, the class index for softmax cross-entropy, '-' otherwise
  gamma:  focusing parameter or '-'; alpha: balancing weight or '-'
  inputs: the logits / probabilities; for two-vector functions the vectors are separated by '|'
"""
import random
import struct
import sys

import mpmath
from mpmath import mp, mpf

# 2048 bits: the formulas are evaluated literally (1 − p_t by subtraction, as in the paper), and
# 1 − σ(1000) ≈ 2^-1443 must survive that subtraction with hundreds of bits to spare.
mp.prec = 2048


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def rnd(x, ty):
    return f32(x) if ty == "f32" else float(x)


def split(v):
    """hi + lo, hi the nearest double; ±inf and 0 kept as they are."""
    if mpmath.isinf(v):
        return (float(v), 0.0)
    hi = float(v)
    lo = float(v - mpf(hi))
    return hi, lo


def sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def softplus(x):
    return mpmath.log1p(mpmath.exp(x))


rows = []


def emit(function, ty, label, gamma, alpha, inputs, value):
    hi, lo = split(value)
    rows.append(
        f"{function},{ty},{label},{gamma},{alpha},{inputs},{hi!r},{lo!r}"
    )


rng = random.Random(20171001)  # the date of arXiv:1708.02002 v2, for no reason but reproducibility

special = [0.0, 1e-300, 1e-10, 1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 16.5, 16.64, 17.0, 20.0, 30.0,
           36.7, 36.74, 37.0, 40.0, 50.0, 88.0, 88.72, 100.0, 200.0, 500.0, 700.0, 709.0, 709.78,
           710.0, 745.0, 746.0, 800.0, 1000.0]
logits = sorted(set(special + [-v for v in special]
                    + [rng.uniform(-50, 50) for _ in range(120)]
                    + [rng.choice([-1, 1]) * 10 ** rng.uniform(-8, 3) for _ in range(120)]))
probabilities = sorted(set([0.0, 1.0, 0.5, 0.25, 0.75, 0.9, 0.968, 0.99, 1e-3, 1e-10, 1e-300, 1 - 2**-53,
                            1 - 1e-10, 0.1, 0.01]
                           + [rng.random() for _ in range(80)]
                           + [10 ** rng.uniform(-30, 0) for _ in range(40)]
                           + [1 - 10 ** rng.uniform(-15, -1) for _ in range(40)]))
gammas = [0.0, 0.5, 1.0, 2.0, 5.0]
alphas = [None, 0.25]

for ty in ("f64", "f32"):
    xs = sorted(set(rnd(x, ty) for x in logits))
    ps = sorted(set(rnd(p, ty) for p in probabilities))
    for x in xs:
        X = mpf(x)
        emit("sigmoid", ty, "-", "-", "-", repr(x), sigmoid(X))
        emit("softplus", ty, "-", "-", "-", repr(x), softplus(X))
        for y in (0, 1):
            s = 1 if y == 1 else -1
            xt = s * X
            emit("bce_logits", ty, y, "-", "-", repr(x), softplus(-xt))
            emit("bce_logits_grad", ty, y, "-", "-", repr(x), sigmoid(X) - y)
            for gamma in gammas:
                G = mpf(rnd(gamma, ty))
                for alpha in alphas:
                    a_t = 1 if alpha is None else (mpf(rnd(alpha, ty)) if y == 1 else 1 - mpf(rnd(alpha, ty)))
                    pt = sigmoid(xt)
                    fl = a_t * sigmoid(-xt) ** G * softplus(-xt)
                    grad = a_t * s * sigmoid(-xt) ** G * (G * pt * mpmath.log(pt) + pt - 1)
                    a = "-" if alpha is None else repr(rnd(alpha, ty))
                    emit("focal_logits", ty, y, repr(rnd(gamma, ty)), a, repr(x), fl)
                    emit("focal_logits_grad", ty, y, repr(rnd(gamma, ty)), a, repr(x), grad)
    for p in ps:
        P = mpf(p)
        for y in (0, 1):
            pt = P if y == 1 else 1 - P
            if pt == 0:
                continue
            emit("bce_prob", ty, y, "-", "-", repr(p), -mpmath.log(pt))
            for gamma in gammas:
                G = mpf(rnd(gamma, ty))
                for alpha in alphas:
                    a_t = 1 if alpha is None else (mpf(rnd(alpha, ty)) if y == 1 else 1 - mpf(rnd(alpha, ty)))
                    a = "-" if alpha is None else repr(rnd(alpha, ty))
                    emit("focal_prob", ty, y, repr(rnd(gamma, ty)), a, repr(p), -a_t * (1 - pt) ** G * mpmath.log(pt))

    # Softmax rows: equal logits up to 1e8, spreads of ±1000, random rows.
    softmax_rows = []
    for k in (2, 3, 10):
        for v in (0.0, 1.0, -1.0, 1e3, -1e3, 1e6, 1e8, -1e8):
            softmax_rows.append([v] * k)
    for k in (2, 3, 5):
        softmax_rows.append([1000.0] + [-1000.0] * (k - 1))
        softmax_rows.append([-1000.0, 1000.0] + [0.0] * (k - 2))
        softmax_rows.append([1000.0, 999.0] + [-1000.0] * (k - 2))
    for _ in range(60):
        k = rng.choice([2, 3, 4, 10])
        scale = 10 ** rng.uniform(-2, 3)
        softmax_rows.append([rng.uniform(-scale, scale) for _ in range(k)])
    for row in softmax_rows:
        row = [rnd(v, ty) for v in row]
        Z = [mpf(v) for v in row]
        lse = mpmath.log(mpmath.fsum(mpmath.exp(z) for z in Z))
        inputs = ";".join(repr(v) for v in row)
        for c in range(len(row)):
            emit("softmax_ce", ty, c, "-", "-", inputs, lse - Z[c])
            # The gradient row is checked entry by entry: 'label' is the class, 'gamma' the entry.
            for j in range(len(row)):
                g = mpmath.exp(Z[j] - lse) - (1 if j == c else 0)
                emit("softmax_ce_grad", ty, c, j, "-", inputs, g)

    # Distributions (entries rounded to the type and renormalised in high precision, then rounded
    # again: the result sums to 1 within a few ulp, well inside the crate's tolerance).
    def distribution(raw):
        s = sum(mpf(v) for v in raw)
        return [rnd(float(mpf(v) / s), ty) for v in raw]

    pairs = []
    for _ in range(40):
        k = rng.choice([2, 3, 5, 10])
        p = distribution([rng.random() for _ in range(k)])
        q = distribution([rng.random() for _ in range(k)])
        pairs.append((p, q))
    for _ in range(20):  # zeros in p (0·ln 0 = 0), q strictly positive
        k = rng.choice([3, 5, 10])
        raw = [rng.random() if rng.random() < 0.6 else 0.0 for _ in range(k)]
        raw[0] = raw[0] or 0.5
        pairs.append((distribution(raw), distribution([rng.random() + 0.01 for _ in range(k)])))
    for _ in range(20):  # q close to p: KL of order |p − q|², where naive summation cancels
        k = rng.choice([2, 3, 5])
        p = distribution([rng.random() + 0.05 for _ in range(k)])
        eps = 10 ** rng.uniform(-12, -3)
        q = distribution([v * (1 + eps * rng.uniform(-1, 1)) for v in p])
        pairs.append((p, q))
    for p, q in pairs:
        P = [mpf(v) for v in p]
        Q = [mpf(v) for v in q]
        inputs = ";".join(repr(v) for v in p) + "|" + ";".join(repr(v) for v in q)
        h = -mpmath.fsum(a * mpmath.log(a) for a in P if a > 0)
        xent = -mpmath.fsum(a * mpmath.log(b) for a, b in zip(P, Q) if a > 0)
        kl = mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(P, Q) if a > 0)
        emit("entropy", ty, "-", "-", "-", inputs, h)
        emit("cross_entropy", ty, "-", "-", "-", inputs, xent)
        if kl > 0:
            emit("kl_divergence", ty, "-", "-", "-", inputs, kl)

    # Regression vectors.
    for _ in range(40):
        n = rng.choice([3, 5, 10, 50])
        y = [rnd(rng.gauss(0, 10 ** rng.uniform(-2, 3)), ty) for _ in range(n)]
        yh = [rnd(v + rng.gauss(0, 1), ty) for v in y]
        Y = [mpf(v) for v in y]
        YH = [mpf(v) for v in yh]
        inputs = ";".join(repr(v) for v in y) + "|" + ";".join(repr(v) for v in yh)
        sse = mpmath.fsum((a - b) ** 2 for a, b in zip(Y, YH))
        emit("sse", ty, "-", "-", "-", inputs, sse)
        emit("mse", ty, "-", "-", "-", inputs, sse / n)
        emit("rmse", ty, "-", "-", "-", inputs, mpmath.sqrt(sse / n))
        emit("rse", ty, "-", "-", "-", inputs, mpmath.sqrt(sse / (n - 2)))
        emit("mae", ty, "-", "-", "-", inputs, mpmath.fsum(abs(a - b) for a, b in zip(Y, YH)) / n)

# K-class focal losses: appended after every row above, with their own random source, so that the
# rows above stay byte for byte what they were before these functions existed.
rng_k = random.Random(20171002)
focal_rows = []
for k in (2, 3, 10):
    for v in (0.0, 1e3, 1e8, -1e8):
        focal_rows.append([v] * k)
for k in (2, 3, 5):
    focal_rows.append([1000.0] + [-1000.0] * (k - 1))
    focal_rows.append([-1000.0, 1000.0] + [0.0] * (k - 2))
    focal_rows.append([1000.0, 999.0] + [-1000.0] * (k - 2))
# A confident true class 0 (p_0 → 1), where (1 − p_0)^γ multiplies the error of 1 − p_0 by γ.
for k in (3, 10):
    for d in (5.0, 20.0, 40.0, 100.0, 700.0):
        focal_rows.append([d] + [0.0] * (k - 1))
for _ in range(30):
    k = rng_k.choice([2, 3, 4, 10])
    scale = 10 ** rng_k.uniform(-2, 3)
    focal_rows.append([rng_k.uniform(-scale, scale) for _ in range(k)])

for ty in ("f64", "f32"):
    for row in focal_rows:
        row = [rnd(v, ty) for v in row]
        Z = [mpf(v) for v in row]
        lse = mpmath.log(mpmath.fsum(mpmath.exp(z) for z in Z))
        probs = [mpmath.exp(z - lse) for z in Z]
        inputs = ";".join(repr(v) for v in row)
        for gamma in gammas:
            G = mpf(rnd(gamma, ty))
            g = repr(rnd(gamma, ty))
            for c in range(len(row)):
                p = probs[c]
                # 1 − p_c as the sum of the other probabilities (no cancellation at p_c → 1).
                q = mpmath.fsum(probs[j] for j in range(len(row)) if j != c)
                ce = -mpmath.log(p)
                for alpha in alphas:
                    a_c = 1 if alpha is None else mpf(rnd(alpha, ty))
                    a = "-" if alpha is None else repr(rnd(alpha, ty))
                    emit("softmax_focal", ty, c, g, a, inputs, a_c * q ** G * ce)
                # The gradient row entry by entry: 'label' is `class:entry`.
                h = q ** G * (G * p * ce + q)
                for j in range(len(row)):
                    value = -h if j == c else h * mpmath.exp(Z[j]) / mpmath.fsum(
                        mpmath.exp(Z[i]) for i in range(len(row)) if i != c)
                    emit("softmax_focal_grad", ty, f"{c}:{j}", g, "-", inputs, value)
            # RetinaNet's form: the binary focal loss of every logit against a one-hot target; the
            # label is the object's class, '-' a background anchor (every target 0).
            for c in list(range(len(row))) + [None]:
                for alpha in alphas:
                    total = mpf(0)
                    for j, z in enumerate(Z):
                        s = 1 if j == c else -1
                        a_t = 1 if alpha is None else (mpf(rnd(alpha, ty)) if s == 1 else 1 - mpf(rnd(alpha, ty)))
                        total += a_t * sigmoid(-s * z) ** G * softplus(-s * z)
                    a = "-" if alpha is None else repr(rnd(alpha, ty))
                    emit("sigmoid_focal", ty, "-" if c is None else c, g, a, inputs, total)

sys.stdout.write("function,type,label,gamma,alpha,inputs,hi,lo\n")
sys.stdout.write("\n".join(rows) + "\n")
