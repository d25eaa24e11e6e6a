//! `cargo xtask glossary`: writes appendix B's glossary tables (`src/glossary/`) from
//! `src/terminology.toml` (`book::terminology`). `cargo test` fails while a committed table
//! differs from the data (`crates/book/tests/terminology.rs`).

use book::terminology::{self, GLOSSARY_DIR};

use crate::util::cmd::{Result, repo_root};

pub fn run() -> Result {
    let generated = terminology::generate(&repo_root())?;
    let written = generated.write(&repo_root())?;
    println!(
        "glossary: {} files in {GLOSSARY_DIR}/ ({} updated, {} removed)",
        generated.files.len(),
        written.changed.len(),
        written.removed.len()
    );
    Ok(())
}
