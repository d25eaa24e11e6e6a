//! Focal loss and α-balanced focal loss (Lin, Goyal, Girshick, He, Dollár, *Focal Loss for Dense
//! Object Detection*, ICCV 2017), from probabilities and from logits, with the gradient with
//! respect to the logit.
//!
//! Conventions (labels, p_t, x_t, infinite logits) are those of the [`binary`](crate::binary)
//! module. With γ = 0 every function here returns *exactly* what the corresponding cross-entropy
//! function returns (the same code path), and with α = `None` no weight is applied.

use crate::activation::sigmoid;
use crate::binary::{
    Label, check_alpha, check_positives, cross_entropy_from_probability, cross_entropy_from_signed_logit,
    cross_entropy_grad_signed_logit, read_targets, scale_loss, weight_of,
};
use crate::float::{two_product, two_sum};
use crate::reduction::{Reduced, Reduction, reduce, scale_gradients};
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
}

// ---------------------------------------------------------------------------------------------
// Kernels
// ---------------------------------------------------------------------------------------------

/// (1 − p_t)^γ as a function of x_t, i.e. σ(−x_t)^γ = exp(−γ·softplus(x_t)).
///
/// softplus(x_t) = m + ℓ with m = max(x_t, 0) and ℓ = ln(1 + e^(−|x_t|)). The exponent
/// E = γm + γℓ can be large (γ = 5, x_t = 100: E = 500), and half an ulp of rounding in E becomes
/// hundreds of ulps in e^(−E). So both products are kept exactly as hi + lo pairs (two-product with
/// a fused multiply-add), added with two-sum, and e^(−E) = e^(−E_hi) · e^(−E_lo).
#[inline]
fn modulating_factor_from_signed_logit<F: LossFloat>(x_t: F, gamma: F) -> F {
    if gamma == F::zero() {
        return F::one(); // (1 − p_t)^0 = 1, even at p_t = 1 (no 0^0 = NaN trap)
    }
    let m = if x_t > F::zero() { x_t } else { F::zero() };
    let l = (-x_t.abs()).exp().ln_1p();
    let (gm_hi, gm_lo) = two_product(gamma, m);
    let (gl_hi, gl_lo) = two_product(gamma, l);
    let (e_hi, e_lo) = two_sum(gm_hi, gl_hi);
    let tail = e_lo + gm_lo + gl_lo;
    (-e_hi).exp() * (-tail).exp()
}

/// FL(x_t) = α_t σ(−x_t)^γ softplus(−x_t).
#[inline]
fn focal_from_signed_logit_in<F: LossFloat>(x_t: F, gamma: F, weight: F) -> F {
    if x_t.is_infinite() {
        // +∞: certain and right, loss 0. −∞: certain and wrong, modulating factor 1, loss +∞.
        return if x_t > F::zero() { F::zero() } else { scale_loss(weight, F::infinity()) };
    }
    let ce = cross_entropy_from_signed_logit(x_t);
    scale_loss(weight, modulating_factor_from_signed_logit(x_t, gamma) * ce)
}

/// dFL/dx_t = −(1 − p_t)^γ (γ p_t (−ln p_t) + (1 − p_t)) · α_t.
///
/// The paper's (1 − p_t)^γ (γ p_t ln p_t + p_t − 1) has two negative terms inside the bracket;
/// written as −(γ p_t CE + (1 − p_t)) it is a sum of non-negative terms, so nothing cancels, and
/// 1 − p_t is σ(−x_t), never 1 minus a rounded p_t.
#[inline]
fn focal_grad_signed_logit_in<F: LossFloat>(x_t: F, gamma: F, weight: F) -> F {
    if gamma == F::zero() {
        return weight * cross_entropy_grad_signed_logit(x_t);
    }
    if x_t.is_infinite() {
        // +∞: every factor vanishes. −∞: p_t = 0, p_t ln p_t → 0, (1 − p_t)^γ = 1: gradient −α_t.
        return if x_t > F::zero() { F::zero() } else { -weight };
    }
    let p_t = sigmoid(x_t);
    let one_minus_p_t = sigmoid(-x_t);
    let ce = cross_entropy_from_signed_logit(x_t);
    let bracket = (gamma * p_t).mul_add(ce, one_minus_p_t);
    -(weight * modulating_factor_from_signed_logit(x_t, gamma) * bracket)
}

/// FL from a probability: α_t (1 − p_t)^γ · (−ln p_t).
///
/// For y = 1, 1 − p_t = 1 − p is rounded; its exact value is hi + lo with lo = −p − (hi − 1)
/// (Fast2Sum, exact because 1 ≥ p), and (hi + lo)^γ = hi^γ (1 + γ lo/hi) to within ε², which
/// removes the rounding of the subtraction from the result.
#[inline]
fn focal_from_probability_in<F: LossFloat>(p: F, label: Label, gamma: F, weight: F) -> F {
    let ce = cross_entropy_from_probability(p, label);
    if gamma == F::zero() {
        return scale_loss(weight, ce);
    }
    let modulating = match label {
        Label::Negative => p.powf(gamma),
        Label::Positive => {
            let hi = F::one() - p;
            if hi == F::zero() {
                return F::zero(); // p_t = 1: CE = 0 and the factor is 0
            }
            // Fast2Sum of 1 and −p: 1 − p = hi + lo exactly.
            let lo = -p - (hi - F::one());
            hi.powf(gamma) * (gamma * (lo / hi)).mul_add(F::one(), F::one())
        }
    };
    if ce.is_infinite() {
        return scale_loss(weight, ce); // p_t = 0: the factor is 1, the loss +∞
    }
    scale_loss(weight, modulating * ce)
}

// The three kernels above are evaluated in `F::Accurate` (f64 for f32) and rounded once: the
// factor (1 − p_t)^γ multiplies the relative error of 1 − p_t by γ, which single precision cannot
// absorb within 4 ulp for γ = 5.

#[inline]
pub(crate) fn focal_from_signed_logit<F: LossFloat>(x_t: F, gamma: F, weight: F) -> F {
    F::narrow(focal_from_signed_logit_in(x_t.widen(), gamma.widen(), weight.widen()))
}

#[inline]
pub(crate) fn focal_grad_signed_logit<F: LossFloat>(x_t: F, gamma: F, weight: F) -> F {
    F::narrow(focal_grad_signed_logit_in(x_t.widen(), gamma.widen(), weight.widen()))
}

#[inline]
pub(crate) fn focal_from_probability<F: LossFloat>(p: F, label: Label, gamma: F, weight: F) -> F {
    F::narrow(focal_from_probability_in(p.widen(), label, gamma.widen(), weight.widen()))
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
/// # Accuracy
/// Within 4 ulp (f32 and f64) of a 200-bit reference.
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
/// # Accuracy
/// Within 4 ulp (f32 and f64) of a 200-bit reference for x ∈ [−1000, 1000], γ ∈ {0, ½, 1, 2, 5}.
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
    Ok(focal_from_signed_logit(label.sign::<F>() * x, params.gamma, params.weight(label)))
}

/// dFL/dx, the derivative of [`focal_loss_with_logits`] with respect to the logit.
///
/// # Formula
/// dFL/dx = α_t · y (1 − p_t)^γ (γ p_t ln p_t + p_t − 1) (Lin et al. 2017, Appendix B, eq. 8,
/// y ∈ {−1, +1}), evaluated as −α_t · y · σ(−x_t)^γ (γ σ(x_t) softplus(−x_t) + σ(−x_t)): every
/// term non-negative, no 1 − p_t by subtraction, no 0·∞. Finite for every input, including γ = 0,
/// 0 < γ < 1 and p_t → 1 (where autodiff of the textbook form gives NaN: kornia #918, optax #1267).
///
/// # Accuracy
/// Within 8 ulp (f64) of a 200-bit reference.
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
    let y = label.sign::<F>();
    Ok(y * focal_grad_signed_logit(y * x, params.gamma, params.weight(label)))
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
    reduction: Reduction,
) -> Result<Reduced<F>> {
    let (labels, positives) = read_targets("probabilities", probabilities, targets)?;
    check_positives(reduction, positives)?;
    let losses = probabilities
        .iter()
        .zip(&labels)
        .enumerate()
        .map(|(i, (&p, &label))| {
            let p = validate::probability("probabilities", i, p)?;
            Ok(focal_from_probability(p, label, params.gamma, params.weight(label)))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(reduce(losses, reduction, positives))
}

/// Focal loss of a batch of logits against 0/1 targets (the stable form), reduced as asked.
///
/// [`Reduction::SumOverPositives`] with [`FocalParams::retinanet`] is the loss RetinaNet trains on.
///
/// # Errors
/// As [`binary_cross_entropy_with_logits_batch`](crate::binary_cross_entropy_with_logits_batch).
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits_batch, FocalParams, Reduction};
/// let logits = [2.0_f64, -3.0, 0.5];
/// let targets = [1.0, 0.0, 0.0];
/// let per_positive = focal_loss_with_logits_batch(&logits, &targets, FocalParams::retinanet(), Reduction::SumOverPositives)?;
/// let sum = focal_loss_with_logits_batch(&logits, &targets, FocalParams::retinanet(), Reduction::Sum)?;
/// assert_eq!(per_positive.total(), sum.total());      // exactly one positive
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn focal_loss_with_logits_batch<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    params: FocalParams<F>,
    reduction: Reduction,
) -> Result<Reduced<F>> {
    let (labels, positives) = read_targets("logits", logits, targets)?;
    check_positives(reduction, positives)?;
    let losses = logits
        .iter()
        .zip(&labels)
        .enumerate()
        .map(|(i, (&x, &label))| {
            let x = validate::not_nan("logits", i, x)?;
            Ok(focal_from_signed_logit(label.sign::<F>() * x, params.gamma, params.weight(label)))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(reduce(losses, reduction, positives))
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
    reduction: Reduction,
) -> Result<Vec<F>> {
    let (labels, positives) = read_targets("logits", logits, targets)?;
    check_positives(reduction, positives)?;
    let grads = logits
        .iter()
        .zip(&labels)
        .enumerate()
        .map(|(i, (&x, &label))| {
            let x = validate::not_nan("logits", i, x)?;
            let y = label.sign::<F>();
            Ok(y * focal_grad_signed_logit(y * x, params.gamma, params.weight(label)))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(scale_gradients(grads, reduction, positives))
}
