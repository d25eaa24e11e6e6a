//! Checks on the built `book/`: what mdBook and mdbook-katex let through with exit code 0.
//!
//! - LaTeX that mdbook-katex could not render (it logs `Rendering failed` and keeps the source),
//!   and any other warning in the build log (mdBook's "unclosed HTML tag" …);
//! - Markdown parsed inside KaTeX's output, and TeX annotations that differ from the Markdown's
//!   formulas (`mdbook-katex-escape` crate; `site::katex_checks`);
//! - raw `$$` left in a page's prose;
//! - a chapter whose page has fewer KaTeX display formulas than its Markdown has `$$` blocks,
//!   KaTeX output without MathML (the katex options were not applied), `katex-error` spans, a page
//!   with math but without the vendored stylesheet;
//! - any stylesheet, script, image, frame, font or `@import` loaded from another host, and code
//!   blocks marked as playgrounds (mdBook's script then calls the public playground);
//! - broken internal links, `#anchors` included, across all of `book/`, and CSS `url()`s;
//! - `<html lang>` not matching the edition.
//!
//! Each check is a function of text, so the tests below can feed it bad input.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use book::Edition;
use book::source;

use crate::site::BookBuild;
use crate::site::katex_checks;
use crate::util::cmd::Result;
use crate::util::fs::files_under;
use crate::util::html::{self, Tag};

/// Attributes through which a page makes the browser fetch something by itself.
const RESOURCE_ATTRIBUTES: &[(&str, &str)] = &[
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
];

/// Attributes that only navigate; external targets are fine (a reference to a paper), internal
/// ones must resolve.
const NAVIGATION_ATTRIBUTES: &[(&str, &str)] = &[("a", "href"), ("area", "href")];

/// The href the vendored KaTeX stylesheet ends with (see theme/head.hbs).
const KATEX_STYLESHEET: &str = "katex/katex.min.css";

/// Everything wrong with the built book; empty when it passes.
pub fn check_book(build: &BookBuild) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let root = &build.root;

    problems.extend(build.log_problems());
    for edition in &build.editions {
        let language = edition.edition.code();
        let dir = root.join(language);
        let sources = source::edition_dir(edition.edition);
        for file in source::load_chapters(&sources)? {
            let page_path = dir.join(Path::new(&file.name).with_extension("html"));
            let shown = display_path(root, &page_path);
            match fs::read_to_string(&page_path) {
                Ok(page) => {
                    let expanded = source::read_chapter(&sources, &file.name)?;
                    let mut found: Vec<String> =
                        display_formula_count(&page, file.chapter.formulas.len()).into_iter().collect();
                    found.extend(katex_checks::source_mismatches(&page, &expanded));
                    problems.extend(found.into_iter().map(|p| format!("{shown}: {p}")));
                }
                Err(error) => problems.push(format!("{shown}: {error} (is it in SUMMARY.md?)")),
            }
        }
        for path in files_under(&dir)? {
            if path.extension().is_some_and(|e| e == "html") {
                let page = fs::read_to_string(&path)?;
                if let Some(problem) = wrong_language(&page, language) {
                    problems.push(format!("{}: {problem}", display_path(root, &path)));
                }
            }
        }
    }

    for path in files_under(root)? {
        let shown = display_path(root, &path);
        let found = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                let page = fs::read_to_string(&path)?;
                let mut found = external_resources(&page);
                found.extend(raw_display_math(&page));
                found.extend(katex_problems(&page));
                found.extend(katex_checks::markdown_in_math(&page));
                found.extend(playgrounds(&page));
                found
            }
            Some("css") => external_css_references(&fs::read_to_string(&path)?),
            _ => Vec::new(),
        };
        problems.extend(found.into_iter().map(|p| format!("{shown}: {p}")));
    }

    problems.extend(broken_links(root)?);
    // mdBook 0.5 writes every image twice (for its zoom toggle); report each problem once.
    let mut seen = HashSet::new();
    problems.retain(|problem| seen.insert(problem.clone()));
    Ok(problems)
}

/// mdbook-katex reports LaTeX it cannot render only in its log, and mdbook still exits 0; so does
/// mdBook for HTML it had to repair ("unclosed HTML tag … while exiting Emphasis"). Every WARN or
/// ERROR line of the log is a failure, except the [`HARMLESS_LOG_LINES`].
pub fn log_problems(edition: Edition, log: &str) -> Vec<String> {
    log.lines()
        .map(strip_ansi)
        .filter(|line| is_log_problem(line))
        .map(|line| format!("{edition} edition: {}", line.trim()))
        .collect()
}

/// Warnings that are not problems. mdbook-katex 0.10.0 was built against mdBook 0.5.3 and says so
/// on every run under 0.5.4; the versions are pinned together in xtask/src/tools/mod.rs.
const HARMLESS_LOG_LINES: &[&str] = &["This mdbook-katex was built against mdbook v0.5.3"];

/// A WARN or ERROR line (mdBook writes ` WARN message`, mdbook-katex `<time>  WARN target: message`).
fn is_log_problem(line: &str) -> bool {
    let leveled = line.split_whitespace().take(2).any(|word| word == "WARN" || word == "ERROR");
    let katex_failure = line.contains("Rendering failed") || line.contains("rendering failure");
    (leveled || katex_failure) && !HARMLESS_LOG_LINES.iter().any(|harmless| line.contains(harmless))
}

/// `line` without terminal colour codes (`ESC [ … m`), which mdbook-katex writes even into a pipe.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        rest = match after.strip_prefix('[') {
            Some(sequence) => {
                let end = sequence.find(|c: char| c.is_ascii_alphabetic()).map_or(sequence.len(), |e| e + 1);
                &sequence[end..]
            }
            None => after,
        };
    }
    out.push_str(rest);
    out
}

/// Resources the page would fetch from another host.
pub fn external_resources(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in html::tags(page) {
        for url in urls(&tag, RESOURCE_ATTRIBUTES) {
            if is_external(&url) {
                found.push(format!("<{}> loads {url} from another host", tag.name));
            }
        }
        if tag.name == "style" {
            found.extend(external_css_references(tag.raw_text));
        }
        if let Some(style) = tag.attribute("style") {
            found.extend(external_css_references(style));
        }
    }
    found
}

/// `url(…)` and `@import` targets of a stylesheet that are on another host.
pub fn external_css_references(css: &str) -> Vec<String> {
    html::css_references(css)
        .into_iter()
        .filter(|url| is_external(url))
        .map(|url| format!("stylesheet loads {url} from another host"))
        .collect()
}

/// `$$` in the page's prose: a display formula mdbook-katex did not turn into math.
pub fn raw_display_math(page: &str) -> Vec<String> {
    let prose = html::prose_text(page);
    prose
        .match_indices("$$")
        .step_by(2)
        .map(|(at, _)| {
            let snippet: String = prose[at..].chars().take(50).collect();
            format!("raw `$$` left in the page (KaTeX did not render it): {snippet:?}")
        })
        .collect()
}

/// KaTeX error spans, KaTeX output without MathML, and math without the vendored stylesheet.
pub fn katex_problems(page: &str) -> Vec<String> {
    let tags = html::tags(page);
    let mut found = Vec::new();
    let errors = tags.iter().filter(|t| t.has_class("katex-error")).count();
    if errors > 0 {
        found.push(format!("{errors} KaTeX error(s) (class=\"katex-error\") in the page"));
    }
    let formulas = tags.iter().filter(|t| t.has_class("katex")).count();
    if formulas == 0 {
        return found;
    }
    let mathml = tags.iter().filter(|t| t.name == "math").count();
    if mathml < formulas {
        found.push(format!(
            "{formulas} KaTeX formulas but {mathml} MathML elements: the [preprocessor.katex] \
             options of book.toml were not applied (a bad value resets them all)"
        ));
    }
    let linked =
        tags.iter().any(|t| t.name == "link" && t.attribute("href").is_some_and(|h| h.ends_with(KATEX_STYLESHEET)));
    if !linked {
        found.push(format!("the page has math but does not link the vendored {KATEX_STYLESHEET} (theme/head.hbs)"));
    }
    found
}

/// A chapter page must show as many KaTeX display formulas as its Markdown has `$$` blocks.
pub fn display_formula_count(page: &str, expected: usize) -> Option<String> {
    let rendered = html::tags(page).iter().filter(|t| t.has_class("katex-display")).count();
    (rendered != expected).then(|| {
        format!(
            "{expected} display formulas in the Markdown, {rendered} rendered by KaTeX \
             (class=\"katex-display\")"
        )
    })
}

/// Code blocks marked `playground`: mdBook's book.js then fetches the public Rust playground.
pub fn playgrounds(page: &str) -> Vec<String> {
    let count = html::tags(page).iter().filter(|t| t.has_class("playground")).count();
    if count == 0 {
        return Vec::new();
    }
    vec![format!(
        "{count} code block(s) with class=\"playground\": the page would call the public Rust \
         playground; keep [output.html.playground] runnable = false"
    )]
}

/// `<html lang>` must be the edition's language (it comes from `book.language`).
pub fn wrong_language(page: &str, language: &str) -> Option<String> {
    let tags = html::tags(page);
    let found = tags.iter().find(|t| t.name == "html")?.attribute("lang");
    (found != Some(language)).then(|| format!("<html lang={found:?}>, expected {language:?}"))
}

/// Broken internal references in every HTML and CSS file below `root`: missing files, and
/// `#fragments` with no element of that id in the target page.
pub fn broken_links(root: &Path) -> io::Result<Vec<String>> {
    let mut ids = IdCache::default();
    let mut broken = Vec::new();
    for path in files_under(root)? {
        let dir = path.parent().unwrap_or(root).to_path_buf();
        let shown = display_path(root, &path);
        match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                let page = fs::read_to_string(&path)?;
                let tags = html::tags(&page);
                let base = base_dir(root, &dir, &tags);
                for tag in &tags {
                    let urls = urls(tag, RESOURCE_ATTRIBUTES).into_iter().chain(urls(tag, NAVIGATION_ATTRIBUTES));
                    for url in urls {
                        if let Some(problem) = check_reference(root, &path, &base, &url, &mut ids)? {
                            broken.push(format!("{shown}: <{} {url:?}>: {problem}", tag.name));
                        }
                    }
                }
            }
            Some("css") => {
                for url in html::css_references(&fs::read_to_string(&path)?) {
                    if let Some(problem) = check_reference(root, &path, &dir, &url, &mut ids)? {
                        broken.push(format!("{shown}: url({url}): {problem}"));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(broken)
}

/// Ids of each page, read once.
#[derive(Default)]
struct IdCache(HashMap<PathBuf, HashSet<String>>);

impl IdCache {
    fn contains(&mut self, page: &Path, id: &str) -> io::Result<bool> {
        if !self.0.contains_key(page) {
            let text = fs::read_to_string(page)?;
            let ids = html::tags(&text)
                .iter()
                .flat_map(|tag| {
                    let name = (tag.name == "a").then(|| tag.attribute("name")).flatten();
                    tag.attribute("id").into_iter().chain(name).map(str::to_owned)
                })
                .collect();
            self.0.insert(page.to_path_buf(), ids);
        }
        Ok(self.0[page].contains(id))
    }
}

/// What one reference from `from` (resolved against `base`) lacks, or `None` if it resolves.
fn check_reference(root: &Path, from: &Path, base: &Path, url: &str, ids: &mut IdCache) -> io::Result<Option<String>> {
    let url = url.trim();
    if url.is_empty() || has_scheme(url) || url.starts_with("//") {
        // External targets are the job of `external_resources`.
        return Ok(None);
    }
    let (path_part, fragment) = url.split_once('#').unwrap_or((url, ""));
    let path_part = path_part.split('?').next().unwrap_or("");
    let target = if path_part.is_empty() {
        from.to_path_buf()
    } else {
        let decoded = html::percent_decode(path_part);
        let joined = match decoded.strip_prefix('/') {
            Some(absolute) => root.join(absolute),
            None => base.join(&decoded),
        };
        match normalize(&joined) {
            Some(target) if target.starts_with(root) => target,
            _ => return Ok(Some("points outside book/".into())),
        }
    };
    let target = if target.is_dir() { target.join("index.html") } else { target };
    if !target.is_file() {
        return Ok(Some(format!("{} does not exist", display_path(root, &target))));
    }
    let fragment = html::percent_decode(fragment);
    // `#` and `#top` need no element: browsers scroll to the top.
    let anchored = !fragment.is_empty() && fragment != "top";
    if anchored && target.extension().is_some_and(|e| e == "html") && !ids.contains(&target, &fragment)? {
        return Ok(Some(format!("no element with id {fragment:?} in {}", display_path(root, &target))));
    }
    Ok(None)
}

/// The folder relative URLs of a page resolve against: its `<base href>` if it has one (mdBook's
/// 404 page uses `<base href="/ko/">`, where `/` is `book/`), else the page's folder.
fn base_dir(root: &Path, dir: &Path, tags: &[Tag<'_>]) -> PathBuf {
    match tags.iter().find(|t| t.name == "base").and_then(|t| t.attribute("href")) {
        Some(href) if href.starts_with('/') => root.join(href.trim_start_matches('/')),
        Some(href) if !has_scheme(href) => dir.join(href),
        _ => dir.to_path_buf(),
    }
}

/// The URLs in `tag`'s attributes that `table` lists for its element.
fn urls(tag: &Tag<'_>, table: &[(&str, &str)]) -> Vec<String> {
    table
        .iter()
        .filter(|(name, _)| *name == tag.name)
        .filter_map(|(_, attribute)| tag.attribute(attribute).map(|v| (attribute, v)))
        .flat_map(|(attribute, value)| split_srcset(attribute, value))
        .collect()
}

/// A `srcset` lists several `url width` pairs; any other attribute holds one URL.
fn split_srcset(attribute: &str, value: &str) -> Vec<String> {
    if attribute == "srcset" {
        value.split(',').filter_map(|candidate| candidate.split_whitespace().next()).map(str::to_owned).collect()
    } else {
        vec![value.to_owned()]
    }
}

/// Whether `url` is fetched from another host: protocol-relative (`//host/…`) or with any scheme
/// but `data:` (inline content).
pub fn is_external(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("//") || (has_scheme(url) && !url.to_ascii_lowercase().starts_with("data:"))
}

/// `https:`, `mailto:`, `data:` …: a scheme before any `/`, `?` or `#`.
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Resolves `.` and `..` without touching the file system; `None` if it climbs above the root.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    format!("book/{}", relative.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What mdbook-katex makes of one display formula with `output = "htmlAndMathml"`.
    const RENDERED: &str = r#"<span class="katex-display"><span class="katex"><span class="katex-mathml"><math><annotation encoding="application/x-tex">x</annotation></math></span><span class="katex-html">x</span></span></span>"#;
    const STYLESHEET: &str = r#"<link rel="stylesheet" href="../katex/katex.min.css">"#;

    #[test]
    fn rendering_failure_in_log_is_caught() {
        let log = " INFO Book building has started\n\x1b[33m WARN\x1b[0m mdbook_katex: Rendering failed, keeping the original content: ParseError\n";
        let found = log_problems(Edition::Ko, log);
        assert_eq!(
            found,
            ["ko edition: WARN mdbook_katex: Rendering failed, keeping the original content: ParseError"]
        );
        assert!(log_problems(Edition::Ko, " INFO HTML book written\n").is_empty());
    }

    #[test]
    fn warnings_in_log_are_caught_but_the_version_notice() {
        let log = "\x1b[2m2026-11-28T20:50:07Z\x1b[0m \x1b[33m WARN\x1b[0m \x1b[2mmdbook_katex\x1b[0m\x1b[2m:\x1b[0m This mdbook-katex was built against mdbook v0.5.3, but we are being called from mdbook v0.5.4. If you have any issue, this might be a reason.
 INFO Running the html backend
 WARN unclosed HTML tag `<annotation>` found in `ch07.md` while exiting Emphasis
HTML tags must be closed before exiting a markdown element.
 WARN unexpected HTML end tag `</span>` found in `ch07.md`
2026-11-28T20:50:07Z ERROR mdbook_katex::render: Unexpected rendering failure, keeping the original content.
 INFO HTML book written to `/repo/book/ko`
";
        assert_eq!(
            log_problems(Edition::En, log),
            [
                "en edition: WARN unclosed HTML tag `<annotation>` found in `ch07.md` while exiting Emphasis",
                "en edition: WARN unexpected HTML end tag `</span>` found in `ch07.md`",
                "en edition: 2026-11-28T20:50:07Z ERROR mdbook_katex::render: Unexpected rendering failure, keeping the original content.",
            ]
        );
    }

    #[test]
    fn external_resources_are_caught() {
        let page = r#"<html><head>
            <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/katex@0.16.4/dist/katex.min.css">
            <script src="//cdn.example/x.js"></script>
            <style>@import url(http://fonts.example/a.css); body { font-family: x }</style>
            </head><body>
            <img src="http://example.com/a.png" srcset="figures/a.png 1x, https://example.com/b.png 2x">
            <p style="background: url('https://example.com/bg.png')">text</p>
            <a href="https://arxiv.org/abs/1708.02002">a reference is fine</a>
            <img src="data:image/png;base64,AAAA"><script src="book.js"></script>
            </body></html>"#;
        let found = external_resources(page);
        assert_eq!(found.len(), 6, "{found:#?}");
        for host in
            ["cdn.jsdelivr.net", "//cdn.example", "fonts.example", "example.com/a.png", "example.com/b.png", "bg.png"]
        {
            assert!(found.iter().any(|f| f.contains(host)), "{host}: {found:#?}");
        }
    }

    #[test]
    fn external_fonts_in_css_are_caught() {
        let css = "@font-face{src:url(fonts/KaTeX_Main-Regular.woff2) format(\"woff2\"),url(https://cdn.example/KaTeX_Main-Regular.woff) format(\"woff\")}@import \"//cdn.example/more.css\";";
        let found = external_css_references(css);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(external_css_references("@font-face{src:url(fonts/a.woff2)}").is_empty());
    }

    #[test]
    fn raw_display_math_is_caught_outside_code_only() {
        let bad = "<p>$$\n\\frac{1}{0\n$$</p>";
        assert_eq!(raw_display_math(bad).len(), 1);
        let fine = format!("<p>{RENDERED}</p><pre><code>let s = \"$$\";</code></pre><code>$$</code><p>costs $5</p>");
        assert!(raw_display_math(&fine).is_empty());
    }

    #[test]
    fn katex_problems_are_caught() {
        let good = format!("<head>{STYLESHEET}</head><body>{RENDERED}</body>");
        assert!(katex_problems(&good).is_empty());

        let error = format!(r#"{good}<span class="katex-error" title="ParseError">\frac</span>"#);
        assert!(katex_problems(&error)[0].contains("katex-error"));

        // What the page looks like when a bad option reset mdbook-katex to `output = "html"`.
        let html_only = good.replace(
            r#"<span class="katex-mathml"><math><annotation encoding="application/x-tex">x</annotation></math></span>"#,
            "",
        );
        assert!(katex_problems(&html_only)[0].contains("MathML"), "{:?}", katex_problems(&html_only));

        let unstyled = good.replace(STYLESHEET, "");
        assert!(katex_problems(&unstyled)[0].contains("does not link"));

        // A page without math needs nothing.
        assert!(katex_problems("<p>no math</p>").is_empty());
    }

    #[test]
    fn display_formula_count_must_match_the_markdown() {
        let page = format!("<p>{RENDERED}</p>");
        assert_eq!(display_formula_count(&page, 1), None);
        assert!(display_formula_count(&page, 2).unwrap().contains("2 display formulas in the Markdown, 1 rendered"));
        assert!(display_formula_count("<p>$$x$$</p>", 1).is_some());
    }

    #[test]
    fn playground_blocks_are_caught() {
        assert_eq!(playgrounds(r#"<pre class="playground"><code class="language-rust">"#).len(), 1);
        assert!(playgrounds(r#"<pre><code class="language-rust">"#).is_empty());
    }

    #[test]
    fn html_lang_must_match_the_edition() {
        assert_eq!(wrong_language(r#"<html lang="ko" class="light">"#, "ko"), None);
        assert!(wrong_language(r#"<html lang="en">"#, "ko").unwrap().contains("expected \"ko\""));
        assert!(wrong_language("<html>", "en").is_some());
    }

    #[test]
    fn external_means_another_host() {
        for external in ["https://a.b/c", "http://a", "//cdn.x/y", "HTTPS://A", "ftp://x"] {
            assert!(is_external(external), "{external}");
        }
        for internal in ["a.html", "../en/a.html", "/ko/a.html", "#x", "data:font/woff2;base64,AA", "fonts/a.woff2"] {
            assert!(!is_external(internal), "{internal}");
        }
    }

    /// A throwaway `book/` under the system temp folder, removed on drop.
    struct TempBook(PathBuf);

    impl TempBook {
        fn new(name: &str, files: &[(&str, &str)]) -> Self {
            let root = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&root);
            for (path, text) in files {
                let path = root.join(path);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, text).unwrap();
            }
            TempBook(root)
        }
    }

    impl Drop for TempBook {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn good_links_pass() {
        let book = TempBook::new(
            "good-links",
            &[
                ("index.html", r##"<a href="ko/index.html">ko</a><a href="en/">en</a>"##),
                (
                    "ko/index.html",
                    r##"<link rel="stylesheet" href="katex/katex.min.css"><a href="ch01.html#1-%EC%86%8C%EA%B0%9C">1</a><a href="ch01.html#1-소개">1</a><a href="#">top</a><a href="../en/ch01.html?x=1">en</a><a href="https://arxiv.org">ext</a>"##,
                ),
                ("ko/ch01.html", r##"<h1 id="1-소개">1. 소개</h1><a name="old"></a><a href="#old">old</a>"##),
                ("ko/404.html", r##"<base href="/ko/"><a href="ch01.html">ch01</a>"##),
                ("ko/katex/katex.min.css", "@font-face{src:url(fonts/a.woff2) format(\"woff2\")}"),
                ("ko/katex/fonts/a.woff2", ""),
                ("en/index.html", ""),
                ("en/ch01.html", ""),
            ],
        );
        assert_eq!(broken_links(&book.0).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn broken_links_and_anchors_are_caught() {
        let book = TempBook::new(
            "bad-links",
            &[
                ("index.html", r##"<a href="ko/missing.html">x</a>"##),
                (
                    "ko/index.html",
                    r##"<a href="ch01.html#no-such-id">a</a><a href="#nowhere">b</a><a href="../../outside.html">c</a><img src="figures/gone.svg"><script src="gone.js"></script>"##,
                ),
                ("ko/ch01.html", r##"<h1 id="1-소개">x</h1>"##),
                ("ko/404.html", r##"<base href="/ko/"><a href="ch02.html">ch02</a>"##),
                ("ko/katex/katex.min.css", "@font-face{src:url(fonts/missing.woff2) format(\"woff2\")}"),
            ],
        );
        let found = broken_links(&book.0).unwrap();
        let expect = [
            "book/index.html: <a \"ko/missing.html\">: book/ko/missing.html does not exist",
            "book/ko/404.html: <a \"ch02.html\">: book/ko/ch02.html does not exist",
            "book/ko/index.html: <a \"ch01.html#no-such-id\">: no element with id \"no-such-id\" in book/ko/ch01.html",
            "book/ko/index.html: <a \"#nowhere\">: no element with id \"nowhere\" in book/ko/index.html",
            "book/ko/index.html: <a \"../../outside.html\">: points outside book/",
            "book/ko/index.html: <img \"figures/gone.svg\">: book/ko/figures/gone.svg does not exist",
            "book/ko/index.html: <script \"gone.js\">: book/ko/gone.js does not exist",
            "book/ko/katex/katex.min.css: url(fonts/missing.woff2): book/ko/katex/fonts/missing.woff2 does not exist",
        ];
        for line in expect {
            assert!(found.iter().any(|f| f == line), "missing {line:?} in {found:#?}");
        }
        assert_eq!(found.len(), expect.len(), "{found:#?}");
    }
}
