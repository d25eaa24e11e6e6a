//! Plausible wrong answers to chapter 3's exercises.

/// The formula as written, over every index: 0·ln(0/q) = 0·(−∞) = NaN as soon as some pᵢ = 0
/// (the NaN reported against torchmetrics, #1029).
pub fn kl_without_zero_convention(p: &[f64], q: &[f64]) -> f64 {
    p.iter().zip(q).map(|(&pi, &qi)| pi * (pi / qi).ln()).sum()
}

/// The arguments swapped: KL(q ‖ p). PyTorch's `kl_div(input, target)` takes the model first and
/// the data second, the opposite of the formula, and KL is not symmetric.
pub fn kl_arguments_swapped(p: &[f64], q: &[f64]) -> f64 {
    crate::solutions::ch03::kl_divergence(q, p)
}

/// The common logarithm: log₁₀ where the book's log is ln (a mistake some secondary sources make).
pub fn kl_common_logarithm(p: &[f64], q: &[f64]) -> f64 {
    crate::solutions::ch03::kl_divergence(p, q) / std::f64::consts::LN_10
}

/// Divides by the number of elements N·K: `reduction='mean'`, PyTorch's default, K times smaller
/// than the KL divergence per example.
pub fn kl_div_mean_over_elements(input: &[Vec<f64>], target: &[Vec<f64>]) -> f64 {
    let elements: usize = input.iter().map(Vec::len).sum();
    crate::solutions::ch03::kl_div_batchmean(input, target) * input.len() as f64 / elements as f64
}

/// Reads `input` as probabilities and takes their logarithm again (p (ln p − ln input)): the
/// caller's mistake of passing probabilities, built into the function.
pub fn kl_div_input_as_probabilities(input: &[Vec<f64>], target: &[Vec<f64>]) -> f64 {
    let mut sum = 0.0;
    for (q, p) in input.iter().zip(target) {
        for (&qi, &pi) in q.iter().zip(p) {
            if pi > 0.0 {
                sum += pi * (pi.ln() - qi.ln());
            }
        }
    }
    sum / input.len() as f64
}

/// Skips nothing: p (ln p − input) at p = 0 is 0·(−∞) = NaN.
pub fn kl_div_without_zero_convention(input: &[Vec<f64>], target: &[Vec<f64>]) -> f64 {
    let mut sum = 0.0;
    for (log_q, p) in input.iter().zip(target) {
        for (&x, &pi) in log_q.iter().zip(p) {
            sum += pi * (pi.ln() - x);
        }
    }
    sum / input.len() as f64
}
