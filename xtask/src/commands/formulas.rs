//! `cargo xtask formulas`: every display formula of each edition, evaluated at sampled points
//! or exempt with a reason ([`crate::sources::formula_report`]).

use crate::sources;
use crate::util::cmd::Result;

pub fn run() -> Result {
    sources::formula_report()
}
