//! Where the figures sample their curves: fixed, so every run draws the same points.

/// A fixed grid: `n` equal steps from `from` to `to`.
pub(crate) fn grid(from: f64, to: f64, n: usize) -> Vec<f64> {
    (0..=n).map(|i| from + (to - from) * i as f64 / n as f64).collect()
}

/// Probabilities in (0, 1]: 40 geometric steps from 10⁻⁸ to 0.02 (where −log p climbs out of
/// the plot) followed by `n` equal steps up to 1.
pub(crate) fn probabilities(n: usize) -> Vec<f64> {
    let mut out: Vec<f64> = (0..40).map(|i| 10f64.powf(-8.0 + f64::from(i) * (8.0 + 0.02f64.log10()) / 40.0)).collect();
    out.extend(grid(0.02, 1.0, n));
    out
}
