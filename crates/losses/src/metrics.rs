//! How well scores rank the positives first: the precision–recall curve and average precision
//! (AP), the measure a detector trained with these losses is judged by.
//!
//! # Definitions
//! Scores s_i (higher: more likely positive) and 0/1 targets y_i with P = Σ y_i > 0 positives. A
//! threshold t keeps the examples with s_i ≥ t:
//!
//! ```text
//! TP(t) = #{i : s_i ≥ t, y_i = 1},   D(t) = #{i : s_i ≥ t},
//! precision(t) = TP(t) / D(t),       recall(t) = TP(t) / P.
//! ```
//!
//! The curve has one point per **distinct** score t_1 > t_2 > … > t_m, so examples with equal
//! scores enter together: a tie is one step, whatever order the input lists them in (the result
//! does not depend on the order of the examples, nor on a sort's tie-breaking). With R_0 = 0,
//!
//! ```text
//! AP = Σ_k (R_k − R_{k−1}) P_k = (1/P) Σ_{i : y_i = 1} precision(s_i),
//! ```
//!
//! the area under the step curve: each positive contributes the precision at its own score. This
//! is scikit-learn's `average_precision_score`, with no interpolation.
//!
//! # Why this AP and not COCO's
//! COCO's AP (the one the focal-loss paper reports) matches boxes by overlap, replaces each
//! precision by the best precision at any higher recall (interpolation), samples it at 101 recall
//! levels and averages over overlap thresholds and classes. An anchor classifier has no boxes to
//! match, and the interpolated precision is never below the step one, so it would hide part of
//! what the step AP shows; the step AP has no grid, and a single number per ranking that can be
//! checked by hand (the mean precision at the positives' ranks). The two are not comparable
//! numbers.

use crate::label::Label;
use crate::validate;
use crate::{LossError, LossFloat, Result};

/// One point of a precision–recall curve: the examples scoring at least `threshold`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrPoint<F> {
    /// The score t: the point counts every example with s_i ≥ t.
    pub threshold: F,
    /// TP(t): positives kept.
    pub true_positives: usize,
    /// D(t): examples kept.
    pub detections: usize,
    /// TP(t) / D(t).
    pub precision: f64,
    /// TP(t) / P.
    pub recall: f64,
}

/// A precision–recall curve: one [`PrPoint`] per distinct score, in decreasing score order.
#[derive(Debug, Clone, PartialEq)]
pub struct PrecisionRecallCurve<F> {
    points: Vec<PrPoint<F>>,
    positives: usize,
}

impl<F: LossFloat> PrecisionRecallCurve<F> {
    /// The points, highest threshold first; the last has recall 1.
    pub fn points(&self) -> &[PrPoint<F>] {
        &self.points
    }

    /// P, the number of positive targets.
    pub fn positives(&self) -> usize {
        self.positives
    }

    /// AP = Σ_k (R_k − R_{k−1}) P_k, the area under the step curve (module docs).
    ///
    /// # Examples
    /// ```
    /// use losses::metrics::precision_recall_curve;
    /// // Ranked: positive, negative, positive, negative. Precision 1 at the first positive and
    /// // 2/3 at the second: AP = (1 + 2/3) / 2.
    /// let curve = precision_recall_curve(&[0.9_f64, 0.8, 0.7, 0.6], &[1.0, 0.0, 1.0, 0.0])?;
    /// assert!((curve.average_precision() - 5.0 / 6.0).abs() < 1e-15);
    /// # Ok::<(), losses::LossError>(())
    /// ```
    pub fn average_precision(&self) -> f64 {
        let mut previous = 0;
        let mut area = 0.0;
        for point in &self.points {
            let new_positives = point.true_positives - previous;
            area += new_positives as f64 * point.precision;
            previous = point.true_positives;
        }
        area / self.positives as f64
    }
}

/// The precision–recall curve of `scores` against 0/1 `targets`.
///
/// # Method
/// Sorts the indices by decreasing score (O(n log n)), then walks the groups of equal scores,
/// counting positives and examples; `-0.0` and `0.0` are one score. ±∞ scores are allowed.
///
/// # Errors
/// [`LossError::Empty`], [`LossError::LengthMismatch`], [`LossError::NotANumber`] for a NaN score,
/// [`LossError::InvalidLabel`] for a target other than 0 or 1, [`LossError::NoPositives`] when no
/// target is 1 (recall is then undefined).
///
/// # Examples
/// ```
/// use losses::metrics::precision_recall_curve;
/// // A tie at the top between a positive and a negative is one step: precision 1/2, recall 1/2.
/// let curve = precision_recall_curve(&[0.9_f64, 0.9, 0.1], &[1.0, 0.0, 1.0])?;
/// let first = curve.points()[0];
/// assert_eq!((first.true_positives, first.detections, first.recall), (1, 2, 0.5));
/// assert_eq!(curve.points().len(), 2);
/// assert!((curve.average_precision() - (0.5 + 2.0 / 3.0) / 2.0).abs() < 1e-15);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn precision_recall_curve<F: LossFloat>(scores: &[F], targets: &[F]) -> Result<PrecisionRecallCurve<F>> {
    validate::non_empty("scores", scores)?;
    validate::same_length("scores", scores, "targets", targets)?;
    let mut positive = Vec::with_capacity(targets.len());
    for (index, &y) in targets.iter().enumerate() {
        positive.push(Label::read_indicator("targets", index, y)? == Label::Positive);
    }
    for (index, &s) in scores.iter().enumerate() {
        validate::not_nan("scores", index, s)?;
    }
    let positives = positive.iter().filter(|&&p| p).count();
    if positives == 0 {
        return Err(LossError::NoPositives);
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    // No NaN is left, so the order is total; equal scores are grouped below, so how the sort
    // orders them does not matter.
    order.sort_by(|&a, &b| scores[b].partial_cmp(&scores[a]).expect("no NaN"));
    let mut points = Vec::new();
    let (mut true_positives, mut detections) = (0, 0);
    let mut k = 0;
    while k < order.len() {
        let threshold = scores[order[k]];
        while k < order.len() && scores[order[k]] == threshold {
            true_positives += usize::from(positive[order[k]]);
            detections += 1;
            k += 1;
        }
        points.push(PrPoint {
            threshold,
            true_positives,
            detections,
            precision: true_positives as f64 / detections as f64,
            recall: true_positives as f64 / positives as f64,
        });
    }
    Ok(PrecisionRecallCurve { points, positives })
}

/// Average precision of `scores` against 0/1 `targets`: the area under the step
/// precision–recall curve (see the [module docs](self) for the definition and the treatment of ties).
///
/// # Errors
/// As [`precision_recall_curve`].
///
/// # Examples
/// ```
/// use losses::metrics::average_precision;
/// assert_eq!(average_precision(&[3.0_f64, 2.0, 1.0], &[1.0, 1.0, 0.0])?, 1.0);   // perfect ranking
/// assert_eq!(average_precision(&[1.0_f64; 4], &[1.0, 0.0, 0.0, 0.0])?, 0.25);    // all tied: P / n
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn average_precision<F: LossFloat>(scores: &[F], targets: &[F]) -> Result<f64> {
    Ok(precision_recall_curve(scores, targets)?.average_precision())
}
