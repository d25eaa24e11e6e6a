//! Plausible wrong answers to chapter 4's exercises.

use losses::Label;

/// Leaves out δ and skips the terms with tₖ = 0 (so the zeros of y at other classes do not give
/// 0·ln 0 = NaN): matches the book's two examples to 4 digits (δ moves them by about 10⁻⁷ / y, which
/// the check's 10⁻¹² sees), and returns +∞ as soon as the true class is predicted with probability
/// 0 — the case δ is there for.
///
/// ```
/// use exercises::solutions::ch04::cross_entropy_error;
/// use exercises::wrong::ch04::cross_entropy_error_without_delta;
/// let t = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
/// let y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
/// let (wrong, right) = (cross_entropy_error_without_delta(&y, &t), cross_entropy_error(&y, &t));
/// assert_eq!(format!("{wrong:.4}"), format!("{right:.4}")); // 0.5108
/// assert!((wrong - right).abs() > 1e-7);
/// assert_eq!(cross_entropy_error_without_delta(&[0.5, 0.5, 0.0], &[0.0, 0.0, 1.0]), f64::INFINITY);
/// ```
pub fn cross_entropy_error_without_delta(y: &[f64], t: &[f64]) -> f64 {
    -y.iter().zip(t).filter(|&(_, &tk)| tk != 0.0).map(|(&yk, &tk)| tk * yk.ln()).sum::<f64>()
}

/// The common logarithm: 0.2218 and 1.0 instead of 0.5108 and 2.3026.
pub fn cross_entropy_error_log10(y: &[f64], t: &[f64]) -> f64 {
    -y.iter().zip(t).map(|(&yk, &tk)| tk * (yk + 1e-7).log10()).sum::<f64>()
}

/// A missing minus: Σ t ln(y + δ), the log-likelihood, which is ≤ 0.
pub fn cross_entropy_error_missing_minus(y: &[f64], t: &[f64]) -> f64 {
    y.iter().zip(t).map(|(&yk, &tk)| tk * (yk + 1e-7).ln()).sum::<f64>()
}

/// The textbook formula −[y ln σ(x) + (1 − y) ln(1 − σ(x))] with y ∈ {0, 1}: +∞ once σ(x) rounds
/// to 1 (x = 40, negative label; true value 40) and NaN at x = ±∞ (0·∞).
pub fn bce_through_sigmoid(x: f64, label: Label) -> f64 {
    let y: f64 = label.indicator();
    let p = 1.0 / (1.0 + (-x).exp());
    -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
}

/// Uses the 0/1 label where the formula wants ±1: x_t = 0 for every negative, so every negative
/// costs ln 2 whatever the logit.
pub fn bce_with_indicator_as_sign(x: f64, label: Label) -> f64 {
    let x_t = label.indicator::<f64>() * x;
    (-x_t).max(0.0) + (-x_t.abs()).exp().ln_1p()
}

/// ln(1 + e^(−x_t)) as written: overflows to +∞ for x_t < −709.78 (true value ≈ −x_t), and loses
/// the digits of a tiny e^(−x_t) in 1 + e^(−x_t) (x_t = 30: every digit wrong after the third).
pub fn bce_softplus_as_written(x: f64, label: Label) -> f64 {
    let x_t = label.sign::<f64>() * x;
    (1.0 + (-x_t).exp()).ln()
}

/// −ln(e^(z_c) / Σ eᶻ) as written: ∞/∞ = NaN once a logit exceeds 709.78.
pub fn softmax_ce_as_written(z: &[f64], class: usize) -> f64 {
    let total: f64 = z.iter().map(|&zi| zi.exp()).sum();
    -(z[class].exp() / total).ln()
}

/// log-sum-exp(z) − z_c with a stable log-sum-exp (optax's form): no overflow, but for equal
/// logits of 10⁸ the subtraction keeps only the rounding error of a number of size 10⁸.
pub fn softmax_ce_lse_minus_logit(z: &[f64], class: usize) -> f64 {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lse = m + z.iter().map(|&zi| (zi - m).exp()).sum::<f64>().ln();
    lse - z[class]
}

/// Shifts by the first logit instead of the largest: e^(zᵢ − z₀) still overflows when a later
/// logit is larger by more than 709.78.
pub fn softmax_ce_shift_by_first(z: &[f64], class: usize) -> f64 {
    let m = z[0];
    (m - z[class]) + z.iter().map(|&zi| (zi - m).exp()).sum::<f64>().ln()
}
