//! Record- and field-level comparison of two releases (or of a release and
//! the data about to be released), and of their schemas: what the changelog
//! lists and `docket diff` prints.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::export::table::{Field, Kind, Table};
use crate::export::{id_of, Collection};
use crate::{Error, Result};

/// The content of a release: records by collection and id, and the columns
/// each schema defines.
pub struct Snapshot {
    pub records: BTreeMap<String, BTreeMap<String, Value>>,
    pub fields: BTreeMap<String, BTreeMap<String, String>>,
}

impl Snapshot {
    /// Reads a release directory (`json/*.json` and `schemas/*.schema.json`).
    pub fn read(dir: &Path) -> Result<Snapshot> {
        if !dir.join("json").is_dir() || !dir.join("schemas").is_dir() {
            return Err(Error::Usage(format!(
                "`{}` is not a docket release: it has no `json/` and `schemas/` folders",
                crate::load::display_path(dir)
            )));
        }
        let mut records = BTreeMap::new();
        let mut fields = BTreeMap::new();
        for path in crate::load::sorted_entries(&dir.join("schemas"))? {
            let Some(name) = file_name(&path)
                .strip_suffix(".schema.json")
                .map(str::to_owned)
            else {
                continue;
            };
            let schema: Value = read_json(&path)?;
            fields.insert(
                name.clone(),
                field_types(&Table::from_schema(&name, &schema)),
            );
            let data_path = dir.join("json").join(format!("{name}.json"));
            let data: Value = if data_path.exists() {
                read_json(&data_path)?
            } else {
                Value::Array(Vec::new())
            };
            let by_id = data
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| (id_of(r).to_owned(), r.clone()))
                .collect();
            records.insert(name, by_id);
        }
        Ok(Snapshot { records, fields })
    }

    /// The snapshot of data about to be released.
    pub fn of(collections: &[Collection]) -> Snapshot {
        Snapshot {
            records: collections
                .iter()
                .map(|c| {
                    let by_id = c
                        .records
                        .iter()
                        .map(|r| (id_of(r).to_owned(), r.clone()))
                        .collect();
                    (c.table.collection.clone(), by_id)
                })
                .collect(),
            fields: collections
                .iter()
                .map(|c| (c.table.collection.clone(), field_types(&c.table)))
                .collect(),
        }
    }

    pub fn record_count(&self) -> usize {
        self.records.values().map(BTreeMap::len).sum()
    }
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "`{}` is not valid JSON: {e}",
            crate::load::display_path(path)
        ))
    })
}

/// Every field path of a table (`provenance.source`, `citations[].articles`)
/// with a type a reader would notice changing.
fn field_types(table: &Table) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for field in &table.fields {
        collect(field, "", &mut out);
    }
    out
}

fn collect(field: &Field, prefix: &str, out: &mut BTreeMap<String, String>) {
    let path = format!("{prefix}{}", field.name);
    match &field.kind {
        Kind::Object(fields) => fields
            .iter()
            .for_each(|sub| collect(sub, &format!("{path}."), out)),
        Kind::ListOfObjects(fields) => fields
            .iter()
            .for_each(|sub| collect(sub, &format!("{path}[]."), out)),
        _ => {}
    }
    out.insert(path, field.kind.describe());
}

/// Everything that differs between two snapshots.
#[derive(Debug, Default, Serialize)]
pub struct Changes {
    pub schema: Vec<SchemaChange>,
    pub collections: BTreeMap<String, CollectionChanges>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct SchemaChange {
    pub collection: String,
    /// The field path; empty when the whole collection was added or removed.
    pub field: String,
    pub change: String,
    /// Whether readers of the old release can break: a field or collection
    /// removed, or a field's type changed.
    pub breaking: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct CollectionChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<RecordChange>,
}

#[derive(Debug, Serialize)]
pub struct RecordChange {
    pub id: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
pub struct FieldChange {
    pub field: String,
    /// `null` when the field was added.
    pub old: Option<Value>,
    /// `null` when the field was removed.
    pub new: Option<Value>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.schema.is_empty()
            && self
                .collections
                .values()
                .all(|c| c.added.is_empty() && c.removed.is_empty() && c.changed.is_empty())
    }

    pub fn breaking(&self) -> impl Iterator<Item = &SchemaChange> {
        self.schema.iter().filter(|c| c.breaking)
    }
}

/// Compares `old` with `new`.
pub fn compare(old: &Snapshot, new: &Snapshot) -> Changes {
    let mut changes = Changes::default();
    let names: BTreeSet<&String> = old.fields.keys().chain(new.fields.keys()).collect();
    for name in names {
        let schema_change = |field: &str, change: String, breaking: bool| SchemaChange {
            collection: name.clone(),
            field: field.to_owned(),
            change,
            breaking,
        };
        match (old.fields.get(name), new.fields.get(name)) {
            (Some(_), None) => {
                changes
                    .schema
                    .push(schema_change("", "collection removed".into(), true))
            }
            (None, Some(_)) => {
                changes
                    .schema
                    .push(schema_change("", "collection added".into(), false))
            }
            (Some(before), Some(after)) => {
                for (field, kind) in before {
                    match after.get(field) {
                        None => changes.schema.push(schema_change(
                            field,
                            format!("field removed (was {kind})"),
                            true,
                        )),
                        Some(new_kind) if new_kind != kind => changes.schema.push(schema_change(
                            field,
                            format!("type changed from {kind} to {new_kind}"),
                            true,
                        )),
                        _ => {}
                    }
                }
                for (field, kind) in after {
                    if !before.contains_key(field) {
                        changes.schema.push(schema_change(
                            field,
                            format!("field added ({kind})"),
                            false,
                        ));
                    }
                }
            }
            (None, None) => {}
        }
        let empty = BTreeMap::new();
        let before = old.records.get(name).unwrap_or(&empty);
        let after = new.records.get(name).unwrap_or(&empty);
        let mut collection = CollectionChanges::default();
        for (id, record) in after {
            match before.get(id) {
                None => collection.added.push(id.clone()),
                Some(previous) if previous != record => collection.changed.push(RecordChange {
                    id: id.clone(),
                    fields: field_changes(previous, record),
                }),
                _ => {}
            }
        }
        collection.removed = before
            .keys()
            .filter(|id| !after.contains_key(*id))
            .cloned()
            .collect();
        changes.collections.insert(name.clone(), collection);
    }
    changes
}

fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let keys: BTreeSet<&String> = old
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .chain(new.as_object().into_iter().flat_map(|m| m.keys()))
        .collect();
    keys.into_iter()
        .filter_map(|key| {
            let (a, b) = (old.get(key), new.get(key));
            (a != b).then(|| FieldChange {
                field: key.clone(),
                old: a.cloned(),
                new: b.cloned(),
            })
        })
        .collect()
}
