//! `cargo run -p exercises -- ch07`: grades chapter 7's exercises (see `exercises::report`).

fn main() -> std::process::ExitCode {
    exercises::report::main()
}
