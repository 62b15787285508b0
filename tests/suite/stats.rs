//! `docket stats` on the mini fixture: figures derived from the schemas.

use crate::common;

use common::{stdout, Fixture};
use serde_json::{json, Value};

fn stats_json(f: &Fixture) -> Value {
    let output = f.run(&["stats", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn counts_collections_values_and_references() {
    let stats = stats_json(&Fixture::mini());
    assert_eq!(stats["report"], "docket-stats");
    assert_eq!(stats["version"], 1);
    assert_eq!(stats["collections"]["recommendations"]["records"], 2);
    assert_eq!(
        stats["collections"]["organizations"]["provenance_share"],
        1.0
    );
    assert_eq!(
        stats["collections"]["documents"]["by_value"]["kind"]["statement"],
        1
    );
    assert_eq!(
        stats["collections"]["documents"]["by_value"]["kind"]["letter"],
        0
    );
    assert_eq!(
        stats["references"]["recommendations.document"],
        json!({"target": "documents", "counts": [{"id": "example-statement", "records": 2}]})
    );
    assert_eq!(
        stats["references"]["recommendations.addressees"]["counts"],
        json!([{"id": "example-ministry", "records": 2}])
    );
    assert_eq!(
        stats["cited_by"]["treaties"],
        json!([{"id": "iccpr", "records": 1}])
    );
    assert_eq!(
        stats["cited_by"]["organizations"],
        json!([{"id": "example-ministry", "records": 3}, {"id": "example-rights-centre", "records": 1}])
    );
}

#[test]
fn provenance_share_counts_records_without_a_source() {
    let f = Fixture::mini();
    // A schema-valid record without provenance is impossible in the bundled
    // model, so use a hand-written dataset's view: drop the source field.
    let text = std::fs::read_to_string(
        f.path()
            .join("datasets/organizations/example-ministry.yaml"),
    )
    .unwrap();
    let cut = text.find("provenance:").unwrap();
    f.write("datasets/organizations/example-ministry.yaml", &text[..cut]);
    let stats = stats_json(&f);
    assert_eq!(stats["collections"]["organizations"]["with_provenance"], 1);
    assert_eq!(
        stats["collections"]["organizations"]["provenance_share"],
        0.5
    );
}

#[test]
fn unreadable_files_are_noted_not_fatal() {
    let f = Fixture::mini();
    f.write("datasets/organizations/broken.yaml", "id: [\n");
    let output = f.run(&["stats"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("1 record files could not be read"));
    assert_eq!(stats_json(&f)["unreadable_files"], 1);
}

#[test]
fn human_stats() {
    let output = Fixture::mini().run(&["stats"]);
    insta::assert_snapshot!(stdout(&output));
}
