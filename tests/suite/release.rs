//! `docket export`, `docket release` and `docket diff`: release
//! semantics, determinism, atomicity and the changelog.

use crate::common;

use std::fs;
use std::path::Path;

use common::{stdout, tree, Fixture};
use serde_json::Value;

/// `docket release ARGS`, checking provenance against the fixture's
/// `sources/` unless the arguments say otherwise.
fn release(f: &Fixture, args: &[&str]) -> std::process::Output {
    let mut all = vec!["release"];
    all.extend_from_slice(args);
    if !args
        .iter()
        .any(|a| *a == "--sources" || *a == "--no-provenance-check")
    {
        all.extend(["--sources", "sources"]);
    }
    f.run(&all)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|e| {
            e.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn release_writes_every_format() {
    let f = Fixture::mini();
    let output = release(&f, &["1.0.0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let files: Vec<String> = tree(&f.path().join("dist/1.0.0")).into_keys().collect();
    for expected in [
        "CHANGELOG.md",
        "CITATION.cff",
        "README.md",
        "SHA256SUMS",
        "datapackage.json",
        "csv/documents.csv",
        "csv/documents__authors.csv",
        "csv/recommendations__addressees.csv",
        "csv/recommendations__citations.csv",
        "json/recommendations.json",
        "jsonl/treaties.jsonl",
        "parquet/organizations.parquet",
        "schemas/documents.schema.json",
        "sqlite/dataset.sqlite",
        "charts/organizations-referred.svg",
        "charts/treaties-referred.svg",
    ] {
        assert!(
            files.contains(&expected.to_owned()),
            "{expected} missing from {files:#?}"
        );
    }
    let sums = std::process::Command::new("sha256sum")
        .args(["-c", "--strict", "SHA256SUMS"])
        .current_dir(f.path().join("dist/1.0.0"))
        .output()
        .unwrap();
    assert!(
        sums.status.success(),
        "{}",
        String::from_utf8_lossy(&sums.stdout)
    );
    let changelog = fs::read_to_string(f.path().join("dist/1.0.0/CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains("## 1.0.0 (") && changelog.contains("First release: 6 records"),
        "{changelog}"
    );
}

#[test]
fn json_release_is_the_records_sorted_by_id() {
    let f = Fixture::mini();
    release(&f, &["1.0.0"]);
    let records: Value = serde_json::from_slice(
        &fs::read(f.path().join("dist/1.0.0/json/recommendations.json")).unwrap(),
    )
    .unwrap();
    let ids: Vec<&str> = records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["example-statement-r01", "example-statement-r02"]);
    let lines =
        fs::read_to_string(f.path().join("dist/1.0.0/jsonl/recommendations.jsonl")).unwrap();
    let from_lines: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(Value::Array(from_lines), records);
}

#[test]
fn same_data_gives_byte_identical_releases() {
    let f = Fixture::mini();
    assert_eq!(release(&f, &["1.0.0", "--out", "a"]).status.code(), Some(0));
    assert_eq!(release(&f, &["1.0.0", "--out", "b"]).status.code(), Some(0));
    assert_eq!(
        tree(&f.path().join("a/1.0.0")),
        tree(&f.path().join("b/1.0.0"))
    );
}

#[test]
fn existing_version_is_refused_and_left_untouched() {
    let f = Fixture::mini();
    release(&f, &["1.0.0"]);
    let before = tree(&f.path().join("dist/1.0.0"));
    f.write(
        "datasets/organizations/example-ministry.yaml",
        fs::read_to_string(
            f.path()
                .join("datasets/organizations/example-ministry.yaml"),
        )
        .unwrap()
        .replace("Example Ministry\"", "Example Ministry of X\""),
    );
    let output = release(&f, &["1.0.0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        common::stderr(&output).contains("already exists"),
        "{}",
        common::stderr(&output)
    );
    assert_eq!(tree(&f.path().join("dist/1.0.0")), before);
}

#[test]
fn version_must_increase() {
    let f = Fixture::mini();
    release(&f, &["1.2.0"]);
    for older in ["1.1.9", "0.9.0"] {
        let output = release(&f, &[older]);
        assert_eq!(output.status.code(), Some(2), "{older}");
        assert!(common::stderr(&output).contains("not greater than the latest release, 1.2.0"));
    }
    assert_eq!(release(&f, &["not-a-version"]).status.code(), Some(2));
    assert_eq!(entries(&f.path().join("dist")), ["1.2.0"]);
}

#[test]
fn invalid_data_writes_nothing() {
    let f = Fixture::mini();
    f.write("datasets/organizations/broken.yaml", "id: broken\n");
    let output = release(&f, &["1.0.0"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("schema.required"));
    assert!(entries(&f.path().join("dist")).is_empty());
}

#[test]
fn failure_mid_write_leaves_no_partial_directory() {
    let f = Fixture::mini();
    release(&f, &["1.0.0"]);
    for failing in [
        "parquet/treaties.parquet",
        "csv/documents.csv",
        "CHANGELOG.md",
        "SHA256SUMS",
    ] {
        let output = assert_cmd::Command::cargo_bin("docket")
            .unwrap()
            .current_dir(f.path())
            .env("DOCKET_FAIL_WRITING", failing)
            .args(["release", "1.1.0", "--sources", "sources"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{failing}");
        assert_eq!(
            entries(&f.path().join("dist")),
            ["1.0.0"],
            "after failing on {failing}"
        );
    }
}

#[test]
fn changelog_and_diff_list_record_and_field_changes() {
    let f = Fixture::mini();
    release(&f, &["1.0.0"]);
    let org = "datasets/organizations/example-ministry.yaml";
    f.write(
        org,
        fs::read_to_string(f.path().join(org)).unwrap().replace(
            "name: \"Example Ministry\"",
            "name: \"Ministry of Examples\"",
        ),
    );
    f.remove("datasets/recommendations/example-statement-r02.json");
    f.write(
        "datasets/organizations/example-council.yaml",
        "id: example-council\nname: \"Example Council\"\nclassification: un-body\nprovenance:\n  - source: \"statement.txt\"\n    quote: \"x\"\n",
    );
    let output = release(&f, &["1.1.0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let changelog = fs::read_to_string(f.path().join("dist/1.1.0/CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains("## 1.1.0 (") && changelog.contains("Changes since 1.0.0."),
        "{changelog}"
    );
    assert!(
        changelog.contains("- added (1): `example-council`"),
        "{changelog}"
    );
    assert!(
        changelog.contains("- removed (1): `example-statement-r02`"),
        "{changelog}"
    );
    assert!(
        changelog.contains("`name`: `\"Example Ministry\"` → `\"Ministry of Examples\"`"),
        "{changelog}"
    );
    assert!(
        changelog.contains("## 1.0.0 (") && changelog.contains("First release"),
        "history is kept: {changelog}"
    );

    let output = f.run(&["diff", "dist/1.0.0", "dist/1.1.0", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let diff: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(diff["report"], "docket-diff");
    assert_eq!(diff["identical"], false);
    assert_eq!(
        diff["collections"]["organizations"]["added"][0],
        "example-council"
    );
    assert_eq!(
        diff["collections"]["recommendations"]["removed"][0],
        "example-statement-r02"
    );
    let change = &diff["collections"]["organizations"]["changed"][0];
    assert_eq!(change["id"], "example-ministry");
    assert_eq!(change["fields"][0]["field"], "name");
    assert_eq!(change["fields"][0]["old"], "Example Ministry");
    assert_eq!(change["fields"][0]["new"], "Ministry of Examples");

    assert_eq!(
        f.run(&["diff", "dist/1.0.0", "dist/1.1.0", "--exit-code"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        f.run(&["diff", "dist/1.1.0", "dist/1.1.0", "--exit-code"])
            .status
            .code(),
        Some(0)
    );
    let human = stdout(&f.run(&["diff", "dist/1.0.0", "dist/1.1.0"]));
    assert!(human.contains("### `organizations`"), "{human}");
    assert_eq!(
        f.run(&["diff", "dist/1.0.0", "datasets"]).status.code(),
        Some(2)
    );
}

#[test]
fn breaking_schema_change_needs_a_major_version() {
    let f = Fixture::mini();
    release(&f, &["1.0.0"]);
    let path = f.path().join("schemas/treaties.schema.json");
    let mut schema: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    schema["properties"]
        .as_object_mut()
        .unwrap()
        .remove("entry_into_force");
    schema["dependentRequired"]
        .as_object_mut()
        .unwrap()
        .remove("entry_into_force");
    fs::write(&path, serde_json::to_string_pretty(&schema).unwrap()).unwrap();

    let output = release(&f, &["1.1.0"]);
    assert_eq!(output.status.code(), Some(2));
    let err = common::stderr(&output);
    assert!(
        err.contains("MODEL changes need a new major version (at least 2.0.0)")
            && err.contains("entry_into_force"),
        "{err}"
    );
    assert_eq!(entries(&f.path().join("dist")), ["1.0.0"]);

    assert_eq!(release(&f, &["2.0.0"]).status.code(), Some(0));
    let changelog = fs::read_to_string(f.path().join("dist/2.0.0/CHANGELOG.md")).unwrap();
    assert!(
        changelog
            .contains("`treaties` `entry_into_force`: field removed (was string (date)) (MODEL)"),
        "{changelog}"
    );
}

#[test]
fn previous_flag_compares_with_a_release_elsewhere() {
    let f = Fixture::mini();
    release(&f, &["1.0.0", "--out", "published"]);
    let output = release(&f, &["1.0.1", "--previous", "published/1.0.0"]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    let changelog = fs::read_to_string(f.path().join("dist/1.0.1/CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains("Changes since 1.0.0.\n\nNo changes."),
        "{changelog}"
    );
    assert_eq!(
        release(&f, &["0.1.0", "--previous", "published/1.0.0"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn export_replaces_only_a_previous_export() {
    let f = Fixture::mini();
    assert_eq!(f.run(&["export", "--out", "out"]).status.code(), Some(0));
    assert!(f.path().join("out/parquet/documents.parquet").is_file());
    assert!(!f.path().join("out/CHANGELOG.md").exists());
    assert_eq!(f.run(&["export", "--out", "out"]).status.code(), Some(0));
    assert_eq!(
        f.run(&["export", "--out", "datasets"]).status.code(),
        Some(2)
    );
    assert!(f
        .path()
        .join("datasets/documents/example-statement.yaml")
        .is_file());
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .current_dir(f.path())
        .env("DOCKET_FAIL_WRITING", "csv/treaties.csv")
        .args(["export", "--out", "fresh"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!f.path().join("fresh").exists());
    assert!(
        !entries(f.path()).iter().any(|e| e.starts_with(".docket")),
        "{:?}",
        entries(f.path())
    );
}

#[test]
fn csv_lists_and_link_tables() {
    let f = Fixture::mini();
    release(&f, &["1.0.0"]);
    let dir = f.path().join("dist/1.0.0/csv");
    let documents = fs::read_to_string(dir.join("documents.csv")).unwrap();
    assert!(
        documents.starts_with("id,title,supplied_title,kind,coverage,date,published,authors,"),
        "{documents}"
    );
    assert!(documents.contains("\r\n"), "RFC 4180 line ends");
    let citations = fs::read_to_string(dir.join("recommendations__citations.csv")).unwrap();
    assert_eq!(citations, "recommendation_id,position,instrument,articles,cited_as\r\nexample-statement-r01,1,iccpr,19,\r\n");
    let addressees = fs::read_to_string(dir.join("recommendations__addressees.csv")).unwrap();
    assert_eq!(
        addressees,
        "recommendation_id,position,addressee\r\nexample-statement-r01,1,example-ministry\r\nexample-statement-r02,1,example-ministry\r\n"
    );
    let package: Value =
        serde_json::from_slice(&fs::read(f.path().join("dist/1.0.0/datapackage.json")).unwrap())
            .unwrap();
    let resource = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "recommendations__addressees")
        .unwrap();
    assert_eq!(
        resource["schema"]["primaryKey"],
        serde_json::json!(["recommendation_id", "position"])
    );
    assert_eq!(
        resource["schema"]["foreignKeys"][1]["reference"]["resource"],
        "organizations"
    );
}

/// Releases `version` of the dataset at `root` (the previous one found in
/// its dist/): how many passes it took.
fn release_at(root: &Path, version: &str) -> u64 {
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .current_dir(root)
        .args([
            "release",
            version,
            "--no-provenance-check",
            "--quiet",
            "--format",
            "json",
        ])
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    summary["passes"].as_u64().unwrap()
}

/// A release of records in key order is written as they are checked (its
/// comparison with the previous release too); one of the same records in
/// another order reads them again. The releases, changelogs included, are
/// the same bytes.
#[test]
fn one_pass_and_two_release_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (sorted, shuffled) = common::sorted_and_reversed(tmp.path(), 1500);
    let jsonl = |root: &Path, collection: &str| {
        root.join(format!("datasets/{collection}/{collection}.jsonl"))
    };
    assert_eq!(release_at(&sorted, "1.0.0"), 1);
    assert_eq!(release_at(&shuffled, "1.0.0"), 2);
    // The same record removed from both: the changelog compares.
    for root in [&sorted, &shuffled] {
        let path = jsonl(root, "recommendations");
        let text = fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.contains("\"doc-0000007-r02\""))
            .collect();
        assert_eq!(kept.len() + 1, text.lines().count(), "one record removed");
        fs::write(&path, kept.join("\n") + "\n").unwrap();
    }
    assert_eq!(release_at(&sorted, "1.0.1"), 1);
    assert_eq!(release_at(&shuffled, "1.0.1"), 2);
    let (a, b) = (tree(&sorted.join("dist")), tree(&shuffled.join("dist")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let differ: Vec<&String> = a
        .iter()
        .filter(|(p, v)| b.get(*p) != Some(v))
        .map(|(p, _)| p)
        .collect();
    assert!(differ.is_empty(), "one pass and two differ in {differ:?}");
    let log = String::from_utf8(a["1.0.1/CHANGELOG.md"].clone()).unwrap();
    assert!(log.contains("doc-0000007-r02"), "{log}");
}
