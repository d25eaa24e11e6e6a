//! `cargo xtask <command>`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! This file only dispatches; each command lives in its own module.

mod book;
mod browser;
mod cmd;
mod figures;
mod formulas;
mod html;
mod install;
mod katex;
mod notebooks;
mod packages;
mod rendered;
mod search;
mod serve;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  install            install the pinned tools (mdbook, mdbook-katex, pagefind, chromium…) unless present
  build              build both editions, their search indexes, the landing page and KaTeX into book/
  serve [--port N]   build, serve book/ on http://127.0.0.1:3000/ and rebuild on changes
  test               cargo test, build the book, check the rendered HTML, report formulas, browser tests
  browser            build the book and run only the browser tests (tests/browser)
  figures            regenerate the figures, the explorer's images and their snippets (crates/figures)
  formulas           print the verified-formula report of each edition
  notebooks [--execute [NAME…]]
                     write notebooks/ from the chapters; --execute also runs them (or those whose
                     path contains a NAME) with the evcxr Jupyter kernel
  katex-escape       the mdBook preprocessor of book.toml that protects KaTeX's output from Markdown";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let result = match command.as_str() {
        "install" => install::run(),
        "build" => book::run(),
        "serve" => serve::run(rest),
        "test" => test::run(),
        "browser" => browser::run(),
        "figures" => figures::run(),
        "formulas" => formulas::run(),
        "notebooks" => notebooks::run(rest),
        katex::SUBCOMMAND => katex::preprocessor(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
