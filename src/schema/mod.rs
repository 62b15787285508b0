//! The dataset's schemas: one `schemas/<collection>.schema.json` per
//! collection (plus any files of shared definitions they refer to), each
//! compiled once into a validator and read once for its extension keywords
//! and its key.

use std::fs;
use std::path::{Path, PathBuf};

use jsonschema::Validator;
use serde_json::Value;

pub(crate) mod bundle;
pub(crate) mod key;
pub(crate) mod names;
pub(crate) mod resolve;
pub(crate) mod rules;

use self::bundle::SchemaFile;
pub(crate) use self::key::{declared_key, key_value, KEY_KEYWORD};
pub(crate) use self::resolve::{lookup, resolve, subschema_at};
use self::rules::{PathRule, Rule};
use crate::error::{Error, Result};

/// One collection's schema, ready to use.
pub struct CollectionSchema {
    pub name: String,
    pub file: String,
    /// The schema with every other file it refers to bundled in, so that
    /// all its `$ref`s are local.
    pub schema: Value,
    /// The schema as one self-contained text: the file's exact bytes, or the
    /// bundled schema when it refers to other files.
    pub text: String,
    pub validator: Validator,
    pub rules: Vec<PathRule>,
    /// The properties whose values identify a record: `x-key` when the
    /// schema names it, else `id` when the schema declares one. A keyless
    /// collection validates, but cannot be exported.
    pub key: Option<Vec<String>>,
}

impl CollectionSchema {
    /// The one property that is the key, when the key is a single property
    /// (the only kind a file name can carry).
    pub fn single_key(&self) -> Option<&str> {
        match self.key.as_deref() {
            Some([one]) => Some(one),
            _ => None,
        }
    }

    /// The record's key as one string: the value of a single key property
    /// (a string as it is, anything else as JSON), or the JSON array of the
    /// values of a composite key. `None` when the collection has no key or
    /// the record lacks it (schema validation reports that).
    pub fn key_of(&self, record: &Value) -> Option<String> {
        key_value(record, self.key.as_deref()?)
    }
}

/// Every collection's schema, sorted by collection name.
pub struct SchemaSet {
    pub collections: Vec<CollectionSchema>,
    /// Every schema file under `schemas/` (collections and shared
    /// definitions), as `(path below schemas/, its exact text)`, sorted:
    /// what a release republishes, read once.
    pub files: Vec<(String, String)>,
}

impl SchemaSet {
    /// Reads every `*.json` file under `root/schemas/` (subfolders included)
    /// and compiles one validator per collection: each
    /// `schemas/<collection>.schema.json`, with the other files it refers to
    /// bundled in. A schema that cannot be compiled (including one whose
    /// `$ref` leads to no file under `schemas/`: docket never fetches
    /// anything) stops the run.
    pub fn load(root: &Path) -> Result<SchemaSet> {
        let dir = root.join("schemas");
        if !dir.is_dir() {
            return Err(Error::NoSchemas {
                root: root.to_owned(),
            });
        }
        let mut paths = Vec::new();
        schema_files(&dir, "", 0, &mut paths)?;
        let mut files = Vec::new();
        let mut texts = Vec::new();
        for (relative, path) in &paths {
            let text = fs::read_to_string(path).map_err(|source| Error::Read {
                path: path.to_owned(),
                source,
            })?;
            let value = serde_json::from_str(&text).map_err(|e| Error::BadSchema {
                path: path.to_owned(),
                reason: format!("not valid JSON: {e}"),
            })?;
            files.push(SchemaFile::new(relative, value));
            texts.push((relative.clone(), text));
        }
        let mut collections = Vec::new();
        for (index, (relative, path)) in paths.iter().enumerate() {
            let Some(name) = relative.strip_suffix(".schema.json") else {
                continue;
            };
            if name.contains('/') {
                continue;
            }
            let bad = |reason: String| Error::BadSchema {
                path: path.clone(),
                reason,
            };
            let schema = bundle::bundle(&files, index).map_err(bad)?;
            // One self-contained text: the file's own bytes unless bundling
            // brought other files in.
            let text = if schema == files[index].value {
                texts[index].1.clone()
            } else {
                serde_json::to_string_pretty(&schema).map_err(|e| bad(e.to_string()))?
            };
            let mut compiled = compile(path, name, schema)?;
            compiled.text = text;
            collections.push(compiled);
        }
        let set = SchemaSet {
            collections,
            files: texts,
        };
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
                    let reason = match self.get(target) {
                        None => format!("`x-references` names `{target}`, but there is no `schemas/{target}.schema.json`"),
                        Some(t) if t.single_key().is_none() => format!("`x-references` names `{target}`, whose records have no single-property key to refer to (give its schema an `id` property or `\"{KEY_KEYWORD}\": \"<property>\"`)"),
                        Some(_) => continue,
                    };
                    return Err(Error::BadSchema {
                        path: collection.file.clone().into(),
                        reason,
                    });
                }
            }
        }
        Ok(())
    }
}

/// Every `*.json` file below `dir`, sorted, with its `/`-separated path
/// relative to `schemas/`. Hidden entries are skipped; nesting is bounded,
/// so a folder link that loops cannot hang the walk.
fn schema_files(
    dir: &Path,
    prefix: &str,
    depth: usize,
    found: &mut Vec<(String, PathBuf)>,
) -> Result<()> {
    if depth > 16 {
        return Ok(());
    }
    for path in crate::paths::sorted_entries(dir).map_err(Error::reading(dir))? {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            schema_files(&path, &format!("{relative}/"), depth + 1, found)?;
        } else if name.ends_with(".json") && path.is_file() {
            found.push((relative, path));
        }
    }
    Ok(())
}

fn compile(path: &Path, name: &str, schema: Value) -> Result<CollectionSchema> {
    let bad = |reason: String| Error::BadSchema {
        path: path.to_owned(),
        reason,
    };
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| match e.kind() {
            jsonschema::error::ValidationErrorKind::Referencing(_) => bad(format!(
                "{e}. docket never fetches schemas over the network: save every schema it refers to under `schemas/`"
            )),
            _ => bad(e.to_string()),
        })?;
    let rules = rules::collect(&schema).map_err(bad)?;
    let key = declared_key(&schema).map_err(bad)?;
    Ok(CollectionSchema {
        name: name.to_owned(),
        file: crate::paths::shown(path),
        schema,
        text: String::new(),
        validator,
        rules,
        key,
    })
}
