//! `cargo xtask install`: the tools the book needs, at pinned versions.
//!
//! Every version the project depends on outside Cargo.lock is in [`TOOLS`], and only there.
//! A tool is installed only when `<tool> --version` does not already print its pinned version,
//! so running this again is cheap.

use std::process::Command;

use crate::cmd::{Result, run_command};

/// One tool the book needs.
pub struct Tool {
    /// The executable, as found on `PATH`.
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

/// Fails with a hint when a pinned tool is missing or at another version, so a build never runs
/// with tools the checks were not made for.
pub fn require(name: &str) -> Result {
    let tool =
        TOOLS.iter().find(|tool| tool.name == name).ok_or_else(|| format!("{name} is not in the install table"))?;
    if installed_version_matches(tool) {
        Ok(())
    } else {
        Err(format!(
            "{} {} is required (`{} --version` does not print it): run `cargo xtask install`",
            tool.name, tool.version, tool.name
        )
        .into())
    }
}

fn install(tool: &Tool) -> Result {
    match tool.source {
        Source::Crate { package } => {
            run_command(Command::new("cargo").args(["install", "--locked", "--version", tool.version, package]), false)
                .map(drop)
        }
    }
}

fn installed_version_matches(tool: &Tool) -> bool {
    Command::new(tool.name)
        .arg("--version")
        .output()
        .is_ok_and(|output| prints_version(&String::from_utf8_lossy(&output.stdout), tool.version))
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
    fn every_tool_is_pinned_once() {
        for (index, tool) in TOOLS.iter().enumerate() {
            assert!(tool.version.split('.').all(|p| p.parse::<u32>().is_ok()), "{}", tool.name);
            assert!(TOOLS[..index].iter().all(|other| other.name != tool.name), "{}", tool.name);
        }
    }
}
