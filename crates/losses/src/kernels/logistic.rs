//! The softplus pair, softplus, the sigmoid and the focal modulating factor, from one exponential
//! and one logarithm per element.
//!
//! # Method
//! Everything the binary and focal losses need from a logit x comes from e = e^(−|x|) ∈ [0, 1]
//! ([`exp`](super::exp)) and ℓ = ln(1 + e) ∈ [0, ln 2] ([`log1p_unit`](super::log1p::log1p_unit)):
//!
//! - softplus(x) = ln(1 + eˣ) = max(x, 0) + ℓ;
//! - σ(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0 (σ(−x) swaps the numerators);
//! - the focal factor (1 − p_t)^γ = σ(−x_t)^γ = exp(−γ·softplus(x_t)) = exp(−γ(max(x_t, 0) + ℓ)).
//!   For f64 results the exponent E = γ·max(x_t, 0) + γ·ℓ is kept exactly as a double-double
//!   (two products, one TwoSum) and passed whole to the exponential: half an ulp of E would
//!   otherwise be E·2⁻⁵³ relative in the result, hundreds of ulps for E in the hundreds. For f32
//!   results (computed in f64) E is rounded once (invisible after rounding to f32), and for γ a
//!   multiple of ½ up to 16 the factor is q^⌊γ⌋·√q (if γ − ⌊γ⌋ = ½) with q = σ(−x_t): a few
//!   multiplications instead of an exponential.
//!
//! # Special values
//! x = +∞: e = 0, ℓ = 0, softplus = +∞, σ = 1, factor σ(−∞)^γ = 0. x = −∞: e = 0, softplus = 0,
//! σ = 0, factor 1. NaN → NaN. ±0: e = 1, ℓ = ln 2, σ = ½.
//!
//! For f64 results e and ℓ carry low parts (double-double), so that the rounding of e does not
//! reach ℓ (it would: ℓ ≈ e for small e, and half an ulp of e can be a whole ulp of ℓ where the two
//! straddle a power of two), the rounding of ℓ does not reach the factor (γ·ℓ is in its exponent)
//! and σ is corrected by a Newton step.
//!
//! # Accuracy
//! f64: at most 0.73 ulp (e, ℓ, softplus, σ, the factor); f32: 0.500007. See the table in the
//! [module docs](super).

use super::exp::{exp, exp_dd, exp_dd_parts};
use super::log1p::log1p_unit_parts;
use super::{Arith, Grade, Kernel, KernelFloat, same_length, two_sum};

/// e = e^(−|x|) and ℓ = ln(1 + e), ℓ with its low part (0 unless [`Grade::CARRY_LOW_PARTS`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    pub(crate) e: f64,
    pub(crate) l: f64,
    pub(crate) l_lo: f64,
}

/// (e^(−|x|), ln(1 + e^(−|x|))), with low parts.
#[inline(always)]
pub(crate) fn softplus_pair<A: Arith, G: Grade>(x: f64) -> Pair {
    let (e, e_lo) = exp_dd_parts::<A, G>(-x.abs(), 0.0);
    let (l, l_lo) = log1p_unit_parts::<A, G>(e, e_lo);
    Pair { e, l, l_lo }
}

/// softplus(x) = max(x, 0) + ℓ.
#[inline(always)]
pub(crate) fn softplus_from<G: Grade>(x: f64, pair: &Pair) -> f64 {
    let m = positive_part(x);
    if G::CARRY_LOW_PARTS {
        let (hi, lo) = two_sum(m, pair.l);
        hi + (lo + pair.l_lo)
    } else {
        m + pair.l
    }
}

/// max(x, 0), with ±0 → x and NaN → 0 (the NaN then comes from ℓ).
#[inline(always)]
fn positive_part(x: f64) -> f64 {
    if x >= 0.0 { x } else { 0.0 }
}

/// σ(x) = n/(1 + e) from e = e^(−|x|) (+ e_lo), with n = 1 for x ≥ 0 and n = e otherwise.
///
/// With [`Grade::CARRY_LOW_PARTS`] the quotient q = n·(1/d) (d = 1 + e rounded) is corrected by
/// one Newton step on the exact residual (n + n_lo) − q·(d + d_lo), where q·d is an exact product
/// (two-product), n − q·d is exact (Sterbenz) and d_lo = (1 − d) + e + e_lo: the result is then
/// rounded essentially once. Otherwise σ = n/d, as `activation::sigmoid` computes it.
#[inline(always)]
pub(crate) fn sigmoid_from<A: Arith, G: Grade>(x: f64, e: f64, e_lo: f64) -> f64 {
    // NaN: `x >= 0` is false, the numerator is e = NaN.
    let positive = x >= 0.0;
    let numerator = if positive { 1.0 } else { e };
    let d = 1.0 + e;
    if !G::CARRY_LOW_PARTS {
        return numerator / d;
    }
    let (q, residual, inverse) = sigmoid_newton::<A>(positive, numerator, d, e, e_lo);
    A::mul_add(residual, inverse, q)
}

/// The Newton step of [`sigmoid_from`] (for f64 results): σ = q + residual·inverse.
#[inline(always)]
fn sigmoid_newton<A: Arith>(positive: bool, numerator: f64, d: f64, e: f64, e_lo: f64) -> (f64, f64, f64) {
    let numerator_lo = if positive { 0.0 } else { e_lo };
    let d_lo = ((1.0 - d) + e) + e_lo;
    let inverse = 1.0 / d;
    let q = numerator * inverse;
    let (qd, qd_lo) = A::two_product(q, d);
    let residual = ((numerator - qd) - qd_lo) + (numerator_lo - q * d_lo);
    (q, residual, inverse)
}

/// σ(x) for f64 results as (σ rounded, bit for bit [`sigmoid_from`]'s value, and (hi, lo): an
/// unevaluated sum within ~2⁻¹⁰⁰ relative of σ(x)), from e = e^(−|x|) + e_lo.
#[inline(always)]
pub(crate) fn sigmoid_parts<A: Arith>(x: f64, e: f64, e_lo: f64) -> (f64, (f64, f64)) {
    let positive = x >= 0.0;
    let numerator = if positive { 1.0 } else { e };
    let (q, residual, inverse) = sigmoid_newton::<A>(positive, numerator, 1.0 + e, e, e_lo);
    (A::mul_add(residual, inverse, q), (q, residual * inverse))
}

/// softplus(x) = max(x, 0) + ℓ for f64 results, as hi + lo (normalised, |lo| ≤ ½ ulp(hi)); hi is
/// bit for bit [`softplus_from`]'s value. For x = −∞ (hi = ∞), lo is 0.
#[inline(always)]
pub(crate) fn softplus_parts(x: f64, pair: &Pair) -> (f64, f64) {
    let (hi, lo) = two_sum(positive_part(x), pair.l);
    let lo = lo + pair.l_lo;
    let sum = hi + lo;
    (sum, if sum.is_finite() { lo - (sum - hi) } else { 0.0 })
}

/// (hi + lo)·(q_hi + q_lo) for f64 results, as hi + lo: one double-double product, within ~2⁻¹⁰⁴
/// relative. σ(−x_t)^n is σ(−x_t) = q_hi + q_lo multiplied by it n − 1 times (the batch pass
/// applies each multiplication to a whole chunk, so that the loop over the elements is the inner,
/// vectorised one).
#[inline(always)]
pub(crate) fn times_parts<A: Arith>((hi, lo): (f64, f64), (q_hi, q_lo): (f64, f64)) -> (f64, f64) {
    let (h, l) = A::two_product(hi, q_hi);
    let l = A::mul_add(hi, q_lo, A::mul_add(lo, q_hi, l));
    let hi = h + l;
    (hi, l - (hi - h))
}

/// [`focal_factor_by_exp`] for f64 results, as hi + lo (the exponential's low part kept).
#[inline(always)]
pub(crate) fn focal_factor_by_exp_parts<A: Arith, G: Grade>(x_t: f64, l: f64, l_lo: f64, gamma: f64) -> (f64, f64) {
    let m = positive_part(x_t);
    let (gm_hi, gm_lo) = A::two_product(gamma, m);
    let (gl_hi, gl_lo) = A::two_product(gamma, l);
    let gl_lo = A::mul_add(gamma, l_lo, gl_lo);
    let (e_hi, e_lo) = two_sum(gm_hi, gl_hi);
    let (factor, factor_lo) = exp_dd_parts::<A, G>(-e_hi, -((e_lo + gm_lo) + gl_lo));
    if e_hi > MAX_EXPONENT { (0.0, 0.0) } else { (factor, factor_lo) }
}

/// σ(−x_t)^γ = exp(−γ·(max(x_t, 0) + ℓ)), for γ > 0 and ℓ = ln(1 + e^(−|x_t|)) (+ ℓ_lo).
#[inline(always)]
pub(crate) fn focal_factor_by_exp<A: Arith, G: Grade>(x_t: f64, l: f64, l_lo: f64, gamma: f64) -> f64 {
    let m = positive_part(x_t);
    if G::CARRY_LOW_PARTS {
        let (gm_hi, gm_lo) = A::two_product(gamma, m);
        let (gl_hi, gl_lo) = A::two_product(gamma, l);
        let gl_lo = A::mul_add(gamma, l_lo, gl_lo);
        let (e_hi, e_lo) = two_sum(gm_hi, gl_hi);
        let factor = exp_dd::<A, G>(-e_hi, -((e_lo + gm_lo) + gl_lo));
        // e^(−E) is 0 for E > 746 (below half the smallest subnormal), and beyond the exponential's
        // range its low-part arithmetic is not meaningful: the low part of a huge E is itself huge
        // (ulp(E) > 709 from E ≈ 10¹⁶⁷ on), and for γ·x_t beyond the float range (x_t = +∞ or
        // near f64::MAX) the low parts are ∞ − ∞.
        if e_hi > MAX_EXPONENT { 0.0 } else { factor }
    } else {
        exp::<A, G>(-(gamma * (m + l)))
    }
}

/// Above this exponent E, e^(−E) rounds to 0 (e^(−745.14) is half the smallest subnormal).
const MAX_EXPONENT: f64 = 746.0;

/// γ, if it is an integer from 1 to 4: the f64 factor is then a double-double power of σ(−x_t).
pub(crate) fn small_integer(gamma: f64) -> Option<u32> {
    let n = gamma as u32; // saturating
    (f64::from(n) == gamma && (1..=4).contains(&n)).then_some(n)
}

/// 2γ, if γ is a multiple of ½ in (0, 16].
pub(crate) fn small_half_integer(gamma: f64) -> Option<u32> {
    let twice = 2.0 * gamma;
    let n = twice as u32; // saturating
    (f64::from(n) == twice && (1..=32).contains(&n)).then_some(n)
}

/// `e[i] = e^(−|x[i]|)`, `l[i] = ln(1 + e[i])`.
///
/// # Panics
/// If the lengths differ.
pub struct SoftplusPair<'a, F> {
    /// Logits.
    pub x: &'a [F],
    /// e^(−|x|).
    pub e: &'a mut [F],
    /// ln(1 + e^(−|x|)).
    pub l: &'a mut [F],
}

impl<F: KernelFloat> Kernel for SoftplusPair<'_, F> {
    type Output = ();
    #[inline(always)]
    fn run<A: Arith>(self) {
        same_length(self.x.len(), self.e.len());
        same_length(self.x.len(), self.l.len());
        for ((e_out, l_out), &x) in self.e.iter_mut().zip(self.l.iter_mut()).zip(self.x) {
            let pair = softplus_pair::<A, F::Grade>(x.widen());
            *e_out = F::narrow(pair.e);
            *l_out = F::narrow(pair.l);
        }
    }
}

/// `out[i] = softplus(x[i]) = ln(1 + e^(x[i]))`.
///
/// # Panics
/// If the lengths differ.
pub struct Softplus<'a, F> {
    /// Arguments.
    pub x: &'a [F],
    /// Results.
    pub out: &'a mut [F],
}

impl<F: KernelFloat> Kernel for Softplus<'_, F> {
    type Output = ();
    #[inline(always)]
    fn run<A: Arith>(self) {
        same_length(self.x.len(), self.out.len());
        for (o, &x) in self.out.iter_mut().zip(self.x) {
            let x = x.widen();
            *o = F::narrow(softplus_from::<F::Grade>(x, &softplus_pair::<A, F::Grade>(x)));
        }
    }
}

/// `out[i] = σ(x[i])`.
///
/// # Panics
/// If the lengths differ.
pub struct Sigmoid<'a, F> {
    /// Arguments.
    pub x: &'a [F],
    /// Results.
    pub out: &'a mut [F],
}

impl<F: KernelFloat> Kernel for Sigmoid<'_, F> {
    type Output = ();
    #[inline(always)]
    fn run<A: Arith>(self) {
        same_length(self.x.len(), self.out.len());
        for (o, &x) in self.out.iter_mut().zip(self.x) {
            let x = x.widen();
            let (e, e_lo) = exp_dd_parts::<A, F::Grade>(-x.abs(), 0.0);
            *o = F::narrow(sigmoid_from::<A, F::Grade>(x, e, e_lo));
        }
    }
}

/// `out[i] = σ(−x_t[i])^γ`, the focal loss's modulating factor (1 − p_t)^γ, for γ > 0
/// (γ = 0 gives 1, as the loss defines it).
///
/// # Panics
/// If the lengths differ.
pub struct FocalFactor<'a, F> {
    /// Signed logits x_t = y·x.
    pub x_t: &'a [F],
    /// γ ≥ 0, finite.
    pub gamma: F,
    /// Results.
    pub out: &'a mut [F],
}

/// Elements per pass of the product form.
const CHUNK: usize = 64;

impl<F: KernelFloat> Kernel for FocalFactor<'_, F> {
    type Output = ();
    #[inline(always)]
    fn run<A: Arith>(self) {
        same_length(self.x_t.len(), self.out.len());
        let gamma = self.gamma.widen();
        if gamma == 0.0 {
            self.out.fill(F::narrow(1.0));
            return;
        }
        match small_half_integer(gamma) {
            Some(twice) if !F::Grade::CARRY_LOW_PARTS => {
                // q = σ(−x_t) for a chunk, then q^⌊γ⌋ (and √q) in passes over the chunk.
                for (xs, outs) in self.x_t.chunks(CHUNK).zip(self.out.chunks_mut(CHUNK)) {
                    let mut q = [0.0; CHUNK];
                    let mut power = [1.0; CHUNK];
                    for (q, &x) in q.iter_mut().zip(xs) {
                        let x = -x.widen();
                        *q = sigmoid_from::<A, F::Grade>(x, exp::<A, F::Grade>(-x.abs()), 0.0);
                    }
                    for _ in 0..twice / 2 {
                        for (p, &q) in power.iter_mut().zip(&q) {
                            *p *= q;
                        }
                    }
                    if twice % 2 == 1 {
                        for (p, &q) in power.iter_mut().zip(&q) {
                            *p *= q.sqrt();
                        }
                    }
                    for (o, &p) in outs.iter_mut().zip(&power) {
                        *o = F::narrow(p);
                    }
                }
            }
            _ => {
                for (o, &x_t) in self.out.iter_mut().zip(self.x_t) {
                    let x_t = x_t.widen();
                    let pair = softplus_pair::<A, F::Grade>(x_t);
                    *o = F::narrow(focal_factor_by_exp::<A, F::Grade>(x_t, pair.l, pair.l_lo, gamma));
                }
            }
        }
    }
}
