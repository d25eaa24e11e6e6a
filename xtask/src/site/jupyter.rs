//! The notebooks under the real evcxr kernel: `jupyter execute` of every notebook, after canaries
//! prove that a failing one fails.
//!
//! - `jupyter execute` (nbclient) comes from the project's Python environment `.venv`, whose
//!   packages `requirements-notebooks.txt` pins; the evcxr kernel is registered in that
//!   environment only.
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
//! and a sound notebook must pass — proof, on every run, that a broken chapter cannot pass. Then
//! an exercise's grading cell, as the chapters' generator writes it: it must report an untouched
//! `todo!()` stub as not attempted and a solution as passed (the run goes on), and fail the run on
//! a wrong answer.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use book::Edition;
use book::exercise_section;
use book::markdown::CodeBlock;
use book::notebook::{self, Cell, NOTEBOOKS, Notebook};

use crate::tools::{self, pip};
use crate::util::cmd::{Result, on_path, repo_root, run_command};

/// evcxr's build folder, shared by every notebook.
const EVCXR_TMPDIR: &str = "target/evcxr";
/// Where the executed notebooks go (and the canaries, the evcxr settings, Jupyter's runtime files).
const EXECUTED: &str = "target/notebooks";
/// The evcxr settings for tests: a panic must end the cell with an error.
const EVCXR_TOML: &str = "[evcxr]\npreserve_vars_on_panic = false\n";
/// Per-cell time limit of `jupyter execute`, in seconds: the first cell may build plotters.
const CELL_TIMEOUT: u32 = 1800;

/// Everything `jupyter execute` needs, installed and configured.
pub struct Kernel {
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
    pub fn prepare() -> Result<Self> {
        tools::ensure("running the notebooks", tools::FOR_NOTEBOOKS)?;
        let root = repo_root();
        let venv = pip::venv();
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

/// Executes `notebooks` (paths relative to the repository root) one after the other, reports the
/// time of each, and fails listing every notebook that failed.
pub fn execute_all(kernel: &Kernel, notebooks: &[PathBuf]) -> Result {
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

/// A canary for the exercises' grading cell: a one-exercise section, made into a notebook by the
/// chapters' own generator, with the stub's body replaced as a reader would replace it, and a last
/// cell that asserts what the grading cell kept in `graded` (in code: evcxr may drop printed
/// output under load).
struct ExerciseCanary {
    name: &'static str,
    /// The body of `sum_of_squared_errors(y: &[f64], y_hat: &[f64]) -> f64`.
    body: &'static str,
    /// The cell after the grading cell; `None` when the grading cell itself must fail.
    then: Option<&'static str>,
}

const EXERCISE_CANARIES: &[ExerciseCanary] = &[
    ExerciseCanary {
        name: "exercise-untouched",
        body: "todo!()",
        then: Some("assert_eq!(graded, exercises::grade::Outcome::NotAttempted);"),
    },
    ExerciseCanary {
        name: "exercise-solved",
        body: "y.iter().zip(y_hat).map(|(a, b)| (a - b) * (a - b)).sum()",
        then: Some("assert!(graded.is_passed(), \"{graded:?}\");"),
    },
    ExerciseCanary {
        // The mean squared error where the sum was asked for (a wrong answer of the crate's list).
        name: "exercise-wrong",
        body: "y.iter().zip(y_hat).map(|(a, b)| (a - b) * (a - b)).sum::<f64>() / y.len() as f64",
        then: None,
    },
];

/// The grading cell's call, which the failing exercise canary must fail in.
const GRADING_CALL: &str = "exercises::notebook::grade(";

/// The notebook of an [`ExerciseCanary`]: what [`notebook::chapter_notebook`] makes of an exercise
/// section, its `:dep` paths made absolute (the canaries do not live in `notebooks/<edition>/`).
fn exercise_canary_notebook(canary: &ExerciseCanary) -> Notebook {
    let chapter = format!(
        "# Canary\n\n{}\n\n## Exercises\n\n### 2.1 Sum of squared errors\n\nThe task.\n\n{}\n```rust\n\
         pub fn sum_of_squared_errors(y: &[f64], y_hat: &[f64]) -> f64 {{\n    {}\n}}\n```\n\n{}\n",
        exercise_section::BEGIN,
        exercise_section::exercise_marker("ch02::sum_of_squared_errors"),
        canary.body,
        exercise_section::END
    );
    let mut notebook = notebook::chapter_notebook(Edition::En, &format!("{}.md", canary.name), &chapter, &[]);
    let root = repo_root().display().to_string();
    if let Some(Cell::Code(setup)) = notebook.cells.first_mut() {
        *setup = setup.replace(notebook::TO_ROOT, &root);
    }
    if let Some(then) = canary.then {
        notebook.cells.push(Cell::Code(then.to_owned()));
    }
    notebook
}

/// Runs the [`CANARIES`] and the [`EXERCISE_CANARIES`] with the settings of the real run and fails
/// unless each ends as it must: a failing one must fail with a cell error (nbclient's
/// `CellExecutionError`), not by chance, and a failing exercise in its grading cell.
pub fn check_failures_are_caught(kernel: &Kernel) -> Result {
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
        run_canary(kernel, &dir, &notebook, canary.passes, None)?;
    }
    println!("canaries: a failing assertion, a compile error and an `Err` each fail the run");
    for canary in EXERCISE_CANARIES {
        let failing_cell = if canary.then.is_some() { None } else { Some(GRADING_CALL) };
        run_canary(kernel, &dir, &exercise_canary_notebook(canary), canary.then.is_some(), failing_cell)?;
    }
    println!(
        "canaries: a grading cell reports an untouched stub as not attempted and a solution as passed, and fails \
         on a wrong answer"
    );
    Ok(())
}

/// Executes one canary notebook; `failing_cell`, for a canary that must fail, is text the failing
/// cell must contain (nbclient's error names the cell's source).
fn run_canary(kernel: &Kernel, dir: &Path, notebook: &Notebook, passes: bool, failing_cell: Option<&str>) -> Result {
    let name = &notebook.stem;
    let path = dir.join(format!("{name}.ipynb"));
    fs::write(&path, notebook.to_json())?;
    let started = Instant::now();
    let output: Output = kernel.execute(&path, &dir.join("executed").join(format!("{name}.ipynb")))?.output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed_in_a_cell = !output.status.success()
        && stderr.contains("CellExecutionError")
        && failing_cell.is_none_or(|text| stderr.contains(text));
    let as_expected = if passes { output.status.success() } else { failed_in_a_cell };
    println!(
        "canary {name}: {} ({:.1} s)",
        if output.status.success() { "passed" } else { "failed" },
        started.elapsed().as_secs_f64()
    );
    if !as_expected {
        eprintln!("{stderr}");
        let must = match (passes, failing_cell) {
            (true, _) => "pass".to_owned(),
            (false, None) => "fail with a cell error".to_owned(),
            (false, Some(text)) => format!("fail with a cell error in the cell that calls `{text}…`"),
        };
        return Err(format!(
            "canary notebook {} must {must} under `jupyter execute`; it did not (see above)",
            path.display()
        )
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evcxr_toml_turns_panics_into_failures() {
        assert_eq!(EVCXR_TOML, "[evcxr]\npreserve_vars_on_panic = false\n");
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

    #[test]
    fn exercise_canaries_are_the_generated_exercise_cells() {
        for canary in EXERCISE_CANARIES {
            let cells = exercise_canary_notebook(canary).cells;
            let setup = cells[0].source();
            assert!(
                setup
                    .contains(&format!(":dep exercises = {{ path = \"{}/crates/exercises\" }}", repo_root().display()))
            );
            let stub = cells.iter().position(|cell| cell.source().contains("pub fn sum_of_squared_errors(")).unwrap();
            assert!(cells[stub].source().contains(canary.body), "{}", canary.name);
            assert_eq!(cells[stub + 1].source(), notebook::grading_cell(Edition::En, "ch02::sum_of_squared_errors"));
            assert!(cells[stub + 1].source().contains(GRADING_CALL));
            assert_eq!(cells.len(), stub + 2 + usize::from(canary.then.is_some()), "{}", canary.name);
        }
    }
}
