//! The vocabulary every check is written in: a case is a call of the implementation under test
//! with an input written out in words, compared with an expected value; the first case that does
//! not match becomes a [`Failure`] (input, expected, got, and a hint), which the grader prints.
//!
//! A check takes the implementation as a function value, so the same check grades the learner's
//! answer, the reference solution and every wrong answer:
//!
//! ```
//! use exercises::check::{Cases, Failure, Tolerance};
//!
//! fn check_double(f: fn(f64) -> f64, cases: &mut Cases) -> Result<(), Failure> {
//!     cases.call(|| format!("double(1.5)"), || f(1.5)).close(3.0, Tolerance::EXACT)
//! }
//! let mut cases = Cases::new();
//! assert!(check_double(|x| 2.0 * x, &mut cases).is_ok());
//! assert!(check_double(|x| x + 2.0, &mut cases).is_err());
//! ```

use std::cell::RefCell;
use std::fmt::Write as _;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

use crate::text::Text;

/// Cases per property test. Deterministic (a fixed seed), so every run checks the same inputs.
pub const PROPERTY_CASES: u32 = 128;

/// Why a check failed, in the words the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The call that went wrong, e.g. `focal_loss_grad(40, Label::Positive, 2)`.
    pub input: String,
    /// What it should have returned (boxed: a check's `Result` stays small).
    pub expected: Box<Phrase>,
    /// What it returned.
    pub got: String,
    /// What usually causes this, if the check knows.
    pub hint: Option<Text>,
}

/// Words built at run time, in both languages of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    /// English.
    pub en: String,
    /// Korean.
    pub ko: String,
}

impl Phrase {
    /// The same text in both languages (numbers, code).
    pub fn neutral(text: String) -> Self {
        Phrase { ko: text.clone(), en: text }
    }

    /// The phrase in `edition`'s language.
    pub fn get(&self, edition: book::Edition) -> &str {
        match edition {
            book::Edition::En => &self.en,
            book::Edition::Ko => &self.ko,
        }
    }
}

/// A [`Phrase`] from an English and a Korean `format!`.
pub fn phrase(en: String, ko: String) -> Phrase {
    Phrase { en, ko }
}

impl std::fmt::Display for Phrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// How close a result must be to the expected value: |got − expected| ≤ absolute + relative·|expected|.
///
/// An infinite expected value must be matched exactly (same sign); NaN never matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// The relative part.
    pub relative: f64,
    /// The absolute part.
    pub absolute: f64,
}

impl Tolerance {
    /// Bit-for-bit equal values (or both zero).
    pub const EXACT: Tolerance = Tolerance { relative: 0.0, absolute: 0.0 };

    /// Relative `relative`, with an absolute floor of 10⁻³⁰⁰ (below which numbers are subnormal
    /// or about to be, and relative accuracy means nothing).
    pub const fn relative(relative: f64) -> Self {
        Tolerance { relative, absolute: 1e-300 }
    }

    /// Relative `relative` or absolute `absolute`, whichever is larger.
    pub const fn mixed(relative: f64, absolute: f64) -> Self {
        Tolerance { relative, absolute }
    }

    /// Does `got` match `expected`?
    pub fn accepts(&self, got: f64, expected: f64) -> bool {
        if got.is_nan() || expected.is_nan() {
            return false;
        }
        if expected.is_infinite() || got.is_infinite() {
            return got == expected;
        }
        (got - expected).abs() <= self.absolute + self.relative * expected.abs()
    }

    /// `value`, followed by the tolerance in words (none for an exact or infinite value).
    fn describe(&self, value: String, expected: f64) -> Phrase {
        if *self == Tolerance::EXACT || expected.is_infinite() {
            return Phrase::neutral(value);
        }
        let (relative, absolute) = (format!("{:.0e}", self.relative), format!("{:.0e}", self.absolute));
        if self.absolute > 1e-300 {
            phrase(
                format!("{value} (within a relative {relative} or an absolute {absolute})"),
                format!("{value} (상대 오차 {relative} 또는 절대 오차 {absolute} 이내)"),
            )
        } else {
            phrase(format!("{value} (within a relative {relative})"), format!("{value} (상대 오차 {relative} 이내)"))
        }
    }
}

thread_local! {
    /// The call being made right now, so that a panic inside the implementation can be reported
    /// with its input.
    static CURRENT_CALL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The input of the call that was running when the implementation panicked (set by
/// [`Cases::call`], cleared by [`take_current_call`]).
pub fn take_current_call() -> Option<String> {
    CURRENT_CALL.with(|call| call.borrow_mut().take())
}

/// Counts the cases a check has run.
#[derive(Debug, Default)]
pub struct Cases {
    count: usize,
}

impl Cases {
    /// No cases yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many cases have passed so far (a property test counts [`PROPERTY_CASES`]).
    pub fn count(&self) -> usize {
        self.count
    }

    /// Calls the implementation; `input` describes the call (it is only formatted when needed).
    pub fn call<T>(&mut self, input: impl FnOnce() -> String, run: impl FnOnce() -> T) -> Got<T> {
        let input = input();
        CURRENT_CALL.with(|call| *call.borrow_mut() = Some(input.clone()));
        let value = run();
        CURRENT_CALL.with(|call| call.borrow_mut().take());
        self.count += 1;
        Got { input, value, hint: None }
    }

    /// Runs `test` on [`PROPERTY_CASES`] inputs drawn from `strategy` with a fixed seed. On a
    /// failure, proptest shrinks the input (integers and lengths; a float only by trying its
    /// range's lower bound), and `test` runs once more on the result to report that case (a panic there reaches the grader with the minimal input).
    pub fn property<S>(
        &mut self,
        strategy: S,
        test: impl Fn(&mut Cases, S::Value) -> Result<(), Failure>,
    ) -> Result<(), Failure>
    where
        S: Strategy,
        S::Value: Clone,
    {
        let config = Config {
            cases: PROPERTY_CASES,
            failure_persistence: None,
            rng_algorithm: RngAlgorithm::ChaCha,
            max_shrink_iters: 1024,
            // Fixed here rather than read from PROPTEST_* variables: every run checks the same
            // inputs, in this process.
            fork: false,
            timeout: 0,
            verbose: 0,
            ..Config::default()
        };
        let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
        let outcome = runner.run(&strategy, |value| {
            test(&mut Cases::new(), value).map_err(|failure| TestCaseError::fail(failure.input))
        });
        match outcome {
            Ok(()) => {
                self.count += PROPERTY_CASES as usize;
                Ok(())
            }
            Err(TestError::Fail(reason, minimal)) => {
                test(self, minimal)?;
                // Passed when run again: the implementation is not deterministic.
                Err(Failure {
                    input: reason.message().to_string(),
                    expected: Box::new(phrase("the same result every time".to_string(), "매번 같은 결과".to_string())),
                    got:
                        "a different result when called again with the same input / 같은 입력으로 다시 부르면 다른 결과"
                            .to_string(),
                    hint: None,
                })
            }
            Err(TestError::Abort(reason)) => Err(Failure {
                input: "(property test)".to_string(),
                expected: Box::new(phrase(
                    "a completed property test".to_string(),
                    "끝까지 마친 속성 테스트".to_string(),
                )),
                got: format!("aborted: {}", reason.message()),
                hint: None,
            }),
        }
    }
}

/// The result of one call, waiting to be compared.
#[must_use = "compare the result with an expected value"]
pub struct Got<T> {
    input: String,
    value: T,
    hint: Option<Text>,
}

impl<T> Got<T> {
    /// What to tell the learner if this case fails.
    pub fn hint(mut self, hint: Text) -> Self {
        self.hint = Some(hint);
        self
    }

    fn fail(self, expected: Phrase, got: String) -> Result<(), Failure> {
        Err(Failure { input: self.input, expected: Box::new(expected), got, hint: self.hint })
    }

    /// Checks `accept(value)`; `expected` says in words what was required.
    pub fn satisfies(self, expected: Phrase, accept: impl FnOnce(&T) -> bool) -> Result<(), Failure>
    where
        T: Number,
    {
        if accept(&self.value) {
            Ok(())
        } else {
            let got = self.value.show();
            self.fail(expected, got)
        }
    }
}

impl Got<f64> {
    /// Checks the value against `expected` within `tolerance`.
    pub fn close(self, expected: f64, tolerance: Tolerance) -> Result<(), Failure> {
        if tolerance.accepts(self.value, expected) {
            Ok(())
        } else {
            let got = number(self.value);
            self.fail(tolerance.describe(number(expected), expected), got)
        }
    }
}

impl Got<f32> {
    /// Checks the value bit for bit.
    pub fn exactly(self, expected: f32) -> Result<(), Failure> {
        if self.value == expected {
            Ok(())
        } else {
            let got = format!("{}_f32", self.value);
            self.fail(Phrase::neutral(format!("{expected}_f32")), got)
        }
    }
}

impl Got<Option<f64>> {
    /// Checks `None` against `None`, or the value against `expected` within `tolerance`.
    pub fn close(self, expected: Option<f64>, tolerance: Tolerance) -> Result<(), Failure> {
        let matches = match (self.value, expected) {
            (None, None) => true,
            (Some(got), Some(expected)) => tolerance.accepts(got, expected),
            _ => false,
        };
        if matches {
            Ok(())
        } else {
            let show = |value: Option<f64>| value.map_or("None".to_string(), |v| format!("Some({})", number(v)));
            let expected = match expected {
                Some(e) => tolerance.describe(show(Some(e)), e),
                None => Phrase::neutral(show(None)),
            };
            let got = show(self.value);
            self.fail(expected, got)
        }
    }
}

/// A value a check can print.
pub trait Number {
    /// The value as the report shows it.
    fn show(&self) -> String;
}

impl Number for f64 {
    fn show(&self) -> String {
        number(*self)
    }
}

impl Number for f32 {
    fn show(&self) -> String {
        format!("{self}_f32")
    }
}

impl Number for Option<f64> {
    fn show(&self) -> String {
        self.map_or("None".to_string(), |v| format!("Some({})", number(v)))
    }
}

/// A number as a learner reads it: `2.4`, `-4.248354255291589e-18`, `inf`, `NaN` — every digit
/// needed to tell it from its neighbours, and an exponent once it is very small or very large.
pub fn number(value: f64) -> String {
    let magnitude = value.abs();
    if value == 0.0 || !value.is_finite() || (1e-4..1e16).contains(&magnitude) {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

/// A slice of numbers: `[2, 4, 5.5]`; a run of four or more equal values is written once with its
/// count: `[0.3, 0.01 × 1000]`.
pub fn numbers(values: &[f64]) -> String {
    list(values.iter().map(|&v| number(v)))
}

/// `[a, b × n, …]` from the items' texts, runs of four or more equal items counted.
fn list(items: impl Iterator<Item = String>) -> String {
    let mut runs: Vec<(String, usize)> = Vec::new();
    for item in items {
        match runs.last_mut() {
            Some((last, count)) if *last == item => *count += 1,
            _ => runs.push((item, 1)),
        }
    }
    let mut parts = Vec::new();
    for (item, count) in runs {
        if count >= 4 {
            parts.push(format!("{item} × {count}"));
        } else {
            parts.extend(std::iter::repeat_n(item, count));
        }
    }
    format!("[{}]", parts.join(", "))
}

/// Rows of numbers: `[[0.7, 0.3], [0.1, 0.9]]`.
pub fn rows(values: &[Vec<f64>]) -> String {
    let mut out = String::from("[");
    for (i, row) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{}", numbers(row));
    }
    out.push(']');
    out
}

/// A label as written in Rust: `Label::Positive`.
pub fn label(label: losses::Label) -> String {
    format!("Label::{label:?}")
}

/// A slice of labels: `[Label::Positive, Label::Negative]`.
pub fn labels(values: &[losses::Label]) -> String {
    list(values.iter().map(|&l| label(l)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_handles_infinities_and_nan() {
        let t = Tolerance::relative(1e-12);
        assert!(t.accepts(f64::INFINITY, f64::INFINITY));
        assert!(!t.accepts(f64::INFINITY, f64::NEG_INFINITY));
        assert!(!t.accepts(f64::INFINITY, 1e308));
        assert!(!t.accepts(f64::NAN, f64::NAN));
        assert!(!t.accepts(0.0, 1e-18));
        assert!(t.accepts(1.0 + 1e-13, 1.0));
        assert!(Tolerance::mixed(1e-12, 1e-15).accepts(0.0, 1e-18));
    }

    #[test]
    fn numbers_are_readable() {
        assert_eq!(number(2.4), "2.4");
        assert_eq!(number(-4.248354255291589e-18), "-4.248354255291589e-18");
        assert_eq!(number(f64::INFINITY), "inf");
        assert_eq!(number(1e300), "1e300");
        assert_eq!(number(0.0), "0");
        assert_eq!(numbers(&[2.0, 4.5]), "[2, 4.5]");
        assert_eq!(numbers(&[0.3, 0.01, 0.01, 0.01, 0.01, 1.0, 1.0]), "[0.3, 0.01 × 4, 1, 1]");
    }

    #[test]
    fn a_property_reports_its_failing_input() {
        let mut cases = Cases::new();
        let failure = cases
            .property(0.0..100.0_f64, |cases, x| {
                cases
                    .call(|| format!("f({})", number(x)), || x)
                    .satisfies(phrase("below 10".into(), "10 미만".into()), |&v| v < 10.0)
            })
            .unwrap_err();
        // (proptest shrinks a float only by trying the range's lower bound, so the failing case
        // is the one drawn, not the boundary 10.)
        let x: f64 = failure.input.trim_start_matches("f(").trim_end_matches(')').parse().unwrap();
        assert!(x >= 10.0 && failure.got == number(x) && failure.expected.en == "below 10");
    }
}
