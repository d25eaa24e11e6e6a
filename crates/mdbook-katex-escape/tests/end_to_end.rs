//! The preprocessor end to end: a small book whose formulas hold every character mdBook's Markdown
//! parser acts on, built by the real mdBook and mdbook-katex, once without the preprocessor (the
//! TeX annotations come out wrong: the test can see the bug) and once with it (every annotation is
//! its formula's TeX, and the log has no warning).
//!
//! mdBook and mdbook-katex are not Rust dependencies: `cargo xtask test` installs them (pinned)
//! and sets `REQUIRE_BOOK_TOOLS=1`, which makes their absence a failure. Under a plain `cargo test`
//! on a machine without them the test says so on the terminal and returns.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `mdbook` and `mdbook-katex` run. Without them: a failure when `REQUIRE_BOOK_TOOLS` is
/// set (`cargo xtask test`), else a note written straight to the terminal — the test harness
/// captures `println!`/`eprintln!` of passing tests, not writes to the stderr handle — so a plain
/// `cargo test` never skips silently.
fn book_tools_present() -> bool {
    let missing: Vec<&str> = ["mdbook", "mdbook-katex"]
        .into_iter()
        .filter(|tool| !Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success()))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let what = format!("{} not installed", missing.join(" and "));
    assert!(std::env::var_os("REQUIRE_BOOK_TOOLS").is_none(), "{what}: run `cargo xtask install`");
    let _ = writeln!(
        std::io::stderr(),
        "note: mdbook-katex-escape's end-to-end test did not run: {what} (`cargo xtask test` installs and runs it)"
    );
    false
}

/// Formulas, each as KaTeX accepts it, with the traps they set for the parser.
const FORMULAS: &[&str] = &[
    r"\hat{y}_i - \sum_{j} y_j",                           // `}_` … `_` pairs into <em>
    r"\left.\frac{a}{b}\right|_{p=1} = \{ x \,|\, y \}",   // `\{` `\,` `\|` lose the backslash
    r"a*b*c \ast \text{a\_b}",                             // `*` pairs, `\_` is an escape
    r"a~b~c",                                              // strikethrough
    r"\text{it's ... -- `x` [a](b) <i> \& ![c](d)}",       // smart quotes, code span, link, image
    r"\begin{cases} 1 & x < 0 \\ 0 & x \ge 0 \end{cases}", // `\\` loses one backslash
    r"\|x\|_2 = |y|",                                      // `|` splits a table cell
];

fn chapter() -> String {
    let mut text = String::from("# Traps\n\n");
    for (index, tex) in FORMULAS.iter().enumerate() {
        text.push_str(&format!("Inline ${tex}$ and _more_ text.\n\n$$\n{tex}\n$$\n\n- in a list ${tex}$\n\n"));
        text.push_str(&format!("| a | b |\n|---|---|\n| {index} | ${tex}$ |\n\n> quoted ${tex}$\n\n"));
    }
    text
}

/// What each formula's annotation must read, in page order.
fn expected() -> Vec<String> {
    FORMULAS
        .iter()
        .flat_map(|tex| [tex.to_string(), format!(" {tex} "), tex.to_string(), tex.to_string(), tex.to_string()])
        .collect()
}

/// Builds the book in `dir`, with or without the preprocessor; returns the page and the log.
fn build(dir: &Path, escape: bool) -> (String, String) {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("src")).unwrap();
    let mut config = String::from(
        "[book]\ntitle = \"t\"\n[preprocessor.katex]\nrenderers = [\"html\"]\noutput = \"htmlAndMathml\"\n\
         no-css = true\nthrow-on-error = true\n[output.html.search]\nenable = false\n",
    );
    if escape {
        let exe = env!("CARGO_BIN_EXE_mdbook-katex-escape");
        config.push_str(&format!(
            "[preprocessor.katex-escape]\ncommand = \"'{exe}'\"\nafter = [\"katex\"]\nrenderers = [\"html\"]\n"
        ));
    }
    fs::write(dir.join("book.toml"), config).unwrap();
    fs::write(dir.join("src/SUMMARY.md"), "- [Traps](traps.md)\n").unwrap();
    fs::write(dir.join("src/traps.md"), chapter()).unwrap();
    let output = Command::new("mdbook")
        .arg("build")
        .current_dir(dir)
        .output()
        .expect("mdbook is not installed: run `cargo xtask install`");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "mdbook build failed:\n{log}");
    (fs::read_to_string(dir.join("book/traps.html")).unwrap(), log)
}

fn annotations(page: &str) -> Vec<String> {
    const START: &str = r#"<annotation encoding="application/x-tex">"#;
    page.split(START)
        .skip(1)
        .map(|rest| rest.split("</annotation>").next().unwrap())
        .map(|raw| {
            raw.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

/// Log lines at WARN or ERROR, less mdbook-katex's note that it was built against mdBook 0.5.3.
fn warnings(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains("WARN") || line.contains("ERROR"))
        .filter(|line| !line.contains("This mdbook-katex was built against"))
        .collect()
}

#[test]
fn annotations_survive_the_markdown_parser() {
    if !book_tools_present() {
        return;
    }
    let root: PathBuf = std::env::temp_dir().join(format!("mdbook-katex-escape-{}", std::process::id()));

    let (page, log) = build(&root.join("unprotected"), false);
    let wrong = annotations(&page).iter().zip(expected()).filter(|(shown, tex)| *shown != tex).count();
    assert!(wrong >= FORMULAS.len(), "without the preprocessor only {wrong} annotations differ: the traps miss");
    assert!(!warnings(&log).is_empty(), "without the preprocessor mdBook should warn about unclosed tags");

    let (page, log) = build(&root.join("protected"), true);
    assert_eq!(annotations(&page), expected());
    assert_eq!(warnings(&log), Vec::<&str>::new(), "{log}");
    // The only Markdown-made elements are the chapter's own `_more_`.
    assert_eq!(page.matches("<em>").count(), FORMULAS.len());
    for element in ["<del>", "<code>", "href=\"b\"", "<img", "<strong>"] {
        assert!(!page.contains(element), "{element} in the page");
    }
    let _ = fs::remove_dir_all(&root);
}
