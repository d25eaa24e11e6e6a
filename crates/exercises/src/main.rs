//! `cargo run -p exercises -- ch07`: grades chapter 7's exercises (see `exercises::report`;
//! `cargo xtask exercise ch07` runs this).
//!
//! `cargo run -p exercises -- book write | check`: writes (or checks) the exercise section of each
//! chapter of the book (see `exercises::section`; `cargo xtask exercises` runs `book write`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((command, rest)) if command == "book" => exercises::section::main(rest),
        _ => exercises::report::main(),
    }
}
