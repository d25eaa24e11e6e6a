//! `cargo test -p exercises -- ch07`: the grading report of chapter 7, the same as
//! `cargo xtask exercise ch07` (a test target without the libtest harness, so that the
//! report, not a list of test names, is what it prints).

fn main() -> std::process::ExitCode {
    exercises::report::main()
}
