//! The walk over two versions of one collection's schema: each keyword
//! compared, each difference classified.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::change::{Kind, Level, SchemaChange};
use super::node::{describe, effective, is_required, join, key_of, shown, types, Node};

/// Keywords that document a schema without constraining anything.
const DOCUMENTATION: [&str; 5] = [
    "description",
    "title",
    "examples",
    "x-enum-descriptions",
    "$comment",
];
/// Keywords that identify a schema or hold its definitions: compared
/// through the fields that use them.
const STRUCTURE: [&str; 5] = ["$schema", "$id", "$defs", "definitions", "$anchor"];
/// Lower bounds: a larger value is tighter.
const LOWER: [&str; 6] = [
    "minLength",
    "minItems",
    "minimum",
    "exclusiveMinimum",
    "minProperties",
    "minContains",
];
/// Upper bounds: a smaller value is tighter.
const UPPER: [&str; 6] = [
    "maxLength",
    "maxItems",
    "maximum",
    "exclusiveMaximum",
    "maxProperties",
    "maxContains",
];
/// Keywords whose addition restricts values, whose removal frees them.
const RESTRICTIONS: [&str; 5] = [
    "pattern",
    "format",
    "const",
    "contentEncoding",
    "contentMediaType",
];

pub(super) struct Walk<'w> {
    pub(super) collection: &'w str,
    pub(super) old_root: &'w Value,
    pub(super) new_root: &'w Value,
    pub(super) out: &'w mut Vec<SchemaChange>,
    /// The `$ref` pairs being compared, outermost first.
    pub(super) entered: Vec<(Option<String>, Option<String>)>,
}

impl Walk<'_> {
    pub(super) fn push(
        &mut self,
        field: &str,
        keyword: &str,
        kind: Kind,
        detail: String,
        level: Level,
    ) {
        self.out.push(SchemaChange {
            collection: self.collection.to_owned(),
            field: field.to_owned(),
            keyword: keyword.to_owned(),
            kind,
            detail,
            level,
        });
    }

    pub(super) fn resolve_old(&self, node: &Value) -> Node {
        effective(self.old_root, node, 0)
    }

    pub(super) fn resolve_new(&self, node: &Value) -> Node {
        effective(self.new_root, node, 0)
    }

    /// Compares two nested nodes, unless the pair of `$ref`s they stand for
    /// is already being compared further up: a recursive schema (a tree
    /// whose children are trees) is walked once, not forever.
    fn descend(&mut self, path: &str, old: &Value, new: &Value) {
        let reference = |v: &Value| v.get("$ref").and_then(Value::as_str).map(str::to_owned);
        let pair = (reference(old), reference(new));
        let recursive = pair != (None, None);
        if recursive && self.entered.contains(&pair) {
            return;
        }
        let (a, b) = (self.resolve_old(old), self.resolve_new(new));
        if recursive {
            self.entered.push(pair);
        }
        self.node(path, &a, &b);
        if recursive {
            self.entered.pop();
        }
    }

    /// Compares one schema node, keyword by keyword.
    pub(super) fn node(&mut self, path: &str, old: &Node, new: &Node) {
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let (a, b) = (old.get(key.as_str()), new.get(key.as_str()));
            // Equal `properties` or `items` may still hold `$ref`s whose
            // targets changed: those are always walked.
            let nested = key == "properties" || key == "items";
            if (a == b && !nested) || STRUCTURE.contains(&key.as_str()) {
                continue;
            }
            let key = key.as_str();
            match key {
                "properties" => self.properties(path, old, new),
                "required" => self.required(path, old, new),
                "items" => self.items(path, a, b),
                "type" => self.types(path, old, new),
                "enum" => self.enumeration(path, a, b),
                "additionalProperties" => self.additional(path, a, b),
                "uniqueItems" => {
                    let (a, b) = (a == Some(&Value::Bool(true)), b == Some(&Value::Bool(true)));
                    if a != b {
                        self.tightened(
                            path,
                            key,
                            b,
                            format!("uniqueItems {}", if b { "added" } else { "removed" }),
                        );
                    }
                }
                "x-references" => self.references(path, a, b),
                "x-unique-with" => {
                    let level = if b.is_none() {
                        Level::Addition
                    } else {
                        Level::Revision
                    };
                    let detail = format!("unique key changed from {} to {}", shown(a), shown(b));
                    self.push(path, key, Kind::KeyChanged, detail, level);
                }
                crate::schema::KEY_KEYWORD => {
                    let (before, after) = (key_of(old), key_of(new));
                    if before != after {
                        let detail = format!(
                            "key changed from ({}) to ({})",
                            before.join(", "),
                            after.join(", ")
                        );
                        self.push(path, key, Kind::KeyChanged, detail, Level::Model);
                    }
                }
                "default" => {
                    let detail = format!("default changed from {} to {}", shown(a), shown(b));
                    self.push(path, key, Kind::DefaultChanged, detail, Level::Revision);
                }
                _ if DOCUMENTATION.contains(&key) => {
                    let verb = match (a, b) {
                        (None, _) => "added",
                        (_, None) => "removed",
                        _ => "changed",
                    };
                    let detail = format!("{key} {verb}");
                    self.push(path, key, Kind::DescriptionChanged, detail, Level::Addition);
                }
                _ if LOWER.contains(&key) || UPPER.contains(&key) => self.bound(path, key, a, b),
                _ if RESTRICTIONS.contains(&key) => match (a, b) {
                    (None, Some(b)) => self.tightened(path, key, true, format!("{key} {b} added")),
                    (Some(a), None) => {
                        self.tightened(path, key, false, format!("{key} {a} removed"))
                    }
                    _ => {
                        let detail = format!("{key} changed from {} to {}", shown(a), shown(b));
                        self.push(path, key, Kind::ConstraintChanged, detail, Level::Revision);
                    }
                },
                _ => {
                    let (kind, level, verb) = match (a, b) {
                        (None, _) => (Kind::RuleAdded, Level::Revision, "added"),
                        (_, None) => (Kind::RuleRemoved, Level::Addition, "removed"),
                        _ => (Kind::RuleChanged, Level::Revision, "changed"),
                    };
                    self.push(path, key, kind, format!("{key} {verb}"), level);
                }
            }
        }
    }

    fn tightened(&mut self, path: &str, keyword: &str, tighter: bool, detail: String) {
        let (kind, level) = if tighter {
            (Kind::ConstraintTightened, Level::Revision)
        } else {
            (Kind::ConstraintLoosened, Level::Addition)
        };
        self.push(path, keyword, kind, detail, level);
    }

    fn bound(&mut self, path: &str, key: &str, a: Option<&Value>, b: Option<&Value>) {
        let lower = LOWER.contains(&key);
        let number = |v: Option<&Value>| v.and_then(Value::as_f64);
        let tighter = match (number(a), number(b)) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(x), Some(y)) => (y > x) == lower,
            (None, None) => return,
        };
        let verb = if tighter { "tightened" } else { "loosened" };
        let detail = match (a, b) {
            (Some(a), Some(b)) => format!("{key} {verb} from {a} to {b}"),
            (None, Some(b)) => format!("{key} {verb}: {b} added"),
            (Some(a), None) => format!("{key} {verb}: {a} removed"),
            (None, None) => return,
        };
        self.tightened(path, key, tighter, detail);
    }

    fn properties(&mut self, path: &str, old: &Node, new: &Node) {
        let empty = Map::new();
        let before = old
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let after = new
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut removed: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
        let mut added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        // A field removed and another added with the same definition and the
        // same required-ness, one for one, is a rename.
        let comparable = |root: &Value, node: &Value, required: bool| {
            let mut node = effective(root, node, 0);
            for key in DOCUMENTATION {
                node.remove(key);
            }
            (node, required)
        };
        let renames: Vec<(&String, &String)> = removed
            .iter()
            .filter_map(|r| {
                let old_form = comparable(self.old_root, &before[r.as_str()], is_required(old, r));
                let matches: Vec<&&String> = added
                    .iter()
                    .filter(|a| {
                        comparable(self.new_root, &after[a.as_str()], is_required(new, a))
                            == old_form
                    })
                    .collect();
                (matches.len() == 1).then(|| (*r, *matches[0]))
            })
            .collect();
        for (from, to) in &renames {
            if renames.iter().filter(|(_, t)| t == to).count() != 1 {
                continue;
            }
            removed.retain(|r| r != from);
            added.retain(|a| a != to);
            let detail = format!(
                "field renamed from `{}` to `{}`",
                join(path, from),
                join(path, to)
            );
            self.push(
                &join(path, to),
                "properties",
                Kind::FieldRenamed,
                detail,
                Level::Model,
            );
        }
        for name in removed {
            let was = describe(self.old_root, &self.resolve_old(&before[name.as_str()]));
            let detail = format!("field removed (was {was})");
            self.push(
                &join(path, name),
                "properties",
                Kind::FieldRemoved,
                detail,
                Level::Model,
            );
        }
        for name in added {
            let kind = describe(self.new_root, &self.resolve_new(&after[name.as_str()]));
            let (detail, level) = if is_required(new, name) {
                (
                    format!("required field added ({kind}): every existing record lacks it"),
                    Level::Model,
                )
            } else {
                (format!("optional field added ({kind})"), Level::Addition)
            };
            self.push(
                &join(path, name),
                "properties",
                Kind::FieldAdded,
                detail,
                level,
            );
        }
        for (name, a) in before {
            if let Some(b) = after.get(name) {
                self.descend(&join(path, name), a, b);
            }
        }
    }

    /// Fields that became required or optional; fields added or removed
    /// are reported by [`Walk::properties`].
    fn required(&mut self, path: &str, old: &Node, new: &Node) {
        let names = |node: &Node| -> BTreeSet<String> {
            node.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let has =
            |node: &Node, name: &str| node.get("properties").and_then(|p| p.get(name)).is_some();
        let (before, after) = (names(old), names(new));
        for name in after.difference(&before) {
            if has(old, name) && has(new, name) {
                self.tightened(&join(path, name), "required", true, "now required".into());
            }
        }
        for name in before.difference(&after) {
            if has(old, name) && has(new, name) {
                self.tightened(
                    &join(path, name),
                    "required",
                    false,
                    "no longer required".into(),
                );
            }
        }
    }

    fn items(&mut self, path: &str, a: Option<&Value>, b: Option<&Value>) {
        match (a, b) {
            (Some(a), Some(b)) if a.is_object() && b.is_object() => {
                self.descend(&format!("{path}[]"), a, b);
            }
            _ if a == b => {}
            _ => {
                let detail = format!("items changed from {} to {}", shown(a), shown(b));
                self.push(path, "items", Kind::FieldRetyped, detail, Level::Model);
            }
        }
    }

    fn types(&mut self, path: &str, old: &Node, new: &Node) {
        let (a, b) = (types(old), types(new));
        let without_null = |s: &BTreeSet<String>| -> BTreeSet<String> {
            s.iter().filter(|t| *t != "null").cloned().collect()
        };
        if without_null(&a) == without_null(&b) {
            let tighter = a.contains("null");
            let detail = if tighter {
                "null no longer allowed"
            } else {
                "null now allowed"
            };
            self.tightened(path, "type", tighter, detail.into());
        } else {
            let detail = format!(
                "type changed from {} to {}",
                describe(self.old_root, old),
                describe(self.new_root, new)
            );
            self.push(path, "type", Kind::FieldRetyped, detail, Level::Model);
        }
    }

    fn enumeration(&mut self, path: &str, a: Option<&Value>, b: Option<&Value>) {
        let values = |v: Option<&Value>| -> Vec<Value> {
            v.and_then(Value::as_array).cloned().unwrap_or_default()
        };
        let (before, after) = (values(a), values(b));
        if a.is_none() || b.is_none() {
            let tighter = a.is_none();
            let verb = if tighter { "added" } else { "removed" };
            self.tightened(path, "enum", tighter, format!("enum {verb}"));
            return;
        }
        for value in before.iter().filter(|v| !after.contains(v)) {
            self.push(
                path,
                "enum",
                Kind::EnumValueRemoved,
                format!("enum value {value} removed"),
                Level::Revision,
            );
        }
        for value in after.iter().filter(|v| !before.contains(v)) {
            self.push(
                path,
                "enum",
                Kind::EnumValueAdded,
                format!("enum value {value} added"),
                Level::Addition,
            );
        }
    }

    fn additional(&mut self, path: &str, a: Option<&Value>, b: Option<&Value>) {
        let closed = |v: Option<&Value>| v == Some(&Value::Bool(false));
        let key = "additionalProperties";
        match (closed(a), closed(b)) {
            (false, true) => {
                self.tightened(path, key, true, "other properties no longer allowed".into())
            }
            (true, false) => {
                self.tightened(path, key, false, "other properties now allowed".into())
            }
            _ => {
                let detail = format!("{key} changed from {} to {}", shown(a), shown(b));
                self.push(path, key, Kind::ConstraintChanged, detail, Level::Revision);
            }
        }
    }

    fn references(&mut self, path: &str, a: Option<&Value>, b: Option<&Value>) {
        let key = "x-references";
        let (kind, level, detail) = match (a, b) {
            (None, Some(b)) => (
                Kind::RuleAdded,
                Level::Revision,
                format!("now refers to {b}"),
            ),
            (Some(a), None) => (
                Kind::RuleRemoved,
                Level::Addition,
                format!("no longer refers to {a}"),
            ),
            _ => (
                Kind::ReferenceChanged,
                Level::Model,
                format!("refers to {} instead of {}", shown(b), shown(a)),
            ),
        };
        self.push(path, key, kind, detail, level);
    }
}
