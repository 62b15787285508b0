//! The newest release committed under `dist/` (issue #16) is what people
//! cite and download: it is read back here exactly as it is committed, by
//! every reader its users name (pandas, polars, DuckDB and pyarrow on
//! Parquet and CSV, frictionless, sqlite3 and `datasette inspect`,
//! mlcroissant, Hugging Face `datasets`, the site in Chromium,
//! `sha256sum -c`, `cffconvert --validate`), and by both examples.
//! The checks need `.venv` (made by `.ci/run`) and are skipped without it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{python, repo, run_reader};
use docket::release::version::latest;

/// The committed release with the highest version, found as `release`
/// finds the newest known release.
fn newest() -> (String, PathBuf) {
    let release = latest(&repo().join("dist")).expect("no release under dist/");
    (release.version.to_string(), release.dir)
}

fn reader(python: &Path, script: &str, release: &Path, args: &[&str]) -> String {
    let out = run_reader(
        Command::new(python)
            .arg(script)
            .arg(release)
            .args(args)
            .env("HF_DATASETS_OFFLINE", "1")
            .env("HF_HUB_OFFLINE", "1"),
    );
    println!("{out}");
    out
}

#[test]
fn newest_release_reads_back_in_the_tabular_readers() {
    let Some(python) = python() else { return };
    let (_, release) = newest();
    let out = reader(&python, "tests/interop/check_release.py", &release, &[]);
    for said in [
        "frictionless: ",
        "datasette inspects",
        "full-text search works",
        "sha256sum -c SHA256SUMS: OK",
    ] {
        assert!(out.contains(said), "missing `{said}` in:\n{out}");
    }
}

#[test]
fn newest_release_is_found_loaded_and_browsed() {
    let Some(python) = python() else { return };
    let (version, release) = newest();
    let out = reader(
        &python,
        "tests/interop/check_discover.py",
        &release,
        &[
            "parquet_metadata",
            "sqlite_metadata",
            "croissant",
            "huggingface",
            "zenodo",
            "snippets",
            "charts",
            "site",
        ],
    );
    assert!(
        out.contains(&format!("pyarrow and polars read version {version}")),
        "{out}"
    );
    assert!(out.contains("4 record sets load"), "{out}");
    assert!(out.contains("site: no console errors"), "{out}");
}

/// `cffconvert` lives in `.venv-cffconvert` (it pins an old `jsonschema`).
#[test]
fn newest_release_citation_is_valid_cff() {
    let cffconvert = repo().join(".venv-cffconvert/bin/cffconvert");
    if !cffconvert.exists() {
        common::skip(
            "cffconvert",
            "no .venv-cffconvert; run .ci/run to create it",
        );
        return;
    }
    let (_, release) = newest();
    let out = run_reader(
        Command::new(cffconvert)
            .args(["--validate", "--infile"])
            .arg(release.join("CITATION.cff")),
    );
    assert!(out.contains("Citation metadata are valid"), "{out}");
}

#[test]
fn examples_load_the_newest_release() {
    let Some(python) = python() else { return };
    let (version, release) = newest();
    let out = reader(&python, "examples/load_release.py", &release, &[]);
    assert!(out.contains("Recommendations per addressee"), "{out}");
    // The examples' default is the newest release, so the README's
    // commands show what is committed.
    let python_default = std::fs::read_to_string(repo().join("examples/load_release.py")).unwrap();
    let rust_default = std::fs::read_to_string(repo().join("examples/read_parquet.rs")).unwrap();
    let path = format!("dist/{version}");
    assert!(
        python_default.contains(&path),
        "examples/load_release.py does not default to {path}"
    );
    assert!(
        rust_default.contains(&path),
        "examples/read_parquet.rs does not default to {path}"
    );
}
