//! `docket validate --changed-since REV`: only changed records and
//! the records that refer to them are reported; a schema change means all.

use crate::common;

use std::process::Command;

use common::{issues, Fixture};

fn git(f: &Fixture, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=docket",
            "-c",
            "user.email=docket@example.org",
        ])
        .args(args)
        .current_dir(f.path())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// A committed dataset with one old, unrelated problem in a treaty.
fn repository() -> Fixture {
    let f = Fixture::mini();
    let treaty = "datasets/treaties/iccpr.yaml";
    let text = std::fs::read_to_string(f.path().join(treaty)).unwrap();
    f.write(treaty, text.replace("kind: treaty", "kind: convention"));
    git(&f, &["init", "-q"]);
    git(&f, &["add", "-A"]);
    git(&f, &["commit", "-q", "-m", "base"]);
    f
}

fn files(report: &serde_json::Value) -> Vec<String> {
    let mut files: Vec<String> = issues(report)
        .into_iter()
        .map(|(_, file, _)| file)
        .collect();
    files.dedup();
    files
}

#[test]
fn a_changed_organisation_rechecks_its_dependants_only() {
    let f = repository();
    // The organisation is renamed: every record naming its old id breaks.
    let old = "datasets/organizations/example-ministry.yaml";
    let text = std::fs::read_to_string(f.path().join(old)).unwrap();
    f.remove(old);
    f.write(
        "datasets/organizations/example-ministry-renamed.yaml",
        text.replace("id: example-ministry", "id: example-ministry-renamed"),
    );

    let (status, report) = f.validate_json(&["--changed-since", "HEAD"]);
    assert_eq!(status, 1);
    let found = files(&report);
    assert!(
        found.contains(&"datasets/documents/example-statement.yaml".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"datasets/recommendations/example-statement-r01.yaml".to_owned()),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|f| f.contains("treaties")),
        "an unrelated old problem is not reported: {found:?}"
    );

    // Without the flag, everything is reported.
    let (_, all) = f.validate_json(&[]);
    assert!(files(&all).iter().any(|f| f.contains("treaties")));
}

#[test]
fn nothing_changed_reports_nothing() {
    let f = repository();
    let (status, report) = f.validate_json(&["--changed-since", "HEAD"]);
    assert_eq!(status, 0, "{report:#}");
}

#[test]
fn a_schema_change_rechecks_everything() {
    let f = repository();
    let schema = "schemas/treaties.schema.json";
    let text = std::fs::read_to_string(f.path().join(schema)).unwrap();
    f.write(schema, format!("{text}\n"));
    let (status, report) = f.validate_json(&["--changed-since", "HEAD"]);
    assert_eq!(status, 1);
    assert!(files(&report).iter().any(|f| f.contains("treaties")));
}

#[test]
fn unknown_revision_is_a_usage_error() {
    let f = repository();
    let output = f.run(&["validate", "--changed-since", "no-such-revision"]);
    assert_eq!(output.status.code(), Some(2));
}
