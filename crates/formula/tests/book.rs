//! Every display formula of both editions: parsed, evaluated at sampled points, and mutated.
//!
//! Until the book's scanner hands the markers over, the formulas are extracted here, and the
//! bindings, checks and exemptions a formula needs are in [`MARKERS`], keyed by chapter and id:
//! they are appended to the formula's marker, exactly as they will be written in it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use formula::mutants::{self, MutantOutcome};
use formula::{Chapter, ChapterReport, FormulaSource, Outcome, SymbolTable};

/// `(chapter, id, clauses)`: what each formula's marker will carry.
const MARKERS: &[(&str, &str, &str)] = &[
    (
        "ch01-introduction",
        "empirical-risk",
        r"where: \ell(a, b) = (a - b)^2, f_\theta(x) = \theta\,x, \hat y_i = \theta\,x_i; check: L(\theta) = \operatorname{MSE}",
    ),
    (
        "ch01-introduction",
        "training-objective",
        r"check: \hat\theta = \frac{\sum_{i=1}^{n} x_i\,y_i}{\sum_{i=1}^{n} x_i^2}",
    ),
    ("ch01-introduction", "gradient-descent", "exempt: an update rule (an assignment `\\leftarrow`), not an equation"),
    ("ch02-regression-losses", "normal-equations", r"where: \hat y_i = \hat\beta_0 + \hat\beta_1 x_i"),
    (
        "ch02-regression-losses",
        "sse-perturbation",
        r"where: \operatorname{SSE}(b_0, b_1) = \sum_{i=1}^{n} (y_i - b_0 - b_1 x_i)^2",
    ),
    ("ch03-kl-divergence", "kl-coin-example", r"where: p = (0.5, 0.5), q = (0.9, 0.1), K = 2"),
    ("ch03-kl-divergence", "kl-zero-conventions", r"where: q \in simplex"),
    ("ch04-cross-entropy", "binary-ce-sum", r"check: \mathcal{E} = \sum_{n=1}^{N} \operatorname{CE}(\hat y_n, y_n)"),
    // m = \max_i z_i makes every exponent at most 0, so nothing overflows (the chapter's point).
    ("ch04-cross-entropy", "softmax-ce-stable", r"check: z_i - m \le 0"),
    (
        "ch04-cross-entropy",
        "categorical-ce",
        r"where: y \in one-hot, \hat y \in open simplex, Y_{n,k} = y_{k,n}, Q_{n,k} = \hat y_{k,n}; check: \mathcal{E} = \sum_{n=1}^{N} H(Y_n, Q_n)",
    ),
    (
        "ch05-balanced-cross-entropy",
        "easy-hard-ratio",
        r"where: \alpha \in (0, 1], p_{t,a} \in (0, 1), p_{t,b} \in (0, 1)",
    ),
    // p_t = 1 - r^{-1/γ} rounds to 1 when r^{-1/γ} < 2^{-53}: keep 1/γ ≤ 2 for r ≤ 100.
    ("ch06-focal-loss", "ratio-point", r"where: \gamma \in [0.5, 5]"),
    // FL* is the cross-entropy of the logit γ x_t + β, divided by γ: -log σ(z) = softplus(-z).
    (
        "ch07-backpropagation",
        "fl-star",
        r"where: \gamma \in (0, 5]; check: \operatorname{FL}^{\ast} = \frac{\operatorname{softplus}(-\gamma\,x_t - \beta)}{\gamma}",
    ),
    ("ch07-backpropagation", "dfl-star-dx", r"where: \gamma \in (0, 5]"),
    (
        "ch08-balanced-focal-loss",
        "sum-over-positives",
        r"check: L = \frac{\sum_{i=1}^{N} \operatorname{FL}_i}{\sum_{i=1}^{N} \frac{1 + y_i}{2}}",
    ),
    ("ch09-numerical-stability", "log-sum-exp", r"check: z_i - m \le 0"),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn symbols() -> SymbolTable {
    let text = std::fs::read_to_string(root().join("src/symbols.toml")).expect("src/symbols.toml");
    SymbolTable::parse(&text).unwrap_or_else(|e| panic!("{e}"))
}

/// The display formulas of a chapter file: marker text, TeX, first TeX line.
fn extract(chapter: &str, text: &str) -> Vec<FormulaSource> {
    let lines: Vec<&str> = text.lines().collect();
    let mut formulas = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start_matches('>').trim();
        if let Some(marker) = line.strip_prefix("<!--").and_then(|l| l.strip_suffix("-->")) {
            let marker = marker.trim();
            if marker.starts_with("formula:") {
                assert_eq!(
                    lines[i + 1].trim_start_matches('>').trim(),
                    "$$",
                    "{chapter}:{}: marker not followed by $$",
                    i + 1
                );
                let start = i + 2;
                let mut end = start;
                while lines[end].trim_start_matches('>').trim() != "$$" {
                    end += 1;
                }
                let tex: Vec<&str> = lines[start..end].iter().map(|l| l.strip_prefix("> ").unwrap_or(l)).collect();
                let id = marker.trim_start_matches("formula:").split(';').next().unwrap_or("").trim();
                let extra = MARKERS.iter().find(|(c, f, _)| *c == chapter && *f == id).map(|(_, _, m)| *m);
                let marker = match extra {
                    Some(extra) => format!("{marker}; {extra}"),
                    None => marker.to_owned(),
                };
                formulas.push(FormulaSource { marker, tex: tex.join("\n"), line: start + 1 });
                i = end;
            }
        }
        i += 1;
    }
    formulas
}

/// Every chapter of an edition: (file stem, formulas).
fn edition(name: &str) -> Vec<(String, Vec<FormulaSource>)> {
    let dir = root().join("src").join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("edition dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().expect("stem").to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("chapter");
            let formulas = extract(&stem, &text);
            (stem, formulas)
        })
        .filter(|(_, f)| !f.is_empty())
        .collect()
}

#[test]
fn every_formula_of_both_editions_is_evaluated_or_exempt() {
    let table = symbols();
    let started = Instant::now();
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    for name in ["ko", "en"] {
        let (mut total, mut evaluated, mut exempt) = (0, 0, 0);
        for (chapter, formulas) in edition(name) {
            let t = Instant::now();
            let report: ChapterReport = Chapter::new(&table, &chapter).check(&formulas);
            if std::env::var("FORMULA_TIMING").is_ok() {
                println!("{chapter}: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
            }
            for formula in &report.formulas {
                total += 1;
                match &formula.outcome {
                    Outcome::Evaluated { .. } => evaluated += 1,
                    Outcome::Exempt { reason } => {
                        exempt += 1;
                        if name == "en" {
                            lines.push(format!("  exempt: {chapter} `{}`: {reason}", formula.id));
                        }
                    }
                    Outcome::Failed(failures) => {
                        for failure in failures {
                            problems.push(format!("src/{name}/{chapter}.md:{failure}"));
                        }
                    }
                }
            }
        }
        println!("checked formulas ({name}): {}/{total} (evaluated {evaluated}, exempt {exempt})", evaluated + exempt);
        assert!(exempt * 20 <= total, "more than 5 % exempt in {name}: {exempt}/{total}");
    }
    for line in &lines {
        println!("{line}");
    }
    println!("formula checks of both editions: {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    assert!(problems.is_empty(), "{} failure(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn mutation_score_of_the_book() {
    let table = symbols();
    let started = Instant::now();
    // The editions' formulas are byte-identical (the parity test enforces it), so the English
    // edition's mutants are the book's.
    let mut results = Vec::new();
    for (chapter, formulas) in edition("en") {
        let mut chapter = Chapter::new(&table, &chapter);
        results.extend(mutants::run(&mut chapter, &formulas));
    }
    let score = mutants::Score::of(&results);
    println!("{score}");
    println!("mutation run: {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    for result in &results {
        match &result.outcome {
            MutantOutcome::Survived => println!(
                "  survived: {} `{}` [{}] {}",
                result.chapter, result.id, result.mutant.operator, result.mutant.description
            ),
            MutantOutcome::Equivalent if std::env::var("FORMULA_VERBOSE").is_ok() => {
                println!(
                    "  equivalent: {} `{}` [{}] {}",
                    result.chapter, result.id, result.mutant.operator, result.mutant.description
                )
            }
            _ => {}
        }
    }
    assert!(score.percent() >= 95.0, "{score}");
}

/// The English chapter `chapter` with formula `id` replaced by `tex` (or a new formula appended
/// when `id` is new), checked.
fn check_edited(chapter: &str, id: &str, tex: &str) -> ChapterReport {
    let table = symbols();
    let (_, mut formulas) = edition("en").into_iter().find(|(c, _)| c == chapter).expect("chapter");
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
        message.starts_with("line 301: formula `dfl-dx`: `\\frac{\\mathrm{d}\\operatorname{FL}}{\\mathrm{d}x} = y"),
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
