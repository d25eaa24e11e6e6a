//! Where the generic batch and scalar functions hand `f32` and `f64` to the vectorised kernels
//! ([`kernels`](crate::kernels)): each function here runs a kernel when `F` is one of the two and
//! returns `None` for any other type (dual numbers), which then takes the generic code.

use crate::LossFloat;
use crate::kernels::{BinaryLoss, BinaryPass, Lanes, LanesMut, RowNormaliser, SoftmaxPass, Totals};

/// An optional output slice of `F` as one of `T` (`Some(None)`: no output), or `None` when `F` is
/// not `T`.
trait Lane: Sized {
    fn input<F: LossFloat>(values: &[F]) -> Option<&[Self]>;
    fn output<F: LossFloat>(values: &mut [F]) -> Option<&mut [Self]>;
}

impl Lane for f32 {
    fn input<F: LossFloat>(values: &[F]) -> Option<&[f32]> {
        if let Lanes::F32(values) = F::lanes(values) { Some(values) } else { None }
    }
    fn output<F: LossFloat>(values: &mut [F]) -> Option<&mut [f32]> {
        if let LanesMut::F32(values) = F::lanes_mut(values) { Some(values) } else { None }
    }
}

impl Lane for f64 {
    fn input<F: LossFloat>(values: &[F]) -> Option<&[f64]> {
        if let Lanes::F64(values) = F::lanes(values) { Some(values) } else { None }
    }
    fn output<F: LossFloat>(values: &mut [F]) -> Option<&mut [f64]> {
        if let LanesMut::F64(values) = F::lanes_mut(values) { Some(values) } else { None }
    }
}

/// `Some(None)` for no output, `Some(Some(…))` for an output of type `T`, `None` if `F` is not `T`.
fn optional<T: Lane, F: LossFloat>(out: Option<&mut [F]>) -> Option<Option<&mut [T]>> {
    match out {
        None => Some(None),
        Some(out) => T::output(out).map(Some),
    }
}

/// The divisor as a value of `F`, widened (what `F` would divide by).
fn divisor_of<F: LossFloat>(divisor: usize) -> f64 {
    F::from_f64(divisor as f64).to_f64()
}

/// [`BinaryPass`] for `F` = f32 or f64 (inputs unchecked: the pass reports invalid ones).
pub(crate) fn binary_pass<F: LossFloat>(
    logits: &[F],
    targets: &[F],
    loss: BinaryLoss,
    losses: Option<&mut [F]>,
    grads: Option<&mut [F]>,
    grad_divisor: usize,
) -> Option<Totals> {
    fn typed<T: Lane + crate::kernels::KernelFloat, F: LossFloat>(
        logits: &[F],
        targets: &[F],
        loss: BinaryLoss,
        losses: Option<&mut [F]>,
        grads: Option<&mut [F]>,
        grad_divisor: f64,
    ) -> Option<Totals> {
        let pass = BinaryPass {
            logits: T::input(logits)?,
            targets: T::input(targets)?,
            loss,
            losses: optional::<T, F>(losses)?,
            grads: optional::<T, F>(grads)?,
            grad_divisor,
        };
        Some(pass.run())
    }
    let divisor = divisor_of::<F>(grad_divisor);
    match F::lanes(logits) {
        Lanes::F32(_) => typed::<f32, F>(logits, targets, loss, losses, grads, divisor),
        Lanes::F64(_) => typed::<f64, F>(logits, targets, loss, losses, grads, divisor),
        Lanes::Generic => None,
    }
}

/// [`SoftmaxPass`] for `F` = f32 or f64 (classes checked by the caller; the logits unchecked: the
/// pass reports invalid ones).
pub(crate) fn softmax_pass<F: LossFloat>(
    logits: &[F],
    num_classes: usize,
    classes: &[usize],
    losses: Option<&mut [F]>,
    grads: Option<&mut [F]>,
    grad_divisor: usize,
) -> Option<Totals> {
    fn typed<T: Lane + crate::kernels::KernelFloat, F: LossFloat>(
        logits: &[F],
        num_classes: usize,
        classes: &[usize],
        losses: Option<&mut [F]>,
        grads: Option<&mut [F]>,
        grad_divisor: f64,
    ) -> Option<Totals> {
        let pass = SoftmaxPass {
            logits: T::input(logits)?,
            num_classes,
            classes,
            losses: optional::<T, F>(losses)?,
            grads: optional::<T, F>(grads)?,
            grad_divisor,
        };
        Some(pass.run())
    }
    let divisor = divisor_of::<F>(grad_divisor);
    match F::lanes(logits) {
        Lanes::F32(_) => typed::<f32, F>(logits, num_classes, classes, losses, grads, divisor),
        Lanes::F64(_) => typed::<f64, F>(logits, num_classes, classes, losses, grads, divisor),
        Lanes::Generic => None,
    }
}

/// −ln softmax(z)_k for every k, from one [`RowNormaliser`] of a valid row: bit for bit the
/// losses [`SoftmaxPass`] computes for that row with class k. `None` for other types.
pub(crate) fn neg_log_softmax_all<F: LossFloat>(z: &[F]) -> Option<Vec<F>> {
    fn typed<T: Lane + crate::kernels::KernelFloat, F: LossFloat>(z: &[F]) -> Option<Vec<F>> {
        let row = T::input(z)?;
        let normaliser = crate::kernels::run(RowNormaliser { z: row });
        Some(row.iter().map(|&z_k| F::from_f64(crate::kernels::neg_log_softmax(normaliser, z_k).widen())).collect())
    }
    match F::lanes(z) {
        Lanes::F32(_) => typed::<f32, F>(z),
        Lanes::F64(_) => typed::<f64, F>(z),
        Lanes::Generic => None,
    }
}
