//! Interop: a release of the bundled dataset is read back by the
//! tools data users pick (pyarrow, pandas, polars, DuckDB, frictionless,
//! sha256sum), and both examples run against it.
//!
//! The Python packages live in the virtual environment `.ci/run` creates
//! (`.venv`, or the interpreter named by `DOCKET_PYTHON`). Without it the
//! tests say plainly that they were skipped; under CI they fail instead.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{bundled_release, python, repo};

fn run(program: &Path, args: &[&Path]) -> String {
    common::run_reader(Command::new(program).args(args))
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
