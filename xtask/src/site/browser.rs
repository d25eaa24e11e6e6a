//! The browser tests: the built book in headless Chromium, as a reader meets it.
//!
//! The tests are JavaScript (tests/browser/*.test.mjs, Node's test runner driving Debian's
//! Chromium through playwright-core). This serves `book/` with the project's one static server
//! ([`crate::util::http`]) on a free port and runs every test file against it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::{self, NODE_PROJECT};
use crate::util::cmd::{Result, on_path, repo_root, run_command};
use crate::util::http;

/// Where the tests write a screenshot of every chapter of both editions (not committed).
pub const SCREENSHOTS: &str = "target/browser-screenshots";

/// Runs every `*.test.mjs` of [`NODE_PROJECT`] against the built book in `book`. Installs
/// Chromium and playwright-core first if they are missing.
pub fn run_tests(book: &Path) -> Result {
    tools::ensure("the browser tests", tools::FOR_BROWSER)?;
    let project = repo_root().join(NODE_PROJECT);
    let screenshots = repo_root().join(SCREENSHOTS);
    let tests = test_files(&project)?;
    if tests.is_empty() {
        return Err(format!("no *.test.mjs in {NODE_PROJECT}").into());
    }
    let address = http::start(book.to_path_buf(), 0)?;
    let mut node = Command::new("node");
    node.current_dir(&project)
        .env("BOOK_DIR", book)
        .env("BOOK_URL", format!("http://{address}"))
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
