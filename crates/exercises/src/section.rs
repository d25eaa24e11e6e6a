//! The "연습 문제 / Exercises" section at the end of chapters 2–9, in both editions, generated
//! from this crate: the task from the stub's doc comment, the stub and the solution as they are
//! in `src/chNN.rs` and `src/solutions/chNN.rs`.
//!
//! The section is written into the chapter file, between the marker lines of
//! [`book::exercise_section`], so that the doctest harness of the `book` crate runs its
//! ```` ```rust ```` blocks: the stub with a hidden line asserting that the grader reports it
//! "not attempted", the solution (folded in a `<details>` block) with a hidden line asserting that
//! it passes. The code shown is the code tested: the stub's and the solution's source, byte for
//! byte, with the `use` lines of their file that they need.
//!
//! `cargo xtask exercises` writes the sections (`cargo run -p exercises -- book write`); a test
//! fails while a chapter's section differs from what this module makes now
//! (`tests/chapter_sections.rs`: "run `cargo xtask exercises`").

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use book::Edition;
use book::exercise_section;
use book::generated::{File, Generated};

use crate::catalog::{self, Exercise, Source};
use crate::text::Text;

/// The command that writes the sections.
pub const COMMAND: &str = "cargo xtask exercises";

struct Words {
    heading: Text,
    intro: Text,
    solution: Text,
}

/// `{chapter}` is the module (`ch06`).
const WORDS: Words = Words {
    heading: Text { en: "Exercises", ko: "연습 문제" },
    intro: Text {
        en: "The exercises of this chapter are the functions in `crates/exercises/src/{chapter}.rs`, whose bodies \
             are `todo!()`. Replace a body with your answer and grade it with `cargo xtask exercise {chapter}`: your \
             code is checked the way the book's own code is (reference values computed with mpmath, property tests \
             against the `losses` crate, the edge cases), and the report says, per exercise, passed, failed (with \
             the first failing input, the expected value and what your function returned) or not attempted. In the \
             chapter's notebook each exercise has its own grading cell. The solutions are folded away.",
        ko: "이 장의 연습 문제는 `crates/exercises/src/{chapter}.rs`에 있는, 본문이 `todo!()`인 함수들입니다. \
             본문을 여러분의 답으로 바꾼 뒤 `cargo xtask exercise {chapter}` 명령으로 채점하세요. 책의 코드를 \
             검증할 때와 같은 방법(mpmath로 구한 참값, `losses` 크레이트와 비교하는 속성 테스트, 경계 사례)으로 \
             확인해, 문제마다 통과, 실패(처음 틀린 입력, 기댓값, 여러분의 함수가 돌려준 값), 아직 풀지 않음 가운데 \
             하나로 알려 줍니다. 이 장의 노트북에는 문제마다 채점 셀이 있습니다. 풀이는 접어 두었습니다.",
    },
    solution: Text { en: "Solution", ko: "풀이" },
};

/// The code the book shows for an exercise's stub or solution, as written in its file: the `use`
/// lines the code needs, a blank line, the other functions of the file it calls (a solution may
/// build on the chapter's previous one), and the function.
///
/// A stub is shown as the repository ships it, its signature and `todo!()` (the body of every
/// stub in `src/` is `todo!()`; `tests/self_test.rs` checks it under `cargo xtask test`), so that a
/// reader who writes answers into `src/chNN.rs` still has an up-to-date book.
pub fn shown_code(kind: Source, exercise: &Exercise) -> String {
    let source = catalog::source(kind, exercise.chapter);
    let item = |name: &str| -> String {
        let function = catalog::function_source(source, name)
            .unwrap_or_else(|| panic!("{}: no `pub fn {name}`", file_of(kind, exercise.chapter)));
        match kind {
            Source::Stub => format!("{}\n    todo!()\n}}", function.lines().next().unwrap_or_default()),
            Source::Solution | Source::Wrong => function.to_string(),
        }
    };
    // The function and, transitively, the file's functions it calls, in file order.
    let mut needed = vec![exercise.name];
    let mut pending = vec![exercise.name];
    while let Some(name) = pending.pop() {
        let code = item(name);
        for other in catalog::functions(source) {
            if !needed.contains(&other) && mentions(&code, other) {
                needed.push(other);
                pending.push(other);
            }
        }
    }
    let functions: Vec<String> =
        catalog::functions(source).into_iter().filter(|name| needed.contains(name)).map(item).collect();
    let code = functions.join("\n\n");
    let uses: Vec<&str> = source
        .lines()
        .filter(|line| line.starts_with("use "))
        .filter(|line| imported_names(line).iter().any(|name| mentions(&code, name)))
        .collect();
    if uses.is_empty() { code } else { format!("{}\n\n{code}", uses.join("\n")) }
}

/// `src/chNN.rs`, `src/solutions/chNN.rs`, `src/wrong/chNN.rs`, for messages.
fn file_of(kind: Source, chapter: &str) -> String {
    match kind {
        Source::Stub => format!("src/{chapter}.rs"),
        Source::Solution => format!("src/solutions/{chapter}.rs"),
        Source::Wrong => format!("src/wrong/{chapter}.rs"),
    }
}

/// The names a `use` line brings into scope: `use a::b::{C, D as E};` → `C`, `E`.
fn imported_names(line: &str) -> Vec<&str> {
    let tree = line.trim().trim_start_matches("use ").trim_end_matches(';');
    let leaves = match tree.find('{') {
        Some(open) => tree[open + 1..].trim_end_matches('}'),
        None => tree.rsplit("::").next().unwrap_or(tree),
    };
    leaves
        .split(',')
        .filter_map(|leaf| leaf.split_whitespace().last())
        .map(|name| name.rsplit("::").next().unwrap_or(name))
        .collect()
}

/// Whether `code` names `name` as a whole word.
fn mentions(code: &str, name: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(name).any(|(at, _)| {
        code[..at].chars().next_back().is_none_or(|c| !is_word(c))
            && code[at + name.len()..].chars().next().is_none_or(|c| !is_word(c))
    })
}

/// The hidden doctest line that grades `function` (the name of the function in the block) with the
/// exercise's check.
fn grading_expression(exercise: &Exercise) -> String {
    format!(
        "exercises::grade::grade_with(exercises::checks::{}::{}, {})",
        exercise.chapter, exercise.name, exercise.name
    )
}

/// One exercise: heading, task, marker, stub, folded solution.
fn exercise_markdown(exercise: &Exercise, edition: Edition) -> String {
    let task = exercise.task();
    let section = task.get(edition);
    let grading = grading_expression(exercise);
    let stub = shown_code(Source::Stub, exercise);
    let solution = shown_code(Source::Solution, exercise);
    format!(
        "### {number} {title}\n\n{body}\n\n{marker}\n```rust\n{stub}\n\
         # assert_eq!({grading}, exercises::grade::Outcome::NotAttempted);\n```\n\n\
         <details>\n<summary>{summary}</summary>\n\n```rust\n{solution}\n\
         # let outcome = {grading};\n# assert!(outcome.is_passed(), \"{{outcome:?}}\");\n```\n\n</details>\n",
        number = exercise.number(),
        title = section.title,
        body = section.body,
        marker = exercise_section::exercise_marker(&exercise.path()),
        summary = WORDS.solution.get(edition),
    )
}

/// The text between the section's markers for `chapter` (`ch06`) in `edition`: starts and ends
/// with a blank line.
pub fn section(chapter: &str, edition: Edition) -> String {
    let mut out =
        format!("\n## {}\n\n{}\n", WORDS.heading.get(edition), WORDS.intro.get(edition).replace("{chapter}", chapter));
    for exercise in catalog::of_chapter(chapter) {
        out.push('\n');
        out.push_str(&exercise_markdown(exercise, edition));
    }
    out.push('\n');
    out
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Every chapter file of both editions that has exercises, with its section as this crate makes
/// it now (nothing owned: the chapter files are the authors', only the section is generated).
///
/// # Errors
/// An I/O error, or `InvalidData` saying what to do when a chapter with exercises has no section
/// (or unpaired markers), when a chapter without exercises has one, or when an exercise chapter
/// has no chapter file.
pub fn generate(root: &Path) -> io::Result<Generated> {
    let chapters = catalog::chapters();
    let mut files = Vec::new();
    for edition in Edition::ALL {
        let dir = root.join("src").join(edition.code());
        let names = book::source::chapter_names(&dir)?;
        for chapter in &chapters {
            if !names.iter().any(|name| name.starts_with(&format!("{chapter}-"))) {
                return Err(invalid(format!(
                    "src/{edition}/ has no chapter file `{chapter}-….md` for the exercises of crates/exercises/src/{chapter}.rs"
                )));
            }
        }
        for name in &names {
            let relative = PathBuf::from("src").join(edition.code()).join(name);
            let text = std::fs::read_to_string(root.join(&relative))?;
            let chapter = name.split('-').next().filter(|module| chapters.contains(module));
            let shown = relative.display();
            let replaced = match chapter {
                Some(chapter) => exercise_section::replace(&text, &section(chapter, edition)),
                None => match exercise_section::find(&text) {
                    Ok(None) => continue,
                    Ok(Some(range)) => Err(format!(
                        "line {}: an exercise section, but this chapter has no exercises in crates/exercises: remove \
                         the section's lines",
                        range.start
                    )),
                    Err(message) => Err(message),
                },
            };
            match replaced {
                Ok(Some(text)) => files.push(File::text(relative, text)),
                Ok(None) => {
                    return Err(invalid(format!(
                        "{shown}: no exercise section: put the two lines\n{}\n{}\nwhere the exercises go (the end of \
                         the chapter), then run `{COMMAND}`",
                        exercise_section::BEGIN,
                        exercise_section::END
                    )));
                }
                Err(message) => return Err(invalid(format!("{shown}: {message}"))),
            }
        }
    }
    Ok(Generated { command: COMMAND, files, owned: Vec::new() })
}

/// `cargo run -p exercises -- book write | check`: writes the sections into the chapters, or
/// checks that they are up to date (exit status 1 if not).
pub fn main(args: &[String]) -> ExitCode {
    let root = book::repo_root();
    let usage = || {
        eprintln!("usage: cargo run -p exercises -- book write | check");
        ExitCode::from(2)
    };
    let [command] = args else { return usage() };
    let generated = match generate(&root) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match command.as_str() {
        "write" => match generated.write(&root) {
            Ok(written) => {
                println!(
                    "exercises: the sections of {} chapter files ({} updated)",
                    generated.files.len(),
                    written.changed.len()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        "check" => generated.check_and_report(&root, || {
            format!("exercises: the sections of {} chapter files are up to date", generated.files.len())
        }),
        _ => usage(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EXERCISES;

    #[test]
    fn use_lines_name_what_they_import() {
        assert_eq!(imported_names("use losses::Label;"), ["Label"]);
        assert_eq!(
            imported_names("use losses::{Label, FocalParams as Params, activation::sigmoid};"),
            ["Label", "Params", "sigmoid"]
        );
        assert!(mentions("fn f(l: Label)", "Label") && !mentions("fn f(l: Labels)", "Label"));
    }

    #[test]
    fn the_code_shown_is_the_source_as_written() {
        for exercise in EXERCISES {
            for kind in [Source::Stub, Source::Solution] {
                let source = catalog::source(kind, exercise.chapter);
                if kind == Source::Stub && !catalog::is_untouched_stub(source, exercise.name) {
                    continue; // a reader's answer: the book shows the stub as shipped
                }
                let shown = shown_code(kind, exercise);
                let function = catalog::function_source(source, exercise.name).unwrap();
                assert!(shown.ends_with(function), "{}", exercise.path());
                for line in shown.lines() {
                    assert!(source.lines().any(|l| l == line), "{}: {line}", exercise.path());
                }
            }
        }
        let mean = EXERCISES.iter().find(|e| e.path() == "ch06::mean_focal_loss").unwrap();
        let shown = shown_code(Source::Solution, mean);
        assert!(shown.starts_with("use losses::Label;\n\npub fn focal_loss("), "{shown}");
        let focal = EXERCISES.iter().find(|e| e.path() == "ch06::focal_loss").unwrap();
        assert_eq!(
            shown_code(Source::Stub, focal),
            "use losses::Label;\n\npub fn focal_loss(p: f64, label: Label, gamma: f64) -> f64 {\n    todo!()\n}"
        );
        let sse = EXERCISES.iter().find(|e| e.path() == "ch02::sum_of_squared_errors").unwrap();
        assert!(shown_code(Source::Stub, sse).starts_with("pub fn sum_of_squared_errors("));
    }

    #[test]
    fn both_editions_show_the_same_code() {
        for chapter in catalog::chapters() {
            let code = |edition| {
                let text = section(chapter, edition);
                let mut code = Vec::new();
                let mut inside = false;
                for line in text.lines() {
                    if line.starts_with("```") {
                        inside = !inside;
                    } else if inside {
                        code.push(line.to_string());
                    }
                }
                code
            };
            assert_eq!(code(Edition::Ko), code(Edition::En), "{chapter}");
            assert!(!code(Edition::Ko).is_empty());
        }
    }
}
