//! Compensated (Kahan–Babuška–Neumaier) summation.
//!
//! Batch losses add up to 10⁶ terms; plain left-to-right summation loses up to n·ε relative
//! accuracy, which would break the crate's ulp bounds. Neumaier's variant carries the rounding error
//! of every addition in a second accumulator, so the result is as accurate as if the sum were done
//! in twice the precision and then rounded (Neumaier 1974; Higham, *Accuracy and Stability of
//! Numerical Algorithms*, §4.3).

use crate::LossFloat;

/// A running compensated sum.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CompensatedSum<F> {
    sum: F,
    compensation: F,
}

impl<F: LossFloat> CompensatedSum<F> {
    pub(crate) fn new() -> Self {
        Self { sum: F::zero(), compensation: F::zero() }
    }

    pub(crate) fn add(&mut self, term: F) {
        let t = self.sum + term;
        // The lost low-order part of whichever operand is smaller in magnitude.
        if self.sum.abs() >= term.abs() {
            self.compensation = self.compensation + ((self.sum - t) + term);
        } else {
            self.compensation = self.compensation + ((term - t) + self.sum);
        }
        self.sum = t;
    }

    pub(crate) fn value(self) -> F {
        // Once the sum is infinite the compensation is NaN (∞ − ∞); the sum itself is the answer.
        if self.sum.is_infinite() { self.sum } else { self.sum + self.compensation }
    }
}

impl<F: LossFloat> FromIterator<F> for CompensatedSum<F> {
    fn from_iter<I: IntoIterator<Item = F>>(iter: I) -> Self {
        let mut s = Self::new();
        for term in iter {
            s.add(term);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_what_plain_summation_loses() {
        // 1 + 1e-16 · 10: plain summation returns 1.0 exactly, the true sum is 1 + 1e-15.
        let terms = core::iter::once(1.0_f64).chain(core::iter::repeat_n(1e-16, 10));
        let plain: f64 = terms.clone().sum();
        let compensated = terms.collect::<CompensatedSum<f64>>().value();
        assert_eq!(plain, 1.0);
        assert_eq!(compensated, 1.0 + 1e-15);
    }

    #[test]
    fn infinite_sum_stays_infinite_not_nan() {
        let s = [1.0_f64, f64::INFINITY, 2.0].into_iter().collect::<CompensatedSum<f64>>();
        assert_eq!(s.value(), f64::INFINITY);
    }
}
