//! `docket schema`: the committed schemas are what the record types
//! generate, they are valid draft 2020-12, and hand-written schemas are safe.

use crate::common;

use common::{repo, stdout, Fixture};
use serde_json::Value;

/// Schema drift fails CI: the committed files must equal the generated ones.
#[test]
fn committed_schemas_match_the_record_types() {
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .args(["--root", repo().to_str().unwrap(), "schema", "--check"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn check_reports_drift_and_writing_fixes_it() {
    let f = Fixture::mini();
    let path = f.path().join("schemas/treaties.schema.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("The usual abbreviation", "An abbreviation"),
    )
    .unwrap();
    std::fs::remove_file(f.path().join("schemas/documents.schema.json")).unwrap();

    let output = f.run(&["schema", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("schemas/treaties.schema.json: differs"),
        "{text}"
    );
    assert!(
        text.contains("schemas/documents.schema.json: is missing"),
        "{text}"
    );

    assert_eq!(f.run(&["schema"]).status.code(), Some(0));
    assert_eq!(f.run(&["schema", "--check"]).status.code(), Some(0));
}

#[test]
fn generated_schemas_are_valid_draft_2020_12() {
    for name in ["documents", "recommendations", "organizations", "treaties"] {
        let path = repo().join(format!("schemas/{name}.schema.json"));
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["$id"], format!("urn:docket:schema:{name}"));
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("{name}: {e}");
        }
        assert_eq!(schema["additionalProperties"], false, "{name}");
        assert!(
            schema["title"].is_string() && schema["description"].is_string(),
            "{name}"
        );
        let properties = schema["properties"].as_object().unwrap();
        for (field, sub) in properties {
            assert!(
                sub["description"].is_string(),
                "{name}.{field} has no description"
            );
        }
    }
}

/// The id rule lives in the schema, not in the engine.
#[test]
fn id_rule_is_in_the_schema() {
    let path = repo().join("schemas/documents.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(schema["$defs"]["Id"]["pattern"], "^[a-z0-9]+(-[a-z0-9]+)*$");
    assert_eq!(schema["$defs"]["Id"]["maxLength"], 80);
}

#[test]
fn hand_written_schemas_are_never_overwritten() {
    let f = Fixture::from_dir(&repo().join("tests/fixtures/library"));
    f.write(
        "schemas/documents.schema.json",
        r#"{"$id": "https://library.example/documents", "type": "object"}"#,
    );
    let output = f.run(&["schema"]);
    assert_eq!(output.status.code(), Some(2));
    let kept = std::fs::read_to_string(f.path().join("schemas/documents.schema.json")).unwrap();
    assert!(kept.contains("library.example"));
    assert!(
        !f.path().join("schemas/treaties.schema.json").exists(),
        "nothing is written beside hand-written schemas"
    );
}
