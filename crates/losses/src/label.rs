//! The class of a binary example and the class-balancing weight α_t: the typed [`Label`] that
//! every binary and focal loss takes, and the crate's unchecked helpers for 0/1 targets and α.

use crate::{LossError, LossFloat, Result};

/// The class of a binary example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// y = 1 in 0/1 notation, y = +1 in the paper's notation: the object / foreground class.
    Positive,
    /// y = 0 in 0/1 notation, y = −1 in the paper's notation: background.
    Negative,
}

impl Label {
    /// Reads a 0/1 label.
    ///
    /// # Errors
    /// [`LossError::InvalidLabel`] unless `y` is exactly 0 or 1.
    ///
    /// # Examples
    /// ```
    /// use losses::Label;
    /// assert_eq!(Label::from_indicator(1.0_f64)?, Label::Positive);
    /// assert!(Label::from_indicator(0.5_f64).is_err());
    /// # Ok::<(), losses::LossError>(())
    /// ```
    pub fn from_indicator<F: LossFloat>(y: F) -> Result<Self> {
        Self::read_indicator("y", 0, y)
    }

    /// Reads a label in the paper's ±1 notation.
    ///
    /// # Errors
    /// [`LossError::InvalidLabel`] unless `y` is exactly −1 or +1.
    ///
    /// # Examples
    /// ```
    /// use losses::Label;
    /// assert_eq!(Label::from_sign(-1.0_f64)?, Label::Negative);
    /// assert!(Label::from_sign(0.0_f64).is_err());
    /// # Ok::<(), losses::LossError>(())
    /// ```
    pub fn from_sign<F: LossFloat>(y: F) -> Result<Self> {
        if y == F::one() {
            Ok(Label::Positive)
        } else if y == -F::one() {
            Ok(Label::Negative)
        } else {
            Err(LossError::InvalidLabel { argument: "y", index: 0, value: y.to_f64(), expected: "-1 or +1" })
        }
    }

    pub(crate) fn read_indicator<F: LossFloat>(argument: &'static str, index: usize, y: F) -> Result<Self> {
        if y == F::one() {
            Ok(Label::Positive)
        } else if y == F::zero() {
            Ok(Label::Negative)
        } else {
            Err(LossError::InvalidLabel { argument, index, value: y.to_f64(), expected: "0 or 1" })
        }
    }

    /// The paper's y ∈ {−1, +1}.
    ///
    /// # Examples
    /// ```
    /// use losses::Label;
    /// assert_eq!(Label::Negative.sign::<f64>(), -1.0);
    /// ```
    pub fn sign<F: LossFloat>(self) -> F {
        match self {
            Label::Positive => F::one(),
            Label::Negative => -F::one(),
        }
    }

    /// The 0/1 label y ∈ {0, 1}.
    ///
    /// # Examples
    /// ```
    /// use losses::Label;
    /// assert_eq!(Label::Positive.indicator::<f32>(), 1.0);
    /// ```
    pub fn indicator<F: LossFloat>(self) -> F {
        match self {
            Label::Positive => F::one(),
            Label::Negative => F::zero(),
        }
    }
}

/// α itself if it is a valid class-balancing weight (α ∈ [0, 1]).
///
/// # Errors
/// [`LossError::InvalidAlpha`] unless α ∈ [0, 1].
pub(crate) fn check_alpha<F: LossFloat>(alpha: F) -> Result<F> {
    if alpha.is_nan() || alpha < F::zero() || alpha > F::one() {
        Err(LossError::InvalidAlpha { alpha: alpha.to_f64() })
    } else {
        Ok(alpha)
    }
}

/// α_t, the weight of `label`'s class: α for a positive, 1 − α for a negative (α already checked).
pub(crate) fn weight_of<F: LossFloat>(alpha: F, label: Label) -> F {
    match label {
        Label::Positive => alpha,
        Label::Negative => F::one() - alpha,
    }
}

/// The label of a target that `binary_engine::count_positives` has validated (so it is exactly 0
/// or 1).
#[inline]
pub(crate) fn label_of<F: LossFloat>(y: F) -> Label {
    if y == F::one() { Label::Positive } else { Label::Negative }
}
