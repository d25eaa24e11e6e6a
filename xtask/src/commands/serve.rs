//! `cargo xtask serve [--port N] [--no-build]`: builds the book, serves `book/` (landing page and
//! one folder per edition) on 127.0.0.1 with the project's static server, and rebuilds when a
//! source changes. `--no-build` serves the book already in `book/` and watches nothing (the
//! browser tests use it when run on their own).
//!
//! Why not `mdbook serve`: it serves one edition at a time.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, SystemTime};

use book::Edition;

use crate::site;
use crate::tools;
use crate::util::cmd::{Result, repo_root};
use crate::util::fs::files_under;
use crate::util::http;

const DEFAULT_PORT: u16 = 3000;

/// Sources whose change triggers a rebuild.
const WATCHED: &[&str] = &["src", "theme", "assets", "book.toml"];

const USAGE: &str = "usage: cargo xtask serve [--port N] [--no-build]";

pub fn run(args: &[String]) -> Result {
    let mut port = DEFAULT_PORT;
    let mut build = true;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--port" => {
                let value = rest.next().ok_or(USAGE)?;
                port = value.parse().map_err(|_| format!("bad port `{value}`\n{USAGE}"))?;
            }
            "--no-build" => build = false,
            _ => return Err(USAGE.into()),
        }
    }
    let root = repo_root();
    if build {
        tools::ensure("cargo xtask serve", tools::FOR_BUILD)?;
        rebuild();
    }
    let address = http::start(root.join("book"), port)?;
    let editions: Vec<String> = Edition::ALL.iter().map(|edition| format!("/{edition}/")).collect();
    // The browser tests read this line for the address: keep its shape.
    println!("serving book/ on http://{address}/ (editions: {}); Ctrl-C stops", editions.join(", "));
    if build {
        watch(&root);
    } else {
        loop {
            thread::park();
        }
    }
    Ok(())
}

/// Builds, reporting (not failing on) errors, so a LaTeX typo does not stop the server.
fn rebuild() {
    match site::build() {
        Ok(build) => {
            for problem in build.log_problems() {
                eprintln!("warning: {problem}");
            }
        }
        Err(error) => eprintln!("build failed: {error}"),
    }
}

/// Polls the sources once a second and rebuilds when any file's modification time or the number
/// of files changes (polling needs no platform-specific API).
fn watch(root: &Path) {
    let mut last = snapshot(root);
    loop {
        thread::sleep(Duration::from_secs(1));
        let now = snapshot(root);
        if now != last {
            eprintln!("sources changed, rebuilding");
            rebuild();
            last = snapshot(root);
        }
    }
}

fn snapshot(root: &Path) -> Vec<(PathBuf, Option<SystemTime>)> {
    WATCHED
        .iter()
        .map(|path| root.join(path))
        .flat_map(|path| if path.is_dir() { files_under(&path).unwrap_or_default() } else { vec![path] })
        .map(|file| {
            let modified = file.metadata().and_then(|m| m.modified()).ok();
            (file, modified)
        })
        .collect()
}
