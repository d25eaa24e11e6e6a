//! Binary cross-entropy, from probabilities and from logits, plain and α-balanced.
//!
//! # Conventions
//! The focal-loss paper (Lin et al. 2017, §3 and Appendix B) writes the label as y ∈ {−1, +1}, the
//! logit as x, p = σ(x) the predicted probability of the positive class, and
//!
//! ```text
//! p_t = p if y = +1, 1 − p otherwise;      x_t = y·x, so that p_t = σ(x_t).
//! ```
//!
//! Data sets usually store labels as 0/1. This crate takes a typed [`Label`] in scalar functions
//! (so a label can never be 2) and `0`/`1` floats in batch functions (checked, with a typed error).
//! [`Label::sign`] gives the paper's ±1, [`Label::indicator`] the 0/1 form.
//!
//! # Infinite logits
//! A logit of ±∞ is a legitimate limit, not an error: with x_t = y·x,
//! x_t = +∞ (certain and right) gives loss 0 and gradient 0; x_t = −∞ (certain and wrong) gives
//! loss +∞ and the finite gradient −y. NaN is rejected with [`LossError::NotANumber`].

use crate::activation::{sigmoid, softplus};
use crate::focal::{focal_from_signed_logit, focal_grad_signed_logit};
use crate::kernels::BinaryLoss;
use crate::lanes;
use crate::reduction::{BinaryReduction, Losses, Reduced, Sink, batch, divisor};
use crate::summation::CompensatedSum;
use crate::validate;
use crate::{LossError, LossFloat, Result};

/// The class of a binary example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// y = 1 in 0/1 notation, y = +1 in the paper's notation: the object / foreground class.
    Positive,
    /// y = 0 in 0/1 notation, y = −1 in the paper's notation: background.
    Negative,
}

impl Label {
    /// Reads a 0/1 label.
    ///
    /// # Errors
    /// [`LossError::InvalidLabel`] unless `y` is exactly 0 or 1.
    ///
    /// # Examples
    /// ```
    /// use losses::Label;
    /// assert_eq!(Label::from_indicator(1.0_f64)?, Label::Positive);
    /// assert!(Label::from_indicator(0.5_f64).is_err());
    /// # Ok::<(), losses::LossError>(())
    /// ```
    pub fn from_indicator<F: LossFloat>(y: F) -> Result<Self> {
        Self::read_indicator("y", 0, y)
    }

    /// Reads a label in the paper's ±1 notation.
    ///
    /// # Errors
    /// [`LossError::InvalidLabel`] unless `y` is exactly −1 or +1.
    ///
    /// # Examples
    /// ```
    /// use losses::Label;
    /// assert_eq!(Label::from_sign(-1.0_f64)?, Label::Negative);
    /// assert!(Label::from_sign(0.0_f64).is_err());
    /// # Ok::<(), losses::LossError>(())
    /// ```
    pub fn from_sign<F: LossFloat>(y: F) -> Result<Self> {
        if y == F::one() {
            Ok(Label::Positive)
        } else if y == -F::one() {
            Ok(Label::Negative)
        } else {
            Err(LossError::InvalidLabel { argument: "y", index: 0, value: y.to_f64(), expected: "-1 or +1" })
        }
    }

    pub(crate) fn read_indicator<F: LossFloat>(argument: &'static str, index: usize, y: F) -> Result<Self> {
        if y == F::one() {
            Ok(Label::Positive)
        } else if y == F::zero() {
            Ok(Label::Negative)
        } else {
            Err(LossError::InvalidLabel { argument, index, value: y.to_f64(), expected: "0 or 1" })
        }
    }

    /// The paper's y ∈ {−1, +1}.
    ///
    /// # Examples
    /// ```
    /// use losses::Label;
    /// assert_eq!(Label::Negative.sign::<f64>(), -1.0);
    /// ```
    pub fn sign<F: LossFloat>(self) -> F {
        match self {
            Label::Positive => F::one(),
            Label::Negative => -F::one(),
        }
    }

    /// The 0/1 label y ∈ {0, 1}.
    ///
    /// # Examples
    /// ```
    /// use losses::Label;
    /// assert_eq!(Label::Positive.indicator::<f32>(), 1.0);
    /// ```
    pub fn indicator<F: LossFloat>(self) -> F {
        match self {
            Label::Positive => F::one(),
            Label::Negative => F::zero(),
        }
    }
}

/// p_t, the probability the model gives to the true class.
///
/// # Formula
/// p_t = p if y = 1, 1 − p otherwise (Lin et al. 2017, eq. 2).
///
/// # Errors
/// [`LossError::NotAProbability`] / [`LossError::NotANumber`] unless p ∈ [0, 1].
///
/// # Examples
/// ```
/// use losses::{p_t, Label};
/// assert_eq!(p_t(0.8_f64, Label::Positive)?, 0.8);
/// assert_eq!(p_t(0.75_f64, Label::Negative)?, 0.25);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn p_t<F: LossFloat>(p: F, label: Label) -> Result<F> {
    let p = validate::probability("p", 0, p)?;
    Ok(match label {
        Label::Positive => p,
        Label::Negative => F::one() - p,
    })
}

/// α_t, the class-balancing weight of the true class.
///
/// # Formula
/// α_t = α if y = 1, 1 − α otherwise (Lin et al. 2017, §3.1).
///
/// # Errors
/// [`LossError::InvalidAlpha`] unless α ∈ [0, 1].
///
/// # Examples
/// ```
/// use losses::{alpha_t, Label};
/// assert_eq!(alpha_t(0.25_f64, Label::Positive)?, 0.25);
/// assert_eq!(alpha_t(0.25_f64, Label::Negative)?, 0.75);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn alpha_t<F: LossFloat>(alpha: F, label: Label) -> Result<F> {
    let alpha = check_alpha(alpha)?;
    Ok(weight_of(alpha, label))
}

pub(crate) fn check_alpha<F: LossFloat>(alpha: F) -> Result<F> {
    if alpha.is_nan() || alpha < F::zero() || alpha > F::one() {
        Err(LossError::InvalidAlpha { alpha: alpha.to_f64() })
    } else {
        Ok(alpha)
    }
}

pub(crate) fn weight_of<F: LossFloat>(alpha: F, label: Label) -> F {
    match label {
        Label::Positive => alpha,
        Label::Negative => F::one() - alpha,
    }
}

// ---------------------------------------------------------------------------------------------
// Kernels: unchecked, shared by the scalar and the batch functions and by `focal`.
// ---------------------------------------------------------------------------------------------

// The two loss kernels below are evaluated in `F::Accurate` (f64 for f32; a no-op for f64) and
// rounded once, like the focal loss for γ > 0. That makes the f32 cross-entropy the correctly
// rounded f64 value in all but rare ties, and — since the focal loss is the same f64 cross-entropy
// times a factor ≤ 1, rounded the same way — guarantees FL ≤ CE in f32 too, not just up to an ulp.

/// −ln p_t from a probability, with ln(1 − p) as `ln_1p(−p)` so no digit of p is lost.
#[inline]
pub(crate) fn cross_entropy_from_probability<F: LossFloat>(p: F, label: Label) -> F {
    let p = p.widen();
    F::narrow(match label {
        Label::Positive => -p.ln(),
        Label::Negative => -(-p).ln_1p(),
    })
}

/// CE as a function of x_t = y·x: −ln σ(x_t) = softplus(−x_t). Finite for finite x_t; +∞ at −∞.
#[inline]
pub(crate) fn cross_entropy_from_signed_logit<F: LossFloat>(x_t: F) -> F {
    F::narrow(softplus(-x_t.widen()))
}

/// dCE/dx_t = p_t − 1 = −σ(−x_t), never formed by subtraction.
#[inline]
pub(crate) fn cross_entropy_grad_signed_logit<F: LossFloat>(x_t: F) -> F {
    -sigmoid(-x_t)
}

/// Validates a 0/1 target slice against an input slice, every target before any input is looked at,
/// and returns the number of positives. The labels are not stored (the focal-loss batches are hot
/// enough for that to matter): the loops read each one again with [`label_of`].
fn count_positives<F: LossFloat>(input_name: &'static str, inputs: &[F], targets: &[F]) -> Result<usize> {
    validate::non_empty(input_name, inputs)?;
    validate::same_length(input_name, inputs, "targets", targets)?;
    // No branch on the label inside the loop (labels are random, a branch on them is mispredicted
    // every other time): count, remember whether anything was invalid, and only then look for the
    // first invalid target to report.
    let (mut positives, mut invalid) = (0, false);
    for &y in targets {
        let positive = y == F::one();
        positives += usize::from(positive);
        invalid |= !positive & (y != F::zero());
    }
    if invalid {
        for (index, &y) in targets.iter().enumerate() {
            Label::read_indicator("targets", index, y)?;
        }
    }
    Ok(positives)
}

/// The label of a target that [`count_positives`] has validated (so it is exactly 0 or 1).
#[inline]
pub(crate) fn label_of<F: LossFloat>(y: F) -> Label {
    if y == F::one() { Label::Positive } else { Label::Negative }
}

// ---------------------------------------------------------------------------------------------
// The engine of the losses from logits (cross-entropy and focal loss), scalar and batch
// ---------------------------------------------------------------------------------------------

/// A loss from logits: the focal loss with γ and optional α, the cross-entropy with γ = 0 and no α.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LogitLoss<F> {
    pub(crate) gamma: F,
    pub(crate) alpha: Option<F>,
}

impl<F: LossFloat> LogitLoss<F> {
    /// The binary cross-entropy.
    pub(crate) fn cross_entropy() -> Self {
        Self { gamma: F::zero(), alpha: None }
    }

    /// α_t (1 without α).
    fn weight(&self, label: Label) -> F {
        self.alpha.map_or(F::one(), |alpha| weight_of(alpha, label))
    }

    /// The same, for the kernels.
    fn kernel(&self) -> BinaryLoss {
        BinaryLoss {
            gamma: self.gamma.to_f64(),
            weight_positive: self.weight(Label::Positive).to_f64(),
            weight_negative: self.weight(Label::Negative).to_f64(),
        }
    }

    /// The loss of x_t with weight α_t, by the generic code (dual numbers).
    fn generic_loss(&self, x_t: F, weight: F) -> F {
        if self.alpha.is_none() && self.gamma == F::zero() {
            cross_entropy_from_signed_logit(x_t)
        } else {
            focal_from_signed_logit(x_t, self.gamma, weight)
        }
    }

    /// dL/dx_t with weight α_t, by the generic code.
    fn generic_grad(&self, x_t: F, weight: F) -> F {
        if self.alpha.is_none() && self.gamma == F::zero() {
            cross_entropy_grad_signed_logit(x_t)
        } else {
            focal_grad_signed_logit(x_t, self.gamma, weight)
        }
    }

    /// (loss, dL/dx) of one logit that is not NaN: for f32 and f64 by the batch kernel on a slice of
    /// one (so a batch gives bit for bit what the scalar functions give), otherwise generically.
    pub(crate) fn scalar(&self, x: F, label: Label) -> (F, F) {
        let (mut loss, mut grad) = ([F::zero()], [F::zero()]);
        let target = [label.indicator::<F>()];
        let pass = lanes::binary_pass(&[x], &target, self.kernel(), Some(&mut loss), Some(&mut grad), 1);
        if pass.is_some_and(|totals| !totals.invalid) {
            return (loss[0], grad[0]);
        }
        let (y, weight) = (label.sign::<F>(), self.weight(label));
        (self.generic_loss(y * x, weight), y * self.generic_grad(y * x, weight))
    }
}

/// The engine of every batch function from logits: validates (in the order the errors are
/// reported: lengths, targets, the positives a reduction needs, logits), computes the reduced loss
/// if `want_loss` and the gradient of the reduced loss into `grads` if given, in one pass. For f32
/// and f64 that pass is [`kernels::BinaryPass`](crate::kernels::BinaryPass), which validates as it
/// goes; a second scan happens only when it found an invalid input, to report the first one.
pub(crate) fn logit_batch<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    loss: LogitLoss<F>,
    reduction: BinaryReduction,
    want_loss: bool,
    mut grads: Option<&mut [F]>,
) -> Result<Option<Reduced<F>>> {
    validate::non_empty("logits", logits)?;
    validate::same_length("logits", logits, "targets", targets)?;
    if let Some(grads) = &grads {
        validate::same_length("logits", logits, "grads", grads)?;
    }
    let n = logits.len();
    // The gradient's divisor is needed before the pass; normalising by the positives then means
    // counting them first (which validates the targets).
    let counted = match (&grads, reduction) {
        (Some(_), BinaryReduction::SumOverPositives) => Some(count_positives("logits", logits, targets)?),
        _ => None,
    };
    let grad_divisor = match counted {
        Some(positives) => divisor(reduction, n, positives)?,
        None if reduction == BinaryReduction::SumOverPositives => 1, // no gradient wanted
        None => divisor(reduction, n, 0)?,
    };
    let keep = want_loss && reduction == BinaryReduction::None;
    let mut kept = if keep { vec![F::zero(); n] } else { Vec::new() };
    let losses = if keep { Some(&mut kept[..]) } else { None };
    if let Some(totals) = lanes::binary_pass(logits, targets, loss.kernel(), losses, grads.as_deref_mut(), grad_divisor)
    {
        if !totals.invalid {
            if !want_loss {
                return Ok(None);
            }
            let total_divisor = divisor(reduction, n, counted.unwrap_or(totals.positives))?;
            return Ok(Some(if keep {
                Reduced::PerExample(kept)
            } else {
                Reduced::Total(F::from_f64(totals.sum.value() / total_divisor as f64))
            }));
        }
        // An invalid input somewhere: report the first, in the generic order.
        let positives = count_positives("logits", logits, targets)?;
        divisor(reduction, n, positives)?;
        for (i, &x) in logits.iter().enumerate() {
            validate::not_nan("logits", i, x)?;
        }
    }
    // The generic code (dual numbers).
    let positives = count_positives("logits", logits, targets)?;
    let total_divisor = divisor(reduction, n, positives)?;
    let grad_scale = F::from_f64(grad_divisor as f64);
    let mut sum = CompensatedSum::new();
    kept.clear();
    for (i, (&x, &y)) in logits.iter().zip(targets).enumerate() {
        let x = validate::not_nan("logits", i, x)?;
        let label = label_of(y);
        let (sign, weight) = (label.sign::<F>(), loss.weight(label));
        if want_loss {
            let value = loss.generic_loss(sign * x, weight);
            if keep { kept.push(value) } else { sum.add(value) }
        }
        if let Some(grads) = grads.as_deref_mut() {
            let g = sign * loss.generic_grad(sign * x, weight);
            grads[i] = if grad_divisor == 1 { g } else { g / grad_scale };
        }
    }
    Ok(want_loss.then(|| {
        if keep {
            Reduced::PerExample(kept)
        } else if total_divisor == 1 {
            Reduced::Total(sum.value())
        } else {
            Reduced::Total(sum.value() / F::from_f64(total_divisor as f64))
        }
    }))
}

/// The skeleton of every binary batch function: validate the targets and count the positives, then
/// [`batch`] over one value per example. `fill` pushes the per-example values (losses or gradient
/// entries) into the sink in index order, validating each input as it goes.
pub(crate) fn binary_batch<F: LossFloat, S: Sink<F>>(
    input_name: &'static str,
    inputs: &[F],
    targets: &[F],
    reduction: BinaryReduction,
    fill: impl FnOnce(&mut S) -> Result<()>,
) -> Result<S::Output> {
    let positives = count_positives(input_name, inputs, targets)?;
    batch(reduction, inputs.len(), positives, inputs.len(), fill)
}

// ---------------------------------------------------------------------------------------------
// Public scalar functions
// ---------------------------------------------------------------------------------------------

/// Binary cross-entropy from a probability: CE(p, y) = −ln p_t.
///
/// # Formula
/// CE(p, y) = −ln p if y = 1, −ln(1 − p) otherwise (Lin et al. 2017, eq. 1). The second branch is
/// evaluated as −ln_1p(−p), exact to the last digit even when p is tiny.
/// CE is +∞ when p_t = 0 (a certain, wrong prediction) — the honest value, not an error.
///
/// # Accuracy
/// Within 4 ulp (f32 and f64) of a 2048-bit reference.
///
/// # Errors
/// [`LossError::NotAProbability`] or [`LossError::NotANumber`] unless p ∈ [0, 1].
///
/// # Examples
/// ```
/// use losses::{binary_cross_entropy, Label};
/// let ce = binary_cross_entropy(0.9_f64, Label::Positive)?;
/// assert!((ce - (-(0.9_f64).ln())).abs() < 1e-16);
/// let ce_negative = binary_cross_entropy(0.9_f64, Label::Negative)?;   // p_t = 0.1
/// assert!((ce_negative - (-(0.1_f64).ln())).abs() < 1e-14);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn binary_cross_entropy<F: LossFloat>(p: F, label: Label) -> Result<F> {
    let p = validate::probability("p", 0, p)?;
    Ok(cross_entropy_from_probability(p, label))
}

/// Binary cross-entropy from a logit x (p = σ(x)), evaluated without ever forming σ(x).
///
/// # Formula
/// CE = −ln σ(x_t) = softplus(−x_t) = max(−x_t, 0) + ln(1 + e^(−|x_t|)), with x_t = y·x and
/// y ∈ {−1, +1}. The naive −ln(σ(x)) returns +∞ once σ(x) underflows and −ln(1 − σ(x)) returns
/// +∞ once σ(x) rounds to 1 (x ≥ 36.74 in f64); this form is finite and accurate for every finite x.
///
/// # Accuracy
/// Within 4 ulp (f32 and f64) of a 2048-bit reference, for logits in [−1000, 1000].
///
/// # Errors
/// [`LossError::NotANumber`] if x is NaN. ±∞ follow the policy in the [module docs](self).
///
/// # Examples
/// ```
/// use losses::{binary_cross_entropy_with_logits, Label};
/// let x = 2.0_f64;
/// let p = 1.0 / (1.0 + (-x).exp());
/// let ce = binary_cross_entropy_with_logits(x, Label::Positive)?;
/// assert!((ce - (-p.ln())).abs() < 1e-15);
/// // Far beyond where σ(x) rounds to 1, the loss of the wrong label is still exact: ≈ x.
/// assert_eq!(binary_cross_entropy_with_logits(800.0_f64, Label::Negative)?, 800.0);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn binary_cross_entropy_with_logits<F: LossFloat>(x: F, label: Label) -> Result<F> {
    let x = validate::not_nan("x", 0, x)?;
    Ok(LogitLoss::cross_entropy().scalar(x, label).0)
}

/// dCE/dx, the derivative of [`binary_cross_entropy_with_logits`] with respect to the logit.
///
/// # Formula
/// dCE/dx = y(p_t − 1) with y ∈ {−1, +1} (Lin et al. 2017, Appendix B, eq. 6); equivalently
/// σ(x) − y₀₁ for a 0/1 label. Evaluated as −y·σ(−x_t): p_t − 1 by subtraction would cancel to 0
/// as p_t → 1.
///
/// # Accuracy
/// Within 8 ulp (f64) of a 2048-bit reference.
///
/// # Errors
/// [`LossError::NotANumber`] if x is NaN.
///
/// # Examples
/// ```
/// use losses::{binary_cross_entropy_with_logits_grad, Label};
/// let x = 0.5_f64;
/// let sigma = 1.0 / (1.0 + (-x).exp());
/// let g = binary_cross_entropy_with_logits_grad(x, Label::Positive)?;
/// assert!((g - (sigma - 1.0)).abs() < 1e-15);                      // σ(x) − 1
/// let g = binary_cross_entropy_with_logits_grad(x, Label::Negative)?;
/// assert!((g - sigma).abs() < 1e-15);                              // σ(x) − 0
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn binary_cross_entropy_with_logits_grad<F: LossFloat>(x: F, label: Label) -> Result<F> {
    let x = validate::not_nan("x", 0, x)?;
    Ok(LogitLoss::cross_entropy().scalar(x, label).1)
}

/// α-balanced cross-entropy from a probability: CE = −α_t ln p_t (Lin et al. 2017, eq. 3).
///
/// # Errors
/// As [`binary_cross_entropy`], plus [`LossError::InvalidAlpha`] unless α ∈ [0, 1].
///
/// # Examples
/// ```
/// use losses::{balanced_cross_entropy, binary_cross_entropy, Label};
/// let ce = binary_cross_entropy(0.3_f64, Label::Negative)?;
/// let balanced = balanced_cross_entropy(0.3_f64, Label::Negative, 0.25)?;
/// assert_eq!(balanced, 0.75 * ce);            // α_t = 1 − α for a negative
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn balanced_cross_entropy<F: LossFloat>(p: F, label: Label, alpha: F) -> Result<F> {
    let alpha = check_alpha(alpha)?;
    let ce = binary_cross_entropy(p, label)?;
    Ok(scale_loss(weight_of(alpha, label), ce))
}

/// α-balanced cross-entropy from a logit: −α_t ln σ(x_t).
///
/// # Errors
/// [`LossError::NotANumber`] if x is NaN, [`LossError::InvalidAlpha`] unless α ∈ [0, 1].
///
/// # Examples
/// ```
/// use losses::{balanced_cross_entropy_with_logits, binary_cross_entropy_with_logits, Label};
/// let x = -1.25_f64;
/// let weighted = balanced_cross_entropy_with_logits(x, Label::Positive, 0.25)?;
/// assert_eq!(weighted, 0.25 * binary_cross_entropy_with_logits(x, Label::Positive)?);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn balanced_cross_entropy_with_logits<F: LossFloat>(x: F, label: Label, alpha: F) -> Result<F> {
    let alpha = check_alpha(alpha)?;
    let ce = binary_cross_entropy_with_logits(x, label)?;
    Ok(scale_loss(weight_of(alpha, label), ce))
}

/// d/dx of [`balanced_cross_entropy_with_logits`]: α_t · y(p_t − 1).
///
/// # Errors
/// As [`balanced_cross_entropy_with_logits`].
///
/// # Examples
/// ```
/// use losses::{balanced_cross_entropy_with_logits_grad, binary_cross_entropy_with_logits_grad, Label};
/// let g = balanced_cross_entropy_with_logits_grad(0.5_f64, Label::Negative, 0.25)?;
/// assert_eq!(g, 0.75 * binary_cross_entropy_with_logits_grad(0.5_f64, Label::Negative)?);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn balanced_cross_entropy_with_logits_grad<F: LossFloat>(x: F, label: Label, alpha: F) -> Result<F> {
    let alpha = check_alpha(alpha)?;
    let g = binary_cross_entropy_with_logits_grad(x, label)?;
    Ok(weight_of(alpha, label) * g)
}

/// α_t · loss, with a zero weight giving 0 even for an infinite loss: an example that has been
/// weighted out contributes nothing (0·∞ would otherwise be NaN).
#[inline]
pub(crate) fn scale_loss<F: LossFloat>(weight: F, loss: F) -> F {
    if weight == F::zero() { F::zero() } else { weight * loss }
}

// ---------------------------------------------------------------------------------------------
// Batch functions
// ---------------------------------------------------------------------------------------------

/// Binary cross-entropy of a batch of probabilities against 0/1 targets, reduced as asked.
///
/// # Errors
/// [`LossError::Empty`], [`LossError::LengthMismatch`], [`LossError::NotAProbability`],
/// [`LossError::NotANumber`], [`LossError::InvalidLabel`], and [`LossError::NoPositives`] for
/// [`BinaryReduction::SumOverPositives`] without a positive target.
///
/// # Examples
/// ```
/// use losses::{binary_cross_entropy_batch, Reduction};
/// let p = [0.9_f64, 0.2];
/// let y = [1.0, 0.0];
/// let mean = binary_cross_entropy_batch(&p, &y, Reduction::Mean)?.total().unwrap();
/// let by_hand = (-(0.9_f64).ln() - (0.8_f64).ln()) / 2.0;
/// assert!((mean - by_hand).abs() < 1e-15);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn binary_cross_entropy_batch<F: LossFloat>(
    probabilities: &[F],
    targets: &[F],
    reduction: impl Into<BinaryReduction>,
) -> Result<Reduced<F>> {
    binary_batch("probabilities", probabilities, targets, reduction.into(), |losses: &mut Losses<F>| {
        for (i, (&p, &y)) in probabilities.iter().zip(targets).enumerate() {
            let p = validate::probability("probabilities", i, p)?;
            losses.push(cross_entropy_from_probability(p, label_of(y)));
        }
        Ok(())
    })
}

/// Binary cross-entropy of a batch of logits against 0/1 targets (stable softplus form).
///
/// # Errors
/// As [`binary_cross_entropy_batch`], with NaN logits rejected and ±∞ allowed.
///
/// # Examples
/// ```
/// use losses::{binary_cross_entropy_with_logits_batch, Reduction};
/// let per_example = binary_cross_entropy_with_logits_batch(&[0.0_f64, 100.0], &[1.0, 1.0], Reduction::None)?;
/// let values = per_example.per_example().unwrap();
/// assert!((values[0] - 2.0_f64.ln()).abs() < 1e-16);
/// assert!(values[1] > 0.0 && values[1] < 1e-43);                // e^(−100), not 0
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn binary_cross_entropy_with_logits_batch<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    reduction: impl Into<BinaryReduction>,
) -> Result<Reduced<F>> {
    let loss = logit_batch(logits, targets, LogitLoss::cross_entropy(), reduction.into(), true, None)?;
    Ok(loss.expect("a loss was asked for"))
}

/// The gradient of the reduced batch cross-entropy with respect to each logit.
///
/// For `None` and `Sum` this is dCE/dx per example; for `Mean` each is divided by n, for
/// [`BinaryReduction::SumOverPositives`] by n₊.
///
/// # Errors
/// As [`binary_cross_entropy_with_logits_batch`].
///
/// # Examples
/// ```
/// use losses::{binary_cross_entropy_with_logits_grad_batch, Reduction};
/// let g = binary_cross_entropy_with_logits_grad_batch(&[0.0_f64, 0.0], &[1.0, 0.0], Reduction::Mean)?;
/// assert_eq!(g, vec![-0.25, 0.25]);        // (σ(0) − y) / 2
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn binary_cross_entropy_with_logits_grad_batch<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    reduction: impl Into<BinaryReduction>,
) -> Result<Vec<F>> {
    let mut grads = vec![F::zero(); logits.len()];
    binary_cross_entropy_with_logits_grad_batch_into(logits, targets, reduction, &mut grads)?;
    Ok(grads)
}

/// [`binary_cross_entropy_with_logits_grad_batch`] into a buffer the caller owns (no allocation).
///
/// # Errors
/// As [`binary_cross_entropy_with_logits_batch`], and [`LossError::LengthMismatch`] unless
/// `grads` has one entry per logit. On an error the contents of `grads` are unspecified.
///
/// # Examples
/// ```
/// use losses::{binary_cross_entropy_with_logits_grad_batch_into, Reduction};
/// let mut grads = [0.0_f64; 2];
/// binary_cross_entropy_with_logits_grad_batch_into(&[0.0, 0.0], &[1.0, 0.0], Reduction::Mean, &mut grads)?;
/// assert_eq!(grads, [-0.25, 0.25]);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn binary_cross_entropy_with_logits_grad_batch_into<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    reduction: impl Into<BinaryReduction>,
    grads: &mut [F],
) -> Result<()> {
    logit_batch(logits, targets, LogitLoss::cross_entropy(), reduction.into(), false, Some(grads)).map(drop)
}

/// The reduced batch cross-entropy and, into `grads`, its gradient, from one pass over the batch:
/// what [`binary_cross_entropy_with_logits_batch`] and
/// [`binary_cross_entropy_with_logits_grad_batch_into`] return, bit for bit, at the cost of one.
///
/// # Errors
/// As [`binary_cross_entropy_with_logits_grad_batch_into`].
///
/// # Examples
/// ```
/// use losses::{binary_cross_entropy_with_logits_and_grad_batch, binary_cross_entropy_with_logits_batch, Reduction};
/// let (logits, targets) = ([0.5_f64, -2.0, 3.0], [1.0, 0.0, 0.0]);
/// let mut grads = [0.0; 3];
/// let loss = binary_cross_entropy_with_logits_and_grad_batch(&logits, &targets, Reduction::Mean, &mut grads)?;
/// assert_eq!(loss, binary_cross_entropy_with_logits_batch(&logits, &targets, Reduction::Mean)?);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn binary_cross_entropy_with_logits_and_grad_batch<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    reduction: impl Into<BinaryReduction>,
    grads: &mut [F],
) -> Result<Reduced<F>> {
    let loss = logit_batch(logits, targets, LogitLoss::cross_entropy(), reduction.into(), true, Some(grads))?;
    Ok(loss.expect("a loss was asked for"))
}
