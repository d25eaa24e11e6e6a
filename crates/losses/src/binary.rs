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

// Named only by the docs' links to its variants.
#[cfg(doc)]
use crate::LossError;
use crate::binary_engine::{LogitLoss, binary_batch, logit_batch};
use crate::label::{check_alpha, label_of, weight_of};
use crate::pointwise::{cross_entropy_from_probability, scale_loss};
use crate::reduction::{BinaryReduction, Losses, Reduced, Sink};
use crate::validate;
use crate::{LossFloat, Result};

pub use crate::label::Label;

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
