//! The collections of a valid dataset, ready to write: each one's columns,
//! and where its records are in key order, read back a chunk at a time.

use rayon::prelude::*;
use serde_json::Value;

use super::layout;
use super::order::KeyOrder;
use super::table::Table;
use crate::check::Checked;
use crate::error::{Error, Result};
use crate::load::{Dataset, Limits, Origin};
use crate::schema::SchemaSet;

/// One collection ready to write: its columns and where its records are,
/// in id order. Records are read back a chunk at a time while writing.
pub struct Collection {
    pub table: Table,
    /// The flat tables of CSV, SQLite and the Data Package.
    pub flat: Vec<layout::FlatTable>,
    /// The schema as one self-contained document: the file's exact bytes,
    /// or the bundled schema when it refers to other files.
    pub schema_text: String,
    pub schema: Value,
    /// Where each record is, in key order.
    pub order: Vec<Origin>,
    pub key_order: KeyOrder,
}

/// Records read back and parsed at a time: enough to keep both cores busy,
/// few enough that memory stays flat however large the dataset.
const CHUNK: usize = 4096;

/// Orders each collection's valid records by key, keeping only where they
/// are. Refuses, before anything is written, a collection whose schema
/// gives its records no key.
pub fn prepare(checked: &Checked) -> Result<Vec<Collection>> {
    let mut collections = tables(&checked.schemas)?;
    for (index, collection) in collections.iter_mut().enumerate() {
        let mut ids: Vec<(std::sync::Arc<str>, Origin)> = checked
            .records
            .iter()
            .filter(|r| r.collection as usize == index)
            .map(|r| {
                (
                    r.id.map(|id| checked.interner.resolve(id))
                        .unwrap_or_else(|| "".into()),
                    r.origin,
                )
            })
            .collect();
        // Keys are unique once validation has passed, so an unstable sort
        // orders them the same, without a buffer of half their size.
        ids.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        collection.order = ids.into_iter().map(|(_, origin)| origin).collect();
    }
    Ok(collections)
}

/// Each collection's columns, before any record is known (`order` empty):
/// what the writers need to start. Refuses a collection whose schema gives
/// its records no key.
pub(crate) fn tables(schemas: &SchemaSet) -> Result<Vec<Collection>> {
    schemas
        .collections
        .iter()
        .map(|schema| {
            let table = Table::from_schema(schema).map_err(|reason| Error::BadSchema {
                path: schema.file.clone().into(),
                reason: format!("cannot be exported: {reason}"),
            })?;
            Ok(Collection {
                flat: layout::flat_tables(&table),
                table,
                schema_text: schema.text.clone(),
                schema: schema.schema.clone(),
                key_order: KeyOrder::new(&schema.schema),
                order: Vec::new(),
            })
        })
        .collect()
}

/// Reads a collection's records back in id order, a chunk at a time parsed
/// on all cores, with keys in schema order.
pub(super) fn for_each_chunk(
    dataset: &Dataset,
    limits: &Limits,
    collection: &Collection,
    mut visit: impl FnMut(Vec<Value>) -> Result<()>,
) -> Result<()> {
    for origins in collection.order.chunks(CHUNK) {
        let records = dataset
            .read_many(origins, limits)
            .into_par_iter()
            .zip(origins.par_iter())
            .map(|(bytes, &origin)| {
                let file = dataset.file(origin);
                let mut value = bytes
                    .and_then(|b| {
                        crate::load::parse(&b, file.format, limits)
                            .map_err(crate::load::Failure::Parse)
                    })
                    .map_err(|_| Error::ChangedWhileExporting {
                        path: file.display.clone(),
                    })?;
                collection.key_order.apply(&mut value);
                Ok(value)
            })
            .collect::<Result<Vec<_>>>()?;
        visit(records)?;
    }
    Ok(())
}

/// The record's key as text, spelled as validation spells it (a single
/// key's value, or the JSON array of a composite key's values), for
/// messages and for rows that must name their record.
pub(super) fn key_of(table: &Table, record: &Value) -> String {
    crate::schema::key_value(record, &table.key).unwrap_or_default()
}
