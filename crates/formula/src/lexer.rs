//! Splits a formula's TeX into tokens with byte spans.

use std::fmt;

use crate::ast::Span;

/// A token of TeX math.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// `\name` (letters) or a control symbol `\,` `\;` `\{` `\|` `\\` (the character after the
    /// backslash; `\\` is `"\\"`).
    Cmd(String),
    /// `\text{…}`, `\mbox{…}`: the raw text inside the braces.
    Text(String),
    /// A decimal number: `0.511`, `25`.
    Num(String),
    /// Any other single character: a letter, `+`, `(`, `=`, `|`, `,`, `&`, `'`…
    Char(char),
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// `^`.
    Sup,
    /// `_`.
    Sub,
    /// End of input.
    Eof,
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Tokenizes `source`; the last token is [`Tok::Eof`].
pub(crate) fn tokenize(source: &str) -> Result<Vec<Token>, ParseError> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = source[i..].chars().next().expect("in bounds");
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let tok = match c {
            '\\' => {
                i += 1;
                let rest = &source[i..];
                let letters: usize = rest.chars().take_while(|c| c.is_ascii_alphabetic()).map(char::len_utf8).sum();
                if letters > 0 {
                    let name = &rest[..letters];
                    i += letters;
                    if name == "text" || name == "mbox" || name == "textrm" {
                        let text = braced_text(source, &mut i, start, name)?;
                        Tok::Text(text)
                    } else {
                        Tok::Cmd(name.to_owned())
                    }
                } else if let Some(next) = rest.chars().next() {
                    i += next.len_utf8();
                    Tok::Cmd(next.to_string())
                } else {
                    return Err(ParseError::at(source, start, "`\\`", "a backslash ends the formula"));
                }
            }
            '{' => {
                i += 1;
                Tok::Open
            }
            '}' => {
                i += 1;
                Tok::Close
            }
            '^' => {
                i += 1;
                Tok::Sup
            }
            '_' => {
                i += 1;
                Tok::Sub
            }
            '0'..='9' | '.' if c != '.' || bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let len: usize =
                    source[i..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').map(char::len_utf8).sum();
                let text = &source[i..i + len];
                i += len;
                Tok::Num(text.to_owned())
            }
            other => {
                i += other.len_utf8();
                Tok::Char(other)
            }
        };
        tokens.push(Token { tok, span: Span::new(start, i) });
    }
    tokens.push(Token { tok: Tok::Eof, span: Span::new(source.len(), source.len()) });
    Ok(tokens)
}

/// Reads `{…}` after `\text` (nested braces allowed) and returns what is inside.
fn braced_text(source: &str, i: &mut usize, start: usize, command: &str) -> Result<String, ParseError> {
    let rest = &source[*i..];
    let skipped = rest.len() - rest.trim_start().len();
    *i += skipped;
    if !source[*i..].starts_with('{') {
        return Err(ParseError::at(source, start, &format!("`\\{command}`"), "expected `{` after it"));
    }
    let mut depth = 0usize;
    for (offset, c) in source[*i..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    let text = source[*i + 1..*i + offset].to_owned();
                    *i += offset + 1;
                    return Ok(text);
                }
            }
            _ => {}
        }
    }
    Err(ParseError::at(source, start, &format!("`\\{command}`"), "its `{` is never closed"))
}

/// A formula that does not parse: where, which construct, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset within the formula's TeX.
    pub offset: usize,
    /// 1-based line within the formula (a display may span several lines).
    pub line: usize,
    /// 1-based column (in characters) within that line.
    pub column: usize,
    /// The construct being parsed: ``\frac``, `a subscript`, `cases`…
    pub construct: String,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    pub(crate) fn at(source: &str, offset: usize, construct: &str, message: &str) -> ParseError {
        let offset = offset.min(source.len());
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ParseError { offset, line, column, construct: construct.to_owned(), message: message.to_owned() }
    }
}

impl fmt::Display for ParseError {
    /// `line 2, column 7: \frac: expected `{``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}: {}", self.line, self.column, self.construct, self.message)
    }
}

impl std::error::Error for ParseError {}
