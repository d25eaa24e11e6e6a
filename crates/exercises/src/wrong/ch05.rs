//! Plausible wrong answers to chapter 5's exercises.

use losses::Label;

/// α applied to both classes: α·CE for every example, so negatives are weighted α instead of
/// 1 − α (liuyuisanai/Focal-Loss #4, qubvel/segmentation_models #187).
pub fn alpha_on_both_classes(p: f64, label: Label, alpha: f64) -> f64 {
    let p_t = if label == Label::Positive { p } else { 1.0 - p };
    -alpha * p_t.ln()
}

/// α inverted: 1 − α for positives and α for negatives (clcarwin/focal_loss_pytorch #10).
pub fn alpha_inverted(p: f64, label: Label, alpha: f64) -> f64 {
    let (a_t, p_t) = if label == Label::Positive { (1.0 - alpha, p) } else { (alpha, 1.0 - p) };
    -a_t * p_t.ln()
}

/// The formula as written, −α_t ln p_t: NaN (0·∞) for an example weighted out by α_t = 0 whose
/// p_t is 0, and ln(1 − p) loses the digits of a tiny p.
pub fn balanced_ce_as_written(p: f64, label: Label, alpha: f64) -> f64 {
    let (a_t, p_t) = if label == Label::Positive { (alpha, p) } else { (1.0 - alpha, 1.0 - p) };
    -a_t * p_t.ln()
}

/// Solves α·N = (1 − α)·P instead: P / (P + N), the weight that makes the shares equal for the
/// other class — about 0.107 in chapter 5's example instead of 0.893.
pub fn equal_shares_inverted(p: &[f64], labels: &[Label]) -> Option<f64> {
    let alpha = crate::solutions::ch05::alpha_for_equal_shares(p, labels)?;
    Some(1.0 - alpha)
}

/// The inverse class frequency n₋ / (n₊ + n₋): a common way to set α, but it balances the
/// numbers of examples, not their losses (1000/1001 ≈ 0.999 in chapter 5's example).
pub fn equal_shares_from_counts(p: &[f64], labels: &[Label]) -> Option<f64> {
    if p.is_empty() {
        return None;
    }
    let negatives = labels.iter().filter(|&&l| l == Label::Negative).count();
    Some(negatives as f64 / labels.len() as f64)
}

/// Forgets the empty batch: N / (P + N) = 0/0, `Some(NaN)` instead of `None`.
pub fn equal_shares_nan_when_empty(p: &[f64], labels: &[Label]) -> Option<f64> {
    let (mut positives, mut negatives) = (0.0, 0.0);
    for (&pi, &label) in p.iter().zip(labels) {
        match label {
            Label::Positive => positives += -pi.ln(),
            Label::Negative => negatives += -(-pi).ln_1p(),
        }
    }
    Some(negatives / (positives + negatives))
}
