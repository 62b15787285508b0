//! How messages and exports name a collection's records in prose.

use serde_json::Value;

use super::CollectionSchema;

/// `organizations` → `organization`, `treaties` → `treaty`: the English
/// rule, for collections whose schema has no `title`.
pub(crate) fn singular(collection: &str) -> String {
    if let Some(stem) = collection.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = collection.strip_suffix('s') {
        stem.to_owned()
    } else {
        collection.to_owned()
    }
}

/// How codes and messages name one record of a collection: its schema's
/// `title` in lower case (`Organization` → `organization`), which the
/// schema's author chose, or else the collection's name made singular.
pub(crate) fn record_name(schema: &CollectionSchema) -> String {
    match schema.schema.get("title").and_then(Value::as_str) {
        Some(title) if !title.trim().is_empty() => title
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join("-"),
        _ => singular(&schema.name),
    }
}
