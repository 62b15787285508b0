//! The same binary serves any dataset laid out the docket way: here a
//! library with its own hand-written schemas, collections and id rules.

use crate::common;

use common::{issues, repo, Fixture};

#[test]
fn valid_library_dataset() {
    let f = Fixture::from_dir(&repo().join("tests/fixtures/library"));
    let (status, report) = f.validate_json(&[]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["summary"]["collections"], 2);
    assert_eq!(report["summary"]["records"], 4);
}

#[test]
fn validates_through_root_flag() {
    let root = repo().join("tests/fixtures/library");
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .args(["--root", root.to_str().unwrap(), "validate"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", common::stdout(&output));
}

#[test]
fn broken_references_and_keys_are_caught() {
    let f = Fixture::from_dir(&repo().join("tests/fixtures/library"));
    f.write(
        "datasets/books/BK0003.yaml",
        "id: BK0003\ntitle: Third\nisbn: \"978-0-00-000001-1\"\nauthors: [AU0001, AU0009]\npublished: 2999-01-01\n",
    );
    f.write(
        "datasets/authors/AU0003.json",
        r#"{"id": "AU0003", "name": "C", "mentor": "AU0007"}"#,
    );
    let (status, report) = f.validate_json(&[]);
    assert_eq!(status, 1);
    let found = issues(&report);
    let book = "datasets/books/BK0003.yaml".to_owned();
    assert!(
        found.contains(&("ref.unknown-author".into(), book.clone(), Some(4))),
        "{found:#?}"
    );
    assert!(
        found.contains(&("unique.duplicate".into(), book.clone(), Some(3))),
        "{found:#?}"
    );
    assert!(
        found.contains(&("date.future".into(), book, Some(5))),
        "{found:#?}"
    );
    assert!(
        found.contains(&(
            "ref.unknown-author".into(),
            "datasets/authors/AU0003.json".into(),
            Some(1)
        )),
        "{found:#?}"
    );
}

#[test]
fn id_rules_come_from_the_dataset_schema() {
    let f = Fixture::from_dir(&repo().join("tests/fixtures/library"));
    // A bundled-style slug is not an id here.
    f.write(
        "datasets/authors/ada-example.json",
        r#"{"id": "ada-example", "name": "Ada"}"#,
    );
    let (_, report) = f.validate_json(&[]);
    let found = issues(&report);
    assert!(
        found.contains(&(
            "schema.pattern".into(),
            "datasets/authors/ada-example.json".into(),
            Some(1)
        )),
        "{found:#?}"
    );
}

#[test]
fn remote_ref_is_refused_without_network() {
    let f = Fixture::from_dir(&repo().join("tests/fixtures/library"));
    f.write(
        "schemas/authors.schema.json",
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "https://example.com/author.schema.json"}"#,
    );
    let output = f.run(&["validate"]);
    assert_eq!(output.status.code(), Some(2));
    let err = common::stderr(&output);
    assert!(err.contains("schemas/authors.schema.json"), "{err}");
}

#[test]
fn missing_schemas_directory_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .current_dir(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("no `schemas/` directory"));
}

/// A schema directly in `schemas/` with no records is a collection all the
/// same: validation passes and says so, pointing at the subfolder where
/// shared definitions belong.
#[test]
fn a_collection_without_records_is_pointed_out() {
    let f = Fixture::from_dir(&repo().join("tests/fixtures/library"));
    f.write(
        "schemas/address.schema.json",
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}"#,
    );
    let output = f.run(&["validate"]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stdout(&output));
    let said = common::stderr(&output);
    assert!(
        said.contains("warning: collection `address` has no records")
            && said.contains("schemas/vendor/"),
        "{said}"
    );
    f.write("schemas/vendor/address.json", "{}");
    std::fs::remove_file(f.path().join("schemas/address.schema.json")).unwrap();
    let output = f.run(&["validate"]);
    assert!(
        !common::stderr(&output).contains("warning"),
        "{}",
        common::stderr(&output)
    );
}

/// Without `dataset.yaml` a release has no licence and CITATION.cff names
/// the dataset as its author: export says so and what to add.
#[cfg(feature = "parquet")]
#[test]
fn missing_licence_and_authors_are_pointed_out() {
    let f = Fixture::from_dir(&repo().join("tests/fixtures/library"));
    let output = f.run(&["export", "--out", "out", "--formats", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    let said = common::stderr(&output);
    assert!(
        said.contains("there is no dataset.yaml")
            && said.contains("`licenses`")
            && said.contains("`authors`"),
        "{said}"
    );
    f.write(
        "dataset.yaml",
        "name: library\ntitle: Library\ndescription: Books and authors.\nlicenses:\n  - name: CC0-1.0\n",
    );
    let output = f.run(&["export", "--out", "out2", "--formats", "csv"]);
    let said = common::stderr(&output);
    assert!(said.contains("dataset.yaml names no `authors`"), "{said}");
    assert!(!said.contains("`licenses`"), "{said}");
}

/// Records of a JSONL collection sharing a composite key: each duplicate
/// is reported at its own line with the whole key, naming the line that
/// holds it first, and the fix fits a line (there is no file name to match).
#[test]
fn duplicate_composite_keys_in_jsonl_name_both_lines() {
    let f = Fixture::from_dir(&repo().join("tests/fixtures/constructs"));
    let path = "datasets/readings/readings.jsonl";
    let text = std::fs::read_to_string(f.path().join(path)).unwrap();
    let first = text.lines().next().unwrap().to_owned();
    let changed = first.replace("1.5", "2.5");
    f.write(path, format!("{text}{first}\n{changed}\n"));
    let lines = text.lines().count() as u64;
    let (status, report) = f.validate_json(&[]);
    assert_eq!(status, 1, "{report:#}");
    let duplicates: Vec<&serde_json::Value> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "id.duplicate")
        .collect();
    assert_eq!(duplicates.len(), 2, "{report:#}");
    for (issue, line) in duplicates.iter().zip([lines + 1, lines + 2]) {
        assert_eq!(issue["line"], line, "{issue:#}");
        assert_eq!(issue["pointer"], "", "{issue:#}");
        let message = issue["message"].as_str().unwrap();
        assert!(
            message.contains(r#"the key (`station` "ABC", `taken` "2024-03-01T12:00:00Z")"#)
                && message.contains(&format!("{path}:1")),
            "{message}"
        );
        let help = issue["help"].as_str().unwrap();
        assert!(
            help.contains("delete this line") && !help.contains("file name"),
            "{help}"
        );
    }
}
