//! `cargo xtask install`: the tools the book needs, at pinned versions.
//!
//! Every version the project depends on outside Cargo.lock is in [`TOOLS`], and only there.
//! A tool is installed only when `<tool> --version` does not already print its pinned version
//! (npm and Debian packages: see [`Source`]), so running this again is cheap.

use std::process::Command;

use crate::cmd::{Result, repo_root, run_command};
use crate::{browser, notebooks, packages};

/// One tool the book needs.
pub struct Tool {
    /// The executable, as found on `PATH` (for [`Source::Npm`]: the npm package, whose executable,
    /// if any, is `<dir>/node_modules/.bin/<name>`).
    pub name: &'static str,
    /// The exact version we test with.
    pub version: &'static str,
    /// Where it comes from.
    pub source: Source,
}

/// How a tool is installed. Later tools (Python packages, Debian packages, npm packages) add a
/// variant here and an arm in [`install`].
pub enum Source {
    /// `cargo install --locked --version <version> <package>`; `--locked` because newer
    /// dependency releases have broken these builds before.
    Crate { package: &'static str },
    /// A package of the npm project folder `dir`, whose `package.json` pins it exactly (a unit test
    /// checks it against `version`) and whose committed `package-lock.json` pins everything else:
    /// `npm ci` there, skipped while `node_modules/` matches the lock file (xtask/src/packages.rs).
    Npm { dir: &'static str },
    /// Debian packages, `apt-get install -y <packages>` when `<name> --version` fails or one of them
    /// is missing. Debian's security updates replace the version, so `version` records the one
    /// last tested and is not enforced.
    Apt { packages: &'static [&'static str] },
    /// Python packages in the project's virtual environment `.venv`, from a requirements file that
    /// pins every package exactly (a unit test checks it against `version`): `pip install
    /// --no-deps -r <requirements>`, skipped while `.venv` was installed from the file as it is now
    /// (xtask/src/notebooks.rs). `name` is the package, not an executable.
    Pip { requirements: &'static str },
}

/// The pinned tools. Measured together on a 2-core machine (see shared/toolchain-notes.md).
pub const TOOLS: &[Tool] = &[
    Tool { name: "mdbook", version: "0.5.4", source: Source::Crate { package: "mdbook" } },
    Tool {
        // Bundles KaTeX 0.16.4: assets/katex must stay at that version.
        name: "mdbook-katex",
        version: "0.10.0",
        source: Source::Crate { package: "mdbook-katex" },
    },
    // Static-site search with a per-language index; its binary comes in an npm package.
    Tool { name: "pagefind", version: "1.6.0", source: Source::Npm { dir: browser::NODE_PROJECT } },
    // Drives Chromium for the browser tests (tests/browser), without a browser download of its own.
    Tool { name: "playwright-core", version: "1.65.1", source: Source::Npm { dir: browser::NODE_PROJECT } },
    // Debian's Chromium for the browser tests, and CJK fonts so Hangul renders as glyphs.
    Tool { name: "chromium", version: "156", source: Source::Apt { packages: &["chromium", "fonts-noto-cjk"] } },
    // The Jupyter kernel that runs the notebooks (notebooks/). Needs Rust ≥ 1.95 and `--locked`
    // (a newer salsa breaks the build); ~20 CPU-min. It has no `--version`: `cargo install --list`
    // tells its version.
    Tool { name: "evcxr_jupyter", version: "0.22.0", source: Source::Crate { package: "evcxr_jupyter" } },
    // `jupyter execute`, which runs the notebooks in `cargo xtask test`.
    Tool { name: "nbclient", version: "0.11.0", source: Source::Pip { requirements: notebooks::REQUIREMENTS } },
];

pub fn run() -> Result {
    for tool in TOOLS {
        if installed_version_matches(tool) {
            eprintln!("{} {} is installed", tool.name, tool.version);
        } else {
            install(tool)?;
        }
    }
    Ok(())
}

/// Installs `name` unless it is already there: for tools that are cheap to install and local to
/// the project or the machine (`npm ci`, `apt-get install`), so `cargo xtask test` works from a
/// fresh clone.
pub fn ensure(name: &str) -> Result {
    let tool = find(name)?;
    if installed_version_matches(tool) { Ok(()) } else { install(tool) }
}

/// The executable to run for `name`.
pub fn executable(name: &str) -> Result<std::path::PathBuf> {
    Ok(match find(name)?.source {
        Source::Npm { dir } => packages::npm_bin(dir, name),
        Source::Pip { .. } => repo_root().join(notebooks::VENV).join("bin").join(name),
        Source::Crate { .. } | Source::Apt { .. } => name.into(),
    })
}

fn find(name: &str) -> Result<&'static Tool> {
    Ok(TOOLS.iter().find(|tool| tool.name == name).ok_or_else(|| format!("{name} is not in the install table"))?)
}

fn install(tool: &Tool) -> Result {
    match tool.source {
        Source::Crate { package } => {
            run_command(Command::new("cargo").args(["install", "--locked", "--version", tool.version, package]), false)
                .map(drop)
        }
        Source::Npm { dir } => packages::npm_ci(dir),
        Source::Apt { packages } => packages::apt_install(packages),
        Source::Pip { requirements } => notebooks::pip_install(requirements),
    }
}

fn installed_version_matches(tool: &Tool) -> bool {
    match tool.source {
        Source::Npm { dir } => return packages::npm_installed(dir, tool.name, tool.version),
        Source::Apt { packages } => return packages::apt_installed(tool.name, packages),
        Source::Pip { requirements } => return notebooks::pip_installed(requirements, tool.name, tool.version),
        Source::Crate { .. } => {}
    }
    let output = Command::new(tool.name).arg("--version").output();
    match output {
        Ok(output) if output.status.success() => prints_version(&String::from_utf8_lossy(&output.stdout), tool.version),
        // No `--version` (evcxr_jupyter): ask cargo which version it installed.
        Ok(_) => Command::new("cargo").args(["install", "--list"]).output().is_ok_and(|list| {
            let Source::Crate { package } = tool.source else { return false };
            lists_crate(&String::from_utf8_lossy(&list.stdout), package, tool.version)
        }),
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

    #[test]
    fn pip_tools_are_pinned_in_their_requirements() {
        for tool in TOOLS {
            if let Source::Pip { requirements } = tool.source {
                let pinned = notebooks::pip_pinned_version(requirements, tool.name);
                assert_eq!(pinned.as_deref(), Some(tool.version), "{} in {requirements}", tool.name);
            }
        }
    }

    #[test]
    fn every_tool_is_pinned_once() {
        for (index, tool) in TOOLS.iter().enumerate() {
            assert!(tool.version.split('.').all(|p| p.parse::<u32>().is_ok()), "{}", tool.name);
            assert!(TOOLS[..index].iter().all(|other| other.name != tool.name), "{}", tool.name);
        }
    }

    #[test]
    fn npm_tools_are_pinned_in_package_json() {
        for tool in TOOLS {
            if let Source::Npm { dir } = tool.source {
                let pinned = packages::npm_pinned_version(dir, tool.name);
                assert_eq!(pinned.as_deref(), Some(tool.version), "{} in {dir}/package.json", tool.name);
            }
        }
    }
}
