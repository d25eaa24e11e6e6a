//! # chapters — the chapter doctest harness
//!
//! Every chapter of both editions is the documentation of a module here, so rustdoc runs every
//! ```` ```rust ```` block of every chapter under `cargo test`, linking this crate's
//! dev-dependencies: exactly the crates chapter code may use. Nothing depends on this crate, so
//! those crates (which use `book` themselves) close no dependency circle.
//!
//! Why not `mdbook test`: it breaks with E0464 ("multiple candidates") as soon as a second
//! `liblosses-*.rlib` exists in `target/`, which any `cargo clippy` run creates.
//!
//! A new chapter file must be added to the list below; the test
//! `every_chapter_file_is_in_the_harness` fails until it is.

/// The chapter files below an edition folder `dir` (subfolders included: `part/ch10.md`) that
/// [`HARNESS_CHAPTERS`] does not list, and the listed files `dir` does not have.
///
/// # Errors
/// An I/O error reading `dir`.
pub fn harness_gaps(dir: &std::path::Path) -> std::io::Result<Vec<String>> {
    let names = book::source::chapter_names(dir)?;
    let mut gaps: Vec<String> = names
        .iter()
        .filter(|name| !HARNESS_CHAPTERS.contains(&name.as_str()))
        .map(|name| format!("{name} is not in HARNESS_CHAPTERS"))
        .collect();
    gaps.extend(
        HARNESS_CHAPTERS
            .iter()
            .filter(|listed| !names.iter().any(|n| n == *listed))
            .map(|listed| format!("HARNESS_CHAPTERS lists {listed}, which the folder does not have")),
    );
    Ok(gaps)
}

macro_rules! chapters {
    ($($module:ident => $file:literal,)*) => {
        /// File names of the chapters whose code the harness runs, in both editions.
        pub const HARNESS_CHAPTERS: &[&str] = &[$($file),*];

        $(
            #[cfg(doctest)]
            #[doc = concat!("`", $file, "` in both editions.")]
            pub mod $module {
                #[doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../src/ko/", $file))]
                pub mod ko {}
                #[doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../src/en/", $file))]
                pub mod en {}
            }
        )*
    };
}

chapters! {
    ch01_introduction => "ch01-introduction.md",
    ch02_regression_losses => "ch02-regression-losses.md",
    ch03_kl_divergence => "ch03-kl-divergence.md",
    ch04_cross_entropy => "ch04-cross-entropy.md",
    ch05_balanced_cross_entropy => "ch05-balanced-cross-entropy.md",
    ch06_focal_loss => "ch06-focal-loss.md",
    ch07_backpropagation => "ch07-backpropagation.md",
    ch08_balanced_focal_loss => "ch08-balanced-focal-loss.md",
    ch09_numerical_stability => "ch09-numerical-stability.md",
    ch10_focal_loss_at_work => "ch10-focal-loss-at-work.md",
    appendix_a_notation => "appendix-a-notation.md",
    appendix_b_glossary => "appendix-b-glossary.md",
    appendix_c_references => "appendix-c-references.md",
    appendix_d_verification => "appendix-d-verification.md",
}
