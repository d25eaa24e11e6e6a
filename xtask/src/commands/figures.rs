//! `cargo xtask figures`: regenerates the book's figures, the focal-loss explorer's images and the
//! Markdown snippets (`crates/figures`). `cargo test` fails while a committed file differs from
//! what the code draws (`crates/figures/tests/drift.rs`).

use std::process::Command;

use crate::util::cmd::{Result, repo_root, run_command};

pub fn run() -> Result {
    let mut command = Command::new("cargo");
    command.current_dir(repo_root()).args(["run", "--quiet", "--release", "-p", "figures", "--", "write"]);
    run_command(&mut command, false).map(drop)
}
