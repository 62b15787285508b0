//! Property test: any record the model accepts survives
//! write → load → export → read back as JSON, CSV and Parquet unchanged.

use crate::common;

use std::fs::File;

use arrow_array::cast::AsArray;
use arrow_array::Array;
use docket::{Formats, Job, Metadata, Options, Stamp};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Text as curators and hostile contributors write it: quotes, commas,
/// line breaks, formulas, non-ASCII; never the CSV list delimiter, which
/// export refuses on purpose.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,;:\"'=+@\\-\\n\\t\u{e9}\u{2019}\u{65e5}\u{1f600}]{1,40}"
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}"
}

fn organization() -> impl Strategy<Value = Value> {
    (
        slug(),
        text(),
        proptest::collection::btree_set(text(), 0..4),
        prop_oneof![
            Just("state"),
            Just("court"),
            Just("un-body"),
            Just("coalition")
        ],
        proptest::collection::vec((text(), text()), 1..3),
    )
        .prop_map(|(id, name, aliases, classification, provenance)| {
            let mut record = json!({"id": id, "name": name, "classification": classification});
            if !aliases.is_empty() {
                record["aliases"] = json!(aliases.into_iter().collect::<Vec<_>>());
            }
            record["provenance"] = provenance
                .into_iter()
                .map(|(s, q)| json!({"source": format!("s-{}", s.len()), "quote": q}))
                .collect();
            record
        })
}

fn organizations() -> impl Strategy<Value = Vec<Value>> {
    proptest::collection::btree_map(slug(), organization(), 1..6).prop_map(|by_id| {
        by_id
            .into_iter()
            .map(|(id, mut record)| {
                record["id"] = json!(id);
                record
            })
            .collect()
    })
}

fn cell(value: Option<&Value>) -> String {
    match value {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
            .join("|"),
        Some(other) => other.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn organizations_survive_export(records in organizations()) {
        let f = common::Fixture::mini();
        std::fs::remove_dir_all(f.path().join("datasets")).unwrap();
        for record in &records {
            let id = record["id"].as_str().unwrap();
            f.write(&format!("datasets/organizations/{id}.json"), serde_json::to_vec_pretty(record).unwrap());
        }
        let options = Options { today: docket::today(), ..Options::default() };
        let checked = docket::check(f.path(), &options).unwrap();
        prop_assert!(checked.report.issues.is_empty(), "{:?}", checked.report.issues);
        let collections = docket::prepare(&checked).unwrap();
        let out = f.path().join("out");
        let metadata = Metadata::load(f.path()).unwrap();
        let job = Job { dir: &out, checked: &checked, collections: &collections, metadata: &metadata, stamp: &Stamp::default(), formats: &Formats::all(), csv_safe: false };
        docket::write_dir(&job).unwrap();

        // JSON: the records themselves.
        let json: Value = serde_json::from_slice(&std::fs::read(out.join("json/organizations.json")).unwrap()).unwrap();
        prop_assert_eq!(&json, &Value::Array(records.clone()));

        // CSV: every cell as the documented layout says.
        let mut reader = csv::Reader::from_path(out.join("csv/organizations.csv")).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
        prop_assert_eq!(rows.len(), records.len());
        for (row, record) in rows.iter().zip(&records) {
            for (name, value) in header.iter().zip(row) {
                let expected = cell(record.get(name.as_str()));
                prop_assert_eq!(value, &expected, "column {}", name);
            }
        }
        let mut links = csv::Reader::from_path(out.join("csv/organizations__provenance.csv")).unwrap();
        let quotes: Vec<String> = links.records().map(|r| r.unwrap()[3].to_owned()).collect();
        let expected: Vec<String> = records.iter().flat_map(|r| r["provenance"].as_array().unwrap().iter().map(|p| p["quote"].as_str().unwrap().to_owned())).collect();
        prop_assert_eq!(quotes, expected);

        // Parquet: names, and aliases as lists.
        let file = File::open(out.join("parquet/organizations.parquet")).unwrap();
        let batch = ParquetRecordBatchReaderBuilder::try_new(file).unwrap().build().unwrap().next().unwrap().unwrap();
        let names = batch.column_by_name("name").unwrap().as_string::<i32>();
        let aliases = batch.column_by_name("aliases").unwrap().as_list::<i32>();
        for (i, record) in records.iter().enumerate() {
            prop_assert_eq!(names.value(i), record["name"].as_str().unwrap());
            let expected: Vec<&str> = record.get("aliases").and_then(Value::as_array).map(|a| a.iter().map(|v| v.as_str().unwrap()).collect()).unwrap_or_default();
            if expected.is_empty() {
                prop_assert!(aliases.is_null(i));
            } else {
                let list = aliases.value(i);
                let got: Vec<&str> = list.as_string::<i32>().iter().map(|v| v.unwrap()).collect();
                prop_assert_eq!(got, expected);
            }
        }
    }
}
