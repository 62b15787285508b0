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

use std::borrow::Cow;
use std::path::Path;

use serde_json::Value;

use super::collection::{key_of, Collection};
use super::convert;
use super::layout::{Cell, Column, ColumnType, FlatTable};
use super::output::{Output, WrittenFile};
use crate::error::{Error, Result};

/// Separates the items of a list cell.
pub(crate) const LIST_DELIMITER: &str = "|";

/// A written CSV file.
#[derive(Debug, Clone)]
pub(crate) struct CsvTable {
    pub table: FlatTable,
    pub file: WrittenFile,
}

/// One CSV file being written.
struct Open {
    table: FlatTable,
    writer: ::csv::Writer<Output>,
}

/// The CSV tables of one collection, written as records stream through.
pub(crate) struct Tables<'c> {
    collection: &'c Collection,
    open: Vec<Open>,
    formula_safe: bool,
}

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// With `--csv-safe`: a cell a spreadsheet would execute gets a leading `'`,
/// which spreadsheets hide and programs keep. Off by default, because it
/// changes the data for every program that reads the CSV.
fn defuse(cell: Cow<str>) -> Cow<str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

impl<'c> Tables<'c> {
    /// Creates the collection's main table and its link tables under `dir`.
    pub(crate) fn create(
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
    pub(crate) fn push(&mut self, records: &[Value]) -> Result<()> {
        let table = &self.collection.table;
        let formula_safe = self.formula_safe;
        let mut row: Vec<Cow<str>> = Vec::new();
        for open in &mut self.open {
            let Open {
                table: flat,
                writer,
            } = open;
            for record in records {
                let id = || key_of(table, record);
                flat.rows(table, record, |cells| {
                    row.clear();
                    for c in cells {
                        let text = match c {
                            Cell::Value(column, value) => {
                                cell(column, value, &table.collection, &id)?
                            }
                            Cell::Position(n) => Cow::Owned(n.to_string()),
                            Cell::Extra(extras) => Cow::Owned(
                                extras.as_ref().map(Value::to_string).unwrap_or_default(),
                            ),
                        };
                        row.push(match formula_safe {
                            true => defuse(text),
                            false => text,
                        });
                    }
                    writer
                        .write_record(row.iter().map(|c| c.as_bytes()))
                        .map_err(|e| csv_error(&flat.name, e))?;
                    Ok::<_, Error>(())
                })?;
            }
        }
        Ok(())
    }

    /// Closes every table: the main one first, then its link tables.
    pub(crate) fn finish(self) -> Result<Vec<CsvTable>> {
        self.open
            .into_iter()
            .map(|open| {
                let name = open.table.name.clone();
                let output = open
                    .writer
                    .into_inner()
                    .map_err(Error::writing(Path::new(&format!("csv/{name}.csv"))))?;
                Ok(CsvTable {
                    table: open.table,
                    file: output.finish()?,
                })
            })
            .collect()
    }
}

fn csv_error(table: &str, e: ::csv::Error) -> Error {
    Error::writing(Path::new(&format!("csv/{table}.csv")))(e)
}

/// The text of one cell; `id` names the record in an error.
fn cell<'v>(
    column: &Column,
    value: Option<&'v Value>,
    collection: &str,
    id: &dyn Fn() -> String,
) -> Result<Cow<'v, str>> {
    let Some(value) = value else {
        return Ok(Cow::Borrowed(""));
    };
    let fail = |reason: String| Error::Unexportable {
        collection: collection.to_owned(),
        record: id(),
        column: Some(column.name.clone()),
        reason,
    };
    match (&column.kind, value) {
        (ColumnType::Json(_), v) => Ok(Cow::Owned(v.to_string())),
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
            Ok(Cow::Owned(texts.join(LIST_DELIMITER)))
        }
        (kind, v) => scalar_cell(kind, v).map_err(fail),
    }
}

fn scalar_cell<'v>(kind: &ColumnType, value: &'v Value) -> Result<Cow<'v, str>, String> {
    Ok(match (kind, value) {
        (ColumnType::DateTime, Value::String(s)) => Cow::Owned(convert::utc_text(s)?),
        (_, Value::String(s)) => Cow::Borrowed(s),
        (_, Value::Null) => Cow::Borrowed(""),
        (_, Value::Bool(b)) => Cow::Borrowed(if *b { "true" } else { "false" }),
        (ColumnType::Integer, Value::Number(n)) => Cow::Owned(convert::integer(n)?.to_string()),
        (_, Value::Number(n)) => Cow::Owned(n.to_string()),
        (_, other) => Cow::Owned(other.to_string()),
    })
}
