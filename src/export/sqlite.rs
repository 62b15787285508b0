//! SQLite: `sqlite/dataset.sqlite`, one table per collection and one per
//! link table, with primary and foreign keys, list and object fields as JSON
//! columns, and a full-text index (FTS5) over every free-text field — a
//! file `datasette` or any SQL client opens as it is.
//!
//! Tables mirror the CSV layout (same names, same columns and keys), so the
//! data dictionary describes both; where CSV joins a list with `|`, SQLite
//! holds it as a JSON array.

use std::path::Path;

use rusqlite::{params_from_iter, Connection};
use serde_json::Value;

use super::table::{Field, Kind};
use super::{id_of, Collection, WrittenFile};
use crate::check::singular;
use crate::{Error, Result};

/// Path of the database inside an export.
pub const PATH: &str = "sqlite/dataset.sqlite";

/// The database being written.
pub struct Writer {
    connection: Connection,
    path: std::path::PathBuf,
}

fn fail(e: impl std::fmt::Display) -> Error {
    Error::Export(format!("cannot write `{PATH}`: {e}"))
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Writer {
    pub fn create(dir: &Path, collections: &[Collection]) -> Result<Writer> {
        let path = dir.join(PATH);
        if std::env::var_os(super::FAIL_WRITING).is_some_and(|f| f == PATH) {
            return Err(fail("failure injected by DOCKET_FAIL_WRITING"));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_owned(),
                source,
            })?;
        }
        let connection = Connection::open(&path).map_err(fail)?;
        connection.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN;").map_err(fail)?;
        for collection in collections {
            for (name, columns, key) in tables(collection) {
                connection
                    .execute(&create_table(&name, &columns, &key), [])
                    .map_err(fail)?;
            }
        }
        connection
            .execute("CREATE VIRTUAL TABLE search USING fts5(collection UNINDEXED, id UNINDEXED, field UNINDEXED, text)", [])
            .map_err(fail)?;
        Ok(Writer { connection, path })
    }

    /// Inserts a chunk of one collection's records (in id order).
    pub fn push(&mut self, collection: &Collection, records: &[Value]) -> Result<()> {
        let name = &collection.table.collection;
        let fields = &collection.table.fields;
        let placeholders = vec!["?"; fields.len()].join(", ");
        let columns: Vec<String> = fields.iter().map(|f| quote(&f.name)).collect();
        let mut insert = self
            .connection
            .prepare_cached(&format!(
                "INSERT INTO {} ({}) VALUES ({placeholders})",
                quote(name),
                columns.join(", ")
            ))
            .map_err(fail)?;
        for record in records {
            let values: Vec<rusqlite::types::Value> = fields
                .iter()
                .map(|f| sql_value(record.get(&f.name).or(f.default.as_ref()), f))
                .collect();
            insert.execute(params_from_iter(values)).map_err(fail)?;
        }
        drop(insert);
        let owner = format!("{}_id", singular(name));
        for field in fields {
            let (link, value_columns) = match &field.kind {
                Kind::List(_) if field.references.is_some() => (
                    format!("{name}__{}", field.name),
                    vec![singular(&field.name)],
                ),
                Kind::ListOfObjects(subs) => (
                    format!("{name}__{}", field.name),
                    subs.iter().map(|s| s.name.clone()).collect(),
                ),
                _ => continue,
            };
            let mut all = vec![quote(&owner), quote("position")];
            all.extend(value_columns.iter().map(|c| quote(c)));
            let placeholders = vec!["?"; all.len()].join(", ");
            let mut insert = self
                .connection
                .prepare_cached(&format!(
                    "INSERT INTO {} ({}) VALUES ({placeholders})",
                    quote(&link),
                    all.join(", ")
                ))
                .map_err(fail)?;
            for record in records {
                let items = record
                    .get(&field.name)
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                for (i, item) in items.iter().enumerate() {
                    let mut values = vec![
                        rusqlite::types::Value::Text(id_of(record).to_owned()),
                        rusqlite::types::Value::Integer(i as i64 + 1),
                    ];
                    match &field.kind {
                        Kind::ListOfObjects(subs) => values.extend(
                            subs.iter()
                                .map(|s| sql_value(item.get(&s.name).or(s.default.as_ref()), s)),
                        ),
                        _ => values.push(sql_value(Some(item), field)),
                    }
                    insert.execute(params_from_iter(values)).map_err(fail)?;
                }
            }
        }
        let mut search = self
            .connection
            .prepare_cached("INSERT INTO search (collection, id, field, text) VALUES (?, ?, ?, ?)")
            .map_err(fail)?;
        for record in records {
            for field in fields.iter().filter(|f| is_free_text(f)) {
                if let Some(text) = record.get(&field.name).and_then(Value::as_str) {
                    search
                        .execute((name, id_of(record), &field.name, text))
                        .map_err(fail)?;
                }
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Result<WrittenFile> {
        self.connection
            .execute_batch("COMMIT; VACUUM;")
            .map_err(fail)?;
        self.connection.close().map_err(|(_, e)| fail(e))?;
        std::fs::File::open(&self.path)
            .and_then(|f| f.sync_all())
            .map_err(|source| Error::Write {
                path: self.path.clone(),
                source,
            })?;
        let bytes = std::fs::read(&self.path).map_err(|source| Error::Read {
            path: self.path.clone(),
            source,
        })?;
        use sha2::Digest;
        Ok(WrittenFile {
            path: PATH.to_owned(),
            bytes: bytes.len() as u64,
            sha256: hex::encode(sha2::Sha256::digest(&bytes)),
        })
    }
}

/// Text a person would search: string fields that are not ids, codes,
/// references, dates or file names.
fn is_free_text(field: &Field) -> bool {
    matches!(field.kind, Kind::String)
        && field.references.is_none()
        && field.name != "id"
        && field.constraints.pattern.is_none()
}

/// A column: name, SQL type, whether it is required, and the table it refers to.
type ColumnDef = (String, &'static str, bool, Option<String>);

/// A table: name, columns and primary key.
type TableDef = (String, Vec<ColumnDef>, Vec<String>);

/// The tables of a collection: its own, then its link tables, with columns
/// and primary key, as the CSV export lays them out.
fn tables(collection: &Collection) -> Vec<TableDef> {
    let name = &collection.table.collection;
    let mut out = Vec::new();
    let own: Vec<_> = collection
        .table
        .fields
        .iter()
        .map(|f| {
            let reference = match f.kind {
                Kind::List(_) | Kind::ListOfObjects(_) | Kind::Object(_) => None,
                _ => f.references.clone(),
            };
            (f.name.clone(), sql_type(&f.kind), f.required, reference)
        })
        .collect();
    out.push((name.clone(), own, vec!["id".to_owned()]));
    let owner = format!("{}_id", singular(name));
    for field in &collection.table.fields {
        let mut columns = vec![
            (owner.clone(), "TEXT", true, Some(name.clone())),
            ("position".to_owned(), "INTEGER", true, None),
        ];
        match &field.kind {
            Kind::List(item) if field.references.is_some() => columns.push((
                singular(&field.name),
                sql_type(item),
                true,
                field.references.clone(),
            )),
            Kind::ListOfObjects(subs) => columns.extend(subs.iter().map(|s| {
                let reference = match s.kind {
                    Kind::List(_) | Kind::ListOfObjects(_) | Kind::Object(_) => None,
                    _ => s.references.clone(),
                };
                (s.name.clone(), sql_type(&s.kind), s.required, reference)
            })),
            _ => continue,
        }
        out.push((
            format!("{name}__{}", field.name),
            columns,
            vec![owner.clone(), "position".to_owned()],
        ));
    }
    out
}

fn create_table(
    name: &str,
    columns: &[(String, &'static str, bool, Option<String>)],
    key: &[String],
) -> String {
    let mut parts: Vec<String> = columns
        .iter()
        .map(|(column, kind, required, _)| {
            format!(
                "{} {kind}{}",
                quote(column),
                if *required { " NOT NULL" } else { "" }
            )
        })
        .collect();
    parts.push(format!(
        "PRIMARY KEY ({})",
        key.iter().map(|k| quote(k)).collect::<Vec<_>>().join(", ")
    ));
    for (column, _, _, reference) in columns {
        if let Some(target) = reference {
            parts.push(format!(
                "FOREIGN KEY ({}) REFERENCES {} (\"id\")",
                quote(column),
                quote(target)
            ));
        }
    }
    format!(
        "CREATE TABLE {} (\n  {}\n)",
        quote(name),
        parts.join(",\n  ")
    )
}

fn sql_type(kind: &Kind) -> &'static str {
    match kind {
        Kind::Integer | Kind::Boolean => "INTEGER",
        Kind::Number => "REAL",
        _ => "TEXT",
    }
}

fn sql_value(value: Option<&Value>, field: &Field) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match (value, &field.kind) {
        (None | Some(Value::Null), _) => Sql::Null,
        (Some(Value::Bool(b)), _) => Sql::Integer(*b as i64),
        (Some(Value::Number(n)), _) => n
            .as_i64()
            .map_or_else(|| Sql::Real(n.as_f64().unwrap_or_default()), Sql::Integer),
        (Some(Value::String(s)), _) => Sql::Text(s.clone()),
        (Some(other), _) => Sql::Text(other.to_string()),
    }
}
