//! Every display formula of both editions, read through the `book` crate's scanner (markers and
//! all) and checked: `cargo test` fails on any formula that does not hold, naming the file, the
//! line, the formula id, the relation and a sample point where its sides differ.
//!
//! The mutation run over the book is `cargo xtask mutants` (`formula mutants`), not a test: it
//! takes longer than the rest of the formula checks together.

use std::time::Instant;

use book::Edition;
use formula::chapters::{self, ChapterFormulas};
use formula::{Chapter, ChapterReport, FormulaSource};

#[test]
fn every_formula_of_both_editions_is_evaluated_or_exempt() {
    let root = book::repo_root();
    let started = Instant::now();
    let mut problems = Vec::new();
    for edition in Edition::ALL {
        let report = chapters::check_edition(&root, edition).unwrap_or_else(|e| panic!("{e}"));
        println!("{report}");
        for exemption in report.exemptions() {
            println!("  exempt: {exemption}");
        }
        problems.extend(report.failures());
        let (total, _, exempt) = report.counts();
        assert!(
            exempt * 100 <= chapters::MAX_EXEMPT_PERCENT * total,
            "more than {} % of the formulas of src/{edition} are exempt: {exempt}/{total}",
            chapters::MAX_EXEMPT_PERCENT
        );
    }
    println!("formula checks of both editions: {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    assert!(problems.is_empty(), "{} formula(s) do not hold:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn appendix_a_symbol_tables_match_symbols_toml() {
    let root = book::repo_root();
    let generated = chapters::notation_snippets(&root).expect("symbol table");
    if let Err(message) = generated.check_message(&root).expect("snippets are readable") {
        panic!("appendix A's symbol tables are generated from src/symbols.toml.\n{message}");
    }
}

#[test]
fn appendix_d_quotes_the_current_formula_report() {
    let root = book::repo_root();
    for edition in Edition::ALL {
        let report = chapters::check_edition(&root, edition).expect("chapters are readable").to_string();
        let path = format!("src/{edition}/appendix-d-verification.md");
        let text = std::fs::read_to_string(root.join(&path)).expect("appendix D");
        assert!(text.contains(&format!("`{report}`")), "{path} must quote the current report line: `{report}`");
    }
}

/// The English edition's chapter `chapter`.
fn english(chapter: &str) -> ChapterFormulas {
    chapters::edition_formulas(&book::repo_root(), Edition::ALL[1])
        .expect("chapters are readable")
        .into_iter()
        .find(|c| c.chapter == chapter)
        .unwrap_or_else(|| panic!("no chapter {chapter}"))
}

/// The English chapter `chapter` with formula `id` replaced by `tex` (or a new formula appended
/// when `id` is new), checked.
fn check_edited(chapter: &str, id: &str, tex: &str) -> ChapterReport {
    let table = chapters::symbol_table(&book::repo_root()).expect("symbol table");
    let mut formulas = english(chapter).formulas;
    match formulas.iter_mut().find(|f| formula::Marker::parse(&f.marker).is_ok_and(|m| m.id == id)) {
        Some(formula) => {
            assert_ne!(formula.tex, tex, "the edit changes nothing");
            formula.tex = tex.to_owned();
        }
        None => formulas.push(FormulaSource { marker: format!("formula: {id}"), tex: tex.to_owned(), line: 1 }),
    }
    Chapter::new(&table, chapter).check(&formulas)
}

/// The first failure of the edited chapter, which must be in formula `id`.
fn first_failure(chapter: &str, id: &str, tex: &str) -> String {
    let report = check_edited(chapter, id, tex);
    let failure = report.failures().next().unwrap_or_else(|| panic!("`{tex}` in {chapter} was not caught"));
    assert_eq!(failure.id, id, "{failure}");
    failure.to_string()
}

#[test]
fn a_sign_flip_in_the_focal_loss_gradient_is_caught_with_a_sample_point() {
    let flipped = r"\frac{\mathrm{d}\operatorname{FL}}{\mathrm{d}x} = y\,(1 - p_t)^{\gamma}\,\bigl(\gamma\,p_t\log p_t - p_t + 1\bigr)";
    let message = first_failure("ch07-backpropagation", "dfl-dx", flipped);
    println!("{message}");
    // The chapter line, the id, the relation, the point and both sides.
    assert!(
        message.starts_with("line 381: formula `dfl-dx`: `\\frac{\\mathrm{d}\\operatorname{FL}}{\\mathrm{d}x} = y"),
        "{message}"
    );
    for part in ["does not hold at", "x = ", "y = ", "\\gamma = ", ": left ", ", right "] {
        assert!(message.contains(part), "`{part}` missing from: {message}");
    }
}

#[test]
fn a_false_equation_is_caught() {
    let message = first_failure("ch02-regression-losses", "bogus", "1 + 1 = 3");
    assert_eq!(message, "line 1: formula `bogus`: `1 + 1 = 3`: does not hold: left 2, right 3");
}

#[test]
fn a_dropped_minus_is_caught() {
    first_failure("ch06-focal-loss", "focal-loss", r"\operatorname{FL}(p_t) = (1 - p_t)^{\gamma}\log p_t");
}

#[test]
fn alpha_swapped_with_its_complement_is_caught() {
    let swapped = r"\alpha_t = \begin{cases} 1 - \alpha & y = +1 \\ \alpha & y = -1 \end{cases}";
    first_failure("ch08-balanced-focal-loss", "alpha-t", swapped);
}

#[test]
fn a_changed_summation_index_is_caught() {
    let changed = r"\operatorname{MAE} = \frac{1}{n} \sum_{i=1}^{n} |y_1 - \hat y_i|";
    first_failure("ch02-regression-losses", "mae", changed);
}

#[test]
fn log_of_the_complement_is_caught() {
    first_failure("ch05-balanced-cross-entropy", "balanced-ce", r"\operatorname{CE}(p_t) = -\alpha_t \log(1 - p_t)");
}

#[test]
fn a_formula_that_does_not_parse_names_the_line_and_construct() {
    let message = first_failure("ch06-focal-loss", "ce-pt", r"\operatorname{CE}(p_t) = -\frac{1}{");
    assert_eq!(
        message,
        "line 72: formula `ce-pt`: `\\operatorname{CE}(p_t) = -\\frac{1}{`: does not parse (chapter line 72): line 1, column 35: `\\frac`: its denominator `{` is never closed"
    );
}
