//! `cargo xtask notebooks [--execute [NAME…]]`: the Jupyter notebooks of the chapters.
//!
//! Without options it writes `notebooks/<edition>/<chapter>.ipynb` from the chapters
//! (`book_tests::notebook`); `tests/tests/notebooks.rs` fails while a committed notebook differs.
//! With `--execute` it then runs them all, exactly as `cargo xtask test` does — or only those whose
//! path contains one of the NAMEs (`--execute en/ch06`), without the canaries below:
//!
//! - `jupyter execute` (nbclient) from the project's Python environment `.venv`, whose packages
//!   `requirements-notebooks.txt` pins; the evcxr kernel is registered in that environment only.
//! - `EVCXR_CONFIG_DIR` points at an `evcxr.toml` with `preserve_vars_on_panic = false`: evcxr
//!   otherwise catches a panic, and a failing `assert!` would not fail the run.
//! - One `EVCXR_TMPDIR` (`target/evcxr`) for every notebook, so `losses`, `figures` and plotters
//!   are built once; its `Cargo.lock` is the workspace's, so notebooks build the versions the book
//!   is tested with.
//! - The executed copies go to `target/notebooks/<edition>/`; the committed notebooks keep no
//!   outputs.
//!
//! Before the chapters, [`check_failures_are_caught`] runs small canary notebooks: a failing
//! assertion, a compile error and an `Err` returned through `?` must each fail `jupyter execute`,
//! and a sound notebook must pass — proof, on every run, that a broken chapter cannot pass.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use book_tests::markdown::CodeBlock;
use book_tests::notebook::{self, Cell, NOTEBOOKS, Notebook};

use crate::cmd::{Result, repo_root, run_command};
use crate::install;

/// The project's Python environment (gitignored), with `jupyter execute` and the evcxr kernelspec.
pub const VENV: &str = ".venv";
/// Exact pins of every Python package in [`VENV`].
pub const REQUIREMENTS: &str = "requirements-notebooks.txt";
/// Written into [`VENV`] after a successful install: a copy of the requirements it installed.
const PIP_STAMP: &str = ".xtask-requirements-notebooks.txt";
/// evcxr's build folder, shared by every notebook.
const EVCXR_TMPDIR: &str = "target/evcxr";
/// Where the executed notebooks go (and the canaries, the evcxr settings, Jupyter's runtime files).
const EXECUTED: &str = "target/notebooks";
/// The evcxr settings for tests: a panic must end the cell with an error.
const EVCXR_TOML: &str = "[evcxr]\npreserve_vars_on_panic = false\n";
/// Per-cell time limit of `jupyter execute`, in seconds: the first cell may build plotters.
const CELL_TIMEOUT: u32 = 1800;

/// `cargo xtask notebooks [--execute [NAME…]]`.
pub fn run(args: &[String]) -> Result {
    let written = write()?;
    match args.split_first() {
        None => Ok(()),
        Some((flag, names)) if flag == "--execute" => {
            let selected: Vec<PathBuf> = written
                .into_iter()
                .filter(|path| {
                    names.is_empty() || names.iter().any(|name| path.to_string_lossy().contains(name.as_str()))
                })
                .collect();
            if selected.is_empty() {
                return Err(format!("no notebook matches {names:?}").into());
            }
            let kernel = Kernel::prepare()?;
            if names.is_empty() {
                check_failures_are_caught(&kernel)?;
            }
            execute_all(&kernel, &selected)
        }
        Some((other, _)) => {
            Err(format!("unknown option `{other}`: use `cargo xtask notebooks [--execute [NAME…]]`").into())
        }
    }
}

/// The `notebooks` step of `cargo xtask test`: prove that failures are caught, then execute every
/// notebook of every edition.
pub fn test() -> Result {
    let root = repo_root();
    let stale = notebook::check_all(&root)?;
    if !stale.is_empty() {
        return Err(format!("{}\nthe notebooks are stale: run `cargo xtask notebooks`", stale.join("\n")).into());
    }
    let notebooks: Vec<PathBuf> = notebook::generate_all(&root)?.into_iter().map(|file| file.path).collect();
    let kernel = Kernel::prepare()?;
    check_failures_are_caught(&kernel)?;
    execute_all(&kernel, &notebooks)
}

/// Writes the notebooks; returns their paths, relative to the repository root.
fn write() -> Result<Vec<PathBuf>> {
    let root = repo_root();
    let before = notebook::check_all(&root)?;
    let written = notebook::write_all(&root)?;
    println!(
        "notebooks: {} in {NOTEBOOKS}/ ({})",
        written.len(),
        if before.is_empty() { "unchanged".to_owned() } else { format!("{} updated", before.len()) }
    );
    Ok(written)
}

/// Everything `jupyter execute` needs, installed and configured.
struct Kernel {
    /// `.venv/bin/jupyter`.
    jupyter: PathBuf,
    /// `.venv/share/jupyter`, where the evcxr kernelspec is registered.
    jupyter_path: PathBuf,
    /// Folder of [`EVCXR_TOML`].
    config_dir: PathBuf,
    /// [`EVCXR_TMPDIR`], absolute.
    tmpdir: PathBuf,
    /// Jupyter's connection files.
    runtime_dir: PathBuf,
}

impl Kernel {
    /// Installs what is missing (evcxr_jupyter, the Python environment), registers the kernel and
    /// writes the evcxr settings.
    fn prepare() -> Result<Self> {
        install::ensure("evcxr_jupyter")?;
        install::ensure("nbclient")?;
        let root = repo_root();
        let venv = root.join(VENV);
        let jupyter_path = venv.join("share/jupyter");
        register_kernel(&jupyter_path)?;
        let config_dir = root.join(EXECUTED).join("evcxr-config");
        fs::create_dir_all(&config_dir)?;
        fs::write(config_dir.join("evcxr.toml"), EVCXR_TOML)?;
        let tmpdir = root.join(EVCXR_TMPDIR);
        fs::create_dir_all(&tmpdir)?;
        let runtime_dir = root.join(EXECUTED).join("jupyter-runtime");
        fs::create_dir_all(&runtime_dir)?;
        Ok(Kernel { jupyter: venv.join("bin/jupyter"), jupyter_path, config_dir, tmpdir, runtime_dir })
    }

    /// `jupyter execute` of `notebook`, the executed copy written to `output` (both absolute).
    /// The kernel starts in the notebook's folder, which its `:dep` paths are relative to.
    fn execute(&self, notebook: &Path, output: &Path) -> Result<Command> {
        // evcxr resolves versions anew for its build crate; start it from the workspace's lock
        // file, so the notebooks build exactly the dependency versions the book is tested with.
        fs::copy(repo_root().join("Cargo.lock"), self.tmpdir.join("Cargo.lock"))?;
        if let Some(parent) = output.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut command = Command::new(&self.jupyter);
        command
            .env("JUPYTER_PATH", &self.jupyter_path)
            .env("JUPYTER_RUNTIME_DIR", &self.runtime_dir)
            .env("JUPYTER_PLATFORM_DIRS", "1")
            .env("EVCXR_CONFIG_DIR", &self.config_dir)
            .env("EVCXR_TMPDIR", &self.tmpdir)
            .arg("execute")
            .arg(format!("--timeout={CELL_TIMEOUT}"))
            .arg("--startup_timeout=300")
            .arg(format!("--output={}", output.with_extension("").display()))
            .arg(notebook);
        Ok(command)
    }
}

/// `JUPYTER_PATH=.venv/share/jupyter evcxr_jupyter --install`, unless the kernelspec there
/// already starts the `evcxr_jupyter` on `PATH`.
fn register_kernel(jupyter_path: &Path) -> Result {
    let executable = on_path("evcxr_jupyter").ok_or("evcxr_jupyter is not on PATH")?;
    let spec = fs::read_to_string(jupyter_path.join("kernels/rust/kernel.json")).unwrap_or_default();
    if spec.contains(&format!("\"{}\"", executable.display())) {
        return Ok(());
    }
    run_command(Command::new(&executable).env("JUPYTER_PATH", jupyter_path).arg("--install"), true).map(drop)
}

/// `program`'s full path, from `PATH`.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(program)).find(|path| path.is_file())
}

/// Executes `notebooks` (paths relative to the repository root) one after the other, reports the
/// time of each, and fails listing every notebook that failed.
fn execute_all(kernel: &Kernel, notebooks: &[PathBuf]) -> Result {
    let root = repo_root();
    let mut failed = Vec::new();
    let mut times = Vec::new();
    let started = Instant::now();
    for relative in notebooks {
        let output = root.join(EXECUTED).join(relative.strip_prefix(NOTEBOOKS).unwrap_or(relative));
        let begun = Instant::now();
        let result = run_command(&mut kernel.execute(&root.join(relative), &output)?, false);
        let took = begun.elapsed();
        let figures = count_figures(&output).unwrap_or(0);
        match result {
            Ok(_) => {
                println!(
                    "notebook {}: ok ({:.1} s, {figures} inline figure(s))",
                    relative.display(),
                    took.as_secs_f64()
                );
                times.push((relative.clone(), took));
            }
            Err(_) => {
                // jupyter execute printed the failing cell and its error above.
                println!("notebook {}: FAILED ({:.1} s)", relative.display(), took.as_secs_f64());
                failed.push(relative.display().to_string());
            }
        }
    }
    report_times(&times, started.elapsed());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} notebook(s) failed under the evcxr kernel (the failing cell and its error are printed above):\n{}",
            failed.len(),
            failed.join("\n")
        )
        .into())
    }
}

fn report_times(times: &[(PathBuf, Duration)], total: Duration) {
    if times.is_empty() {
        return;
    }
    let slowest = times.iter().max_by_key(|(_, took)| *took).expect("not empty");
    let mean = times.iter().map(|(_, took)| took.as_secs_f64()).sum::<f64>() / times.len() as f64;
    println!(
        "notebooks executed: {} in {:.1} s (mean {mean:.1} s, slowest {:.1} s: {})",
        times.len(),
        total.as_secs_f64(),
        slowest.1.as_secs_f64(),
        slowest.0.display()
    );
}

/// Inline SVG figures in an executed notebook (for the report only: evcxr may drop printed output
/// under load, so nothing is asserted on it — the cells assert on the SVG themselves).
fn count_figures(executed: &Path) -> io::Result<usize> {
    Ok(fs::read_to_string(executed)?.matches("\"image/svg+xml\": ").count())
}

/// One canary: a notebook and whether `jupyter execute` must succeed on it.
struct Canary {
    name: &'static str,
    code: &'static str,
    passes: bool,
}

/// Doctest-style code blocks, translated by the same [`notebook::rust_cell`] as the chapters.
const CANARIES: &[Canary] = &[
    Canary {
        name: "passes",
        code: "# use losses::{focal_loss, FocalParams, Label};\n# fn main() -> Result<(), losses::LossError> {\n\
               let fl = |p: f64| focal_loss(p, Label::Positive, FocalParams::new(2.0)?);\n\
               assert!(fl(0.5)? > 0.0);\n# Ok(()) }",
        passes: true,
    },
    Canary { name: "fails-an-assertion", code: "let x = 1;\nassert_eq!(x + 1, 3, \"canary\");", passes: false },
    Canary { name: "does-not-compile", code: "let x: u8 = \"not a number\";", passes: false },
    Canary {
        name: "returns-an-error",
        code: "# fn main() -> Result<(), losses::LossError> {\nlosses::FocalParams::new(-1.0_f64)?;\n# Ok(()) }",
        passes: false,
    },
];

/// Runs the [`CANARIES`] with the settings of the real run and fails unless each ends as it must:
/// a failing one must fail with a cell error (nbclient's `CellExecutionError`), not by chance.
fn check_failures_are_caught(kernel: &Kernel) -> Result {
    let dir = repo_root().join(EXECUTED).join("canaries");
    fs::create_dir_all(&dir)?;
    let losses = repo_root().join("crates/losses");
    for canary in CANARIES {
        let block = CodeBlock { info: "rust".into(), line: 1, lines: canary.code.lines().map(str::to_owned).collect() };
        let notebook = Notebook {
            stem: canary.name.into(),
            cells: vec![
                Cell::Code(format!(":dep losses = {{ path = \"{}\" }}", losses.display())),
                notebook::rust_cell(&block),
            ],
        };
        let path = dir.join(format!("{}.ipynb", canary.name));
        fs::write(&path, notebook.to_json())?;
        let started = Instant::now();
        let output: Output =
            kernel.execute(&path, &dir.join("executed").join(format!("{}.ipynb", canary.name)))?.output()?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let failed_in_a_cell = !output.status.success() && stderr.contains("CellExecutionError");
        let as_expected = if canary.passes { output.status.success() } else { failed_in_a_cell };
        println!(
            "canary {}: {} ({:.1} s)",
            canary.name,
            if output.status.success() { "passed" } else { "failed" },
            started.elapsed().as_secs_f64()
        );
        if !as_expected {
            eprintln!("{stderr}");
            return Err(format!(
                "canary notebook {} must {} under `jupyter execute`; it did not (see above)",
                path.display(),
                if canary.passes { "pass" } else { "fail with a cell error" }
            )
            .into());
        }
    }
    println!("canaries: a failing assertion, a compile error and an `Err` each fail the run");
    Ok(())
}

/// What theme/header.hbs writes right before the notebook link's target
/// (`notebooks/<chapter>.md`: `{{ path }}` is all a template has), and the element around it.
const NOTEBOOK_LINK: &str = r#"<a class="notebook-link" href=""#;
const NOTEBOOK_NAV: &str = r#"<nav class="lang-switch notebook-switch""#;

/// Puts an edition's notebooks into the built book (`<dest>/notebooks/`, so the link works
/// offline and the link checker sees it) and fixes every page's notebook link: `.md` becomes
/// `.ipynb`, `index` (mdBook's copy of the first chapter) gets the first chapter's notebook, and
/// pages without a notebook (print, 404) lose the link.
pub fn publish(language: &str, dest: &Path) -> io::Result<()> {
    let root = repo_root();
    let from = root.join(NOTEBOOKS).join(language);
    let to = dest.join("notebooks");
    fs::create_dir_all(&to)?;
    for entry in fs::read_dir(&from)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "ipynb") {
            fs::copy(&path, to.join(path.file_name().expect("a file")))?;
        }
    }
    let summary = fs::read_to_string(root.join("src").join(language).join("SUMMARY.md"))?;
    let first_chapter = first_link(&summary).map(|target| target.trim_end_matches(".md").to_owned());
    let notebook_of = |stem: &str| {
        let stem = if stem == "index" { first_chapter.clone()? } else { stem.to_owned() };
        to.join(format!("{stem}.ipynb")).is_file().then_some(stem)
    };
    for entry in fs::read_dir(dest)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "html") {
            let page = fs::read_to_string(&path)?;
            if let Some(fixed) = fix_notebook_link(&page, notebook_of) {
                fs::write(&path, fixed)?;
            }
        }
    }
    Ok(())
}

/// The target of the first Markdown link (`](target)`) in `text`.
fn first_link(text: &str) -> Option<&str> {
    let start = text.find("](")? + 2;
    Some(&text[start..start + text[start..].find(')')?])
}

/// `page` with its notebook link pointed at the notebook `notebook_of(page stem)` names, or
/// without the link's `<nav>` when it names none; `None` when the page has no link to fix.
pub fn fix_notebook_link(page: &str, notebook_of: impl Fn(&str) -> Option<String>) -> Option<String> {
    let start = page.find(NOTEBOOK_LINK)?;
    let target_start = start + NOTEBOOK_LINK.len();
    let target_end = target_start + page[target_start..].find('"')?;
    let target = page[target_start..target_end].strip_suffix(".md")?;
    let (folder, stem) = target.rsplit_once('/').unwrap_or(("", target));
    match notebook_of(stem) {
        Some(notebook) => {
            let folder = if folder.is_empty() { String::new() } else { format!("{folder}/") };
            Some(format!("{}{folder}{notebook}.ipynb{}", &page[..target_start], &page[target_end..]))
        }
        None => {
            let nav = page[..start].rfind(NOTEBOOK_NAV)?;
            let end = start + page[start..].find("</nav>")? + "</nav>".len();
            let end = if page[end..].starts_with('\n') { end + 1 } else { end };
            Some(format!("{}{}", &page[..nav], &page[end..]))
        }
    }
}

/// `pip`'s side of [`crate::install`]: whether [`VENV`] holds `package` at `version`, installed
/// from the current `requirements` file.
pub fn pip_installed(requirements: &str, package: &str, version: &str) -> bool {
    let root = repo_root();
    let venv = root.join(VENV);
    let stamp_matches = match (fs::read(root.join(requirements)), fs::read(venv.join(PIP_STAMP))) {
        (Ok(wanted), Ok(stamp)) => wanted == stamp,
        _ => false,
    };
    stamp_matches && site_packages(&venv).is_some_and(|dir| dir.join(format!("{package}-{version}.dist-info")).is_dir())
}

/// `.venv/lib/python3.X/site-packages`.
fn site_packages(venv: &Path) -> Option<PathBuf> {
    fs::read_dir(venv.join("lib"))
        .ok()?
        .flatten()
        .map(|entry| entry.path().join("site-packages"))
        .find(|path| path.is_dir())
}

/// Creates [`VENV`] with the system's `python3` if needed, installs exactly the pinned packages of
/// `requirements` (`--no-deps`: the file pins every package, dependencies included) and checks
/// that they are consistent.
pub fn pip_install(requirements: &str) -> Result {
    let root = repo_root();
    let venv = root.join(VENV);
    let python = venv.join("bin/python");
    if !python.is_file() {
        run_command(Command::new("python3").args(["-m", "venv"]).arg(&venv), false)?;
    }
    let pip = |command: &mut Command| {
        command.arg("-m").arg("pip").arg("--disable-pip-version-check").arg("--no-input");
    };
    let mut install = Command::new(&python);
    pip(&mut install);
    install.args(["install", "--no-deps", "-r"]).arg(root.join(requirements));
    run_command(&mut install, false)?;
    let mut check = Command::new(&python);
    pip(&mut check);
    run_command(check.arg("check"), false)?;
    fs::copy(root.join(requirements), venv.join(PIP_STAMP))?;
    Ok(())
}

/// The version `requirements` pins for `package` (`package==version`).
#[cfg(test)]
pub fn pip_pinned_version(requirements: &str, package: &str) -> Option<String> {
    let text = fs::read_to_string(repo_root().join(requirements)).ok()?;
    text.lines().find_map(|line| Some(line.trim().strip_prefix(package)?.strip_prefix("==")?.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evcxr_toml_turns_panics_into_failures() {
        assert_eq!(EVCXR_TOML, "[evcxr]\npreserve_vars_on_panic = false\n");
    }

    #[test]
    fn every_requirement_is_pinned_exactly() {
        let text = fs::read_to_string(repo_root().join(REQUIREMENTS)).expect("requirements file");
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (name, version) = line.split_once("==").unwrap_or_else(|| panic!("`{line}` is not `name==version`"));
            assert!(!name.is_empty() && version.split('.').all(|p| p.parse::<u32>().is_ok()), "{line}");
        }
    }

    #[test]
    fn notebook_link_points_at_the_notebook_or_goes() {
        let nav = r#"<nav class="lang-switch notebook-switch" aria-label="Jupyter">
    <a class="notebook-link" href="notebooks/PAGE.md" download>Notebook</a>
</nav>
"#;
        let page = |stem: &str| format!("<body>\n{}<main></main>", nav.replace("PAGE", stem));
        let known = |stem: &str| match stem {
            "ch06-focal-loss" => Some(stem.to_owned()),
            "index" => Some("ch01-introduction".to_owned()),
            _ => None,
        };
        let fixed = fix_notebook_link(&page("ch06-focal-loss"), known).unwrap();
        assert!(fixed.contains(r#"href="notebooks/ch06-focal-loss.ipynb" download"#), "{fixed}");
        let fixed = fix_notebook_link(&page("index"), known).unwrap();
        assert!(fixed.contains(r#"href="notebooks/ch01-introduction.ipynb" download"#), "{fixed}");
        assert_eq!(fix_notebook_link(&page("print"), known).as_deref(), Some("<body>\n<main></main>"));
        // Already fixed, or no link at all: nothing to do.
        assert_eq!(fix_notebook_link(&fix_notebook_link(&page("ch06-focal-loss"), known).unwrap(), known), None);
        assert_eq!(fix_notebook_link("<p>text</p>", known), None);
        assert_eq!(
            first_link("# Summary\n\n- [Intro](ch01-introduction.md)\n- [B](b.md)"),
            Some("ch01-introduction.md")
        );
    }

    #[test]
    fn canaries_are_translated_like_chapters() {
        for canary in CANARIES {
            let block =
                CodeBlock { info: "rust".into(), line: 1, lines: canary.code.lines().map(str::to_owned).collect() };
            let Cell::Code(code) = notebook::rust_cell(&block) else { panic!("{}: not code", canary.name) };
            assert!(code.starts_with("fn main()") && code.ends_with(");"), "{}:\n{code}", canary.name);
        }
    }
}
