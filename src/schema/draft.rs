//! Which JSON Schema draft a schema file is written in, and draft-03 read as
//! draft-04.
//!
//! Each file under `schemas/` is read under the draft its own `$schema`
//! names, whatever the files that refer to it are written in (a 2020-12
//! wrapper around draft-04 vendor files is how standards publish today).
//! The validator reads drafts 4 to 2020-12 itself; draft-03, which several
//! open-data standards still publish, it does not, so a draft-03 file is
//! translated in memory into the draft-04 schema that means the same, and
//! every pointer into the translation can be mapped back to the file as
//! written. The files on disk, and the copies a release republishes, stay
//! as written.

use serde_json::{json, Map, Value};

use crate::issue::escape_token;

/// A JSON Schema draft docket reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Draft {
    Draft3,
    Draft4,
    Draft6,
    Draft7,
    Draft201909,
    Draft202012,
}

/// What a schema's `$schema` says of its draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Declared {
    /// No `$schema`: read as 2020-12, as the validator and Python
    /// `jsonschema` both do.
    Absent,
    Known(Draft),
    /// A meta-schema that is none of the drafts (a custom one, or a typo).
    Other(String),
}

pub(crate) const SUPPORTED: &str = "draft-03, draft-04, draft-06, draft-07, 2019-09 and 2020-12";

impl Draft {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Draft::Draft3 => "draft-03",
            Draft::Draft4 => "draft-04",
            Draft::Draft6 => "draft-06",
            Draft::Draft7 => "draft-07",
            Draft::Draft201909 => "2019-09",
            Draft::Draft202012 => "2020-12",
        }
    }

    fn of_uri(uri: &str) -> Option<Draft> {
        let uri = uri.trim_end_matches('#');
        let uri = uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://"))?;
        Some(match uri {
            "json-schema.org/draft-03/schema" => Draft::Draft3,
            "json-schema.org/draft-04/schema" => Draft::Draft4,
            "json-schema.org/draft-06/schema" => Draft::Draft6,
            "json-schema.org/draft-07/schema" => Draft::Draft7,
            "json-schema.org/draft/2019-09/schema" => Draft::Draft201909,
            "json-schema.org/draft/2020-12/schema" | "json-schema.org/schema" => Draft::Draft202012,
            _ => return None,
        })
    }
}

/// The draft `schema`'s own `$schema` declares.
pub(crate) fn declared(schema: &Value) -> Declared {
    match schema.get("$schema").and_then(Value::as_str) {
        None => Declared::Absent,
        Some(uri) => {
            Draft::of_uri(uri).map_or_else(|| Declared::Other(uri.to_owned()), Declared::Known)
        }
    }
}

/// Where each part of a translated schema came from: pairs of (pointer in
/// the translation, pointer in the file as written) for every part that
/// moved; everything below a moved part moved with it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Origins {
    moved: Vec<(String, String)>,
}

impl Origins {
    /// The pointer in the file as written for `pointer` in the translation.
    pub(crate) fn original(&self, pointer: &str) -> String {
        let best = self
            .moved
            .iter()
            .filter(|(translated, _)| {
                pointer == translated
                    || (pointer.starts_with(translated.as_str())
                        && pointer[translated.len()..].starts_with('/'))
            })
            .max_by_key(|(translated, _)| translated.len());
        match best {
            Some((translated, original)) => format!("{original}{}", &pointer[translated.len()..]),
            None => pointer.to_owned(),
        }
    }

    fn moved(&mut self, translated: String, original: String) {
        if translated != original {
            self.moved.push((translated, original));
        }
    }
}

/// The draft-04 schema a draft-03 schema means, and where its parts came
/// from: `required: true` on a property becomes the parent's `required`
/// list, `extends` becomes `allOf`, `disallow` becomes `not`,
/// `divisibleBy` becomes `multipleOf`, a type union that holds schemas (or
/// `"any"`) becomes `anyOf`, a string dependency becomes a list of one, and
/// the draft-03 format names become draft-04's (`ip-address`, `host-name`;
/// `time`, a bare `hh:mm:ss` in draft-03, becomes the pattern it means).
pub(crate) fn from_draft3(schema: &Value) -> (Value, Origins) {
    let mut origins = Origins::default();
    let mut out = node(schema, String::new(), String::new(), &mut origins);
    if let Value::Object(map) = &mut out {
        map.insert(
            "$schema".into(),
            Value::String("http://json-schema.org/draft-04/schema#".into()),
        );
    }
    (out, origins)
}

/// Rewrites `schema`, a file of `draft`, in the one vocabulary docket's
/// walkers read (columns, rules, hints, the schema comparison), where
/// drafts spell the same thing differently: a tuple is `prefixItems` (with
/// the schema of the items after it in `items`), as 2020-12 writes what
/// drafts 4 to 2019-09 write as an array `items` and `additionalItems`;
/// an exclusive bound is the number `exclusiveMinimum`, as draft-06 on
/// writes what draft-04 writes as `minimum` with `exclusiveMinimum: true`.
/// Validation never reads this form.
pub(crate) fn for_walkers(schema: &mut Value, draft: Draft) {
    let Value::Object(map) = schema else {
        return;
    };
    if draft < Draft::Draft202012 {
        if let Some(Value::Array(_)) = map.get("items") {
            let tuple = map.remove("items").unwrap_or_default();
            map.insert("prefixItems".into(), tuple);
            if let Some(rest) = map.remove("additionalItems") {
                map.insert("items".into(), rest);
            }
        }
    }
    if draft <= Draft::Draft4 {
        for (flag, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            match map.get(flag) {
                Some(Value::Bool(true)) => match map.remove(bound) {
                    Some(limit) => {
                        map.insert(flag.into(), limit);
                    }
                    None => {
                        map.remove(flag);
                    }
                },
                Some(Value::Bool(false)) => {
                    map.remove(flag);
                }
                _ => {}
            }
        }
    }
    for (key, child) in map.iter_mut() {
        if DATA_KEYWORDS.contains(&key.as_str()) {
            continue;
        }
        match child {
            Value::Array(items) => items.iter_mut().for_each(|item| for_walkers(item, draft)),
            Value::Object(_) => for_walkers(child, draft),
            _ => {}
        }
    }
}

/// Keywords whose values are data, not schemas.
const DATA_KEYWORDS: [&str; 5] = ["enum", "const", "default", "examples", "example"];

/// Draft-03 keywords whose values are maps of schemas.
const SCHEMA_MAPS: [&str; 4] = ["properties", "patternProperties", "definitions", "$defs"];
/// Draft-03 keywords whose values are one schema (or a boolean).
const SCHEMA_VALUES: [&str; 3] = ["additionalProperties", "additionalItems", "not"];

fn node(schema: &Value, at: String, from: String, origins: &mut Origins) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    origins.moved(at.clone(), from.clone());
    let mut out = Map::new();
    let mut required = Vec::new();
    let mut all_of = Vec::new();
    let mut any_of = None;
    for (key, value) in map {
        let token = escape_token(key);
        let here = |k: &str| format!("{at}/{k}");
        let there = format!("{from}/{token}");
        match (key.as_str(), value) {
            (k, Value::Object(children)) if SCHEMA_MAPS.contains(&k) => {
                let mut translated = Map::new();
                for (name, child) in children {
                    let name_token = escape_token(name);
                    if k == "properties" && child.get("required") == Some(&Value::Bool(true)) {
                        origins.moved(
                            format!("{at}/required/{}", required.len()),
                            format!("{there}/{name_token}/required"),
                        );
                        required.push(Value::String(name.clone()));
                    }
                    let mut child = node(
                        child,
                        format!("{}/{name_token}", here(&token)),
                        format!("{there}/{name_token}"),
                        origins,
                    );
                    if k == "properties" {
                        if let Value::Object(child) = &mut child {
                            if child.get("required").is_some_and(Value::is_boolean) {
                                child.remove("required");
                            }
                        }
                    }
                    translated.insert(name.clone(), child);
                }
                out.insert(key.clone(), Value::Object(translated));
            }
            (k, _) if SCHEMA_VALUES.contains(&k) => {
                out.insert(key.clone(), node(value, here(&token), there, origins));
            }
            ("items", Value::Array(items)) => {
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        node(
                            item,
                            format!("{at}/items/{i}"),
                            format!("{there}/{i}"),
                            origins,
                        )
                    })
                    .collect();
                out.insert(key.clone(), Value::Array(items));
            }
            ("items", _) => {
                out.insert(key.clone(), node(value, here("items"), there, origins));
            }
            ("required", Value::Bool(_)) => {} // the parent's list says it
            ("extends", Value::Array(parents)) => {
                for (i, parent) in parents.iter().enumerate() {
                    let at = format!("{at}/allOf/{}", all_of.len());
                    all_of.push(node(parent, at, format!("{there}/{i}"), origins));
                }
            }
            ("extends", _) => {
                let at = format!("{at}/allOf/{}", all_of.len());
                all_of.push(node(value, at, there, origins));
            }
            ("disallow", _) => {
                let not = match type_union(value, format!("{at}/not/anyOf"), there, origins) {
                    (_, Union::Any) => json!({}),
                    (names, Union::Names) => json!({ "type": names }),
                    (schemas, Union::Schemas) => schemas,
                };
                out.insert("not".into(), not);
            }
            ("divisibleBy", _) => {
                origins.moved(here("multipleOf"), there);
                out.insert("multipleOf".into(), value.clone());
            }
            ("type", _) => match type_union(value, format!("{at}/anyOf"), there, origins) {
                (_, Union::Any) => {}
                (types, Union::Names) => {
                    out.insert(key.clone(), types);
                }
                (Value::Object(mut wrapper), Union::Schemas) => {
                    any_of = wrapper.remove("anyOf");
                }
                _ => {}
            },
            ("dependencies", Value::Object(dependencies)) => {
                let mut translated = Map::new();
                for (name, dependency) in dependencies {
                    let name_token = escape_token(name);
                    let dependency = match dependency {
                        Value::String(one) => json!([one]),
                        Value::Object(_) => node(
                            dependency,
                            format!("{at}/dependencies/{name_token}"),
                            format!("{there}/{name_token}"),
                            origins,
                        ),
                        other => other.clone(),
                    };
                    translated.insert(name.clone(), dependency);
                }
                out.insert(key.clone(), Value::Object(translated));
            }
            ("format", Value::String(format)) => match format.as_str() {
                "ip-address" => {
                    out.insert(key.clone(), json!("ipv4"));
                }
                "host-name" => {
                    out.insert(key.clone(), json!("hostname"));
                }
                "time" => all_of.push(json!({
                    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
                })),
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            },
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    if let Some(any_of) = any_of {
        if out.contains_key("anyOf") {
            all_of.push(json!({ "anyOf": any_of }));
        } else {
            out.insert("anyOf".into(), any_of);
        }
    }
    if !all_of.is_empty() {
        out.insert("allOf".into(), Value::Array(all_of));
    }
    Value::Object(out)
}

/// What a draft-03 `type` (or `disallow`) union comes to.
enum Union {
    /// `"any"` among them: no constraint.
    Any,
    /// Type names only: draft-04's `type` says the same.
    Names,
    /// Schemas among them: an `anyOf`.
    Schemas,
}

/// A draft-03 type union as draft-04: `{"type": …}` or `{"anyOf": […]}`
/// (for `disallow`, the schema to put under `not`), with `at` the pointer
/// of that `anyOf` in the translation.
fn type_union(value: &Value, at: String, from: String, origins: &mut Origins) -> (Value, Union) {
    let members: Vec<&Value> = match value {
        Value::Array(members) => members.iter().collect(),
        one => vec![one],
    };
    if members.iter().any(|m| m.as_str() == Some("any")) {
        return (json!({}), Union::Any);
    }
    if members.iter().all(|m| m.is_string()) {
        return (value.clone(), Union::Names);
    }
    let branches = members
        .iter()
        .enumerate()
        .map(|(i, member)| match member {
            Value::String(name) => json!({ "type": name }),
            schema => {
                let there = if value.is_array() {
                    format!("{from}/{i}")
                } else {
                    from.clone()
                };
                node(schema, format!("{at}/{i}"), there, origins)
            }
        })
        .collect();
    (json!({ "anyOf": Value::Array(branches) }), Union::Schemas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft3_keywords_become_draft4() {
        let schema = json!({
            "$schema": "http://json-schema.org/draft-03/schema#",
            "type": "object",
            "properties": {
                "name": {"type": "string", "required": true},
                "extends": {"type": ["string", {"type": "integer", "divisibleBy": 2}]},
                "alias": {"type": "string", "required": false}
            },
            "dependencies": {"alias": "name"},
            "extends": {"$ref": "#/definitions/base"},
            "disallow": ["null"],
            "definitions": {"base": {"type": "any"}}
        });
        let (out, origins) = from_draft3(&schema);
        assert_eq!(out["$schema"], "http://json-schema.org/draft-04/schema#");
        assert_eq!(out["required"], json!(["name"]));
        assert!(out["properties"]["name"].get("required").is_none());
        assert!(out["properties"]["alias"].get("required").is_none());
        assert_eq!(out["properties"]["extends"]["anyOf"][1]["multipleOf"], 2);
        assert_eq!(out["allOf"], json!([{"$ref": "#/definitions/base"}]));
        assert_eq!(out["not"], json!({"type": ["null"]}));
        assert_eq!(out["dependencies"]["alias"], json!(["name"]));
        assert!(out["definitions"]["base"].get("type").is_none());
        assert!(jsonschema::meta::validate(&out).is_ok());

        assert_eq!(origins.original("/required/0"), "/properties/name/required");
        assert_eq!(origins.original("/allOf/0/$ref"), "/extends/$ref");
        assert_eq!(
            origins.original("/properties/extends/anyOf/1/multipleOf"),
            "/properties/extends/type/1/divisibleBy"
        );
        assert_eq!(
            origins.original("/properties/name/type"),
            "/properties/name/type"
        );
    }

    #[test]
    fn walkers_read_one_vocabulary() {
        let mut schema = json!({
            "properties": {
                "pair": {"items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false},
                "list": {"items": {"type": "string"}},
                "score": {"minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": false},
                "tag": {"enum": [{"items": [1]}]}
            }
        });
        for_walkers(&mut schema, Draft::Draft4);
        let p = &schema["properties"];
        assert_eq!(
            p["pair"],
            json!({"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false})
        );
        assert_eq!(p["list"], json!({"items": {"type": "string"}}));
        assert_eq!(p["score"], json!({"exclusiveMinimum": 0, "maximum": 10}));
        assert_eq!(p["tag"], json!({"enum": [{"items": [1]}]}));
    }

    #[test]
    fn drafts_are_named_by_their_uri() {
        assert_eq!(
            declared(&json!({"$schema": "http://json-schema.org/draft-03/schema#"})),
            Declared::Known(Draft::Draft3)
        );
        assert_eq!(
            declared(&json!({"$schema": "https://json-schema.org/draft/2020-12/schema"})),
            Declared::Known(Draft::Draft202012)
        );
        assert_eq!(declared(&json!({})), Declared::Absent);
        assert!(matches!(
            declared(&json!({"$schema": "https://example.org/meta"})),
            Declared::Other(_)
        ));
    }
}
