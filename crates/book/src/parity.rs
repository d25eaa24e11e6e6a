//! Edition parity: the Korean and English editions differ in prose only.
//!
//! For every chapter file both editions must have the same display formulas (byte for byte, in
//! the same order, with the same markers: ids, bindings, checks and exemptions), the same figures, and the same Rust code — compared with
//! comments removed, since comments may be translated — with the same fence info strings.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use crate::markdown::Chapter;
use crate::source;

/// Differences between two editions of one chapter, described for a human. Empty when they match.
pub fn compare_chapters(left_name: &str, left: &Chapter, right_name: &str, right: &Chapter) -> Vec<String> {
    let mut differences = Vec::new();

    if left.formulas.len() != right.formulas.len() {
        differences.push(format!(
            "{} display formulas in {left_name}, {} in {right_name}",
            left.formulas.len(),
            right.formulas.len()
        ));
    }
    for (index, (l, r)) in left.formulas.iter().zip(&right.formulas).enumerate() {
        if l.id != r.id || l.text != r.text || l.marker != r.marker {
            differences.push(format!(
                "formula {} differs: {left_name} line {} (id {:?}) vs {right_name} line {} (id {:?}); \
                 formulas and their markers must be byte-identical",
                index + 1,
                l.line,
                l.id.as_deref().unwrap_or("none"),
                r.line,
                r.id.as_deref().unwrap_or("none"),
            ));
        }
    }

    if left.figures != right.figures {
        differences
            .push(format!("figures differ: {left_name} has {:?}, {right_name} has {:?}", left.figures, right.figures));
    }

    let left_rust: Vec<_> = left.code_blocks.iter().filter(|b| b.is_rust()).collect();
    let right_rust: Vec<_> = right.code_blocks.iter().filter(|b| b.is_rust()).collect();
    if left_rust.len() != right_rust.len() {
        differences.push(format!(
            "{} Rust blocks in {left_name}, {} in {right_name}",
            left_rust.len(),
            right_rust.len()
        ));
    }
    for (index, (l, r)) in left_rust.iter().zip(&right_rust).enumerate() {
        let block = index + 1;
        if l.info != r.info {
            differences.push(format!(
                "Rust block {block}: fence ```{} ({left_name} line {}) vs ```{} ({right_name} line {})",
                l.info, l.line, r.info, r.line
            ));
        }
        let (l_code, r_code) = (l.code_without_comments(), r.code_without_comments());
        if l_code != r_code {
            let at = l_code.iter().zip(&r_code).position(|(a, b)| a != b).unwrap_or(l_code.len().min(r_code.len()));
            differences.push(format!(
                "Rust block {block} ({left_name} line {}, {right_name} line {}) differs outside comments \
                 at code line {}: {:?} vs {:?}",
                l.line,
                r.line,
                at + 1,
                l_code.get(at).map_or("<end>", String::as_str),
                r_code.get(at).map_or("<end>", String::as_str),
            ));
        }
    }
    differences
}

/// Differences between the chapter trees `left_dir` and `right_dir`: files present in only one,
/// then [`compare_chapters`] for each file name present in both, prefixed with the file name.
pub fn compare_editions(left_dir: &Path, right_dir: &Path) -> io::Result<Vec<String>> {
    let left = source::load_chapters(left_dir)?;
    let right = source::load_chapters(right_dir)?;
    let left_names: BTreeSet<&str> = left.iter().map(|f| f.name.as_str()).collect();
    let right_names: BTreeSet<&str> = right.iter().map(|f| f.name.as_str()).collect();
    let (left_label, right_label) = (label(left_dir), label(right_dir));

    let mut differences = Vec::new();
    for name in left_names.symmetric_difference(&right_names) {
        let (has, lacks) =
            if left_names.contains(name) { (&left_label, &right_label) } else { (&right_label, &left_label) };
        differences.push(format!("{name}: exists in {has} but not in {lacks}"));
    }
    for l in &left {
        if let Some(r) = right.iter().find(|r| r.name == l.name) {
            differences.extend(
                compare_chapters(&left_label, &l.chapter, &right_label, &r.chapter)
                    .into_iter()
                    .map(|d| format!("{}: {d}", l.name)),
            );
        }
    }
    Ok(differences)
}

/// `src/ko` for `/…/src/ko`: enough to tell the editions apart in messages.
fn label(dir: &Path) -> String {
    let parts: Vec<_> = dir.iter().rev().take(2).collect();
    parts.iter().rev().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::scan;

    const KO: &str = "# 소개\n\n<!-- formula: a -->\n$$ a^2 $$\n\n![그림](figures/a.svg)\n\n```rust\n# // verifies: a\n// 한국어 주석\nlet x = 2.0_f64; // 값\nassert_eq!(x * x, 4.0);\n```\n";
    const EN: &str = "# Intro\n\nSome longer English prose\nover two lines.\n\n<!-- formula: a -->\n$$ a^2 $$\n\n![Figure](figures/a.svg)\n\n```rust\n# // verifies: a\n// An English comment\nlet x = 2.0_f64; // value\nassert_eq!(x * x, 4.0);\n```\n";

    fn compare(ko: &str, en: &str) -> Vec<String> {
        compare_chapters("ko", &scan(ko), "en", &scan(en))
    }

    #[test]
    fn translated_prose_and_comments_are_fine() {
        assert_eq!(compare(KO, EN), Vec::<String>::new());
    }

    #[test]
    fn different_formula_text_is_caught() {
        let found = compare(KO, &EN.replace("$$ a^2 $$", "$$ a^{2} $$"));
        assert!(found[0].contains("formula 1 differs"), "{found:?}");
    }

    #[test]
    fn different_formula_id_or_count_is_caught() {
        assert!(compare(KO, &EN.replace("formula: a", "formula: b"))[0].contains("id \"b\""));
        let found = compare(KO, &EN.replace("formula: a -->", "formula: a; where: a \\in [0, 1] -->"));
        assert!(found[0].contains("markers must be byte-identical"), "{found:?}");
        let found = compare(KO, &EN.replace("$$ a^2 $$", "$$ a^2 $$\n\n<!-- formula: c -->\n$$ c $$"));
        assert!(found[0].contains("1 display formulas in ko, 2 in en"), "{found:?}");
    }

    #[test]
    fn different_figures_are_caught() {
        let found = compare(KO, &EN.replace("figures/a.svg", "figures/b.svg"));
        assert!(found[0].starts_with("figures differ"), "{found:?}");
    }

    #[test]
    fn different_code_is_caught() {
        let found = compare(KO, &EN.replace("x * x", "x.powi(2)"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("differs outside comments at code line 2"), "{found:?}");
    }

    #[test]
    fn different_fence_or_block_count_is_caught() {
        let found = compare(KO, &EN.replace("```rust\n", "```rust,should_panic\n"));
        assert!(found[0].contains("fence ```rust"), "{found:?}");
        let found = compare(KO, &format!("{EN}\n```rust\nlet y = 1;\n```\n"));
        assert!(found[0].contains("1 Rust blocks in ko, 2 in en"), "{found:?}");
    }

    #[test]
    fn label_keeps_the_last_two_parts() {
        assert_eq!(label(Path::new("/repo/src/ko")), "src/ko");
    }
}
