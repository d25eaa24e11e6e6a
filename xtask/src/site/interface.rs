//! The reader's interface in the edition's language: mdBook 0.5 writes its buttons, menus and
//! admonition labels in English whatever `book.language` says, and has no setting to change them.
//! The page pass (`pages.rs`) gives every page and mdBook's script (`book-<hash>.js`,
//! which makes the code blocks' buttons) the edition's words:
//!
//! - admonition labels (`> [!NOTE]` → "Note"): [`Edition::admonition_label`];
//! - the titles and `aria-label`s of the menu bar, sidebar, theme menu and chapter navigation,
//!   the theme names that are words (Auto, Light), the code blocks' buttons and messages, and
//!   the 404 page: [`chrome`].
//!
//! Pagefind's search UI has its own translations and picks them from `<html lang>`; the search
//! button and the language and notebook links are written in the edition's language by
//! theme/header.hbs.

use book::Edition;
use book::edition::ADMONITIONS;

/// mdBook's English interface strings and their translation in `edition`, as they appear in
/// its pages and script (attribute values, element text, script string literals). Empty for the
/// English edition.
pub fn chrome(edition: Edition) -> &'static [(&'static str, &'static str)] {
    match edition {
        Edition::En => &[],
        Edition::Ko => &[
            // Attributes of the page template (title and aria-label).
            ("\"Toggle Table of Contents\"", "\"목차 열기·닫기\""),
            ("\"Table of contents\"", "\"목차\""),
            ("\"Change theme\"", "\"테마 바꾸기\""),
            ("\"Themes\"", "\"테마\""),
            ("\"Print this book\"", "\"이 책 인쇄하기\""),
            ("\"Previous chapter\"", "\"이전 장\""),
            ("\"Next chapter\"", "\"다음 장\""),
            ("\"Page navigation\"", "\"장 이동\""),
            // The theme menu: the names that are words (Rust, Coal, Navy and Ayu are names).
            ("id=\"mdbook-theme-default_theme\">Auto<", "id=\"mdbook-theme-default_theme\">자동<"),
            ("id=\"mdbook-theme-light\">Light<", "id=\"mdbook-theme-light\">라이트<"),
            // The 404 page.
            ("<title>Page not found - ", "<title>페이지를 찾을 수 없습니다 - "),
            (">Document not found (404)<", ">문서를 찾을 수 없습니다 (404)<"),
            (
                ">This URL is invalid, sorry. Please use the navigation bar or search to continue.<",
                ">이 주소에는 문서가 없습니다. 왼쪽 목차나 검색으로 찾아 주십시오.<",
            ),
            // book-<hash>.js: the code blocks' buttons and the clipboard messages.
            ("'Copy to clipboard'", "'클립보드에 복사'"),
            ("'Show hidden lines'", "'숨긴 줄 보기'"),
            ("\"Show hidden lines\"", "\"숨긴 줄 보기\""),
            ("'Hide lines'", "'숨긴 줄 감추기'"),
            ("'Run this code'", "'이 코드 실행'"),
            ("'Undo changes'", "'변경 취소'"),
            ("'Copied!'", "'복사했습니다'"),
            ("'Clipboard error!'", "'복사하지 못했습니다'"),
        ],
    }
}

/// What mdBook writes before an admonition's label (after its icon's `</svg>`).
const ADMONITION_TITLE: &str = "<p class=\"blockquote-tag-title\">";

/// `text` (a page or mdBook's script) in `edition`'s language: [`chrome`] strings replaced and,
/// in a page, the admonition labels. `None` when nothing changed.
pub fn translate(edition: Edition, text: &str) -> Option<String> {
    let mut out = text.to_owned();
    for (english, translated) in chrome(edition) {
        if out.contains(english) {
            out = out.replace(english, translated);
        }
    }
    if edition != Edition::En && out.contains(ADMONITION_TITLE) {
        for kind in ADMONITIONS {
            let (Some(english), Some(label)) = (Edition::En.admonition_label(kind), edition.admonition_label(kind))
            else {
                continue;
            };
            let class = format!("blockquote-tag-{}\">\n{ADMONITION_TITLE}", kind.to_lowercase());
            out = replace_label(&out, &class, english, label);
        }
    }
    (out != text).then_some(out)
}

/// In every admonition that starts with `opening` (its `<blockquote>` class and the title
/// paragraph), the label after the icon, `english`, becomes `label`.
fn replace_label(page: &str, opening: &str, english: &str, label: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    let from = format!("</svg>{english}</p>");
    while let Some(at) = rest.find(opening) {
        let title_end = at + rest[at..].find("</p>").map_or(rest.len() - at, |end| end + "</p>".len());
        let title = &rest[at..title_end];
        out.push_str(&rest[..at]);
        out.push_str(&title.replace(&from, &format!("</svg>{label}</p>")));
        rest = &rest[title_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "<blockquote class=\"blockquote-tag blockquote-tag-note\">\n<p class=\"blockquote-tag-title\"><svg viewbox=\"0 0 16 16\"><path d=\"M0\"></path></svg>Note</p>\n<p>Note that</p>";

    #[test]
    fn admonition_labels_in_the_edition_s_language() {
        let warning = NOTE.replace("-note", "-warning").replace("</svg>Note", "</svg>Warning");
        let page = format!("{NOTE}\n{warning}");
        let korean = translate(Edition::Ko, &page).unwrap();
        assert!(korean.contains("</svg>참고</p>\n<p>Note that</p>"), "{korean}");
        assert!(korean.contains("</svg>경고</p>"), "{korean}");
        assert_eq!(translate(Edition::En, &page), None);
        assert_eq!(translate(Edition::Ko, &korean), None);
    }

    #[test]
    fn chrome_strings_in_the_edition_s_language() {
        let page = r#"<button title="Change theme" aria-label="Change theme"></button><a title="Next chapter">"#;
        assert_eq!(
            translate(Edition::Ko, page).unwrap(),
            r#"<button title="테마 바꾸기" aria-label="테마 바꾸기"></button><a title="다음 장">"#
        );
        assert_eq!(
            translate(Edition::Ko, "clip.title = 'Copy to clipboard';").unwrap(),
            "clip.title = '클립보드에 복사';"
        );
        assert!(chrome(Edition::En).is_empty());
    }
}
