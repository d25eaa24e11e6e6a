//! Plausible wrong answers to chapter 8's exercises.

use losses::Label;

use crate::solutions::ch07::focal_loss_grad;

/// α applied to both classes: α · dFL/dx for every example (liuyuisanai/Focal-Loss #4,
/// qubvel/segmentation_models #187).
pub fn alpha_on_both_classes_grad(x: f64, label: Label, gamma: f64, alpha: f64) -> f64 {
    alpha * focal_loss_grad(x, label, gamma)
}

/// α inverted: 1 − α for positives, α for negatives (clcarwin/focal_loss_pytorch #10).
pub fn alpha_inverted_grad(x: f64, label: Label, gamma: f64, alpha: f64) -> f64 {
    let weight = if label == Label::Positive { 1.0 - alpha } else { alpha };
    weight * focal_loss_grad(x, label, gamma)
}

/// α and γ swapped by position: the right formula called as (x, label, α, γ)
/// (qubvel/segmentation_models #258).
pub fn alpha_and_gamma_swapped(x: f64, label: Label, gamma: f64, alpha: f64) -> f64 {
    crate::solutions::ch08::balanced_focal_loss_grad(x, label, alpha, gamma)
}

/// A missing minus: ln((1 − π)/π), so σ(b) = 1 − π: every anchor starts 99 % sure it is an
/// object instead of 1 %.
pub fn prior_bias_missing_minus(pi: f64) -> f64 {
    ((1.0 - pi) / pi).ln()
}

/// The common logarithm: −log₁₀ 99 ≈ −1.996 instead of −ln 99 ≈ −4.595.
pub fn prior_bias_log10(pi: f64) -> f64 {
    -((1.0 - pi) / pi).log10()
}

/// Divides by every example (the mean), not by the positives.
pub fn loss_per_example(losses: &[f64], labels: &[Label]) -> Option<f64> {
    let _ = labels;
    if losses.is_empty() {
        return None;
    }
    Some(losses.iter().sum::<f64>() / losses.len() as f64)
}

/// Sums only the positives' losses: the easy negatives' loss, which the focal loss has already
/// made small but not zero, is dropped.
pub fn loss_of_positives_only(losses: &[f64], labels: &[Label]) -> Option<f64> {
    let positives = labels.iter().filter(|&&l| l == Label::Positive).count();
    if positives == 0 {
        return None;
    }
    let sum: f64 = losses.iter().zip(labels).filter(|&(_, &l)| l == Label::Positive).map(|(&v, _)| v).sum();
    Some(sum / positives as f64)
}

/// Divides by N₊ without looking: a batch without positives gives Σ/0 = +∞ or NaN, not `None`.
pub fn loss_per_positive_unchecked(losses: &[f64], labels: &[Label]) -> Option<f64> {
    let positives = labels.iter().filter(|&&l| l == Label::Positive).count();
    Some(losses.iter().sum::<f64>() / positives as f64)
}
