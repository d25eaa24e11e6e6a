//! `cargo xtask install`: every pinned tool, up front (the other commands install what they need
//! on the way).

use crate::tools;
use crate::util::cmd::Result;

pub fn run() -> Result {
    tools::ensure_all()
}
