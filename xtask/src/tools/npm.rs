//! Tools from npm: packages of an npm project folder of the repository with a committed
//! `package-lock.json`, installed with `npm ci`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::cmd::{Result, repo_root, run_command};

/// Written into `node_modules/` after a successful `npm ci`: a copy of the `package-lock.json` it
/// installed, so the next run can tell whether `node_modules/` still matches the lock file.
const STAMP: &str = ".xtask-package-lock.json";

/// `<repo>/<dir>`: an npm project folder of this repository.
fn project(dir: &str) -> PathBuf {
    repo_root().join(dir)
}

/// The executable an npm package of `dir` installs as `name` (`node_modules/.bin/<name>`).
pub fn bin(dir: &str, name: &str) -> PathBuf {
    project(dir).join("node_modules").join(".bin").join(name)
}

/// Whether `dir`'s `node_modules/` was installed from its current `package-lock.json` and holds
/// `package` at `version`.
pub fn installed(dir: &str, package: &str, version: &str) -> bool {
    let project = project(dir);
    let modules = project.join("node_modules");
    let lock_matches = match (fs::read(project.join("package-lock.json")), fs::read(modules.join(STAMP))) {
        (Ok(lock), Ok(stamp)) => lock == stamp,
        _ => false,
    };
    lock_matches && installed_version(&modules, package).as_deref() == Some(version)
}

/// `"version"` of `node_modules/<package>/package.json`.
fn installed_version(modules: &Path, package: &str) -> Option<String> {
    let manifest = fs::read_to_string(modules.join(package).join("package.json")).ok()?;
    json_string_field(&manifest, "version")
}

/// `npm ci` in `dir`: exactly what its `package-lock.json` says, nothing resolved anew. Install
/// scripts are not run (none of the project's packages needs one).
pub fn ci(dir: &str) -> Result {
    let project = project(dir);
    run_command(
        Command::new("npm").current_dir(&project).args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"]),
        false,
    )?;
    fs::copy(project.join("package-lock.json"), project.join("node_modules").join(STAMP))?;
    Ok(())
}

/// The version `dir`'s `package.json` asks for `package` (as written: the project pins exact
/// versions, which a unit test checks against the install table).
#[cfg(test)]
pub fn pinned_version(dir: &str, package: &str) -> Option<String> {
    let manifest = fs::read_to_string(project(dir).join("package.json")).ok()?;
    json_string_field(&manifest, package)
}

/// The string value of the first `"key": "value"` pair in `json`. Enough for the flat
/// `package.json` fields read here; xtask stays free of JSON parsing for them.
fn json_string_field(json: &str, key: &str) -> Option<String> {
    let quoted = format!("\"{key}\"");
    let after_key = &json[json.find(&quoted)? + quoted.len()..];
    let value = after_key.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    Some(value[..value.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_json_strings() {
        let manifest = r#"{ "name": "x", "version" : "1.6.0", "devDependencies": { "pagefind": "1.6.0" } }"#;
        assert_eq!(json_string_field(manifest, "version").as_deref(), Some("1.6.0"));
        assert_eq!(json_string_field(manifest, "pagefind").as_deref(), Some("1.6.0"));
        assert_eq!(json_string_field(manifest, "missing"), None);
        assert_eq!(json_string_field(r#"{"devDependencies": {}}"#, "devDependencies"), None);
    }
}
