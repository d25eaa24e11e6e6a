//! The book's terminology, `src/terminology.toml`: one entry per concept with the preferred term of
//! each edition, the variants that must not appear in its prose, and the words a reader might type
//! instead (see the file's header for the schema).
//!
//! Read with a small reader for the part of TOML the file uses (`[[term]]` and `[[style]]` tables
//! of `key = "string"` and `key = ["string", …]`, `#` comments), in keeping with this crate having
//! no dependencies; anything else is an error naming the line.

use std::fs;
use std::path::Path;

use crate::edition::Edition;

/// The terminology file, relative to the repository root.
pub const TERMINOLOGY: &str = "src/terminology.toml";

/// One `[[term]]` entry: one concept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Term {
    /// Stable name of the entry.
    pub id: String,
    /// The preferred term of each edition, as written (`"양성, 음성"` for a pair).
    pub ko: String,
    pub en: String,
    /// Variants that must not appear in the prose of each edition.
    pub rejected_ko: Vec<String>,
    pub rejected_en: Vec<String>,
    /// What a reader might type instead, per edition.
    pub synonyms_ko: Vec<String>,
    pub synonyms_en: Vec<String>,
}

impl Term {
    /// The preferred terms in `edition`: one, or several for an entry naming a pair
    /// (`"양성, 음성"` → `양성`, `음성`).
    pub fn preferred(&self, edition: Edition) -> Vec<&str> {
        let written = match edition {
            Edition::Ko => &self.ko,
            Edition::En => &self.en,
        };
        written.split(", ").map(str::trim).filter(|term| !term.is_empty()).collect()
    }

    /// What a reader might type for this concept in `edition` instead of the preferred term:
    /// its synonyms, and its rejected variants (rejected in the prose, still typed by readers).
    pub fn variants(&self, edition: Edition) -> impl Iterator<Item = &str> {
        let (synonyms, rejected) = match edition {
            Edition::Ko => (&self.synonyms_ko, &self.rejected_ko),
            Edition::En => (&self.synonyms_en, &self.rejected_en),
        };
        synonyms.iter().chain(rejected).map(String::as_str)
    }
}

/// Reads [`TERMINOLOGY`] below `root`.
pub fn load(root: &Path) -> Result<Vec<Term>, String> {
    let path = root.join(TERMINOLOGY);
    let text = fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    parse(&text).map_err(|error| format!("{TERMINOLOGY}:{error}"))
}

/// The `[[term]]` entries of a terminology file; an error is `line: what`.
pub fn parse(text: &str) -> Result<Vec<Term>, String> {
    let mut terms: Vec<Term> = Vec::new();
    let mut in_term = false;
    for (index, raw) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            in_term = match line {
                "[[term]]" => {
                    terms.push(Term::default());
                    true
                }
                "[[style]]" => false,
                other => {
                    return Err(format!("{line_number}: unknown table `{other}` (expected [[term]] or [[style]])"));
                }
            };
            continue;
        }
        let (key, value) =
            line.split_once('=').ok_or_else(|| format!("{line_number}: expected `key = value`, found `{line}`"))?;
        let (key, value) = (key.trim(), value.trim());
        let parsed = parse_value(value).map_err(|error| format!("{line_number}: {error}"))?;
        // Keys of a [[style]] (or before any table) are not read here, but must be well-formed.
        let Some(term) = terms.last_mut().filter(|_| in_term) else { continue };
        let field = |what: &str| format!("{line_number}: `{key}` must be {what}");
        match (key, parsed) {
            ("id", Value::String(s)) => term.id = s,
            ("ko", Value::String(s)) => term.ko = s,
            ("en", Value::String(s)) => term.en = s,
            ("reason", Value::String(_)) => {}
            ("rejected_ko", Value::List(l)) => term.rejected_ko = l,
            ("rejected_en", Value::List(l)) => term.rejected_en = l,
            ("synonyms_ko", Value::List(l)) => term.synonyms_ko = l,
            ("synonyms_en", Value::List(l)) => term.synonyms_en = l,
            ("id" | "ko" | "en" | "reason", _) => return Err(field("a string")),
            ("rejected_ko" | "rejected_en" | "synonyms_ko" | "synonyms_en", _) => {
                return Err(field("a list of strings"));
            }
            (other, _) => return Err(format!("{line_number}: unknown key `{other}` in a [[term]]")),
        }
    }
    for term in &terms {
        if term.id.is_empty() || term.ko.is_empty() || term.en.is_empty() {
            return Err(format!(" a [[term]] without id, ko or en: {term:?}"));
        }
    }
    Ok(terms)
}

enum Value {
    String(String),
    List(Vec<String>),
}

/// `"…"`, `'…'` or `["…", '…', …]` (one line), followed by nothing or a comment.
fn parse_value(value: &str) -> Result<Value, String> {
    if let Some(list) = value.strip_prefix('[') {
        let mut items = Vec::new();
        let mut rest = list.trim_start();
        loop {
            if let Some(after) = rest.strip_prefix(']') {
                return end_of_value(after).map(|()| Value::List(items));
            }
            let (item, after) = string(rest)?;
            items.push(item);
            rest = after.trim_start();
            if let Some(after) = rest.strip_prefix(',') {
                rest = after.trim_start();
            } else if !rest.starts_with(']') {
                return Err(format!("expected `,` or `]` in a list, found `{rest}`"));
            }
        }
    }
    let (text, after) = string(value)?;
    end_of_value(after).map(|()| Value::String(text))
}

fn end_of_value(after: &str) -> Result<(), String> {
    let after = after.trim();
    if after.is_empty() || after.starts_with('#') { Ok(()) } else { Err(format!("unexpected `{after}` after a value")) }
}

/// A basic (`"…"`, with `\"` and `\\`) or literal (`'…'`) string at the start of `text`, and the rest.
fn string(text: &str) -> Result<(String, &str), String> {
    let mut chars = text.char_indices();
    let quote = match chars.next() {
        Some((_, q @ ('"' | '\''))) => q,
        _ => return Err(format!("expected a string, found `{text}`")),
    };
    let mut out = String::new();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c == quote => return Ok((out, &text[at + 1..])),
            '\\' if quote == '"' => match chars.next() {
                Some((_, escaped @ ('"' | '\\'))) => out.push(escaped),
                Some((_, 'n')) => out.push('\n'),
                other => return Err(format!("unsupported escape `\\{}`", other.map_or(' ', |(_, c)| c))),
            },
            c => out.push(c),
        }
    }
    Err(format!("unterminated string `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_terms_and_skips_styles() {
        let text = r#"
# comment
[[term]]
id = "focal-loss"
ko = "초점 손실"   # trailing comment
en = "focal loss"
rejected_ko = []
rejected_en = ["display equation"]
synonyms_ko = ["포컬 로스", "FL"]
synonyms_en = ["FL", "it's \"focal\""]
reason = "why"

[[style]]
id = "ise"
rejected_en_regex = ['\bchapters? [0-9]']

[[term]]
id = "positive-negative"
ko = "양성, 음성"
en = "positive, negative"
"#;
        let terms = parse(text).unwrap();
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].ko, "초점 손실");
        assert_eq!(terms[0].synonyms_en, ["FL", "it's \"focal\""]);
        assert_eq!(terms[0].variants(Edition::En).collect::<Vec<_>>(), ["FL", "it's \"focal\"", "display equation"]);
        assert_eq!(terms[1].preferred(Edition::Ko), ["양성", "음성"]);
        assert_eq!(terms[1].preferred(Edition::En), ["positive", "negative"]);
    }

    #[test]
    fn mistakes_name_their_line() {
        assert_eq!(parse("[[term]]\nid = 3").unwrap_err(), "2: expected a string, found `3`");
        assert_eq!(parse("[[term]]\nid = \"x\"\nko = [\"a\"").unwrap_err().split(':').next(), Some("3"));
        assert!(parse("[[term]]\nid = \"x\"\nnick = \"y\"").unwrap_err().contains("unknown key `nick`"));
        assert!(parse("[table]").unwrap_err().contains("unknown table"));
        assert!(parse("[[term]]\nid = \"x\"").unwrap_err().contains("without id, ko or en"));
    }

    #[test]
    fn the_book_s_terminology_reads() {
        let terms = load(&crate::repo_root()).unwrap();
        assert!(terms.len() > 40, "{} terms", terms.len());
        let focal = terms.iter().find(|term| term.id == "focal-loss").expect("focal-loss");
        assert_eq!(focal.preferred(Edition::Ko), ["초점 손실"]);
        assert!(focal.variants(Edition::Ko).any(|variant| variant == "포컬 로스"));
    }
}
