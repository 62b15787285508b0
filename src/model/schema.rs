//! Generates the published JSON Schemas from the record types.
//!
//! schemars does most of the work; two transforms make the output what
//! readers of the schema expect: optional fields are left out rather than set
//! to `null` (so `null` is not accepted), and a documented unit enum becomes a
//! plain `enum` with its descriptions kept in `x-enum-descriptions`, which
//! gives validators a one-line error and lets exporters read the vocabulary
//! directly.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value};

use super::{Document, Organization, Recommendation, Treaty, COLLECTIONS};

/// The `$id` prefix of the bundled schemas: a URN, because the schemas are
/// never fetched from anywhere.
pub(crate) const ID_PREFIX: &str = "urn:docket:schema:";

/// Every bundled collection with its generated schema, in [`COLLECTIONS`] order.
pub(crate) fn bundled() -> Vec<(&'static str, Value)> {
    COLLECTIONS
        .iter()
        .map(|&name| {
            let schema = match name {
                "documents" => generate::<Document>(name),
                "recommendations" => generate::<Recommendation>(name),
                "organizations" => generate::<Organization>(name),
                _ => generate::<Treaty>(name),
            };
            (name, schema)
        })
        .collect()
}

/// The schema file's bytes as committed: pretty JSON with a final newline.
pub(crate) fn to_file_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

fn generate<T: JsonSchema>(collection: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema: Schema = generator.into_root_schema_for::<T>();
    let mut value = schema.to_value();
    tidy(&mut value);
    if let Value::Object(root) = &mut value {
        let mut ordered = Map::new();
        for key in ["$schema"] {
            if let Some(v) = root.remove(key) {
                ordered.insert(key.into(), v);
            }
        }
        ordered.insert("$id".into(), format!("{ID_PREFIX}{collection}").into());
        ordered.append(root);
        *root = ordered;
    }
    value
}

/// Applies both transforms to every subschema, depth first.
fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for child in map.values_mut() {
                tidy(child);
            }
            deny_null(map);
            flatten_enum(map);
            drop_numeric_format(map);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// `Option<T>` fields are omitted when absent; `null` is never a value.
fn deny_null(map: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            map.insert("type".into(), only);
        }
    }
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = map.get_mut(key) else {
            continue;
        };
        branches.retain(|b| b.get("type").and_then(Value::as_str) != Some("null"));
        if branches.len() == 1 {
            let Some(Value::Object(only)) = branches.pop() else {
                continue;
            };
            map.remove(key);
            for (k, v) in only {
                map.entry(k).or_insert(v);
            }
        }
    }
}

/// schemars marks integers with Rust's width (`uint32`), which is not a JSON
/// Schema format; the range it implies is already stated by `minimum`.
fn drop_numeric_format(map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) == Some("integer") {
        map.remove("format");
    }
}

/// `oneOf: [{const, description}, …]` (a documented unit enum) becomes
/// `enum: […]` plus `x-enum-descriptions: {value: description}`.
fn flatten_enum(map: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = map.get("oneOf") else {
        return;
    };
    let all_consts = branches
        .iter()
        .all(|b| b.get("const").is_some_and(Value::is_string));
    if !all_consts || branches.is_empty() {
        return;
    }
    let mut values = Vec::new();
    let mut descriptions = Map::new();
    for branch in branches {
        let value = branch["const"].clone();
        if let (Some(key), Some(text)) = (value.as_str(), branch.get("description")) {
            descriptions.insert(key.to_owned(), text.clone());
        }
        values.push(value);
    }
    map.remove("oneOf");
    map.insert("type".into(), "string".into());
    map.insert("enum".into(), Value::Array(values));
    if !descriptions.is_empty() {
        map.insert("x-enum-descriptions".into(), Value::Object(descriptions));
    }
}
