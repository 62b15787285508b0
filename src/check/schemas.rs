//! The dataset's schemas: one `schemas/<collection>.schema.json` per
//! collection, each compiled once into a validator and read once for its
//! extension keywords.

use std::fs;
use std::path::Path;

use jsonschema::Validator;
use serde_json::Value;

use super::rules::{self, PathRule, Rule};
use crate::issue::pointer_tokens;
use crate::{Error, Result};

/// One collection's schema, ready to use.
pub struct CollectionSchema {
    pub name: String,
    pub file: String,
    pub schema: Value,
    pub validator: Validator,
    pub rules: Vec<PathRule>,
}

/// Every collection's schema, sorted by collection name.
pub struct SchemaSet {
    pub collections: Vec<CollectionSchema>,
}

impl SchemaSet {
    /// Reads and compiles `root/schemas/*.schema.json`. A schema that cannot
    /// be compiled (including one with a remote `$ref`: docket never fetches
    /// anything) stops the run.
    pub fn load(root: &Path) -> Result<SchemaSet> {
        let dir = root.join("schemas");
        if !dir.is_dir() {
            return Err(Error::NoSchemas {
                root: root.to_owned(),
            });
        }
        let paths = crate::load::sorted_entries(&dir)?;
        let mut collections = Vec::new();
        for path in paths {
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".schema.json"))
            else {
                continue;
            };
            collections.push(compile(&path, name)?);
        }
        let set = SchemaSet { collections };
        set.check_references()?;
        Ok(set)
    }

    pub fn names(&self) -> Vec<String> {
        self.collections.iter().map(|c| c.name.clone()).collect()
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.collections.iter().position(|c| c.name == name)
    }

    pub fn get(&self, name: &str) -> Option<&CollectionSchema> {
        self.collections.iter().find(|c| c.name == name)
    }

    /// `x-references` must name a collection that has a schema.
    fn check_references(&self) -> Result<()> {
        for collection in &self.collections {
            for rule in &collection.rules {
                if let Rule::References(target) = &rule.rule {
                    if self.get(target).is_none() {
                        return Err(Error::BadSchema {
                            path: collection.file.clone().into(),
                            reason: format!("`x-references` names `{target}`, but there is no `schemas/{target}.schema.json`"),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

fn compile(path: &Path, name: &str) -> Result<CollectionSchema> {
    let bad = |reason: String| Error::BadSchema {
        path: path.to_owned(),
        reason,
    };
    let text = fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let schema: Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("not valid JSON: {e}")))?;
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| match e.kind() {
            jsonschema::error::ValidationErrorKind::Referencing(_) => bad(format!(
                "{e}. docket never fetches schemas over the network: make each schema self-contained, with shared definitions in its `$defs`"
            )),
            _ => bad(e.to_string()),
        })?;
    let rules = rules::collect(&schema).map_err(bad)?;
    Ok(CollectionSchema {
        name: name.to_owned(),
        file: crate::load::display_path(path),
        schema,
        validator,
        rules,
    })
}

/// The subschema that describes the value at `pointer`, following
/// `properties`, `items` and local `$ref`s.
pub fn subschema_at<'s>(root: &'s Value, pointer: &str) -> Option<&'s Value> {
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

pub fn resolve<'s>(root: &'s Value, mut node: &'s Value) -> Option<&'s Value> {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => node = root.pointer(r.strip_prefix('#')?)?,
            None => return Some(node),
        }
    }
    None
}
