//! The prose of a chapter, as the prose checks read it: its blocks (headings, paragraphs, list
//! items, tables), and inside each block what is prose and what is not (code, math, comments,
//! link targets, HTML tags, quotations).
//!
//! Two checks read it: the terminology check ([`crate::terminology`]), which looks for rejected
//! words in the prose only, and prose parity ([`crate::parity::compare_prose`]), which pairs the
//! blocks of the two editions and compares their links and the numbers they state.
//!
//! Like [`crate::markdown`], this is a line scanner for the book's conventions, not a CommonMark
//! parser:
//! - Code fences, display formulas (`$$ … $$`), HTML comments on their own lines and `<script>`
//!   elements are not prose and belong to no block; each ends the block before it.
//! - A blank line ends a block (inside a block quote too: a line holding only `>`), and so does
//!   entering or leaving a block quote.
//! - A heading (`#` … `######`) is a block of its own; every list item (`- `, `* `, `+ `, `1. `)
//!   starts a block; the rows of a table make one block.
//! - A block's lines are joined by single spaces, as a soft line break renders: a phrase wrapped
//!   over two lines is found like one on a single line.
//!
//! Inside a block, [`Segment`]s mark what is not prose: inline code, inline math `$…$` (`\$` is a
//! dollar sign), HTML comments, link targets (`[text](target)`, `![alt](target)`), and HTML tags.
//! [`quotations`](Block::quotations) are the spans between double quotation marks, straight
//! (`"…"`, paired left to right within the block) or curly (`“…”`): another voice — a sentence
//! quoted from a source, or a word mentioned rather than used. An unpaired mark quotes nothing.
//! Single quotation marks are apostrophes in English and quote nothing; block quotes are the
//! book's own notes (`> [!NOTE]`), not quotations, and their prose is checked like any other.

use std::ops::Range;

use crate::markdown::{find_backtick_run, html_attribute, is_closing_fence, opening_fence, strip_block_quote};

/// What kind of block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// `#` … `######`, with its level (1–6).
    Heading(usize),
    /// Running text (an admonition's `[!NOTE]` line included).
    Paragraph,
    /// One item of a bulleted or numbered list, its continuation lines included.
    ListItem,
    /// All rows of a table.
    Table,
}

/// What a [`Segment`] of a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// `` `…` ``, any number of backticks.
    Code,
    /// `$…$`.
    Math,
    /// `<!-- … -->`.
    Comment,
    /// The target of a link or image, between `](` and `)`.
    LinkTarget,
    /// An HTML tag `<…>` (its `href` and `src` are links).
    Tag,
}

/// A part of a block's text that is not prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// What it is.
    pub kind: SegmentKind,
    /// Its bytes in [`Block::text`].
    pub range: Range<usize>,
}

/// One block of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What kind of block.
    pub kind: BlockKind,
    /// The block's lines, block-quote markers, list markers and `#`s removed, trimmed, joined by
    /// single spaces.
    pub text: String,
    /// What in `text` is not prose, in order, not overlapping.
    pub segments: Vec<Segment>,
    /// Spans of `text` between double quotation marks, the marks included.
    pub quotations: Vec<Range<usize>>,
    /// `(byte offset in text, line)` for the start of each source line, in order.
    starts: Vec<(usize, usize)>,
}

impl Block {
    fn new(kind: BlockKind) -> Block {
        Block { kind, text: String::new(), segments: Vec::new(), quotations: Vec::new(), starts: Vec::new() }
    }

    fn push_line(&mut self, line: usize, content: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.starts.push((self.text.len(), line));
        self.text.push_str(content.trim());
    }

    /// The 1-based line of the block's first line.
    pub fn line(&self) -> usize {
        self.starts.first().map_or(0, |&(_, line)| line)
    }

    /// The line that byte `offset` of [`text`](Self::text) comes from.
    pub fn line_at(&self, offset: usize) -> usize {
        self.starts.iter().take_while(|&&(start, _)| start <= offset).last().map_or(0, |&(_, line)| line)
    }

    /// Renumbers the lines through `map` (see [`crate::markdown::Chapter::map_lines`]).
    pub fn map_lines(&mut self, map: impl Fn(usize) -> usize) {
        for (_, line) in &mut self.starts {
            *line = map(*line);
        }
    }

    /// The prose alone: [`text`](Self::text) with every segment and quotation blanked out (each
    /// byte a space, so offsets still point into `text`).
    pub fn prose(&self) -> String {
        let ranges = self.segments.iter().map(|s| s.range.clone()).chain(self.quotations.iter().cloned());
        blank(&self.text, ranges)
    }

    /// What the block states in its own words: [`text`](Self::text) with comments, link targets,
    /// HTML tags and inline code blanked out; math kept. Inline code is shown as written — an
    /// identifier, a call, or a form the glossary rejects in one edition only — not stated.
    pub fn stated(&self) -> String {
        let hidden = self.segments.iter().filter(|s| s.kind != SegmentKind::Math).map(|s| s.range.clone());
        blank(&self.text, hidden)
    }

    /// The link targets: of Markdown links and images, and the `href`/`src` of HTML tags, in order.
    pub fn links(&self) -> Vec<String> {
        let mut links = Vec::new();
        for segment in &self.segments {
            let inner = &self.text[segment.range.clone()];
            match segment.kind {
                SegmentKind::LinkTarget => {
                    let target = inner.split_whitespace().next().unwrap_or("");
                    links.push(target.trim_matches(|c| c == '<' || c == '>').to_owned());
                }
                SegmentKind::Tag => {
                    if let Some(autolink) = inner.strip_prefix('<').and_then(|t| t.strip_suffix('>'))
                        && (autolink.starts_with("http://") || autolink.starts_with("https://"))
                    {
                        links.push(autolink.to_owned());
                    }
                    for attribute in ["href", "src"] {
                        if let Some(value) = html_attribute(inner, attribute) {
                            links.push(value.to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
        links
    }

    /// The numbers the block states in digits ([`numbers`] of [`stated`](Self::stated)).
    pub fn numbers(&self) -> Vec<String> {
        numbers(&self.stated())
    }

    /// The first `chars` characters of the text, for messages.
    pub fn excerpt(&self, chars: usize) -> String {
        let mut excerpt: String = self.text.chars().take(chars).collect();
        if self.text.chars().count() > chars {
            excerpt.push('…');
        }
        excerpt
    }
}

/// `text` with the bytes of every range replaced by spaces.
fn blank(text: &str, ranges: impl Iterator<Item = Range<usize>>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        bytes[range].fill(b' ');
    }
    // Whole characters were replaced (ranges start and end at character boundaries).
    String::from_utf8(bytes).expect("ranges lie on character boundaries")
}

enum State {
    Text,
    Fence { marker: u8, length: usize },
    Math,
    Comment,
    Script,
}

/// The blocks of a chapter (its includes expanded), in order. Lines are lines of `markdown`.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<(Block, bool)> = None;
    let mut state = State::Text;
    let finish = |current: &mut Option<(Block, bool)>, blocks: &mut Vec<Block>| {
        if let Some((mut block, _)) = current.take() {
            (block.segments, block.quotations) = segments(&block.text);
            blocks.push(block);
        }
    };

    for (index, raw) in markdown.lines().enumerate() {
        let number = index + 1;
        let content = strip_block_quote(raw);
        let (next, inside) = match state {
            State::Fence { marker, length } if is_closing_fence(content, marker, length) => (State::Text, true),
            State::Math if content.contains("$$") => (State::Text, true),
            State::Comment if content.contains("-->") => (State::Text, true),
            State::Script if content.contains("</script>") => (State::Text, true),
            State::Text => (State::Text, false),
            other => (other, true),
        };
        state = next;
        if inside {
            continue;
        }
        let trimmed = content.trim();
        let quoted = raw.trim_start().starts_with('>');

        if let Some((marker, length, _)) = opening_fence(trimmed) {
            finish(&mut current, &mut blocks);
            state = State::Fence { marker, length };
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("$$") {
            finish(&mut current, &mut blocks);
            if !rest.contains("$$") {
                state = State::Math;
            }
            continue;
        }
        if trimmed.starts_with("<!--") && (!trimmed.contains("-->") || trimmed.ends_with("-->")) {
            finish(&mut current, &mut blocks);
            if !trimmed.contains("-->") {
                state = State::Comment;
            }
            continue;
        }
        if trimmed.starts_with("<script") {
            finish(&mut current, &mut blocks);
            if !trimmed.contains("</script>") {
                state = State::Script;
            }
            continue;
        }
        if trimmed.is_empty() {
            finish(&mut current, &mut blocks);
            continue;
        }
        if current.as_ref().is_some_and(|(_, was_quoted)| *was_quoted != quoted) {
            finish(&mut current, &mut blocks);
        }

        if let Some((level, title)) = heading(trimmed) {
            finish(&mut current, &mut blocks);
            let mut block = Block::new(BlockKind::Heading(level));
            block.push_line(number, title);
            current = Some((block, quoted));
            finish(&mut current, &mut blocks);
            continue;
        }
        let kind = if trimmed.starts_with('|') {
            BlockKind::Table
        } else if list_item(trimmed).is_some() {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        };
        let continues = match (&current, kind) {
            (Some((block, _)), BlockKind::Table) => block.kind == BlockKind::Table,
            (Some((block, _)), BlockKind::Paragraph) => block.kind != BlockKind::Table,
            _ => false,
        };
        if !continues {
            finish(&mut current, &mut blocks);
            current = Some((Block::new(kind), quoted));
        }
        let text = if kind == BlockKind::ListItem { list_item(trimmed).unwrap_or(trimmed) } else { trimmed };
        if let Some((block, _)) = current.as_mut() {
            block.push_line(number, text);
        }
    }
    finish(&mut current, &mut blocks);
    blocks
}

/// `(level, title)` of an ATX heading.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with(' '))).then(|| (level, rest.trim()))
}

/// The text after a list marker (`- `, `* `, `+ `, `12. `, `3) `), if `line` starts a list item.
fn list_item(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest);
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        return rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "));
    }
    None
}

/// The segments and quotations of a block's text.
fn segments(text: &str) -> (Vec<Segment>, Vec<Range<usize>>) {
    let mut segments = Vec::new();
    let mut quotations = Vec::new();
    let mut open_quote: Option<(usize, char)> = None;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let c = rest.chars().next().expect("not at the end");
        let mut push = |kind, range: Range<usize>| {
            let end = range.end;
            segments.push(Segment { kind, range });
            end
        };
        at = match c {
            '\\' => at + 1 + rest[1..].chars().next().map_or(0, char::len_utf8),
            '`' => {
                let run = rest.bytes().take_while(|&b| b == b'`').count();
                match find_backtick_run(&rest[run..], run) {
                    Some(end) => push(SegmentKind::Code, at..at + run + end + run),
                    None => at + run,
                }
            }
            '$' => match closing_dollar(&rest[1..]) {
                Some(end) => push(SegmentKind::Math, at..at + 1 + end + 1),
                None => at + 1,
            },
            '<' if rest.starts_with("<!--") => match rest.find("-->") {
                Some(end) => push(SegmentKind::Comment, at..at + end + 3),
                None => push(SegmentKind::Comment, at..text.len()),
            },
            '<' if rest[1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/') => match rest.find('>') {
                Some(end) => push(SegmentKind::Tag, at..at + end + 1),
                None => at + 1,
            },
            ']' if rest.starts_with("](") => {
                let start = at + 2;
                let mut depth = 0usize;
                let mut end = None;
                for (offset, b) in bytes[start..].iter().enumerate() {
                    match b {
                        b'(' => depth += 1,
                        b')' if depth == 0 => {
                            end = Some(start + offset);
                            break;
                        }
                        b')' => depth -= 1,
                        _ => {}
                    }
                }
                match end {
                    Some(end) => {
                        push(SegmentKind::LinkTarget, start..end);
                        end + 1
                    }
                    None => at + 2,
                }
            }
            '"' | '“' | '”' => {
                match open_quote {
                    Some((start, close)) if c == close => {
                        quotations.push(start..at + c.len_utf8());
                        open_quote = None;
                    }
                    None if c != '”' => open_quote = Some((at, if c == '"' { '"' } else { '”' })),
                    _ => {}
                }
                at + c.len_utf8()
            }
            _ => at + c.len_utf8(),
        };
    }
    (segments, quotations)
}

/// Offset in `text` of the first `$` not escaped by a backslash.
fn closing_dollar(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (offset, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '$' if !escaped => return Some(offset),
            _ => escaped = false,
        }
    }
    None
}

/// Group separators between thousands that numbers may be written with: `100,000`, `100 000`
/// (a space, thin space or no-break space), and in math `100{,}000` or `100\,000`.
const GROUP_SEPARATORS: [&str; 7] = [",", "{,}", "\\,", " ", "\u{2009}", "\u{202F}", "\u{A0}"];

/// The numbers written in digits in `text`, each in one canonical form, in order: group
/// separators removed (`100,000` and `100 000` are `100000`), Korean myriads multiplied out
/// (`10만` is `100000`, `1억` is `100000000`; not `만큼`, "as much as"), leading zeros dropped.
/// A run of digits with dots (`0.2.5`) is one token. Signs are not part of a number.
///
/// Number words are not numbers here — `three`, `셋`, `sixteen`, `십만` — with one exception:
/// English `zero` (and `zeros`) is `0`, because the Korean edition writes 0 in digits where English says
/// "zero", and the word means nothing else. Other number words are left alone because their
/// Korean counterparts cannot be told from ordinary words (`한` in `한국어`, `세` "world", `두`),
/// and the English `one` is also a pronoun. So a number the editions must agree on is written in
/// digits in both, or in words in both.
pub fn numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            if let Some(word) = ["zeros", "zero"].into_iter().find(|word| is_word_at(text, at, word)) {
                found.push("0".to_owned());
                at += word.len();
                continue;
            }
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let mut integer: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let mut end = at + integer.len();
        if integer.len() <= 3 {
            'groups: loop {
                for separator in GROUP_SEPARATORS {
                    let Some(after) = text[end..].strip_prefix(separator) else { continue };
                    let group: String = after.chars().take_while(char::is_ascii_digit).collect();
                    if group.len() == 3 {
                        integer.push_str(&group);
                        end += separator.len() + 3;
                        continue 'groups;
                    }
                }
                break;
            }
        }
        let mut fraction = String::new();
        let mut dots = 0;
        while let Some(after) = text[end..].strip_prefix('.') {
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() {
                break;
            }
            if dots > 0 {
                fraction.push('.');
            }
            fraction.push_str(&digits);
            dots += 1;
            end += 1 + digits.len();
        }
        let rest = &text[end..];
        let myriads = if rest.starts_with('만') && !rest.starts_with("만큼") {
            4
        } else if rest.starts_with('억') {
            8
        } else {
            0
        };
        found.push(canonical(&integer, &fraction, if dots <= 1 { myriads } else { 0 }));
        at = end;
    }
    found
}

/// Whether `word` (ASCII, any case) stands at byte `at` of `text` as a whole word.
fn is_word_at(text: &str, at: usize, word: &str) -> bool {
    let is_letter = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    text.get(at..at + word.len()).is_some_and(|found| found.eq_ignore_ascii_case(word))
        && !is_letter(text[..at].chars().next_back())
        && !is_letter(text[at + word.len()..].chars().next())
}

/// `integer.fraction × 10^shift`, without leading zeros or a trailing empty fraction.
fn canonical(integer: &str, fraction: &str, shift: usize) -> String {
    let (mut integer, mut fraction) = (integer.to_owned(), fraction.to_owned());
    if shift > 0 && !fraction.contains('.') {
        let moved = shift.min(fraction.len());
        integer.push_str(&fraction[..moved]);
        integer.push_str(&"0".repeat(shift - moved));
        fraction.drain(..moved);
    }
    let integer = integer.trim_start_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    if fraction.is_empty() { integer.to_owned() } else { format!("{integer}.{fraction}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(markdown: &str) -> Vec<(BlockKind, String)> {
        blocks(markdown).into_iter().map(|b| (b.kind, b.text)).collect()
    }

    #[test]
    fn blocks_are_split_at_blank_lines_headings_items_and_tables() {
        let markdown = "# Title\n\nOne paragraph\nover two lines.\n- item one\n  continued\n- item two\n\n| a | b |\n|---|---|\n| 1 | 2 |\nafter the table\n## Next\ntext\n";
        assert_eq!(
            kinds_and_texts(markdown),
            [
                (BlockKind::Heading(1), "Title".into()),
                (BlockKind::Paragraph, "One paragraph over two lines.".into()),
                (BlockKind::ListItem, "item one continued".into()),
                (BlockKind::ListItem, "item two".into()),
                (BlockKind::Table, "| a | b | |---|---| | 1 | 2 |".into()),
                (BlockKind::Paragraph, "after the table".into()),
                (BlockKind::Heading(2), "Next".into()),
                (BlockKind::Paragraph, "text".into()),
            ]
        );
    }

    #[test]
    fn code_math_comments_and_scripts_are_not_blocks() {
        let markdown = "before\n```rust\nlet x = \"a\";\n\nmore\n```\nafter\n\n<!-- formula: a -->\n$$\nx\n\ny\n$$\n<!-- a\ncomment -->\n<script>\nvar a = 1;\n</script>\nend\n";
        assert_eq!(
            kinds_and_texts(markdown),
            [
                (BlockKind::Paragraph, "before".into()),
                (BlockKind::Paragraph, "after".into()),
                (BlockKind::Paragraph, "end".into()),
            ]
        );
    }

    #[test]
    fn block_quotes_are_blocks_of_their_own() {
        let markdown = "text\n> [!NOTE]\n> **Note.** inside\n>\n> second\n\nout\n";
        assert_eq!(
            kinds_and_texts(markdown),
            [
                (BlockKind::Paragraph, "text".into()),
                (BlockKind::Paragraph, "[!NOTE] **Note.** inside".into()),
                (BlockKind::Paragraph, "second".into()),
                (BlockKind::Paragraph, "out".into()),
            ]
        );
    }

    #[test]
    fn lines_map_back() {
        let block = &blocks("\n\nfirst line\nsecond line\n")[0];
        assert_eq!(block.line(), 3);
        assert_eq!(block.line_at(block.text.find("second").unwrap()), 4);
        assert_eq!(block.line_at(0), 3);
    }

    #[test]
    fn prose_blanks_code_math_links_comments_tags_and_quotations() {
        let block = &blocks(
            "Say `code \"x\"` and $a \\$ b$ then [link](ch01.md) <!-- c --> <b>bold</b> \"quoted words\" “curly” \\$5 end\n",
        )[0];
        let prose = block.prose();
        assert_eq!(prose.len(), block.text.len());
        let words: Vec<&str> = prose.split_whitespace().collect();
        assert_eq!(words, ["Say", "and", "then", "[link](", ")", "bold", "\\$5", "end"]);
        assert_eq!(block.links(), ["ch01.md"]);
    }

    #[test]
    fn unpaired_quotation_marks_quote_nothing() {
        let block = &blocks("a \"quoted\" and an 8\" pipe\n")[0];
        assert_eq!(block.prose().split_whitespace().collect::<Vec<_>>(), ["a", "and", "an", "8\"", "pipe"]);
    }

    #[test]
    fn quotations_span_lines() {
        let block = &blocks("he said \"one\ntwo\" then\n")[0];
        assert_eq!(block.prose().split_whitespace().collect::<Vec<_>>(), ["he", "said", "then"]);
    }

    #[test]
    fn links_of_tags_and_autolinks() {
        let block = &blocks("![alt](figures/a.svg \"t\") <img src=\"b.png\"> <https://x.org/a> [t](<c d.md>)\n")[0];
        assert_eq!(block.links(), ["figures/a.svg", "b.png", "https://x.org/a", "c"]);
    }

    #[test]
    fn numbers_in_their_canonical_form() {
        let found = numbers("10,000 and 10{,}000, 100 000, 100\\,000, 10만 개, 1.5만, 2억, 0.25, 007, 0.2.5, 97.76%");
        assert_eq!(
            found,
            ["10000", "10000", "100000", "100000", "100000", "15000", "200000000", "0.25", "7", "0.2.5", "97.76"]
        );
        // Lists and tuples are not groups; 만큼 is not a myriad; signs and words are not numbers.
        assert_eq!(numbers("(1, 2, 3), 1,2, 2만큼, −3, three, 1,0000"), ["1", "2", "3", "1", "2", "2", "3", "1", "0"]);
        // `zero` and `zeros` are 0; `nonzero` and `zeroth` are not the word.
        assert_eq!(numbers("Zero, non-zero, nonzero, zeros, zeroth, zero."), ["0", "0", "0", "0"]);
    }

    #[test]
    fn stated_numbers_skip_link_targets_and_comments() {
        let block = &blocks("[2장](ch02-x.md) <!-- 7 --> $\\gamma = 2$ `f64` <img width=\"3\">\n")[0];
        assert_eq!(block.numbers(), ["2", "2"]);
    }
}
