//! Edition parity: the Korean and English editions differ in prose only, and their prose runs in
//! parallel.
//!
//! For every chapter file both editions must have the same display formulas (byte for byte, in
//! the same order, with the same markers: ids, bindings, checks and exemptions), the same figures, and the same Rust code — compared with
//! comments removed, since comments may be translated — with the same fence info strings
//! ([`compare_chapters`]).
//!
//! Their prose ([`compare_prose`], on the blocks of [`crate::prose`]) must have the same headings
//! (count, order, level), the same number of blocks — paragraphs, list items, tables — in each
//! section, of the same kinds; and each pair of blocks must link the same targets and state the
//! same numbers. Links and numbers are compared as multisets: word order differs between Korean
//! and English ("10,000개의 음성과 100개의 양성" / "100 positives and 10,000 negatives"), and the
//! glossary's rows are sorted differently in each edition. Numbers are compared in the canonical
//! form of [`crate::prose::numbers`] (digits only: `100,000`, `100 000` and `10만` are one number;
//! number words are not numbers, so a number one edition writes in digits the other writes in
//! digits too).

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use crate::markdown::Chapter;
use crate::prose::{self, Block, BlockKind};
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

/// One section of a chapter: its heading (none before the first) and the blocks under it.
struct Section<'b> {
    heading: Option<&'b Block>,
    blocks: Vec<&'b Block>,
}

fn sections(blocks: &[Block]) -> Vec<Section<'_>> {
    let mut sections = vec![Section { heading: None, blocks: Vec::new() }];
    for block in blocks {
        match block.kind {
            BlockKind::Heading(_) => sections.push(Section { heading: Some(block), blocks: Vec::new() }),
            _ => sections.last_mut().expect("one section at least").blocks.push(block),
        }
    }
    sections
}

fn level(block: &Block) -> usize {
    match block.kind {
        BlockKind::Heading(level) => level,
        _ => 0,
    }
}

/// `## Title` for messages.
fn heading_text(block: Option<&Block>) -> String {
    block.map_or_else(|| "<none>".into(), |b| format!("{} {}", "#".repeat(level(b)), b.excerpt(40)))
}

/// What only `left` has and what only `right` has, as multisets.
fn multiset_difference(left: &[String], right: &[String]) -> (Vec<String>, Vec<String>) {
    let mut only_right: Vec<String> = right.to_vec();
    let mut only_left = Vec::new();
    for item in left {
        match only_right.iter().position(|r| r == item) {
            Some(at) => {
                only_right.remove(at);
            }
            None => only_left.push(item.clone()),
        }
    }
    (only_left, only_right)
}

/// Differences between the prose of two editions of one chapter (their [`prose::blocks`], lines
/// already those of the chapter files), described for a human. Empty when they run in parallel.
pub fn compare_prose(left_name: &str, left: &[Block], right_name: &str, right: &[Block]) -> Vec<String> {
    let mut differences = Vec::new();
    let (left_sections, right_sections) = (sections(left), sections(right));
    let headings =
        |sections: &[Section<'_>]| -> Vec<usize> { sections.iter().filter_map(|s| s.heading).map(level).collect() };
    if headings(&left_sections) != headings(&right_sections) {
        let at =
            left_sections.iter().zip(&right_sections).position(|(l, r)| l.heading.map(level) != r.heading.map(level));
        let at = at.unwrap_or(left_sections.len().min(right_sections.len()));
        let (l, r) = (left_sections.get(at).and_then(|s| s.heading), right_sections.get(at).and_then(|s| s.heading));
        differences.push(format!(
            "headings differ ({} in {left_name}, {} in {right_name}); the first that does not pair: {left_name} line {} \
             `{}` vs {right_name} line {} `{}`. Both editions need the same headings, in the same order, at the same \
             levels",
            left_sections.len() - 1,
            right_sections.len() - 1,
            l.map_or(0, Block::line),
            heading_text(l),
            r.map_or(0, Block::line),
            heading_text(r),
        ));
        return differences;
    }
    for (l_section, r_section) in left_sections.iter().zip(&right_sections) {
        if let (Some(l), Some(r)) = (l_section.heading, r_section.heading) {
            compare_blocks(left_name, l, right_name, r, &mut differences);
        }
        if l_section.blocks.len() != r_section.blocks.len() {
            let rows = l_section.blocks.len().max(r_section.blocks.len());
            let describe = |block: Option<&&Block>| {
                block.map_or_else(|| "<none>".to_owned(), |b| format!("line {}: {}", b.line(), b.excerpt(36)))
            };
            let listing: Vec<String> = (0..rows)
                .map(|i| format!("    {} | {}", describe(l_section.blocks.get(i)), describe(r_section.blocks.get(i))))
                .collect();
            differences.push(format!(
                "section `{}` ({left_name} line {}, {right_name} line {}): {} blocks (paragraphs, list items, tables) \
                 in {left_name}, {} in {right_name}; a paragraph was added or removed in one edition, or split \
                 differently:\n{}",
                heading_text(l_section.heading),
                l_section.heading.map_or(1, Block::line),
                r_section.heading.map_or(1, Block::line),
                l_section.blocks.len(),
                r_section.blocks.len(),
                listing.join("\n")
            ));
            continue;
        }
        for (l, r) in l_section.blocks.iter().zip(&r_section.blocks) {
            compare_blocks(left_name, l, right_name, r, &mut differences);
        }
    }
    differences
}

/// Kind, links and numbers of one pair of blocks.
fn compare_blocks(left_name: &str, left: &Block, right_name: &str, right: &Block, differences: &mut Vec<String>) {
    let at = format!("{left_name} line {} and {right_name} line {}", left.line(), right.line());
    if left.kind != right.kind {
        differences.push(format!("{at}: a {:?} paired with a {:?}", left.kind, right.kind));
        return;
    }
    let (only_left, only_right) = multiset_difference(&left.links(), &right.links());
    if !only_left.is_empty() || !only_right.is_empty() {
        differences.push(format!(
            "{at}: links differ: only in {left_name} {only_left:?}, only in {right_name} {only_right:?}"
        ));
    }
    let (only_left, only_right) = multiset_difference(&left.numbers(), &right.numbers());
    if !only_left.is_empty() || !only_right.is_empty() {
        differences.push(format!(
            "{at}: numbers differ: only in {left_name} {only_left:?}, only in {right_name} {only_right:?} (numbers \
             are compared in digits: write a number in digits in both editions, or in words in both)"
        ));
    }
}

/// [`compare_prose`] for every chapter file present in both `left_dir` and `right_dir`, prefixed
/// with the file name; includes are expanded, and lines are those of the chapter files.
pub fn compare_prose_editions(left_dir: &Path, right_dir: &Path) -> io::Result<Vec<String>> {
    let (left_label, right_label) = (label(left_dir), label(right_dir));
    let right_names = source::chapter_names(right_dir)?;
    let mut differences = Vec::new();
    for name in source::chapter_names(left_dir)? {
        if !right_names.contains(&name) {
            continue; // compare_editions reports it
        }
        let blocks = |dir: &Path| -> io::Result<Vec<Block>> {
            let expanded = source::read_chapter(dir, &name)?;
            let mut blocks = prose::blocks(&expanded.text);
            for block in &mut blocks {
                block.map_lines(|line| expanded.chapter_line(line));
            }
            Ok(blocks)
        };
        let (left, right) = (blocks(left_dir)?, blocks(right_dir)?);
        differences.extend(
            compare_prose(&left_label, &left, &right_label, &right).into_iter().map(|d| format!("{name}: {d}")),
        );
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

    const KO_PROSE: &str = "# 초점 손실\n\n음성 10,000개와 양성 100개, [6장](ch06.md)을 봅니다.\n\n## 어려운 음성\n\n- 첫째: $\\gamma = 2$\n- 둘째\n\n| a | b |\n|---|---|\n| [x](x.md) | [y](y.md) |\n";
    const EN_PROSE: &str = "# Focal loss\n\nSee 100 positives and\n10 000 negatives, [Chapter 6](ch06.md).\n\n## Hard negatives\n\n- First: $\\gamma = 2$\n- Second\n\n| a | b |\n|---|---|\n| [y](y.md) | [x](x.md) |\n";

    fn compare_texts(ko: &str, en: &str) -> Vec<String> {
        compare_prose("ko", &prose::blocks(ko), "en", &prose::blocks(en))
    }

    #[test]
    fn parallel_prose_is_fine_whatever_the_word_order() {
        assert_eq!(compare_texts(KO_PROSE, EN_PROSE), Vec::<String>::new());
    }

    #[test]
    fn a_deleted_paragraph_is_caught_with_a_side_by_side_listing() {
        let found = compare_texts(KO_PROSE, &EN_PROSE.replace("- Second\n", ""));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].starts_with("section `## Hard negatives`") || found[0].starts_with("section `## 어려운 음성`"),
            "{found:#?}"
        );
        assert!(found[0].contains("3 blocks (paragraphs, list items, tables) in ko, 2 in en"), "{found:#?}");
        assert!(found[0].contains("line 8: 둘째 | line 10: | a | b |"), "{found:#?}");
    }

    #[test]
    fn headings_must_pair_in_count_and_level() {
        let found = compare_texts(KO_PROSE, &EN_PROSE.replace("## Hard", "### Hard"));
        assert!(found[0].contains("ko line 5 `## 어려운 음성` vs en line 6 `### Hard negatives`"), "{found:#?}");
        let found = compare_texts(KO_PROSE, &EN_PROSE.replace("## Hard negatives\n", ""));
        assert!(found[0].starts_with("headings differ (2 in ko, 1 in en)"), "{found:#?}");
    }

    #[test]
    fn different_numbers_and_links_are_caught() {
        let found = compare_texts(KO_PROSE, &EN_PROSE.replace("10 000", "1 000"));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .starts_with("ko line 3 and en line 3: numbers differ: only in ko [\"10000\"], only in en [\"1000\"]"),
            "{found:#?}"
        );
        let found = compare_texts(KO_PROSE, &EN_PROSE.replace("[x](x.md)", "[x](z.md)"));
        assert!(found[0].contains("links differ: only in ko [\"x.md\"], only in en [\"z.md\"]"), "{found:#?}");
        let found = compare_texts(KO_PROSE, &EN_PROSE.replace("- First", "First"));
        assert!(found[0].contains("a ListItem paired with a Paragraph"), "{found:#?}");
    }

    #[test]
    fn label_keeps_the_last_two_parts() {
        assert_eq!(label(Path::new("/repo/src/ko")), "src/ko");
    }
}
