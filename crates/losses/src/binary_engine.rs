//! The engine of the binary losses (cross-entropy and focal loss): the target validation and
//! positive count every binary batch function starts with, and [`LogitLoss`], which evaluates a
//! loss from logits for one example or a whole batch, by the batch kernels for f32 and f64 and by
//! the generic per-example formulas of `pointwise` otherwise.

use crate::kernels::BinaryLoss;
use crate::label::{Label, label_of, weight_of};
use crate::lanes;
use crate::pointwise::{
    cross_entropy_from_signed_logit, cross_entropy_grad_signed_logit, focal_from_signed_logit, focal_grad_signed_logit,
};
use crate::reduction::{BinaryReduction, Reduced, Sink, batch, divisor};
use crate::summation::CompensatedSum;
use crate::validate;
use crate::{LossFloat, Result};

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
