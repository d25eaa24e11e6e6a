//! Checks that KaTeX's output survived mdBook's Markdown parser (see the `mdbook-katex-escape`
//! crate for why it might not), run on every built page by [`super::rendered`]:
//!
//! - [`markdown_in_math`]: no HTML tag inside an `<annotation>` and no Markdown-made element
//!   (`<em>`, `<a>`, `<code>` …) inside KaTeX's output;
//! - [`source_mismatches`]: each annotation equals, in order, the TeX of the chapter's formulas as
//!   mdbook-katex finds them ([`source_math`]); display formulas are cross-checked against the
//!   book crate's scanner.

use book::markdown;
use book::source::Expanded;
use mdbook_katex_escape::{SourceMath, annotations, katex_outputs, source_math};

use crate::util::html;

/// Elements that only Markdown makes: one of them inside KaTeX's output means the parser read it.
const MARKDOWN_ELEMENTS: &[&str] = &["em", "strong", "del", "code", "a", "img", "br", "p", "sup", "input"];

/// Signs that mdBook's Markdown parser got into KaTeX's output: an HTML tag inside a TeX
/// annotation, or an element only Markdown makes (`<em>`, `<a>` …) inside a formula.
pub fn markdown_in_math(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (index, annotation) in annotations(page).iter().enumerate() {
        if let Some(at) = annotation.find('<') {
            let tag: String = annotation[at..].chars().take_while(|&c| c != '>').chain(['>']).collect();
            found.push(format!(
                "formula {}: the TeX annotation contains the HTML tag {tag} (mdBook parsed KaTeX's output as \
                 Markdown; is [preprocessor.katex-escape] in book.toml?): {:?}",
                index + 1,
                shorten(&html::decode_entities(annotation))
            ));
        }
    }
    for (index, (start, end)) in katex_outputs(page).into_iter().enumerate() {
        let made: Vec<String> = html::tags(&page[start..end])
            .into_iter()
            .filter(|tag| MARKDOWN_ELEMENTS.contains(&tag.name.as_str()))
            .map(|tag| format!("<{}>", tag.name))
            .collect();
        if !made.is_empty() {
            found.push(format!(
                "formula {}: KaTeX's output contains {} (made by mdBook's Markdown parser)",
                index + 1,
                made.join(" ")
            ));
        }
    }
    found
}

/// How a chapter page's TeX annotations differ from its Markdown's formulas: count, then each
/// formula in order (entities decoded, at most [`MAX_REPORTED`] reported). Also a `>` block-quote
/// marker inside a formula, which mdbook-katex hands to KaTeX as TeX, and display formulas on
/// which [`source_math`] and the book crate's scanner disagree.
pub fn source_mismatches(page: &str, expanded: &Expanded) -> Vec<String> {
    let markdown = expanded.text.as_str();
    let chapter = markdown::scan(markdown);
    let line = |line: usize| expanded.chapter_line(line);
    let expected = source_math(markdown);
    let mut found = Vec::new();

    let displays: Vec<&SourceMath> = expected.iter().filter(|math| math.display).collect();
    let scanned: Vec<(usize, &str)> =
        chapter.formulas.iter().map(|formula| (formula.line, between_delimiters(&formula.text))).collect();
    let agree = displays.len() == scanned.len()
        && displays.iter().zip(&scanned).all(|(math, (at, tex))| math.line == *at && math.tex == *tex);
    if !agree {
        found.push(format!(
            "the display formulas as mdbook-katex finds them (lines {:?}) are not the `$$` blocks of the \
             Markdown (lines {:?}): a stray `$` or backtick swallows math",
            displays.iter().map(|math| line(math.line)).collect::<Vec<_>>(),
            scanned.iter().map(|(at, _)| line(*at)).collect::<Vec<_>>(),
        ));
    }

    for math in &expected {
        let continuation = math.tex.lines().skip(1);
        if continuation.map(str::trim_start).any(|text| text.starts_with('>')) {
            found.push(format!(
                "line {}: a block-quote `>` inside the formula: mdbook-katex hands it to KaTeX, which draws it; \
                 put the formula outside the quote or on one line",
                line(math.line)
            ));
        }
    }

    let actual = annotations(page);
    if actual.len() != expected.len() {
        found.push(format!(
            "{} formulas in the Markdown, {} TeX annotations in the page",
            expected.len(),
            actual.len()
        ));
    }
    let mismatches = expected
        .iter()
        .zip(&actual)
        .map(|(math, annotation)| (math, html::decode_entities(annotation)))
        .filter(|(math, shown)| *shown != math.annotation());
    for (math, shown) in mismatches.take(MAX_REPORTED) {
        found.push(format!(
            "line {}: the TeX annotation is {:?}, the Markdown has {:?}",
            line(math.line),
            shorten(&shown),
            shorten(&math.annotation())
        ));
    }
    found
}

/// Enough mismatches of one page to see the pattern.
const MAX_REPORTED: usize = 5;

/// A formula's text from the book crate's scanner (`$$` lines included) without its delimiters.
fn between_delimiters(text: &str) -> &str {
    let start = text.find("$$").map_or(0, |at| at + 2);
    let end = text.rfind("$$").filter(|&end| end >= start).unwrap_or(text.len());
    &text[start..end]
}

fn shorten(text: &str) -> String {
    const LIMIT: usize = 120;
    if text.chars().count() <= LIMIT { text.to_owned() } else { text.chars().take(LIMIT).chain(['…']).collect() }
}

#[cfg(test)]
mod tests {

    use super::*;

    /// KaTeX 0.16.4's output for `\hat{y}_i`, shortened: what mdbook-katex puts into the Markdown.
    const HAT_Y_I: &str = r#"<span class="katex"><span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><msub><mover accent="true"><mi>y</mi><mo>^</mo></mover><mi>i</mi></msub></mrow><annotation encoding="application/x-tex">\hat{y}_i</annotation></semantics></math></span><span class="katex-html" aria-hidden="true"><span class="base"><span class="strut" style="height:0.8889em;"></span><span class="mord"><span class="mord">^</span></span></span></span></span>"#;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        mdbook_katex_escape::escape_text(text, &mut out);
        out
    }

    /// A page as mdBook wrote it from unprotected KaTeX output (abridged from the bug).
    const CORRUPTED: &str = r#"<p><span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>u</mi></mrow><annotation encoding="application/x-tex">\frac{u}{p_t}\right|<em>{p_t = 1} \ v\big|</em>{p_t = 1}</annotation></semantics></math></span><span class="katex-html">u</span></span></p>"#;

    fn page_of(annotations: &[&str]) -> String {
        annotations
            .iter()
            .map(|tex| HAT_Y_I.replace(r"\hat{y}_i", &escaped(tex)))
            .map(|katex| format!("<p>{katex}</p>"))
            .collect()
    }

    #[test]
    fn markdown_inside_math_is_caught() {
        let found = markdown_in_math(CORRUPTED);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("formula 1: the TeX annotation contains the HTML tag <em>"), "{found:#?}");
        assert!(found[1].contains("KaTeX's output contains <em>"), "{found:#?}");

        let linked = page_of(&["x"]).replace("<mi>y</mi>", r#"<mi><a href="b">y</a></mi>"#);
        assert!(markdown_in_math(&linked)[0].contains("contains <a>"), "{:?}", markdown_in_math(&linked));
        assert!(markdown_in_math(&page_of(&[r"\hat{y}_i", "a*b*c"])).is_empty());
    }

    #[test]
    fn annotations_must_match_the_markdown() {
        let markdown = "<!-- formula: f -->\n$$\n\\hat{y}_i \\,\n$$\n\nand $a*b$.\n";
        assert_eq!(
            source_mismatches(&page_of(&[r" \hat{y}_i \, ", "a*b"]), &Expanded::plain(markdown)),
            Vec::<String>::new()
        );

        // What the parser made of it: a lost backslash, an emphasis.
        let found = source_mismatches(&page_of(&[r" \hat{y}_i , ", "a*b"]), &Expanded::plain(markdown));
        assert_eq!(found, [r#"line 2: the TeX annotation is " \\hat{y}_i , ", the Markdown has " \\hat{y}_i \\, ""#]);
        let found = source_mismatches(
            &CORRUPTED.replace("</p>", &format!("</p>{}", page_of(&["a*b"]))),
            &Expanded::plain(markdown),
        );
        assert!(found[0].starts_with("line 2: the TeX annotation is \"\\\\frac{u}{p_t}\\\\right|<em>"), "{found:#?}");

        let found = source_mismatches(&page_of(&[r" \hat{y}_i \, "]), &Expanded::plain(markdown));
        assert_eq!(found, ["2 formulas in the Markdown, 1 TeX annotations in the page"]);
    }

    #[test]
    fn block_quote_markers_in_math_and_scanner_disagreement_are_caught() {
        let quoted = "> <!-- formula: q -->\n> $$\n> y_{b}\n> $$\n";
        let found = source_mismatches(&page_of(&[" > y_{b} > "]), &Expanded::plain(quoted));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with("line 2: a block-quote `>` inside the formula"), "{found:#?}");

        // A stray `$` before a display formula makes mdbook-katex pair it differently.
        let stray = "costs $5\n<!-- formula: s -->\n$$\nx\n$$\n";
        let found = source_mismatches("", &Expanded::plain(stray));
        assert!(found[0].contains("are not the `$$` blocks"), "{found:#?}");
    }
}
