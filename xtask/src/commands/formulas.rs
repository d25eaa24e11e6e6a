//! `cargo xtask formulas`: how many display formulas each edition verifies
//! ([`crate::sources::formula_report`]).

use crate::sources;
use crate::util::cmd::Result;

pub fn run() -> Result {
    sources::formula_report()
}
