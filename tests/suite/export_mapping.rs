//! Export of schemas docket did not write: every JSON Schema
//! construct maps to a column type (or to JSON text), schemas may span
//! several files, keys come from the schema, and every value of every
//! record survives, as pyarrow, polars, DuckDB, SQLite and frictionless
//! read it back.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{python, repo, stderr, stdout, Fixture};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Exports the dataset root `root` into a temporary folder.
fn export(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["export", "--out"])
        .arg(out.path().join("x"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    out
}

/// Runs the independent reader on an export; `types` are Arrow types
/// pyarrow must report, by `collection.column`.
fn read_back(python: &Path, export: &Path, types: &Value) {
    common::run_reader(
        Command::new(python)
            .arg("tests/interop/check_export.py")
            .arg(export)
            .arg(types.to_string()),
    );
}

/// A resource of a Data Package, by name.
fn resource<'p>(package: &'p Value, name: &str) -> &'p Value {
    package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap()
}

#[test]
fn every_construct_exports_and_reads_back() {
    let out = export(&repo().join("tests/fixtures/constructs"));
    let Some(python) = python() else { return };
    let json = "extension<arrow.json>";
    read_back(
        &python,
        &out.path().join("x"),
        &json!({
            "things.name": "string",
            "things.count": "int64",
            "things.ratio": "double",
            "things.when": "timestamp[us, tz=UTC]",
            "things.day": "date32[day]",
            "things.status": "dictionary<values=string, indices=int32, ordered=0>",
            "things.level": "int64",
            "things.flag": "bool",
            "things.free": json,
            "things.map": json,
            "things.pair": json,
            "things.either": json,
            "things.tags": "list<item: string not null>",
            "things.grid": "list<item: list<item: double> not null>",
            "things.address": "struct<street: string, city: string>",
            "things.withdrawn_on": "date32[day]",
            "things.origin": "string",
            "things._extra": json,
            "readings.taken": "timestamp[us, tz=UTC]",
            "readings.notes": "list<item: string not null>",
        }),
    );
}

#[test]
fn a_schema_in_several_files_is_bundled_and_republished() {
    let out = export(&repo().join("tests/fixtures/constructs"));
    let dir = out.path().join("x");
    assert!(dir.join("schemas/shared/defs.json").is_file());
    let package: Value =
        serde_json::from_slice(&std::fs::read(dir.join("datapackage.json")).unwrap()).unwrap();
    let things = resource(&package, "things");
    let status = things["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "status")
        .unwrap();
    assert_eq!(
        status["constraints"]["enum"],
        json!(["draft", "final", "withdrawn"])
    );
}

#[test]
fn composite_keys_make_primary_and_foreign_keys() {
    let out = export(&repo().join("tests/fixtures/constructs"));
    let package: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("x/datapackage.json")).unwrap())
            .unwrap();
    let readings = resource(&package, "readings");
    assert_eq!(
        readings["schema"]["primaryKey"],
        json!(["station", "taken"])
    );
    let parts = resource(&package, "things__parts");
    assert_eq!(
        parts["schema"]["foreignKeys"][0],
        json!({"fields": ["thing_id"], "reference": {"resource": "things", "fields": ["id"]}})
    );
}

/// A keyless schema validates, but export refuses it before writing
/// anything, naming the schema file and the keyword to add.
#[test]
fn a_keyless_schema_is_refused_before_anything_is_written() {
    let fixture = Fixture::from_dir(&repo().join("tests/fixtures/constructs"));
    let path = fixture.path().join("schemas/readings.schema.json");
    let mut schema: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    schema.as_object_mut().unwrap().remove("x-key");
    std::fs::write(&path, schema.to_string()).unwrap();
    assert!(fixture.run(&["validate"]).status.success());
    let output = fixture.run(&["export", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("schemas/readings.schema.json") && message.contains("x-key"),
        "{message}"
    );
    assert!(!fixture.path().join("out").exists());
}

/// A collection file that is only a `$ref` to a schema kept elsewhere plus
/// docket's keywords (the usual way to bring a published standard): its
/// `x-key` counts, in validation (duplicates) and in export (keys).
#[test]
fn x_key_beside_a_top_level_ref_counts() {
    let fixture = Fixture::from_dir(&repo().join("tests/fixtures/constructs"));
    let path = fixture.path().join("schemas/readings.schema.json");
    let mut schema: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let key = schema.as_object_mut().unwrap().remove("x-key").unwrap();
    fixture.write("schemas/vendor/readings.json", schema.to_string());
    fixture.write(
        "schemas/readings.schema.json",
        json!({"$ref": "vendor/readings.json", "x-key": key}).to_string(),
    );
    let output = fixture.run(&["validate"]);
    assert!(output.status.success(), "{}", stdout(&output));
    let out = export(fixture.path());
    let package: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("x/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(
        resource(&package, "readings")["schema"]["primaryKey"],
        json!(["station", "taken"])
    );
}

/// Real public datasets with their published schemas (see each folder's
/// `ORIGIN.md`), exported and read back. Records `validate` reports (some
/// fixtures hold invalid records on purpose) are left out first: export
/// refuses invalid data. A dataset with a keyless
/// collection is refused, naming it: export needs a key per record.
#[test]
fn public_datasets_export_faithfully() {
    let roots = common::public_fixtures();
    assert!(roots.len() >= 5, "expected five public datasets");
    let python = python();
    let mut exported = 0;
    for root in roots {
        let copy = tempfile::tempdir().unwrap();
        common::copy_dir(&root, copy.path());
        without_invalid_records(copy.path());
        let keyless = keyless_collection(&root);
        let out = tempfile::tempdir().unwrap();
        let output = assert_cmd::Command::cargo_bin("docket")
            .unwrap()
            .arg("--root")
            .arg(copy.path())
            .args(["export", "--out"])
            .arg(out.path().join("x"))
            .output()
            .unwrap();
        match keyless {
            Some(collection) => {
                assert_eq!(output.status.code(), Some(2), "{root:?}");
                let said = stderr(&output);
                assert!(
                    said.contains(&format!("{collection}.schema.json")) && said.contains("no key"),
                    "{said}"
                );
            }
            None => {
                assert!(output.status.success(), "{root:?}: {}", stderr(&output));
                exported += 1;
                if let Some(python) = &python {
                    read_back(python, &out.path().join("x"), &json!({}));
                }
            }
        }
    }
    assert!(exported >= 3, "only {exported} public datasets exported");
}

/// Removes the records `validate` reports: their JSONL lines, or their
/// files.
fn without_invalid_records(root: &Path) {
    let (_, report) = common::validate_at(root);
    let mut lines: std::collections::BTreeMap<String, Vec<u64>> = Default::default();
    for issue in report["issues"].as_array().unwrap() {
        let file = issue["file"].as_str().unwrap().to_owned();
        match issue["line"].as_u64() {
            Some(line) if file.ends_with(".jsonl") => lines.entry(file).or_default().push(line),
            _ => {
                let _ = std::fs::remove_file(root.join(file));
            }
        }
    }
    for (file, drop) in lines {
        let path = root.join(file);
        let kept: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .enumerate()
            .filter(|(i, _)| !drop.contains(&(*i as u64 + 1)))
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        std::fs::write(path, kept).unwrap();
    }
}

/// The public fixtures' collections whose records have no key, by fixture
/// folder: Popolo's memberships (an optional `id`, which most leave out),
/// CSAF's advisories (identified by a nested field).
const KEYLESS: &[(&str, &str)] = &[("popolo", "memberships"), ("csaf", "advisories")];

fn keyless_collection(root: &Path) -> Option<&'static str> {
    let name = root.file_name()?.to_str()?;
    KEYLESS.iter().find(|(f, _)| *f == name).map(|(_, c)| *c)
}

/// A schema built from the constructs of the type mapping, nested and
/// combined, and records that conform to it.
fn construct() -> impl Strategy<Value = (Value, Value)> {
    let leaf = prop_oneof![
        Just((json!({"type": "string"}), json!("x,\"y\"\n"))),
        Just((json!({"type": ["integer", "null"]}), json!(null))),
        Just((
            json!({"anyOf": [{"type": "number"}, {"type": "null"}]}),
            json!(2.5)
        )),
        Just((
            json!({"type": "string", "format": "date"}),
            json!("2020-02-29")
        )),
        Just((
            json!({"type": "string", "format": "date-time"}),
            json!("2020-02-29T23:30:00-05:00")
        )),
        Just((json!({"enum": ["a", "b"]}), json!("b"))),
        Just((json!({"type": "boolean"}), json!(false))),
        Just((json!({"type": "object"}), json!({"any": [1, {"t": true}]}))),
        Just((
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
            json!(7)
        )),
        Just((
            json!({"type": "array", "prefixItems": [{"type": "string"}]}),
            json!(["only"])
        )),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|(schema, value)| (
                json!({"type": "array", "items": schema}),
                json!([value.clone(), value])
            )),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|members| {
                let mut properties = serde_json::Map::new();
                let mut value = serde_json::Map::new();
                for (i, (schema, v)) in members.into_iter().enumerate() {
                    properties.insert(format!("p{i}"), schema);
                    value.insert(format!("p{i}"), v);
                }
                (
                    json!({"type": "object", "properties": properties}),
                    Value::Object(value),
                )
            }),
            inner.prop_map(|(schema, value)| (json!({"allOf": [schema]}), value)),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn generated_schemas_round_trip(fields in proptest::collection::vec(construct(), 1..4)) {
        let fixture = Fixture::from_dir(&repo().join("tests/fixtures/constructs"));
        std::fs::remove_dir_all(fixture.path().join("schemas")).unwrap();
        std::fs::remove_dir_all(fixture.path().join("datasets")).unwrap();
        let mut properties = serde_json::Map::new();
        properties.insert("id".into(), json!({"type": "string"}));
        let mut lines = String::new();
        for (i, (schema, _)) in fields.iter().enumerate() {
            properties.insert(format!("f{i}"), schema.clone());
        }
        for n in 0..3 {
            let mut record = serde_json::Map::new();
            record.insert("id".into(), json!(format!("r{n}")));
            for (i, (_, value)) in fields.iter().enumerate() {
                // The second record leaves every field out.
                if n != 1 {
                    record.insert(format!("f{i}"), value.clone());
                }
            }
            record.insert("undeclared".into(), json!({"n": n}));
            lines.push_str(&Value::Object(record).to_string());
            lines.push('\n');
        }
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["id"],
            "properties": properties,
        });
        fixture.write("schemas/generated.schema.json", schema.to_string());
        fixture.write("datasets/generated/all.jsonl", lines);
        let validated = fixture.run(&["validate"]);
        prop_assert!(validated.status.success(), "{}", common::stdout(&validated));
        let out = export(fixture.path());
        if let Some(python) = python() {
            read_back(&python, &out.path().join("x"), &json!({}));
        }
    }
}
