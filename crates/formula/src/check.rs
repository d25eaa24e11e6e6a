//! The checker: every relation of every formula of a chapter, at sampled points.
//!
//! # What is checked
//! For each formula, in chapter order:
//! 1. its marker is parsed; an `exempt:` formula is parsed (so its TeX is still checked) but not
//!    evaluated, and the report lists its reason;
//! 2. the relations that **define** a name are collected: the
//!    first term of a top-level chain that is a name, a call with symbol arguments
//!    (`\operatorname{FL}(p_t)`) or an indexed name (`\ell_{n,k}`), and any later term of a chain
//!    that is a name nothing else gives a value (`\bar{y}` in `… = \bar{y} = …`). A definition is
//!    visible to the rest of the formula and to every later formula of the chapter;
//! 3. the free symbols it uses (through the definitions it uses) are sampled: 32 seeded random
//!    points ([`PREMISE_POINTS`] for a formula whose premise must be met by chance) plus one point
//!    per edge of each symbol's domain ([`crate::domain`]);
//! 4. at every point, every relation of every item holds: `=` to 1e-9 relative, `\approx` to half
//!    a unit of the last digit displayed, `\le`, `\ge`, `\lesssim` up to the same tolerance, `<`
//!    and `>` strictly, `\in` exactly. A difference larger than that is re-examined with perturbed
//!    evaluations ([`Evaluator::with_jitter`]): if it is within 4 times the spread that rounding
//!    produces (a sum that cancels to 0, `1 - p_t` with `p_t = \sigma(30)`), it is rounding, not
//!    a wrong formula. Two NaN are equal (both undefined);
//! 5. `A \implies B` holds where `A` does; if `A` is `symbol = value` the symbol is bound to the
//!    value instead (`\alpha = \tfrac12 \implies …`). `A \iff B` checks both directions the same
//!    way, or compares the truth of both sides at every point. A premise that never holds is a
//!    failure (the check would be vacuous). A premise equation with a symbol nothing gives a value
//!    (`\operatorname{fl}(\sigma(x)) = \sigma(x)\,(1 + \delta)`) is solved for it. A condition
//!    after an item, `\quad (p = 1)`, works like a premise;
//! 6. a definition whose name and parameters are in [`crate::losses_table::LOSSES`] is also
//!    compared with the crate at every point;
//! 7. the marker's `check:` relations are checked like the formula's own.
//!
//! A relation with an index letter no sum binds (`q_k = …`) is checked for every value of it.
//! A `cases` with no applicable row makes the relation not applicable at that point (inside a
//! definition it is an error: a definition covers its domain); a relation applicable at no point,
//! and a `cases` row that applies at no point, are failures.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::rc::Rc;

use crate::ast::{Expr, ExprKind, Formula, Item, Logic, Rel, Span, Statement, StatementKind, Symbol};
use crate::domain::{Domain, Rng};
use crate::eval::{Definition, Env, EvalError, Evaluator, LIMIT_TOLERANCE, Params, Point, Value, dependencies, short};
use crate::losses_table::{self, LossEntry};
use crate::marker::{Binding, Marker};
use crate::parser::parse;
use crate::symbols::SymbolTable;

/// One display formula of a chapter, as the book's scanner finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaSource {
    /// The marker's text, between `<!--` and `-->`: `formula: id; where: …`.
    pub marker: String,
    /// The TeX between the `$$` lines.
    pub tex: String,
    /// The line of the chapter file on which the TeX starts.
    pub line: usize,
}

/// How many random points each formula is checked at (the domains' edges come on top).
pub const RANDOM_POINTS: usize = 32;

/// How many random points a formula with an implication, an equivalence or a condition is
/// checked at: its conclusion is tested only where the premise holds, and a premise such as
/// `e^{-x} \le 2^{-p}` holds on a small part of the domain.
pub const PREMISE_POINTS: usize = 256;

/// A relation that does not hold, with everything needed to find it.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The formula's id.
    pub id: String,
    /// The chapter line of the relation.
    pub line: usize,
    /// The relation's TeX (or what was compared).
    pub relation: String,
    /// The sample point: every bound symbol and its value.
    pub point: Vec<(String, String)>,
    /// The left side's value, if it has one.
    pub left: Option<f64>,
    /// The right side's value, if it has one.
    pub right: Option<f64>,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for Failure {
    /// `line 299: formula `dfl-dx`: `a = b` does not hold at x = 1, y = -1: left 0.5, right 0.25`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: formula `{}`: `{}`: {}", self.line, self.id, self.relation, self.message)?;
        if !self.point.is_empty() {
            let point: Vec<String> = self.point.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            write!(f, " at {}", point.join(", "))?;
        }
        match (self.left, self.right) {
            (Some(l), Some(r)) => write!(f, ": left {}, right {}", short(l), short(r)),
            (Some(l), None) => write!(f, ": left {}", short(l)),
            _ => Ok(()),
        }
    }
}

/// What became of one formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every relation held at every point.
    Evaluated {
        /// Relations checked (crate comparisons and `check:` relations included).
        relations: usize,
        /// Points per relation (random and edges).
        points: usize,
    },
    /// Not evaluated, for this reason.
    Exempt {
        /// The marker's reason.
        reason: String,
    },
    /// Something failed: the TeX or marker does not parse, or relations do not hold.
    Failed(Vec<Failure>),
}

/// The result for one formula.
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaReport {
    /// The id.
    pub id: String,
    /// The line its TeX starts on.
    pub line: usize,
    /// The outcome.
    pub outcome: Outcome,
}

/// The result for one chapter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChapterReport {
    /// Chapter file stem.
    pub chapter: String,
    /// One per formula, in order.
    pub formulas: Vec<FormulaReport>,
}

impl ChapterReport {
    /// Every failure of the chapter.
    pub fn failures(&self) -> impl Iterator<Item = &Failure> {
        self.formulas.iter().flat_map(|f| match &f.outcome {
            Outcome::Failed(failures) => failures.as_slice(),
            _ => &[],
        })
    }

    /// `(evaluated, exempt, failed)` counts.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for formula in &self.formulas {
            match formula.outcome {
                Outcome::Evaluated { .. } => counts.0 += 1,
                Outcome::Exempt { .. } => counts.1 += 1,
                Outcome::Failed(_) => counts.2 += 1,
            }
        }
        counts
    }
}

/// A chapter ready to be checked: its symbol table, notation and formulas.
///
/// # Examples
/// ```
/// use formula::{Chapter, FormulaSource, SymbolTable};
/// let table = SymbolTable::parse("[[symbol]]\ntex = 'x'\nko = '로짓'\nen = 'logit'\ndomain = '[-30, 30]'")?;
/// let source = |tex: &str| FormulaSource { marker: "formula: symmetry".into(), tex: tex.into(), line: 3 };
/// let good = Chapter::new(&table, "ch00").check(&[source(r"\sigma(x) + \sigma(-x) = 1")]);
/// assert_eq!(good.counts(), (1, 0, 0));
/// let bad = Chapter::new(&table, "ch00").check(&[source(r"\sigma(x) + \sigma(x) = 1")]);
/// let failure = bad.failures().next().unwrap();
/// assert!(failure.to_string().starts_with(r"line 3: formula `symmetry`: `\sigma(x) + \sigma(x) = 1`: does not hold at x = "));
/// # Ok::<(), formula::SymbolsError>(())
/// ```
pub struct Chapter<'t> {
    table: &'t SymbolTable,
    name: String,
    lengths: BTreeMap<String, String>,
    domains: BTreeMap<String, Domain>,
    shapes: BTreeMap<String, Vec<String>>,
    base_definitions: Vec<Rc<Definition>>,
    zero_log_zero: bool,
    ascending_order_statistics: bool,
    /// Stop a formula at its first failure (mutation testing).
    pub stop_at_first_failure: bool,
}

/// A formula prepared for checking.
pub(crate) struct Plan {
    pub(crate) id: String,
    pub(crate) line: usize,
    pub(crate) source: Rc<str>,
    pub(crate) formula: Formula,
    /// `where:` definitions (the closure of the formula's own definitions).
    pub(crate) local: Rc<[Rc<Definition>]>,
    /// Names the formula defines.
    pub(crate) definitions: Vec<Rc<Definition>>,
    /// Formula-level domains: they replace the chapter's notation for the symbol, and hide the
    /// definitions earlier formulas made of it ([`Plan::visible`]).
    pub(crate) domains: BTreeMap<String, Domain>,
    /// Formula-level shapes (`\alpha \in [0, 1]^{K}`).
    pub(crate) shapes: BTreeMap<String, Vec<String>>,
    /// The chapter's index ranges, with the formula's own (`k \in \{1, \dots, N\}`).
    pub(crate) lengths: BTreeMap<String, String>,
    /// `check:` formulas with their sources.
    pub(crate) checks: Vec<(Rc<str>, Formula)>,
    /// Definitions compared with the crate: (definition, its left side, the entry).
    pub(crate) crate_checks: Vec<(Rc<Definition>, Expr, &'static LossEntry)>,
}

/// The checks of one formula and where they come from.
enum Check<'p> {
    Item { item: &'p Item, source: &'p str },
    Crate { left: &'p Expr, entry: &'static LossEntry, source: &'p str },
}

impl<'t> Chapter<'t> {
    /// A chapter named `name` (its file stem, e.g. `ch07-backpropagation`), with the notation the
    /// table gives it.
    pub fn new(table: &'t SymbolTable, name: &str) -> Chapter<'t> {
        let settings = table.chapter(name);
        let mut domains = BTreeMap::new();
        let mut shapes = BTreeMap::new();
        let mut base_definitions = Vec::new();
        for binding in &settings.bindings {
            match binding {
                Binding::Domain { symbol, domain, shape } => {
                    domains.insert(symbol.clone(), domain.clone());
                    if !shape.is_empty() {
                        shapes.insert(symbol.clone(), shape.clone());
                    }
                }
                Binding::Define { left, right, text } => {
                    if let Some((name, params)) = head(left, &table.lengths(name)) {
                        base_definitions.push(Rc::new(Definition {
                            name,
                            params,
                            body: right.clone(),
                            origin: format!("symbols.toml: {text}"),
                            closure: Rc::from(Vec::new()),
                        }));
                    }
                }
            }
        }
        Chapter {
            table,
            name: name.to_owned(),
            lengths: table.lengths(name),
            domains,
            shapes,
            base_definitions,
            zero_log_zero: settings.zero_log_zero,
            ascending_order_statistics: settings.ascending_order_statistics,
            stop_at_first_failure: false,
        }
    }

    /// The chapter's file stem.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Index letter → length symbol in this chapter.
    pub fn lengths(&self) -> &BTreeMap<String, String> {
        &self.lengths
    }

    /// Whether the chapter uses `0 \log 0 = 0`.
    pub fn zero_log_zero(&self) -> bool {
        self.zero_log_zero
    }

    /// Whether the chapter's order statistics count from the smallest.
    pub fn ascending_order_statistics(&self) -> bool {
        self.ascending_order_statistics
    }

    /// Checks the chapter's formulas, in order.
    pub fn check(&self, formulas: &[FormulaSource]) -> ChapterReport {
        let mut definitions = self.base_definitions.clone();
        let mut report = ChapterReport { chapter: self.name.clone(), formulas: Vec::new() };
        for source in formulas {
            let (formula_report, plan) = self.check_one(source, &definitions);
            if let Some(plan) = plan {
                definitions.extend(plan.definitions.iter().cloned());
            }
            report.formulas.push(formula_report);
        }
        report
    }

    /// The definitions visible before each formula (for re-checking from the middle), and the
    /// plans of the formulas that parse.
    pub(crate) fn plans(&self, formulas: &[FormulaSource]) -> Vec<(Vec<Rc<Definition>>, Option<Plan>)> {
        let mut definitions = self.base_definitions.clone();
        let mut plans = Vec::new();
        for source in formulas {
            let before = definitions.clone();
            let plan = self.plan(source, &definitions).ok().flatten();
            if let Some(plan) = &plan {
                definitions.extend(plan.definitions.iter().cloned());
            }
            plans.push((before, plan));
        }
        plans
    }

    /// Checks one formula given the definitions before it; returns the report and, when it
    /// parses and is not exempt, its plan.
    pub(crate) fn check_one(
        &self,
        source: &FormulaSource,
        definitions: &[Rc<Definition>],
    ) -> (FormulaReport, Option<Plan>) {
        // The id even when the marker's clauses do not parse, so the failure names the formula.
        let id = Marker::parse(&source.marker).map(|m| m.id).unwrap_or_else(|_| {
            let id = source.marker.trim().trim_start_matches("formula:").split(';').next().unwrap_or("").trim();
            if id.is_empty() { "?".into() } else { id.to_owned() }
        });
        let fail = |message: String| FormulaReport {
            id: id.clone(),
            line: source.line,
            outcome: Outcome::Failed(vec![Failure {
                id: id.clone(),
                line: source.line,
                relation: source.tex.trim().to_owned(),
                point: Vec::new(),
                left: None,
                right: None,
                message,
            }]),
        };
        match self.plan(source, definitions) {
            Err(message) => (fail(message), None),
            Ok(None) => {
                let reason = Marker::parse(&source.marker).ok().and_then(|m| m.exempt).unwrap_or_default();
                (FormulaReport { id, line: source.line, outcome: Outcome::Exempt { reason } }, None)
            }
            Ok(Some(plan)) => {
                let outcome = self.run(&plan, definitions);
                (FormulaReport { id, line: source.line, outcome }, Some(plan))
            }
        }
    }

    /// Parses the marker and TeX and collects definitions; `Ok(None)` for an exempt formula.
    pub(crate) fn plan(&self, source: &FormulaSource, definitions: &[Rc<Definition>]) -> Result<Option<Plan>, String> {
        let marker = Marker::parse(&source.marker).map_err(|e| e.to_string())?;
        let formula = parse(&source.tex).map_err(|e| {
            let line = source.line + e.line - 1;
            format!("does not parse (chapter line {line}): {e}")
        })?;
        if marker.exempt.is_some() {
            return Ok(None);
        }
        let origin = format!("{} `{}`", self.name, marker.id);
        let mut domains = BTreeMap::new();
        let mut shapes = BTreeMap::new();
        let mut local = Vec::new();
        let mut where_bound = BTreeSet::new();
        // An index letter's domain is its range in this formula: `k \in \{1, \dots, N\}`. Any
        // other domain makes the letter an ordinary variable of this formula (`k \in \{-3, \dots,
        // 3\}` for the exponent of a range reduction), unless the formula uses it as an index.
        let mut lengths = self.lengths.clone();
        let mut variables = BTreeSet::new();
        for binding in &marker.bindings {
            if let Binding::Domain { symbol, domain, .. } = binding
                && self.lengths.contains_key(symbol)
            {
                match index_range(symbol, domain) {
                    Ok(range) => {
                        lengths.insert(symbol.clone(), range);
                    }
                    Err(message) if uses_as_index(&formula, symbol) => return Err(message),
                    Err(_) => {
                        lengths.remove(symbol);
                        variables.insert(symbol.clone());
                    }
                }
            }
        }
        for binding in &marker.bindings {
            match binding {
                Binding::Domain { symbol, .. } if self.lengths.contains_key(symbol) && !variables.contains(symbol) => {}
                Binding::Domain { symbol, domain, shape } => {
                    domains.insert(symbol.clone(), domain.clone());
                    shapes.insert(symbol.clone(), shape.clone());
                }
                Binding::Define { left, right, text } => {
                    let (name, params) =
                        head(left, &lengths).ok_or_else(|| format!("where: `{text}`: the left side is not a name"))?;
                    where_bound.insert(name.clone());
                    local.push(Rc::new(Definition {
                        name,
                        params,
                        body: right.clone(),
                        origin: format!("{origin} where: {text}"),
                        closure: Rc::from(Vec::new()),
                    }));
                }
            }
        }
        let local: Rc<[Rc<Definition>]> = Rc::from(local);
        let source_text: Rc<str> = Rc::from(source.tex.as_str());
        let mut plan = Plan {
            id: marker.id.clone(),
            line: source.line,
            source: source_text,
            formula,
            local: local.clone(),
            definitions: Vec::new(),
            domains,
            shapes,
            lengths,
            checks: Vec::new(),
            crate_checks: Vec::new(),
        };
        for check in &marker.checks {
            let formula = parse(check).map_err(|e| format!("check: `{check}`: {e}"))?;
            plan.checks.push((Rc::from(check.as_str()), formula));
        }
        self.collect_definitions(&mut plan, definitions, &where_bound);
        Ok(Some(plan))
    }

    /// Whether anything gives `key` a value: a definition, a domain, the crate, a built-in.
    fn resolvable(&self, key: &str, plan: &Plan, definitions: &[Rc<Definition>]) -> bool {
        definitions.iter().any(|d| d.name == key)
            || plan.local.iter().any(|d| d.name == key)
            || plan.definitions.iter().any(|d| d.name == key)
            || self.domain_of(key, plan).is_some()
            || losses_table::entry_for(key, 0).is_some()
            || matches!(key, "\\sigma" | "e")
    }

    fn collect_definitions(&self, plan: &mut Plan, definitions: &[Rc<Definition>], where_bound: &BTreeSet<String>) {
        let items = plan.formula.items.clone();
        for item in &items {
            self.collect_from(&item.statement, true, plan, definitions, where_bound);
        }
        // Definitions the crate also computes are compared with it.
        for def in plan.definitions.clone() {
            let params: Vec<String> = match &def.params {
                Params::None => Vec::new(),
                Params::Function(p) => p.clone(),
                Params::Index(_) => continue,
            };
            if let Some(entry) = losses_table::entry_matching(&def.name, &params) {
                let left = definition_left(&plan.formula, &def);
                if let Some(left) = left {
                    plan.crate_checks.push((def.clone(), left, entry));
                }
            }
        }
    }

    fn collect_from(
        &self,
        statement: &Statement,
        top: bool,
        plan: &mut Plan,
        definitions: &[Rc<Definition>],
        where_bound: &BTreeSet<String>,
    ) {
        match &statement.kind {
            StatementKind::Chain { terms, rels } => {
                for (j, term) in terms.iter().enumerate() {
                    let Some((name, params)) = head(term, &plan.lengths) else { continue };
                    if plan.definitions.iter().any(|d| d.name == name && same_kind(&d.params, &params)) {
                        continue;
                    }
                    let frees = match &params {
                        Params::Function(p) => p.iter().all(|k| !where_bound.contains(k)),
                        _ => true,
                    };
                    // An indexed family (`\ell_{n,k} = …`) is new notation only if nothing else
                    // gives the name a value or a vector domain (`q_k = …` after `q = …` is a check).
                    let new_family = match &params {
                        Params::Index(_) => {
                            !definitions
                                .iter()
                                .chain(plan.local.iter())
                                .chain(plan.definitions.iter())
                                .any(|d| d.name == name)
                                && self.vector_domain_of(&name, plan).is_none()
                                && self.declared_shape(&name, plan).is_none()
                        }
                        _ => true,
                    };
                    let body = if j == 0
                        && top
                        && rels.first() == Some(&Rel::Eq)
                        && frees
                        && new_family
                        && !where_bound.contains(&name)
                    {
                        Some(terms[1].clone())
                    } else if j > 0 && params == Params::None && !self.resolvable(&name, plan, definitions) {
                        if rels.get(j) == Some(&Rel::Eq) {
                            Some(terms[j + 1].clone())
                        } else if rels[j - 1] == Rel::Eq {
                            Some(terms[j - 1].clone())
                        } else {
                            None
                        }
                    } else {
                        None
                    };
                    if let Some(body) = body {
                        plan.definitions.push(Rc::new(Definition {
                            name,
                            params,
                            body,
                            origin: format!("{} `{}`", self.name, plan.id),
                            closure: plan.local.clone(),
                        }));
                    }
                }
            }
            StatementKind::Logic { parts, .. } | StatementKind::And(parts) => {
                for part in parts {
                    self.collect_from(part, false, plan, definitions, where_bound);
                }
            }
            StatementKind::Assign { .. } | StatementKind::Range { .. } => {}
        }
    }

    /// The domain of `key`: the formula's `where:`, the chapter's, the table's.
    fn domain_of(&self, key: &str, plan: &Plan) -> Option<Domain> {
        plan.domains.get(key).or_else(|| self.domains.get(key)).cloned().or_else(|| {
            let info = self.table.symbols.iter().find(|s| s.key == key)?;
            info.domain.clone().or_else(|| info.vector.clone())
        })
    }

    fn vector_domain_of(&self, key: &str, plan: &Plan) -> Option<Domain> {
        for domain in [plan.domains.get(key), self.domains.get(key)].into_iter().flatten() {
            if domain.is_vector() {
                return Some(domain.clone());
            }
        }
        let info = self.table.symbols.iter().find(|s| s.key == key)?;
        info.vector.clone()
    }

    fn element_domain_of(&self, key: &str, plan: &Plan) -> Option<Domain> {
        for domain in [plan.domains.get(key), self.domains.get(key)].into_iter().flatten() {
            if !domain.is_vector() {
                return Some(domain.clone());
            }
        }
        let info = self.table.symbols.iter().find(|s| s.key == key)?;
        info.domain.clone()
    }

    /// The shape the notation gives `key` (`\alpha \in [0, 1]^{K}`, a symbol's `length`): the
    /// formula's domain decides, then the chapter's, then the table's.
    fn declared_shape(&self, key: &str, plan: &Plan) -> Option<Vec<String>> {
        let shape = if plan.domains.contains_key(key) {
            plan.shapes.get(key).cloned()
        } else if self.domains.contains_key(key) {
            self.shapes.get(key).cloned()
        } else {
            self.table.symbols.iter().find(|s| s.key == key).and_then(|s| s.length.clone()).map(|l| vec![l])
        };
        shape.filter(|s| !s.is_empty())
    }

    // ----- running -----------------------------------------------------------------------------

    /// Checks a plan's relations at its sample points.
    pub(crate) fn run(&self, plan: &Plan, definitions: &[Rc<Definition>]) -> Outcome {
        let all = plan.visible(definitions);
        let mut checks: Vec<Check<'_>> = Vec::new();
        for item in &plan.formula.items {
            checks.push(Check::Item { item, source: &plan.source });
        }
        for (def, left, entry) in &plan.crate_checks {
            let _ = def;
            checks.push(Check::Crate { left, entry, source: &plan.source });
        }
        for (source, formula) in &plan.checks {
            for item in &formula.items {
                checks.push(Check::Item { item, source });
            }
        }
        let points = match self.points(plan, &all, &[plan]) {
            Ok(points) => points,
            Err(message) => {
                return Outcome::Failed(vec![self.failure(
                    plan,
                    &plan.source,
                    plan.formula_span(),
                    &Point::new(),
                    None,
                    None,
                    message,
                )]);
            }
        };
        let dependencies = dependencies(&all);
        let continuous: Vec<String> = points
            .first()
            .map(|point| {
                point
                    .iter()
                    .filter(|(key, value)| {
                        matches!(value, Value::Num(_))
                            && matches!(self.domain_of(key, plan), Some(Domain::Interval { .. }))
                    })
                    .map(|(key, _)| key.clone())
                    .collect()
            })
            .unwrap_or_default();
        let mut failures = Vec::new();
        let mut relations = 0;
        for check in &checks {
            relations += match check {
                Check::Item { item, .. } => count_relations(&item.statement),
                Check::Crate { .. } => 1,
            };
            let mut tally = Tally::default();
            let rows = RefCell::new(HashSet::new());
            for point in &points {
                let env = Env {
                    point,
                    definitions: &all,
                    lengths: &plan.lengths,
                    zero_times_infinite_is_zero: self.zero_log_zero,
                    ascending_order_statistics: self.ascending_order_statistics,
                    dependencies: Some(&dependencies),
                    rows: Some(&rows),
                };
                let mut run = Run {
                    env,
                    bindings: Vec::new(),
                    uncertain: Vec::new(),
                    tally: &mut tally,
                    continuous: &continuous,
                };
                let verdict = match check {
                    Check::Item { item, .. } => run.item(item),
                    Check::Crate { left, entry, .. } => run.crate_compare(left, entry),
                };
                if let Verdict::Fails { span, left, right, message } = verdict {
                    let (source, span, message) = match check {
                        Check::Crate { left: l, entry, source } => (
                            *source,
                            l.span,
                            format!("its definition differs from losses::{} ({message})", entry.function),
                        ),
                        Check::Item { source, .. } => (*source, span, message),
                    };
                    let mut bound = point.clone();
                    for (k, v) in &run.bindings {
                        bound.insert(k.clone(), v.clone());
                    }
                    failures.push(self.failure(plan, source, span, &bound, left, right, message));
                    break;
                }
            }
            if !failures.is_empty() && self.stop_at_first_failure {
                break;
            }
            if let Check::Crate { left, entry, source } = check
                && failures.is_empty()
                && tally.applicable == 0
            {
                let message = format!(
                    "the comparison with losses::{} applies at none of the sampled points (a symbol it needs has no value)",
                    entry.function
                );
                failures.push(self.failure(plan, source, left.span, &Point::new(), None, None, message));
            }
            // Vacuous premises and relations that never apply.
            if let Check::Item { item, source } = check
                && failures.is_empty()
            {
                if tally.applicable == 0 {
                    let message =
                        "applies at none of the sampled points (every `cases` row or condition excludes them)"
                            .to_owned();
                    failures.push(self.failure(plan, source, item.statement.span, &Point::new(), None, None, message));
                }
                let mut dead = Vec::new();
                dead_rows(&item.statement, &rows.borrow(), &mut dead);
                if let Some(row) = dead.first() {
                    let message = "this `cases` row applies at none of the sampled points".to_owned();
                    failures.push(self.failure(plan, source, *row, &Point::new(), None, None, message));
                }
                for (span, held) in &tally.premises {
                    if *held == 0 {
                        let message =
                            "its premise holds at none of the sampled points: the implication is never tested"
                                .to_owned();
                        failures.push(self.failure(plan, source, *span, &Point::new(), None, None, message));
                    }
                }
            }
            if !failures.is_empty() && self.stop_at_first_failure {
                break;
            }
        }
        if failures.is_empty() {
            Outcome::Evaluated { relations, points: points.len() }
        } else {
            Outcome::Failed(failures)
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn failure(
        &self,
        plan: &Plan,
        source: &str,
        span: Span,
        point: &Point,
        left: Option<f64>,
        right: Option<f64>,
        message: String,
    ) -> Failure {
        let line = if std::ptr::eq(source, &*plan.source) {
            plan.line + source[..span.start.min(source.len())].matches('\n').count()
        } else {
            plan.line
        };
        let relation = span.text(source).split_whitespace().collect::<Vec<_>>().join(" ");
        let point = point.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
        Failure { id: plan.id.clone(), line, relation, point, left, right, message }
    }

    /// The sample points of one or more plans (the union of their free symbols).
    pub(crate) fn points(
        &self,
        plan: &Plan,
        definitions: &[Rc<Definition>],
        plans: &[&Plan],
    ) -> Result<Vec<Point>, String> {
        let mut free: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for p in plans {
            let mut walk = Walk { chapter: self, plan: p, definitions, visited: BTreeSet::new(), free: &mut free };
            walk.formula(&p.formula);
            for (_, formula) in &p.checks {
                walk.formula(formula);
            }
            // What the crate reads from the scope: `\gamma`, the samples `y`, `\hat y`, and
            // `\alpha_t` where the chapter defines it (a balanced loss).
            for (_, _, entry) in &p.crate_checks {
                for key in entry.optional() {
                    if let Some(def) = walk.find(key) {
                        walk.definition(&def, false);
                    }
                }
                for (key, vector) in entry.requires() {
                    if let Some(def) = walk.find(key) {
                        walk.definition(&def, false);
                    } else if self.domain_of(key, p).is_some() {
                        let dims = if *vector { p.lengths.get("i").cloned().into_iter().collect() } else { Vec::new() };
                        let entry = walk.free.entry((*key).to_owned()).or_default();
                        if dims.len() > entry.len() {
                            *entry = dims;
                        }
                    }
                }
            }
        }
        // Domains' bounds and vectors' lengths are free symbols too.
        loop {
            let mut more = Vec::new();
            for (key, dims) in &free {
                for dim in dims {
                    if !free.contains_key(dim) && dim.parse::<usize>().is_err() {
                        more.push(dim.clone());
                    }
                }
                if let Some(domain) = self.domain_of(key, plan) {
                    for symbol in domain_symbols(&domain) {
                        if !free.contains_key(&symbol) {
                            more.push(symbol);
                        }
                    }
                }
            }
            if more.is_empty() {
                break;
            }
            for key in more {
                free.insert(key, Vec::new());
            }
        }
        let mut rng = Rng::from_text(&format!("{}/{}", self.name, plan.id));
        let mut points = Vec::new();
        let random = if plans.iter().any(|p| p.has_premises()) { PREMISE_POINTS } else { RANDOM_POINTS };
        for _ in 0..random {
            points.push(self.sample(plan, &free, &mut rng, None)?);
        }
        for key in free.keys() {
            for edge in 0..self.edge_count(key, &free[key], plan) {
                points.push(self.sample(plan, &free, &mut rng, Some((key, edge)))?);
            }
        }
        Ok(points)
    }

    fn edge_count(&self, key: &str, dims: &[String], plan: &Plan) -> usize {
        if dims.is_empty() {
            match self.domain_of(key, plan) {
                Some(Domain::Interval { .. }) | Some(Domain::Integers { .. }) => 2,
                Some(Domain::Set(items)) => items.len(),
                _ => 0,
            }
        } else {
            match self.vector_domain_of(key, plan) {
                Some(Domain::Simplex { open: false }) => 3,
                Some(Domain::Simplex { open: true }) => 2,
                Some(Domain::OneHot) => 2,
                _ => match self.element_domain_of(key, plan) {
                    Some(Domain::Interval { .. }) | Some(Domain::Integers { .. }) => 2,
                    Some(Domain::Set(items)) => items.len().min(2),
                    _ => 0,
                },
            }
        }
    }

    fn sample(
        &self,
        plan: &Plan,
        free: &BTreeMap<String, Vec<String>>,
        rng: &mut Rng,
        edge: Option<(&String, usize)>,
    ) -> Result<Point, String> {
        let mut point = Point::new();
        let mut pending: Vec<&String> = free.keys().collect();
        while !pending.is_empty() {
            let before = pending.len();
            let mut i = 0;
            while i < pending.len() {
                let key = pending[i];
                let dims = &free[key];
                let deps_ready = dims.iter().all(|d| point.contains_key(d) || d.parse::<usize>().is_ok())
                    && self
                        .domain_of(key, plan)
                        .is_none_or(|d| domain_symbols(&d).iter().all(|s| point.contains_key(s)));
                if !deps_ready {
                    i += 1;
                    continue;
                }
                let edge_here = edge.filter(|(k, _)| *k == key).map(|(_, e)| e);
                let value = self.sample_symbol(plan, key, dims, &point, rng, edge_here)?;
                point.insert(key.clone(), value);
                pending.remove(i);
            }
            if pending.len() == before {
                let names: Vec<&str> = pending.iter().map(|s| s.as_str()).collect();
                return Err(format!("cannot sample {}: their domains depend on each other", names.join(", ")));
            }
        }
        Ok(point)
    }

    fn bound(&self, expr: &Expr, point: &Point) -> Result<f64, String> {
        let env = Env {
            point,
            definitions: &[],
            lengths: &self.lengths,
            zero_times_infinite_is_zero: false,
            ascending_order_statistics: self.ascending_order_statistics,
            dependencies: None,
            rows: None,
        };
        Evaluator::<f64>::new(env).number(expr).map_err(|e| format!("a domain bound: {e}"))
    }

    fn sample_scalar(&self, domain: &Domain, point: &Point, rng: &mut Rng, edge: Option<usize>) -> Result<f64, String> {
        Ok(match domain {
            Domain::Interval { lo, hi, lo_open, hi_open } => {
                let (lo, hi) = (self.bound(lo, point)?, self.bound(hi, point)?);
                let inset = (hi - lo) * 2f64.powi(-20);
                match edge {
                    Some(0) => {
                        if *lo_open {
                            lo + inset
                        } else {
                            lo
                        }
                    }
                    Some(_) => {
                        if *hi_open {
                            hi - inset
                        } else {
                            hi
                        }
                    }
                    None => lo + (hi - lo) * rng.open_uniform(),
                }
            }
            Domain::Integers { lo, hi } => {
                let (lo, hi) = (self.bound(lo, point)?.round(), self.bound(hi, point)?.round());
                match edge {
                    Some(0) => lo,
                    Some(_) => hi,
                    None => lo + rng.below((hi - lo + 1.0).max(1.0) as usize) as f64,
                }
            }
            Domain::Set(items) => {
                let i = edge.unwrap_or_else(|| rng.below(items.len()));
                self.bound(&items[i], point)?
            }
            Domain::Simplex { .. } | Domain::OneHot => {
                return Err("a simplex or one-hot domain describes a vector, not a number".into());
            }
        })
    }

    fn sample_symbol(
        &self,
        plan: &Plan,
        key: &str,
        dims: &[String],
        point: &Point,
        rng: &mut Rng,
        edge: Option<usize>,
    ) -> Result<Value<f64>, String> {
        if dims.is_empty() {
            let domain = self.domain_of(key, plan).ok_or_else(|| no_domain(key))?;
            if domain.is_vector() {
                return Err(format!("`{key}` is used as a number but its domain is a vector domain"));
            }
            return Ok(Value::Num(self.sample_scalar(&domain, point, rng, edge)?));
        }
        let lengths: Vec<usize> = dims
            .iter()
            .map(|d| {
                d.parse::<usize>()
                    .ok()
                    .or_else(|| point.get(d).and_then(|v| v.num("length").ok()).map(|x| x.round().max(1.0) as usize))
                    .ok_or_else(|| no_domain(d))
            })
            .collect::<Result<_, _>>()?;
        let vector_domain = self.vector_domain_of(key, plan);
        let element_domain = self.element_domain_of(key, plan);
        match vector_domain {
            Some(domain) => {
                // The constraint runs along the axis of length K (or the last axis).
                let axis = dims.iter().position(|d| d == "K").unwrap_or(dims.len() - 1);
                let k = lengths[axis];
                let mut others: Vec<usize> = lengths.clone();
                others.remove(axis);
                let count: usize = others.iter().product();
                let mut rows = Vec::with_capacity(count);
                for _ in 0..count {
                    rows.push(sample_constrained(&domain, k, rng, edge));
                }
                Ok(assemble(&lengths, axis, &rows))
            }
            None => {
                let domain = element_domain.ok_or_else(|| no_domain(key))?;
                // An edge puts the first element (edge 0) or the last (edge 1) at the domain's end.
                let total: usize = lengths.iter().product();
                let mut flat = Vec::with_capacity(total);
                for i in 0..total {
                    let at_edge = match edge {
                        Some(0) if i == 0 => Some(0),
                        Some(e) if e > 0 && i + 1 == total => Some(e),
                        _ => None,
                    };
                    flat.push(self.sample_scalar(&domain, point, rng, at_edge)?);
                }
                fn nest(lengths: &[usize], flat: &mut std::slice::Iter<'_, f64>) -> Value<f64> {
                    match lengths.split_first() {
                        None => Value::Num(*flat.next().expect("enough")),
                        Some((n, rest)) => Value::List((0..*n).map(|_| nest(rest, flat)).collect()),
                    }
                }
                Ok(nest(&lengths, &mut flat.iter()))
            }
        }
    }
}

/// Whether `formula` uses `letter` as an index: in a subscript (`x_k`, `z_{n,k}`, `x_{k+1}`), under
/// a sum, product or max (`\sum_{k}`), or as a range's index.
fn uses_as_index(formula: &Formula, letter: &str) -> bool {
    fn names(e: &Expr, letter: &str) -> bool {
        matches!(&e.kind, ExprKind::Symbol(s) if s.base == letter) || e.children().into_iter().any(|c| names(c, letter))
    }
    fn subscripted(symbol: &Symbol, letter: &str) -> bool {
        symbol.subscripts.iter().any(|sub| sub.text == letter || sub.expr.as_ref().is_some_and(|e| names(e, letter)))
    }
    fn expr(e: &Expr, letter: &str) -> bool {
        let here = match &e.kind {
            ExprKind::Symbol(symbol) => subscripted(symbol, letter),
            ExprKind::Big { index, .. } => index == letter,
            _ => false,
        };
        here || e.children().into_iter().any(|c| expr(c, letter))
    }
    fn statement(s: &Statement, letter: &str) -> bool {
        match &s.kind {
            StatementKind::Chain { terms, .. } => terms.iter().any(|t| expr(t, letter)),
            StatementKind::Logic { parts, .. } | StatementKind::And(parts) => {
                parts.iter().any(|p| statement(p, letter))
            }
            StatementKind::Assign { target, value } => subscripted(target, letter) || expr(value, letter),
            StatementKind::Range { index, from, to } => index == letter || expr(from, letter) || expr(to, letter),
        }
    }
    formula
        .items
        .iter()
        .any(|item| statement(&item.statement, letter) || item.condition.as_ref().is_some_and(|c| statement(c, letter)))
}

/// The range an index letter's `where:` domain gives it: `\{1, \dots, N\}` → `N`.
fn index_range(letter: &str, domain: &Domain) -> Result<String, String> {
    let message = || {
        format!(
            "where: the index `{letter}` runs over a range: write `{letter} \\in \\{{1, \\dots, N\\}}` with a length symbol or number N"
        )
    };
    let Domain::Integers { lo, hi } = domain else { return Err(message()) };
    match (&lo.kind, &hi.kind) {
        (ExprKind::Number(one), ExprKind::Symbol(length)) if *one == 1.0 => Ok(length.key()),
        (ExprKind::Number(one), ExprKind::Number(n)) if *one == 1.0 && n.fract() == 0.0 && *n >= 1.0 => {
            Ok(format!("{n}"))
        }
        _ => Err(message()),
    }
}

fn no_domain(key: &str) -> String {
    format!(
        "`{key}` has no value: define it in an earlier formula or the marker's `where:`, or give it a domain in src/symbols.toml"
    )
}

/// A probability or one-hot vector of length `k`.
fn sample_constrained(domain: &Domain, k: usize, rng: &mut Rng, edge: Option<usize>) -> Vec<f64> {
    match (domain, edge) {
        (Domain::OneHot, edge) => {
            let class = match edge {
                Some(0) => 0,
                Some(_) => k - 1,
                None => rng.below(k),
            };
            (0..k).map(|i| if i == class { 1.0 } else { 0.0 }).collect()
        }
        (Domain::Simplex { open }, Some(e)) => {
            let vertex = |i: usize| -> Vec<f64> { (0..k).map(|j| if j == i { 1.0 } else { 0.0 }).collect() };
            match (open, e) {
                (_, 0) => vec![1.0 / k as f64; k],
                (false, 1) => vertex(0),
                (false, _) => vertex(k - 1),
                (true, _) => {
                    let small = 1e-6;
                    (0..k).map(|j| if j == 0 { 1.0 - small * (k - 1) as f64 } else { small }).collect()
                }
            }
        }
        (Domain::Simplex { open }, None) => {
            let mut weights: Vec<f64> = (0..k).map(|_| -rng.open_uniform().ln()).collect();
            if !open && k > 1 && rng.uniform() < 0.3 {
                // Some zero entries, at least one positive.
                let keep = rng.below(k);
                for (j, w) in weights.iter_mut().enumerate() {
                    if j != keep && rng.uniform() < 0.5 {
                        *w = 0.0;
                    }
                }
            }
            let total: f64 = weights.iter().sum();
            weights.iter().map(|w| w / total).collect()
        }
        _ => unreachable!("only vector domains"),
    }
}

/// Places constrained rows (along `axis`) into a nested vector with `lengths`.
fn assemble(lengths: &[usize], axis: usize, rows: &[Vec<f64>]) -> Value<f64> {
    fn build(lengths: &[usize], axis: usize, depth: usize, index: &mut Vec<usize>, rows: &[Vec<f64>]) -> Value<f64> {
        if depth == lengths.len() {
            // Row number: the other indices in order, mixed radix.
            let mut row = 0;
            for (d, &i) in index.iter().enumerate() {
                if d != axis {
                    row = row * lengths[d] + i;
                }
            }
            return Value::Num(rows[row][index[axis]]);
        }
        let mut items = Vec::with_capacity(lengths[depth]);
        for i in 0..lengths[depth] {
            index.push(i);
            items.push(build(lengths, axis, depth + 1, index, rows));
            index.pop();
        }
        Value::List(items)
    }
    build(lengths, axis, 0, &mut Vec::new(), rows)
}

/// Symbols a domain's bounds name.
fn domain_symbols(domain: &Domain) -> Vec<String> {
    let mut out = Vec::new();
    let mut visit = |e: &Expr| collect_symbols(e, &mut out);
    match domain {
        Domain::Interval { lo, hi, .. } | Domain::Integers { lo, hi } => {
            visit(lo);
            visit(hi);
        }
        Domain::Set(items) => items.iter().for_each(visit),
        _ => {}
    }
    out
}

fn collect_symbols(expr: &Expr, out: &mut Vec<String>) {
    if let ExprKind::Symbol(s) = &expr.kind {
        out.push(s.key());
    }
    for child in expr.children() {
        collect_symbols(child, out);
    }
}

/// Finds the free symbols of a formula (through the definitions it uses) and their shapes.
struct Walk<'w, 'c> {
    chapter: &'w Chapter<'c>,
    plan: &'w Plan,
    definitions: &'w [Rc<Definition>],
    visited: BTreeSet<(*const Definition, bool)>,
    free: &'w mut BTreeMap<String, Vec<String>>,
}

impl Walk<'_, '_> {
    fn formula(&mut self, formula: &Formula) {
        for item in &formula.items {
            self.statement(&item.statement, &mut Vec::new());
            if let Some(condition) = &item.condition {
                self.statement(condition, &mut Vec::new());
            }
        }
    }

    fn statement(&mut self, statement: &Statement, locals: &mut Vec<String>) {
        match &statement.kind {
            StatementKind::Chain { terms, .. } => terms.iter().for_each(|t| self.expr(t, locals)),
            StatementKind::Logic { parts, .. } | StatementKind::And(parts) => {
                parts.iter().for_each(|p| self.statement(p, locals))
            }
            StatementKind::Assign { target, value } => {
                self.symbol(target, locals);
                self.expr(value, locals);
            }
            StatementKind::Range { index, from, to } => {
                if let Some(length) = self.plan.lengths.get(index) {
                    self.length(length);
                }
                self.expr(from, locals);
                self.expr(to, locals);
            }
        }
    }

    /// An index's length is a free symbol, unless it is a number (`j \in \{1, \dots, 5\}`).
    fn length(&mut self, length: &str) {
        if length.parse::<usize>().is_err() {
            self.free.entry(length.to_owned()).or_default();
        }
    }

    /// The definition a call of `key` uses: a function or a value, not an indexed family.
    fn find_callable(&self, key: &str) -> Option<Rc<Definition>> {
        self.find_where(key, |d| !matches!(d.params, Params::Index(_)))
    }

    fn find(&self, key: &str) -> Option<Rc<Definition>> {
        self.find_where(key, |_| true)
    }

    /// The latest definition of `key` that `keep` accepts: the plan's own first, then the marker's
    /// `where:`, then the earlier formulas'.
    fn find_where(&self, key: &str, keep: impl Fn(&Definition) -> bool) -> Option<Rc<Definition>> {
        self.plan
            .definitions
            .iter()
            .rev()
            .chain(self.plan.local.iter().rev())
            .chain(self.definitions.iter().rev())
            .find(|d| d.name == key && keep(d))
            .cloned()
    }

    /// Walks a definition's body; `called`: its function parameters are bound by a call (else,
    /// used by name as in `\operatorname{FL}_i`, they come from the scope).
    fn definition(&mut self, def: &Rc<Definition>, called: bool) {
        if !self.visited.insert((Rc::as_ptr(def), called)) {
            return;
        }
        let mut locals: Vec<String> = match &def.params {
            Params::None => Vec::new(),
            Params::Function(p) if called => p.clone(),
            Params::Function(_) => Vec::new(),
            Params::Index(p) => p.clone(),
        };
        self.expr(&def.body, &mut locals);
    }

    fn symbol(&mut self, symbol: &Symbol, locals: &mut Vec<String>) {
        let k = symbol.subscripts.len();
        for named in (0..=k).rev() {
            let key = symbol.key_with(named);
            if named == k && locals.contains(&key) {
                return;
            }
            if let Some(def) = self.find(&key) {
                self.definition(&def, false);
                self.indices(symbol, named, locals);
                return;
            }
            if self.chapter.domain_of(&key, self.plan).is_some() {
                // `\ell_{(j)}`, an order statistic, runs over the same range as `\ell_j`; a
                // subscript that is no index letter (`y_1`, `\ell_{(2)}`) gives no length.
                let mut dims: Vec<String> = symbol.subscripts[named..]
                    .iter()
                    .filter_map(|s| self.plan.lengths.get(s.text.trim_start_matches('(').trim_end_matches(')')))
                    .cloned()
                    .collect();
                // Non-letter indices (`z_c`, `\alpha_c`): the declared shape.
                if let Some(shape) = self.chapter.declared_shape(&key, self.plan) {
                    dims = shape;
                }
                let entry = self.free.entry(key).or_default();
                if dims.len() > entry.len() {
                    *entry = dims;
                }
                self.indices(symbol, named, locals);
                return;
            }
        }
        if let Some(letters) = crate::eval::kronecker(symbol) {
            for letter in &letters {
                if let Some(length) = self.plan.lengths.get(&letter.text) {
                    if !locals.contains(&letter.text) {
                        self.length(length);
                    }
                } else if let Some(expr) = &letter.expr {
                    self.expr(expr, locals);
                }
            }
        }
    }

    /// The index subscripts of a symbol resolved with `named` named subscripts: a free index
    /// letter needs its range, a symbol (`z_c`) its value.
    fn indices(&mut self, symbol: &Symbol, named: usize, locals: &mut Vec<String>) {
        for sub in &symbol.subscripts[named..] {
            let letter = sub.text.trim_start_matches('(').trim_end_matches(')');
            if let Some(length) = self.plan.lengths.get(letter) {
                if !locals.contains(&letter.to_owned()) {
                    self.length(length);
                }
            } else if let Some(expr) = &sub.expr {
                self.expr(expr, locals);
            }
        }
    }

    fn expr(&mut self, expr: &Expr, locals: &mut Vec<String>) {
        match &expr.kind {
            ExprKind::Symbol(symbol) => self.symbol(symbol, locals),
            ExprKind::Apply { head, args, .. } => {
                if let Some(def) = self.find_callable(&head.key()) {
                    // Named arguments leave the other parameters to the scope.
                    self.definition(&def, args.iter().all(|a| a.name.is_none()));
                } else if losses_table::entry_for(&head.key(), args.len()).is_none()
                    && !matches!(head.key().as_str(), "\\sigma" | "\\operatorname{fl}" | "\\operatorname{ulp}")
                {
                    // A product `p_i (…)`.
                    self.symbol(head, locals);
                }
                for arg in args {
                    self.expr(&arg.value, locals);
                }
            }
            ExprKind::Big { index, lower, upper, filter, body, .. } => {
                if let Some(l) = lower {
                    self.expr(l, locals);
                }
                match upper {
                    Some(u) => self.expr(u, locals),
                    None => {
                        if let Some(length) = self.plan.lengths.get(index) {
                            self.length(length);
                        }
                    }
                }
                locals.push(index.clone());
                if let Some(f) = filter {
                    self.statement(f, locals);
                }
                self.expr(body, locals);
                locals.pop();
            }
            ExprKind::SetBuilder { index, condition } => {
                if let Some(length) = self.plan.lengths.get(index) {
                    self.length(length);
                }
                locals.push(index.clone());
                self.statement(condition, locals);
                locals.pop();
            }
            ExprKind::Family { index, filter, body } => {
                if let Some(length) = self.plan.lengths.get(index) {
                    self.length(length);
                }
                locals.push(index.clone());
                self.statement(filter, locals);
                self.expr(body, locals);
                locals.pop();
            }
            ExprKind::Iverson(statement) => self.statement(statement, locals),
            ExprKind::Derivative { of, var, .. } | ExprKind::Gradient { of, var } => {
                self.symbol(var, locals);
                if let ExprKind::Symbol(s) = &of.kind
                    && let Some(def) = self.find(&s.key())
                {
                    self.definition(&def, false);
                    return;
                }
                self.expr(of, locals);
            }
            ExprKind::ArgMin { var, body } => {
                locals.push(var.key());
                self.expr(body, locals);
                locals.pop();
            }
            ExprKind::At { expr: inner, bindings } => {
                for (_, value) in bindings {
                    self.expr(value, locals);
                }
                let n = bindings.len();
                locals.extend(bindings.iter().map(|(s, _)| s.key()));
                self.expr(inner, locals);
                locals.truncate(locals.len() - n);
            }
            ExprKind::Cases(rows) => {
                for row in rows {
                    self.expr(&row.value, locals);
                    if let Some(c) = &row.condition {
                        self.statement(c, locals);
                    }
                }
            }
            _ => {
                for child in expr.children() {
                    self.expr(child, locals);
                }
            }
        }
    }
}

/// The defined name and parameters of a definition's left side, if it is one.
pub(crate) fn head(left: &Expr, lengths: &BTreeMap<String, String>) -> Option<(String, Params)> {
    match &left.kind {
        ExprKind::Symbol(symbol) => {
            // Trailing index letters make an indexed family: `e_i`, `\ell_{n,k}`, `\hat y_i`.
            let k = symbol.subscripts.len();
            let mut named = k;
            while named > 0 && lengths.contains_key(&symbol.subscripts[named - 1].text) {
                named -= 1;
            }
            if named < k {
                let letters: Vec<String> = symbol.subscripts[named..].iter().map(|s| s.text.clone()).collect();
                let distinct: BTreeSet<&String> = letters.iter().collect();
                if distinct.len() == letters.len() {
                    return Some((symbol.key_with(named), Params::Index(letters)));
                }
                return None;
            }
            Some((symbol.key(), Params::None))
        }
        ExprKind::Apply { head, prime: false, args } => {
            let mut params = Vec::new();
            for arg in args {
                let ExprKind::Symbol(s) = &arg.value.kind else { return None };
                if arg.name.is_some() || params.contains(&s.key()) {
                    return None;
                }
                params.push(s.key());
            }
            Some((head.key(), Params::Function(params)))
        }
        _ => None,
    }
}

fn same_kind(a: &Params, b: &Params) -> bool {
    match (a, b) {
        (Params::None, Params::None) => true,
        (Params::Function(x), Params::Function(y)) | (Params::Index(x), Params::Index(y)) => x.len() == y.len(),
        _ => false,
    }
}

/// The left side as written for a definition (for the crate comparison).
fn definition_left(formula: &Formula, def: &Definition) -> Option<Expr> {
    fn search(statement: &Statement, def: &Definition) -> Option<Expr> {
        match &statement.kind {
            StatementKind::Chain { terms, .. } => terms
                .iter()
                .find(|t| {
                    let lengths = BTreeMap::new();
                    head(t, &lengths).is_some_and(|(name, params)| name == def.name && same_kind(&params, &def.params))
                })
                .cloned(),
            StatementKind::Logic { parts, .. } | StatementKind::And(parts) => parts.iter().find_map(|p| search(p, def)),
            StatementKind::Assign { .. } | StatementKind::Range { .. } => None,
        }
    }
    formula.items.iter().find_map(|item| search(&item.statement, def))
}

/// The spans of the `cases` rows in `statement` whose value never applied.
fn dead_rows(statement: &Statement, used: &HashSet<usize>, out: &mut Vec<Span>) {
    fn expr(e: &Expr, used: &HashSet<usize>, out: &mut Vec<Span>) {
        if let ExprKind::Cases(rows) = &e.kind {
            for row in rows {
                if !used.contains(&(&row.value as *const Expr as usize)) {
                    out.push(row.value.span);
                }
            }
        }
        for child in e.children() {
            expr(child, used, out);
        }
    }
    match &statement.kind {
        StatementKind::Chain { terms, .. } => terms.iter().for_each(|t| expr(t, used, out)),
        StatementKind::Logic { parts, .. } | StatementKind::And(parts) => {
            parts.iter().for_each(|p| dead_rows(p, used, out))
        }
        StatementKind::Assign { value, .. } => expr(value, used, out),
        StatementKind::Range { from, to, .. } => {
            expr(from, used, out);
            expr(to, used, out);
        }
    }
}

fn count_relations(statement: &Statement) -> usize {
    match &statement.kind {
        StatementKind::Chain { rels, .. } => rels.len(),
        StatementKind::Logic { parts, ops } => ops.len() + parts.iter().map(count_relations).sum::<usize>(),
        StatementKind::And(parts) => parts.iter().map(count_relations).sum(),
        StatementKind::Assign { .. } | StatementKind::Range { .. } => 1,
    }
}

impl Plan {
    /// The definitions a check of this formula sees: those made before it, except the names its
    /// `where:` gives a domain (a domain there makes the symbol free again: `y \in \{-1, +1\}`
    /// after a formula that defined `y_k`), then its `where:` definitions and its own.
    pub(crate) fn visible(&self, before: &[Rc<Definition>]) -> Vec<Rc<Definition>> {
        let mut all: Vec<Rc<Definition>> =
            before.iter().filter(|d| !self.domains.contains_key(&d.name)).cloned().collect();
        all.extend(self.local.iter().cloned());
        all.extend(self.definitions.iter().cloned());
        all
    }

    fn formula_span(&self) -> Span {
        Span::new(0, self.source.len())
    }

    /// Whether a premise must be met by sampling (not a `symbol = value` that binds).
    fn has_premises(&self) -> bool {
        fn binds(statement: &Statement) -> bool {
            matches!(&statement.kind, StatementKind::Chain { terms, rels }
                if rels.as_slice() == [Rel::Eq] && terms.iter().any(|t| matches!(t.kind, ExprKind::Symbol(_))))
        }
        self.formula.items.iter().chain(self.checks.iter().flat_map(|(_, f)| f.items.iter())).any(|item| {
            item.condition.as_ref().is_some_and(|c| !binds(c))
                || matches!(&item.statement.kind, StatementKind::Logic { parts, .. } if parts.iter().any(|p| !binds(p)))
        })
    }
}

// ----- evaluating checks at a point ------------------------------------------------------------

/// The result of a check at one point.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Verdict {
    Holds,
    NotApplicable,
    Fails { span: Span, left: Option<f64>, right: Option<f64>, message: String },
}

/// Counts over the points of one check.
#[derive(Debug, Default)]
struct Tally {
    /// Points where the check applied.
    applicable: usize,
    /// Premise span → points where it held (or was bound).
    premises: HashMap<Span, usize>,
    /// Roots found for an equivalence between equations ([`Run::at_root`]).
    roots: usize,
}

/// How many roots an equivalence between two equations is checked at (each costs a solve).
const ROOTS: usize = 8;

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.start, self.end).hash(state);
    }
}

struct Run<'e, 'a> {
    env: Env<'e>,
    /// Premise bindings and free-index values, innermost last.
    bindings: Vec<(String, Value<f64>)>,
    /// Bindings solved from a premise and how far rounding may move them: (binding, ± amount).
    uncertain: Vec<(String, f64)>,
    tally: &'a mut Tally,
    /// The sampled symbols with an interval domain: what an equation can be solved for.
    continuous: &'e [String],
}

const RELATIVE: f64 = 1e-9;
/// Absolute tolerance: none beyond the smallest normal number; a difference from rounding in a
/// sum that cancels to 0 is recognised by the perturbed evaluations instead.
const ABSOLUTE: f64 = f64::MIN_POSITIVE;

/// Whether two values are equal to the checker's tolerance (NaN equals NaN: both undefined).
pub(crate) fn close(a: f64, b: f64) -> bool {
    if a.is_nan() && b.is_nan() {
        return true;
    }
    if a == b {
        return true;
    }
    if !a.is_finite() || !b.is_finite() {
        return false;
    }
    (a - b).abs() <= RELATIVE * a.abs().max(b.abs()) + ABSOLUTE
}

impl Run<'_, '_> {
    fn evaluator(&self, jitter: Option<u64>) -> Evaluator<'_, f64> {
        let mut ev = Evaluator::new(self.env);
        if let Some(seed) = jitter {
            ev = ev.with_jitter(seed);
        }
        for (key, value) in &self.bindings {
            ev.bind(key, value.clone());
        }
        ev
    }

    fn value(&self, expr: &Expr, jitter: Option<u64>) -> Result<f64, EvalError> {
        self.evaluator(jitter).number(expr)
    }

    fn item(&mut self, item: &Item) -> Verdict {
        match &item.condition {
            None => self.statement(&item.statement),
            Some(condition) => {
                let letters = self.free_letters(condition);
                let verdict = self.conditioned(condition, &item.statement, &letters);
                if matches!(verdict, Verdict::Holds) {
                    self.tally.applicable += 1;
                }
                verdict
            }
        }
    }

    /// The length an index letter runs to at this point (a number, or a sampled length symbol).
    fn length(&self, letter: &str) -> Option<f64> {
        let length = self.env.lengths.get(letter)?;
        match length.parse::<usize>() {
            Ok(n) => Some(n as f64),
            Err(_) => self.env.point.get(length).and_then(|v| v.num("length").ok()),
        }
    }

    /// Index letters a condition names that nothing binds (`(k \ne c)`): the item is checked
    /// for every value of each.
    fn free_letters(&self, condition: &Statement) -> Vec<String> {
        let mut exprs = Vec::new();
        fn terms<'s>(statement: &'s Statement, out: &mut Vec<&'s Expr>) {
            match &statement.kind {
                StatementKind::Chain { terms: t, .. } => out.extend(t.iter()),
                StatementKind::Logic { parts, .. } | StatementKind::And(parts) => {
                    parts.iter().for_each(|p| terms(p, out))
                }
                StatementKind::Assign { .. } | StatementKind::Range { .. } => {}
            }
        }
        terms(condition, &mut exprs);
        let mut symbols = Vec::new();
        for expr in exprs {
            collect_symbols(expr, &mut symbols);
        }
        let mut letters: Vec<String> = symbols
            .into_iter()
            .filter(|key| {
                self.env.lengths.contains_key(key)
                    && !self.env.point.contains_key(key)
                    && !self.bindings.iter().any(|(bound, _)| bound == key)
                    && !self.env.definitions.iter().any(|d| d.name == *key)
            })
            .collect();
        letters.dedup();
        letters
    }

    /// An item's condition and statement, for every value of the free index `letters`.
    fn conditioned(&mut self, condition: &Statement, statement: &Statement, letters: &[String]) -> Verdict {
        match letters.split_first() {
            None => self.premise_then(condition, statement),
            Some((letter, rest)) => self.quantified(letter, &mut |run| run.conditioned(condition, statement, rest)),
        }
    }

    /// Binds the index letter over its range while the check needs it.
    fn quantified(&mut self, letter: &str, check: &mut dyn FnMut(&mut Self) -> Verdict) -> Verdict {
        let length = self.length(letter);
        let Some(length) = length else {
            return Verdict::Fails {
                span: Span::default(),
                left: None,
                right: None,
                message: format!("index `{letter}` has no range"),
            };
        };
        let mut any = false;
        for i in 1..=(length.round() as i64) {
            self.bindings.push((letter.to_owned(), Value::Num(i as f64)));
            let verdict = check(self);
            self.bindings.pop();
            match verdict {
                Verdict::Fails { .. } => {
                    let mut verdict = verdict;
                    if let Verdict::Fails { message, .. } = &mut verdict {
                        *message = format!("{message} ({letter} = {i})");
                    }
                    return verdict;
                }
                Verdict::Holds => any = true,
                Verdict::NotApplicable => {}
            }
        }
        if any { Verdict::Holds } else { Verdict::NotApplicable }
    }

    fn statement(&mut self, statement: &Statement) -> Verdict {
        let verdict = self.statement_once(statement);
        if matches!(verdict, Verdict::Holds) {
            self.tally.applicable += 1;
        }
        verdict
    }

    fn statement_once(&mut self, statement: &Statement) -> Verdict {
        match &statement.kind {
            StatementKind::Chain { terms, rels } => self.chain(terms, rels),
            StatementKind::And(parts) => {
                let mut verdict = Verdict::NotApplicable;
                for part in parts {
                    match self.statement_once(part) {
                        Verdict::Holds => verdict = Verdict::Holds,
                        Verdict::NotApplicable => {}
                        fails => return fails,
                    }
                }
                verdict
            }
            StatementKind::Logic { parts, ops } => {
                let mut verdict = Verdict::NotApplicable;
                for (i, op) in ops.iter().enumerate() {
                    let pair = match op {
                        Logic::Implies => self.premise_then(&parts[i], &parts[i + 1]),
                        Logic::Iff => self.iff(&parts[i], &parts[i + 1]),
                    };
                    match pair {
                        Verdict::Holds => verdict = Verdict::Holds,
                        Verdict::NotApplicable => {}
                        fails => return fails,
                    }
                }
                verdict
            }
            StatementKind::Assign { .. } => Verdict::Fails {
                span: statement.span,
                left: None,
                right: None,
                message: "an assignment `\\leftarrow` is not a relation: exempt the formula or state what it implies in `check:`".into(),
            },
            StatementKind::Range { index, from, to } => self.range(statement.span, index, from, to),
        }
    }

    /// `i = 1, \dots, N` holds where it is the range the chapter gives the index `i`.
    fn range(&mut self, span: Span, index: &str, from: &Expr, to: &Expr) -> Verdict {
        let length = self.length(index);
        let Some(length) = length else {
            let message = format!("index `{index}` has no range in this chapter (src/symbols.toml, [index])");
            return Verdict::Fails { span, left: None, right: None, message };
        };
        match (self.value(from, None), self.value(to, None)) {
            (Ok(1.0), Ok(last)) if last == length => Verdict::Holds,
            (Ok(first), Ok(last)) => Verdict::Fails {
                span,
                left: Some(first),
                right: Some(last),
                message: format!(
                    "the chapter's index `{index}` runs from 1 to {} (src/symbols.toml), not from the left to the right value",
                    self.env.lengths[index]
                ),
            },
            (Err(e), _) | (_, Err(e)) => Verdict::Fails { span, left: None, right: None, message: e.to_string() },
        }
    }

    fn chain(&mut self, terms: &[Expr], rels: &[Rel]) -> Verdict {
        if rels.is_empty() {
            return Verdict::Fails {
                span: terms[0].span,
                left: None,
                right: None,
                message: "an expression without a relation: there is nothing to check".into(),
            };
        }
        let mut applicable = false;
        for (i, rel) in rels.iter().enumerate() {
            let verdict = match (&terms[i].kind, &terms[i + 1].kind) {
                (_, ExprKind::Ellipsis { .. }) => self.ellipsis(*rel, &terms[i + 1]),
                (ExprKind::Ellipsis { .. }, _) => continue,
                _ => self.relation(*rel, &terms[i], &terms[i + 1]),
            };
            match verdict {
                Verdict::Holds => applicable = true,
                Verdict::NotApplicable => {}
                fails => return fails,
            }
        }
        if applicable { Verdict::Holds } else { Verdict::NotApplicable }
    }

    /// The relations `\cdots` stands for: between terms `first` and `first + 1`, …, `last - 1`
    /// and `last` of its pattern.
    fn ellipsis(&mut self, rel: Rel, dots: &Expr) -> Verdict {
        let ExprKind::Ellipsis { first, last, .. } = &dots.kind else { unreachable!() };
        let last = match self.value(last, None) {
            Ok(v) => v.round() as i64,
            Err(e) => return Verdict::Fails { span: dots.span, left: None, right: None, message: e.to_string() },
        };
        let term = |j: i64| {
            let tex = dots.kind.ellipsis_term(j).expect("an ellipsis");
            crate::parser::parse_expression(&tex).map(|e| (tex, e))
        };
        let mut verdict = Verdict::NotApplicable;
        for j in *first..last {
            let (Ok((left_tex, a)), Ok((right_tex, b))) = (term(j), term(j + 1)) else {
                let message = format!("term {j} of the pattern does not parse");
                return Verdict::Fails { span: dots.span, left: None, right: None, message };
            };
            match self.relation(rel, &a, &b) {
                Verdict::Holds => verdict = Verdict::Holds,
                Verdict::NotApplicable => {}
                Verdict::Fails { left, right, message, .. } => {
                    let message =
                        format!("`{left_tex} {} {right_tex}`, which the dots stand for: {message}", rel.tex());
                    return Verdict::Fails { span: dots.span, left, right, message };
                }
            }
        }
        verdict
    }

    fn relation(&mut self, rel: Rel, a: &Expr, b: &Expr) -> Verdict {
        let span = a.span.to(b.span);
        if matches!(rel, Rel::Eq | Rel::Approx) {
            // Vectors compare element by element: `q = \operatorname{softmax}(z)`.
            let (x, y) = (self.evaluator(None).eval(a), self.evaluator(None).eval(b));
            if let (Ok(Value::List(x)), Ok(Value::List(y))) = (&x, &y) {
                let (x, y) = (flatten(x), flatten(y));
                if x.len() != y.len() {
                    return Verdict::Fails {
                        span,
                        left: None,
                        right: None,
                        message: format!("vectors of lengths {} and {}", x.len(), y.len()),
                    };
                }
                for (i, (p, q)) in x.iter().zip(&y).enumerate() {
                    if !compare(rel, *p, *q, 0.0, approx_tolerance(rel, a, b, self.env)) {
                        return Verdict::Fails {
                            span,
                            left: Some(*p),
                            right: Some(*q),
                            message: format!("element {} differs", i + 1),
                        };
                    }
                }
                return Verdict::Holds;
            }
        }
        let left = if rel == Rel::Tends {
            let ExprKind::Limit { var, to, .. } = &b.kind else {
                let message = "an arrow needs its limit: `\\xrightarrow[x \\to a]{}`".to_owned();
                return Verdict::Fails { span, left: None, right: None, message };
            };
            self.evaluator(None).limit(var, to, a)
        } else {
            self.value(a, None)
        };
        let left = match left {
            Ok(v) => v,
            Err(e) => return self.error_verdict(e, span, &mut |run| run.relation(rel, a, b)),
        };
        if rel == Rel::In {
            let mut ev = self.evaluator(None);
            return match ev.member(left, b) {
                Ok(true) => Verdict::Holds,
                Ok(false) => Verdict::Fails {
                    span,
                    left: Some(left),
                    right: None,
                    message: "is not an element of the set".into(),
                },
                Err(e) => Verdict::Fails { span, left: Some(left), right: None, message: e.to_string() },
            };
        }
        let right = match self.value(b, None) {
            Ok(v) => v,
            Err(e) => return self.error_verdict(e, span, &mut |run| run.relation(rel, a, b)),
        };
        let tolerance = approx_tolerance(rel, a, b, self.env);
        // A limit is the last value of a sequence: it equals its value to the limit's tolerance.
        let is_limit = |e: &Expr| matches!(e.kind, ExprKind::Limit { .. });
        let rel = if rel == Rel::Eq && (is_limit(a) || is_limit(b)) { Rel::Tends } else { rel };
        if compare(rel, left, right, 0.0, tolerance) {
            return Verdict::Holds;
        }
        // Rounding or a wrong formula? Perturb every operation and look at the spread.
        let spread = |run: &Self, expr: &Expr, base: f64| -> f64 {
            (1..=3u64)
                .map(|seed| run.value(expr, Some(seed * 0x9e37_79b9)).map_or(f64::INFINITY, |v| (v - base).abs()))
                .fold(0.0, f64::max)
        };
        let mut slack = 4.0 * (spread(self, a, left) + spread(self, b, right));
        // Values solved from a premise carry their own rounding: move each by its uncertainty.
        for (symbol, amount) in self.uncertain.clone() {
            let Some(position) = self.bindings.iter().rposition(|(k, _)| *k == symbol) else { continue };
            let Value::Num(value) = self.bindings[position].1 else { continue };
            for shifted in [value - amount, value + amount] {
                self.bindings[position].1 = Value::Num(shifted);
                let moved = self.value(a, None).ok().zip(self.value(b, None).ok());
                slack += moved.map_or(f64::INFINITY, |(x, y)| 4.0 * ((x - left).abs() + (y - right).abs()));
            }
            self.bindings[position].1 = Value::Num(value);
        }
        if slack.is_finite() && compare(rel, left, right, slack, tolerance) {
            return Verdict::Holds;
        }
        let message = match rel {
            Rel::Approx => format!("does not hold to the digits shown (±{})", short(tolerance)),
            _ => "does not hold".into(),
        };
        Verdict::Fails { span, left: Some(left), right: Some(right), message }
    }

    fn error_verdict(&mut self, error: EvalError, span: Span, retry: &mut dyn FnMut(&mut Self) -> Verdict) -> Verdict {
        match error {
            EvalError::NoCase => Verdict::NotApplicable,
            EvalError::FreeIndex { letter } => {
                if self.bindings.iter().any(|(k, _)| *k == letter) {
                    return Verdict::Fails {
                        span,
                        left: None,
                        right: None,
                        message: format!("index `{letter}` cannot be bound"),
                    };
                }
                self.quantified(&letter, retry)
            }
            other => Verdict::Fails { span, left: None, right: None, message: other.to_string() },
        }
    }

    /// `symbol = value` (either side) that can bind `symbol`; `\sigma^2 = value` binds `\sigma`
    /// to the positive root (`\sigma^{1/2}` of the value), and in a chain `\sigma^2 = a = b` the
    /// rest of the chain is checked once `\sigma` is bound ([`bind_and_check`](Self::bind_and_check)).
    fn binding(&self, statement: &Statement) -> Option<Vec<(String, Expr)>> {
        match &statement.kind {
            StatementKind::Chain { terms, rels } if rels.as_slice() == [Rel::Eq] => {
                for (s, v) in [(&terms[0], &terms[1]), (&terms[1], &terms[0])] {
                    if let ExprKind::Symbol(symbol) = &s.kind {
                        let key = symbol.key();
                        let mut used = Vec::new();
                        collect_symbols(v, &mut used);
                        if !used.contains(&key) && !self.env.lengths.contains_key(&key) {
                            return Some(vec![(key, v.clone())]);
                        }
                    }
                }
                self.power_binding(terms)
            }
            StatementKind::Chain { terms, rels } if !rels.is_empty() && rels.iter().all(|r| *r == Rel::Eq) => {
                self.power_binding(terms)
            }
            StatementKind::And(parts) => {
                let mut all = Vec::new();
                for part in parts {
                    all.extend(self.binding(part)?);
                }
                Some(all)
            }
            _ => None,
        }
    }

    /// `\sigma^k = value = …` binds `\sigma` to `value^{1/k}`.
    fn power_binding(&self, terms: &[Expr]) -> Option<Vec<(String, Expr)>> {
        let ExprKind::Pow(base, exponent) = &terms[0].kind else { return None };
        let (ExprKind::Symbol(symbol), ExprKind::Number(k)) = (&base.kind, &exponent.kind) else { return None };
        let key = symbol.key();
        let mut used = Vec::new();
        collect_symbols(&terms[1], &mut used);
        if used.contains(&key) || *k <= 0.0 {
            return None;
        }
        let span = terms[1].span;
        let root = Expr { kind: ExprKind::Number(1.0 / k), span };
        let value = Expr { kind: ExprKind::Pow(Box::new(terms[1].clone()), Box::new(root)), span };
        Some(vec![(key, value)])
    }

    /// Truth of a premise, with the checker's tolerance; `None` if it does not apply.
    fn truth(&mut self, statement: &Statement) -> Result<Option<bool>, Verdict> {
        match &statement.kind {
            StatementKind::Chain { terms, rels } => {
                // `\operatorname{fl}(\sigma(x)) = \sigma(x)\,(1 + \delta)` with `\delta` unbound: the
                // premise defines it; solve for it and keep it bound for the conclusion.
                if rels.as_slice() == [Rel::Eq] {
                    let unbound = match (self.value(&terms[0], None), self.value(&terms[1], None)) {
                        (Err(EvalError::Unbound { symbol }), _) | (_, Err(EvalError::Unbound { symbol })) => {
                            Some(symbol)
                        }
                        _ => None,
                    };
                    if let Some(symbol) = unbound {
                        return match self.solve(&symbol, &terms[0], &terms[1]) {
                            Some((value, uncertainty)) => {
                                self.bindings.push((symbol.clone(), Value::Num(value)));
                                self.uncertain.push((symbol, uncertainty));
                                Ok(Some(true))
                            }
                            None => Ok(Some(false)),
                        };
                    }
                }
                for (i, rel) in rels.iter().enumerate() {
                    let (a, b) = (&terms[i], &terms[i + 1]);
                    let left = match self.value(a, None) {
                        Ok(v) => v,
                        Err(EvalError::NoCase) => return Ok(None),
                        Err(e) => {
                            return Err(Verdict::Fails {
                                span: a.span,
                                left: None,
                                right: None,
                                message: e.to_string(),
                            });
                        }
                    };
                    let holds = if *rel == Rel::In {
                        self.evaluator(None).member(left, b).map_err(|e| Verdict::Fails {
                            span: b.span,
                            left: None,
                            right: None,
                            message: e.to_string(),
                        })?
                    } else {
                        let right = match self.value(b, None) {
                            Ok(v) => v,
                            Err(EvalError::NoCase) => return Ok(None),
                            Err(e) => {
                                return Err(Verdict::Fails {
                                    span: b.span,
                                    left: None,
                                    right: None,
                                    message: e.to_string(),
                                });
                            }
                        };
                        compare(*rel, left, right, 0.0, approx_tolerance(*rel, a, b, self.env))
                    };
                    if !holds {
                        return Ok(Some(false));
                    }
                }
                Ok(Some(true))
            }
            StatementKind::And(parts) => {
                for part in parts {
                    match self.truth(part)? {
                        Some(true) => {}
                        other => return Ok(other),
                    }
                }
                Ok(Some(true))
            }
            _ => Err(Verdict::Fails {
                span: statement.span,
                left: None,
                right: None,
                message: "a premise must be relations".into(),
            }),
        }
    }

    fn bind_and_check(&mut self, bindings: &[(String, Expr)], premise: &Statement, conclusion: &Statement) -> Verdict {
        let mut values = Vec::new();
        for (key, expr) in bindings {
            match self.evaluator(None).eval(expr) {
                Ok(v) => values.push((key.clone(), v)),
                Err(EvalError::NoCase) => return Verdict::NotApplicable,
                Err(e) => return Verdict::Fails { span: expr.span, left: None, right: None, message: e.to_string() },
            }
        }
        let n = values.len();
        self.bindings.extend(values);
        // A premise that binds more than it states (`\sigma^2 = a = b`): the rest must hold too.
        let more = matches!(&premise.kind, StatementKind::Chain { terms, rels }
            if rels.len() > 1 || matches!(terms[0].kind, ExprKind::Pow(..)));
        let verdict = match more.then(|| self.statement_once(premise)) {
            Some(fails @ Verdict::Fails { .. }) => fails,
            _ => self.statement_once(conclusion),
        };
        self.bindings.truncate(self.bindings.len() - n);
        verdict
    }

    /// `premise \implies conclusion`, or an item's condition.
    fn premise_then(&mut self, premise: &Statement, conclusion: &Statement) -> Verdict {
        let counter = self.tally.premises.entry(premise.span).or_insert(0);
        let _ = counter;
        if let Some(bindings) = self.binding(premise) {
            *self.tally.premises.get_mut(&premise.span).expect("inserted") += 1;
            return self.bind_and_check(&bindings, premise, conclusion);
        }
        let mark = self.bindings.len();
        let uncertain = self.uncertain.len();
        let verdict = match self.truth(premise) {
            Err(verdict) => verdict,
            Ok(None) | Ok(Some(false)) => Verdict::NotApplicable,
            Ok(Some(true)) => {
                *self.tally.premises.get_mut(&premise.span).expect("inserted") += 1;
                self.statement_once(conclusion)
            }
        };
        self.bindings.truncate(mark);
        self.uncertain.truncate(uncertain);
        verdict
    }

    /// The value of `symbol` that makes `a = b` (secant method from 0; `None` if it does not
    /// converge to a root).
    fn solve(&mut self, symbol: &str, a: &Expr, b: &Expr) -> Option<(f64, f64)> {
        self.solve_from(symbol, 0.0, a, b)
    }

    /// [`solve`](Self::solve) from `start`: the root and how far rounding may move it.
    fn solve_from(&mut self, symbol: &str, start: f64, a: &Expr, b: &Expr) -> Option<(f64, f64)> {
        let f = |run: &mut Self, t: f64| -> Option<f64> {
            run.bindings.push((symbol.to_owned(), Value::Num(t)));
            let v = run.value(a, None).ok().zip(run.value(b, None).ok()).map(|(x, y)| x - y);
            run.bindings.pop();
            v.filter(|v| v.is_finite())
        };
        let (mut t0, mut t1) = (start, start + 1e-3 * start.abs().max(1.0));
        let (mut f0, mut f1) = (f(self, t0)?, f(self, t1)?);
        for _ in 0..100 {
            if f1 == 0.0 || f1 == f0 {
                break;
            }
            let t2 = t1 - f1 * (t1 - t0) / (f1 - f0);
            (t0, f0) = (t1, f1);
            t1 = t2;
            f1 = f(self, t1)?;
            if (t1 - t0).abs() <= 4.0 * f64::EPSILON * t1.abs().max(f64::MIN_POSITIVE) {
                break;
            }
        }
        let scale = self.value(a, None).ok().zip(self.value(b, None).ok()).map_or(1.0, |(x, y)| x.abs().max(y.abs()));
        let residual = {
            self.bindings.push((symbol.to_owned(), Value::Num(t1)));
            let r = self.value(a, None).ok().zip(self.value(b, None).ok()).map(|(x, y)| (x - y).abs());
            self.bindings.pop();
            r?
        };
        let _ = scale;
        if residual > 64.0 * f64::EPSILON * self.scale_at(symbol, t1, a, b) {
            return None;
        }
        // How far rounding in the equation moves the root: its residual's spread under
        // perturbation, divided by the slope.
        let h = 1e-6 * t1.abs().max(1.0);
        let slope = match (f(self, t1 + h), f(self, t1 - h)) {
            (Some(up), Some(down)) => ((up - down) / (2.0 * h)).abs(),
            _ => 0.0,
        };
        let _ = (f0, t0);
        self.bindings.push((symbol.to_owned(), Value::Num(t1)));
        let spread = (1..=3u64)
            .map(|seed| {
                let x = self.value(a, Some(seed * 0x9e37_79b9)).ok().zip(self.value(b, Some(seed * 0x7f4a_7c15)).ok());
                x.map_or(f64::INFINITY, |(x, y)| (x - y).abs())
            })
            .fold(0.0, f64::max);
        self.bindings.pop();
        let uncertainty = if slope > 0.0 { spread / slope } else { 0.0 };
        Some((t1, uncertainty))
    }

    fn scale_at(&mut self, symbol: &str, t: f64, a: &Expr, b: &Expr) -> f64 {
        self.bindings.push((symbol.to_owned(), Value::Num(t)));
        let s = self.value(a, None).ok().zip(self.value(b, None).ok()).map_or(1.0, |(x, y)| x.abs().max(y.abs()));
        self.bindings.pop();
        s.max(f64::MIN_POSITIVE)
    }

    fn iff(&mut self, a: &Statement, b: &Statement) -> Verdict {
        // `A = B = 0 \iff C`: the identity `A = B` holds everywhere, the equivalence is about `B = 0`.
        for side in [a, b] {
            if let StatementKind::Chain { terms, rels } = &side.kind
                && rels.len() >= 2
                && rels.iter().all(|r| *r == Rel::Eq)
                && matches!(terms[terms.len() - 1].kind, ExprKind::Number(_))
            {
                let identity = self.chain(&terms[..terms.len() - 1], &rels[..rels.len() - 1]);
                if matches!(identity, Verdict::Fails { .. }) {
                    return identity;
                }
            }
        }
        let (bind_a, bind_b) = (self.binding(a), self.binding(b));
        if bind_a.is_some() || bind_b.is_some() {
            let mut verdict = Verdict::NotApplicable;
            for (bindings, premise, conclusion) in [(bind_a, a, b), (bind_b, b, a)] {
                if let Some(bindings) = bindings {
                    match self.bind_and_check(&bindings, premise, conclusion) {
                        Verdict::Holds => verdict = Verdict::Holds,
                        Verdict::NotApplicable => {}
                        fails => return fails,
                    }
                }
            }
            return verdict;
        }
        self.tally.premises.entry(a.span).or_insert(0);
        let ta = match self.truth(a) {
            Err(v) => return v,
            Ok(t) => t,
        };
        let tb = match self.truth(b) {
            Err(v) => return v,
            Ok(t) => t,
        };
        match (ta, tb) {
            (Some(false), Some(false)) if self.tally.roots < ROOTS => {
                // Two equations rarely hold at a random point: solve each for a sampled symbol
                // and check the other where it holds.
                for (equation, other) in [(b, a), (a, b)] {
                    match self.at_root(equation, other) {
                        Some(Verdict::Holds) => {
                            self.tally.roots += 1;
                            *self.tally.premises.get_mut(&a.span).expect("inserted") += 1;
                        }
                        Some(fails @ Verdict::Fails { .. }) => return fails,
                        _ => {}
                    }
                }
                Verdict::Holds
            }
            (Some(x), Some(y)) if x == y => {
                if x {
                    *self.tally.premises.get_mut(&a.span).expect("inserted") += 1;
                }
                Verdict::Holds
            }
            (Some(x), Some(_)) => Verdict::Fails {
                span: a.span.to(b.span),
                left: None,
                right: None,
                message: format!("the left side is {x} but the right side is {}", !x),
            },
            _ => Verdict::NotApplicable,
        }
    }

    /// Solves the equation `equation` for each sampled symbol with an interval domain (secant
    /// method from the sampled value, [`solve_from`](Self::solve_from)) and checks `other` at
    /// each root; `None` if it has no root.
    fn at_root(&mut self, equation: &Statement, other: &Statement) -> Option<Verdict> {
        let StatementKind::Chain { terms, rels } = &equation.kind else { return None };
        if rels.as_slice() != [Rel::Eq] {
            return None;
        }
        let mut verdict = None;
        for symbol in self.continuous {
            let Some(Value::Num(start)) = self.env.point.get(symbol) else { continue };
            let Some((root, uncertainty)) = self.solve_from(symbol, *start, &terms[0], &terms[1]) else { continue };
            self.bindings.push((symbol.clone(), Value::Num(root)));
            self.uncertain.push((symbol.clone(), uncertainty));
            let at_root = self.statement_once(other);
            self.uncertain.pop();
            self.bindings.pop();
            match at_root {
                Verdict::Fails { .. } => return Some(at_root),
                Verdict::Holds => verdict = Some(Verdict::Holds),
                Verdict::NotApplicable => {}
            }
        }
        verdict
    }

    fn crate_compare(&mut self, left: &Expr, entry: &'static LossEntry) -> Verdict {
        let verdict = self.crate_compare_once(left, entry);
        if !matches!(verdict, Verdict::NotApplicable) {
            self.tally.applicable += 1;
        }
        verdict
    }

    fn crate_compare_once(&mut self, left: &Expr, entry: &'static LossEntry) -> Verdict {
        let mut ev = self.evaluator(None);
        let formula_value = match ev.number(left) {
            Ok(v) => v,
            Err(EvalError::NoCase) => return Verdict::NotApplicable,
            Err(e) => return Verdict::Fails { span: left.span, left: None, right: None, message: e.to_string() },
        };
        let args: Result<Vec<Value<f64>>, EvalError> = match &left.kind {
            ExprKind::Apply { args, .. } => args.iter().map(|a| ev.eval(&a.value)).collect(),
            _ => Ok(Vec::new()),
        };
        let crate_value =
            args.and_then(|args| losses_table::call(&mut ev, entry, args)).and_then(|v| v.num(entry.signature));
        let crate_value = match crate_value {
            Ok(v) => v,
            // The chapter does not define what the crate function needs (`p` for `p_t(p, y)`):
            // no comparison is possible.
            Err(EvalError::Unbound { .. }) => return Verdict::NotApplicable,
            // Outside the crate's domain where the formula has no value either (recall with no
            // positive: `0/0`): both undefined. A sample without a positive has no precision–recall
            // curve in the crate (its recall is undefined), so its precision is not compared either.
            Err(EvalError::Loss { .. }) if !formula_value.is_finite() => return Verdict::NotApplicable,
            Err(EvalError::Loss { error: losses::LossError::NoPositives, .. }) => return Verdict::NotApplicable,
            Err(e) => {
                return Verdict::Fails {
                    span: left.span,
                    left: Some(formula_value),
                    right: None,
                    message: e.to_string(),
                };
            }
        };
        if close(formula_value, crate_value) {
            return Verdict::Holds;
        }
        let spread = (1..=3u64)
            .map(|seed| self.value(left, Some(seed * 0x9e37_79b9)).map_or(f64::INFINITY, |v| (v - formula_value).abs()))
            .fold(0.0, f64::max);
        // The crate's inputs come from the chapter's definitions (`p = \sigma(x)`): perturb them too.
        let crate_spread = (1..=3u64)
            .map(|seed| {
                let mut ev = self.evaluator(Some(seed * 0x85eb_ca6b));
                let args: Result<Vec<Value<f64>>, EvalError> = match &left.kind {
                    ExprKind::Apply { args, .. } => args.iter().map(|a| ev.eval(&a.value)).collect(),
                    _ => Ok(Vec::new()),
                };
                args.and_then(|args| losses_table::call(&mut ev, entry, args))
                    .and_then(|v| v.num(entry.signature))
                    .map_or(f64::INFINITY, |v| (v - crate_value).abs())
            })
            .fold(0.0, f64::max);
        let spread = spread + crate_spread;
        if (formula_value - crate_value).abs() <= 4.0 * spread + RELATIVE * crate_value.abs() + ABSOLUTE {
            return Verdict::Holds;
        }
        Verdict::Fails {
            span: left.span,
            left: Some(formula_value),
            right: Some(crate_value),
            message: "formula (left) and crate (right)".into(),
        }
    }
}

fn flatten(values: &[Value<f64>]) -> Vec<f64> {
    let mut out = Vec::new();
    for value in values {
        match value {
            Value::Num(x) => out.push(*x),
            Value::List(items) => out.extend(flatten(items)),
        }
    }
    out
}

/// The tolerance of `\approx`: half a unit of the last digit of the number displayed.
fn approx_tolerance(rel: Rel, a: &Expr, b: &Expr, _env: Env<'_>) -> f64 {
    if rel != Rel::Approx {
        return 0.0;
    }
    let decimals = |e: &Expr| -> Option<i32> {
        match e.kind {
            ExprKind::Number(x) => {
                let text = format!("{x}");
                Some(text.split('.').nth(1).map_or(0, |d| d.len() as i32))
            }
            _ => None,
        }
    };
    let digits = decimals(b).or_else(|| decimals(a)).unwrap_or(3);
    0.5 * 10f64.powi(-digits) * (1.0 + 1e-9)
}

/// Whether `left rel right` holds, allowing `slack` besides the tolerance.
fn compare(rel: Rel, left: f64, right: f64, slack: f64, approx: f64) -> bool {
    let near = |a: f64, b: f64| close(a, b) || (a - b).abs() <= slack;
    // Two undefined sides are equal (`=`), but no bound holds for an undefined value.
    if (left.is_nan() || right.is_nan()) && rel != Rel::Eq {
        return false;
    }
    match rel {
        Rel::Eq => near(left, right),
        Rel::Ne => !near(left, right),
        Rel::Approx => (left - right).abs() <= approx + slack,
        Rel::Le => left <= right || near(left, right),
        Rel::Ge => left >= right || near(left, right),
        Rel::Lt => left < right,
        Rel::Gt => left > right,
        Rel::Lesssim => left <= right || near(left, right),
        Rel::Tends => (left - right).abs() <= LIMIT_TOLERANCE * right.abs().max(1.0) + slack,
        Rel::In => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = r#"
[index]
i = 'n'
j = 'K'
k = 'K'
[[symbol]]
tex = 'x'
ko = '로짓'
en = 'logit'
domain = '[-30, 30]'
[[symbol]]
tex = 'y'
ko = '레이블'
en = 'label'
domain = '\{-1, +1\}'
[[symbol]]
tex = 'p_t'
ko = '정답 확률'
en = 'probability of the true class'
domain = '(0, 1)'
[[symbol]]
tex = '\gamma'
ko = '초점 파라미터'
en = 'focusing parameter'
domain = '[0, 5]'
[[symbol]]
tex = 'K'
ko = '클래스 수'
en = 'number of classes'
domain = '\{2, \dots, 4\}'
[[symbol]]
tex = 'z'
ko = '로짓 벡터'
en = 'logits'
domain = '[-10, 10]'
length = 'K'
[[symbol]]
tex = 't'
ko = '양수'
en = 'a positive number'
domain = '(0, 10]'
"#;

    fn table() -> SymbolTable {
        SymbolTable::parse(TABLE).expect("table")
    }

    fn formula(marker: &str, tex: &str) -> FormulaSource {
        FormulaSource { marker: format!("formula: {marker}"), tex: tex.to_owned(), line: 10 }
    }

    fn check(formulas: &[FormulaSource]) -> ChapterReport {
        Chapter::new(&table(), "ch").check(formulas)
    }

    fn messages(report: &ChapterReport) -> Vec<String> {
        report.failures().map(|f| f.message.clone()).collect()
    }

    #[test]
    fn definitions_accumulate_and_derivatives_follow_them() {
        let report = check(&[
            formula("logit", r"p = \sigma(x), \qquad x_t = y\,x, \qquad p_t = \sigma(x_t)"),
            formula("fl", r"\operatorname{FL} = u\,v, \qquad u = (1 - p_t)^{\gamma}, \qquad v = -\log p_t"),
            formula(
                "grad",
                r"\frac{\mathrm{d}\operatorname{FL}}{\mathrm{d}x} = y\,(1 - p_t)^{\gamma}\,\bigl(\gamma\,p_t\log p_t + p_t - 1\bigr)",
            ),
        ]);
        assert_eq!(report.counts(), (3, 0, 0), "{:?}", messages(&report));
        let report = check(&[
            formula("logit", r"p = \sigma(x), \qquad x_t = y\,x, \qquad p_t = \sigma(x_t)"),
            formula("fl", r"\operatorname{FL} = u\,v, \qquad u = (1 - p_t)^{\gamma}, \qquad v = -\log p_t"),
            formula(
                "grad",
                r"\frac{\mathrm{d}\operatorname{FL}}{\mathrm{d}x} = y\,(1 - p_t)^{\gamma}\,\bigl(\gamma\,p_t\log p_t - p_t + 1\bigr)",
            ),
        ]);
        assert_eq!(report.counts(), (2, 0, 1));
    }

    #[test]
    fn a_definition_of_a_crate_loss_is_compared_with_the_crate() {
        let good = check(&[formula("fl", r"\operatorname{FL}(p_t) = -(1 - p_t)^{\gamma}\log p_t")]);
        assert_eq!(good.counts(), (1, 0, 0), "{:?}", messages(&good));
        let bad = check(&[formula("fl", r"\operatorname{FL}(p_t) = -(1 - p_t)^{\gamma + 1}\log p_t")]);
        let failure = bad.failures().next().expect("caught");
        assert_eq!(failure.relation, r"\operatorname{FL}(p_t)");
        assert!(failure.message.starts_with("its definition differs from losses::focal_loss"), "{failure}");
    }

    #[test]
    fn implications_bind_or_filter_and_must_not_be_vacuous() {
        let report = check(&[formula("half", r"\gamma = 2 \implies 2^{\gamma} = 4")]);
        assert_eq!(report.counts(), (1, 0, 0), "{:?}", messages(&report));
        let report = check(&[formula("bound", r"p_t \le \tfrac{1}{2} \implies (1 - p_t)^{-\gamma} \le 2^{\gamma}")]);
        assert_eq!(report.counts(), (1, 0, 0), "{:?}", messages(&report));
        let report = check(&[formula("never", r"p_t > 2 \implies p_t = 0")]);
        assert!(messages(&report).iter().any(|m| m.contains("premise holds at none")), "{:?}", messages(&report));
        let report = check(&[formula("iff", r"e^{-x} \le 2^{-24} \iff x \ge 24\ln 2")]);
        assert_eq!(report.counts(), (1, 0, 0), "{:?}", messages(&report));
        let report = check(&[formula("iff", r"e^{-x} \le 2^{-24} \iff x \ge 23\ln 2")]);
        assert_eq!(report.counts(), (0, 0, 1));
        let report = check(&[formula("cond", r"\log t \le t - 1 \qquad (t > 0)")]);
        assert_eq!(report.counts(), (1, 0, 0), "{:?}", messages(&report));
    }

    #[test]
    fn a_premise_can_define_a_symbol() {
        let report = check(&[formula(
            "delta",
            r"\operatorname{fl}(\sigma(x)) = \sigma(x)\,(1 + \delta) \implies \lvert\delta\rvert \le 2^{-23}",
        )]);
        assert_eq!(report.counts(), (1, 0, 0), "{:?}", messages(&report));
    }

    #[test]
    fn cases_rows_must_all_apply_somewhere() {
        let report = check(&[formula("pt", r"w = \begin{cases} 1 & y = +1 \\ 2 & y = -1 \end{cases}")]);
        assert_eq!(report.counts(), (1, 0, 0), "{:?}", messages(&report));
        let report = check(&[formula("a", r"w = \begin{cases} 1 & \gamma \ge 0 \\ 0 & \gamma < 0 \end{cases}")]);
        assert!(messages(&report).iter().any(|m| m.contains("row applies at none")), "{:?}", messages(&report));
    }

    #[test]
    fn a_free_index_is_checked_for_every_value() {
        let report = check(&[formula(
            "q",
            r"q = \operatorname{softmax}(z), \qquad q_k = \frac{e^{z_k}}{\sum_{i=1}^{K} e^{z_i}}",
        )]);
        assert_eq!(report.counts(), (1, 0, 0), "{:?}", messages(&report));
        let report = check(&[formula(
            "q",
            r"q = \operatorname{softmax}(z), \qquad q_k = \frac{e^{z_1}}{\sum_{i=1}^{K} e^{z_i}}",
        )]);
        assert!(report.failures().next().expect("caught").message.contains("(k = 2)"));
    }

    #[test]
    fn approx_uses_the_digits_shown() {
        assert_eq!(check(&[formula("a", r"\log\frac{5}{3} \approx 0.511")]).counts(), (1, 0, 0));
        let report = check(&[formula("a", r"\log\frac{5}{3} \approx 0.512")]);
        assert!(messages(&report)[0].contains("to the digits shown"), "{:?}", messages(&report));
    }

    #[test]
    fn limits_are_approached_along_a_sequence() {
        let good = check(&[formula(
            "lim",
            r"\lim_{x \to -\infty} \sigma(x) = 0, \qquad x\,e^{x} \xrightarrow[x \to -\infty]{} 0",
        )]);
        assert_eq!(good.counts(), (1, 0, 0), "{:?}", messages(&good));
        let bad = check(&[formula("lim", r"\lim_{x \to -\infty} \sigma(x) = 1")]);
        assert_eq!(bad.counts(), (0, 0, 1));
        let bad = check(&[formula("lim", r"e^{-x} \xrightarrow[x \to -\infty]{} 0")]);
        assert!(messages(&bad)[0].contains("does not settle"), "{:?}", messages(&bad));
        // A defined limit variable moves the sampled symbol it depends on (x_t = y x, d/dx).
        let report = check(&[
            formula("xt", r"x_t = y\,x"),
            formula("lim", r"\lim_{x_t \to -\infty} \frac{\mathrm{d}\sigma(x_t)}{\mathrm{d}x} = 0"),
        ]);
        assert_eq!(report.counts(), (2, 0, 0), "{:?}", messages(&report));
    }

    #[test]
    fn vectors_partials_kronecker_gradients_and_matrices() {
        let q = r"q = \operatorname{softmax}(z), \qquad \ell = -\log z_1";
        let report = check(&[
            formula("q", q),
            FormulaSource {
                marker: r"formula: jac; check: J_{k,j} = \frac{\partial q_k}{\partial z_j}".into(),
                tex: r"\frac{\partial q_k}{\partial z_j} = q_k\,(\delta_{kj} - q_j), \qquad J = \operatorname{diag}(q) - q\,q^{\top}".into(),
                line: 1,
            },
            formula("grad", r"\nabla_z \operatorname{lse}(z) = q"),
        ]);
        assert_eq!(report.counts(), (3, 0, 0), "{:?}", messages(&report));
        let report =
            check(&[formula("q", q), formula("jac", r"\frac{\partial q_k}{\partial z_j} = q_k\,(\delta_{kj} + q_j)")]);
        assert_eq!(report.counts(), (1, 0, 1));
        let report = check(&[
            formula("q", q),
            FormulaSource {
                marker: r"formula: jac; check: J_{k,j} = \frac{\partial q_k}{\partial z_j}".into(),
                tex: r"J = \operatorname{diag}(q) + q\,q^{\top}".into(),
                line: 1,
            },
        ]);
        assert_eq!(report.counts(), (1, 0, 1));
        let report = check(&[formula("q", q), formula("grad", r"\nabla_z \operatorname{lse}(z) = z")]);
        assert_eq!(report.counts(), (1, 0, 1));
    }

    #[test]
    fn ellipses_order_statistics_and_ranges() {
        let good = check(&[formula(
            "sorted; where: w \\in [0, 1]",
            r"w_{(1)} \ge w_{(2)} \ge \cdots \ge w_{(K)}, \qquad \sum_{k=1}^{K} w_{(k)} = \sum_{k=1}^{K} w_k, \qquad k = 1, \dots, K",
        )]);
        assert_eq!(good.counts(), (1, 0, 0), "{:?}", messages(&good));
        let bad = check(&[formula(
            "sorted; where: w \\in [0, 1]",
            r"w_{(1)} \le w_{(2)} \le \cdots \le w_{(K)}, \qquad w_k \le 1",
        )]);
        assert_eq!(bad.counts(), (0, 0, 1));
        let bad = check(&[formula("range", r"k = 1, \dots, K - 1")]);
        assert!(messages(&bad)[0].contains("runs from 1 to K"), "{:?}", messages(&bad));
    }

    #[test]
    fn an_equivalence_of_equations_is_checked_where_one_holds() {
        let good = check(&[formula("root", r"t^2 = 4 \iff t = 2")]);
        assert_eq!(good.counts(), (1, 0, 0), "{:?}", messages(&good));
        let bad = check(&[formula("root", r"t^2 = 4 \iff t = 3")]);
        assert_eq!(bad.counts(), (0, 0, 1));
        // `A = B = 0 \iff C`: the identity A = B is checked at every point.
        let bad = check(&[formula("id", r"2\,t - 4 = 2\,(t - 3) = 0 \iff t = 2")]);
        assert_eq!(bad.counts(), (0, 0, 1));
    }

    #[test]
    fn class_weight_vectors_are_compared_with_the_softmax_focal_loss() {
        let notation = r"fl; where: \alpha \in [0, 1]^{K}, c \in \{1, \dots, K\}, p = \operatorname{softmax}(z)";
        let good = check(&[formula(notation, r"\operatorname{FL}(z, c) = -\alpha_c\,(1 - p_c)^{\gamma}\log p_c")]);
        assert_eq!(good.counts(), (1, 0, 0), "{:?}", messages(&good));
        let bad = check(&[formula(notation, r"\operatorname{FL}(z, c) = -\alpha_c\,(1 - p_c)^{\gamma}\log p_1")]);
        let failure = bad.failures().next().expect("caught");
        assert!(failure.message.starts_with("its definition differs from losses::softmax_focal_loss"), "{failure}");
        // Without the shape, α is a number and `\alpha_c` has no element c.
        let scalar = r"fl; where: \alpha \in [0, 1], c \in \{1, \dots, K\}, p = \operatorname{softmax}(z)";
        let report = check(&[formula(scalar, r"\operatorname{FL}(z, c) = -\alpha_c\,(1 - p_c)^{\gamma}\log p_c")]);
        assert!(messages(&report)[0].contains("a number where a vector is needed"), "{:?}", messages(&report));
    }

    #[test]
    fn index_ranges_hidden_definitions_and_conditions_on_indices() {
        // An index letter's domain in `where:` is its range in that formula.
        assert_eq!(check(&[formula(r"count; where: k \in \{1, \dots, 3\}", r"\sum_{k} 1 = 3")]).counts(), (1, 0, 0));
        assert_eq!(check(&[formula(r"count; where: k \in \{1, \dots, 3\}", r"\sum_{k} 1 = 4")]).counts(), (0, 0, 1));
        let report = check(&[formula(r"count; where: k \in [0, 3]", r"\sum_{k} 1 = 3")]);
        assert!(messages(&report)[0].contains("runs over a range"), "{:?}", messages(&report));
        // Any other domain, for a letter the formula does not use as an index, makes it a variable.
        let power = r"power; where: k \in \{-3, \dots, 3\}";
        assert_eq!(check(&[formula(power, r"2^{k}\,2^{-k} = 1")]).counts(), (1, 0, 0));
        assert_eq!(check(&[formula(power, r"2^{k}\,2^{k} = 1")]).counts(), (0, 0, 1));
        let report = check(&[formula(power, r"x_k = x_{k}")]);
        assert!(messages(&report)[0].contains("runs over a range"), "{:?}", messages(&report));
        // A domain in `where:` makes a name an earlier formula defined free again.
        let defined = formula("labels", r"y_k = \begin{cases} 1 & k = 1 \\ 2 & \text{otherwise} \end{cases}");
        let report = check(&[defined.clone(), formula(r"square; where: y \in \{-1, +1\}", "y^2 = 1")]);
        assert_eq!(report.counts(), (2, 0, 0), "{:?}", messages(&report));
        assert_eq!(check(&[defined, formula("square", "y^2 = 1")]).counts(), (1, 0, 1));
        // A condition on an index no sum binds: checked for each of its values.
        let good = check(&[formula(r"iverson; where: c \in \{1, \dots, K\}", r"[k = c] = 0 \quad (k \ne c)")]);
        assert_eq!(good.counts(), (1, 0, 0), "{:?}", messages(&good));
        let bad = check(&[formula(r"iverson; where: c \in \{1, \dots, K\}", r"[k = c] = 1 \quad (k \ne c)")]);
        assert_eq!(bad.counts(), (0, 0, 1));
    }

    #[test]
    fn precision_recall_and_average_precision_are_compared_with_the_crate() {
        let sample = r"n \in \{2, \dots, 6\}, s \in \{1, \dots, 3\}, t \in [0, 4]";
        let counts = r"\mathrm{TP}(t) = \bigl\lvert\{\, i : s_i \ge t \text{ and } y_i = +1 \,\}\bigr\rvert, D(t) = \bigl\lvert\{\, i : s_i \ge t \,\}\bigr\rvert";
        let precision = |tex: &str| formula(&format!("pr; where: {sample}, {counts}"), tex);
        let average = |tex: &str| {
            let positives = r"N_{+} = \bigl\lvert\{\, i : y_i = +1 \,\}\bigr\rvert";
            formula(&format!("ap; where: {sample}, {positives}"), tex)
        };
        let good = check(&[
            precision(r"P(t) = \frac{\mathrm{TP}(t)}{D(t)}"),
            average(r"\mathrm{AP} = \frac{1}{N_{+}}\sum_{i:\,y_i = +1} P(s_i)"),
        ]);
        assert_eq!(good.counts(), (2, 0, 0), "{:?}", messages(&good));
        let bad = check(&[precision(r"P(t) = \frac{\mathrm{TP}(t)}{n}")]);
        let failure = bad.failures().next().expect("caught");
        assert!(failure.message.starts_with("its definition differs from losses::metrics::precision_recall_curve"));
        let bad = check(&[
            precision(r"P(t) = \frac{\mathrm{TP}(t)}{D(t)}"),
            average(r"\mathrm{AP} = \frac{1}{n}\sum_{i:\,y_i = +1} P(s_i)"),
        ]);
        let failure = bad.failures().next().expect("caught");
        assert!(failure.message.starts_with("its definition differs from losses::metrics::average_precision"));
    }

    #[test]
    fn exemptions_markers_and_unknown_symbols() {
        let report = check(&[formula("g; exempt: an update rule", r"\theta \leftarrow \theta - \eta")]);
        assert_eq!(report.formulas[0].outcome, Outcome::Exempt { reason: "an update rule".into() });
        let report = check(&[formula("w", "w = w + 1")]);
        assert!(messages(&report)[0].contains("`w` has no value"), "{:?}", messages(&report));
        let report = check(&[formula("Bad", "1 = 1")]);
        assert!(messages(&report)[0].contains("lowercase"));
        let report = check(&[formula("w; where: w \\in [0, 1]", "w \\le 1")]);
        assert_eq!(report.counts(), (1, 0, 0));
    }
}
