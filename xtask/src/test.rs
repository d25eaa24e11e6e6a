//! `cargo xtask test`: everything CI checks, in order, stopping at the first failing step.
//!
//! To add a check, write a `fn(&mut Context) -> Result` and add it to [`STEPS`].

use std::process::Command;
use std::time::Instant;

use crate::book::{self, BookBuild};
use crate::cmd::{Result, repo_root, run_command};
use crate::{browser, formulas, notebooks, rendered};

/// What earlier steps produced for later ones.
#[derive(Default)]
pub struct Context {
    /// Set by the build step.
    book: Option<BookBuild>,
}

struct Step {
    name: &'static str,
    run: fn(&mut Context) -> Result,
}

const STEPS: &[Step] = &[
    Step { name: "cargo test --workspace", run: cargo_test },
    Step { name: "build the book", run: build_book },
    Step { name: "check the rendered book", run: check_rendered_book },
    Step { name: "browser", run: browser_tests },
    Step { name: "formula coverage", run: formula_coverage },
    Step { name: "notebooks under the evcxr kernel", run: notebooks_step },
];

pub fn run() -> Result {
    let mut context = Context::default();
    let mut passed = 0;
    for step in STEPS {
        eprintln!("\n==> {}", step.name);
        let started = Instant::now();
        let result = (step.run)(&mut context);
        let seconds = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                eprintln!("==> {}: ok ({seconds:.1} s)", step.name);
                passed += 1;
            }
            Err(error) => {
                eprintln!("==> {}: FAILED ({seconds:.1} s)", step.name);
                // The plain closing line CI reads, then the reason.
                println!("xtask: {passed} passed, 1 failed");
                return Err(error);
            }
        }
    }
    println!("xtask: {passed} passed, 0 failed");
    Ok(())
}

/// Every crate's tests and the chapters' doctests; this includes the figures' drift test
/// (crates/figures/tests/drift.rs), which fails while `cargo xtask figures` has files to rewrite.
fn cargo_test(_: &mut Context) -> Result {
    run_command(Command::new("cargo").current_dir(repo_root()).args(["test", "--workspace"]), false).map(drop)
}

fn build_book(context: &mut Context) -> Result {
    let build = book::build()?;
    for edition in &build.editions {
        println!("built {}: {:.1} s", edition.language, edition.duration.as_secs_f64());
    }
    // mdBook and mdbook-katex exit 0 after warnings (bad LaTeX, HTML mdBook had to repair).
    let failures: Vec<String> = build
        .editions
        .iter()
        .flat_map(|edition| rendered::rendering_failures(edition.language, &edition.log))
        .collect();
    if !failures.is_empty() {
        return Err(format!("the build logged {} problem(s):\n{}", failures.len(), failures.join("\n")).into());
    }
    context.book = Some(build);
    Ok(())
}

fn check_rendered_book(context: &mut Context) -> Result {
    let build = context.book.as_ref().ok_or("the build step must run before the rendered-book checks")?;
    let problems = rendered::check_book(build)?;
    if problems.is_empty() {
        println!("rendered book: no problems");
        Ok(())
    } else {
        Err(format!("{} problem(s) in book/:\n{}", problems.len(), problems.join("\n")).into())
    }
}

/// The built book in headless Chromium, with Korean and English search (xtask/src/browser.rs).
fn browser_tests(context: &mut Context) -> Result {
    let build = context.book.as_ref().ok_or("the build step must run before the browser tests")?;
    browser::run_tests(&build.root)
}

fn formula_coverage(_: &mut Context) -> Result {
    formulas::run()
}

/// Every notebook of both editions in Jupyter with the evcxr kernel, after canaries prove that a
/// failing one fails the step (xtask/src/notebooks.rs).
fn notebooks_step(_: &mut Context) -> Result {
    notebooks::test()
}
