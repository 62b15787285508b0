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

use serde_json::Value;

use super::table::{Field, Kind};
use super::{id_of, Collection};
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
    /// Path inside the release, such as `csv/documents.csv`.
    pub path: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    pub bytes: Vec<u8>,
    pub rows: usize,
    /// For a link table: the collection and field it unfolds.
    pub link_of: Option<(String, String)>,
}

/// Every CSV table of the export, main tables first in collection order,
/// each followed by its link tables.
pub fn tables(collections: &[Collection]) -> Result<Vec<CsvTable>> {
    let mut out = Vec::new();
    for collection in collections {
        out.push(main_table(collection)?);
        for field in &collection.table.fields {
            match &field.kind {
                Kind::List(_) if field.references.is_some() => {
                    out.push(reference_links(collection, field)?)
                }
                Kind::ListOfObjects(fields) => out.push(object_links(collection, field, fields)?),
                _ => {}
            }
        }
    }
    Ok(out)
}

fn main_table(collection: &Collection) -> Result<CsvTable> {
    let mut columns = Vec::new();
    for field in &collection.table.fields {
        flatten(field, &[], true, &mut columns);
    }
    for column in &mut columns {
        if column.name == "id" {
            column.unique = true;
        }
    }
    let rows: Vec<Vec<String>> = collection
        .records
        .iter()
        .map(|record| cells(&columns, record, collection, id_of(record)))
        .collect::<Result<_>>()?;
    let name = collection.table.collection.clone();
    finish(name.clone(), columns, vec!["id".into()], rows, None)
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

/// `(owner id, position, referenced id)` for each item of a reference list.
fn reference_links(collection: &Collection, field: &Field) -> Result<CsvTable> {
    let (owner, position) = owner_columns(collection);
    let value = Column {
        name: singular(&field.name),
        kind: ColumnType::String,
        required: true,
        unique: false,
        field: Some(field.clone()),
        references: field.references.clone(),
        path: Vec::new(),
    };
    let mut rows = Vec::new();
    for record in &collection.records {
        for (i, item) in items(record, &field.name).iter().enumerate() {
            rows.push(vec![
                id_of(record).to_owned(),
                (i + 1).to_string(),
                scalar_cell(item),
            ]);
        }
    }
    let primary_key = vec![owner.name.clone(), position.name.clone()];
    let name = format!("{}__{}", collection.table.collection, field.name);
    let link_of = Some((collection.table.collection.clone(), field.name.clone()));
    finish(
        name,
        vec![owner, position, value],
        primary_key,
        rows,
        link_of,
    )
}

/// `(owner id, position, the object's fields…)` for each item of a list of objects.
fn object_links(collection: &Collection, field: &Field, fields: &[Field]) -> Result<CsvTable> {
    let (owner, position) = owner_columns(collection);
    let mut columns = Vec::new();
    for sub in fields {
        flatten(sub, &[], true, &mut columns);
    }
    let mut rows = Vec::new();
    for record in &collection.records {
        for (i, item) in items(record, &field.name).iter().enumerate() {
            let mut row = vec![id_of(record).to_owned(), (i + 1).to_string()];
            row.extend(cells(&columns, item, collection, id_of(record))?);
            rows.push(row);
        }
    }
    let primary_key = vec![owner.name.clone(), position.name.clone()];
    let mut all = vec![owner, position];
    all.extend(columns);
    let name = format!("{}__{}", collection.table.collection, field.name);
    let link_of = Some((collection.table.collection.clone(), field.name.clone()));
    finish(name, all, primary_key, rows, link_of)
}

fn items<'v>(record: &'v Value, field: &str) -> &'v [Value] {
    record
        .get(field)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn cells(
    columns: &[Column],
    value: &Value,
    collection: &Collection,
    id: &str,
) -> Result<Vec<String>> {
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

fn list_cell(items: &[Value], collection: &Collection, id: &str, column: &str) -> Result<String> {
    let texts: Vec<String> = items.iter().map(scalar_cell).collect();
    if let Some(bad) = texts.iter().find(|t| t.contains(LIST_DELIMITER)) {
        return Err(Error::Export(format!(
            "record `{id}` of `{}`: an item of `{column}` contains the CSV list delimiter `{LIST_DELIMITER}` (`{bad}`), which would make the cell ambiguous",
            collection.table.collection
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

fn finish(
    name: String,
    columns: Vec<Column>,
    primary_key: Vec<String>,
    rows: Vec<Vec<String>>,
    link_of: Option<(String, String)>,
) -> Result<CsvTable> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let io = |e: ::csv::Error| Error::Export(format!("cannot write `{name}.csv`: {e}"));
    writer.write_record(&header).map_err(io)?;
    for row in &rows {
        writer.write_record(row).map_err(io)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::Export(format!("cannot write `{name}.csv`: {e}")))?;
    Ok(CsvTable {
        path: format!("csv/{name}.csv"),
        name,
        columns,
        primary_key,
        bytes,
        rows: rows.len(),
        link_of,
    })
}
