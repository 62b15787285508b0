//! Record- and field-level comparison of two releases (or of a release and
//! the data being released), and of their schemas: what the changelog lists
//! and `docket diff` prints.
//!
//! Releases hold each collection as JSONL sorted by id, so records are
//! compared by merging two sorted streams: memory holds the changes, never
//! the releases.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::export::table::{Field, Kind, Table};
use crate::export::{id_of, Collection};
use crate::{Error, Result};

/// Every field path of every collection, with its type: what a reader of a
/// release relies on.
pub struct Fields(BTreeMap<String, BTreeMap<String, String>>);

impl Fields {
    /// The fields of a release directory's `schemas/*.schema.json`.
    pub fn read(dir: &Path) -> Result<Fields> {
        require_release(dir)?;
        let mut out = BTreeMap::new();
        for path in crate::load::sorted_entries(&dir.join("schemas"))? {
            let Some(name) = file_name(&path)
                .strip_suffix(".schema.json")
                .map(str::to_owned)
            else {
                continue;
            };
            let schema = read_json(&path)?;
            out.insert(
                name.clone(),
                field_types(&Table::from_value(&name, &schema)),
            );
        }
        Ok(Fields(out))
    }

    /// The fields of the data being released.
    pub fn of(collections: &[Collection]) -> Fields {
        Fields(
            collections
                .iter()
                .map(|c| (c.table.collection.clone(), field_types(&c.table)))
                .collect(),
        )
    }

    pub fn collections(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }
}

fn require_release(dir: &Path) -> Result<()> {
    if dir.join("jsonl").is_dir() && dir.join("schemas").is_dir() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "`{}` is not a docket release: it has no `jsonl/` and `schemas/` folders",
        crate::load::display_path(dir)
    )))
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

/// Everything that differs between two releases.
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

/// Fields and collections added, removed or retyped.
pub fn schema_changes(old: &Fields, new: &Fields) -> Vec<SchemaChange> {
    let mut changes = Vec::new();
    let names: std::collections::BTreeSet<&String> = old.0.keys().chain(new.0.keys()).collect();
    for name in names {
        let change = |field: &str, change: String, breaking: bool| SchemaChange {
            collection: name.clone(),
            field: field.to_owned(),
            change,
            breaking,
        };
        match (old.0.get(name), new.0.get(name)) {
            (Some(_), None) => changes.push(change("", "collection removed".into(), true)),
            (None, Some(_)) => changes.push(change("", "collection added".into(), false)),
            (Some(before), Some(after)) => {
                for (field, kind) in before {
                    match after.get(field) {
                        None => {
                            changes.push(change(field, format!("field removed (was {kind})"), true))
                        }
                        Some(new_kind) if new_kind != kind => changes.push(change(
                            field,
                            format!("type changed from {kind} to {new_kind}"),
                            true,
                        )),
                        _ => {}
                    }
                }
                for (field, kind) in after {
                    if !before.contains_key(field) {
                        changes.push(change(field, format!("field added ({kind})"), false));
                    }
                }
            }
            (None, None) => {}
        }
    }
    changes
}

/// Compares one collection of an old release with a stream of new records
/// in id order.
pub struct Merge {
    old: Option<Records>,
    pending: Option<(String, Value)>,
    last_new: Option<String>,
    changes: CollectionChanges,
}

impl Merge {
    /// The old side: `release/jsonl/<collection>.jsonl` (empty when the
    /// release has no such collection).
    pub fn open(release: &Path, collection: &str) -> Result<Merge> {
        let mut merge = Merge {
            old: Records::open(&release.join("jsonl").join(format!("{collection}.jsonl")))?,
            pending: None,
            last_new: None,
            changes: CollectionChanges::default(),
        };
        merge.advance()?;
        Ok(merge)
    }

    /// The next old record, checking the old side is sorted.
    fn advance(&mut self) -> Result<()> {
        let previous = self.pending.take().map(|(id, _)| id);
        let Some(records) = &mut self.old else {
            return Ok(());
        };
        if let Some(value) = records.next().transpose()? {
            let id = id_of(&value).to_owned();
            if previous.as_ref().is_some_and(|p| *p >= id) {
                return Err(Error::Usage(format!(
                    "`{}` is not sorted by id; it is not a docket release",
                    crate::load::display_path(&records.path)
                )));
            }
            self.pending = Some((id, value));
        }
        Ok(())
    }

    /// Takes the next new record.
    pub fn push(&mut self, record: &Value) -> Result<()> {
        let id = id_of(record);
        if self.last_new.as_deref().is_some_and(|last| last >= id) {
            return Err(Error::Usage(format!(
                "records are not in id order at `{id}`"
            )));
        }
        self.last_new = Some(id.to_owned());
        while let Some((old_id, _)) = &self.pending {
            if old_id.as_str() >= id {
                break;
            }
            self.changes.removed.push(old_id.clone());
            self.advance()?;
        }
        match &self.pending {
            Some((old_id, old)) if old_id == id => {
                if old != record {
                    self.changes.changed.push(RecordChange {
                        id: id.to_owned(),
                        fields: field_changes(old, record),
                    });
                }
                self.advance()?;
            }
            _ => self.changes.added.push(id.to_owned()),
        }
        Ok(())
    }

    /// The old records never matched are the removed ones.
    pub fn finish(mut self) -> Result<CollectionChanges> {
        while let Some((old_id, _)) = &self.pending {
            self.changes.removed.push(old_id.clone());
            self.advance()?;
        }
        Ok(self.changes)
    }
}

/// `docket diff`: compares two release directories.
pub fn diff_releases(old: &Path, new: &Path) -> Result<Changes> {
    let (old_fields, new_fields) = (Fields::read(old)?, Fields::read(new)?);
    let mut changes = Changes {
        schema: schema_changes(&old_fields, &new_fields),
        collections: BTreeMap::new(),
    };
    let names: std::collections::BTreeSet<&String> = old_fields
        .collections()
        .chain(new_fields.collections())
        .collect();
    for name in names {
        let mut merge = Merge::open(old, name)?;
        if let Some(records) = Records::open(&new.join("jsonl").join(format!("{name}.jsonl")))? {
            for record in records {
                merge.push(&record?)?;
            }
        }
        changes.collections.insert(name.clone(), merge.finish()?);
    }
    Ok(changes)
}

/// The records of a release's JSONL file, one per non-blank line.
struct Records {
    path: PathBuf,
    lines: std::io::Lines<BufReader<fs::File>>,
}

impl Records {
    /// `None` when the release has no such file.
    fn open(path: &Path) -> Result<Option<Records>> {
        match fs::File::open(path) {
            Ok(file) => Ok(Some(Records {
                path: path.to_owned(),
                lines: BufReader::new(file).lines(),
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }
}

impl Iterator for Records {
    type Item = Result<Value>;

    fn next(&mut self) -> Option<Result<Value>> {
        for line in self.lines.by_ref() {
            let line = match line {
                Ok(line) => line,
                Err(source) => {
                    return Some(Err(Error::Read {
                        path: self.path.clone(),
                        source,
                    }))
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            return Some(serde_json::from_str(&line).map_err(|e| {
                Error::Usage(format!(
                    "`{}` holds a line that is not JSON: {e}",
                    crate::load::display_path(&self.path)
                ))
            }));
        }
        None
    }
}

fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let keys: std::collections::BTreeSet<&String> = old
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
