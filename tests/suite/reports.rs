//! The report formats, under snapshot tests, on one broken dataset, and
//! several of them written in one run.

use crate::common;

use common::{stdout, Fixture};

/// The mini fixture with one problem of each main kind.
fn broken() -> Fixture {
    let f = Fixture::mini();
    let doc = "datasets/documents/example-statement.yaml";
    let text = std::fs::read_to_string(f.path().join(doc)).unwrap();
    f.write(
        doc,
        text.replace("kind: statement", "kind: statment")
            .replace("  - example-rights-centre", "  - example-rights-center")
            .replace("coverage: full\n", "coverage: full\ntitel: \"Statement\"\n"),
    );
    let rec = "datasets/recommendations/example-statement-r01.yaml";
    let text = std::fs::read_to_string(f.path().join(rec)).unwrap();
    f.write(
        rec,
        text.replace("number: \"1\"", "number: 1")
            .replace("position: 1\n", ""),
    );
    f.write(
        "datasets/organizations/broken.yaml",
        "id: broken\nname: [unclosed\n",
    );
    f
}

#[test]
fn human_report() {
    let output = broken().run(&["validate"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn json_report() {
    let output = broken().run(&["validate", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn github_report() {
    let output = broken().run(&["validate", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn reports_are_deterministic() {
    let f = broken();
    let first = stdout(&f.run(&["validate", "--format", "json"]));
    for _ in 0..3 {
        assert_eq!(stdout(&f.run(&["validate", "--format", "json"])), first);
    }
}

/// With paths, only those files are reported on, but their references still
/// resolve against the whole dataset.
#[test]
fn paths_limit_the_report_not_the_dataset() {
    let f = broken();
    let rec = "datasets/recommendations/example-statement-r02.json";
    let (status, report) = f.validate_json(&[rec]);
    assert_eq!(status, 0, "{report:#}");
    let rec = "datasets/recommendations/example-statement-r01.yaml";
    let (status, report) = f.validate_json(&[rec]);
    assert_eq!(status, 1);
    let files: Vec<_> = common::issues(&report)
        .into_iter()
        .map(|(_, file, _)| file)
        .collect();
    assert!(files.iter().all(|file| file == rec), "{files:?}");
    let (_, report) = f.validate_json(&["datasets/organizations"]);
    let files: Vec<_> = common::issues(&report)
        .into_iter()
        .map(|(_, file, _)| file)
        .collect();
    assert_eq!(files, ["datasets/organizations/broken.yaml"]);
}

#[test]
fn path_outside_the_dataset_is_a_usage_error() {
    let f = broken();
    let output = f.run(&["validate", "schemas"]);
    assert_eq!(output.status.code(), Some(2));
    let output = f.run(&["validate", "datasets/no-such-file.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("no-such-file.yaml"));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let output = broken().run(&["validate", "--formt", "json"]);
    assert_eq!(output.status.code(), Some(2));
}

/// SARIF output is valid SARIF 2.1.0 (checked against the OASIS schema) and
/// carries each issue's rule, file and position.
#[test]
fn sarif_report_is_valid_sarif() {
    let output = broken().run(&["validate", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema_path = common::repo().join("tests/fixtures/sarif-2.1.0-rtm.5.json");
    // The published schema has one malformed pattern (a stray `]` in
    // `run.language`); it is repaired here so the schema compiles.
    let text = std::fs::read_to_string(schema_path).unwrap();
    let text = text.replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let enum_result = results
        .iter()
        .find(|r| r["ruleId"] == "schema.enum")
        .unwrap();
    let location = &enum_result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "datasets/documents/example-statement.yaml"
    );
    assert_eq!(location["region"]["startLine"], 3);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let index = enum_result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "schema.enum");
}

#[test]
fn max_errors_limits_the_list_not_the_counts() {
    let f = broken();
    let (status, report) = f.validate_json(&["--max-errors", "2"]);
    assert_eq!(status, 1);
    assert_eq!(report["issues"].as_array().unwrap().len(), 2);
    assert_eq!(report["summary"]["issues"], 6);
    assert_eq!(report["summary"]["omitted"], 4);
    let human = stdout(&f.run(&["validate", "--max-errors", "1"]));
    assert!(human.contains("… 5 more problems not shown"), "{human}");
    assert!(human.contains("error: 6 problems"), "{human}");
}

#[test]
fn markdown_report() {
    let output = broken().run(&["validate", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

/// `--report FORMAT=FILE` writes each format from the same run, byte for
/// byte what `--format FORMAT` prints, beside the printed one.
#[test]
fn one_run_writes_every_report() {
    let f = broken();
    let output = f.run(&[
        "validate",
        "--format",
        "github",
        "--report",
        "json=report.json",
        "--report",
        "sarif=report.sarif",
        "--report",
        "markdown=summary.md",
        "--report",
        "human=report.txt",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        stdout(&f.run(&["validate", "--format", "github"]))
    );
    for (format, file) in [
        ("json", "report.json"),
        ("sarif", "report.sarif"),
        ("markdown", "summary.md"),
        ("human", "report.txt"),
    ] {
        let written = std::fs::read_to_string(f.path().join(file)).unwrap();
        assert_eq!(
            written,
            stdout(&f.run(&["validate", "--format", format])),
            "{file}"
        );
    }
    let output = f.run(&["validate", "--report", "json=missing/report.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        common::stderr(&output).contains("cannot write `missing/report.json`"),
        "{}",
        common::stderr(&output)
    );
    let output = f.run(&["validate", "--report", "yaml=report.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("`yaml` is not a report format"));
}

/// `validate` says whether the texts the schemas declare verbatim were
/// checked: without source texts it still passes valid data, and says, in
/// every format, that provenance was not checked and how to check it;
/// `sources_dir` in dataset.yaml counts as given.
#[test]
fn validate_says_when_provenance_was_not_checked() {
    let f = Fixture::mini();
    let provenance = |args: &[&str]| {
        let (status, report) = f.validate_json(args);
        assert_eq!(status, 0, "{report:#}");
        report["provenance"].as_str().unwrap().to_owned()
    };
    assert_eq!(provenance(&[]), "unchecked");
    assert_eq!(provenance(&["--sources", "sources"]), "checked");
    let human = common::stdout(&f.run(&["validate"]));
    assert!(
        human.contains("note: provenance was not checked"),
        "{human}"
    );
    assert!(human.contains("--sources DIR"), "{human}");
    let github = common::stdout(&f.run(&["validate", "--format", "github"]));
    assert!(
        github.contains("::notice title=provenance not checked::"),
        "{github}"
    );
    let checked = common::stdout(&f.run(&["validate", "--sources", "sources"]));
    assert!(!checked.contains("note:"), "{checked}");

    f.write(
        "dataset.yaml",
        "name: mini\ntitle: Mini\ndescription: A test dataset.\nsources_dir: sources\n",
    );
    assert_eq!(provenance(&[]), "checked");

    let plain = Fixture::empty();
    plain.write(
        "schemas/notes.schema.json",
        r#"{"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}"#,
    );
    plain.write("datasets/notes/a.json", r#"{"id": "a"}"#);
    let (status, report) = plain.validate_json(&[]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["provenance"], "not-declared");
    assert!(!common::stdout(&plain.run(&["validate"])).contains("note:"));
}
