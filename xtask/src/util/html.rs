//! Just enough HTML reading for the rendered-book checks: tags with their attributes, the text
//! outside code, and `url(…)`s in CSS. mdBook's output is well-formed; this does not try to
//! handle arbitrary HTML.

/// One start tag (`<a href="…">`); end tags are not reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Lower-case element name.
    pub name: String,
    /// Attribute names (lower-case) and values (entities decoded), in source order.
    pub attributes: Vec<(String, String)>,
    /// For `<script>` and `<style>`: the raw text up to the end tag.
    pub raw_text: &'a str,
}

impl Tag<'_> {
    /// The value of attribute `name`, if present.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Whether the `class` attribute contains `class` as one of its words.
    pub fn has_class(&self, class: &str) -> bool {
        self.attribute("class").is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
    }
}

/// Elements whose content is not prose: `$$` inside them is code or TeX source, not math that
/// KaTeX failed to render. (`<script>` and `<style>` content never reaches the text: it is the
/// tag's raw text.)
const NOT_PROSE: &[&str] = &["pre", "code", "annotation", "textarea"];

/// A piece of the document: a start tag, an end tag, or text between tags.
enum Piece<'a> {
    Start(Tag<'a>),
    End(String),
    Text(&'a str),
}

/// Splits `html` into tags and text. Comments, doctypes and the raw text of `<script>`/`<style>`
/// are not text.
fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        if start > at {
            out.push(Piece::Text(&html[at..start]));
        }
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |end| start + end + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            at = rest.find('>').map_or(html.len(), |end| start + end + 1);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = start + if closing { 2 } else { 1 };
        let name_len = html[name_start..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
        if name_len == 0 {
            // A `<` that starts no tag is text.
            out.push(Piece::Text("<"));
            at = start + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (attributes, tag_end) = parse_attributes(html, name_start + name_len);
        if closing {
            out.push(Piece::End(name));
            at = tag_end;
            continue;
        }
        let mut raw_text = "";
        at = tag_end;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let end = find_ascii_case_insensitive(&html[tag_end..], &close).map_or(html.len(), |e| tag_end + e);
            raw_text = &html[tag_end..end];
            at = end;
        }
        out.push(Piece::Start(Tag { name, attributes, raw_text }));
    }
    if at < html.len() {
        out.push(Piece::Text(&html[at..]));
    }
    out
}

/// Parses attributes from `at` up to the tag's `>`; returns them and the index after `>`.
fn parse_attributes(html: &str, mut at: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attributes = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            return (attributes, at);
        }
        if bytes[at] == b'>' {
            return (attributes, at + 1);
        }
        let name_start = at;
        while at < bytes.len() && !b" \t\n\r/>=".contains(&bytes[at]) {
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = String::new();
        if at < bytes.len() && bytes[at] == b'=' {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let (raw, next) = match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = html[at + 1..].find(quote as char).map_or(html.len(), |e| at + 1 + e);
                    (&html[at + 1..end], (end + 1).min(html.len()))
                }
                _ => {
                    let end =
                        html[at..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(html.len(), |e| at + e);
                    (&html[at..end], end)
                }
            };
            value = decode_entities(raw);
            at = next;
        }
        if name.is_empty() {
            // Stray character; skip it so parsing always advances.
            at += 1;
        } else {
            attributes.push((name, value));
        }
    }
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack.as_bytes().windows(needle.len()).position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Decodes the character references mdBook and KaTeX emit in attribute values.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(|n| n.ok())
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes of a URL (mdBook writes Hangul anchors raw, browsers send them escaped).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// All start tags of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag<'_>> {
    pieces(html)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Start(tag) => Some(tag),
            _ => None,
        })
        .collect()
}

/// The text of `html` outside tags, comments and the [`NOT_PROSE`] elements.
pub fn prose_text(html: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for piece in pieces(html) {
        match piece {
            Piece::Start(tag) if NOT_PROSE.contains(&tag.name.as_str()) => depth += 1,
            Piece::End(name) if NOT_PROSE.contains(&name.as_str()) => {
                depth = depth.saturating_sub(1);
            }
            Piece::Text(text) if depth == 0 => out.push_str(text),
            _ => {}
        }
    }
    out
}

/// The text of `html` outside tags and comments, without the elements of class `skip` (and what is
/// inside them), entities decoded.
pub fn text_without_class(html: &str, skip: &str) -> String {
    let mut out = String::new();
    // Open elements inside a skipped one, by name: the skip ends when its own end tag closes it.
    let mut skipped: Vec<String> = Vec::new();
    for piece in pieces(html) {
        match piece {
            Piece::Start(tag) if (!skipped.is_empty() || tag.has_class(skip)) && !VOID.contains(&tag.name.as_str()) => {
                skipped.push(tag.name);
            }
            Piece::End(name) if !skipped.is_empty() => {
                if let Some(open) = skipped.iter().rposition(|open| *open == name) {
                    skipped.truncate(open);
                }
            }
            Piece::Text(text) if skipped.is_empty() => out.push_str(&decode_entities(text)),
            _ => {}
        }
    }
    out
}

/// Elements without an end tag.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Every `url(…)` and `@import "…"` target in a stylesheet, quotes removed.
pub fn css_references(css: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        found.push(unquote(&rest[..end]));
        rest = &rest[end..];
    }
    let mut rest = css;
    while let Some(at) = rest.find("@import") {
        rest = rest[at + 7..].trim_start();
        // `@import url(…)` is already counted above.
        if let Some(quote @ ('"' | '\'')) = rest.chars().next() {
            let end = rest[1..].find(quote).map_or(rest.len(), |e| e + 1);
            found.push(rest[1..end].to_owned());
        }
    }
    found
}

fn unquote(text: &str) -> String {
    text.trim().trim_matches(|c| c == '"' || c == '\'').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_attributes() {
        let found = tags(
            "<!DOCTYPE html><!-- <img src=x> --><a class='x y' href=\"a.html?q=1&amp;b#h\" hidden>t</a><IMG SRC=pic.png>",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "a");
        assert_eq!(found[0].attribute("href"), Some("a.html?q=1&b#h"));
        assert!(found[0].has_class("y") && !found[0].has_class("x y"));
        assert_eq!(found[0].attribute("hidden"), Some(""));
        assert_eq!(found[1].name, "img");
        assert_eq!(found[1].attribute("src"), Some("pic.png"));
    }

    #[test]
    fn script_and_style_content_is_raw_text() {
        let found = tags("<script>if (a<b) { x = '<img src=\"y\">'; }</script><style>p{}</style><p>");
        let names: Vec<_> = found.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["script", "style", "p"]);
        assert!(found[0].raw_text.contains("<img"));
        assert_eq!(found[1].raw_text, "p{}");
    }

    #[test]
    fn prose_skips_code_and_tex_source() {
        let text = prose_text(
            "<p>a $b$</p><pre><code>let s = \"$$\";</code></pre><annotation>x$$</annotation><script>'$$'</script><p>c</p>",
        );
        assert_eq!(text, "a $b$c");
    }

    #[test]
    fn text_without_a_class() {
        let html = r#"<h2>Step 2: <span class="katex"><span class="a">p<span>t</span></span><br></span> &amp; logit<br> <em>x</em></h2>"#;
        assert_eq!(text_without_class(html, "katex"), "Step 2:  & logit x");
        assert_eq!(text_without_class("<p>a<!-- b -->c</p>", "katex"), "ac");
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a&amp;b&#x41;&#66;&unknown;&"), "a&bAB&unknown;&");
    }

    #[test]
    fn css_urls_and_imports() {
        let css = "@font-face{src:url(fonts/a.woff2) format(\"woff2\")}@import 'x.css';@import url(\"y.css\");b{background:url('//cdn/z.png')}";
        assert_eq!(css_references(css), ["fonts/a.woff2", "y.css", "//cdn/z.png", "x.css"]);
    }
}
