//! Solutions of chapter 4's exercises.

use losses::Label;

pub fn cross_entropy_error(y: &[f64], t: &[f64]) -> f64 {
    let delta = 1e-7;
    -y.iter().zip(t).map(|(&yk, &tk)| tk * (yk + delta).ln()).sum::<f64>()
}

pub fn binary_cross_entropy_with_logits(x: f64, label: Label) -> f64 {
    let x_t = label.sign::<f64>() * x;
    // softplus(u) = max(u, 0) + ln(1 + e^(−|u|)) at u = −x_t; ln_1p keeps a tiny e^(−|u|).
    let u = -x_t;
    u.max(0.0) + (-u.abs()).exp().ln_1p()
}

pub fn softmax_cross_entropy(z: &[f64], class: usize) -> f64 {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = z.iter().map(|&zi| (zi - m).exp()).sum();
    // Two non-negative terms: m − z_c is exact enough, ln of a sum in [1, K] is small.
    (m - z[class]) + sum.ln()
}
