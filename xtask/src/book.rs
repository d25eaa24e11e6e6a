//! `cargo xtask build`: both editions, the landing page and the KaTeX assets, into `book/`.
//!
//! ```text
//! book/index.html      landing page (assets/landing/index.html), links both editions
//! book/ko/             Korean edition (default; src/ko)
//! book/en/             English edition (src/en)
//! book/<lang>/katex/   KaTeX stylesheet and fonts (assets/katex), linked by theme/head.hbs
//! book/<lang>/pagefind/  the edition's search index and Pagefind's UI (xtask/src/search.rs)
//! book/<lang>/notebooks/ the chapters' Jupyter notebooks (notebooks/<lang>), linked from each page
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use book_tests::source::EDITIONS;

use crate::cmd::{Result, repo_root, run_command};
use crate::{install, katex, notebooks, rendered, search};

/// Titles of the editions whose title is not the one in book.toml (written for `ko`).
const TRANSLATED_TITLES: &[(&str, &str)] = &[("en", "Loss Functions, Verified")];

/// The result of building one edition.
pub struct EditionBuild {
    /// `ko` or `en`.
    pub language: &'static str,
    /// mdbook's stdout and stderr: mdbook-katex reports LaTeX it could not render only here.
    pub log: String,
    /// Wall time of `mdbook build`.
    pub duration: Duration,
}

/// The built book.
pub struct BookBuild {
    /// `book/`.
    pub root: PathBuf,
    /// One entry per edition, in [`EDITIONS`] order.
    pub editions: Vec<EditionBuild>,
}

/// `cargo xtask build`: builds, and fails if mdbook-katex could not render a formula (mdbook
/// itself still exits 0 then).
pub fn run() -> Result {
    let build = build()?;
    let failures: Vec<String> = build
        .editions
        .iter()
        .flat_map(|edition| rendered::rendering_failures(edition.language, &edition.log))
        .collect();
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
}

/// Builds every edition into `book/<language>/`, then the landing page into `book/index.html`.
pub fn build() -> Result<BookBuild> {
    // A fresh machine has neither: install them (pinned) rather than fail, so `cargo xtask serve`
    // and `cargo xtask test` keep the README's one-command promise.
    install::ensure("mdbook")?;
    install::ensure("mdbook-katex")?;
    let root = repo_root();
    let out = root.join("book");
    fs::create_dir_all(&out)?;

    let mut editions = Vec::new();
    for language in EDITIONS {
        let dest = out.join(language);
        let started = Instant::now();
        let output = run_command(&mut mdbook_build(&root, language, &dest), true)?;
        let duration = started.elapsed();
        copy_dir(&root.join("assets/katex"), &dest.join("katex"))?;
        link_other_edition(&dest)?;
        // The chapters' Jupyter notebooks, linked from every chapter page (theme/header.hbs).
        notebooks::publish(language, &dest)?;
        eprintln!("built the {language} edition into book/{language} in {:.1} s", duration.as_secs_f64());
        editions.push(EditionBuild {
            language,
            log: format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)),
            duration,
        });
    }
    // A Pagefind index per edition (book/<lang>/pagefind/), for the search box of theme/header.hbs.
    search::index(&out)?;
    fs::copy(root.join("assets/landing/index.html"), out.join("index.html"))?;
    Ok(BookBuild { root: out, editions })
}

/// `mdbook build` for one edition: book.toml describes the Korean edition; environment
/// overrides (mdBook's `MDBOOK_<table>__<key>`) select the edition's sources, language (which
/// sets `<html lang>`), title and the folder its 404 page is served from.
fn mdbook_build(root: &Path, language: &str, dest: &Path) -> Command {
    let mut command = Command::new("mdbook");
    command
        .current_dir(root)
        .env("MDBOOK_BOOK__SRC", format!("src/{language}"))
        .env("MDBOOK_BOOK__LANGUAGE", language)
        .env("MDBOOK_OUTPUT__HTML__SITE_URL", format!("/{language}/"))
        .arg("build")
        .arg("--dest-dir")
        .arg(dest);
    if let Some((_, title)) = TRANSLATED_TITLES.iter().find(|(l, _)| *l == language) {
        command.env("MDBOOK_BOOK__TITLE", title);
    }
    // book.toml's [preprocessor.katex-escape] is `cargo xtask katex-escape`; this executable is it.
    if let Some(preprocessor) = katex::preprocessor_command() {
        command.env(katex::COMMAND_ENV, preprocessor);
    }
    command
}

/// Rewrites the language-switch link of every page from the chapter's source path
/// (`../en/ch01-introduction.md`, all theme/header.hbs can produce) to its page.
fn link_other_edition(dest: &Path) -> io::Result<()> {
    for path in files_under(dest)? {
        if path.extension().is_some_and(|e| e == "html") {
            let page = fs::read_to_string(&path)?;
            if let Some(fixed) = fix_language_switch(&page) {
                fs::write(&path, fixed)?;
            }
        }
    }
    Ok(())
}

/// The marker theme/header.hbs puts right before the language-switch link's target.
const SWITCH_LINK: &str = r#"class="lang-switch-link" href=""#;

/// `page` with each language-switch link's `.md` target changed to `.html`; `None` if unchanged.
pub fn fix_language_switch(page: &str) -> Option<String> {
    let mut fixed = String::with_capacity(page.len());
    let mut rest = page;
    let mut changed = false;
    while let Some(at) = rest.find(SWITCH_LINK) {
        let value_start = at + SWITCH_LINK.len();
        let value_end = value_start + rest[value_start..].find('"')?;
        let target = &rest[value_start..value_end];
        fixed.push_str(&rest[..value_start]);
        match target.strip_suffix(".md") {
            Some(stem) => {
                fixed.push_str(stem);
                fixed.push_str(".html");
                changed = true;
            }
            None => fixed.push_str(target),
        }
        rest = &rest[value_end..];
    }
    fixed.push_str(rest);
    changed.then_some(fixed)
}

/// Copies `from` into `to` recursively (files are overwritten).
fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    for file in files_under(from)? {
        let target = to.join(file.strip_prefix(from).expect("files_under yields paths below `from`"));
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(&file, &target)?;
    }
    Ok(())
}

/// Every file below `dir`, recursively, sorted (so reports are stable).
pub fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_switch_gets_the_page_not_the_source() {
        let page = r#"<a class="lang-switch-link" href="../en/ch01-introduction.md" hreflang="en">"#;
        assert_eq!(
            fix_language_switch(page).as_deref(),
            Some(r#"<a class="lang-switch-link" href="../en/ch01-introduction.html" hreflang="en">"#)
        );
        // Other links and an already fixed page are left alone.
        assert_eq!(fix_language_switch(r#"<a href="x.md">"#), None);
        assert_eq!(fix_language_switch(&fix_language_switch(page).unwrap()), None);
    }

    #[test]
    fn every_edition_builds_with_its_own_settings() {
        let command = mdbook_build(Path::new("/repo"), "en", Path::new("/repo/book/en"));
        let env: Vec<_> = command
            .get_envs()
            .map(|(k, v)| (k.to_string_lossy().into_owned(), v.unwrap().to_string_lossy().into_owned()))
            .collect();
        for expected in [
            ("MDBOOK_BOOK__SRC", "src/en"),
            ("MDBOOK_BOOK__LANGUAGE", "en"),
            ("MDBOOK_BOOK__TITLE", "Loss Functions, Verified"),
            ("MDBOOK_OUTPUT__HTML__SITE_URL", "/en/"),
        ] {
            assert!(env.contains(&(expected.0.into(), expected.1.into())), "{expected:?} in {env:?}");
        }
        assert!(env.iter().any(|(k, v)| k == katex::COMMAND_ENV && v.ends_with(" katex-escape")), "{env:?}");
        let korean = mdbook_build(Path::new("/repo"), "ko", Path::new("/repo/book/ko"));
        assert!(korean.get_envs().all(|(k, _)| k != "MDBOOK_BOOK__TITLE"));
    }
}
