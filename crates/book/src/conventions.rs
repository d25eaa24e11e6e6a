//! Chapter rules that keep `cargo test` honest.

use crate::markdown::{self, Chapter, Problem};

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

/// The KaTeX commands the book's math uses (all in KaTeX's support table). A command outside
/// this list is reported, so that a typo or a macro KaTeX does not know (which only the build
/// would reveal, without a file or line) fails `cargo test` with its line: check KaTeX's table,
/// then add the command here.
pub const KATEX_COMMANDS: &[&str] = &[
    "alpha",
    "approx",
    "ast",
    "bar",
    "begin",
    "beta",
    "big",
    "Big",
    "bigl",
    "Bigl",
    "bigr",
    "Bigr",
    "cdot",
    "cdots",
    "circ",
    "Delta",
    "delta",
    "dfrac",
    "dots",
    "ell",
    "end",
    "epsilon",
    "eta",
    "exp",
    "frac",
    "gamma",
    "ge",
    "geq",
    "gtrsim",
    "hat",
    "iff",
    "implies",
    "in",
    "infty",
    "lambda",
    "ldots",
    "le",
    "left",
    "leftarrow",
    "leq",
    "lesssim",
    "lim",
    "ln",
    "log",
    "Longrightarrow",
    "lvert",
    "mathbb",
    "mathbf",
    "mathcal",
    "mathrm",
    "max",
    "min",
    "mu",
    "nabla",
    "ne",
    "neq",
    "operatorname",
    "partial",
    "phi",
    "pi",
    "pm",
    "prod",
    "qquad",
    "quad",
    "right",
    "rightarrow",
    "rvert",
    "sigma",
    "sqrt",
    "sum",
    "tau",
    "text",
    "tfrac",
    "theta",
    "tilde",
    "times",
    "to",
    "top",
    "underset",
    "varepsilon",
    "vert",
    "Vert",
    "widehat",
    "xrightarrow",
];

/// What KaTeX would stumble on, with its line (`line` maps a line of `text` to the chapter file's):
/// a `$` inside a `~~~` fence (mdbook-katex skips only backtick fences, so it reads the `$` as
/// math), an unpaired inline `$`, unbalanced braces in inline or display math, and commands
/// outside [`KATEX_COMMANDS`]. Display formulas are parsed by the `formula` crate as well, which
/// names the construct it cannot read.
pub fn katex_problems(text: &str, line: impl Fn(usize) -> usize) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut display = false;
    for (index, raw) in text.lines().enumerate() {
        let number = line(index + 1);
        let content = markdown::strip_block_quote(raw);
        if let Some((marker, length)) = fence {
            if markdown::is_closing_fence(content, marker, length) {
                fence = None;
            } else if marker == b'~' && content.contains('$') {
                problems.push(Problem {
                    line: number,
                    message: "`$` inside a `~~~` fence: mdbook-katex skips only backtick fences and would read it as \
                              math; fence this block with ``` instead"
                        .into(),
                });
            }
            continue;
        }
        if let Some((marker, length, _)) = markdown::opening_fence(content.trim_start()) {
            fence = Some((marker, length));
            continue;
        }
        let trimmed = content.trim();
        if display || trimmed.starts_with("$$") {
            let inner = trimmed.trim_start_matches("$$");
            let closes = inner.contains("$$") || (display && trimmed.starts_with("$$"));
            problems.extend(math_problems(inner.split("$$").next().unwrap_or(""), number));
            display = if display { !trimmed.starts_with("$$") && !closes } else { !inner.contains("$$") };
            continue;
        }
        let prose = markdown::without_inline_code(content);
        let mut dollars = Vec::new();
        let bytes = prose.as_bytes();
        for (at, b) in bytes.iter().enumerate() {
            if *b == b'$' && (at == 0 || bytes[at - 1] != b'\\') {
                dollars.push(at);
            }
        }
        if dollars.len() % 2 == 1 {
            problems.push(Problem {
                line: number,
                message: "an unpaired `$`: inline math is `$…$` on one line; write a dollar sign as `\\$`".into(),
            });
            continue;
        }
        for pair in dollars.chunks(2) {
            problems.extend(math_problems(&prose[pair[0] + 1..pair[1]], number));
        }
    }
    problems
}

/// Unbalanced braces and unknown commands in one piece of math.
fn math_problems(math: &str, line: usize) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut depth: i64 = 0;
    let mut chars = math.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                let name: String = math[at + 1..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                if name.is_empty() {
                    chars.next(); // `\{`, `\,`, `\\` …: one character
                } else {
                    for _ in 0..name.chars().count() {
                        chars.next();
                    }
                    if !KATEX_COMMANDS.contains(&name.as_str()) {
                        problems.push(Problem {
                            line,
                            message: format!(
                                "`\\{name}` is not among the KaTeX commands this book uses (conventions::KATEX_COMMANDS): \
                                 check KaTeX's support table, then add it"
                            ),
                        });
                    }
                }
            }
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            break;
        }
    }
    if depth != 0 {
        problems.push(Problem { line, message: format!("unbalanced braces in the math `{}`", math.trim()) });
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
    fn katex_trouble_is_reported_with_its_line() {
        let lines =
            |text: &str| katex_problems(text, |l| l).into_iter().map(|p| (p.line, p.message)).collect::<Vec<_>>();
        assert!(lines("Fine: $\\frac{1}{2}$ and `$not math$` and \\$5.\n$$\n\\sigma(x)\n$$\n").is_empty());
        assert!(lines("~~~\nprice: $5\n~~~\n")[0].1.contains("`~~~` fence"));
        assert!(lines("```\nprice: $5\n```\n").is_empty());
        assert_eq!(lines("x\nbroken $\\frac{1}{$ here\n")[0].0, 2);
        assert!(lines("a $\\foo x$ b\n")[0].1.contains("`\\foo`"));
        assert!(lines("a $x$ and $y\n")[0].1.contains("unpaired"));
        assert!(lines("$$\n\\frac{1}{\n$$\n")[0].1.contains("unbalanced"));
        assert!(lines("> $$\n> \\bogus\n> $$\n")[0].1.contains("`\\bogus`"));
    }

    #[test]
    fn indented_line_after_blank_in_formula_is_reported() {
        let chapter = scan("<!-- formula: a -->\n$$\na\n\n    b\n$$\n");
        let problems = indented_code_in_formulas(&chapter);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 5);
    }
}
