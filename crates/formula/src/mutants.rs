//! Mutation testing of the formula checks: does a single wrong edit of a formula get caught?
//!
//! [`mutants`] generates single edits of a formula's TeX:
//!
//! | operator | edit |
//! |---|---|
//! | `sign` | a `+` becomes `-` or a `-` becomes `+` |
//! | `drop-minus` | a leading minus is removed |
//! | `relation` | `\le` ↔ `\ge`, `<` ↔ `>` |
//! | `fraction` | numerator and denominator of a `\frac` swapped |
//! | `exponent` | an exponent `e` becomes `e + 1`, or `-e` |
//! | `index` | a sum's lower bound `1` becomes `2`, its upper bound `U` becomes `U - 1`, or an index in its body becomes `1` |
//! | `complement` | `\alpha`, `p_t`, `p`, `\pi` becomes `1 - ` it; `1 - x` becomes `x` |
//! | `swap` | `p` ↔ `q` (every occurrence, or one) |
//! | `log` | `\log x` becomes `\log(1 - x)` |
//! | `drop-factor` | one factor of a product is dropped |
//! | `constant` | a number changes by one unit of its last digit |
//! | `function` | `\max` ↔ `\min`, `\sigma(x)` becomes `\sigma(-x)` |
//! | `cases` | the values of two rows of a `cases` are swapped |
//!
//! [`run`] re-checks the chapter with each mutant in place of its formula (that formula and the
//! ones after it, which may use its definitions) and reports it **caught** (some check fails),
//! **unparseable** (the edit broke the TeX; counted apart, not as caught), **equivalent** (the
//! mutant computes the same values as the original at every sample point: a rewrite, not an
//! error) or **survived**.

use std::fmt;
use std::rc::Rc;

use crate::ast::{BigOp, Builtin, Expr, ExprKind, Span, Statement, StatementKind};
use crate::check::{Chapter, FormulaSource, Outcome, Plan, close};
use crate::eval::{Definition, Env, Evaluator, Value, dependencies};
use crate::lexer::{Tok, tokenize};
use crate::marker::Marker;
use crate::parser::parse;

/// One single edit of a formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutant {
    /// The operator (first column of the module's table).
    pub operator: &'static str,
    /// What was changed: ``` `p_t` → `(1 - p_t)` at byte 12 ```.
    pub description: String,
    /// The mutated TeX.
    pub tex: String,
}

/// What the checks made of a mutant.
#[derive(Debug, Clone, PartialEq)]
pub enum MutantOutcome {
    /// A check failed; the first failure.
    Caught(String),
    /// The mutated TeX does not parse.
    Unparseable(String),
    /// The mutant has the same values as the original at every point.
    Equivalent,
    /// Nothing noticed.
    Survived,
}

/// A mutant and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct MutantResult {
    /// Chapter file stem.
    pub chapter: String,
    /// Formula id.
    pub id: String,
    /// The mutant.
    pub mutant: Mutant,
    /// What happened.
    pub outcome: MutantOutcome,
}

/// Counts over many mutants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    /// Mutants generated.
    pub total: usize,
    /// Caught by a check.
    pub caught: usize,
    /// Equivalent to the original.
    pub equivalent: usize,
    /// Unparseable.
    pub unparseable: usize,
    /// Survived.
    pub survived: usize,
}

impl Score {
    /// Counts `results`.
    pub fn of(results: &[MutantResult]) -> Score {
        let mut score = Score::default();
        for result in results {
            score.total += 1;
            match result.outcome {
                MutantOutcome::Caught(_) => score.caught += 1,
                MutantOutcome::Equivalent => score.equivalent += 1,
                MutantOutcome::Unparseable(_) => score.unparseable += 1,
                MutantOutcome::Survived => score.survived += 1,
            }
        }
        score
    }

    /// Caught among the mutants that parse and are not equivalent, in percent.
    pub fn percent(&self) -> f64 {
        let scored = self.caught + self.survived;
        if scored == 0 { 100.0 } else { 100.0 * self.caught as f64 / scored as f64 }
    }
}

impl fmt::Display for Score {
    /// `mutants: 1480, caught 1402/1420 (98.7 %), equivalent 40, unparseable 20`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mutants: {}, caught {}/{} ({:.1} %), equivalent {}, unparseable {}",
            self.total,
            self.caught,
            self.caught + self.survived,
            self.percent(),
            self.equivalent,
            self.unparseable
        )
    }
}

impl MutantResult {
    /// How the explanation table names this mutant: `[operator] description`.
    pub fn key(&self) -> String {
        format!("[{}] {}", self.mutant.operator, self.mutant.description)
    }
}

/// Why a mutant that no check catches is acceptable: an entry of the explanation table
/// (`crates/formula/survivors.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Chapter file stem.
    pub chapter: String,
    /// Formula id.
    pub formula: String,
    /// The mutant, as [`MutantResult::key`] names it.
    pub mutant: String,
    /// Why it survives: the statement it makes is still true, or equivalent where it is used.
    pub why: String,
}

/// The explanation table: every survivor of [`run`] over the book, each with its reason.
///
/// # Format
/// ```toml
/// [[survivor]]
/// chapter = 'ch05-balanced-cross-entropy'
/// formula = 'balanced-ce-half'
/// mutant = '[complement] `\alpha_t` → `(1 - \alpha_t)` at byte 43'
/// why = 'with α = ½, α_t and 1 − α_t are both ½'
/// ```
///
/// # Examples
/// ```
/// let table = formula::mutants::Explanations::parse("[[survivor]]\nchapter = 'ch'\nformula = 'f'\nmutant = '[sign] x'\nwhy = 'because'")?;
/// assert_eq!(table.entries[0].why, "because");
/// assert!(formula::mutants::Explanations::parse("[[survivor]]\nchapter = 'ch'").is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanations {
    /// The entries, in the file's order.
    pub entries: Vec<Explanation>,
}

impl Explanations {
    /// Parses the table.
    ///
    /// # Errors
    /// A message naming the entry that is malformed.
    pub fn parse(text: &str) -> Result<Explanations, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut entries = Vec::new();
        for (key, value) in &table {
            let toml::Value::Array(items) = value else { return Err(format!("`{key}`: expected [[survivor]]")) };
            if key != "survivor" {
                return Err(format!("unknown table `{key}` (expected [[survivor]])"));
            }
            for (n, item) in items.iter().enumerate() {
                let toml::Value::Table(item) = item else { return Err(format!("survivor #{}: not a table", n + 1)) };
                let field = |name: &str| -> Result<String, String> {
                    match item.get(name) {
                        Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
                        _ => Err(format!("survivor #{}: `{name}` is missing or empty", n + 1)),
                    }
                };
                for name in item.keys() {
                    if !["chapter", "formula", "mutant", "why"].contains(&name.as_str()) {
                        return Err(format!("survivor #{}: unknown field `{name}`", n + 1));
                    }
                }
                entries.push(Explanation {
                    chapter: field("chapter")?,
                    formula: field("formula")?,
                    mutant: field("mutant")?,
                    why: field("why")?,
                });
            }
        }
        Ok(Explanations { entries })
    }

    /// The explanation of a mutant, if the table has one.
    pub fn find(&self, result: &MutantResult) -> Option<&Explanation> {
        let key = result.key();
        self.entries.iter().find(|e| e.chapter == result.chapter && e.formula == result.id && e.mutant == key)
    }

    /// Entries that name no survivor of `results` (the mutant is caught now, or the formula changed).
    pub fn stale<'e>(&'e self, results: &[MutantResult]) -> Vec<&'e Explanation> {
        self.entries
            .iter()
            .filter(|e| {
                !results.iter().any(|r| {
                    matches!(r.outcome, MutantOutcome::Survived)
                        && r.chapter == e.chapter
                        && r.id == e.formula
                        && r.key() == e.mutant
                })
            })
            .collect()
    }
}

/// Every single edit of `tex` (none if it does not parse), without duplicates.
///
/// # Examples
/// ```
/// let mutants = formula::mutants::mutants(r"\operatorname{FL}(p_t) = -(1 - p_t)^{\gamma}\log p_t");
/// let texts: Vec<&str> = mutants.iter().map(|m| m.tex.as_str()).collect();
/// assert!(texts.contains(&r"\operatorname{FL}(p_t) = -(1 - p_t)^{\gamma}\log (1 - (p_t))"));
/// assert!(texts.contains(&r"\operatorname{FL}(p_t) = (1 - p_t)^{\gamma}\log p_t"));
/// assert!(texts.contains(&r"\operatorname{FL}(p_t) = -(1 + p_t)^{\gamma}\log p_t"));
/// ```
pub fn mutants(tex: &str) -> Vec<Mutant> {
    let Ok(formula) = parse(tex) else { return Vec::new() };
    let mut out = Mutants { tex, list: Vec::new() };
    out.tokens();
    for item in &formula.items {
        out.statement(&item.statement);
        if let Some(condition) = &item.condition {
            out.statement(condition);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.list.retain(|m| m.tex != tex && seen.insert(m.tex.clone()));
    out.list
}

struct Mutants<'a> {
    tex: &'a str,
    list: Vec<Mutant>,
}

impl Mutants<'_> {
    fn replace(&mut self, operator: &'static str, span: Span, with: &str) {
        let mut tex = String::with_capacity(self.tex.len() + with.len());
        tex.push_str(&self.tex[..span.start]);
        tex.push_str(with);
        tex.push_str(&self.tex[span.end..]);
        let description = format!("`{}` → `{with}` at byte {}", span.text(self.tex), span.start);
        self.list.push(Mutant { operator, description, tex });
    }

    fn tokens(&mut self) {
        let Ok(tokens) = tokenize(self.tex) else { return };
        for (i, token) in tokens.iter().enumerate() {
            let previous = if i == 0 { None } else { Some(&tokens[i - 1].tok) };
            match &token.tok {
                Tok::Char('+') => self.replace("sign", token.span, "-"),
                Tok::Char('-') => {
                    self.replace("sign", token.span, "+");
                    let unary = match previous {
                        None | Some(Tok::Open) | Some(Tok::Char('(' | '[' | '=' | '<' | '>' | ',' | '&')) => true,
                        Some(Tok::Cmd(c)) => {
                            !c.chars().all(|c| c.is_ascii_alphabetic())
                                || [
                                    "le",
                                    "ge",
                                    "approx",
                                    "quad",
                                    "qquad",
                                    "left",
                                    "bigl",
                                    "Bigl",
                                    "big",
                                    "implies",
                                    "iff",
                                    "Longrightarrow",
                                    "cdot",
                                ]
                                .contains(&c.as_str())
                        }
                        _ => false,
                    };
                    if unary {
                        self.replace("drop-minus", token.span, "");
                    }
                }
                Tok::Char('<') => self.replace("relation", token.span, ">"),
                Tok::Char('>') => self.replace("relation", token.span, "<"),
                Tok::Cmd(c) if c == "le" || c == "leq" => self.replace("relation", token.span, "\\ge"),
                Tok::Cmd(c) if c == "ge" || c == "geq" => self.replace("relation", token.span, "\\le"),
                Tok::Cmd(c) if c == "max" => self.replace("function", token.span, "\\min"),
                Tok::Cmd(c) if c == "min" => self.replace("function", token.span, "\\max"),
                Tok::Num(n) => {
                    let changed = match n.split_once('.') {
                        Some((whole, decimals)) => {
                            let scale = 10f64.powi(decimals.len() as i32);
                            let value: f64 = n.parse().unwrap_or(0.0);
                            format!("{:.*}", decimals.len(), (value * scale + 1.0) / scale)
                                .trim_start_matches(if whole.is_empty() { "0" } else { "" })
                                .to_owned()
                        }
                        None => n.parse::<u64>().map(|v| (v + 1).to_string()).unwrap_or_default(),
                    };
                    if !changed.is_empty() {
                        self.replace("constant", token.span, &changed);
                    }
                }
                _ => {}
            }
        }
    }

    fn statement(&mut self, statement: &Statement) {
        match &statement.kind {
            StatementKind::Chain { terms, .. } => terms.iter().for_each(|t| self.expr(t, &[])),
            StatementKind::Logic { parts, .. } | StatementKind::And(parts) => {
                parts.iter().for_each(|p| self.statement(p))
            }
            StatementKind::Assign { value, .. } => self.expr(value, &[]),
            StatementKind::Range { from, to, .. } => {
                self.expr(from, &[]);
                self.expr(to, &[]);
            }
        }
    }

    /// `indices`: the sums around `expr` (index, upper bound's text).
    fn expr(&mut self, expr: &Expr, indices: &[String]) {
        let text = |span: Span| span.text(self.tex).to_owned();
        match &expr.kind {
            ExprKind::Symbol(symbol) => {
                let key = symbol.key();
                if matches!(key.as_str(), "\\alpha" | "p_{t}" | "p" | "\\pi" | "\\alpha_{t}" | "y_{01}") {
                    let with = format!("(1 - {})", text(expr.span));
                    self.replace("complement", expr.span, &with);
                }
                if symbol.base == "p" || symbol.base == "q" {
                    let other = if symbol.base == "p" { "q" } else { "p" };
                    let base_span = Span::new(symbol.span.start, symbol.span.start + 1);
                    self.replace("swap", base_span, other);
                }
                for sub in &symbol.subscripts {
                    if indices.contains(&sub.text) {
                        self.replace("index", sub.span, "1");
                    }
                }
            }
            ExprKind::Sub(a, b) if matches!(a.kind, ExprKind::Number(x) if x == 1.0) => {
                let with = text(b.span);
                self.replace("complement", expr.span, &format!("({with})"));
            }
            ExprKind::Div(a, b) => {
                let source = text(expr.span);
                if source.starts_with("\\frac") || source.starts_with("\\dfrac") || source.starts_with("\\tfrac") {
                    let (a_text, b_text) = (text(a.span), text(b.span));
                    let mut swapped = String::new();
                    swapped.push_str(&self.tex[expr.span.start..a.span.start]);
                    swapped.push_str(&b_text);
                    swapped.push_str(&self.tex[a.span.end..b.span.start]);
                    swapped.push_str(&a_text);
                    swapped.push_str(&self.tex[b.span.end..expr.span.end]);
                    self.replace("fraction", expr.span, &swapped);
                }
            }
            ExprKind::Pow(_, e) => {
                let e_text = text(e.span);
                self.replace("exponent", e.span, &format!("{{({e_text}) + 1}}"));
                self.replace("exponent", e.span, &format!("{{-({e_text})}}"));
            }
            ExprKind::Mul(a, b) => {
                let (a_text, b_text) = (text(a.span), text(b.span));
                self.replace("drop-factor", expr.span, &a_text);
                self.replace("drop-factor", expr.span, &b_text);
            }
            ExprKind::Builtin(Builtin::Log, args) => {
                let arg = text(args[0].span);
                self.replace("log", args[0].span, &format!("(1 - ({arg}))"));
            }
            ExprKind::Apply { head, args, .. } if head.base == "\\sigma" && args.len() == 1 => {
                let arg = text(args[0].value.span);
                self.replace("function", args[0].value.span, &format!("-({arg})"));
            }
            ExprKind::Big { op: BigOp::Sum | BigOp::Prod, index, lower, upper, body, .. } => {
                if let Some(lower) = lower
                    && matches!(lower.kind, ExprKind::Number(x) if x == 1.0)
                {
                    self.replace("index", lower.span, "2");
                }
                if let Some(upper) = upper {
                    let u = text(upper.span);
                    self.replace("index", upper.span, &format!("{{{u} - 1}}"));
                }
                let mut inner = indices.to_vec();
                inner.push(index.clone());
                for child in [lower.as_deref(), upper.as_deref()].into_iter().flatten() {
                    self.expr(child, indices);
                }
                self.expr(body, &inner);
                return;
            }
            ExprKind::Cases(rows) if rows.len() >= 2 => {
                let (a, b) = (&rows[0].value, &rows[1].value);
                let mut swapped = String::new();
                swapped.push_str(&self.tex[expr.span.start..a.span.start]);
                swapped.push_str(&text(b.span));
                swapped.push_str(&self.tex[a.span.end..b.span.start]);
                swapped.push_str(&text(a.span));
                swapped.push_str(&self.tex[b.span.end..expr.span.end]);
                self.replace("cases", expr.span, &swapped);
            }
            _ => {}
        }
        if let ExprKind::Cases(rows) = &expr.kind {
            for row in rows {
                if let Some(condition) = &row.condition {
                    self.statement(condition);
                }
            }
        }
        for child in expr.children() {
            self.expr(child, indices);
        }
    }
}

/// Re-checks `chapter` with every mutant of every formula that is checked (exempt formulas and
/// formulas that fail already are skipped).
pub fn run(chapter: &mut Chapter<'_>, formulas: &[FormulaSource]) -> Vec<MutantResult> {
    let plans = chapter.plans(formulas);
    let mut results = Vec::new();
    let saved = chapter.stop_at_first_failure;
    for (f, source) in formulas.iter().enumerate() {
        let (before, Some(plan)) = &plans[f] else { continue };
        chapter.stop_at_first_failure = false;
        if !matches!(chapter.run(plan, before), Outcome::Evaluated { .. }) {
            continue;
        }
        chapter.stop_at_first_failure = true;
        let id = Marker::parse(&source.marker).map(|m| m.id).unwrap_or_default();
        for mutant in mutants(&source.tex) {
            let outcome = outcome(chapter, formulas, &plans, f, &mutant);
            results.push(MutantResult { chapter: chapter.name().to_owned(), id: id.clone(), mutant, outcome });
        }
    }
    chapter.stop_at_first_failure = saved;
    results
}

type Plans = Vec<(Vec<Rc<Definition>>, Option<Plan>)>;

fn outcome(
    chapter: &Chapter<'_>,
    formulas: &[FormulaSource],
    plans: &Plans,
    f: usize,
    mutant: &Mutant,
) -> MutantOutcome {
    let source = FormulaSource { tex: mutant.tex.clone(), ..formulas[f].clone() };
    if let Err(e) = parse(&mutant.tex) {
        return MutantOutcome::Unparseable(e.to_string());
    }
    let mut definitions = plans[f].0.clone();
    let (report, plan) = chapter.check_one(&source, &definitions);
    if let Outcome::Failed(failures) = &report.outcome {
        return MutantOutcome::Caught(failures[0].to_string());
    }
    let Some(mutant_plan) = plan else { return MutantOutcome::Survived };
    definitions.extend(mutant_plan.definitions.iter().cloned());
    for later in &formulas[f + 1..] {
        let (report, plan) = chapter.check_one(later, &definitions);
        if let Outcome::Failed(failures) = &report.outcome {
            return MutantOutcome::Caught(format!("through `{}`: {}", report.id, failures[0]));
        }
        if let Some(plan) = plan {
            definitions.extend(plan.definitions.iter().cloned());
        }
    }
    let original = plans[f].1.as_ref().expect("checked formulas have plans");
    if equivalent(chapter, &plans[f].0, original, &mutant_plan) {
        MutantOutcome::Equivalent
    } else {
        MutantOutcome::Survived
    }
}

/// Whether the mutant's terms have the original's values at every sample point of both.
fn equivalent(chapter: &Chapter<'_>, before: &[Rc<Definition>], original: &Plan, mutant: &Plan) -> bool {
    let terms = |plan: &Plan| -> Vec<Expr> {
        fn collect(statement: &Statement, out: &mut Vec<Expr>) {
            match &statement.kind {
                StatementKind::Chain { terms, .. } => out.extend(terms.iter().cloned()),
                StatementKind::Logic { parts, .. } | StatementKind::And(parts) => {
                    parts.iter().for_each(|p| collect(p, out))
                }
                StatementKind::Assign { value, .. } => out.push(value.clone()),
                StatementKind::Range { from, to, .. } => out.extend([from.clone(), to.clone()]),
            }
        }
        let mut out = Vec::new();
        for item in &plan.formula.items {
            collect(&item.statement, &mut out);
        }
        out
    };
    let (a_terms, b_terms) = (terms(original), terms(mutant));
    if a_terms.len() != b_terms.len() {
        return false;
    }
    let (a_defs, b_defs) = (original.visible(before), mutant.visible(before));
    let (a_deps, b_deps) = (dependencies(&a_defs), dependencies(&b_defs));
    let Ok(points) = chapter.points(original, &a_defs, &[original, mutant]) else { return false };
    let lengths = &original.lengths;
    for point in &points {
        let env = |definitions, deps| Env {
            point,
            definitions,
            lengths,
            zero_times_infinite_is_zero: chapter.zero_log_zero(),
            ascending_order_statistics: chapter.ascending_order_statistics(),
            dependencies: Some(deps),
            rows: None,
        };
        for (a, b) in a_terms.iter().zip(&b_terms) {
            let x = Evaluator::<f64>::new(env(&a_defs, &a_deps)).eval(a);
            let y = Evaluator::<f64>::new(env(&b_defs, &b_deps)).eval(b);
            match (x, y) {
                (Ok(x), Ok(y)) => {
                    let same = same_value(&x, &y);
                    if !same {
                        return false;
                    }
                }
                (Err(_), Err(_)) => {}
                _ => return false,
            }
        }
    }
    true
}

fn same_value(x: &Value<f64>, y: &Value<f64>) -> bool {
    match (x, y) {
        (Value::Num(a), Value::Num(b)) => close(*a, *b),
        (Value::List(a), Value::List(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_value(a, b)),
        _ => false,
    }
}
