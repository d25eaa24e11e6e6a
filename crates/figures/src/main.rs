//! `cargo run -p figures --release -- write | check`
//!
//! `write` regenerates every figure, explorer image and snippet (and removes strays); `check`
//! regenerates them in memory and lists the files that differ (exit code 1 if any).

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let root = book::repo_root();
    let command = std::env::args().nth(1).unwrap_or_default();
    let started = Instant::now();
    let generated = match (command.as_str(), figures::generate()) {
        ("write" | "check", Ok(generated)) => generated,
        ("write" | "check", Err(error)) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
        _ => {
            eprintln!("usage: cargo run -p figures --release -- write | check");
            return ExitCode::from(2);
        }
    };
    if command == "write" {
        return match generated.write(&root) {
            Ok(written) => {
                println!(
                    "figures: {} files, {} changed, {} strays removed, in {:.2?}",
                    generated.files.len(),
                    written.changed.len(),
                    written.removed.len(),
                    started.elapsed()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    generated.check_and_report(&root, || format!("figures are up to date (checked in {:.2?})", started.elapsed()))
}
