//! Plausible wrong answers to chapter 9's exercises.

use losses::Label;

/// ln Σ eᶻ as written: +∞ as soon as one logit exceeds 709.78.
pub fn lse_as_written(z: &[f64]) -> f64 {
    z.iter().map(|&zi| zi.exp()).sum::<f64>().ln()
}

/// Shifts by the first logit instead of the largest: e^(zᵢ − z₀) still overflows when a later
/// logit is larger by more than 709.78.
pub fn lse_shift_by_first(z: &[f64]) -> f64 {
    let Some(&m) = z.first() else { return f64::NEG_INFINITY };
    m + z.iter().map(|&zi| (zi - m).exp()).sum::<f64>().ln()
}

/// The stable form without looking at infinite maxima: all −∞ gives −∞ − (−∞) = NaN, and a +∞
/// logit gives ∞ − ∞ = NaN.
pub fn lse_nan_at_infinity(z: &[f64]) -> f64 {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    m + z.iter().map(|&zi| (zi - m).exp()).sum::<f64>().ln()
}

/// torchvision's way (`losses::naive::focal_loss_with_logits`): the cross-entropy part is fine,
/// but the factor (1 − p_t)^γ is formed after σ, so it is 0 once σ(x_t) rounds to 1 (x_t ≥ 36.74).
pub fn focal_one_minus_sigmoid(x: f64, label: Label, gamma: f64) -> f64 {
    let x_t = label.sign::<f64>() * x;
    let p_t = 1.0 / (1.0 + (-x_t).exp());
    let cross_entropy = (-x_t).max(0.0) + (-x_t.abs()).exp().ln_1p();
    (1.0 - p_t).powf(gamma) * cross_entropy
}

/// A careful σ, but −ln σ(x_t) for the cross-entropy: the logarithm of a σ(x_t) rounded near 1
/// loses its digits (0 at x_t = 40), and σ(x_t) underflows to 0 for x_t < −745, where −ln 0 = +∞
/// but the true loss is about −x_t (1000 at x_t = −1000).
pub fn focal_log_of_sigmoid(x: f64, label: Label, gamma: f64) -> f64 {
    let x_t = label.sign::<f64>() * x;
    let sigma = |z: f64| if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) };
    sigma(-x_t).powf(gamma) * -sigma(x_t).ln()
}

/// Single formulas with positive exponents: σ(−x_t) = 1/(1 + e^(x_t)) is fine, but
/// softplus(−x_t) = ln(1 + e^(−x_t)) overflows to +∞ for x_t < −709.78 and loses a tiny e^(−x_t)
/// in 1 + e^(−x_t).
pub fn focal_softplus_as_written(x: f64, label: Label, gamma: f64) -> f64 {
    let x_t = label.sign::<f64>() * x;
    (1.0 / (1.0 + x_t.exp())).powf(gamma) * (1.0 + (-x_t).exp()).ln()
}

/// The f64 threshold 53 ln 2 ≈ 36.74: right for double precision, not for f32.
pub fn sigmoid_threshold_of_f64() -> f32 {
    (53.0 * std::f64::consts::LN_2) as f32
}

/// 1 + e^(−x) = 1 taken to happen once e^(−x) < ε = 2⁻²³ (f32::EPSILON, the gap above 1), i.e.
/// x > 23 ln 2 ≈ 15.94; but 1 + e^(−x) only rounds to 1 once e^(−x) ≤ 2⁻²⁴, half that gap.
pub fn sigmoid_threshold_from_epsilon() -> f32 {
    -f32::EPSILON.ln()
}

/// 1 − σ(x) by subtraction: 0 once σ(x) rounds to 1 (x ≥ 36.74), where the true value is ≈ e^(−x).
pub fn complement_by_subtraction(x: f64) -> f64 {
    1.0 - 1.0 / (1.0 + (-x).exp())
}

/// e^(−x), the large-x approximation of 1 − σ(x) = e^(−x)/(1 + e^(−x)): right only for large x
/// (0.5 at x = 0, but this gives 1).
pub fn complement_as_exponential(x: f64) -> f64 {
    (-x).exp()
}
