//! Every exercise, in book order: where its stub, solution, check and wrong answers are, and its
//! task text in both languages, read from the stub's doc comment (the one source of the task).

use crate::check::Cases;
use crate::grade::{Outcome, grade};
use crate::{checks, solutions, wrong};
use book::Edition;

/// One exercise.
pub struct Exercise {
    /// The chapter module, e.g. `"ch07"`.
    pub chapter: &'static str,
    /// The function's name in that module.
    pub name: &'static str,
    /// Grades the learner's function (`crate::ch07::…`).
    pub learner: fn() -> Outcome,
    /// Grades the reference solution (`crate::solutions::ch07::…`).
    pub solution: fn() -> Outcome,
    /// Grades an untouched stub: a function of the same signature whose body is `todo!()`.
    pub stub: fn() -> Outcome,
    /// The plausible wrong answers the check must reject (`crate::wrong::ch07::…`).
    pub wrong_answers: &'static [WrongAnswer],
}

/// A wrong answer and how to grade it.
pub struct WrongAnswer {
    /// The function's name in `crate::wrong::<chapter>`.
    pub name: &'static str,
    /// Grades it.
    pub grade: fn() -> Outcome,
}

macro_rules! exercise {
    ($chapter:ident :: $name:ident, stub: $stub:expr, wrong: [$($wrong:ident),+ $(,)?]) => {
        Exercise {
            chapter: stringify!($chapter),
            name: stringify!($name),
            learner: || grade(|cases: &mut Cases| checks::$chapter::$name(crate::$chapter::$name, cases)),
            solution: || grade(|cases: &mut Cases| checks::$chapter::$name(solutions::$chapter::$name, cases)),
            stub: || grade(|cases: &mut Cases| checks::$chapter::$name($stub, cases)),
            wrong_answers: &[$(WrongAnswer {
                name: stringify!($wrong),
                grade: || grade(|cases: &mut Cases| checks::$chapter::$name(wrong::$chapter::$wrong, cases)),
            }),+],
        }
    };
}

/// Every exercise, chapter by chapter, in the order the book numbers them.
pub const EXERCISES: &[Exercise] = &[
    exercise!(ch02::sum_of_squared_errors, stub: |_, _| todo!(), wrong: [sse_with_half, sse_divided_by_n, sse_square_of_sum]),
    exercise!(ch02::residual_standard_error, stub: |_, _, _| todo!(), wrong: [rse_divides_by_n, rse_always_n_minus_2, rse_unchecked_subtraction]),
    exercise!(ch02::half_sum_of_squared_errors, stub: |_, _| todo!(), wrong: [half_sse_without_half, half_sse_averaged]),
    exercise!(ch03::kl_divergence, stub: |_, _| todo!(), wrong: [kl_without_zero_convention, kl_arguments_swapped, kl_common_logarithm]),
    exercise!(ch03::kl_div_batchmean, stub: |_, _| todo!(), wrong: [kl_div_mean_over_elements, kl_div_input_as_probabilities, kl_div_without_zero_convention]),
    exercise!(ch04::cross_entropy_error, stub: |_, _| todo!(), wrong: [cross_entropy_error_without_delta, cross_entropy_error_log10, cross_entropy_error_missing_minus]),
    exercise!(ch04::binary_cross_entropy_with_logits, stub: |_, _| todo!(), wrong: [bce_through_sigmoid, bce_with_indicator_as_sign, bce_softplus_as_written]),
    exercise!(ch04::softmax_cross_entropy, stub: |_, _| todo!(), wrong: [softmax_ce_as_written, softmax_ce_lse_minus_logit, softmax_ce_shift_by_first]),
    exercise!(ch05::balanced_cross_entropy, stub: |_, _, _| todo!(), wrong: [alpha_on_both_classes, alpha_inverted, balanced_ce_as_written]),
    exercise!(ch05::alpha_for_equal_shares, stub: |_, _| todo!(), wrong: [equal_shares_inverted, equal_shares_from_counts, equal_shares_nan_when_empty]),
    exercise!(ch06::focal_loss, stub: |_, _, _| todo!(), wrong: [focal_factor_of_p_t, focal_factor_of_p, focal_factor_in_log_space]),
    exercise!(ch06::mean_focal_loss, stub: |_, _, _| todo!(), wrong: [focal_of_mean_cross_entropy, mean_focal_nan_when_empty]),
    exercise!(ch07::binary_cross_entropy_grad, stub: |_, _| todo!(), wrong: [ce_grad_with_respect_to_p, ce_grad_missing_minus, ce_grad_with_indicator, ce_grad_by_subtraction]),
    exercise!(ch07::focal_loss_grad, stub: |_, _, _| todo!(), wrong: [focal_grad_with_respect_to_p_t, focal_grad_factor_held_constant, focal_grad_log_term_sign, focal_grad_as_written]),
    exercise!(ch07::fl_star_grad, stub: |_, _, _, _| todo!(), wrong: [fl_star_grad_times_gamma, fl_star_grad_without_label_sign]),
    exercise!(ch08::balanced_focal_loss_grad, stub: |_, _, _, _| todo!(), wrong: [alpha_on_both_classes_grad, alpha_inverted_grad, alpha_and_gamma_swapped]),
    exercise!(ch08::prior_bias, stub: |_| todo!(), wrong: [prior_bias_missing_minus, prior_bias_log10]),
    exercise!(ch08::loss_per_positive, stub: |_, _| todo!(), wrong: [loss_per_example, loss_of_positives_only, loss_per_positive_unchecked]),
    exercise!(ch09::log_sum_exp, stub: |_| todo!(), wrong: [lse_as_written, lse_shift_by_first, lse_nan_at_infinity]),
    exercise!(ch09::focal_loss_with_logits, stub: |_, _, _| todo!(), wrong: [focal_one_minus_sigmoid, focal_log_of_sigmoid, focal_softplus_as_written]),
    exercise!(ch09::sigmoid_rounds_to_one_f32, stub: || todo!(), wrong: [sigmoid_threshold_of_f64, sigmoid_threshold_from_epsilon]),
    exercise!(ch09::sigmoid_complement, stub: |_| todo!(), wrong: [complement_by_subtraction, complement_as_exponential]),
];

/// The chapters that have exercises, in order.
pub fn chapters() -> Vec<&'static str> {
    let mut chapters: Vec<&'static str> = EXERCISES.iter().map(|e| e.chapter).collect();
    chapters.dedup();
    chapters
}

/// The exercises of one chapter, in order.
pub fn of_chapter(chapter: &str) -> impl Iterator<Item = &'static Exercise> {
    EXERCISES.iter().filter(move |e| e.chapter == chapter)
}

impl Exercise {
    /// "7.2": chapter number, position in the chapter.
    pub fn number(&self) -> String {
        let position = of_chapter(self.chapter).position(|e| e.name == self.name).expect("listed") + 1;
        format!("{}.{position}", chapter_number(self.chapter))
    }

    /// `ch07::focal_loss_grad`.
    pub fn path(&self) -> String {
        format!("{}::{}", self.chapter, self.name)
    }

    /// The task, from the stub's doc comment.
    pub fn task(&self) -> Task {
        task(source(Source::Stub, self.chapter), self.name)
            .unwrap_or_else(|| panic!("src/{}.rs has no task for `{}`", self.chapter, self.name))
    }
}

/// 7 for `"ch07"`.
pub fn chapter_number(chapter: &str) -> u32 {
    chapter.trim_start_matches("ch").parse().expect("chapter modules are named chNN")
}

/// Which file of a chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `src/chNN.rs`, the learner's stubs (and the tasks).
    Stub,
    /// `src/solutions/chNN.rs`.
    Solution,
    /// `src/wrong/chNN.rs`.
    Wrong,
}

macro_rules! sources {
    ($($chapter:ident),+) => {
        /// The text of a chapter's file, as compiled into this crate.
        pub fn source(kind: Source, chapter: &str) -> &'static str {
            match (kind, chapter) {
                $(
                    (Source::Stub, stringify!($chapter)) => include_str!(concat!(stringify!($chapter), ".rs")),
                    (Source::Solution, stringify!($chapter)) => include_str!(concat!("solutions/", stringify!($chapter), ".rs")),
                    (Source::Wrong, stringify!($chapter)) => include_str!(concat!("wrong/", stringify!($chapter), ".rs")),
                )+
                _ => panic!("no chapter `{chapter}`"),
            }
        }
    };
}

sources!(ch02, ch03, ch04, ch05, ch06, ch07, ch08, ch09);

/// An exercise's task in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// Korean.
    pub ko: Section,
    /// English.
    pub en: Section,
}

impl Task {
    /// The task in `edition`'s language.
    pub fn get(&self, edition: Edition) -> &Section {
        match edition {
            Edition::Ko => &self.ko,
            Edition::En => &self.en,
        }
    }
}

/// A task in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading without its "연습 문제: " / "Exercise: " prefix.
    pub title: String,
    /// The paragraphs below the heading (Markdown).
    pub body: String,
}

/// The doc comment directly above `pub fn <name>(` in `source`, as written (without `/// `).
pub fn doc_comment(source: &str, name: &str) -> Option<Vec<String>> {
    let lines: Vec<&str> = source.lines().collect();
    let signature = format!("pub fn {name}(");
    let at = lines.iter().position(|line| line.starts_with(&signature))?;
    let start = lines[..at].iter().rposition(|line| !line.starts_with("///")).map_or(0, |i| i + 1);
    let doc = lines[start..at].iter().map(|line| line.strip_prefix("///").unwrap_or("").trim_start_matches(' '));
    Some(doc.map(str::to_string).collect())
}

/// Reads a task: the doc comment has a `# 연습 문제: <title>` section, then a
/// `# Exercise: <title>` section.
pub fn task(source: &str, name: &str) -> Option<Task> {
    let doc = doc_comment(source, name)?;
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in doc {
        if let Some(heading) = line.strip_prefix("# ") {
            sections.push((heading.to_string(), Vec::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push(line);
        }
    }
    let section = |prefix: &str, (heading, body): &(String, Vec<String>)| {
        Some(Section { title: heading.strip_prefix(prefix)?.to_string(), body: body.join("\n").trim().to_string() })
    };
    match sections.as_slice() {
        [ko, en] => Some(Task { ko: section("연습 문제: ", ko)?, en: section("Exercise: ", en)? }),
        _ => None,
    }
}

/// The names of the `pub fn`s of a source file, in order.
pub fn functions(source: &str) -> Vec<&str> {
    source.lines().filter_map(|line| line.strip_prefix("pub fn ")?.split('(').next()).collect()
}

/// The whole item `pub fn <name>(…) { … }` as written in `source`, without its doc comment: from
/// the signature line to the first line that is exactly `}`. This is the code the book shows.
pub fn function_source<'a>(source: &'a str, name: &str) -> Option<&'a str> {
    let signature = format!("pub fn {name}(");
    let start = source.find(&format!("\n{signature}"))? + 1;
    let end = start + source[start..].find("\n}\n")? + 2;
    Some(&source[start..end])
}

/// Is the body of `pub fn <name>` in `source` still exactly `todo!()`?
pub fn is_untouched_stub(source: &str, name: &str) -> bool {
    function_source(source, name).is_some_and(|item| {
        let body = item.split_once('{').map(|(_, body)| body.trim().trim_end_matches('}').trim());
        body == Some("todo!()")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "//! A module.\n\n/// # 연습 문제: 제곱\n///\n/// x²을 구하세요.\n///\n/// # Exercise: Square\n///\n/// Return x².\n/// Exactly.\npub fn square(x: f64) -> f64 {\n    todo!()\n}\n\npub fn cube(x: f64) -> f64 {\n    x * x * x\n}\n";

    #[test]
    fn reads_a_task_and_a_function() {
        let square = task(SOURCE, "square").unwrap();
        assert_eq!(square.ko, Section { title: "제곱".into(), body: "x²을 구하세요.".into() });
        assert_eq!(square.en, Section { title: "Square".into(), body: "Return x².\nExactly.".into() });
        assert_eq!(task(SOURCE, "cube"), None);
        assert_eq!(functions(SOURCE), ["square", "cube"]);
        assert_eq!(function_source(SOURCE, "cube"), Some("pub fn cube(x: f64) -> f64 {\n    x * x * x\n}"));
        assert!(is_untouched_stub(SOURCE, "square"));
        assert!(!is_untouched_stub(SOURCE, "cube"));
    }
}
