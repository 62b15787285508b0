//! Comparison of two releases (or of a release and the data being
//! released): records and fields here, schemas keyword by keyword in
//! [`schema`], files in [`files`]. What the changelog lists and `docket
//! diff` prints.
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

pub(crate) mod files;
pub(crate) mod schema;

use crate::error::{Error, Result};
use crate::schema::key_value;
pub(crate) use files::{FileChange, FileChangeKind};
pub(crate) use schema::{Level, SchemaChange};

/// Checks that `dir` looks like a docket release before reading it.
pub(crate) fn require_release(dir: &Path) -> Result<()> {
    if dir.join("jsonl").is_dir() && dir.join("schemas").is_dir() {
        return Ok(());
    }
    Err(Error::NotARelease {
        dir: dir.to_owned(),
    })
}

/// Everything that differs between two releases.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Changes {
    /// The highest SchemaVer level among the schema and file changes (`null`
    /// when there are none): which semantic-version part must increase.
    pub level: Option<Level>,
    pub schema: Vec<SchemaChange>,
    pub files: Vec<FileChange>,
    pub collections: BTreeMap<String, CollectionChanges>,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct CollectionChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<RecordChange>,
}

#[derive(Debug, Serialize)]
pub(crate) struct RecordChange {
    pub id: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FieldChange {
    pub field: String,
    /// `null` when the field was added.
    pub old: Option<Value>,
    /// `null` when the field was removed.
    pub new: Option<Value>,
}

impl Changes {
    /// The changes between two releases with these schema and file changes.
    pub(crate) fn new(schema: Vec<SchemaChange>, files: Vec<FileChange>) -> Changes {
        let level = schema
            .iter()
            .map(|c| c.level)
            .chain(files.iter().map(|f| f.level))
            .max();
        Changes {
            level,
            schema,
            files,
            collections: BTreeMap::new(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.schema.is_empty()
            && self.files.is_empty()
            && self
                .collections
                .values()
                .all(|c| c.added.is_empty() && c.removed.is_empty() && c.changed.is_empty())
    }

    /// How many changes of each kind, for a summary.
    pub(crate) fn counts(&self) -> ChangeCounts {
        let mut counts = ChangeCounts {
            schema: self.schema.len(),
            ..ChangeCounts::default()
        };
        for file in &self.files {
            match file.change {
                FileChangeKind::Added => counts.files_added += 1,
                FileChangeKind::Removed => counts.files_removed += 1,
            }
        }
        for c in self.collections.values() {
            counts.records_added += c.added.len();
            counts.records_removed += c.removed.len();
            counts.records_changed += c.changed.len();
        }
        counts
    }
}

/// How many changes of each kind: `release --format json`'s summary.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(crate) struct ChangeCounts {
    pub schema: usize,
    pub files_added: usize,
    pub files_removed: usize,
    pub records_added: usize,
    pub records_removed: usize,
    pub records_changed: usize,
}

/// Compares one collection of an old release with a stream of new records
/// in key order (each side ordered by its own schema's key).
pub(crate) struct Merge {
    old: Option<Records>,
    old_key: Vec<String>,
    new_key: Vec<String>,
    pending: Option<(String, Value)>,
    last_new: Option<String>,
    changes: CollectionChanges,
}

impl Merge {
    /// The old side: `release/jsonl/<collection>.jsonl` (empty when the
    /// release has no such collection), whose records are identified by
    /// `old_key`; the new records by `new_key`.
    pub(crate) fn open(
        release: &Path,
        collection: &str,
        old_key: Vec<String>,
        new_key: Vec<String>,
    ) -> Result<Merge> {
        let mut merge = Merge {
            old: Records::open(&release.join("jsonl").join(format!("{collection}.jsonl")))?,
            old_key,
            new_key,
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
            let id = key_value(&value, &self.old_key).unwrap_or_default();
            if previous.as_ref().is_some_and(|p| *p >= id) {
                return Err(Error::ReleaseNotSorted {
                    path: records.path.clone(),
                });
            }
            self.pending = Some((id, value));
        }
        Ok(())
    }

    /// Takes the next new record.
    pub(crate) fn push(&mut self, record: &Value) -> Result<()> {
        let id = key_value(record, &self.new_key).unwrap_or_default();
        let id = id.as_str();
        if self.last_new.as_deref().is_some_and(|last| last >= id) {
            return Err(Error::NotInKeyOrder { id: id.to_owned() });
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
    pub(crate) fn finish(mut self) -> Result<CollectionChanges> {
        while let Some((old_id, _)) = &self.pending {
            self.changes.removed.push(old_id.clone());
            self.advance()?;
        }
        Ok(self.changes)
    }
}

/// `docket diff`: compares two release directories.
pub(crate) fn diff_releases(old: &Path, new: &Path) -> Result<Changes> {
    require_release(old)?;
    require_release(new)?;
    let (old_schemas, new_schemas) = (schema::read(old)?, schema::read(new)?);
    let mut changes = Changes::new(
        schema::compare(&old_schemas, &new_schemas),
        files::compare(&files::list(old)?, &files::list(new)?),
    );
    let names: std::collections::BTreeSet<&String> =
        old_schemas.keys().chain(new_schemas.keys()).collect();
    for name in names {
        let key =
            |schemas: &schema::Schemas| schemas.get(name).map(schema::key).unwrap_or_default();
        let mut merge = Merge::open(old, name, key(&old_schemas), key(&new_schemas))?;
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
            return Some(
                serde_json::from_str(&line).map_err(|e| Error::ReleaseNotJson {
                    path: self.path.clone(),
                    reason: e.to_string(),
                }),
            );
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
