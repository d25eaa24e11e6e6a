//! Plausible wrong answers to chapter 7's exercises.

use losses::Label;

fn sigma(z: f64) -> f64 {
    if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) }
}

/// The derivative with respect to p instead of the logit: dCE/dp = −1/p for a positive,
/// 1/(1 − p) for a negative (unsky/focal-loss #1).
pub fn ce_grad_with_respect_to_p(x: f64, label: Label) -> f64 {
    let p = sigma(x);
    match label {
        Label::Positive => -1.0 / p,
        Label::Negative => 1.0 / (1.0 - p),
    }
}

/// A missing minus: y(1 − p_t), which points uphill.
pub fn ce_grad_missing_minus(x: f64, label: Label) -> f64 {
    let y = label.sign::<f64>();
    y * sigma(-y * x)
}

/// The paper's y(p_t − 1) with the 0/1 label for y: 0 for every negative, whatever its logit.
pub fn ce_grad_with_indicator(x: f64, label: Label) -> f64 {
    let y = label.indicator::<f64>();
    let p_t = if label == Label::Positive { sigma(x) } else { sigma(-x) };
    y * (p_t - 1.0)
}

/// σ(x) − y₀₁ by subtraction: right in value, but it cancels to exactly 0 once σ(x) rounds to 1
/// (x ≥ 36.74 for a positive), where the true gradient is −σ(−x) ≈ −e^(−x).
pub fn ce_grad_by_subtraction(x: f64, label: Label) -> f64 {
    1.0 / (1.0 + (-x).exp()) - label.indicator::<f64>()
}

/// dFL/dp_t, not multiplied by dp_t/dx = y p_t (1 − p_t): the derivative with respect to the
/// probability (unsky/focal-loss #1).
pub fn focal_grad_with_respect_to_p_t(x: f64, label: Label, gamma: f64) -> f64 {
    let y = label.sign::<f64>();
    let p_t = sigma(y * x);
    gamma * (1.0 - p_t).powf(gamma - 1.0) * p_t.ln() - (1.0 - p_t).powf(gamma) / p_t
}

/// Treats the modulating factor as a constant (no product rule): y(1 − p_t)^γ (p_t − 1). At
/// γ = 0 it is the cross-entropy's gradient, so a γ = 0 check passes it (a wrong derivative that
/// still passes the γ = 0 check, as in Imbalance-XGBoost #1).
///
/// ```
/// use exercises::solutions::ch07::{binary_cross_entropy_grad, focal_loss_grad};
/// use exercises::wrong::ch07::focal_grad_factor_held_constant;
/// use losses::Label;
/// for x in [-2.0, 0.3, 3.0] {
///     let g = focal_grad_factor_held_constant(x, Label::Negative, 0.0);
///     assert!((g - binary_cross_entropy_grad(x, Label::Negative)).abs() < 1e-15);
/// }
/// let wrong = focal_grad_factor_held_constant(-3.0, Label::Positive, 2.0);
/// assert!((wrong - focal_loss_grad(-3.0, Label::Positive, 2.0)).abs() > 0.2);
/// ```
pub fn focal_grad_factor_held_constant(x: f64, label: Label, gamma: f64) -> f64 {
    let y = label.sign::<f64>();
    let p_t = sigma(y * x);
    y * (1.0 - p_t).powf(gamma) * (p_t - 1.0)
}

/// The sign of the γ p_t ln p_t term flipped: y(1 − p_t)^γ (−γ p_t ln p_t + p_t − 1). Also equal to
/// the cross-entropy's gradient at γ = 0.
///
/// ```
/// use exercises::solutions::ch07::binary_cross_entropy_grad;
/// use exercises::wrong::ch07::focal_grad_log_term_sign;
/// use losses::Label;
/// let g = focal_grad_log_term_sign(0.7, Label::Positive, 0.0);
/// assert!((g - binary_cross_entropy_grad(0.7, Label::Positive)).abs() < 1e-15);
/// ```
pub fn focal_grad_log_term_sign(x: f64, label: Label, gamma: f64) -> f64 {
    let y = label.sign::<f64>();
    let p_t = sigma(y * x);
    y * (1.0 - p_t).powf(gamma) * (-gamma * p_t * p_t.ln() + p_t - 1.0)
}

/// The paper's formula evaluated as written, with p_t = σ(x_t): 0 once 1 − p_t cancels
/// (x_t = 40: true value ≈ −2.3·10⁻⁵²) and NaN at x_t = −∞ (0·(−∞)).
pub fn focal_grad_as_written(x: f64, label: Label, gamma: f64) -> f64 {
    let y = label.sign::<f64>();
    let p_t = 1.0 / (1.0 + (-(y * x)).exp());
    y * (1.0 - p_t).powf(gamma) * (gamma * p_t * p_t.ln() + p_t - 1.0)
}

/// Forgets that γ cancels: γ y (p*_t − 1), the derivative of −ln p*_t without the 1/γ.
pub fn fl_star_grad_times_gamma(x: f64, label: Label, gamma: f64, beta: f64) -> f64 {
    gamma * crate::solutions::ch07::fl_star_grad(x, label, gamma, beta)
}

/// Forgets the y of x_t = y·x in the chain rule: p*_t − 1 for both labels, right for positives
/// only.
///
/// ```
/// use exercises::solutions::ch07::fl_star_grad;
/// use exercises::wrong::ch07::fl_star_grad_without_label_sign;
/// use losses::Label;
/// let (positive, negative) = (Label::Positive, Label::Negative);
/// assert_eq!(fl_star_grad_without_label_sign(0.8, positive, 2.0, 1.0), fl_star_grad(0.8, positive, 2.0, 1.0));
/// assert!(fl_star_grad_without_label_sign(0.8, negative, 2.0, 1.0) < 0.0);
/// assert!(fl_star_grad(0.8, negative, 2.0, 1.0) > 0.0);
/// ```
pub fn fl_star_grad_without_label_sign(x: f64, label: Label, gamma: f64, beta: f64) -> f64 {
    let z = gamma * label.sign::<f64>() * x + beta;
    -sigma(-z)
}
