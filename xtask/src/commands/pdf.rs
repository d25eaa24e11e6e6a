//! `cargo xtask pdf`: build the book, then print each edition to `book/<code>/loss-functions-<code>.pdf`
//! and link the PDFs from the landing page (`site::pdf`).

use crate::site::{self, pdf};
use crate::tools;
use crate::util::cmd::Result;

pub fn run() -> Result {
    tools::ensure("cargo xtask pdf", &[tools::FOR_BUILD, tools::FOR_PDF].concat())?;
    let build = site::build()?;
    pdf::print(&build.root).map(drop)
}
