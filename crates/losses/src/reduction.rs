//! How a batch of per-example losses becomes one number.
//!
//! There is no default: every batch function takes a [`Reduction`] argument, so the choice is
//! visible at the call site (PyTorch defaults to `mean`, torchvision's focal loss to `none`,
//! RetinaNet normalises by the number of positives — three different numbers for the same batch).

use crate::summation::CompensatedSum;
use crate::{LossFloat, Result};

/// The reduction applied to per-example losses `l_1 … l_n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reduction {
    /// Keep every per-example value: the result is [`Reduced::PerExample`].
    None,
    /// `Σ l_i`.
    Sum,
    /// `(1/n) Σ l_i`.
    Mean,
    /// `(1/n₊) Σ l_i` with `n₊` the number of positive targets: the normalisation of the focal-loss
    /// paper (Lin et al. 2017, §4: "normalized by the number of anchors assigned to a ground-truth
    /// box"). Only binary losses define it; with no positive target it is an error
    /// ([`LossError::NoPositives`](crate::LossError::NoPositives)), never a silent division by 0.
    SumOverPositives,
}

/// The result of a batch loss.
#[derive(Debug, Clone, PartialEq)]
pub enum Reduced<F> {
    /// One loss per example ([`Reduction::None`]).
    PerExample(Vec<F>),
    /// A single number (every other reduction).
    Total(F),
}

impl<F: Copy> Reduced<F> {
    /// The reduced number, or `None` for [`Reduced::PerExample`].
    pub fn total(&self) -> Option<F> {
        match self {
            Reduced::Total(value) => Some(*value),
            Reduced::PerExample(_) => None,
        }
    }

    /// The per-example values, or `None` for [`Reduced::Total`].
    pub fn per_example(&self) -> Option<&[F]> {
        match self {
            Reduced::PerExample(values) => Some(values),
            Reduced::Total(_) => None,
        }
    }
}

/// The divisor a reduction applies to a sum (1 for `None`/`Sum`).
pub(crate) fn divisor(reduction: Reduction, n: usize, positives: usize) -> usize {
    match reduction {
        Reduction::None | Reduction::Sum => 1,
        Reduction::Mean => n,
        Reduction::SumOverPositives => positives,
    }
}

/// Applies a reduction to already-computed per-example values.
pub(crate) fn reduce<F: LossFloat>(values: Vec<F>, reduction: Reduction, positives: usize) -> Reduced<F> {
    if reduction == Reduction::None {
        return Reduced::PerExample(values);
    }
    let sum = values.iter().copied().collect::<CompensatedSum<F>>().value();
    let d = divisor(reduction, values.len(), positives);
    Reduced::Total(if d == 1 { sum } else { sum / F::from_f64(d as f64) })
}

/// [`reduce`] for per-example values produced one at a time, without storing them unless
/// [`Reduction::None`] asks for them: the same additions in the same order, so bit for bit the same
/// result, minus an allocation and a pass over memory.
pub(crate) struct Reducer<F> {
    reduction: Reduction,
    n: usize,
    positives: usize,
    kept: Vec<F>,
    sum: CompensatedSum<F>,
}

impl<F: LossFloat> Reducer<F> {
    /// For `n` values.
    pub(crate) fn new(reduction: Reduction, n: usize, positives: usize) -> Self {
        let kept = Vec::with_capacity(if reduction == Reduction::None { n } else { 0 });
        Self { reduction, n, positives, kept, sum: CompensatedSum::new() }
    }

    #[inline]
    pub(crate) fn push(&mut self, value: F) {
        if self.reduction == Reduction::None { self.kept.push(value) } else { self.sum.add(value) }
    }

    pub(crate) fn finish(self) -> Reduced<F> {
        if self.reduction == Reduction::None {
            return Reduced::PerExample(self.kept);
        }
        let d = divisor(self.reduction, self.n, self.positives);
        let sum = self.sum.value();
        Reduced::Total(if d == 1 { sum } else { sum / F::from_f64(d as f64) })
    }
}

/// [`Reducer`] over a fallible iterator (the first error stops everything).
pub(crate) fn reduce_each<F: LossFloat>(
    values: impl ExactSizeIterator<Item = Result<F>>,
    reduction: Reduction,
    positives: usize,
) -> Result<Reduced<F>> {
    let mut reducer = Reducer::new(reduction, values.len(), positives);
    for value in values {
        reducer.push(value?);
    }
    Ok(reducer.finish())
}

/// Scales per-example gradients to the gradient of the reduced loss.
pub(crate) fn scale_gradients<F: LossFloat>(mut grads: Vec<F>, reduction: Reduction, positives: usize) -> Vec<F> {
    let d = divisor(reduction, grads.len(), positives);
    if d != 1 {
        let d = F::from_f64(d as f64);
        for g in &mut grads {
            *g = *g / d;
        }
    }
    grads
}
