//! SQLite: `sqlite/dataset.sqlite`, one table per flat table of
//! [`super::layout`] (the same names, columns and keys as the CSV files),
//! with primary and foreign keys, list and JSON columns as JSON text, and a
//! full-text index (FTS5) over every free-text field — a file `datasette`
//! or any SQL client opens as it is.
//!
//! Where CSV joins a list with `|`, SQLite holds it as a JSON array; a
//! boolean is 0 or 1; a date is `YYYY-MM-DD` text and a date-time the same
//! instant in UTC as RFC 3339 text.

use std::path::Path;

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection};
use serde_json::Value;

use super::collection::{key_of, Collection};
use super::layout::{Cell, Column, ColumnType, FlatTable};
use super::output::{sha256_of, WrittenFile, FAIL_WRITING};
use super::{convert, datapackage, text};
use crate::error::{Error, Result};

/// Path of the database inside an export.
pub(crate) const PATH: &str = "sqlite/dataset.sqlite";

/// The database being written.
pub(crate) struct Writer {
    connection: Connection,
    path: std::path::PathBuf,
}

fn fail(e: impl std::fmt::Display) -> Error {
    Error::writing(std::path::Path::new(PATH))(e)
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Writer {
    pub(crate) fn create(dir: &Path, collections: &[Collection]) -> Result<Writer> {
        let path = dir.join(PATH);
        if std::env::var_os(FAIL_WRITING).is_some_and(|f| f == PATH) {
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
            for table in &collection.flat {
                connection
                    .execute(&create_table(table, collections), [])
                    .map_err(fail)?;
            }
        }
        connection
            .execute("CREATE VIRTUAL TABLE search USING fts5(collection UNINDEXED, id UNINDEXED, field UNINDEXED, text)", [])
            .map_err(fail)?;
        Ok(Writer { connection, path })
    }

    /// Inserts a chunk of one collection's records (in key order).
    pub(crate) fn push(&mut self, collection: &Collection, records: &[Value]) -> Result<()> {
        let table = &collection.table;
        for flat in &collection.flat {
            let names: Vec<String> = flat.columns.iter().map(|c| quote(&c.name)).collect();
            let placeholders = vec!["?"; names.len()].join(", ");
            let mut insert = self
                .connection
                .prepare_cached(&format!(
                    "INSERT INTO {} ({}) VALUES ({placeholders})",
                    quote(&flat.name),
                    names.join(", ")
                ))
                .map_err(fail)?;
            for record in records {
                flat.rows(table, record, |cells| {
                    let values = cells
                        .into_iter()
                        .map(|c| match c {
                            Cell::Value(column, value) => sql_value(column, value),
                            Cell::Position(n) => Ok(Sql::Integer(n as i64)),
                            Cell::Extra(extras) => {
                                Ok(extras.map_or(Sql::Null, |v| Sql::Text(v.to_string())))
                            }
                        })
                        .collect::<Result<Vec<_>, String>>()
                        .map_err(|e| row_error(collection, record, e))?;
                    insert.execute(params_from_iter(values)).map_err(fail)?;
                    Ok::<_, Error>(())
                })?;
            }
        }
        let mut search = self
            .connection
            .prepare_cached("INSERT INTO search (collection, id, field, text) VALUES (?, ?, ?, ?)")
            .map_err(fail)?;
        for record in records {
            let id = key_of(table, record);
            let mut result = Ok(());
            text::each(table, record, |field, text| {
                if result.is_ok() {
                    result = search
                        .execute((&table.collection, &id, field, text))
                        .map(drop);
                }
            });
            result.map_err(fail)?;
        }
        Ok(())
    }

    /// Commits the one transaction. No `VACUUM`: a file written once, with
    /// no row ever deleted, has almost nothing to reclaim (about 1%), and
    /// vacuuming would copy the whole file again.
    pub(crate) fn finish(self) -> Result<WrittenFile> {
        self.connection.execute_batch("COMMIT;").map_err(fail)?;
        self.connection.close().map_err(|(_, e)| fail(e))?;
        std::fs::File::open(&self.path)
            .and_then(|f| f.sync_all())
            .map_err(|source| Error::Write {
                path: self.path.clone(),
                source,
            })?;
        let bytes = std::fs::metadata(&self.path)
            .map_err(|source| Error::Read {
                path: self.path.clone(),
                source,
            })?
            .len();
        Ok(WrittenFile {
            path: PATH.to_owned(),
            bytes,
            sha256: sha256_of(&self.path)?,
        })
    }
}

fn row_error(collection: &Collection, record: &Value, reason: String) -> Error {
    Error::Unexportable {
        collection: collection.table.collection.clone(),
        record: key_of(&collection.table, record),
        column: None,
        reason,
    }
}

fn create_table(table: &FlatTable, collections: &[Collection]) -> String {
    let mut parts: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            format!(
                "{} {}{}",
                quote(&c.name),
                sql_type(&c.kind),
                if c.required { " NOT NULL" } else { "" }
            )
        })
        .collect();
    parts.push(format!(
        "PRIMARY KEY ({})",
        table
            .primary_key
            .iter()
            .map(|k| quote(k))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    for (columns, target, fields) in datapackage::foreign_keys(table, collections) {
        parts.push(format!(
            "FOREIGN KEY ({}) REFERENCES {} ({})",
            columns
                .iter()
                .map(|c| quote(c))
                .collect::<Vec<_>>()
                .join(", "),
            quote(&target),
            fields
                .iter()
                .map(|c| quote(c))
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    format!(
        "CREATE TABLE {} (\n  {}\n)",
        quote(&table.name),
        parts.join(",\n  ")
    )
}

fn sql_type(kind: &ColumnType) -> &'static str {
    match kind {
        ColumnType::Integer | ColumnType::Boolean => "INTEGER",
        ColumnType::Number => "REAL",
        _ => "TEXT",
    }
}

fn sql_value(column: &Column, value: Option<&Value>) -> Result<Sql, String> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(Sql::Null);
    };
    Ok(match (&column.kind, value) {
        (ColumnType::Json(_) | ColumnType::List(_), v) => Sql::Text(v.to_string()),
        (ColumnType::DateTime, Value::String(s)) => Sql::Text(convert::utc_text(s)?),
        (_, Value::Bool(b)) => Sql::Integer(*b as i64),
        (ColumnType::Integer, Value::Number(n)) => Sql::Integer(convert::integer(n)?),
        (_, Value::Number(n)) => n
            .as_i64()
            .map_or_else(|| Sql::Real(n.as_f64().unwrap_or_default()), Sql::Integer),
        (_, Value::String(s)) => Sql::Text(s.clone()),
        (_, other) => Sql::Text(other.to_string()),
    })
}
