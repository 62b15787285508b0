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

mod change;
mod node;
mod walk;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

pub(crate) use self::change::{Kind, Level, SchemaChange};
pub(crate) use self::node::key;
use self::walk::Walk;
use crate::error::Result;

/// Each collection's schema, by collection name.
pub(crate) type Schemas = BTreeMap<String, Value>;

/// The collections' schemas under `root/schemas/`, each bundled with the
/// files it refers to (as validation reads them), so that a release's
/// schemas and a dataset's compare like for like whatever their layout.
pub(crate) fn read(root: &Path) -> Result<Schemas> {
    Ok(crate::schema::SchemaSet::load(root)?
        .collections
        .into_iter()
        .map(|c| (c.name, c.schema))
        .collect())
}

/// Every change from `old` to `new`, collection by collection.
pub(crate) fn compare(old: &Schemas, new: &Schemas) -> Vec<SchemaChange> {
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
