//! Where the book's sources are, and loading them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::edition::Edition;
use crate::markdown::{self, Chapter};

/// The table of contents of an edition; it is not a chapter (no formulas, no code) and its titles
/// differ between editions, so the chapter checks skip it.
pub const SUMMARY: &str = "SUMMARY.md";

/// The repository root (the folder holding `book.toml`).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().nth(2).expect("the book crate lives in crates/book below the repository root").to_path_buf()
}

/// `src/<edition>/` of this repository.
pub fn edition_dir(edition: Edition) -> PathBuf {
    repo_root().join("src").join(edition.code())
}

/// One chapter file of an edition, scanned.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the edition's folder, `/`-separated: `ch01-introduction.md`, or
    /// `part/ch10.md` for a chapter in a subfolder.
    pub name: String,
    /// What the scanner found in it.
    pub chapter: Chapter,
}

/// The chapter files (`*.md` except the top `SUMMARY.md`) below `dir`, subfolders included, as
/// paths relative to `dir` (`/`-separated), sorted. The `figures/` folder holds no chapters.
pub fn chapter_names(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in fs::read_dir(dir.join(&relative))? {
            let entry = entry?;
            let name = relative.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                pending.push(name);
            } else if name.extension().is_some_and(|e| e == "md") && name != Path::new(SUMMARY) {
                names.push(name.iter().map(|part| part.to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    names.sort();
    Ok(names)
}

/// The link targets of a `SUMMARY.md` (`- [Title](ch01-introduction.md)`), in order, without
/// `#fragments`.
pub fn summary_links(summary: &str) -> Vec<String> {
    let mut links = Vec::new();
    for line in summary.lines() {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let target = &rest[at + 2..];
            let Some(end) = target.find(')') else { break };
            let link = target[..end].split('#').next().unwrap_or("").trim();
            if !link.is_empty() {
                links.push(link.to_owned());
            }
            rest = &target[end..];
        }
    }
    links
}

/// The back matter of a `SUMMARY.md`: the link targets of mdBook's *suffix chapters*, the
/// unnumbered links after the numbered list (`[부록 A. 표기법](appendix-a-notation.md)`), in order.
pub fn summary_back_matter(summary: &str) -> Vec<String> {
    let is_list_item = |line: &str| {
        let line = line.trim_start();
        line.starts_with("- ")
            || line.starts_with("* ")
            || line.split_once(". ").is_some_and(|(n, _)| n.parse::<u32>().is_ok())
    };
    let lines: Vec<&str> = summary.lines().collect();
    let Some(last_item) = lines.iter().rposition(|line| is_list_item(line)) else { return Vec::new() };
    summary_links(&lines[last_item + 1..].join("\n"))
}

/// Reads and scans every chapter file below `dir`, sorted by name, its includes expanded; every
/// line number in the result is a line of the chapter file itself (see [`Expanded`]).
pub fn load_chapters(dir: &Path) -> io::Result<Vec<SourceFile>> {
    chapter_names(dir)?
        .into_iter()
        .map(|name| {
            let expanded = read_chapter(dir, &name)?;
            let mut chapter = markdown::scan(&expanded.text);
            chapter.map_lines(|line| expanded.chapter_line(line));
            Ok(SourceFile { chapter, name })
        })
        .collect()
}

/// A chapter's text as mdBook sees it: each `{{#include path}}` line replaced by the file it
/// names (mdBook's `links` preprocessor does the same before anything else reads the chapter).
/// The book uses includes for text a program generates — the figures' image and caption
/// snippets — so that the chapter never holds a copy that can go stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// The text, includes expanded.
    pub text: String,
    /// For each line of `text` (0-based), the 1-based line of the chapter file it comes from; all
    /// lines of an included file map to the line of its `{{#include}}`.
    lines: Vec<usize>,
}

impl Expanded {
    /// Text without includes, as it is (each line maps to itself).
    pub fn plain(text: &str) -> Expanded {
        Expanded { text: text.to_owned(), lines: (1..=text.lines().count()).collect() }
    }

    /// The chapter-file line of line `line` (1-based) of the expanded text.
    pub fn chapter_line(&self, line: usize) -> usize {
        self.lines.get(line.wrapping_sub(1)).copied().unwrap_or(line)
    }
}

/// The directive, as mdBook writes it.
const INCLUDE: &str = "{{#include ";

/// Reads chapter `name` of the edition folder `dir` with its includes expanded.
///
/// # Errors
/// An I/O error, or `InvalidData` naming the chapter line when an include is not alone on its
/// line, names a part of a file (`file:anchor`, `file:2:10`: the book includes whole files only),
/// or names a file that does not exist.
pub fn read_chapter(dir: &Path, name: &str) -> io::Result<Expanded> {
    let path = dir.join(name);
    let raw = fs::read_to_string(&path)?;
    let folder = path.parent().unwrap_or(dir);
    let mut text = String::with_capacity(raw.len());
    let mut lines = Vec::new();
    for (index, line) in raw.lines().enumerate() {
        let number = index + 1;
        let invalid = |what: String| io::Error::new(io::ErrorKind::InvalidData, format!("{name}:{number}: {what}"));
        let Some(at) = line.find(INCLUDE) else {
            text.push_str(line);
            text.push('\n');
            lines.push(number);
            continue;
        };
        if line[..at].ends_with('\\') {
            // `\{{#include …}}` is how a chapter shows the directive without running it.
            text.push_str(line);
            text.push('\n');
            lines.push(number);
            continue;
        }
        let target = line.trim().strip_prefix(INCLUDE).and_then(|rest| rest.strip_suffix("}}")).map(str::trim);
        let target = target.ok_or_else(|| invalid("`{{#include …}}` must stand alone on its line".into()))?;
        if target.contains(':') {
            return Err(invalid(format!("`{{{{#include {target}}}}}` names part of a file; include whole files")));
        }
        let included = fs::read_to_string(folder.join(target))
            .map_err(|error| invalid(format!("`{{{{#include {target}}}}}`: {error}")))?;
        for included_line in included.lines() {
            text.push_str(included_line);
            text.push('\n');
            lines.push(number);
        }
    }
    Ok(Expanded { text, lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_links_in_order() {
        let summary = "# Summary\n\n[Intro](ch01.md)\n\n- [A](ch02.md)\n    - [B](part/ch03.md#x)\n- [Draft]()\n";
        assert_eq!(summary_links(summary), ["ch01.md", "ch02.md", "part/ch03.md"]);
    }

    #[test]
    fn includes_are_expanded_and_lines_map_back() {
        let dir = std::env::temp_dir().join(format!("book-include-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("snippets")).unwrap();
        fs::write(dir.join("snippets/fig.md"), "![alt](figures/a.svg)\n\n*Figure 1.*\n").unwrap();
        fs::write(dir.join("ch.md"), "# T\n{{#include snippets/fig.md}}\nafter\n\\{{#include shown.md}}\n").unwrap();
        fs::write(dir.join("bad.md"), "a {{#include snippets/fig.md}} b\n").unwrap();
        fs::write(dir.join("part.md"), "{{#include snippets/fig.md:anchor}}\n").unwrap();
        fs::write(dir.join("gone.md"), "x\n{{#include nothing.md}}\n").unwrap();
        let expanded = read_chapter(&dir, "ch.md").unwrap();
        let bad = read_chapter(&dir, "bad.md").unwrap_err().to_string();
        let part = read_chapter(&dir, "part.md").unwrap_err().to_string();
        let gone = read_chapter(&dir, "gone.md").unwrap_err().to_string();
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(expanded.text, "# T\n![alt](figures/a.svg)\n\n*Figure 1.*\nafter\n\\{{#include shown.md}}\n");
        assert_eq!((1..=6).map(|line| expanded.chapter_line(line)).collect::<Vec<_>>(), [1, 2, 2, 2, 3, 4]);
        assert!(bad.starts_with("bad.md:1: ") && bad.contains("alone on its line"), "{bad}");
        assert!(part.starts_with("part.md:1: ") && part.contains("whole files"), "{part}");
        assert!(gone.starts_with("gone.md:2: ") && gone.contains("nothing.md"), "{gone}");
    }

    #[test]
    fn back_matter_is_the_unnumbered_links_after_the_list() {
        let summary = "# Summary\n\n[Preface](pre.md)\n\n- [A](ch01.md)\n    - [B](ch02.md)\n\n[Appendix A](a.md)\n\n[Appendix B](b.md#top)\n";
        assert_eq!(summary_back_matter(summary), ["a.md", "b.md"]);
        assert!(summary_back_matter("- [A](ch01.md)\n").is_empty());
        let editions = Edition::ALL.map(|edition| {
            let summary = fs::read_to_string(edition_dir(edition).join(SUMMARY)).unwrap();
            summary_back_matter(&summary)
        });
        assert!(editions[0].iter().any(|link| link == "appendix-b-glossary.md"), "{editions:?}");
        assert!(editions.iter().all(|links| *links == editions[0]), "{editions:?}");
    }

    #[test]
    fn chapters_in_subfolders_are_found() {
        let dir = std::env::temp_dir().join(format!("book-source-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("part/deeper")).unwrap();
        fs::create_dir_all(dir.join("figures")).unwrap();
        for file in ["SUMMARY.md", "a.md", "part/b.md", "part/deeper/c.md", "figures/x.svg", "part/SUMMARY.md"] {
            fs::write(dir.join(file), "").unwrap();
        }
        let names = chapter_names(&dir).unwrap();
        let _ = fs::remove_dir_all(&dir);
        assert_eq!(names, ["a.md", "part/SUMMARY.md", "part/b.md", "part/deeper/c.md"]);
    }
}
