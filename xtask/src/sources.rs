//! Checks on the repository's own source files, for `cargo xtask tidy` and `cargo xtask test`:
//! formatting (`cargo fmt --check`), lints (`cargo clippy --all-targets -- -D warnings`), and what
//! permanent text may cite ([`citation_problems`]); and the formula checks of the chapters
//! ([`formula_report`], [`mutation_run`]), which run the `formula` crate's binary so that xtask
//! does not depend on that crate (nor on `losses`, `num-dual` and `toml` through it).

use std::fs;
use std::process::Command;

use crate::util::cmd::{Result, repo_root, run_command};

/// Runs every tidy check; fails on the first that fails, naming what to do.
pub fn tidy() -> Result {
    let root = repo_root();
    run_command(Command::new("cargo").current_dir(&root).args(["fmt", "--all", "--check"]), false)
        .map_err(|error| format!("{error}: run `cargo fmt --all`"))?;
    run_command(
        Command::new("cargo").current_dir(&root).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]),
        false,
    )?;
    let problems = citations()?;
    if !problems.is_empty() {
        return Err(format!(
            "{} line(s) cite what a reader of the repository cannot follow:\n{}",
            problems.len(),
            problems.join("\n")
        )
        .into());
    }
    println!("tidy: formatted, no clippy warnings, no citation of anything outside the repository");
    Ok(())
}

/// Prints `checked formulas (<edition>): N/N (evaluated E, exempt X)` per edition, the
/// exemptions with their reasons and any failure with file and line (`formula report`); fails
/// unless every display formula is evaluated or exempt, at most 5 % exempt.
pub fn formula_report() -> Result {
    run_formula_binary("report")
}

/// The mutation run over every checked formula (`formula mutants`): the score and every survivor
/// with its explanation; fails on an unexplained survivor, a stale explanation or a score below
/// 95 %.
pub fn mutation_run() -> Result {
    run_formula_binary("mutants")
}

/// Writes appendix A's symbol tables from `src/symbols.toml` (`formula symbols`).
pub fn symbol_tables() -> Result {
    run_formula_binary("symbols")
}

/// `cargo run -p formula --bin formula -- <command>`, in the test profile: `cargo test` has built
/// the crate's dependencies in that profile already, and it optimises enough for the checks.
fn run_formula_binary(command: &str) -> Result {
    let mut cargo = Command::new("cargo");
    cargo.current_dir(repo_root()).args([
        "run",
        "--quiet",
        "--profile",
        "test",
        "-p",
        "formula",
        "--bin",
        "formula",
        "--",
        command,
    ]);
    run_command(&mut cargo, false).map(drop)
}

/// The repository's files whose text is code or documentation of the project itself (not the
/// chapters, whose prose may discuss other projects' issues, nor generated or vendored files).
const CHECKED_EXTENSIONS: &[&str] = &["rs", "toml", "md", "mjs", "js", "hbs", "py", "sh", "html", "css", "txt"];

/// This file, relative to the repository root.
const SELF: &str = "xtask/src/sources.rs";

/// Problems with what tracked files cite, as `path:line: …`.
fn citations() -> Result<Vec<String>> {
    let root = repo_root();
    let listed = Command::new("git").current_dir(&root).args(["ls-files", "-z"]).output()?;
    if !listed.status.success() {
        return Err(format!("`git ls-files` failed: {}", String::from_utf8_lossy(&listed.stderr)).into());
    }
    let mut problems = Vec::new();
    for path in String::from_utf8_lossy(&listed.stdout).split('\0').filter(|p| !p.is_empty()) {
        // This file states the rule and tests it with examples of what it rejects.
        let checked = path != SELF
            && !path.starts_with("src/")
            && !path.starts_with("notebooks/")
            && !path.starts_with("assets/katex/")
            && !path.ends_with("package-lock.json")
            && path.rsplit_once('.').is_some_and(|(_, extension)| CHECKED_EXTENSIONS.contains(&extension));
        if !checked {
            continue;
        }
        let Ok(text) = fs::read_to_string(root.join(path)) else { continue };
        problems.extend(citation_problems(&text).into_iter().map(|(line, what)| format!("{path}:{line}: {what}")));
    }
    Ok(problems)
}

/// Lines of `text` (1-based) that cite what only the project's authors could follow: a path
/// outside the repository (`/work/…`, `../shared/…`), or the issue tracker's context ("the issue
/// asks for 8 ulp") instead of the reason itself. Other projects' issues, named with their
/// repository (rust-lang/mdBook #1081), are fine.
pub fn citation_problems(text: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let lower = line.to_lowercase();
        let words: Vec<&str> =
            lower.split(|c: char| !(c.is_alphanumeric() || c == '/' || c == '.' || c == '_' || c == '-')).collect();
        let outside = words
            .iter()
            .any(|word| word.starts_with("/work/") || word.starts_with("shared/") || word.starts_with("../shared/"));
        if outside {
            found.push((index + 1, "a path outside the repository"));
        }
        let tracker = words.windows(2).any(|pair| {
            (matches!(pair[0], "the" | "this" | "that" | "our") && pair[1] == "issue")
                || (matches!(pair[0], "issue" | "issues")
                    && matches!(pair[1], "ask" | "asks" | "require" | "requires" | "says" | "wants"))
        });
        if tracker {
            found.push((index + 1, "the issue tracker's context: say the reason itself"));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_repository_and_tracker_context_are_caught() {
        let text = "fine line\n// see ../shared/toolchain-notes.md\n// The issue asks for 8 ulp.\n\
                    written to `/work/main/book`\n(shared/facts.md)\n// Issue requires it\n";
        let found = citation_problems(text);
        assert_eq!(
            found,
            [
                (2, "a path outside the repository"),
                (3, "the issue tracker's context: say the reason itself"),
                (4, "a path outside the repository"),
                (5, "a path outside the repository"),
                (6, "the issue tracker's context: say the reason itself"),
            ]
        );
    }

    #[test]
    fn this_file_is_where_it_says() {
        assert!(repo_root().join(SELF).is_file());
    }

    #[test]
    fn other_projects_issues_and_ordinary_words_are_fine() {
        let text = "rust-lang/mdBook #1081, #2244\nkornia #918 reports NaN\nan issue of pytorch/pytorch\n\
                    target/shared_things, crates/figures/src\nthe tissue issue";
        assert_eq!(citation_problems(text), []);
    }
}
