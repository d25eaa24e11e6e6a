//! The book's chapter harness and source checks.
//!
//! - Under `cargo test`, every ```rust block of every chapter (both editions) runs as a doctest:
//!   see [`HARNESS_CHAPTERS`].
//! - The tests in `tests/tests/` hold the chapters to the book's conventions: formula coverage
//!   ([`formulas`]), Korean/English parity ([`parity`]), no skipped code and no rustdoc traps
//!   ([`conventions`]).
//! - `cargo xtask` uses the same functions for its report (`verified formulas (ko): N/N`) and for
//!   checking the rendered HTML against the sources.
//! - [`notebook`] generates the Jupyter notebooks (`notebooks/<edition>/*.ipynb`) from the chapters.
//!
//! All of it rests on [`markdown::scan`], a line scanner for the chapters' Markdown.

pub mod conventions;
pub mod formulas;
mod harness;
pub mod markdown;
pub mod notebook;
pub mod parity;
pub mod source;

pub use harness::HARNESS_CHAPTERS;
