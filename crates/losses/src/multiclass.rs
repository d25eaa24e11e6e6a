//! K-class cross-entropy: from probabilities, and from logits through a softmax evaluated with the
//! log-sum-exp shift.
//!
//! # Infinite logits
//! A −∞ logit is a masked class: probability exactly 0 (as in attention masks). A +∞ logit has no
//! meaningful softmax and is rejected ([`LossError::PositiveInfiniteLogit`]), as is a row whose
//! logits are all −∞ ([`LossError::AllLogitsNegativeInfinite`]).

use crate::float::two_sum;
use crate::information::check_distribution;
use crate::lanes;
use crate::reduction::{BinaryReduction, Reduced, Reduction, divisor};
use crate::summation::CompensatedSum;
use crate::validate;
use crate::{LossError, LossFloat, Result};

/// A validated row of logits, shifted by its maximum.
pub(crate) struct ShiftedRow<F> {
    /// The largest logit m.
    max: F,
    /// e^(zᵢ − m) for every i (1 at `argmax`).
    pub(crate) exps: Vec<F>,
    /// Σ_{i ≠ argmax} e^(zᵢ − m), so that Σᵢ e^(zᵢ − m) = 1 + `rest` and ln of it is `ln_1p(rest)`.
    rest: F,
}

impl<F: LossFloat> ShiftedRow<F> {
    pub(crate) fn new(argument: &'static str, row: usize, offset: usize, z: &[F]) -> Result<Self> {
        let argmax = check_row(argument, row, offset, z)?;
        let max = z[argmax];
        // zᵢ − m is rounded, and a rounding error δ in it is a relative error δ in e^(zᵢ − m):
        // for zᵢ − m ≈ −35 that is ~16 ulp. Keep the difference exactly as hi + lo and use
        // e^(hi + lo) = e^hi (1 + lo).
        let exps: Vec<F> = z
            .iter()
            .map(|&zi| {
                if zi.is_infinite() {
                    return F::zero(); // a −∞ logit (a +∞ one was rejected above)
                }
                // If zᵢ − m overflows (logits of ±f64::MAX), hi = −∞, lo = 0 and e = 0.
                let (hi, lo) = two_sum(zi, -max);
                let e = hi.exp();
                e.mul_add(lo, e)
            })
            .collect();
        let rest = exps
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != argmax)
            .map(|(_, &e)| e)
            .collect::<CompensatedSum<F>>()
            .value();
        Ok(Self { max, exps, rest })
    }

    /// ln Σᵢ e^(zᵢ − m) ≥ 0.
    fn log_normaliser(&self) -> F {
        self.rest.ln_1p()
    }

    /// −ln softmax(z)_k = (m − z_k) + ln Σ e^(zᵢ − m): a sum of two non-negative numbers. Writing it
    /// as log-sum-exp(z) − z_k instead would subtract two numbers of size |m| and keep only the
    /// digits left over (for equal logits of 10⁸, half the digits of ln K).
    pub(crate) fn neg_log_softmax(&self, z_k: F) -> F {
        if z_k.is_infinite() {
            return F::infinity(); // a masked (−∞) class has probability 0
        }
        // m − z_k beyond the float range gives gap_hi = +∞ (and gap_lo = 0): the loss overflows,
        // honestly.
        let (gap_hi, gap_lo) = two_sum(self.max, -z_k);
        gap_hi + (self.log_normaliser() + gap_lo)
    }

    fn softmax(&self) -> Vec<F> {
        let total = F::one() + self.rest;
        self.exps.iter().map(|&e| e / total).collect()
    }

    /// 1 − softmax(z)_k, as the sum of the *other* probabilities (no subtraction from 1).
    fn softmax_complement(&self, k: usize) -> F {
        let others = self
            .exps
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != k)
            .map(|(_, &e)| e)
            .collect::<CompensatedSum<F>>()
            .value();
        others / (F::one() + self.rest)
    }
}

/// Validates a row of logits (`row`-th, starting at index `offset` of the argument): not empty,
/// no NaN, no +∞, not all −∞. Returns the index of the (first) largest logit.
pub(crate) fn check_row<F: LossFloat>(argument: &'static str, row: usize, offset: usize, z: &[F]) -> Result<usize> {
    validate::non_empty(argument, z)?;
    let mut argmax = 0;
    for (i, &zi) in z.iter().enumerate() {
        validate::not_nan(argument, offset + i, zi)?;
        if zi.is_infinite() && zi > F::zero() {
            return Err(LossError::PositiveInfiniteLogit { argument, index: offset + i });
        }
        if zi > z[argmax] {
            argmax = i;
        }
    }
    if z[argmax].is_infinite() {
        return Err(LossError::AllLogitsNegativeInfinite { argument, row });
    }
    Ok(argmax)
}

/// −ln softmax(z)_class of one row (the `row`-th of `argument`, at `offset`), validated; `class`
/// must be in range. For f32 and f64 by the batch kernel on one row, so that batches give bit for
/// bit what the scalar functions give.
pub(crate) fn softmax_ce_row<F: LossFloat>(
    argument: &'static str,
    row: usize,
    offset: usize,
    z: &[F],
    class: usize,
) -> Result<F> {
    let mut loss = [F::zero()];
    if !z.is_empty()
        && let Some(totals) = lanes::softmax_pass(z, z.len(), &[class], Some(&mut loss), None, 1)
        && !totals.invalid
    {
        return Ok(loss[0]);
    }
    Ok(ShiftedRow::new(argument, row, offset, z)?.neg_log_softmax(z[class]))
}

/// ∂/∂z of [`softmax_ce_row`]: softmax(z) − onehot(class).
pub(crate) fn softmax_ce_row_grad<F: LossFloat>(
    argument: &'static str,
    row: usize,
    offset: usize,
    z: &[F],
    class: usize,
) -> Result<Vec<F>> {
    let mut grads = vec![F::zero(); z.len()];
    if !z.is_empty()
        && let Some(totals) = lanes::softmax_pass(z, z.len(), &[class], None, Some(&mut grads), 1)
        && !totals.invalid
    {
        return Ok(grads);
    }
    Ok(hard_row_grad(&ShiftedRow::new(argument, row, offset, z)?, class))
}

pub(crate) fn check_class(argument: &'static str, index: usize, class: usize, num_classes: usize) -> Result<()> {
    if class < num_classes { Ok(()) } else { Err(LossError::ClassOutOfRange { argument, index, class, num_classes }) }
}

/// The softmax softmax(z)_k = e^(z_k) / Σᵢ e^(zᵢ), shifted by max z so no exponential overflows.
///
/// # Errors
/// [`LossError::Empty`], [`LossError::NotANumber`], [`LossError::PositiveInfiniteLogit`],
/// [`LossError::AllLogitsNegativeInfinite`].
///
/// # Examples
/// ```
/// use losses::softmax;
/// let p = softmax(&[1000.0_f64, 1000.0])?;        // naive: e^1000 = ∞, ∞/∞ = NaN
/// assert_eq!(p, vec![0.5, 0.5]);
/// let p = softmax(&[1.0_f64, 2.0, 3.0])?;
/// let by_hand = 1.0_f64.exp() / (1.0_f64.exp() + 2.0_f64.exp() + 3.0_f64.exp());
/// assert!((p[0] - by_hand).abs() < 1e-16);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax<F: LossFloat>(z: &[F]) -> Result<Vec<F>> {
    Ok(ShiftedRow::new("z", 0, 0, z)?.softmax())
}

/// log-sum-exp: ln Σᵢ e^(zᵢ) = m + ln Σᵢ e^(zᵢ − m) with m = max z.
///
/// # Errors
/// As [`softmax`].
///
/// # Examples
/// ```
/// use losses::log_sum_exp;
/// assert_eq!(log_sum_exp(&[1000.0_f64, -1000.0])?, 1000.0);
/// assert!((log_sum_exp(&[0.0_f64, 0.0])? - 2.0_f64.ln()).abs() < 1e-16);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn log_sum_exp<F: LossFloat>(z: &[F]) -> Result<F> {
    let row = ShiftedRow::new("z", 0, 0, z)?;
    Ok(row.max + row.log_normaliser())
}

/// ln softmax(z)_k for every k, each as −[(m − z_k) + ln Σ e^(zᵢ − m)].
///
/// # Errors
/// As [`softmax`].
///
/// # Examples
/// ```
/// use losses::log_softmax;
/// let l = log_softmax(&[0.0_f64, 0.0, 0.0, 0.0])?;
/// assert!((l[0] + 4.0_f64.ln()).abs() < 1e-15);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn log_softmax<F: LossFloat>(z: &[F]) -> Result<Vec<F>> {
    let row = ShiftedRow::new("z", 0, 0, z)?;
    Ok(z.iter().map(|&zk| -row.neg_log_softmax(zk)).collect())
}

/// K-class cross-entropy of a probability vector q against a class index: −ln q_class.
///
/// # Formula
/// ℰ = −Σ_k y_k ln q_k with one-hot y, i.e. −ln q_c for the true class c.
///
/// # Errors
/// [`LossError::NotADistribution`] and friends for `q`, [`LossError::ClassOutOfRange`].
///
/// # Examples
/// ```
/// use losses::categorical_cross_entropy;
/// let ce = categorical_cross_entropy(&[0.7_f64, 0.2, 0.1], 0)?;
/// assert_eq!(ce, -(0.7_f64.ln()));
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn categorical_cross_entropy<F: LossFloat>(q: &[F], class: usize) -> Result<F> {
    check_distribution("q", q)?;
    check_class("class", 0, class, q.len())?;
    Ok(-q[class].ln())
}

/// K-class cross-entropy from logits with an integer label: −ln softmax(z)_class.
///
/// # Formula
/// CE(z, c) = −ln(e^(z_c) / Σᵢ e^(zᵢ)) = (m − z_c) + ln Σᵢ e^(zᵢ − m), m = max z.
///
/// # Method
/// The second form, a sum of two non-negative terms, never log-sum-exp(z) − z_c (which subtracts
/// two numbers of size |m| and keeps only the digits left over: for equal logits of 10⁸, half the
/// digits of ln K). m − z_c and every zᵢ − m are formed exactly as hi + lo (two-sum), and
/// e^(zᵢ − m) as e^hi (1 + lo) with a fused multiply-add: a rounded zᵢ − m ≈ −35 alone would cost
/// about 16 ulp. The largest term of Σᵢ e^(zᵢ − m) is exactly 1, so the sum is 1 + r with r the
/// compensated sum of the others, and its logarithm is `ln_1p(r)`. The result is
/// hi + (ln_1p(r) + lo).
///
/// # Special values
/// - A −∞ logit is a masked class: probability 0, so CE = +∞ when the true class is masked.
/// - K equal logits: ln K, whatever their size.
/// - A +∞ logit, a row of −∞ only, or NaN: an error (below).
///
/// # Accuracy
/// Within 4 ulp (f32 and f64) of the 2048-bit reference for every row of the reference table:
/// K equal logits up to ±10⁸ (K = 2, 3, 10; where optax is off by 4.5·10⁻⁹ relative), spreads of
/// ±1000, and random rows of 2 to 10 logits, as `tests/reference.rs` enforces.
///
/// # Errors
/// As [`softmax`], plus [`LossError::ClassOutOfRange`].
///
/// # Examples
/// ```
/// use losses::softmax_cross_entropy;
/// let ce = softmax_cross_entropy(&[1e8_f64, 1e8, 1e8], 1)?;
/// assert!((ce - 3.0_f64.ln()).abs() <= f64::EPSILON);   // ln K, to the last bit or so
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_cross_entropy<F: LossFloat>(z: &[F], class: usize) -> Result<F> {
    if class >= z.len() {
        check_row("z", 0, 0, z)?;
        check_class("class", 0, class, z.len())?;
    }
    softmax_ce_row("z", 0, 0, z, class)
}

/// K-class cross-entropy from logits against a soft (or one-hot) target distribution t:
/// −Σ_k t_k ln softmax(z)_k.
///
/// # Errors
/// As [`softmax`], [`LossError::NotADistribution`] and friends for `target`,
/// [`LossError::LengthMismatch`].
///
/// # Examples
/// ```
/// use losses::{softmax_cross_entropy, softmax_cross_entropy_soft};
/// let z = [0.5_f64, -1.0, 2.0];
/// assert_eq!(softmax_cross_entropy_soft(&z, &[0.0, 0.0, 1.0])?, softmax_cross_entropy(&z, 2)?);
/// let mixed = softmax_cross_entropy_soft(&z, &[0.5, 0.0, 0.5])?;
/// let by_hand = 0.5 * softmax_cross_entropy(&z, 0)? + 0.5 * softmax_cross_entropy(&z, 2)?;
/// assert!((mixed - by_hand).abs() < 1e-15);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_cross_entropy_soft<F: LossFloat>(z: &[F], target: &[F]) -> Result<F> {
    check_row("z", 0, 0, z)?;
    check_distribution("target", target)?;
    validate::same_length("z", z, "target", target)?;
    if let Some(neg_log_softmax) = lanes::neg_log_softmax_all(z) {
        // The losses of every class as the hard-label functions compute them, so that a one-hot
        // target gives bit for bit `softmax_cross_entropy`.
        let mut sum = CompensatedSum::new();
        for (&value, &tk) in neg_log_softmax.iter().zip(target) {
            if tk > F::zero() {
                sum.add(tk * value); // t_k = 0 skipped: 0·∞ at a masked class is 0
            }
        }
        return Ok(sum.value());
    }
    Ok(soft_row_loss(&ShiftedRow::new("z", 0, 0, z)?, z, target))
}

fn soft_row_loss<F: LossFloat>(row: &ShiftedRow<F>, z: &[F], target: &[F]) -> F {
    let mut sum = CompensatedSum::new();
    for (&zk, &tk) in z.iter().zip(target) {
        if tk > F::zero() {
            sum.add(tk * row.neg_log_softmax(zk)); // t_k = 0 skipped: 0·∞ at a masked class is 0
        }
    }
    sum.value()
}

/// ∂CE/∂z for an integer label: softmax(z) − onehot(class).
///
/// # Formula
/// ∂CE/∂z_k = softmax(z)_k − [k = c].
///
/// # Method
/// softmax(z)_k = e^(z_k − m) / (1 + r) from the same shifted row as [`softmax_cross_entropy`].
/// The entry of the true class, softmax(z)_c − 1, is evaluated as −Σ_{i≠c} e^(zᵢ − m) / (1 + r)
/// (a compensated sum), never as 1 subtracted from a rounded probability, so it keeps its digits
/// when the model is confident.
///
/// # Accuracy
/// Within 8 ulp (f32 and f64) of the 2048-bit reference for every entry of every row of the
/// reference table, as `tests/reference.rs` enforces.
///
/// # Errors
/// As [`softmax_cross_entropy`].
///
/// # Examples
/// ```
/// use losses::{softmax, softmax_cross_entropy_grad};
/// let z = [1.0_f64, 2.0, 0.5];
/// let g = softmax_cross_entropy_grad(&z, 1)?;
/// let p = softmax(&z)?;
/// assert!((g[1] - (p[1] - 1.0)).abs() < 1e-15);
/// assert_eq!(g[0], p[0]);
/// assert!(g.iter().sum::<f64>().abs() < 1e-15);             // gradients sum to 0
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_cross_entropy_grad<F: LossFloat>(z: &[F], class: usize) -> Result<Vec<F>> {
    if class >= z.len() {
        check_row("z", 0, 0, z)?;
        check_class("class", 0, class, z.len())?;
    }
    softmax_ce_row_grad("z", 0, 0, z, class)
}

pub(crate) fn hard_row_grad<F: LossFloat>(row: &ShiftedRow<F>, class: usize) -> Vec<F> {
    let mut g = row.softmax();
    g[class] = -row.softmax_complement(class);
    g
}

/// ∂CE/∂z for a soft target: softmax(z) − t.
///
/// The difference is formed directly; where softmax(z)_k ≈ t_k it carries the absolute (not
/// relative) error of the subtraction.
///
/// # Errors
/// As [`softmax_cross_entropy_soft`].
///
/// # Examples
/// ```
/// use losses::{softmax, softmax_cross_entropy_soft_grad};
/// let z = [0.0_f64, 0.0];
/// assert_eq!(softmax_cross_entropy_soft_grad(&z, &[0.25, 0.75])?, vec![0.25, -0.25]);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_cross_entropy_soft_grad<F: LossFloat>(z: &[F], target: &[F]) -> Result<Vec<F>> {
    let row = ShiftedRow::new("z", 0, 0, z)?;
    check_distribution("target", target)?;
    validate::same_length("z", z, "target", target)?;
    Ok(row.softmax().into_iter().zip(target).map(|(p, &t)| p - t).collect())
}

/// The rows of a row-major batch of `num_classes` logits per row, one row per class label: a typed
/// error unless the logits split into whole rows and there are as many rows as labels.
pub(crate) fn batch_rows<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    labels: usize,
) -> Result<core::slice::ChunksExact<'_, F>> {
    if num_classes == 0 || logits.is_empty() || !logits.len().is_multiple_of(num_classes) {
        return Err(LossError::RaggedBatch { argument: "logits", len: logits.len(), num_classes });
    }
    let n = logits.len() / num_classes;
    if n != labels {
        return Err(LossError::LengthMismatch {
            left: "logits (rows)",
            left_len: n,
            right: "classes",
            right_len: labels,
        });
    }
    Ok(logits.chunks_exact(num_classes))
}

/// [`batch_rows`] with every class checked.
pub(crate) fn rows<'a, F: LossFloat>(
    logits: &'a [F],
    num_classes: usize,
    classes: &[usize],
) -> Result<core::slice::ChunksExact<'a, F>> {
    let rows = batch_rows(logits, num_classes, classes.len())?;
    for (index, &class) in classes.iter().enumerate() {
        check_class("classes", index, class, num_classes)?;
    }
    Ok(rows)
}

/// Softmax cross-entropy of a batch: `logits` holds n rows of `num_classes` logits, row-major,
/// `classes` the n true class indices.
///
/// It takes a [`Reduction`]: among K classes there are no "positives" to normalise by, so
/// `BinaryReduction::SumOverPositives` does not compile here. `Mean` divides by the number of
/// rows (examples).
///
/// # Errors
/// [`LossError::RaggedBatch`], [`LossError::LengthMismatch`], [`LossError::ClassOutOfRange`], and
/// the row errors of [`softmax`].
///
/// # Examples
/// ```
/// use losses::{softmax_cross_entropy, softmax_cross_entropy_batch, Reduction};
/// let logits = [2.0_f64, 0.0, 0.0, /* row 2 */ 0.0, 0.0, 3.0];
/// let mean = softmax_cross_entropy_batch(&logits, 3, &[0, 2], Reduction::Mean)?.total().unwrap();
/// let by_rows = (softmax_cross_entropy(&logits[..3], 0)? + softmax_cross_entropy(&logits[3..], 2)?) / 2.0;
/// assert!((mean - by_rows).abs() < 1e-16);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_cross_entropy_batch<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[usize],
    reduction: Reduction,
) -> Result<Reduced<F>> {
    let loss = softmax_batch(logits, num_classes, classes, reduction, true, None)?;
    Ok(loss.expect("a loss was asked for"))
}

/// The gradient of the reduced batch softmax cross-entropy with respect to every logit (same
/// row-major layout as `logits`).
///
/// # Errors
/// As [`softmax_cross_entropy_batch`].
///
/// # Examples
/// ```
/// use losses::{softmax_cross_entropy_grad, softmax_cross_entropy_grad_batch, Reduction};
/// let logits = [2.0_f64, 0.0, /* row 2 */ 0.0, 1.0];
/// let g = softmax_cross_entropy_grad_batch(&logits, 2, &[0, 1], Reduction::Sum)?;
/// assert_eq!(&g[2..], softmax_cross_entropy_grad(&logits[2..], 1)?.as_slice());
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_cross_entropy_grad_batch<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[usize],
    reduction: Reduction,
) -> Result<Vec<F>> {
    let mut grads = vec![F::zero(); logits.len()];
    softmax_cross_entropy_grad_batch_into(logits, num_classes, classes, reduction, &mut grads)?;
    Ok(grads)
}

/// [`softmax_cross_entropy_grad_batch`] into a buffer the caller owns (no allocation).
///
/// # Errors
/// As [`softmax_cross_entropy_batch`], and [`LossError::LengthMismatch`] unless `grads` has one
/// entry per logit. On an error the contents of `grads` are unspecified.
///
/// # Examples
/// ```
/// use losses::{softmax_cross_entropy_grad_batch_into, Reduction};
/// let mut grads = [0.0_f32; 4];
/// softmax_cross_entropy_grad_batch_into(&[0.0, 0.0, 1.0, 1.0], 2, &[0, 1], Reduction::Sum, &mut grads)?;
/// assert_eq!(grads, [-0.5, 0.5, 0.5, -0.5]);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_cross_entropy_grad_batch_into<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[usize],
    reduction: Reduction,
    grads: &mut [F],
) -> Result<()> {
    softmax_batch(logits, num_classes, classes, reduction, false, Some(grads)).map(drop)
}

/// The reduced batch softmax cross-entropy and, into `grads`, its gradient, from one pass: bit for
/// bit what [`softmax_cross_entropy_batch`] and [`softmax_cross_entropy_grad_batch_into`] return.
///
/// # Errors
/// As [`softmax_cross_entropy_grad_batch_into`].
///
/// # Examples
/// ```
/// use losses::{softmax_cross_entropy_and_grad_batch, softmax_cross_entropy_batch, Reduction};
/// let logits = [2.0_f64, 0.0, -1.0, /* row 2 */ 0.5, 0.5, 3.0];
/// let mut grads = [0.0; 6];
/// let loss = softmax_cross_entropy_and_grad_batch(&logits, 3, &[0, 2], Reduction::Mean, &mut grads)?;
/// assert_eq!(loss, softmax_cross_entropy_batch(&logits, 3, &[0, 2], Reduction::Mean)?);
/// assert!(grads.iter().sum::<f64>().abs() < 1e-16);        // each row's entries sum to 0
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_cross_entropy_and_grad_batch<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[usize],
    reduction: Reduction,
    grads: &mut [F],
) -> Result<Reduced<F>> {
    let loss = softmax_batch(logits, num_classes, classes, reduction, true, Some(grads))?;
    Ok(loss.expect("a loss was asked for"))
}

/// The engine of the softmax cross-entropy batch functions: validates (layout and classes first,
/// then the rows in order), computes the reduced loss if `want_loss` and the gradient of the
/// reduced loss into `grads` if given. For f32 and f64 in one pass of
/// [`kernels::SoftmaxPass`](crate::kernels::SoftmaxPass), which validates as it goes (the rows are
/// scanned again only when it found an invalid one, to report the first).
fn softmax_batch<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[usize],
    reduction: Reduction,
    want_loss: bool,
    mut grads: Option<&mut [F]>,
) -> Result<Option<Reduced<F>>> {
    let rows = rows(logits, num_classes, classes)?;
    if let Some(grads) = &grads {
        validate::same_length("logits", logits, "grads", grads)?;
    }
    let n = classes.len();
    // `Mean` divides by the number of rows (examples), not of logits.
    let divisor = divisor(BinaryReduction::from(reduction), n, 0)?;
    let keep = want_loss && reduction == Reduction::None;
    let mut kept = if keep { vec![F::zero(); n] } else { Vec::new() };
    let losses = if keep { Some(&mut kept[..]) } else { None };
    if let Some(totals) = lanes::softmax_pass(logits, num_classes, classes, losses, grads.as_deref_mut(), divisor) {
        if !totals.invalid {
            return Ok(want_loss.then(|| {
                if keep {
                    Reduced::PerExample(kept)
                } else {
                    Reduced::Total(F::from_f64(totals.sum.value() / divisor as f64))
                }
            }));
        }
        for (r, z) in rows.clone().enumerate() {
            check_row("logits", r, r * num_classes, z)?;
        }
    }
    // The generic code (dual numbers).
    let scale = F::from_f64(divisor as f64);
    let mut sum = CompensatedSum::new();
    kept.clear();
    for (r, (z, &class)) in rows.zip(classes).enumerate() {
        let row = ShiftedRow::new("logits", r, r * num_classes, z)?;
        if want_loss {
            let value = row.neg_log_softmax(z[class]);
            if keep { kept.push(value) } else { sum.add(value) }
        }
        if let Some(grads) = grads.as_deref_mut() {
            let out = &mut grads[r * num_classes..(r + 1) * num_classes];
            for (o, g) in out.iter_mut().zip(hard_row_grad(&row, class)) {
                *o = if divisor == 1 { g } else { g / scale };
            }
        }
    }
    Ok(want_loss.then(|| {
        if keep {
            Reduced::PerExample(kept)
        } else if divisor == 1 {
            Reduced::Total(sum.value())
        } else {
            Reduced::Total(sum.value() / scale)
        }
    }))
}
