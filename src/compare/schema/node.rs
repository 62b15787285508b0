//! Reading one schema node the way the walk compares it: with its `$ref`
//! resolved, its key, its required properties, its types and its words.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// A schema node as the walk compares it: a JSON object's keywords.
pub(super) type Node = Map<String, Value>;

/// A node with its local `$ref` resolved: the target's keywords, overridden
/// by the ones written beside the `$ref`.
pub(super) fn effective(root: &Value, node: &Value, depth: usize) -> Node {
    let mut map = node.as_object().cloned().unwrap_or_default();
    let Some(Value::String(reference)) = map.remove("$ref") else {
        return map;
    };
    let target = crate::schema::lookup(root, &reference);
    match target {
        Some(target) if depth < 32 => {
            let mut merged = effective(root, target, depth + 1);
            merged.extend(map);
            merged
        }
        _ => {
            map.insert("$ref".into(), Value::String(reference));
            map
        }
    }
}

/// The properties that identify a record of a collection with this schema.
pub(crate) fn key(schema: &Value) -> Vec<String> {
    key_of(&schema.as_object().cloned().unwrap_or_default())
}

/// The properties that identify a record, as validation reads them (`x-key`,
/// else `id` when the schema declares it); none for a keyless or broken one.
pub(super) fn key_of(node: &Node) -> Vec<String> {
    crate::schema::declared_key(&Value::Object(node.clone()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

pub(super) fn is_required(node: &Node, name: &str) -> bool {
    node.get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|v| v == name))
}

pub(super) fn types(node: &Node) -> BTreeSet<String> {
    match node.get("type") {
        Some(Value::String(t)) => [t.clone()].into(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// A field's type in a few words: `string (date)`, `array of string`.
pub(super) fn describe(root: &Value, node: &Node) -> String {
    let mut text = types(node).into_iter().collect::<Vec<_>>().join(" or ");
    if text.is_empty() {
        text = "any".into();
    }
    if let Some(format) = node.get("format").and_then(Value::as_str) {
        text = format!("{text} ({format})");
    }
    if let Some(items) = node.get("items") {
        let mut item = types(&effective(root, items, 0))
            .into_iter()
            .collect::<Vec<_>>()
            .join(" or ");
        if item.is_empty() {
            item = "any".into();
        }
        text = format!("{text} of {item}");
    }
    text
}

pub(super) fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

pub(super) fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "(none)".to_owned(), Value::to_string)
}
