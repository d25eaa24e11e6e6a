//! Focal loss and α-balanced focal loss (Lin, Goyal, Girshick, He, Dollár, *Focal Loss for Dense
//! Object Detection*, ICCV 2017), from probabilities and from logits, with the gradient with
//! respect to the logit.
//!
//! Conventions (labels, p_t, x_t, infinite logits) are those of the [`binary`](crate::binary)
//! module. With γ = 0 every function here returns *exactly* what the corresponding cross-entropy
//! function returns (the same code path), and with α = `None` no weight is applied.

use crate::binary_engine::{LogitLoss, binary_batch, logit_batch};
use crate::label::{Label, check_alpha, label_of, weight_of};
use crate::pointwise::focal_from_probability;
use crate::reduction::{BinaryReduction, Losses, Reduced, Sink};
use crate::validate;
use crate::{LossError, LossFloat, Result};

/// The focusing parameter γ and the optional balancing weight α of a focal loss, validated once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FocalParams<F> {
    gamma: F,
    alpha: Option<F>,
}

impl<F: LossFloat> FocalParams<F> {
    /// Focal loss without class balancing: FL(p_t) = −(1 − p_t)^γ ln p_t.
    ///
    /// # Errors
    /// [`LossError::InvalidGamma`] unless γ is finite and ≥ 0.
    ///
    /// # Examples
    /// ```
    /// use losses::FocalParams;
    /// assert!(FocalParams::new(2.0_f64).is_ok());
    /// assert!(FocalParams::new(-1.0_f64).is_err());
    /// ```
    pub fn new(gamma: F) -> Result<Self> {
        if gamma.is_nan() || gamma.is_infinite() || gamma < F::zero() {
            return Err(LossError::InvalidGamma { gamma: gamma.to_f64() });
        }
        Ok(Self { gamma, alpha: None })
    }

    /// α-balanced focal loss: FL(p_t) = −α_t (1 − p_t)^γ ln p_t (Lin et al. 2017, eq. 5).
    ///
    /// # Errors
    /// [`LossError::InvalidGamma`], or [`LossError::InvalidAlpha`] unless α ∈ [0, 1].
    ///
    /// # Examples
    /// ```
    /// use losses::FocalParams;
    /// let p = FocalParams::balanced(2.0_f64, 0.25)?;
    /// assert_eq!(p.alpha(), Some(0.25));
    /// assert!(FocalParams::balanced(2.0_f64, 1.5).is_err());
    /// # Ok::<(), losses::LossError>(())
    /// ```
    pub fn balanced(gamma: F, alpha: F) -> Result<Self> {
        let alpha = check_alpha(alpha)?;
        Ok(Self { alpha: Some(alpha), ..Self::new(gamma)? })
    }

    /// The setting the paper found best for RetinaNet: γ = 2, α = 0.25 (Lin et al. 2017, Table 1b).
    ///
    /// # Examples
    /// ```
    /// use losses::FocalParams;
    /// let p = FocalParams::<f32>::retinanet();
    /// assert_eq!((p.gamma(), p.alpha()), (2.0, Some(0.25)));
    /// ```
    pub fn retinanet() -> Self {
        Self { gamma: F::from_f64(2.0), alpha: Some(F::from_f64(0.25)) }
    }

    /// γ.
    pub fn gamma(&self) -> F {
        self.gamma
    }

    /// α, if the loss is balanced.
    pub fn alpha(&self) -> Option<F> {
        self.alpha
    }

    /// α_t for this label (1 when unbalanced).
    fn weight(&self, label: Label) -> F {
        self.alpha.map_or(F::one(), |alpha| weight_of(alpha, label))
    }

    fn logit_loss(&self) -> LogitLoss<F> {
        LogitLoss { gamma: self.gamma, alpha: self.alpha }
    }
}

// ---------------------------------------------------------------------------------------------
// Public scalar functions
// ---------------------------------------------------------------------------------------------

/// The modulating factor (1 − p_t)^γ that turns cross-entropy into focal loss.
///
/// # Errors
/// [`LossError::NotAProbability`] unless p_t ∈ [0, 1], [`LossError::InvalidGamma`] unless γ ≥ 0.
///
/// # Examples
/// ```
/// use losses::modulating_factor;
/// assert_eq!(modulating_factor(0.9_f64, 2.0)?, (1.0_f64 - 0.9).powi(2));
/// assert_eq!(modulating_factor(1.0_f64, 0.0)?, 1.0);    // γ = 0: exactly 1, no 0⁰ trap
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn modulating_factor<F: LossFloat>(p_t: F, gamma: F) -> Result<F> {
    let p_t = validate::probability("p_t", 0, p_t)?;
    let params = FocalParams::new(gamma)?;
    Ok(if params.gamma == F::zero() { F::one() } else { (F::one() - p_t).powf(params.gamma) })
}

/// Focal loss from a probability p of the positive class.
///
/// # Formula
/// FL(p_t) = −α_t (1 − p_t)^γ ln p_t (Lin et al. 2017, eqs. 4 and 5; α_t = 1 when α is `None`).
///
/// # Method
/// γ = 0 is the cross-entropy, computed by [`binary_cross_entropy`](crate::binary_cross_entropy)'s
/// own code, so the two agree bit for bit. For γ > 0 the unweighted loss is evaluated in
/// `F::Accurate` (f64 for f32) and rounded once: −ln p_t is −ln p or −ln_1p(−p) (no digit of a
/// tiny p lost), and the factor is p^γ for a negative and (1 − p)^γ for a positive, where 1 − p is
/// rounded but its exact value hi + lo is known (Fast2Sum) and (hi + lo)^γ = hi^γ (1 + γ lo/hi)
/// to within ε². The factor multiplies the relative error of 1 − p by γ, which is why single
/// precision is not enough. Then α_t is applied in `F`, exactly as the α-balanced cross-entropy
/// applies it, so that FL ≤ CE holds bit for bit.
///
/// # Special values
/// - p_t = 1: 0. p_t = 0: +∞ (the factor is 1), or 0 when α_t = 0.
///
/// # Accuracy
/// Within 4 ulp (f32 and f64) of the 2048-bit reference for every probability of the reference
/// table (0, 1, 10⁻³⁰⁰, 1 − 2⁻⁵³ and random ones over (0, 1)) × γ ∈ {0, ½, 1, 2, 5} ×
/// α ∈ {none, 0.25}, as `tests/reference.rs` enforces.
///
/// # Errors
/// [`LossError::NotAProbability`] / [`LossError::NotANumber`] unless p ∈ [0, 1].
///
/// # Examples
/// ```
/// use losses::{focal_loss, FocalParams, Label};
/// let fl = focal_loss(0.9_f64, Label::Positive, FocalParams::new(2.0)?)?;
/// let by_hand = -(1.0_f64 - 0.9).powi(2) * 0.9_f64.ln();
/// assert!((fl - by_hand).abs() < 1e-17);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn focal_loss<F: LossFloat>(p: F, label: Label, params: FocalParams<F>) -> Result<F> {
    let p = validate::probability("p", 0, p)?;
    Ok(focal_from_probability(p, label, params.gamma, params.weight(label)))
}

/// Focal loss from a logit x (p = σ(x)), stable for every logit.
///
/// # Formula
/// FL = α_t σ(−x_t)^γ softplus(−x_t) with x_t = y·x: the same −α_t (1 − p_t)^γ ln p_t, with
/// 1 − p_t = σ(−x_t) and −ln p_t = softplus(−x_t) so neither 1 − σ(x) nor ln(σ(x)) is formed.
/// torchvision's `sigmoid_focal_loss` computes `1 - p_t` after σ and its factor cancels to 0 once
/// x_t ≳ 37 (f64) / 17 (f32).
///
/// # Method
/// γ = 0 is the cross-entropy's own code (bit for bit). For γ > 0, in `F::Accurate` (f64 for f32)
/// and rounded once: e = e^(−|x_t|) and ℓ = ln_1p(e), computed once, give
/// softplus(−x_t) = max(−x_t, 0) + ℓ, bit for bit [`softplus`](crate::activation::softplus). The
/// factor σ(−x_t)^γ = exp(−γ·softplus(x_t)) has an exponent E = γ(max(x_t, 0) + ℓ) that can be
/// large (γ = 5, x_t = 100: E = 500), and half an ulp of rounding in E is up to E ulps in
/// e^(−E): in f64, E is therefore carried exactly as hi + lo (products by fused multiply-add, sum by
/// two-sum) and e^(−E) = e^(−hi)(1 − lo). For f32, computed in f64, E is rounded once (an error
/// far below an f32 ulp), and for γ a multiple of ½ up to 16 the factor is a product of
/// σ(−x_t) = e/(1 + e) (and a square root) instead of an `exp`. α_t is applied after rounding, as
/// in [`focal_loss`].
///
/// # Special values
/// - x_t = +∞ (certain and right): 0. x_t = −∞ (certain and wrong): +∞, or 0 when α_t = 0.
/// - Finite x: finite, including x_t far beyond where σ(x_t) rounds to 1 (the loss is then
///   ≈ α_t e^(−(γ+1)x_t), which may underflow to 0 only when that value does).
///
/// # Accuracy
/// Within 4 ulp (f32 and f64) of the 2048-bit reference for every logit of the reference table
/// (x ∈ [−1000, 1000]) × γ ∈ {0, ½, 1, 2, 5} × α ∈ {none, 0.25}, as `tests/reference.rs`
/// enforces; for other γ, f32 results are within 2 f32 ulp of the f64 ones (`tests/properties.rs`).
///
/// # Errors
/// [`LossError::NotANumber`] if x is NaN.
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits, FocalParams, Label};
/// let params = FocalParams::new(2.0_f64)?;
/// let x = 3.0_f64;
/// let p = 1.0 / (1.0 + (-x).exp());
/// let fl = focal_loss_with_logits(x, Label::Positive, params)?;
/// assert!((fl - (-(1.0 - p).powi(2) * p.ln())).abs() < 1e-16);
/// // At x = 40 the naive factor (1 − σ(40))² is exactly 0; the true loss is ≈ e^(−120).
/// let far = focal_loss_with_logits(40.0_f64, Label::Positive, params)?;
/// assert!((far / (-120.0_f64).exp() - 1.0).abs() < 1e-14);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn focal_loss_with_logits<F: LossFloat>(x: F, label: Label, params: FocalParams<F>) -> Result<F> {
    let x = validate::not_nan("x", 0, x)?;
    Ok(params.logit_loss().scalar(x, label).0)
}

/// dFL/dx, the derivative of [`focal_loss_with_logits`] with respect to the logit.
///
/// # Formula
/// dFL/dx = α_t · y (1 − p_t)^γ (γ p_t ln p_t + p_t − 1) (Lin et al. 2017, Appendix B, eq. 8,
/// y ∈ {−1, +1}).
///
/// # Method
/// γ = 0 is the cross-entropy's gradient, −α_t · y · σ(−x_t). For γ > 0, in `F::Accurate` and
/// rounded once: −α_t · y · σ(−x_t)^γ (γ σ(x_t) softplus(−x_t) + σ(−x_t)). The paper's bracket
/// has two negative terms; written this way it is a sum of non-negative terms, so nothing cancels,
/// and 1 − p_t is σ(−x_t) = e/(1 + e), never 1 minus a rounded p_t. σ(x_t), σ(−x_t), softplus
/// and the factor σ(−x_t)^γ all come from the same e = e^(−|x_t|) and ℓ = ln_1p(e), the factor
/// as in [`focal_loss_with_logits`].
///
/// # Special values
/// - x_t = +∞: 0. x_t = −∞: −α_t · y (p_t ln p_t → 0 and the factor is 1).
/// - Finite for every finite x and every γ ≥ 0, including 0 < γ < 1 and p_t → 1, where autodiff
///   of the textbook form gives NaN (kornia #918, optax #1267).
///
/// # Accuracy
/// Within 8 ulp (f32 and f64) of the 2048-bit reference for every logit of the reference table
/// × γ ∈ {0, ½, 1, 2, 5} × α ∈ {none, 0.25}, as `tests/reference.rs` enforces; within 16 ulp of
/// forward-mode autodiff of [`focal_loss_with_logits`] (`tests/gradients.rs`).
///
/// # Errors
/// [`LossError::NotANumber`] if x is NaN.
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits_grad, FocalParams, Label};
/// let (x, gamma) = (0.7_f64, 2.0);
/// let p_t = 1.0 / (1.0 + (-x).exp());                        // y = +1, so x_t = x
/// let paper = (1.0 - p_t).powf(gamma) * (gamma * p_t * p_t.ln() + p_t - 1.0);
/// let g = focal_loss_with_logits_grad(x, Label::Positive, FocalParams::new(gamma)?)?;
/// assert!((g - paper).abs() < 1e-15);
/// // γ = ½ at p_t → 1: finite and tiny, never NaN.
/// let g = focal_loss_with_logits_grad(50.0_f64, Label::Positive, FocalParams::new(0.5)?)?;
/// assert!(g.is_finite() && g < 0.0);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn focal_loss_with_logits_grad<F: LossFloat>(x: F, label: Label, params: FocalParams<F>) -> Result<F> {
    let x = validate::not_nan("x", 0, x)?;
    Ok(params.logit_loss().scalar(x, label).1)
}

// ---------------------------------------------------------------------------------------------
// Batch functions
// ---------------------------------------------------------------------------------------------

/// Focal loss of a batch of probabilities against 0/1 targets, reduced as asked.
///
/// # Errors
/// As [`binary_cross_entropy_batch`](crate::binary_cross_entropy_batch).
///
/// # Examples
/// ```
/// use losses::{focal_loss_batch, FocalParams, Reduction};
/// let loss = focal_loss_batch(&[0.9_f64, 0.1], &[1.0, 0.0], FocalParams::new(2.0)?, Reduction::Sum)?;
/// let each = -(0.1_f64).powi(2) * 0.9_f64.ln();        // both examples have p_t = 0.9
/// assert!((loss.total().unwrap() - 2.0 * each).abs() < 1e-17);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn focal_loss_batch<F: LossFloat>(
    probabilities: &[F],
    targets: &[F],
    params: FocalParams<F>,
    reduction: impl Into<BinaryReduction>,
) -> Result<Reduced<F>> {
    binary_batch("probabilities", probabilities, targets, reduction.into(), |losses: &mut Losses<F>| {
        for (i, (&p, &y)) in probabilities.iter().zip(targets).enumerate() {
            let p = validate::probability("probabilities", i, p)?;
            let label = label_of(y);
            losses.push(focal_from_probability(p, label, params.gamma, params.weight(label)));
        }
        Ok(())
    })
}

/// Focal loss of a batch of logits against 0/1 targets (the stable form), reduced as asked.
///
/// [`BinaryReduction::SumOverPositives`] with [`FocalParams::retinanet`] is the loss RetinaNet
/// trains on.
///
/// # Errors
/// As [`binary_cross_entropy_with_logits_batch`](crate::binary_cross_entropy_with_logits_batch).
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits_batch, BinaryReduction, FocalParams, Reduction};
/// let logits = [2.0_f64, -3.0, 0.5];
/// let targets = [1.0, 0.0, 0.0];
/// let params = FocalParams::retinanet();
/// let per_positive = focal_loss_with_logits_batch(&logits, &targets, params, BinaryReduction::SumOverPositives)?;
/// let sum = focal_loss_with_logits_batch(&logits, &targets, params, Reduction::Sum)?;
/// assert_eq!(per_positive.total(), sum.total());      // exactly one positive
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn focal_loss_with_logits_batch<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    params: FocalParams<F>,
    reduction: impl Into<BinaryReduction>,
) -> Result<Reduced<F>> {
    let loss = logit_batch(logits, targets, params.logit_loss(), reduction.into(), true, None)?;
    Ok(loss.expect("a loss was asked for"))
}

/// The gradient of the reduced batch focal loss with respect to each logit.
///
/// # Errors
/// As [`focal_loss_with_logits_batch`].
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits_grad, focal_loss_with_logits_grad_batch, FocalParams, Label, Reduction};
/// let params = FocalParams::new(2.0_f64)?;
/// let g = focal_loss_with_logits_grad_batch(&[1.0_f64, 1.0], &[1.0, 0.0], params, Reduction::Mean)?;
/// assert_eq!(g[1], focal_loss_with_logits_grad(1.0, Label::Negative, params)? / 2.0);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn focal_loss_with_logits_grad_batch<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    params: FocalParams<F>,
    reduction: impl Into<BinaryReduction>,
) -> Result<Vec<F>> {
    let mut grads = vec![F::zero(); logits.len()];
    focal_loss_with_logits_grad_batch_into(logits, targets, params, reduction, &mut grads)?;
    Ok(grads)
}

/// [`focal_loss_with_logits_grad_batch`] into a buffer the caller owns (no allocation).
///
/// # Errors
/// As [`focal_loss_with_logits_batch`], and [`LossError::LengthMismatch`] unless `grads` has one
/// entry per logit. On an error the contents of `grads` are unspecified.
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits_grad_batch, focal_loss_with_logits_grad_batch_into, FocalParams, Reduction};
/// let (logits, targets, params) = ([1.5_f32, -0.5, 4.0], [1.0, 0.0, 1.0], FocalParams::retinanet());
/// let mut grads = [0.0; 3];
/// focal_loss_with_logits_grad_batch_into(&logits, &targets, params, Reduction::Mean, &mut grads)?;
/// assert_eq!(grads.to_vec(), focal_loss_with_logits_grad_batch(&logits, &targets, params, Reduction::Mean)?);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn focal_loss_with_logits_grad_batch_into<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    params: FocalParams<F>,
    reduction: impl Into<BinaryReduction>,
    grads: &mut [F],
) -> Result<()> {
    logit_batch(logits, targets, params.logit_loss(), reduction.into(), false, Some(grads)).map(drop)
}

/// The reduced batch focal loss and, into `grads`, its gradient, from one pass over the batch:
/// bit for bit what [`focal_loss_with_logits_batch`] and [`focal_loss_with_logits_grad_batch_into`]
/// return, at the cost of about one of them. What a training step calls.
///
/// # Errors
/// As [`focal_loss_with_logits_grad_batch_into`].
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits_and_grad_batch, focal_loss_with_logits_batch, BinaryReduction, FocalParams};
/// let (logits, targets, params) = ([2.0_f64, -3.0, 0.5], [1.0, 0.0, 0.0], FocalParams::retinanet());
/// let reduction = BinaryReduction::SumOverPositives;
/// let mut grads = [0.0; 3];
/// let loss = focal_loss_with_logits_and_grad_batch(&logits, &targets, params, reduction, &mut grads)?;
/// assert_eq!(loss, focal_loss_with_logits_batch(&logits, &targets, params, reduction)?);
/// assert!(grads[0] < 0.0 && grads[1] > 0.0 && grads[2] > 0.0);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn focal_loss_with_logits_and_grad_batch<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    params: FocalParams<F>,
    reduction: impl Into<BinaryReduction>,
    grads: &mut [F],
) -> Result<Reduced<F>> {
    let loss = logit_batch(logits, targets, params.logit_loss(), reduction.into(), true, Some(grads))?;
    Ok(loss.expect("a loss was asked for"))
}
