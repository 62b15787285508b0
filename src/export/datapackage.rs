//! `datapackage.json`: a Frictionless Data Package (v2) with one tabular
//! resource per CSV file, Table Schemas with types, constraints, primary
//! keys and foreign keys across resources, and each file's hash and size.

use serde_json::{json, Map, Value};

use super::collection::Collection;
use super::context::Context;
use super::csv::{CsvTable, LIST_DELIMITER};
use super::layout::{Column, ColumnType, FlatTable};
use super::output::WrittenFile;
use super::parquet;
use super::stamp::Provenance;
use super::table::Kind;

/// The package descriptor's bytes.
pub(crate) fn build(cx: &Context) -> Vec<u8> {
    let Context {
        collections,
        tables,
        written,
        metadata,
        stamp,
        ..
    } = *cx;
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
    // The docket that wrote the release: the same data and the same docket
    // version give the same bytes, so this is what rebuilding it needs.
    package.insert("docket:version".into(), env!("CARGO_PKG_VERSION").into());
    if stamp.provenance != Provenance::NotDeclared {
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
    // The CSV tables are the package's tabular resources; without them, the
    // data files that were written are listed as plain files.
    let resources: Vec<Value> = if tables.is_empty() {
        written
            .iter()
            .filter(|f| !f.path.starts_with("schemas/"))
            .map(file_resource)
            .collect()
    } else {
        tables.iter().map(|t| resource(t, collections)).collect()
    };
    package.insert("resources".into(), resources.into());
    let mut bytes = serde_json::to_vec_pretty(&Value::Object(package)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The foreign keys of a flat table, as `(columns, collection, its key
/// columns)`: the owner's key on a link table, and every column holding a
/// reference to another collection.
pub(crate) fn foreign_keys(
    table: &FlatTable,
    collections: &[Collection],
) -> Vec<(Vec<String>, String, Vec<String>)> {
    let mut keys = Vec::new();
    if let Some((owner, _)) = &table.link_of {
        let owners = table.owners();
        let target_key = table.columns[..owners]
            .iter()
            .map(|c| c.path.join("_"))
            .collect();
        keys.push((
            table.columns[..owners]
                .iter()
                .map(|c| c.name.clone())
                .collect(),
            owner.clone(),
            target_key,
        ));
    }
    for column in &table.columns[table.owners()..] {
        let Some(target) = &column.references else {
            continue;
        };
        let Some(key) = collections
            .iter()
            .find(|c| &c.table.collection == target)
            .map(|c| c.table.key.clone())
        else {
            continue;
        };
        keys.push((vec![column.name.clone()], target.clone(), key));
    }
    keys
}

/// A written data file that is not a CSV table, described as a file.
fn file_resource(file: &WrittenFile) -> Value {
    let (format, mediatype) = match file.path.rsplit('.').next().unwrap_or_default() {
        "json" => ("json", "application/json"),
        "jsonl" => ("jsonl", "application/jsonl"),
        "parquet" => ("parquet", "application/vnd.apache.parquet"),
        "sqlite" => ("sqlite", "application/vnd.sqlite3"),
        other => (other, "application/octet-stream"),
    };
    let name = file.path.replace(['/', '.'], "-");
    json!({
        "name": name,
        "path": file.path,
        "format": format,
        "mediatype": mediatype,
        "hash": format!("sha256:{}", file.sha256),
        "bytes": file.bytes,
    })
}

fn resource(written: &CsvTable, collections: &[Collection]) -> Value {
    let table = &written.table;
    let description = table_description(table, collections);
    let foreign_keys: Vec<Value> = foreign_keys(table, collections)
        .into_iter()
        .map(|(fields, resource, target)| {
            json!({"fields": fields, "reference": {"resource": resource, "fields": target}})
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
        "path": written.file.path,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "dialect": {"header": true, "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\""},
        "schema": Value::Object(schema),
        "hash": format!("sha256:{}", written.file.sha256),
        "bytes": written.file.bytes,
    })
}

/// What a flat table holds: the collection's description, or what a link
/// table unfolds (also the SQLite tables' descriptions).
pub(crate) fn table_description(table: &FlatTable, collections: &[Collection]) -> String {
    match &table.link_of {
        Some((collection, field)) => format!(
            "Link table: one row per item of `{field}` in `{collection}`, in list order (`position` from 1)."
        ),
        None => collections
            .iter()
            .find(|c| c.table.collection == table.name)
            .and_then(|c| c.table.description.clone())
            .unwrap_or_default(),
    }
}

/// What a flat column holds: the schema's description of its field, or
/// what docket added (a link table's owner key and position).
pub(crate) fn column_description(column: &Column) -> Option<String> {
    match (&column.field, column.name.as_str()) {
        (Some(f), _) => f.description.clone(),
        (None, _) if column.extra => Some(parquet::EXTRA_DESCRIPTION.to_owned()),
        (None, "position") => Some("Position of the item in its list, from 1.".to_owned()),
        (None, _) => column
            .references
            .as_ref()
            .map(|r| format!("The id of the `{r}` record the item belongs to.")),
    }
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
    if let Some(description) = column_description(column) {
        out.insert("description".into(), description.into());
    }
    let mut constraints = Map::new();
    if column.required {
        constraints.insert("required".into(), true.into());
    }
    if column.unique {
        constraints.insert("unique".into(), true.into());
    }
    let scalar = !matches!(column.kind, ColumnType::List(_) | ColumnType::Json(_));
    if let (Some(f), true) = (&column.field, scalar) {
        if let Kind::Enum(values) = &f.kind {
            constraints.insert("enum".into(), json!(values));
        }
        let c = &f.constraints;
        let textual = column.kind == ColumnType::String;
        if let (Some(pattern), true) =
            (c.pattern.as_deref().and_then(table_schema_pattern), textual)
        {
            constraints.insert("pattern".into(), pattern.into());
        }
        if let (Some(n), true) = (c.min_length, textual) {
            constraints.insert("minLength".into(), n.into());
        }
        if let (Some(n), true) = (c.max_length, textual) {
            constraints.insert("maxLength".into(), n.into());
        }
        let numeric = matches!(column.kind, ColumnType::Integer | ColumnType::Number);
        if let (Some(n), true) = (c.minimum, numeric) {
            constraints.insert("minimum".into(), number(n));
        }
        if let (Some(n), true) = (c.maximum, numeric) {
            constraints.insert("maximum".into(), number(n));
        }
        if let (Some(n), true) = (c.exclusive_minimum, numeric) {
            constraints.insert("exclusiveMinimum".into(), number(n));
        }
        if let (Some(n), true) = (c.exclusive_maximum, numeric) {
            constraints.insert("exclusiveMaximum".into(), number(n));
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
        ColumnType::DateTime => "datetime",
        ColumnType::Integer => "integer",
        ColumnType::Number => "number",
        ColumnType::Boolean => "boolean",
        ColumnType::List(_) => "list",
        ColumnType::Json(kind) => kind,
    }
}

/// ECMA-262 constructs Python's `re` does not know (or reads otherwise):
/// a pattern using one is left out of the Table Schema rather than
/// published wrong.
const UNTRANSLATABLE: [&str; 7] = ["\\p{", "\\P{", "(?<", "\\u{", "\\c", "[^]", "\\k<"];

/// A JSON Schema `pattern` (which matches anywhere in the value) as a Table
/// Schema pattern, which frictionless matches against the whole value with
/// Python's `re` (no DOTALL). `None` when Python's `re` could not read it
/// as JSON Schema means it.
pub(crate) fn table_schema_pattern(pattern: &str) -> Option<String> {
    let lookaround = |p: &str, i: usize| p[i..].starts_with("(?<=") || p[i..].starts_with("(?<!");
    for bad in UNTRANSLATABLE {
        if let Some(i) = pattern.find(bad) {
            if !(bad == "(?<" && lookaround(pattern, i)) {
                return None;
            }
        }
    }
    if let Some(inner) = pattern.strip_prefix('^').and_then(|p| p.strip_suffix('$')) {
        // `^…$` around a pattern without alternation or other anchors
        // already matches the whole value.
        let plain = !inner.contains(['|', '^', '$']) && !inner.ends_with('\\');
        if plain {
            return Some(inner.to_owned());
        }
    }
    Some(format!("(?s:.*)(?:{pattern})(?s:.*)"))
}

fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

#[cfg(test)]
mod tests {
    use super::table_schema_pattern as tsp;

    #[test]
    fn patterns_match_the_whole_value_as_json_schema_means() {
        assert_eq!(tsp("^[a-z]+$").as_deref(), Some("[a-z]+"));
        assert_eq!(tsp("[0-9]").as_deref(), Some("(?s:.*)(?:[0-9])(?s:.*)"));
        assert_eq!(tsp("^a|b$").as_deref(), Some("(?s:.*)(?:^a|b$)(?s:.*)"));
        assert_eq!(tsp("\\p{L}+"), None);
        assert_eq!(tsp("(?<year>[0-9]{4})"), None);
        assert!(tsp("(?<=a)b").is_some());
    }
}
