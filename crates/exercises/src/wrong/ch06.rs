//! Plausible wrong answers to chapter 6's exercises.

use losses::Label;

/// Multiplies by p_t^γ instead of (1 − p_t)^γ: weights the easy examples up, the opposite of the
/// focal loss's point (γ = 0 still gives the cross-entropy).
pub fn focal_factor_of_p_t(p: f64, label: Label, gamma: f64) -> f64 {
    let p_t = if label == Label::Positive { p } else { 1.0 - p };
    -p_t.powf(gamma) * p_t.ln()
}

/// Uses p where the factor needs p_t: (1 − p)^γ·(−ln p_t). Right for positives only, so a check
/// that only tries positives passes it.
///
/// ```
/// use exercises::solutions::ch06::focal_loss;
/// use exercises::wrong::ch06::focal_factor_of_p;
/// use losses::Label;
/// assert_eq!(focal_factor_of_p(0.3, Label::Positive, 2.0), focal_loss(0.3, Label::Positive, 2.0));
/// assert!(focal_factor_of_p(0.3, Label::Negative, 2.0) > 5.0 * focal_loss(0.3, Label::Negative, 2.0));
/// ```
pub fn focal_factor_of_p(p: f64, label: Label, gamma: f64) -> f64 {
    let p_t = if label == Label::Positive { p } else { 1.0 - p };
    -(1.0 - p).powf(gamma) * p_t.ln()
}

/// (1 − p_t)^γ as exp(γ ln(1 − p_t)): at p_t = 1 and γ = 0 that is exp(0·(−∞)) = NaN, the 0⁰
/// trap that `powf` (0⁰ = 1) avoids.
pub fn focal_factor_in_log_space(p: f64, label: Label, gamma: f64) -> f64 {
    let p_t = if label == Label::Positive { p } else { 1.0 - p };
    -(gamma * (1.0 - p_t).ln()).exp() * p_t.ln()
}

/// Applies the focal factor to the batch's mean cross-entropy: p = exp(−mean CE), then
/// (1 − p)^γ·mean CE (LDAM-DRW #6). With γ = 0 it is the mean cross-entropy, so a γ = 0 check
/// passes it; for γ > 0 one factor for the whole batch cannot tell easy examples from hard ones.
///
/// ```
/// use exercises::solutions::ch06::mean_focal_loss;
/// use exercises::wrong::ch06::focal_of_mean_cross_entropy;
/// use losses::Label;
/// let (p, labels) = ([0.01, 0.01, 0.1], [Label::Negative, Label::Negative, Label::Positive]);
/// let (wrong, right) = (focal_of_mean_cross_entropy(&p, &labels, 0.0), mean_focal_loss(&p, &labels, 0.0));
/// assert!((wrong.unwrap() - right.unwrap()).abs() < 1e-15); // γ = 0: the mean CE
/// let (wrong, right) = (focal_of_mean_cross_entropy(&p, &labels, 2.0), mean_focal_loss(&p, &labels, 2.0));
/// assert!(wrong.unwrap() < 0.5 * right.unwrap()); // 0.225 against 0.622
/// ```
pub fn focal_of_mean_cross_entropy(p: &[f64], labels: &[Label], gamma: f64) -> Option<f64> {
    if p.is_empty() {
        return None;
    }
    let ce: f64 =
        p.iter().zip(labels).map(|(&pi, &l)| if l == Label::Positive { -pi.ln() } else { -(-pi).ln_1p() }).sum();
    let mean_ce = ce / p.len() as f64;
    Some((1.0 - (-mean_ce).exp()).powf(gamma) * mean_ce)
}

/// Forgets the empty batch: 0/0, `Some(NaN)` instead of `None`.
pub fn mean_focal_nan_when_empty(p: &[f64], labels: &[Label], gamma: f64) -> Option<f64> {
    let total: f64 = p.iter().zip(labels).map(|(&pi, &l)| crate::solutions::ch06::focal_loss(pi, l, gamma)).sum();
    Some(total / p.len() as f64)
}
