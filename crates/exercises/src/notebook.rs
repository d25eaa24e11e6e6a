//! What a notebook's grading cell calls. Each chapter's notebook ends with its exercises: the stub
//! in a cell the reader edits, then a grading cell (written by the notebook generator,
//! `book::notebook`) of the form
//!
//! ```text
//! let graded = exercises::notebook::grade(exercises::checks::ch06::focal_loss, focal_loss, exercises::Edition::En);
//! ```

use crate::check::{Cases, Failure};
use crate::grade::Outcome;
use crate::report;
use crate::text::Text;
use book::Edition;

const FAILED: Text = Text {
    en: "the answer is wrong: the report above shows the first failing case",
    ko: "답이 틀렸습니다. 위의 보고에 처음 틀린 사례가 있습니다",
};

/// Grades `implementation` with `check` and prints the outcome as `cargo xtask exercise` does
/// (without the title, which the notebook shows above the stub). Returns the outcome when the
/// answer passed or is still `todo!()` — an untouched notebook runs clean — and panics after
/// printing when it failed, so the cell shows the failure.
///
/// ```
/// use exercises::Edition;
/// use exercises::notebook::grade;
///
/// fn sum_of_squared_errors(y: &[f64], y_hat: &[f64]) -> f64 {
///     y.iter().zip(y_hat).map(|(a, b)| (a - b) * (a - b)).sum()
/// }
/// let graded = grade(exercises::checks::ch02::sum_of_squared_errors, sum_of_squared_errors, Edition::En);
/// assert!(graded.is_passed());
///
/// fn residual_standard_error(y: &[f64], y_hat: &[f64], predictors: usize) -> Option<f64> {
///     todo!()
/// }
/// let graded = grade(exercises::checks::ch02::residual_standard_error, residual_standard_error, Edition::Ko);
/// assert_eq!(graded, exercises::grade::Outcome::NotAttempted);
///
/// fn half_sum_of_squared_errors(y: &[f64], t: &[f64]) -> f64 {
///     y.iter().zip(t).map(|(a, b)| (a - b) * (a - b)).sum() // without the ½
/// }
/// let wrong = std::panic::catch_unwind(|| {
///     grade(exercises::checks::ch02::half_sum_of_squared_errors, half_sum_of_squared_errors, Edition::En)
/// });
/// assert!(wrong.is_err());
/// ```
///
/// # Panics
/// When the answer failed (a wrong value, or a panic other than an untouched `todo!()`).
pub fn grade<F>(check: fn(F, &mut Cases) -> Result<(), Failure>, implementation: F, edition: Edition) -> Outcome {
    let outcome = crate::grade::grade_with(check, implementation);
    report::print_outcome(edition, &outcome);
    if outcome.is_failed() {
        panic!("{}", FAILED.get(edition));
    }
    outcome
}
