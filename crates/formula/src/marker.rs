//! The formula marker: `<!-- formula: id; where: …; check: …; exempt: … -->`.
//!
//! # Grammar
//! ```text
//! marker  := "formula:" id (";" clause)*
//! id      := [a-z0-9-]+
//! clause  := "where:" item ("," item)*       bindings and domains for this formula
//!          | "check:" relations               more relations the formula must satisfy
//!          | "exempt:" reason                 not evaluated, with the reason (listed in the report)
//! item    := symbol "\in" domain              p_t \in (0, 1)
//!          | symbol "\in" domain "^{" shape "}"  \alpha \in [0, 1]^{K}   (a vector of K elements)
//!          | index "\in" "\{1, \dots," length "\}"   k \in \{1, \dots, N\}   (the index letter's range here)
//!          | name "=" expression              x_t = y\,x      (a value)
//!          | name "(" symbols ")" "=" expr    \ell(a, b) = (a - b)^2   (a function)
//!          | name "_{" letters "}" "=" expr   e_i = y_i - \hat y_i     (an indexed family)
//! ```
//! Clauses are separated by `;` (a TeX `\;` does not separate), items by commas outside
//! brackets and braces. The same item grammar is used by the chapter sections of the symbol
//! table (`where = [...]`).
//!
//! # Examples
//! ```
//! let marker = formula::Marker::parse(r"formula: dfl-dx; where: x_t = y\,x, p_t = \sigma(x_t), \gamma \in [0, 5]")?;
//! assert_eq!(marker.id, "dfl-dx");
//! assert_eq!(marker.bindings.len(), 3);
//! let exempt = formula::Marker::parse("formula: naive; exempt: shown wrong on purpose")?;
//! assert_eq!(exempt.exempt.as_deref(), Some("shown wrong on purpose"));
//! # Ok::<(), formula::MarkerError>(())
//! ```

use std::fmt;

use crate::ast::{Expr, ExprKind, StatementKind};
use crate::domain::{Domain, split_top_level};
use crate::parser::{ParseError, parse, parse_symbol};

/// One `where:` item.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    /// `symbol \in domain`, `symbol \in domain^{K}`.
    Domain {
        /// The symbol's canonical key.
        symbol: String,
        /// Its domain (of each element, when it has a shape).
        domain: Domain,
        /// `[0, 1]^{K}`: a vector of this shape (length symbols or numbers); empty for a number,
        /// or a vector whose length its index letters give (`y_i`).
        shape: Vec<String>,
    },
    /// `left = right`: a definition.
    Define {
        /// The left side (a name, a call with symbol arguments, or an indexed name).
        left: Expr,
        /// The right side.
        right: Expr,
        /// The item's text.
        text: String,
    },
}

/// A parsed marker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Marker {
    /// The formula's id.
    pub id: String,
    /// `where:` items.
    pub bindings: Vec<Binding>,
    /// `check:` relations, as TeX (parsed like a formula).
    pub checks: Vec<String>,
    /// `exempt:` reason.
    pub exempt: Option<String>,
}

/// A marker that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for MarkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "formula marker: {}", self.message)
    }
}

impl std::error::Error for MarkerError {}

impl Marker {
    /// Parses a marker: the text between `<!--` and `-->` (surrounding spaces ignored).
    ///
    /// # Errors
    /// A [`MarkerError`] naming the clause that is wrong.
    pub fn parse(text: &str) -> Result<Marker, MarkerError> {
        let error = |message: String| MarkerError { message };
        let text = text.trim();
        let Some(rest) = text.strip_prefix("formula:") else {
            return Err(error(format!("`{text}` does not start with `formula:`")));
        };
        let clauses = split_clauses(rest);
        let id = clauses[0].trim();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(error(format!("id `{id}`: use lowercase letters, digits and hyphens")));
        }
        let mut marker = Marker { id: id.to_owned(), ..Marker::default() };
        for clause in &clauses[1..] {
            let clause = clause.trim();
            if let Some(items) = clause.strip_prefix("where:") {
                marker.bindings.extend(parse_bindings(items).map_err(|e| error(format!("`{id}`: where: {e}")))?);
            } else if let Some(checks) = clause.strip_prefix("check:") {
                parse(checks).map_err(|e| error(format!("`{id}`: check: {e}")))?;
                marker.checks.push(checks.trim().to_owned());
            } else if let Some(reason) = clause.strip_prefix("exempt:") {
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(error(format!("`{id}`: exempt: give the reason")));
                }
                marker.exempt = Some(reason.to_owned());
            } else {
                return Err(error(format!(
                    "`{id}`: unknown clause `{clause}` (expected `where:`, `check:` or `exempt:`)"
                )));
            }
        }
        Ok(marker)
    }
}

/// Splits at `;` that is not TeX's `\;`.
fn split_clauses(text: &str) -> Vec<String> {
    let mut clauses = vec![String::new()];
    let mut previous = ' ';
    for c in text.chars() {
        if c == ';' && previous != '\\' {
            clauses.push(String::new());
        } else {
            clauses.last_mut().expect("one").push(c);
        }
        previous = c;
    }
    clauses
}

/// Parses comma-separated `where:` items.
///
/// # Errors
/// A message naming the item.
pub fn parse_bindings(text: &str) -> Result<Vec<Binding>, String> {
    let mut bindings = Vec::new();
    for item in split_top_level(text) {
        if item.is_empty() {
            continue;
        }
        bindings.push(parse_binding(&item)?);
    }
    Ok(bindings)
}

fn parse_binding(item: &str) -> Result<Binding, String> {
    if let Some((symbol, domain)) = split_in(item) {
        let symbol = parse_symbol(symbol.trim()).map_err(|e: ParseError| format!("`{item}`: {e}"))?;
        let (domain, shape) = Domain::parse_shaped(domain).map_err(|e| format!("`{item}`: {e}"))?;
        return Ok(Binding::Domain { symbol: symbol.key(), domain, shape });
    }
    let formula = parse(item).map_err(|e| format!("`{item}`: {e}"))?;
    let [only] = formula.items.as_slice() else {
        return Err(format!("`{item}`: one definition per item"));
    };
    match &only.statement.kind {
        StatementKind::Chain { terms, rels } if rels.len() == 1 && rels[0] == crate::ast::Rel::Eq => {
            let definable = matches!(terms[0].kind, ExprKind::Symbol(_) | ExprKind::Apply { .. });
            if !definable {
                return Err(format!("`{item}`: the left side must be a name"));
            }
            Ok(Binding::Define { left: terms[0].clone(), right: terms[1].clone(), text: item.to_owned() })
        }
        _ => Err(format!("`{item}`: expected `name = expression` or `symbol \\in domain`")),
    }
}

/// `symbol \in domain` → the two sides, if the item has a top-level `\in`.
fn split_in(item: &str) -> Option<(&str, &str)> {
    let position = item.find("\\in ").or_else(|| item.find("\\in\\"))?;
    let after = &item[position + 3..];
    // `\infty`, `\int` are not `\in`.
    if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((&item[..position], after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_and_items() {
        let marker = Marker::parse(r"formula: fl; where: \ell(a, b) = (a - b)^2, e_i = y_i - \hat y_i, y \in \{0, 1\}; check: a = b; exempt: why").expect("parses");
        assert_eq!(marker.id, "fl");
        assert_eq!(marker.bindings.len(), 3);
        assert!(matches!(&marker.bindings[2], Binding::Domain { symbol, .. } if symbol == "y"));
        assert_eq!(marker.checks, ["a = b"]);
        assert_eq!(marker.exempt.as_deref(), Some("why"));
    }

    #[test]
    fn a_tex_thick_space_does_not_end_a_clause() {
        let marker = Marker::parse(r"formula: a; check: x = 1 \;\implies\; x \le 1").expect("parses");
        assert_eq!(marker.checks, [r"x = 1 \;\implies\; x \le 1"]);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(Marker::parse("formula: Bad_Id").unwrap_err().message.contains("lowercase"));
        assert!(Marker::parse("figure: a").is_err());
        assert!(Marker::parse("formula: a; because: b").unwrap_err().message.contains("unknown clause"));
        assert!(Marker::parse("formula: a; exempt:").unwrap_err().message.contains("reason"));
        assert!(Marker::parse(r"formula: a; where: 1 + 1 = 2").unwrap_err().message.contains("name"));
        assert!(Marker::parse(r"formula: a; where: y \in (0").is_err());
        assert!(Marker::parse(r"formula: a; check: \frac{1}{").is_err());
    }
}
