//! Solutions of chapter 2's exercises.

pub fn sum_of_squared_errors(y: &[f64], y_hat: &[f64]) -> f64 {
    y.iter().zip(y_hat).map(|(a, b)| (a - b) * (a - b)).sum()
}

pub fn residual_standard_error(y: &[f64], y_hat: &[f64], predictors: usize) -> Option<f64> {
    // n − p − 1 in usize would underflow (and panic) for n ≤ p: check before subtracting.
    let degrees_of_freedom = y.len().checked_sub(predictors + 1).filter(|&dof| dof > 0)?;
    let sse: f64 = y.iter().zip(y_hat).map(|(a, b)| (a - b) * (a - b)).sum();
    Some((sse / degrees_of_freedom as f64).sqrt())
}

pub fn half_sum_of_squared_errors(y: &[f64], t: &[f64]) -> f64 {
    0.5 * y.iter().zip(t).map(|(a, b)| (a - b) * (a - b)).sum::<f64>()
}
