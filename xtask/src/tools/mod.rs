//! The tools layer: every program the book needs outside Cargo.lock, at pinned versions, and how
//! each is checked and installed.
//!
//! [`TOOLS`] is the one table of versions. A tool is installed only when it is missing or at
//! another version (each backend knows how to tell), so asking again is cheap. Every command
//! names the tools it needs and calls [`ensure`], which first says what it is about to install and
//! roughly how long that takes, then installs it: any README command can be the first one typed on
//! a fresh machine.
//!
//! | backend | tools | installed with |
//! |---|---|---|
//! | [`cargo`] | mdbook, mdbook-katex, evcxr_jupyter | `cargo install --locked --version …` |
//! | [`npm`] | pagefind, playwright-core, axe-core | `npm ci` in the npm project folder (lock file committed) |
//! | [`apt`] | chromium (and fonts-noto-cjk), poppler-utils | `apt-get install -y` |
//! | [`pip`] | nbclient | `pip install --no-deps -r requirements-notebooks.txt` into `.venv` |

pub mod apt;
pub mod cargo;
pub mod npm;
pub mod pip;

use std::path::PathBuf;

use crate::util::cmd::Result;

/// One tool the book needs.
pub struct Tool {
    /// The executable, as found on `PATH` (for [`Source::Npm`]: the npm package, whose executable,
    /// if any, is `<dir>/node_modules/.bin/<name>`; for [`Source::Pip`]: the Python package).
    pub name: &'static str,
    /// The exact version we test with.
    pub version: &'static str,
    /// Where it comes from.
    pub source: Source,
    /// Roughly what installing it costs on the project's 2-core machine, for the line printed
    /// before installing (measured; see the comments in [`TOOLS`]).
    pub cost: &'static str,
    /// What it is for, for the same line.
    pub purpose: &'static str,
}

/// How a tool is installed.
pub enum Source {
    /// `cargo install --locked --version <version> <package>`; `--locked` because newer
    /// dependency releases have broken these builds before.
    Crate {
        /// The crate on crates.io.
        package: &'static str,
    },
    /// A package of the npm project folder `dir`, whose `package.json` pins it exactly (a unit test
    /// checks it against `version`) and whose committed `package-lock.json` pins everything else.
    Npm {
        /// The npm project folder, relative to the repository root.
        dir: &'static str,
    },
    /// Debian packages, `apt-get install -y <packages>` when `<name>` is not on `PATH` or one of
    /// them is missing. Debian's security updates replace the version, so `version` records the one
    /// last tested and is not enforced.
    Apt {
        /// The Debian packages.
        packages: &'static [&'static str],
    },
    /// Python packages in the project's virtual environment `.venv`, from a requirements file that
    /// pins every package exactly (a unit test checks it against `version`).
    Pip {
        /// The requirements file, relative to the repository root.
        requirements: &'static str,
    },
}

/// The npm project of the browser tests: its package.json and package-lock.json pin
/// playwright-core and Pagefind (which `cargo xtask build` runs).
pub const NODE_PROJECT: &str = "tests/browser";

/// The pinned tools. Costs measured on a fresh 2-core machine of the project's kind.
pub const TOOLS: &[Tool] = &[
    Tool {
        name: "mdbook",
        version: "0.5.4",
        source: Source::Crate { package: "mdbook" },
        cost: "about 5 CPU-minutes",
        purpose: "builds the book",
    },
    Tool {
        // Bundles KaTeX 0.16.4: assets/katex must stay at that version.
        name: "mdbook-katex",
        version: "0.10.0",
        source: Source::Crate { package: "mdbook-katex" },
        cost: "about 2.5 CPU-minutes",
        purpose: "renders the math at build time",
    },
    Tool {
        // Static-site search with a per-language index; its binary comes in an npm package.
        name: "pagefind",
        version: "1.6.0",
        source: Source::Npm { dir: NODE_PROJECT },
        cost: "a few seconds (npm ci)",
        purpose: "indexes each edition for search",
    },
    Tool {
        // Drives Chromium for the browser tests, without a browser download of its own.
        name: "playwright-core",
        version: "1.65.1",
        source: Source::Npm { dir: NODE_PROJECT },
        cost: "a few seconds (npm ci)",
        purpose: "drives Chromium in the browser tests",
    },
    Tool {
        // The accessibility rules the browser tests run on every page (injected from
        // node_modules, nothing fetched).
        name: "axe-core",
        version: "4.14.1",
        source: Source::Npm { dir: NODE_PROJECT },
        cost: "a few seconds (npm ci)",
        purpose: "checks every page's accessibility in the browser tests",
    },
    Tool {
        // Debian's Chromium, CJK fonts so Hangul renders as glyphs.
        name: "chromium",
        version: "156",
        source: Source::Apt { packages: &["chromium", "fonts-noto-cjk"] },
        cost: "about a minute (apt-get)",
        purpose: "the browser tests",
    },
    Tool {
        // Poppler's pdftotext, pdffonts and pdftoppm: the PDF test reads the PDFs back with them.
        name: "pdftotext",
        version: "22.12.0",
        source: Source::Apt { packages: &["poppler-utils"] },
        cost: "a few seconds (apt-get)",
        purpose: "reads the PDFs back in their test (pdftotext, pdffonts)",
    },
    Tool {
        // The Jupyter kernel that runs the notebooks. Needs Rust ≥ 1.95 and `--locked` (a newer
        // salsa breaks the build). It has no `--version`: `cargo install --list` tells its version.
        name: "evcxr_jupyter",
        version: "0.22.0",
        source: Source::Crate { package: "evcxr_jupyter" },
        cost: "about 20 CPU-minutes",
        purpose: "the Rust kernel the notebooks run on",
    },
    Tool {
        // `jupyter execute`, which runs the notebooks in `cargo xtask test`.
        name: "nbclient",
        version: "0.11.0",
        source: Source::Pip { requirements: pip::REQUIREMENTS },
        cost: "about 10 seconds (pip, into .venv)",
        purpose: "runs the notebooks (`jupyter execute`)",
    },
];

/// What building the book needs (`cargo xtask build`, `serve`).
pub const FOR_BUILD: &[&str] = &["mdbook", "mdbook-katex", "pagefind"];
/// What the browser tests need, beyond the build.
pub const FOR_BROWSER: &[&str] = &["chromium", "playwright-core", "axe-core"];
/// What printing the PDFs needs (`cargo xtask pdf`), beyond the build; their test also reads
/// them back with poppler.
pub const FOR_PDF: &[&str] = &["chromium", "playwright-core", "pdftotext"];
/// What executing the notebooks needs.
pub const FOR_NOTEBOOKS: &[&str] = &["evcxr_jupyter", "nbclient"];

/// Installs whichever of `names` is missing, after one line per tool saying what it is about to
/// install, why, and roughly how long it takes. `who` names the command, for that line.
pub fn ensure(who: &str, names: &[&str]) -> Result {
    let tools = names.iter().map(|name| find(name)).collect::<Result<Vec<_>>>()?;
    let missing: Vec<&Tool> = tools.into_iter().filter(|tool| !installed(tool)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("`{who}` needs {} tool(s) that are not installed yet; installing (pinned):", missing.len());
    for tool in &missing {
        eprintln!("  - {} {} ({}): {}, {}", tool.name, tool.version, source_label(tool), tool.purpose, tool.cost);
    }
    for tool in missing {
        install(tool)?;
    }
    Ok(())
}

/// Every tool of [`TOOLS`], installed if missing (`cargo xtask install`); reports each.
pub fn ensure_all() -> Result {
    for tool in TOOLS {
        if installed(tool) {
            eprintln!("{} {} is installed", tool.name, tool.version);
        } else {
            ensure("cargo xtask install", &[tool.name])?;
        }
    }
    Ok(())
}

/// The executable to run for `name`.
pub fn executable(name: &str) -> Result<PathBuf> {
    Ok(match find(name)?.source {
        Source::Npm { dir } => npm::bin(dir, name),
        Source::Pip { .. } => pip::venv_bin(name),
        Source::Crate { .. } | Source::Apt { .. } => name.into(),
    })
}

fn find(name: &str) -> Result<&'static Tool> {
    Ok(TOOLS.iter().find(|tool| tool.name == name).ok_or_else(|| format!("{name} is not in the install table"))?)
}

fn source_label(tool: &Tool) -> &'static str {
    match tool.source {
        Source::Crate { .. } => "cargo install",
        Source::Npm { .. } => "npm",
        Source::Apt { .. } => "Debian package",
        Source::Pip { .. } => "Python package",
    }
}

fn install(tool: &Tool) -> Result {
    match tool.source {
        Source::Crate { package } => cargo::install(package, tool.version),
        Source::Npm { dir } => npm::ci(dir),
        Source::Apt { packages } => apt::install(packages),
        Source::Pip { requirements } => pip::install(requirements),
    }
}

fn installed(tool: &Tool) -> bool {
    match tool.source {
        Source::Crate { package } => cargo::installed(tool.name, package, tool.version),
        Source::Npm { dir } => npm::installed(dir, tool.name, tool.version),
        Source::Apt { packages } => apt::installed(tool.name, packages),
        Source::Pip { requirements } => pip::installed(requirements, tool.name, tool.version),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_is_pinned_once_with_a_cost() {
        for (index, tool) in TOOLS.iter().enumerate() {
            assert!(tool.version.split('.').all(|p| p.parse::<u32>().is_ok()), "{}", tool.name);
            assert!(TOOLS[..index].iter().all(|other| other.name != tool.name), "{}", tool.name);
            assert!(!tool.cost.is_empty() && !tool.purpose.is_empty(), "{}", tool.name);
        }
    }

    #[test]
    fn every_named_tool_is_in_the_table() {
        for name in FOR_BUILD.iter().chain(FOR_BROWSER).chain(FOR_PDF).chain(FOR_NOTEBOOKS) {
            assert!(find(name).is_ok(), "{name}");
        }
        assert!(find("nonesuch").is_err());
    }

    #[test]
    fn npm_tools_are_pinned_in_package_json() {
        for tool in TOOLS {
            if let Source::Npm { dir } = tool.source {
                let pinned = npm::pinned_version(dir, tool.name);
                assert_eq!(pinned.as_deref(), Some(tool.version), "{} in {dir}/package.json", tool.name);
            }
        }
    }

    #[test]
    fn pip_tools_are_pinned_in_their_requirements() {
        for tool in TOOLS {
            if let Source::Pip { requirements } = tool.source {
                let pinned = pip::pinned_version(requirements, tool.name);
                assert_eq!(pinned.as_deref(), Some(tool.version), "{} in {requirements}", tool.name);
            }
        }
    }
}
