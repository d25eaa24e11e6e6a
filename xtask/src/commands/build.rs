//! `cargo xtask build`: both editions, their search indexes, the landing page and KaTeX into
//! `book/` (see [`crate::site`]); fails if the build logged a problem mdBook let through.

use crate::site;
use crate::util::cmd::Result;

pub fn run() -> Result {
    let build = site::build()?;
    let problems = build.log_problems();
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n").into()) }
}
