//! Chapter rules that keep `cargo test` honest.

use crate::markdown::{Chapter, Problem};

/// Fence attributes that would make rustdoc skip running a Rust block, so the block would verify
/// nothing while looking verified. `compile_fail` and `should_panic` still run and stay allowed.
const SKIPPING_ATTRIBUTES: &[&str] = &["ignore", "no_run"];

/// Rust blocks marked `ignore` (or `ignore-<target>`) or `no_run`.
pub fn skipped_rust_blocks(chapter: &Chapter) -> Vec<Problem> {
    chapter
        .code_blocks
        .iter()
        .filter(|block| block.is_rust())
        .filter_map(|block| {
            let skipping = block
                .attributes()
                .into_iter()
                .find(|token| SKIPPING_ATTRIBUTES.contains(token) || token.starts_with("ignore-"))?;
            Some(Problem {
                line: block.line,
                message: format!(
                    "```{} : `{skipping}` means this block is never run; chapter code must run \
                     (use `compile_fail` or `should_panic` to show an error)",
                    block.info
                ),
            })
        })
        .collect()
}

/// Formulas in which a blank line is followed by an indented line (see
/// [`crate::markdown::Formula::indented_code_lines`]).
pub fn indented_code_in_formulas(chapter: &Chapter) -> Vec<Problem> {
    chapter
        .formulas
        .iter()
        .flat_map(|formula| formula.indented_code_lines())
        .map(|line| Problem {
            line,
            message: "blank line followed by an indented line inside `$$ … $$`: rustdoc reads \
                      it as an indented code block and compiles it as Rust; remove the blank \
                      line or the indentation"
                .into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::scan;

    #[test]
    fn ignore_and_no_run_are_rejected() {
        for info in ["rust,ignore", "rust,no_run", "ignore", "no_run", "rust,ignore-wasm32"] {
            let chapter = scan(&format!("```{info}\nfn main() {{}}\n```\n"));
            let problems = skipped_rust_blocks(&chapter);
            assert_eq!(problems.len(), 1, "{info}");
            assert_eq!(problems[0].line, 1);
        }
    }

    #[test]
    fn running_blocks_and_other_languages_are_fine() {
        for info in ["rust", "rust,compile_fail", "rust,should_panic", "text", "text,ignore", "toml"] {
            let chapter = scan(&format!("```{info}\nx\n```\n"));
            assert!(skipped_rust_blocks(&chapter).is_empty(), "{info}");
        }
    }

    #[test]
    fn indented_line_after_blank_in_formula_is_reported() {
        let chapter = scan("<!-- formula: a -->\n$$\na\n\n    b\n$$\n");
        let problems = indented_code_in_formulas(&chapter);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 5);
    }
}
