//! A recursive-descent parser for the TeX math the book displays.
//!
//! See the crate documentation for the constructs it accepts and why it is hand-written.

use crate::ast::{
    Arg, BigOp, Builtin, Case, Expr, ExprKind, Formula, Item, Logic, Rel, Span, Statement, StatementKind, Subscript,
    Symbol,
};
pub use crate::lexer::ParseError;
use crate::lexer::{Tok, Token, tokenize};

/// Parses a display formula (the TeX between `$$` and `$$`).
///
/// # Errors
/// A [`ParseError`] naming the construct, the byte offset, line and column.
///
/// # Examples
/// ```
/// let formula = formula::parse(r"\operatorname{FL}(p_t) = -(1 - p_t)^{\gamma}\log p_t")?;
/// assert_eq!(formula.items.len(), 1);
/// let error = formula::parse(r"\frac{1}{").unwrap_err();
/// assert_eq!(error.to_string(), "line 1, column 9: `\\frac`: its denominator `{` is never closed");
/// # Ok::<(), formula::ParseError>(())
/// ```
pub fn parse(source: &str) -> Result<Formula, ParseError> {
    let items = Parser::new(source)?.items()?;
    Ok(Formula { source: source.to_owned(), items })
}

/// Parses one expression (no relation), as in a domain bound or a marker binding's right side.
///
/// # Errors
/// A [`ParseError`] when `source` is not exactly one expression.
pub fn parse_expression(source: &str) -> Result<Expr, ParseError> {
    let mut parser = Parser::new(source)?;
    parser.nest = 1;
    let expr = parser.expr()?;
    parser.expect_end("an expression")?;
    Ok(expr)
}

/// Parses one symbol: `p_t`, `\hat y`, `\operatorname{FL}^{\ast}`.
///
/// # Errors
/// A [`ParseError`] when `source` is not exactly one symbol.
pub fn parse_symbol(source: &str) -> Result<Symbol, ParseError> {
    let expr = parse_expression(source)?;
    match expr.kind {
        ExprKind::Symbol(symbol) => Ok(symbol),
        _ => Err(ParseError::at(source, 0, "a symbol", "expected a single symbol such as `p_t` or `\\gamma`")),
    }
}

/// Greek letters and other commands that name a symbol.
const SYMBOL_COMMANDS: &[&str] = &[
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Pi",
    "Sigma",
    "Phi",
    "Psi",
    "Omega",
    "ell",
    "top",
];

/// Commands that only space.
const SPACING: &[&str] = &[",", ";", "!", " ", ":", ">", "thinspace", "medspace", "thickspace", "enspace"];

/// Size prefixes of delimiters.
const SIZES: &[&str] = &[
    "left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "biggl", "biggr", "Biggl", "Biggr", "bigg", "Bigg",
    "middle",
];

/// A delimiter kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delim {
    Paren,
    Bracket,
    Brace,
    Bar,
    /// `\left.`
    None,
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    /// Depth of groups and brackets: `\quad` separates items only at depth 0.
    nest: usize,
    /// Depth of `|…|`: inside, a `|` closes.
    bars: usize,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Result<Self, ParseError> {
        Ok(Parser { src, toks: tokenize(src)?, pos: 0, nest: 0, bars: 0 })
    }

    fn error(&self, construct: &str, message: &str) -> ParseError {
        ParseError::at(self.src, self.toks[self.pos].span.start, construct, message)
    }

    fn is_spacing(&self, tok: &Tok) -> bool {
        match tok {
            Tok::Cmd(name) => {
                SPACING.contains(&name.as_str()) || (self.nest > 0 && (name == "quad" || name == "qquad"))
            }
            _ => false,
        }
    }

    fn skip_space(&mut self) {
        while self.is_spacing(&self.toks[self.pos].tok) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> &Tok {
        self.skip_space();
        &self.toks[self.pos].tok
    }

    /// The token after the next one (spacing skipped before the next only).
    fn peek2(&mut self) -> &Tok {
        self.skip_space();
        &self.toks[(self.pos + 1).min(self.toks.len() - 1)].tok
    }

    fn raw(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn bump(&mut self) -> Token {
        self.skip_space();
        let token = self.toks[self.pos].clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        token
    }

    fn here(&mut self) -> usize {
        self.skip_space();
        self.toks[self.pos].span.start
    }

    /// End of the previous token.
    fn last_end(&self) -> usize {
        if self.pos == 0 { 0 } else { self.toks[self.pos - 1].span.end }
    }

    fn is_cmd(&mut self, name: &str) -> bool {
        matches!(self.peek(), Tok::Cmd(n) if n == name)
    }

    fn is_char(&mut self, c: char) -> bool {
        matches!(self.peek(), Tok::Char(x) if *x == c)
    }

    fn eat_char(&mut self, c: char) -> bool {
        if self.is_char(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect_end(&mut self, construct: &str) -> Result<(), ParseError> {
        if matches!(self.peek(), Tok::Eof) {
            Ok(())
        } else {
            Err(self.error(construct, &format!("unexpected {} after it", describe(self.raw()))))
        }
    }

    fn expect_open(&mut self, construct: &str, what: &str) -> Result<usize, ParseError> {
        match self.peek() {
            Tok::Open => {
                let start = self.bump().span.start;
                self.nest += 1;
                if !self.has_closing_brace() {
                    return Err(ParseError::at(
                        self.src,
                        start,
                        construct,
                        &format!("its {what} `{{` is never closed"),
                    ));
                }
                Ok(start)
            }
            other => {
                let message = format!("expected `{{` to open its {what}, found {}", describe(other));
                Err(self.error(construct, &message))
            }
        }
    }

    fn expect_close(&mut self, construct: &str, what: &str, open: usize) -> Result<(), ParseError> {
        match self.peek() {
            Tok::Close => {
                self.bump();
                self.nest -= 1;
                Ok(())
            }
            Tok::Eof => Err(ParseError::at(self.src, open, construct, &format!("its {what} `{{` is never closed"))),
            other => {
                let message = format!("expected `}}` to close its {what}, found {}", describe(other));
                Err(self.error(construct, &message))
            }
        }
    }

    /// Whether the `{` just consumed has a matching `}`.
    fn has_closing_brace(&self) -> bool {
        let mut depth = 0usize;
        for token in &self.toks[self.pos..] {
            match token.tok {
                Tok::Open => depth += 1,
                Tok::Close if depth == 0 => return true,
                Tok::Close => depth -= 1,
                _ => {}
            }
        }
        false
    }

    /// `{ expr }` or a single-token argument (`^2`, `_i`, `\hat y`).
    fn group_expr(&mut self, construct: &str, what: &str) -> Result<Expr, ParseError> {
        if matches!(self.peek(), Tok::Open) {
            let open = self.expect_open(construct, what)?;
            if matches!(self.peek(), Tok::Close) {
                return Err(self.error(construct, &format!("its {what} is empty")));
            }
            let expr = self.expr()?;
            self.expect_close(construct, what, open)?;
            Ok(expr)
        } else {
            self.single_token_arg(construct, what)
        }
    }

    fn single_token_arg(&mut self, construct: &str, what: &str) -> Result<Expr, ParseError> {
        let token = self.bump();
        let span = token.span;
        let kind = match token.tok {
            Tok::Num(text) => {
                // `^23` is `^{2}3` in TeX: only the first digit is the argument.
                let first = &text[..1];
                if text.len() > 1 {
                    return Err(ParseError::at(
                        self.src,
                        span.start,
                        construct,
                        &format!("write its {what} in braces: `{{{text}}}` (TeX takes only one digit)"),
                    ));
                }
                ExprKind::Number(first.parse().expect("a digit"))
            }
            Tok::Char(c) if c.is_alphabetic() => ExprKind::Symbol(Symbol::new(c.to_string(), span)),
            Tok::Cmd(name) if SYMBOL_COMMANDS.contains(&name.as_str()) => {
                ExprKind::Symbol(Symbol::new(format!("\\{name}"), span))
            }
            Tok::Cmd(name) if name == "ast" => ExprKind::Symbol(Symbol::plain("\\ast")),
            Tok::Char('*') => ExprKind::Symbol(Symbol::plain("\\ast")),
            other => {
                self.pos -= 1;
                return Err(self.error(construct, &format!("expected its {what}, found {}", describe(&other))));
            }
        };
        Ok(Expr { kind, span })
    }

    // ----- items and statements -------------------------------------------------------------

    fn items(&mut self) -> Result<Vec<Item>, ParseError> {
        let mut items: Vec<Item> = Vec::new();
        // Whether the separator before the current item was a bare comma.
        let mut weak_separator = false;
        let mut weak_before: Vec<bool> = Vec::new();
        loop {
            if matches!(self.peek(), Tok::Eof) {
                if items.is_empty() {
                    return Err(self.error("the formula", "it is empty"));
                }
                break;
            }
            if self.at_dots()
                && let Some(range) = self.try_range(&mut items)?
            {
                items.push(range);
                weak_before.push(weak_separator);
            } else if let Some(condition) = self.try_condition()? {
                match items.last_mut() {
                    Some(item) if item.condition.is_none() => item.condition = Some(condition),
                    _ => {
                        return Err(ParseError::at(
                            self.src,
                            condition.span.start,
                            "a condition `( … )`",
                            "it follows no relation",
                        ));
                    }
                }
            } else {
                let statement = self.statement()?;
                items.push(Item { statement, condition: None });
                weak_before.push(weak_separator);
            }
            // Separators.
            let mut any = false;
            let mut strong = false;
            loop {
                match self.peek().clone() {
                    Tok::Char(',') => {
                        self.bump();
                        any = true;
                    }
                    Tok::Char(':') | Tok::Char('.') | Tok::Char(';') => {
                        self.bump();
                        any = true;
                        strong = true;
                    }
                    Tok::Cmd(name) if name == "quad" || name == "qquad" => {
                        self.bump();
                        any = true;
                        strong = true;
                    }
                    _ => break,
                }
            }
            weak_separator = any && !strong;
            if !any && !matches!(self.peek(), Tok::Eof) && !matches!(self.peek(), Tok::Char('(')) {
                return Err(
                    self.error("the formula", &format!("expected a relation or `,`, found {}", describe(self.raw())))
                );
            }
        }
        // `A,\ B \implies C`: the comma-separated relations before an implication are its premises.
        let mut merged: Vec<Item> = Vec::new();
        for (item, weak) in items.into_iter().zip(weak_before) {
            let joins = weak
                && merged.last().is_some_and(|prev: &Item| {
                    prev.condition.is_none() && matches!(prev.statement.kind, StatementKind::Chain { .. })
                })
                && matches!(&item.statement.kind, StatementKind::Logic { parts, .. } if matches!(parts[0].kind, StatementKind::Chain { .. }));
            if joins {
                let prev = merged.pop().expect("checked");
                let mut item = item;
                if let StatementKind::Logic { parts, .. } = &mut item.statement.kind {
                    let first = parts[0].clone();
                    let span = prev.statement.span.to(first.span);
                    parts[0] = Statement { kind: StatementKind::And(vec![prev.statement.clone(), first]), span };
                }
                item.statement.span = prev.statement.span.to(item.statement.span);
                merged.push(item);
            } else {
                merged.push(item);
            }
        }
        Ok(merged)
    }

    fn at_dots(&mut self) -> bool {
        matches!(self.peek(), Tok::Cmd(n) if n == "dots" || n == "ldots" || n == "cdots")
    }

    /// `i = 1, \dots, N`: the previous item `i = 1` and the dots make a range.
    fn try_range(&mut self, items: &mut Vec<Item>) -> Result<Option<Item>, ParseError> {
        let Some(last) = items.last() else { return Ok(None) };
        let StatementKind::Chain { terms, rels } = &last.statement.kind else { return Ok(None) };
        let is_index = |e: &Expr| matches!(&e.kind, ExprKind::Symbol(s) if s.subscripts.is_empty() && !s.star);
        if rels.as_slice() != [Rel::Eq] || last.condition.is_some() || !is_index(&terms[0]) {
            return Ok(None);
        }
        let ExprKind::Symbol(index) = &terms[0].kind else { unreachable!() };
        let (index, from) = (index.key(), terms[1].clone());
        let start = last.statement.span.start;
        self.bump();
        if !self.eat_char(',') {
            return Err(self.error("a range `i = 1, \\dots, N`", "expected `,` after the dots"));
        }
        let to = self.expr()?;
        items.pop();
        let span = Span::new(start, to.span.end);
        Ok(Some(Item {
            statement: Statement { kind: StatementKind::Range { index, from, to }, span },
            condition: None,
        }))
    }

    /// Whether a condition `( relation )` ends the item here ([`try_condition`](Self::try_condition)
    /// would read one), as in `H\,\frac{p_k}{1 - p_c}\ \ (k \ne c)`.
    fn condition_ahead(&mut self) -> bool {
        if !self.is_char('(') {
            return false;
        }
        let (save, nest, bars) = (self.pos, self.nest, self.bars);
        let found = matches!(self.try_condition(), Ok(Some(_)));
        (self.pos, self.nest, self.bars) = (save, nest, bars);
        found
    }

    /// Relations joined by `\text{ and }` or `,` (the condition of a set builder or a family).
    fn conjunction(&mut self) -> Result<Statement, ParseError> {
        let mut parts = vec![self.statement()?];
        loop {
            match self.peek().clone() {
                Tok::Text(text) if text.trim() == "and" => {}
                Tok::Char(',') => {}
                _ => break,
            }
            self.bump();
            parts.push(self.statement()?);
        }
        if parts.len() == 1 {
            return Ok(parts.pop().expect("one"));
        }
        let span = parts[0].span.to(parts.last().expect("parts").span);
        Ok(Statement { kind: StatementKind::And(parts), span })
    }

    /// `( relation )` followed by a separator or the end: a condition on the previous item.
    fn try_condition(&mut self) -> Result<Option<Statement>, ParseError> {
        if !self.is_char('(') {
            return Ok(None);
        }
        let save = self.pos;
        let start = self.bump().span.start;
        self.nest += 1;
        let parsed = self.statement();
        self.nest -= 1;
        if let Ok(statement) = parsed {
            let has_relation = matches!(&statement.kind, StatementKind::Chain { rels, .. } if !rels.is_empty());
            if has_relation && self.eat_char(')') {
                let end = self.last_end();
                let next = self.peek().clone();
                let at_boundary = matches!(next, Tok::Eof | Tok::Char(',') | Tok::Char('.'))
                    || matches!(&next, Tok::Cmd(n) if n == "quad" || n == "qquad");
                if at_boundary {
                    return Ok(Some(Statement { kind: statement.kind, span: Span::new(start, end) }));
                }
            }
        }
        self.pos = save;
        Ok(None)
    }

    fn statement(&mut self) -> Result<Statement, ParseError> {
        let first = self.chain()?;
        let mut parts = vec![first];
        let mut ops = Vec::new();
        loop {
            let op = match self.peek() {
                Tok::Cmd(n) if n == "iff" || n == "Longleftrightarrow" => Logic::Iff,
                Tok::Cmd(n) if n == "implies" || n == "Longrightarrow" || n == "Rightarrow" => Logic::Implies,
                _ => break,
            };
            self.bump();
            ops.push(op);
            parts.push(self.chain()?);
        }
        if ops.is_empty() {
            Ok(parts.pop().expect("one part"))
        } else {
            let span = parts[0].span.to(parts.last().expect("parts").span);
            Ok(Statement { kind: StatementKind::Logic { parts, ops }, span })
        }
    }

    fn relation(&mut self) -> Option<Rel> {
        let rel = match self.peek() {
            Tok::Char('=') => Rel::Eq,
            Tok::Char('<') => Rel::Lt,
            Tok::Char('>') => Rel::Gt,
            Tok::Cmd(n) => match n.as_str() {
                "le" | "leq" | "leqslant" => Rel::Le,
                "ge" | "geq" | "geqslant" => Rel::Ge,
                "approx" => Rel::Approx,
                "lesssim" => Rel::Lesssim,
                "in" => Rel::In,
                "ne" | "neq" => Rel::Ne,
                _ => return None,
            },
            _ => return None,
        };
        self.bump();
        Some(rel)
    }

    fn chain(&mut self) -> Result<Statement, ParseError> {
        let first = self.expr()?;
        let start = first.span;
        if self.is_cmd("leftarrow") || self.is_cmd("gets") {
            self.bump();
            let target = match first.kind {
                ExprKind::Symbol(symbol) => symbol,
                _ => {
                    return Err(ParseError::at(
                        self.src,
                        start.start,
                        "`\\leftarrow`",
                        "its left side must be a symbol",
                    ));
                }
            };
            let value = self.expr()?;
            let span = start.to(value.span);
            return Ok(Statement { kind: StatementKind::Assign { target, value }, span });
        }
        let mut terms = vec![first];
        let mut rels = Vec::new();
        loop {
            if self.is_cmd("xrightarrow") {
                rels.push(Rel::Tends);
                terms.push(self.tends_to()?);
                continue;
            }
            let Some(rel) = self.relation() else { break };
            rels.push(rel);
            terms.push(self.expr()?);
        }
        self.expand_ellipses(&mut terms, &rels)?;
        let span = start.to(terms.last().expect("a term").span);
        Ok(Statement { kind: StatementKind::Chain { terms, rels }, span })
    }

    /// `\xrightarrow[x \to a]{} L`: the limit `L`, as an [`ExprKind::Limit`] term.
    fn tends_to(&mut self) -> Result<Expr, ParseError> {
        let construct = "`\\xrightarrow`";
        let start = self.bump().span.start;
        if !self.eat_char('[') {
            return Err(self.error(construct, "write the limit under the arrow: `\\xrightarrow[x \\to a]{}`"));
        }
        self.nest += 1;
        let (var, to) = self.limit_spec(construct)?;
        if !self.eat_char(']') {
            return Err(self.error(construct, "expected `]` after `x \\to a`"));
        }
        self.nest -= 1;
        let open = self.expect_open(construct, "label above the arrow")?;
        self.expect_close(construct, "label above the arrow (leave it empty)", open)?;
        let body = self.expr()?;
        Ok(Expr {
            span: Span::new(start, body.span.end),
            kind: ExprKind::Limit { var, to: Box::new(to), body: Box::new(body) },
        })
    }

    /// `x \to a` under `\lim` or an arrow.
    fn limit_spec(&mut self, construct: &str) -> Result<(Symbol, Expr), ParseError> {
        let var = self.symbol_only(construct)?;
        if !(self.is_cmd("to") || self.is_cmd("rightarrow")) {
            return Err(self.error(construct, "expected `\\to` after the variable"));
        }
        self.bump();
        Ok((var, self.expr()?))
    }

    /// Replaces each `\cdots` of a chain by the terms it stands for: the two terms before it
    /// differ in one integer (`a_{(1)}`, `a_{(2)}`), the term after it has an expression there
    /// (`a_{(N)}`).
    fn expand_ellipses(&mut self, terms: &mut [Expr], rels: &[Rel]) -> Result<(), ParseError> {
        let construct = "`\\cdots` in a chain";
        for e in 0..terms.len() {
            let ExprKind::Ellipsis { first, .. } = &terms[e].kind else { continue };
            if *first != i64::MIN {
                continue;
            }
            let at = terms[e].span.start;
            if e < 2 || e + 1 >= terms.len() || rels[e - 1] != rels[e] || rels[e - 2] != rels[e] {
                return Err(ParseError::at(
                    self.src,
                    at,
                    construct,
                    "write two terms before the dots and one after, with the same relation: `a_1 \\le a_2 \\le \\cdots \\le a_n`",
                ));
            }
            let text = |t: &Expr| t.span.text(self.src).trim().to_owned();
            let (a, b, z) = (text(&terms[e - 2]), text(&terms[e - 1]), text(&terms[e + 1]));
            let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            let prefix: String = a.chars().take(prefix).collect();
            let suffix_len = a[prefix.len()..]
                .chars()
                .rev()
                .zip(b[prefix.len()..].chars().rev())
                .take_while(|(x, y)| x == y)
                .count();
            let suffix: String = a.chars().rev().take(suffix_len).collect::<Vec<_>>().into_iter().rev().collect();
            let middle = |t: &str| -> Option<String> {
                let rest = t.strip_prefix(prefix.as_str())?.strip_suffix(suffix.as_str())?;
                (!rest.trim().is_empty()).then(|| rest.trim().to_owned())
            };
            let numbers =
                middle(&a).zip(middle(&b)).and_then(|(x, y)| x.parse::<i64>().ok().zip(y.parse::<i64>().ok()));
            let (Some((m_a, m_b)), Some(m_z)) = (numbers, middle(&z)) else {
                return Err(ParseError::at(
                    self.src,
                    at,
                    construct,
                    "the two terms before the dots must differ in one integer, and the term after them only there",
                ));
            };
            if m_b != m_a + 1 {
                return Err(ParseError::at(
                    self.src,
                    at,
                    construct,
                    "the two terms before the dots must count up by one",
                ));
            }
            let last = parse_expression(&m_z).map_err(|e| ParseError::at(self.src, at, construct, &e.message))?;
            terms[e].kind = ExprKind::Ellipsis { prefix, suffix, first: m_b, last: Box::new(last) };
        }
        Ok(())
    }

    /// A condition of a `cases` row or a `\text{ and }` conjunction.
    fn condition(&mut self) -> Result<Option<Statement>, ParseError> {
        let mut parts: Vec<Statement> = Vec::new();
        let mut otherwise = false;
        loop {
            match self.peek().clone() {
                Tok::Text(text) => {
                    let words = text.trim().trim_end_matches(['.', ',']).trim();
                    self.bump();
                    match words {
                        "if" | "and" | "" | "for" | "when" => {}
                        "otherwise" | "else" => otherwise = true,
                        other => {
                            self.pos -= 1;
                            return Err(self.error(
                                "a `cases` condition",
                                &format!("unknown text `{other}` (use `if`, `and`, `otherwise`)"),
                            ));
                        }
                    }
                }
                Tok::Char(',') | Tok::Char('.') => {
                    self.bump();
                }
                Tok::Cmd(n) if n == "\\" || n == "end" => break,
                Tok::Eof => break,
                _ => parts.push(self.statement()?),
            }
        }
        if otherwise {
            if !parts.is_empty() {
                return Err(self.error("a `cases` condition", "`otherwise` cannot have a condition"));
            }
            return Ok(None);
        }
        match parts.len() {
            0 => Err(self.error("a `cases` row", "it has no condition (write `\\text{otherwise}`)")),
            1 => Ok(parts.pop()),
            _ => {
                let span = parts[0].span.to(parts.last().expect("parts").span);
                Ok(Some(Statement { kind: StatementKind::And(parts), span }))
            }
        }
    }

    // ----- expressions -----------------------------------------------------------------------

    fn expr(&mut self) -> Result<Expr, ParseError> {
        let start = self.here();
        let mut lhs = if self.eat_char('-') {
            let term = self.term()?;
            Expr { span: Span::new(start, term.span.end), kind: ExprKind::Neg(Box::new(term)) }
        } else {
            self.eat_char('+');
            let mut term = self.term()?;
            term.span.start = start;
            term
        };
        loop {
            let add = if self.is_char('+') {
                true
            } else if self.is_char('-') {
                false
            } else {
                break;
            };
            self.bump();
            let rhs = self.term()?;
            let span = lhs.span.to(rhs.span);
            let kind = if add {
                ExprKind::Add(Box::new(lhs), Box::new(rhs))
            } else {
                ExprKind::Sub(Box::new(lhs), Box::new(rhs))
            };
            lhs = Expr { kind, span };
        }
        Ok(lhs)
    }

    /// A term that may start with a sign: the body of `\sum`, `\arg\min`.
    fn signed_term(&mut self) -> Result<Expr, ParseError> {
        let start = self.here();
        if self.eat_char('-') {
            let term = self.term()?;
            Ok(Expr { span: Span::new(start, term.span.end), kind: ExprKind::Neg(Box::new(term)) })
        } else {
            self.term()
        }
    }

    fn can_start_factor(&mut self) -> bool {
        let bars = self.bars;
        let next2 = self.peek2().clone();
        match self.peek() {
            Tok::Num(_) | Tok::Open => true,
            Tok::Char(c) => c.is_alphabetic() || *c == '(' || *c == '[' || (*c == '|' && bars == 0),
            Tok::Cmd(name) => match name.as_str() {
                "big" | "Big" | "bigg" | "Bigg" => {
                    matches!(next2, Tok::Char('(') | Tok::Char('['))
                        || matches!(&next2, Tok::Cmd(n) if n == "{" || n == "lvert")
                }
                "left" | "bigl" | "Bigl" | "biggl" | "Biggl" => true,
                "lvert" | "{" | "frac" | "dfrac" | "tfrac" | "sqrt" | "log" | "ln" | "exp" | "max" | "min" | "sum"
                | "prod" | "operatorname" | "mathcal" | "mathrm" | "mathbf" | "hat" | "bar" | "tilde" | "widehat"
                | "underset" | "infty" | "begin" | "mathbb" | "nabla" | "lim" => true,
                other => SYMBOL_COMMANDS.contains(&other),
            },
            _ => false,
        }
    }

    fn term(&mut self) -> Result<Expr, ParseError> {
        let mut lhs = self.factor()?;
        loop {
            let kind = if self.is_cmd("cdot") || self.is_cmd("times") {
                self.bump();
                let rhs = self.factor()?;
                ExprKind::Mul(Box::new(lhs.clone()), Box::new(rhs))
            } else if self.is_char('/') {
                self.bump();
                let rhs = self.factor()?;
                ExprKind::Div(Box::new(lhs.clone()), Box::new(rhs))
            } else if self.can_start_factor() && !self.condition_ahead() {
                let rhs = self.factor()?;
                ExprKind::Mul(Box::new(lhs.clone()), Box::new(rhs))
            } else {
                break;
            };
            let span = match &kind {
                ExprKind::Mul(a, b) | ExprKind::Div(a, b) => a.span.to(b.span),
                _ => unreachable!(),
            };
            lhs = Expr { kind, span };
        }
        Ok(lhs)
    }

    fn factor(&mut self) -> Result<Expr, ParseError> {
        let primary = self.primary()?;
        self.postfix(primary)
    }

    fn postfix(&mut self, mut expr: Expr) -> Result<Expr, ParseError> {
        loop {
            match self.raw().clone() {
                Tok::Sup => {
                    self.pos += 1;
                    let exponent = self.group_expr("a superscript `^`", "exponent")?;
                    let is_star = matches!(&exponent.kind, ExprKind::Symbol(s) if s.base == "\\ast");
                    if is_star {
                        match &mut expr.kind {
                            ExprKind::Symbol(symbol) => {
                                symbol.star = true;
                                symbol.keys = std::cell::OnceCell::new();
                            }
                            _ => {
                                return Err(ParseError::at(
                                    self.src,
                                    exponent.span.start,
                                    "`^{\\ast}`",
                                    "only a symbol can carry a star",
                                ));
                            }
                        }
                        expr.span.end = self.last_end();
                        if let ExprKind::Symbol(symbol) = &mut expr.kind {
                            symbol.span.end = expr.span.end;
                        }
                    } else {
                        let span = Span::new(expr.span.start, self.last_end());
                        expr = Expr { kind: ExprKind::Pow(Box::new(expr), Box::new(exponent)), span };
                    }
                }
                Tok::Sub => {
                    // `(\ell_i)_{i:\, y_i = -1}`: the family of the elements that meet the condition.
                    if let Some(family) = self.family(&expr)? {
                        expr = family;
                        continue;
                    }
                    let message = "a subscript must follow a symbol directly (`x_i`, not `(x)_i`); a family is `(x_i)_{i:\\, condition}`";
                    return Err(self.error("a subscript `_`", message));
                }
                Tok::Char('\'') if matches!(expr.kind, ExprKind::Symbol(_)) => {
                    self.pos += 1;
                    let ExprKind::Symbol(head) = expr.kind else { unreachable!() };
                    if !self.at_open_paren() {
                        return Err(self.error("a prime `'`", "write the argument: `\\sigma'(x)`"));
                    }
                    let args = self.call_args()?;
                    expr = Expr {
                        span: Span::new(expr.span.start, self.last_end()),
                        kind: ExprKind::Apply { head, prime: true, args },
                    };
                }
                Tok::Cmd(name)
                    if (name == "big" || name == "Big" || name == "bigr" || name == "Bigr") && self.bar_follows() =>
                {
                    // `v\big|_{p_t = 1}`
                    self.pos += 2;
                    let bindings = self.at_bindings()?;
                    expr = Expr {
                        span: Span::new(expr.span.start, self.last_end()),
                        kind: ExprKind::At { expr: Box::new(expr), bindings },
                    };
                }
                _ if matches!(expr.kind, ExprKind::Symbol(_)) && self.at_open_paren() => {
                    let ExprKind::Symbol(head) = expr.kind else { unreachable!() };
                    let args = self.call_args()?;
                    expr = Expr {
                        span: Span::new(expr.span.start, self.last_end()),
                        kind: ExprKind::Apply { head, prime: false, args },
                    };
                }
                _ => return Ok(expr),
            }
        }
    }

    /// `(body)_{i:\, condition}` after a parenthesised `body`, at its `_`: the family, or `None`
    /// (nothing consumed) if this is not one.
    fn family(&mut self, body: &Expr) -> Result<Option<Expr>, ParseError> {
        let parenthesised = self.src[body.span.start..].starts_with('(')
            || ["\\left(", "\\bigl(", "\\Bigl("].iter().any(|p| self.src[body.span.start..].starts_with(p));
        let braced = matches!(self.toks.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Open));
        if !parenthesised || !braced {
            return Ok(None);
        }
        let save = self.pos;
        self.pos += 1;
        let construct = "a family `(x_i)_{i:\\, condition}`";
        let open = self.expect_open(construct, "subscript")?;
        let index = self.symbol_only(construct)?;
        if !index.subscripts.is_empty() || !self.eat_char(':') {
            self.pos = save;
            self.nest -= 1;
            return Ok(None);
        }
        let filter = self.conjunction()?;
        self.expect_close(construct, "subscript", open)?;
        Ok(Some(Expr {
            span: Span::new(body.span.start, self.last_end()),
            kind: ExprKind::Family { index: index.key(), filter: Box::new(filter), body: Box::new(body.clone()) },
        }))
    }

    /// `\big|_{…}` ahead (raw tokens, no spacing).
    fn bar_follows(&self) -> bool {
        matches!(self.toks.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Char('|')))
            && matches!(self.toks.get(self.pos + 2).map(|t| &t.tok), Some(Tok::Sub))
    }

    /// A `(` directly ahead (no spacing command between), possibly sized.
    fn at_open_paren(&self) -> bool {
        match self.raw() {
            Tok::Char('(') => true,
            Tok::Cmd(n) if ["left", "bigl", "Bigl", "big", "Big"].contains(&n.as_str()) => {
                matches!(self.toks.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Char('(')))
            }
            _ => false,
        }
    }

    /// `_{p_t = 1}` after an evaluation bar.
    fn at_bindings(&mut self) -> Result<Vec<(Symbol, Expr)>, ParseError> {
        if !matches!(self.raw(), Tok::Sub) {
            return Err(self.error("an evaluation bar `|`", "expected `_{symbol = value}` after it"));
        }
        self.pos += 1;
        let open = self.expect_open("an evaluation bar `|`", "binding")?;
        let mut bindings = Vec::new();
        loop {
            let symbol = self.symbol_only("an evaluation bar `|`")?;
            if !self.eat_char('=') {
                return Err(self.error("an evaluation bar `|`", "expected `=` after the symbol"));
            }
            bindings.push((symbol, self.expr()?));
            if !self.eat_char(',') {
                break;
            }
        }
        self.expect_close("an evaluation bar `|`", "binding", open)?;
        Ok(bindings)
    }

    fn symbol_only(&mut self, construct: &str) -> Result<Symbol, ParseError> {
        let expr = self.factor()?;
        match expr.kind {
            ExprKind::Symbol(symbol) => Ok(symbol),
            _ => Err(ParseError::at(self.src, expr.span.start, construct, "expected a symbol")),
        }
    }

    /// `( a, b \| c, name = value )` with any delimiter size.
    fn call_args(&mut self) -> Result<Vec<Arg>, ParseError> {
        let (delim, open) = self.open_delim().ok_or_else(|| self.error("a function call", "expected `(`"))?;
        let mut args = Vec::new();
        loop {
            let value = self.expr()?;
            let arg = if self.is_char('=') {
                let ExprKind::Symbol(name) = value.kind else {
                    return Err(ParseError::at(
                        self.src,
                        value.span.start,
                        "a named argument",
                        "its name must be a symbol",
                    ));
                };
                self.bump();
                Arg { name: Some(name), value: self.expr()? }
            } else {
                Arg { name: None, value }
            };
            args.push(arg);
            if self.eat_char(',') {
                continue;
            }
            if self.is_cmd("|") {
                self.bump();
                continue;
            }
            break;
        }
        self.close_delim(delim, open, "a function call")?;
        Ok(args)
    }

    /// Consumes an opening delimiter (`(`, `\left(`, `\bigl[`, `\{`, `\lvert`, `|`, `\left.`).
    fn open_delim(&mut self) -> Option<(Delim, usize)> {
        let save = self.pos;
        let start = self.here();
        let sized = matches!(self.peek(), Tok::Cmd(n) if SIZES.contains(&n.as_str()));
        if sized {
            self.pos += 1;
        }
        let delim = match self.raw() {
            Tok::Char('(') => Delim::Paren,
            Tok::Char('[') => Delim::Bracket,
            Tok::Char('|') => Delim::Bar,
            Tok::Char('.') if sized => Delim::None,
            Tok::Cmd(n) if n == "{" => Delim::Brace,
            Tok::Cmd(n) if n == "lvert" || n == "vert" => Delim::Bar,
            _ => {
                self.pos = save;
                return None;
            }
        };
        self.pos += 1;
        self.nest += 1;
        Some((delim, start))
    }

    fn close_delim(&mut self, delim: Delim, open: usize, construct: &str) -> Result<(), ParseError> {
        let save = self.pos;
        if matches!(self.peek(), Tok::Cmd(n) if SIZES.contains(&n.as_str())) {
            self.pos += 1;
        }
        let ok = match (delim, self.raw()) {
            (Delim::Paren, Tok::Char(')')) | (Delim::Bracket, Tok::Char(']')) | (Delim::Bar, Tok::Char('|')) => true,
            (Delim::Brace, Tok::Cmd(n)) => n == "}",
            (Delim::Bar, Tok::Cmd(n)) => n == "rvert" || n == "vert",
            _ => false,
        };
        if ok {
            self.pos += 1;
            self.nest -= 1;
            return Ok(());
        }
        let found = describe(self.raw());
        self.pos = save;
        if matches!(self.peek(), Tok::Eof) {
            return Err(ParseError::at(self.src, open, construct, "its opening delimiter is never closed"));
        }
        let expected = match delim {
            Delim::Paren => "`)`",
            Delim::Bracket => "`]`",
            Delim::Brace => "`\\}`",
            Delim::Bar => "`|` or `\\rvert`",
            Delim::None => "`\\right|`",
        };
        Err(self.error(construct, &format!("expected {expected} to close it, found {found}")))
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let start = self.here();
        let token = self.toks[self.pos].clone();
        match &token.tok {
            Tok::Num(text) => {
                self.bump();
                let value: f64 = text
                    .parse()
                    .map_err(|_| ParseError::at(self.src, start, "a number", &format!("`{text}` is not a number")))?;
                Ok(Expr { kind: ExprKind::Number(value), span: token.span })
            }
            Tok::Char('e') if matches!(self.toks.get(self.pos + 1).map(|t| &t.tok), Some(Tok::Sup)) => {
                self.pos += 2;
                let exponent = self.group_expr("`e^{…}`", "exponent")?;
                Ok(Expr {
                    kind: ExprKind::Builtin(Builtin::Exp, vec![exponent]),
                    span: Span::new(start, self.last_end()),
                })
            }
            Tok::Char(c) if c.is_alphabetic() => {
                self.bump();
                let symbol = Symbol::new(c.to_string(), token.span);
                self.symbol_rest(symbol)
            }
            Tok::Char('|') if self.bars == 0 => {
                self.bump();
                self.bars += 1;
                self.nest += 1;
                let inner = self.expr()?;
                self.bars -= 1;
                self.nest -= 1;
                if !self.eat_char('|') {
                    return Err(ParseError::at(self.src, start, "`|…|`", "the absolute value is never closed"));
                }
                Ok(Expr { kind: ExprKind::Builtin(Builtin::Abs, vec![inner]), span: Span::new(start, self.last_end()) })
            }
            Tok::Char('(') | Tok::Char('[') => self.bracketed(),
            Tok::Open => {
                let open = self.expect_open("a group `{…}`", "group")?;
                let mut inner = self.expr()?;
                self.expect_close("a group `{…}`", "group", open)?;
                inner.span = Span::new(start, self.last_end());
                Ok(inner)
            }
            Tok::Cmd(name) => self.command(name.clone(), start),
            Tok::Text(text) => {
                Err(self.error("`\\text`", &format!("text `{text}` is only allowed in a `cases` condition")))
            }
            other => Err(self.error("an expression", &format!("expected a value, found {}", describe(other)))),
        }
    }

    /// `(…)`, `[…]`, `\left(…\right)`, `\bigl[…\bigr]`, `\lvert…\rvert`, `\{…\}`, `\left.…\right|_{…}`.
    fn bracketed(&mut self) -> Result<Expr, ParseError> {
        let start = self.here();
        let (delim, open) =
            self.open_delim().ok_or_else(|| self.error("a bracket", "expected an opening delimiter"))?;
        match delim {
            Delim::Brace => return self.set(start, open),
            Delim::None => {
                let inner = self.expr()?;
                // `\right|_{…}`
                if !matches!(self.peek(), Tok::Cmd(n) if n == "right") {
                    return Err(self.error("`\\left.`", "expected `\\right|_{…}` after it"));
                }
                self.pos += 1;
                if !matches!(self.raw(), Tok::Char('|')) {
                    return Err(self.error("`\\left.`", "expected `\\right|` (an evaluation bar)"));
                }
                self.pos += 1;
                self.nest -= 1;
                let bindings = self.at_bindings()?;
                return Ok(Expr {
                    span: Span::new(start, self.last_end()),
                    kind: ExprKind::At { expr: Box::new(inner), bindings },
                });
            }
            Delim::Bar => {
                self.bars += 1;
                let inner = self.expr();
                self.bars -= 1;
                let inner = inner?;
                self.close_delim(delim, open, "`\\lvert…\\rvert`")?;
                return Ok(Expr {
                    span: Span::new(start, self.last_end()),
                    kind: ExprKind::Builtin(Builtin::Abs, vec![inner]),
                });
            }
            Delim::Paren => {}
            Delim::Bracket => {
                // `[k = c]`: a relation in square brackets is the Iverson bracket.
                let (save, nest, bars) = (self.pos, self.nest, self.bars);
                if let Ok(statement) = self.statement()
                    && matches!(&statement.kind, StatementKind::Chain { rels, .. } if !rels.is_empty())
                    && self.close_delim(delim, open, "an Iverson bracket `[…]`").is_ok()
                {
                    return Ok(Expr {
                        span: Span::new(start, self.last_end()),
                        kind: ExprKind::Iverson(Box::new(statement)),
                    });
                }
                (self.pos, self.nest, self.bars) = (save, nest, bars);
            }
        }
        let first = self.expr()?;
        let mut items = vec![first];
        while self.eat_char(',') {
            items.push(self.expr()?);
        }
        self.close_delim(delim, open, "a bracket")?;
        let span = Span::new(start, self.last_end());
        if items.len() == 1 {
            let mut inner = items.pop().expect("one");
            inner.span = span;
            // Keep the brackets in the span so mutants can replace the whole factor.
            Ok(inner)
        } else {
            Ok(Expr { kind: ExprKind::Tuple(items), span })
        }
    }

    /// After `\{`: a set literal `\{0, 1\}` or a set builder `\{\, i : condition \,\}`.
    fn set(&mut self, start: usize, open: usize) -> Result<Expr, ParseError> {
        let first = self.expr()?;
        if self.eat_char(':') {
            let ExprKind::Symbol(index) = &first.kind else {
                return Err(ParseError::at(
                    self.src,
                    first.span.start,
                    "a set builder",
                    "expected an index before `:`",
                ));
            };
            let index = index.key();
            let condition = self.conjunction()?;
            self.close_delim(Delim::Brace, open, "a set builder")?;
            return Ok(Expr {
                span: Span::new(start, self.last_end()),
                kind: ExprKind::SetBuilder { index, condition: Box::new(condition) },
            });
        }
        let mut items = vec![first];
        while self.eat_char(',') {
            items.push(self.expr()?);
        }
        self.close_delim(Delim::Brace, open, "a set `\\{…\\}`")?;
        Ok(Expr { span: Span::new(start, self.last_end()), kind: ExprKind::SetLiteral(items) })
    }

    fn command(&mut self, name: String, start: usize) -> Result<Expr, ParseError> {
        let construct = format!("`\\{name}`");
        match name.as_str() {
            n if SYMBOL_COMMANDS.contains(&n) => {
                let token = self.bump();
                let symbol = Symbol::new(format!("\\{n}"), token.span);
                self.symbol_rest(symbol)
            }
            "hat" | "bar" | "tilde" | "widehat" => {
                self.bump();
                let inner = self.group_expr(&construct, "argument")?;
                let ExprKind::Symbol(inner) = inner.kind else {
                    return Err(ParseError::at(
                        self.src,
                        inner.span.start,
                        &construct,
                        "its argument must be a symbol",
                    ));
                };
                if !inner.subscripts.is_empty() {
                    return Err(ParseError::at(self.src, start, &construct, "put the subscript outside: `\\hat{y}_i`"));
                }
                let accent = if name == "widehat" { "hat" } else { name.as_str() };
                let symbol = Symbol::new(format!("\\{accent}{{{}}}", inner.base), Span::new(start, self.last_end()));
                self.symbol_rest(symbol)
            }
            "operatorname" | "mathcal" | "mathrm" | "mathbf" | "mathit" | "mathbb" => {
                self.bump();
                let text = self.raw_group(&construct)?;
                let base = if name == "mathrm" && text.chars().count() > 1 {
                    format!("\\operatorname{{{text}}}")
                } else {
                    format!("\\{name}{{{text}}}")
                };
                let symbol = Symbol::new(base, Span::new(start, self.last_end()));
                self.symbol_rest(symbol)
            }
            "frac" | "dfrac" | "tfrac" => {
                self.bump();
                let open = self.expect_open(&construct, "numerator")?;
                let numerator = self.derivative_part()?;
                let numerator = match numerator {
                    Some(of) => Err(of),
                    None => Ok(self.expr()?),
                };
                self.expect_close(&construct, "numerator", open)?;
                let open = self.expect_open(&construct, "denominator")?;
                let denominator = self.derivative_part()?;
                let result = match (numerator, denominator) {
                    (Err(of), Some(Some(var))) => {
                        let (var, power) = match var.kind {
                            ExprKind::Symbol(var) => (var, 1),
                            ExprKind::Pow(base, exponent) if matches!(base.kind, ExprKind::Symbol(_)) => {
                                let power = match exponent.kind {
                                    ExprKind::Number(k) if k >= 1.0 && k.fract() == 0.0 => k as u32,
                                    _ => 0,
                                };
                                let ExprKind::Symbol(var) = base.kind else { unreachable!() };
                                if power == 0 {
                                    return Err(ParseError::at(
                                        self.src,
                                        var.span.start,
                                        &construct,
                                        "differentiate with respect to a symbol or a whole power of it (`\\sigma^2`)",
                                    ));
                                }
                                (var, power)
                            }
                            _ => {
                                return Err(ParseError::at(
                                    self.src,
                                    var.span.start,
                                    &construct,
                                    "differentiate with respect to a symbol",
                                ));
                            }
                        };
                        self.expect_close(&construct, "denominator", open)?;
                        // `\frac{\partial}{\partial x} f`: the operator, applied to the next factor.
                        let of = match of {
                            Some(of) => of,
                            None => self.factor()?,
                        };
                        ExprKind::Derivative { of: Box::new(of), var, power }
                    }
                    (Ok(numerator), None) => {
                        let denominator = self.expr()?;
                        self.expect_close(&construct, "denominator", open)?;
                        ExprKind::Div(Box::new(numerator), Box::new(denominator))
                    }
                    _ => {
                        return Err(ParseError::at(
                            self.src,
                            start,
                            &construct,
                            "a derivative needs `\\mathrm{d}` in both numerator and denominator",
                        ));
                    }
                };
                Ok(Expr { kind: result, span: Span::new(start, self.last_end()) })
            }
            "sqrt" => {
                self.bump();
                let arg = self.group_expr(&construct, "argument")?;
                Ok(Expr { kind: ExprKind::Builtin(Builtin::Sqrt, vec![arg]), span: Span::new(start, self.last_end()) })
            }
            "log" | "ln" | "exp" => {
                self.bump();
                let builtin = if name == "exp" { Builtin::Exp } else { Builtin::Log };
                let arg = self.function_arg(&construct)?;
                Ok(Expr { kind: ExprKind::Builtin(builtin, vec![arg]), span: Span::new(start, self.last_end()) })
            }
            "max" | "min" => {
                self.bump();
                if matches!(self.raw(), Tok::Sub) {
                    self.pos += 1;
                    let index = self.group_expr(&construct, "index")?;
                    let ExprKind::Symbol(index) = index.kind else {
                        return Err(ParseError::at(
                            self.src,
                            index.span.start,
                            &construct,
                            "its subscript must be an index",
                        ));
                    };
                    let body = self.factor()?;
                    let op = if name == "max" { BigOp::Max } else { BigOp::Min };
                    return Ok(Expr {
                        span: Span::new(start, body.span.end),
                        kind: ExprKind::Big {
                            op,
                            index: index.key(),
                            lower: None,
                            upper: None,
                            filter: None,
                            body: Box::new(body),
                        },
                    });
                }
                let args = self.call_args()?;
                if args.len() != 2 || args.iter().any(|a| a.name.is_some()) {
                    return Err(ParseError::at(self.src, start, &construct, "expected two arguments: `\\max(a, b)`"));
                }
                let builtin = if name == "max" { Builtin::Max } else { Builtin::Min };
                let args = args.into_iter().map(|a| a.value).collect();
                Ok(Expr { kind: ExprKind::Builtin(builtin, args), span: Span::new(start, self.last_end()) })
            }
            "sum" | "prod" => {
                self.bump();
                let op = if name == "sum" { BigOp::Sum } else { BigOp::Prod };
                self.big_operator(op, start, &construct)
            }
            "underset" => {
                self.bump();
                let var = self.group_expr(&construct, "variable")?;
                let ExprKind::Symbol(var) = var.kind else {
                    return Err(ParseError::at(
                        self.src,
                        var.span.start,
                        &construct,
                        "its first argument must be a symbol",
                    ));
                };
                let open = self.expect_open(&construct, "operator")?;
                let operator = self.expr()?;
                self.expect_close(&construct, "operator", open)?;
                let is_argmin = matches!(&operator.kind, ExprKind::Symbol(s) if s.base == "\\operatorname{argmin}");
                if !is_argmin {
                    return Err(ParseError::at(
                        self.src,
                        operator.span.start,
                        &construct,
                        "only `\\operatorname{arg\\,min}` is supported",
                    ));
                }
                let body = self.signed_term()?;
                Ok(Expr { span: Span::new(start, body.span.end), kind: ExprKind::ArgMin { var, body: Box::new(body) } })
            }
            "ast" => {
                // Only meaningful as `^{\ast}`, which marks a symbol (see `postfix`).
                let token = self.bump();
                Ok(Expr { kind: ExprKind::Symbol(Symbol::new("\\ast".into(), token.span)), span: token.span })
            }
            "infty" => {
                let token = self.bump();
                Ok(Expr { kind: ExprKind::Infinity, span: token.span })
            }
            "begin" => self.cases(start),
            "nabla" => {
                self.bump();
                if !matches!(self.raw(), Tok::Sub) {
                    return Err(self.error(&construct, "name the vector: `\\nabla_z f`"));
                }
                self.pos += 1;
                let var = self.group_expr(&construct, "vector")?;
                let ExprKind::Symbol(var) = var.kind else {
                    return Err(ParseError::at(self.src, var.span.start, &construct, "its subscript must be a symbol"));
                };
                let of = self.factor()?;
                Ok(Expr { span: Span::new(start, of.span.end), kind: ExprKind::Gradient { of: Box::new(of), var } })
            }
            "lim" => {
                self.bump();
                if !matches!(self.raw(), Tok::Sub) {
                    return Err(self.error(&construct, "write where the variable goes: `\\lim_{x \\to a}`"));
                }
                self.pos += 1;
                let open = self.expect_open(&construct, "subscript")?;
                let (var, to) = self.limit_spec(&construct)?;
                self.expect_close(&construct, "subscript", open)?;
                let body = self.signed_term()?;
                Ok(Expr {
                    span: Span::new(start, body.span.end),
                    kind: ExprKind::Limit { var, to: Box::new(to), body: Box::new(body) },
                })
            }
            "cdots" | "dots" | "ldots" => {
                // Expanded by the chain it stands in (`expand_ellipses`); anywhere else an error.
                let token = self.bump();
                let zero = Expr { kind: ExprKind::Number(0.0), span: token.span };
                Ok(Expr {
                    kind: ExprKind::Ellipsis {
                        prefix: String::new(),
                        suffix: String::new(),
                        first: i64::MIN,
                        last: Box::new(zero),
                    },
                    span: token.span,
                })
            }
            "left" | "bigl" | "Bigl" | "biggl" | "Biggl" | "big" | "Big" | "bigg" | "Bigg" | "lvert" | "{" => {
                self.bracketed()
            }
            _ => Err(self.error(&construct, "unknown or unsupported command here")),
        }
    }

    /// `\mathrm{d}` or `\partial` at the start of a fraction's part: returns what follows it
    /// (`Some(None)`: nothing, the operator form `\frac{\partial}{\partial x}`).
    fn derivative_part(&mut self) -> Result<Option<Option<Expr>>, ParseError> {
        let is_d = match self.peek() {
            Tok::Cmd(n) if n == "partial" => {
                self.bump();
                true
            }
            Tok::Cmd(n) if n == "mathrm" => {
                let save = self.pos;
                self.bump();
                let text = self.raw_group("`\\mathrm`")?;
                if text == "d" {
                    true
                } else {
                    self.pos = save;
                    false
                }
            }
            _ => false,
        };
        if !is_d {
            return Ok(None);
        }
        if matches!(self.peek(), Tok::Close) { Ok(Some(None)) } else { Ok(Some(Some(self.expr()?))) }
    }

    /// The argument of `\log`: parenthesised, or the next factor (`\log p_t`, `\log\frac{a}{b}`,
    /// `\log\sum_i e^{z_i}`).
    fn function_arg(&mut self, construct: &str) -> Result<Expr, ParseError> {
        if self.at_open_paren() || matches!(self.peek(), Tok::Char('(')) {
            let start = self.here();
            let (delim, open) = self.open_delim().expect("checked");
            let mut inner = self.expr()?;
            self.close_delim(delim, open, construct)?;
            inner.span = Span::new(start, self.last_end());
            return self.postfix(inner);
        }
        if !self.can_start_factor() {
            return Err(self.error(construct, &format!("expected its argument, found {}", describe(self.raw()))));
        }
        self.factor()
    }

    fn big_operator(&mut self, op: BigOp, start: usize, construct: &str) -> Result<Expr, ParseError> {
        let mut index = None;
        let mut lower = None;
        let mut upper = None;
        let mut filter = None;
        for _ in 0..2 {
            match self.raw() {
                Tok::Sub => {
                    self.pos += 1;
                    let open = if matches!(self.peek(), Tok::Open) {
                        Some(self.expect_open(construct, "subscript")?)
                    } else {
                        None
                    };
                    let symbol = self.symbol_only(construct)?;
                    if let Some(open) = open {
                        if self.eat_char('=') {
                            lower = Some(Box::new(self.expr()?));
                        } else if self.eat_char(':') {
                            filter = Some(Box::new(self.statement()?));
                        } else if let Some(rel) = self.relation() {
                            // `\sum_{k \ne c}`: the index's whole range, with a condition.
                            let index = Expr { span: symbol.span, kind: ExprKind::Symbol(symbol.clone()) };
                            let bound = self.expr()?;
                            let span = index.span.to(bound.span);
                            let kind = StatementKind::Chain { terms: vec![index, bound], rels: vec![rel] };
                            filter = Some(Box::new(Statement { kind, span }));
                        }
                        self.expect_close(construct, "subscript", open)?;
                    }
                    index = Some(symbol.key());
                }
                Tok::Sup => {
                    self.pos += 1;
                    upper = Some(Box::new(self.group_expr(construct, "upper limit")?));
                }
                _ => break,
            }
        }
        let Some(index) = index else {
            return Err(self.error(construct, "name its index: `\\sum_{i=1}^{n}` or `\\sum_i`"));
        };
        let body = self.signed_term()?;
        Ok(Expr {
            span: Span::new(start, body.span.end),
            kind: ExprKind::Big { op, index, lower, upper, filter, body: Box::new(body) },
        })
    }

    /// `\begin{cases} … \end{cases}`.
    fn cases(&mut self, start: usize) -> Result<Expr, ParseError> {
        self.bump();
        let environment = self.raw_group("`\\begin`")?;
        if environment != "cases" {
            return Err(ParseError::at(
                self.src,
                start,
                "`\\begin`",
                &format!("only the `cases` environment is supported, not `{environment}`"),
            ));
        }
        self.nest += 1;
        let mut rows = Vec::new();
        loop {
            if self.is_cmd("end") {
                break;
            }
            let value = self.expr()?;
            if !self.eat_char('&') {
                return Err(self.error("`cases`", "expected `&` between a value and its condition"));
            }
            let condition = self.condition()?;
            rows.push(Case { value, condition });
            if self.is_cmd("\\") {
                self.bump();
            } else if !self.is_cmd("end") {
                return Err(self.error("`cases`", "expected `\\\\` or `\\end{cases}`"));
            }
        }
        self.bump();
        let end = self.raw_group("`\\end`")?;
        if end != "cases" {
            return Err(self.error("`\\end`", "expected `\\end{cases}`"));
        }
        self.nest -= 1;
        if rows.is_empty() {
            return Err(ParseError::at(self.src, start, "`cases`", "it has no rows"));
        }
        Ok(Expr { kind: ExprKind::Cases(rows), span: Span::new(start, self.last_end()) })
    }

    /// The raw text of `{…}` after `\operatorname` and friends, spacing commands removed.
    fn raw_group(&mut self, construct: &str) -> Result<String, ParseError> {
        let open = self.expect_open(construct, "argument")?;
        let mut text = String::new();
        loop {
            match self.raw().clone() {
                Tok::Close => break,
                Tok::Eof => return Err(ParseError::at(self.src, open, construct, "its argument `{` is never closed")),
                Tok::Char(c) => text.push(c),
                Tok::Num(n) => text.push_str(&n),
                Tok::Cmd(c) if SPACING.contains(&c.as_str()) => {}
                _ => return Err(self.error(construct, "its argument must be plain text")),
            }
            self.pos += 1;
        }
        self.expect_close(construct, "argument", open)?;
        Ok(text)
    }

    /// A sign superscript `^{-}` or `^{+}` ahead (raw tokens): the sign.
    fn sign_ahead(&self) -> Option<char> {
        let tok = |k: usize| self.toks.get(self.pos + k).map(|t| &t.tok);
        match (tok(0), tok(1), tok(2), tok(3)) {
            (Some(Tok::Sup), Some(Tok::Open), Some(Tok::Char(c @ ('-' | '+'))), Some(Tok::Close)) => Some(*c),
            _ => None,
        }
    }

    /// Subscripts, a sign superscript `^{-}` and `^{\ast}` after a symbol's base.
    fn symbol_rest(&mut self, mut symbol: Symbol) -> Result<Expr, ParseError> {
        // `\ell^{-}_{(j)}`: the sign is part of the name (an exponent is never a lone sign).
        if let Some(sign) = self.sign_ahead() {
            self.pos += 4;
            symbol.sign = Some(sign);
            symbol.span.end = self.last_end();
        }
        if matches!(self.raw(), Tok::Sub) {
            self.pos += 1;
            let construct = "a subscript `_`";
            if matches!(self.raw(), Tok::Open) {
                let open = self.expect_open(construct, "subscript")?;
                let inner_start = self.toks[self.pos].span.start;
                let mut depth = 0usize;
                let mut item_start = inner_start;
                loop {
                    match self.raw() {
                        Tok::Open => depth += 1,
                        Tok::Close if depth == 0 => break,
                        Tok::Close => depth -= 1,
                        Tok::Char(',') if depth == 0 => {
                            let end = self.toks[self.pos].span.start;
                            symbol.subscripts.push(subscript_item(self.src, Span::new(item_start, end)));
                            item_start = self.toks[self.pos].span.end;
                        }
                        Tok::Eof => return Err(ParseError::at(self.src, open, construct, "its `{` is never closed")),
                        _ => {}
                    }
                    self.pos += 1;
                }
                let end = self.toks[self.pos].span.start;
                if self.src[item_start..end].trim().is_empty() {
                    return Err(ParseError::at(self.src, open, construct, "it is empty"));
                }
                symbol.subscripts.push(subscript_item(self.src, Span::new(item_start, end)));
                self.expect_close(construct, "subscript", open)?;
            } else {
                let token = self.bump();
                match &token.tok {
                    Tok::Char(_) | Tok::Num(_) | Tok::Cmd(_) => {}
                    other => {
                        return Err(ParseError::at(
                            self.src,
                            token.span.start,
                            construct,
                            &format!("unexpected {}", describe(other)),
                        ));
                    }
                }
                if let Tok::Num(n) = &token.tok
                    && n.len() > 1
                {
                    return Err(ParseError::at(
                        self.src,
                        token.span.start,
                        construct,
                        &format!("write `_{{{n}}}`: TeX takes one digit"),
                    ));
                }
                symbol.subscripts.push(subscript_item(self.src, token.span));
            }
            symbol.span.end = self.last_end();
        }
        if symbol.sign.is_none()
            && let Some(sign) = self.sign_ahead()
        {
            self.pos += 4;
            symbol.sign = Some(sign);
            symbol.span.end = self.last_end();
        }
        let span = symbol.span;
        Ok(Expr { kind: ExprKind::Symbol(symbol), span })
    }
}

/// A subscript item: its canonical text and, when it parses, its expression.
fn subscript_item(source: &str, span: Span) -> Subscript {
    let text = span.text(source);
    let canonical: String = text.replace("\\,", "").split_whitespace().collect();
    let expr = parse_expression(text).ok();
    Subscript { text: canonical, expr, span }
}

/// A token as the error messages name it.
fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Cmd(name) => format!("`\\{name}`"),
        Tok::Text(text) => format!("`\\text{{{text}}}`"),
        Tok::Num(n) => format!("`{n}`"),
        Tok::Char(c) => format!("`{c}`"),
        Tok::Open => "`{`".into(),
        Tok::Close => "`}`".into(),
        Tok::Sup => "`^`".into(),
        Tok::Sub => "`_`".into(),
        Tok::Eof => "the end of the formula".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(tex: &str) -> ExprKind {
        parse_expression(tex).unwrap_or_else(|e| panic!("{tex}: {e}")).kind
    }

    fn statement(tex: &str) -> StatementKind {
        let formula = parse(tex).unwrap_or_else(|e| panic!("{tex}: {e}"));
        assert_eq!(formula.items.len(), 1, "{tex}");
        formula.items.into_iter().next().expect("one").statement.kind
    }

    fn rels(tex: &str) -> Vec<Rel> {
        match statement(tex) {
            StatementKind::Chain { rels, .. } => rels,
            other => panic!("{tex}: {other:?}"),
        }
    }

    #[test]
    fn fractions_of_every_size() {
        for tex in [r"\frac{1}{2}", r"\dfrac{1}{2}", r"\tfrac{1}{2}", "1 / 2"] {
            assert!(matches!(expr(tex), ExprKind::Div(..)), "{tex}");
        }
    }

    #[test]
    fn roots_powers_and_subscripts() {
        assert!(matches!(expr(r"\sqrt{x}"), ExprKind::Builtin(Builtin::Sqrt, _)));
        assert!(matches!(expr(r"(1 - p_t)^{\gamma}"), ExprKind::Pow(..)));
        assert!(matches!(expr("e_i^2"), ExprKind::Pow(..)));
        let ExprKind::Symbol(s) = expr(r"p_{t,n}") else { panic!() };
        assert_eq!((s.key(), s.key_with(1)), ("p_{t,n}".to_owned(), "p_{t}".to_owned()));
        let ExprKind::Symbol(s) = expr(r"y_{01}") else { panic!() };
        assert_eq!(s.key(), "y_{01}");
        let ExprKind::Symbol(s) = expr(r"\operatorname{FL}^{\ast}") else { panic!() };
        assert_eq!(s.key(), r"\operatorname{FL}^{*}");
        let ExprKind::Symbol(s) = expr(r"\ell_{\mathrm{sq}}") else { panic!() };
        assert_eq!(s.key(), r"\ell_{\mathrm{sq}}");
    }

    #[test]
    fn logarithms_and_exponentials() {
        for tex in [
            r"\log p_t",
            r"\ln 2",
            r"\log(1 - p)",
            r"\log\left(1 + e^{-x_t}\right)",
            r"\log\frac{a}{b}",
            r"\log\sigma(x_t)",
        ] {
            assert!(matches!(expr(tex), ExprKind::Builtin(Builtin::Log, _)), "{tex}");
        }
        assert!(matches!(expr(r"e^{-x}"), ExprKind::Builtin(Builtin::Exp, _)));
        assert!(matches!(expr(r"\exp(x)"), ExprKind::Builtin(Builtin::Exp, _)));
        // `\log` takes the next factor only: log(p_t) · x
        assert!(matches!(expr(r"\log p_t\,x"), ExprKind::Mul(..)));
        // …and a sum with its body: log(Σ e^{z_i}) − z_c
        assert!(matches!(expr(r"\log \sum_{i=1}^{K} e^{z_i} - z_c"), ExprKind::Sub(..)));
    }

    #[test]
    fn sums_products_and_their_ranges() {
        let ExprKind::Big { op, index, lower, upper, filter, .. } = expr(r"\sum_{i=1}^{n} (y_i - \hat y_i)^2") else {
            panic!()
        };
        assert_eq!((op, index.as_str()), (BigOp::Sum, "i"));
        assert!(lower.is_some() && upper.is_some() && filter.is_none());
        let ExprKind::Big { filter, lower, upper, .. } = expr(r"\sum_{i:\, p_i > 0} p_i") else { panic!() };
        assert!(filter.is_some() && lower.is_none() && upper.is_none());
        assert!(matches!(expr(r"\sum_{i} e^{z_i}"), ExprKind::Big { op: BigOp::Sum, .. }));
        assert!(matches!(expr(r"\prod_{k=1}^{K} q_k"), ExprKind::Big { op: BigOp::Prod, .. }));
        assert!(matches!(expr(r"\max_i z_i"), ExprKind::Big { op: BigOp::Max, .. }));
        // A leading minus in the body: Σ (−α log p)
        let ExprKind::Big { body, .. } = expr(r"\sum_{n=1}^{N} -\alpha_{t,n} \log p_{t,n}") else { panic!() };
        assert!(matches!(body.kind, ExprKind::Neg(_)));
    }

    #[test]
    fn calls_and_products_with_parentheses() {
        assert!(matches!(expr(r"\sigma(x)"), ExprKind::Apply { prime: false, .. }));
        assert!(matches!(expr(r"\sigma'(x_t)"), ExprKind::Apply { prime: true, .. }));
        let ExprKind::Apply { args, .. } = expr(r"\operatorname{KL}(p \,\|\, q)") else { panic!() };
        assert_eq!(args.len(), 2);
        let ExprKind::Apply { args, .. } = expr(r"\operatorname{FL}(p = \pi,\ y = -1)") else { panic!() };
        assert!(args.iter().all(|a| a.name.is_some()));
        assert!(matches!(expr(r"\ell\big(y_i, f_\theta(x_i)\big)"), ExprKind::Apply { .. }));
        // A spacing command separates a factor from parentheses: a product.
        assert!(matches!(expr(r"y\,(1 - p_t)"), ExprKind::Mul(..)));
        assert!(matches!(expr(r"\max(u, 0)"), ExprKind::Builtin(Builtin::Max, _)));
        assert!(matches!(expr(r"\min(u, 0)"), ExprKind::Builtin(Builtin::Min, _)));
    }

    #[test]
    fn derivatives() {
        let ExprKind::Derivative { var, .. } = expr(r"\frac{\mathrm{d}\operatorname{FL}}{\mathrm{d}x}") else {
            panic!()
        };
        assert_eq!(var.key(), "x");
        let ExprKind::Derivative { var, .. } = expr(r"\frac{\partial L}{\partial \theta}") else { panic!() };
        assert_eq!(var.key(), r"\theta");
        let ExprKind::Derivative { var, .. } = expr(r"\frac{\mathrm{d}p_t}{\mathrm{d}x}") else { panic!() };
        assert_eq!(var.key(), "x");
    }

    #[test]
    fn cases_with_text_conditions() {
        let ExprKind::Cases(rows) = expr(
            r"\begin{cases} 0 & \text{if } p_i = 0, \\ +\infty & \text{if } p_i > 0 \text{ and } q_i = 0, \\ p_i & \text{otherwise.} \end{cases}",
        ) else {
            panic!()
        };
        assert_eq!(rows.len(), 3);
        assert!(
            matches!(rows[1].condition.as_ref().map(|c| &c.kind), Some(StatementKind::And(parts)) if parts.len() == 2)
        );
        assert!(rows[2].condition.is_none());
        let ExprKind::Cases(rows) = expr(r"\begin{cases} p & y = +1 \\ 1 - p & y = -1 \end{cases}") else { panic!() };
        assert!(rows.iter().all(|r| r.condition.is_some()));
    }

    #[test]
    fn delimiters_of_every_size() {
        for tex in [
            r"\left( x \right)",
            r"\bigl( x \bigr)",
            r"\Bigl( x \Bigr)",
            r"\big( x \big)",
            r"\left[ x \right]",
            "(x)",
            "[x]",
        ] {
            assert!(matches!(expr(tex), ExprKind::Symbol(_)), "{tex}");
        }
        for tex in [r"|x|", r"\lvert x \rvert", r"\bigl\lvert x \bigr\rvert", r"\Bigl\lvert x \Bigr\rvert"] {
            assert!(matches!(expr(tex), ExprKind::Builtin(Builtin::Abs, _)), "{tex}");
        }
        assert!(matches!(expr(r"\bigl\lvert\{\, i : y_i = +1 \,\}\bigr\rvert"), ExprKind::Builtin(Builtin::Abs, _)));
        assert!(matches!(expr(r"\{0, 1\}"), ExprKind::SetLiteral(items) if items.len() == 2));
        assert!(matches!(expr("(0.5, 0.5)"), ExprKind::Tuple(items) if items.len() == 2));
    }

    #[test]
    fn evaluation_bars() {
        let ExprKind::At { bindings, .. } = expr(r"\left.\frac{\mathrm{d}u}{\mathrm{d}p_t}\right|_{p_t = 1}") else {
            panic!()
        };
        assert_eq!(bindings[0].0.key(), "p_{t}");
        assert!(matches!(expr(r"v\big|_{p_t = 1}"), ExprKind::At { .. }));
    }

    #[test]
    fn products_spacing_accents_and_arg_min() {
        assert!(matches!(expr(r"-\frac{1}{p_t}\cdot y\,p_t\;(1 - p_t)"), ExprKind::Neg(_)));
        let ExprKind::Symbol(s) = expr(r"\hat y_i") else { panic!() };
        assert_eq!(s.key(), r"\hat{y}_{i}");
        let ExprKind::Symbol(s) = expr(r"\hat{\beta}_1") else { panic!() };
        assert_eq!(s.key(), r"\hat{\beta}_{1}");
        let ExprKind::Symbol(s) = expr(r"\bar{x}") else { panic!() };
        assert_eq!(s.key(), r"\bar{x}");
        assert!(matches!(expr(r"\underset{\theta}{\operatorname{arg\,min}} L(\theta)"), ExprKind::ArgMin { .. }));
        let ExprKind::Symbol(s) = expr(r"\mathcal{E}") else { panic!() };
        assert_eq!(s.key(), r"\mathcal{E}");
        assert!(matches!(expr(r"\infty"), ExprKind::Infinity));
    }

    #[test]
    fn relations_and_chains() {
        assert_eq!(rels("a = b = c"), [Rel::Eq, Rel::Eq]);
        assert_eq!(rels(r"a \approx 0.511"), [Rel::Approx]);
        assert_eq!(rels(r"a \le b \ge c < d > e"), [Rel::Le, Rel::Ge, Rel::Lt, Rel::Gt]);
        assert_eq!(rels(r"a \lesssim b"), [Rel::Lesssim]);
        assert_eq!(rels(r"y \in \{0, 1\}"), [Rel::In]);
        assert!(matches!(statement(r"a = 1 \iff b = 2"), StatementKind::Logic { ops, .. } if ops == [Logic::Iff]));
        assert!(
            matches!(statement(r"a \implies b \Longrightarrow c"), StatementKind::Logic { ops, .. } if ops.len() == 2)
        );
        assert!(matches!(statement(r"\theta \leftarrow \theta - \eta"), StatementKind::Assign { .. }));
    }

    #[test]
    fn lists_conditions_and_premises() {
        let formula = parse(r"a = 1, \qquad b = 2 \quad c = 3: \qquad d = 4").expect("parses");
        assert_eq!(formula.items.len(), 4);
        let formula = parse(r"\operatorname{RSE} = 1 \quad (p = 1)").expect("parses");
        assert!(formula.items[0].condition.is_some());
        // `A,\ B \implies C`: both premises.
        let formula = parse(r"a = b,\ c \lesssim d \;\Longrightarrow\; e = f").expect("parses");
        assert_eq!(formula.items.len(), 1);
        let StatementKind::Logic { parts, .. } = &formula.items[0].statement.kind else { panic!() };
        assert!(matches!(parts[0].kind, StatementKind::And(_)));
    }

    #[test]
    fn limits_gradients_ellipses_and_ranges() {
        assert!(matches!(expr(r"\lim_{x_t \to -\infty} \frac{\mathrm{d}F}{\mathrm{d}x}"), ExprKind::Limit { .. }));
        let StatementKind::Chain { terms, rels } = statement(r"a \le b \xrightarrow[x \to -\infty]{} 0") else {
            panic!()
        };
        assert_eq!(rels, [Rel::Le, Rel::Tends]);
        assert!(matches!(&terms[2].kind, ExprKind::Limit { var, .. } if var.key() == "x"));
        let StatementKind::Chain { terms, .. } = statement(r"\ell_{(1)} \ge \ell_{(2)} \ge \cdots \ge \ell_{(N)}")
        else {
            panic!()
        };
        assert_eq!(terms[2].kind.ellipsis_term(7).as_deref(), Some(r"\ell_{(7)}"));
        assert!(matches!(&terms[2].kind, ExprKind::Ellipsis { first: 2, .. }));
        assert!(parse(r"a_1 \le \cdots \le a_n").is_err());
        assert!(parse(r"a_1 \le b_2 \le \cdots \le a_n").is_err());
        let formula = parse(r"u_i = i, \qquad i = 1, \dots, N").expect("parses");
        assert!(matches!(&formula.items[1].statement.kind, StatementKind::Range { index, .. } if index == "i"));
        assert!(matches!(expr(r"\nabla_z \ell"), ExprKind::Gradient { .. }));
        let ExprKind::Derivative { var, power, .. } =
            expr(r"\frac{\partial}{\partial \sigma^2}\left(\sigma^2 + 1\right)")
        else {
            panic!()
        };
        assert_eq!((var.key().as_str(), power), (r"\sigma", 2));
        assert!(matches!(expr(r"\mathbb{E}[x]"), ExprKind::Mul(..)));
        assert!(matches!(expr(r"q\,q^{\top}"), ExprKind::Mul(..)));
    }

    #[test]
    fn exclusions_iverson_brackets_signs_families_and_trailing_conditions() {
        let ExprKind::Big { filter, lower, upper, .. } = expr(r"\sum_{k \ne c} e^{z_k - m}") else { panic!() };
        assert!(lower.is_none() && upper.is_none());
        assert!(matches!(filter.map(|f| f.kind), Some(StatementKind::Chain { rels, .. }) if rels == [Rel::Ne]));
        let ExprKind::Mul(_, bracket) = expr(r"p_c\,\bigl([k = c] - p_k\bigr)") else { panic!() };
        assert!(matches!(&bracket.kind, ExprKind::Sub(a, _) if matches!(a.kind, ExprKind::Iverson(_))));
        // Square brackets without a relation are still grouping.
        assert!(matches!(expr("[x]"), ExprKind::Symbol(_)));
        for tex in [r"\ell^{-}_{(j)}", r"\ell_{(j)}^{-}"] {
            let ExprKind::Symbol(s) = expr(tex) else { panic!("{tex}") };
            assert_eq!((s.key_with(0), s.key()), (r"\ell^{-}".to_owned(), r"\ell_{(j)}^{-}".to_owned()), "{tex}");
        }
        assert!(matches!(expr("x^{2}"), ExprKind::Pow(..)));
        let ExprKind::Family { index, body, .. } = expr(r"(\ell_i)_{i:\, y_i = -1}") else { panic!() };
        assert_eq!(index, "i");
        assert!(matches!(body.kind, ExprKind::Symbol(_)));
        let ExprKind::Builtin(Builtin::Abs, set) = expr(r"\lvert\{\, i : s_i \ge t \text{ and } y_i = +1 \,\}\rvert")
        else {
            panic!()
        };
        assert!(
            matches!(&set[0].kind, ExprKind::SetBuilder { condition, .. } if matches!(condition.kind, StatementKind::And(_)))
        );
        // A parenthesised relation that ends an item is its condition, not a factor.
        let formula = parse(r"a = H\,\frac{p_k}{q}\ \ (k \ne c), \qquad H = 1").expect("parses");
        assert_eq!(formula.items.len(), 2);
        assert!(formula.items[0].condition.is_some());
    }

    #[test]
    fn errors_name_the_construct_and_position() {
        let error = parse("a = \\foo{b}").unwrap_err();
        assert_eq!((error.offset, error.construct.as_str()), (4, "`\\foo`"));
        let error = parse("a = b\n  + \\sqrt{c").unwrap_err();
        assert_eq!((error.line, error.column), (2, 10));
        assert_eq!(error.to_string(), "line 2, column 10: `\\sqrt`: its argument `{` is never closed");
        let error = parse(r"\begin{cases} a \\ b \end{cases}").unwrap_err();
        assert!(error.message.contains("`&`"), "{error}");
        let error = parse(r"\begin{matrix} a \end{matrix}").unwrap_err();
        assert!(error.message.contains("only the `cases` environment"), "{error}");
        assert!(parse("(x)_i").is_err());
        assert!(parse("").is_err());
        assert!(parse(r"x^23").unwrap_err().message.contains("braces"));
    }
}
