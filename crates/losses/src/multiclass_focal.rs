//! Focal loss over K classes, in the two forms in use: the **softmax form** (one distribution over
//! the K classes) and the **sigmoid-per-class form** of RetinaNet (K independent binary problems).
//!
//! # Softmax form
//! With p = softmax(z) and c the true class,
//!
//! ```text
//! FL(z, c) = −α_c (1 − p_c)^γ ln p_c,
//! ∂FL/∂z_c = −H,   ∂FL/∂z_k = H · p_k / (1 − p_c)  (k ≠ c),   H = α_c (1 − p_c)^γ (γ p_c (−ln p_c) + 1 − p_c).
//! ```
//!
//! For K = 2 and logits (0, x) it is the binary focal loss of x (p_1 = σ(x)), and with γ = 0 it is
//! the softmax cross-entropy — bit for bit the value of
//! [`softmax_cross_entropy`](crate::softmax_cross_entropy) when α is not given. α is one weight
//! per class, each in [0, 1] (the binary α becomes (1 − α, α)).
//!
//! # Sigmoid-per-class form (RetinaNet)
//! The paper's detector predicts, for every anchor, K probabilities σ(z_k) — "KA binary
//! predictions" per position (Lin et al. 2017, §4) — and the loss is the binary focal loss of each,
//! against the one-hot target of the anchor's class:
//!
//! ```text
//! FL_σ(z, c) = Σ_k FL(z_k, y_k),   y_k = 1 if k = c, else 0;   a background anchor has y_k = 0 for every k.
//! ```
//!
//! There is no background class: an anchor without an object is K negatives (`class` = `None`
//! here). Every class's logit can then start at the prior π with the bias b = −ln((1 − π)/π)
//! (§3.3), as in the binary case. The paper develops the focal loss for binary classification and
//! notes that extending it to several classes is straightforward and works well, but that it
//! focuses on the binary loss for simplicity (§3, footnote 1); its experiments use this form.
//!
//! # Infinite logits
//! As in [`multiclass`](crate::multiclass) for the softmax form (a −∞ logit is a masked class;
//! +∞ is an error) and as in [`binary`](crate::binary) for the sigmoid form (±∞ are limits).

use crate::float::two_sum;
use crate::focal::{FocalParams, focal_loss_with_logits, focal_loss_with_logits_grad};
use crate::label::{Label, check_alpha};
use crate::multiclass::{ShiftedRow, batch_rows, check_class, rows, softmax_ce_row, softmax_ce_row_grad};
use crate::pointwise::scale_loss;
use crate::reduction::{BinaryReduction, Gradients, Losses, Reduced, Reduction, Sink, batch};
use crate::summation::CompensatedSum;
use crate::validate;
use crate::{LossError, LossFloat, Result};

/// γ and the optional per-class weights α of a softmax focal loss, validated once.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxFocalParams<F> {
    gamma: F,
    alpha: Option<Vec<F>>,
}

impl<F: LossFloat> SoftmaxFocalParams<F> {
    /// Without class weights: FL(z, c) = −(1 − p_c)^γ ln p_c.
    ///
    /// # Errors
    /// [`LossError::InvalidGamma`] unless γ is finite and ≥ 0.
    ///
    /// # Examples
    /// ```
    /// use losses::SoftmaxFocalParams;
    /// assert!(SoftmaxFocalParams::new(2.0_f64).is_ok());
    /// assert!(SoftmaxFocalParams::new(f64::NAN).is_err());
    /// ```
    pub fn new(gamma: F) -> Result<Self> {
        Ok(Self { gamma: FocalParams::new(gamma)?.gamma(), alpha: None })
    }

    /// With one weight α_k ∈ [0, 1] per class: FL(z, c) = −α_c (1 − p_c)^γ ln p_c.
    ///
    /// # Errors
    /// [`LossError::InvalidGamma`], [`LossError::Empty`] for no weights, [`LossError::InvalidAlpha`]
    /// for a weight outside [0, 1].
    ///
    /// # Examples
    /// ```
    /// use losses::SoftmaxFocalParams;
    /// let params = SoftmaxFocalParams::balanced(2.0_f64, &[0.75, 0.25])?;
    /// assert_eq!(params.alpha(), Some(&[0.75, 0.25][..]));
    /// assert!(SoftmaxFocalParams::balanced(2.0_f64, &[0.5, 1.5]).is_err());
    /// # Ok::<(), losses::LossError>(())
    /// ```
    pub fn balanced(gamma: F, alpha: &[F]) -> Result<Self> {
        validate::non_empty("alpha", alpha)?;
        for &a in alpha {
            check_alpha(a)?;
        }
        Ok(Self { alpha: Some(alpha.to_vec()), ..Self::new(gamma)? })
    }

    /// γ.
    pub fn gamma(&self) -> F {
        self.gamma
    }

    /// The class weights, if any.
    pub fn alpha(&self) -> Option<&[F]> {
        self.alpha.as_deref()
    }

    /// The weights must name every class of a row of `num_classes` logits.
    fn check_classes(&self, argument: &'static str, num_classes: usize) -> Result<()> {
        match &self.alpha {
            Some(alpha) if alpha.len() != num_classes => Err(LossError::LengthMismatch {
                left: argument,
                left_len: num_classes,
                right: "alpha",
                right_len: alpha.len(),
            }),
            _ => Ok(()),
        }
    }

    /// α_c (1 without weights).
    fn weight(&self, class: usize) -> F {
        self.alpha.as_ref().map_or(F::one(), |alpha| alpha[class])
    }
}

// ---------------------------------------------------------------------------------------------
// Kernels
// ---------------------------------------------------------------------------------------------

/// Σ terms as an unevaluated sum hi + lo, every addition's rounding error kept (two-sum).
fn sum_hi_lo<F: LossFloat>(terms: impl IntoIterator<Item = F>) -> (F, F) {
    let (mut hi, mut lo) = (F::zero(), F::zero());
    for term in terms {
        let (sum, error) = two_sum(hi, term);
        hi = sum;
        lo = lo + error;
    }
    two_sum(hi, lo)
}

/// What the softmax focal loss and its gradient need from one row, for γ > 0.
struct FocalRow<F> {
    /// −ln p_c.
    cross_entropy: F,
    /// p_c.
    p: F,
    /// 1 − p_c.
    complement: F,
    /// Σ_{k≠c} e^(z_k − m), the denominator of p_k / (1 − p_c).
    others: F,
    /// (1 − p_c)^γ.
    factor: F,
}

impl<F: LossFloat> FocalRow<F> {
    /// 1 − p_c = A / (e_c + A) with A = Σ_{k≠c} e^(z_k − m): a ratio of sums of positive terms, never
    /// 1 minus a rounded p_c. A and e_c + A are carried as hi + lo (two-sum) and the quotient's
    /// rounding error is recovered with a fused multiply-add, so the only errors left in 1 − p_c are
    /// those of the exponentials; (hi + lo)^γ = hi^γ (1 + γ lo/hi) to within ε². γ multiplies the
    /// relative error of 1 − p_c, which is why it matters.
    fn new(row: &ShiftedRow<F>, z_c: F, class: usize, gamma: F) -> Self {
        let e_c = row.exps[class];
        let (a_hi, a_lo) = sum_hi_lo(row.exps.iter().enumerate().filter(|&(k, _)| k != class).map(|(_, &e)| e));
        let (s_hi, s_lo) = {
            let (hi, lo) = two_sum(e_c, a_hi);
            two_sum(hi, lo + a_lo)
        };
        let cross_entropy = row.neg_log_softmax(z_c);
        let p = e_c / s_hi;
        if a_hi == F::zero() {
            // Every other class is masked (or K = 1): p_c = 1, nothing to learn.
            return Self { cross_entropy, p, complement: F::zero(), others: F::zero(), factor: F::zero() };
        }
        let q_hi = a_hi / s_hi;
        let remainder = (-q_hi).mul_add(s_hi, a_hi); // a_hi − q_hi·s_hi, exactly
        let q_lo = (remainder + a_lo - q_hi * s_lo) / s_hi;
        let factor = q_hi.powf(gamma) * (F::one() + gamma * (q_lo / q_hi));
        Self { cross_entropy, p, complement: q_hi, others: a_hi, factor }
    }

    /// (1 − p_c)^γ (−ln p_c), unweighted.
    fn loss(&self) -> F {
        if self.factor == F::zero() {
            return F::zero();
        }
        self.factor * self.cross_entropy
    }

    /// H = (1 − p_c)^γ (γ p_c (−ln p_c) + 1 − p_c), unweighted: ∂FL/∂z_c = −α_c H. The bracket is a
    /// sum of non-negative terms; p_c ln p_c → 0 where p_c = 0 (a masked class, CE = +∞).
    fn common(&self, gamma: F) -> F {
        let focusing = if self.p == F::zero() { F::zero() } else { gamma * self.p * self.cross_entropy };
        self.factor * (focusing + self.complement)
    }
}

fn softmax_focal_row<F: LossFloat>(
    argument: &'static str,
    r: usize,
    offset: usize,
    z: &[F],
    class: usize,
    params: &SoftmaxFocalParams<F>,
) -> Result<F> {
    let weight = params.weight(class);
    if params.gamma == F::zero() {
        // The cross-entropy's own code: bit for bit `softmax_cross_entropy`.
        return Ok(scale_loss(weight, softmax_ce_row(argument, r, offset, z, class)?));
    }
    let wide: Vec<F::Accurate> = z.iter().map(|&v| v.widen()).collect();
    let row = ShiftedRow::new(argument, r, offset, &wide)?;
    let focal = FocalRow::new(&row, wide[class], class, params.gamma.widen());
    Ok(scale_loss(weight, F::narrow(focal.loss())))
}

fn softmax_focal_row_grad<F: LossFloat>(
    argument: &'static str,
    r: usize,
    offset: usize,
    z: &[F],
    class: usize,
    params: &SoftmaxFocalParams<F>,
) -> Result<Vec<F>> {
    let weight = params.weight(class);
    if params.gamma == F::zero() {
        // α_c (softmax(z) − onehot(c)), from the cross-entropy's own gradient.
        let g = softmax_ce_row_grad(argument, r, offset, z, class)?;
        return Ok(g.into_iter().map(|g| weight * g).collect());
    }
    let gamma = params.gamma.widen();
    let wide: Vec<F::Accurate> = z.iter().map(|&v| v.widen()).collect();
    let row = ShiftedRow::new(argument, r, offset, &wide)?;
    let focal = FocalRow::new(&row, wide[class], class, gamma);
    let h = weight.widen() * focal.common(gamma);
    Ok(row
        .exps
        .iter()
        .enumerate()
        .map(|(k, &e)| {
            if k == class {
                F::narrow(-h)
            } else if focal.others == <F::Accurate as LossFloat>::zero() {
                F::zero()
            } else {
                // p_k / (1 − p_c) = e_k / Σ_{i≠c} e_i: no subtraction.
                F::narrow(h * (e / focal.others))
            }
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Softmax form: public functions
// ---------------------------------------------------------------------------------------------

/// Softmax focal loss of one row of logits: −α_c (1 − p_c)^γ ln p_c with p = softmax(z).
///
/// # Formula
/// FL(z, c) = −α_c (1 − p_c)^γ ln p_c (the focal loss of Lin et al. 2017, eq. 5, over a softmax;
/// α_c = 1 without weights). With γ = 0 it is the softmax cross-entropy.
///
/// # Method
/// γ = 0 is [`softmax_cross_entropy`](crate::softmax_cross_entropy)'s own code. For γ > 0, in
/// `F::Accurate` (f64 for f32) and rounded once: the row is shifted by its maximum m and
/// e_k = e^(z_k − m) formed as in the softmax cross-entropy; −ln p_c = (m − z_c) + ln Σ e_k (no
/// log-sum-exp minus z_c); 1 − p_c = Σ_{k≠c} e_k / Σ_k e_k, a ratio of sums of positive terms, with
/// both sums and the quotient carried as hi + lo, so that the factor (1 − p_c)^γ =
/// hi^γ (1 + γ lo/hi) does not multiply the rounding of a subtraction by γ. α_c is applied after
/// rounding.
///
/// # Special values
/// - p_c = 1 (every other class masked, or K = 1): 0. A masked true class (z_c = −∞): +∞, or 0
///   when α_c = 0.
///
/// # Accuracy
/// Within 4 ulp (f32 and f64) of the 2048-bit reference for every row of the reference table
/// (K = 2 to 10; equal logits up to 10⁸, spreads of ±1000, random rows) × every class ×
/// γ ∈ {0, ½, 1, 2, 5} × α_c ∈ {none, 0.25}, as `tests/reference.rs` enforces.
///
/// # Errors
/// As [`softmax_cross_entropy`](crate::softmax_cross_entropy), plus [`LossError::LengthMismatch`]
/// when the weights do not name every class.
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits, softmax_focal_loss, FocalParams, Label, SoftmaxFocalParams};
/// let z = [0.5_f64, -1.0, 2.0];
/// let p: Vec<f64> = z.iter().map(|v| v.exp() / z.iter().map(|u| u.exp()).sum::<f64>()).collect();
/// let fl = softmax_focal_loss(&z, 2, &SoftmaxFocalParams::new(2.0)?)?;
/// assert!((fl - (-(1.0 - p[2]).powi(2) * p[2].ln())).abs() < 1e-15);
/// // K = 2 with logits (0, x) is the binary focal loss of x.
/// let x = 1.25_f64;
/// let two = softmax_focal_loss(&[0.0, x], 1, &SoftmaxFocalParams::balanced(2.0, &[0.75, 0.25])?)?;
/// let binary = focal_loss_with_logits(x, Label::Positive, FocalParams::balanced(2.0, 0.25)?)?;
/// assert!((two - binary).abs() <= 4.0 * f64::EPSILON * binary);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_focal_loss<F: LossFloat>(z: &[F], class: usize, params: &SoftmaxFocalParams<F>) -> Result<F> {
    validate::non_empty("z", z)?;
    check_class("class", 0, class, z.len())?;
    params.check_classes("z", z.len())?;
    softmax_focal_row("z", 0, 0, z, class, params)
}

/// ∂FL/∂z of [`softmax_focal_loss`], one entry per logit.
///
/// # Formula
/// With H = α_c (1 − p_c)^γ (γ p_c (−ln p_c) + 1 − p_c): ∂FL/∂z_c = −H and
/// ∂FL/∂z_k = H p_k / (1 − p_c) for k ≠ c. The entries sum to 0. For K = 2 and logits (0, x),
/// ∂FL/∂z_1 is the binary focal gradient y(1 − p_t)^γ (γ p_t ln p_t + p_t − 1) with y = +1.
///
/// # Method
/// γ = 0 is α_c times [`softmax_cross_entropy_grad`](crate::softmax_cross_entropy_grad). For
/// γ > 0, in `F::Accurate` and rounded once per entry, from the same quantities as the loss: the
/// bracket is a sum of non-negative terms (nothing cancels), 1 − p_c is the ratio of sums described
/// in [`softmax_focal_loss`], and p_k / (1 − p_c) = e_k / Σ_{i≠c} e_i, so (1 − p_c)^(γ−1) — unbounded
/// for γ < 1 as p_c → 1 — is never formed.
///
/// # Special values
/// A masked true class: ∂/∂z_c = −α_c and ∂/∂z_k = α_c p_k (p_c ln p_c → 0). p_c = 1: all 0.
/// Finite for every finite row and every γ ≥ 0.
///
/// # Accuracy
/// Within 8 ulp (f32 and f64) of the 2048-bit reference for every entry of every row of the
/// reference table, as `tests/reference.rs` enforces; checked against dual numbers and finite
/// differences in `tests/gradients.rs`.
///
/// # Errors
/// As [`softmax_focal_loss`].
///
/// # Examples
/// ```
/// use losses::{softmax_focal_loss_grad, SoftmaxFocalParams};
/// let g = softmax_focal_loss_grad(&[0.5_f64, -1.0, 2.0], 0, &SoftmaxFocalParams::new(2.0)?)?;
/// assert!(g[0] < 0.0 && g[1] > 0.0 && g[2] > 0.0);
/// assert!(g.iter().sum::<f64>().abs() < 1e-15);           // the entries sum to 0
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_focal_loss_grad<F: LossFloat>(z: &[F], class: usize, params: &SoftmaxFocalParams<F>) -> Result<Vec<F>> {
    validate::non_empty("z", z)?;
    check_class("class", 0, class, z.len())?;
    params.check_classes("z", z.len())?;
    softmax_focal_row_grad("z", 0, 0, z, class, params)
}

/// Softmax focal loss of a batch: `logits` holds n rows of `num_classes` logits, row-major,
/// `classes` the n true classes. Takes a [`Reduction`] (K classes have no positives to count);
/// `Mean` divides by the number of rows.
///
/// # Errors
/// As [`softmax_cross_entropy_batch`](crate::softmax_cross_entropy_batch), plus
/// [`LossError::LengthMismatch`] when the weights do not name every class.
///
/// # Examples
/// ```
/// use losses::{softmax_focal_loss, softmax_focal_loss_batch, Reduction, SoftmaxFocalParams};
/// let params = SoftmaxFocalParams::new(2.0_f64)?;
/// let logits = [2.0, 0.0, 0.0, /* row 2 */ 0.0, 0.0, 3.0];
/// let sum = softmax_focal_loss_batch(&logits, 3, &[0, 1], &params, Reduction::Sum)?.total().unwrap();
/// let by_rows = softmax_focal_loss(&logits[..3], 0, &params)? + softmax_focal_loss(&logits[3..], 1, &params)?;
/// assert!((sum - by_rows).abs() < 1e-15);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_focal_loss_batch<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[usize],
    params: &SoftmaxFocalParams<F>,
    reduction: Reduction,
) -> Result<Reduced<F>> {
    let rows = rows(logits, num_classes, classes)?;
    params.check_classes("logits (columns)", num_classes)?;
    batch(reduction.into(), classes.len(), 0, classes.len(), |losses: &mut Losses<F>| {
        for (r, (z, &class)) in rows.zip(classes).enumerate() {
            losses.push(softmax_focal_row("logits", r, r * num_classes, z, class, params)?);
        }
        Ok(())
    })
}

/// The gradient of the reduced [`softmax_focal_loss_batch`] with respect to every logit (same
/// row-major layout as `logits`).
///
/// # Errors
/// As [`softmax_focal_loss_batch`].
///
/// # Examples
/// ```
/// use losses::{softmax_focal_loss_grad, softmax_focal_loss_grad_batch, Reduction, SoftmaxFocalParams};
/// let params = SoftmaxFocalParams::new(0.5_f64)?;
/// let logits = [2.0, 0.0, /* row 2 */ 0.0, 1.0];
/// let g = softmax_focal_loss_grad_batch(&logits, 2, &[0, 1], &params, Reduction::Mean)?;
/// let row = softmax_focal_loss_grad(&logits[2..], 1, &params)?;
/// assert_eq!(&g[2..], &[row[0] / 2.0, row[1] / 2.0]);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn softmax_focal_loss_grad_batch<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[usize],
    params: &SoftmaxFocalParams<F>,
    reduction: Reduction,
) -> Result<Vec<F>> {
    let rows = rows(logits, num_classes, classes)?;
    params.check_classes("logits (columns)", num_classes)?;
    batch(reduction.into(), classes.len(), 0, logits.len(), |grads: &mut Gradients<F>| {
        for (r, (z, &class)) in rows.zip(classes).enumerate() {
            for g in softmax_focal_row_grad("logits", r, r * num_classes, z, class, params)? {
                grads.push(g);
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Sigmoid-per-class form (RetinaNet)
// ---------------------------------------------------------------------------------------------

/// The label of class k for an anchor of class `class` (`None`: background).
fn one_hot(class: Option<usize>, k: usize) -> Label {
    if class == Some(k) { Label::Positive } else { Label::Negative }
}

/// Validates one row of the sigmoid form: finite length, no NaN, the class in range.
fn check_sigmoid_row<F: LossFloat>(
    argument: &'static str,
    offset: usize,
    z: &[F],
    class_argument: &'static str,
    index: usize,
    class: Option<usize>,
) -> Result<()> {
    for (k, &v) in z.iter().enumerate() {
        validate::not_nan(argument, offset + k, v)?;
    }
    match class {
        Some(c) => check_class(class_argument, index, c, z.len()),
        None => Ok(()),
    }
}

/// Σ_k FL(z_k, y_k) of a validated row, in `F::Accurate`, rounded once.
fn sigmoid_focal_row<F: LossFloat>(z: &[F], class: Option<usize>, params: FocalParams<F>) -> F {
    let wide = match params.alpha() {
        None => FocalParams::new(params.gamma().widen()),
        Some(alpha) => FocalParams::balanced(params.gamma().widen(), alpha.widen()),
    }
    .expect("γ and α were validated in F, and widening is exact");
    let sum: CompensatedSum<F::Accurate> = z
        .iter()
        .enumerate()
        .map(|(k, &v)| focal_loss_with_logits(v.widen(), one_hot(class, k), wide).expect("validated: not NaN"))
        .collect();
    F::narrow(sum.value())
}

fn sigmoid_focal_row_grad<F: LossFloat>(z: &[F], class: Option<usize>, params: FocalParams<F>) -> Vec<F> {
    z.iter()
        .enumerate()
        .map(|(k, &v)| focal_loss_with_logits_grad(v, one_hot(class, k), params).expect("validated: not NaN"))
        .collect()
}

/// The focal loss RetinaNet trains on, for one anchor: the binary focal loss of each of the K
/// class logits against the one-hot target of the anchor's class, summed.
///
/// # Formula
/// FL_σ(z, c) = Σ_k −α_t (1 − p_t)^γ ln p_t with p = σ(z_k) and y_k = [k = c]; `class` = `None` is
/// a background anchor, y_k = 0 for every k (there is no background class).
///
/// # Method
/// Each term is [`focal_loss_with_logits`] evaluated in `F::Accurate` (for `f64`, exactly the
/// binary function's value), added with compensated summation and rounded once.
///
/// # Accuracy
/// Within 4 ulp (f32 and f64) of the 2048-bit reference for every row of the reference table
/// (object and background anchors), as `tests/reference.rs` enforces.
///
/// # Errors
/// [`LossError::Empty`], [`LossError::NotANumber`], [`LossError::ClassOutOfRange`].
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits, sigmoid_focal_loss, FocalParams, Label};
/// let params = FocalParams::retinanet();
/// let z = [-4.0_f64, 1.5, -2.0];
/// let object = sigmoid_focal_loss(&z, Some(1), params)?;
/// let by_hand = focal_loss_with_logits(-4.0, Label::Negative, params)?
///     + focal_loss_with_logits(1.5, Label::Positive, params)?
///     + focal_loss_with_logits(-2.0, Label::Negative, params)?;
/// assert!((object - by_hand).abs() <= 2.0 * f64::EPSILON * by_hand);
/// let background = sigmoid_focal_loss(&z, None, params)?;       // three negatives
/// assert!(background > 0.0);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn sigmoid_focal_loss<F: LossFloat>(z: &[F], class: Option<usize>, params: FocalParams<F>) -> Result<F> {
    validate::non_empty("z", z)?;
    check_sigmoid_row("z", 0, z, "class", 0, class)?;
    Ok(sigmoid_focal_row(z, class, params))
}

/// ∂FL_σ/∂z of [`sigmoid_focal_loss`]: entry k is the binary focal gradient of z_k, bit for bit
/// [`focal_loss_with_logits_grad`]`(z_k, y_k, params)`.
///
/// # Errors
/// As [`sigmoid_focal_loss`].
///
/// # Examples
/// ```
/// use losses::{focal_loss_with_logits_grad, sigmoid_focal_loss_grad, FocalParams, Label};
/// let params = FocalParams::retinanet();
/// let g = sigmoid_focal_loss_grad(&[-4.0_f64, 1.5], Some(1), params)?;
/// assert_eq!(g[1], focal_loss_with_logits_grad(1.5, Label::Positive, params)?);
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn sigmoid_focal_loss_grad<F: LossFloat>(z: &[F], class: Option<usize>, params: FocalParams<F>) -> Result<Vec<F>> {
    validate::non_empty("z", z)?;
    check_sigmoid_row("z", 0, z, "class", 0, class)?;
    Ok(sigmoid_focal_row_grad(z, class, params))
}

/// Validates a batch of the sigmoid form and returns its rows and the number of object anchors.
fn sigmoid_rows<'a, F: LossFloat>(
    logits: &'a [F],
    num_classes: usize,
    classes: &[Option<usize>],
) -> Result<(core::slice::ChunksExact<'a, F>, usize)> {
    let rows = batch_rows(logits, num_classes, classes.len())?;
    for (r, (z, &class)) in rows.clone().zip(classes).enumerate() {
        check_sigmoid_row("logits", r * num_classes, z, "classes", r, class)?;
    }
    Ok((rows, classes.iter().filter(|c| c.is_some()).count()))
}

/// RetinaNet's classification loss over a batch of anchors: `logits` holds n rows of
/// `num_classes` logits (row-major), `classes` each anchor's class (`None`: background).
///
/// [`BinaryReduction::SumOverPositives`] divides by the number of anchors with an object — the
/// paper's normalisation ("the number of anchors assigned to a ground-truth box", §4).
///
/// # Errors
/// [`LossError::RaggedBatch`], [`LossError::LengthMismatch`], [`LossError::NotANumber`],
/// [`LossError::ClassOutOfRange`], [`LossError::NoPositives`] for `SumOverPositives` without an
/// object anchor.
///
/// # Examples
/// ```
/// use losses::{sigmoid_focal_loss, sigmoid_focal_loss_batch, BinaryReduction, FocalParams};
/// let params = FocalParams::retinanet();
/// let logits = [-4.0_f64, 1.5, /* background */ -3.0, -5.0, /* background */ 0.5, -1.0];
/// let classes = [Some(1), None, None];
/// let loss = sigmoid_focal_loss_batch(&logits, 2, &classes, params, BinaryReduction::SumOverPositives)?;
/// let sum: f64 = (0..3).map(|r| sigmoid_focal_loss(&logits[2 * r..2 * r + 2], classes[r], params).unwrap()).sum();
/// assert!((loss.total().unwrap() - sum).abs() < 1e-15);   // one object anchor
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn sigmoid_focal_loss_batch<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[Option<usize>],
    params: FocalParams<F>,
    reduction: impl Into<BinaryReduction>,
) -> Result<Reduced<F>> {
    let (rows, objects) = sigmoid_rows(logits, num_classes, classes)?;
    batch(reduction.into(), classes.len(), objects, classes.len(), |losses: &mut Losses<F>| {
        for (z, &class) in rows.zip(classes) {
            losses.push(sigmoid_focal_row(z, class, params));
        }
        Ok(())
    })
}

/// The gradient of the reduced [`sigmoid_focal_loss_batch`] with respect to every logit.
///
/// # Errors
/// As [`sigmoid_focal_loss_batch`].
///
/// # Examples
/// ```
/// use losses::{sigmoid_focal_loss_grad, sigmoid_focal_loss_grad_batch, BinaryReduction, FocalParams};
/// let params = FocalParams::retinanet();
/// let logits = [-4.0_f64, 1.5, /* background */ -3.0, -5.0];
/// let g = sigmoid_focal_loss_grad_batch(&logits, 2, &[Some(1), None], params, BinaryReduction::SumOverPositives)?;
/// assert_eq!(&g[..2], sigmoid_focal_loss_grad(&logits[..2], Some(1), params)?.as_slice());
/// # Ok::<(), losses::LossError>(())
/// ```
pub fn sigmoid_focal_loss_grad_batch<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[Option<usize>],
    params: FocalParams<F>,
    reduction: impl Into<BinaryReduction>,
) -> Result<Vec<F>> {
    let (rows, objects) = sigmoid_rows(logits, num_classes, classes)?;
    batch(reduction.into(), classes.len(), objects, logits.len(), |grads: &mut Gradients<F>| {
        for (z, &class) in rows.zip(classes) {
            for g in sigmoid_focal_row_grad(z, class, params) {
                grads.push(g);
            }
        }
        Ok(())
    })
}
