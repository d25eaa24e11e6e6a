//! `cargo run -p figures --release -- write | check`
//!
//! `write` regenerates every figure, explorer image and snippet; `check` regenerates them in
//! memory and lists the files that differ (exit code 1 if any).

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let root = figures::repo_root();
    let command = std::env::args().nth(1).unwrap_or_default();
    let started = Instant::now();
    match command.as_str() {
        "write" => match figures::write_all(&root) {
            Ok(paths) => {
                println!("wrote {} files in {:.2?}", paths.len(), started.elapsed());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        "check" => match figures::check_all(&root) {
            Ok(()) => {
                println!("figures are up to date (checked in {:.2?})", started.elapsed());
                ExitCode::SUCCESS
            }
            Err(problems) => {
                for problem in &problems {
                    eprintln!("{problem}");
                }
                eprintln!("figures are stale: run `cargo xtask figures`");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: cargo run -p figures --release -- write | check");
            ExitCode::from(2)
        }
    }
}
