//! The symbol table: every symbol's meaning in both editions and its sampling domain.
//!
//! The book keeps it in `src/symbols.toml`, next to the two editions. TOML because it is
//! edited by hand (comments explain choices), its literal strings `'…'` hold TeX without
//! doubling backslashes, and Rust tooling already reads it everywhere (`Cargo.toml`,
//! `book.toml`). The format:
//!
//! ```toml
//! # The length each index letter runs to.
//! [index]
//! i = 'n'
//! k = 'K'
//!
//! [[symbol]]
//! tex = 'p_t'                      # as the book writes it
//! ko = '정답 클래스의 확률'          # appendix A's meaning, Korean edition
//! en = 'probability of the true class'
//! domain = '(0, 1)'                # scalar values (see `Domain`)
//! vector = 'simplex'               # optional: the domain of the whole vector when indexed
//! length = 'K'                     # optional: always a vector of this length
//!
//! # A chapter's own notation: the marker's `where:` grammar, applied to every formula of it.
//! [chapter.ch04-cross-entropy]
//! where = ['y \in \{0, 1\}']
//! index = { i = 'K' }
//! zero-log-zero = true             # 0 log 0 = 0 in products
//!
//! [chapter.ch10-focal-loss-at-work]
//! where = ['\alpha \in [0, 1]^{K}']  # a vector of K weights here
//! order-statistics = 'ascending'   # \ell_{(1)} is the smallest here (default: the largest)
//! ```

use std::collections::BTreeMap;
use std::fmt;

use crate::domain::Domain;
use crate::marker::{Binding, parse_bindings};
use crate::parser::parse_symbol;

/// One symbol of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct SymbolInfo {
    /// As the book writes it.
    pub tex: String,
    /// Canonical key.
    pub key: String,
    /// Meaning, Korean edition.
    pub ko: String,
    /// Meaning, English edition.
    pub en: String,
    /// Domain of a scalar value.
    pub domain: Option<Domain>,
    /// Domain of the whole vector, when the symbol is indexed (`simplex`).
    pub vector: Option<Domain>,
    /// Always a vector of this length symbol (`z`: `K`).
    pub length: Option<String>,
    /// The domain as written in the table (`domain`, else `vector`), for appendix A.
    pub domain_text: Option<String>,
}

/// A chapter's notation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChapterSettings {
    /// Domains and definitions for every formula of the chapter.
    pub bindings: Vec<Binding>,
    /// Index letters whose length differs in this chapter.
    pub index: BTreeMap<String, String>,
    /// `0 \log 0 = 0`: a product with an exact zero factor is zero.
    pub zero_log_zero: bool,
    /// Order statistics count from the smallest, `\ell_{(1)} \le \ell_{(2)} \le \cdots`
    /// (`order-statistics = 'ascending'`); by default from the largest, as in Chapter 6.
    pub ascending_order_statistics: bool,
    /// The `where` items as written, for appendix A.
    pub where_text: Vec<String>,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SymbolTable {
    /// The symbols, in file order.
    pub symbols: Vec<SymbolInfo>,
    /// Index letter → length symbol.
    pub index: BTreeMap<String, String>,
    /// Chapter file stem → its settings.
    pub chapters: BTreeMap<String, ChapterSettings>,
}

/// A table that does not load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolsError {
    /// What is wrong, and where.
    pub message: String,
}

impl fmt::Display for SymbolsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "symbols.toml: {}", self.message)
    }
}

impl std::error::Error for SymbolsError {}

fn string(table: &toml::Table, key: &str, context: &str) -> Result<Option<String>, SymbolsError> {
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(SymbolsError { message: format!("{context}: `{key}` must be a string") }),
    }
}

impl SymbolTable {
    /// Parses the table's TOML.
    ///
    /// # Errors
    /// A [`SymbolsError`] naming the symbol or chapter and the field.
    ///
    /// # Examples
    /// ```
    /// let table = formula::SymbolTable::parse(r#"
    /// [index]
    /// i = 'n'
    /// [[symbol]]
    /// tex = '\gamma'
    /// ko = '초점 파라미터'
    /// en = 'focusing parameter'
    /// domain = '[0, 5]'
    /// "#)?;
    /// assert_eq!(table.symbol("\\gamma").unwrap().en, "focusing parameter");
    /// # Ok::<(), formula::SymbolsError>(())
    /// ```
    pub fn parse(text: &str) -> Result<SymbolTable, SymbolsError> {
        let root: toml::Table = text.parse().map_err(|e: toml::de::Error| SymbolsError { message: e.to_string() })?;
        let mut table = SymbolTable::default();
        for (key, value) in &root {
            match (key.as_str(), value) {
                ("index", toml::Value::Table(index)) => table.index = letters(index, "[index]")?,
                ("symbol", toml::Value::Array(symbols)) => {
                    for (n, symbol) in symbols.iter().enumerate() {
                        let toml::Value::Table(symbol) = symbol else {
                            return Err(SymbolsError { message: format!("[[symbol]] #{}: not a table", n + 1) });
                        };
                        table.symbols.push(symbol_info(symbol, n)?);
                    }
                }
                ("chapter", toml::Value::Table(chapters)) => {
                    for (name, settings) in chapters {
                        let toml::Value::Table(settings) = settings else {
                            return Err(SymbolsError { message: format!("[chapter.{name}]: not a table") });
                        };
                        table.chapters.insert(name.clone(), chapter(settings, name)?);
                    }
                }
                _ => {
                    return Err(SymbolsError {
                        message: format!("unknown top-level key `{key}` (expected index, symbol, chapter)"),
                    });
                }
            }
        }
        Ok(table)
    }

    /// The symbol with this TeX or canonical key.
    pub fn symbol(&self, tex: &str) -> Option<&SymbolInfo> {
        let key = parse_symbol(tex).map(|s| s.key()).unwrap_or_else(|_| tex.to_owned());
        self.symbols.iter().find(|s| s.key == key)
    }

    /// A chapter's settings (empty if the table has none).
    pub fn chapter(&self, name: &str) -> ChapterSettings {
        self.chapters.get(name).cloned().unwrap_or_default()
    }

    /// Index letter → length symbol for a chapter.
    pub fn lengths(&self, chapter: &str) -> BTreeMap<String, String> {
        let mut lengths = self.index.clone();
        if let Some(settings) = self.chapters.get(chapter) {
            lengths.extend(settings.index.clone());
        }
        lengths
    }
}

fn letters(index: &toml::Table, context: &str) -> Result<BTreeMap<String, String>, SymbolsError> {
    let mut map = BTreeMap::new();
    for (letter, length) in index {
        let toml::Value::String(length) = length else {
            return Err(SymbolsError { message: format!("{context}: `{letter}` must name a length symbol") });
        };
        let key =
            parse_symbol(length).map_err(|e| SymbolsError { message: format!("{context}: `{length}`: {e}") })?.key();
        map.insert(letter.clone(), key);
    }
    Ok(map)
}

fn symbol_info(symbol: &toml::Table, n: usize) -> Result<SymbolInfo, SymbolsError> {
    let context = format!("[[symbol]] #{}", n + 1);
    let tex = string(symbol, "tex", &context)?
        .ok_or_else(|| SymbolsError { message: format!("{context}: `tex` is missing") })?;
    let context = format!("symbol `{tex}`");
    let key = parse_symbol(&tex).map_err(|e| SymbolsError { message: format!("{context}: {e}") })?.key();
    let domain = |field: &str| -> Result<Option<Domain>, SymbolsError> {
        string(symbol, field, &context)?
            .map(|d| Domain::parse(&d).map_err(|e| SymbolsError { message: format!("{context}: {e}") }))
            .transpose()
    };
    for field in symbol.keys() {
        if !["tex", "ko", "en", "domain", "vector", "length"].contains(&field.as_str()) {
            return Err(SymbolsError { message: format!("{context}: unknown field `{field}`") });
        }
    }
    let ko = string(symbol, "ko", &context)?
        .ok_or_else(|| SymbolsError { message: format!("{context}: `ko` (its meaning in Korean) is missing") })?;
    let en = string(symbol, "en", &context)?
        .ok_or_else(|| SymbolsError { message: format!("{context}: `en` (its meaning in English) is missing") })?;
    let length = string(symbol, "length", &context)?
        .map(|l| {
            parse_symbol(&l).map(|s| s.key()).map_err(|e| SymbolsError { message: format!("{context}: length: {e}") })
        })
        .transpose()?;
    let domain_text = string(symbol, "domain", &context)?.or(string(symbol, "vector", &context)?);
    Ok(SymbolInfo { tex, key, ko, en, domain: domain("domain")?, vector: domain("vector")?, length, domain_text })
}

fn chapter(settings: &toml::Table, name: &str) -> Result<ChapterSettings, SymbolsError> {
    let context = format!("[chapter.{name}]");
    let mut chapter = ChapterSettings::default();
    for (key, value) in settings {
        match (key.as_str(), value) {
            ("where", toml::Value::Array(items)) => {
                for item in items {
                    let toml::Value::String(item) = item else {
                        return Err(SymbolsError { message: format!("{context}: `where` items must be strings") });
                    };
                    let bindings =
                        parse_bindings(item).map_err(|e| SymbolsError { message: format!("{context}: where: {e}") })?;
                    chapter.bindings.extend(bindings);
                    chapter.where_text.push(item.clone());
                }
            }
            ("index", toml::Value::Table(index)) => chapter.index = letters(index, &context)?,
            ("zero-log-zero", toml::Value::Boolean(b)) => chapter.zero_log_zero = *b,
            ("order-statistics", toml::Value::String(order)) => {
                chapter.ascending_order_statistics = match order.as_str() {
                    "ascending" => true,
                    "descending" => false,
                    other => {
                        return Err(SymbolsError {
                            message: format!(
                                "{context}: order-statistics = '{other}': write 'ascending' (\\ell_{{(1)}} is the smallest) or 'descending' (the largest)"
                            ),
                        });
                    }
                }
            }
            _ => {
                return Err(SymbolsError {
                    message: format!(
                        "{context}: unknown key `{key}` (expected where, index, zero-log-zero, order-statistics)"
                    ),
                });
            }
        }
    }
    Ok(chapter)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = r#"
[index]
i = 'n'
[[symbol]]
tex = '\hat y'
ko = '예측값'
en = 'prediction'
domain = '[-10, 10]'
[chapter.ch02]
where = ['y \in [-10, 10]', 'e_i = y_i - \hat y_i']
index = { i = 'm' }
zero-log-zero = true
order-statistics = 'ascending'
"#;

    #[test]
    fn symbols_chapters_and_lengths() {
        let table = SymbolTable::parse(TABLE).expect("parses");
        assert_eq!(table.symbol(r"\hat{y}").expect("found").key, r"\hat{y}");
        assert_eq!(table.symbol(r"\hat y").expect("found").ko, "예측값");
        let chapter = table.chapter("ch02");
        assert_eq!(chapter.bindings.len(), 2);
        assert!(chapter.zero_log_zero && chapter.ascending_order_statistics);
        assert!(!table.chapter("ch03").ascending_order_statistics);
        assert_eq!(table.lengths("ch02")["i"], "m");
        assert_eq!(table.lengths("ch03")["i"], "n");
    }

    #[test]
    fn mistakes_are_named() {
        let missing = SymbolTable::parse("[[symbol]]\ntex = 'x'\nen = 'logit'").unwrap_err();
        assert_eq!(missing.to_string(), "symbols.toml: symbol `x`: `ko` (its meaning in Korean) is missing");
        let unknown = SymbolTable::parse("[[symbol]]\ntex = 'x'\nko = 'a'\nen = 'b'\nrange = '(0, 1)'").unwrap_err();
        assert!(unknown.message.contains("unknown field `range`"), "{unknown}");
        let domain = SymbolTable::parse("[[symbol]]\ntex = 'x'\nko = 'a'\nen = 'b'\ndomain = '(0, 1'").unwrap_err();
        assert!(domain.message.contains("symbol `x`: domain `(0, 1`"), "{domain}");
        assert!(SymbolTable::parse("[chapter.a]\nwhere = ['1 = 2']").is_err());
        assert!(SymbolTable::parse("colour = 'red'").is_err());
        let order = SymbolTable::parse("[chapter.a]\norder-statistics = 'up'").unwrap_err();
        assert!(order.message.contains("write 'ascending'"), "{order}");
    }
}
