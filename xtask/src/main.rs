//! `cargo xtask <command>`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! This file only dispatches. The modules form layers, each using only the ones below it:
//!
//! | layer | modules | what it knows |
//! |---|---|---|
//! | commands | [`commands`]: one module per command | what a command does, in order |
//! | book build | [`site`] (build, check, serve to the browser tests, run the notebooks), [`sources`] (tidy, formula report) | the book and its sources |
//! | tools | [`tools`]: the pinned tools and their cargo/npm/apt/pip backends | how to install a tool |
//! | utilities | [`util`]: commands, files, HTML, HTTP | nothing about the book |
//!
//! No module imports a command, and no layer imports one above it; a test reads the sources and
//! fails on an import that breaks this (`layers::imports_only_go_down`).

mod commands;
mod site;
mod sources;
mod tools;
mod util;

#[cfg(test)]
mod layers;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N]   build both editions and serve them on http://127.0.0.1:3000/, rebuilding on changes
  test               everything CI runs: tidy, cargo test, build, rendered checks, browser, formulas, mutants, notebooks
  install            install every pinned tool (mdbook, mdbook-katex, pagefind, chromium, evcxr…) now
  build              build both editions, their search indexes, the landing page and KaTeX into book/
  browser            build the book, print the PDFs and run only the browser tests (tests/browser)
  pdf                build the book and print each edition to book/<code>/loss-functions-<code>.pdf
  exercise [CHAPTER…] [--lang ko|en] [--solutions]
                     grade your answers to the exercises (crates/exercises/src/chNN.rs), e.g. ch07;
                     without a chapter, one summary line per chapter; --solutions shows the solutions
  exercises          write the exercise section of chapters 2–9 from crates/exercises
  figures            regenerate the figures, the explorer's images and their snippets (crates/figures)
  formulas           check every display formula of each edition (evaluated or exempt) and print the report
  mutants            mutation testing of the formula checks: the score and every survivor with its explanation
  symbols            write appendix A's symbol tables from src/symbols.toml (crates/formula/snippets)
  glossary           write appendix B's glossary tables (src/glossary) from src/terminology.toml
  notebooks [--execute [NAME…]]
                     write notebooks/ from the chapters; --execute also runs them (or those whose
                     path contains a NAME) with the evcxr Jupyter kernel
  tidy               cargo fmt --check, clippy -D warnings, no citation of anything outside the repository
  bench-peers [OPTIONS…]
                     the crate against JAX and optax, side by side (crates/losses/benches/peers:
                     --rounds N, --core C, --all-cores, --baseline REV, --workloads, --types); a
                     measurement of minutes, not part of `test`

serve and test install what they need the first time (pinned), saying what and roughly how long.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let result = match command.as_str() {
        "install" => commands::install::run(),
        "build" => commands::build::run(),
        "serve" => commands::serve::run(rest),
        "test" => commands::test::run(),
        "browser" => commands::browser::run(),
        "pdf" => commands::pdf::run(),
        "exercise" => commands::exercise::run(rest),
        "exercises" => commands::exercises::run(),
        "figures" => commands::figures::run(),
        "formulas" => commands::formulas::run(),
        "mutants" => commands::mutants::run(),
        "symbols" => commands::symbols::run(),
        "glossary" => commands::glossary::run(),
        "notebooks" => commands::notebooks::run(rest),
        "tidy" => commands::tidy::run(),
        "bench-peers" => commands::bench_peers::run(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => match error.downcast_ref::<util::cmd::Exit>() {
            Some(util::cmd::Exit(status)) => ExitCode::from(*status),
            None => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
    }
}
