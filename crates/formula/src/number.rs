//! The number types formulas are evaluated on.

use losses::LossFloat;
use num_dual::{Dual32, Dual64};

/// A [`LossFloat`] a formula can be evaluated on: `f32`, `f64`, `Dual32`, `Dual64`.
///
/// It adds one operation to `LossFloat`: a power whose derivative is the textbook one,
/// `d(xⁿ) = n·xⁿ⁻¹·dx`, evaluated as written. `num_dual`'s own `powf` computes `xⁿ` as
/// `xⁿ⁻³·x·x·x` for its higher derivatives, which is NaN at `x = 0`; the book's Chapter 7 shows
/// what automatic differentiation computes at `p_t = 1` (`−γ·0^{γ−1}`), so the evaluator must
/// compute exactly that.
///
/// # Examples
/// ```
/// use formula::Number;
/// use num_dual::Dual64;
/// // d/dp (1 − p)^0.5 at p = 1: −0.5·0^(−0.5) = −∞, as autodiff computes it.
/// let p = Dual64::new(1.0, 1.0);
/// let u = (Dual64::from_re(1.0) - p).pow(Dual64::from_re(0.5));
/// assert_eq!((u.re, u.eps), (0.0, f64::NEG_INFINITY));
/// assert_eq!(2.0_f64.pow(10.0), 1024.0);
/// ```
pub trait Number: LossFloat {
    /// `self` to the power `exponent`.
    fn pow(self, exponent: Self) -> Self;
}

impl Number for f64 {
    fn pow(self, exponent: Self) -> Self {
        self.powf(exponent)
    }
}

impl Number for f32 {
    fn pow(self, exponent: Self) -> Self {
        self.powf(exponent)
    }
}

macro_rules! dual_pow {
    ($dual:ty) => {
        impl Number for $dual {
            fn pow(self, exponent: Self) -> Self {
                let value = self.re.powf(exponent.re);
                // Only the terms whose input carries a derivative: a constant base or exponent
                // contributes nothing (not 0·∞).
                let mut eps = 0.0;
                if self.eps != 0.0 {
                    eps += exponent.re * self.re.powf(exponent.re - 1.0) * self.eps;
                }
                if exponent.eps != 0.0 {
                    eps += value * self.re.ln() * exponent.eps;
                }
                <$dual>::new(value, eps)
            }
        }
    };
}

dual_pow!(Dual64);
dual_pow!(Dual32);
