//! The flat tables an export writes: computed once per collection from its
//! [`Table`], and read by the CSV writer, the SQLite writer, the Data
//! Package and the data dictionary alike, so a column type or a link table
//! is defined in one place.
//!
//! Layout rules:
//! - one main table per collection, one row per record, keyed by the
//!   collection's key;
//! - a scalar is a column; a nested object's fields are columns named
//!   `<field>_<sub>`; a list of scalars is one list column;
//! - a list of references, and a list of objects (outside another list), is
//!   also a link table `<collection>__<path>` with the owner's key,
//!   `position` (from 1) and the item (or the item's fields), which carries
//!   the foreign keys;
//! - anything with no faithful column type (maps, tuples, mixed types,
//!   lists of lists, lists of objects inside lists) is a JSON text column;
//! - values the schema allows but does not declare go to one JSON column.

use serde_json::Value;

use super::table::{member, Field, Kind, Table};
use crate::schema::names::singular;

/// The type of a flat column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnType {
    String,
    Date,
    DateTime,
    Integer,
    Number,
    Boolean,
    /// A list of this scalar type.
    List(Box<ColumnType>),
    /// JSON text; the Table Schema type it validates as (`object`,
    /// `array` or `any`).
    Json(&'static str),
}

/// One column and what the Table Schema says about it.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: ColumnType,
    /// Never empty.
    pub required: bool,
    pub unique: bool,
    /// The field of the schema it comes from (descriptions, constraints, enums).
    pub field: Option<Field>,
    /// The collection whose key this column holds.
    pub references: Option<String>,
    /// Where the value sits inside a record (or inside a list item).
    pub path: Vec<String>,
    /// Whether it holds the record's undeclared values ([`Table::extras`]).
    pub extra: bool,
}

impl Column {
    /// The column's value in `row` (a record or a list item), or the
    /// schema's default where it has none.
    pub fn value<'v>(&'v self, row: &'v Value) -> Option<&'v Value> {
        let mut at = Some(row);
        for key in &self.path {
            at = at.and_then(|v| member(v, key));
        }
        at.filter(|v| !v.is_null())
            .or_else(|| self.field.as_ref().and_then(|f| f.default.as_ref()))
    }
}

/// What the rows of a table are.
#[derive(Debug, Clone, PartialEq)]
pub enum Rows {
    /// One row per record.
    Record,
    /// One row per item of the list at this path of a record; the item is
    /// an object (its fields are columns) or a scalar (one column). The
    /// first `owners` columns hold the owner's key, then `position`.
    Items {
        path: Vec<String>,
        objects: bool,
        owners: usize,
    },
}

/// What one cell of a row holds, before a writer formats it.
pub enum Cell<'v> {
    /// A column's value (absent or `null`: `None`).
    Value(&'v Column, Option<&'v Value>),
    /// A link table's `position`, from 1.
    Position(usize),
    /// The record's undeclared values ([`Table::extras`]).
    Extra(Option<Value>),
}

/// One flat table.
#[derive(Debug, Clone)]
pub struct FlatTable {
    /// `<collection>` or `<collection>__<path>`.
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    /// For a link table: the collection and the field path it unfolds.
    pub link_of: Option<(String, String)>,
    pub rows: Rows,
}

impl FlatTable {
    /// How many leading columns hold the owner's key (none in a main table).
    pub fn owners(&self) -> usize {
        match self.rows {
            Rows::Items { owners, .. } => owners,
            Rows::Record => 0,
        }
    }

    /// Calls `row` with the cells of every row `record` gives this table
    /// (one for the main table; one per list item for a link table).
    pub fn rows<'v, E>(
        &'v self,
        table: &Table,
        record: &'v Value,
        mut row: impl FnMut(Vec<Cell<'v>>) -> Result<(), E>,
    ) -> Result<(), E> {
        match &self.rows {
            Rows::Record => row(self
                .columns
                .iter()
                .map(|c| match c.extra {
                    true => Cell::Extra(table.extras(record)),
                    false => Cell::Value(c, c.value(record)),
                })
                .collect()),
            Rows::Items {
                path,
                objects,
                owners,
            } => {
                let owners = *owners;
                for (i, item) in items_at(record, path).iter().enumerate() {
                    let mut cells = Vec::with_capacity(self.columns.len());
                    for c in &self.columns[..owners] {
                        cells.push(Cell::Value(c, c.value(record)));
                    }
                    cells.push(Cell::Position(i + 1));
                    for c in &self.columns[owners + 1..] {
                        let value = if *objects { c.value(item) } else { Some(item) };
                        cells.push(Cell::Value(c, value.filter(|v| !v.is_null())));
                    }
                    row(cells)?;
                }
                Ok(())
            }
        }
    }
}

/// Every flat table of a collection: the main one first, then its link
/// tables in schema order.
pub(crate) fn flat_tables(table: &Table) -> Vec<FlatTable> {
    let name = &table.collection;
    let mut columns = Vec::new();
    let mut links = Vec::new();
    for field in &table.fields {
        flatten(field, &[], true, false, &mut columns, &mut links);
    }
    for column in &mut columns {
        if table.key.len() == 1 && column.path == table.key {
            column.unique = true;
        }
    }
    if let Some(extra) = &table.extra {
        columns.push(Column {
            name: extra.clone(),
            kind: ColumnType::Json("object"),
            required: false,
            unique: false,
            field: None,
            references: None,
            path: Vec::new(),
            extra: true,
        });
    }
    dedupe(&mut columns);
    let mut out = vec![FlatTable {
        name: name.clone(),
        columns,
        primary_key: table.key.clone(),
        link_of: None,
        rows: Rows::Record,
    }];
    for (path, field) in links {
        let owner = singular(name);
        let mut columns: Vec<Column> = table
            .key
            .iter()
            .map(|k| Column {
                name: format!("{owner}_{k}"),
                kind: table
                    .field(k)
                    .map(|f| scalar_type(&f.kind))
                    .unwrap_or(ColumnType::String),
                required: true,
                unique: false,
                field: None,
                references: Some(name.clone()),
                path: vec![k.clone()],
                extra: false,
            })
            .collect();
        columns.push(Column {
            name: "position".into(),
            kind: ColumnType::Integer,
            required: true,
            unique: false,
            field: None,
            references: None,
            path: Vec::new(),
            extra: false,
        });
        let owners = table.key.len();
        let objects = match &field.kind {
            Kind::ListOfObjects(fields) => {
                for sub in fields {
                    flatten(sub, &[], true, true, &mut columns, &mut Vec::new());
                }
                true
            }
            Kind::List(item) => {
                columns.push(Column {
                    name: singular(&field.name),
                    kind: scalar_type(item),
                    required: !field.item_null,
                    unique: false,
                    field: Some(field.clone()),
                    references: field.references.clone(),
                    path: Vec::new(),
                    extra: false,
                });
                false
            }
            _ => continue,
        };
        dedupe(&mut columns);
        let joined = path.join("_");
        out.push(FlatTable {
            name: format!("{name}__{joined}"),
            primary_key: columns[..=owners].iter().map(|c| c.name.clone()).collect(),
            columns,
            link_of: Some((name.clone(), path.join("."))),
            rows: Rows::Items {
                path,
                objects,
                owners,
            },
        });
    }
    out
}

/// Columns for a field (`in_list`: inside a list item, where a list of
/// objects cannot have a link table of its own); the link tables it needs
/// are added to `links`.
fn flatten(
    field: &Field,
    prefix: &[String],
    parent_required: bool,
    in_list: bool,
    columns: &mut Vec<Column>,
    links: &mut Vec<(Vec<String>, Field)>,
) {
    let mut path = prefix.to_vec();
    path.push(field.name.clone());
    let required = parent_required && !field.optional();
    let kind = match &field.kind {
        Kind::Object(fields) => {
            for sub in fields {
                flatten(sub, &path, required, in_list, columns, links);
            }
            return;
        }
        Kind::ListOfObjects(_) if !in_list => {
            links.push((path, field.clone()));
            return;
        }
        Kind::ListOfObjects(_) => ColumnType::Json("array"),
        // A list cell has no way to say an item is null: such a list is JSON.
        Kind::List(item) if item.is_scalar() && !field.item_null => {
            if field.references.is_some() && !in_list {
                links.push((path.clone(), field.clone()));
            }
            ColumnType::List(Box::new(scalar_type(item)))
        }
        Kind::List(_) => ColumnType::Json("array"),
        Kind::Json => ColumnType::Json(field.json_type),
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
        extra: false,
    });
}

fn scalar_type(kind: &Kind) -> ColumnType {
    match kind {
        Kind::Date => ColumnType::Date,
        Kind::DateTime => ColumnType::DateTime,
        Kind::Integer => ColumnType::Integer,
        Kind::Number => ColumnType::Number,
        Kind::Boolean => ColumnType::Boolean,
        Kind::String | Kind::Enum(_) => ColumnType::String,
        _ => ColumnType::Json("any"),
    }
}

/// Two paths can flatten to one name (`a_b` and `a.b`): later ones get a
/// number, so every column keeps a name of its own.
fn dedupe(columns: &mut [Column]) {
    for i in 1..columns.len() {
        let mut n = 2;
        let base = columns[i].name.clone();
        while columns[..i].iter().any(|c| c.name == columns[i].name) {
            columns[i].name = format!("{base}_{n}");
            n += 1;
        }
    }
}

/// The items of the list at `path` in `record`.
pub(crate) fn items_at<'v>(record: &'v Value, path: &[String]) -> &'v [Value] {
    let mut at = Some(record);
    for key in path {
        at = at.and_then(|v| member(v, key));
    }
    at.and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}
