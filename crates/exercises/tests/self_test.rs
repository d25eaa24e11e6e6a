//! The proof that the grader can fail: for every exercise, its check passes the reference
//! solution, reports an untouched stub as "not attempted", and fails every listed wrong answer.
//! It also checks the catalog against the sources: every stub is listed, has its task in both
//! languages and a solution with the same signature, and every wrong answer is listed and
//! documented.
//!
//! Under `cargo xtask test` (`REQUIRE_UNTOUCHED_STUBS=1`) every stub in `src/chNN.rs` must also
//! still be `todo!()`; a learner's `cargo test` with answers in those files passes.
//!
//! A test target without the libtest harness, so that it always prints what it checked:
//! `cargo test -p exercises --test self_test` (add `-- ch07` for one chapter, `-- --verbose` to
//! see the case that rejects each wrong answer).

use std::process::ExitCode;

use exercises::catalog::{self, Exercise, Source};
use exercises::grade::Outcome;

/// The variable that makes a stub with an answer in it a failure (set by `cargo xtask test`).
const REQUIRE_UNTOUCHED_STUBS: &str = "REQUIRE_UNTOUCHED_STUBS";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let filters: Vec<String> =
        args.iter().filter(|a| !a.starts_with('-') && !a.bytes().all(|b| b.is_ascii_digit())).cloned().collect();
    let selected = |e: &Exercise| filters.is_empty() || filters.iter().any(|f| e.path().contains(f.as_str()));

    // `cargo xtask test` sets it: there a stub with an answer in it is a mistake, while a learner
    // running `cargo test` with answers in `src/chNN.rs` is just working.
    let require_untouched = std::env::var_os(REQUIRE_UNTOUCHED_STUBS).is_some_and(|value| value == "1");
    let mut problems = catalog_problems();
    let (mut exercises, mut wrong_answers, mut learner_stubs) = (0, 0, 0);
    for chapter in catalog::chapters() {
        let (mut chapter_exercises, mut chapter_wrong) = (0, 0);
        for exercise in catalog::of_chapter(chapter).filter(|e| selected(e)) {
            chapter_exercises += 1;
            let path = exercise.path();
            match (exercise.solution)() {
                Outcome::Passed { .. } => {}
                other => problems.push(format!("{path}: the solution does not pass: {other:?}")),
            }
            match (exercise.stub)() {
                Outcome::NotAttempted => {}
                other => problems.push(format!("{path}: a todo!() stub is not reported as not attempted: {other:?}")),
            }
            // The learner's own file: while its body is still `todo!()` (always, in the
            // repository), the grader must say "not attempted".
            let untouched = catalog::is_untouched_stub(catalog::source(Source::Stub, chapter), exercise.name);
            if !untouched && require_untouched {
                problems.push(format!(
                    "src/{chapter}.rs: the body of `{}` is not `todo!()`: the repository ships every stub \
                     untouched (a learner's answer does not belong in a commit)",
                    exercise.name
                ));
            }
            if untouched {
                learner_stubs += 1;
                match (exercise.learner)() {
                    Outcome::NotAttempted => {}
                    other => {
                        problems.push(format!("{path}: the untouched stub in src/{chapter}.rs is graded {other:?}"))
                    }
                }
            }
            for wrong in exercise.wrong_answers {
                chapter_wrong += 1;
                let outcome = (wrong.grade)();
                if verbose {
                    println!("  {path} ← wrong::{chapter}::{}: {}", wrong.name, describe(&outcome));
                }
                if !outcome.is_failed() {
                    problems.push(format!(
                        "{path}: the wrong answer wrong::{chapter}::{} is graded {outcome:?}",
                        wrong.name
                    ));
                }
            }
        }
        if chapter_exercises > 0 {
            println!("{chapter}: {chapter_exercises} exercises, {chapter_wrong} wrong answers rejected");
        }
        exercises += chapter_exercises;
        wrong_answers += chapter_wrong;
    }
    println!(
        "self-test: {exercises} exercises (solution passes, todo!() stub not attempted; {learner_stubs} untouched \
         stubs in src/ graded not attempted), {wrong_answers} wrong answers checked"
    );
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        for problem in &problems {
            println!("FAILED {problem}");
        }
        println!("self-test: {} problem(s)", problems.len());
        ExitCode::FAILURE
    }
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed(f) => format!("{} → expected {}, got {}", f.input, f.expected, f.got),
        Outcome::Panicked { input, message } => format!("{} → panicked: {message}", input.as_deref().unwrap_or("?")),
        other => format!("{other:?}"),
    }
}

/// The catalog matches the source files.
fn catalog_problems() -> Vec<String> {
    let mut problems = Vec::new();
    for chapter in catalog::chapters() {
        let stubs = catalog::source(Source::Stub, chapter);
        let solutions = catalog::source(Source::Solution, chapter);
        let wrong = catalog::source(Source::Wrong, chapter);
        let listed: Vec<&str> = catalog::of_chapter(chapter).map(|e| e.name).collect();
        if catalog::functions(stubs) != listed {
            problems.push(format!(
                "src/{chapter}.rs defines {:?} but the catalog lists {listed:?} (same names, same order)",
                catalog::functions(stubs)
            ));
        }
        if catalog::functions(solutions) != listed {
            problems.push(format!(
                "src/solutions/{chapter}.rs defines {:?}, not {listed:?}",
                catalog::functions(solutions)
            ));
        }
        for exercise in catalog::of_chapter(chapter) {
            let name = exercise.name;
            if catalog::task(stubs, name).is_none() {
                problems.push(format!(
                    "src/{chapter}.rs: `{name}` needs a doc comment with `# 연습 문제: <title>` then `# Exercise: <title>`"
                ));
            }
            let signature =
                |source: &'static str| catalog::function_source(source, name).and_then(|f| f.lines().next());
            if signature(stubs) != signature(solutions) {
                problems.push(format!("{chapter}::{name}: the stub and the solution have different signatures"));
            }
        }
        let listed_wrong: Vec<&str> =
            catalog::of_chapter(chapter).flat_map(|e| e.wrong_answers.iter().map(|w| w.name)).collect();
        for name in catalog::functions(wrong) {
            if !listed_wrong.contains(&name) {
                problems.push(format!("src/wrong/{chapter}.rs: `{name}` is not listed in the catalog"));
            }
            if catalog::doc_comment(wrong, name).is_none_or(|doc| doc.is_empty()) {
                problems.push(format!("src/wrong/{chapter}.rs: `{name}` does not say what mistake it models"));
            }
        }
    }
    problems
}
