//! The committed notebooks (`notebooks/<edition>/*.ipynb`) are exactly what the chapters generate:
//! never edited by hand, never stale, outputs cleared.

use std::collections::BTreeSet;
use std::fs;

use book::Edition;
use book::exercise_section;
use book::notebook::{self, Cell, Dep, PINNED_CRATES};
use book::source;

#[test]
fn committed_notebooks_match_the_chapters() {
    let generated = notebook::generate(&source::repo_root()).expect("chapters are readable");
    if let Err(message) = generated.check_message(&source::repo_root()).expect("notebooks are readable") {
        panic!(
            "the notebooks are generated from the chapters.\n{message}\n(if a chapter's code fails, its doctest \
             says why: fix the chapter first, then regenerate)"
        );
    }
}

#[test]
fn every_chapter_has_a_notebook_whose_first_cell_brings_in_losses() {
    let root = source::repo_root();
    let generated = notebook::generate(&root).expect("chapters are readable");
    let mut expected = BTreeSet::new();
    for edition in Edition::ALL {
        for name in source::chapter_names(&source::edition_dir(edition)).expect("src/<edition> is readable") {
            expected.insert(format!("notebooks/{edition}/{}", name.replace(".md", ".ipynb")));
        }
    }
    let found: BTreeSet<String> = generated.files.iter().map(|file| file.path.display().to_string()).collect();
    assert_eq!(found, expected);

    for edition in Edition::ALL {
        let dir = source::edition_dir(edition);
        let names = source::chapter_names(&dir).expect("src/<edition> is readable");
        for name in &names {
            let text = source::read_chapter(&dir, name).expect("chapter is readable").text;
            let notebook = notebook::chapter_notebook(edition, name, &text, &names);
            let Some(Cell::Code(setup)) = notebook.cells.first() else { panic!("src/{edition}/{name}: no setup cell") };
            assert!(
                setup.lines().any(|line| line == ":dep losses = { path = \"../../crates/losses\" }"),
                "src/{edition}/{name}:\n{setup}"
            );
        }
    }
}

#[test]
fn every_rust_block_becomes_a_cell() {
    for edition in Edition::ALL {
        let dir = source::edition_dir(edition);
        let names = source::chapter_names(&dir).expect("src/<edition> is readable");
        for name in &names {
            let text = source::read_chapter(&dir, name).expect("chapter is readable").text;
            let scanned = book::markdown::scan(&text);
            let rust_blocks = scanned.code_blocks.iter().filter(|b| b.is_rust()).count();
            let exercises = text.lines().filter(|line| exercise_section::parse_exercise_marker(line).is_some()).count();
            let notebook = notebook::chapter_notebook(edition, name, &text, &names);
            let code_cells = notebook.cells.iter().filter(|cell| cell.is_code()).count();
            let grading_cells =
                notebook.cells.iter().filter(|cell| cell.source().contains("exercises::notebook::grade(")).count();
            assert_eq!(grading_cells, exercises, "src/{edition}/{name}: one grading cell per exercise");
            // The setup cell, one per Rust block, one grading cell per exercise, one per figure (the
            // explorer's images count once).
            assert!(code_cells > rust_blocks + exercises, "src/{edition}/{name}: {code_cells} code cells");
            assert!(
                code_cells <= 1 + rust_blocks + exercises + scanned.figures.len(),
                "src/{edition}/{name}: {code_cells} code cells"
            );
            for cell in &notebook.cells {
                if let Cell::Markdown(text) = cell {
                    // Outside code fences, no formula marker is left.
                    let left = book::markdown::scan(text).formulas.iter().filter(|f| f.id.is_some()).count();
                    assert_eq!(left, 0, "src/{edition}/{name}: formula marker left in:\n{text}");
                }
            }
        }
    }
}

/// Chapter code can only use the crates the doctest harness links: `losses` and the `chapters` crate's other
/// dev-dependencies. Each of those needs a pinned `:dep` for the notebooks: a crates.io crate at
/// the version in Cargo.lock, a crate of this repository at its path.
#[test]
fn crates_chapters_can_use_are_pinned_for_the_notebooks() {
    let root = source::repo_root();
    let manifest = fs::read_to_string(root.join("crates/chapters/Cargo.toml")).expect("crates/chapters/Cargo.toml");
    let lock = fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    let mut section = "";
    let mut checked = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let Some((name, spec)) = line.split_once('=') else { continue };
        let (name, spec) = (name.trim(), spec.trim());
        if section != "[dev-dependencies]" || name.starts_with('#') || name == "losses" {
            continue;
        }
        let pinned = PINNED_CRATES.iter().find(|(crate_name, _)| *crate_name == name);
        let Some((_, dep)) = pinned else {
            panic!("chapters dev-dependency `{name}` has no pinned `:dep` in notebook::PINNED_CRATES");
        };
        match (dep, path_of(spec)) {
            (Dep::Path(path), Some(manifest_path)) => {
                let resolved =
                    root.join("crates/chapters").join(manifest_path).canonicalize().expect("the path exists");
                assert_eq!(resolved, root.join(path).canonicalize().unwrap(), "{name}: {dep:?} is not {manifest_path}");
            }
            (Dep::Version(version), None) => {
                let locked = lock_version(&lock, name).unwrap_or_else(|| panic!("{name} is not in Cargo.lock"));
                assert_eq!(*version, locked, "{name}: {dep:?} does not pin Cargo.lock's {locked}");
            }
            (dep, path) => panic!("{name}: the manifest says {spec}, PINNED_CRATES says {dep:?} ({path:?})"),
        }
        checked.push(name);
    }
    assert!(checked.contains(&"exercises") && checked.contains(&"approx"), "{checked:?}");
}

/// `"../exercises"` for `{ path = "../exercises" }`.
fn path_of(spec: &str) -> Option<&str> {
    let rest = spec.split_once("path")?.1.trim_start().strip_prefix('=')?.trim_start().strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

/// The version of `name` in Cargo.lock (the first, if there are several).
fn lock_version(lock: &str, name: &str) -> Option<String> {
    let entry = format!("name = \"{name}\"\nversion = \"");
    let start = lock.find(&entry)? + entry.len();
    Some(lock[start..start + lock[start..].find('"')?].to_owned())
}
