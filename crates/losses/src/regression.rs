//! Regression losses and the least-squares line they come from.
//!
//! # Which "MSE"?
//! Two different quantities go by "mean squared error". In machine learning (and ISLR eq. 2.5)
//! MSE = SSE / n, the average squared residual; that is [`mean_squared_error`]. Some regression and
//! ANOVA texts call SSE / (n − p − 1) the "mean squared error" (of the residuals) — its square root
//! is the residual standard error, [`residual_standard_error`], which takes p explicitly.

use crate::summation::CompensatedSum;
use crate::validate;
use crate::{LossError, LossFloat, Result};

fn check_pair<F: LossFloat>(y: &[F], y_hat: &[F]) -> Result<()> {
    validate::non_empty("y", y)?;
    validate::same_length("y", y, "y_hat", y_hat)?;
    validate::all_finite("y", y)?;
    validate::all_finite("y_hat", y_hat)
}

fn sum_of<F: LossFloat>(y: &[F], y_hat: &[F], f: impl Fn(F) -> F) -> F {
    y.iter().zip(y_hat).map(|(&a, &b)| f(a - b)).collect::<CompensatedSum<F>>().value()
}

/// Sum of squared errors (ISLR's residual sum of squares, RSS): Σ (yᵢ − ŷᵢ)².
///
/// # Formula
/// SSE = Σᵢ₌₁ⁿ (yᵢ − ŷᵢ)² (ISLR eq. 3.16), summed with compensation.
///
/// # Accuracy
/// Within 4 ulp of a 2048-bit reference.
///
/// # Errors
/// [`LossError::Empty`], [`LossError::LengthMismatch`], [`LossError::NotANumber`],
/// [`LossError::NotFinite`].
///
/// # Examples
/// ```
/// use losses::sum_of_squared_errors;
/// let sse = sum_of_squared_errors(&[1.0_f64, 2.0, 3.0], &[1.5, 2.0, 2.0])?;
/// assert_eq!(sse, 0.25 + 0.0 + 1.0);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn sum_of_squared_errors<F: LossFloat>(y: &[F], y_hat: &[F]) -> Result<F> {
    check_pair(y, y_hat)?;
    Ok(sum_of(y, y_hat, |r| r * r))
}

/// Mean squared error: SSE / n (ISLR eq. 2.5).
///
/// # Errors
/// As [`sum_of_squared_errors`].
///
/// # Examples
/// ```
/// use losses::mean_squared_error;
/// assert_eq!(mean_squared_error(&[1.0_f64, 2.0, 3.0], &[1.5, 2.0, 2.0])?, 1.25 / 3.0);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn mean_squared_error<F: LossFloat>(y: &[F], y_hat: &[F]) -> Result<F> {
    Ok(sum_of_squared_errors(y, y_hat)? / F::from_f64(y.len() as f64))
}

/// The gradient of [`mean_squared_error`] with respect to each prediction: 2(ŷᵢ − yᵢ)/n.
///
/// # Errors
/// As [`sum_of_squared_errors`].
///
/// # Examples
/// ```
/// use losses::mean_squared_error_grad;
/// assert_eq!(mean_squared_error_grad(&[1.0_f64, 2.0], &[2.0, 2.0])?, vec![1.0, 0.0]);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn mean_squared_error_grad<F: LossFloat>(y: &[F], y_hat: &[F]) -> Result<Vec<F>> {
    check_pair(y, y_hat)?;
    let scale = F::from_f64(2.0) / F::from_f64(y.len() as f64);
    Ok(y.iter().zip(y_hat).map(|(&a, &b)| scale * (b - a)).collect())
}

/// Root mean squared error: √(SSE / n).
///
/// # Errors
/// As [`sum_of_squared_errors`].
///
/// # Examples
/// ```
/// use losses::root_mean_squared_error;
/// assert_eq!(root_mean_squared_error(&[0.0_f64, 0.0], &[3.0, 4.0])?, 12.5_f64.sqrt());
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn root_mean_squared_error<F: LossFloat>(y: &[F], y_hat: &[F]) -> Result<F> {
    Ok(mean_squared_error(y, y_hat)?.sqrt())
}

/// Residual standard error with p predictors (plus an intercept): √(SSE / (n − p − 1)).
///
/// # Formula
/// RSE = √(RSS / (n − p − 1)) (ISLR eq. 3.25); for simple linear regression (p = 1)
/// RSE = √(RSS / (n − 2)) (ISLR eq. 3.15). It estimates the standard deviation σ of the noise;
/// dividing by n − p − 1 instead of n accounts for the p + 1 fitted coefficients.
///
/// # Errors
/// As [`sum_of_squared_errors`], plus [`LossError::NotEnoughDegreesOfFreedom`] when n ≤ p + 1.
///
/// # Examples
/// ```
/// use losses::residual_standard_error;
/// let y = [1.0_f64, 2.0, 3.0, 4.0];
/// let y_hat = [1.5_f64, 1.5, 3.5, 3.5];
/// assert_eq!(residual_standard_error(&y, &y_hat, 1)?, (1.0_f64 / 2.0).sqrt());  // √(1 / (4 − 2))
/// assert!(residual_standard_error(&y[..2], &y_hat[..2], 1).is_err());          // n − 2 = 0
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn residual_standard_error<F: LossFloat>(y: &[F], y_hat: &[F], predictors: usize) -> Result<F> {
    let n = y.len();
    let sse = sum_of_squared_errors(y, y_hat)?;
    let dof = n.checked_sub(predictors).and_then(|r| r.checked_sub(1)).filter(|&d| d > 0);
    let dof = dof.ok_or(LossError::NotEnoughDegreesOfFreedom { n, predictors })?;
    Ok((sse / F::from_f64(dof as f64)).sqrt())
}

/// Mean absolute error: (1/n) Σ |yᵢ − ŷᵢ|.
///
/// # Errors
/// As [`sum_of_squared_errors`].
///
/// # Examples
/// ```
/// use losses::mean_absolute_error;
/// assert_eq!(mean_absolute_error(&[1.0_f64, 2.0, 3.0], &[1.5, 2.0, 2.0])?, 0.5);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn mean_absolute_error<F: LossFloat>(y: &[F], y_hat: &[F]) -> Result<F> {
    check_pair(y, y_hat)?;
    Ok(sum_of(y, y_hat, |r| r.abs()) / F::from_f64(y.len() as f64))
}

/// A fitted line ŷ = intercept + slope·x.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearFit<F> {
    /// β̂₀.
    pub intercept: F,
    /// β̂₁.
    pub slope: F,
}

impl<F: LossFloat> LinearFit<F> {
    /// ŷ for one x.
    pub fn predict(&self, x: F) -> F {
        self.intercept + self.slope * x
    }

    /// ŷ for every x.
    pub fn predict_all(&self, x: &[F]) -> Vec<F> {
        x.iter().map(|&xi| self.predict(xi)).collect()
    }
}

/// Ordinary least squares for one predictor: the line that minimises SSE.
///
/// # Formula
/// β̂₁ = Σ (xᵢ − x̄)(yᵢ − ȳ) / Σ (xᵢ − x̄)², β̂₀ = ȳ − β̂₁ x̄ (ISLR eq. 3.4). Centering first
/// avoids the cancellation of the textbook Σxy − n x̄ ȳ form.
///
/// # Errors
/// [`LossError::Empty`], [`LossError::LengthMismatch`], [`LossError::NotANumber`],
/// [`LossError::NotFinite`], [`LossError::NotEnoughDegreesOfFreedom`] for n < 2,
/// [`LossError::ConstantPredictor`] when every x is equal.
///
/// # Examples
/// ```
/// use losses::simple_linear_regression;
/// let x = [0.0_f64, 1.0, 2.0, 3.0];
/// let y = [1.0_f64, 3.0, 5.0, 7.0];                  // exactly y = 1 + 2x
/// let fit = simple_linear_regression(&x, &y)?;
/// assert_eq!((fit.intercept, fit.slope), (1.0, 2.0));
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn simple_linear_regression<F: LossFloat>(x: &[F], y: &[F]) -> Result<LinearFit<F>> {
    validate::non_empty("x", x)?;
    validate::same_length("x", x, "y", y)?;
    validate::all_finite("x", x)?;
    validate::all_finite("y", y)?;
    if x.len() < 2 {
        return Err(LossError::NotEnoughDegreesOfFreedom { n: x.len(), predictors: 1 });
    }
    // Fit x / s_x and y / s_y, with s_x, s_y powers of two near max |x|, max |y|: the division is
    // exact, so for ordinary data every intermediate result (and the fit) is bit for bit what the
    // unscaled formulas give, but deviations, their squares and products are now bounded by 16 and
    // cannot overflow (x near ±f64::MAX used to give ∞ − ∞ = NaN) or underflow (x ≈ 10⁻²⁰⁰ used to
    // square to 0 and report a constant predictor). The slope is then scaled back by s_y / s_x
    // (an overflow there is an honest +∞) and the intercept by s_y.
    let (scale_x, scale_y) = (power_of_two_near_max(x), power_of_two_near_max(y));
    let n = F::from_f64(x.len() as f64);
    let mean = |v: &[F], s: F| v.iter().map(|&a| a / s).collect::<CompensatedSum<F>>().value() / n;
    let (x_bar, y_bar) = (mean(x, scale_x), mean(y, scale_y));
    let sxy = x
        .iter()
        .zip(y)
        .map(|(&a, &b)| (a / scale_x - x_bar) * (b / scale_y - y_bar))
        .collect::<CompensatedSum<F>>()
        .value();
    let sxx = x.iter().map(|&a| (a / scale_x - x_bar) * (a / scale_x - x_bar)).collect::<CompensatedSum<F>>().value();
    if sxx == F::zero() {
        return Err(LossError::ConstantPredictor);
    }
    let slope = sxy / sxx;
    let intercept = y_bar - slope * x_bar;
    Ok(LinearFit { intercept: intercept * scale_y, slope: slope * scale_y / scale_x })
}

/// A power of two 2^k with 2^(k−1) ≤ max |vᵢ| ≤ 2^(k+1) (1 if every vᵢ is 0), as a constant (zero
/// derivative part for dual numbers). Dividing by it is exact for every normal result.
fn power_of_two_near_max<F: LossFloat>(v: &[F]) -> F {
    let max = v.iter().fold(0.0_f64, |m, &a| m.max(a.to_f64().abs()));
    if max == 0.0 {
        return F::one();
    }
    // log2 may round up at the top of a binade (log2(f64::MAX) = 1024), and F may have a smaller
    // range than f64: step back into F's finite, non-zero powers of two.
    let k = (max.log2().floor() as i32).clamp(-1074, 1023);
    // Two factors: 2^k as one `powi` underflows to 0 below 2^−1022 (it is computed as 1 / 2^−k).
    let mut scale = 2f64.powi(k / 2) * 2f64.powi(k - k / 2);
    loop {
        let s = F::from_f64(scale);
        if s.is_infinite() {
            scale /= 2.0;
        } else if s == F::zero() {
            scale *= 2.0;
        } else {
            return s;
        }
    }
}
