//! `cargo xtask bench-peers [OPTIONS…]`: the side-by-side benchmark of the `losses` crate against
//! JAX and optax (`crates/losses/benches/peers/bench_peers.sh`, which builds the crate, makes its
//! pinned Python environment and prints the table; its README explains the options and the
//! output). A measurement, not a test: `cargo xtask test` does not run it.

use std::process::Command;

use crate::util::cmd::{Result, repo_root, run_command};

/// The script, relative to the repository root.
const SCRIPT: &str = "crates/losses/benches/peers/bench_peers.sh";

pub fn run(args: &[String]) -> Result {
    let mut command = Command::new("bash");
    command.current_dir(repo_root()).arg(SCRIPT).args(args);
    run_command(&mut command, false).map(drop)
}
