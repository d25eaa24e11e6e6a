//! The book's chapters, read through the `book` crate and checked: the report of an edition, the
//! mutation run over the book, and a displayed formula to evaluate from code ([`crate::book`]).
//!
//! The `book` crate's scanner finds each display formula, its marker (the whole text between
//! `<!--` and `-->`, validated there only for the id) and the chapter line of its TeX; here the
//! marker's clauses are parsed ([`crate::Marker`]) and every formula is checked
//! ([`Chapter::check`]) with the symbol table `src/symbols.toml`.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use book::Edition;
use book::generated::{File, Generated};
use book::source;

use crate::check::{Chapter, ChapterReport, FormulaSource, Outcome};
use crate::mutants::{self, MutantResult};
use crate::symbols::SymbolTable;

/// The symbol table's path, relative to the repository root.
pub const SYMBOLS: &str = "src/symbols.toml";

/// Why the chapters could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A chapter or the symbol table could not be read.
    Io(PathBuf, io::Error),
    /// The symbol table does not parse.
    Symbols(crate::SymbolsError),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            ReadError::Symbols(e) => write!(f, "{SYMBOLS}: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The symbol table of the repository.
///
/// # Errors
/// [`ReadError`] if `src/symbols.toml` cannot be read or does not parse.
pub fn symbol_table(root: &Path) -> Result<SymbolTable, ReadError> {
    let path = root.join(SYMBOLS);
    let text = std::fs::read_to_string(&path).map_err(|e| ReadError::Io(path, e))?;
    SymbolTable::parse(&text).map_err(ReadError::Symbols)
}

/// One chapter file's display formulas, as the checker takes them.
#[derive(Debug, Clone)]
pub struct ChapterFormulas {
    /// The chapter's name for the symbol table: its path below `src/<edition>/` without `.md`
    /// (`ch06-focal-loss`, `part/ch10`).
    pub chapter: String,
    /// The file, relative to the repository root: `src/en/ch06-focal-loss.md`.
    pub file: String,
    /// The formulas, in order. A formula without a marker (which the book's conventions test
    /// reports) gets the marker `formula: ?`, which fails to parse here too.
    pub formulas: Vec<FormulaSource>,
}

/// Every chapter of an edition that has display formulas.
///
/// # Errors
/// [`ReadError::Io`] if a chapter cannot be read.
pub fn edition_formulas(root: &Path, edition: Edition) -> Result<Vec<ChapterFormulas>, ReadError> {
    let dir = root.join("src").join(edition.code());
    let files = source::load_chapters(&dir).map_err(|e| ReadError::Io(dir.clone(), e))?;
    Ok(files
        .into_iter()
        .filter(|file| !file.chapter.formulas.is_empty())
        .map(|file| {
            let formulas = file
                .chapter
                .formulas
                .iter()
                .map(|formula| {
                    let (tex, line) = formula.tex();
                    let marker = formula.marker.clone().unwrap_or_else(|| "formula: ?".to_owned());
                    FormulaSource { marker, tex, line }
                })
                .collect();
            ChapterFormulas {
                chapter: file.name.trim_end_matches(".md").to_owned(),
                file: format!("src/{}/{}", edition.code(), file.name),
                formulas,
            }
        })
        .collect())
}

/// The checks of one edition.
#[derive(Debug, Clone)]
pub struct EditionReport {
    /// The edition.
    pub edition: Edition,
    /// Each chapter's file and report.
    pub chapters: Vec<(String, ChapterReport)>,
}

impl EditionReport {
    /// `(total, evaluated, exempt)`.
    pub fn counts(&self) -> (usize, usize, usize) {
        let (mut total, mut evaluated, mut exempt) = (0, 0, 0);
        for (_, report) in &self.chapters {
            let (e, x, f) = report.counts();
            total += e + x + f;
            evaluated += e;
            exempt += x;
        }
        (total, evaluated, exempt)
    }

    /// Every failure as `file:line: formula `id`: …`, in chapter order.
    pub fn failures(&self) -> Vec<String> {
        self.chapters
            .iter()
            .flat_map(|(file, report)| report.failures().map(move |failure| format!("{file}:{failure}")))
            .collect()
    }

    /// Every exemption as `file:line: `id`: reason`.
    pub fn exemptions(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (file, report) in &self.chapters {
            for formula in &report.formulas {
                if let Outcome::Exempt { reason } = &formula.outcome {
                    out.push(format!("{file}:{}: `{}`: {reason}", formula.line, formula.id));
                }
            }
        }
        out
    }

    /// Whether every formula is evaluated or exempt, and at most [`MAX_EXEMPT_PERCENT`] exempt.
    pub fn is_complete(&self) -> bool {
        let (total, evaluated, exempt) = self.counts();
        evaluated + exempt == total && exempt * 100 <= MAX_EXEMPT_PERCENT * total
    }
}

/// At most this share of an edition's formulas may be exempt, in percent.
pub const MAX_EXEMPT_PERCENT: usize = 5;

impl fmt::Display for EditionReport {
    /// `checked formulas (ko): 84/84 (evaluated 82, exempt 2)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (total, evaluated, exempt) = self.counts();
        write!(
            f,
            "checked formulas ({}): {}/{total} (evaluated {evaluated}, exempt {exempt})",
            self.edition.code(),
            evaluated + exempt
        )
    }
}

/// Checks every display formula of an edition.
///
/// # Errors
/// [`ReadError`] if the chapters or the symbol table cannot be read.
pub fn check_edition(root: &Path, edition: Edition) -> Result<EditionReport, ReadError> {
    let table = symbol_table(root)?;
    let chapters = edition_formulas(root, edition)?
        .into_iter()
        .map(|chapter| {
            let report = Chapter::new(&table, &chapter.chapter).check(&chapter.formulas);
            (chapter.file, report)
        })
        .collect();
    Ok(EditionReport { edition, chapters })
}

/// Mutation testing over every checked formula of an edition ([`mutants::run`] per chapter).
///
/// # Errors
/// [`ReadError`] if the chapters or the symbol table cannot be read.
pub fn mutate_edition(root: &Path, edition: Edition) -> Result<Vec<MutantResult>, ReadError> {
    let table = symbol_table(root)?;
    let mut results = Vec::new();
    for chapter in edition_formulas(root, edition)? {
        let mut checked = Chapter::new(&table, &chapter.chapter);
        results.extend(mutants::run(&mut checked, &chapter.formulas));
    }
    Ok(results)
}

/// A display formula of the book, ready to evaluate with the definitions of its chapter up to it
/// (see [`crate::book`]).
pub struct BookFormula {
    table: SymbolTable,
    chapter: String,
    formulas: Vec<FormulaSource>,
    index: usize,
}

/// Why [`crate::book`] found no formula.
#[derive(Debug)]
pub enum BookError {
    /// The chapters or the symbol table could not be read.
    Read(ReadError),
    /// No chapter of that name, or no formula with that id in it.
    NotFound {
        /// The chapter asked for.
        chapter: String,
        /// The id asked for.
        id: String,
    },
}

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BookError::Read(e) => e.fmt(f),
            BookError::NotFound { chapter, id } => write!(f, "no formula `{id}` in chapter `{chapter}`"),
        }
    }
}

impl std::error::Error for BookError {}

impl BookFormula {
    /// Reads formula `id` of chapter `chapter` (file stem) from the repository at `root`.
    ///
    /// # Errors
    /// [`BookError`] if the chapter or the formula does not exist, or the files cannot be read.
    pub fn read(root: &Path, chapter: &str, id: &str) -> Result<BookFormula, BookError> {
        let table = symbol_table(root).map_err(BookError::Read)?;
        let not_found = || BookError::NotFound { chapter: chapter.to_owned(), id: id.to_owned() };
        // The editions' formulas are byte-identical (a test enforces it): read one.
        let chapters = edition_formulas(root, Edition::ALL[0]).map_err(BookError::Read)?;
        let found = chapters.into_iter().find(|c| c.chapter == chapter).ok_or_else(not_found)?;
        let index = found
            .formulas
            .iter()
            .position(|f| crate::Marker::parse(&f.marker).is_ok_and(|m| m.id == id))
            .ok_or_else(not_found)?;
        Ok(BookFormula { table, chapter: chapter.to_owned(), formulas: found.formulas, index })
    }

    /// The formula's TeX, as displayed.
    pub fn tex(&self) -> &str {
        &self.formulas[self.index].tex
    }

    /// The value of the formula's right side — the last term of its first relation (the whole
    /// expression if it has none) — with the symbols given as `(TeX, value)` pairs and the names
    /// the chapter defined before it (and the formula's own definitions and `where:` bindings).
    /// A value given for a name the chapter defines replaces the definition.
    ///
    /// # Errors
    /// [`EvaluateError::Parse`](crate::EvaluateError::Parse) if a symbol's TeX does not parse,
    /// [`EvaluateError::Eval`](crate::EvaluateError::Eval) if a symbol has no value.
    pub fn eval(&self, values: &[(&str, f64)]) -> Result<f64, crate::EvaluateError> {
        use crate::ast::StatementKind;
        use crate::eval::{Env, Evaluator, Point, Value};
        let chapter = Chapter::new(&self.table, &self.chapter);
        let mut plans = chapter.plans(&self.formulas[..=self.index]);
        let (before, plan) = plans.pop().expect("the formula itself");
        let (formula, definitions, lengths) = match plan {
            Some(plan) => (plan.formula.clone(), plan.visible(&before), plan.lengths),
            None => {
                let formula = crate::parse(self.tex()).map_err(crate::EvaluateError::Parse)?;
                (formula, before, chapter.lengths().clone())
            }
        };
        let expr = match formula.items.first().map(|item| &item.statement.kind) {
            Some(StatementKind::Chain { terms, .. }) => terms.last().expect("a term").clone(),
            _ => crate::parse_expression(self.tex()).map_err(crate::EvaluateError::Parse)?,
        };
        // The values given shadow the chapter's definitions: `p_t` given is `p_t`, even where
        // the chapter defined it from `p` and `y`.
        let mut given = Vec::new();
        for (tex, value) in values {
            given.push((crate::parse_symbol(tex).map_err(crate::EvaluateError::Parse)?.key(), *value));
        }
        let point = Point::new();
        let env = Env {
            point: &point,
            definitions: &definitions,
            lengths: &lengths,
            zero_times_infinite_is_zero: chapter.zero_log_zero(),
            ascending_order_statistics: chapter.ascending_order_statistics(),
            dependencies: None,
            rows: None,
        };
        let mut evaluator = Evaluator::<f64>::new(env);
        for (key, value) in given {
            evaluator.bind(&key, Value::Num(value));
        }
        evaluator.number(&expr).map_err(crate::EvaluateError::Eval)
    }
}

/// Where appendix A's generated symbol tables live, relative to the repository root.
pub const NOTATION_SNIPPETS: &str = "crates/formula/snippets";

/// Appendix A's tables of every symbol of `src/symbols.toml` (meaning and the domain the checker
/// samples) and of each chapter's notation, one snippet per edition
/// (`crates/formula/snippets/symbols.ko.md` and `symbols.en.md`), included by appendix A. Written by
/// `cargo xtask symbols`; a test fails while a committed snippet differs.
///
/// # Errors
/// [`ReadError`] if the symbol table cannot be read.
pub fn notation_snippets(root: &Path) -> Result<Generated, ReadError> {
    let table = symbol_table(root)?;
    let mut files = Vec::new();
    for edition in Edition::ALL {
        let ko = edition == Edition::Ko;
        let pick = |ko_text: &'static str, en_text: &'static str| if ko { ko_text } else { en_text };
        let mut out = String::new();
        out.push_str(pick(
            "<!-- src/symbols.toml에서 `cargo xtask symbols`가 만든 표입니다. 고치지 마세요. -->\n",
            "<!-- Generated from src/symbols.toml by `cargo xtask symbols`; do not edit. -->\n",
        ));
        out.push_str(pick(
            "| 기호 | 뜻 | 검사기가 값을 뽑는 범위 |\n|---|---|---|\n",
            "| symbol | meaning | where the checker samples it |\n|---|---|---|\n",
        ));
        for symbol in &table.symbols {
            let meaning = if ko { &symbol.ko } else { &symbol.en };
            let domain = match symbol.domain_text.as_deref() {
                Some("simplex") => {
                    pick("확률 벡터 (합이 1, 성분 ≥ 0)", "probability vectors (sum 1, entries ≥ 0)").to_owned()
                }
                Some("open simplex") => {
                    pick("확률 벡터 (합이 1, 성분 > 0)", "probability vectors (sum 1, entries > 0)").to_owned()
                }
                Some("one-hot") => pick("원-핫 벡터", "one-hot vectors").to_owned(),
                Some(domain) => format!("${domain}$"),
                None => pick("수식이 정의", "defined by the formulas").to_owned(),
            };
            let domain = match &symbol.length {
                Some(length) => format!("{domain}{}${length}${}", pick(", 길이 ", ", length "), pick("인 벡터", "")),
                None => domain,
            };
            out.push_str(&format!("| ${}$ | {} | {domain} |\n", symbol.tex, escape_cell(meaning)));
        }
        out.push_str(pick(
            "\n장마다 달라지는 표기(위 표보다 우선합니다):\n\n| 장 | 범위와 정의 | 첨자의 범위 |\n|---|---|---|\n",
            "\nNotation that changes by chapter (it takes precedence over the table above):\n\n| chapter | domains and definitions | index ranges |\n|---|---|---|\n",
        ));
        for (name, settings) in &table.chapters {
            let items: Vec<String> = settings
                .where_text
                .iter()
                .map(|w| {
                    let w = w.replace('|', "\\vert ");
                    let named = ["open simplex", "simplex", "one-hot"]
                        .iter()
                        .find_map(|name| w.strip_suffix(name).map(|head| format!("{head}\\text{{{name}}}")));
                    format!("${}$", named.unwrap_or(w))
                })
                .collect();
            let mut index: Vec<String> =
                settings.index.iter().map(|(l, n)| format!("${l} = 1, \\dots, {n}$")).collect();
            if settings.zero_log_zero {
                index.push("$0 \\log 0 = 0$".to_owned());
            }
            if settings.ascending_order_statistics {
                index.push("$\\ell_{(1)} \\le \\ell_{(2)} \\le \\cdots$".to_owned());
            }
            out.push_str(&format!("| [{name}]({name}.md) | {} | {} |\n", items.join(", "), index.join(", ")));
        }
        let path = Path::new(NOTATION_SNIPPETS).join(format!("symbols.{}.md", edition.code()));
        files.push(File::text(path, out));
    }
    Ok(Generated { command: "cargo xtask symbols", files, owned: vec![PathBuf::from(NOTATION_SNIPPETS)] })
}

/// A table cell's text with `|` escaped.
fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}
