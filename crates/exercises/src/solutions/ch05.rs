//! Solutions of chapter 5's exercises.

use losses::Label;

pub fn balanced_cross_entropy(p: f64, label: Label, alpha: f64) -> f64 {
    let (weight, cross_entropy) = match label {
        Label::Positive => (alpha, -p.ln()),
        Label::Negative => (1.0 - alpha, -(-p).ln_1p()),
    };
    if weight == 0.0 {
        return 0.0; // weighted out: 0, even where the cross-entropy is +∞
    }
    weight * cross_entropy
}

pub fn alpha_for_equal_shares(p: &[f64], labels: &[Label]) -> Option<f64> {
    if p.is_empty() {
        return None;
    }
    let (mut positives, mut negatives) = (0.0, 0.0);
    for (&pi, &label) in p.iter().zip(labels) {
        match label {
            Label::Positive => positives += -pi.ln(),
            Label::Negative => negatives += -(-pi).ln_1p(),
        }
    }
    Some(negatives / (positives + negatives))
}
