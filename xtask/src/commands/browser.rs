//! `cargo xtask browser`: build the book, then only the browser tests (`site::browser`).

use crate::site::{self, browser};
use crate::tools;
use crate::util::cmd::Result;

pub fn run() -> Result {
    tools::ensure("cargo xtask browser", &[tools::FOR_BUILD, tools::FOR_BROWSER].concat())?;
    let build = site::build()?;
    browser::run_tests(&build.root)
}
