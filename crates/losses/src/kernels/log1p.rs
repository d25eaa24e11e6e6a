//! ln(1 + y) for y ≥ 0: on [0, 1] (the softplus pair's ln(1 + e^(−|x|))) and on [0, ∞] (the
//! log-sum-exp's ln(1 + Σ_{i≠argmax} e^(zᵢ − m))).
//!
//! # Method
//! 1 + y = 2ᵏ(1 + f) with 1 + f ∈ [√½, √2) (or, on [0, 1], [1, 1.5] and (0.75, 1]), then
//! ln(1 + f) = 2 atanh(s) with s = f/(2 + f), |s| ≤ 0.2, written as fdlibm writes it:
//! ln(1 + f) = f − (f²/2 − s(f²/2 + R)), R = s²·P(s²), P a polynomial (degree 7 for f64 results,
//! 4 for f32 results; see `coefficients.py`). k·ln 2 is added as `LN2_HI` + `LN2_LO`, with
//! k·`LN2_HI` + f summed exactly (Fast2Sum), so that only the last addition rounds at the scale of
//! the result. For f32 results, whose tolerance is 2²⁹ times wider, simply
//! ln(1 + f) = s·(2 + z·P(z)) + k·ln 2 (z = s²: two fused multiply-adds after the polynomial): the
//! roundings of s, of the sum and of k·ln 2 are errors of 2⁻⁵² relative, invisible after rounding
//! to f32. Measured with `examples/bench_kernels.rs` (one core, AVX-512), ln(1 + e) on [0, 1]:
//! 0.23 ns per element against 0.41 with fdlibm's form.
//!
//! - On [0, 1] ([`log1p_unit`]): f = y for y ≤ ½ and f = (y − 1)/2, k = 1 for y > ½; both are
//!   exact (y − 1 by Sterbenz's lemma), so 1 + y is never rounded. One division (for f32 results
//!   s comes straight from y: y/(2 + y), or (y − 1)/(y + 3)). For f64 results
//!   the input may carry a low part y_lo (the exponential's), added as y_lo/(1 + y), and the
//!   result's own low part is returned (Fast2Sum of the last addition).
//! - On [0, ∞] ([`log1p`]): u = 1 + y is rounded, its error c = (1 + y) − u is recovered exactly
//!   (Fast2Sum, in the order that fits the magnitudes) and added as c/u; k and 1 + f come from the
//!   bits of u. Two divisions. An input low part is added to c.
//!
//! # Special values
//! ln(1 + 0) = 0 (+0 for ±0), ln(1 + ∞) = ∞, NaN → NaN. Tiny and subnormal y give y exactly.
//! Negative y is outside the domain (the result is not specified).
//!
//! # Accuracy
//! f64: 0.78 ulp on [0, 1], 0.57 on [0, ∞]; f32 (computed in f64): 0.500007 ulp over every f32 in
//! [0, 1] and 0.500005 over every f32 ≥ 0. See the table in the [module docs](super).

use super::coefficients::RECIPROCAL_1P;
use super::exp::{LN2_HI, LN2_LO};
use super::{Arith, Grade, Kernel, KernelFloat, fast_two_sum, horner, same_length};

/// ln(1 + f) + k·ln 2 + correction, for s = f/(2 + f) computed by the caller, as (value, low part);
/// the low part is 0 unless [`Grade::CARRY_LOW_PARTS`].
#[inline(always)]
fn reconstruct<A: Arith, G: Grade>(f: f64, s: f64, k: f64, correction: f64) -> (f64, f64) {
    if !G::CARRY_LOW_PARTS {
        return (reconstruct_single::<A, G>(s, A::mul_add(k, core::f64::consts::LN_2, correction)), 0.0);
    }
    let z = s * s;
    let r = z * horner::<A>(z, G::LOG1P);
    let half_f_squared = 0.5 * f * f;
    // |k·LN2_HI| ≥ |f| whenever k ≠ 0 (|f| < 0.42 < ln 2); for k = 0 the sum is exact trivially.
    let (hi, lo) = fast_two_sum(k * LN2_HI, f);
    let y = lo - (half_f_squared - (s * (half_f_squared + r) + A::mul_add(k, LN2_LO, correction)));
    let value = hi + y;
    // Fast2Sum (|hi| ≥ |y|, or hi = 0): what the last rounding lost.
    (value, y - (value - hi))
}

/// ln(1 + f) + offset = s·(2 + z·P(z)) + offset (z = s²) for f32 results, offset = k·ln 2 (+ a
/// correction): the roundings of s, of the sum and of k·ln 2 (errors of 2⁻⁵² relative) are invisible
/// after rounding to f32, so fdlibm's exact sums are not needed.
#[inline(always)]
fn reconstruct_single<A: Arith, G: Grade>(s: f64, offset: f64) -> f64 {
    let z = s * s;
    A::mul_add(s, A::mul_add(z, horner::<A>(z, G::LOG1P), 2.0), offset)
}

/// ln(1 + e + e_lo) for e ∈ [0, 1] and a low part |e_lo| ≤ 2⁻⁵³e (0 for a plain ln(1 + e)), as
/// (value, low part).
#[inline(always)]
pub(crate) fn log1p_unit_parts<A: Arith, G: Grade>(e: f64, e_lo: f64) -> (f64, f64) {
    let big = e > 0.5;
    if !G::CARRY_LOW_PARTS {
        // s = f/(2 + f) straight from e: e/(2 + e), or for f = (e − 1)/2, (e − 1)/(e + 3).
        let (numerator, denominator, offset) =
            if big { (e - 1.0, e + 3.0, core::f64::consts::LN_2) } else { (e, e + 2.0, 0.0) };
        return (reconstruct_single::<A, G>(numerator / denominator, offset), 0.0);
    }
    let f = if big { (e - 1.0) * 0.5 } else { e };
    let k = if big { 1.0 } else { 0.0 };
    let s = f / (2.0 + f);
    // ln(1 + e + e_lo) = ln(1 + e) + e_lo/(1 + e) + O(e_lo²); the factor 1/(1 + e) to 2⁻¹⁰ suffices.
    let correction = if G::CARRY_LOW_PARTS { e_lo * horner::<A>(e, &RECIPROCAL_1P) } else { 0.0 };
    reconstruct::<A, G>(f, s, k, correction)
}

/// ln(1 + e) for e ∈ [0, 1].
#[inline(always)]
pub(crate) fn log1p_unit<A: Arith, G: Grade>(e: f64) -> f64 {
    log1p_unit_parts::<A, G>(e, 0.0).0
}

/// ln(1 + y + y_lo) for y ∈ [0, ∞] and a low part |y_lo| ≤ ulp(y) (0 for a plain ln(1 + y)).
#[inline(always)]
pub(crate) fn log1p_parts<A: Arith, G: Grade>(y: f64, y_lo: f64) -> f64 {
    let u = 1.0 + y;
    // (1 + y) − u exactly: Fast2Sum with the larger operand first; then the input's own low part.
    let c = (if y > 1.0 { 1.0 - (u - y) } else { y - (u - 1.0) }) + y_lo;
    // u = 2ᵏ·m with m ∈ [√½, √2): shift the bits so that m's exponent is 0 or −1 (musl's trick).
    const SQRT_HALF_BITS: u64 = 0x3fe6_a09e_667f_3bcd;
    let shifted = u.to_bits().wrapping_add(0x3ff0_0000_0000_0000 - SQRT_HALF_BITS);
    // k = (shifted >> 52) − 1023, converted without an integer-to-float instruction (AVX2 has none
    // for 64-bit integers): the exponent field placed in the mantissa of 2⁵².
    let k = f64::from_bits((shifted >> 52) | 0x4330_0000_0000_0000) - (4_503_599_627_370_496.0 + 1023.0);
    let m = f64::from_bits((shifted & 0x000f_ffff_ffff_ffff).wrapping_add(SQRT_HALF_BITS));
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let (result, _) = reconstruct::<A, G>(f, s, k, c / u);
    if y == f64::INFINITY { y } else { result }
}

/// ln(1 + y) for y ∈ [0, ∞].
#[inline(always)]
pub(crate) fn log1p<A: Arith, G: Grade>(y: f64) -> f64 {
    log1p_parts::<A, G>(y, 0.0)
}

/// `out[i] = ln(1 + e[i])` for `e[i]` ∈ [0, 1].
///
/// # Panics
/// If `out.len() != e.len()`.
pub struct Log1pUnit<'a, F> {
    /// Arguments in [0, 1].
    pub e: &'a [F],
    /// Results.
    pub out: &'a mut [F],
}

impl<F: KernelFloat> Kernel for Log1pUnit<'_, F> {
    type Output = ();
    #[inline(always)]
    fn run<A: Arith>(self) {
        same_length(self.e.len(), self.out.len());
        for (o, &e) in self.out.iter_mut().zip(self.e) {
            *o = F::narrow(log1p_unit::<A, F::Grade>(e.widen()));
        }
    }
}

/// `out[i] = ln(1 + y[i])` for `y[i]` ∈ [0, ∞].
///
/// # Panics
/// If `out.len() != y.len()`.
pub struct Log1p<'a, F> {
    /// Arguments in [0, ∞].
    pub y: &'a [F],
    /// Results.
    pub out: &'a mut [F],
}

impl<F: KernelFloat> Kernel for Log1p<'_, F> {
    type Output = ();
    #[inline(always)]
    fn run<A: Arith>(self) {
        same_length(self.y.len(), self.out.len());
        for (o, &y) in self.out.iter_mut().zip(self.y) {
            *o = F::narrow(log1p::<A, F::Grade>(y.widen()));
        }
    }
}
