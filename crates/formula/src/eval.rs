//! Evaluates an expression tree at a sample point, generically over [`Number`].
//!
//! # How a symbol is found
//! A symbol such as `p_{t,n}` is looked up with its longest name first: `p_{t,n}`, then `p_t`
//! indexed by `n`, then `p` indexed by `t` and `n`. Each name is looked for, in order, among
//! - the *locals*: indices of enclosing sums, parameters of the function being evaluated, the
//!   variable a derivative seeds, the bindings of an evaluation bar `\right|_{p_t = 1}`;
//! - the *definitions*: the relations of earlier formulas of the chapter (and of this one) that
//!   define a name, most recent first ([`Definition`]);
//! - the *sample point*: the free symbols' sampled values ([`Point`]);
//! - the `losses` crate, for a loss the book names but has not defined ([`crate::losses_table`]).
//!
//! An index is 1-based, as the book writes it (`\sum_{i=1}^{n} y_i`). A definition that is a
//! number, indexed (`\alpha_{t,n}`), is evaluated with every vector of the sample point replaced
//! by its `n`-th element: the `n`-th example's `\alpha_t`.
//!
//! # Conventions
//! - `\log` is the natural logarithm; `e^{…}` is the exponential.
//! - `0 \log 0 = 0` (information theory's convention) where the chapter declares it
//!   ([`Env::zero_times_infinite_is_zero`]): a product with an exact zero factor is zero.
//! - `\operatorname{fl}(e)` is `e` computed in single precision, every operation rounded once to
//!   `f32` (the standard model of floating-point arithmetic; `\sigma` is expanded to
//!   `1/(1 + e^{-x})` as written). `\operatorname{ulp}(v)` is the `f32` ulp of `v`.
//! - `\frac{\mathrm{d}F}{\mathrm{d}x}` evaluates `F`'s definition on `num_dual::Dual64` with `x`
//!   seeded, so every definition `F` depends on is differentiated too (chain rule by
//!   construction). Derivatives do not nest.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use num_dual::Dual64;

use crate::ast::{Arg, BigOp, Builtin, Expr, ExprKind, Rel, Statement, StatementKind, Subscript, Symbol};
use crate::losses_table::{self, LossEntry};
use crate::number::Number;
pub(crate) use crate::value::short;
pub use crate::value::{EvalError, Value};

/// The sampled values of the free symbols, by canonical key (`p_{t}`, `\gamma`, `y`).
pub type Point = BTreeMap<String, Value<f64>>;

/// What a definition's left side binds.
#[derive(Debug, Clone, PartialEq)]
pub enum Params {
    /// `\operatorname{SSE} = …`, `p_t = …`: a value.
    None,
    /// `\operatorname{FL}(p_t) = …`, `\operatorname{softplus}(u) = …`: a function of these
    /// parameters (canonical keys).
    Function(Vec<String>),
    /// `\ell_{n,k} = …`, `e_i = …`: an indexed family over these index letters.
    Index(Vec<String>),
}

/// A name defined by a relation: `name(params) = body`.
#[derive(Debug, Clone)]
pub struct Definition {
    /// Canonical key of the defined name.
    pub name: String,
    /// What it binds.
    pub params: Params,
    /// The defining expression.
    pub body: Expr,
    /// The formula (or marker, or symbol table entry) that defines it, for messages.
    pub origin: String,
    /// The bindings visible where it was defined (its formula's `where:` bindings).
    pub closure: Rc<[Rc<Definition>]>,
}

/// Everything an evaluation can see besides its locals.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    /// The free symbols' values.
    pub point: &'a Point,
    /// Definitions; later ones shadow earlier ones of the same name.
    pub definitions: &'a [Rc<Definition>],
    /// The length each index letter runs to (`i` → `n`), for `\sum_i`, `\max_i` and `\{i : …\}`.
    pub lengths: &'a BTreeMap<String, String>,
    /// `0 \cdot \infty = 0` and `0 \cdot \mathrm{NaN} = 0` in products (`0 \log 0 = 0`).
    pub zero_times_infinite_is_zero: bool,
    /// Order statistics count from the smallest, `\ell_{(1)} \le \ell_{(2)} \le \cdots` (the
    /// statistician's convention); `false`: from the largest, `\ell_{(1)} \ge \ell_{(2)} \ge \cdots`.
    pub ascending_order_statistics: bool,
    /// The names each definition depends on ([`dependencies`]): lets an evaluation compute a
    /// definition once and reuse it while none of those names is bound locally. `None`: no reuse.
    pub dependencies: Option<&'a Dependencies>,
    /// Records the `cases` rows that applied (by the address of the row's value), so that a
    /// checker can report a row that never applies.
    pub rows: Option<&'a RefCell<HashSet<usize>>>,
}

/// For each definition, every name its value may depend on (through other definitions).
pub type Dependencies = HashMap<*const Definition, BTreeSet<String>>;

/// The [`Dependencies`] of `definitions` (conservative: every name written in a body, and the
/// dependencies of every definition of such a name).
pub fn dependencies(definitions: &[Rc<Definition>]) -> Dependencies {
    /// Names used in `expr`, except those bound inside it (`bound`: sum indices, bar bindings).
    fn names(expr: &Expr, bound: &mut Vec<String>, out: &mut BTreeSet<String>) {
        match &expr.kind {
            ExprKind::Symbol(s) => symbol_names(s, bound, out),
            ExprKind::Apply { head, args, .. } => {
                symbol_names(head, bound, out);
                for a in args {
                    if let Some(n) = &a.name {
                        out.insert(n.key());
                    }
                    names(&a.value, bound, out);
                }
            }
            ExprKind::Derivative { of, var, .. } | ExprKind::Gradient { of, var } => {
                names(of, bound, out);
                symbol_names(var, bound, out);
            }
            ExprKind::Limit { var, to, body } => {
                names(to, bound, out);
                names(body, bound, out);
                symbol_names(var, bound, out);
            }
            ExprKind::ArgMin { var, body } => {
                bound.push(var.key());
                names(body, bound, out);
                bound.pop();
            }
            ExprKind::At { expr, bindings } => {
                for (_, e) in bindings {
                    names(e, bound, out);
                }
                let n = bindings.len();
                bound.extend(bindings.iter().map(|(s, _)| s.key()));
                names(expr, bound, out);
                bound.truncate(bound.len() - n);
            }
            ExprKind::Big { index, lower, upper, filter, body, .. } => {
                for e in [lower, upper].into_iter().flatten() {
                    names(e, bound, out);
                }
                bound.push(index.clone());
                if let Some(f) = filter {
                    statement_names(f, bound, out);
                }
                names(body, bound, out);
                bound.pop();
            }
            ExprKind::SetBuilder { index, condition } => {
                bound.push(index.clone());
                statement_names(condition, bound, out);
                bound.pop();
            }
            ExprKind::Family { index, filter, body } => {
                bound.push(index.clone());
                statement_names(filter, bound, out);
                names(body, bound, out);
                bound.pop();
            }
            ExprKind::Iverson(statement) => statement_names(statement, bound, out),
            ExprKind::Cases(rows) => {
                for row in rows {
                    names(&row.value, bound, out);
                    if let Some(c) = &row.condition {
                        statement_names(c, bound, out);
                    }
                }
            }
            _ => expr.children().into_iter().for_each(|c| names(c, bound, out)),
        }
    }
    fn statement_names(statement: &Statement, bound: &mut Vec<String>, out: &mut BTreeSet<String>) {
        match &statement.kind {
            StatementKind::Chain { terms, .. } => terms.iter().for_each(|t| names(t, bound, out)),
            StatementKind::Logic { parts, .. } | StatementKind::And(parts) => {
                parts.iter().for_each(|p| statement_names(p, bound, out))
            }
            StatementKind::Assign { target, value } => {
                symbol_names(target, bound, out);
                names(value, bound, out);
            }
            StatementKind::Range { from, to, .. } => {
                names(from, bound, out);
                names(to, bound, out);
            }
        }
    }
    fn symbol_names(symbol: &Symbol, bound: &mut Vec<String>, out: &mut BTreeSet<String>) {
        for named in 0..=symbol.subscripts.len() {
            let key = symbol.key_with(named);
            if !bound.contains(&key) {
                out.insert(key);
            }
        }
        for sub in &symbol.subscripts {
            if !bound.contains(&sub.text) {
                out.insert(sub.text.clone());
            }
            if let Some(e) = &sub.expr {
                names(e, bound, out);
            }
        }
    }
    let all: Vec<&Rc<Definition>> =
        definitions.iter().chain(definitions.iter().flat_map(|d| d.closure.iter())).collect();
    let mut direct: HashMap<*const Definition, BTreeSet<String>> = HashMap::new();
    for def in &all {
        let mut out = BTreeSet::new();
        names(&def.body, &mut Vec::new(), &mut out);
        if let Params::Function(p) | Params::Index(p) = &def.params {
            out.extend(p.iter().cloned());
        }
        direct.insert(Rc::as_ptr(def), out);
    }
    // Close over definitions of the names used, to a fixed point.
    let mut result = direct.clone();
    loop {
        let mut changed = false;
        for def in &all {
            let mut set = result[&Rc::as_ptr(def)].clone();
            let before = set.len();
            for other in &all {
                if set.contains(&other.name) {
                    set.extend(result[&Rc::as_ptr(other)].iter().cloned());
                }
            }
            if set.len() != before {
                changed = true;
                result.insert(Rc::as_ptr(def), set);
            }
        }
        if !changed {
            return result;
        }
    }
}

#[derive(Debug, Clone)]
enum Local<F> {
    Value(Value<F>),
    Index(i64),
}

/// What a name resolves to.
enum Found<F> {
    Value(Value<F>),
    Indexed(Rc<Definition>),
    Elementwise(Rc<Definition>),
    Missing,
}

/// An evaluation in progress over the number type `F`.
///
/// # Examples
/// ```
/// use std::collections::BTreeMap;
/// use formula::eval::{Env, Evaluator, Point, Value};
/// let expr = formula::parse_expression(r"-(1 - p_t)^{\gamma}\log p_t")?;
/// let point: Point = [("p_{t}".to_owned(), Value::Num(0.9)), ("\\gamma".to_owned(), Value::Num(2.0))].into();
/// let lengths = BTreeMap::new();
/// let env = Env { point: &point, definitions: &[], lengths: &lengths, zero_times_infinite_is_zero: false, ascending_order_statistics: false, dependencies: None, rows: None };
/// let fl = Evaluator::<f64>::new(env).eval(&expr)?.num("FL")?;
/// assert!((fl - 0.01 * -(0.9_f64.ln())).abs() < 1e-17);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Evaluator<'a, F> {
    env: Env<'a>,
    locals: Vec<(String, Local<F>)>,
    closures: Vec<Rc<[Rc<Definition>]>>,
    /// Definitions being evaluated: a name inside its own definition means the earlier one.
    hidden: Vec<Rc<Definition>>,
    differentiating: bool,
    rounding: bool,
    jitter: Option<u64>,
    elementwise: Option<usize>,
    /// Values of definitions that depend on no local binding (see [`Env::dependencies`]).
    cache: HashMap<*const Definition, Value<F>>,
}

const MAX_DEPTH: usize = 64;

impl<'a, F: Number> Evaluator<'a, F> {
    /// An evaluator over `env`, with no locals.
    pub fn new(env: Env<'a>) -> Self {
        Evaluator {
            env,
            locals: Vec::new(),
            closures: Vec::new(),
            hidden: Vec::new(),
            differentiating: false,
            rounding: false,
            jitter: None,
            elementwise: None,
            cache: HashMap::new(),
        }
    }

    /// Perturbs the result of every operation by a pseudo-random relative `±2⁻⁵⁰` (8 units of
    /// roundoff), seeded by `seed`: comparing perturbed evaluations estimates how much of a
    /// difference between two sides is rounding (Monte Carlo arithmetic).
    pub fn with_jitter(mut self, seed: u64) -> Self {
        self.jitter = Some(seed | 1);
        self
    }

    /// Binds a local value (a parameter, an override): it shadows every other binding.
    pub fn bind(&mut self, key: &str, value: Value<F>) {
        self.locals.push((key.to_owned(), Local::Value(value)));
    }

    /// Binds an index letter to a value.
    pub fn bind_index(&mut self, letter: &str, value: i64) {
        self.locals.push((letter.to_owned(), Local::Index(value)));
    }

    /// Removes the `n` most recent bindings.
    pub fn unbind(&mut self, n: usize) {
        let len = self.locals.len();
        self.locals.truncate(len.saturating_sub(n));
    }

    /// The result of one operation: perturbed under [`with_jitter`](Self::with_jitter), rounded
    /// to `f32` inside `\operatorname{fl}`.
    pub(crate) fn finish(&mut self, x: F) -> F {
        let mut x = x;
        if let Some(state) = &mut self.jitter {
            // xorshift64
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            let unit = (*state >> 11) as f64 / (1u64 << 53) as f64;
            x = x * F::from_f64(1.0 + (2.0 * unit - 1.0) * 2f64.powi(-50));
        }
        if self.rounding {
            x = F::from_f64(f64::from(x.to_f64() as f32));
        }
        x
    }

    fn leaf(&self, x: F) -> F {
        if self.rounding { F::from_f64(f64::from(x.to_f64() as f32)) } else { x }
    }

    /// Evaluates an expression.
    ///
    /// # Errors
    /// An [`EvalError`] when a symbol has no value, a `cases` has no applicable row, a loss of
    /// the crate rejects its arguments, and so on.
    pub fn eval(&mut self, expr: &Expr) -> Result<Value<F>, EvalError> {
        if self.hidden.len() > MAX_DEPTH {
            return Err(EvalError::Circular { name: expr_text_hint(expr) });
        }
        match &expr.kind {
            ExprKind::Number(x) => Ok(Value::Num(self.leaf(F::from_f64(*x)))),
            ExprKind::Infinity => Ok(Value::Num(F::infinity())),
            ExprKind::Symbol(symbol) => self.symbol(symbol),
            ExprKind::Neg(a) => Ok(Value::Num(-self.number(a)?)),
            ExprKind::Add(a, b) => self.elementwise_op(a, b, |x, y| x + y),
            ExprKind::Sub(a, b) => self.elementwise_op(a, b, |x, y| x - y),
            ExprKind::Mul(a, b) => {
                if let ExprKind::Pow(column, top) = &b.kind
                    && is_transpose(top)
                {
                    return self.outer_product(a, column);
                }
                let (a, b) = (self.number(a)?, self.number(b)?);
                Ok(Value::Num(self.multiply(a, b)))
            }
            ExprKind::Div(a, b) => {
                let (a, b) = (self.number(a)?, self.number(b)?);
                Ok(Value::Num(self.finish(a / b)))
            }
            ExprKind::Pow(a, b) if is_transpose(b) => match self.eval(a)? {
                Value::List(rows) if rows.iter().all(|r| matches!(r, Value::List(_))) => transpose(rows, a),
                _ => Err(EvalError::Unsupported { construct: "a transposed vector outside a product `a\\,b^{\\top}`" }),
            },
            ExprKind::Pow(a, b) => {
                let (a, b) = (self.number(a)?, self.number(b)?);
                Ok(Value::Num(self.finish(a.pow(b))))
            }
            ExprKind::Builtin(builtin, args) => self.builtin(*builtin, args),
            ExprKind::Apply { head, prime, args } => self.apply(head, *prime, args),
            ExprKind::Big { op, index, lower, upper, filter, body } => {
                self.big(*op, index, lower.as_deref(), upper.as_deref(), filter.as_deref(), body)
            }
            ExprKind::Derivative { of, var, power } => Ok(Value::Num(self.derivative(of, var, *power)?)),
            ExprKind::Gradient { of, var } => self.gradient(of, var),
            ExprKind::Limit { var, to, body } => Ok(Value::Num(self.limit(var, to, body)?)),
            ExprKind::Ellipsis { .. } => Err(EvalError::Unsupported {
                construct: "`\\cdots` outside a chain `a_1 \\le a_2 \\le \\cdots \\le a_n`",
            }),
            ExprKind::Cases(rows) => {
                for row in rows {
                    let applies = match &row.condition {
                        None => true,
                        Some(condition) => self.truth(condition)?,
                    };
                    if applies {
                        if let Some(rows) = self.env.rows {
                            rows.borrow_mut().insert(&row.value as *const Expr as usize);
                        }
                        return self.eval(&row.value);
                    }
                }
                Err(EvalError::NoCase)
            }
            ExprKind::At { expr, bindings } => {
                let mut values = Vec::new();
                for (symbol, value) in bindings {
                    values.push((symbol.key(), self.eval(value)?));
                }
                let n = values.len();
                for (key, value) in values {
                    self.bind(&key, value);
                }
                let result = self.eval(expr);
                self.unbind(n);
                result
            }
            ExprKind::ArgMin { var, body } => Ok(Value::Num(self.argmin(var, body)?)),
            ExprKind::Tuple(items) => Ok(Value::List(items.iter().map(|e| self.eval(e)).collect::<Result<_, _>>()?)),
            ExprKind::Iverson(statement) => {
                let holds = self.truth(statement)?;
                Ok(Value::Num(if holds { F::one() } else { F::zero() }))
            }
            ExprKind::Family { index, filter, body } => {
                let len = self.length_of(index)?;
                let mut items = Vec::new();
                for i in 1..=len {
                    self.bind_index(index, i as i64);
                    let item = match self.truth(filter) {
                        Ok(true) => self.eval(body).map(Some),
                        Ok(false) => Ok(None),
                        Err(e) => Err(e),
                    };
                    self.unbind(1);
                    items.extend(item?);
                }
                Ok(Value::List(items))
            }
            ExprKind::SetLiteral(_) => Err(EvalError::Unsupported { construct: "a set" }),
            ExprKind::SetBuilder { .. } => Err(EvalError::Unsupported { construct: "a set" }),
        }
    }

    /// Evaluates an expression that must be a number.
    ///
    /// # Errors
    /// As [`eval`](Self::eval), and [`EvalError::NotANumber`] for a vector.
    pub fn number(&mut self, expr: &Expr) -> Result<F, EvalError> {
        match self.eval(expr)? {
            Value::Num(x) => Ok(x),
            Value::List(_) => Err(EvalError::NotANumber { what: expr_text_hint(expr) }),
        }
    }

    /// `a + b`, `a - b`: numbers, or vectors and matrices of the same shape element by element.
    fn elementwise_op(&mut self, a: &Expr, b: &Expr, op: fn(F, F) -> F) -> Result<Value<F>, EvalError> {
        fn combine<F: Number>(
            ev: &mut Evaluator<'_, F>,
            x: Value<F>,
            y: Value<F>,
            op: fn(F, F) -> F,
            what: &Expr,
        ) -> Result<Value<F>, EvalError> {
            match (x, y) {
                (Value::Num(x), Value::Num(y)) => Ok(Value::Num(ev.finish(op(x, y)))),
                (Value::List(xs), Value::List(ys)) if xs.len() == ys.len() => Ok(Value::List(
                    xs.into_iter().zip(ys).map(|(x, y)| combine(ev, x, y, op, what)).collect::<Result<_, _>>()?,
                )),
                _ => Err(EvalError::NotANumber { what: expr_text_hint(what) }),
            }
        }
        let (x, y) = (self.eval(a)?, self.eval(b)?);
        if let (Value::Num(x), Value::Num(y)) = (&x, &y) {
            return Ok(Value::Num(self.finish(op(*x, *y))));
        }
        let what = if matches!(x, Value::List(_)) { b } else { a };
        combine(self, x, y, op, what)
    }

    /// `a\,b^{\top}`: the matrix of the products `a_i b_j`.
    fn outer_product(&mut self, a: &Expr, b: &Expr) -> Result<Value<F>, EvalError> {
        let (xs, ys) = (self.eval(a)?.numbers(&expr_text_hint(a))?, self.eval(b)?.numbers(&expr_text_hint(b))?);
        let mut rows = Vec::with_capacity(xs.len());
        for x in xs {
            let row = ys.iter().map(|y| Value::Num(self.multiply(x, *y))).collect();
            rows.push(Value::List(row));
        }
        Ok(Value::List(rows))
    }

    fn multiply(&mut self, a: F, b: F) -> F {
        if self.env.zero_times_infinite_is_zero {
            let zero_a = a.to_f64() == 0.0 && !b.is_finite();
            let zero_b = b.to_f64() == 0.0 && !a.is_finite();
            if zero_a || zero_b {
                return F::zero();
            }
        }
        self.finish(a * b)
    }

    fn builtin(&mut self, builtin: Builtin, args: &[Expr]) -> Result<Value<F>, EvalError> {
        if builtin == Builtin::Abs
            && let ExprKind::SetBuilder { index, condition } = &args[0].kind
        {
            let len = self.length_of(index)?;
            let mut count = 0;
            for i in 1..=len {
                self.bind_index(index, i as i64);
                let holds = self.truth(condition);
                self.unbind(1);
                if holds? {
                    count += 1;
                }
            }
            return Ok(Value::Num(F::from_f64(f64::from(count))));
        }
        let x = self.number(&args[0])?;
        let result = match builtin {
            Builtin::Log => x.ln(),
            Builtin::Exp => x.exp(),
            Builtin::Sqrt => x.sqrt(),
            Builtin::Abs => x.abs(),
            Builtin::Max | Builtin::Min => {
                let y = self.number(&args[1])?;
                let take_y = if builtin == Builtin::Max { y > x } else { y < x };
                if take_y { y } else { x }
            }
        };
        Ok(Value::Num(self.finish(result)))
    }

    /// The length an index letter runs to.
    fn length_of(&mut self, letter: &str) -> Result<usize, EvalError> {
        let Some(symbol) = self.env.lengths.get(letter) else {
            return Err(EvalError::Unbound { symbol: format!("the range of `{letter}`") });
        };
        if let Ok(n) = symbol.parse::<usize>() {
            return Ok(n);
        }
        let value = self.lookup_number(symbol)?.ok_or_else(|| EvalError::Unbound { symbol: symbol.clone() })?;
        Ok(value.to_f64().round().max(0.0) as usize)
    }

    fn integer(&mut self, expr: &Expr) -> Result<i64, EvalError> {
        Ok(self.number(expr)?.to_f64().round() as i64)
    }

    fn big(
        &mut self,
        op: BigOp,
        index: &str,
        lower: Option<&Expr>,
        upper: Option<&Expr>,
        filter: Option<&Statement>,
        body: &Expr,
    ) -> Result<Value<F>, EvalError> {
        let lo = match lower {
            Some(e) => self.integer(e)?,
            None => 1,
        };
        let hi = match upper {
            Some(e) => self.integer(e)?,
            None => self.length_of(index)? as i64,
        };
        let mut acc: Option<F> = None;
        for i in lo..=hi {
            self.bind_index(index, i);
            let result = (|| {
                if let Some(filter) = filter
                    && !self.truth(filter)?
                {
                    return Ok(None);
                }
                self.number(body).map(Some)
            })();
            self.unbind(1);
            let Some(term) = result? else { continue };
            acc = Some(match (op, acc) {
                (_, None) => term,
                (BigOp::Sum, Some(a)) => self.finish(a + term),
                (BigOp::Prod, Some(a)) => self.multiply(a, term),
                (BigOp::Max, Some(a)) => {
                    if term > a {
                        term
                    } else {
                        a
                    }
                }
                (BigOp::Min, Some(a)) => {
                    if term < a {
                        term
                    } else {
                        a
                    }
                }
            });
        }
        Ok(Value::Num(match (op, acc) {
            (_, Some(a)) => a,
            (BigOp::Sum, None) => F::zero(),
            (BigOp::Prod, None) => F::one(),
            (BigOp::Max, None) => -F::infinity(),
            (BigOp::Min, None) => F::infinity(),
        }))
    }

    /// Whether a condition holds, exactly (no tolerance): `cases` rows, sum filters, sets.
    ///
    /// # Errors
    /// As [`eval`](Self::eval).
    pub fn truth(&mut self, statement: &Statement) -> Result<bool, EvalError> {
        match &statement.kind {
            StatementKind::Chain { terms, rels } => {
                for (i, rel) in rels.iter().enumerate() {
                    if !self.relation_exact(*rel, &terms[i], &terms[i + 1])? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            StatementKind::And(parts) => {
                for part in parts {
                    if !self.truth(part)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            StatementKind::Logic { .. } => {
                Err(EvalError::Unsupported { construct: "a logical connective in a condition" })
            }
            StatementKind::Assign { .. } => Err(EvalError::Unsupported { construct: "`\\leftarrow`" }),
            StatementKind::Range { .. } => Err(EvalError::Unsupported { construct: "a range in a condition" }),
        }
    }

    fn relation_exact(&mut self, rel: Rel, a: &Expr, b: &Expr) -> Result<bool, EvalError> {
        if rel == Rel::Tends {
            let ExprKind::Limit { var, to, .. } = &b.kind else {
                return Err(EvalError::Unsupported { construct: "an arrow without `[x \\to a]`" });
            };
            let x = self.limit(var, to, a)?.to_f64();
            let y = self.number(b)?.to_f64();
            return Ok((x - y).abs() <= LIMIT_TOLERANCE * y.abs().max(1.0));
        }
        let x = self.number(a)?.to_f64();
        if rel == Rel::In {
            return self.member(x, b);
        }
        let y = self.number(b)?.to_f64();
        Ok(match rel {
            Rel::Eq | Rel::Approx => x == y,
            Rel::Ne => x != y,
            Rel::Le | Rel::Lesssim => x <= y,
            Rel::Ge => x >= y,
            Rel::Lt => x < y,
            Rel::Gt => x > y,
            Rel::In | Rel::Tends => unreachable!(),
        })
    }

    /// Whether `x` is an element of the set `set` (`\{0, 1\}`).
    ///
    /// # Errors
    /// [`EvalError::Unsupported`] if `set` is not a set literal.
    pub fn member(&mut self, x: f64, set: &Expr) -> Result<bool, EvalError> {
        let ExprKind::SetLiteral(items) = &set.kind else {
            return Err(EvalError::Unsupported { construct: "`\\in` with something other than a set `\\{…\\}`" });
        };
        for item in items {
            if self.number(item)?.to_f64() == x {
                return Ok(true);
            }
        }
        Ok(false)
    }

    // ----- symbols ---------------------------------------------------------------------------

    fn symbol(&mut self, symbol: &Symbol) -> Result<Value<F>, EvalError> {
        let k = symbol.subscripts.len();
        for named in (0..=k).rev() {
            let indices = &symbol.subscripts[named..];
            if indices.iter().any(|s| s.expr.is_none()) {
                continue;
            }
            let key = symbol.key_ref(named);
            match self.find(key, indices.len())? {
                Found::Missing => continue,
                Found::Value(value) => return self.index_into(value, indices, key),
                Found::Indexed(def) => {
                    let Params::Index(letters) = &def.params else { unreachable!() };
                    let mut values = Vec::new();
                    for item in indices {
                        values.push(self.index_value(item)?);
                    }
                    // An element defined on its own (`R_0 = 0` beside `R_k = R(t_k)`) is that value.
                    let numbers: Vec<String> = values.iter().map(i64::to_string).collect();
                    let element = format!("{key}_{{{}}}", numbers.join(","));
                    if let Some(base) = self.find_definition(&element, |p| *p == Params::None) {
                        return self.eval_definition(&base, None);
                    }
                    let n = values.len();
                    for (letter, value) in letters.iter().zip(values) {
                        self.bind_index(letter, value);
                    }
                    // Fewer indices than the family has (`Y_n` of `Y_{n,k}`): the rest as a vector.
                    let result = if n < letters.len() {
                        self.materialize(&def, &letters[n..])
                    } else {
                        self.eval_definition(&def, None)
                    };
                    self.unbind(n);
                    return result;
                }
                Found::Elementwise(def) => {
                    let i = self.index_value(&indices[0])?;
                    let saved = self.elementwise.replace(i.max(1) as usize);
                    let result = self.eval_definition(&def, None);
                    self.elementwise = saved;
                    return result;
                }
            }
        }
        if symbol.base == "e" && k == 0 && !symbol.star {
            return Ok(Value::Num(self.leaf(F::one().exp())));
        }
        // A bare index letter outside the sum that binds it (`\frac{k}{N} \le S_k`): the checker
        // evaluates the relation for each of its values.
        if k == 0 && !symbol.star && self.env.lengths.contains_key(&symbol.base) {
            return Err(EvalError::FreeIndex { letter: symbol.base.clone() });
        }
        if let Some([a, b]) = kronecker(symbol) {
            let (a, b) = (self.index_value(&a)?, self.index_value(&b)?);
            return Ok(Value::Num(if a == b { F::one() } else { F::zero() }));
        }
        Err(EvalError::Unbound { symbol: symbol.key() })
    }

    fn index_value(&mut self, item: &Subscript) -> Result<i64, EvalError> {
        let expr = item.expr.as_ref().expect("checked by caller");
        if let ExprKind::Symbol(s) = &expr.kind
            && s.subscripts.is_empty()
        {
            let key = s.key();
            let local = self.locals.iter().rev().find(|(k, _)| *k == key).map(|(_, l)| l.clone());
            match local {
                Some(Local::Index(i)) => return Ok(i),
                Some(Local::Value(v)) => return Ok(v.num(&key)?.to_f64().round() as i64),
                None => {}
            }
            if self.env.lengths.contains_key(&key)
                && !self.env.point.contains_key(&key)
                && self.find_definition(&key, |_| true).is_none()
            {
                return Err(EvalError::FreeIndex { letter: key });
            }
        }
        self.integer(expr)
    }

    fn index_into(&mut self, mut value: Value<F>, indices: &[Subscript], key: &str) -> Result<Value<F>, EvalError> {
        for item in indices {
            let i = self.index_value(item)?;
            // `\ell_{(j)}`: the j-th element in order (an order statistic), from the largest or,
            // where the chapter counts them so, from the smallest.
            if item.text.starts_with('(')
                && item.text.ends_with(')')
                && let Value::List(items) = &mut value
            {
                let mut numbers: Vec<F> = items.iter().map(|v| v.num(key)).collect::<Result<_, _>>()?;
                if self.env.ascending_order_statistics {
                    numbers.sort_by(|x, y| x.to_f64().total_cmp(&y.to_f64()));
                } else {
                    numbers.sort_by(|x, y| y.to_f64().total_cmp(&x.to_f64()));
                }
                *items = numbers.into_iter().map(Value::Num).collect();
            }
            value = match value {
                Value::List(items) => {
                    let len = items.len();
                    if i < 1 || i as usize > len {
                        return Err(EvalError::IndexOutOfRange { symbol: key.to_owned(), index: i, len });
                    }
                    items.into_iter().nth(i as usize - 1).expect("in range")
                }
                Value::Num(_) => return Err(EvalError::NotAVector { what: key.to_owned() }),
            };
        }
        Ok(value)
    }

    fn find_definition(&self, name: &str, accept: impl Fn(&Params) -> bool) -> Option<Rc<Definition>> {
        let visible = |def: &Rc<Definition>| {
            def.name == name && accept(&def.params) && !self.hidden.iter().any(|h| Rc::ptr_eq(h, def))
        };
        for closure in self.closures.iter().rev() {
            if let Some(def) = closure.iter().rev().find(|d| visible(d)) {
                return Some(def.clone());
            }
        }
        self.env.definitions.iter().rev().find(|d| visible(d)).cloned()
    }

    /// Resolves a name used with `indices` indices.
    fn find(&mut self, key: &str, indices: usize) -> Result<Found<F>, EvalError> {
        self.find_with(key, indices, true)
    }

    fn find_with(&mut self, key: &str, indices: usize, crate_fallback: bool) -> Result<Found<F>, EvalError> {
        if let Some((_, local)) = self.locals.iter().rev().find(|(k, _)| k == key) {
            return Ok(Found::Value(match local {
                Local::Value(v) => v.clone(),
                Local::Index(i) => Value::Num(F::from_f64(*i as f64)),
            }));
        }
        let def = self.find_definition(key, |params| match params {
            Params::None | Params::Function(_) => true,
            Params::Index(letters) => letters.len() >= indices,
        });
        if let Some(def) = def {
            return match (&def.params, indices) {
                (Params::Index(_), n) if n > 0 => Ok(Found::Indexed(def)),
                (Params::Index(letters), _) => {
                    let letters = letters.clone();
                    Ok(Found::Value(self.materialize(&def, &letters)?))
                }
                (_, 0) => Ok(Found::Value(self.eval_definition(&def, None)?)),
                (_, 1) => match self.eval_definition(&def, None) {
                    Ok(value @ Value::List(_)) => Ok(Found::Value(value)),
                    // A number, or a number of per-example vectors: the `n`-th example's value.
                    Ok(Value::Num(_)) | Err(EvalError::NotANumber { .. }) => Ok(Found::Elementwise(def)),
                    Err(e) => Err(e),
                },
                // A matrix (`J = …`) indexed twice: `J_{k,j}`.
                _ => match self.eval_definition(&def, None)? {
                    value @ Value::List(_) => Ok(Found::Value(value)),
                    Value::Num(_) => Ok(Found::Missing),
                },
            };
        }
        if let Some(value) = self.env.point.get(key) {
            let value: Value<F> = value.convert();
            return Ok(Found::Value(match (value, self.elementwise, indices) {
                (Value::List(items), Some(i), 0) if i <= items.len() => items[i - 1].clone(),
                (value, _, _) => value,
            }));
        }
        if indices == 0
            && crate_fallback
            && let Some(entry) = losses_table::entry_for(key, 0)
        {
            return Ok(Found::Value(losses_table::call(self, entry, Vec::new())?));
        }
        Ok(Found::Missing)
    }

    /// An indexed family as a whole vector (`\hat y` from `\hat y_i = …`).
    fn materialize(&mut self, def: &Rc<Definition>, letters: &[String]) -> Result<Value<F>, EvalError> {
        fn fill<F: Number>(
            ev: &mut Evaluator<'_, F>,
            def: &Rc<Definition>,
            letters: &[String],
        ) -> Result<Value<F>, EvalError> {
            let Some((first, rest)) = letters.split_first() else {
                return ev.eval_definition(def, None);
            };
            let len = ev.length_of(first)?;
            let mut items = Vec::with_capacity(len);
            for i in 1..=len {
                ev.bind_index(first, i as i64);
                let item = fill(ev, def, rest);
                ev.unbind(1);
                items.push(item?);
            }
            Ok(Value::List(items))
        }
        fill(self, def, letters)
    }

    /// Evaluates a definition's body: with `args` bound to its parameters, or (`None`) with its
    /// parameters taken from the scope.
    fn eval_definition(&mut self, def: &Rc<Definition>, args: Option<Vec<Value<F>>>) -> Result<Value<F>, EvalError> {
        // Only values: an indexed family depends on its letters, a call on its arguments.
        let cacheable = args.is_none()
            && !matches!(def.params, Params::Index(_))
            && self.elementwise.is_none()
            && !self.rounding
            && self.env.dependencies.and_then(|d| d.get(&Rc::as_ptr(def))).is_some_and(|deps| {
                !self.locals.iter().any(|(k, _)| deps.contains(k))
                    && !self.hidden.iter().any(|h| deps.contains(&h.name))
            });
        if cacheable {
            if let Some(value) = self.cache.get(&Rc::as_ptr(def)) {
                return Ok(value.clone());
            }
            let value = self.eval_definition_uncached(def, None)?;
            self.cache.insert(Rc::as_ptr(def), value.clone());
            return Ok(value);
        }
        self.eval_definition_uncached(def, args)
    }

    fn eval_definition_uncached(
        &mut self,
        def: &Rc<Definition>,
        args: Option<Vec<Value<F>>>,
    ) -> Result<Value<F>, EvalError> {
        let mut bound = 0;
        if let (Params::Function(params), Some(args)) = (&def.params, args) {
            for (param, arg) in params.iter().zip(args) {
                self.bind(param, arg);
                bound += 1;
            }
        }
        self.closures.push(def.closure.clone());
        self.hidden.push(def.clone());
        let result = self.eval(&def.body);
        self.hidden.pop();
        self.closures.pop();
        self.unbind(bound);
        // A definition must cover every point of its domain: a `cases` without a row for it is
        // an error here (only a relation's own `cases` may leave points out).
        match result {
            Err(EvalError::NoCase) => Err(EvalError::Uncovered { name: def.name.clone() }),
            other => other,
        }
    }

    /// A number the scope gives `key`, if any (for the losses that read `\gamma`, `\alpha_t`…).
    ///
    /// # Errors
    /// An error evaluating the definition of `key`.
    pub fn lookup_number(&mut self, key: &str) -> Result<Option<F>, EvalError> {
        match self.lookup(key)? {
            Some(v) => Ok(Some(v.num(key)?)),
            None => Ok(None),
        }
    }

    /// The value the scope gives `key`, if any (without asking the crate).
    ///
    /// # Errors
    /// An error evaluating the definition of `key`.
    pub fn lookup(&mut self, key: &str) -> Result<Option<Value<F>>, EvalError> {
        match self.find_with(key, 0, false) {
            Ok(Found::Value(v)) => Ok(Some(v)),
            Ok(_) => Ok(None),
            Err(EvalError::Unbound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    // ----- calls -----------------------------------------------------------------------------

    fn apply(&mut self, head: &Symbol, prime: bool, args: &[Arg]) -> Result<Value<F>, EvalError> {
        let key = head.key();
        let positional: Vec<&Expr> = args.iter().filter(|a| a.name.is_none()).map(|a| &a.value).collect();
        let named: Vec<(String, &Expr)> =
            args.iter().filter_map(|a| a.name.as_ref().map(|n| (n.key(), &a.value))).collect();
        if prime {
            if positional.len() != 1 || !named.is_empty() {
                return Err(EvalError::NotAFunction { name: format!("{key}'"), arity: args.len() });
            }
            return Ok(Value::Num(self.derivative_of_function(head, positional[0])?));
        }
        // Named arguments are overrides for the evaluation of the function.
        let mut overrides = Vec::new();
        for (name, value) in &named {
            overrides.push((name.clone(), self.eval(value)?));
        }
        let n_overrides = overrides.len();
        for (name, value) in overrides {
            self.bind(&name, value);
        }
        let result = self.call(head, &key, &positional);
        self.unbind(n_overrides);
        result
    }

    fn call(&mut self, head: &Symbol, key: &str, positional: &[&Expr]) -> Result<Value<F>, EvalError> {
        let arity = positional.len();
        let def = self.find_definition(key, |params| match params {
            Params::Function(p) => p.len() == arity,
            Params::None => arity == 0,
            Params::Index(_) => false,
        });
        if let Some(def) = def {
            let mut values = Vec::new();
            for arg in positional {
                values.push(self.eval(arg)?);
            }
            return self.eval_definition(&def, Some(values));
        }
        if let Some(builtin) = self.builtin_function(key, positional)? {
            return Ok(builtin);
        }
        // `\phi_j(x_i)`: element `j` of the vector `\phi(x_i)`.
        for named in (0..head.subscripts.len()).rev() {
            let indices = &head.subscripts[named..];
            if indices.iter().any(|s| s.expr.is_none()) {
                continue;
            }
            let name = head.key_with(named);
            let def = self.find_definition(&name, |params| matches!(params, Params::Function(p) if p.len() == arity));
            if let Some(def) = def {
                let mut values = Vec::new();
                for arg in positional {
                    values.push(self.eval(arg)?);
                }
                let value = self.eval_definition(&def, Some(values))?;
                return self.index_into(value, indices, &name);
            }
        }
        if let Some(entry) = losses_table::entry_for(key, arity) {
            let mut values = Vec::new();
            for arg in positional {
                values.push(self.eval(arg)?);
            }
            return losses_table::call(self, entry, values);
        }
        // Not a function: a product, `p_i \left( \frac{q_i}{p_i} - 1 \right)`.
        if arity == 1 {
            let factor = self.symbol(head);
            if let Ok(factor) = factor {
                let a = factor.num(key)?;
                let b = self.number(positional[0])?;
                return Ok(Value::Num(self.multiply(a, b)));
            }
        }
        if arity == 0 {
            return self.symbol(head);
        }
        Err(EvalError::NotAFunction { name: key.to_owned(), arity })
    }

    /// `\sigma(x)`, `\operatorname{fl}(e)`, `\operatorname{ulp}(v)`, `\operatorname{diag}(q)`,
    /// `\operatorname{round}(x)`.
    fn builtin_function(&mut self, key: &str, positional: &[&Expr]) -> Result<Option<Value<F>>, EvalError> {
        if positional.len() != 1 {
            return Ok(None);
        }
        match key {
            "\\sigma" => {
                let x = self.number(positional[0])?;
                Ok(Some(Value::Num(self.sigmoid(x))))
            }
            "\\operatorname{fl}" => {
                let saved = self.rounding;
                self.rounding = true;
                let result = self.number(positional[0]);
                self.rounding = saved;
                let x = result?;
                Ok(Some(Value::Num(F::from_f64(f64::from(x.to_f64() as f32)))))
            }
            "\\operatorname{diag}" => {
                let items = self.eval(positional[0])?.numbers("the argument of \\operatorname{diag}")?;
                let n = items.len();
                let rows = (0..n)
                    .map(|i| {
                        Value::List((0..n).map(|j| Value::Num(if i == j { items[i] } else { F::zero() })).collect())
                    })
                    .collect();
                Ok(Some(Value::List(rows)))
            }
            "\\operatorname{ulp}" => {
                let x = self.number(positional[0])?.to_f64();
                Ok(Some(Value::Num(F::from_f64(ulp_f32(x)))))
            }
            "\\operatorname{round}" => {
                // To the nearest integer, halves away from zero (Rust's `f64::round`); a step
                // function, so its derivative is 0.
                let x = self.number(positional[0])?.to_f64();
                Ok(Some(Value::Num(F::from_f64(x.round()))))
            }
            _ => Ok(None),
        }
    }

    fn sigmoid(&mut self, x: F) -> F {
        if self.rounding {
            // As written: 1/(1 + e^{-x}), every operation rounded.
            let e = self.finish((-x).exp());
            let d = self.finish(F::one() + e);
            self.finish(F::one() / d)
        } else {
            let s = losses::activation::sigmoid(x);
            self.finish(s)
        }
    }

    /// `f'(x)`: the derivative of a one-argument function at `x`.
    fn derivative_of_function(&mut self, head: &Symbol, arg: &Expr) -> Result<F, EvalError> {
        if self.differentiating {
            return Err(EvalError::NestedDerivative);
        }
        let x = self.number(arg)?.to_f64();
        let mut dual = self.to_dual();
        let seeded = Expr { kind: ExprKind::Symbol(Symbol::plain("\\mathrm{seed}")), span: arg.span };
        dual.bind("\\mathrm{seed}", Value::Num(Dual64::new(x, 1.0)));
        let value = dual.call(head, &head.key(), &[&seeded])?.num(&head.key())?;
        Ok(F::from_f64(value.eps))
    }

    // ----- derivatives and minima -----------------------------------------------------------

    fn to_dual(&self) -> Evaluator<'a, Dual64> {
        Evaluator {
            env: self.env,
            locals: self
                .locals
                .iter()
                .map(|(k, l)| {
                    let l = match l {
                        Local::Value(v) => Local::Value(v.convert()),
                        Local::Index(i) => Local::Index(*i),
                    };
                    (k.clone(), l)
                })
                .collect(),
            closures: self.closures.clone(),
            hidden: self.hidden.clone(),
            differentiating: true,
            rounding: self.rounding,
            jitter: self.jitter,
            elementwise: self.elementwise,
            cache: HashMap::new(),
        }
    }

    /// `\frac{\mathrm{d} of}{\mathrm{d} var}` at the current point; with `power` k, the derivative
    /// with respect to `var^k`: d/d(x^k) = (d/dx) / (k x^(k-1)), which is what seeding `x` with
    /// the derivative part 1/(k x^(k-1)) computes. `var` may be an element of a vector (`z_j`):
    /// that element is seeded.
    fn derivative(&mut self, of: &Expr, var: &Symbol, power: u32) -> Result<F, EvalError> {
        if self.differentiating {
            return Err(EvalError::NestedDerivative);
        }
        let x = self.symbol(var)?.num(&var.key())?.to_f64();
        let mut dual = self.to_dual();
        match self.vector_element(var)? {
            Some((key, items, index)) => dual.bind(&key, Value::List(seed(&items, index)?)),
            None => {
                let k = f64::from(power);
                let unit = if power == 1 { 1.0 } else { 1.0 / (k * x.powi(power as i32 - 1)) };
                dual.bind(&var.key(), Value::Num(Dual64::new(x, unit)));
            }
        }
        let value = dual.differentiand(of, var)?;
        Ok(F::from_f64(value.eps))
    }

    /// `z_j` when `z` is a vector and `z_j` no name of its own: (`z`, its elements, `j - 1`).
    fn vector_element(&mut self, var: &Symbol) -> Result<Option<VectorElement<F>>, EvalError> {
        let k = var.subscripts.len();
        if k == 0 || self.lookup(&var.key())?.is_some() {
            return Ok(None);
        }
        let key = var.key_with(k - 1);
        let Some(Value::List(items)) = self.lookup(&key)? else { return Ok(None) };
        let i = self.index_value(&var.subscripts[k - 1])?;
        if i < 1 || i as usize > items.len() {
            return Err(EvalError::IndexOutOfRange { symbol: key, index: i, len: items.len() });
        }
        Ok(Some((key, items, i as usize - 1)))
    }

    /// `\nabla_z f`: the vector of ∂f/∂z_j, one forward-mode pass per element.
    fn gradient(&mut self, of: &Expr, var: &Symbol) -> Result<Value<F>, EvalError> {
        if self.differentiating {
            return Err(EvalError::NestedDerivative);
        }
        let Value::List(items) = self.symbol(var)? else {
            return Err(EvalError::NotAVector { what: var.key() });
        };
        let mut partials = Vec::with_capacity(items.len());
        for index in 0..items.len() {
            let mut dual = self.to_dual();
            dual.bind(&var.key(), Value::List(seed(&items, index)?));
            partials.push(Value::Num(F::from_f64(dual.number(of)?.eps)));
        }
        Ok(Value::List(partials))
    }

    /// `\lim_{var \to to} body`: `body` evaluated along `var` = −2, −4, …, −2^[`LIMIT_STEPS`] (for
    /// `-\infty`; `+2^k` for `+\infty`; `a ± 2^-k·max(1, |a|)` from both sides for a number `a`).
    /// The limit is the last value when the last three values of each sequence agree to
    /// [`LIMIT_TOLERANCE`]·max(1, |value|); otherwise [`EvalError::NoLimit`]. When `var` is
    /// defined (`x_t = y\,x`), the sampled symbol it depends on is solved for instead (secant
    /// method), so derivatives with respect to that symbol still see `var` move.
    ///
    /// # Errors
    /// [`EvalError::NoLimit`], or an error evaluating `body` along the sequence.
    pub fn limit(&mut self, var: &Symbol, to: &Expr, body: &Expr) -> Result<F, EvalError> {
        let target = self.number(to)?.to_f64();
        let steps = 1..=LIMIT_STEPS;
        let sequences: Vec<Vec<f64>> = if target == f64::NEG_INFINITY {
            vec![steps.map(|k| -(2f64.powi(k))).collect()]
        } else if target == f64::INFINITY {
            vec![steps.map(|k| 2f64.powi(k)).collect()]
        } else {
            let scale = target.abs().max(1.0);
            vec![
                steps.clone().map(|k| target - 2f64.powi(-k) * scale).collect(),
                steps.map(|k| target + 2f64.powi(-k) * scale).collect(),
            ]
        };
        let mut limit = None;
        for sequence in sequences {
            let mut values = Vec::with_capacity(sequence.len());
            for t in sequence {
                values.push(self.at_limit_point(var, t, body)?);
            }
            let last = &values[values.len() - 3..];
            let tolerance = LIMIT_TOLERANCE * last[2].abs().max(1.0);
            let settles = last.iter().all(|v| v.is_finite())
                && (last[2] - last[1]).abs() <= tolerance
                && (last[1] - last[0]).abs() <= tolerance
                && limit.is_none_or(|l: f64| (l - last[2]).abs() <= tolerance);
            if !settles {
                return Err(EvalError::NoLimit { values: last.to_vec() });
            }
            limit = Some(last[2]);
        }
        Ok(F::from_f64(limit.expect("one sequence at least")))
    }

    /// `body` with `var` at `t` (see [`limit`](Self::limit)).
    fn at_limit_point(&mut self, var: &Symbol, t: f64, body: &Expr) -> Result<f64, EvalError> {
        let key = var.key();
        let defined =
            !self.locals.iter().any(|(k, _)| *k == key) && self.find_definition(&key, |p| *p == Params::None).is_some();
        let (bound, value) = if defined { self.solve_for(var, t)? } else { (key, t) };
        self.bind(&bound, Value::Num(F::from_f64(value)));
        let result = self.number(body).map(|v| v.to_f64());
        self.unbind(1);
        result
    }

    /// A sampled symbol and its value that make the defined `var` equal `t`.
    fn solve_for(&mut self, var: &Symbol, t: f64) -> Result<(String, f64), EvalError> {
        let candidates: Vec<(String, f64)> = self
            .env
            .point
            .iter()
            .filter_map(|(k, v)| match v {
                Value::Num(x) => Some((k.clone(), *x)),
                Value::List(_) => None,
            })
            .collect();
        for (candidate, start) in candidates {
            let f = |ev: &mut Self, s: f64| -> Result<f64, EvalError> {
                ev.bind(&candidate, Value::Num(F::from_f64(s)));
                let v = ev.symbol(var).and_then(|v| v.num(&var.key()));
                ev.unbind(1);
                Ok(v?.to_f64() - t)
            };
            let (mut s0, mut s1) = (start, start + 1.0);
            let (mut f0, mut f1) = (f(self, s0)?, f(self, s1)?);
            if f0 == f1 {
                continue;
            }
            for _ in 0..60 {
                if f1.abs() <= 1e-12 * t.abs().max(1.0) {
                    return Ok((candidate, s1));
                }
                if f1 == f0 || !f1.is_finite() {
                    break;
                }
                let s2 = s1 - f1 * (s1 - s0) / (f1 - f0);
                (s0, f0) = (s1, f1);
                s1 = s2;
                f1 = f(self, s1)?;
            }
        }
        Err(EvalError::Unbound { symbol: format!("a sampled symbol that moves `{}`", var.key()) })
    }

    /// The value of what a derivative differentiates: a symbol's value, or a function applied to
    /// its own parameters (`\operatorname{FL}` defined as `\operatorname{FL}(p_t)`), or to the
    /// variable (`\frac{\mathrm{d}\sigma}{\mathrm{d}x}` is σ′(x)).
    fn differentiand(&mut self, of: &Expr, var: &Symbol) -> Result<F, EvalError> {
        if let ExprKind::Symbol(symbol) = &of.kind {
            match self.symbol(symbol) {
                Ok(value) => return value.num(&symbol.key()),
                Err(EvalError::Unbound { .. }) => {
                    let arg = Expr { kind: ExprKind::Symbol(var.clone()), span: of.span };
                    return self.call(symbol, &symbol.key(), &[&arg])?.num(&symbol.key());
                }
                Err(e) => return Err(e),
            }
        }
        self.number(of)
    }

    /// `\underset{var}{\operatorname{arg\,min}} body`: the root of `d body / d var`, bracketed
    /// by doubling outwards from `[-1, 1]`, then found by regula falsi (Illinois variant), which
    /// is exact in one step for a quadratic objective.
    fn argmin(&mut self, var: &Symbol, body: &Expr) -> Result<F, EvalError> {
        let key = var.key();
        let slope = |ev: &mut Self, t: f64| -> Result<f64, EvalError> {
            let mut dual = ev.to_dual();
            dual.bind(&key, Value::Num(Dual64::new(t, 1.0)));
            Ok(dual.number(body)?.eps)
        };
        let (mut lo, mut hi) = (-1.0_f64, 1.0_f64);
        let (mut g_lo, mut g_hi) = (slope(self, lo)?, slope(self, hi)?);
        let mut tries = 0;
        while g_lo > 0.0 || g_hi < 0.0 {
            if g_lo > 0.0 {
                lo = 2.0 * lo - 1.0;
                g_lo = slope(self, lo)?;
            }
            if g_hi < 0.0 {
                hi = 2.0 * hi + 1.0;
                g_hi = slope(self, hi)?;
            }
            tries += 1;
            if tries > 100 || g_lo.is_nan() || g_hi.is_nan() {
                return Err(EvalError::NoMinimum);
            }
        }
        let mut side = 0;
        for _ in 0..100 {
            if g_lo == 0.0 {
                return Ok(F::from_f64(lo));
            }
            if g_hi == 0.0 {
                return Ok(F::from_f64(hi));
            }
            let mut t = hi - g_hi * (hi - lo) / (g_hi - g_lo);
            if !(t > lo && t < hi) {
                t = 0.5 * (lo + hi);
            }
            if t <= lo || t >= hi {
                break;
            }
            let g = slope(self, t)?;
            if g < 0.0 {
                lo = t;
                g_lo = g;
                if side == -1 {
                    g_hi *= 0.5;
                }
                side = -1;
            } else {
                hi = t;
                g_hi = g;
                if side == 1 {
                    g_lo *= 0.5;
                }
                side = 1;
            }
            if hi - lo <= 4.0 * f64::EPSILON * lo.abs().max(hi.abs()) {
                break;
            }
        }
        Ok(F::from_f64(if g_lo.abs() < g_hi.abs() { lo } else { hi }))
    }

    /// The entry of the losses table a call resolves to, for tests.
    pub fn resolves_to_crate(&mut self, key: &str, arity: usize) -> Option<&'static LossEntry> {
        if self.find_definition(key, |_| true).is_some() {
            return None;
        }
        losses_table::entry_for(key, arity)
    }
}

/// A vector's name, its elements and the 0-based position of one of them.
type VectorElement<F> = (String, Vec<Value<F>>, usize);

/// How many points a limit's sequence has: `-\infty` is approached along −2, −4, …, −512.
pub const LIMIT_STEPS: i32 = 9;

/// How closely the last three values of a limit's sequence must agree (relative to max(1, |value|)).
pub const LIMIT_TOLERANCE: f64 = 1e-9;

/// Whether `e` is `\top` (in `q^{\top}`).
fn is_transpose(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Symbol(s) if s.base == "\\top" && s.subscripts.is_empty())
}

/// The transpose of a matrix given as rows.
fn transpose<F: Number>(rows: Vec<Value<F>>, what: &Expr) -> Result<Value<F>, EvalError> {
    let rows: Vec<Vec<F>> = rows.iter().map(|r| r.numbers(&expr_text_hint(what))).collect::<Result<_, _>>()?;
    let columns = rows.first().map_or(0, Vec::len);
    if rows.iter().any(|r| r.len() != columns) {
        return Err(EvalError::NotAVector { what: expr_text_hint(what) });
    }
    Ok(Value::List((0..columns).map(|j| Value::List(rows.iter().map(|r| Value::Num(r[j])).collect())).collect()))
}

/// `\delta_{kj}`, `\delta_{k,j}` with no value of its own: the Kronecker delta's two indices.
pub(crate) fn kronecker(symbol: &Symbol) -> Option<[Subscript; 2]> {
    if symbol.base != "\\delta" || symbol.star {
        return None;
    }
    let letter = |text: &str, span| {
        let expr = crate::parser::parse_expression(text).ok()?;
        matches!(expr.kind, ExprKind::Symbol(_)).then(|| Subscript { text: text.to_owned(), expr: Some(expr), span })
    };
    match symbol.subscripts.as_slice() {
        [a, b] => Some([letter(&a.text, a.span)?, letter(&b.text, b.span)?]),
        [ab] => {
            let chars: Vec<char> = ab.text.chars().collect();
            match chars.as_slice() {
                [a, b] if a.is_alphabetic() && b.is_alphabetic() => {
                    Some([letter(&a.to_string(), ab.span)?, letter(&b.to_string(), ab.span)?])
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// `items` on dual numbers, element `index` seeded (derivative part 1), the others constant.
fn seed<F: Number>(items: &[Value<F>], index: usize) -> Result<Vec<Value<Dual64>>, EvalError> {
    items
        .iter()
        .enumerate()
        .map(|(j, v)| {
            let x = v.num("a vector element")?.to_f64();
            Ok(Value::Num(Dual64::new(x, if j == index { 1.0 } else { 0.0 })))
        })
        .collect()
}

/// The ulp of `x` in single precision (the format `\operatorname{fl}` rounds to).
pub fn ulp_f32(x: f64) -> f64 {
    let x = x.abs();
    if x == 0.0 || !x.is_finite() {
        return f64::from(f32::from_bits(1));
    }
    let exponent = x.log2().floor();
    // Correct floor(log2) near powers of two.
    let exponent = if 2f64.powf(exponent) > x { exponent - 1.0 } else { exponent };
    2f64.powf(exponent.max(-126.0) - 23.0)
}

fn expr_text_hint(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Symbol(s) => s.key(),
        _ => format!("the expression at bytes {}..{}", expr.span.start, expr.span.end),
    }
}

impl<F: Number> losses_table::Environment<F> for Evaluator<'_, F> {
    fn lookup(&mut self, key: &str) -> Result<Option<Value<F>>, EvalError> {
        Evaluator::lookup(self, key)
    }

    fn lookup_number(&mut self, key: &str) -> Result<Option<F>, EvalError> {
        Evaluator::lookup_number(self, key)
    }

    fn finish(&mut self, x: F) -> F {
        Evaluator::finish(self, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse_expression;

    fn point(values: &[(&str, Value<f64>)]) -> Point {
        values.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    fn num(x: f64) -> Value<f64> {
        Value::Num(x)
    }

    fn list(xs: &[f64]) -> Value<f64> {
        Value::List(xs.iter().map(|&x| Value::Num(x)).collect())
    }

    fn lengths() -> BTreeMap<String, String> {
        [("i", "n"), ("k", "K")].iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    fn eval_with(tex: &str, point: &Point, definitions: &[Rc<Definition>], zero: bool) -> Result<f64, EvalError> {
        let lengths = lengths();
        let env = Env {
            point,
            definitions,
            lengths: &lengths,
            zero_times_infinite_is_zero: zero,
            ascending_order_statistics: false,
            dependencies: None,
            rows: None,
        };
        let expr = parse_expression(tex).unwrap_or_else(|e| panic!("{tex}: {e}"));
        Evaluator::<f64>::new(env).number(&expr)
    }

    fn eval(tex: &str, point: &Point) -> f64 {
        eval_with(tex, point, &[], false).unwrap_or_else(|e| panic!("{tex}: {e}"))
    }

    fn define(lhs: &str, rhs: &str) -> Rc<Definition> {
        let left = parse_expression(lhs).expect("lhs");
        let (name, params) = crate::check::head(&left, &lengths()).expect("a name");
        Rc::new(Definition {
            name,
            params,
            body: parse_expression(rhs).expect("rhs"),
            origin: "test".into(),
            closure: Rc::from(Vec::new()),
        })
    }

    #[test]
    fn arithmetic_and_functions() {
        let p = point(&[("x", num(2.0)), ("p_{t}", num(0.25)), ("\\gamma", num(2.0))]);
        assert_eq!(eval(r"\frac{1}{2} + 3 \cdot x - x^{2}", &p), 0.5 + 6.0 - 4.0);
        assert_eq!(eval(r"-(1 - p_t)^{\gamma}\log p_t", &p), -(0.75f64.powi(2)) * 0.25f64.ln());
        assert_eq!(eval(r"\sqrt{x}\,|{-x}|", &p), 2f64.sqrt() * 2.0);
        assert_eq!(eval(r"\max(x, 3) + \min(x, 3)", &p), 5.0);
        assert_eq!(eval(r"\sigma(x)", &p), 1.0 / (1.0 + (-2f64).exp()));
        assert_eq!(eval(r"e^{x}", &p), 2f64.exp());
    }

    #[test]
    fn sums_indices_and_sets() {
        let p = point(&[("n", num(3.0)), ("y", list(&[1.0, -1.0, 1.0])), ("K", num(2.0)), ("z", list(&[0.5, 2.0]))]);
        assert_eq!(eval(r"\sum_{i=1}^{n} y_i^2", &p), 3.0);
        assert_eq!(eval(r"\sum_{i:\, y_i > 0} 1", &p), 2.0);
        assert_eq!(eval(r"\prod_{i=2}^{n} (y_i + 2)", &p), 3.0);
        assert_eq!(eval(r"\max_k z_k", &p), 2.0);
        assert_eq!(eval(r"\bigl\lvert\{\, i : y_i = +1 \,\}\bigr\rvert", &p), 2.0);
        assert!(matches!(eval_with("y_4", &p, &[], false), Err(EvalError::IndexOutOfRange { index: 4, len: 3, .. })));
        assert!(matches!(eval_with("y_i", &p, &[], false), Err(EvalError::FreeIndex { letter }) if letter == "i"));
    }

    #[test]
    fn definitions_functions_and_indexed_families() {
        let p = point(&[("x", num(1.5)), ("y", num(-1.0)), ("n", num(2.0)), ("a", list(&[3.0, 4.0]))]);
        let defs = [define("x_t", r"y\,x"), define(r"\operatorname{sq}(u)", "u^2"), define("e_i", "a_i - 1")];
        assert_eq!(eval_with("x_t", &p, &defs, false), Ok(-1.5));
        assert_eq!(eval_with(r"\operatorname{sq}(x_t + 1)", &p, &defs, false), Ok(0.25));
        assert_eq!(eval_with(r"\sum_{i=1}^{n} e_i", &p, &defs, false), Ok(5.0));
        // A named argument overrides a symbol for the call.
        let defs = [define(r"\operatorname{g}", "x + y")];
        assert_eq!(eval_with(r"\operatorname{g}(x = 10)", &p, &defs, false), Ok(9.0));
        assert!(matches!(eval_with("w", &p, &[], false), Err(EvalError::Unbound { symbol }) if symbol == "w"));
    }

    #[test]
    fn derivatives_use_dual_numbers_through_definitions() {
        let p = point(&[("x", num(0.7)), ("y", num(1.0)), ("\\gamma", num(2.0))]);
        let defs = [
            define("x_t", r"y\,x"),
            define("p_t", r"\sigma(x_t)"),
            define(r"\operatorname{FL}", r"-(1 - p_t)^{\gamma}\log p_t"),
        ];
        let d = eval_with(r"\frac{\mathrm{d}\operatorname{FL}}{\mathrm{d}x}", &p, &defs, false).expect("derivative");
        let closed = losses::focal_loss_with_logits_grad(
            0.7,
            losses::Label::Positive,
            losses::FocalParams::new(2.0).expect("γ"),
        )
        .expect("grad");
        assert!((d - closed).abs() <= 1e-14 * closed.abs(), "{d} vs {closed}");
        // σ′ and dσ/dx: σ(1 − σ).
        let s = 1.0 / (1.0 + (-0.7f64).exp());
        assert!((eval_with(r"\sigma'(x)", &p, &defs, false).expect("prime") - s * (1.0 - s)).abs() < 1e-16);
        assert!(
            (eval_with(r"\frac{\mathrm{d}\sigma}{\mathrm{d}x}", &p, &defs, false).expect("dσ") - s * (1.0 - s)).abs()
                < 1e-16
        );
        // Autodiff at p_t = 1 with γ = 0.5: −γ·0^(γ−1) = −∞.
        let p = point(&[("p_{t}", num(0.5)), ("\\gamma", num(0.5))]);
        let defs = [define("u", r"(1 - p_t)^{\gamma}")];
        let d = eval_with(r"\left.\frac{\mathrm{d}u}{\mathrm{d}p_t}\right|_{p_t = 1}", &p, &defs, false).expect("bar");
        assert_eq!(d, f64::NEG_INFINITY);
        let defs = [define("u", r"(1 - p_t)^{\gamma}"), define("w", r"\frac{\mathrm{d}u}{\mathrm{d}p_t}")];
        assert_eq!(eval_with(r"\frac{\mathrm{d}w}{\mathrm{d}p_t}", &p, &defs, false), Err(EvalError::NestedDerivative));
    }

    #[test]
    fn cases_and_the_zero_log_zero_convention() {
        let p = point(&[("y", num(0.0)), ("p", num(0.0))]);
        assert_eq!(eval(r"\begin{cases} 1 & y = 1 \\ 2 & \text{otherwise} \end{cases}", &p), 2.0);
        assert_eq!(eval_with(r"\begin{cases} 1 & y = 1 \end{cases}", &p, &[], false), Err(EvalError::NoCase));
        // Inside a definition an uncovered point is an error, not "not applicable".
        let defs = [define("a", r"\begin{cases} 1 & y = 1 \end{cases}")];
        assert!(matches!(eval_with("a", &p, &defs, false), Err(EvalError::Uncovered { .. })));
        assert!(eval_with(r"p \log p", &p, &[], false).expect("NaN").is_nan());
        assert_eq!(eval_with(r"p \log p", &p, &[], true), Ok(0.0));
    }

    #[test]
    fn rounding_ulp_and_arg_min() {
        let p = point(&[("x", num(20.0)), ("n", num(3.0)), ("y", list(&[1.0, 2.0, 6.0]))]);
        // fl(1 + e^{-20}) = 1 in single precision, not in double.
        assert_eq!(eval(r"\operatorname{fl}(1 + e^{-x})", &p), 1.0);
        assert!(eval(r"1 + e^{-x}", &p) > 1.0);
        assert_eq!(eval(r"\operatorname{ulp}(1)", &p), 2f64.powi(-23));
        assert_eq!(eval(r"\operatorname{ulp}(3)", &p), 2f64.powi(-22));
        let mean = eval(r"\underset{c}{\operatorname{arg\,min}} \sum_{i=1}^{n} (y_i - c)^2", &p);
        assert!((mean - 3.0).abs() < 1e-12, "{mean}");
    }

    #[test]
    fn a_definition_indexed_by_an_example_uses_that_example() {
        let p = point(&[("y", list(&[1.0, 0.0])), ("\\alpha", num(0.25))]);
        let defs = [define(r"\alpha_t", r"\begin{cases} \alpha & y = 1 \\ 1 - \alpha & \text{otherwise} \end{cases}")];
        assert_eq!(eval_with(r"\alpha_{t,2}", &p, &defs, false), Ok(0.75));
        assert_eq!(eval_with(r"\alpha_{t,1}", &p, &defs, false), Ok(0.25));
    }

    #[test]
    fn iverson_brackets_exclusions_rounding_families_and_indexed_functions() {
        let p = point(&[("K", num(3.0)), ("z", list(&[0.5, 2.0, -1.0])), ("c", num(2.0)), ("n", num(3.0))]);
        assert_eq!(eval(r"\sum_{k=1}^{K} [k = c]\,z_k", &p), 2.0);
        assert_eq!(eval(r"\sum_{k \ne c} z_k", &p), -0.5);
        assert_eq!(eval(r"\operatorname{round}(2.5) + \operatorname{round}(0.9 \cdot 4)", &p), 7.0);
        // φ_j(x) is element j of φ(x); R_0 = 7 is the family's element 0.
        let defs = [define(r"\phi(u)", "(u, u^2)"), define("R_k", "k^2"), define("R_0", "7")];
        assert_eq!(eval_with(r"\phi_2(3)", &p, &defs, false), Ok(9.0));
        assert_eq!(eval_with(r"\sum_{k=1}^{K} R_{k-1}", &p, &defs, false), Ok(7.0 + 1.0 + 4.0));
    }

    #[test]
    fn families_and_the_order_of_order_statistics() {
        let p =
            point(&[("n", num(4.0)), ("y", list(&[1.0, -1.0, -1.0, -1.0])), ("\\ell", list(&[0.5, 3.0, 1.0, 2.0]))]);
        let defs = [define(r"\ell^{-}", r"(\ell_i)_{i:\, y_i = -1}")];
        let lengths = lengths();
        let value = |tex: &str, ascending: bool| {
            let env = Env {
                point: &p,
                definitions: &defs,
                lengths: &lengths,
                zero_times_infinite_is_zero: false,
                ascending_order_statistics: ascending,
                dependencies: None,
                rows: None,
            };
            Evaluator::<f64>::new(env).eval(&parse_expression(tex).expect("parses")).expect("a value")
        };
        assert_eq!(value(r"\ell^{-}", false), list(&[3.0, 1.0, 2.0]));
        assert_eq!(value(r"\ell^{-}_{(1)}", true), num(1.0));
        assert_eq!(value(r"\ell^{-}_{(1)}", false), num(3.0));
    }

    #[test]
    fn jitter_moves_results_by_a_few_units_of_roundoff() {
        let p = point(&[("x", num(0.3))]);
        let lengths = lengths();
        let env = Env {
            point: &p,
            definitions: &[],
            lengths: &lengths,
            zero_times_infinite_is_zero: false,
            ascending_order_statistics: false,
            dependencies: None,
            rows: None,
        };
        let expr = parse_expression(r"x + x \cdot x").expect("parses");
        let exact = Evaluator::<f64>::new(env).number(&expr).expect("value");
        let jittered = Evaluator::<f64>::new(env).with_jitter(7).number(&expr).expect("value");
        assert_ne!(exact, jittered);
        assert!((exact - jittered).abs() <= 1e-14 * exact);
    }
}
