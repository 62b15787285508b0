//! `datapackage.json`: a Frictionless Data Package (v2) with one tabular
//! resource per CSV file, Table Schemas with types, constraints, primary
//! keys and foreign keys across resources, and each file's hash and size.

use serde_json::{json, Map, Value};

use super::csv::{Column, ColumnType, CsvTable, LIST_DELIMITER};
use super::table::Kind;
use super::{Collection, Metadata, Stamp};

/// The package descriptor's bytes.
pub fn build(
    collections: &[Collection],
    tables: &[CsvTable],
    metadata: &Metadata,
    stamp: &Stamp,
) -> Vec<u8> {
    let mut package = Map::new();
    package.insert(
        "$schema".into(),
        "https://datapackage.org/profiles/2.0/datapackage.json".into(),
    );
    package.insert("name".into(), metadata.name.clone().into());
    package.insert("title".into(), metadata.title.clone().into());
    if !metadata.description.is_empty() {
        package.insert("description".into(), metadata.description.clone().into());
    }
    if let Some(version) = &stamp.version {
        package.insert("version".into(), version.clone().into());
    }
    if let Some(created) = &stamp.created {
        package.insert("created".into(), created.clone().into());
    }
    if stamp.provenance != super::Provenance::NotDeclared {
        // A custom property (Data Package allows them): whether the verbatim
        // texts were checked, and against which source files.
        package.insert(
            "docket:provenance".into(),
            serde_json::to_value(&stamp.provenance).unwrap_or_default(),
        );
    }
    if let Some(homepage) = &metadata.homepage {
        package.insert("homepage".into(), homepage.clone().into());
    }
    if !metadata.keywords.is_empty() {
        package.insert("keywords".into(), json!(metadata.keywords));
    }
    if !metadata.licenses.is_empty() {
        package.insert(
            "licenses".into(),
            serde_json::to_value(&metadata.licenses).unwrap_or_default(),
        );
    }
    if !metadata.authors.is_empty() {
        let contributors: Vec<Value> = metadata
            .authors
            .iter()
            .map(|a| json!({"title": a.name, "roles": ["creator"]}))
            .collect();
        package.insert("contributors".into(), contributors.into());
    }
    if !metadata.sources.is_empty() {
        package.insert(
            "sources".into(),
            serde_json::to_value(&metadata.sources).unwrap_or_default(),
        );
    }
    let resources: Vec<Value> = tables.iter().map(|t| resource(t, collections)).collect();
    package.insert("resources".into(), resources.into());
    let mut bytes = serde_json::to_vec_pretty(&Value::Object(package)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn resource(table: &CsvTable, collections: &[Collection]) -> Value {
    let description = match &table.link_of {
        Some((collection, field)) => format!(
            "Link table: one row per item of `{field}` in `{collection}`, in list order (`position` from 1)."
        ),
        None => collections
            .iter()
            .find(|c| c.table.collection == table.name)
            .and_then(|c| c.table.description.clone())
            .unwrap_or_default(),
    };
    let foreign_keys: Vec<Value> = table
        .columns
        .iter()
        .filter_map(|c| {
            let target = c.references.as_ref()?;
            Some(json!({"fields": [c.name], "reference": {"resource": target, "fields": ["id"]}}))
        })
        .collect();
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        "https://datapackage.org/profiles/2.0/tableschema.json".into(),
    );
    schema.insert(
        "fields".into(),
        table.columns.iter().map(field).collect::<Vec<_>>().into(),
    );
    schema.insert("primaryKey".into(), json!(table.primary_key));
    if !foreign_keys.is_empty() {
        schema.insert("foreignKeys".into(), foreign_keys.into());
    }
    json!({
        "name": table.name,
        "type": "table",
        "path": table.file.path,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "dialect": {"header": true, "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\""},
        "schema": Value::Object(schema),
        "hash": format!("sha256:{}", table.file.sha256),
        "bytes": table.file.bytes,
    })
}

fn field(column: &Column) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), column.name.clone().into());
    match &column.kind {
        ColumnType::List(item) => {
            out.insert("type".into(), "list".into());
            out.insert("delimiter".into(), LIST_DELIMITER.into());
            out.insert("itemType".into(), type_name(item).into());
        }
        other => {
            out.insert("type".into(), type_name(other).into());
        }
    }
    let description = match (&column.field, column.name.as_str()) {
        (Some(f), _) => f.description.clone(),
        (None, "position") => Some("Position of the item in its list, from 1.".to_owned()),
        (None, _) => column
            .references
            .as_ref()
            .map(|r| format!("The id of the `{r}` record the item belongs to.")),
    };
    if let Some(description) = description {
        out.insert("description".into(), description.into());
    }
    let mut constraints = Map::new();
    if column.required {
        constraints.insert("required".into(), true.into());
    }
    if column.unique {
        constraints.insert("unique".into(), true.into());
    }
    if let (Some(f), false) = (&column.field, matches!(column.kind, ColumnType::List(_))) {
        if let Kind::Enum(values) = &f.kind {
            constraints.insert("enum".into(), json!(values));
        }
        let c = &f.constraints;
        if let Some(pattern) = &c.pattern {
            constraints.insert("pattern".into(), unanchored(pattern).into());
        }
        if let Some(n) = c.min_length {
            constraints.insert("minLength".into(), n.into());
        }
        if let Some(n) = c.max_length {
            constraints.insert("maxLength".into(), n.into());
        }
        if let Some(n) = c.minimum {
            constraints.insert("minimum".into(), number(n));
        }
        if let Some(n) = c.maximum {
            constraints.insert("maximum".into(), number(n));
        }
    }
    if !constraints.is_empty() {
        out.insert("constraints".into(), constraints.into());
    }
    Value::Object(out)
}

fn type_name(kind: &ColumnType) -> &'static str {
    match kind {
        ColumnType::String => "string",
        ColumnType::Date => "date",
        ColumnType::Integer => "integer",
        ColumnType::Number => "number",
        ColumnType::Boolean => "boolean",
        ColumnType::List(_) => "list",
    }
}

/// Table Schema patterns match the whole value (XML Schema style), so the
/// JSON Schema anchors are dropped.
fn unanchored(pattern: &str) -> String {
    match pattern.strip_prefix('^').and_then(|p| p.strip_suffix('$')) {
        Some(inner) => inner.to_owned(),
        None => pattern.to_owned(),
    }
}

fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}
