//! The layering of xtask's modules, checked on its own sources: every `crate::…` path a file
//! names must lead to a lower layer (or, inside the book-build layer, to another module of it
//! without closing a circle), and no module names a command. See main.rs for the layers.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layer of a top-level module: higher may use lower.
fn rank(module: &str) -> Option<u8> {
    match module {
        "commands" => Some(3),
        "site" | "sources" => Some(2),
        "tools" => Some(1),
        "util" => Some(0),
        _ => None,
    }
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The module path of a source file: `site/pages.rs` → `site::pages`, `site/mod.rs` → `site`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).filter(|p| *p != "mod").collect();
    parts.join("::")
}

/// The module paths (two segments at most: `site::pages`) that `code` names after `crate::`,
/// with `use crate::{a, b::{self, c}}` trees expanded (`self` is the module itself).
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        expand(&code[at + "crate::".len()..], &mut Vec::new(), &mut found);
    }
    found.retain(|path| !path.is_empty());
    found
}

/// Reads one use-tree at the start of `text` below `prefix` and records its paths.
fn expand(text: &str, prefix: &mut Vec<String>, found: &mut BTreeSet<String>) {
    let mut rest = text.trim_start();
    let depth = prefix.len();
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let end = matching_brace(group);
            for item in split_top_level(&group[..end]) {
                expand(item, prefix, found);
            }
            break;
        }
        let ident: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if ident.is_empty() {
            found.insert(prefix.iter().take(2).cloned().collect::<Vec<_>>().join("::"));
            break;
        }
        rest = &rest[ident.len()..];
        if ident != "self" {
            prefix.push(ident);
        }
        match rest.strip_prefix("::") {
            Some(after) => rest = after,
            None => {
                found.insert(prefix.iter().take(2).cloned().collect::<Vec<_>>().join("::"));
                break;
            }
        }
    }
    prefix.truncate(depth);
}

fn matching_brace(text: &str) -> usize {
    let mut depth = 1;
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return index;
                }
            }
            _ => {}
        }
    }
    text.len()
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

/// The module a path leads to, among the known modules: `site::pages::x` → `site::pages` if that
/// is a module, else `site`.
fn target(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    if modules.contains(path) {
        return Some(path.to_owned());
    }
    let top = path.split("::").next()?;
    modules.contains(top).then(|| top.to_owned())
}

/// Every circle of a dependency graph, as `a → b → a`.
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    fn visit<'a>(
        node: &'a str,
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
        found: &mut Vec<String>,
    ) {
        match state.get(node) {
            Some(2) => return,
            Some(1) => {
                let at = stack.iter().position(|n| *n == node).unwrap();
                found.push(format!("a circle: {} → {node}", stack[at..].join(" → ")));
                return;
            }
            _ => {}
        }
        state.insert(node, 1);
        stack.push(node);
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, state, stack, found);
        }
        stack.pop();
        state.insert(node, 2);
    }
    let mut state = BTreeMap::new();
    let mut found = Vec::new();
    for node in edges.keys() {
        visit(node, edges, &mut state, &mut Vec::new(), &mut found);
    }
    found
}

#[test]
fn imports_only_go_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let modules: BTreeSet<String> = files.iter().map(|file| module_of(&src, file)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        let from = module_of(&src, file);
        if from == "main" || from == "layers" {
            continue;
        }
        let from_top = from.split("::").next().unwrap().to_owned();
        let from_rank = rank(&from_top).unwrap_or_else(|| panic!("{from}: a module outside the layers"));
        for path in crate_paths(&fs::read_to_string(file).unwrap()) {
            let Some(to) = target(&path, &modules) else { continue };
            let to_top = to.split("::").next().unwrap();
            let Some(to_rank) = rank(to_top) else { continue };
            if to_top == "commands" && to != from {
                problems.push(format!("{from} names the command module {to}"));
            } else if to_rank > from_rank {
                problems.push(format!("{from} (layer {from_rank}) uses {to} (layer {to_rank}), a layer above it"));
            }
            if to != from {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // No circle among the modules (inside a layer, too).
    problems.extend(circles(&edges));
    assert!(problems.is_empty(), "xtask's layering is broken:\n{}", problems.join("\n"));
}

#[test]
fn import_paths_are_read_like_rust() {
    let code = "use crate::site::{self, browser};\nuse crate::{sources, tools::{self, NODE_PROJECT}};\nlet x = crate::util::fs::files_under(p);";
    let found: Vec<String> = crate_paths(code).into_iter().collect();
    assert_eq!(found, ["site", "site::browser", "sources", "tools", "tools::NODE_PROJECT", "util::fs"]);
}

/// `cargo metadata` of the workspace (its own packages only).
fn workspace_metadata() -> serde_json::Value {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

/// The workspace's crates form no circle either, dev-dependencies included (`cargo metadata`).
#[test]
fn workspace_crates_form_no_circle() {
    let metadata = workspace_metadata();
    let packages = metadata["packages"].as_array().expect("packages");
    let names: BTreeSet<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    let edges: BTreeMap<String, BTreeSet<String>> = packages
        .iter()
        .map(|package| {
            let name = package["name"].as_str().unwrap_or_default().to_owned();
            let uses = package["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|dependency| dependency["name"].as_str())
                .filter(|dependency| names.contains(dependency) && *dependency != name)
                .map(str::to_owned)
                .collect();
            (name, uses)
        })
        .collect();
    assert!(edges.len() >= 10, "the workspace has its crates: {edges:?}");
    let circles = circles(&edges);
    assert!(circles.is_empty(), "the workspace's crates form a circle:\n{}", circles.join("\n"));
}

/// The code of a file that builds the library: without comments (a doc link is not an import)
/// and without its `#[cfg(test)]` module, which may use any module of its crate.
fn code_outside_tests_and_comments(code: &str) -> String {
    let library = code.split("#[cfg(test)]").next().unwrap_or_default();
    library.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// No crate of the workspace has modules that import each other in a circle (`crate::` paths,
/// as above): a circle means two files are one module in two pieces, or one lower layer is missing.
#[test]
fn no_crate_has_module_circles() {
    let metadata = workspace_metadata();
    let mut problems = Vec::new();
    let mut crates = 0;
    for package in metadata["packages"].as_array().expect("packages") {
        let manifest = Path::new(package["manifest_path"].as_str().expect("manifest_path"));
        let src = manifest.parent().expect("a crate folder").join("src");
        if !src.is_dir() {
            continue;
        }
        crates += 1;
        let files = rust_files(&src);
        let modules: BTreeSet<String> = files.iter().map(|file| module_of(&src, file)).collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in &files {
            let from = module_of(&src, file);
            for path in crate_paths(&code_outside_tests_and_comments(&fs::read_to_string(file).unwrap())) {
                if let Some(to) = target(&path, &modules)
                    && to != from
                {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        let name = package["name"].as_str().unwrap_or_default();
        problems.extend(circles(&edges).into_iter().map(|circle| format!("{name}: {circle}")));
    }
    assert!(crates >= 10, "every crate of the workspace was read: {crates}");
    assert!(problems.is_empty(), "modules that import each other in a circle:\n{}", problems.join("\n"));
}
