//! `cargo xtask exercises`: writes the exercise section at the end of chapters 2–9 of both
//! editions from `crates/exercises` (the tasks, stubs and solutions; `exercises::section`). `cargo
//! test` fails while a chapter's section differs from what the crate makes
//! (`crates/exercises/tests/chapter_sections.rs`). Run `cargo xtask notebooks` after it: the
//! notebooks are made from the chapters.

use std::process::Command;

use crate::util::cmd::{Result, repo_root, run_command};

pub fn run() -> Result {
    let mut command = Command::new("cargo");
    command.current_dir(repo_root()).args(["run", "--quiet", "-p", "exercises", "--", "book", "write"]);
    run_command(&mut command, false).map(drop)
}
