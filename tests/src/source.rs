//! Where the book's sources are, and loading them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::markdown::{self, Chapter};

/// The editions, default first. Each has its own Markdown tree `src/<edition>/` with the same file
/// names, and is built into `book/<edition>/`.
pub const EDITIONS: [&str; 2] = ["ko", "en"];

/// The table of contents of an edition; it is not a chapter (no formulas, no code) and its titles
/// differ between editions, so the chapter checks skip it.
pub const SUMMARY: &str = "SUMMARY.md";

/// The repository root (the folder holding `book.toml`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the book-tests crate lives one folder below the repository root")
        .to_path_buf()
}

/// `src/<edition>/` of this repository.
pub fn edition_dir(edition: &str) -> PathBuf {
    repo_root().join("src").join(edition)
}

/// One chapter file of an edition, scanned.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// File name, e.g. `ch01-introduction.md`.
    pub name: String,
    /// What the scanner found in it.
    pub chapter: Chapter,
}

/// File names of the chapter files (`*.md` except `SUMMARY.md`) directly in `dir`, sorted.
pub fn chapter_names(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && name != SUMMARY {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Reads and scans every chapter file in `dir`, sorted by file name.
pub fn load_chapters(dir: &Path) -> io::Result<Vec<SourceFile>> {
    chapter_names(dir)?
        .into_iter()
        .map(|name| {
            let text = fs::read_to_string(dir.join(&name))?;
            Ok(SourceFile { chapter: markdown::scan(&text), name })
        })
        .collect()
}
