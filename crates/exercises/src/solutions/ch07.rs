//! Solutions of chapter 7's exercises.

use losses::Label;

pub fn binary_cross_entropy_grad(x: f64, label: Label) -> f64 {
    let y = label.sign::<f64>();
    let x_t = y * x;
    // p_t − 1 = −σ(−x_t), with σ evaluated on the side where e^(…) cannot overflow.
    let sigma = |z: f64| if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) };
    -y * sigma(-x_t)
}

pub fn focal_loss_grad(x: f64, label: Label, gamma: f64) -> f64 {
    let y = label.sign::<f64>();
    let x_t = y * x;
    if x_t.is_infinite() {
        return if x_t > 0.0 { 0.0 } else { -y };
    }
    let sigma = |z: f64| if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) };
    let softplus = |z: f64| z.max(0.0) + (-z.abs()).exp().ln_1p();
    let (p_t, one_minus_p_t) = (sigma(x_t), sigma(-x_t));
    // −y (1 − p_t)^γ (γ p_t (−ln p_t) + (1 − p_t)): every term ≥ 0, nothing cancels.
    -y * one_minus_p_t.powf(gamma) * (gamma * p_t * softplus(-x_t) + one_minus_p_t)
}

pub fn fl_star_grad(x: f64, label: Label, gamma: f64, beta: f64) -> f64 {
    let y = label.sign::<f64>();
    let z = gamma * y * x + beta;
    let sigma = |z: f64| if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) };
    // d/dx [−ln σ(z) / γ] = (σ(z) − 1) · γy / γ = −y σ(−z)
    -y * sigma(-z)
}
