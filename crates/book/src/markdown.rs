//! A line scanner for the Markdown the chapters are written in.
//!
//! It finds exactly what the book's checks need — display formulas with their markers, fenced code
//! blocks, figures — and the mistakes that would slip past mdBook, mdbook-katex and rustdoc
//! silently. It is deliberately not a full CommonMark parser: the chapters follow a fixed
//! convention (see `README.md`), and a scanner that follows that convention line by line is easy
//! to reason about when it flags something.
//!
//! Lines inside a block quote (`> …`, as in `> [!NOTE]` admonitions) are scanned like any other
//! line after their `>` prefix is removed, so a formula may sit inside an admonition.

use std::fmt;

use crate::rust_code;

/// What the scanner found in one chapter file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chapter {
    /// Display formulas (`$$ … $$` blocks), in order of appearance.
    pub formulas: Vec<Formula>,
    /// Fenced code blocks, in order of appearance, whatever their language.
    pub code_blocks: Vec<CodeBlock>,
    /// Figure paths (`![alt](path)` and `<img src="path">`), in order of appearance.
    pub figures: Vec<String>,
    /// Violations of the chapter conventions found while scanning.
    pub problems: Vec<Problem>,
}

impl Chapter {
    /// Renumbers every line it records (formulas, code blocks, problems) through `map`: the scanner
    /// reads a chapter with its includes expanded, and reports lines of the chapter file.
    pub fn map_lines(&mut self, map: impl Fn(usize) -> usize) {
        for formula in &mut self.formulas {
            formula.line = map(formula.line);
        }
        for block in &mut self.code_blocks {
            block.line = map(block.line);
        }
        for problem in &mut self.problems {
            problem.line = map(problem.line);
        }
    }
}

/// One display formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    /// The id from `<!-- formula: id -->` on the line just before, if there was one.
    pub id: Option<String>,
    /// The whole marker between `<!--` and `-->`, trimmed: `formula: id; where: …; check: …`.
    /// Only the id is validated here; the rest is the `formula` crate's grammar (its `Marker`).
    pub marker: Option<String>,
    /// 1-based line of the opening `$$`.
    pub line: usize,
    /// The lines from the opening to the closing `$$`, exactly as written.
    pub text: String,
}

impl Formula {
    /// The TeX between the `$$` delimiters (block-quote prefixes removed) and the chapter line
    /// on which it starts.
    pub fn tex(&self) -> (String, usize) {
        let lines: Vec<&str> = self.text.lines().map(strip_block_quote).collect();
        let joined = lines.join("\n");
        let inner = joined.trim_start().strip_prefix("$$").unwrap_or(&joined);
        let inner = inner.trim_end().strip_suffix("$$").unwrap_or(inner);
        let starts_on_next_line = inner.starts_with('\n') || inner.trim().is_empty();
        let line = if starts_on_next_line && lines.len() > 1 { self.line + 1 } else { self.line };
        (inner.trim_matches('\n').to_owned(), line)
    }

    /// Lines (1-based, in the chapter file) where a blank line inside the formula is followed by
    /// a line indented by four spaces or a tab. mdbook-katex does not mind, but rustdoc reads the
    /// chapter as Markdown, sees an indented code block there and compiles the LaTeX as Rust.
    pub fn indented_code_lines(&self) -> Vec<usize> {
        let lines: Vec<&str> = self.text.lines().map(strip_block_quote).collect();
        lines
            .windows(2)
            .enumerate()
            .filter(|(_, pair)| {
                let line = pair[1];
                pair[0].trim().is_empty()
                    && (line.starts_with("    ") || line.starts_with('\t'))
                    && !line.trim().is_empty()
            })
            .map(|(index, _)| self.line + index + 1)
            .collect()
    }
}

/// One fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The info string after the opening fence, trimmed (`rust`, `rust,should_panic`, `text` …).
    pub info: String,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The lines between the fences, as written (block-quote prefixes removed).
    pub lines: Vec<String>,
}

/// A violation of the chapter conventions, with the line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line number in the chapter file.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Tokens rustdoc understands in a fence's info string. A fence made only of these (or with no
/// info string at all) is compiled as a doctest, exactly like a `rust` fence.
const RUSTDOC_ATTRIBUTES: &[&str] =
    &["rust", "should_panic", "no_run", "compile_fail", "test_harness", "standalone_crate", "ignore"];

impl CodeBlock {
    /// The info string split into its tokens (rustdoc separates them by commas and spaces).
    pub fn attributes(&self) -> Vec<&str> {
        self.info.split(|c: char| c == ',' || c.is_whitespace()).filter(|token| !token.is_empty()).collect()
    }

    /// Whether rustdoc compiles this block as Rust (and so whether `cargo test` runs it).
    ///
    /// Mirrors rustdoc: no info string means Rust, and so does an info string that names `rust`
    /// or holds nothing but rustdoc's own attributes (`should_panic`, `edition2024`, `E0308` …).
    pub fn is_rust(&self) -> bool {
        let attributes = self.attributes();
        attributes.contains(&"rust") || attributes.iter().all(|token| is_rustdoc_attribute(token))
    }

    /// Formula ids named by `// verifies: id` comments in this block (hidden `# ` lines included).
    /// One comment may name several ids, separated by commas or spaces.
    pub fn verified_ids(&self) -> Vec<String> {
        const TAG: &str = "// verifies:";
        self.lines
            .iter()
            .filter_map(|line| line.find(TAG).map(|at| &line[at + TAG.len()..]))
            .flat_map(|rest| rest.split(|c: char| c == ',' || c.is_whitespace()))
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The code with every comment removed (`//`, `///`, `//!`, `/* … */`), trailing whitespace
    /// trimmed, and lines that end up empty dropped — including a hidden line that only held a
    /// comment (`# // verifies: x` becomes `#`). The two editions of a chapter must agree on this:
    /// comments may be translated, code may not.
    pub fn code_without_comments(&self) -> Vec<String> {
        rust_code::without_comments(&self.lines.join("\n"))
            .lines()
            .map(str::trim_end)
            .filter(|line| !line.is_empty() && *line != "#")
            .map(str::to_owned)
            .collect()
    }
}

fn is_rustdoc_attribute(token: &str) -> bool {
    RUSTDOC_ATTRIBUTES.contains(&token)
        || token.starts_with("ignore-")
        || token.starts_with("edition")
        || (token.len() == 5 && token.starts_with('E') && token[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `id` is a valid formula id: lowercase ASCII letters, digits and hyphens, starting with
/// a letter or digit. Ids end up in comments and in reports, so they are kept plain.
pub fn is_valid_formula_id(id: &str) -> bool {
    id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

enum State {
    Text,
    Fence { marker: u8, length: usize, block: CodeBlock },
    Math { formula: Formula },
}

/// Scans one chapter file.
pub fn scan(markdown: &str) -> Chapter {
    let mut chapter = Chapter::default();
    let mut state = State::Text;
    // The marker on the previous line, waiting for its `$$`.
    let mut pending_marker: Option<Marker> = None;

    for (index, raw) in markdown.lines().enumerate() {
        let number = index + 1;
        let content = strip_block_quote(raw);
        state = match state {
            State::Fence { marker, length, mut block } => {
                if is_closing_fence(content, marker, length) {
                    chapter.code_blocks.push(block);
                    State::Text
                } else {
                    block.lines.push(content.to_owned());
                    State::Fence { marker, length, block }
                }
            }
            State::Math { mut formula } => {
                formula.text.push('\n');
                formula.text.push_str(raw);
                if let Some(at) = content.find("$$") {
                    check_nothing_after_closing(&content[at + 2..], number, &mut chapter);
                    chapter.formulas.push(formula);
                    State::Text
                } else {
                    State::Math { formula }
                }
            }
            State::Text => {
                let (next, marker) = scan_text_line(raw, content, number, pending_marker.take(), &mut chapter);
                pending_marker = marker;
                next
            }
        };
    }

    match state {
        State::Text => {}
        State::Fence { block, .. } => {
            chapter.problems.push(Problem { line: block.line, message: "code fence is never closed".into() })
        }
        State::Math { formula, .. } => {
            chapter.problems.push(Problem { line: formula.line, message: "`$$` is never closed".into() })
        }
    }
    if let Some((id, _, line)) = pending_marker {
        chapter.problems.push(marker_without_formula(&id, line));
    }
    chapter
}

/// A formula marker's id, whole text and line, waiting for the `$$` on the next line.
type Marker = (String, String, usize);

/// Handles one line outside fences and formulas. Returns the next state and the marker this line
/// declares, if any, for the next line to consume.
fn scan_text_line(
    raw: &str,
    content: &str,
    number: usize,
    marker_before: Option<Marker>,
    chapter: &mut Chapter,
) -> (State, Option<Marker>) {
    let trimmed = content.trim_start();

    if let Some((marker, length, info)) = opening_fence(trimmed) {
        if let Some((id, _, line)) = marker_before {
            chapter.problems.push(marker_without_formula(&id, line));
        }
        let block = CodeBlock { info: info.to_owned(), line: number, lines: Vec::new() };
        let state = State::Fence { marker, length, block };
        return (state, None);
    }

    if let Some(rest) = trimmed.strip_prefix("$$") {
        let (id, marker) = match marker_before {
            Some((id, marker, _)) => (Some(id), Some(marker)),
            None => {
                chapter.problems.push(Problem {
                    line: number,
                    message: "display formula without a marker: put `<!-- formula: some-id -->` \
                              on the line just before `$$`"
                        .into(),
                });
                (None, None)
            }
        };
        let formula = Formula { id, marker, line: number, text: raw.to_owned() };
        let state = match rest.find("$$") {
            Some(at) => {
                check_nothing_after_closing(&rest[at + 2..], number, chapter);
                chapter.formulas.push(formula);
                State::Text
            }
            None => State::Math { formula },
        };
        return (state, None);
    }

    if let Some((id, _, line)) = marker_before {
        chapter.problems.push(marker_without_formula(&id, line));
    }

    let prose = without_inline_code(content);
    if prose.contains("$$") {
        chapter.problems.push(Problem {
            line: number,
            message: "`$$` in the middle of a line: a display formula must start its own line \
                      (use `$…$` for inline math, `\\$` for a dollar sign)"
                .into(),
        });
    }
    chapter.figures.extend(figure_paths(&prose));

    let marker = match parse_marker(trimmed) {
        Some(Ok((id, marker))) => Some((id, marker, number)),
        Some(Err(message)) => {
            chapter.problems.push(Problem { line: number, message });
            None
        }
        None => None,
    };
    (State::Text, marker)
}

fn marker_without_formula(id: &str, line: usize) -> Problem {
    Problem {
        line,
        message: format!(
            "marker `formula: {id}` is not followed by a `$$` line; the marker must be on the line \
             just before its formula"
        ),
    }
}

fn check_nothing_after_closing(after: &str, number: usize, chapter: &mut Chapter) {
    if !after.trim().is_empty() {
        chapter.problems.push(Problem {
            line: number,
            message: format!("text after the closing `$$`: `{}`; end the formula's line with `$$`", after.trim()),
        });
    }
}

/// Parses `<!-- formula: id -->` or `<!-- formula: id; clauses -->` into the id and the whole
/// marker text. `None`: not a formula marker at all; `Some(Err)`: a marker that is malformed (so
/// it would silently not count). The clauses after the first `;` are not read here.
fn parse_marker(line: &str) -> Option<Result<(String, String), String>> {
    let inner = line.trim_end().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let id = inner.strip_prefix("formula")?.trim_start().strip_prefix(':');
    let id = id.map(|rest| rest.split(';').next().unwrap_or("").trim());
    Some(match id {
        Some(id) if is_valid_formula_id(id) => Ok((id.to_owned(), inner.to_owned())),
        Some(id) => Err(format!("formula id `{id}` is not valid: use lowercase letters, digits and hyphens")),
        None => Err("malformed formula marker: write `<!-- formula: some-id -->`".into()),
    })
}

/// The one block-quote rule of the book tooling: removes block-quote markers (`> > `, with up to
/// three spaces before each), so quoted lines scan like others. Other indentation is kept: it
/// matters inside formulas.
pub fn strip_block_quote(line: &str) -> &str {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        match trimmed.strip_prefix('>') {
            Some(after) if rest.len() - trimmed.len() <= 3 => {
                rest = after.strip_prefix(' ').unwrap_or(after);
            }
            _ => return rest,
        }
    }
}

/// `(fence char, fence length, info string)` if `line` opens a fence. Fences are recognised at any
/// indentation because chapters nest them in list items.
pub(crate) fn opening_fence(line: &str) -> Option<(u8, usize, &str)> {
    let marker = *line.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let length = line.bytes().take_while(|&b| b == marker).count();
    let info = line[length..].trim();
    (length >= 3 && !(marker == b'`' && info.contains('`'))).then_some((marker, length, info))
}

pub(crate) fn is_closing_fence(line: &str, marker: u8, length: usize) -> bool {
    let trimmed = line.trim();
    let run = trimmed.bytes().take_while(|&b| b == marker).count();
    run >= length && run == trimmed.len()
}

/// The line with inline code spans (`` `…` ``) removed: `$$` or `![..](..)` inside them is text
/// about the convention, not math or a figure.
pub(crate) fn without_inline_code(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].bytes().take_while(|&b| b == b'`').count();
        let after_open = &rest[start + run..];
        match find_backtick_run(after_open, run) {
            Some(end) => rest = &after_open[end + run..],
            None => {
                // An unmatched backtick run is literal text.
                out.push_str(&rest[start..start + run]);
                rest = after_open;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Byte offset of the next run of exactly `run` backticks in `text`.
pub(crate) fn find_backtick_run(text: &str, run: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'`' {
            let length = bytes[at..].iter().take_while(|&&b| b == b'`').count();
            if length == run {
                return Some(at);
            }
            at += length;
        } else {
            at += 1;
        }
    }
    None
}

/// Image paths in `![alt](path "title")` and `<img … src="path">`.
fn figure_paths(line: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("![") {
        rest = &rest[start + 2..];
        let Some(close) = rest.find("](") else { break };
        let target = &rest[close + 2..];
        let Some(end) = target.find(')') else { break };
        let path = target[..end].split_whitespace().next().unwrap_or("");
        paths.push(path.trim_matches(|c| c == '<' || c == '>').to_owned());
        rest = &target[end..];
    }
    let mut rest = line;
    while let Some(start) = rest.find("<img") {
        rest = &rest[start + 4..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(src) = html_attribute(tag, "src") {
            paths.push(src.to_owned());
        }
    }
    paths
}

/// The value of `name="…"` (or `'…'`) inside an HTML tag's text.
pub(crate) fn html_attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before_ok = rest[..at].chars().next_back().is_none_or(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if before_ok && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &value[1..];
                return value.find(quote).map(|end| &value[..end]);
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(chapter: &Chapter) -> Vec<String> {
        chapter.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn finds_marked_formula_and_its_verification() {
        let chapter = scan(
            "# Title\n\n<!-- formula: mse -->\n$$\n\\frac{1}{n}\n$$\n\n```rust\n# // verifies: mse\nassert!(true);\n```\n",
        );
        assert_eq!(messages(&chapter), Vec::<String>::new());
        assert_eq!(chapter.formulas.len(), 1);
        assert_eq!(chapter.formulas[0].id.as_deref(), Some("mse"));
        assert_eq!(chapter.formulas[0].line, 4);
        assert_eq!(chapter.formulas[0].text, "$$\n\\frac{1}{n}\n$$");
        assert_eq!(chapter.code_blocks[0].verified_ids(), ["mse"]);
    }

    #[test]
    fn single_line_formula_and_formula_in_admonition() {
        let chapter = scan("<!-- formula: a -->\n$$ x^2 $$\n\n> [!NOTE]\n> <!-- formula: b -->\n> $$\n> y\n> $$\n");
        assert_eq!(messages(&chapter), Vec::<String>::new());
        let ids: Vec<_> = chapter.formulas.iter().map(|f| f.id.as_deref()).collect();
        assert_eq!(ids, [Some("a"), Some("b")]);
    }

    #[test]
    fn formula_without_marker_is_a_problem() {
        let chapter = scan("text\n\n$$\nx\n$$\n");
        assert_eq!(chapter.formulas.len(), 1);
        assert_eq!(chapter.formulas[0].id, None);
        assert!(messages(&chapter)[0].contains("without a marker"));
    }

    #[test]
    fn marker_must_be_on_the_line_just_before() {
        let chapter = scan("<!-- formula: a -->\n\n$$\nx\n$$\n");
        let found = messages(&chapter);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("not followed by a `$$`"));
        assert!(found[1].contains("without a marker"));
    }

    #[test]
    fn marker_without_formula_at_end_of_file() {
        let found = messages(&scan("text\n<!-- formula: lonely -->\n"));
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("line 2:") && found[0].contains("lonely"));
    }

    #[test]
    fn malformed_markers_and_bad_ids() {
        let found = messages(&scan("<!-- formula: Bad_ID -->\n$$ x $$\n"));
        assert!(found[0].contains("not valid"), "{found:?}");
        let found = messages(&scan("<!-- formula mse -->\n$$ x $$\n"));
        assert!(found[0].contains("malformed"), "{found:?}");
        // An ordinary comment is not a marker.
        assert!(scan("<!-- a note -->\n").problems.is_empty());
    }

    #[test]
    fn dollar_dollar_mid_line_is_a_problem_but_not_in_inline_code() {
        assert!(messages(&scan("see $$x$$ here\n"))[0].contains("middle of a line"));
        assert!(scan("write `$$` on its own line, and `` `$$` `` too\n").problems.is_empty());
        assert!(scan("inline $x$ and a price \\$5\n").problems.is_empty());
    }

    #[test]
    fn text_after_closing_dollars_is_a_problem() {
        let found = messages(&scan("<!-- formula: a -->\n$$\nx\n$$ trailing\n"));
        assert!(found[0].contains("after the closing"), "{found:?}");
    }

    #[test]
    fn unclosed_formula_and_fence() {
        assert!(messages(&scan("<!-- formula: a -->\n$$\nx\n"))[0].contains("never closed"));
        assert!(messages(&scan("```rust\nlet x = 1;\n"))[0].contains("never closed"));
    }

    #[test]
    fn blank_then_indented_line_inside_formula_is_the_rustdoc_trap() {
        let chapter = scan("text\n<!-- formula: a -->\n$$\n\\begin{aligned}\n\n    x &= 1\n\\end{aligned}\n$$\n");
        assert_eq!(chapter.formulas[0].indented_code_lines(), [6]);
        let quoted = scan("> <!-- formula: a -->\n> $$\n>\n>     x\n> $$\n");
        assert_eq!(quoted.formulas[0].indented_code_lines(), [4]);
        // Indentation without a blank line before it is fine.
        let fine = scan("<!-- formula: a -->\n$$\n    x\n\n\\quad y\n$$\n");
        assert!(fine.formulas[0].indented_code_lines().is_empty());
    }

    #[test]
    fn dollars_inside_code_fences_are_not_formulas() {
        let chapter = scan("```text\n$$\n<!-- formula: x -->\n```\n~~~~\n```\n$$\n~~~~\n");
        assert!(chapter.formulas.is_empty() && chapter.problems.is_empty());
        assert_eq!(chapter.code_blocks.len(), 2);
        assert_eq!(chapter.code_blocks[1].lines, ["```", "$$"]);
    }

    #[test]
    fn rust_detection_follows_rustdoc() {
        let block = |info: &str| CodeBlock { info: info.into(), line: 1, lines: vec![] };
        for rust in ["", "rust", "rust,should_panic", "compile_fail,E0308", "edition2024", "ignore", "rust,editable"] {
            assert!(block(rust).is_rust(), "{rust}");
        }
        for other in ["text", "toml", "sh", "text,ignore", "noplayground"] {
            assert!(!block(other).is_rust(), "{other}");
        }
    }

    #[test]
    fn verified_ids_accepts_lists() {
        let block = CodeBlock {
            info: "rust".into(),
            line: 1,
            lines: vec!["# // verifies: a, b".into(), "x(); // verifies: c".into(), "// nothing".into()],
        };
        assert_eq!(block.verified_ids(), ["a", "b", "c"]);
    }

    #[test]
    fn comments_are_removed_but_strings_kept() {
        let block = CodeBlock {
            info: "rust".into(),
            line: 1,
            lines: vec![
                "# // verifies: mse".into(),
                "/// doc".into(),
                "let url = \"https://x\"; // 주석".into(),
                "let s = r#\"a // b\"#; /* one */ let c = '\"';".into(),
                "/* multi".into(),
                "line */ let t: &'static str = \"\\\"//\";   ".into(),
                "# let hidden = 1; // trailing".into(),
            ],
        };
        assert_eq!(
            block.code_without_comments(),
            [
                "let url = \"https://x\";",
                "let s = r#\"a // b\"#;  let c = '\"';",
                " let t: &'static str = \"\\\"//\";",
                "# let hidden = 1;",
            ]
        );
    }

    #[test]
    fn figures_from_markdown_and_html() {
        let chapter = scan(
            "![Focal loss](figures/focal.svg \"t\") and <img alt=\"x\" src=\"figures/b.png\">\n`![not](a figure)`\n",
        );
        assert_eq!(chapter.figures, ["figures/focal.svg", "figures/b.png"]);
    }
}
