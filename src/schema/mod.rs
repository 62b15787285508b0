//! The dataset's schemas: one `schemas/<collection>.schema.json` per
//! collection (plus any files of shared definitions they refer to), each
//! compiled once into a validator and read once for its extension keywords
//! and its key.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use jsonschema::Validator;
use serde_json::Value;

pub(crate) mod bundle;
pub(crate) mod draft;
pub(crate) mod key;
pub(crate) mod names;
pub(crate) mod resolve;
pub(crate) mod rules;

use self::bundle::{Form, SchemaFile};
use self::draft::{Declared, Draft, SUPPORTED};
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
        let registry = registry(&files)?;
        let mut checked = vec![false; files.len()];
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
            let walk = bundle::bundle(&files, index, Form::Walk).map_err(bad)?;
            // A file that names no draft is read under the collection's.
            let root_draft = files[index].draft(Draft::Draft202012);
            for &held in &walk.files {
                if !std::mem::replace(&mut checked[held], true) {
                    let path = dir.join(&files[held].relative);
                    check_file(&files, held, root_draft, &path)?;
                }
            }
            let one_file = walk.files.len() == 1;
            let drafts: BTreeSet<_> = walk
                .files
                .iter()
                .map(|&i| root_draft.and_then(|d| files[i].draft(d)))
                .collect();
            let compound = if one_file {
                files[index].value.clone()
            } else {
                bundle::bundle(&files, index, Form::Compound)
                    .map_err(bad)?
                    .document
            };
            // One self-contained text: the file's own bytes when nothing was
            // brought in or translated; one document when every file is of
            // one draft (a validator reads it as it reads the files); the
            // compound document when drafts mix.
            let text = if one_file && files[index].origins.is_none() {
                texts[index].1.clone()
            } else {
                let shown = if drafts.len() == 1 {
                    bundle::bundle(&files, index, Form::Published)
                        .map_err(bad)?
                        .document
                } else {
                    compound.clone()
                };
                serde_json::to_string_pretty(&shown).map_err(|e| bad(e.to_string()))?
            };
            let validator = validator(path, &compound, registry.as_ref())?;
            let mut compiled = compile(path, name, walk.document, validator)?;
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
                        Some(t) if t.single_key().is_none() => format!("`x-references` names `{target}`, whose records have no single-property key to refer to (give its schema a required `id` property or `\"{KEY_KEYWORD}\": \"<property>\"`)"),
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

/// The dataset's own meta-schemas (files under `schemas/` that another
/// file's `$schema` names), by their location and `$id`, for the validator
/// to read those files by. References between schemas never go through it:
/// the compound bundle holds every file a collection refers to.
fn registry(files: &[SchemaFile]) -> Result<Option<jsonschema::Registry<'static>>> {
    let named: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| match &f.declared {
            Declared::Other(uri) => Some(uri.trim_end_matches('#')),
            _ => None,
        })
        .collect();
    let meta: Vec<&SchemaFile> = files
        .iter()
        .filter(|f| f.uris().any(|u| named.contains(u)))
        .collect();
    if meta.is_empty() {
        return Ok(None);
    }
    let mut builder = jsonschema::Registry::new();
    for file in meta {
        let bad = |e: jsonschema::ReferencingError| Error::BadSchema {
            path: PathBuf::from("schemas").join(&file.relative),
            reason: format!("cannot be read as a meta-schema: {e}"),
        };
        for uri in file.uris() {
            builder = builder.add(uri, file.value.clone()).map_err(bad)?;
        }
    }
    builder.prepare().map(Some).map_err(|e| Error::BadSchema {
        path: PathBuf::from("schemas"),
        reason: format!("cannot be read as meta-schemas: {e}"),
    })
}

/// Checks one schema file against the meta-schema of the draft it declares:
/// a file that cannot be used is reported with its own path and the place
/// inside it (in the file as written, for a translated draft-03 file),
/// never with a dump of the offending value.
fn check_file(
    files: &[SchemaFile],
    index: usize,
    inherited: Option<Draft>,
    path: &Path,
) -> Result<()> {
    let file = &files[index];
    let bad = |reason: String| Error::BadSchema {
        path: path.to_owned(),
        reason,
    };
    if let Declared::Other(uri) = &file.declared {
        let own = files
            .iter()
            .any(|f| f.uris().any(|u| u == uri.trim_end_matches('#')));
        return if own {
            Ok(())
        } else {
            Err(bad(format!(
                "`$schema` names `{uri}`, which is none of the drafts docket reads ({SUPPORTED}) and no file under `schemas/` declares as its `$id`"
            )))
        };
    }
    let Some(draft) = inherited.and_then(|d| file.draft(d)) else {
        // Read under a meta-schema of the dataset's own: the validator
        // checks it against that.
        return Ok(());
    };
    let Err(error) = meta_validate(draft, &file.value) else {
        return Ok(());
    };
    let name = match &file.declared {
        Declared::Known(declared) => declared.name().to_owned(),
        _ => format!(
            "{} (it names no `$schema`, so it is read as the schema referring to it is)",
            draft.name()
        ),
    };
    let at = error.instance_path().as_str();
    let at = file
        .origins
        .as_ref()
        .map_or_else(|| at.to_owned(), |o| o.original(at));
    let at = if at.is_empty() {
        "the top level".to_owned()
    } else {
        format!("`{at}`")
    };
    Err(bad(format!(
        "not a valid {name} schema: at {at}, {}",
        error.masked_with("the value")
    )))
}

/// Checks `schema` against the meta-schema of `draft`, whatever its own
/// `$schema` says (a file that names none is read under the draft of the
/// schema referring to it).
fn meta_validate(
    draft: Draft,
    schema: &Value,
) -> std::result::Result<(), jsonschema::ValidationError<'_>> {
    match draft {
        Draft::Draft3 | Draft::Draft4 => jsonschema::draft4::meta::validate(schema),
        Draft::Draft6 => jsonschema::draft6::meta::validate(schema),
        Draft::Draft7 => jsonschema::draft7::meta::validate(schema),
        Draft::Draft201909 => jsonschema::draft201909::meta::validate(schema),
        Draft::Draft202012 => jsonschema::draft202012::meta::validate(schema),
    }
}

fn validator(
    path: &Path,
    schema: &Value,
    registry: Option<&jsonschema::Registry<'_>>,
) -> Result<Validator> {
    let bad = |reason: String| Error::BadSchema {
        path: path.to_owned(),
        reason,
    };
    let mut options = jsonschema::options().should_validate_formats(true);
    if let Some(registry) = registry {
        options = options.with_registry(registry);
    }
    options
        .build(schema)
        .map_err(|e| match e.kind() {
            jsonschema::error::ValidationErrorKind::Referencing(_) => bad(format!(
                "{e}. docket never fetches schemas over the network: save every schema it refers to under `schemas/`"
            )),
            _ => bad(e.masked_with("the value").to_string()),
        })
}

fn compile(
    path: &Path,
    name: &str,
    schema: Value,
    validator: Validator,
) -> Result<CollectionSchema> {
    let bad = |reason: String| Error::BadSchema {
        path: path.to_owned(),
        reason,
    };
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
