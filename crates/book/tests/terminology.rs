//! The terminology of `src/terminology.toml`, held against the chapters of both editions and
//! against appendix B's glossary tables.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Mutex;

use book::Edition;
use book::source;
use book::terminology::{self, Terminology};
use regex::Regex;

fn load() -> Terminology {
    terminology::load(&source::repo_root()).unwrap_or_else(|error| panic!("{error}"))
}

/// The `regex` crate as the check's [`terminology::Finder`], compiling each pattern once.
fn regex_finder() -> impl Fn(&str, &str) -> Vec<Range<usize>> {
    let compiled: Mutex<HashMap<String, Regex>> = Mutex::new(HashMap::new());
    move |pattern, text| {
        let mut compiled = compiled.lock().expect("not poisoned");
        let regex = compiled
            .entry(pattern.to_owned())
            .or_insert_with(|| Regex::new(pattern).unwrap_or_else(|error| panic!("{pattern}: {error}")));
        regex.find_iter(text).map(|m| m.range()).collect()
    }
}

#[test]
fn no_rejected_variant_in_the_prose_of_either_edition() {
    let terminology = load();
    let find = regex_finder();
    let mut found = Vec::new();
    for edition in Edition::ALL {
        let dir = source::edition_dir(edition);
        for name in source::chapter_names(&dir).expect("src/<edition> is readable") {
            let expanded = source::read_chapter(&dir, &name).expect("chapter is readable");
            for problem in terminology::check_chapter(&expanded.text, edition, &terminology, &find) {
                let line = expanded.chapter_line(problem.line);
                found.push(format!("src/{edition}/{name}:{line}: {}", problem.message));
            }
        }
    }
    assert!(
        found.is_empty(),
        "rejected terms in the prose (src/terminology.toml decides; quote another text in \"…\" if you must \
         cite it as written):\n{}",
        found.join("\n")
    );
}

#[test]
fn every_style_example_matches_its_own_rule_and_every_pattern_compiles() {
    let terminology = load();
    let mut found = Vec::new();
    for style in &terminology.styles {
        for edition in Edition::ALL {
            let patterns: Vec<Regex> = style
                .rejected_regex
                .get(edition)
                .iter()
                .map(|pattern| {
                    Regex::new(pattern).unwrap_or_else(|error| panic!("style `{}` ({edition}): {error}", style.id))
                })
                .collect();
            for example in style.rejected_examples.get(edition) {
                if !patterns.iter().any(|regex| regex.is_match(example)) {
                    found.push(format!(
                        "src/terminology.toml line {}: style `{}`: the {edition} example `{example}` matches none of \
                         rejected_{edition}_regex {:?}",
                        style.line,
                        style.id,
                        style.rejected_regex.get(edition)
                    ));
                }
            }
            let rule = style.rule.get(edition);
            for regex in &patterns {
                if let Some(m) = regex.find(rule) {
                    found.push(format!(
                        "src/terminology.toml line {}: style `{}`: the rule's own text breaks it (`{}`)",
                        style.line,
                        style.id,
                        m.as_str()
                    ));
                }
            }
        }
    }
    found.extend(terminology::consistency_problems(&terminology));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_glossary_tables_are_generated_from_the_terminology() {
    let root = source::repo_root();
    let generated = terminology::generate(&root).unwrap_or_else(|error| panic!("{error}"));
    if let Err(message) = generated.check_message(&root).expect("the repository is readable") {
        panic!("{message}");
    }
    // And appendix B shows them: each edition includes its two tables.
    for edition in Edition::ALL {
        let appendix = std::fs::read_to_string(source::edition_dir(edition).join("appendix-b-glossary.md"))
            .expect("appendix B exists");
        for table in ["terms", "conventions"] {
            let include = format!("{{{{#include ../glossary/{table}.{edition}.md}}}}");
            assert!(appendix.contains(&include), "src/{edition}/appendix-b-glossary.md must include `{include}`");
        }
    }
}

#[test]
fn every_term_is_taught_in_a_chapter_that_uses_it() {
    let terminology = load();
    let mut found = Vec::new();
    for edition in Edition::ALL {
        let dir = source::edition_dir(edition);
        let summary = std::fs::read_to_string(dir.join(source::SUMMARY)).expect("SUMMARY.md exists");
        let listed = source::summary_links(&summary);
        let mut prose_of: HashMap<String, String> = HashMap::new();
        for term in &terminology.terms {
            let place = format!("src/terminology.toml line {}: term `{}`", term.line, term.id);
            if !listed.contains(&term.taught_in) {
                found
                    .push(format!("{place}: taught_in `{}` is not listed in src/{edition}/SUMMARY.md", term.taught_in));
                continue;
            }
            let prose = prose_of.entry(term.taught_in.clone()).or_insert_with(|| {
                let chapter = source::read_chapter(&dir, &term.taught_in).expect("a listed chapter is readable");
                book::prose::blocks(&chapter.text)
                    .iter()
                    .map(|block| block.prose().to_lowercase())
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            let forms: Vec<&str> = term
                .preferred_terms(edition)
                .into_iter()
                .chain(term.synonyms.get(edition).iter().map(String::as_str))
                .collect();
            if !forms.iter().any(|form| prose.contains(&form.to_lowercase())) {
                found.push(format!(
                    "{place}: src/{edition}/{} never writes the term or a synonym ({}) in its prose: is it the chapter \
                     that teaches it?",
                    term.taught_in,
                    forms.join(", ")
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_korean_edition_gives_the_english_term_at_its_first_use() {
    let terminology = load();
    let dir = source::edition_dir(Edition::Ko);
    let summary = std::fs::read_to_string(dir.join(source::SUMMARY)).expect("SUMMARY.md exists");
    let order = terminology::first_use_order(&summary);
    let mut expanded = Vec::new();
    let mut chapters = Vec::new();
    for name in order {
        let chapter = source::read_chapter(&dir, &name).expect("a listed chapter is readable");
        chapters.push((name, chapter.text.clone()));
        expanded.push(chapter);
    }
    let found: Vec<String> = terminology::first_use_problems(&chapters, &terminology)
        .into_iter()
        .map(|(index, problem)| {
            format!("src/ko/{}:{}: {}", chapters[index].0, expanded[index].chapter_line(problem.line), problem.message)
        })
        .collect();
    assert!(
        found.is_empty(),
        "the first use of a term (in the order of src/ko/SUMMARY.md, appendix B aside) lacks its English in \
         parentheses:\n{}",
        found.join("\n")
    );
}
