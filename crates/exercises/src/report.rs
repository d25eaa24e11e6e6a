//! The learner's report: grades the functions in `src/chNN.rs` and says, per exercise, passed /
//! failed (with the first failing case: input, expected, got, hint) / not attempted.
//!
//! Used by `cargo xtask exercise ch07` (which runs `cargo run -p exercises -- ch07`, `src/main.rs`)
//! and `cargo test -p exercises -- ch07` (`tests/grade.rs`), the same function behind both; a
//! notebook's grading cell prints one outcome the same way ([`crate::notebook::grade`]).
//!
//! # Arguments
//! - chapters or exercises to grade: `ch07`, `7`, `ch07::focal_loss_grad`, `focal` (every
//!   exercise whose `chNN::name` contains it); none: one summary line per chapter;
//! - `--solutions`: print the solutions of the selected exercises (all without a chapter) as the
//!   book shows them, instead of grading;
//! - `--lang ko` / `--lang en`: the report's language (default: from `LC_ALL`, `LC_MESSAGES`,
//!   `LANG`; English unless they name Korean). Under `cargo test` use `LANG=ko`: the crate's
//!   libtest binaries receive the same arguments and reject options they do not know;
//! - the test harness's own options (`--nocapture`, `--test-threads 2`, …) are accepted and ignored.
//!
//! # Exit status
//! 0 when nothing that was attempted failed (not-attempted exercises do not fail the run: a fresh
//! clone grades clean), 1 when an attempted exercise failed, 2 for a usage error.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::catalog::{self, EXERCISES, Exercise, Source};
use crate::grade::Outcome;
use crate::section;
use crate::text::{self, Text};
use book::Edition;

/// Options of the harness `cargo test` may pass on, that take a value.
const HARNESS_OPTIONS_WITH_VALUE: &[&str] =
    &["--test-threads", "--format", "--color", "--skip", "--logfile", "--shuffle-seed", "-Z", "--report-time"];

struct Words {
    chapter: Text,
    passed: Text,
    failed: Text,
    panicked: Text,
    not_attempted: Text,
    cases: Text,
    input: Text,
    expected: Text,
    got: Text,
    panic: Text,
    hint: Text,
    summary_hint: Text,
}

const WORDS: Words = Words {
    chapter: Text { en: "Chapter {n} exercises ({file})", ko: "{n}장 연습 문제 ({file})" },
    passed: Text { en: "passed", ko: "통과" },
    failed: Text { en: "failed", ko: "실패" },
    panicked: Text { en: "failed: it panicked", ko: "실패: 패닉이 일어났습니다" },
    not_attempted: Text { en: "not attempted", ko: "아직 풀지 않음" },
    cases: Text { en: "cases", ko: "개 사례" },
    input: Text { en: "input:   ", ko: "입력:   " },
    expected: Text { en: "expected:", ko: "기댓값: " },
    got: Text { en: "got:     ", ko: "결과:   " },
    panic: Text { en: "panic:   ", ko: "패닉:   " },
    hint: Text { en: "hint:    ", ko: "도움말: " },
    summary_hint: Text {
        en: "Grade one chapter with `cargo xtask exercise ch07`.",
        ko: "한 장을 채점하려면 `cargo xtask exercise ch07`을 실행하세요.",
    },
};

/// What the command line asked for.
#[derive(Debug, PartialEq)]
struct Request {
    lang: Option<Edition>,
    filters: Vec<String>,
    help: bool,
    /// Show the solutions instead of grading.
    solutions: bool,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Request, String> {
    let mut request = Request { lang: None, filters: Vec::new(), help: false, solutions: false };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--lang" || arg.starts_with("--lang=") {
            let value = match arg.strip_prefix("--lang=") {
                Some(value) => value.to_string(),
                None => args.next().ok_or("--lang needs a value: ko or en")?,
            };
            request.lang =
                Some(text::parse_edition(&value).ok_or_else(|| format!("unknown language `{value}`: ko or en"))?);
        } else if arg == "--help" || arg == "-h" {
            request.help = true;
        } else if arg == "--solutions" {
            request.solutions = true;
        } else if HARNESS_OPTIONS_WITH_VALUE.contains(&arg.as_str()) {
            args.next();
        } else if arg.starts_with('-') {
            // Another option of the test harness (`--nocapture`, `--quiet`, …): not ours.
        } else if !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_digit()) {
            request.filters.push(format!("ch{:02}", arg.parse::<u32>().map_err(|e| e.to_string())?));
        } else {
            request.filters.push(arg);
        }
    }
    Ok(request)
}

fn matches(exercise: &Exercise, filters: &[String]) -> bool {
    filters.iter().any(|filter| exercise.path().contains(filter.as_str()))
}

const USAGE: &str = "usage: exercises [--lang ko|en] [--solutions] [CHAPTER|EXERCISE]...\n\
    \n  CHAPTER      ch02 … ch09 (or 2 … 9)\
    \n  EXERCISE     ch07::focal_loss_grad, or any part of it\
    \n  --solutions  show the solutions of the selected exercises instead of grading yours\
    \n\nWithout a chapter: one summary line per chapter (with --solutions: every solution).\
    \nExit status: 0 when nothing attempted failed, 1 when an exercise failed, 2 for a usage error.\n";

/// Runs the report for `args` (without the program name), writing to `out`.
pub fn run(args: impl IntoIterator<Item = String>, out: &mut impl Write) -> io::Result<u8> {
    let request = match parse(args) {
        Ok(request) => request,
        Err(message) => {
            write!(out, "{message}\n\n{USAGE}")?;
            return Ok(2);
        }
    };
    if request.help {
        write!(out, "{USAGE}")?;
        return Ok(0);
    }
    let lang = request.lang.unwrap_or_else(text::edition_from_environment);
    if request.filters.is_empty() && !request.solutions {
        return summary(lang, out);
    }
    let selected: Vec<&Exercise> =
        EXERCISES.iter().filter(|e| request.filters.is_empty() || matches(e, &request.filters)).collect();
    if selected.is_empty() {
        write!(out, "no exercise matches {}\n\n{USAGE}", request.filters.join(", "))?;
        return Ok(2);
    }
    if request.solutions {
        for exercise in selected {
            let file = format!("crates/exercises/src/solutions/{}.rs", exercise.chapter);
            let title = format!("{} {}", exercise.number(), exercise.task().get(lang).title);
            let code = section::shown_code(Source::Solution, exercise);
            writeln!(out, "{title} ({file})\n\n{code}\n")?;
        }
        return Ok(0);
    }
    let mut any_failed = false;
    for chapter in catalog::chapters() {
        let exercises: Vec<&&Exercise> = selected.iter().filter(|e| e.chapter == chapter).collect();
        if exercises.is_empty() {
            continue;
        }
        let file = format!("crates/exercises/src/{chapter}.rs");
        let n = catalog::chapter_number(chapter).to_string();
        writeln!(out, "{}\n", WORDS.chapter.get(lang).replace("{n}", &n).replace("{file}", &file))?;
        let mut counts = Counts::default();
        for exercise in exercises {
            let outcome = (exercise.learner)();
            counts.add(&outcome);
            write_outcome(out, lang, exercise, &outcome)?;
        }
        writeln!(out, "\n{chapter}: {}\n", counts.describe(lang))?;
        any_failed |= counts.failed > 0;
    }
    Ok(u8::from(any_failed))
}

/// One line per chapter.
fn summary(lang: Edition, out: &mut impl Write) -> io::Result<u8> {
    let mut any_failed = false;
    for chapter in catalog::chapters() {
        let mut counts = Counts::default();
        for exercise in catalog::of_chapter(chapter) {
            counts.add(&(exercise.learner)());
        }
        writeln!(out, "{chapter}: {}", counts.describe(lang))?;
        any_failed |= counts.failed > 0;
    }
    writeln!(out, "{}", WORDS.summary_hint.get(lang))?;
    Ok(u8::from(any_failed))
}

/// Prints `outcome` on standard output as the report does, without a title (the notebook's
/// grading cell, [`crate::notebook::grade`]).
pub(crate) fn print_outcome(lang: Edition, outcome: &Outcome) {
    let mut out = io::stdout().lock();
    if let Err(error) = write_titled(&mut out, lang, None, outcome) {
        eprintln!("exercises: cannot write the report: {error}");
    }
}

fn write_outcome(out: &mut impl Write, lang: Edition, exercise: &Exercise, outcome: &Outcome) -> io::Result<()> {
    let title = format!("{} {}", exercise.number(), exercise.task().get(lang).title);
    write_titled(out, lang, Some(&title), outcome)
}

/// `✓ 7.1 <title> — passed (146 cases)`, or without a title `✓ passed (146 cases)`; then the
/// details of a failure.
fn write_titled(out: &mut impl Write, lang: Edition, title: Option<&str>, outcome: &Outcome) -> io::Result<()> {
    let title = title.map_or(String::new(), |t| format!("{t} — "));
    let detail = |out: &mut dyn Write, word: Text, text: &str| writeln!(out, "         {} {text}", word.get(lang));
    match outcome {
        Outcome::Passed { cases } => {
            writeln!(out, "  ✓ {title}{} ({cases}{}{})", WORDS.passed.get(lang), space(lang), WORDS.cases.get(lang))
        }
        Outcome::NotAttempted => writeln!(out, "  · {title}{} (todo!())", WORDS.not_attempted.get(lang)),
        Outcome::Failed(failure) => {
            writeln!(out, "  ✗ {title}{}", WORDS.failed.get(lang))?;
            detail(out, WORDS.input, &failure.input)?;
            detail(out, WORDS.expected, failure.expected.get(lang))?;
            detail(out, WORDS.got, &failure.got)?;
            if let Some(hint) = failure.hint {
                detail(out, WORDS.hint, hint.get(lang))?;
            }
            Ok(())
        }
        Outcome::Panicked { input, message } => {
            writeln!(out, "  ✗ {title}{}", WORDS.panicked.get(lang))?;
            if let Some(input) = input {
                detail(out, WORDS.input, input)?;
            }
            detail(out, WORDS.panic, message)
        }
    }
}

/// "128 cases" in English, "128개 사례" in Korean.
fn space(lang: Edition) -> &'static str {
    match lang {
        Edition::En => " ",
        Edition::Ko => "",
    }
}

#[derive(Default)]
struct Counts {
    passed: usize,
    failed: usize,
    not_attempted: usize,
}

impl Counts {
    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Passed { .. } => self.passed += 1,
            Outcome::NotAttempted => self.not_attempted += 1,
            Outcome::Failed(_) | Outcome::Panicked { .. } => self.failed += 1,
        }
    }

    fn describe(&self, lang: Edition) -> String {
        match lang {
            Edition::En => {
                format!("{} passed, {} failed, {} not attempted", self.passed, self.failed, self.not_attempted)
            }
            Edition::Ko => format!("통과 {}, 실패 {}, 아직 풀지 않음 {}", self.passed, self.failed, self.not_attempted),
        }
    }
}

/// `main` of the `exercises` binary and of the `grade` test harness: the report for the process's
/// arguments on standard output, and its exit status.
pub fn main() -> ExitCode {
    let mut out = io::stdout().lock();
    match run(std::env::args().skip(1), &mut out) {
        Ok(status) => ExitCode::from(status),
        Err(error) => {
            eprintln!("exercises: cannot write the report: {error}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(args: &[&str]) -> Result<Request, String> {
        parse(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn arguments() {
        let r = request(&["--lang", "ko", "7", "--test-threads", "2", "--nocapture", "ch02::residual"]).unwrap();
        assert_eq!(
            r,
            Request {
                lang: Some(Edition::Ko),
                filters: vec!["ch07".into(), "ch02::residual".into()],
                help: false,
                solutions: false
            }
        );
        assert_eq!(request(&["--lang=en"]).unwrap().lang, Some(Edition::En));
        assert!(request(&["--lang", "fr"]).is_err());
        assert!(request(&["--lang"]).is_err());
    }

    #[test]
    fn solutions_are_shown_as_the_book_shows_them() {
        let mut out = Vec::new();
        assert_eq!(
            run(["ch06::focal_loss".to_string(), "--solutions".into(), "--lang=en".into()], &mut out).unwrap(),
            0
        );
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("6.1 Focal loss (crates/exercises/src/solutions/ch06.rs)\n\nuse losses::Label;\n"),
            "{out}"
        );
        assert!(out.contains(
            crate::catalog::function_source(crate::catalog::source(Source::Solution, "ch06"), "focal_loss").unwrap()
        ));
        assert!(!out.contains("6.2"));
    }

    #[test]
    fn unknown_chapter_is_a_usage_error() {
        let mut out = Vec::new();
        assert_eq!(run(["ch42".to_string()], &mut out).unwrap(), 2);
        assert!(String::from_utf8(out).unwrap().starts_with("no exercise matches ch42"));
    }
}
