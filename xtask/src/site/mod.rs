//! The book-build layer: building the site into `book/`, checking what was built, and running
//! what reads it (the browser tests, the notebooks under Jupyter).
//!
//! ```text
//! book/index.html        landing page (assets/landing/index.html), links every edition
//! book/<code>/           one edition (src/<code>), built by mdBook with mdbook-katex
//! book/<code>/katex/     KaTeX stylesheet and fonts (assets/katex), linked by theme/head.hbs
//! book/<code>/notebooks/ the chapters' Jupyter notebooks (notebooks/<code>), linked from each page
//! book/<code>/loss-functions-<code>.pdf  the edition as a PDF, by `cargo xtask pdf` only (pdf.rs)
//! book/<code>/pagefind/  the edition's search index and Pagefind's UI (search.rs)
//! book/<code>/search/    the search box's query rewriting: assets/search/query.mjs and terms.json (search_terms.rs)
//! ```

mod accessible;
pub mod browser;
mod interface;
pub mod jupyter;
mod katex_checks;
mod pages;
pub mod pdf;
pub mod rendered;
mod search;
mod search_terms;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use book::Edition;
use book::notebook::NOTEBOOKS;

use crate::tools;
use crate::util::cmd::{Result, repo_root, run_command};
use crate::util::fs::copy_dir;

/// The result of building one edition.
pub struct EditionBuild {
    /// Which edition.
    pub edition: Edition,
    /// mdbook's stdout and stderr: mdbook-katex reports LaTeX it could not render only here.
    pub log: String,
    /// Wall time of `mdbook build`.
    pub duration: Duration,
}

/// The built book.
pub struct BookBuild {
    /// `book/`.
    pub root: PathBuf,
    /// One entry per edition, in [`Edition::ALL`] order.
    pub editions: Vec<EditionBuild>,
}

impl BookBuild {
    /// Every problem the build logged though mdbook exited 0 (see [`rendered::log_problems`]),
    /// prefixed with its edition.
    pub fn log_problems(&self) -> Vec<String> {
        self.editions.iter().flat_map(|edition| rendered::log_problems(edition.edition, &edition.log)).collect()
    }
}

/// Builds every edition into `book/<code>/`, its notebooks, the one pass over its pages, its
/// search index, then the landing page into `book/index.html`. Installs the build's tools first
/// if they are missing.
pub fn build() -> Result<BookBuild> {
    tools::ensure("building the book", tools::FOR_BUILD)?;
    let preprocessor = katex_escape_executable()?;
    let root = repo_root();
    let out = root.join("book");
    fs::create_dir_all(&out)?;

    let mut editions = Vec::new();
    for edition in Edition::ALL {
        let dest = out.join(edition.code());
        let started = Instant::now();
        let output = run_command(&mut mdbook_build(&root, edition, &dest, &preprocessor), true)?;
        let duration = started.elapsed();
        copy_dir(&root.join("assets/katex"), &dest.join("katex"))?;
        // The chapters' notebooks, linked from every chapter page (theme/header.hbs).
        copy_dir(&root.join(NOTEBOOKS).join(edition.code()), &dest.join("notebooks"))?;
        pages::rewrite(edition, &dest)?;
        search::index(edition, &dest)?;
        search_terms::write(edition, &dest)?;
        eprintln!("built the {edition} edition into book/{edition} in {:.1} s", duration.as_secs_f64());
        editions.push(EditionBuild {
            edition,
            log: format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
            duration,
        });
    }
    fs::copy(root.join("assets/landing/index.html"), out.join("index.html"))?;
    Ok(BookBuild { root: out, editions })
}

/// `mdbook build` for one edition: book.toml describes the default edition; environment
/// overrides (mdBook's `MDBOOK_<table>__<key>`) select the edition's sources, language (which
/// sets `<html lang>`), title, the folder its 404 page is served from, and the KaTeX-escape
/// preprocessor's executable (built once, instead of book.toml's `cargo run` for a plain
/// `mdbook build`).
fn mdbook_build(root: &Path, edition: Edition, dest: &Path, preprocessor: &Path) -> Command {
    let mut command = Command::new("mdbook");
    command
        .current_dir(root)
        .env("MDBOOK_BOOK__SRC", format!("src/{edition}"))
        .env("MDBOOK_BOOK__LANGUAGE", edition.code())
        .env("MDBOOK_BOOK__TITLE", edition.title())
        .env("MDBOOK_OUTPUT__HTML__SITE_URL", format!("/{edition}/"))
        .env(KATEX_ESCAPE_COMMAND, crate::util::cmd::shell_word(&preprocessor.to_string_lossy()))
        .arg("build")
        .arg("--dest-dir")
        .arg(dest);
    command
}

/// mdBook's override of `[preprocessor.katex-escape] command`.
const KATEX_ESCAPE_COMMAND: &str = "MDBOOK_PREPROCESSOR__KATEX_ESCAPE__COMMAND";

/// Builds the `mdbook-katex-escape` preprocessor and returns its executable (cargo tells where it
/// is, whatever the target folder).
fn katex_escape_executable() -> Result<PathBuf> {
    let mut command = Command::new("cargo");
    command.current_dir(repo_root()).args([
        "build",
        "--quiet",
        "--package",
        "mdbook-katex-escape",
        "--bin",
        "mdbook-katex-escape",
        "--message-format=json-render-diagnostics",
    ]);
    let output = run_command(&mut command, true)?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find_map(|message| message.get("executable")?.as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo built mdbook-katex-escape but named no executable".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_edition_builds_with_its_own_settings() {
        let command = mdbook_build(Path::new("/repo"), Edition::En, Path::new("/repo/book/en"), Path::new("/t/x e"));
        let env: Vec<_> = command
            .get_envs()
            .map(|(k, v)| (k.to_string_lossy().into_owned(), v.unwrap().to_string_lossy().into_owned()))
            .collect();
        for expected in [
            ("MDBOOK_BOOK__SRC", "src/en"),
            ("MDBOOK_BOOK__LANGUAGE", "en"),
            ("MDBOOK_BOOK__TITLE", "Loss Functions, Verified"),
            ("MDBOOK_OUTPUT__HTML__SITE_URL", "/en/"),
            (KATEX_ESCAPE_COMMAND, "'/t/x e'"),
        ] {
            assert!(env.contains(&(expected.0.into(), expected.1.into())), "{expected:?} in {env:?}");
        }
    }

    #[test]
    fn book_toml_runs_the_preprocessor_crate() {
        let config = fs::read_to_string(repo_root().join("book.toml")).unwrap();
        assert!(config.contains("command = \"cargo run --quiet --package mdbook-katex-escape --\""), "{config}");
    }
}
