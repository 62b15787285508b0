//! Free text: the string values a person would search, wherever a record
//! holds them (top-level fields, list items, nested objects and lists of
//! objects). The SQLite full-text index and the site's search both read
//! records through this one rule, so they search the same text.
//!
//! A string is free text unless it is part of the key, a reference to
//! another record, a code (enum), a date or an identifier the schema
//! constrains with a `pattern`.

use serde_json::Value;

use super::table::{Field, Kind, Table};

/// Whether the values of `field` (or its items) are free text.
fn is_free_text(field: &Field) -> bool {
    field.references.is_none() && field.constraints.pattern.is_none()
}

/// Calls `found` with the dotted path of the field (`cited_as.text`) and
/// each free-text value of `record`, in schema order.
pub(super) fn each(table: &Table, record: &Value, mut found: impl FnMut(&str, &str)) {
    let fields = table.fields.iter().filter(|f| !table.key.contains(&f.name));
    for field in fields {
        if let Some(value) = record.get(&field.name) {
            visit(field, &field.name, value, &mut found);
        }
    }
}

/// The dotted paths of every free-text field of `table`, in schema order.
pub(super) fn paths(table: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for field in table.fields.iter().filter(|f| !table.key.contains(&f.name)) {
        collect(field, &field.name, &mut out);
    }
    out
}

fn collect(field: &Field, path: &str, out: &mut Vec<String>) {
    if !is_free_text(field) {
        return;
    }
    match &field.kind {
        Kind::String => out.push(path.to_owned()),
        Kind::List(item) if matches!(**item, Kind::String) => out.push(path.to_owned()),
        Kind::Object(fields) | Kind::ListOfObjects(fields) => {
            for sub in fields {
                collect(sub, &format!("{path}.{}", sub.name), out);
            }
        }
        _ => {}
    }
}

fn visit(field: &Field, path: &str, value: &Value, found: &mut impl FnMut(&str, &str)) {
    if !is_free_text(field) {
        return;
    }
    match (&field.kind, value) {
        (Kind::String, Value::String(text)) => found(path, text),
        (Kind::List(item), Value::Array(items)) if matches!(**item, Kind::String) => {
            for text in items.iter().filter_map(Value::as_str) {
                found(path, text);
            }
        }
        (Kind::Object(fields), Value::Object(_)) => visit_object(fields, path, value, found),
        (Kind::ListOfObjects(fields), Value::Array(items)) => {
            for item in items {
                visit_object(fields, path, item, found);
            }
        }
        _ => {}
    }
}

fn visit_object(fields: &[Field], path: &str, value: &Value, found: &mut impl FnMut(&str, &str)) {
    for sub in fields {
        if let Some(child) = value.get(&sub.name) {
            visit(sub, &format!("{path}.{}", sub.name), child, found);
        }
    }
}
