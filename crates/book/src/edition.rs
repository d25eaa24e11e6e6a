//! The editions of the book: the one place that lists them.

use std::fmt;

/// An edition of the book. Each has its own Markdown tree `src/<code>/` with the same file names,
/// is built into `book/<code>/`, and has its notebooks in `notebooks/<code>/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edition {
    /// 한국어, the original voice and the default edition (`book.toml` describes it).
    Ko,
    /// English, a faithful parallel edition.
    En,
}

/// The kinds of mdBook admonition (`> [!NOTE]` …) the book may use.
pub const ADMONITIONS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

impl Edition {
    /// Every edition, the default first.
    pub const ALL: [Edition; 2] = [Edition::Ko, Edition::En];

    /// The edition `book.toml` describes (a plain `mdbook build` builds it).
    pub const DEFAULT: Edition = Edition::Ko;

    /// The language code: folder name under `src/`, `book/` and `notebooks/`, and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Edition::Ko => "ko",
            Edition::En => "en",
        }
    }

    /// The edition whose code is `code`.
    pub fn from_code(code: &str) -> Option<Edition> {
        Edition::ALL.into_iter().find(|edition| edition.code() == code)
    }

    /// The book's title in this edition (for the default edition, also `title` in `book.toml`;
    /// a test keeps the two equal).
    pub fn title(self) -> &'static str {
        match self {
            Edition::Ko => "손실 함수, 검증하며 읽기",
            Edition::En => "Loss Functions, Verified",
        }
    }

    /// The label of an admonition kind ([`ADMONITIONS`]) in this edition's language: what a
    /// reader sees in place of `> [!NOTE]`.
    pub fn admonition_label(self, kind: &str) -> Option<&'static str> {
        let labels = match self {
            Edition::Ko => ["참고", "팁", "중요", "경고", "주의"],
            Edition::En => ["Note", "Tip", "Important", "Warning", "Caution"],
        };
        ADMONITIONS.iter().position(|k| *k == kind).map(|at| labels[at])
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for edition in Edition::ALL {
            assert_eq!(Edition::from_code(edition.code()), Some(edition));
        }
        assert_eq!(Edition::from_code("fr"), None);
        assert_eq!(Edition::ALL[0], Edition::DEFAULT);
    }

    #[test]
    fn every_admonition_has_a_label_in_every_edition() {
        for edition in Edition::ALL {
            for kind in ADMONITIONS {
                assert!(edition.admonition_label(kind).is_some(), "{edition} {kind}");
            }
            assert_eq!(edition.admonition_label("BOGUS"), None);
        }
        assert_eq!(Edition::Ko.admonition_label("WARNING"), Some("경고"));
    }

    #[test]
    fn the_default_title_is_the_one_in_book_toml() {
        let config = std::fs::read_to_string(crate::repo_root().join("book.toml")).expect("book.toml");
        let title = config.lines().find_map(|line| line.strip_prefix("title = ")).expect("a title in book.toml");
        assert_eq!(title.trim_matches('"'), Edition::DEFAULT.title());
    }
}
