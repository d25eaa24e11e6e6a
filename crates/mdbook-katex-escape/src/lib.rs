//! # mdbook-katex-escape — KaTeX's output versus mdBook's Markdown parser
//!
//! An mdBook preprocessor that runs right after mdbook-katex (book.toml:
//! `[preprocessor.katex-escape]`, `after = ["katex"]`), shipped as a library and a binary the way
//! rust-lang/book ships `mdbook-trpl`.
//!
//! mdbook-katex replaces every `$…$` and `$$…$$` of a chapter with KaTeX's HTML *before* mdBook
//! parses the chapter's Markdown. That HTML is inline HTML inside a paragraph, so pulldown-cmark
//! still reads the text between its tags as Markdown: in the TeX annotation of the MathML (what
//! screen readers and copy-paste use), `}_i … }_{` pairs into `<em>`, `\,` `\{` `\\` lose their
//! backslash, `` ` `` starts a code span, `[a](b)` becomes a link, `~` strikes through, `|` splits
//! a table cell; an `<em>` opened inside the math and closed outside it breaks the page's structure
//! (mdBook warns "unclosed HTML tag"). No mdbook-katex option changes this (`pre-render = false`
//! would need KaTeX's JavaScript in the browser).
//!
//! The fix, [`escape_chapter`]: rewrite every ASCII punctuation character in the *text* of KaTeX's
//! output (annotation, MathML tokens, `.katex-html` glyphs) as a numeric character reference:
//! `_` → `&#95;`, `\` → `&#92;`. The parser decodes a reference to the character and acts on none
//! of them, so the page shows exactly what KaTeX wrote. Tags, attributes and KaTeX's own
//! references (`&amp;`, `&lt;`, `&#x27;`) are left as they are, and so is everything outside
//! KaTeX's output.
//!
//! The library also tells where the math of a chapter is, exactly as mdbook-katex finds it
//! ([`source_math`], a mirror of its scanner), and where KaTeX's output and its TeX annotations
//! are in a built page ([`katex_outputs`], [`annotations`]): `cargo xtask test` uses these to check
//! every built page against its Markdown.
//!
//! ```
//! use mdbook_katex_escape::escape_chapter;
//! let rendered = r#"<span class="katex"><annotation encoding="application/x-tex">y_i</annotation></span>"#;
//! assert_eq!(
//!     escape_chapter(&format!("Text_ {rendered}")),
//!     r#"Text_ <span class="katex"><annotation encoding="application/x-tex">y&#95;i</annotation></span>"#
//! );
//! ```

use std::error::Error;
use std::fmt::Write as _;
use std::io::{self, Read, Write};

use serde_json::Value;

/// The errors of the preprocessor: reported to mdBook (on stderr), never matched on.
pub type Result<T = ()> = std::result::Result<T, Box<dyn Error>>;

/// How KaTeX's output for one formula starts (inline; a display formula is this inside
/// `<span class="katex-display">`).
pub const KATEX_START: &str = r#"<span class="katex">"#;

/// How KaTeX's output for LaTeX it cannot parse starts when `throw-on-error = false`: the TeX
/// source as text, which needs the same protection.
const KATEX_ERROR_START: &str = r#"<span class="katex-error""#;

/// How the TeX source inside KaTeX's MathML starts.
const ANNOTATION_START: &str = r#"<annotation encoding="application/x-tex">"#;
const ANNOTATION_END: &str = "</annotation>";

/// The preprocessor protocol: `supports <renderer>` says yes to every renderer (book.toml limits
/// it to `html`, like `katex`); no arguments reads `[context, book]` as JSON on stdin and writes
/// the book back on stdout.
pub fn run(args: &[String]) -> Result {
    match args {
        [supports, _renderer] if supports == "supports" => Ok(()),
        [] => {
            let mut input = String::new();
            io::stdin().read_to_string(&mut input)?;
            let output = preprocess(&input)?;
            let mut stdout = io::stdout().lock();
            stdout.write_all(output.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
        _ => Err("usage: mdbook-katex-escape [supports <renderer>] (an mdBook preprocessor)".into()),
    }
}

/// The preprocessor's work on mdBook's JSON: `[context, book]` in, the book out, with
/// [`escape_chapter`] applied to every chapter's content.
pub fn preprocess(input: &str) -> Result<String> {
    let value: Value = serde_json::from_str(input)?;
    let Value::Array(mut pair) = value else {
        return Err("mdBook sent no `[context, book]` array".into());
    };
    let mut book = match pair.len() {
        2 => pair.pop().expect("two elements"),
        n => return Err(format!("mdBook sent an array of {n} elements, expected [context, book]").into()),
    };
    let items = book
        .get_mut("items")
        .and_then(Value::as_array_mut)
        .ok_or("the book has no `items` array: has mdBook's preprocessor format changed?")?;
    escape_items(items);
    Ok(serde_json::to_string(&book)?)
}

/// Applies [`escape_chapter`] to each chapter of `items` and of their `sub_items`.
fn escape_items(items: &mut [Value]) {
    for item in items {
        let Some(chapter) = item.get_mut("Chapter") else {
            // `"Separator"` or `{"PartTitle": …}`.
            continue;
        };
        if let Some(Value::String(content)) = chapter.get_mut("content") {
            *content = escape_chapter(content);
        }
        if let Some(Value::Array(sub_items)) = chapter.get_mut("sub_items") {
            escape_items(sub_items);
        }
    }
}

/// `content` (a chapter's Markdown after mdbook-katex) with every ASCII punctuation character in
/// the text of KaTeX's output written as a character reference.
///
/// KaTeX's output is found the way mdbook-katex found the math: scanning with its rules (see
/// [`scan`]), so a literal `<span class="katex">` in a code span or fence is left alone.
pub fn escape_chapter(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + content.len() / 4);
    let mut copied = 0;
    for piece in scan(content) {
        if let Piece::Katex { start, end } = piece {
            out.push_str(&content[copied..start]);
            escape_katex_output(&content[start..end], &mut out);
            copied = end;
        }
    }
    out.push_str(&content[copied..]);
    out
}

/// Copies KaTeX's HTML for one formula, tags as they are and text escaped.
fn escape_katex_output(katex: &str, out: &mut String) {
    let mut rest = katex;
    while let Some(open) = rest.find('<') {
        escape_text(&rest[..open], out);
        let close = rest[open..].find('>').map_or(rest.len(), |at| open + at + 1);
        out.push_str(&rest[open..close]);
        rest = &rest[close..];
    }
    escape_text(rest, out);
}

/// Appends `text` with each ASCII punctuation character as `&#N;`, except character references
/// already there (`&amp;`, `&#x27;`), which are copied.
pub fn escape_text(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let length = match c {
            '&' => reference_length(rest).unwrap_or(0),
            _ => 0,
        };
        if length > 0 {
            out.push_str(&rest[..length]);
            rest = &rest[length..];
            continue;
        }
        if c.is_ascii_punctuation() {
            write!(out, "&#{};", u32::from(c)).expect("writing to a String cannot fail");
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// The length of the character reference `text` starts with (`&amp;`, `&#95;`, `&#x27;`), if any.
fn reference_length(text: &str) -> Option<usize> {
    let body = text.strip_prefix('&')?;
    let end = body.find(';')?;
    let name = &body[..end];
    let valid = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        (1..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    } else if let Some(decimal) = name.strip_prefix('#') {
        (1..=7).contains(&decimal.len()) && decimal.bytes().all(|b| b.is_ascii_digit())
    } else {
        name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && name.len() <= 32
            && name.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    valid.then_some(end + 2)
}

/// What [`scan`] finds in a chapter, as byte ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// `$…$` or `$$…$$`: `tex` is the range between the delimiters.
    Math { display: bool, tex: (usize, usize) },
    /// KaTeX's output for one formula (after mdbook-katex), up to its closing `</span>`.
    Katex { start: usize, end: usize },
}

/// Scans a chapter with mdbook-katex 0.10's rules (its `scan.rs`): byte by byte, `\` skips the
/// next byte, a backtick run skips to the next run of the same length (a code span or fence),
/// `$$` and then `$` open math that ends at the next unescaped same delimiter; an unclosed code
/// span or formula ends the scan. Also reports KaTeX's output where the scan meets it, so the
/// same walk finds the formulas in the Markdown and their output after mdbook-katex.
fn scan(text: &str) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'$' => {
                let display = bytes.get(at + 1) == Some(&b'$');
                let delimiter = if display { "$$" } else { "$" };
                let start = at + delimiter.len();
                let Some(end) = closing_delimiter(text, start, delimiter) else { break };
                pieces.push(Piece::Math { display, tex: (start, end) });
                at = end + delimiter.len();
            }
            b'\\' => at += 2,
            b'`' => match code_span_end(text, at) {
                Some(end) => at = end,
                None => break,
            },
            b'<' if text[at..].starts_with(KATEX_START) || text[at..].starts_with(KATEX_ERROR_START) => {
                match span_end(text, at) {
                    Some(end) => {
                        pieces.push(Piece::Katex { start: at, end });
                        at = end;
                    }
                    None => at += 1,
                }
            }
            _ => at += 1,
        }
    }
    pieces
}

/// Where the first `delimiter` at or after `from` that no odd run of backslashes precedes starts.
fn closing_delimiter(text: &str, from: usize, delimiter: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        at += text[at..].find(delimiter)?;
        let backslashes = bytes[..at].iter().rev().take_while(|&&b| b == b'\\').count();
        if backslashes % 2 == 0 {
            return Some(at);
        }
        at += delimiter.len();
    }
}

/// The end of the code span whose opening backtick run starts at `start` (mdbook-katex's
/// `process_backtick`: the next run of the same length; a longer run is skipped whole).
fn code_span_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let run = bytes[start..].iter().take_while(|&&b| b == b'`').count();
    let fence = "`".repeat(run);
    let mut at = start + run;
    loop {
        at += text[at..].find(&fence)? + run;
        if bytes.get(at) == Some(&b'`') {
            at += bytes[at..].iter().take_while(|&&b| b == b'`').count();
        } else {
            return Some(at);
        }
    }
}

/// The end (after `</span>`) of the `<span>` element starting at `start`, counting nested spans;
/// `None` if it never closes.
pub fn span_end(text: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(open) = text[at..].find('<') {
        let tag_start = at + open;
        let tag_end = tag_start + text[tag_start..].find('>')? + 1;
        let tag = &text[tag_start..tag_end];
        if tag.starts_with("</span") {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(tag_end);
            }
        } else if (tag.starts_with("<span ") || tag.starts_with("<span>")) && !tag.ends_with("/>") {
            depth += 1;
        }
        at = tag_end;
    }
    None
}

/// One formula of a chapter as mdbook-katex hands it to KaTeX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMath {
    /// `$$…$$` rather than `$…$`.
    pub display: bool,
    /// The TeX between the delimiters, exactly as written.
    pub tex: String,
    /// 1-based line of the opening delimiter.
    pub line: usize,
}

impl SourceMath {
    /// What KaTeX's annotation holds for it: mdbook-katex turns the newlines of KaTeX's output,
    /// the annotation's included, into spaces.
    pub fn annotation(&self) -> String {
        self.tex.replace('\n', " ")
    }
}

/// Every formula of a chapter's Markdown, in order, as mdbook-katex finds it.
pub fn source_math(markdown: &str) -> Vec<SourceMath> {
    scan(markdown)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Math { display, tex: (start, end) } => Some(SourceMath {
                display,
                tex: markdown[start..end].to_owned(),
                line: markdown[..start].matches('\n').count() + 1,
            }),
            Piece::Katex { .. } => None,
        })
        .collect()
}

/// The raw (entity-encoded) contents of every TeX annotation of `page`, in order.
pub fn annotations(page: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find(ANNOTATION_START) {
        rest = &rest[at + ANNOTATION_START.len()..];
        let end = rest.find(ANNOTATION_END).unwrap_or(rest.len());
        found.push(&rest[..end]);
        rest = &rest[end..];
    }
    found
}

/// The byte ranges of KaTeX's output in a built `page`, one per formula, in order: each starts at
/// a `<span class="katex">` and ends after its closing `</span>`.
pub fn katex_outputs(page: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = page[at..].find(KATEX_START) {
        let start = at + offset;
        let end = span_end(page, start).unwrap_or(page.len());
        found.push((start, end));
        at = start + KATEX_START.len();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// KaTeX 0.16.4's output for `\hat{y}_i`, shortened: what mdbook-katex puts into the Markdown.
    const HAT_Y_I: &str = r#"<span class="katex"><span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><msub><mover accent="true"><mi>y</mi><mo>^</mo></mover><mi>i</mi></msub></mrow><annotation encoding="application/x-tex">\hat{y}_i</annotation></semantics></math></span><span class="katex-html" aria-hidden="true"><span class="base"><span class="strut" style="height:0.8889em;"></span><span class="mord"><span class="mord">^</span></span></span></span></span>"#;

    /// `&#N;` references decoded (what the Markdown parser does to them).
    fn decode_numeric(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("&#") {
            out.push_str(&rest[..at]);
            let end = rest[at..].find(';').map(|e| at + e);
            match end.and_then(|end| rest[at + 2..end].parse::<u32>().ok().map(|n| (end, n))) {
                Some((end, n)) => {
                    out.push(char::from_u32(n).unwrap());
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push_str("&#");
                    rest = &rest[at + 2..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_text(text, &mut out);
        out
    }

    #[test]
    fn text_punctuation_becomes_references() {
        assert_eq!(escaped(r"\hat{y}_i"), "&#92;hat&#123;y&#125;&#95;i");
        assert_eq!(
            escaped("a*b ~c [d](e) `f` |g| h-- i..."),
            "a&#42;b &#126;c &#91;d&#93;&#40;e&#41; &#96;f&#96; &#124;g&#124; h&#45;&#45; i&#46;&#46;&#46;"
        );
        // KaTeX's own references stay; a bare `&` does not.
        assert_eq!(
            escaped("a &amp; b &lt; f&#x27;(x) &#8722; & c"),
            "a &amp; b &lt; f&#x27;&#40;x&#41; &#8722; &#38; c"
        );
        // Letters, digits, spaces and non-ASCII symbols are not Markdown.
        assert_eq!(escaped("x 2 ∑ −′ 손실"), "x 2 ∑ −′ 손실");
        assert_eq!(
            decode_numeric(&escaped(r"\left.\frac{a}{b}\right|_{p_t = 1} \{\,\} \\ &amp;")),
            r"\left.\frac{a}{b}\right|_{p_t = 1} \{\,\} \\ &amp;"
        );
    }

    #[test]
    fn only_katex_output_is_escaped() {
        let chapter = format!("Text_with *emphasis* and {HAT_Y_I} then `code_span` and {HAT_Y_I} [link](x.md)");
        let out = escape_chapter(&chapter);
        assert!(out.starts_with("Text_with *emphasis* and <span class=\"katex\">"), "{out}");
        assert!(out.ends_with("</span> [link](x.md)"), "{out}");
        assert!(out.contains("then `code_span` and"), "{out}");
        assert!(out.contains(r#"<annotation encoding="application/x-tex">&#92;hat&#123;y&#125;&#95;i</annotation>"#));
        assert!(out.contains(r#"<mo>&#94;</mo>"#), "MathML tokens too: {out}");
        assert!(out.contains(r#"<span class="strut" style="height:0.8889em;">"#), "attributes stay: {out}");
        assert_eq!(out.matches("&#95;i</annotation>").count(), 2);
        // Escaping twice changes nothing more: references are kept.
        assert_eq!(escape_chapter(&out), out);
    }

    #[test]
    fn display_and_error_output_are_escaped() {
        let display = format!(r#"<span class="katex-display">{HAT_Y_I}</span>"#);
        assert!(escape_chapter(&display).contains("&#92;hat"));
        let error = r#"a <span class="katex-error" title="ParseError" style="color:#cc0000">\frac_</span> b_"#;
        assert_eq!(
            escape_chapter(error),
            r#"a <span class="katex-error" title="ParseError" style="color:#cc0000">&#92;frac&#95;</span> b_"#
        );
    }

    #[test]
    fn katex_lookalikes_in_code_are_left_alone() {
        for chapter in [
            format!("```html\n{HAT_Y_I}\n```\n"),
            format!("Write `{HAT_Y_I}` here."),
            format!("Write ``a ` {HAT_Y_I}`` here."),
            format!("A \\$ sign, then `{HAT_Y_I}`"),
            // An unclosed code span stopped mdbook-katex too: nothing after it was rendered.
            format!("a ` b {HAT_Y_I}"),
            // Unbalanced spans are not KaTeX's.
            r#"<span class="katex"><span>x_y</span>"#.to_owned(),
        ] {
            assert_eq!(escape_chapter(&chapter), chapter);
        }
    }

    #[test]
    fn source_math_follows_mdbook_katex() {
        let markdown =
            "Inline $a_1$ and \\$5, `$code$`, ``a ` $b$``\n$$\nx_{i}\n$$\nand $y\nz$ $$w$$ \\\\$v$ $\\$$ end $open";
        let math = source_math(markdown);
        let found: Vec<(bool, &str, usize)> = math.iter().map(|m| (m.display, m.tex.as_str(), m.line)).collect();
        assert_eq!(
            found,
            [
                (false, "a_1", 1),
                (true, "\nx_{i}\n", 2),
                (false, "y\nz", 5),
                (true, "w", 6),
                (false, "v", 6),
                (false, "\\$", 6),
            ]
        );
        assert_eq!(math[1].annotation(), " x_{i} ");
    }

    #[test]
    fn preprocess_escapes_every_chapter() {
        let content = serde_json::to_string(&format!("x_ {HAT_Y_I}")).unwrap();
        let input = format!(
            r#"[{{"root":"/b","mdbook_version":"0.5.4"}},{{"items":[{{"Chapter":{{"name":"A","content":{content},"sub_items":[{{"Chapter":{{"name":"B","content":{content},"sub_items":[]}}}}]}}}},"Separator",{{"PartTitle":"P_"}}]}}]"#
        );
        let output: Value = serde_json::from_str(&preprocess(&input).unwrap()).unwrap();
        let a = &output["items"][0]["Chapter"];
        assert!(a["content"].as_str().unwrap().starts_with("x_ <span"));
        assert!(a["content"].as_str().unwrap().contains("&#92;hat"));
        assert!(a["sub_items"][0]["Chapter"]["content"].as_str().unwrap().contains("&#92;hat"));
        assert_eq!(output["items"][1], "Separator");
        assert_eq!(output["items"][2]["PartTitle"], "P_");

        assert!(preprocess(r#"[{}, {"sections": []}]"#).unwrap_err().to_string().contains("no `items`"));
        assert!(preprocess(r#"{"items": []}"#).is_err());
        assert!(preprocess("not json").is_err());
    }

    #[test]
    fn katex_outputs_and_annotations_are_found() {
        let page = format!("<p>a {HAT_Y_I} b <span class=\"katex-display\">{HAT_Y_I}</span></p>");
        let outputs = katex_outputs(&page);
        assert_eq!(outputs.len(), 2);
        for (start, end) in outputs {
            assert_eq!(&page[start..end], HAT_Y_I);
        }
        assert_eq!(annotations(&page), [r"\hat{y}_i", r"\hat{y}_i"]);
        assert!(katex_outputs("<p>no math</p>").is_empty());
    }

    #[test]
    fn the_protocol_answers_supports_and_rejects_other_arguments() {
        assert!(run(&["supports".into(), "html".into()]).is_ok());
        assert!(run(&["bogus".into()]).unwrap_err().to_string().starts_with("usage:"));
    }
}
