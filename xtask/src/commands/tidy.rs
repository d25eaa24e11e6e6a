//! `cargo xtask tidy`: formatting, lints, and citations ([`crate::sources`]); also the first step
//! of `cargo xtask test`.

use crate::sources;
use crate::util::cmd::Result;

pub fn run() -> Result {
    sources::tidy()
}
