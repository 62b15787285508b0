//! The Hugging Face dataset card's front matter: the YAML block at the top
//! of the release README that the Hub and `datasets.load_dataset(<folder>,
//! <collection>)` read. One config per collection pointing at its Parquet
//! file (its JSON Lines file when Parquet was not written), and the
//! features of each Parquet config taken from the collection's [`Table`]
//! (code columns are plain strings there: `datasets` reads a dictionary
//! column as its values).

use serde_json::{json, Value};

use super::context::Context;
use super::table::{Field, Kind, Table};

/// The front matter, `---` lines included.
pub(crate) fn front_matter(cx: &Context) -> String {
    let Context {
        collections,
        written,
        metadata,
        ..
    } = *cx;
    let has = |path: &str| written.iter().any(|f| f.path == path);
    let mut configs = Vec::new();
    let mut infos = Vec::new();
    for collection in collections {
        let table = &collection.table;
        let name = &table.collection;
        let parquet = format!("parquet/{name}.parquet");
        let jsonl = format!("jsonl/{name}.jsonl");
        let path = if has(&parquet) {
            infos.push(json!({"config_name": name, "features": features(table)}));
            parquet
        } else if has(&jsonl) {
            jsonl
        } else {
            continue;
        };
        configs.push(json!({
            "config_name": name,
            "data_files": [{"split": "train", "path": path}],
        }));
    }
    let mut matter = serde_json::Map::new();
    matter.insert("pretty_name".into(), metadata.title.clone().into());
    if let Some(license) = metadata.licenses.first() {
        // The Hub names licences by their SPDX id in lower case.
        matter.insert("license".into(), license.name.to_lowercase().into());
    }
    let mut tags = vec![Value::from("docket")];
    tags.extend(metadata.keywords.iter().map(|k| Value::from(k.as_str())));
    matter.insert("tags".into(), tags.into());
    if !configs.is_empty() {
        matter.insert("configs".into(), configs.into());
    }
    if !infos.is_empty() {
        matter.insert("dataset_info".into(), infos.into());
    }
    let mut out = String::from("---\n");
    block(&Value::Object(matter), 0, &mut out);
    out.push_str("---\n\n");
    out
}

/// The `datasets` features of a collection's Parquet file.
fn features(table: &Table) -> Value {
    let mut list: Vec<Value> = table.fields.iter().map(feature).collect();
    if let Some(extra) = &table.extra {
        list.push(json!({"name": extra, "dtype": "string"}));
    }
    list.into()
}

fn feature(field: &Field) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("name".into(), field.name.clone().into());
    let (key, value) = hf_type(&field.kind);
    out.insert(key.into(), value);
    out.into()
}

/// A kind as `datasets` writes it in YAML: `dtype: string`, `list: …`,
/// `struct: [...]`.
fn hf_type(kind: &Kind) -> (&'static str, Value) {
    match kind {
        Kind::String | Kind::Json | Kind::Enum(_) => ("dtype", "string".into()),
        Kind::Date => ("dtype", "date32".into()),
        Kind::DateTime => ("dtype", "timestamp[us, tz=UTC]".into()),
        Kind::Integer => ("dtype", "int64".into()),
        Kind::Number => ("dtype", "float64".into()),
        Kind::Boolean => ("dtype", "bool".into()),
        Kind::Object(fields) => ("struct", fields.iter().map(feature).collect()),
        Kind::ListOfObjects(fields) => ("list", fields.iter().map(feature).collect()),
        Kind::List(item) => match hf_type(item) {
            ("dtype", scalar) => ("list", scalar),
            (key, value) => ("list", json!({ key: value })),
        },
    }
}

/// Writes `value` as block-style YAML; strings are JSON strings, which
/// YAML reads unchanged.
fn block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                out.push_str(&format!("{pad}{key}:"));
                inline_or_nested(child, indent + 2, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        // The first key on the dash's line, the rest below it.
                        let mut first = true;
                        for (key, child) in map {
                            let at = if first {
                                " ".to_owned()
                            } else {
                                " ".repeat(indent + 2)
                            };
                            first = false;
                            out.push_str(&format!("{at}{key}:"));
                            inline_or_nested(child, indent + 4, out);
                        }
                    }
                    other => inline_or_nested(other, indent + 2, out),
                }
            }
        }
        scalar => out.push_str(&format!("{pad}{scalar}\n")),
    }
}

fn inline_or_nested(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            block(value, indent, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            block(value, indent, out);
        }
        scalar => out.push_str(&format!(" {scalar}\n")),
    }
}
