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

/// What may panic in a `should_panic` block: only its last line may hold one of these.
const PANICKING: &[&str] =
    &["assert", "panic!", "unreachable!", "todo!", "unimplemented!", ".unwrap()", ".expect(", "?"];

/// `should_panic` blocks that do not show which panic they expect.
///
/// Rustdoc's `should_panic` fence attribute takes no expected message (unlike the test attribute
/// `#[should_panic(expected = "…")]`), so a block that panics for the wrong reason — an index out
/// of bounds, an `unwrap` of an unrelated error — would pass. The book's rule instead: the **last
/// line** of the block's code is the one expected to panic, and it names why in a string
/// literal — `assert!(cond, "why")`, `….expect("why")` or `panic!("why")` — while no earlier line
/// asserts, unwraps, expects, panics or uses `?`. The expected panic is then the only one the
/// block's own code can raise.
pub fn should_panic_blocks(chapter: &Chapter) -> Vec<Problem> {
    let mut problems = Vec::new();
    for block in chapter.code_blocks.iter().filter(|b| b.is_rust() && b.attributes().contains(&"should_panic")) {
        let code: Vec<(usize, String)> = crate::rust_code::without_comments(&block.lines.join("\n"))
            .lines()
            .enumerate()
            .map(|(i, line)| (block.line + 1 + i, line.trim_start_matches('#').trim().to_owned()))
            .filter(|(_, line)| !line.is_empty())
            .collect();
        let Some(((last_line, last), earlier)) = code.split_last() else { continue };
        let code_only = |line: &str| {
            let tokens = crate::rust_code::tokens(line);
            tokens
                .iter()
                .filter(|t| t.kind == crate::rust_code::Kind::Code)
                .map(|t| &line[t.start..t.end])
                .collect::<String>()
        };
        for (line, text) in earlier {
            let text = code_only(text);
            if let Some(what) = PANICKING.iter().find(|p| text.contains(**p)) {
                problems.push(Problem {
                    line: *line,
                    message: format!(
                        "`{what}` before the last line of a `should_panic` block: only its last line may panic, so that \
                         the block cannot pass by panicking for another reason"
                    ),
                });
            }
        }
        let names_why = (code_only(last).contains("assert") || last.contains(".expect(") || last.contains("panic!("))
            && crate::rust_code::tokens(last).iter().any(|t| t.kind == crate::rust_code::Kind::Str);
        if !names_why {
            problems.push(Problem {
                line: *last_line,
                message: "the last line of a `should_panic` block must be the expected panic with its reason: \
                          `assert!(cond, \"why\")`, `.expect(\"why\")` or `panic!(\"why\")`"
                    .into(),
            });
        }
    }
    problems
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
    fn should_panic_blocks_name_the_panic_they_expect() {
        let block = |code: &str| scan(&format!("```rust,should_panic\n{code}\n```\n"));
        for good in [
            "let x = 1;\nassert!(x == 2, \"x is 1\");",
            "# let r: Result<(), ()> = Err(());\nr.expect(\"an error\");",
            "panic!(\"always\");",
        ] {
            assert!(should_panic_blocks(&block(good)).is_empty(), "{good}");
        }
        let problems = should_panic_blocks(&block("let x = 1;\nassert!(x == 2);"));
        assert_eq!((problems.len(), problems[0].line), (1, 3));
        let problems = should_panic_blocks(&block(
            "let v: Vec<i32> = vec![];\nlet y = v[0].checked_add(1).unwrap();\nassert!(y == 2, \"y\");",
        ));
        assert_eq!((problems.len(), problems[0].line), (1, 3), "{problems:?}");
        // Not a should_panic block: no rule.
        assert!(should_panic_blocks(&scan("```rust\nassert!(true);\n```\n")).is_empty());
    }

    #[test]
    fn indented_line_after_blank_in_formula_is_reported() {
        let chapter = scan("<!-- formula: a -->\n$$\na\n\n    b\n$$\n");
        let problems = indented_code_in_formulas(&chapter);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 5);
    }
}
