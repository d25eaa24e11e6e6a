//! # losses — machine-learning loss functions, verified
//!
//! Every loss of the course book *Loss Functions, Verified* (손실 함수 노트), with its gradient:
//!
//! | family | functions |
//! |---|---|
//! | regression ([`regression`]) | [`sum_of_squared_errors`], [`mean_squared_error`], [`root_mean_squared_error`], [`residual_standard_error`], [`mean_absolute_error`], [`simple_linear_regression`] |
//! | information ([`information`]) | [`entropy`], [`cross_entropy`], [`kl_divergence`] |
//! | binary ([`binary`]) | [`binary_cross_entropy`], [`binary_cross_entropy_with_logits`] (+ `_grad`), [`balanced_cross_entropy`], [`p_t`], [`alpha_t`] |
//! | K classes ([`multiclass`]) | [`softmax`], [`log_softmax`], [`log_sum_exp`], [`categorical_cross_entropy`], [`softmax_cross_entropy`] (+ `_soft`, `_grad`) |
//! | focal ([`focal`]) | [`focal_loss`], [`focal_loss_with_logits`] (+ `_grad`), α-balanced via [`FocalParams::balanced`] |
//! | K-class focal ([`multiclass_focal`]) | [`softmax_focal_loss`] (+ `_grad`), RetinaNet's [`sigmoid_focal_loss`] (+ `_grad`) |
//! | ranking ([`metrics`]) | [`metrics::precision_recall_curve`], [`metrics::average_precision`] |
//! | traps ([`naive`]) | the textbook formulas, kept only to show where they break |
//!
//! ## Promises
//! - **Exact.** Results are within 4 ulp (f32 and f64) of a 2048-bit reference, gradients within
//!   8 ulp (f64); the crate's tests measure this (`cargo test -p losses --test reference -- --nocapture`
//!   prints the worst ulp per function).
//! - **Generic** over [`LossFloat`]: `f32`, `f64`, and with the `num-dual` feature forward-mode dual
//!   numbers, so every loss can be differentiated exactly.
//! - **Typed errors, no panics, no silent NaN.** Bad input gives a [`LossError`] that names the
//!   argument and the index; ±∞ logits have a documented meaning (see [`binary`]).
//! - **Explicit reductions.** Batch functions take a [`Reduction`] (binary and focal ones also a
//!   [`BinaryReduction`], which adds `SumOverPositives`); there is no default, and no loss can be
//!   given a reduction it does not define.
//!
//! ## Example
//! ```
//! use losses::{focal_loss_with_logits, binary_cross_entropy_with_logits, FocalParams, Label};
//! // A well-classified positive (p_t = 0.9): focal loss with γ = 2 is 100× smaller than CE.
//! let x = (0.9_f64 / 0.1).ln();                       // logit with σ(x) = 0.9
//! let ce = binary_cross_entropy_with_logits(x, Label::Positive)?;
//! let fl = focal_loss_with_logits(x, Label::Positive, FocalParams::new(2.0)?)?;
//! assert!((ce / fl - 100.0).abs() < 1e-9);
//! # Ok::<(), losses::LossError>(())
//! ```
#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod activation;
pub mod binary;
mod binary_engine;
mod error;
mod float;
pub mod focal;
pub mod information;
#[doc(hidden)]
pub mod kernels;
mod label;
mod lanes;
pub mod metrics;
pub mod multiclass;
pub mod multiclass_focal;
pub mod naive;
mod pointwise;
mod reduction;
pub mod regression;
mod summation;
mod validate;

pub use binary::{
    Label, alpha_t, balanced_cross_entropy, balanced_cross_entropy_with_logits,
    balanced_cross_entropy_with_logits_grad, binary_cross_entropy, binary_cross_entropy_batch,
    binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_and_grad_batch,
    binary_cross_entropy_with_logits_batch, binary_cross_entropy_with_logits_grad,
    binary_cross_entropy_with_logits_grad_batch, binary_cross_entropy_with_logits_grad_batch_into, p_t,
};
pub use error::{LossError, Result};
pub use float::LossFloat;
pub use focal::{
    FocalParams, focal_loss, focal_loss_batch, focal_loss_with_logits, focal_loss_with_logits_and_grad_batch,
    focal_loss_with_logits_batch, focal_loss_with_logits_grad, focal_loss_with_logits_grad_batch,
    focal_loss_with_logits_grad_batch_into, modulating_factor,
};
pub use information::{cross_entropy, entropy, kl_divergence};
pub use multiclass::{
    categorical_cross_entropy, log_softmax, log_sum_exp, softmax, softmax_cross_entropy,
    softmax_cross_entropy_and_grad_batch, softmax_cross_entropy_batch, softmax_cross_entropy_grad,
    softmax_cross_entropy_grad_batch, softmax_cross_entropy_grad_batch_into, softmax_cross_entropy_soft,
    softmax_cross_entropy_soft_grad,
};
pub use multiclass_focal::{
    SoftmaxFocalParams, sigmoid_focal_loss, sigmoid_focal_loss_batch, sigmoid_focal_loss_grad,
    sigmoid_focal_loss_grad_batch, softmax_focal_loss, softmax_focal_loss_batch, softmax_focal_loss_grad,
    softmax_focal_loss_grad_batch,
};
pub use reduction::{BinaryReduction, Reduced, Reduction};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
pub use regression::{
    LinearFit, mean_absolute_error, mean_squared_error, mean_squared_error_grad, residual_standard_error,
    root_mean_squared_error, simple_linear_regression, sum_of_squared_errors,
};
