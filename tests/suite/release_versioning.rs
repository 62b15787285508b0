//! Releases a maintainer can trust: provenance enforced at
//! release, every schema change in the changelog with its SchemaVer level
//! and version rule, a date on every release, history kept whatever --out
//! says, refusals planned before validation, one locked staging path, and
//! machine-readable reports from export and release.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{hidden_entries, repo, stderr, stdout, tree, Fixture};
use serde_json::{json, Value};

fn docket(f: &Fixture, args: &[&str]) -> Output {
    f.run(args)
}

/// `docket release ARGS --sources sources`.
fn release(f: &Fixture, args: &[&str]) -> Output {
    let mut all = vec!["release"];
    all.extend_from_slice(args);
    all.extend(["--sources", "sources"]);
    f.run(&all)
}

fn read(f: &Fixture, relative: &str) -> String {
    fs::read_to_string(f.path().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn json_of(f: &Fixture, relative: &str) -> Value {
    serde_json::from_str(&read(f, relative)).unwrap()
}

fn edit_schema(f: &Fixture, collection: &str, edit: impl FnOnce(&mut Value)) {
    let relative = format!("schemas/{collection}.schema.json");
    let mut schema = json_of(f, &relative);
    edit(&mut schema);
    f.write(&relative, serde_json::to_string_pretty(&schema).unwrap());
}

fn edit_file(f: &Fixture, relative: &str, from: &str, to: &str) {
    let text = read(f, relative);
    assert!(text.contains(from), "{relative} lacks {from}");
    f.write(relative, text.replace(from, to));
}

// ---------------------------------------------------------------------------
// 1. Provenance is part of the release contract.

/// The mini fixture's document with its verbatim quote edited away from
/// the source ("call on" → "call upon").
fn edited_verbatim() -> Fixture {
    let f = Fixture::mini();
    edit_file(
        &f,
        "datasets/documents/example-statement.yaml",
        "call on the Example Ministry to publish",
        "call upon the Example Ministry to publish",
    );
    f
}

#[test]
fn edited_verbatim_text_is_refused_without_sources_and_with_them() {
    let f = edited_verbatim();
    let without = docket(&f, &["release", "1.0.0"]);
    assert_eq!(without.status.code(), Some(2), "{}", stderr(&without));
    let message = stderr(&without);
    assert!(
        message.contains("--sources DIR")
            && message.contains("sources_dir")
            && message.contains("--no-provenance-check"),
        "the refusal says how to give the sources: {message}"
    );
    let with = release(&f, &["1.0.0"]);
    assert_eq!(with.status.code(), Some(1), "{}", stderr(&with));
    assert!(
        stdout(&with).contains("provenance.quote-not-found"),
        "{}",
        stdout(&with)
    );
    assert!(!f.path().join("dist").join("1.0.0").exists());

    // The sources folder named in dataset.yaml is used when --sources is not given.
    f.write(
        "dataset.yaml",
        "name: mini\ntitle: Mini\ndescription: A small dataset.\nsources_dir: sources\n",
    );
    let named = docket(&f, &["release", "1.0.0"]);
    assert_eq!(named.status.code(), Some(1), "{}", stderr(&named));
    assert!(stdout(&named).contains("provenance.quote-not-found"));
}

#[test]
fn no_provenance_check_publishes_and_says_so() {
    let f = edited_verbatim();
    let output = docket(&f, &["release", "1.0.0", "--no-provenance-check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("unchecked"), "{}", stderr(&output));
    let card = read(&f, "dist/1.0.0/README.md");
    assert!(
        card.contains("were NOT checked against their sources"),
        "{card}"
    );
    let package = json_of(&f, "dist/1.0.0/datapackage.json");
    assert_eq!(package["docket:provenance"], json!({"status": "unchecked"}));
    let changelog = read(&f, "dist/1.0.0/CHANGELOG.md");
    assert!(changelog.contains("NOT checked"), "{changelog}");
}

#[test]
fn checked_release_lists_each_source_with_its_sha256() {
    let f = Fixture::mini();
    let output = release(&f, &["1.0.0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let package = json_of(&f, "dist/1.0.0/datapackage.json");
    let expected = Command::new("sha256sum")
        .arg(f.path().join("sources/statement.txt"))
        .output()
        .unwrap();
    let expected = stdout(&expected);
    let expected = expected.split_whitespace().next().unwrap();
    assert_eq!(
        package["docket:provenance"],
        json!({"status": "checked", "sources": [{"name": "statement.txt", "sha256": expected}]})
    );
    let card = read(&f, "dist/1.0.0/README.md");
    assert!(card.contains("was checked against its source"), "{card}");
}

#[test]
fn export_warns_when_verbatim_fields_are_unchecked() {
    let f = Fixture::mini();
    let unchecked = docket(&f, &["export", "--out", "out"]);
    assert_eq!(unchecked.status.code(), Some(0));
    assert!(
        stderr(&unchecked).contains("warning") && stderr(&unchecked).contains("not checked"),
        "{}",
        stderr(&unchecked)
    );
    let package = json_of(&f, "out/datapackage.json");
    assert_eq!(package["docket:provenance"]["status"], "unchecked");

    let checked = docket(&f, &["export", "--out", "out", "--sources", "sources"]);
    assert_eq!(checked.status.code(), Some(0));
    assert!(
        !stderr(&checked).contains("not checked"),
        "{}",
        stderr(&checked)
    );
    let package = json_of(&f, "out/datapackage.json");
    assert_eq!(package["docket:provenance"]["status"], "checked");
}

// ---------------------------------------------------------------------------
// 2. A complete schema changelog, classified and enforced.

/// One kind of schema change: made after a 1.0.0 release of the mini
/// fixture, it must appear in the changelog and in `docket diff` with its
/// kind and level, refuse a version too small, and accept the right one.
struct Case {
    collection: &'static str,
    field: &'static str,
    kind: &'static str,
    level: &'static str,
    /// The changelog line (without the leading `- `).
    line: &'static str,
    /// A version the change forbids, and the smallest it needs.
    too_small: Option<(&'static str, &'static str)>,
    ok: &'static str,
}

fn schema_case(case: Case, change: impl FnOnce(&Fixture)) {
    let f = Fixture::mini();
    assert_eq!(release(&f, &["1.0.0"]).status.code(), Some(0));
    change(&f);
    if let Some((version, needed)) = case.too_small {
        let output = release(&f, &[version]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{version}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains(&format!("(at least {needed})")) && message.contains(case.line),
            "{message}"
        );
        assert!(!f.path().join("dist").join(version).exists());
    }
    let output = release(&f, &[case.ok]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let changelog = read(&f, &format!("dist/{}/CHANGELOG.md", case.ok));
    assert!(
        changelog.contains(&format!("- {}\n", case.line)),
        "{}\n{changelog}",
        case.line
    );
    let new = format!("dist/{}", case.ok);
    let diff = docket(&f, &["diff", "dist/1.0.0", &new, "--format", "json"]);
    assert_eq!(diff.status.code(), Some(0));
    let diff: Value = serde_json::from_slice(&diff.stdout).unwrap();
    let entry = diff["schema"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["collection"] == case.collection && c["field"] == case.field && c["kind"] == case.kind
        })
        .unwrap_or_else(|| panic!("no {} entry in {:#}", case.kind, diff["schema"]));
    assert_eq!(entry["level"], case.level, "{entry}");
    assert!(
        diff["level"].as_str().is_some(),
        "the overall level is given: {diff}"
    );
    let human = stdout(&docket(&f, &["diff", "dist/1.0.0", &new]));
    assert!(human.contains(case.line), "{human}");
    // The records are the same: only the schema differs, and that counts.
    assert_eq!(
        docket(&f, &["diff", "dist/1.0.0", &new, "--exit-code"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn schema_change_optional_field_added() {
    schema_case(
        Case {
            collection: "treaties",
            field: "note",
            kind: "field-added",
            level: "ADDITION",
            line: "`treaties` `note`: optional field added (string) (ADDITION)",
            too_small: None,
            ok: "1.0.1",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                s["properties"]["note"] = json!({"type": "string", "description": "A note."});
            })
        },
    );
}

#[test]
fn schema_change_required_field_added() {
    schema_case(
        Case {
            collection: "treaties",
            field: "note",
            kind: "field-added",
            level: "MODEL",
            line: "`treaties` `note`: required field added (string): every existing record lacks it (MODEL)",
            too_small: Some(("1.1.0", "2.0.0")),
            ok: "2.0.0",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                s["properties"]["note"] = json!({"type": "string"});
                s["required"].as_array_mut().unwrap().push(json!("note"));
            });
            f.write(
                "datasets/treaties/iccpr.yaml",
                format!("{}note: \"x\"\n", read(f, "datasets/treaties/iccpr.yaml")),
            );
        },
    );
}

#[test]
fn schema_change_field_removed() {
    schema_case(
        Case {
            collection: "treaties",
            field: "entry_into_force",
            kind: "field-removed",
            level: "MODEL",
            line: "`treaties` `entry_into_force`: field removed (was string (date)) (MODEL)",
            too_small: Some(("1.1.0", "2.0.0")),
            ok: "2.0.0",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                s["properties"]
                    .as_object_mut()
                    .unwrap()
                    .remove("entry_into_force");
                s["dependentRequired"]
                    .as_object_mut()
                    .unwrap()
                    .remove("entry_into_force");
            })
        },
    );
}

#[test]
fn schema_change_field_renamed() {
    schema_case(
        Case {
            collection: "organizations",
            field: "short_name",
            kind: "field-renamed",
            level: "MODEL",
            line: "`organizations` `short_name`: field renamed from `abbreviation` to `short_name` (MODEL)",
            too_small: Some(("1.1.0", "2.0.0")),
            ok: "2.0.0",
        },
        |f| {
            edit_schema(f, "organizations", |s| {
                let properties = s["properties"].as_object_mut().unwrap();
                let field = properties.remove("abbreviation").unwrap();
                properties.insert("short_name".into(), field);
            })
        },
    );
}

#[test]
fn schema_change_field_retyped() {
    schema_case(
        Case {
            collection: "organizations",
            field: "abbreviation",
            kind: "field-retyped",
            level: "MODEL",
            line: "`organizations` `abbreviation`: type changed from string to integer (MODEL)",
            too_small: Some(("1.9.9", "2.0.0")),
            ok: "2.0.0",
        },
        |f| {
            edit_schema(f, "organizations", |s| {
                s["properties"]["abbreviation"]["type"] = json!("integer")
            })
        },
    );
}

#[test]
fn schema_change_enum_value_added() {
    schema_case(
        Case {
            collection: "organizations",
            field: "classification",
            kind: "enum-value-added",
            level: "ADDITION",
            line: "`organizations` `classification`: enum value \"university\" added (ADDITION)",
            too_small: None,
            ok: "1.0.1",
        },
        |f| {
            edit_schema(f, "organizations", |s| {
                s["$defs"]["Classification"]["enum"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("university"))
            })
        },
    );
}

#[test]
fn schema_change_enum_value_removed() {
    schema_case(
        Case {
            collection: "organizations",
            field: "classification",
            kind: "enum-value-removed",
            level: "REVISION",
            line: "`organizations` `classification`: enum value \"court\" removed (REVISION)",
            too_small: Some(("1.0.1", "1.1.0")),
            ok: "1.1.0",
        },
        |f| {
            edit_schema(f, "organizations", |s| {
                s["$defs"]["Classification"]["enum"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|v| v != "court")
            })
        },
    );
}

#[test]
fn schema_change_max_length_tightened() {
    schema_case(
        Case {
            collection: "treaties",
            field: "abbreviation",
            kind: "constraint-tightened",
            level: "REVISION",
            line: "`treaties` `abbreviation`: maxLength tightened from 40 to 6 (REVISION)",
            too_small: Some(("1.0.1", "1.1.0")),
            ok: "1.1.0",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                s["properties"]["abbreviation"]["maxLength"] = json!(6)
            })
        },
    );
}

#[test]
fn schema_change_max_length_loosened() {
    schema_case(
        Case {
            collection: "treaties",
            field: "name",
            kind: "constraint-loosened",
            level: "ADDITION",
            line: "`treaties` `name`: maxLength loosened from 400 to 1000 (ADDITION)",
            too_small: None,
            ok: "1.0.1",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                s["properties"]["name"]["maxLength"] = json!(1000)
            })
        },
    );
}

#[test]
fn schema_change_pattern_added() {
    schema_case(
        Case {
            collection: "organizations",
            field: "name",
            kind: "constraint-tightened",
            level: "REVISION",
            line: "`organizations` `name`: pattern \"^[A-Z]\" added (REVISION)",
            too_small: Some(("1.0.1", "1.1.0")),
            ok: "1.1.0",
        },
        |f| {
            edit_schema(f, "organizations", |s| {
                s["properties"]["name"]["pattern"] = json!("^[A-Z]")
            })
        },
    );
}

#[test]
fn schema_change_field_made_required() {
    schema_case(
        Case {
            collection: "treaties",
            field: "adopted",
            kind: "constraint-tightened",
            level: "REVISION",
            line: "`treaties` `adopted`: now required (REVISION)",
            too_small: Some(("1.0.1", "1.1.0")),
            ok: "1.1.0",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                s["required"].as_array_mut().unwrap().push(json!("adopted"))
            })
        },
    );
}

#[test]
fn schema_change_field_no_longer_required() {
    schema_case(
        Case {
            collection: "treaties",
            field: "kind",
            kind: "constraint-loosened",
            level: "ADDITION",
            line: "`treaties` `kind`: no longer required (ADDITION)",
            too_small: None,
            ok: "1.0.1",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                s["required"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|v| v != "kind")
            })
        },
    );
}

#[test]
fn schema_change_format_removed() {
    schema_case(
        Case {
            collection: "treaties",
            field: "adopted",
            kind: "constraint-loosened",
            level: "ADDITION",
            line: "`treaties` `adopted`: format \"date\" removed (ADDITION)",
            too_small: None,
            ok: "1.0.1",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                s["properties"]["adopted"]
                    .as_object_mut()
                    .unwrap()
                    .remove("format");
            })
        },
    );
}

#[test]
fn schema_change_additional_properties_loosened() {
    schema_case(
        Case {
            collection: "organizations",
            field: "",
            kind: "constraint-loosened",
            level: "ADDITION",
            line: "`organizations`: other properties now allowed (ADDITION)",
            too_small: None,
            ok: "1.0.1",
        },
        |f| {
            edit_schema(f, "organizations", |s| {
                s.as_object_mut().unwrap().remove("additionalProperties");
            })
        },
    );
}

#[test]
fn schema_change_reference_changed() {
    schema_case(
        Case {
            collection: "treaties",
            field: "parent",
            kind: "reference-changed",
            level: "MODEL",
            line:
                "`treaties` `parent`: refers to \"organizations\" instead of \"treaties\" (MODEL)",
            too_small: Some(("1.1.0", "2.0.0")),
            ok: "2.0.0",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                let parent = s["properties"]["parent"].as_object_mut().unwrap();
                parent.insert("x-references".into(), json!("organizations"));
                parent.remove("x-acyclic");
            })
        },
    );
}

#[test]
fn schema_change_unique_key_changed() {
    schema_case(
        Case {
            collection: "recommendations",
            field: "position",
            kind: "key-changed",
            level: "REVISION",
            line: "`recommendations` `position`: unique key changed from [\"document\"] to [\"document\",\"kind\"] (REVISION)",
            too_small: Some(("1.0.1", "1.1.0")),
            ok: "1.1.0",
        },
        |f| {
            edit_schema(f, "recommendations", |s| {
                s["properties"]["position"]["x-unique-with"] = json!(["document", "kind"])
            })
        },
    );
}

#[test]
fn schema_change_description_changed() {
    schema_case(
        Case {
            collection: "treaties",
            field: "name",
            kind: "description-changed",
            level: "ADDITION",
            line: "`treaties` `name`: description changed (ADDITION)",
            too_small: None,
            ok: "1.0.1",
        },
        |f| {
            edit_schema(f, "treaties", |s| {
                s["properties"]["name"]["description"] = json!("The official English name.")
            })
        },
    );
}

#[test]
fn diff_exit_code_counts_file_only_differences() {
    let f = Fixture::mini();
    assert_eq!(release(&f, &["1.0.0", "--out", "a"]).status.code(), Some(0));
    common::copy_dir(&f.path().join("a/1.0.0"), &f.path().join("b/1.0.0"));
    fs::remove_file(f.path().join("b/1.0.0/sqlite/dataset.sqlite")).unwrap();
    let code = |args: &[&str]| docket(&f, args).status.code();
    assert_eq!(
        code(&["diff", "a/1.0.0", "a/1.0.0", "--exit-code"]),
        Some(0)
    );
    assert_eq!(
        code(&["diff", "b/1.0.0", "a/1.0.0", "--exit-code"]),
        Some(1)
    );
    let diff: Value = serde_json::from_slice(
        &docket(&f, &["diff", "b/1.0.0", "a/1.0.0", "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(
        diff["files"],
        json!([{"path": "sqlite/dataset.sqlite", "change": "added", "level": "ADDITION"}])
    );
    let removed: Value = serde_json::from_slice(
        &docket(&f, &["diff", "a/1.0.0", "b/1.0.0", "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(removed["files"][0]["change"], "removed");
    assert_eq!(
        removed["level"], "MODEL",
        "a data file removed breaks its readers"
    );
}

/// The committed 1.0.0 predates `x-acyclic`, the SQLite database and the
/// charts: a release of today's data against it lists them all.
#[test]
fn changelog_against_the_committed_release_lists_schema_and_file_changes() {
    let out = tempfile::tempdir().unwrap();
    let root = repo();
    let previous = root.join("dist/1.0.0");
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .arg("--root")
        .arg(&root)
        .args(["release", "9.0.0", "--no-provenance-check", "--previous"])
        .arg(&previous)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let changelog = fs::read_to_string(out.path().join("9.0.0/CHANGELOG.md")).unwrap();
    for line in [
        "- `organizations` `parent`: x-acyclic added (REVISION)",
        "- `treaties` `parent`: x-acyclic added (REVISION)",
        "- `sqlite/dataset.sqlite` added (ADDITION)",
    ] {
        assert!(changelog.contains(line), "{line}\n{changelog}");
    }
    let diff = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .arg("diff")
        .arg(&previous)
        .arg(out.path().join("9.0.0"))
        .arg("--exit-code")
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
}

// ---------------------------------------------------------------------------
// 3. A release always has a date.

fn git(dir: &Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

fn date_released(f: &Fixture, release: &str) -> Option<String> {
    read(f, &format!("{release}/CITATION.cff"))
        .lines()
        .find_map(|l| l.strip_prefix("date-released: "))
        .map(|d| d.trim_matches('"').to_owned())
}

#[test]
fn citation_has_a_date_with_and_without_source_date_epoch() {
    let f = Fixture::mini();
    f.write(
        "dataset.yaml",
        "name: mini\ntitle: Mini\ndescription: A small dataset.\nauthors:\n  - name: \"A. Curator\"\n",
    );
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .current_dir(f.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["release", "1.0.0", "--sources", "sources", "--out", "epoch"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).contains("release date 2023-11-14"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        date_released(&f, "epoch/1.0.0").as_deref(),
        Some("2023-11-14")
    );
    assert_eq!(
        json_of(&f, "epoch/1.0.0/datapackage.json")["created"],
        "2023-11-14T22:13:20Z"
    );

    // Not in git: today.
    let output = release(&f, &["1.0.0", "--out", "today"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("(today"), "{}", stdout(&output));
    let today = date_released(&f, "today/1.0.0").expect("date-released is always written");
    let package = json_of(&f, "today/1.0.0/datapackage.json");
    assert!(package["created"].as_str().unwrap().starts_with(&today));
    let card = read(&f, "today/1.0.0/README.md");
    assert!(
        card.contains(&format!("A. Curator ({}).", &today[..4])),
        "the card's citation has the year: {card}"
    );
}

#[test]
fn in_git_the_date_is_the_last_commit_touching_the_data() {
    let f = Fixture::mini();
    git(f.path(), &["init", "-q"], "2024-05-06T07:08:09Z");
    git(f.path(), &["add", "-A"], "2024-05-06T07:08:09Z");
    git(f.path(), &["commit", "-qm", "data"], "2024-05-06T07:08:09Z");
    // A commit that touches no data leaves the date alone.
    f.write("notes.txt", "code, not data\n");
    git(f.path(), &["add", "notes.txt"], "2025-01-01T00:00:00Z");
    git(
        f.path(),
        &["commit", "-qm", "notes"],
        "2025-01-01T00:00:00Z",
    );

    for out in ["one", "two"] {
        let output = release(&f, &["1.0.0", "--out", out]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stdout(&output).contains("release date 2024-05-06 (the last commit"));
    }
    assert_eq!(
        date_released(&f, "one/1.0.0").as_deref(),
        Some("2024-05-06")
    );
    assert_eq!(
        tree(&f.path().join("one/1.0.0")),
        tree(&f.path().join("two/1.0.0")),
        "two builds of one commit are byte-identical"
    );
    // Uncommitted data: today, not the commit's date.
    edit_file(
        &f,
        "datasets/organizations/example-ministry.yaml",
        "name: \"Example Ministry\"",
        "name: \"Ministry of Examples\"",
    );
    let output = release(&f, &["1.0.0", "--out", "dirty"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("(today"), "{}", stdout(&output));
}

// ---------------------------------------------------------------------------
// 4. History is never lost silently.

#[test]
fn a_version_not_greater_is_refused_with_out_elsewhere() {
    let f = Fixture::mini();
    assert_eq!(release(&f, &["1.1.0"]).status.code(), Some(0));
    for version in ["1.0.5", "1.1.0", "0.0.1", "1.1.0+build.5"] {
        let output = release(&f, &[version, "--out", "other"]);
        assert_eq!(output.status.code(), Some(2), "{version}");
        assert!(
            stderr(&output).contains("not greater than the latest release, 1.1.0"),
            "{version}: {}",
            stderr(&output)
        );
    }
    assert!(!f.path().join("other").join("1.0.5").exists());
    let output = release(&f, &["1.2.0", "--out", "other"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let changelog = read(&f, "other/1.2.0/CHANGELOG.md");
    assert!(changelog.contains("Changes since 1.1.0."), "{changelog}");
    assert!(
        changelog.contains("## 1.1.0 ("),
        "history kept: {changelog}"
    );
}

#[test]
fn pre_release_and_build_metadata_versions_work() {
    let f = Fixture::mini();
    for version in ["1.0.0+build.5", "2.0.0-rc.1", "2.0.0-rc.2", "2.0.0"] {
        let output = release(&f, &[version]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{version}: {}",
            stderr(&output)
        );
        assert!(f
            .path()
            .join("dist")
            .join(version)
            .join("SHA256SUMS")
            .is_file());
    }
    let output = release(&f, &["2.0.0-rc.3"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not greater than the latest release, 2.0.0"));
}

// ---------------------------------------------------------------------------
// 5. Plan, then validate, then publish.

#[test]
fn refusals_come_before_validation() {
    let f = Fixture::mini();
    assert_eq!(release(&f, &["1.0.0"]).status.code(), Some(0));
    f.write("datasets/organizations/broken.yaml", "id: broken\n");
    let cases: [(&[&str], &str); 4] = [
        (
            &["release", "1.0.0", "--sources", "sources"],
            "already exists",
        ),
        (
            &["release", "0.9.0", "--sources", "sources"],
            "not greater than the latest release",
        ),
        (
            &["release", "one", "--sources", "sources"],
            "is not a semantic version",
        ),
        (&["release", "1.1.0"], "--no-provenance-check"),
    ];
    for (args, expected) in cases {
        let output = docket(&f, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            !stdout(&output).contains("schema.required"),
            "no validation report before a refusal: {}",
            stdout(&output)
        );
    }
    edit_schema(&f, "treaties", |s| {
        s["properties"]
            .as_object_mut()
            .unwrap()
            .remove("abbreviation");
    });
    let output = release(&f, &["1.1.0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("field removed"),
        "{}",
        stderr(&output)
    );
    // Once planned, the invalid record is reported (exit 1).
    assert_eq!(release(&f, &["2.0.0"]).status.code(), Some(1));
}

// ---------------------------------------------------------------------------
// 6. One publishing path.

/// Two releases of `2.0.0-rc.1` and `2.0.0-rc.2` racing into one folder:
/// neither removes the other's staging folder; each succeeds, or rc.1
/// exits 2 with the version refusal because rc.2 landed first.
#[test]
fn concurrent_pre_releases_never_remove_each_other() {
    let f = Fixture::mini();
    let bin = assert_cmd::cargo::cargo_bin("docket");
    for round in 0..6 {
        let out = format!("race{round}");
        let spawn = |version: &str| {
            Command::new(&bin)
                .args(["release", version, "--sources", "sources", "--out", &out])
                .current_dir(f.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (one, two) = if round % 2 == 0 {
            let one = spawn("2.0.0-rc.1");
            (one, spawn("2.0.0-rc.2"))
        } else {
            let two = spawn("2.0.0-rc.2");
            (spawn("2.0.0-rc.1"), two)
        };
        let one = one.wait_with_output().unwrap();
        let two = two.wait_with_output().unwrap();
        assert_eq!(
            two.status.code(),
            Some(0),
            "round {round}: {}",
            stderr(&two)
        );
        match one.status.code() {
            Some(0) => {}
            Some(2) => assert!(
                stderr(&one).contains("not greater than the latest release, 2.0.0-rc.2"),
                "round {round}: {}",
                stderr(&one)
            ),
            other => panic!("round {round}: rc.1 exited {other:?}: {}", stderr(&one)),
        }
        let dir = f.path().join(&out);
        for version in ["2.0.0-rc.1", "2.0.0-rc.2"] {
            let release = dir.join(version);
            if release.exists() {
                let sums = Command::new("sha256sum")
                    .args(["-c", "--strict", "--quiet", "SHA256SUMS"])
                    .current_dir(&release)
                    .status()
                    .unwrap();
                assert!(sums.success(), "round {round}: {version} is complete");
            }
        }
        assert!(
            hidden_entries(&dir).is_empty(),
            "{:?}",
            hidden_entries(&dir)
        );
    }
}

#[test]
fn schema_writes_leave_no_temporary_file() {
    let f = Fixture::mini();
    fs::remove_file(f.path().join("schemas/treaties.schema.json")).unwrap();
    let output = docket(&f, &["schema"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(f.path().join("schemas/treaties.schema.json").is_file());
    assert!(hidden_entries(&f.path().join("schemas")).is_empty());
    assert_eq!(docket(&f, &["schema", "--check"]).status.code(), Some(0));
}

// ---------------------------------------------------------------------------
// 7. Machine-readable reports everywhere.

#[test]
fn export_and_release_print_the_report_in_the_chosen_format() {
    let f = Fixture::mini();
    f.write("datasets/organizations/broken.yaml", "id: broken\n");
    for command in [
        &["export", "--out", "out"][..],
        &["release", "1.0.0", "--sources", "sources"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--format", "json"]);
        let output = docket(&f, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["valid"], false);
        assert_eq!(report["issues"][0]["code"], "schema.required");

        let mut args = command.to_vec();
        args.extend(["--format", "github"]);
        let github = stdout(&docket(&f, &args));
        assert!(github.contains("::error file="), "{github}");

        let mut args = command.to_vec();
        args.extend(["--format", "sarif"]);
        let sarif: Value = serde_json::from_slice(&docket(&f, &args).stdout).unwrap();
        assert_eq!(sarif["version"], "2.1.0");
        assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    }
    f.remove("datasets/organizations/broken.yaml");
    let output = docket(&f, &["export", "--out", "out", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["report"], "docket-export");
    assert_eq!(summary["provenance"]["status"], "unchecked");
    assert!(summary["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "datapackage.json"));
    let output = release(&f, &["1.0.0", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"],
        json!([]),
        "SARIF with no results when valid"
    );
    assert!(stderr(&output).contains("released"));
}

#[test]
fn release_json_summarises_what_was_published() {
    let f = Fixture::mini();
    assert_eq!(release(&f, &["1.0.0"]).status.code(), Some(0));
    edit_file(
        &f,
        "datasets/organizations/example-ministry.yaml",
        "name: \"Example Ministry\"",
        "name: \"Ministry of Examples\"",
    );
    let output = release(&f, &["1.1.0", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["report"], "docket-release");
    assert_eq!(summary["release"], "1.1.0");
    assert_eq!(summary["previous"], "1.0.0");
    assert_eq!(summary["provenance"]["status"], "checked");
    assert_eq!(summary["changes"]["records_changed"], 1);
    assert_eq!(summary["changes"]["schema"], 0);
    let files = summary["files"].as_array().unwrap();
    let sums = read(&f, "dist/1.1.0/SHA256SUMS");
    for file in files {
        let path = file["path"].as_str().unwrap();
        if path == "SHA256SUMS" {
            continue;
        }
        let line = format!("{}  {path}", file["sha256"].as_str().unwrap());
        assert!(sums.contains(&line), "{line}");
        assert_eq!(
            file["bytes"].as_u64().unwrap(),
            fs::metadata(f.path().join("dist/1.1.0").join(path))
                .unwrap()
                .len()
        );
    }
    assert_eq!(files.len(), sums.lines().count() + 1);
}

/// A new key (`x-key`) changes what identifies a record: MODEL. The data
/// no longer fits it, but the version is refused before validation.
#[test]
fn schema_change_key_needs_a_major_version() {
    let f = Fixture::mini();
    assert_eq!(release(&f, &["1.0.0"]).status.code(), Some(0));
    edit_schema(&f, "treaties", |s| s["x-key"] = json!("name"));
    let output = release(&f, &["1.1.0"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "MODEL changes need a new major version (at least 2.0.0); the changes, deciding ones first: `treaties`: key changed from (id) to (name) (MODEL)"
        ),
        "{}",
        stderr(&output)
    );
}

/// Schemas in several files (a shared `$defs` file, a recursive tree) and a
/// composite key: a change in the shared file is found at the field that
/// uses it, the recursion ends, and records are matched by their key.
#[test]
fn shared_definitions_recursive_schemas_and_composite_keys() {
    let f = Fixture::from_dir(&repo().join("tests/fixtures/constructs"));
    let first = f.run(&["release", "1.0.0"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let same = f.run(&["release", "1.0.1"]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(read(&f, "dist/1.0.1/CHANGELOG.md").contains("Changes since 1.0.0.\n\nNo changes."));

    let defs = "schemas/shared/defs.json";
    let mut shared = json_of(&f, defs);
    shared["$defs"]["Node"]["properties"]["label"]["maxLength"] = json!(50);
    f.write(defs, serde_json::to_string_pretty(&shared).unwrap());
    edit_file(
        &f,
        "datasets/readings/readings.jsonl",
        "\"value\": -2}",
        "\"value\": -3}",
    );
    let refused = f.run(&["release", "1.0.2"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused)
            .contains("`things` `tree.label`: maxLength tightened: 50 added (REVISION)"),
        "{}",
        stderr(&refused)
    );
    let output = f.run(&["release", "1.1.0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let diff: Value = serde_json::from_slice(
        &f.run(&["diff", "dist/1.0.1", "dist/1.1.0", "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(
        diff["schema"].as_array().unwrap().len(),
        1,
        "{}",
        diff["schema"]
    );
    let changed = &diff["collections"]["readings"]["changed"];
    assert_eq!(changed[0]["id"], "[\"ABC\",\"2024-03-01T13:00:00-01:00\"]");
    assert_eq!(changed[0]["fields"][0]["new"], -3);
}

/// The changelog's history lists every release known, each with its date,
/// even when `--previous` names an older one than the newest, and when an
/// older changelog's heading has no date (early releases did not write it).
#[test]
fn the_history_lists_every_release_with_its_date() {
    let f = Fixture::mini();
    for version in ["1.0.0", "1.1.0"] {
        let output = release(&f, &[version]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    // 1.1.0's history as an early docket wrote it: a heading without a date.
    let path = f.path().join("dist/1.1.0/CHANGELOG.md");
    let text = fs::read_to_string(&path).unwrap();
    let undated: String = text
        .lines()
        .map(|line| match line.strip_prefix("## 1.0.0 (") {
            Some(_) => "## 1.0.0".to_owned(),
            None => line.to_owned(),
        })
        .map(|line| line + "\n")
        .collect();
    assert_ne!(undated, text);
    fs::write(&path, undated).unwrap();
    let output = release(&f, &["1.2.0", "--previous", "dist/1.0.0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let log = read(&f, "dist/1.2.0/CHANGELOG.md");
    let headings: Vec<&str> = log.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), 3, "{log}");
    for (heading, version) in headings.iter().zip(["1.2.0", "1.1.0", "1.0.0"]) {
        assert!(heading.starts_with(&format!("## {version} (")), "{log}");
        assert!(heading.ends_with(')'), "{log}");
    }
    assert!(log.contains("Changes since 1.0.0."), "{log}");
}

/// A version too small names every change with its level, the deciding
/// ones first, not only those.
#[test]
fn a_refusal_lists_every_change_deciding_ones_first() {
    let f = Fixture::mini();
    assert_eq!(release(&f, &["1.0.0"]).status.code(), Some(0));
    edit_schema(&f, "treaties", |s| {
        s["properties"]["note"] = json!({"type": "string", "description": "A note."});
        s["properties"]["abbreviation"]["maxLength"] = json!(6);
    });
    let output = release(&f, &["1.0.1"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    let tightened = "`treaties` `abbreviation`: maxLength tightened from 40 to 6 (REVISION)";
    let added = "`treaties` `note`: optional field added (string) (ADDITION)";
    let (Some(first), Some(second)) = (message.find(tightened), message.find(added)) else {
        panic!("{message}");
    };
    assert!(first < second, "{message}");
    assert!(message.contains("(at least 1.1.0)"), "{message}");
}
