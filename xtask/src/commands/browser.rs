//! `cargo xtask browser`: build the book and print its PDFs (the browser tests read them back),
//! then only the browser tests (`site::browser`).

use crate::site::{self, browser, pdf};
use crate::tools;
use crate::util::cmd::Result;

pub fn run() -> Result {
    tools::ensure("cargo xtask browser", &[tools::FOR_BUILD, tools::FOR_BROWSER, tools::FOR_PDF].concat())?;
    let build = site::build()?;
    pdf::print(&build.root)?;
    browser::run_tests(&build.root)
}
