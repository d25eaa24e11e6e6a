//! The crate's one error type.
//!
//! Every variant names the bad input (`argument`: the parameter name as written in the function's
//! signature) and, where it makes sense, the position and the offending value, so a message such as
//! ``targets[3] = 2 is not a binary label (expected 0 or 1)`` can be acted on without a debugger.

/// Why a loss could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LossError {
    /// An input slice has no elements.
    #[error("`{argument}` is empty")]
    Empty {
        /// The parameter name.
        argument: &'static str,
    },
    /// Two slices that must be paired element by element have different lengths.
    #[error("length mismatch: `{left}` has {left_len} elements but `{right}` has {right_len}")]
    LengthMismatch {
        /// The first parameter name.
        left: &'static str,
        /// Its length.
        left_len: usize,
        /// The second parameter name.
        right: &'static str,
        /// Its length.
        right_len: usize,
    },
    /// An input is NaN.
    #[error("`{argument}[{index}]` is NaN")]
    NotANumber {
        /// The parameter name.
        argument: &'static str,
        /// Position in the slice (0 for a scalar).
        index: usize,
    },
    /// An input that must be finite is ±∞.
    #[error("`{argument}[{index}]` = {value} is not finite")]
    NotFinite {
        /// The parameter name.
        argument: &'static str,
        /// Position in the slice (0 for a scalar).
        index: usize,
        /// The value.
        value: f64,
    },
    /// A probability lies outside [0, 1].
    #[error("`{argument}[{index}]` = {value} is not a probability in [0, 1]")]
    NotAProbability {
        /// The parameter name.
        argument: &'static str,
        /// Position in the slice (0 for a scalar).
        index: usize,
        /// The value.
        value: f64,
    },
    /// A probability vector does not sum to 1 within the documented tolerance
    /// ([`distribution_tolerance`](crate::information::distribution_tolerance)).
    #[error("`{argument}` sums to {sum}, not 1 (tolerance {tolerance:e})")]
    NotADistribution {
        /// The parameter name.
        argument: &'static str,
        /// The computed sum.
        sum: f64,
        /// The tolerance on |sum − 1| that was exceeded.
        tolerance: f64,
    },
    /// A binary label is neither 0 nor 1 (or, for [`Label::from_sign`](crate::Label::from_sign),
    /// neither −1 nor +1).
    #[error("`{argument}[{index}]` = {value} is not a binary label (expected {expected})")]
    InvalidLabel {
        /// The parameter name.
        argument: &'static str,
        /// Position in the slice (0 for a scalar).
        index: usize,
        /// The value.
        value: f64,
        /// The accepted values, e.g. `"0 or 1"`.
        expected: &'static str,
    },
    /// A class index is not below the number of classes.
    #[error("`{argument}[{index}]` = {class} is out of range for {num_classes} classes")]
    ClassOutOfRange {
        /// The parameter name.
        argument: &'static str,
        /// Position in the slice (0 for a scalar).
        index: usize,
        /// The class index.
        class: usize,
        /// The number of classes.
        num_classes: usize,
    },
    /// A softmax input is +∞, where the softmax has no limit that names one class.
    #[error("`{argument}[{index}]` is +∞; the softmax of a +∞ logit is undefined")]
    PositiveInfiniteLogit {
        /// The parameter name.
        argument: &'static str,
        /// Position in the slice.
        index: usize,
    },
    /// Every softmax input of a row is −∞, so no class has any probability.
    #[error("every logit in `{argument}` (row {row}) is −∞")]
    AllLogitsNegativeInfinite {
        /// The parameter name.
        argument: &'static str,
        /// The row (0 for a single vector).
        row: usize,
    },
    /// The focusing parameter γ is negative or not finite.
    #[error("focusing parameter γ = {gamma} must be finite and ≥ 0")]
    InvalidGamma {
        /// The value.
        gamma: f64,
    },
    /// The balancing weight α is outside [0, 1].
    #[error("balancing weight α = {alpha} must be in [0, 1]")]
    InvalidAlpha {
        /// The value.
        alpha: f64,
    },
    /// Too few observations for the requested degrees of freedom (need n > p + 1).
    #[error(
        "{n} observations leave no degrees of freedom for {predictors} predictor(s) plus an intercept (need n > p + 1)"
    )]
    NotEnoughDegreesOfFreedom {
        /// Number of observations.
        n: usize,
        /// Number of predictors p.
        predictors: usize,
    },
    /// All `x` values are equal, so a least-squares slope does not exist.
    #[error("`x` has zero variance: the least-squares slope is undefined")]
    ConstantPredictor,
    /// A flat batch of rows does not divide into rows of `num_classes`.
    #[error("`{argument}` has {len} elements, which is not a positive multiple of {num_classes} classes")]
    RaggedBatch {
        /// The parameter name.
        argument: &'static str,
        /// The slice length.
        len: usize,
        /// The row length.
        num_classes: usize,
    },
    /// [`BinaryReduction::SumOverPositives`](crate::BinaryReduction::SumOverPositives) was asked
    /// for, but no target is positive.
    #[error("no target is positive: cannot normalise by the number of positives")]
    NoPositives,
}

/// Shorthand for results of this crate.
pub type Result<T, E = LossError> = core::result::Result<T, E>;
