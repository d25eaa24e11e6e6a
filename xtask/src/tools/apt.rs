//! Tools from Debian's packages.

use std::process::Command;

use crate::util::cmd::{Result, on_path, run_command};

/// Whether `executable` is on `PATH` and every Debian package in `packages` is installed. (Not
/// `executable --version`: poppler's tools answer `--version` with exit code 1.)
pub fn installed(executable: &str, packages: &[&str]) -> bool {
    on_path(executable).is_some() && packages.iter().all(|package| dpkg_installed(package))
}

fn dpkg_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["--show", "--showformat=${Status}", package])
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "install ok installed")
}

/// `apt-get update` (a fresh machine has no package lists) and `apt-get install -y <packages>`.
/// Needs root, as CI has.
pub fn install(packages: &[&str]) -> Result {
    let mut update = Command::new("apt-get");
    update.arg("update");
    let mut install = Command::new("apt-get");
    install.env("DEBIAN_FRONTEND", "noninteractive").args(["install", "-y"]).args(packages);
    run_command(&mut update, false)?;
    run_command(&mut install, false).map(drop)
}
