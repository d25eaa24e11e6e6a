//! Plausible wrong answers to chapter 2's exercises.

/// Halves the sum: the ½ Σ (y − t)² of *Deep Learning from Scratch*, a different quantity from
/// chapter 2's SSE (which has no ½).
pub fn sse_with_half(y: &[f64], y_hat: &[f64]) -> f64 {
    0.5 * y.iter().zip(y_hat).map(|(a, b)| (a - b).powi(2)).sum::<f64>()
}

/// Divides by n: the mean squared error, not the sum (and 0/0 = NaN for empty input).
pub fn sse_divided_by_n(y: &[f64], y_hat: &[f64]) -> f64 {
    y.iter().zip(y_hat).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / y.len() as f64
}

/// Squares the sum of the residuals instead of summing their squares. On a least-squares fit
/// the residuals sum to 0 (the normal equations), so this returns 0 on chapter 2's example, up to
/// rounding:
///
/// ```
/// use exercises::wrong::ch02::sse_square_of_sum;
/// let sse = sse_square_of_sum(&[2.0, 4.0, 5.0, 4.0, 5.0], &[2.8, 3.4, 4.0, 4.6, 5.2]);
/// assert!(sse < 1e-30);   // the true SSE is 2.4
/// ```
pub fn sse_square_of_sum(y: &[f64], y_hat: &[f64]) -> f64 {
    y.iter().zip(y_hat).map(|(a, b)| a - b).sum::<f64>().powi(2)
}

/// The note's "RSE = MSE": divides by n, which makes it the root mean squared error.
pub fn rse_divides_by_n(y: &[f64], y_hat: &[f64], _predictors: usize) -> Option<f64> {
    if y.is_empty() {
        return None;
    }
    let sse: f64 = y.iter().zip(y_hat).map(|(a, b)| (a - b).powi(2)).sum();
    Some((sse / y.len() as f64).sqrt())
}

/// Always divides by n − 2: right for simple linear regression (p = 1), so it passes chapter 2's
/// example, and wrong for every other number of predictors.
///
/// ```
/// use exercises::solutions::ch02::residual_standard_error;
/// use exercises::wrong::ch02::rse_always_n_minus_2;
/// let (y, y_hat) = ([2.0, 4.0, 5.0, 4.0, 5.0], [2.8, 3.4, 4.0, 4.6, 5.2]);
/// assert_eq!(rse_always_n_minus_2(&y, &y_hat, 1), residual_standard_error(&y, &y_hat, 1));
/// assert_ne!(rse_always_n_minus_2(&y, &y_hat, 2), residual_standard_error(&y, &y_hat, 2));
/// ```
pub fn rse_always_n_minus_2(y: &[f64], y_hat: &[f64], _predictors: usize) -> Option<f64> {
    let dof = y.len().checked_sub(2).filter(|&d| d > 0)?;
    let sse: f64 = y.iter().zip(y_hat).map(|(a, b)| (a - b).powi(2)).sum();
    Some((sse / dof as f64).sqrt())
}

/// Subtracts in `usize` without checking: n − p − 1 underflows, which panics in a debug build
/// ("attempt to subtract with overflow") when n ≤ p.
pub fn rse_unchecked_subtraction(y: &[f64], y_hat: &[f64], predictors: usize) -> Option<f64> {
    let dof = y.len() - predictors - 1;
    if dof == 0 {
        return None;
    }
    let sse: f64 = y.iter().zip(y_hat).map(|(a, b)| (a - b).powi(2)).sum();
    Some((sse / dof as f64).sqrt())
}

/// Forgets the ½: chapter 2's SSE, twice the value of the book's definition.
pub fn half_sse_without_half(y: &[f64], t: &[f64]) -> f64 {
    y.iter().zip(t).map(|(a, b)| (a - b).powi(2)).sum()
}

/// Averages instead of summing: ½ · mean of the squares, ten times too small for ten classes.
pub fn half_sse_averaged(y: &[f64], t: &[f64]) -> f64 {
    0.5 * y.iter().zip(t).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / y.len() as f64
}
