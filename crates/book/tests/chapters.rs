//! The real chapters in `src/ko` and `src/en`, held to the book's conventions. Each test reports
//! every offending file and line at once, so one run shows everything to fix.

use book::Edition;
use book::markdown::Problem;
use book::source;
use book::{conventions, formulas, parity};

/// Applies `check` to every chapter of every edition; panics listing all problems found.
fn assert_every_chapter(what: &str, check: impl Fn(&book::markdown::Chapter) -> Vec<Problem>) {
    let mut found = Vec::new();
    for edition in Edition::ALL {
        let dir = source::edition_dir(edition);
        for file in source::load_chapters(&dir).expect("chapter files are readable") {
            for problem in check(&file.chapter) {
                found.push(format!("src/{edition}/{}: {problem}", file.name));
            }
        }
    }
    assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
}

#[test]
fn every_display_formula_is_marked_and_verified() {
    let report = formulas::report().expect("chapter files are readable");
    let incomplete: Vec<String> =
        report.iter().filter(|edition| !edition.coverage.is_complete()).map(ToString::to_string).collect();
    assert!(incomplete.is_empty(), "{}", incomplete.join("\n"));
}

#[test]
fn editions_match_except_for_prose() {
    let [left, right] = Edition::ALL;
    let differences = parity::compare_editions(&source::edition_dir(left), &source::edition_dir(right))
        .expect("chapter files are readable");
    assert!(
        differences.is_empty(),
        "src/{left} and src/{right} must have the same formulas, figures and code:\n{}",
        differences.join("\n")
    );
}

#[test]
fn no_rust_block_is_skipped() {
    assert_every_chapter("Rust blocks that would not run", conventions::skipped_rust_blocks);
}

#[test]
fn should_panic_blocks_name_the_panic_they_expect() {
    assert_every_chapter(
        "`should_panic` blocks that could pass by panicking for another reason",
        conventions::should_panic_blocks,
    );
}

#[test]
fn katex_can_render_every_formula() {
    let mut found = Vec::new();
    for edition in Edition::ALL {
        let dir = source::edition_dir(edition);
        for name in source::chapter_names(&dir).expect("src/<edition> is readable") {
            let expanded = source::read_chapter(&dir, &name).expect("chapter is readable");
            for problem in conventions::katex_problems(&expanded.text, |line| expanded.chapter_line(line)) {
                found.push(format!("src/{edition}/{name}: {problem}"));
            }
        }
    }
    assert!(found.is_empty(), "math KaTeX would not render (or would render wrongly):\n{}", found.join("\n"));
}

#[test]
fn no_indented_code_block_inside_formulas() {
    assert_every_chapter("indented code inside a formula", conventions::indented_code_in_formulas);
}

#[test]
fn every_edition_has_a_summary_listing_every_chapter() {
    let mut found = Vec::new();
    for edition in Edition::ALL {
        let dir = source::edition_dir(edition);
        let summary = std::fs::read_to_string(dir.join(source::SUMMARY)).expect("SUMMARY.md exists");
        let links = source::summary_links(&summary);
        let names = source::chapter_names(&dir).expect("src/<edition> is readable");
        for name in &names {
            if !links.contains(name) {
                found.push(format!("src/{edition}/SUMMARY.md does not link {name}"));
            }
        }
        for link in &links {
            if !names.contains(link) {
                found.push(format!("src/{edition}/SUMMARY.md links {link}, which is not a chapter file"));
            }
        }
    }
    assert!(found.is_empty(), "a chapter missing from SUMMARY.md is never built:\n{}", found.join("\n"));
}

#[test]
fn editions_have_parallel_prose() {
    let [left, right] = Edition::ALL;
    let differences = parity::compare_prose_editions(&source::edition_dir(left), &source::edition_dir(right))
        .expect("chapter files are readable");
    assert!(
        differences.is_empty(),
        "src/{left} and src/{right} must run in parallel: the same headings, the same number of paragraphs in \
         each section, the same links and the same numbers in each pair of paragraphs:\n{}",
        differences.join("\n")
    );
}
