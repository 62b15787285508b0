//! Any draft: each schema file read under the JSON Schema draft it declares
//! (draft-03 included, by translation), proved on the real public fixtures
//! record by record against Python `jsonschema`, and on small schemas that
//! isolate one rule each.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use common::{repo, Fixture};

/// Where a record is: its file, and its line for JSONL.
type Place = (String, Option<u64>);

/// Records on which docket and Python `jsonschema` read a format
/// differently, each with the reason; every other record must agree.
const KNOWN_DISAGREEMENTS: &[(&str, &str, u64, &str)] = &[(
    "popolo",
    "datasets/persons/vic-local-councillors.jsonl",
    641,
    "`email` with a trailing space: docket reads the format as an RFC 5321 address, Python's checker only asks for an `@`",
)];

/// Python's verdict per record: the pointers of its errors.
fn expected(root: &Path) -> BTreeMap<Place, Vec<String>> {
    std::fs::read_to_string(root.join("expected.jsonl"))
        .unwrap()
        .lines()
        .map(|line| {
            let entry: Value = serde_json::from_str(line).unwrap();
            let place = (
                entry["file"].as_str().unwrap().to_owned(),
                entry["line"].as_u64(),
            );
            let errors = entry["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap().to_owned())
                .collect();
            (place, errors)
        })
        .collect()
}

/// docket's schema issues per record: their pointers.
fn observed(root: &Path) -> (Value, BTreeMap<Place, Vec<String>>) {
    let (status, report) = common::validate_at(root);
    assert!(matches!(status, 0 | 1), "{}: {report:#}", root.display());
    let mut found: BTreeMap<Place, Vec<String>> = BTreeMap::new();
    for issue in report["issues"].as_array().unwrap() {
        if !issue["code"].as_str().unwrap().starts_with("schema.") {
            continue;
        }
        let place = (
            issue["file"].as_str().unwrap().to_owned(),
            issue["line"].as_u64(),
        );
        found
            .entry(place)
            .or_default()
            .push(issue["pointer"].as_str().unwrap_or_default().to_owned());
    }
    (report, found)
}

/// JSONL records are known by their line; a record of its own file by
/// its file (docket places its issues at their own lines).
fn record_of(place: &Place, jsonl: bool) -> Place {
    if jsonl {
        place.clone()
    } else {
        (place.0.clone(), None)
    }
}

/// One pointer lies within the other (Python reports the top of a failing
/// `anyOf`, docket the field inside it, or the reverse).
fn related(a: &str, b: &str) -> bool {
    let within = |long: &str, short: &str| {
        long == short || (long.starts_with(short) && long[short.len()..].starts_with('/'))
    };
    within(a, b) || within(b, a)
}

/// Every record of every public fixture gets the same verdict from docket
/// as from Python `jsonschema` (each file under its own draft, formats
/// asserted), and where both find errors they are at related places. The
/// fixtures mix drafts (CSAF: 2020-12 over draft-04 and draft-07) and hold
/// a standard published as draft-03 (Popolo).
#[test]
fn public_fixtures_agree_with_python_record_by_record() {
    let roots: Vec<PathBuf> = common::public_fixtures()
        .into_iter()
        .filter(|p| p.join("expected.jsonl").is_file())
        .collect();
    let names: BTreeSet<String> = roots
        .iter()
        .map(|r| r.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for needed in ["popolo", "csaf", "ocds", "bods", "osv"] {
        assert!(names.contains(needed), "no expected.jsonl for {needed}");
    }
    let mut disagreements = Vec::new();
    let mut records = 0;
    for root in &roots {
        let name = root.file_name().unwrap().to_string_lossy().into_owned();
        let python = expected(root);
        let (report, found) = observed(root);
        assert_eq!(
            report["summary"]["records"].as_u64().unwrap() as usize,
            python.len(),
            "{name}: docket and Python count different records"
        );
        let mut docket: BTreeMap<Place, Vec<String>> = BTreeMap::new();
        for (place, pointers) in &found {
            let jsonl = place.0.ends_with(".jsonl");
            docket
                .entry(record_of(place, jsonl))
                .or_default()
                .extend(pointers.iter().cloned());
        }
        for (place, errors) in &python {
            records += 1;
            let ours = docket.remove(place).unwrap_or_default();
            let known = KNOWN_DISAGREEMENTS
                .iter()
                .any(|(f, file, line, _)| *f == name && *file == place.0 && Some(*line) == place.1);
            let agree = errors.is_empty() == ours.is_empty()
                && errors.iter().all(|e| ours.iter().any(|o| related(e, o)));
            match (agree, known) {
                (true, true) => disagreements.push(format!(
                    "{name} {place:?}: listed as a known disagreement, but docket and Python agree now"
                )),
                (false, false) => disagreements.push(format!(
                    "{name} {place:?}: Python {errors:?}, docket {ours:?}"
                )),
                _ => {}
            }
        }
        for (place, ours) in docket {
            disagreements.push(format!(
                "{name} {place:?}: docket reports {ours:?} on no record Python read"
            ));
        }
    }
    assert!(records > 1900, "only {records} records compared");
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

/// The committed `expected.jsonl` files are what Python `jsonschema` says
/// today (the pinned version), so the comparison above is with Python and
/// not with an old copy of its output.
#[test]
fn expected_verdicts_are_pythons() {
    let Some(python) = common::python() else {
        common::skip(
            "drafts::expected_verdicts_are_pythons",
            "no Python with the interop packages (.ci/run installs them into .venv)",
        );
        return;
    };
    let output = std::process::Command::new(python)
        .arg(repo().join("tests/fixtures/public/oracle.py"))
        .arg("--check")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        common::stdout(&output),
        common::stderr(&output)
    );
}

/// The Popolo persons whose `image` is not a URI, as Python finds them,
/// are reported at their lines with their pointer, and none is taken for a
/// record of another collection (Popolo's schemas accept one another's
/// records).
#[test]
fn draft3_errors_are_reported_at_their_lines() {
    let root = repo().join("tests/fixtures/public/popolo");
    let (report, _) = observed(&root);
    let file = "datasets/persons/vic-local-councillors.jsonl";
    let images: Vec<u64> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["file"] == file && i["pointer"] == "/image")
        .map(|i| {
            assert_eq!(i["code"], "schema.format", "{i:#}");
            // The addresses hold `[1]`: the help says what to escape.
            let help = i["help"].as_str().unwrap();
            assert!(
                help.contains("`[` as `%5B`") && help.contains("`]` as `%5D`"),
                "{help}"
            );
            i["line"].as_u64().unwrap()
        })
        .collect();
    assert_eq!(images, [633, 634, 644, 645], "{report:#}");
    assert!(
        !report["summary"]["by_code"]
            .as_object()
            .unwrap()
            .contains_key("layout.wrong-collection"),
        "{report:#}"
    );
}

/// A dataset of one collection `things` whose schema is `schema`, with the
/// extra schema files `others` and the records `records` (one JSONL line
/// each).
fn dataset(schema: Value, others: &[(&str, Value)], records: &[Value]) -> Fixture {
    let f = Fixture::empty();
    f.write("schemas/things.schema.json", schema.to_string());
    for (path, value) in others {
        f.write(&format!("schemas/{path}"), value.to_string());
    }
    let lines: String = records.iter().map(|r| format!("{r}\n")).collect();
    f.write("datasets/things/things.jsonl", lines);
    f
}

/// `validate`'s refusal of a dataset whose schemas cannot be used: what it
/// says.
fn refusal(f: &Fixture) -> String {
    let output = f.run(&["validate"]);
    assert_eq!(output.status.code(), Some(2), "{}", common::stdout(&output));
    common::stderr(&output)
}

/// The lines docket finds schema errors on.
fn failing_lines(f: &Fixture) -> Vec<u64> {
    let (status, report) = f.validate_json(&[]);
    assert!(matches!(status, 0 | 1), "{report:#}");
    let lines: BTreeSet<u64> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"].as_str().unwrap().starts_with("schema."))
        .map(|i| i["line"].as_u64().unwrap())
        .collect();
    lines.into_iter().collect()
}

/// A draft-07 schema referring to a draft-04 file: the file's boolean
/// `exclusiveMinimum` is draft-04's, not a schema error.
#[test]
fn a_draft7_schema_refers_to_a_draft4_file() {
    let f = dataset(
        json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "score": {"$ref": "vendor/score.json"}}
        }),
        &[(
            "vendor/score.json",
            json!({
                "$schema": "http://json-schema.org/draft-04/schema#",
                "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10
            }),
        )],
        &[
            json!({"id": "a", "score": 5}),
            json!({"id": "b", "score": 0}),
            json!({"id": "c", "score": 10}),
        ],
    );
    assert_eq!(failing_lines(&f), [2]);
}

/// A 2020-12 wrapper referring to a draft-07 file: the file's array-form
/// `items` is a tuple, as draft-07 says.
#[test]
fn a_2020_12_wrapper_refers_to_a_draft7_file() {
    let f = dataset(
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "vendor/pair.json",
            "x-key": "id"
        }),
        &[(
            "vendor/pair.json",
            json!({
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false}
                }
            }),
        )],
        &[
            json!({"id": "a", "pair": ["x", 1]}),
            json!({"id": "b", "pair": [1, "x"]}),
            json!({"id": "c", "pair": ["x", 1, 2]}),
        ],
    );
    assert_eq!(failing_lines(&f), [2, 3]);
}

/// Draft-03's own keywords mean what they mean in draft-03.
#[test]
fn draft3_keywords_hold() {
    let f = dataset(
        json!({
            "$schema": "http://json-schema.org/draft-03/schema#",
            "type": "object",
            "extends": {"$ref": "vendor/base.json#"},
            "properties": {
                "count": {"type": "integer", "divisibleBy": 5},
                "label": {"type": ["string", {"type": "object", "properties": {"text": {"type": "string", "required": true}}}]},
                "kind": {"disallow": ["null", "boolean"]},
                "unit": {"type": "string"}
            },
            "dependencies": {"unit": "count"}
        }),
        &[(
            "vendor/base.json",
            json!({
                "$schema": "http://json-schema.org/draft-03/schema#",
                "id": "https://example.org/base.json#",
                "properties": {"id": {"type": "string", "required": true}}
            }),
        )],
        &[
            json!({"id": "a", "count": 10, "label": "ten", "kind": "x", "unit": "m"}),
            json!({"count": 10}),
            json!({"id": "c", "count": 7}),
            json!({"id": "d", "label": {"text": "x"}}),
            json!({"id": "e", "label": {"other": 1}}),
            json!({"id": "f", "kind": null}),
            json!({"id": "g", "unit": "m"}),
        ],
    );
    assert_eq!(failing_lines(&f), [2, 3, 5, 6, 7]);
}

/// The error of a schema that cannot be used names the file it is in and
/// the place inside it, in the file as written (for a draft-03 file, the
/// draft-03 keyword, not its translation), and never dumps the value.
#[test]
fn an_unusable_schema_names_its_file_and_place() {
    let secret = "a-long-value-that-must-not-be-shown";
    let f = dataset(
        json!({"type": "object", "properties": {"a": {"$ref": "vendor/a.json"}}}),
        &[(
            "vendor/a.json",
            json!({
                "$schema": "http://json-schema.org/draft-07/schema#",
                "properties": {"n": {"type": "number", "minimum": secret}}
            }),
        )],
        &[json!({"a": {}})],
    );
    let said = refusal(&f);
    assert!(said.contains("schemas/vendor/a.json"), "{said}");
    assert!(said.contains("draft-07"), "{said}");
    assert!(said.contains("`/properties/n/minimum`"), "{said}");
    assert!(!said.contains(secret), "{said}");

    let f = dataset(
        json!({
            "$schema": "http://json-schema.org/draft-03/schema#",
            "type": "object",
            "extends": {"properties": {"n": {"divisibleBy": "two"}}}
        }),
        &[],
        &[json!({})],
    );
    let said = refusal(&f);
    assert!(said.contains("schemas/things.schema.json"), "{said}");
    assert!(said.contains("draft-03"), "{said}");
    assert!(
        said.contains("`/extends/properties/n/divisibleBy`"),
        "{said}"
    );
}

/// A `$schema` that names no draft docket reads says which it reads,
/// rather than sending the user after a file.
#[test]
fn an_unknown_draft_names_the_drafts_docket_reads() {
    let f = dataset(
        json!({"$schema": "http://json-schema.org/draft-02/schema#", "type": "object"}),
        &[],
        &[json!({})],
    );
    let said = refusal(&f);
    assert!(said.contains("schemas/things.schema.json"), "{said}");
    assert!(said.contains("draft-02"), "{said}");
    assert!(
        said.contains("draft-03, draft-04, draft-06, draft-07, 2019-09 and 2020-12"),
        "{said}"
    );
}

/// docket's own readers of a schema (columns, the Data Package's
/// constraints) read each file under its own draft: a draft-04 vendor
/// file's `minimum` with `exclusiveMinimum: true` is an exclusive bound, and
/// its array `items` a tuple, inside a draft-07 collection.
#[test]
fn columns_read_each_file_under_its_draft() {
    let f = dataset(
        json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "score": {"$ref": "vendor/score.json#/definitions/score"},
                "pair": {"$ref": "vendor/score.json#/definitions/pair"}
            }
        }),
        &[(
            "vendor/score.json",
            json!({
                "$schema": "http://json-schema.org/draft-04/schema#",
                "definitions": {
                    "score": {"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10},
                    "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}
                }
            }),
        )],
        &[
            json!({"id": "a", "score": 5, "pair": ["x", 1]}),
            json!({"id": "b", "score": 10}),
        ],
    );
    let output = f.run(&["export", "--out", "out"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let package: Value = serde_json::from_str(
        &std::fs::read_to_string(f.path().join("out/datapackage.json")).unwrap(),
    )
    .unwrap();
    let fields = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "things")
        .unwrap()["schema"]["fields"]
        .as_array()
        .unwrap()
        .clone();
    let score = fields.iter().find(|f| f["name"] == "score").unwrap();
    assert_eq!(
        score["constraints"],
        json!({"exclusiveMinimum": 0, "maximum": 10}),
        "{score:#}"
    );
    let pair = fields.iter().find(|f| f["name"] == "pair").unwrap();
    assert_eq!(pair["type"], "array", "a tuple is one JSON value: {pair:#}");
    if let Some(python) = common::python() {
        common::run_reader(
            std::process::Command::new(python)
                .arg(repo().join("tests/interop/check_export.py"))
                .arg(f.path().join("out"))
                .arg("{}"),
        );
    }
}
