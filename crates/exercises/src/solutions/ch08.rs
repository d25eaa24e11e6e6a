//! Solutions of chapter 8's exercises.

use losses::Label;

pub fn balanced_focal_loss_grad(x: f64, label: Label, gamma: f64, alpha: f64) -> f64 {
    let weight = match label {
        Label::Positive => alpha,
        Label::Negative => 1.0 - alpha,
    };
    let y = label.sign::<f64>();
    let x_t = y * x;
    if x_t.is_infinite() {
        return if x_t > 0.0 { 0.0 } else { -weight * y };
    }
    let sigma = |z: f64| if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) };
    let softplus = |z: f64| z.max(0.0) + (-z.abs()).exp().ln_1p();
    let (p_t, one_minus_p_t) = (sigma(x_t), sigma(-x_t));
    -weight * y * one_minus_p_t.powf(gamma) * (gamma * p_t * softplus(-x_t) + one_minus_p_t)
}

pub fn prior_bias(pi: f64) -> f64 {
    // −ln((1 − π)/π) = ln π − ln(1 − π), with ln(1 − π) = ln_1p(−π) exact for tiny π.
    pi.ln() - (-pi).ln_1p()
}

pub fn loss_per_positive(losses: &[f64], labels: &[Label]) -> Option<f64> {
    let positives = labels.iter().filter(|&&label| label == Label::Positive).count();
    if positives == 0 {
        return None;
    }
    Some(losses.iter().sum::<f64>() / positives as f64)
}
