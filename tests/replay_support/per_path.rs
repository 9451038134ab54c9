//! Fixtures one per path in a folder of their own, and the JSON-lines
//! files `hook replay --save-responses` writes.

use super::{run, App, Run, WHSEC};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A folder of GitHub fixtures, one per path (`/a` → `a.json`).
pub struct Fixtures {
    dir: tempfile::TempDir,
}

impl Fixtures {
    pub fn new(paths: &[&str]) -> Fixtures {
        let dir = tempfile::tempdir().expect("tempdir");
        for path in paths {
            super::write_fixture(dir.path(), &file_of(path), "github", "push", path, json!({"p": path}));
        }
        Fixtures { dir }
    }

    /// The fixture for `path`, as an argument (and as replay names its source).
    pub fn arg(&self, path: &str) -> String {
        self.dir.path().join(file_of(path)).to_string_lossy().into_owned()
    }

    /// A file in the folder (not a fixture: no `.json` ending is needed).
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn file_of(path: &str) -> String {
    format!("{}.json", path.trim_start_matches('/'))
}

/// Every line of a JSON-lines file, parsed.
pub fn lines_of(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// `hook replay FIXTURES… --to APP --secret WHSEC EXTRA…`.
pub fn replay_app(fixtures: &[String], app: &App, extra: &[&str]) -> Run {
    let fixtures: Vec<&str> = fixtures.iter().map(String::as_str).collect();
    run(&[
        &["replay"],
        &fixtures[..],
        &["--to", &app.url, "--secret", WHSEC],
        extra,
    ]
    .concat())
}

/// Save `fixtures`' responses to `saved`, expecting every delivery to get its 2xx.
pub fn save_responses(fixtures: &[String], app: &App, saved: &Path, extra: &[&str]) {
    let saved = saved.to_string_lossy();
    replay_app(fixtures, app, &[&["--save-responses", &saved], extra].concat()).expect_code(0);
}
