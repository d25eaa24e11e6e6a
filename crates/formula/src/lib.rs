//! # formula — the book's display formulas, parsed, evaluated and checked
//!
//! Every display formula of *Loss Functions, Verified* (손실 함수 노트) is TeX between `$$` lines,
//! after a marker `<!-- formula: id -->`. This crate makes that TeX executable: it parses it into
//! an expression tree, evaluates the tree on `f64` or on dual numbers, and checks every relation
//! of every formula at sampled points — so a formula is verified by what it *displays*, not by a
//! comment in a code block.
//!
//! | module | what |
//! |---|---|
//! | [`parse`], [`ast`] | the TeX subset of the book → an expression tree with byte spans; errors with line, column and construct ([`ParseError`]) |
//! | [`eval`] | evaluation generic over [`Number`] (a [`losses::LossFloat`]: `f64`, `f32`, `num_dual::Dual64`…); derivatives by forward-mode duals |
//! | [`symbols`] | the symbol table (`src/symbols.toml`): meaning in Korean and English, sampling domain, per-chapter notation |
//! | [`domain`] | sampling domains and the deterministic sampler |
//! | [`marker`] | the marker grammar: `<!-- formula: id; where: …; check: …; exempt: … -->` |
//! | [`check`] | the checker: [`Chapter::check`] → [`ChapterReport`] with a [`Failure`] per relation that does not hold |
//! | [`losses_table`] | the one table from the book's names (`\operatorname{FL}(p_t)`, `H(p, q)`…) to the `losses` crate |
//! | [`mutants`] | mutation testing of the checks: single edits of each formula, caught or not; the survivors' explanation table |
//! | [`chapters`] | the book's chapters through the `book` crate: an edition's report, the mutation run, appendix A's symbol tables, [`book()`] for readers |
//!
//! ## Example
//! ```
//! use formula::{Chapter, FormulaSource, SymbolTable};
//!
//! let table = SymbolTable::parse(r#"
//! [[symbol]]
//! tex = 'p_t'
//! ko = '정답 클래스의 확률'
//! en = 'probability of the true class'
//! domain = '(0, 1)'
//! [[symbol]]
//! tex = '\gamma'
//! ko = '초점 파라미터'
//! en = 'focusing parameter'
//! domain = '[0, 5]'
//! "#)?;
//! let formula = |id: &str, tex: &str| FormulaSource { marker: format!("formula: {id}"), tex: tex.into(), line: 1 };
//! let chapter = Chapter::new(&table, "ch06-focal-loss");
//!
//! // The definition is checked against `losses::focal_loss` at 32 points and the domain's edges,
//! // and the ratio is checked against the definitions above it.
//! let report = chapter.check(&[
//!     formula("focal-loss", r"\operatorname{FL}(p_t) = -(1 - p_t)^{\gamma}\log p_t"),
//!     formula("ce-fl-ratio", r"\frac{-\log p_t}{\operatorname{FL}(p_t)} = (1 - p_t)^{-\gamma}"),
//! ]);
//! assert_eq!(report.counts(), (2, 0, 0)); // (evaluated, exempt, failed)
//!
//! // A wrong exponent is caught, with the point where the two sides differ.
//! let report = chapter.check(&[formula("focal-loss", r"\operatorname{FL}(p_t) = -(1 - p_t)^{\gamma + 1}\log p_t")]);
//! let failure = report.failures().next().unwrap();
//! assert!(failure.message.starts_with("its definition differs from losses::focal_loss"));
//!
//! // Reading a value off a displayed formula:
//! let fl = formula::evaluate(r"-(1 - p_t)^{\gamma}\log p_t", &[("p_t", 0.9), (r"\gamma", 2.0)])?;
//! assert!((fl - 0.01 * -(0.9_f64.ln())).abs() < 1e-17);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Why a hand-written parser
//! The `pulldown-latex` crate (0.8) was tried on the book's formulas first. It is a renderer's
//! event stream: `\frac` arrives as `Visual(Fraction)` followed by two groups, a subscript as a
//! prefix `Script` event *before* its base, `\mathrm{d}` as a font change, `\,` as a width. It keeps
//! no source positions (a parse error carries a rendered context string, not an offset), and the
//! mathematical structure the checker needs — operator precedence, implicit multiplication, what
//! `\log` or `\sum` applies to, relations and their chains, `cases` rows and their conditions —
//! would still have to be rebuilt on top of the events. The book uses a small, fixed subset, so
//! a recursive-descent parser over a byte-span tokenizer ([`parse`]) is shorter than that
//! adapter, reports errors at a byte offset, line and column with the construct's name, and
//! gives every node a span (used to quote a failing relation and to edit the TeX in
//! [`mutants`]).
//!
//! ## The TeX it reads
//! - numbers, symbols with subscripts (`p_t`, `y_{01}`, `p_{t,n}`, `\ell_{\mathrm{sq}}`) and a star
//!   (`p_t^{\ast}`); accents `\hat`, `\bar`; `\mathcal{E}`; `\operatorname{…}` (`arg\,min` too);
//!   Greek letters (`\pi` is a symbol, the prior, not 3.14…); `\infty`;
//! - `+`, `-`, implicit products, `\cdot`, `/`, `\frac`, `\dfrac`, `\tfrac`, `\sqrt`, `^`, `e^{…}`;
//!   `\log`, `\ln`, `\exp` with or without parentheses (`\log p_t`, `\log\frac{a}{b}`,
//!   `\log\sum_i e^{z_i}`); `\max`, `\min` of two arguments and `\max_i`;
//! - calls `\sigma(x)`, `\operatorname{FL}(p_t)`, `\operatorname{KL}(p \,\|\, q)`, named arguments
//!   `\operatorname{FL}(p = \pi,\ y = -1)`, the derivative `\sigma'(x_t)`;
//! - `\sum` and `\prod` with `_{i=1}^{n}`, `_{i:\, p_i > 0}` or `_i`;
//! - `\frac{\mathrm{d}F}{\mathrm{d}x}` and `\frac{\partial L}{\partial \theta}`;
//! - `\begin{cases} value & condition \\ … \end{cases}` with `\text{if }`, `\text{ and }`,
//!   `\text{otherwise}`;
//! - delimiters `( )`, `[ ]`, `\{ \}`, `| |`, `\lvert \rvert` with `\left`/`\right`,
//!   `\bigl`/`\bigr`, `\Bigl`/`\Bigr`, `\big`; evaluation bars `\left. … \right|_{p_t = 1}` and
//!   `v\big|_{p_t = 1}`; sets `\{0, 1\}` and `\bigl\lvert\{\, i : y_i = +1 \,\}\bigr\rvert`;
//!   `\underset{\theta}{\operatorname{arg\,min}}`;
//! - spacing `\,` `\;` `\:` `\!` `\ ` `\quad` `\qquad` (between items, `\quad` separates);
//! - relations `=`, `\approx`, `\le`, `\ge`, `<`, `>`, `\lesssim`, `\in`, `\ne`, chains
//!   `a = b \le c`, logic `\implies`, `\Longrightarrow`, `\iff`, assignment `\leftarrow`; items
//!   separated by `,`, `:`, `\quad`, `\qquad`, and a condition after an item, `\quad (p = 1)`.
//!
//! ## The book's chapters
//! [`chapters`] reads each chapter through the `book` crate's scanner, which finds every display
//! formula with its whole marker (validating only the id) and the line of its TeX, and hands them
//! in order to [`Chapter::check`] as [`FormulaSource`]s, with the table from `src/symbols.toml`
//! ([`SymbolTable::parse`]). A [`Failure`] displays as
//! `line L: formula `id`: `relation`: message at point: left …, right …`, prefixed with the file.
//! `cargo test` runs the checks of both editions (`tests/book.rs`); the binary `formula` prints
//! the report (`formula report`, for `cargo xtask formulas`), runs the mutation testing (`formula
//! mutants`, for `cargo xtask mutants`) and writes appendix A's tables (`formula symbols`).
//!
//! Beyond the constructs above: `\lim_{x \to a}` and `\xrightarrow[x \to a]{}` (a limit, the
//! value along a sequence), `\frac{\partial}{\partial \sigma^2}(…)` (with respect to a power),
//! `\frac{\partial q_k}{\partial z_j}` (an element of a vector), `\nabla_z f`, the Kronecker
//! `\delta_{kj}`, `\operatorname{diag}(q)` and `q\,q^{\top}`, order statistics `\ell_{(j)}`, a
//! chain continued by `\cdots` (`a_{(1)} \ge a_{(2)} \ge \cdots \ge a_{(N)}`), an index range
//! `i = 1, \dots, N`, and `\mathbb{E}` (parsed; an expectation is not evaluated).
//!
//! For Chapter 10: a sum over an index's range with an exclusion, `\sum_{k \ne c}`; the Iverson
//! bracket `[k = c]` (1 where the relation holds, 0 elsewhere); a condition written after an item
//! that ends in a product, `H\,\frac{p_k}{1 - p_c}\ \ (k \ne c)` (checked for every value of an
//! index it names); `\operatorname{round}` (halves away from zero); a sign superscript that is part
//! of a name, `\ell^{-}_{(j)}`; a family `(\ell_i)_{i:\, y_i = -1}` (the vector of the elements that
//! meet the condition); an element of a vector-valued function, `\phi_j(x_i)`; set builders whose
//! condition joins relations with `\text{ and }`. Order statistics count from the largest unless the
//! chapter says `order-statistics = 'ascending'` ([`symbols`]). In a marker, `\alpha \in [0, 1]^{K}`
//! makes a vector of K elements, `k \in \{1, \dots, N\}` gives an index letter its range for that
//! formula, an element defined on its own (`R_0 = 0`) takes precedence over its family
//! (`R_k = R(t_k)`), and a domain hides what earlier formulas defined under that name.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod ast;
pub mod chapters;
pub mod check;
pub mod domain;
pub mod eval;
mod lexer;
pub mod losses_table;
pub mod marker;
pub mod mutants;
mod number;
mod parser;
pub mod symbols;
mod value;

use std::collections::BTreeMap;
use std::fmt;

pub use check::{Chapter, ChapterReport, Failure, FormulaReport, FormulaSource, Outcome};
pub use domain::{Domain, DomainError};
pub use eval::EvalError;
pub use marker::{Marker, MarkerError};
pub use number::Number;
pub use parser::{ParseError, parse, parse_expression, parse_symbol};
pub use symbols::{SymbolTable, SymbolsError};

/// Why [`evaluate`] has no value.
#[derive(Debug, Clone, PartialEq)]
pub enum EvaluateError {
    /// The TeX does not parse.
    Parse(ParseError),
    /// It parses but has no value with these symbols.
    Eval(EvalError),
}

impl fmt::Display for EvaluateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvaluateError::Parse(e) => e.fmt(f),
            EvaluateError::Eval(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for EvaluateError {}

/// A display formula of the book: formula `id` of chapter `chapter` (its file stem), read from
/// this repository with the definitions its chapter made before it. Evaluate it with
/// [`BookFormula::eval`](chapters::BookFormula::eval).
///
/// # Errors
/// [`chapters::BookError`] if there is no such chapter or formula, or the files cannot be read.
///
/// # Examples
/// ```
/// // The focal loss as chapter 6 displays it, at p_t = 0.9 and γ = 2.
/// let fl = formula::book("ch06-focal-loss", "focal-loss")?.eval(&[("p_t", 0.9), (r"\gamma", 2.0)])?;
/// assert!((fl - 0.01 * -(0.9_f64.ln())).abs() < 1e-17);
/// // Chapter 7's gradient, through the chapter's p_t = σ(x_t), x_t = y x.
/// let g = formula::book("ch07-backpropagation", "dfl-dx")?.eval(&[("x", 0.5), ("y", 1.0), (r"\gamma", 2.0)])?;
/// assert!(g < 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn book(chapter: &str, id: &str) -> Result<chapters::BookFormula, chapters::BookError> {
    chapters::BookFormula::read(&::book::repo_root(), chapter, id)
}

/// Evaluates one expression — or the right side of `name = expression` — with the symbols
/// given as `(TeX, value)` pairs, in `f64`.
///
/// # Errors
/// [`EvaluateError::Parse`] if the TeX does not parse, [`EvaluateError::Eval`] if a symbol has no
/// value or the expression none at this point.
///
/// # Examples
/// ```
/// let ratio = formula::evaluate(r"\frac{\operatorname{CE}(p_t)}{\operatorname{FL}(p_t)} = (1 - p_t)^{-\gamma}", &[("p_t", 0.9), (r"\gamma", 2.0)])?;
/// assert!((ratio - 100.0).abs() < 1e-9);
/// assert!(formula::evaluate("q + 1", &[]).is_err());
/// # Ok::<(), formula::EvaluateError>(())
/// ```
pub fn evaluate(tex: &str, values: &[(&str, f64)]) -> Result<f64, EvaluateError> {
    let parsed = parse(tex).map_err(EvaluateError::Parse)?;
    let expr = match parsed.items.first().map(|item| &item.statement.kind) {
        Some(ast::StatementKind::Chain { terms, .. }) => terms.last().expect("a term").clone(),
        _ => parse_expression(tex).map_err(EvaluateError::Parse)?,
    };
    let mut point = eval::Point::new();
    for (tex, value) in values {
        let key = parse_symbol(tex).map_err(EvaluateError::Parse)?.key();
        point.insert(key, eval::Value::Num(*value));
    }
    let lengths = BTreeMap::new();
    let env = eval::Env {
        point: &point,
        definitions: &[],
        lengths: &lengths,
        zero_times_infinite_is_zero: false,
        ascending_order_statistics: false,
        dependencies: None,
        rows: None,
    };
    eval::Evaluator::<f64>::new(env).number(&expr).map_err(EvaluateError::Eval)
}
