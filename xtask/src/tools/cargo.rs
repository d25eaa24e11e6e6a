//! Tools from crates.io: `cargo install --locked`.

use std::process::Command;

use crate::util::cmd::{Result, run_command};

/// `cargo install --locked --version <version> <package>`.
pub fn install(package: &str, version: &str) -> Result {
    run_command(Command::new("cargo").args(["install", "--locked", "--version", version, package]), false).map(drop)
}

/// Whether `<name> --version` prints `version`; for a tool without `--version` (evcxr_jupyter),
/// whether `cargo install --list` lists `package` at `version`.
pub fn installed(name: &str, package: &str, version: &str) -> bool {
    match Command::new(name).arg("--version").output() {
        Ok(output) if output.status.success() => prints_version(&String::from_utf8_lossy(&output.stdout), version),
        Ok(_) => Command::new("cargo")
            .args(["install", "--list"])
            .output()
            .is_ok_and(|list| lists_crate(&String::from_utf8_lossy(&list.stdout), package, version)),
        Err(_) => false,
    }
}

/// Whether `cargo install --list` output has `<package> v<version>:`.
fn lists_crate(list: &str, package: &str, version: &str) -> bool {
    list.lines().any(|line| line == format!("{package} v{version}:"))
}

/// Whether `--version` output names `version` as a whole word (`mdbook v0.5.4`, `mdbook-katex
/// 0.10.0`), so 0.5.4 does not match 0.5.41.
fn prints_version(output: &str, version: &str) -> bool {
    output.split_whitespace().any(|word| word.trim_start_matches('v') == version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_must_match_exactly() {
        assert!(prints_version("mdbook v0.5.4\n", "0.5.4"));
        assert!(prints_version("mdbook-katex 0.10.0\n", "0.10.0"));
        assert!(!prints_version("mdbook v0.5.41\n", "0.5.4"));
        assert!(!prints_version("mdbook v0.4.52\n", "0.5.4"));
        assert!(!prints_version("", "0.5.4"));
    }

    #[test]
    fn cargo_install_list_names_the_version() {
        let list = "evcxr_jupyter v0.22.0:\n    evcxr_jupyter\nmdbook v0.5.4:\n    mdbook\n";
        assert!(lists_crate(list, "evcxr_jupyter", "0.22.0"));
        assert!(!lists_crate(list, "evcxr_jupyter", "0.22"));
        assert!(!lists_crate("evcxr_jupyter v0.21.0:\n", "evcxr_jupyter", "0.22.0"));
    }
}
