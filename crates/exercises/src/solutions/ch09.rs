//! Solutions of chapter 9's exercises.

use losses::Label;

pub fn log_sum_exp(z: &[f64]) -> f64 {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m.is_infinite() {
        // Empty or all −∞: ln 0 = −∞. Some +∞: +∞. (Shifting by an infinite m gives ∞ − ∞ = NaN.)
        return m;
    }
    m + z.iter().map(|&zi| (zi - m).exp()).sum::<f64>().ln()
}

pub fn focal_loss_with_logits(x: f64, label: Label, gamma: f64) -> f64 {
    let x_t = label.sign::<f64>() * x;
    let sigma = |z: f64| if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) };
    let softplus = |z: f64| z.max(0.0) + (-z.abs()).exp().ln_1p();
    let cross_entropy = softplus(-x_t);
    if cross_entropy == 0.0 {
        return 0.0; // x_t = +∞ (or so large that the loss underflows): avoid 0·… surprises
    }
    sigma(-x_t).powf(gamma) * cross_entropy
}

pub fn sigmoid_rounds_to_one_f32() -> f32 {
    let rounds_to_one = |x: f32| 1.0 / (1.0 + (-x).exp()) == 1.0_f32;
    // Bisection on the bit patterns of positive f32s, which are ordered like the numbers.
    let (mut below, mut at) = (0.0_f32.to_bits(), 100.0_f32.to_bits());
    while at - below > 1 {
        let middle = below + (at - below) / 2;
        if rounds_to_one(f32::from_bits(middle)) {
            at = middle;
        } else {
            below = middle;
        }
    }
    f32::from_bits(at)
}

pub fn sigmoid_complement(x: f64) -> f64 {
    // σ(−x), with the branch that never exponentiates a positive number.
    let z = -x;
    if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) }
}
