//! Key order: every exported object's keys in the order its schema lists
//! them, so two curators' files with the same content export to the same
//! bytes. The order is read from the schema once per collection, as a graph
//! of the schema's object and array nodes (a recursive `$ref` is a cycle in
//! it), so a record costs a walk over its own keys, without hashing them or
//! resolving a reference again.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::schema::resolve;

/// The key order of a schema and of everything inside it.
pub struct KeyOrder {
    nodes: Vec<Node>,
}

/// One schema node: the properties it lists, in order, with the node each
/// one's value is ordered by; and the node its array items are ordered by.
#[derive(Default)]
struct Node {
    properties: Vec<(String, Option<usize>)>,
    items: Option<usize>,
}

impl KeyOrder {
    /// Reads the order from `schema`, a self-contained schema document.
    pub fn new(schema: &Value) -> KeyOrder {
        let mut order = KeyOrder { nodes: Vec::new() };
        let mut seen = HashMap::new();
        order.node(schema, schema, &mut seen);
        order
    }

    /// Places `value`'s keys, and those of everything inside it, in schema
    /// order. Keys the schema does not list keep their order, after the
    /// listed ones. Keys already in order (the usual case) stay where they
    /// are.
    pub fn apply(&self, value: &mut Value) {
        if !self.nodes.is_empty() {
            self.walk(0, value);
        }
    }

    /// The node for `schema`, built once however often it is referred to.
    fn node<'s>(
        &mut self,
        root: &'s Value,
        schema: &'s Value,
        seen: &mut HashMap<*const Value, Option<usize>>,
    ) -> Option<usize> {
        let schema = resolve(root, schema)?;
        let key = schema as *const Value;
        if let Some(&known) = seen.get(&key) {
            return known;
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        let items = schema.get("items").filter(|i| i.is_object());
        if properties.is_none() && items.is_none() {
            seen.insert(key, None);
            return None;
        }
        let at = self.nodes.len();
        self.nodes.push(Node::default());
        seen.insert(key, Some(at));
        let properties = properties
            .into_iter()
            .flatten()
            .map(|(name, sub)| (name.clone(), self.node(root, sub, seen)))
            .collect();
        let items = items.and_then(|i| self.node(root, i, seen));
        self.nodes[at] = Node { properties, items };
        Some(at)
    }

    fn walk(&self, at: usize, value: &mut Value) {
        let node = &self.nodes[at];
        match value {
            Value::Object(map) if !node.properties.is_empty() => {
                let in_order = self.children(node, map);
                if !in_order {
                    let mut entries: Vec<(String, Value)> =
                        std::mem::take(map).into_iter().collect();
                    let rank = |key: &str| {
                        node.properties
                            .iter()
                            .position(|(name, _)| name == key)
                            .unwrap_or(usize::MAX)
                    };
                    entries.sort_by_key(|(key, _)| rank(key));
                    map.extend(entries);
                }
            }
            Value::Array(items) => {
                if let Some(item) = node.items {
                    items.iter_mut().for_each(|v| self.walk(item, v));
                }
            }
            _ => {}
        }
    }

    /// Orders the children of `map` and says whether its own keys are
    /// already in schema order (unlisted keys last), matching each key with
    /// the next listed names: a plain comparison, no hashing.
    fn children(&self, node: &Node, map: &mut Map<String, Value>) -> bool {
        let listed = &node.properties;
        let mut next = 0;
        let mut in_order = true;
        let mut unlisted = false;
        for (key, child) in map.iter_mut() {
            let found = match listed[next..].iter().position(|(name, _)| name == key) {
                Some(i) => {
                    // A listed key after an unlisted one is out of order.
                    in_order &= !unlisted;
                    next += i + 1;
                    Some(next - 1)
                }
                None => {
                    let earlier = listed[..next].iter().position(|(name, _)| name == key);
                    in_order &= earlier.is_none();
                    unlisted |= earlier.is_none();
                    earlier
                }
            };
            if let Some(sub) = found.and_then(|i| listed[i].1) {
                if child.is_object() || child.is_array() {
                    self.walk(sub, child);
                }
            }
        }
        in_order
    }
}
