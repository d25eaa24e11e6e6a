//! `mdbook-katex-escape [supports <renderer>]`: the mdBook preprocessor (see the library).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match mdbook_katex_escape::run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mdbook-katex-escape: {error}");
            ExitCode::FAILURE
        }
    }
}
