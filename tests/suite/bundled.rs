//! The bundled dataset: valid, and (when the source texts are beside the
//! repository) faithful to its sources.

use crate::common;

use assert_cmd::Command;
use common::{repo, stdout};

fn docket(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("docket")
        .unwrap()
        .current_dir(repo())
        .args(args)
        .output()
        .unwrap()
}

/// The repository's schemas and records in a temporary directory, to change.
fn repository_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["schemas", "datasets"] {
        common::copy_dir(&repo().join(part), &dir.path().join(part));
    }
    dir
}

#[test]
fn bundled_dataset_is_valid() {
    let output = docket(&["validate"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).starts_with("ok: "));
    // Not a terminal: no progress bar, nothing on stderr.
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Issue #3: every quote, title and recommendation text is checked against
/// its source, and every recorded hash matches.
#[test]
fn bundled_dataset_matches_its_sources() {
    let Some(sources) = common::sources("bundled_dataset_matches_its_sources") else {
        return;
    };
    let output = docket(&["validate", "--sources", sources.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// The committed releases are the artefacts people cite: every file still
/// matches its checksum.
#[test]
fn committed_releases_match_their_checksums() {
    let dist = repo().join("dist");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dist).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("SHA256SUMS").is_file() {
            continue;
        }
        let output = std::process::Command::new("sha256sum")
            .args(["-c", "--strict", "SHA256SUMS"])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stdout)
        );
        checked += 1;
    }
    assert!(checked >= 1, "no release under dist/");
}

/// Issue #13: a document several sources cite keeps each source's wording,
/// and each wording is checked against its own source, not any of them.
#[test]
fn each_wording_is_checked_against_its_own_source() {
    let Some(sources) = common::sources("each_wording_is_checked_against_its_own_source") else {
        return;
    };
    let dir = repository_copy();
    let file = "datasets/documents/trilateral-statement-2020-11-09.yaml";
    let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
    // 000's wording, said to come from 001, where it does not occur.
    let wording = "  - source: \"000_4cf2a303c06ac07a.txt\"\n    text: \"November 9, 2020, ceasefire agreement\"";
    assert!(text.contains(wording), "{text}");
    let moved = wording.replace("000_4cf2a303c06ac07a", "001_81ca196eaf4da421");
    std::fs::write(dir.path().join(file), text.replace(wording, &moved)).unwrap();

    let output = Command::cargo_bin("docket")
        .unwrap()
        .current_dir(dir.path())
        .args(["validate", "--format", "json", "--sources"])
        .arg(&sources)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let issues = report["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{report:#}");
    assert_eq!(issues[0]["code"], "provenance.quote-not-found");
    assert_eq!(issues[0]["file"], file);
    assert!(
        issues[0]["pointer"]
            .as_str()
            .unwrap()
            .starts_with("/cited_as/"),
        "{report:#}"
    );
}

/// Issue #13: a reported call says both where it is reported and how.
#[test]
fn a_reported_call_says_how_it_is_reported() {
    let dir = repository_copy();
    let file = "datasets/recommendations/nam-18th-summit-final-document-2019-r01.yaml";
    let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
    let how = "reported_as: \"paraphrase\"\n";
    assert!(text.contains(how), "{text}");
    std::fs::write(dir.path().join(file), text.replace(how, "")).unwrap();

    let output = Command::cargo_bin("docket")
        .unwrap()
        .current_dir(dir.path())
        .args(["validate", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["schema.dependent-required"], "{report:#}");
}
