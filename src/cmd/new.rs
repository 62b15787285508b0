//! `docket new`: a record file scaffolded from its collection's schema.

use std::fmt::Write as _;
use std::fs;
use std::io::Write;

use serde_json::Value;

use super::Global;
use crate::error::{Error, Result};
use crate::schema::{resolve, SchemaSet};

pub(crate) const ABOUT: &str = "\
Write datasets/COLLECTION/ID.yaml with every field the collection's schema
requires, each under a comment that says what it holds (and its allowed
values), and every optional field commented out beneath. Placeholders are
left empty on purpose: `docket validate` reports each one still to fill in.

The file starts with a `# yaml-language-server: $schema=…` line, so editors
with the YAML language server check the record while it is written.

Refuses an id the schema does not accept and a record file that exists.";

/// The one line `docket --help` lists.
pub(crate) const SUMMARY: &str = "Scaffold a record file from its collection's schema";

/// The arguments of `docket new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The collection (a folder under `datasets/` with a schema).
    pub collection: String,
    /// The new record's id, which is also its file name.
    pub id: String,
}

pub(crate) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8> {
    let root = global.root.as_path();
    let schemas = SchemaSet::load(root)?;
    let Some(collection) = schemas.get(&args.collection) else {
        return Err(Error::UnknownCollection {
            name: args.collection.clone(),
            known: schemas.names(),
        });
    };
    let schema = &collection.schema;
    if let Some(id_schema) = schema
        .pointer("/properties/id")
        .and_then(|p| resolve(schema, p))
    {
        let valid = jsonschema::validator_for(id_schema)
            .is_ok_and(|v| v.is_valid(&Value::String(args.id.clone())));
        if !valid {
            return Err(Error::InvalidId {
                id: args.id.clone(),
                collection: args.collection.clone(),
                reason: describe(id_schema),
            });
        }
    }
    let path = root
        .join("datasets")
        .join(&args.collection)
        .join(format!("{}.yaml", args.id));
    if fs::symlink_metadata(&path).is_ok() {
        return Err(Error::RecordExists { path });
    }
    // The modeline the YAML language server (VS Code, Neovim, Helix, Zed…)
    // reads to validate the record while it is typed.
    let mut text = format!(
        "# yaml-language-server: $schema=../../schemas/{}.schema.json\n",
        args.collection
    );
    let title = schema
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(&args.collection);
    let _ = writeln!(
        text,
        "# {title}: {}",
        schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
    );
    let _ = writeln!(
        text,
        "# Fill in every empty value; `docket validate` says what is still missing."
    );
    scaffold(schema, schema, 0, Some(&args.id), &mut text);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_owned(),
            source,
        })?;
    }
    fs::write(&path, text).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    writeln!(out, "wrote {}", crate::paths::shown(&path))?;
    Ok(0)
}

fn describe(id_schema: &Value) -> String {
    match id_schema.get("pattern").and_then(Value::as_str) {
        Some(pattern) => format!("it must match `{pattern}`"),
        None => "see the schema".to_owned(),
    }
}

/// The fields of an object schema: required ones with placeholders, optional ones commented out.
fn scaffold(root: &Value, object: &Value, indent: usize, id: Option<&str>, out: &mut String) {
    let object = resolve(root, object).unwrap_or(object);
    let pad = " ".repeat(indent);
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = object.get("properties").and_then(Value::as_object) else {
        return;
    };
    for pass in [true, false] {
        for (name, property) in properties {
            if required.contains(&name.as_str()) != pass {
                continue;
            }
            let resolved = resolve(root, property).unwrap_or(property);
            let description = property
                .get("description")
                .or_else(|| resolved.get("description"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let _ = writeln!(out, "{pad}# {description}");
            if let Some(values) = resolved.get("enum").and_then(Value::as_array) {
                let list: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                let _ = writeln!(out, "{pad}# one of: {}", list.join(", "));
            }
            let comment = if pass { "" } else { "# " };
            let kind = resolved
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("string");
            match kind {
                "object" => {
                    let _ = writeln!(out, "{pad}{comment}{name}:");
                    if pass {
                        scaffold(root, resolved, indent + 2, None, out);
                    }
                }
                "array" => {
                    let items = resolved.get("items").map(|i| resolve(root, i).unwrap_or(i));
                    let min = resolved
                        .get("minItems")
                        .and_then(Value::as_u64)
                        .unwrap_or(0);
                    match items {
                        Some(items)
                            if pass
                                && min > 0
                                && items.get("type").and_then(Value::as_str) == Some("object") =>
                        {
                            let _ = writeln!(out, "{pad}{name}:");
                            let mut item = String::new();
                            scaffold(root, items, indent + 4, None, &mut item);
                            let item =
                                item.replacen(&" ".repeat(indent + 4), &format!("{pad}  - "), 1);
                            out.push_str(&item);
                        }
                        _ => {
                            let _ = writeln!(out, "{pad}{comment}{name}: []");
                        }
                    }
                }
                _ => {
                    let placeholder = match (name.as_str(), id, kind) {
                        ("id", Some(id), _) => format!("\"{id}\""),
                        (_, _, "integer" | "number") => "0".to_owned(),
                        (_, _, "boolean") => "false".to_owned(),
                        _ => "\"\"".to_owned(),
                    };
                    let _ = writeln!(out, "{pad}{comment}{name}: {placeholder}");
                }
            }
        }
    }
}
