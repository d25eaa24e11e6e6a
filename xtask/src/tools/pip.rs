//! Tools from PyPI: the project's Python environment `.venv` (gitignored), installed from a
//! requirements file that pins every package exactly.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::cmd::{Result, repo_root, run_command};

/// The project's Python environment, relative to the repository root.
pub const VENV: &str = ".venv";
/// Exact pins of every Python package in [`VENV`].
pub const REQUIREMENTS: &str = "requirements-notebooks.txt";
/// Written into [`VENV`] after a successful install: a copy of the requirements it installed.
const STAMP: &str = ".xtask-requirements-notebooks.txt";

/// [`VENV`], absolute.
pub fn venv() -> PathBuf {
    repo_root().join(VENV)
}

/// An executable of the environment (`.venv/bin/<name>`).
pub fn venv_bin(name: &str) -> PathBuf {
    venv().join("bin").join(name)
}

/// Whether [`VENV`] holds `package` at `version`, installed from the current `requirements` file.
pub fn installed(requirements: &str, package: &str, version: &str) -> bool {
    let root = repo_root();
    let venv = venv();
    let stamp_matches = match (fs::read(root.join(requirements)), fs::read(venv.join(STAMP))) {
        (Ok(wanted), Ok(stamp)) => wanted == stamp,
        _ => false,
    };
    stamp_matches && site_packages(&venv).is_some_and(|dir| dir.join(format!("{package}-{version}.dist-info")).is_dir())
}

/// `.venv/lib/python3.X/site-packages`.
fn site_packages(venv: &Path) -> Option<PathBuf> {
    fs::read_dir(venv.join("lib"))
        .ok()?
        .flatten()
        .map(|entry| entry.path().join("site-packages"))
        .find(|path| path.is_dir())
}

/// Creates [`VENV`] with the system's `python3` if needed, installs exactly the pinned packages of
/// `requirements` (`--no-deps`: the file pins every package, dependencies included) and checks
/// that they are consistent.
pub fn install(requirements: &str) -> Result {
    let root = repo_root();
    let venv = venv();
    let python = venv.join("bin/python");
    if !python.is_file() {
        run_command(Command::new("python3").args(["-m", "venv"]).arg(&venv), false)?;
    }
    let pip = |command: &mut Command| {
        command.arg("-m").arg("pip").arg("--disable-pip-version-check").arg("--no-input");
    };
    let mut install = Command::new(&python);
    pip(&mut install);
    install.args(["install", "--no-deps", "-r"]).arg(root.join(requirements));
    run_command(&mut install, false)?;
    let mut check = Command::new(&python);
    pip(&mut check);
    run_command(check.arg("check"), false)?;
    fs::copy(root.join(requirements), venv.join(STAMP))?;
    Ok(())
}

/// The version `requirements` pins for `package` (`package==version`).
#[cfg(test)]
pub fn pinned_version(requirements: &str, package: &str) -> Option<String> {
    let text = fs::read_to_string(repo_root().join(requirements)).ok()?;
    text.lines().find_map(|line| Some(line.trim().strip_prefix(package)?.strip_prefix("==")?.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_requirement_is_pinned_exactly() {
        let text = fs::read_to_string(repo_root().join(REQUIREMENTS)).expect("requirements file");
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (name, version) = line.split_once("==").unwrap_or_else(|| panic!("`{line}` is not `name==version`"));
            assert!(!name.is_empty() && version.split('.').all(|p| p.parse::<u32>().is_ok()), "{line}");
        }
    }
}
