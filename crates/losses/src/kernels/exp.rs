//! eˣ, and e^(hi + lo) for an argument carried as a double-double.
//!
//! # Method
//! Cody–Waite range reduction without a table: k = round(x / ln 2) (by adding and subtracting
//! 1.5·2⁵², which rounds to an integer and leaves k in the low bits), r = x − k·ln 2 with ln 2 split
//! as `LN2_HI + LN2_LO` (`LN2_HI` has 32 significant bits, so k·`LN2_HI` is exact for |k| < 2²¹ and
//! r_hi = x − k·`LN2_HI` is exact; r_lo = lo − k·`LN2_LO` carries the rest), |r| ≤ ln 2 / 2.
//! Then eʳ = 1 + r + r²·Q(r) with Q a polynomial (degree 11 for f64 results, 7 for f32 results; see
//! `coefficients.py`), evaluated as s + (c + (r_lo + r²Q(r))) where s + c = 1 + r_hi exactly
//! (Fast2Sum): only the last addition rounds at the scale of the result, and for f64 results the
//! part it rounds off is kept (Fast2Sum again) as a low part for the callers that need e to more
//! than double precision. Finally eˣ = 2ᵏ·eʳ, with
//! 2ᵏ applied as two exact powers of two 2^k₁·2^k₂ (k₁ = ⌊k/2⌋), so that the one rounding happens
//! in the last multiplication, where a subnormal or infinite result is rounded correctly once.
//!
//! For f32 results, whose tolerance is 2²⁹ times wider, r = x − k·ln 2 is one fused multiply-add
//! with ln 2 rounded to a double, eʳ is simply 1 + (r + r²Q(r)) (another) and 2ᵏ one
//! multiplication, its bits those of x/ln 2 + 1.5·2⁵² + 1023 shifted left: the arguments are
//! clamped to [−708, 709], where 2ᵏ is a normal f64, and a result below e^(−708) — 0 in f32 either
//! way — is set to +0. Measured with `examples/bench_kernels.rs` (one core, AVX-512, 7 interleaved
//! rounds): 0.35 ns per element; 0.38 with ln 2 split in two and 2ᵏ built from k (the f64 results'
//! reduction), 0.48 with the f64 results' reconstruction too.
//!
//! # Special values
//! e^(−∞) = +0, e^(+∞) = +∞, e^(±0) = 1, NaN → NaN; eˣ = +∞ for x > 709.78 (f64) and rounds to 0
//! below −745.13; results below 2⁻¹⁰²² are subnormal. Arguments are clamped to [−746, 710] first
//! (beyond, the result is 0 or ∞ either way), which keeps k and the bit manipulations in range.
//! For f32 results: +0 below −708, and the f64 value rounds to +∞ in f32 above 88.72.
//!
//! # Accuracy
//! f64: 0.63 ulp (normal results), subnormal results within 1 ulp of the subnormal grid; f32
//! (computed in f64, rounded once): 0.500001 ulp over every f32 argument. See the table in the
//! [module docs](super).

use super::{Arith, Grade, Kernel, KernelFloat, fast_two_sum, horner, same_length};

/// ln 2 = `LN2_HI` + `LN2_LO` + O(2⁻¹⁰⁵): fdlibm's split, `LN2_HI` with 32 significant bits.
pub(crate) const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
pub(crate) const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// 1.5·2⁵²: adding it to |y| < 2⁵¹ rounds y to an integer, which then sits in the low mantissa bits.
const SHIFTER: f64 = 6_755_399_441_055_744.0;
/// Above this eˣ overflows (e^709.79 > f64::MAX), below [`MIN_ARGUMENT`] it rounds to 0.
const MAX_ARGUMENT: f64 = 710.0;
const MIN_ARGUMENT: f64 = -746.0;

/// e^(hi + lo) as (e, e_lo), for |lo| ≤ ulp(hi) (lo = 0 for a plain eˣ; ignored when hi is outside
/// [−746, 710], where the result is 0 or ∞). NaN in `hi` gives NaN.
///
/// With [`Grade::CARRY_LOW_PARTS`], e + e_lo is e^(hi + lo) to ~2⁻⁶⁰ relative (for normal results;
/// e_lo is not meaningful when e is subnormal or infinite, and is then below the subnormal range or
/// ignored by the callers); otherwise e_lo = 0.
#[inline(always)]
pub(crate) fn exp_dd_parts<A: Arith, G: Grade>(hi: f64, lo: f64) -> (f64, f64) {
    if !G::CARRY_LOW_PARTS {
        return (exp_single::<A, G>(hi, lo), 0.0);
    }
    // `clamp` keeps NaN. Beyond the range the result is 0 or ∞ whatever the low part is, and a low
    // part that large (zᵢ − m of logits 10⁸³ apart, γ·x_t of 10¹⁶⁷) would make the reduction NaN:
    // it is dropped there.
    let x = hi.clamp(MIN_ARGUMENT, MAX_ARGUMENT);
    let lo = if x == hi { lo } else { 0.0 };
    let shifted = A::mul_add(x, core::f64::consts::LOG2_E, SHIFTER);
    let k = shifted - SHIFTER;
    // x = k·ln 2 + r_hi + r_lo with r_hi exact (module docs).
    let r_hi = A::mul_add(-k, LN2_HI, x);
    let r_lo = A::mul_add(-k, LN2_LO, lo);
    // k = shifted − SHIFTER, read from the bits (|k| ≤ 1077: far below the 51 low bits).
    let k = (shifted.to_bits() as i64).wrapping_sub(SHIFTER.to_bits() as i64);
    let r = r_hi + r_lo;
    let tail = r * r * horner::<A>(r, G::EXP);
    let (s, c) = fast_two_sum(1.0, r_hi);
    let t = c + (r_lo + tail);
    let p = s + t;
    // Fast2Sum again (|s| ≥ |t|): the part of t that the rounding of p lost.
    let p_lo = t - (p - s);
    let k1 = (((k.wrapping_add(2048)) as u64) >> 1) as i64 - 1024;
    let k2 = k.wrapping_sub(k1);
    // k₁, k₂ ∈ [−539, 513]: both 2^k₁ and 2^k₂ are normal numbers, p·2^k₁ is exact.
    let (scale1, scale2) = (power(k1), power(k2));
    (p * scale1 * scale2, p_lo * scale1 * scale2)
}

/// Below this argument an f32 result is 0: e^(−708) ≈ 3·10⁻³⁰⁸ is far below the smallest f32
/// subnormal (e^(−103.3)), and 2ᵏ for k ≥ −1022 is a normal f64, so one scaling suffices.
const MIN_ARGUMENT_SINGLE: f64 = -708.0;
/// Above this argument an f32 result is ∞ (e^(88.8) > f32::MAX), and e^709 is still a finite f64
/// whose k = 1023 keeps 2ᵏ finite.
const MAX_ARGUMENT_SINGLE: f64 = 709.0;

/// 1.5·2⁵² + 1023: as [`SHIFTER`], and the rounded k then sits in the low bits already biased by
/// the exponent bias, so that the bits of the sum shifted left by 52 are those of 2ᵏ.
const SHIFTER_BIASED: f64 = SHIFTER + 1023.0;

/// e^(hi + lo) for f32 results ([`Grade::CARRY_LOW_PARTS`] false): arguments clamped to
/// [−708, 709]; k = round(x / ln 2), with 2ᵏ read straight from the bits of x/ln 2 +
/// [`SHIFTER_BIASED`]; r = x − k·ln 2 + lo with ln 2 rounded to one double (|ln 2 − `LN_2`| < 2⁻⁵⁵:
/// for the |k| ≤ 150 of every argument whose result is neither 0 nor ∞ in f32, r is off by less
/// than 2⁻⁴⁸, a sixteenth of the polynomial's 2⁻⁴⁴); then 1 + (r + r²Q(r)) (the roundings of r and
/// of the sum, 2⁻⁵³ relative, are invisible after rounding to f32) scaled by 2ᵏ in one
/// multiplication; results below e^(−708) are set to +0 (e^(−∞) = +0 exactly).
#[inline(always)]
fn exp_single<A: Arith, G: Grade>(hi: f64, lo: f64) -> f64 {
    // As for f64 results: `clamp` keeps NaN, and beyond the range the low part is dropped.
    let x = hi.clamp(MIN_ARGUMENT_SINGLE, MAX_ARGUMENT_SINGLE);
    let lo = if x == hi { lo } else { 0.0 };
    let shifted = A::mul_add(x, core::f64::consts::LOG2_E, SHIFTER_BIASED);
    let k = shifted - SHIFTER_BIASED;
    let r = A::mul_add(-k, core::f64::consts::LN_2, x) + lo;
    let p = 1.0 + A::mul_add(r * r, horner::<A>(r, G::EXP), r);
    // k ∈ [−1021, 1023]: the low bits hold k + 1023 ∈ [2, 2046], a normal number's exponent, and
    // p·2ᵏ rounds once.
    let e = p * f64::from_bits(shifted.to_bits() << 52);
    // NaN: the comparison is false, e is NaN.
    if hi < MIN_ARGUMENT_SINGLE { 0.0 } else { e }
}

/// 2ᵏ for k in the normal exponent range.
#[inline(always)]
fn power(k: i64) -> f64 {
    f64::from_bits((k.wrapping_add(1023) as u64) << 52)
}

/// e^(hi + lo), for |lo| ≤ ulp(hi).
#[inline(always)]
pub(crate) fn exp_dd<A: Arith, G: Grade>(hi: f64, lo: f64) -> f64 {
    exp_dd_parts::<A, G>(hi, lo).0
}

/// eˣ.
#[inline(always)]
pub(crate) fn exp<A: Arith, G: Grade>(x: f64) -> f64 {
    exp_dd::<A, G>(x, 0.0)
}

/// `out[i] = e^(x[i])`.
///
/// # Panics
/// If `out.len() != x.len()`.
pub struct Exp<'a, F> {
    /// Arguments.
    pub x: &'a [F],
    /// Results.
    pub out: &'a mut [F],
}

impl<F: KernelFloat> Kernel for Exp<'_, F> {
    type Output = ();
    #[inline(always)]
    fn run<A: Arith>(self) {
        same_length(self.x.len(), self.out.len());
        for (o, &x) in self.out.iter_mut().zip(self.x) {
            *o = F::narrow(exp::<A, F::Grade>(x.widen()));
        }
    }
}
