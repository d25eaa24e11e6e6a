//! Running external commands, always echoed first so a log shows exactly what ran.

use std::error::Error;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use book::repo_root;

/// Every command returns this: errors are reported to the user, never matched on.
pub type Result<T = ()> = std::result::Result<T, Box<dyn Error>>;

/// An error that is only an exit status: the command already said why (a grading report), so
/// `main` exits with the status and prints nothing more.
#[derive(Debug)]
pub struct Exit(pub u8);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit status {}", self.0)
    }
}

impl Error for Exit {}

/// `program`'s full path, from `PATH` (for tools that want a path, not a name).
pub fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(program)).find(|path| path.is_file())
}

/// Echoes and runs `command`. With `capture`, its stdout and stderr are collected (and printed
/// afterwards, stdout first) so the caller can inspect them; otherwise they go straight to the
/// terminal. Fails if the command cannot start or exits unsuccessfully.
pub fn run_command(command: &mut Command, capture: bool) -> Result<Output> {
    echo(command);
    let output = if capture {
        let output = command.output().map_err(|e| cannot_start(command, e))?;
        print!("{}", String::from_utf8_lossy(&output.stdout));
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        output
    } else {
        let status = command.status().map_err(|e| cannot_start(command, e))?;
        Output { status, stdout: Vec::new(), stderr: Vec::new() }
    };
    if output.status.success() {
        Ok(output)
    } else {
        Err(format!("`{}` failed ({})", display(command), output.status).into())
    }
}

fn cannot_start(command: &Command, error: std::io::Error) -> Box<dyn Error> {
    format!("cannot run `{}`: {error}", display(command)).into()
}

fn echo(command: &Command) {
    eprintln!("$ {}", display(command));
}

/// `cd dir && VAR=value program args…`, quoted where needed, as one would type it.
pub fn display(command: &Command) -> String {
    let mut parts = Vec::new();
    if let Some(dir) = command.get_current_dir().filter(|d| *d != Path::new(".")) {
        parts.push(format!("cd {} &&", quote(dir.as_os_str())));
    }
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            parts.push(format!("{}={}", key.to_string_lossy(), quote(value)));
        }
    }
    parts.push(quote(command.get_program()));
    parts.extend(command.get_args().map(quote));
    parts.join(" ")
}

fn quote(text: &OsStr) -> String {
    shell_word(&text.to_string_lossy())
}

/// `text` as one POSIX shell word: as it is when it needs no quoting, else in single quotes.
pub fn shell_word(text: &str) -> String {
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+".contains(c));
    if plain { text.to_owned() } else { format!("'{}'", text.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_env_and_quotes() {
        let mut command = Command::new("mdbook");
        command.args(["build", "-d", "book/en"]).env("MDBOOK_BOOK__TITLE", "Loss Functions, Verified");
        assert_eq!(display(&command), "MDBOOK_BOOK__TITLE='Loss Functions, Verified' mdbook build -d book/en");
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("/repo/target/debug/x"), "/repo/target/debug/x");
        assert_eq!(shell_word("/my dir/it's"), r"'/my dir/it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn failing_command_is_an_error() {
        let error = run_command(&mut Command::new("false"), true).unwrap_err();
        assert!(error.to_string().contains("`false` failed"), "{error}");
        assert!(run_command(&mut Command::new("true"), true).is_ok());
    }
}
