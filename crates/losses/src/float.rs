//! The one numeric bound every loss is written against.
//!
//! [`LossFloat`] lists exactly the arithmetic and elementary functions the crate uses, nothing more.
//! It is implemented for `f32` and `f64`, and — with the `num-dual` feature — for the forward-mode
//! dual numbers `num_dual::Dual32` and `num_dual::Dual64`, so the *same* generic loss code can be
//! differentiated exactly in tests and in the book.

use core::fmt::Debug;
use core::ops::{Add, Div, Mul, Neg, Sub};

use crate::kernels::{Lanes, LanesMut};

/// A real number type the losses can be evaluated on.
///
/// The methods mirror the inherent `f64` methods of the same name. Predicates such as
/// [`is_nan`](LossFloat::is_nan) and comparisons look at the real part only, which is what a
/// dual number needs: branches are taken on the value, derivatives follow the branch.
///
/// # Examples
/// ```
/// use losses::LossFloat;
/// fn square_plus_one<F: LossFloat>(x: F) -> F { x * x + F::one() }
/// assert_eq!(square_plus_one(3.0_f32), 10.0);
/// assert_eq!(square_plus_one(3.0_f64), 10.0);
/// ```
pub trait LossFloat:
    Copy
    + Debug
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + 'static
{
    /// The type intermediate results are carried in where a formula amplifies rounding errors
    /// (the focal loss's (1 − p_t)^γ amplifies the error of 1 − p_t by γ): `f64` for `f32`,
    /// itself otherwise. This is what single-precision libm functions do too.
    type Accurate: LossFloat;
    /// Converts to [`Accurate`](LossFloat::Accurate) exactly.
    fn widen(self) -> Self::Accurate;
    /// Rounds back from [`Accurate`](LossFloat::Accurate) (once, to nearest).
    fn narrow(value: Self::Accurate) -> Self;
    /// Converts an `f64` constant, rounding to nearest (derivative part zero).
    fn from_f64(value: f64) -> Self;
    /// The real part, widened to `f64` (used in error messages and tests).
    fn to_f64(self) -> f64;
    /// 0.
    fn zero() -> Self {
        Self::from_f64(0.0)
    }
    /// 1.
    fn one() -> Self {
        Self::from_f64(1.0)
    }
    /// +∞.
    fn infinity() -> Self {
        Self::from_f64(f64::INFINITY)
    }
    /// The machine epsilon of the underlying float type.
    fn epsilon() -> Self;
    /// eˣ.
    fn exp(self) -> Self;
    /// eˣ − 1, accurate for small x.
    fn exp_m1(self) -> Self;
    /// ln x.
    fn ln(self) -> Self;
    /// ln(1 + x), accurate for small x.
    fn ln_1p(self) -> Self;
    /// xⁿ for a real exponent.
    fn powf(self, n: Self) -> Self;
    /// √x.
    fn sqrt(self) -> Self;
    /// |x|.
    fn abs(self) -> Self;
    /// `self * a + b` with one rounding (a fused multiply-add on `f32`/`f64`).
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// Is the real part NaN?
    fn is_nan(self) -> bool;
    /// Is the real part ±∞?
    fn is_infinite(self) -> bool;
    /// Is the real part neither NaN nor ±∞?
    fn is_finite(self) -> bool {
        !self.is_nan() && !self.is_infinite()
    }
    /// The larger of two numbers (by real part; `self` on ties).
    fn max(self, other: Self) -> Self {
        if other > self { other } else { self }
    }
    /// The slice as `&[f32]` or `&[f64]` when `Self` is one of them: how the batch functions send
    /// f32 and f64 to the vectorised kernels and every other type (dual numbers) to the generic
    /// code. Not part of the crate's interface.
    #[doc(hidden)]
    fn lanes(values: &[Self]) -> Lanes<'_> {
        let _ = values;
        Lanes::Generic
    }
    /// [`lanes`](LossFloat::lanes) for an output slice.
    #[doc(hidden)]
    fn lanes_mut(values: &mut [Self]) -> LanesMut<'_> {
        let _ = values;
        LanesMut::Generic
    }
}

macro_rules! impl_loss_float_for_primitive {
    ($t:ty, $accurate:ty, $lanes:ident) => {
        impl LossFloat for $t {
            #[inline]
            fn lanes(values: &[Self]) -> Lanes<'_> {
                Lanes::$lanes(values)
            }
            #[inline]
            fn lanes_mut(values: &mut [Self]) -> LanesMut<'_> {
                LanesMut::$lanes(values)
            }
            type Accurate = $accurate;
            #[inline]
            fn widen(self) -> $accurate {
                self as $accurate
            }
            #[inline]
            fn narrow(value: $accurate) -> Self {
                value as $t
            }
            #[inline]
            fn from_f64(value: f64) -> Self {
                value as $t
            }
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline]
            fn epsilon() -> Self {
                <$t>::EPSILON
            }
            #[inline]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline]
            fn exp_m1(self) -> Self {
                <$t>::exp_m1(self)
            }
            #[inline]
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            #[inline]
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            #[inline]
            fn powf(self, n: Self) -> Self {
                <$t>::powf(self, n)
            }
            #[inline]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline]
            fn mul_add(self, a: Self, b: Self) -> Self {
                <$t>::mul_add(self, a, b)
            }
            #[inline]
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            #[inline]
            fn is_infinite(self) -> bool {
                <$t>::is_infinite(self)
            }
        }
    };
}

impl_loss_float_for_primitive!(f32, f64, F32);
impl_loss_float_for_primitive!(f64, f64, F64);

#[cfg(feature = "num-dual")]
mod dual {
    use super::LossFloat;
    use num_dual::{Dual, DualNum};

    macro_rules! impl_loss_float_for_dual {
        ($t:ty) => {
            /// Forward-mode dual numbers: `re` carries the value, `eps` the derivative.
            impl LossFloat for Dual<$t> {
                type Accurate = Self;
                fn widen(self) -> Self {
                    self
                }
                fn narrow(value: Self) -> Self {
                    value
                }
                fn from_f64(value: f64) -> Self {
                    Dual::from_re(value as $t)
                }
                fn to_f64(self) -> f64 {
                    self.re as f64
                }
                fn epsilon() -> Self {
                    Dual::from_re(<$t>::EPSILON)
                }
                fn exp(self) -> Self {
                    DualNum::exp(&self)
                }
                fn exp_m1(self) -> Self {
                    DualNum::exp_m1(&self)
                }
                fn ln(self) -> Self {
                    DualNum::ln(&self)
                }
                fn ln_1p(self) -> Self {
                    DualNum::ln_1p(&self)
                }
                fn powf(self, n: Self) -> Self {
                    // num-dual only raises to a constant power; a variable exponent goes through
                    // exp(n ln x), which is exact calculus (the losses never vary γ, but be honest).
                    if n.eps == 0.0 { DualNum::powf(&self, n.re) } else { DualNum::exp(&(n * DualNum::ln(&self))) }
                }
                fn sqrt(self) -> Self {
                    DualNum::sqrt(&self)
                }
                fn abs(self) -> Self {
                    if self.re < 0.0 { -self } else { self }
                }
                fn mul_add(self, a: Self, b: Self) -> Self {
                    // Fused on the real part, as the trait promises (num-dual's own `mul_add` is
                    // `self * a + b`, two roundings): `two_product` then recovers the exact low part
                    // for duals too, and a dual evaluation of the focal loss keeps the accuracy of
                    // the f64 one instead of losing ½ ulp of γ·x_t (≈ 30 ulp at γ = 5, x = 37).
                    // The derivative part is the product rule.
                    Dual::new(self.re.mul_add(a.re, b.re), self.eps * a.re + self.re * a.eps + b.eps)
                }
                fn is_nan(self) -> bool {
                    self.re.is_nan()
                }
                fn is_infinite(self) -> bool {
                    self.re.is_infinite()
                }
            }
        };
    }

    impl_loss_float_for_dual!(f32);
    impl_loss_float_for_dual!(f64);
}

/// a + b = hi + lo exactly (Knuth's TwoSum; no condition on the magnitudes).
///
/// Exact unless an intermediate overflows: when |a + b| exceeds the float range (hi = ±∞), or, at
/// the very top of the range, `hi − a` rounds to ±∞ although hi is finite. Then the formula's lo is
/// ∞ − ∞ = NaN; it is returned as 0 instead (hi is then ±∞, or finite and off by at most ½ ulp of a
/// number near the largest float), so callers never see a NaN from finite inputs.
#[inline]
pub(crate) fn two_sum<F: LossFloat>(a: F, b: F) -> (F, F) {
    let hi = a + b;
    let b_virtual = hi - a;
    let a_virtual = hi - b_virtual;
    let lo = (a - a_virtual) + (b - b_virtual);
    (hi, if lo.is_finite() { lo } else { F::zero() })
}

/// a · b = hi + lo exactly, with the low part from a fused multiply-add.
#[inline]
pub(crate) fn two_product<F: LossFloat>(a: F, b: F) -> (F, F) {
    let hi = a * b;
    (hi, a.mul_add(b, -hi))
}
