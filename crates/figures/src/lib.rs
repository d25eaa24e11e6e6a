//! # figures — the book's figures, drawn from the tested `losses` crate
//!
//! Every number a figure plots comes from a function of [`losses`], the crate the book's tests
//! check, so a figure can never disagree with a formula in the text. Each figure is drawn with
//! plotters as SVG, once per edition (titles, axis labels and legends in Korean or English), and
//! written next to the chapters as `src/<lang>/figures/<name>.svg`.
//!
//! | figure | chapter |
//! |---|---|
//! | [`regression_residuals`] | 2, regression losses |
//! | [`kl_asymmetry`] | 3, KL divergence |
//! | [`balanced_cross_entropy`] | 5, α-balanced cross-entropy |
//! | [`focal_loss_curves`], [`modulating_factor`], [`ce_fl_ratio`], the [`explorer`] | 6, focal loss |
//! | [`focal_gradient`] | 7, backpropagation |
//! | [`balanced_focal_loss`] | 8, α-balanced focal loss |
//! | [`numerical_traps`] | 9, numerical stability |
//!
//! The Markdown that puts a figure into a chapter (image, alt text, caption) is generated too,
//! into `crates/figures/snippets/`, from the same [`Figure`] table.
//!
//! ```text
//! cargo xtask figures                        # the same as `write`, from anywhere in the repository
//! cargo run -p figures --release -- write    # regenerate every file
//! cargo run -p figures --release -- check    # list stale or missing files, exit 1 if any
//! ```
//!
//! Output is deterministic: fixed sizes and sampling, no timestamps, numbers formatted by Rust's
//! float printing. The drift test (`tests/drift.rs`) regenerates everything in memory and fails when
//! a committed file differs.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub mod explorer;
mod plot;
mod sampling;

mod catalog;

mod balanced;
mod focal;
mod gradient;
mod information;
mod regression;
mod traps;

pub use balanced::{balanced_cross_entropy, balanced_focal_loss};
pub use catalog::{Figure, all};
pub use focal::{ce_fl_ratio, focal_loss_curves, modulating_factor};
pub use gradient::focal_gradient;
pub use information::kl_asymmetry;
pub use regression::regression_residuals;
pub use traps::numerical_traps;

/// An edition of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 한국어 (`src/ko`).
    Ko,
    /// English (`src/en`).
    En,
}

impl Lang {
    /// Both editions, Korean first.
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    /// The folder name under `src/`: `ko` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }
}

/// Why a figure could not be drawn.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// plotters failed (it only fails on bad input such as an empty range).
    Draw(String),
    /// A `losses` function refused its input (a bug in the figure's sampling).
    Loss(losses::LossError),
    /// The reference table (the `reference` crate) could not be read.
    Reference(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Draw(message) => write!(f, "drawing failed: {message}"),
            Error::Loss(error) => write!(f, "a loss function refused its input: {error}"),
            Error::Reference(message) => write!(f, "reference table: {message}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<losses::LossError> for Error {
    fn from(error: losses::LossError) -> Self {
        Error::Loss(error)
    }
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>> for Error {
    fn from(error: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        Error::Draw(error.to_string())
    }
}

/// A text in both editions, Korean first: every word a figure or a caption shows goes through one
/// of these (`T` is `&'static str` for fixed text, `String` for text with numbers in it).
#[derive(Debug, Clone, Copy)]
pub struct Text<T = &'static str> {
    /// Korean.
    pub ko: T,
    /// English.
    pub en: T,
}

impl<T> Text<T> {
    /// The text of one edition.
    pub fn get(self, lang: Lang) -> T {
        match lang {
            Lang::Ko => self.ko,
            Lang::En => self.en,
        }
    }
}

/// One generated file: where it goes (relative to the repository root) and its content.
pub struct Output {
    /// Path relative to the repository root.
    pub path: PathBuf,
    /// The file's content.
    pub content: String,
}

/// Where the Markdown snippets are written, relative to the repository root.
pub const SNIPPETS: &str = "crates/figures/snippets";

/// Every generated file, in memory: the figures of both editions, the explorer's grid, and the
/// snippets.
///
/// # Errors
/// [`Error`] if a figure cannot be drawn.
pub fn generate() -> Result<Vec<Output>, Error> {
    let mut outputs = Vec::new();
    for figure in all() {
        for lang in Lang::ALL {
            outputs.push(Output {
                path: Path::new("src").join(lang.code()).join(figure.src()),
                content: figure.draw(lang)?,
            });
            outputs.push(Output {
                path: Path::new(SNIPPETS).join(format!("{}.{}.md", figure.name, lang.code())),
                content: figure.markdown(lang),
            });
        }
    }
    for lang in Lang::ALL {
        for (src, content) in explorer::grid(lang)? {
            outputs.push(Output { path: Path::new("src").join(lang.code()).join(src), content });
        }
        outputs.push(Output {
            path: Path::new(SNIPPETS).join(format!("explorer.{}.html", lang.code())),
            content: explorer::snippet(lang),
        });
    }
    outputs.push(Output { path: Path::new(SNIPPETS).join("README.md"), content: snippets_readme() });
    Ok(outputs)
}

/// The index of the snippets: which file goes into which chapter.
fn snippets_readme() -> String {
    let mut text = String::from(
        "# Figure snippets (generated by `cargo xtask figures`; do not edit)\n\n\
         Paste a snippet into its chapter in both editions (`src/ko/<chapter>` and `src/en/<chapter>`).\n\n\
         | snippet | chapter | figure |\n|---|---|---|\n",
    );
    for figure in all() {
        text.push_str(&format!(
            "| `{name}.ko.md`, `{name}.en.md` | `{chapter}` | {number}: `{src}` |\n",
            name = figure.name,
            chapter = figure.chapter,
            number = figure.number,
            src = figure.src()
        ));
    }
    text.push_str(&format!(
        "| `explorer.ko.html`, `explorer.en.html` | `{}` | {}: `figures/explorer/*.svg` ({} images per edition) |\n",
        explorer::CHAPTER,
        explorer::NUMBER,
        explorer::GAMMAS.len() * explorer::ALPHAS.len()
    ));
    text
}

/// Writes every generated file under `repo_root` and returns the paths written.
///
/// # Errors
/// An I/O error, or [`io::ErrorKind::Other`] wrapping an [`Error`] if a figure cannot be drawn.
pub fn write_all(repo_root: &Path) -> io::Result<Vec<PathBuf>> {
    let outputs = generate().map_err(io::Error::other)?;
    let mut written = Vec::with_capacity(outputs.len());
    for output in outputs {
        let path = repo_root.join(&output.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        if fs::read(&path).ok().as_deref() != Some(output.content.as_bytes()) {
            fs::write(&path, output.content.as_bytes())?;
        }
        written.push(path);
    }
    // Files left over from a renamed figure are not deleted here (a hand-made file in the same
    // folder would go with them); `check_all` names them.
    Ok(written)
}

/// SVG files in the generated folders that no figure produces (left over from a renamed figure).
fn strays(repo_root: &Path, expected: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for lang in Lang::ALL {
        let figures = repo_root.join("src").join(lang.code()).join("figures");
        for folder in [figures.clone(), figures.join(explorer::FOLDER)] {
            let Ok(entries) = fs::read_dir(&folder) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "svg") && !expected.contains(&path) {
                    found.push(path);
                }
            }
        }
    }
    found.sort();
    found
}

/// Regenerates every file in memory and compares it with the file under `repo_root`.
///
/// # Errors
/// One message per stale, missing or stray file (or one message if a figure cannot be drawn).
pub fn check_all(repo_root: &Path) -> Result<(), Vec<String>> {
    let outputs = generate().map_err(|e| vec![e.to_string()])?;
    let mut problems = Vec::new();
    let mut expected = Vec::with_capacity(outputs.len());
    for output in &outputs {
        let path = repo_root.join(&output.path);
        match fs::read(&path) {
            Ok(bytes) if bytes == output.content.as_bytes() => {}
            Ok(_) => problems.push(format!("stale: {}", output.path.display())),
            Err(_) => problems.push(format!("missing: {}", output.path.display())),
        }
        expected.push(path);
    }
    for stray in strays(repo_root, &expected) {
        let shown = stray.strip_prefix(repo_root).unwrap_or(&stray);
        problems.push(format!("not generated by any figure: {}", shown.display()));
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// The repository root, found from this crate's manifest directory (`crates/figures`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").components().collect()
}
