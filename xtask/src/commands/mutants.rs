//! `cargo xtask mutants`: mutation testing of the formula checks — every single edit of every
//! checked formula, caught or explained in `crates/formula/survivors.toml`
//! ([`crate::sources::mutation_run`]).

use crate::sources;
use crate::util::cmd::Result;

pub fn run() -> Result {
    sources::mutation_run()
}
