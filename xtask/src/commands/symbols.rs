//! `cargo xtask symbols`: writes appendix A's symbol tables from `src/symbols.toml`
//! (`crates/formula/snippets/`, [`crate::sources::symbol_tables`]). `cargo test` fails while a
//! committed table differs from the symbol table.

use crate::sources;
use crate::util::cmd::Result;

pub fn run() -> Result {
    sources::symbol_tables()
}
