//! CSV: one file per flat table of [`super::layout`]: the collection's main
//! table, one row per record, and its link tables
//! (`<collection>__<field>.csv`) for list-valued references and lists of
//! objects, which carry the foreign keys Frictionless cannot put on a list.
//!
//! Cells: a list of scalars is one cell, items joined by [`LIST_DELIMITER`]
//! (a Table Schema v2 `list` field); an item containing the delimiter is
//! refused rather than written ambiguously. A date-time is written as the
//! same instant in UTC (`2024-05-01T08:00:00Z`). A JSON column holds JSON
//! text (so a string there keeps its quotes and is told apart from a
//! number). Files are UTF-8 without BOM, RFC 4180 (CRLF line ends, quotes
//! only where needed), with a header row.

use std::path::Path;

use serde_json::Value;

use super::layout::{Cell, Column, ColumnType, FlatTable};
use super::{Collection, Output, WrittenFile};
use crate::{Error, Result};

/// Separates the items of a list cell.
pub const LIST_DELIMITER: &str = "|";

/// A written CSV file.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub table: FlatTable,
    pub rows: usize,
    pub file: WrittenFile,
}

/// One CSV file being written.
struct Open {
    table: FlatTable,
    rows: usize,
    writer: ::csv::Writer<Output>,
}

/// The CSV tables of one collection, written as records stream through.
pub struct Tables<'c> {
    collection: &'c Collection,
    open: Vec<Open>,
    formula_safe: bool,
}

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// With `--csv-safe`: a cell a spreadsheet would execute gets a leading `'`,
/// which spreadsheets hide and programs keep. Off by default, because it
/// changes the data for every program that reads the CSV.
fn defuse(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell
    }
}

impl<'c> Tables<'c> {
    /// Creates the collection's main table and its link tables under `dir`.
    pub fn create(
        dir: &Path,
        collection: &'c Collection,
        formula_safe: bool,
    ) -> Result<Tables<'c>> {
        let mut open = Vec::new();
        for table in &collection.flat {
            let output = Output::create(dir, &format!("csv/{}.csv", table.name))?;
            let mut writer = ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(output);
            let header: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
            writer
                .write_record(&header)
                .map_err(|e| csv_error(&table.name, e))?;
            open.push(Open {
                table: table.clone(),
                rows: 0,
                writer,
            });
        }
        Ok(Tables {
            collection,
            open,
            formula_safe,
        })
    }

    /// Writes the rows of a chunk of records (in key order).
    pub fn push(&mut self, records: &[Value]) -> Result<()> {
        let table = &self.collection.table;
        for open in &mut self.open {
            let mut rows = Vec::new();
            for record in records {
                let id = super::key_of(table, record);
                open.table.rows(table, record, |cells| {
                    let row = cells
                        .into_iter()
                        .map(|c| match c {
                            Cell::Value(column, value) => {
                                cell(column, value, &table.collection, &id)
                            }
                            Cell::Position(n) => Ok(n.to_string()),
                            Cell::Extra(extras) => {
                                Ok(extras.as_ref().map(Value::to_string).unwrap_or_default())
                            }
                        })
                        .collect::<Result<Vec<_>>>()?;
                    rows.push(row);
                    Ok::<_, Error>(())
                })?;
            }
            for row in rows {
                write_row(open, &row, self.formula_safe)?;
            }
        }
        Ok(())
    }

    /// Closes every table: the main one first, then its link tables.
    pub fn finish(self) -> Result<Vec<CsvTable>> {
        self.open
            .into_iter()
            .map(|open| {
                let name = open.table.name.clone();
                let output = open
                    .writer
                    .into_inner()
                    .map_err(|e| Error::Export(format!("cannot write `{name}.csv`: {e}")))?;
                Ok(CsvTable {
                    table: open.table,
                    rows: open.rows,
                    file: output.finish()?,
                })
            })
            .collect()
    }
}

fn write_row(open: &mut Open, row: &[String], formula_safe: bool) -> Result<()> {
    let written = if formula_safe {
        open.writer.write_record(row.iter().cloned().map(defuse))
    } else {
        open.writer.write_record(row)
    };
    written.map_err(|e| csv_error(&open.table.name, e))?;
    open.rows += 1;
    Ok(())
}

fn csv_error(table: &str, e: ::csv::Error) -> Error {
    Error::Export(format!("cannot write `csv/{table}.csv`: {e}"))
}

/// The text of one cell.
fn cell(column: &Column, value: Option<&Value>, collection: &str, id: &str) -> Result<String> {
    let Some(value) = value else {
        return Ok(String::new());
    };
    let fail = |reason: String| {
        Error::Export(format!(
            "record `{id}` of `{collection}`, column `{}`: {reason}",
            column.name
        ))
    };
    match (&column.kind, value) {
        (ColumnType::Json(_), v) => Ok(v.to_string()),
        (ColumnType::List(item), Value::Array(items)) => {
            let texts = items
                .iter()
                .map(|v| scalar_cell(item, v).map_err(&fail))
                .collect::<Result<Vec<_>>>()?;
            if let Some(bad) = texts.iter().find(|t| t.contains(LIST_DELIMITER)) {
                return Err(fail(format!(
                    "an item contains the CSV list delimiter `{LIST_DELIMITER}` (`{bad}`), which would make the cell ambiguous"
                )));
            }
            Ok(texts.join(LIST_DELIMITER))
        }
        (kind, v) => scalar_cell(kind, v).map_err(fail),
    }
}

fn scalar_cell(kind: &ColumnType, value: &Value) -> Result<String, String> {
    Ok(match (kind, value) {
        (ColumnType::DateTime, Value::String(s)) => super::convert::utc_text(s)?,
        (_, Value::String(s)) => s.clone(),
        (_, Value::Null) => String::new(),
        (_, Value::Bool(b)) => b.to_string(),
        (ColumnType::Integer, Value::Number(n)) => super::convert::integer(n)?.to_string(),
        (_, Value::Number(n)) => n.to_string(),
        (_, other) => other.to_string(),
    })
}
