//! Finding, browsing and loading a release (issue #15): each reader named
//! in the issue reads a release of the bundled dataset and sees what the
//! release says about itself. The checks are `interop/check_discover.py`;
//! they need `.venv` (made by `.ci/run`) and are skipped without it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{python, repo};

/// One first release (1.0.0) of the bundled dataset, shared by the tests of
/// this file: the dataset is copied into a root of its own, since the
/// repository's `dist/` already holds 1.0.0.
fn release() -> &'static Path {
    static RELEASE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &RELEASE
        .get_or_init(|| {
            let out = tempfile::tempdir().unwrap();
            let root = out.path().join("root");
            common::copy_dir(&repo().join("schemas"), &root.join("schemas"));
            common::copy_dir(&repo().join("datasets"), &root.join("datasets"));
            std::fs::copy(repo().join("dataset.yaml"), root.join("dataset.yaml")).unwrap();
            let output = assert_cmd::Command::cargo_bin("docket")
                .unwrap()
                .arg("--root")
                .arg(&root)
                .args(["release", "1.0.0", "--no-provenance-check", "--out"])
                .arg(out.path())
                .env("SOURCE_DATE_EPOCH", "1767225600")
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let dir = out.path().join("1.0.0");
            (out, dir)
        })
        .1
}

/// Runs the named checks of `check_discover.py` on the release and returns
/// what they printed; `None` when the Python environment is missing.
fn check(checks: &[&str]) -> Option<String> {
    let python = python()?;
    let output = Command::new(python)
        .arg("tests/interop/check_discover.py")
        .arg(release())
        .args(checks)
        .env("HF_DATASETS_OFFLINE", "1")
        .env("HF_HUB_OFFLINE", "1")
        .current_dir(repo())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "check_discover.py {checks:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{stdout}");
    Some(stdout)
}

#[test]
fn pyarrow_and_polars_see_version_and_schema_in_parquet() {
    if let Some(out) = check(&["parquet_metadata"]) {
        assert!(out.contains("pyarrow and polars read version 1.0.0"), "{out}");
    }
}

#[test]
fn datasette_shows_descriptions_facets_and_full_text() {
    if let Some(out) = check(&["sqlite_metadata"]) {
        assert!(out.contains("aliases searchable"), "{out}");
    }
}

#[test]
fn mlcroissant_validates_and_loads_every_record_set() {
    if let Some(out) = check(&["croissant"]) {
        assert!(out.contains("4 record sets load"), "{out}");
    }
}

#[test]
fn datasets_loads_each_collection_offline_from_the_card() {
    if let Some(out) = check(&["huggingface"]) {
        assert!(out.contains("loads 4 configs offline"), "{out}");
    }
}

#[test]
fn zenodo_metadata_agrees_with_the_data_package() {
    if let Some(out) = check(&["zenodo"]) {
        assert!(out.contains("agree with datapackage.json"), "{out}");
    }
}

#[test]
fn card_snippets_run_and_attribution_fields_are_counted() {
    if let Some(out) = check(&["snippets"]) {
        assert!(out.contains("Python snippets run"), "{out}");
    }
}

#[test]
fn charts_name_their_bars_and_fit_in_chromium() {
    if let Some(out) = check(&["charts"]) {
        assert!(out.contains("every label inside the viewBox"), "{out}");
    }
}

#[test]
fn site_works_in_chromium_from_disk() {
    if let Some(out) = check(&["site"]) {
        assert!(out.contains("references open"), "{out}");
    }
}
