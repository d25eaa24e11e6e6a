//! The book's search: a Pagefind index per edition, written by `cargo xtask build` into
//! `book/<language>/pagefind/` and shown by the search box of theme/header.hbs.
//!
//! mdBook's own search finds no Korean word at all and indexes KaTeX glyph text (rust-lang/mdBook
//! #1081, #2244, #2667), so book.toml turns it off. Pagefind reads `<html lang>` and keeps one
//! index per language; Korean words are split on spaces and every query word also finds the
//! words it begins, so `초점` finds `초점을` and `손실` finds `손실은` (particles are suffixes).
//!
//! What is indexed: the `<main>` of each chapter page, marked `data-pagefind-body` here (so not
//! `index.html`, mdBook's copy of the first chapter, nor `print.html`, `toc.html`, `404.html`),
//! without the KaTeX markup (glyphs, MathML, TeX source) and without the Rust lines mdBook hides.
//! A result's title is the chapter's first heading.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use book::Edition;
use book::terminology::Term;
use book::{exercise_section, source};

use crate::tools;
use crate::util::cmd::{Result, run_command};
use crate::util::html;

/// Elements left out of the index: KaTeX output (`.katex` holds both the glyph HTML and the
/// MathML with its TeX annotation) and the hidden lines of Rust blocks (`# ` lines).
const EXCLUDED: &[&str] = &[".katex", ".boring"];

/// What mdBook 0.5 writes around a chapter's content, and what it becomes.
const MAIN: &str = "<main>";
const INDEXED_MAIN: &str = "<main data-pagefind-body";

/// Pagefind's weight of the words of a back-matter page (the appendices: notation, glossary,
/// references, how the book is verified), against 1 for a chapter's text.
///
/// Why: the notation and glossary pages name every term of the book once, in short table rows,
/// and Pagefind's ranking (BM25) favours a short page that holds the query: the glossary would
/// come first for any term, above the chapter that teaches it. At half weight a back-matter page
/// still comes first for what only it covers (a notation, a reference, the verification), and
/// comes after a chapter that covers the query as much.
pub const BACK_MATTER_WEIGHT: &str = "0.5";

/// Indexes the edition built into `site` (its chapter pages are already marked by the page pass,
/// [`mark_for_indexing`]) and checks that the index holds exactly its chapters.
pub fn index(edition: Edition, site: &Path) -> Result {
    let pagefind = tools::executable("pagefind")?;
    let mut command = Command::new(&pagefind);
    command.arg("--site").arg(site).arg("--quiet");
    for selector in EXCLUDED {
        command.args(["--exclude-selectors", selector]);
    }
    run_command(&mut command, true)?;
    let chapters = source::chapter_names(&source::edition_dir(edition))?;
    check_entry(site, edition.code(), chapters.len())
}

/// Title words beyond this many share one ranking field (see [`title_field`]).
pub const MAX_TITLE_WORDS: usize = 6;

/// The ranking field of a chapter title of `words` words: `title_words_<n>`. theme/header.hbs
/// weighs these fields `15 / n` (Pagefind's `metaWeights`) and the display field `title` 0.
///
/// Why: Pagefind boosts a page whose title contains the query, by the same amount whatever the
/// title's length, so `focal` scores "α-Balanced Focal Loss" and "Focal Loss" alike and the
/// longer chapter text decides. Search engines that rank titles as their own field (BM25F)
/// normalise by the field's length: a query word is a bigger part of a short title. One field
/// per title length gives Pagefind that normalisation; the weights average Pagefind's default
/// title weight (5) for this book's three-word titles.
pub fn title_field(words: usize) -> String {
    format!("title_words_{}", words.clamp(1, MAX_TITLE_WORDS))
}

/// Words of a heading's HTML, as counted for [`title_field`]: tags removed, split at spaces and
/// hyphens, pieces with a letter only (`6.` is not a word, `α` and `손실` are).
fn title_words(heading_html: &str) -> usize {
    let mut text = String::new();
    let mut in_tag = false;
    for c in heading_html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split(|c: char| c.is_whitespace() || c == '-').filter(|word| word.chars().any(char::is_alphabetic)).count()
}

/// `page` with its `<main>` marked as the part Pagefind indexes (at [`BACK_MATTER_WEIGHT`] for
/// a page of the `back_matter`), its section headings as [`HEADINGS_FIELD`], the `taught` terms
/// (the forms of the terms the page teaches, [`taught_terms`]) as [`taught_field`]s, and the
/// first `<h1>` inside it as the page's title (the chapter's heading: otherwise Pagefind takes
/// the first `<h1>` of the page, mdBook's menu bar with the book's title) and as its
/// [`title_field`]; `None` when it has no `<main>`. Already marked pages stay as they are.
pub fn mark_for_indexing(page: &str, back_matter: bool, taught: &[String]) -> Option<String> {
    if page.contains(INDEXED_MAIN) {
        return Some(page.to_string());
    }
    let start = page.find(MAIN)?;
    let body = start + MAIN.len();
    let end = page[body..].find("</main>").map_or(page.len(), |at| body + at);
    let mut marked = String::with_capacity(page.len() + 64);
    marked.push_str(&page[..start]);
    marked.push_str(INDEXED_MAIN);
    if back_matter {
        marked.push_str(&format!(" data-pagefind-weight=\"{BACK_MATTER_WEIGHT}\""));
    }
    marked.push('>');
    let headings = section_headings(taught_part(&page[body..end]));
    if !headings.is_empty() {
        marked.push_str(&format!(
            "<span hidden data-pagefind-ignore data-pagefind-meta=\"{HEADINGS_FIELD}\">{}</span>",
            escape_text(&headings.join(" · "))
        ));
    }
    let mut by_length: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for term in taught {
        by_length.entry(taught_field(title_words(term))).or_default().push(term);
    }
    for (field, terms) in by_length {
        marked.push_str(&format!(
            "<span hidden data-pagefind-ignore data-pagefind-meta=\"{field}\">{}</span>",
            escape_text(&terms.join(" · "))
        ));
    }
    match page[body..end].find("<h1") {
        Some(at) => {
            let heading = &page[body + at..];
            let heading = &heading[..heading.find("</h1>").unwrap_or(heading.len())];
            marked.push_str(&page[body..body + at]);
            marked.push_str(&format!("<h1 data-pagefind-meta=\"title, {}\"", title_field(title_words(heading))));
            marked.push_str(&page[body + at + 3..]);
        }
        None => marked.push_str(&page[body..]),
    }
    Some(marked)
}

/// The ranking field holding a chapter's section headings (`<h2>`, `<h3>`) before its exercise
/// section, which theme/header.hbs weighs (Pagefind's `metaWeights`) and does not display.
///
/// Why: a section heading names what the section teaches. A query whose words are in one chapter's
/// headings (`cross-entropy gradient`: "Step 3: the gradient of the cross-entropy", in the
/// backpropagation chapter) is about that chapter, even where another chapter writes the same
/// words more often in passing or has one of them in its title. Pagefind weighs heading words
/// within the text but ranks by the whole page's word counts; as a field of their own, like the
/// title, headings count as what the page is about.
pub const HEADINGS_FIELD: &str = "headings";

/// Term forms beyond this many words share one ranking field (see [`taught_field`]).
pub const MAX_TAUGHT_WORDS: usize = 3;

/// The ranking field of the forms of `words` words among a chapter's taught terms:
/// `taught_words_<n>`, which theme/header.hbs weighs `w / n` (Pagefind's `metaWeights`) and does
/// not display. A term's forms are its preferred terms and synonyms in the edition
/// (src/terminology.toml), on the page of the chapter its `taught_in` names.
///
/// Why: a reader who searches for a term wants the chapter that teaches it, but Pagefind ranks by
/// word counts, and the book's terms are used far more often in the chapters that build on them
/// (`하드 네거티브` → `어려운 음성`: chapter 5 writes `어려운` and `음성` more often than chapter 6,
/// which defines the hard negative). The decision of which chapter teaches a term is made once, in
/// the terminology, and this field carries it into the ranking. Pagefind scores a field word by
/// word, so `엔트로피` would match the `교차 엔트로피` of the cross-entropy chapter as much as the
/// `엔트로피` of the chapter that teaches entropy; one field per length of form, weighed down by
/// the length as [`title_field`] does, counts a query word that is the whole of a taught form above
/// one that is half of one.
pub fn taught_field(words: usize) -> String {
    format!("taught_words_{}", words.clamp(1, MAX_TAUGHT_WORDS))
}

/// The forms of the terms each chapter teaches in `edition`: chapter file name (`ch04-cross-entropy.md`)
/// → the preferred terms and synonyms of every term whose `taught_in` it is, without repeats.
pub fn taught_terms(edition: Edition, terms: &[Term]) -> BTreeMap<String, Vec<String>> {
    let mut taught: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for term in terms {
        let forms = taught.entry(term.taught_in.clone()).or_default();
        for form in
            term.preferred_terms(edition).into_iter().chain(term.synonyms.get(edition).iter().map(String::as_str))
        {
            if !forms.iter().any(|known| known.eq_ignore_ascii_case(form)) {
                forms.push(form.to_owned());
            }
        }
    }
    taught
}

/// `main` up to its exercise section (mdBook keeps the section's opening comment,
/// [`exercise_section::BEGIN`], in the page), or all of it.
///
/// Why the exercise headings are not section headings for [`HEADINGS_FIELD`]: they name tasks
/// (`6.1 Focal loss`, the function to write) and the same `Exercises` heading stands in eight
/// chapters, so in the field they add matches for the chapter's own title words and for words
/// of neighbouring chapters instead of saying what a section teaches. Their text stays in the
/// index at full weight: an exercise practises its own chapter's topic, and weighing it down
/// moves results to the chapters without exercises (measured: the Korean edition's
/// `교차 엔트로피` queries went to the α-balanced chapter, `prior probability` to chapter 10).
fn taught_part(main: &str) -> &str {
    main.find(exercise_section::BEGIN).map_or(main, |at| &main[..at])
}

/// The text of the `<h2>` and `<h3>` headings of `main`, without KaTeX's markup, in order.
fn section_headings(main: &str) -> Vec<String> {
    let mut headings = Vec::new();
    let mut rest = main;
    while let Some(at) = ["<h2", "<h3"].iter().filter_map(|open| rest.find(open)).min() {
        let level = &rest[at + 1..at + 3];
        let close = format!("</{level}>");
        let Some(end) = rest[at..].find(&close) else { break };
        let text = html::text_without_class(&rest[at..at + end], "katex");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            headings.push(text);
        }
        rest = &rest[at + end + close.len()..];
    }
    headings
}

/// `text` for an HTML element's content and a Pagefind meta value: `&`, `<`, `>` escaped, and
/// no commas (Pagefind would read a comma as the start of another field).
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace(',', " ")
}

/// Pagefind's `pagefind-entry.json` must list exactly one language, the edition's (from
/// `<html lang>`), with one page per chapter.
fn check_entry(site: &Path, language: &str, chapters: usize) -> Result {
    let entry = fs::read_to_string(site.join("pagefind/pagefind-entry.json"))?;
    let languages = entry_languages(&entry);
    if languages != [(language.to_string(), chapters)] {
        return Err(format!(
            "book/{language}/pagefind: expected one index, `{language}` with {chapters} pages (one per chapter); \
             Pagefind wrote {languages:?}"
        )
        .into());
    }
    Ok(())
}

/// `(language, page_count)` of each index in a `pagefind-entry.json`.
fn entry_languages(entry: &str) -> Vec<(String, usize)> {
    let Some(start) = entry.find("\"languages\"") else { return Vec::new() };
    let mut found = Vec::new();
    let mut rest = &entry[start..];
    // Each language is `"<code>":{"hash":…,"page_count":N}`.
    while let Some(at) = rest.find("\"page_count\":") {
        let before = &rest[..at];
        let code = before.rfind(":{").and_then(|brace| {
            let key = &before[..brace];
            let open = key[..key.len() - 1].rfind('"')?;
            Some(key[open + 1..key.len() - 1].to_string())
        });
        let digits: String = rest[at + 13..].chars().take_while(char::is_ascii_digit).collect();
        if let (Some(code), Ok(count)) = (code, digits.parse()) {
            found.push((code, count));
        }
        rest = &rest[at + 13..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_main_element_and_its_heading_once() {
        let page = r#"<h1 class="menu-title">Book</h1><main><h1 id="a">A</h1><h1>B</h1></main>"#;
        let marked = mark_for_indexing(page, false, &[]).unwrap();
        assert_eq!(
            marked,
            r#"<h1 class="menu-title">Book</h1><main data-pagefind-body><h1 data-pagefind-meta="title, title_words_1" id="a">A</h1><h1>B</h1></main>"#
        );
        assert_eq!(mark_for_indexing(&marked, false, &[]).as_deref(), Some(marked.as_str()));
        // No heading inside <main>: only <main> is marked, the heading after it is left alone.
        assert_eq!(
            mark_for_indexing("<main>x</main><h1>y</h1>", false, &[]).unwrap(),
            "<main data-pagefind-body>x</main><h1>y</h1>"
        );
        assert_eq!(mark_for_indexing("<body></body>", false, &[]), None);
        assert_eq!(
            mark_for_indexing("<main>x</main>", true, &[]).unwrap(),
            format!("<main data-pagefind-body data-pagefind-weight=\"{BACK_MATTER_WEIGHT}\">x</main>")
        );
    }

    #[test]
    fn section_headings_are_a_ranking_field() {
        let main = r#"<main><h1>6. Focal loss</h1><h2 id="a">Why <em>cross-entropy</em>, alone</h2><p>x</p><h3>Step 2: <span class="katex"><span>p<span>t</span></span></span> &amp; logit</h3><h4>no</h4></main>"#;
        assert_eq!(section_headings(main), ["Why cross-entropy, alone", "Step 2: & logit"]);
        let marked = mark_for_indexing(main, false, &[]).unwrap();
        assert!(
            marked.contains(&format!(
                r#"<main data-pagefind-body><span hidden data-pagefind-ignore data-pagefind-meta="{HEADINGS_FIELD}">Why cross-entropy  alone · Step 2: &amp; logit</span><h1"#
            )),
            "{marked}"
        );
    }

    #[test]
    fn exercise_headings_are_not_section_headings() {
        let main = format!(
            "<main><h1>3. KL</h1><h2>Definition</h2><p>x</p>\n{}\n<h2>Exercises</h2><h3>3.1 KL divergence</h3>\n{}\n</main>",
            exercise_section::BEGIN,
            exercise_section::END
        );
        let marked = mark_for_indexing(&main, false, &[]).unwrap();
        assert!(marked.contains(&format!(r#"data-pagefind-meta="{HEADINGS_FIELD}">Definition</span>"#)), "{marked}");
        assert!(marked.contains("<h3>3.1 KL divergence</h3>"), "the section itself stays in the page: {marked}");
    }

    #[test]
    fn title_fields_count_the_words_of_the_heading() {
        let heading = |html| title_words(html);
        assert_eq!(heading(r##"<h1 id="x"><a class="header" href="#x">6. Focal Loss</a>"##), 2);
        assert_eq!(heading("<h1>8. α-Balanced Focal Loss"), 4);
        assert_eq!(heading("<h1>6. 초점 손실 (Focal Loss)"), 4);
        assert_eq!(heading("<h1>7. 역전파"), 1);
        assert_eq!(title_field(0), "title_words_1");
        assert_eq!(title_field(2), "title_words_2");
        assert_eq!(title_field(40), format!("title_words_{MAX_TITLE_WORDS}"));
    }

    #[test]
    fn the_theme_weighs_every_title_field() {
        let header = std::fs::read_to_string(crate::util::cmd::repo_root().join("theme/header.hbs")).unwrap();
        for words in 1..=MAX_TITLE_WORDS {
            let field = title_field(words);
            assert!(header.contains(&format!("{field}: ")), "theme/header.hbs does not weigh {field}");
        }
        assert!(header.contains("title: 0"), "theme/header.hbs must weigh the display title 0");
        assert!(header.contains(&format!("{HEADINGS_FIELD}: ")), "theme/header.hbs does not weigh {HEADINGS_FIELD}");
        for words in 1..=MAX_TAUGHT_WORDS {
            let field = taught_field(words);
            assert!(header.contains(&format!("{field}: ")), "theme/header.hbs does not weigh {field}");
        }
    }

    #[test]
    fn the_theme_does_not_show_the_taught_fields() {
        let header = std::fs::read_to_string(crate::util::cmd::repo_root().join("theme/header.hbs")).unwrap();
        assert!(
            header.contains(r#"key.startsWith("taught_words_")"#),
            "theme/header.hbs must not display the taught fields"
        );
    }

    #[test]
    fn taught_terms_are_ranking_fields_by_length() {
        let terminology = book::terminology::parse(
            r#"
[[term]]
id = "cross-entropy"
ko = "교차 엔트로피"
en = "cross-entropy"
english_at_first_use = "yes"
taught_in = "ch04-cross-entropy.md"
rejected_ko = ["크로스엔트로피 손실"]
rejected_en = []
synonyms_ko = ["크로스 엔트로피", "CE", "ce"]
synonyms_en = ["cross entropy", "CE"]
meaning_ko = "m"
meaning_en = "m"
reason = "r"
"#,
        )
        .unwrap();
        let taught = taught_terms(Edition::Ko, &terminology.terms);
        // The preferred term and the synonyms, once each; not the rejected variants.
        assert_eq!(taught["ch04-cross-entropy.md"], ["교차 엔트로피", "크로스 엔트로피", "CE"]);
        let marked =
            mark_for_indexing("<main><h1>4. 교차 엔트로피</h1></main>", false, &taught["ch04-cross-entropy.md"])
                .unwrap();
        assert!(
            marked.contains(r#"<span hidden data-pagefind-ignore data-pagefind-meta="taught_words_1">CE</span><span hidden data-pagefind-ignore data-pagefind-meta="taught_words_2">교차 엔트로피 · 크로스 엔트로피</span><h1"#),
            "{marked}"
        );
        assert_eq!(taught_field(7), format!("taught_words_{MAX_TAUGHT_WORDS}"));
    }

    #[test]
    fn reads_the_languages_of_an_index() {
        let entry = r#"{"version":"1.6.0","languages":{"ko":{"hash":"ko_79c79dbce2","wasm":null,"page_count":13}},"include_characters":["_"]}"#;
        assert_eq!(entry_languages(entry), [("ko".to_string(), 13)]);
        let two = r#"{"languages":{"en":{"hash":"en_1","page_count":2},"ko":{"hash":"ko_2","page_count":3}}}"#;
        assert_eq!(entry_languages(two), [("en".to_string(), 2), ("ko".to_string(), 3)]);
        assert!(entry_languages("{}").is_empty());
    }
}
