//! The browser tests: the built book in headless Chromium, as a reader meets it.
//!
//! The tests are JavaScript (tests/browser/*.test.mjs, Node's test runner driving Debian's
//! Chromium through playwright-core); this module installs what they need when it is missing
//! (`npm ci`, `apt-get install chromium fonts-noto-cjk`) and runs them against `book/`.
//! `cargo xtask browser` builds the book and runs them alone; `cargo xtask test` runs them as its
//! `browser` step.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::book;
use crate::cmd::{Result, repo_root, run_command};
use crate::install;

/// The npm project of the browser tests: package.json and package-lock.json pin playwright-core
/// and Pagefind (which `cargo xtask build` runs).
pub const NODE_PROJECT: &str = "tests/browser";

/// Where the tests write a screenshot of every chapter of both editions (not committed).
const SCREENSHOTS: &str = "target/browser-screenshots";

/// `cargo xtask browser`: build, then the browser tests.
pub fn run() -> Result {
    let build = book::build()?;
    run_tests(&build.root)
}

/// Runs every `*.test.mjs` of [`NODE_PROJECT`] against the built book in `book`.
pub fn run_tests(book: &Path) -> Result {
    install::ensure("chromium")?;
    install::ensure("playwright-core")?;
    let project = repo_root().join(NODE_PROJECT);
    let screenshots = repo_root().join(SCREENSHOTS);
    let tests = test_files(&project)?;
    if tests.is_empty() {
        return Err(format!("no *.test.mjs in {NODE_PROJECT}").into());
    }
    let mut node = Command::new("node");
    node.current_dir(&project)
        .env("BOOK_DIR", book)
        .env("SCREENSHOT_DIR", &screenshots)
        .env("CHROMIUM", on_path("chromium").ok_or("chromium is not on PATH")?)
        // One file at a time: each starts its own Chromium, and the machine has two cores.
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(&tests);
    let result = run_command(&mut node, false).map(drop);
    println!("browser screenshots: {}", screenshots.display());
    result
}

/// The test files of `project`, by name, sorted.
fn test_files(project: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(project)?
        .map(|entry| entry.map(|e| PathBuf::from(e.file_name())))
        .collect::<std::io::Result<_>>()?;
    files.retain(|name| name.to_string_lossy().ends_with(".test.mjs"));
    files.sort();
    Ok(files)
}

/// `program`'s full path, from `PATH` (playwright-core wants a path, not a name).
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(program)).find(|path| path.is_file())
}
