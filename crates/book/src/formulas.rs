//! Formula conventions: every display formula carries a marker, and the Rust code of its chapter
//! that names it (`// verifies: id`) asserts something.
//!
//! What the formula *displays* is checked by the `formula` crate (its report is `cargo xtask
//! formulas`): it evaluates every relation at sampled points. The Rust blocks keep their role —
//! they teach, and check the claims of the prose — and a block that says it verifies a formula
//! must assert something ([`asserts`]).
//!
//! The convention (also in `README.md`):
//!
//! ```text
//! <!-- formula: mse -->
//! $$
//! \mathrm{MSE} = \frac{1}{n} \sum_i (y_i - \hat y_i)^2
//! $$
//! ```
//!
//! and, in a ```` ```rust ```` block of the same chapter, a line containing `// verifies: mse`
//! (hidden as `# // verifies: mse` if it should not show).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::path::Path;

use crate::edition::Edition;
use crate::markdown::{Chapter, CodeBlock, Problem};
use crate::{rust_code, source};

/// How many display formulas of a chapter or an edition are verified, and what is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Formulas with a valid, unique marker whose id a `// verifies:` comment names.
    pub verified: usize,
    /// All display formulas, with or without a marker.
    pub total: usize,
    /// Everything that keeps the count below total, or breaks the convention, one per line;
    /// prefixed with the file name at edition level.
    pub problems: Vec<String>,
}

impl Coverage {
    /// Every formula verified and nothing else wrong.
    pub fn is_complete(&self) -> bool {
        self.verified == self.total && self.problems.is_empty()
    }
}

/// Coverage of one edition, labelled for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionCoverage {
    /// `ko` or `en`.
    pub edition: String,
    /// The counts and problems over all chapters of the edition.
    pub coverage: Coverage,
}

impl fmt::Display for EditionCoverage {
    /// `src/ko: 3/4 formulas marked and named by an asserting block`, then one indented line per
    /// problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Coverage { verified, total, problems } = &self.coverage;
        write!(f, "src/{}: {verified}/{total} formulas marked and named by an asserting block", self.edition)?;
        for problem in problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

/// Whether a Rust block asserts something: outside comments and string literals its code calls
/// an assertion macro — `assert!`, `assert_eq!`, `assert_ne!`, `debug_assert…!` or another
/// macro whose name starts with `assert` (`approx`'s `assert_relative_eq!`) — or it is a
/// `should_panic` block (its panic is the assertion; see
/// [`conventions::should_panic_blocks`](crate::conventions::should_panic_blocks)).
/// A `?` alone is not an assertion: it stops the block on an error, it does not compare a
/// value with what the text claims.
pub fn asserts(block: &CodeBlock) -> bool {
    if block.attributes().contains(&"should_panic") {
        return true;
    }
    let code = block.lines.join("\n");
    rust_code::tokens(&code).iter().filter(|t| t.kind == rust_code::Kind::Code).any(|t| {
        let text = &code[t.start..t.end];
        text.match_indices("assert").any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let word_start = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            let after = &text[at..];
            let name_len = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
            word_start && after[name_len..].starts_with('!')
        }) || text.contains("debug_assert")
    })
}

/// Coverage of one chapter: scanner problems about `$$` and markers, duplicate ids, formulas no
/// `verifies` names, and `verifies` comments that name no formula (stale after a rename).
pub fn chapter_coverage(chapter: &Chapter) -> Coverage {
    let mut problems: Vec<Problem> = chapter.problems.clone();

    let mut first_line_of: BTreeMap<&str, usize> = BTreeMap::new();
    for formula in &chapter.formulas {
        if let Some(id) = &formula.id {
            let first = *first_line_of.entry(id).or_insert(formula.line);
            if first != formula.line {
                problems.push(Problem {
                    line: formula.line,
                    message: format!("formula id `{id}` is also used on line {first}"),
                });
            }
        }
    }

    let verified_ids: BTreeSet<String> =
        chapter.code_blocks.iter().filter(|block| block.is_rust()).flat_map(|block| block.verified_ids()).collect();

    let mut verified = 0;
    for formula in &chapter.formulas {
        match &formula.id {
            // A duplicate id verifies only its first formula; the duplicate is reported above.
            Some(id) if first_line_of[id.as_str()] != formula.line => {}
            Some(id) if verified_ids.contains(id) => verified += 1,
            Some(id) => problems.push(Problem {
                line: formula.line,
                message: format!(
                    "formula `{id}` is not verified: add `// verifies: {id}` to a ```rust block \
                     of this chapter that checks it"
                ),
            }),
            // Already reported by the scanner as a formula without a marker.
            None => {}
        }
    }

    for block in chapter.code_blocks.iter().filter(|block| block.is_rust()) {
        let ids = block.verified_ids();
        if !ids.is_empty() && !asserts(block) {
            problems.push(Problem {
                line: block.line,
                message: format!(
                    "this block says it verifies `{}` but asserts nothing: add an `assert!` (or `assert_eq!`, \
                     `assert_relative_eq!` …) of what it checks, or remove the `verifies` comment",
                    ids.join(", ")
                ),
            });
        }
    }

    for id in &verified_ids {
        if !first_line_of.contains_key(id.as_str()) {
            let line = chapter
                .code_blocks
                .iter()
                .find(|block| block.verified_ids().contains(id))
                .map_or(0, |block| block.line);
            problems.push(Problem { line, message: format!("`// verifies: {id}` names no formula of this chapter") });
        }
    }

    problems.sort_by_key(|problem| problem.line);
    Coverage { verified, total: chapter.formulas.len(), problems: problems.iter().map(ToString::to_string).collect() }
}

/// Coverage summed over the chapters in `dir` (one edition's `src/<edition>/`).
pub fn edition_coverage(dir: &Path) -> io::Result<Coverage> {
    let mut total = Coverage::default();
    for file in source::load_chapters(dir)? {
        let chapter = chapter_coverage(&file.chapter);
        total.verified += chapter.verified;
        total.total += chapter.total;
        total.problems.extend(chapter.problems.iter().map(|p| format!("{}: {p}", file.name)));
    }
    Ok(total)
}

/// Coverage of every edition of this repository, in [`Edition::ALL`] order.
pub fn report() -> io::Result<Vec<EditionCoverage>> {
    Edition::ALL
        .iter()
        .map(|&edition| {
            Ok(EditionCoverage {
                edition: edition.code().to_owned(),
                coverage: edition_coverage(&source::edition_dir(edition))?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::scan;

    const VERIFIED: &str = "<!-- formula: a -->\n$$ a $$\n\n```rust\n# // verifies: a\nassert!(true);\n```\n";

    #[test]
    fn verified_formula_counts() {
        let coverage = chapter_coverage(&scan(VERIFIED));
        assert_eq!(coverage, Coverage { verified: 1, total: 1, problems: vec![] });
        assert!(coverage.is_complete());
    }

    #[test]
    fn formula_without_verifies_fails() {
        let coverage = chapter_coverage(&scan("<!-- formula: a -->\n$$ a $$\n"));
        assert_eq!((coverage.verified, coverage.total), (0, 1));
        assert!(coverage.problems[0].contains("`a` is not verified"));
        assert!(!coverage.is_complete());
    }

    #[test]
    fn verifies_in_a_non_rust_block_does_not_count() {
        let coverage = chapter_coverage(&scan("<!-- formula: a -->\n$$ a $$\n```text\n// verifies: a\n```\n"));
        assert_eq!(coverage.verified, 0);
    }

    #[test]
    fn unmarked_formula_counts_in_total_only() {
        let coverage = chapter_coverage(&scan(&format!("{VERIFIED}\n$$ b $$\n")));
        assert_eq!((coverage.verified, coverage.total), (1, 2));
        assert!(coverage.problems[0].contains("without a marker"));
    }

    #[test]
    fn duplicate_id_fails() {
        let coverage = chapter_coverage(&scan(&format!("{VERIFIED}\n<!-- formula: a -->\n$$ b $$\n")));
        assert!(coverage.problems.iter().any(|p| p.contains("also used on line 2")), "{coverage:?}");
        assert_eq!((coverage.verified, coverage.total), (1, 2));
        assert!(!coverage.is_complete());
    }

    #[test]
    fn stale_verifies_fails() {
        let coverage = chapter_coverage(&scan("```rust\n// verifies: gone\nassert!(true);\n```\n"));
        assert_eq!(coverage.problems, ["line 1: `// verifies: gone` names no formula of this chapter"]);
    }

    #[test]
    fn marker_without_formula_fails() {
        let coverage = chapter_coverage(&scan(&format!("{VERIFIED}\n<!-- formula: b -->\ntext\n")));
        assert_eq!((coverage.verified, coverage.total), (1, 1));
        assert!(!coverage.is_complete());
    }

    #[test]
    fn report_line_format() {
        let line = EditionCoverage {
            edition: "ko".into(),
            coverage: Coverage { verified: 3, total: 4, problems: vec!["x.md: line 1: bad".into()] },
        };
        assert_eq!(
            line.to_string(),
            "src/ko: 3/4 formulas marked and named by an asserting block\n  x.md: line 1: bad"
        );
    }

    #[test]
    fn a_verifying_block_must_assert() {
        let block = |code: &str| format!("<!-- formula: a -->\n$$ a $$\n\n```rust\n# // verifies: a\n{code}\n```\n");
        for code in ["let x = 1;", "let s = \"assert!(x)\"; // assert!(x)", "x.unwrap();", "my_assert(x)?;"] {
            let coverage = chapter_coverage(&scan(&block(code)));
            assert!(
                coverage
                    .problems
                    .iter()
                    .any(|p| p.contains("line 4: this block says it verifies `a` but asserts nothing")),
                "{code}: {coverage:?}"
            );
        }
        for code in ["assert!(x);", "assert_eq!(a, b);", "approx::assert_relative_eq!(a, b);", "debug_assert!(x);"] {
            assert!(chapter_coverage(&scan(&block(code))).is_complete(), "{code}");
        }
        let should_panic =
            "<!-- formula: a -->\n$$ a $$\n\n```rust,should_panic\n# // verifies: a\nf().expect(\"f fails\");\n```\n";
        assert!(chapter_coverage(&scan(should_panic)).is_complete());
        // A block that verifies nothing need not assert.
        assert!(chapter_coverage(&scan("```rust\nlet x = 1;\n```\n")).is_complete());
    }
}
