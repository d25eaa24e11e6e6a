//! The textbook formulas, evaluated literally — **do not use them**. They exist so the book's
//! numerical-trap gallery and the benchmarks can show, with numbers, where and how they fail. Each
//! one names the stable function to use instead.
//!
//! They take no `Result`: they are meant to fail the way real code fails, by returning 0, ∞ or NaN.
//! (They do not panic, though: an empty slice or a class index out of range gives NaN.)

use crate::LossFloat;

/// NaN, for the inputs the formulas cannot even be written down for (the trait has no NaN constant).
fn nan<F: LossFloat>() -> F {
    F::zero() / F::zero()
}

/// σ(x) = 1 / (1 + e^(−x)), one formula for all x.
///
/// Rounds to exactly 1 for x ≥ 36.74 (f64) and 16.64 (f32), after which `1 − σ(x)` is 0.
/// Use [`sigmoid`](crate::activation::sigmoid) and
/// [`sigmoid_complement`](crate::activation::sigmoid_complement).
///
/// # Examples
/// ```
/// use losses::naive;
/// assert_eq!(naive::sigmoid(37.0_f64), 1.0);
/// assert_eq!(1.0 - naive::sigmoid(37.0_f64), 0.0);      // the true value is ≈ 8.5·10⁻¹⁷
/// ```
pub fn sigmoid<F: LossFloat>(x: F) -> F {
    F::one() / (F::one() + (-x).exp())
}

/// softplus(x) = ln(1 + eˣ) as written. Overflows to +∞ for x > 709.78 (f64) / 88.72 (f32).
/// Use [`softplus`](crate::activation::softplus).
///
/// # Examples
/// ```
/// use losses::naive;
/// assert_eq!(naive::softplus(710.0_f64), f64::INFINITY);   // the true value is 710
/// ```
pub fn softplus<F: LossFloat>(x: F) -> F {
    (F::one() + x.exp()).ln()
}

/// Binary cross-entropy from a logit as −[y ln σ(x) + (1 − y) ln(1 − σ(x))], y ∈ {0, 1}.
///
/// +∞ once σ(x) rounds to 1 with y = 0 (x ≥ 36.74 in f64), and NaN from 0·(−∞) at x = ±∞.
/// Use [`binary_cross_entropy_with_logits`](crate::binary_cross_entropy_with_logits).
///
/// # Examples
/// ```
/// use losses::naive;
/// assert_eq!(naive::binary_cross_entropy_with_logits(40.0_f64, 0.0), f64::INFINITY);  // true: ≈ 40
/// assert!(naive::binary_cross_entropy_with_logits(f64::INFINITY, 1.0).is_nan());      // true: 0
/// ```
pub fn binary_cross_entropy_with_logits<F: LossFloat>(x: F, y: F) -> F {
    let p = sigmoid(x);
    -(y * p.ln() + (F::one() - y) * (F::one() - p).ln())
}

/// Focal loss from a logit as −(1 − p_t)^γ ln p_t with p = σ(x) and p_t = p·y + (1 − p)(1 − y),
/// y ∈ {0, 1}: the factor (1 − p_t)^γ is 0 once σ(x_t) rounds to 1 (torchvision computes it this
/// way). Use [`focal_loss_with_logits`](crate::focal_loss_with_logits).
///
/// # Examples
/// ```
/// use losses::naive;
/// assert_eq!(naive::focal_loss_with_logits(40.0_f64, 1.0, 2.0), 0.0);   // true: ≈ e^(−120)
/// ```
pub fn focal_loss_with_logits<F: LossFloat>(x: F, y: F, gamma: F) -> F {
    let p = sigmoid(x);
    let p_t = p * y + (F::one() - p) * (F::one() - y);
    -(F::one() - p_t).powf(gamma) * p_t.ln()
}

/// The paper's dFL/dx = y(1 − p_t)^γ (γ p_t ln p_t + p_t − 1), y ∈ {−1, +1}, evaluated as written
/// with p_t = σ(y·x). Wrong in the tail where 1 − p_t cancels; NaN at x_t = −∞ (0·(−∞)).
/// Use [`focal_loss_with_logits_grad`](crate::focal_loss_with_logits_grad).
///
/// # Examples
/// ```
/// use losses::naive;
/// assert_eq!(naive::focal_loss_with_logits_grad(40.0_f64, 1.0, 2.0), 0.0);   // true: ≈ −e^(−120)
/// assert!(naive::focal_loss_with_logits_grad(f64::NEG_INFINITY, 1.0, 2.0).is_nan());
/// ```
pub fn focal_loss_with_logits_grad<F: LossFloat>(x: F, y_sign: F, gamma: F) -> F {
    let p_t = sigmoid(y_sign * x);
    y_sign * (F::one() - p_t).powf(gamma) * (gamma * p_t * p_t.ln() + p_t - F::one())
}

/// log-sum-exp as ln Σ eᶻ: +∞ as soon as one logit exceeds 709.78 (f64).
/// Use [`log_sum_exp`](crate::log_sum_exp).
///
/// # Examples
/// ```
/// use losses::naive;
/// assert_eq!(naive::log_sum_exp(&[1000.0_f64, 0.0]), f64::INFINITY);   // true: 1000
/// ```
pub fn log_sum_exp<F: LossFloat>(z: &[F]) -> F {
    z.iter().fold(F::zero(), |acc, &zi| acc + zi.exp()).ln()
}

/// Softmax cross-entropy as −ln(e^(z_c) / Σ eᶻ): NaN (∞/∞) for logits above 709.78.
/// Use [`softmax_cross_entropy`](crate::softmax_cross_entropy).
///
/// # Examples
/// ```
/// use losses::naive;
/// assert!(naive::softmax_cross_entropy(&[1000.0_f64, 1000.0], 0).is_nan());   // true: ln 2
/// ```
pub fn softmax_cross_entropy<F: LossFloat>(z: &[F], class: usize) -> F {
    let Some(&z_class) = z.get(class) else { return nan() };
    let total = z.iter().fold(F::zero(), |acc, &zi| acc + zi.exp());
    -(z_class.exp() / total).ln()
}

/// Softmax cross-entropy as log-sum-exp(z) − z_c with a *stable* log-sum-exp: no overflow, but the
/// subtraction of two numbers of size |z| keeps only the digits left over — the optax formulation,
/// off by ~4.5·10⁻⁹ relative for equal logits of 10⁸. Use
/// [`softmax_cross_entropy`](crate::softmax_cross_entropy).
///
/// # Examples
/// ```
/// use losses::naive;
/// let ce = naive::softmax_cross_entropy_shifted(&[1e8_f64, 1e8, 1e8], 0);
/// assert!(((ce - 3.0_f64.ln()) / 3.0_f64.ln()).abs() > 1e-9);    // thousands of ulps off
/// ```
pub fn softmax_cross_entropy_shifted<F: LossFloat>(z: &[F], class: usize) -> F {
    let (Some(&first), Some(&z_class)) = (z.first(), z.get(class)) else { return nan() };
    let m = z.iter().fold(first, |a, &b| a.max(b));
    let lse = m + z.iter().fold(F::zero(), |acc, &zi| acc + (zi - m).exp()).ln();
    lse - z_class
}

/// KL(p‖q) = Σ p ln(p/q) over every index, without the 0·ln 0 = 0 convention: NaN as soon as
/// some pᵢ = 0 (0·ln 0 = 0·(−∞)), as reported against torchmetrics (#1029).
/// Use [`kl_divergence`](crate::kl_divergence).
///
/// # Examples
/// ```
/// use losses::naive;
/// assert!(naive::kl_divergence(&[1.0_f64, 0.0], &[0.5, 0.5]).is_nan());   // true: ln 2
/// ```
pub fn kl_divergence<F: LossFloat>(p: &[F], q: &[F]) -> F {
    p.iter().zip(q).fold(F::zero(), |acc, (&pi, &qi)| acc + pi * (pi / qi).ln())
}
