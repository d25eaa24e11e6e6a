//! The expression tree a formula parses into.
//!
//! Every node carries the byte [`Span`] of its source text within the formula, so that a failing
//! relation can be quoted exactly and [`mutants`](crate::mutants) can edit the TeX precisely.

use std::fmt;

/// A byte range `start..end` of the formula's TeX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The text this span covers in `source`.
    pub fn text(self, source: &str) -> &str {
        &source[self.start..self.end]
    }
}

/// A symbol as written: base, subscripts and a `^{\ast}` mark.
///
/// `p_t` is base `p` with subscript `t`; `\hat y_{k,n}` is base `\hat{y}` with subscripts `k` and
/// `n`; `\operatorname{FL}^{\ast}` is base `\operatorname{FL}` with `star`; `\ell^{-}_{(j)}` is base
/// `\ell` with `sign` `-` and subscript `(j)`. Whether a subscript is
/// part of the name (`p_t`, `y_{01}`) or an index (`y_i` inside `\sum_i`) is decided when the
/// symbol is evaluated: see [`crate::eval`].
#[derive(Debug, Clone)]
pub struct Symbol {
    /// Canonical base: `p`, `\gamma`, `\hat{y}`, `\operatorname{FL}`, `\mathcal{E}`.
    pub base: String,
    /// Subscript items, in order (`x_{n,k}` has two).
    pub subscripts: Vec<Subscript>,
    /// Written with `^{\ast}` (or `^*`).
    pub star: bool,
    /// A sign written as a superscript, `\ell^{-}` (the negatives' losses), `N^{+}`: part of the
    /// name, like a subscript that is not an index.
    pub sign: Option<char>,
    /// Where it is written.
    pub span: Span,
    /// The keys of [`key_with`](Symbol::key_with), computed on first use (evaluation looks them
    /// up constantly).
    pub(crate) keys: std::cell::OnceCell<Vec<String>>,
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Self) -> bool {
        self.base == other.base
            && self.subscripts == other.subscripts
            && self.star == other.star
            && self.sign == other.sign
            && self.span == other.span
    }
}

/// One comma-separated item of a subscript.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscript {
    /// Canonical text: `t`, `01`, `+`, `\mathrm{sq}`, `i`.
    pub text: String,
    /// The item parsed as an expression, when it is one (an index such as `i` or `n`).
    pub expr: Option<Expr>,
    /// Where the item is written.
    pub span: Span,
}

impl Symbol {
    /// The canonical key of the symbol with its first `named` subscripts: `p_{t}` for `p_t` with
    /// `named = 1`, `p` with `named = 0`.
    pub fn key_with(&self, named: usize) -> String {
        let mut key = self.base.clone();
        if named > 0 {
            let items: Vec<&str> = self.subscripts[..named].iter().map(|s| s.text.as_str()).collect();
            key.push_str("_{");
            key.push_str(&items.join(","));
            key.push('}');
        }
        if self.star {
            key.push_str("^{*}");
        }
        if let Some(sign) = self.sign {
            key.push_str("^{");
            key.push(sign);
            key.push('}');
        }
        key
    }

    /// The canonical key with every subscript: `p_{t}`, `y_{i}`, `\operatorname{FL}^{*}`.
    pub fn key(&self) -> String {
        self.key_with(self.subscripts.len())
    }

    /// [`key_with`](Symbol::key_with), without allocating after the first call.
    pub fn key_ref(&self, named: usize) -> &str {
        &self.keys.get_or_init(|| (0..=self.subscripts.len()).map(|n| self.key_with(n)).collect())[named]
    }

    /// A symbol with no subscripts from a base, for tests and tables.
    pub fn plain(base: &str) -> Symbol {
        Symbol::new(base.to_owned(), Span::default())
    }

    /// A symbol with no subscripts.
    pub fn new(base: String, span: Span) -> Symbol {
        Symbol { base, subscripts: Vec::new(), star: false, sign: None, span, keys: std::cell::OnceCell::new() }
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: Span,
}

/// The functions the parser knows by their TeX command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `\log`, `\ln`: natural logarithm (the book's `\log` is always natural).
    Log,
    /// `\exp`, and `e^{…}`.
    Exp,
    /// `\sqrt{…}`.
    Sqrt,
    /// `|…|`, `\lvert … \rvert`; on a set, its number of elements.
    Abs,
    /// `\max(a, b)`.
    Max,
    /// `\min(a, b)`.
    Min,
}

/// `\sum` or `\prod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BigOp {
    /// `\sum`.
    Sum,
    /// `\prod`.
    Prod,
    /// `\max_i` (maximum over an index).
    Max,
    /// `\min_i`.
    Min,
}

/// An argument of a call: positional, or `name = value` (`\operatorname{FL}(p = \pi,\ y = -1)`).
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// `Some(p)` for `p = \pi`.
    pub name: Option<Symbol>,
    /// The value.
    pub value: Expr,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A decimal literal.
    Number(f64),
    /// `\infty`.
    Infinity,
    /// A symbol (or Euler's `e` when no symbol of that name is bound).
    Symbol(Symbol),
    /// `-a`.
    Neg(Box<Expr>),
    /// `a + b`.
    Add(Box<Expr>, Box<Expr>),
    /// `a - b`.
    Sub(Box<Expr>, Box<Expr>),
    /// `a b`, `a \cdot b`, `a\,b`.
    Mul(Box<Expr>, Box<Expr>),
    /// `\frac{a}{b}`, `a / b`.
    Div(Box<Expr>, Box<Expr>),
    /// `a^{b}`.
    Pow(Box<Expr>, Box<Expr>),
    /// A known function: `\log p_t`, `\sqrt{…}`, `|x|`, `\max(u, 0)`.
    Builtin(Builtin, Vec<Expr>),
    /// A symbol followed by parentheses: `\operatorname{FL}(p_t)`, `\sigma(x)`, `L(\theta)`.
    /// Evaluated as a call when the symbol names a function, else as a product.
    Apply {
        /// The function (or factor).
        head: Symbol,
        /// `σ'(x)`: the derivative of the function.
        prime: bool,
        /// The arguments, `\|` and `,` both separate.
        args: Vec<Arg>,
    },
    /// `\sum_{i=1}^{n} body`, `\sum_{i:\, p_i > 0} body`, `\sum_{k \ne c} body` (the index's
    /// range, with a condition), `\sum_i body`, `\max_i body`.
    Big {
        /// Which operator.
        op: BigOp,
        /// The index variable.
        index: String,
        /// `i = lower` (an implicit range starts at 1).
        lower: Option<Box<Expr>>,
        /// `^{upper}` (an implicit range ends at the index's length).
        upper: Option<Box<Expr>>,
        /// `i:\, condition`.
        filter: Option<Box<Statement>>,
        /// The summand.
        body: Box<Expr>,
    },
    /// `\frac{\mathrm{d} f}{\mathrm{d} x}`: the derivative of `of` with respect to `var`;
    /// `\frac{\partial}{\partial \sigma^2}\left( … \right)` differentiates with respect to a
    /// power of the variable (`power` 2).
    Derivative {
        /// What is differentiated: a symbol, a function name, or an expression.
        of: Box<Expr>,
        /// The variable.
        var: Symbol,
        /// The power of `var` written in the denominator: 1 for `\partial x`, 2 for `\partial \sigma^2`.
        power: u32,
    },
    /// `\nabla_z f`: the vector of the partial derivatives of `of` with respect to the elements
    /// of the vector `var`.
    Gradient {
        /// What is differentiated.
        of: Box<Expr>,
        /// The vector variable.
        var: Symbol,
    },
    /// `\lim_{x \to a} body`, and the left side of `body \xrightarrow[x \to a]{} L`: the value
    /// `body` approaches along a sequence of points (see [`crate::eval`]).
    Limit {
        /// The variable.
        var: Symbol,
        /// Where it goes: `-\infty`, `+\infty` or a number.
        to: Box<Expr>,
        /// The expression.
        body: Box<Expr>,
    },
    /// `\cdots` in a chain `a_{(1)} \ge a_{(2)} \ge \cdots \ge a_{(N)}`: the terms the dots stand
    /// for, the pattern of the two terms before them continued up to the term after them. The
    /// `j`-th term is the TeX `prefix`, `j`, `suffix` ([`ExprKind::ellipsis_term`]).
    Ellipsis {
        /// The TeX before the number that counts up (`a_{(`).
        prefix: String,
        /// The TeX after it (`)}`).
        suffix: String,
        /// The number of the term just before the dots (the pattern's second term).
        first: i64,
        /// The number of the term just after the dots.
        last: Box<Expr>,
    },
    /// `\begin{cases} value & condition \\ … \end{cases}`.
    Cases(Vec<Case>),
    /// `\left. e \right|_{p_t = 1}`, `v\big|_{p_t = 1}`.
    At {
        /// The expression evaluated.
        expr: Box<Expr>,
        /// The values it is evaluated at.
        bindings: Vec<(Symbol, Expr)>,
    },
    /// `\underset{\theta}{\operatorname{arg\,min}} body`.
    ArgMin {
        /// The variable minimised over.
        var: Symbol,
        /// The objective.
        body: Box<Expr>,
    },
    /// `\{0, 1\}`.
    SetLiteral(Vec<Expr>),
    /// `[k = c]`, the Iverson bracket: 1 where the statement holds, 0 where it does not.
    Iverson(Box<Statement>),
    /// `(\ell_i)_{i:\, y_i = -1}`: the vector of `body` for the values of `index` (1 to its
    /// length) that meet `filter`, in order.
    Family {
        /// The index.
        index: String,
        /// The condition on it.
        filter: Box<Statement>,
        /// The element.
        body: Box<Expr>,
    },
    /// `\{\, i : y_i = +1 \,\}`.
    SetBuilder {
        /// The index.
        index: String,
        /// The condition.
        condition: Box<Statement>,
    },
    /// `(0.5, 0.5)`: a vector literal.
    Tuple(Vec<Expr>),
}

impl ExprKind {
    /// The TeX of term `j` of an [`ExprKind::Ellipsis`] (`None` for anything else).
    pub fn ellipsis_term(&self, j: i64) -> Option<String> {
        match self {
            ExprKind::Ellipsis { prefix, suffix, .. } => Some(format!("{prefix}{j}{suffix}")),
            _ => None,
        }
    }
}

/// One row of a `cases` environment.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The value.
    pub value: Expr,
    /// `None` for `\text{otherwise}`.
    pub condition: Option<Statement>,
}

/// A relation symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// `=`.
    Eq,
    /// `\approx`: equal to the digits displayed.
    Approx,
    /// `\le`.
    Le,
    /// `\ge`.
    Ge,
    /// `<`.
    Lt,
    /// `>`.
    Gt,
    /// `\lesssim`: at most (checked like `\le`).
    Lesssim,
    /// `\in` a set.
    In,
    /// `\ne`.
    Ne,
    /// `\xrightarrow[x \to a]{}`: the left side tends to the right side as `x \to a`. The parser
    /// makes the right term an [`ExprKind::Limit`] that carries `x` and `a` (its own value is
    /// its body's limit, the body itself when that does not depend on `x`).
    Tends,
}

impl Rel {
    /// The TeX it is written with.
    pub fn tex(self) -> &'static str {
        match self {
            Rel::Eq => "=",
            Rel::Approx => "\\approx",
            Rel::Le => "\\le",
            Rel::Ge => "\\ge",
            Rel::Lt => "<",
            Rel::Gt => ">",
            Rel::Lesssim => "\\lesssim",
            Rel::In => "\\in",
            Rel::Ne => "\\ne",
            Rel::Tends => "\\xrightarrow",
        }
    }
}

/// `\iff` or `\implies` / `\Longrightarrow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logic {
    /// `\implies`, `\Longrightarrow`.
    Implies,
    /// `\iff`.
    Iff,
}

/// A statement: a chain of relations, a logical combination, or an assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// What it is.
    pub kind: StatementKind,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of statement.
#[derive(Debug, Clone, PartialEq)]
pub enum StatementKind {
    /// `a = b \le c`: `terms.len() == rels.len() + 1`. A lone expression has no relation.
    Chain {
        /// The expressions.
        terms: Vec<Expr>,
        /// The relations between consecutive terms.
        rels: Vec<Rel>,
    },
    /// `A \implies B \implies C`, `A \iff B`: `parts.len() == ops.len() + 1`.
    Logic {
        /// The statements.
        parts: Vec<Statement>,
        /// The connectives between consecutive parts.
        ops: Vec<Logic>,
    },
    /// `A \text{ and } B`, and the comma-separated premises of an implication.
    And(Vec<Statement>),
    /// `i = 1, \dots, N`: an index and its range, as a formula states it.
    Range {
        /// The index letter.
        index: String,
        /// The first value.
        from: Expr,
        /// The last value.
        to: Expr,
    },
    /// `\theta \leftarrow \theta - \eta\,\frac{\partial L}{\partial\theta}`.
    Assign {
        /// What is assigned.
        target: Symbol,
        /// The new value.
        value: Expr,
    },
}

/// One item of a display: a statement and the parenthesised condition written after it,
/// `\quad (p = 1)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The statement.
    pub statement: Statement,
    /// `(t > 0)` after it.
    pub condition: Option<Statement>,
}

/// A parsed display formula: its items, separated by `,`, `\quad`, `\qquad` or `:`.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// The TeX it was parsed from.
    pub source: String,
    /// The items in order.
    pub items: Vec<Item>,
}

impl Expr {
    /// The direct subexpressions of an expression.
    pub(crate) fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Number(_) | ExprKind::Infinity | ExprKind::Symbol(_) => Vec::new(),
            ExprKind::Neg(a) => vec![a],
            ExprKind::Add(a, b)
            | ExprKind::Sub(a, b)
            | ExprKind::Mul(a, b)
            | ExprKind::Div(a, b)
            | ExprKind::Pow(a, b) => {
                vec![a, b]
            }
            ExprKind::Builtin(_, args) | ExprKind::SetLiteral(args) | ExprKind::Tuple(args) => args.iter().collect(),
            ExprKind::Apply { args, .. } => args.iter().map(|a| &a.value).collect(),
            ExprKind::Big { lower, upper, body, .. } => {
                let mut v: Vec<&Expr> = Vec::new();
                if let Some(l) = lower {
                    v.push(l);
                }
                if let Some(u) = upper {
                    v.push(u);
                }
                v.push(body);
                v
            }
            ExprKind::Derivative { of, .. } | ExprKind::Gradient { of, .. } => vec![of],
            ExprKind::Limit { to, body, .. } => vec![to, body],
            ExprKind::Ellipsis { last, .. } => vec![last],
            ExprKind::Cases(rows) => rows.iter().map(|r| &r.value).collect(),
            ExprKind::At { expr, bindings } => {
                let mut v: Vec<&Expr> = vec![expr];
                v.extend(bindings.iter().map(|(_, e)| e));
                v
            }
            ExprKind::ArgMin { body, .. } => vec![body],
            ExprKind::Family { body, .. } => vec![body],
            ExprKind::SetBuilder { .. } | ExprKind::Iverson(_) => Vec::new(),
        }
    }
}
