//! # exercises — the book's exercises, graded
//!
//! Each chapter from 2 to 9 ends with exercises. Each exercise is a function in `src/chNN.rs`
//! whose doc comment states the task (in Korean and English) and whose body is `todo!()`:
//! replace the body with your answer and grade it.
//!
//! ```text
//! cargo xtask exercise ch07                  # the report of chapter 7 (cargo run -p exercises -- ch07)
//! cargo xtask exercise ch07 --lang ko        # in Korean
//! cargo test -p exercises -- ch07            # the same report, from the test harness
//! LANG=ko cargo test -p exercises -- ch07    # in Korean (`--lang` is for `cargo xtask exercise` only)
//! ```
//!
//! The book shows each exercise at the end of its chapter — task, stub, and the solution folded —
//! from this crate ([`section`], `cargo xtask exercises`), and each chapter's notebook ends with
//! the same exercises and a grading cell each ([`notebook`]).
//!
//! The report says, per exercise, *passed*, *failed* with the first failing case (input,
//! expected, got, and a hint), or *not attempted* while the body is still `todo!()`. It exits
//! with 0 when nothing attempted failed ([`report`] has the details).
//!
//! # Layout
//! - [`ch02`] … [`ch09`]: the exercises (stubs), one module per chapter. The doc comment of each
//!   function is the one source of its task text ([`catalog::Task`]).
//! - [`solutions`]: reference solutions, same names and signatures.
//! - [`wrong`]: plausible wrong answers, each documenting the mistake it makes.
//! - [`checks`]: one check per exercise, taking the implementation as a function value; the
//!   vocabulary is in [`check`], grading (catching `todo!()` and panics) in [`grade`].
//! - [`catalog`]: the list of exercises ([`catalog::EXERCISES`]) and the task texts.
//! - [`reference`](mod@reference): mpmath reference values (`reference/generate.py`).
//! - [`section`]: the exercise section of each chapter of the book; [`notebook`]: the notebooks'
//!   grading cells.
//!
//! The crate's own test `tests/self_test.rs` proves the grader: for every exercise the solution
//! passes, an untouched stub is reported as not attempted, and every listed wrong answer fails.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod catalog;
pub mod check;
pub mod checks;
pub mod grade;
pub mod notebook;
pub mod reference;
pub mod report;
pub mod section;
pub mod text;

/// The book's editions, which are also the languages of the tasks and the report.
pub use book::Edition;

// The stubs' parameters stay unused until the body is written.
#[allow(unused_variables)]
pub mod ch02;
#[allow(unused_variables)]
pub mod ch03;
#[allow(unused_variables)]
pub mod ch04;
#[allow(unused_variables)]
pub mod ch05;
#[allow(unused_variables)]
pub mod ch06;
#[allow(unused_variables)]
pub mod ch07;
#[allow(unused_variables)]
pub mod ch08;
#[allow(unused_variables)]
pub mod ch09;

/// Reference solutions: the code the book shows after each exercise, graded by the same checks.
#[allow(missing_docs)]
pub mod solutions {
    pub mod ch02;
    pub mod ch03;
    pub mod ch04;
    pub mod ch05;
    pub mod ch06;
    pub mod ch07;
    pub mod ch08;
    pub mod ch09;
}

/// Plausible wrong answers, from mistakes found in published code and in the book's own notes.
/// Every one must fail its exercise's check (`tests/self_test.rs`).
pub mod wrong {
    pub mod ch02;
    pub mod ch03;
    pub mod ch04;
    pub mod ch05;
    pub mod ch06;
    pub mod ch07;
    pub mod ch08;
    pub mod ch09;
}
