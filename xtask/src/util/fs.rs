//! Files and folders.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Every file below `dir`, recursively, sorted (so reports are stable).
pub fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Copies `from` into `to` recursively (files are overwritten).
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    for file in files_under(from)? {
        let target = to.join(file.strip_prefix(from).expect("files_under yields paths below `from`"));
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(&file, &target)?;
    }
    Ok(())
}
