//! How a batch of per-example losses becomes one number.
//!
//! There is no default: every batch function takes a reduction argument, so the choice is
//! visible at the call site (PyTorch defaults to `mean`, torchvision's focal loss to `none`,
//! RetinaNet normalises by the number of positives — three different numbers for the same batch).
//!
//! Two types, so that a reduction a loss does not define cannot even be written down:
//! [`Reduction`] (`None`, `Sum`, `Mean`) is what every batch function accepts, and
//! [`BinaryReduction`] adds `SumOverPositives` for the binary and focal losses, whose targets have
//! positives to count. Those take `impl Into<BinaryReduction>`, so a [`Reduction`] works there too;
//! the softmax batch functions take only a [`Reduction`]:
//!
//! ```compile_fail
//! use losses::{softmax_cross_entropy_batch, BinaryReduction};
//! // K classes have no "positives": this does not compile.
//! let loss = softmax_cross_entropy_batch(&[0.0_f64, 1.0], 2, &[1], BinaryReduction::SumOverPositives);
//! ```
//!
//! ```
//! use losses::{softmax_cross_entropy_batch, Reduction};
//! let loss = softmax_cross_entropy_batch(&[0.0_f64, 1.0], 2, &[1], Reduction::Sum)?;
//! # Ok::<(), losses::LossError>(())
//! ```

use crate::summation::CompensatedSum;
use crate::{LossError, LossFloat, Result};

/// The reduction applied to per-example losses `l_1 … l_n`: accepted by every batch function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reduction {
    /// Keep every per-example value: the result is [`Reduced::PerExample`].
    None,
    /// `Σ l_i`.
    Sum,
    /// `(1/n) Σ l_i`, n the number of examples (rows, for a K-class batch).
    Mean,
}

/// The reductions of a batch with 0/1 targets: those of [`Reduction`], and the normalisation by
/// the number of positives. Accepted by the binary and focal batch functions.
///
/// # Examples
/// ```
/// use losses::{binary_cross_entropy_with_logits_batch, BinaryReduction, Reduction};
/// let (logits, targets) = ([0.0_f64, 2.0, -1.0, 0.5], [1.0, 0.0, 0.0, 1.0]);
/// let sum = binary_cross_entropy_with_logits_batch(&logits, &targets, Reduction::Sum)?.total().unwrap();
/// let per_positive =
///     binary_cross_entropy_with_logits_batch(&logits, &targets, BinaryReduction::SumOverPositives)?.total().unwrap();
/// assert_eq!(per_positive, sum / 2.0);                  // two positive targets
/// # Ok::<(), losses::LossError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryReduction {
    /// As [`Reduction::None`].
    None,
    /// As [`Reduction::Sum`].
    Sum,
    /// As [`Reduction::Mean`].
    Mean,
    /// `(1/n₊) Σ l_i` with `n₊` the number of positive targets: the normalisation of the focal-loss
    /// paper (Lin et al. 2017, §4: "normalized by the number of anchors assigned to a ground-truth
    /// box"). With no positive target it is an error
    /// ([`LossError::NoPositives`]), never a silent division by 0.
    SumOverPositives,
}

impl From<Reduction> for BinaryReduction {
    fn from(reduction: Reduction) -> Self {
        match reduction {
            Reduction::None => BinaryReduction::None,
            Reduction::Sum => BinaryReduction::Sum,
            Reduction::Mean => BinaryReduction::Mean,
        }
    }
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

/// A reduction resolved for one batch: keep every value, or divide the (compensated) sum by
/// `divisor` — 1 for a plain sum, which is then not divided at all.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    keep: bool,
    divisor: usize,
}

/// What `reduction` divides the sum (and every gradient entry) by, for `examples` examples of which
/// `positives` are positive: 1 for `None` and `Sum`; [`LossError::NoPositives`] for
/// [`BinaryReduction::SumOverPositives`] without a positive.
pub(crate) fn divisor(reduction: BinaryReduction, examples: usize, positives: usize) -> Result<usize> {
    Ok(match reduction {
        BinaryReduction::None | BinaryReduction::Sum => 1,
        BinaryReduction::Mean => examples,
        BinaryReduction::SumOverPositives if positives == 0 => return Err(LossError::NoPositives),
        BinaryReduction::SumOverPositives => positives,
    })
}

impl Plan {
    fn new(reduction: BinaryReduction, examples: usize, positives: usize) -> Result<Self> {
        let divisor = divisor(reduction, examples, positives)?;
        Ok(Self { keep: reduction == BinaryReduction::None, divisor })
    }

    /// `value / divisor`, or `value` itself when there is nothing to divide by.
    #[inline]
    fn scale<F: LossFloat>(self, value: F, divisor: F) -> F {
        if self.divisor == 1 { value } else { value / divisor }
    }
}

/// Where a batch function puts its per-example values, in example order.
pub(crate) trait Sink<F> {
    /// What the batch function returns.
    type Output;
    fn new(plan: Plan, capacity: usize) -> Self;
    fn push(&mut self, value: F);
    fn finish(self) -> Self::Output;
}

/// Per-example losses, reduced as asked: kept for [`Reduction::None`], otherwise summed as they
/// come (compensated, so without storing them) and divided once at the end.
pub(crate) struct Losses<F> {
    plan: Plan,
    kept: Vec<F>,
    sum: CompensatedSum<F>,
}

impl<F: LossFloat> Sink<F> for Losses<F> {
    type Output = Reduced<F>;

    fn new(plan: Plan, capacity: usize) -> Self {
        let kept = Vec::with_capacity(if plan.keep { capacity } else { 0 });
        Self { plan, kept, sum: CompensatedSum::new() }
    }

    #[inline]
    fn push(&mut self, value: F) {
        if self.plan.keep { self.kept.push(value) } else { self.sum.add(value) }
    }

    fn finish(self) -> Reduced<F> {
        if self.plan.keep {
            return Reduced::PerExample(self.kept);
        }
        let divisor = F::from_f64(self.plan.divisor as f64);
        Reduced::Total(self.plan.scale(self.sum.value(), divisor))
    }
}

/// Per-example gradient entries (one per logit), scaled to the gradient of the reduced loss: each
/// divided by the reduction's divisor.
pub(crate) struct Gradients<F> {
    plan: Plan,
    grads: Vec<F>,
}

impl<F: LossFloat> Sink<F> for Gradients<F> {
    type Output = Vec<F>;

    fn new(plan: Plan, capacity: usize) -> Self {
        Self { plan, grads: Vec::with_capacity(capacity) }
    }

    #[inline]
    fn push(&mut self, value: F) {
        self.grads.push(value);
    }

    fn finish(mut self) -> Vec<F> {
        let divisor = F::from_f64(self.plan.divisor as f64);
        for g in &mut self.grads {
            *g = self.plan.scale(*g, divisor);
        }
        self.grads
    }
}

/// The skeleton of every batch function, once its targets are validated: resolve `reduction` for
/// `examples` examples of which `positives` are positive ([`LossError::NoPositives`] for
/// [`BinaryReduction::SumOverPositives`] without one), let `fill` push every per-example value in
/// order (`capacity` of them; `fill` stops at the first invalid input), and reduce.
pub(crate) fn batch<F, S: Sink<F>>(
    reduction: BinaryReduction,
    examples: usize,
    positives: usize,
    capacity: usize,
    fill: impl FnOnce(&mut S) -> Result<()>,
) -> Result<S::Output> {
    let mut sink = S::new(Plan::new(reduction, examples, positives)?, capacity);
    fill(&mut sink)?;
    Ok(sink.finish())
}
