//! What mdBook 0.5's markup lacks for assistive technology, added by the page pass (`pages.rs`)
//! and checked by axe-core in the browser tests (tests/browser/accessibility.test.mjs):
//!
//! - the sidebar toggle is a `<label>` for a hidden checkbox that carries `aria-controls` and
//!   (set by mdBook's script) `aria-expanded`, which a label may not have: it gets the role it
//!   acts in, `button`, and a place in the tab order (theme/header.hbs makes Enter and Space
//!   press it);
//! - `toc.html`, the sidebar for readers without JavaScript, has no `<title>`: it gets one.
//!
//! Scrollable code blocks, tables and formulas become focusable (so the keyboard can scroll them)
//! in theme/header.hbs, which knows which of them overflow at the reader's window width.

use book::Edition;

/// mdBook's sidebar toggle.
const SIDEBAR_TOGGLE: &str = r#"<label id="mdbook-sidebar-toggle" class="icon-button""#;

/// `page` with the additions above; `None` when it needs none.
pub fn fix(edition: Edition, page: &str) -> Option<String> {
    let mut out = page.to_owned();
    let as_button = format!(r#"{SIDEBAR_TOGGLE} role="button" tabindex="0""#);
    if out.contains(SIDEBAR_TOGGLE) && !out.contains(&as_button) {
        out = out.replace(SIDEBAR_TOGGLE, &as_button);
    }
    if !out.contains("<title>")
        && let Some(head) = out.find("</head>")
    {
        let contents = match edition {
            Edition::Ko => "목차",
            Edition::En => "Table of contents",
        };
        out.insert_str(head, &format!("<title>{contents} - {}</title>\n", edition.title()));
    }
    (out != page).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sidebar_toggle_is_a_button() {
        let page =
            r#"<title>x</title><label id="mdbook-sidebar-toggle" class="icon-button" for="a" aria-controls="s">"#;
        let fixed = fix(Edition::En, page).unwrap();
        assert!(fixed.contains(r#"class="icon-button" role="button" tabindex="0" for="a""#), "{fixed}");
        assert_eq!(fix(Edition::En, &fixed), None);
    }

    #[test]
    fn a_page_without_title_gets_one() {
        let fixed = fix(Edition::Ko, "<head><meta charset=\"utf-8\"></head><body></body>").unwrap();
        assert!(fixed.contains("<title>목차 - 손실 함수, 검증하며 읽기</title>\n</head>"), "{fixed}");
        assert_eq!(fix(Edition::Ko, &fixed), None);
    }
}
