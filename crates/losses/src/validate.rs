//! Input checks shared by every public function. Each returns the first problem found, in index
//! order, as a [`LossError`] that names the argument.

use crate::{LossError, LossFloat, Result};

pub(crate) fn non_empty<T>(argument: &'static str, values: &[T]) -> Result<()> {
    if values.is_empty() { Err(LossError::Empty { argument }) } else { Ok(()) }
}

pub(crate) fn same_length<A, B>(left: &'static str, a: &[A], right: &'static str, b: &[B]) -> Result<()> {
    if a.len() == b.len() {
        Ok(())
    } else {
        Err(LossError::LengthMismatch { left, left_len: a.len(), right, right_len: b.len() })
    }
}

pub(crate) fn not_nan<F: LossFloat>(argument: &'static str, index: usize, value: F) -> Result<F> {
    if value.is_nan() { Err(LossError::NotANumber { argument, index }) } else { Ok(value) }
}

pub(crate) fn finite<F: LossFloat>(argument: &'static str, index: usize, value: F) -> Result<F> {
    not_nan(argument, index, value)?;
    if value.is_infinite() { Err(LossError::NotFinite { argument, index, value: value.to_f64() }) } else { Ok(value) }
}

pub(crate) fn all_finite<F: LossFloat>(argument: &'static str, values: &[F]) -> Result<()> {
    for (index, &value) in values.iter().enumerate() {
        finite(argument, index, value)?;
    }
    Ok(())
}

pub(crate) fn probability<F: LossFloat>(argument: &'static str, index: usize, value: F) -> Result<F> {
    not_nan(argument, index, value)?;
    if value < F::zero() || value > F::one() {
        Err(LossError::NotAProbability { argument, index, value: value.to_f64() })
    } else {
        Ok(value)
    }
}
