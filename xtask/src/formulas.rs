//! `cargo xtask formulas`: how many display formulas each edition verifies.

use book_tests::formulas;

use crate::cmd::Result;

/// Prints `verified formulas (<edition>): N/M` per edition with any problems below it; fails
/// unless every edition is complete.
pub fn run() -> Result {
    let report = formulas::report()?;
    for edition in &report {
        println!("{edition}");
    }
    if report.iter().all(|edition| edition.coverage.is_complete()) {
        Ok(())
    } else {
        Err("not every display formula is marked and verified (see README.md, \"Formulas\")".into())
    }
}
