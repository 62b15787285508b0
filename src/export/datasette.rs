//! `sqlite/metadata.json`: the metadata file `datasette` reads beside the
//! database (`datasette sqlite/dataset.sqlite -m sqlite/metadata.json`), so
//! a reader browsing the tables sees what each table and column holds, can
//! facet by every code column, and searches the full-text index.

use serde_json::{json, Map, Value};

use super::context::Context;
use super::datapackage::{column_description, table_description};
use super::layout::{Column, ColumnType};
use super::table::Kind;
use super::{sqlite, text};

/// Path of the datasette metadata inside an export.
pub(crate) const PATH: &str = "sqlite/metadata.json";

/// The datasette metadata of the database `collections` were written to.
pub(crate) fn build(cx: &Context) -> String {
    let Context {
        collections,
        metadata,
        stamp,
        ..
    } = *cx;
    let mut tables = Map::new();
    for collection in collections {
        for flat in &collection.flat {
            let columns: Map<String, Value> = flat
                .columns
                .iter()
                .filter_map(|c| Some((c.name.clone(), column_description(c)?.into())))
                .collect();
            let facets: Vec<Value> = flat.columns.iter().filter_map(facet).collect();
            let mut table = Map::new();
            table.insert(
                "description".into(),
                table_description(flat, collections).into(),
            );
            table.insert("columns".into(), columns.into());
            if !facets.is_empty() {
                table.insert("facets".into(), facets.into());
            }
            tables.insert(flat.name.clone(), table.into());
        }
    }
    let searched: Vec<String> = collections
        .iter()
        .flat_map(|c| {
            text::paths(&c.table)
                .into_iter()
                .map(move |p| format!("`{}.{p}`", c.table.collection))
        })
        .collect();
    tables.insert(
        "search".into(),
        json!({
            "description": format!(
                "Full-text index (FTS5): one row per free-text value of a record, naming its collection, id and field. Searched fields: {}.",
                if searched.is_empty() { "none".to_owned() } else { searched.join(", ") }
            ),
            "columns": {
                "collection": "The collection of the record the text is from.",
                "id": "The key of the record the text is from.",
                "field": "The field holding the text, dotted inside nested objects and lists of objects.",
                "text": "The text.",
            },
            "facets": ["collection", "field"],
        }),
    );
    let mut out = Map::new();
    out.insert(
        "title".into(),
        format!("{} {}", metadata.title, stamp.version_text()).into(),
    );
    let short = metadata
        .description
        .split("\n\n")
        .next()
        .unwrap_or_default();
    out.insert("description".into(), short.trim().into());
    if let Some(license) = metadata.licenses.first() {
        out.insert("license".into(), license.name.clone().into());
        if let Some(path) = &license.path {
            out.insert("license_url".into(), path.clone().into());
        }
    }
    if let Some(homepage) = &metadata.homepage {
        out.insert("source_url".into(), homepage.clone().into());
    }
    out.insert(
        "databases".into(),
        json!({ database_name(): { "tables": tables } }),
    );
    serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default() + "\n"
}

/// The name datasette gives the database: its file name without extension.
fn database_name() -> &'static str {
    let file = sqlite::PATH.rsplit('/').next().unwrap_or_default();
    file.split('.').next().unwrap_or_default()
}

/// A facet on a code column: plain for one code, an array facet for a
/// list of codes (stored as a JSON array).
fn facet(column: &Column) -> Option<Value> {
    let field = column.field.as_ref()?;
    match (&column.kind, &field.kind) {
        (ColumnType::List(_), Kind::List(item)) if matches!(**item, Kind::Enum(_)) => {
            Some(json!({ "array": column.name }))
        }
        (ColumnType::List(_) | ColumnType::Json(_), _) => None,
        (_, Kind::Enum(_)) => Some(column.name.clone().into()),
        (_, Kind::List(item)) if matches!(**item, Kind::Enum(_)) => {
            // A link table's item column holds one code per row.
            Some(column.name.clone().into())
        }
        _ => None,
    }
}
