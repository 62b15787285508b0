//! Writing a validated dataset in every published format: JSON, JSONL, CSV
//! with link tables, Parquet, a Frictionless Data Package, the JSON Schemas,
//! a dataset card and a citation file.
//!
//! Every writer works from the schema-derived [`table::Table`] and the raw
//! records, sorted by id, so output depends only on the inputs and docket's
//! version. Writers take an output directory that the caller owns; making a
//! release atomic is [`crate::release`]'s job.

pub mod card;
pub mod csv;
pub mod datapackage;
pub mod json;
pub mod metadata;
pub mod parquet;
pub mod table;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::check::schemas::{resolve, SchemaSet};
use crate::load::Record;
use crate::{Error, Result};
pub use metadata::Metadata;
use table::Table;

/// One collection ready to write: its columns and its records in id order.
pub struct Collection {
    pub table: Table,
    /// The schema file's exact bytes, republished as they are.
    pub schema_text: String,
    pub schema: Value,
    pub records: Vec<Value>,
}

/// What an export is stamped with.
#[derive(Debug, Clone, Default)]
pub struct Stamp {
    /// The release version; `None` for an unversioned export.
    pub version: Option<String>,
    /// `SOURCE_DATE_EPOCH`, when set: the only timestamp docket writes.
    pub created: Option<String>,
}

impl Stamp {
    /// The stamp for `version`, with the creation time taken from
    /// `SOURCE_DATE_EPOCH` when it is set (and none otherwise).
    pub fn from_env(version: Option<String>) -> Result<Stamp> {
        let created = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(text) => {
                let seconds: i64 = text.trim().parse().map_err(|_| {
                    Error::Usage(format!(
                        "SOURCE_DATE_EPOCH `{text}` is not a number of seconds"
                    ))
                })?;
                let time = chrono::DateTime::from_timestamp(seconds, 0).ok_or_else(|| {
                    Error::Usage(format!("SOURCE_DATE_EPOCH `{text}` is out of range"))
                })?;
                Some(time.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            }
            Err(_) => None,
        };
        Ok(Stamp { version, created })
    }

    pub fn version_text(&self) -> &str {
        self.version.as_deref().unwrap_or("unversioned")
    }
}

/// Groups valid records by collection, sorted by id, with keys in schema order.
pub fn prepare(schemas: &SchemaSet, records: Vec<Record>) -> Result<Vec<Collection>> {
    let mut collections = Vec::new();
    for schema in &schemas.collections {
        let schema_text = fs::read_to_string(&schema.file).map_err(|source| Error::Read {
            path: schema.file.clone().into(),
            source,
        })?;
        collections.push(Collection {
            table: Table::from_schema(&schema.name, &schema.schema),
            schema_text,
            schema: schema.schema.clone(),
            records: Vec::new(),
        });
    }
    for record in records {
        if let Some(collection) = collections
            .iter_mut()
            .find(|c| c.table.collection == record.collection)
        {
            let ordered = in_schema_order(&collection.schema, &collection.schema, record.value);
            collection.records.push(ordered);
        }
    }
    for collection in &mut collections {
        collection.records.sort_by(|a, b| id_of(a).cmp(id_of(b)));
    }
    Ok(collections)
}

pub fn id_of(record: &Value) -> &str {
    record.get("id").and_then(Value::as_str).unwrap_or_default()
}

/// Orders an object's keys as its schema lists them, recursively, so two
/// curators' files with the same content export to the same bytes.
fn in_schema_order(root: &Value, schema: &Value, value: Value) -> Value {
    let schema = resolve(root, schema).unwrap_or(schema);
    match value {
        Value::Object(mut map) => {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return Value::Object(map);
            };
            let mut ordered = Map::new();
            for (name, sub) in properties {
                if let Some(v) = map.remove(name) {
                    ordered.insert(name.clone(), in_schema_order(root, sub, v));
                }
            }
            ordered.append(&mut map);
            Value::Object(ordered)
        }
        Value::Array(items) => match schema.get("items") {
            Some(sub) => Value::Array(
                items
                    .into_iter()
                    .map(|v| in_schema_order(root, sub, v))
                    .collect(),
            ),
            None => Value::Array(items),
        },
        other => other,
    }
}

/// Writes every format into `dir` (which must exist) and returns the paths
/// written, relative to `dir`, in the order written.
pub fn write_all(
    dir: &Path,
    collections: &[Collection],
    metadata: &Metadata,
    stamp: &Stamp,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for collection in collections {
        let name = &collection.table.collection;
        written.push(write_file(
            dir,
            &format!("schemas/{name}.schema.json"),
            collection.schema_text.as_bytes(),
        )?);
        written.push(write_file(
            dir,
            &format!("json/{name}.json"),
            &json::array(&collection.records),
        )?);
        written.push(write_file(
            dir,
            &format!("jsonl/{name}.jsonl"),
            &json::lines(&collection.records),
        )?);
        written.push(write_file(
            dir,
            &format!("parquet/{name}.parquet"),
            &parquet::write(collection, stamp)?,
        )?);
    }
    let tables = csv::tables(collections)?;
    for table in &tables {
        written.push(write_file(dir, &table.path, &table.bytes)?);
    }
    let package = datapackage::build(collections, &tables, metadata, stamp);
    written.push(write_file(dir, "datapackage.json", &package)?);
    written.push(write_file(
        dir,
        "README.md",
        card::readme(collections, &tables, metadata, stamp).as_bytes(),
    )?);
    written.push(write_file(
        dir,
        "CITATION.cff",
        card::citation(metadata, stamp).as_bytes(),
    )?);
    Ok(written)
}

/// Environment variable naming one output file (such as `csv/documents.csv`)
/// whose writing fails on purpose: how the tests prove that a failure
/// half-way through an export or release leaves nothing behind.
pub const FAIL_WRITING: &str = "DOCKET_FAIL_WRITING";

/// Writes one file under `dir`, creating its folder.
pub fn write_file(dir: &Path, relative: &str, bytes: &[u8]) -> Result<PathBuf> {
    let path = dir.join(relative);
    let write_error = |source| Error::Write {
        path: path.clone(),
        source,
    };
    if std::env::var_os(FAIL_WRITING).is_some_and(|f| f == relative) {
        return Err(write_error(std::io::Error::other(
            "failure injected by DOCKET_FAIL_WRITING",
        )));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(write_error)?;
    }
    fs::write(&path, bytes).map_err(write_error)?;
    Ok(PathBuf::from(relative))
}

/// Exports into `out`, replacing a previous export there: everything is
/// written beside it first, so a failure leaves the old export untouched. A
/// non-empty directory that is not a docket export is never replaced.
pub fn write_dir(
    out: &Path,
    collections: &[Collection],
    metadata: &Metadata,
    stamp: &Stamp,
) -> Result<Vec<PathBuf>> {
    let shown = crate::load::display_path(out);
    if out.exists() {
        let empty = fs::read_dir(out)
            .map(|mut e| e.next().is_none())
            .unwrap_or(false);
        if !out.is_dir() || (!empty && !out.join("datapackage.json").is_file()) {
            return Err(Error::Refused(format!(
                "`{shown}` exists and is not a docket export; choose another --out"
            )));
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|source| Error::Write {
        path: parent.clone(),
        source,
    })?;
    let staging = tempfile::Builder::new()
        .prefix(".docket-export-")
        .tempdir_in(&parent)
        .map_err(|source| Error::Write {
            path: parent.clone(),
            source,
        })?;
    let written = write_all(staging.path(), collections, metadata, stamp)?;
    let staged = staging.keep();
    let old = parent.join(format!(".docket-export-old-{}", std::process::id()));
    if out.exists() {
        fs::rename(out, &old).map_err(|source| Error::Write {
            path: out.to_owned(),
            source,
        })?;
    }
    if let Err(source) = fs::rename(&staged, out) {
        let _ = fs::rename(&old, out);
        let _ = fs::remove_dir_all(&staged);
        return Err(Error::Write {
            path: out.to_owned(),
            source,
        });
    }
    let _ = fs::remove_dir_all(&old);
    Ok(written)
}
