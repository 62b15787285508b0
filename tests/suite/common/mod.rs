//! Shared test set-up: fixture datasets copied into a fresh temporary
//! directory per test, and the real `docket` binary run inside it.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Python interpreter with the readers the interop tests use (`.venv`,
/// made by `.ci/run`, or `DOCKET_PYTHON`). Without it a test says it was
/// skipped; under CI it fails instead.
/// The real public datasets under `tests/fixtures/public/` (see each
/// folder's `ORIGIN.md`), sorted.
pub fn public_fixtures() -> Vec<PathBuf> {
    let mut roots: Vec<_> = std::fs::read_dir(repo().join("tests/fixtures/public"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("schemas").is_dir())
        .collect();
    roots.sort();
    roots
}

/// `validate --format json` run in the dataset root `root`: its exit code
/// and its report.
pub fn validate_at(root: &Path) -> (i32, Value) {
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .current_dir(root)
        .args(["validate", "--format", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{}: {e}: {}", root.display(), stderr(&output)));
    (output.status.code().unwrap_or(-1), report)
}

/// A generated valid JSONL dataset of `records` recommendations under
/// `dir`, twice: as generated (each collection sorted by key) and with
/// every collection's lines reversed. Both roots are folders named `data`
/// (without dataset.yaml the folder's name names the dataset), so the two
/// publish the same bytes.
pub fn sorted_and_reversed(dir: &Path, records: u32) -> (PathBuf, PathBuf) {
    let sorted = dir.join("sorted/data");
    let generated = Command::cargo_bin("docket")
        .unwrap()
        .args([
            "generate",
            "--records",
            &records.to_string(),
            "--invalid",
            "0",
            "--out",
        ])
        .arg(&sorted)
        .output()
        .unwrap();
    assert!(generated.status.success(), "{}", stderr(&generated));
    let reversed = dir.join("reversed/data");
    copy_dir(&sorted, &reversed);
    for entry in fs::read_dir(reversed.join("datasets")).unwrap() {
        for file in fs::read_dir(entry.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            let mut lines: Vec<&str> = text.lines().collect();
            lines.reverse();
            fs::write(&path, lines.join("\n") + "\n").unwrap();
        }
    }
    (sorted, reversed)
}

pub fn python() -> Option<PathBuf> {
    let candidate = std::env::var_os("DOCKET_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".venv/bin/python"));
    if candidate.exists() {
        return Some(candidate);
    }
    skip(
        "interop",
        &format!(
            "no Python environment at {}; run .ci/run to create it (or set DOCKET_PYTHON)",
            candidate.display()
        ),
    );
    None
}

/// Runs a reader (from the repository root), fails the test with what it
/// printed when it fails, and returns its standard output.
pub fn run_reader(command: &mut std::process::Command) -> String {
    let output = command.current_dir(repo()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{command:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// A dataset root in a temporary directory.
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// The small valid dataset of `tests/fixtures/mini` with schema 1 of the
    /// bundled model, frozen in `tests/fixtures/schema1`: tests of behaviour
    /// that does not depend on the record model stay put when the model changes.
    pub fn mini() -> Fixture {
        let fixture = Fixture::from_dir(&repo().join("tests/fixtures/mini"));
        copy_dir(
            &repo().join("tests/fixtures/schema1"),
            &fixture.path().join("schemas"),
        );
        fixture
    }

    /// An empty dataset root, for tests that write their own schemas.
    pub fn empty() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// A copy of any fixture directory.
    pub fn from_dir(source: &Path) -> Fixture {
        let dir = tempfile::tempdir().expect("temporary directory");
        copy_dir(source, dir.path());
        Fixture { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
        self
    }

    pub fn remove(&self, relative: &str) -> &Self {
        fs::remove_file(self.path().join(relative)).unwrap();
        self
    }

    /// Runs `docket ARGS` with the fixture as working directory.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("docket")
            .unwrap()
            .current_dir(self.path())
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs `docket validate --format json ARGS` and returns the exit code and report.
    pub fn validate_json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["validate", "--format", "json"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "no JSON report ({e}); stdout: {}; stderr: {}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (output.status.code().unwrap_or(-1), report)
    }
}

/// A test whose *tool* is missing (a Python reader, Chromium, the language
/// server): said plainly and listed with the tests not run, or, under CI
/// (`CI` set, as `.ci/run` and CI services do), a failure: a check that
/// silently skips in CI is a check that never runs.
pub fn skip(test: &str, what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{test} cannot run under CI: {what}"
    );
    not_run(test, what);
}

/// The folder of the source texts the bundled dataset is curated from:
/// `DOCKET_SOURCES` when set (and then it must exist), else
/// `../shared/sources` beside the repository. A test that needs them runs
/// whenever they are found and then fails on any missing or changed text;
/// without them it is listed as not run, with the reason, and passes, under
/// CI too: a fresh clone has no source texts.
pub fn sources(test: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DOCKET_SOURCES") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.is_dir(),
            "DOCKET_SOURCES names {}, which is not a folder",
            dir.display()
        );
        return Some(dir);
    }
    let beside = repo().join("../shared/sources");
    if beside.is_dir() {
        return Some(beside);
    }
    not_run(
        test,
        "the source texts are not found (put them at ../shared/sources beside the repository, or name their folder in DOCKET_SOURCES)",
    );
    None
}

/// Where the names of the tests that did not run are kept, one file each,
/// for `.ci/run` to list at the end (the test harness hides what a passing
/// test prints).
pub fn not_run_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("not-run")
}

/// Records that `test` did not run and why.
pub fn not_run(test: &str, why: &str) {
    println!("NOT RUN {test}: {why}");
    eprintln!("NOT RUN {test}: {why}");
    let dir = not_run_dir();
    let _ = fs::create_dir_all(&dir);
    let name: String = test
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let _ = fs::write(dir.join(name), format!("{test}: {why}\n"));
}

/// The report's issues as (code, file, line) triples.
pub fn issues(report: &Value) -> Vec<(String, String, Option<u64>)> {
    report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_owned(),
                i["file"].as_str().unwrap().to_owned(),
                i["line"].as_u64(),
            )
        })
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                let parts: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.insert(parts.join("/"), fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The hidden entries of `dir` (a staging folder left behind would be one).
pub fn hidden_entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|e| {
            e.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default()
}

/// The source texts when they are found, else an explicit release without
/// the provenance check.
pub fn provenance_args() -> Vec<std::ffi::OsString> {
    match sources("provenance check of test releases") {
        Some(dir) => vec!["--sources".into(), dir.into_os_string()],
        None => vec!["--no-provenance-check".into()],
    }
}

/// A first release (1.0.0) of the bundled dataset in a temporary directory:
/// the dataset is copied into a root of its own, since the repository's
/// `dist/` already holds 1.0.0 and a release never repeats a version.
pub fn bundled_release() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let root = out.path().join("root");
    copy_dir(&repo().join("schemas"), &root.join("schemas"));
    copy_dir(&repo().join("datasets"), &root.join("datasets"));
    std::fs::copy(repo().join("dataset.yaml"), root.join("dataset.yaml")).unwrap();
    let status = Command::cargo_bin("docket")
        .unwrap()
        .arg("--root")
        .arg(&root)
        .args(["release", "1.0.0", "--out"])
        .arg(out.path())
        .args(provenance_args())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let dir = out.path().join("1.0.0");
    (out, dir)
}
