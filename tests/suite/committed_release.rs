//! The newest release committed under `dist/` is what people
//! cite and download: it is read back here exactly as it is committed, by
//! every reader its users name (pandas, polars, DuckDB and pyarrow on
//! Parquet and CSV, frictionless, sqlite3 and `datasette inspect`,
//! mlcroissant, Hugging Face `datasets`, the site in Chromium,
//! `sha256sum -c`, `cffconvert --validate`), and by both examples.
//! The checks need `.venv` (made by `.ci/run`) and are skipped without it.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{python, repo, run_reader};
use docket::latest_release as latest;

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

/// The commit that published `dist/2.0.0`: its data, schemas and
/// `dataset.yaml`, with `dist/1.0.0` beside them, are what 2.0.0 was cut from.
fn publishing_commit(release: &str) -> Option<String> {
    let output = Command::new("git")
        .args(["log", "-1", "--format=%H", "--"])
        .arg(format!("dist/{release}"))
        .current_dir(repo())
        .output()
        .ok()?;
    let commit = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !commit.is_empty()).then_some(commit)
}

/// The files a later docket changes in a rebuilt 2.0.0 on purpose (each
/// such change bumps docket's version and names the files here); every
/// other file must come out byte for byte as committed.
///
/// 0.2.0: every Parquet file names the docket that wrote it (its
/// `created_by`), so the files recording their hashes change; the Parquet
/// files themselves are compared with that name put back as 2.0.0 has it.
const CHANGED_SINCE_2_0_0: &[&str] = &["SHA256SUMS", "croissant.json", "site/index.html"];

/// A committed file as this docket writes it, where 0.2.0 changed it on
/// purpose: the changelog's history gives 1.0.0's heading its date (1.0.0's
/// own changelog had none), and a changed field's values are shown around
/// the change (see `fields_only`).
fn as_written_now(path: &str, bytes: &[u8]) -> Vec<u8> {
    if path != "CHANGELOG.md" {
        return bytes.to_vec();
    }
    let text = String::from_utf8_lossy(bytes).replace("\n## 1.0.0\n", "\n## 1.0.0 (2026-11-22)\n");
    fields_only(&text).into_bytes()
}

/// A changelog with each changed field's line cut to the field's name:
/// 0.2.0 shows long values around the part that changed, so those lines
/// differ on purpose; which fields changed, and every other line, must not.
fn fields_only(changelog: &str) -> String {
    changelog
        .lines()
        .map(|line| {
            match line
                .strip_prefix("    - `")
                .and_then(|rest| rest.split_once("`: "))
            {
                Some((field, _)) => format!("    - `{field}`"),
                None => line.to_owned(),
            }
        })
        .map(|line| line + "\n")
        .collect()
}

/// The docket that wrote release 2.0.0, as its Parquet files name it.
const WROTE_2_0_0: &[u8] = b"docket 0.1.0";

/// A rebuilt file as docket 0.1.0 would have written it: the name of the
/// docket that wrote a Parquet file put back (same length, same bytes
/// around it).
fn as_written_by_0_1_0(path: &str, bytes: &[u8]) -> Vec<u8> {
    let now = format!("docket {}", env!("CARGO_PKG_VERSION"));
    // 0.2.0 names itself in the Data Package and the card (and so in the
    // site's copy of the card); 0.1.0 did not.
    let made_with = format!(
        "**Made with** {now}: the same data and the same docket version give the same files, byte for byte."
    );
    let unnamed = match path {
        "datapackage.json" => Some(format!(
            "  \"docket:version\": \"{}\",\n",
            env!("CARGO_PKG_VERSION")
        )),
        "README.md" => Some(format!("{made_with}\n\n")),
        "site/data/meta.js" => Some(format!("{made_with}\\n\\n")),
        _ => None,
    };
    if let Some(added) = unnamed {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains(&added), "{path} does not name docket {now}");
        return text.replacen(&added, "", 1).into_bytes();
    }
    let mut bytes = bytes.to_vec();
    if path.ends_with(".parquet") && now.len() == WROTE_2_0_0.len() {
        let mut at = 0;
        while let Some(found) = bytes[at..]
            .windows(now.len())
            .position(|w| w == now.as_bytes())
        {
            let start = at + found;
            bytes[start..start + now.len()].copy_from_slice(WROTE_2_0_0);
            at = start + now.len();
        }
    }
    bytes
}

/// Issue #21: rebuilding release 2.0.0 from the data as committed when it
/// was published gives the committed files, byte for byte: a refactoring
/// that alters no output is proved to alter none.
#[test]
fn release_2_0_0_rebuilds_byte_for_byte() {
    let Some(sources) = common::sources("release_2_0_0_rebuilds_byte_for_byte") else {
        return;
    };
    let Some(commit) = publishing_commit("2.0.0") else {
        common::skip(
            "release_2_0_0_rebuilds_byte_for_byte",
            "the git history that published dist/2.0.0 is not in this clone (a shallow clone?)",
        );
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    let archive = Command::new("git")
        .args(["archive", "--format=tar", &commit])
        .args(["dataset.yaml", "schemas", "datasets", "dist/1.0.0"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        archive.status.success(),
        "{}",
        String::from_utf8_lossy(&archive.stderr)
    );
    let mut tar = Command::new("tar")
        .args(["-x", "-C"])
        .arg(root)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(tar.stdin.as_mut().unwrap(), &archive.stdout).unwrap();
    assert!(tar.wait().unwrap().success());

    let committed = repo().join("dist/2.0.0");
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(committed.join("datapackage.json")).unwrap())
            .unwrap();
    let created = package["created"].as_str().unwrap();
    let epoch = chrono::DateTime::parse_from_rfc3339(created)
        .unwrap()
        .timestamp();

    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["release", "2.0.0", "--quiet", "--out"])
        .arg(root.join("dist"))
        .arg("--previous")
        .arg(root.join("dist/1.0.0"))
        .arg("--sources")
        .arg(&sources)
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        common::stdout(&output),
        common::stderr(&output)
    );
    let rebuilt = common::tree(&root.join("dist/2.0.0"));
    let published = common::tree(&committed);
    assert!(
        published.len() >= 57,
        "{} files in dist/2.0.0",
        published.len()
    );
    let mut differ = Vec::new();
    for path in rebuilt.keys().chain(published.keys()) {
        if CHANGED_SINCE_2_0_0.contains(&path.as_str()) || differ.contains(path) {
            continue;
        }
        let rebuilt = rebuilt
            .get(path)
            .map(|b| as_written_by_0_1_0(path, b))
            .map(|b| {
                if path == "CHANGELOG.md" {
                    fields_only(&String::from_utf8_lossy(&b)).into_bytes()
                } else {
                    b
                }
            });
        let published = published.get(path).map(|b| as_written_now(path, b));
        if rebuilt != published {
            differ.push(path.clone());
        }
    }
    assert!(
        differ.is_empty(),
        "the rebuilt 2.0.0 differs from the committed one in: {}",
        differ.join(", ")
    );
}
