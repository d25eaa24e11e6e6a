//! Runs a check and turns whatever happens — success, a failing case, `todo!()`, any other panic —
//! into an [`Outcome`], without letting a panic message reach the terminal.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use crate::check::{Cases, Failure, take_current_call};

/// What grading one implementation found.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every case passed.
    Passed {
        /// How many cases ran.
        cases: usize,
    },
    /// The implementation is still `todo!()`.
    NotAttempted,
    /// A case gave the wrong answer.
    Failed(Failure),
    /// The implementation panicked (other than `todo!()`).
    Panicked {
        /// The call that panicked, if known.
        input: Option<String>,
        /// The panic message.
        message: String,
    },
}

impl Outcome {
    /// Passed.
    pub fn is_passed(&self) -> bool {
        matches!(self, Outcome::Passed { .. })
    }

    /// Attempted and wrong: a failing case or a panic.
    pub fn is_failed(&self) -> bool {
        matches!(self, Outcome::Failed(_) | Outcome::Panicked { .. })
    }
}

/// The message `todo!()` panics with (`todo!("…")` appends `: …`).
const TODO_MESSAGE: &str = "not yet implemented";

thread_local! {
    /// Whether panics on this thread are being caught by [`grade`] (and must not be printed).
    static GRADING: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent while [`grade`] runs on the current thread and
/// otherwise does what the previous hook did (so test failures elsewhere still print).
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GRADING.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `check` and reports what happened.
///
/// A panic whose message starts with "not yet implemented" — what `todo!()` says — in the first
/// case is [`Outcome::NotAttempted`]; any other panic, and a `todo!()` reached after some cases
/// passed (an unfinished branch), is [`Outcome::Panicked`] with the call that was running. Nothing
/// is printed.
pub fn grade(check: impl FnOnce(&mut Cases) -> Result<(), Failure>) -> Outcome {
    install_quiet_hook();
    let was_grading = GRADING.with(|g| g.replace(true));
    let mut cases = Cases::new();
    let result = panic::catch_unwind(AssertUnwindSafe(|| check(&mut cases)));
    GRADING.with(|g| g.set(was_grading));
    match result {
        Ok(Ok(())) => Outcome::Passed { cases: cases.count() },
        Ok(Err(failure)) => Outcome::Failed(failure),
        Err(payload) => {
            let input = take_current_call();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(a panic without a message)".to_string());
            // `todo!()` before any case passed: untouched. After some passed, the answer is
            // unfinished (a `todo!()` left in one branch), and that is a failure at this input.
            if message.starts_with(TODO_MESSAGE) && cases.count() == 0 {
                Outcome::NotAttempted
            } else {
                Outcome::Panicked { input, message }
            }
        }
    }
}

/// Grades `implementation` with `check`: `grade(|cases| check(implementation, cases))`, as the
/// chapters' exercise blocks write it (one instantiation per signature, not one per call).
///
/// ```
/// use exercises::grade::{Outcome, grade_with};
///
/// fn sum_of_squared_errors(y: &[f64], y_hat: &[f64]) -> f64 {
///     todo!()
/// }
/// assert_eq!(grade_with(exercises::checks::ch02::sum_of_squared_errors, sum_of_squared_errors), Outcome::NotAttempted);
/// ```
pub fn grade_with<F>(check: fn(F, &mut Cases) -> Result<(), Failure>, implementation: F) -> Outcome {
    grade(|cases| check(implementation, cases))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Tolerance;

    fn check_square(f: fn(f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
        cases.call(|| "square(3)".to_string(), || f(3.0)).close(9.0, Tolerance::EXACT)
    }

    #[test]
    fn todo_is_not_attempted_and_other_panics_are_failures() {
        assert_eq!(grade(|c| check_square(|_| todo!(), c)), Outcome::NotAttempted);
        assert_eq!(grade(|c| check_square(|x| x * x, c)), Outcome::Passed { cases: 1 });
        let unimplemented = grade(|c| check_square(|_| unimplemented!(), c));
        assert_eq!(
            unimplemented,
            Outcome::Panicked { input: Some("square(3)".to_string()), message: "not implemented".to_string() }
        );
        let unfinished = grade(|c| {
            check_square(|x| x * x, c)?;
            check_square(|_| todo!(), c)
        });
        assert_eq!(
            unfinished,
            Outcome::Panicked { input: Some("square(3)".to_string()), message: "not yet implemented".to_string() }
        );
        match grade(|c| check_square(|x| x + x, c)) {
            Outcome::Failed(failure) => assert_eq!((failure.expected.en.as_str(), failure.got.as_str()), ("9", "6")),
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
