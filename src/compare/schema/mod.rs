//! Keyword-by-keyword comparison of two versions of a dataset's schemas,
//! each change classified by SchemaVer and mapped onto semantic versioning.
//!
//! SchemaVer (MODEL-REVISION-ADDITION) says what a change does to the data
//! already published: a MODEL change breaks readers of the published files
//! or every existing record (a field removed, renamed or retyped, a required
//! field added, a reference pointing elsewhere, the key changed); a REVISION may invalidate
//! some existing records (a constraint tightened, an enum value removed, a
//! rule added); an ADDITION is compatible with all of them (an optional
//! field, an enum value or a description added, a constraint loosened).
//! MODEL needs a new major version, REVISION at least a new minor one and
//! ADDITION at least a new patch.
//!
//! Both sides are walked together from each collection's root, with local
//! `$ref`s resolved and merged with the keywords beside them, so a change in
//! a shared `$defs` entry is reported at every field that uses it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::Result;
use walk::{Node, Walk};

mod walk;

/// What a change does to the published data, by SchemaVer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    /// Compatible with every existing record and reader: at least a patch.
    Addition,
    /// May invalidate some existing records: at least a minor version.
    Revision,
    /// Breaks readers of the published files or every existing record: a major version.
    Model,
}

impl Level {
    /// The semantic-version part this level needs increased at least.
    pub fn part(self) -> &'static str {
        match self {
            Level::Addition => "patch",
            Level::Revision => "minor",
            Level::Model => "major",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Addition => "ADDITION",
            Level::Revision => "REVISION",
            Level::Model => "MODEL",
        })
    }
}

/// The kind of a schema change; its stable name is its JSON form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    CollectionAdded,
    CollectionRemoved,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldRetyped,
    EnumValueAdded,
    EnumValueRemoved,
    ConstraintTightened,
    ConstraintLoosened,
    ConstraintChanged,
    ReferenceChanged,
    KeyChanged,
    DefaultChanged,
    DescriptionChanged,
    RuleAdded,
    RuleRemoved,
    RuleChanged,
}

/// One difference between the old and the new schema of a collection.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SchemaChange {
    pub collection: String,
    /// The field path (`provenance[].quote`); empty for the record as a whole.
    pub field: String,
    /// The schema keyword that changed (`maxLength`, `enum`, `properties`…).
    pub keyword: String,
    pub kind: Kind,
    /// What changed, in a phrase (`maxLength tightened from 40 to 6`).
    pub detail: String,
    pub level: Level,
}

/// Each collection's schema, by collection name.
pub type Schemas = BTreeMap<String, Value>;

/// The collections' schemas under `root/schemas/`, each bundled with the
/// files it refers to (as validation reads them), so that a release's
/// schemas and a dataset's compare like for like whatever their layout.
pub fn read(root: &Path) -> Result<Schemas> {
    Ok(crate::schema::SchemaSet::load(root)?
        .collections
        .into_iter()
        .map(|c| (c.name, c.schema))
        .collect())
}

/// Every change from `old` to `new`, collection by collection.
pub fn compare(old: &Schemas, new: &Schemas) -> Vec<SchemaChange> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        let mut walk = Walk {
            collection: name,
            old_root: old.get(name).unwrap_or(&Value::Null),
            new_root: new.get(name).unwrap_or(&Value::Null),
            out: &mut out,
            entered: Vec::new(),
        };
        match (old.get(name), new.get(name)) {
            (Some(_), None) => walk.push(
                "",
                "",
                Kind::CollectionRemoved,
                "collection removed".into(),
                Level::Model,
            ),
            (None, Some(_)) => walk.push(
                "",
                "",
                Kind::CollectionAdded,
                "collection added".into(),
                Level::Addition,
            ),
            (Some(a), Some(b)) => {
                let (a, b) = (walk.resolve_old(a), walk.resolve_new(b));
                walk.node("", &a, &b);
            }
            (None, None) => {}
        }
    }
    out
}

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
pub fn key(schema: &Value) -> Vec<String> {
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
