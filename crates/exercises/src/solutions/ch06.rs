//! Solutions of chapter 6's exercises.

use losses::Label;

pub fn focal_loss(p: f64, label: Label, gamma: f64) -> f64 {
    let (p_t, cross_entropy) = match label {
        Label::Positive => (p, -p.ln()),
        Label::Negative => (1.0 - p, -(-p).ln_1p()),
    };
    if p_t == 1.0 {
        return 0.0; // CE = 0, and the factor is 0 (or 1 for γ = 0): the product is 0
    }
    // powf(0, 0) = 1 in Rust, so γ = 0 gives exactly the cross-entropy.
    (1.0 - p_t).powf(gamma) * cross_entropy
}

pub fn mean_focal_loss(p: &[f64], labels: &[Label], gamma: f64) -> Option<f64> {
    if p.is_empty() {
        return None;
    }
    let total: f64 = p.iter().zip(labels).map(|(&pi, &label)| focal_loss(pi, label, gamma)).sum();
    Some(total / p.len() as f64)
}
