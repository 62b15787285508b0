//! Interop (issue #4): a release of the bundled dataset is read back by the
//! tools data users pick (pyarrow, pandas, polars, DuckDB, frictionless,
//! sha256sum), and both examples run against it.
//!
//! The Python packages live in the virtual environment `.ci/run` creates
//! (`.venv`, or the interpreter named by `DOCKET_PYTHON`). Without it the
//! tests say plainly that they were skipped; under CI they fail instead.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{python, repo};

/// The source texts beside the repository when present, else an explicit
/// release without the provenance check.
fn provenance_args() -> Vec<std::ffi::OsString> {
    let sources = repo().join("../shared/sources");
    if sources.is_dir() {
        vec!["--sources".into(), sources.into_os_string()]
    } else {
        vec!["--no-provenance-check".into()]
    }
}

/// A first release (1.0.0) of the bundled dataset in a temporary directory:
/// the dataset is copied into a root of its own, since the repository's
/// `dist/` already holds 1.0.0 and a release never repeats a version.
fn bundled_release() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let root = out.path().join("root");
    common::copy_dir(&repo().join("schemas"), &root.join("schemas"));
    common::copy_dir(&repo().join("datasets"), &root.join("datasets"));
    std::fs::copy(repo().join("dataset.yaml"), root.join("dataset.yaml")).unwrap();
    let status = assert_cmd::Command::cargo_bin("docket")
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

fn run(program: &Path, args: &[&Path]) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{} failed:\n{stdout}\n{}",
        program.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn release_reads_back_in_python_tools() {
    let Some(python) = python() else { return };
    let (_keep, release) = bundled_release();
    let out = run(
        &python,
        &[Path::new("tests/interop/check_release.py"), &release],
    );
    println!("{out}");
    assert!(out.contains("frictionless: ") && out.contains("sha256sum -c SHA256SUMS: OK"));
}

#[test]
fn python_example_joins_the_collections() {
    let Some(python) = python() else { return };
    let (_keep, release) = bundled_release();
    let out = run(&python, &[Path::new("examples/load_release.py"), &release]);
    assert!(out.contains("Recommendations per addressee"), "{out}");
}

/// `cargo test` builds the examples; this runs the Rust one on a release.
#[test]
fn rust_example_reads_the_parquet() {
    let (_keep, release) = bundled_release();
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_owned();
    let example = deps.parent().unwrap().join("examples").join("read_parquet");
    if !example.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let built = Command::new(cargo)
            .args(["build", "--example", "read_parquet"])
            .current_dir(repo())
            .status()
            .unwrap();
        assert!(built.success());
    }
    let out = run(&example, &[&release]);
    assert!(
        out.contains("recommendations: ") && out.contains("dataset version 1.0.0"),
        "{out}"
    );
}
