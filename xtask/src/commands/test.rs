//! `cargo xtask test`: everything CI checks, in order, stopping at the first failing step.
//!
//! It first installs whatever tool the steps need and the machine lacks (saying what and roughly
//! how long), so it can be the first command typed on a fresh machine. To add a check, write a
//! `fn(&mut Context) -> Result` and add it to [`STEPS`].

use std::process::Command;
use std::time::Instant;

use book::notebook;

use crate::site::jupyter::{self, Kernel};
use crate::site::{self, BookBuild, browser, pdf, rendered};
use crate::util::cmd::{Result, repo_root, run_command};
use crate::{sources, tools};

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
    Step { name: "install what is missing", run: install },
    Step { name: "tidy (fmt, clippy, citations)", run: tidy },
    Step { name: "cargo test --workspace", run: cargo_test },
    Step { name: "build the book", run: build_book },
    Step { name: "print the PDFs", run: print_pdfs },
    Step { name: "check the rendered book", run: check_rendered_book },
    Step { name: "browser", run: browser_tests },
    Step { name: "formula report", run: formula_report },
    Step { name: "mutation testing of the formula checks", run: mutation_run },
    Step { name: "notebooks under the evcxr kernel", run: notebooks },
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

fn install(_: &mut Context) -> Result {
    let every: Vec<&str> = tools::TOOLS.iter().map(|tool| tool.name).collect();
    tools::ensure("cargo xtask test", &every)
}

fn tidy(_: &mut Context) -> Result {
    sources::tidy()
}

/// Every crate's tests and the chapters' doctests, including the figures', notebooks' and
/// exercise sections' drift tests and the exercises' self-test, which prints its counts.
/// `REQUIRE_BOOK_TOOLS` turns a test's "mdbook is not installed, not run" note into a failure,
/// `REQUIRE_UNTOUCHED_STUBS` a stub with an answer in it (fine on a learner's machine);
/// `--no-fail-fast` lets the chapter doctests run (and explain a broken chapter) even when a drift
/// test failed before them.
fn cargo_test(_: &mut Context) -> Result {
    let mut command = Command::new("cargo");
    command.current_dir(repo_root()).env("REQUIRE_BOOK_TOOLS", "1").env("REQUIRE_UNTOUCHED_STUBS", "1").args([
        "test",
        "--workspace",
        "--no-fail-fast",
    ]);
    run_command(&mut command, false).map(drop)
}

fn build_book(context: &mut Context) -> Result {
    let build = site::build()?;
    for edition in &build.editions {
        println!("built {}: {:.1} s", edition.edition, edition.duration.as_secs_f64());
    }
    // mdBook and mdbook-katex exit 0 after warnings (bad LaTeX, HTML mdBook had to repair).
    let problems = build.log_problems();
    if !problems.is_empty() {
        return Err(format!("the build logged {} problem(s):\n{}", problems.len(), problems.join("\n")).into());
    }
    context.book = Some(build);
    Ok(())
}

/// Each edition as a PDF, linked from the landing page (`site::pdf`); before the rendered-book
/// checks, which check the links, and the browser tests, which read the PDFs back.
fn print_pdfs(context: &mut Context) -> Result {
    let build = context.book.as_ref().ok_or("the build step must run before printing the PDFs")?;
    pdf::print(&build.root).map(drop)
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

/// The built book in headless Chromium, with Korean and English search (`site::browser`).
fn browser_tests(context: &mut Context) -> Result {
    let build = context.book.as_ref().ok_or("the build step must run before the browser tests")?;
    browser::run_tests(&build.root)
}

fn formula_report(_: &mut Context) -> Result {
    sources::formula_report()
}

fn mutation_run(_: &mut Context) -> Result {
    sources::mutation_run()
}

/// Every notebook of both editions under the evcxr kernel, after canaries prove that a failing
/// one fails the step (`site::jupyter`).
fn notebooks(_: &mut Context) -> Result {
    let root = repo_root();
    let generated = notebook::generate(&root)?;
    generated.check_message(&root)?.map_err(|message| format!("the notebooks are stale:\n{message}"))?;
    let paths: Vec<_> = generated.files.into_iter().map(|file| file.path).collect();
    let kernel = Kernel::prepare()?;
    jupyter::check_failures_are_caught(&kernel)?;
    jupyter::execute_all(&kernel, &paths)
}
