#!/usr/bin/env python3
"""Generates `cases.csv`: reference values for the vectorised kernels (`src/kernels/`), f64 inputs.

Reproduce with:

    python3 -m venv /tmp/mp && /tmp/mp/bin/pip install -r requirements.txt
    /tmp/mp/bin/python generate.py > cases.csv

mpmath at 320 bits. Inputs are exact doubles; each reference is written as two doubles, hi (the
nearest double) and lo (the rest), so that the test can measure errors to a fraction of an ulp.
Values outside the double range are written as hi = 0 or inf (the test checks those for the
right limit instead of measuring ulps).

Columns: kernel, param, inputs, hi, lo
  kernel: exp, log1p_unit (input in [0, 1]), log1p (input ≥ 0), softplus, exp_neg_abs (e^-|x|),
          log1p_exp_neg_abs (ln(1 + e^-|x|)), sigmoid, focal_factor (σ(−x_t)^γ, param γ),
          log_normaliser (ln Σ e^(z_i − max z), inputs ';'-separated)
"""
import math
import random
import struct
import sys

import mpmath
from mpmath import mp, mpf

mp.prec = 320

rng = random.Random(20261130)
LN2 = math.log(2.0)


def split(v):
    if mpmath.isinf(v):
        return (float(v), 0.0)
    hi = float(v)
    if math.isinf(hi):
        return (hi, 0.0)
    lo = float(v - mpf(hi))
    return hi, lo


def next_up(x):
    if x == math.inf:
        return x
    b = struct.unpack("<q", struct.pack("<d", x))[0]
    b = b + 1 if x >= 0 else b - 1
    if x == 0.0:
        b = 1
    return struct.unpack("<d", struct.pack("<q", b))[0]


def next_down(x):
    return -next_up(-x)


def neighbours(x, n=2):
    out = [x]
    up = down = x
    for _ in range(n):
        up, down = next_up(up), next_down(down)
        out += [up, down]
    return out


def log_spaced(lo_exp, hi_exp, n):
    """|x| = 2^u, u uniform in [lo_exp, hi_exp], random mantissa bits."""
    return [math.ldexp(1.0 + rng.random(), rng.randint(lo_exp, hi_exp)) for _ in range(n)]


def softplus(x):
    return mpmath.log1p(mpmath.exp(x))


rows = []


def add(kernel, param, inputs, value):
    hi, lo = split(value)
    if isinstance(inputs, list):
        text = ";".join(repr(v) for v in inputs)
    else:
        text = repr(inputs)
    rows.append(f"{kernel},{param},{text},{hi!r},{lo!r}")


# ---- exp ------------------------------------------------------------------------------------
exp_inputs = [0.0, -0.0, 1.0, -1.0, 709.78, 709.782712893384, 709.7827128933841, -708.3964185322641,
              -708.4, -745.1332191019411, -745.1332191019412, -744.44, -740.0, -720.0, 1e-300, -1e-300,
              5e-324, -5e-324, 2.0 ** -54, -(2.0 ** -54), 2.0 ** -27, 0.5, -0.5, 700.0, -700.0]
exp_inputs += [rng.uniform(-745.0, 709.7) for _ in range(3000)]
exp_inputs += [rng.uniform(-40.0, 40.0) for _ in range(3000)]
exp_inputs += [s * v for v in log_spaced(-1074, 9, 1500) for s in (1.0, -1.0) if v < 709.7]
# Where k = round(x / ln 2) changes: x = (j + ½)·ln 2 and its neighbours (|r| at its largest).
for j in list(range(-1075, 1024, 37)) + list(range(-5, 6)):
    exp_inputs += neighbours((j + 0.5) * LN2, 2)
# Subnormal results and the underflow edge.
exp_inputs += [rng.uniform(-745.2, -708.3) for _ in range(500)]
for x in exp_inputs:
    if -746.0 < x < 709.8:
        add("exp", "-", x, mpmath.exp(mpf(x)))

# ---- log1p on [0, 1] and on [0, ∞) -------------------------------------------------------------
unit = [0.0, 1.0, 0.5, next_up(0.5), next_down(0.5), 5e-324, 2.0 ** -1022, 2.0 ** -53, 2.0 ** -30,
        math.sqrt(2.0) - 1.0, 0.25, 0.75, next_down(1.0)]
unit += [rng.random() for _ in range(4000)]
unit += log_spaced(-1074, -1, 3000)
unit += [0.5 + rng.uniform(-1e-3, 1e-3) for _ in range(500)]
for e in unit:
    if 0.0 <= e <= 1.0:
        add("log1p_unit", "-", e, mpmath.log1p(mpf(e)))
general = [0.0, 1.0, 2.0, 3.0, 9.0, 99.0, 1e300, 1.7976931348623157e308, 2.0 ** 53, 2.0 ** 53 + 2.0,
           math.sqrt(2.0) - 1.0, next_up(math.sqrt(2.0) - 1.0), next_down(math.sqrt(2.0) - 1.0)]
general += [rng.uniform(0.0, 10.0) for _ in range(2000)]
general += [rng.uniform(0.0, 100.0) for _ in range(1000)]
general += log_spaced(-1074, 1023, 3000)
general += [math.sqrt(2.0) * 2.0 ** j - 1.0 + rng.uniform(-1e-6, 1e-6) * 2.0 ** j for j in range(0, 60) for _ in range(5)]
for y in general:
    if y >= 0.0:
        add("log1p", "-", y, mpmath.log1p(mpf(y)))

# ---- the softplus pair, softplus, sigmoid -------------------------------------------------------
logits = [0.0, -0.0, 1.0, -1.0, 16.6355, 36.7368005696771, -36.7368005696771, 88.72, 709.78, -709.78,
          710.0, -710.0, 745.2, -745.2, 800.0, -800.0, 1000.0, -1000.0, 1e300, -1e300, 5e-324]
logits += [rng.uniform(-40.0, 40.0) for _ in range(3000)]
logits += [rng.uniform(-800.0, 800.0) for _ in range(1000)]
logits += [s * v for v in log_spaced(-1074, 10, 1500) for s in (1.0, -1.0)]
for x in logits:
    xm = mpf(x)
    e = mpmath.exp(-abs(xm))
    add("exp_neg_abs", "-", x, e)
    add("log1p_exp_neg_abs", "-", x, mpmath.log1p(e))
    add("softplus", "-", x, softplus(xm))
    add("sigmoid", "-", x, 1 / (1 + mpmath.exp(-xm)))

# ---- the focal factor σ(−x_t)^γ = exp(−γ·softplus(x_t)) ---------------------------------------
focal_x = [0.0, 1.0, -1.0, 36.74, 100.0, -100.0, 700.0, 1000.0, -1000.0]
focal_x += [rng.uniform(-30.0, 30.0) for _ in range(1200)]
focal_x += [rng.uniform(-1000.0, 1000.0) for _ in range(300)]
focal_x += [s * v for v in log_spaced(-60, 9, 300) for s in (1.0, -1.0)]
for gamma in (0.5, 1.0, 1.7, 2.0, 5.0):
    for x in focal_x:
        add("focal_factor", repr(gamma), x, mpmath.exp(-mpf(gamma) * softplus(mpf(x))))

# ---- log-sum-exp rows: ln Σ e^(z_i − max z) --------------------------------------------------
def row_reference(z):
    m = max(z)
    return mpmath.log(mpmath.fsum(mpmath.exp(mpf(v) - mpf(m)) for v in z if v != -math.inf))


row_sets = []
for k in (1, 2, 3, 10, 100):
    for _ in range(300 if k < 100 else 60):
        row_sets.append([rng.uniform(-10.0, 10.0) for _ in range(k)])
for k in (2, 10):
    for _ in range(200):
        row_sets.append([rng.uniform(-60.0, 60.0) for _ in range(k)])
        c = rng.uniform(-1e8, 1e8)
        row_sets.append([c + rng.uniform(-3.0, 3.0) for _ in range(k)])
row_sets += [[1e8] * 10, [1e8] * 3, [0.0] * 10, [5.0, 5.0], [0.0, -math.inf, 1.0], [-math.inf, 3.0, -math.inf]]
row_sets += [[0.0] + [-35.0 - rng.random()] * 9 for _ in range(100)]
for z in row_sets:
    add("log_normaliser", "-", z, row_reference(z))

print("kernel,param,inputs,hi,lo")
print("\n".join(rows))
