//! Helpers shared by the load targets: JSON pointers built from a parsed
//! record, and `locate` / `locate_all` exercised with them.

use docket::escape_token;
use serde_json::Value;

/// Most pointers taken from one record (the walk stops there).
const MAX_POINTERS: usize = 48;
/// Pointers also located one by one with `locate` (each is a full parse).
const MAX_SINGLE: usize = 6;

/// RFC 6901 pointers to values of `value`, root first, depth first, plus a
/// few that lead nowhere.
pub fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out.push("/no-such-field".to_owned());
    out.push("/".to_owned());
    if let Some(first) = out.get(1).cloned() {
        out.push(format!("{first}/999999"));
        out.push(format!("{first}/~0~1"));
    }
    out
}

fn walk(value: &Value, here: String, out: &mut Vec<String>) {
    if out.len() >= MAX_POINTERS {
        return;
    }
    out.push(here.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                walk(child, format!("{here}/{}", escape_token(key)), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// `locate_all` must give, for every pointer, what `locate` gives for it
/// alone: it is documented as `locate` for many pointers in one pass.
pub fn exercise_locate(text: &str, value: &Value) {
    let pointers = pointers(value);
    let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
    let all = docket::locate_all(text, &refs);
    assert_eq!(all.len(), refs.len(), "locate_all returned a wrong count");
    for (i, pointer) in refs.iter().enumerate().take(MAX_SINGLE) {
        let one = docket::locate(text, pointer);
        assert_eq!(
            format!("{one:?}"),
            format!("{:?}", all[i]),
            "locate and locate_all disagree for pointer {pointer:?}"
        );
    }
    // Duplicates and an empty list are legal too.
    let _ = docket::locate_all(text, &[]);
    if let Some(first) = refs.first() {
        let _ = docket::locate_all(text, &[first, first]);
    }
}
