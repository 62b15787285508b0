//! Following a schema's local references: what a `$ref` points at, and which
//! subschema describes the value at a pointer into a record.

use serde_json::Value;

use super::bundle;
use crate::issue::pointer_tokens;

/// The subschema that describes the value at `pointer`, following
/// `properties`, `items` and local `$ref`s.
pub(crate) fn subschema_at<'s>(root: &'s Value, pointer: &str) -> Option<&'s Value> {
    let mut node = resolve(root, root)?;
    for token in pointer_tokens(pointer) {
        let next = if token.parse::<usize>().is_ok() && node.get("items").is_some() {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(&token))
        }?;
        node = resolve(root, next)?;
    }
    Some(node)
}

/// The schema `node` stands for: itself, or what its (local) `$ref` chain
/// leads to. `None` for a reference that leads nowhere or loops.
pub(crate) fn resolve<'s>(root: &'s Value, mut node: &'s Value) -> Option<&'s Value> {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => node = lookup(root, r)?,
            None => return Some(node),
        }
    }
    None
}

/// The target of a local reference: `#`, a JSON pointer `#/…` (percent-
/// encoded as URIs are), or a plain-name anchor `#name`.
pub(crate) fn lookup<'s>(root: &'s Value, reference: &str) -> Option<&'s Value> {
    let fragment = reference.strip_prefix('#')?;
    let decoded;
    let fragment = if fragment.contains('%') {
        decoded = bundle::percent_decode(fragment);
        decoded.as_str()
    } else {
        fragment
    };
    if fragment.is_empty() || fragment.starts_with('/') {
        return root.pointer(fragment);
    }
    root.pointer(&bundle::anchor_pointer(root, fragment, String::new())?)
}
