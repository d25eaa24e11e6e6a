//! Jupyter notebooks generated from the chapters: `notebooks/<edition>/<chapter>.ipynb`, one per
//! chapter file, for the Rust kernel evcxr.
//!
//! A notebook is the chapter, cell by cell:
//!
//! - The first cell brings in the crates with evcxr's `:dep` (paths relative to the notebook's
//!   folder, where Jupyter starts the kernel): `losses`, and `figures` when the chapter has a
//!   figure.
//! - Prose becomes Markdown cells, math included (Jupyter renders `$…$` and `$$…$$` itself). A new
//!   cell starts at every `##` heading. Formula markers are dropped, `> [!NOTE]` admonitions
//!   become a bold label (Jupyter does not know them), links to other chapters point at their
//!   notebooks.
//! - Every ```` ```rust ```` block becomes a code cell that runs exactly what the doctest runs
//!   (see [`rust_cell`]): hidden lines are shown, and the code is the body of a `fn main` that
//!   the cell calls, so that a failing assertion or an `Err` fails the cell.
//! - A figure (`![alt](figures/<name>.svg)`) becomes a code cell that draws it with the `figures`
//!   crate — the code that drew the book's SVG — checks it against the book's file (size, title)
//!   and shows it inline (`EVCXR_BEGIN_CONTENT image/svg+xml`). The focal-loss explorer becomes a
//!   cell whose γ and α the reader can change.
//! - The exercise section at the end of a chapter ([`crate::exercise_section`]) becomes exercise
//!   cells: each task as Markdown, the stub as a top-level code cell the reader edits (its
//!   visible lines: the hidden ones are the doctest's proof that the stub is untouched), a
//!   grading cell ([`grading_cell`]) that prints the report and fails only on a wrong answer, and
//!   the solution folded. In general, a `<details>` block's `<summary>` becomes a bold line and a
//!   ```` ```rust ```` block inside it a code cell whose source Jupyter shows folded.
//!
//! Output is deterministic (nbformat 4.5, keys sorted and indented the way Jupyter writes them,
//! cell ids made of the chapter name and the cell's index), so the committed notebooks are
//! checked against a fresh generation by `tests/tests/notebooks.rs`. `cargo xtask notebooks`
//! writes them, `cargo xtask notebooks --execute` also runs them under the real kernel.

use std::io;
use std::path::{Path, PathBuf};

use crate::edition::Edition;
use crate::exercise_section;
use crate::generated::{self, Generated};
use crate::markdown::{self, CodeBlock, strip_block_quote};
use crate::rust_code::lines_starting_in_string;
use crate::source;

/// The folder of the notebooks, relative to the repository root: `notebooks/<edition>/`.
pub const NOTEBOOKS: &str = "notebooks";

/// From a notebook's folder (`notebooks/<edition>/`) back to the repository root: evcxr resolves
/// `:dep` paths, and the figure cells read the book's SVG files, relative to the kernel's working
/// directory, which Jupyter sets to the notebook's folder.
pub const TO_ROOT: &str = "../..";

/// Crates other than `losses` that chapter code may name, with how a notebook brings each in.
/// Chapter code can only use what the doctest harness links, so every dev-dependency of the
/// `chapters` crate must be listed here; a test checks it (and that versions match Cargo.lock, paths the
/// manifest).
pub const PINNED_CRATES: &[(&str, Dep)] = &[
    ("approx", Dep::Version("0.5.1")),
    ("regex", Dep::Version("1.13.2")),
    ("exercises", Dep::Path("crates/exercises")),
    ("formula", Dep::Path("crates/formula")),
    ("detection", Dep::Path("crates/detection")),
];

/// Where a notebook's `:dep` takes a crate from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dep {
    /// From crates.io, exactly this version (the one in Cargo.lock).
    Version(&'static str),
    /// A crate of this repository: its folder, relative to the repository root.
    Path(&'static str),
}

impl Dep {
    /// The right-hand side of `:dep name = …` in a notebook of `notebooks/<edition>/`.
    pub fn spec(self) -> String {
        match self {
            Dep::Version(version) => format!("\"={version}\""),
            Dep::Path(path) => format!("{{ path = \"{TO_ROOT}/{path}\" }}"),
        }
    }
}

/// One notebook cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Markdown, rendered by Jupyter (math included).
    Markdown(String),
    /// Code for the evcxr kernel.
    Code(String),
    /// Code for the evcxr kernel, which runs like any other but whose source Jupyter shows folded
    /// (`"jupyter": {"source_hidden": true}`): a solution the reader opens when ready.
    FoldedCode(String),
}

impl Cell {
    /// The cell's text.
    pub fn source(&self) -> &str {
        match self {
            Cell::Markdown(text) | Cell::Code(text) | Cell::FoldedCode(text) => text,
        }
    }

    /// Whether the kernel runs it.
    pub fn is_code(&self) -> bool {
        matches!(self, Cell::Code(_) | Cell::FoldedCode(_))
    }
}

/// A notebook in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notebook {
    /// The chapter's file stem (`ch06-focal-loss`): cell ids are `<stem>-<index>`.
    pub stem: String,
    /// The cells, in order.
    pub cells: Vec<Cell>,
}

/// What a notebook says in the reader's language.
struct Words {
    /// Comment of the first cell.
    setup: &'static str,
    /// Comment in a figure cell.
    figure: &'static str,
    /// Comment before the comparison with the book's SVG file.
    same_file: &'static str,
    /// Comments in the explorer cell.
    explorer: [&'static str; 2],
    /// First line of an exercise's stub cell.
    stub: &'static str,
    /// Comment of a grading cell; `{chapter}` is the chapter's module (`ch06`).
    grading: &'static str,
}

const KO: Words = Words {
    setup: "이 저장소의 크레이트를 가져옵니다. 처음 한 번은 빌드하느라 1~2분 걸립니다.",
    figure: "책의 그림을 그린 코드, `figures` 크레이트로 그립니다.",
    same_file: "책의 SVG 파일과 크기, 제목이 같습니다.",
    explorer: [
        "γ는 figures::explorer::GAMMAS에서, α는 figures::explorer::ALPHAS에서(None: α 없음) 골라",
        "바꾼 뒤 셀을 다시 실행하세요.",
    ],
    stub: "todo!()를 여러분의 답으로 바꾸고 이 셀과 아래 채점 셀을 실행하세요.",
    grading: "위 셀의 답을 책의 검사로 채점합니다(`cargo xtask exercise {chapter}` 명령과 같은 검사). 틀린 답이면 셀이 실패합니다.",
};

const EN: Words = Words {
    setup: "The book's crates, from this repository. The first run builds them, which takes a minute or two.",
    figure: "Drawn by the code that drew the book's figure: the `figures` crate.",
    same_file: "Same size and title as the book's SVG file.",
    explorer: [
        "Pick γ from figures::explorer::GAMMAS and α from figures::explorer::ALPHAS (None: no α),",
        "then run the cell again.",
    ],
    stub: "Replace todo!() with your answer, then run this cell and the grading cell below.",
    grading: "Grades the answer above with the book's checks (the same as `cargo xtask exercise {chapter}`); a wrong answer fails the cell.",
};

fn words(edition: Edition) -> &'static Words {
    match edition {
        Edition::Ko => &KO,
        Edition::En => &EN,
    }
}

/// The edition as a Rust path in a figure cell (`figures::Edition::Ko`).
fn lang_variant(edition: Edition) -> &'static str {
    match edition {
        Edition::Ko => "Ko",
        Edition::En => "En",
    }
}

/// Builds the notebook of one chapter. `chapter_files` are the edition's chapter file names, so
/// links between chapters can be pointed at the notebooks.
pub fn chapter_notebook(edition: Edition, file_name: &str, text: &str, chapter_files: &[String]) -> Notebook {
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name).replace('/', "-");
    let scanned = markdown::scan(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut builder = Builder {
        edition,
        chapter_files,
        cells: Vec::new(),
        prose: Vec::new(),
        uses_figures: false,
        exercise: None,
        in_details: false,
    };

    // Code blocks by the line (0-based) of their opening fence.
    let mut blocks = scanned.code_blocks.iter().peekable();
    let mut index = 0;
    while index < lines.len() {
        if let Some(block) = blocks.next_if(|block| block.line == index + 1) {
            let end = index + block.lines.len() + 2; // opening fence, lines, closing fence
            if block.is_rust() {
                builder.flush();
                if let Some(path) = builder.exercise.take() {
                    builder.exercise_cells(&path, block);
                } else if builder.in_details {
                    builder.cells.push(match rust_cell(block) {
                        Cell::Code(code) => Cell::FoldedCode(code),
                        other => other,
                    });
                } else {
                    builder.cells.push(rust_cell(block));
                }
            } else {
                // Other fences (`text`, `toml` …) stay in the prose as they are.
                builder.prose.extend(lines[index..end.min(lines.len())].iter().map(|line| (*line).to_owned()));
            }
            index = end;
            continue;
        }
        index = builder.prose_line(&lines, index);
    }
    builder.flush();

    let mut setup = format!("// {}\n:dep losses = {{ path = \"{TO_ROOT}/crates/losses\" }}", words(edition).setup);
    if builder.uses_figures {
        setup.push_str(&format!("\n:dep figures = {{ path = \"{TO_ROOT}/crates/figures\" }}"));
    }
    let code: String = builder.cells.iter().filter(|c| c.is_code()).map(Cell::source).collect();
    for (name, dep) in PINNED_CRATES {
        if mentions_crate(&code, name) {
            setup.push_str(&format!("\n:dep {name} = {}", dep.spec()));
        }
    }
    let mut cells = vec![Cell::Code(setup)];
    cells.extend(builder.cells);
    Notebook { stem, cells }
}

/// Whether `code` names `name::` as a path root.
fn mentions_crate(code: &str, name: &str) -> bool {
    let pattern = format!("{}::", name.replace('-', "_"));
    code.match_indices(&pattern)
        .any(|(at, _)| code[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':')))
}

struct Builder<'a> {
    edition: Edition,
    chapter_files: &'a [String],
    cells: Vec<Cell>,
    /// Markdown lines waiting for the next cell boundary.
    prose: Vec<String>,
    uses_figures: bool,
    /// The exercise whose marker was just read: the next Rust block is its stub.
    exercise: Option<String>,
    /// Inside a `<details>` block.
    in_details: bool,
}

impl Builder<'_> {
    /// Ends the current Markdown cell, if it has any text.
    fn flush(&mut self) {
        let lines = std::mem::take(&mut self.prose);
        let start = lines.iter().position(|l| !l.trim().is_empty());
        let end = lines.iter().rposition(|l| !l.trim().is_empty());
        if let (Some(start), Some(end)) = (start, end) {
            self.cells.push(Cell::Markdown(lines[start..=end].join("\n")));
        }
    }

    /// Handles the prose line `lines[index]` (and, for an HTML block, the lines after it);
    /// returns the index of the next line to handle.
    fn prose_line(&mut self, lines: &[&str], index: usize) -> usize {
        let raw = lines[index];
        let content = strip_block_quote(raw);
        let trimmed = content.trim();

        if raw.starts_with("##") {
            self.flush();
        }
        if is_formula_marker(trimmed) || exercise_section::is_boundary(trimmed) {
            return index + 1;
        }
        if let Some(path) = exercise_section::parse_exercise_marker(trimmed) {
            self.exercise = Some(path.to_owned());
            return index + 1;
        }
        if trimmed == "<details>" || trimmed == "</details>" {
            self.flush();
            self.in_details = trimmed == "<details>";
            return index + 1;
        }
        if let Some(summary) = trimmed.strip_prefix("<summary>").and_then(|rest| rest.strip_suffix("</summary>")) {
            self.prose.push(format!("**{}**", summary.trim()));
            return index + 1;
        }
        if trimmed.starts_with("<script") {
            // Scripts do not run in a notebook's Markdown; skip the whole element.
            let end = (index..lines.len()).find(|&i| lines[i].contains("</script>")).unwrap_or(lines.len() - 1);
            return end + 1;
        }
        if trimmed.starts_with("<figure") {
            let end = (index..lines.len()).find(|&i| lines[i].contains("</figure>")).unwrap_or(lines.len() - 1);
            let html = lines[index..=end].join("\n");
            if let Some(src) = markdown::scan(&html).figures.into_iter().next() {
                self.figure(&src);
                if let Some(caption) = between(&html, "<figcaption>", "</figcaption>") {
                    self.prose.push(format!("*{}*", caption.trim()));
                }
                return end + 1;
            }
        }
        if trimmed.starts_with("![") && trimmed.ends_with(')') {
            let figures = markdown::scan(trimmed).figures;
            if let [src] = figures.as_slice()
                && src.starts_with("figures/")
            {
                self.figure(src);
                return index + 1;
            }
        }
        let line = self.admonition(raw).unwrap_or_else(|| raw.to_owned());
        self.prose.push(self.link_notebooks(&line));
        index + 1
    }

    /// The cells of exercise `path` (`ch06::focal_loss`) for its stub `block`: the stub's visible
    /// lines as a top-level cell the reader edits, then the [`grading_cell`].
    fn exercise_cells(&mut self, path: &str, block: &CodeBlock) {
        let shown: Vec<String> =
            block.lines.iter().map(|line| doc_line(line)).filter(|line| !line.hidden).map(|line| line.text).collect();
        let stub = shown.join("\n");
        self.cells.push(Cell::Code(format!("// {}\n{}", words(self.edition).stub, stub.trim())));
        self.cells.push(Cell::Code(grading_cell(self.edition, path)));
    }

    /// A code cell that draws the figure `src` (`figures/<name>.svg` or an explorer image).
    fn figure(&mut self, src: &str) {
        self.flush();
        self.uses_figures = true;
        let edition = self.edition;
        let lang = lang_variant(edition);
        let book_dir = format!("{TO_ROOT}/src/{edition}");
        let mut body: Vec<String> = Vec::new();
        if let Some((gamma, alpha)) = explorer_values(src) {
            body.extend(words(edition).explorer.iter().map(|line| format!("// {line}")));
            body.push(format!("let (gamma, alpha) = ({gamma}, {alpha});"));
            body.push("let src = figures::explorer::src(gamma, alpha);".into());
            body.push(format!("let (_, svg) = figures::explorer::grid(figures::Edition::{lang})?"));
            body.push("    .into_iter()".into());
            body.push("    .find(|(path, _)| *path == src)".into());
            body.push("    .expect(\"γ in GAMMAS, α in ALPHAS\");".into());
            body.push(format!("let book = std::fs::read_to_string(format!(\"{book_dir}/{{src}}\"))?;"));
        } else {
            let name = src.trim_start_matches("figures/").trim_end_matches(".svg");
            body.push(format!("// {}", words(edition).figure));
            body.push(format!(
                "let figure = figures::all().into_iter().find(|figure| figure.name == \"{name}\").expect(\"a figure of the book\");"
            ));
            body.push(format!("let svg = figure.draw(figures::Edition::{lang})?;"));
            body.push(format!("let book = std::fs::read_to_string(\"{book_dir}/{src}\")?;"));
        }
        // Not byte for byte: floating-point results can differ in the last bits between evcxr's
        // build and the release build that wrote the book's file (seen in the f32 points of the
        // numerical-traps figure), and a marker moves by a pixel.
        body.push(format!("// {}", words(edition).same_file));
        body.push(
            "assert_eq!(svg.lines().take(2).collect::<Vec<_>>(), book.lines().take(2).collect::<Vec<_>>());".into(),
        );
        body.push("assert!(svg.starts_with(\"<svg\") && svg.trim_end().ends_with(\"</svg>\"));".into());
        body.push("println!(\"EVCXR_BEGIN_CONTENT image/svg+xml\\n{svg}\\nEVCXR_END_CONTENT\");".into());
        body.push("Ok(())".into());
        let code = format!("{MAIN_RESULT}\n{}\n}}\nmain().unwrap();", indent(&body.join("\n")));
        self.cells.push(Cell::Code(code));
    }

    /// `> [!NOTE]` → `> **Note**`, in the edition's language.
    fn admonition(&self, raw: &str) -> Option<String> {
        let at = raw.find("[!")?;
        let kind = raw[at + 2..].trim_end().strip_suffix(']')?;
        let prefix = &raw[..at];
        if !prefix.contains('>') || !prefix.chars().all(|c| c == '>' || c == ' ') {
            return None;
        }
        let label = self.edition.admonition_label(kind)?;
        Some(format!("{prefix}**{label}**"))
    }

    /// Links to other chapters (`ch02-x.md`, `ch02-x.md#anchor`) point at their notebooks.
    fn link_notebooks(&self, line: &str) -> String {
        let mut line = line.to_owned();
        for name in self.chapter_files {
            let stem = name.trim_end_matches(".md").replace('/', "-");
            for end in [")", "#"] {
                line = line.replace(&format!("]({name}{end}"), &format!("]({stem}.ipynb{end}"));
            }
        }
        line
    }
}

/// The grading cell of exercise `path` (`ch06::focal_loss`, module and function in the
/// `exercises` crate): grades the reader's function with the exercise's check, prints the report
/// and keeps the outcome in `graded`. `exercises::notebook::grade` returns when the answer passed
/// or is still `todo!()` (an untouched notebook runs clean) and panics when it is wrong.
pub fn grading_cell(edition: Edition, path: &str) -> String {
    let (chapter, function) = path.split_once("::").unwrap_or(("", path));
    format!(
        "// {}\nlet graded = exercises::notebook::grade(exercises::checks::{path}, {function}, exercises::Edition::{});",
        words(edition).grading.replace("{chapter}", chapter),
        lang_variant(edition)
    )
}

/// `(γ, α)` as Rust expressions for an explorer image path
/// (`figures/explorer/fl-gamma-2-alpha-0.25.svg` → `("2.0", "Some(0.25)")`).
fn explorer_values(src: &str) -> Option<(String, String)> {
    let name = src.strip_prefix("figures/explorer/fl-gamma-")?.strip_suffix(".svg")?;
    let (gamma, alpha) = name.split_once("-alpha-")?;
    let float = |text: &str| if text.contains('.') { text.to_owned() } else { format!("{text}.0") };
    let alpha = if alpha == "none" { "None".to_owned() } else { format!("Some({})", float(alpha)) };
    Some((float(gamma), alpha))
}

fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let start = text.find(open)? + open.len();
    let end = start + text[start..].find(close)?;
    Some(&text[start..end])
}

fn is_formula_marker(line: &str) -> bool {
    line.strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().starts_with("formula:"))
}

/// One line of a doctest, after rustdoc's hiding rules.
struct DocLine {
    hidden: bool,
    text: String,
}

/// rustdoc's rules: `# code` and a lone `#` are hidden lines, `##` is an escaped `#`.
fn doc_line(line: &str) -> DocLine {
    let trimmed = line.trim();
    if trimmed.starts_with("##") {
        DocLine { hidden: false, text: line.replacen("##", "#", 1) }
    } else if trimmed == "#" {
        DocLine { hidden: true, text: String::new() }
    } else if let Some(rest) = line.trim_start().strip_prefix("# ") {
        DocLine { hidden: true, text: rest.trim_end().to_owned() }
    } else {
        DocLine { hidden: false, text: line.trim_end().to_owned() }
    }
}

/// The signature of every code cell whose doctest returns a `Result`: any error goes through `?`.
const MAIN_RESULT: &str = "fn main() -> Result<(), Box<dyn std::error::Error>> {";

/// The code cell (or, for `compile_fail`, the Markdown cell) for one ```` ```rust ```` block.
///
/// The cell runs what rustdoc runs, with every line shown, in the shape rustdoc gives it: a
/// `fn main` and a call to it.
///
/// - Why a function: evcxr cannot keep a closure in a top-level variable ("cannot currently be
///   persisted"), and an `Err` that `?` returns at a cell's top level is only printed — the cell
///   still succeeds. Inside `main`, variables, closures, helper items and `use` lines are local to
///   the cell, as self-contained as the doctest they came from, and `main().unwrap()` turns an
///   `Err` into a panic, which fails the cell.
/// - A hidden `fn main() -> Result<…> {` … `Ok(()) }` wrapper, or a hidden final
///   `Ok::<(), E>(())`, becomes `fn main() -> Result<(), Box<dyn std::error::Error>>`, with the
///   hidden `use` lines moved inside (the signature then names no imported type). A visible
///   `fn main` is kept as written and called.
/// - Hidden `// verifies:` comments (book bookkeeping) are dropped; every other hidden line is
///   shown, since the code needs it.
/// - `should_panic` code must panic: the cell asserts that `main` panics, under `catch_unwind`.
///   `compile_fail` code is shown as Markdown, not run.
pub fn rust_cell(block: &CodeBlock) -> Cell {
    let attributes = block.attributes();
    if attributes.contains(&"compile_fail") {
        let shown: Vec<String> =
            block.lines.iter().map(|line| doc_line(line)).filter(|line| !line.hidden).map(|line| line.text).collect();
        return Cell::Markdown(format!("```rust\n{}\n```", shown.join("\n")));
    }

    let mut lines: Vec<DocLine> = block.lines.iter().map(|line| doc_line(line)).collect();
    while lines.last().is_some_and(|line| line.text.trim().is_empty()) {
        lines.pop();
    }
    let main_signature = lines.iter().position(|line| line.text.trim_start().starts_with("fn main("));
    // `Some(returns a Result)` when the cell must be wrapped in a `main` of its own.
    let mut wrap = Some(false);
    let mut returns_result = false;
    if let Some(at) = main_signature {
        returns_result = lines[at].text.contains("->");
        if lines[at].hidden && lines[at].text.trim_end().ends_with('{') && strip_main_end(&mut lines, returns_result) {
            lines.remove(at);
            wrap = Some(returns_result);
        } else {
            wrap = None;
        }
    } else if lines.last().is_some_and(|line| line.hidden && is_ok_turbofish(&line.text)) {
        lines.pop();
        returns_result = true;
        wrap = Some(true);
    }
    lines.retain(|line| !(line.hidden && line.text.trim_start().starts_with("//")));

    let mut code: Vec<String> = lines.into_iter().map(|line| line.text).collect();
    while code.first().is_some_and(|line| line.trim().is_empty()) {
        code.remove(0);
    }
    let code = code.join("\n");
    let mut cell = match wrap {
        Some(true) => format!("{MAIN_RESULT}\n{}\n    Ok(())\n}}\n", indent(&code)),
        Some(false) => format!("fn main() {{\n{}\n}}\n", indent(&code)),
        None => format!("{code}\n"),
    };
    let call = if returns_result { "main().unwrap()" } else { "main()" };
    if attributes.contains(&"should_panic") {
        let unwind = if returns_result { "|| main().unwrap()".to_owned() } else { "main".to_owned() };
        cell.push_str(&format!("assert!(std::panic::catch_unwind({unwind}).is_err(), \"this code must panic\");"));
    } else {
        cell.push_str(call);
        cell.push(';');
    }
    Cell::Code(cell)
}

/// Removes the hidden end of a `fn main` wrapper (`Ok(()) }`, or `Ok(())` then `}`; a lone `}`
/// when `main` returns nothing). Returns whether it found one.
fn strip_main_end(lines: &mut Vec<DocLine>, returns: bool) -> bool {
    let compact = |line: &DocLine| line.text.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let Some(last) = lines.last().filter(|line| line.hidden) else { return false };
    let last = compact(last);
    if returns && last.starts_with("Ok(") && last.ends_with(")}") {
        lines.pop();
        return true;
    }
    if last != "}" {
        return false;
    }
    if !returns {
        lines.pop();
        return true;
    }
    let before = lines.len().checked_sub(2).map(|at| &lines[at]);
    if before.is_some_and(|line| line.hidden && compact(line).starts_with("Ok(")) {
        lines.truncate(lines.len() - 2);
        return true;
    }
    false
}

/// `Ok::<(), E>(())`, the last line that makes rustdoc's implicit `main` return a `Result`.
fn is_ok_turbofish(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.starts_with("Ok::<") && compact.trim_end_matches(';').ends_with("(())")
}

/// Every line indented by four spaces, except blank lines and lines that continue a string
/// literal (indenting those would change the string).
fn indent(code: &str) -> String {
    let inside_string = lines_starting_in_string(code);
    let mut lines = Vec::new();
    for (number, line) in code.lines().enumerate() {
        let as_is = line.is_empty() || inside_string.contains(&number);
        lines.push(if as_is { line.to_owned() } else { format!("    {line}") });
    }
    lines.join("\n")
}

impl Notebook {
    /// The notebook as nbformat 4.5 JSON, formatted the way Jupyter writes it (one-space indent,
    /// sorted keys, UTF-8 as is), outputs empty.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\n \"cells\": [");
        for (index, cell) in self.cells.iter().enumerate() {
            out.push_str(if index == 0 { "\n" } else { ",\n" });
            let id = format!("{}-{index:02}", self.stem);
            let (kind, extra) = match cell {
                Cell::Markdown(_) => ("markdown", ""),
                Cell::Code(_) | Cell::FoldedCode(_) => ("code", "   \"execution_count\": null,\n"),
            };
            let metadata = match cell {
                Cell::FoldedCode(_) => "{\n    \"jupyter\": {\n     \"source_hidden\": true\n    }\n   }",
                _ => "{}",
            };
            out.push_str(&format!(
                "  {{\n   \"cell_type\": \"{kind}\",\n{extra}   \"id\": {},\n   \"metadata\": {metadata},\n",
                json_string(&id)
            ));
            if cell.is_code() {
                out.push_str("   \"outputs\": [],\n");
            }
            out.push_str("   \"source\": ");
            out.push_str(&source_lines(cell.source()));
            out.push_str("\n  }");
        }
        out.push_str(if self.cells.is_empty() { "],\n" } else { "\n ],\n" });
        out.push_str(concat!(
            " \"metadata\": {\n",
            "  \"kernelspec\": {\n",
            "   \"display_name\": \"Rust\",\n",
            "   \"language\": \"rust\",\n",
            "   \"name\": \"rust\"\n",
            "  },\n",
            "  \"language_info\": {\n",
            "   \"codemirror_mode\": \"rust\",\n",
            "   \"file_extension\": \".rs\",\n",
            "   \"mimetype\": \"text/rust\",\n",
            "   \"name\": \"Rust\",\n",
            "   \"pygment_lexer\": \"rust\"\n",
            "  }\n",
            " },\n",
            " \"nbformat\": 4,\n",
            " \"nbformat_minor\": 5\n",
            "}\n"
        ));
        out
    }
}

/// A cell's `source`: a JSON list of its lines, each but the last ending in `\n`.
fn source_lines(text: &str) -> String {
    if text.is_empty() {
        return "[]".to_owned();
    }
    let pieces: Vec<String> = text.split_inclusive('\n').map(|line| format!("    {}", json_string(line))).collect();
    format!("[\n{}\n   ]", pieces.join(",\n"))
}

/// A JSON string literal, escaping like Python's `json.dumps(…, ensure_ascii=False)`.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every notebook of every edition, generated in memory from the chapters under `root`, as
/// the generated files of `cargo xtask notebooks` (which owns `notebooks/<edition>/`).
pub fn generate(root: &Path) -> io::Result<Generated> {
    let mut files = Vec::new();
    let mut owned = Vec::new();
    for edition in Edition::ALL {
        let dir = root.join("src").join(edition.code());
        let names = source::chapter_names(&dir)?;
        for name in &names {
            let text = source::read_chapter(&dir, name)?.text;
            let notebook = chapter_notebook(edition, name, &text, &names);
            files.push(generated::File::text(notebook_path(edition, name), notebook.to_json()));
        }
        owned.push(Path::new(NOTEBOOKS).join(edition.code()));
    }
    Ok(Generated { command: "cargo xtask notebooks", files, owned })
}

/// Where the notebook of chapter `name` (`ch06-focal-loss.md`) goes, relative to the repository
/// root: `notebooks/<edition>/ch06-focal-loss.ipynb`. A chapter in a subfolder gets a flat name
/// (`part/ch10.md` → `part-ch10.ipynb`): the notebooks' `:dep` paths assume one folder depth.
pub fn notebook_path(edition: Edition, name: &str) -> PathBuf {
    let stem = name.strip_suffix(".md").unwrap_or(name).replace('/', "-");
    Path::new(NOTEBOOKS).join(edition.code()).join(format!("{stem}.ipynb"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(info: &str, code: &str) -> CodeBlock {
        CodeBlock { info: info.into(), line: 1, lines: code.lines().map(str::to_owned).collect() }
    }

    fn code(cell: Cell) -> String {
        match cell {
            Cell::Code(code) => code,
            other => panic!("expected code, got {other:?}"),
        }
    }

    const MAIN: &str = "fn main() -> Result<(), Box<dyn std::error::Error>> {\n";

    #[test]
    fn main_wrapper_becomes_a_main_that_is_called() {
        let cell = rust_cell(&block(
            "rust",
            "# use losses::{focal_loss, LossError};\n# fn main() -> Result<(), LossError> {\n# // verifies: fl\nlet x = 1;\nassert_eq!(x, 1);\n# Ok(()) }\n",
        ));
        assert_eq!(
            code(cell),
            format!(
                "{MAIN}    use losses::{{focal_loss, LossError}};\n    let x = 1;\n    assert_eq!(x, 1);\n    Ok(())\n}}\nmain().unwrap();"
            )
        );
    }

    #[test]
    fn wrapper_closed_on_two_lines_and_helper_functions() {
        let cell = rust_cell(&block(
            "rust",
            "# fn main() -> Result<(), LossError> {\n# fn helper() -> u8 {\n#     1\n# }\nassert_eq!(helper(), 1);\n# Ok(())\n# }",
        ));
        assert_eq!(
            code(cell),
            format!(
                "{MAIN}    fn helper() -> u8 {{\n        1\n    }}\n    assert_eq!(helper(), 1);\n    Ok(())\n}}\nmain().unwrap();"
            )
        );
    }

    #[test]
    fn ok_turbofish_becomes_a_result_and_visible_comments_stay() {
        let cell = rust_cell(&block(
            "rust",
            "// verifies: mse\nuse losses::mean_squared_error;\n\nlet m = mean_squared_error(&[1.0], &[1.0])?;\n# Ok::<(), losses::LossError>(())\n",
        ));
        assert_eq!(
            code(cell),
            format!(
                "{MAIN}    // verifies: mse\n    use losses::mean_squared_error;\n\n    let m = mean_squared_error(&[1.0], &[1.0])?;\n    Ok(())\n}}\nmain().unwrap();"
            )
        );
    }

    #[test]
    fn plain_code_gets_a_plain_main() {
        let cell = rust_cell(&block(
            "rust",
            "# use losses::x;\n# // verifies: a\nlet f = |v: f64| v;\nassert_eq!(f(1.0), 1.0);",
        ));
        assert_eq!(
            code(cell),
            "fn main() {\n    use losses::x;\n    let f = |v: f64| v;\n    assert_eq!(f(1.0), 1.0);\n}\nmain();"
        );
    }

    #[test]
    fn visible_main_is_kept_and_called() {
        let cell = rust_cell(&block("rust", "fn main() -> Result<(), String> {\n    Ok(())\n}"));
        assert_eq!(code(cell), "fn main() -> Result<(), String> {\n    Ok(())\n}\nmain().unwrap();");
        let cell = rust_cell(&block("rust", "fn main() {\n    let _ = 1;\n}"));
        assert_eq!(code(cell), "fn main() {\n    let _ = 1;\n}\nmain();");
    }

    #[test]
    fn should_panic_and_compile_fail() {
        let cell = code(rust_cell(&block("rust,should_panic", "# use losses::x;\nx(-1.0).unwrap();")));
        assert_eq!(
            cell,
            "fn main() {\n    use losses::x;\n    x(-1.0).unwrap();\n}\n\
             assert!(std::panic::catch_unwind(main).is_err(), \"this code must panic\");"
        );
        let cell = code(rust_cell(&block("should_panic", "let v = f()?;\n# Ok::<(), E>(())")));
        assert!(
            cell.ends_with("assert!(std::panic::catch_unwind(|| main().unwrap()).is_err(), \"this code must panic\");")
        );
        let cell = rust_cell(&block("rust,compile_fail", "# use std::x;\nlet s: u8 = \"no\";"));
        assert_eq!(cell, Cell::Markdown("```rust\nlet s: u8 = \"no\";\n```".into()));
    }

    #[test]
    fn escaped_hash_and_string_continuations_are_kept() {
        let cell = code(rust_cell(&block(
            "rust",
            "## [derive(Debug)]\nstruct A;\nlet s = \"one\ntwo\";\nlet r = r#\"a\n\"b\"#;",
        )));
        assert_eq!(
            cell,
            "fn main() {\n    # [derive(Debug)]\n    struct A;\n    let s = \"one\ntwo\";\n    let r = r#\"a\n\"b\"#;\n}\nmain();"
        );
    }

    #[test]
    fn prose_figures_links_and_admonitions() {
        let chapter = "# 6. Focal\n\nIntro, see [chapter 5](ch05-x.md) and [its note](ch05-x.md#note).\n\n\
                       <!-- formula: fl -->\n$$\nx\n$$\n\n> [!WARNING]\n> Careful $p$.\n\n\
                       ![A plot](figures/focal-loss.svg)\n\n*Figure 6-1. A plot.*\n\n## Code\n\n\
                       ```rust\n# use losses::focal_loss;\nlet a = 1;\n```\n\n```text\nplain\n```\n";
        let names = vec!["ch05-x.md".to_owned(), "ch06-focal.md".to_owned()];
        let notebook = chapter_notebook(Edition::En, "ch06-focal.md", chapter, &names);
        assert_eq!(notebook.stem, "ch06-focal");
        let cells = &notebook.cells;
        let setup = code(cells[0].clone());
        assert!(setup.starts_with("// "), "{setup}");
        assert!(
            setup.ends_with(
                "\n:dep losses = { path = \"../../crates/losses\" }\n:dep figures = { path = \"../../crates/figures\" }"
            ),
            "{setup}"
        );
        assert_eq!(
            cells[1],
            Cell::Markdown(
                "# 6. Focal\n\nIntro, see [chapter 5](ch05-x.ipynb) and [its note](ch05-x.ipynb#note).\n\n$$\nx\n$$\n\n\
                 > **Warning**\n> Careful $p$."
                    .into()
            )
        );
        let figure = code(cells[2].clone());
        assert!(figure.starts_with(MAIN), "{figure}");
        assert!(figure.contains("figure.name == \"focal-loss\""), "{figure}");
        assert!(figure.contains("figures::Edition::En"), "{figure}");
        assert!(
            figure.contains("let book = std::fs::read_to_string(\"../../src/en/figures/focal-loss.svg\")?;"),
            "{figure}"
        );
        assert!(figure.contains("assert_eq!(svg.lines().take(2)"), "{figure}");
        assert!(
            figure.contains("println!(\"EVCXR_BEGIN_CONTENT image/svg+xml\\n{svg}\\nEVCXR_END_CONTENT\");"),
            "{figure}"
        );
        assert!(figure.ends_with("    Ok(())\n}\nmain().unwrap();"), "{figure}");
        assert_eq!(cells[3], Cell::Markdown("*Figure 6-1. A plot.*".into()));
        assert_eq!(cells[4], Cell::Markdown("## Code".into()));
        assert_eq!(cells[5], Cell::Code("fn main() {\n    use losses::focal_loss;\n    let a = 1;\n}\nmain();".into()));
        assert_eq!(cells[6], Cell::Markdown("```text\nplain\n```".into()));
        assert_eq!(cells.len(), 7);
    }

    #[test]
    fn explorer_becomes_an_editable_cell() {
        let chapter = "Text.\n\n<figure id=\"focal-explorer\">\n<img id=\"i\" src=\"figures/explorer/fl-gamma-2-alpha-0.25.svg\" alt=\"x\">\n\
                       <figcaption>Figure 6-4. The explorer.</figcaption>\n</figure>\n<script>\nvar a = \"<b>\";\n</script>\n\nMore.\n";
        let notebook = chapter_notebook(Edition::Ko, "ch06.md", chapter, &[]);
        let cells = &notebook.cells;
        assert_eq!(cells[1], Cell::Markdown("Text.".into()));
        let explorer = code(cells[2].clone());
        assert!(explorer.contains("let (gamma, alpha) = (2.0, Some(0.25));"), "{explorer}");
        assert!(explorer.contains("figures::explorer::grid(figures::Edition::Ko)?"), "{explorer}");
        assert!(explorer.contains("read_to_string(format!(\"../../src/ko/{src}\"))?;"), "{explorer}");
        assert_eq!(cells[3], Cell::Markdown("*Figure 6-4. The explorer.*\n\nMore.".into()));
        assert_eq!(
            explorer_values("figures/explorer/fl-gamma-0.5-alpha-none.svg"),
            Some(("0.5".into(), "None".into()))
        );
    }

    #[test]
    fn json_is_what_jupyter_writes() {
        let notebook = Notebook {
            stem: "ch01".into(),
            cells: vec![Cell::Code(":dep a".into()), Cell::Markdown("# 제목\n\n\"q\" \\ $x$\t".into())],
        };
        let json = notebook.to_json();
        assert!(json.starts_with(
            "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null,\n   \"id\": \"ch01-00\",\n   \
             \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    \":dep a\"\n   ]\n  },\n  {\n   \
             \"cell_type\": \"markdown\",\n   \"id\": \"ch01-01\",\n   \"metadata\": {},\n   \"source\": [\n    \
             \"# 제목\\n\",\n    \"\\n\",\n    \"\\\"q\\\" \\\\ $x$\\t\"\n   ]\n  }\n ],\n \"metadata\": {\n"
        ), "{json}");
        assert!(json.ends_with(" \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"));
        assert_eq!(json_string("\u{1}"), "\"\\u0001\"");
    }

    #[test]
    fn an_exercise_section_becomes_task_stub_grading_and_folded_solution() {
        let stub = "use losses::Label;\n\npub fn f(x: f64, label: Label) -> f64 {\n    todo!()\n}\n# assert_eq!(1, 1);";
        let solution = "pub fn f(x: f64) -> f64 {\n    x\n}\n# assert!(f(1.0) == 1.0);";
        let chapter = format!(
            "# 6. Focal\n\nText.\n\n{}\n\n## Exercises\n\nIntro.\n\n### 6.1 F\n\nThe task.\n\n{}\n```rust\n{stub}\n```\n\n\
             <details>\n<summary>Solution</summary>\n\n```rust\n{solution}\n```\n\n</details>\n\n{}\n",
            exercise_section::BEGIN,
            exercise_section::exercise_marker("ch06::f"),
            exercise_section::END
        );
        let notebook = chapter_notebook(Edition::En, "ch06.md", &chapter, &[]);
        let cells = &notebook.cells;
        let setup = code(cells[0].clone());
        assert!(setup.ends_with("\n:dep exercises = { path = \"../../crates/exercises\" }"), "{setup}");
        assert_eq!(cells[1], Cell::Markdown("# 6. Focal\n\nText.".into()));
        assert_eq!(cells[2], Cell::Markdown("## Exercises\n\nIntro.".into()));
        assert_eq!(cells[3], Cell::Markdown("### 6.1 F\n\nThe task.".into()));
        assert_eq!(
            code(cells[4].clone()),
            format!("// {}\nuse losses::Label;\n\npub fn f(x: f64, label: Label) -> f64 {{\n    todo!()\n}}", EN.stub)
        );
        let grading = code(cells[5].clone());
        assert_eq!(grading, grading_cell(Edition::En, "ch06::f"));
        assert!(grading.ends_with(
            "\nlet graded = exercises::notebook::grade(exercises::checks::ch06::f, f, exercises::Edition::En);"
        ));
        assert!(grading.contains("`cargo xtask exercise ch06`"), "{grading}");
        assert_eq!(cells[6], Cell::Markdown("**Solution**".into()));
        assert_eq!(
            cells[7],
            Cell::FoldedCode(
                "fn main() {\n    pub fn f(x: f64) -> f64 {\n        x\n    }\n    assert!(f(1.0) == 1.0);\n}\nmain();"
                    .into()
            )
        );
        assert_eq!(cells.len(), 8);
        assert!(notebook.to_json().contains(
            "   \"metadata\": {\n    \"jupyter\": {\n     \"source_hidden\": true\n    }\n   },\n   \"outputs\": [],"
        ));
        assert!(grading_cell(Edition::Ko, "ch07::g").contains("exercises::Edition::Ko"));
    }

    #[test]
    fn pinned_crates_are_versions_or_repository_paths() {
        assert_eq!(Dep::Version("0.5.1").spec(), "\"=0.5.1\"");
        assert_eq!(Dep::Path("crates/exercises").spec(), "{ path = \"../../crates/exercises\" }");
    }

    #[test]
    fn crate_mentions_are_path_roots() {
        assert!(mentions_crate("let x = approx::relative_eq!(1.0, 1.0);", "approx"));
        assert!(!mentions_crate("let x = my_approx::f();", "approx"));
        assert!(!mentions_crate("let x = a::approx::f();", "approx"));
        assert!(mentions_crate("use num_dual::Dual64;", "num-dual"));
    }
}
