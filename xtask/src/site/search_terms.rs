//! What the search box does to a query before Pagefind sees it: the book's own terms, from
//! `src/terminology.toml`, written `book/<language>/search/terms.json` for
//! `assets/search/query.mjs` (copied next to it), which theme/header.hbs gives Pagefind's UI as
//! its `processTerm`.
//!
//! Pagefind matches words and word prefixes and has no synonyms, so a reader who types what the
//! book does not write finds nothing, or finds the glossary (which lists the variants). The query
//! is rewritten, term by term, into the book's words:
//!
//! - **variants**: a synonym or rejected variant of a term (`포컬 로스`, `cross entropy`,
//!   `relative entropy`) becomes the preferred term (`초점 손실`, `cross-entropy`, …) when the
//!   teaching chapters write it rarely (under a tenth as often as the term: never, or a gloss in
//!   parentheses at first use, `초점 손실(focal loss)`), and always when it is an abbreviation
//!   (`CE`, `MSE`: [`is_abbreviation`]). Another variant the chapters use as a word of their own
//!   (`derivative` beside `gradient`, `weight` beside `parameter`) is searched as written *and*
//!   with its term: the pages that use it, ranked by the concept too. A variant shared by two
//!   concepts, or that is another concept's preferred term (`기울기`), is left alone.
//! - **spacing**: terms and variants are compared without spaces and hyphens, so a compound typed
//!   joined (`초점손실`, `crossentropy`) or spaced (`kullback leibler`) is the book's spelling;
//! - **Korean particles**: a term typed with a particle (`KL 발산의`, `클래스 불균형을`) loses it:
//!   Pagefind finds every form of a bare word (`발산` finds `발산은`, `발산을`), but only the
//!   forms that begin with a word typed with a particle;
//! - **British spelling**: the English edition writes -ise (terminology.toml's `ise-spelling`),
//!   so `normalize` is searched as `normalise`.
//!
//! Everything else is searched as typed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use book::Edition;
use book::source::{self, SUMMARY};
use book::terminology::{self, Term};
use serde_json::json;

use crate::util::cmd::{Result, repo_root};

/// Where the query module and its data go, inside an edition's folder.
pub const FOLDER: &str = "search";

/// A variant written at least this fraction as often as its term is a word of the book's own.
const OWN_WORD_SHARE: f64 = 0.1;

/// Korean particles (조사) a query word may end with, longest first so `에서는` is tried before
/// `는`. Only stripped when what remains is one of the book's terms.
const KOREAN_PARTICLES: &[&str] = &[
    "에서는",
    "에서의",
    "으로는",
    "으로서",
    "으로써",
    "이라는",
    "이라고",
    "에서",
    "으로",
    "에게",
    "까지",
    "부터",
    "처럼",
    "보다",
    "이란",
    "이나",
    "라는",
    "라고",
    "와의",
    "과의",
    "에는",
    "에도",
    "로는",
    "로서",
    "로써",
    "을",
    "를",
    "이",
    "가",
    "은",
    "는",
    "의",
    "에",
    "로",
    "와",
    "과",
    "도",
    "만",
    "란",
];

/// English words the English edition spells -ise typed -ize (American): the pattern (a JavaScript
/// regular expression, case-insensitive, on one query word) and its replacement. The same stems as
/// terminology.toml's `ise-spelling` style rule; the chapters must follow it, so the index has
/// only the -ise forms.
const BRITISH_SPELLING: (&str, &str) = ("^(\\p{L}{3,}i)z(e|es|ed|er|ers|ing|ation|ations)$", "$1s$2");

/// Writes `<site>/search/terms.json` and the query module for `edition`.
pub fn write(edition: Edition, site: &Path) -> Result {
    let root = repo_root();
    let terms = terminology::load(&root)?.terms;
    let teaching = teaching_text(edition)?;
    let folder = site.join(FOLDER);
    fs::create_dir_all(&folder)?;
    fs::write(folder.join("terms.json"), serde_json::to_string(&terms_json(edition, &terms, &teaching))?)?;
    fs::copy(root.join("assets/search/query.mjs"), folder.join("query.mjs"))?;
    Ok(())
}

/// The Markdown of the edition's numbered chapters (not the back matter: the glossary lists
/// every variant by design).
fn teaching_text(edition: Edition) -> Result<String> {
    let dir = source::edition_dir(edition);
    let summary = fs::read_to_string(dir.join(SUMMARY))?;
    let back_matter: BTreeSet<String> = source::summary_back_matter(&summary).into_iter().collect();
    let mut text = String::new();
    for link in source::summary_links(&summary) {
        if !back_matter.contains(&link) {
            text.push_str(&readable(&fs::read_to_string(dir.join(&link))?));
            text.push('\n');
        }
    }
    Ok(text)
}

/// `markdown` without what a reader does not read: link targets (`](ch07-backpropagation.md)`)
/// and comments (`<!-- formula: focal-loss -->`).
fn readable(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let mut rest = markdown;
    loop {
        let link = rest.find("](").map(|at| (at + 1, ")"));
        let comment = rest.find("<!--").map(|at| (at, "-->"));
        let Some((start, end)) = [link, comment].into_iter().flatten().min_by_key(|(at, _)| *at) else { break };
        text.push_str(&rest[..start]);
        match rest[start..].find(end) {
            Some(close) => rest = &rest[start + close + end.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    text.push_str(rest);
    text
}

/// The data of `terms.json`: the preferred terms, the hyphenated words, the variants
/// (`[variant, term, own_word]`: `own_word` when the chapters use the variant as a word of their
/// own, see the module documentation), the particles and the spelling rule.
fn terms_json(edition: Edition, terms: &[Term], teaching: &str) -> serde_json::Value {
    let preferred: BTreeSet<&str> = terms.iter().flat_map(|term| term.preferred_terms(edition)).collect();
    let is_preferred = |text: &str| preferred.iter().any(|term| term.to_lowercase() == text.to_lowercase());

    // Variant → the terms it stands for; only one-term entries (a pair's variants name either).
    let mut meanings: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for term in terms {
        // The Korean edition glosses a term with its English at first use (`초점 손실(focal
        // loss)`), and readers type the English: it is a variant of the Korean term.
        let english = if edition == Edition::Ko { term.preferred_terms(Edition::En) } else { Vec::new() };
        let variants = term.variants(edition).chain(english);
        match term.preferred_terms(edition)[..] {
            [single] => variants.for_each(|variant| {
                meanings.entry(variant).or_default().insert(single);
            }),
            // A pair's variants (`포지티브`) name either of its terms.
            _ => variants.for_each(|variant| {
                meanings.entry(variant).or_default().insert("");
            }),
        }
    }
    let mut variants = Vec::new();
    for (variant, meaning) in &meanings {
        let [term] = meaning.iter().copied().collect::<Vec<_>>()[..] else { continue };
        if term.is_empty() || is_preferred(variant) {
            continue;
        }
        if variant.chars().count() < 2 {
            continue; // `u` (unit roundoff) would rewrite every stray letter
        }
        let uses = occurrences(teaching, variant) as f64;
        let own_word =
            uses > 0.0 && uses >= OWN_WORD_SHARE * occurrences(teaching, term) as f64 && !is_abbreviation(variant);
        variants.push(json!([variant, term, own_word]));
    }
    // Words the book writes with a hyphen or dash, which readers type spaced or joined.
    let words: BTreeSet<&str> = terms
        .iter()
        .flat_map(|term| term.preferred_terms(edition).into_iter().chain(term.variants(edition)))
        .flat_map(str::split_whitespace)
        .filter(|word| word.contains(['-', '–']) && word.chars().any(char::is_alphabetic))
        .collect();
    json!({
        "language": edition.code(),
        "terms": preferred,
        "words": words,
        "variants": variants,
        "particles": if edition == Edition::Ko { KOREAN_PARTICLES } else { &[] },
        "spelling": if edition == Edition::En { vec![BRITISH_SPELLING] } else { vec![] },
    })
}

/// `CE`, `MSE`, `RMSE`: capital Latin letters only (and at least two). An abbreviation stands for
/// its term even where the chapters write it often: they spell the concept out in prose and use the
/// abbreviation in names, tables and code (`ce`, the CE/FL ratio), so a chapter that compares two
/// losses writes `CE` more often than the chapter that teaches cross-entropy.
fn is_abbreviation(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(|c| c.is_ascii_uppercase())
}

/// How often `needle` is written in `text` as a word of its own: case-insensitively, not inside a
/// longer word of letters or digits (`CE` is not counted in `BCELoss`). A Hangul needle may be
/// followed by anything (a particle).
fn occurrences(text: &str, needle: &str) -> usize {
    let hay = text.to_lowercase();
    let needle = needle.to_lowercase();
    let is_word = |c: char| c.is_alphanumeric() && !is_hangul(c) || c == '_';
    let ends_in_hangul = needle.chars().last().is_some_and(is_hangul);
    hay.match_indices(&needle)
        .filter(|(at, _)| {
            let before = hay[..*at].chars().next_back();
            let after = hay[at + needle.len()..].chars().next();
            let before_ok = before.is_none_or(|c| !(is_word(c) || is_hangul(c)));
            let after_ok = ends_in_hangul || after.is_none_or(|c| !is_word(c));
            before_ok && after_ok
        })
        .count()
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

#[cfg(test)]
mod tests {
    use book::terminology::PerEdition;

    use super::*;

    fn term(id: &str, ko: &str, en: &str, synonyms_ko: &[&str], synonyms_en: &[&str]) -> Term {
        let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Term {
            id: id.into(),
            preferred: PerEdition { ko: ko.into(), en: en.into() },
            rejected: PerEdition::default(),
            synonyms: PerEdition { ko: strings(synonyms_ko), en: strings(synonyms_en) },
            meaning: PerEdition::default(),
            reason: String::new(),
            taught_in: String::new(),
            english_at_first_use: false,
            line: 0,
        }
    }

    #[test]
    fn link_targets_and_comments_are_not_read() {
        assert_eq!(readable("see [7장](ch07-backpropagation.md) now"), "see [7장] now");
        assert_eq!(readable("<!-- formula: focal-loss -->\n$$x$$ [a](b) c"), "\n$$x$$ [a] c");
        assert_eq!(readable("open [a](b"), "open [a]");
    }

    #[test]
    fn counts_words_not_parts_of_words() {
        assert_eq!(occurrences("CE and BCELoss, CE.", "CE"), 2);
        assert_eq!(occurrences("초점 손실을 초점 손실(focal loss)", "초점 손실"), 2);
        assert_eq!(occurrences("교차 엔트로피", "엔트로피"), 1);
        assert_eq!(occurrences("cross_entropy", "entropy"), 0);
    }

    #[test]
    fn rare_variants_are_replaced_and_the_book_s_own_words_kept() {
        let terms = [
            term("focal-loss", "초점 손실", "focal loss", &["포컬 로스", "focal loss", "FL"], &["FL"]),
            term("gradient", "기울기", "gradient", &["그래디언트"], &["derivative"]),
            term("slope", "기울기 계수", "slope", &["기울기"], &[]),
            term("pair", "양성, 음성", "positive, negative", &["포지티브"], &[]),
            term("ce", "교차 엔트로피", "cross-entropy", &["CE"], &["CE", "log loss"]),
            term("nll", "음의 로그 가능도", "negative log-likelihood", &[], &["log loss"]),
        ];
        let ko = "초점 손실 ".repeat(20) + "초점 손실(focal loss) FL FL FL 기울기 교차 엔트로피";
        let data = terms_json(Edition::Ko, &terms, &ko);
        let variants: Vec<(String, String, bool)> = data["variants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| (v[0].as_str().unwrap().into(), v[1].as_str().unwrap().into(), v[2].as_bool().unwrap()))
            .collect();
        let has = |v: &str, t: &str, own: bool| variants.contains(&(v.into(), t.into(), own));
        assert!(has("포컬 로스", "초점 손실", false) && has("그래디언트", "기울기", false), "{variants:?}");
        // Once for 21 of the term: a gloss; never: a reader's word.
        assert!(has("focal loss", "초점 손실", false) && has("CE", "교차 엔트로피", false), "{variants:?}");
        // FL is written 3 times for 21 of the term, but an abbreviation: replaced all the same.
        assert!(has("FL", "초점 손실", false), "{variants:?}");
        // The English term is a variant in the Korean edition.
        assert!(has("cross-entropy", "교차 엔트로피", false), "{variants:?}");
        // A preferred term (기울기) and a pair's variant are not rewritten.
        assert!(!variants.iter().any(|(v, ..)| v == "기울기" || v == "포지티브"), "{variants:?}");
        assert!(data["terms"].as_array().unwrap().iter().any(|t| t == "음성"));
        assert!(!data["particles"].as_array().unwrap().is_empty());

        let en = "gradient derivative derivative cross-entropy";
        let data = terms_json(Edition::En, &terms, en);
        let variants = data["variants"].to_string();
        assert!(variants.contains(r#"["derivative","gradient",true]"#), "{variants}");
        assert!(!variants.contains("log loss"), "two meanings: {variants}");
        assert!(data["words"].as_array().unwrap().iter().any(|w| w == "cross-entropy" || w == "log-likelihood"));
        assert!(data["particles"].as_array().unwrap().is_empty());
    }
}
