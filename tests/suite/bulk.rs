//! Bulk input and the synthetic generator: a collection stored
//! as JSONL behaves like one file per record, with problems located by line.

use crate::common;

use common::{issues, Fixture};

fn org(id: &str) -> String {
    format!(
        r#"{{"id": "{id}", "name": "Org {id}", "classification": "state", "provenance": [{{"source": "statement.txt", "quote": "Example"}}]}}"#
    )
}

#[test]
fn jsonl_records_validate_and_resolve_across_layouts() {
    let f = Fixture::mini();
    f.write(
        "datasets/organizations/bulk.jsonl",
        format!("{}\n\n{}\n", org("bulk-one"), org("bulk-two")),
    );
    let rec = "datasets/recommendations/example-statement-r01.yaml";
    let text = std::fs::read_to_string(f.path().join(rec)).unwrap();
    f.write(
        rec,
        text.replace(
            "  - example-ministry\n",
            "  - example-ministry\n  - bulk-two\n",
        ),
    );
    let (status, report) = f.validate_json(&[]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["summary"]["records"], 8);
}

#[test]
fn jsonl_problems_are_located_by_line() {
    let f = Fixture::mini();
    let bulk = "datasets/organizations/bulk.jsonl";
    let bad_enum = org("bulk-two").replace("\"state\"", "\"stat\"");
    f.write(
        bulk,
        format!(
            "{}\r\n{bad_enum}\n{{\"id\": \n{}\n{}",
            org("bulk-one"),
            org("bulk-one"),
            org("example-ministry")
        ),
    );
    let (status, report) = f.validate_json(&[]);
    assert_eq!(status, 1);
    let found = issues(&report);
    let at =
        |code: &str, line: u64| found.contains(&(code.to_owned(), bulk.to_owned(), Some(line)));
    assert!(at("schema.enum", 2), "{found:#?}");
    assert!(at("parse.syntax", 3), "{found:#?}");
    assert!(at("id.duplicate", 4), "{found:#?}");
    let file_too = found.iter().any(|(c, f, _)| {
        c == "id.duplicate" && f == "datasets/organizations/example-ministry.yaml"
    });
    assert!(
        file_too,
        "a JSONL record and a file may not share an id: {found:#?}"
    );
    let enum_issue = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "schema.enum")
        .unwrap();
    assert!(enum_issue["column"].as_u64().unwrap() > 1);
    assert_eq!(enum_issue["pointer"], "/classification");
}

#[test]
fn generator_is_deterministic_and_its_invalid_records_are_caught() {
    let f = Fixture::mini();
    for out in ["a", "b"] {
        let output = f.run(&[
            "generate",
            "--records",
            "500",
            "--invalid",
            "0.05",
            "--out",
            out,
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    }
    let a = std::fs::read(
        f.path()
            .join("a/datasets/recommendations/recommendations.jsonl"),
    )
    .unwrap();
    let b = std::fs::read(
        f.path()
            .join("b/datasets/recommendations/recommendations.jsonl"),
    )
    .unwrap();
    assert_eq!(a, b);
    let output = f.run(&["--root", "a", "validate", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes = report["summary"]["by_code"].as_object().unwrap();
    for code in [
        "schema.required",
        "schema.enum",
        "schema.additional-properties",
        "ref.unknown-organization",
    ] {
        assert!(codes.contains_key(code), "{code} missing from {codes:?}");
    }
}

/// The same records as YAML files and as JSONL export to the same bytes.
#[test]
fn both_layouts_export_identically() {
    let f = Fixture::mini();
    for (layout, out) in [("files", "files"), ("jsonl", "lines")] {
        let output = f.run(&[
            "generate",
            "--records",
            "300",
            "--invalid",
            "0",
            "--layout",
            layout,
            "--out",
            out,
        ]);
        assert_eq!(output.status.code(), Some(0));
        let output = f.run(&["--root", out, "export", "--out", &format!("{out}-export")]);
        assert_eq!(output.status.code(), Some(0), "{}", common::stdout(&output));
    }
    for file in [
        "json/recommendations.json",
        "csv/recommendations.csv",
        "parquet/documents.parquet",
        "csv/recommendations__citations.csv",
    ] {
        let a = std::fs::read(f.path().join("files-export").join(file)).unwrap();
        let b = std::fs::read(f.path().join("lines-export").join(file)).unwrap();
        assert!(a == b, "{file} differs between layouts");
    }
}
