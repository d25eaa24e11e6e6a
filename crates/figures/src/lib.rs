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
//! | [`focal_loss_curves`], [`modulating_factor`], [`ce_fl_ratio`], [`hard_negatives`], the [`explorer`] | 6, focal loss |
//! | [`focal_gradient`] | 7, backpropagation |
//! | [`balanced_focal_loss`] | 8, α-balanced focal loss |
//! | [`numerical_traps`], [`speed_against_jax`] | 9, numerical stability |
//! | [`toy_anchors`], [`precision_recall`], [`cumulative_loss_figure`] | 10, focal loss at work |
//!
//! The Markdown that puts a figure into a chapter (image, alt text, caption) is generated too,
//! into `crates/figures/snippets/`, from the same [`Figure`] table.
//!
//! ```text
//! cargo xtask figures                        # the same as `write`, from anywhere in the repository
//! cargo run -p figures --release -- write    # regenerate every file, remove strays
//! cargo run -p figures --release -- check    # list stale, missing or stray files, exit 1 if any
//! ```
//!
//! Output is deterministic: fixed sizes and sampling, no timestamps, numbers formatted by Rust's
//! float printing. The files follow the book crate's generated-file protocol (`book::generated`):
//! the drift test (`tests/drift.rs`) regenerates everything in memory and fails when a committed
//! file differs or a stray is left in a folder the figures own.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

use std::fmt;
use std::path::Path;

pub use book::Edition;
use book::generated::{File, Generated};

pub mod explorer;
mod plot;
mod sampling;

mod catalog;

mod balanced;
mod focal;
mod gradient;
mod hard_negatives;
mod information;
mod regression;
mod speed;
mod training;
mod traps;

pub use balanced::{balanced_cross_entropy, balanced_focal_loss};
pub use catalog::{Figure, all};
pub use focal::{ce_fl_ratio, focal_loss_curves, modulating_factor};
pub use gradient::focal_gradient;
pub use hard_negatives::hard_negatives;
pub use information::kl_asymmetry;
pub use regression::regression_residuals;
pub use speed::{Run, runs, speed_against_jax};
pub use training::{cumulative_loss_figure, precision_recall, toy_anchors};
pub use traps::numerical_traps;

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
    /// A recorded benchmark result could not be read.
    Benchmark(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Draw(message) => write!(f, "drawing failed: {message}"),
            Error::Loss(error) => write!(f, "a loss function refused its input: {error}"),
            Error::Reference(message) => write!(f, "reference table: {message}"),
            Error::Benchmark(message) => write!(f, "benchmark results: {message}"),
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
    pub fn get(self, lang: Edition) -> T {
        match lang {
            Edition::Ko => self.ko,
            Edition::En => self.en,
        }
    }
}

/// Where the Markdown snippets are written, relative to the repository root.
pub const SNIPPETS: &str = "crates/figures/snippets";

/// Every generated file, in memory — the figures of both editions, the explorer's grid, and the
/// snippets — with the folders they own: `src/<edition>/figures/`, its `explorer/`, and the
/// snippets folder (the book crate's generated-file protocol: `check`, `write`, strays).
///
/// # Errors
/// [`Error`] if a figure cannot be drawn.
pub fn generate() -> Result<Generated, Error> {
    let mut files = Vec::new();
    let mut owned = vec![Path::new(SNIPPETS).to_path_buf()];
    for figure in all() {
        for edition in Edition::ALL {
            files.push(File::text(Path::new("src").join(edition.code()).join(figure.src()), figure.draw(edition)?));
            files.push(File::text(
                Path::new(SNIPPETS).join(format!("{}.{}.md", figure.name, edition.code())),
                figure.markdown(edition),
            ));
        }
    }
    for edition in Edition::ALL {
        for (src, content) in explorer::grid(edition)? {
            files.push(File::text(Path::new("src").join(edition.code()).join(src), content));
        }
        files.push(File::text(
            Path::new(SNIPPETS).join(format!("explorer.{}.html", edition.code())),
            explorer::snippet(edition),
        ));
        let figures = Path::new("src").join(edition.code()).join("figures");
        owned.push(figures.join(explorer::FOLDER));
        owned.push(figures);
    }
    for edition in Edition::ALL {
        files.push(File::text(
            Path::new(SNIPPETS).join(format!("speed-table.{}.md", edition.code())),
            speed::table(edition)?,
        ));
    }
    files.push(File::text(Path::new(SNIPPETS).join("README.md"), snippets_readme()));
    Ok(Generated { command: "cargo xtask figures", files, owned })
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
    text.push_str(
        "| `speed-table.ko.md`, `speed-table.en.md` | `ch09-numerical-stability.md` | the table of the side-by-side benchmark (`crates/losses/benches/peers/results/one-core.json`) |\n",
    );
    text.push_str(&format!(
        "| `explorer.ko.html`, `explorer.en.html` | `{}` | {}: `figures/explorer/*.svg` ({} images per edition) |\n",
        explorer::CHAPTER,
        explorer::NUMBER,
        explorer::GAMMAS.len() * explorer::ALPHAS.len()
    ));
    text
}
