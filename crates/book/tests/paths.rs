//! Every repository path the project's text names — in the chapters, the README files, the theme,
//! and the doc comments of its code — exists. Files move (the book crate itself once lived in
//! `tests/`); a sentence that points at the old place is a false claim a reader can follow. A
//! path counts from the repository root or from any folder the naming file is in.

use std::fs;
use std::path::{Path, PathBuf};

use book::repo_root;

/// Top-level folders of the repository that text may point into.
const ROOTS: &[&str] = &["crates/", "xtask/", "src/", "tests/", "theme/", "assets/", "notebooks/", ".ci/"];

/// Text files: what they say about paths must be true.
const TEXT: &[&str] = &["md", "rs", "hbs", "mjs", "toml", "html"];

/// Folders not to read: built output, dependencies, generated notebooks.
const SKIPPED: &[&str] = &["target", "book", "node_modules", ".git", "notebooks", ".venv", "figures"];

fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable folder").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIPPED.contains(&name.as_str()) {
                text_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| TEXT.contains(&e.to_string_lossy().as_ref())) {
            out.push(path);
        }
    }
}

/// The repository paths `text` names: runs of path characters that start with one of [`ROOTS`]
/// right after a character that cannot be part of a path, without a trailing `.`, `,` or `:`.
fn named_paths(text: &str) -> Vec<(usize, String)> {
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || "_-./".contains(c);
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for root in ROOTS {
            for (at, _) in line.match_indices(root) {
                let before = line[..at].chars().next_back();
                if before.is_some_and(|c| is_path_char(c) || c == '$' || c == '{' || c == '"' && root == &"src/") {
                    continue;
                }
                let path: String = line[at..].chars().take_while(|&c| is_path_char(c)).collect();
                let path = path.trim_end_matches(['.', ',', ':']).to_owned();
                let after = line[at + path.len()..].chars().next();
                // `src/<lang>/…`, `notebooks/{edition}`, globs and `chNN.rs` are patterns, not paths.
                let numbered =
                    path.match_indices("NN").any(|(at, _)| path[..at].ends_with(|c: char| c.is_ascii_lowercase()));
                if after.is_some_and(|c| "<{*".contains(c)) || path.contains("..") || numbered {
                    continue;
                }
                found.push((index + 1, path));
            }
        }
    }
    found
}

#[test]
fn every_path_the_text_names_exists() {
    let root = repo_root();
    let mut files = vec![root.join("README.md")];
    for dir in ["src", "crates", "xtask", "theme", "tests", "assets"] {
        text_files(&root.join(dir), &mut files);
    }
    let mut missing = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("text file");
        for (line, path) in named_paths(&text) {
            // A path is relative to the repository root, or to a folder the file is in (a crate's
            // README names its own `tests/reference.rs`).
            let exists =
                file.ancestors().skip(1).take_while(|dir| dir.starts_with(&root)).any(|dir| dir.join(&path).exists());
            if !exists {
                let shown = file.strip_prefix(&root).unwrap_or(file).display();
                missing.push(format!("{shown}:{line}: `{path}` does not exist"));
            }
        }
    }
    assert!(missing.is_empty(), "paths named in the text that are not in the repository:\n{}", missing.join("\n"));
}

#[test]
fn paths_are_read_from_prose_and_code() {
    let text = "see `crates/book/src/lib.rs`, and xtask/src/main.rs.\n`src/<lang>/x.md` and src/ko/ch01.md:\n\
                let p = \"src/{edition}\"; my_crates/x.rs, src/chNN.rs";
    assert_eq!(
        named_paths(text),
        [
            (1, "crates/book/src/lib.rs".to_owned()),
            (1, "xtask/src/main.rs".to_owned()),
            (2, "src/ko/ch01.md".to_owned())
        ]
    );
}
