//! # book — the book as data
//!
//! The model of *손실 함수, 검증하며 읽기 · Loss Functions, Verified* that every tool of the
//! repository shares: which editions there are, where the chapters are, what a chapter contains,
//! and the rules the chapters follow. `xtask` builds on it (the formula report, the rendered-book
//! checks, the notebooks), `figures` takes its editions and its generated-file protocol, and its
//! own tests hold the real chapters to the rules.
//!
//! | module | what it knows |
//! |---|---|
//! | [`edition`] | the editions (한국어, English), declared once: code, title, admonition labels |
//! | [`source`] | the repository root, each edition's chapter files, `SUMMARY.md` links |
//! | [`markdown`] | the line scanner: display formulas and their markers, code fences, figures |
//! | [`rust_code`] | the Rust lexer: code, comments and literals |
//! | [`formulas`] | formula coverage: every display formula marked and verified |
//! | [`parity`] | the editions differ in prose only, and their prose runs in parallel |
//! | [`prose`] | a chapter's prose: blocks, and what in them is code, math, links, quotations |
//! | [`terminology`] | the decided terms (`src/terminology.toml`), their check, the glossary tables |
//! | [`conventions`] | chapter rules that keep `cargo test` honest |
//! | [`exercise_section`] | the exercise section the `exercises` crate writes at the end of a chapter |
//! | [`notebook`] | the Jupyter notebooks generated from the chapters |
//! | [`generated`] | committed files a program writes: check, write, strays |
//! | [`terminology`] | `src/terminology.toml`: the preferred term per edition, its variants and synonyms |
//!
//! Under `cargo test` every ```` ```rust ```` block of every chapter of both editions also runs as
//! a doctest of the `chapters` crate, the harness that links what chapter code may use.
//!
//! ## Why a hand-written scanner, not a Markdown parser
//! mdBook parses chapters with pulldown-cmark, and the scanner here could have been pulldown-cmark
//! configured like mdBook. It is not, for three reasons:
//! - **The math is not Markdown.** mdbook-katex finds `$…$` and `$$…$$` in the raw text, before
//!   any Markdown parser runs, and replaces them with KaTeX's HTML; pulldown-cmark (without its
//!   math extension, which mdBook does not enable) would read `_`, `*` and `\` inside formulas as
//!   Markdown. What the checks need — the formula exactly as mdbook-katex hands it to KaTeX, and
//!   the marker on the line before it — is a property of lines, not of a CommonMark tree.
//! - **Mistakes, not documents.** The scanner's job is to flag what the parsers accept silently:
//!   a marker one line too early, `$$` in the middle of a line, a blank line followed by an
//!   indented line inside a formula (rustdoc's parser makes that a code block and compiles the
//!   LaTeX). A parser that accepts every input hides exactly these; a scanner that follows the
//!   book's conventions line by line reports them with their line numbers.
//! - **No dependencies.** `xtask` uses this crate and must build in seconds on a fresh machine.
//!
//! Where the book's conventions and real Markdown could diverge, the rendered book is checked too:
//! `cargo xtask test` compares every KaTeX annotation of every built page with the formulas found
//! here, and the number of rendered display formulas with the number of `$$` blocks.

pub mod conventions;
pub mod edition;
pub mod exercise_section;
pub mod formulas;
pub mod generated;
pub mod markdown;
pub mod notebook;
pub mod parity;
pub mod prose;
pub mod rust_code;
pub mod source;
pub mod terminology;

pub use edition::Edition;
pub use source::repo_root;
