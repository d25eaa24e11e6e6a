//! The one pass over an edition's built pages, after mdBook and before Pagefind. Each page is
//! read once, gets every rewrite below, and is written once if anything changed:
//!
//! - the language-switch link of theme/header.hbs points at the other edition's *page*
//!   (`{{ path }}` is all a template has: the chapter's source path, `ch01-introduction.md`);
//! - the notebook link points at the chapter's notebook (`.md` → `.ipynb`; `index`, mdBook's copy
//!   of the first chapter, gets the first chapter's notebook), and pages without a notebook
//!   (print, 404, table of contents) lose it;
//! - the interface is in the edition's language: admonition labels, mdBook's button titles and
//!   menus, and the buttons mdBook's script adds to code blocks ([`interface::translate`], also
//!   applied to that script, `book-<hash>.js`);
//! - what mdBook's markup lacks for assistive technology ([`accessible::fix`]);
//! - a chapter page's `<main>` is marked for Pagefind, with its heading as the result's title,
//!   and the back matter's at a lower weight ([`search::mark_for_indexing`]).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use book::Edition;
use book::source::{self, SUMMARY};
use book::terminology;

use crate::site::{accessible, interface, search};
use crate::util::cmd::{Result, repo_root};
use crate::util::fs::files_under;

/// Applies every rewrite to every HTML page of the edition built into `dest`.
pub fn rewrite(edition: Edition, dest: &Path) -> Result {
    let sources = source::edition_dir(edition);
    let chapters: BTreeSet<String> =
        source::chapter_names(&sources)?.iter().map(|name| name.trim_end_matches(".md").to_owned()).collect();
    let summary = fs::read_to_string(sources.join(SUMMARY))?;
    let back_matter: BTreeSet<String> =
        source::summary_back_matter(&summary).iter().map(|link| link.trim_end_matches(".md").to_owned()).collect();
    let taught = search::taught_terms(edition, &terminology::load(&repo_root())?.terms);
    let first_chapter = source::summary_links(&summary).first().map(|link| link.trim_end_matches(".md").to_owned());
    let notebooks = dest.join("notebooks");
    let notebook_of = |stem: &str| {
        let stem = if stem == "index" { first_chapter.clone()? } else { stem.to_owned() };
        let flat = stem.replace('/', "-");
        notebooks.join(format!("{flat}.ipynb")).is_file().then_some(flat)
    };

    for path in files_under(dest)? {
        if is_mdbook_script(dest, &path) {
            let script = fs::read_to_string(&path)?;
            if let Some(translated) = interface::translate(edition, &script) {
                fs::write(&path, translated)?;
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let relative = path.strip_prefix(dest).expect("below dest").with_extension("");
        let stem = relative.iter().map(|part| part.to_string_lossy()).collect::<Vec<_>>().join("/");
        let original = fs::read_to_string(&path)?;
        let mut page = fix_language_switch(&original).unwrap_or_else(|| original.clone());
        if let Some(fixed) = fix_notebook_link(&page, notebook_of) {
            page = fixed;
        }
        if let Some(translated) = interface::translate(edition, &page) {
            page = translated;
        }
        if let Some(fixed) = accessible::fix(edition, &page) {
            page = fixed;
        }
        if chapters.contains(&stem) {
            let taught = taught.get(&format!("{stem}.md")).map_or(&[][..], Vec::as_slice);
            page = search::mark_for_indexing(&page, back_matter.contains(&stem), taught).ok_or_else(|| {
                format!("{}: no `<main>` to index (did mdBook's page template change?)", path.display())
            })?;
        }
        if page != original {
            fs::write(&path, page)?;
        }
    }
    Ok(())
}

/// mdBook's own script, `book-<hash>.js` at the top of the edition: it makes the code blocks'
/// buttons, whose titles [`interface::translate`] translates.
fn is_mdbook_script(dest: &Path, path: &Path) -> bool {
    path.parent() == Some(dest)
        && path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("book-") && name.ends_with(".js"))
}

/// The marker theme/header.hbs puts right before the language-switch link's target.
const SWITCH_LINK: &str = r#"class="lang-switch-link" href=""#;

/// `page` with each language-switch link's `.md` target changed to `.html`; `None` if unchanged.
fn fix_language_switch(page: &str) -> Option<String> {
    let mut fixed = String::with_capacity(page.len());
    let mut rest = page;
    let mut changed = false;
    while let Some(at) = rest.find(SWITCH_LINK) {
        let value_start = at + SWITCH_LINK.len();
        let value_end = value_start + rest[value_start..].find('"')?;
        let target = &rest[value_start..value_end];
        fixed.push_str(&rest[..value_start]);
        match target.strip_suffix(".md") {
            Some(stem) => {
                fixed.push_str(stem);
                fixed.push_str(".html");
                changed = true;
            }
            None => fixed.push_str(target),
        }
        rest = &rest[value_end..];
    }
    fixed.push_str(rest);
    changed.then_some(fixed)
}

/// What theme/header.hbs writes right before the notebook link's target
/// (`notebooks/<chapter>.md`), and the element around it.
const NOTEBOOK_LINK: &str = r#"<a class="notebook-link" href=""#;
const NOTEBOOK_NAV: &str = r#"<nav class="lang-switch notebook-switch""#;

/// `page` with its notebook link pointed at the notebook `notebook_of(page stem)` names, or
/// without the link's `<nav>` when it names none; `None` when the page has no link to fix.
fn fix_notebook_link(page: &str, notebook_of: impl Fn(&str) -> Option<String>) -> Option<String> {
    let start = page.find(NOTEBOOK_LINK)?;
    let target_start = start + NOTEBOOK_LINK.len();
    let target_end = target_start + page[target_start..].find('"')?;
    let target = page[target_start..target_end].strip_suffix(".md")?;
    // `{{ path_to_root }}notebooks/{{ path }}`: the page's stem is all after `notebooks/`.
    let (folder, stem) = target.split_at(target.find("notebooks/")? + "notebooks/".len());
    match notebook_of(stem) {
        Some(notebook) => Some(format!("{}{folder}{notebook}.ipynb{}", &page[..target_start], &page[target_end..])),
        None => {
            let nav = page[..start].rfind(NOTEBOOK_NAV)?;
            let end = start + page[start..].find("</nav>")? + "</nav>".len();
            let end = if page[end..].starts_with('\n') { end + 1 } else { end };
            Some(format!("{}{}", &page[..nav], &page[end..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_switch_gets_the_page_not_the_source() {
        let page = r#"<a class="lang-switch-link" href="../en/ch01-introduction.md" hreflang="en">"#;
        assert_eq!(
            fix_language_switch(page).as_deref(),
            Some(r#"<a class="lang-switch-link" href="../en/ch01-introduction.html" hreflang="en">"#)
        );
        // Other links and an already fixed page are left alone.
        assert_eq!(fix_language_switch(r#"<a href="x.md">"#), None);
        assert_eq!(fix_language_switch(&fix_language_switch(page).unwrap()), None);
    }

    #[test]
    fn notebook_link_points_at_the_notebook_or_goes() {
        let nav = r#"<nav class="lang-switch notebook-switch" aria-label="Jupyter">
    <a class="notebook-link" href="../notebooks/PAGE.md" download>Notebook</a>
</nav>
"#;
        let page = |stem: &str| format!("<body>\n{}<main></main>", nav.replace("PAGE", stem));
        let known = |stem: &str| match stem {
            "ch06-focal-loss" => Some(stem.to_owned()),
            "index" => Some("ch01-introduction".to_owned()),
            "part/ch10" => Some("part-ch10".to_owned()),
            _ => None,
        };
        let fixed = fix_notebook_link(&page("ch06-focal-loss"), known).unwrap();
        assert!(fixed.contains(r#"href="../notebooks/ch06-focal-loss.ipynb" download"#), "{fixed}");
        let fixed = fix_notebook_link(&page("index"), known).unwrap();
        assert!(fixed.contains(r#"href="../notebooks/ch01-introduction.ipynb" download"#), "{fixed}");
        let fixed = fix_notebook_link(&page("part/ch10"), known).unwrap();
        assert!(fixed.contains(r#"href="../notebooks/part-ch10.ipynb" download"#), "{fixed}");
        assert_eq!(fix_notebook_link(&page("print"), known).as_deref(), Some("<body>\n<main></main>"));
        // Already fixed, or no link at all: nothing to do.
        assert_eq!(fix_notebook_link(&fix_notebook_link(&page("ch06-focal-loss"), known).unwrap(), known), None);
        assert_eq!(fix_notebook_link("<p>text</p>", known), None);
    }
}
