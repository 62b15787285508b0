//! Which properties identify a collection's records, and a record's value for
//! them: what references point at, what `x-unique-with` and exports join on.

use serde_json::Value;

use super::resolve::resolve;

/// The extension keyword that names a collection's key.
pub(crate) const KEY_KEYWORD: &str = "x-key";

/// The key the schema names with `x-key`, else `id` when every record must
/// carry it (declared and required). An `id` that records may leave out
/// identifies nothing: such a collection is keyless unless `x-key` says
/// otherwise.
///
/// `x-key` is read where the collection's file puts it, whatever stands
/// beside it: a wrapper that is only a `$ref` to a published schema plus
/// docket's keywords is the usual way to bring a standard's schema
/// (draft-07 ignores a `$ref`'s siblings for validation, but docket's
/// keywords are not validation). Without one there, the referenced root's
/// is used.
pub(crate) fn declared_key(schema: &Value) -> std::result::Result<Option<Vec<String>>, String> {
    let root = resolve(schema, schema).unwrap_or(schema);
    match schema.get(KEY_KEYWORD).or_else(|| root.get(KEY_KEYWORD)) {
        None => Ok(
            (declares(schema, schema, "id", 0) && requires(schema, schema, "id", 0))
                .then(|| vec!["id".to_owned()]),
        ),
        Some(Value::String(one)) => Ok(Some(vec![one.clone()])),
        Some(Value::Array(many)) if !many.is_empty() && many.iter().all(Value::is_string) => {
            Ok(Some(
                many.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            ))
        }
        Some(_) => Err(format!(
            "`{KEY_KEYWORD}` must be a property name or a non-empty list of property names"
        )),
    }
}

/// Whether `node` declares `property`: in its own `properties`, through
/// composition keywords, or in what its `$ref` points at.
fn declares(root: &Value, node: &Value, property: &str, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    let through = |keyword: &str| {
        node.get(keyword)
            .is_some_and(|b| declares(root, b, property, depth + 1))
    };
    node.get("properties")
        .and_then(|p| p.get(property))
        .is_some()
        || ["allOf", "anyOf", "oneOf"].iter().any(|k| {
            node.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|b| b.iter().any(|b| declares(root, b, property, depth + 1)))
        })
        || through("then")
        || through("else")
        || node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| super::resolve::lookup(root, r))
            .is_some_and(|target| declares(root, target, property, depth + 1))
}

/// Whether `node` requires `property` of every record: in its own
/// `required`, in any `allOf` branch, or in what its `$ref` points at.
fn requires(root: &Value, node: &Value, property: &str, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    node.get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|p| p.as_str() == Some(property)))
        || node
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|b| b.iter().any(|b| requires(root, b, property, depth + 1)))
        || node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| super::resolve::lookup(root, r))
            .is_some_and(|target| requires(root, target, property, depth + 1))
}

/// The record's value for the key properties `key`: the value itself for a
/// single string key, else its JSON text (a list for a composite key).
pub(crate) fn key_value(record: &Value, key: &[String]) -> Option<String> {
    if let [one] = key {
        return match record.get(one)? {
            Value::String(text) => Some(text.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        };
    }
    let values: Option<Vec<&Value>> = key.iter().map(|k| record.get(k)).collect();
    Some(Value::from(values?.into_iter().cloned().collect::<Vec<_>>()).to_string())
}
