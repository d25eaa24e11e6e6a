//! `cargo xtask <command>`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! This file only dispatches; each command lives in its own module.

mod book;
mod cmd;
mod formulas;
mod html;
mod install;
mod rendered;
mod serve;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  install            install the pinned book tools (mdbook, mdbook-katex) unless present
  build              build both editions, the landing page and the KaTeX assets into book/
  serve [--port N]   build, serve book/ on http://127.0.0.1:3000/ and rebuild on changes
  test               cargo test, build the book, check the rendered HTML, report formulas
  formulas           print the verified-formula report of each edition";

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
        "formulas" => formulas::run(),
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
