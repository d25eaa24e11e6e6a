//! The book as a PDF per edition: `book/<code>/loss-functions-<code>.pdf`, printed from the
//! edition's `print.html` by headless Chromium (tests/browser/pdf.mjs: table of contents, the
//! book's title on every page, page numbers, KaTeX's fonts and Noto CJK embedded), and linked from
//! the landing page.
//!
//! Not part of `cargo xtask build`: printing needs Chromium and takes about half a minute, and
//! `serve` rebuilds on every change. So the landing page a plain build copies has no PDF links
//! (its links are checked, and a link to a file the build did not make would be broken); this
//! step writes the PDFs and then the links, in place of the landing page's marker. `cargo xtask
//! test` prints the PDFs right after the build, so the link check and the browser tests
//! (tests/browser/pdf.test.mjs reads them back) see both.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use book::Edition;

use crate::tools::{self, NODE_PROJECT};
use crate::util::cmd::{Result, on_path, repo_root, run_command};
use crate::util::http;

/// Where the landing page (assets/landing/index.html) takes the PDF links.
pub const LINKS_MARKER: &str = "<!-- PDF links: written by `cargo xtask pdf` -->";

/// The PDF of `edition`, relative to the built book.
pub fn file(edition: Edition) -> String {
    format!("{edition}/loss-functions-{edition}.pdf")
}

/// Prints every edition of the book built in `book` to its PDF and links them from the landing
/// page; returns the PDFs.
pub fn print(book: &Path) -> Result<Vec<PathBuf>> {
    tools::ensure("printing the PDFs", tools::FOR_PDF)?;
    let address = http::start(book.to_path_buf(), 0)?;
    let mut node = Command::new("node");
    node.current_dir(repo_root().join(NODE_PROJECT))
        .env("BOOK_DIR", book)
        .env("BOOK_URL", format!("http://{address}"))
        .env("CHROMIUM", on_path("chromium").ok_or("chromium is not on PATH")?)
        .arg("pdf.mjs");
    run_command(&mut node, false)?;
    let pdfs: Vec<PathBuf> = Edition::ALL.iter().map(|&edition| book.join(file(edition))).collect();
    for pdf in &pdfs {
        let size = fs::metadata(pdf).map_err(|error| format!("{}: {error}", pdf.display()))?.len();
        println!("{}: {:.1} MB", pdf.display(), size as f64 / 1e6);
    }
    let landing = book.join("index.html");
    let page = fs::read_to_string(&landing)?;
    let linked = link_pdfs(&page).ok_or_else(|| format!("{}: no `{LINKS_MARKER}`", landing.display()))?;
    fs::write(&landing, linked)?;
    Ok(pdfs)
}

/// `page` (the landing page) with its marker replaced by a link to each edition's PDF; `None`
/// without the marker.
fn link_pdfs(page: &str) -> Option<String> {
    let links: Vec<String> = Edition::ALL
        .iter()
        .map(|&edition| {
            let (language, label) = match edition {
                Edition::Ko => ("ko", "한국어판 PDF"),
                Edition::En => ("en", "English edition (PDF)"),
            };
            format!(
                r#"<a href="{}" hreflang="{language}" lang="{language}" type="application/pdf" download>{label}</a>"#,
                file(edition)
            )
        })
        .collect();
    page.contains(LINKS_MARKER)
        .then(|| page.replace(LINKS_MARKER, &format!(r#"<p class="pdf">{}</p>"#, links.join(" · "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_landing_page_gets_a_link_per_edition() {
        let landing = fs::read_to_string(repo_root().join("assets/landing/index.html")).unwrap();
        let linked = link_pdfs(&landing).expect("assets/landing/index.html has the PDF marker");
        for edition in Edition::ALL {
            assert!(linked.contains(&format!(r#"href="{}""#, file(edition))), "{linked}");
        }
        assert!(!linked.contains(LINKS_MARKER));
        assert_eq!(link_pdfs("<p>no marker</p>"), None);
    }
}
