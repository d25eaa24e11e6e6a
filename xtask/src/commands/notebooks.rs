//! `cargo xtask notebooks [--execute [NAME…]]`: the Jupyter notebooks of the chapters.
//!
//! Without options it writes `notebooks/<edition>/<chapter>.ipynb` from the chapters
//! (`book::notebook`; `cargo test` fails while a committed notebook differs). With `--execute` it
//! then runs them all under the evcxr kernel, exactly as `cargo xtask test` does — or only those
//! whose path contains one of the NAMEs (`--execute en/ch06`), without the canaries.

use std::path::PathBuf;

use book::notebook::{self, NOTEBOOKS};

use crate::site::jupyter::{self, Kernel};
use crate::util::cmd::{Result, repo_root};

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
                jupyter::check_failures_are_caught(&kernel)?;
            }
            jupyter::execute_all(&kernel, &selected)
        }
        Some((other, _)) => {
            Err(format!("unknown option `{other}`: use `cargo xtask notebooks [--execute [NAME…]]`").into())
        }
    }
}

/// Writes the notebooks; returns their paths, relative to the repository root.
fn write() -> Result<Vec<PathBuf>> {
    let generated = notebook::generate(&repo_root())?;
    let written = generated.write(&repo_root())?;
    println!(
        "notebooks: {} in {NOTEBOOKS}/ ({} updated, {} removed)",
        generated.files.len(),
        written.changed.len(),
        written.removed.len()
    );
    Ok(generated.files.into_iter().map(|file| file.path).collect())
}
