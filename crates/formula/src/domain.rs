//! Sampling domains and the deterministic sampler.
//!
//! A domain is written as the book writes sets:
//!
//! | domain | meaning | edges (always sampled) |
//! |---|---|---|
//! | `(0, 1)`, `[0, 5]`, `(0, 5]`, `[-30, 30]` | an interval, uniform | a closed end itself; an open end moved in by 2⁻²⁰ of the width |
//! | `\{-1, +1\}`, `\{24\}` | a finite set, uniform | every element |
//! | `\{2, \dots, 8\}`, `\{1, \dots, K\}` | the integers from … to …, uniform | both ends |
//! | `simplex` | a probability vector (some entries may be 0) | the first and last vertex, the centre |
//! | `open simplex` | a probability vector with no zero | the centre, near the first vertex |
//! | `one-hot` | a one-hot vector | the first and the last class |
//! | `[0, 1]^{K}`, `[-4, 4]^{N \times 2}` | a vector (matrix) of this shape, each element from the domain | an element at each end |
//!
//! Bounds may name other symbols (`\{1, \dots, K\}`); they are sampled first. A vector is sampled
//! element by element from its element domain unless its domain is one of the last three, whose
//! constraint runs along the axis of length `K` (or the last axis).

use std::fmt;

use crate::ast::Expr;
use crate::parser::{ParseError, parse_expression};

/// Where a symbol's values are drawn from.
#[derive(Debug, Clone, PartialEq)]
pub enum Domain {
    /// An interval.
    Interval {
        /// Lower end.
        lo: Expr,
        /// Upper end.
        hi: Expr,
        /// `(` rather than `[`.
        lo_open: bool,
        /// `)` rather than `]`.
        hi_open: bool,
    },
    /// A finite set.
    Set(Vec<Expr>),
    /// Integers `lo..=hi`.
    Integers {
        /// First.
        lo: Expr,
        /// Last.
        hi: Expr,
    },
    /// Probability vectors.
    Simplex {
        /// No zero entries.
        open: bool,
    },
    /// One-hot vectors.
    OneHot,
}

/// A domain that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainError {
    /// The domain's text.
    pub text: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "domain `{}`: {}", self.text, self.message)
    }
}

impl std::error::Error for DomainError {}

impl Domain {
    /// Parses a domain (see the module documentation).
    ///
    /// # Errors
    /// A [`DomainError`] for anything else.
    ///
    /// # Examples
    /// ```
    /// use formula::Domain;
    /// assert!(matches!(Domain::parse("(0, 1)")?, Domain::Interval { lo_open: true, hi_open: true, .. }));
    /// assert!(matches!(Domain::parse(r"\{1, \dots, K\}")?, Domain::Integers { .. }));
    /// assert!(matches!(Domain::parse(r"\{-1, +1\}")?, Domain::Set(items) if items.len() == 2));
    /// assert_eq!(Domain::parse("simplex")?, Domain::Simplex { open: false });
    /// assert!(Domain::parse("(0, 1").is_err());
    /// # Ok::<(), formula::DomainError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Domain, DomainError> {
        let error = |message: &str| DomainError { text: text.to_owned(), message: message.to_owned() };
        let from_parse = |e: ParseError| DomainError { text: text.to_owned(), message: e.to_string() };
        let t = text.trim();
        let word = t.trim_start_matches("\\text{").trim_start_matches("\\operatorname{").trim_end_matches('}').trim();
        match word {
            "simplex" => return Ok(Domain::Simplex { open: false }),
            "open simplex" => return Ok(Domain::Simplex { open: true }),
            "one-hot" => return Ok(Domain::OneHot),
            _ => {}
        }
        if let Some(inner) = t.strip_prefix("\\{").and_then(|r| r.strip_suffix("\\}")) {
            let items = split_top_level(inner);
            let is_dots = |s: &str| matches!(s.trim(), "\\dots" | "\\ldots" | "..." | "\\cdots");
            if items.iter().any(|s| is_dots(s)) {
                if items.len() != 3 || !is_dots(&items[1]) {
                    return Err(error("write an integer range as `\\{a, \\dots, b\\}`"));
                }
                return Ok(Domain::Integers {
                    lo: parse_expression(&items[0]).map_err(from_parse)?,
                    hi: parse_expression(&items[2]).map_err(from_parse)?,
                });
            }
            let items = items.iter().map(|s| parse_expression(s)).collect::<Result<Vec<_>, _>>().map_err(from_parse)?;
            return Ok(Domain::Set(items));
        }
        let lo_open = match t.chars().next() {
            Some('(') => true,
            Some('[') => false,
            _ => {
                return Err(error(
                    "expected an interval `(a, b)`, `[a, b]`, a set `\\{…\\}`, `simplex`, `open simplex` or `one-hot`",
                ));
            }
        };
        let hi_open = match t.chars().last() {
            Some(')') => true,
            Some(']') => false,
            _ => return Err(error("the interval is not closed with `)` or `]`")),
        };
        let items = split_top_level(&t[1..t.len() - 1]);
        if items.len() != 2 {
            return Err(error("an interval has two ends"));
        }
        Ok(Domain::Interval {
            lo: parse_expression(&items[0]).map_err(from_parse)?,
            hi: parse_expression(&items[1]).map_err(from_parse)?,
            lo_open,
            hi_open,
        })
    }

    /// Parses a domain that may be a power, `[0, 1]^{K}` or `[-4, 4]^{N \times 2}`: the domain of
    /// every element and the shape (each dimension a length symbol or a number). A domain
    /// without a power has no shape.
    ///
    /// # Errors
    /// As [`parse`](Self::parse), and for a dimension that is neither a symbol nor a number.
    ///
    /// # Examples
    /// ```
    /// use formula::Domain;
    /// let (element, shape) = Domain::parse_shaped(r"[0, 1]^{K}")?;
    /// assert!(matches!(element, Domain::Interval { .. }));
    /// assert_eq!(shape, ["K"]);
    /// assert_eq!(Domain::parse_shaped(r"[-4, 4]^{N \times 2}")?.1, ["N", "2"]);
    /// assert!(Domain::parse_shaped("(0, 1)")?.1.is_empty());
    /// # Ok::<(), formula::DomainError>(())
    /// ```
    pub fn parse_shaped(text: &str) -> Result<(Domain, Vec<String>), DomainError> {
        let t = text.trim();
        if let Some(position) = t.rfind('^') {
            let (base, power) = (t[..position].trim_end(), t[position + 1..].trim());
            if base.ends_with(')') || base.ends_with(']') || base.ends_with("\\}") {
                let power = power.strip_prefix('{').and_then(|p| p.strip_suffix('}')).unwrap_or(power);
                let mut shape = Vec::new();
                for dimension in power.split("\\times") {
                    let dimension = dimension.trim();
                    let key = if !dimension.is_empty() && dimension.chars().all(|c| c.is_ascii_digit()) {
                        dimension.to_owned()
                    } else {
                        crate::parser::parse_symbol(dimension)
                            .map_err(|e| DomainError {
                                text: text.to_owned(),
                                message: format!("a dimension must be a length symbol or a number: {e}"),
                            })?
                            .key()
                    };
                    shape.push(key);
                }
                return Ok((Domain::parse(base)?, shape));
            }
        }
        Ok((Domain::parse(t)?, Vec::new()))
    }

    /// Whether the domain describes a whole vector (simplex, one-hot) rather than its elements.
    pub fn is_vector(&self) -> bool {
        matches!(self, Domain::Simplex { .. } | Domain::OneHot)
    }
}

/// Splits at commas outside `()`, `[]`, `{}`.
pub(crate) fn split_top_level(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(&next) = chars.peek() {
                    // `\{`, `\}`, `\,`: the escaped character does not count.
                    if next == '{' {
                        depth += 1;
                    } else if next == '}' {
                        depth -= 1;
                    }
                    if !next.is_ascii_alphabetic() {
                        current.push(next);
                        chars.next();
                    }
                }
                continue;
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() || !items.is_empty() {
        items.push(current);
    }
    items.into_iter().map(|s| s.trim().to_owned()).collect()
}

/// SplitMix64: a small, fast, deterministic generator (no external crate needed).
///
/// # Examples
/// ```
/// use formula::domain::Rng;
/// let mut a = Rng::new(7);
/// let mut b = Rng::new(7);
/// assert_eq!(a.next_u64(), b.next_u64());
/// let u = a.uniform();
/// assert!((0.0..1.0).contains(&u));
/// ```
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator with this seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator seeded by a string (FNV-1a of its bytes): the same formula id always gets
    /// the same points.
    pub fn from_text(text: &str) -> Rng {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(hash)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `(0, 1)`: never exactly 0.
    pub fn open_uniform(&mut self) -> f64 {
        loop {
            let u = self.uniform();
            if u > 0.0 {
                return u;
            }
        }
    }

    /// Uniform integer in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.uniform() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_sets_and_ranges_parse() {
        let Domain::Interval { lo_open, hi_open, .. } = Domain::parse("(0, 5]").expect("parses") else { panic!() };
        assert_eq!((lo_open, hi_open), (true, false));
        assert!(matches!(Domain::parse("[-30, 30]"), Ok(Domain::Interval { lo_open: false, hi_open: false, .. })));
        assert!(matches!(Domain::parse(r"\{24\}"), Ok(Domain::Set(items)) if items.len() == 1));
        assert!(matches!(Domain::parse(r"\{2, \dots, 8\}"), Ok(Domain::Integers { .. })));
        assert_eq!(Domain::parse(r"\text{open simplex}"), Ok(Domain::Simplex { open: true }));
        assert_eq!(Domain::parse("one-hot"), Ok(Domain::OneHot));
        assert!(Domain::parse("0, 1").is_err());
        assert!(Domain::parse(r"\{1, \dots\}").is_err());
        assert!(Domain::parse("(0, 1, 2)").is_err());
    }

    #[test]
    fn commas_inside_brackets_do_not_split() {
        assert_eq!(
            split_top_level(r"p = (0.5, 0.5), y \in \{0, 1\}, f(a, b) = a"),
            [r"p = (0.5, 0.5)", r"y \in \{0, 1\}", "f(a, b) = a"]
        );
        assert_eq!(split_top_level(r"x \in (0, 1], y = 2"), [r"x \in (0, 1]", "y = 2"]);
    }

    #[test]
    fn the_generator_is_deterministic_and_uniform_enough() {
        let mut a = Rng::from_text("ch07/dfl-dx");
        let mut b = Rng::from_text("ch07/dfl-dx");
        let xs: Vec<f64> = (0..1000).map(|_| a.uniform()).collect();
        let ys: Vec<f64> = (0..1000).map(|_| b.uniform()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::from_text("a").next_u64(), Rng::from_text("b").next_u64());
        let mean = xs.iter().sum::<f64>() / 1000.0;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
        let mut c = Rng::new(1);
        assert!((0..1000).all(|_| c.below(3) < 3));
        assert!((0..1000).all(|_| c.open_uniform() > 0.0));
    }
}
