//! `formula report` and `formula mutants`: the formula checks of the book, for `cargo xtask
//! formulas` and `cargo xtask mutants` (which run this binary, so that xtask itself does not
//! depend on this crate and its dependencies).
//!
//! - `report`: per edition, `checked formulas (ko): N/N (evaluated E, exempt X)`, the
//!   exemptions with their reasons, and every failure with its file and line. Fails unless every
//!   formula is evaluated or exempt and at most 5 % are exempt.
//! - `mutants`: the mutation run over every checked formula of the book (the editions' formulas
//!   and markers are identical, so one edition's), the score, every survivor with its
//!   explanation from `crates/formula/survivors.toml`. Fails on a survivor the table does not
//!   explain, on an entry that names no survivor, and below 95 % caught; and unless appendix D
//!   of each edition quotes the score line it prints (the book states the current score).
//! - `symbols`: writes appendix A's symbol tables from `src/symbols.toml`
//!   ([`chapters::notation_snippets`]).

use std::process::ExitCode;
use std::time::Instant;

use book::Edition;
use formula::chapters;
use formula::mutants::{Explanations, MutantOutcome, Score};

/// The explanation table, relative to the repository root.
const SURVIVORS: &str = "crates/formula/survivors.toml";

/// The lowest mutation score `mutants` accepts, in percent.
const MIN_SCORE: f64 = 95.0;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("report") => report(),
        Some("mutants") => mutants(args.iter().any(|a| a == "--verbose")),
        Some("symbols") => symbols(),
        _ => Err("usage: formula report | formula mutants [--verbose] | formula symbols".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn report() -> Result<(), String> {
    let root = book::repo_root();
    let mut complete = true;
    for edition in Edition::ALL {
        let report = chapters::check_edition(&root, edition).map_err(|e| e.to_string())?;
        println!("{report}");
        for exemption in report.exemptions() {
            println!("  exempt: {exemption}");
        }
        for failure in report.failures() {
            println!("  FAILED: {failure}");
        }
        complete &= report.is_complete();
    }
    if complete {
        Ok(())
    } else {
        Err(format!(
            "not every display formula is evaluated or exempt with a reason (at most {} % exempt): see above",
            chapters::MAX_EXEMPT_PERCENT
        ))
    }
}

fn mutants(verbose: bool) -> Result<(), String> {
    let root = book::repo_root();
    let text = std::fs::read_to_string(root.join(SURVIVORS)).map_err(|e| format!("{SURVIVORS}: {e}"))?;
    let explanations = Explanations::parse(&text).map_err(|e| format!("{SURVIVORS}: {e}"))?;
    let started = Instant::now();
    let results = chapters::mutate_edition(&root, Edition::ALL[1]).map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let score = Score::of(&results);
    println!("{score}");
    println!("mutation run: {seconds:.1} s");
    let mut unexplained = Vec::new();
    for result in &results {
        let line = format!("{} `{}` {}", result.chapter, result.id, result.key());
        match &result.outcome {
            MutantOutcome::Survived => match explanations.find(result) {
                Some(explanation) => println!("  survived: {line}\n    why: {}", explanation.why),
                None => unexplained.push(line),
            },
            MutantOutcome::Equivalent if verbose => println!("  equivalent: {line}"),
            MutantOutcome::Unparseable(e) if verbose => println!("  unparseable: {line}: {e}"),
            _ => {}
        }
    }
    let stale = explanations.stale(&results);
    let mut problems = Vec::new();
    if !unexplained.is_empty() {
        problems.push(format!(
            "{} mutant(s) survive that {SURVIVORS} does not explain: kill each with a better check (a `check:` in the \
             formula's marker) or add it to the table with the reason the mutated formula is still true:\n  {}",
            unexplained.len(),
            unexplained.join("\n  ")
        ));
    }
    if !stale.is_empty() {
        let lines: Vec<String> = stale.iter().map(|e| format!("{} `{}` {}", e.chapter, e.formula, e.mutant)).collect();
        problems.push(format!(
            "{} entr(ies) of {SURVIVORS} name no surviving mutant (caught now, or the formula changed): remove them:\n  {}",
            stale.len(),
            lines.join("\n  ")
        ));
    }
    for edition in Edition::ALL {
        let path = format!("src/{}/appendix-d-verification.md", edition.code());
        let text = std::fs::read_to_string(root.join(&path)).map_err(|e| format!("{path}: {e}"))?;
        if !text.contains(&format!("`{score}`")) {
            problems.push(format!("{path} does not quote the current score: write `{score}` where it gives the score"));
        }
    }
    if score.percent() < MIN_SCORE {
        problems.push(format!("{:.1} % caught, below {MIN_SCORE} %", score.percent()));
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

fn symbols() -> Result<(), String> {
    let root = book::repo_root();
    let generated = chapters::notation_snippets(&root).map_err(|e| e.to_string())?;
    let written = generated.write(&root).map_err(|e| e.to_string())?;
    println!(
        "symbols: {} snippet(s) in {} ({} updated)",
        generated.files.len(),
        chapters::NOTATION_SNIPPETS,
        written.changed.len()
    );
    Ok(())
}
