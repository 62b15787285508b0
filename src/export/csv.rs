//! CSV: one table per collection, one row per record, plus link tables
//! (`<collection>__<field>.csv`) for list-valued references and lists of
//! objects, which carry the foreign keys Frictionless cannot put on a list.
//!
//! Layout rules, all derived from the schema:
//! - a scalar field is a column; a nested object's fields are columns named
//!   `<field>_<sub>`;
//! - a list of scalars is one cell, items joined by [`LIST_DELIMITER`]
//!   (a Table Schema v2 `list` field); an item containing the delimiter is
//!   refused rather than written ambiguously;
//! - a list of references is also a link table `(owner id, position, id)`;
//! - a list of objects is only a link table `(owner id, position, fields…)`.
//!
//! Files are UTF-8 without BOM, RFC 4180 (CRLF line ends, quotes only where
//! needed), with a header row.

use std::path::Path;

use serde_json::Value;

use super::table::{Field, Kind};
use super::{id_of, Collection, Output, WrittenFile};
use crate::check::singular;
use crate::{Error, Result};

/// Separates the items of a list cell.
pub const LIST_DELIMITER: &str = "|";

/// The Table Schema type of a column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnType {
    String,
    Date,
    Integer,
    Number,
    Boolean,
    /// A Table Schema v2 `list` of this item type.
    List(Box<ColumnType>),
}

/// One CSV column and what the Table Schema says about it.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: ColumnType,
    pub required: bool,
    pub unique: bool,
    /// The field of the schema it comes from (descriptions, constraints, enums).
    pub field: Option<Field>,
    /// Resource (collection) whose `id` this column refers to.
    pub references: Option<String>,
    /// Where the value sits inside a record (or inside a list item).
    path: Vec<String>,
}

/// A written CSV file.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// Resource name: the collection, or `<collection>__<field>`.
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    pub rows: usize,
    /// For a link table: the collection and field it unfolds.
    pub link_of: Option<(String, String)>,
    pub file: WrittenFile,
}

/// What a table unfolds: the record itself, or one list field of it.
enum Source {
    Record,
    References(String),
    Objects(String),
}

/// One CSV file being written.
struct Open {
    name: String,
    columns: Vec<Column>,
    primary_key: Vec<String>,
    link_of: Option<(String, String)>,
    source: Source,
    rows: usize,
    writer: ::csv::Writer<Output>,
}

/// The CSV tables of one collection, written as records stream through.
pub struct Tables {
    collection: String,
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

impl Tables {
    /// Creates the collection's main table and its link tables under `dir`.
    pub fn create(dir: &Path, collection: &Collection, formula_safe: bool) -> Result<Tables> {
        let name = collection.table.collection.clone();
        let mut columns = Vec::new();
        for field in &collection.table.fields {
            flatten(field, &[], true, &mut columns);
        }
        for column in &mut columns {
            if column.name == "id" {
                column.unique = true;
            }
        }
        let mut plans = vec![(
            name.clone(),
            columns,
            vec!["id".to_owned()],
            None,
            Source::Record,
        )];
        for field in &collection.table.fields {
            let link_of = Some((name.clone(), field.name.clone()));
            let (owner, position) = owner_columns(collection);
            let primary_key = vec![owner.name.clone(), position.name.clone()];
            let mut link_columns = vec![owner, position];
            let source = match &field.kind {
                Kind::List(_) if field.references.is_some() => {
                    link_columns.push(Column {
                        name: singular(&field.name),
                        kind: ColumnType::String,
                        required: true,
                        unique: false,
                        field: Some(field.clone()),
                        references: field.references.clone(),
                        path: Vec::new(),
                    });
                    Source::References(field.name.clone())
                }
                Kind::ListOfObjects(fields) => {
                    for sub in fields {
                        flatten(sub, &[], true, &mut link_columns);
                    }
                    Source::Objects(field.name.clone())
                }
                _ => continue,
            };
            plans.push((
                format!("{name}__{}", field.name),
                link_columns,
                primary_key,
                link_of,
                source,
            ));
        }
        let mut open = Vec::new();
        for (table, columns, primary_key, link_of, source) in plans {
            let output = Output::create(dir, &format!("csv/{table}.csv"))?;
            let mut writer = ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::CRLF)
                .from_writer(output);
            let header: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            writer
                .write_record(&header)
                .map_err(|e| csv_error(&table, e))?;
            open.push(Open {
                name: table,
                columns,
                primary_key,
                link_of,
                source,
                rows: 0,
                writer,
            });
        }
        Ok(Tables {
            collection: name,
            open,
            formula_safe,
        })
    }

    /// Writes the rows of a chunk of records (in id order).
    pub fn push(&mut self, records: &[Value]) -> Result<()> {
        for table in &mut self.open {
            for record in records {
                let id = id_of(record);
                match &table.source {
                    Source::Record => {
                        let row = cells(&table.columns, record, &self.collection, id)?;
                        write_row(table, &row, self.formula_safe)?;
                    }
                    Source::References(field) => {
                        for (i, item) in items(record, field).iter().enumerate() {
                            write_row(
                                table,
                                &[id.to_owned(), (i + 1).to_string(), scalar_cell(item)],
                                self.formula_safe,
                            )?;
                        }
                    }
                    Source::Objects(field) => {
                        for (i, item) in items(record, field).iter().enumerate() {
                            let mut row = vec![id.to_owned(), (i + 1).to_string()];
                            row.extend(cells(&table.columns[2..], item, &self.collection, id)?);
                            write_row(table, &row, self.formula_safe)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Closes every table: the main one first, then its link tables.
    pub fn finish(self) -> Result<Vec<CsvTable>> {
        self.open
            .into_iter()
            .map(|table| {
                let name = table.name.clone();
                let output = table
                    .writer
                    .into_inner()
                    .map_err(|e| Error::Export(format!("cannot write `{name}.csv`: {e}")))?;
                Ok(CsvTable {
                    name: table.name,
                    columns: table.columns,
                    primary_key: table.primary_key,
                    rows: table.rows,
                    link_of: table.link_of,
                    file: output.finish()?,
                })
            })
            .collect()
    }
}

fn write_row(table: &mut Open, row: &[String], formula_safe: bool) -> Result<()> {
    let written = if formula_safe {
        table.writer.write_record(row.iter().cloned().map(defuse))
    } else {
        table.writer.write_record(row)
    };
    written.map_err(|e| csv_error(&table.name, e))?;
    table.rows += 1;
    Ok(())
}

fn csv_error(table: &str, e: ::csv::Error) -> Error {
    Error::Export(format!("cannot write `csv/{table}.csv`: {e}"))
}

/// Columns for a field: a scalar or list is one column, an object's fields
/// are columns of their own, a list of objects has none here.
fn flatten(field: &Field, prefix: &[String], parent_required: bool, columns: &mut Vec<Column>) {
    let mut path = prefix.to_vec();
    path.push(field.name.clone());
    let required = parent_required && field.required;
    let kind = match &field.kind {
        Kind::Object(fields) => {
            for sub in fields {
                flatten(sub, &path, required, columns);
            }
            return;
        }
        Kind::ListOfObjects(_) => return,
        Kind::List(item) => ColumnType::List(Box::new(scalar_type(item))),
        other => scalar_type(other),
    };
    let references = match &field.kind {
        Kind::List(_) => None,
        _ => field.references.clone(),
    };
    columns.push(Column {
        name: path.join("_"),
        kind,
        required,
        unique: false,
        field: Some(field.clone()),
        references,
        path,
    });
}

fn scalar_type(kind: &Kind) -> ColumnType {
    match kind {
        Kind::Date => ColumnType::Date,
        Kind::Integer => ColumnType::Integer,
        Kind::Number => ColumnType::Number,
        Kind::Boolean => ColumnType::Boolean,
        _ => ColumnType::String,
    }
}

fn owner_columns(collection: &Collection) -> (Column, Column) {
    let owner = Column {
        name: format!("{}_id", singular(&collection.table.collection)),
        kind: ColumnType::String,
        required: true,
        unique: false,
        field: None,
        references: Some(collection.table.collection.clone()),
        path: Vec::new(),
    };
    let position = Column {
        name: "position".into(),
        kind: ColumnType::Integer,
        required: true,
        unique: false,
        field: None,
        references: None,
        path: Vec::new(),
    };
    (owner, position)
}

fn items<'v>(record: &'v Value, field: &str) -> &'v [Value] {
    record
        .get(field)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn cells(columns: &[Column], value: &Value, collection: &str, id: &str) -> Result<Vec<String>> {
    columns
        .iter()
        .map(|column| {
            let mut at = Some(value);
            for key in &column.path {
                at = at.and_then(|v| v.get(key));
            }
            let at = at.or_else(|| column.field.as_ref().and_then(|f| f.default.as_ref()));
            match (at, &column.kind) {
                (None, _) => Ok(String::new()),
                (Some(Value::Array(items)), ColumnType::List(_)) => {
                    list_cell(items, collection, id, &column.name)
                }
                (Some(v), _) => Ok(scalar_cell(v)),
            }
        })
        .collect()
}

fn list_cell(items: &[Value], collection: &str, id: &str, column: &str) -> Result<String> {
    let texts: Vec<String> = items.iter().map(scalar_cell).collect();
    if let Some(bad) = texts.iter().find(|t| t.contains(LIST_DELIMITER)) {
        return Err(Error::Export(format!(
            "record `{id}` of `{collection}`: an item of `{column}` contains the CSV list delimiter `{LIST_DELIMITER}` (`{bad}`), which would make the cell ambiguous"
        )));
    }
    Ok(texts.join(LIST_DELIMITER))
}

fn scalar_cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}
