//! The one Rust lexer of the book tooling: it splits Rust source into code, comments and
//! literals, which is all the chapter checks and the notebook generator need to know.
//!
//! - [`without_comments`]: the code with every comment removed (the two editions of a chapter
//!   must agree on it; comments may be translated, code may not).
//! - [`lines_starting_in_string`]: lines that continue a string literal (indenting those for a
//!   notebook cell would change the string).
//!
//! It knows line comments, nested block comments, string literals (`"…"`, raw `r#"…"#`, byte
//! `b"…"`/`br"…"`), character literals (`'x'`, `'\n'`, `b'x'`) as opposed to lifetimes (`'a`),
//! and nothing else: everything else is code.

/// What a stretch of source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Anything that is not a comment or a literal.
    Code,
    /// `// …` up to (not including) the end of the line.
    LineComment,
    /// `/* … */`, nested ones included.
    BlockComment,
    /// A string literal, quotes (and prefixes) included.
    Str,
    /// A character literal, quotes included.
    Char,
}

/// A stretch of source of one [`Kind`], as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
}

/// Splits `source` into tokens that cover it exactly, in order; adjacent code is one token.
/// An unclosed comment or literal runs to the end.
pub fn tokens(source: &str) -> Vec<Token> {
    let bytes = source.as_bytes();
    let mut found: Vec<Token> = Vec::new();
    let mut push = |kind: Kind, start: usize, end: usize| {
        if start == end {
            return;
        }
        match found.last_mut() {
            Some(last) if kind == Kind::Code && last.kind == Kind::Code => last.end = end,
            _ => found.push(Token { kind, start, end }),
        }
    };
    let mut at = 0;
    while at < bytes.len() {
        let (kind, end) = match bytes[at] {
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                (Kind::LineComment, source[at..].find('\n').map_or(bytes.len(), |n| at + n))
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => (Kind::BlockComment, block_comment_end(bytes, at)),
            b'"' => (Kind::Str, quoted_end(bytes, at + 1, b'"')),
            b'r' | b'b' if !after_identifier(bytes, at) => match prefixed_literal(bytes, at) {
                Some(token) => token,
                None => (Kind::Code, at + 1),
            },
            b'\'' => match char_literal_end(bytes, at) {
                Some(end) => (Kind::Char, end),
                None => (Kind::Code, at + 1),
            },
            _ => (Kind::Code, at + utf8_len(bytes[at])),
        };
        push(kind, at, end);
        at = end;
    }
    found
}

/// `source` with every comment removed; newlines inside block comments are kept, so lines keep
/// their numbers.
pub fn without_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for token in tokens(source) {
        let text = &source[token.start..token.end];
        match token.kind {
            Kind::LineComment => {}
            Kind::BlockComment => out.extend(text.chars().filter(|&c| c == '\n')),
            _ => out.push_str(text),
        }
    }
    out
}

/// 0-based numbers of the lines of `source` that begin inside a string literal.
pub fn lines_starting_in_string(source: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for token in tokens(source).into_iter().filter(|token| token.kind == Kind::Str) {
        let before = source[..token.start].matches('\n').count();
        let inside = source[token.start..token.end].matches('\n').count();
        found.extend(before + 1..=before + inside);
    }
    found
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Whether the byte before `at` continues an identifier (`bar"` is not a raw string).
fn after_identifier(bytes: &[u8], at: usize) -> bool {
    at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] >= 0x80)
}

/// A literal with a prefix at `at`: `r"…"`, `r#"…"#`, `b"…"`, `br#"…"#`, `b'x'`.
fn prefixed_literal(bytes: &[u8], at: usize) -> Option<(Kind, usize)> {
    let mut i = at;
    let byte = bytes[i] == b'b';
    if byte {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'r') => {
            let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
            let open = i + 1 + hashes;
            (bytes.get(open) == Some(&b'"')).then(|| (Kind::Str, raw_string_end(bytes, open + 1, hashes)))
        }
        Some(b'"') if byte => Some((Kind::Str, quoted_end(bytes, i + 1, b'"'))),
        Some(b'\'') if byte => char_literal_end(bytes, i).map(|end| (Kind::Char, end)),
        _ => None,
    }
}

/// Just past the closing `quote` of an escaped literal whose body starts at `from`.
fn quoted_end(bytes: &[u8], from: usize, quote: u8) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Just past `"` followed by `hashes` `#`s, searching from `from`.
fn raw_string_end(bytes: &[u8], from: usize, hashes: usize) -> usize {
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == b'"' && bytes[i + 1..].iter().take(hashes).filter(|&&b| b == b'#').count() == hashes {
            return (i + 1 + hashes).min(bytes.len());
        }
        i += 1;
    }
    bytes.len()
}

/// Just past a character literal starting with the `'` at `at`, or `None` for a lifetime.
fn char_literal_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at + 1)? {
        b'\\' => {
            let close = bytes[at + 2..].iter().skip(1).position(|&b| b == b'\'')?;
            Some(at + 3 + close + 1)
        }
        &first => {
            let next = at + 1 + utf8_len(first);
            (bytes.get(next) == Some(&b'\'')).then_some(next + 1)
        }
    }
}

/// Just past the `*/` closing the (nested) block comment at `at`.
fn block_comment_end(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0;
    let mut i = at;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(Kind, &str)> {
        tokens(source).into_iter().map(|t| (t.kind, &source[t.start..t.end])).collect()
    }

    #[test]
    fn tokens_cover_the_source() {
        let source = "let s = \"a // b\"; // c\nlet r = r#\"x\"y\"#; /* d /* e */ f */ let c = '\"';\n";
        let found = tokens(source);
        assert_eq!(found.first().map(|t| t.start), Some(0));
        assert_eq!(found.last().map(|t| t.end), Some(source.len()));
        assert!(found.windows(2).all(|pair| pair[0].end == pair[1].start));
        assert_eq!(
            kinds(source),
            [
                (Kind::Code, "let s = "),
                (Kind::Str, "\"a // b\""),
                (Kind::Code, "; "),
                (Kind::LineComment, "// c"),
                (Kind::Code, "\nlet r = "),
                (Kind::Str, "r#\"x\"y\"#"),
                (Kind::Code, "; "),
                (Kind::BlockComment, "/* d /* e */ f */"),
                (Kind::Code, " let c = "),
                (Kind::Char, "'\"'"),
                (Kind::Code, ";\n"),
            ]
        );
    }

    #[test]
    fn lifetimes_byte_literals_and_identifiers() {
        assert_eq!(kinds("fn f<'a>(x: &'a str)"), [(Kind::Code, "fn f<'a>(x: &'a str)")]);
        assert_eq!(
            kinds("b'x' b\"y\" br#\"z\"#"),
            [
                (Kind::Char, "b'x'"),
                (Kind::Code, " "),
                (Kind::Str, "b\"y\""),
                (Kind::Code, " "),
                (Kind::Str, "br#\"z\"#"),
            ]
        );
        // `r` and `b` ending an identifier do not start a literal.
        assert_eq!(kinds("bar\"q\""), [(Kind::Code, "bar"), (Kind::Str, "\"q\"")]);
        assert_eq!(kinds("'\\n' '\\''"), [(Kind::Char, "'\\n'"), (Kind::Code, " "), (Kind::Char, "'\\''")]);
        assert_eq!(kinds("'가'"), [(Kind::Char, "'가'")]);
    }

    #[test]
    fn comments_are_removed_but_strings_kept() {
        let source = "let url = \"https://x\"; // 주석\nlet s = r#\"a // b\"#; /* one */ let c = '\"';\n/* multi\nline */ let t: &'static str = \"\\\"//\";";
        assert_eq!(
            without_comments(source),
            "let url = \"https://x\"; \nlet s = r#\"a // b\"#;  let c = '\"';\n\n let t: &'static str = \"\\\"//\";"
        );
    }

    #[test]
    fn string_continuations_are_found() {
        assert_eq!(lines_starting_in_string("let c = '\"';\nlet l: &'static str = \"x\\\ny\";\n// \"\nz"), [2]);
        assert_eq!(lines_starting_in_string("let r = r#\"a\n\"b\n\"#;\nlet s = \"one\ntwo\";"), [1, 2, 4]);
        assert!(lines_starting_in_string("// \"\nlet a = 1;\n/* \" */\n").is_empty());
    }

    #[test]
    fn unclosed_things_run_to_the_end() {
        assert_eq!(kinds("a \"b"), [(Kind::Code, "a "), (Kind::Str, "\"b")]);
        assert_eq!(kinds("a /* b"), [(Kind::Code, "a "), (Kind::BlockComment, "/* b")]);
    }
}
