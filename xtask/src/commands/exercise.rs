//! `cargo xtask exercise [ch07 …] [--lang ko|en]`: the learner's grading report — per exercise
//! passed, failed (with the first failing case) or not attempted — from `cargo run -p exercises`
//! (`exercises::report`), with its exit status: 0 when nothing attempted failed, 1 when an
//! exercise failed, 2 for a usage error.

use std::process::Command;

use crate::util::cmd::{Exit, Result, repo_root};

pub fn run(args: &[String]) -> Result {
    let mut command = Command::new("cargo");
    command.current_dir(repo_root()).args(["run", "--quiet", "-p", "exercises", "--"]).args(args);
    let status = command.status().map_err(|error| format!("cannot run cargo: {error}"))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => Err(Exit(u8::try_from(code).unwrap_or(1)).into()),
        None => Err(format!("the grader was stopped ({status})").into()),
    }
}
