//! The extension keywords a schema declares (`x-references`, `x-unique-with`,
//! `x-verbatim`, `x-source-file`, `x-sha256-of`, `x-not-future`), collected
//! once per schema as paths into a record, so the checks after schema
//! validation are generic over any dataset laid out the docket way.

use serde_json::Value;

use crate::issue::escape_token;

/// One step of a path into a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Field(String),
    /// Every item of an array.
    Item,
}

/// What an extension keyword asks of the value at its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The value is the id of a record in this collection.
    References(String),
    /// The value together with these sibling fields is unique in the collection.
    UniqueWith(Vec<String>),
    /// The text occurs in the record's source file.
    Verbatim,
    /// The value names the record's source file.
    SourceFile,
    /// The value is the SHA-256 of the source file named by this sibling field.
    Sha256Of(String),
    /// The value is a date that is not after today.
    NotFuture,
    /// Following this reference from record to record never comes back.
    Acyclic,
}

/// A rule and the path it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRule {
    pub path: Vec<Step>,
    pub rule: Rule,
}

/// Collects every rule a schema declares, following local `$ref`s.
pub(crate) fn collect(schema: &Value) -> Result<Vec<PathRule>, String> {
    let mut rules = Vec::new();
    let mut refs = Vec::new();
    walk(schema, schema, &mut Vec::new(), &mut refs, &mut rules)?;
    rules.dedup();
    Ok(rules)
}

fn walk(
    root: &Value,
    node: &Value,
    path: &mut Vec<Step>,
    refs: &mut Vec<String>,
    rules: &mut Vec<PathRule>,
) -> Result<(), String> {
    let Some(map) = node.as_object() else {
        return Ok(());
    };
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        // A recursive definition adds no new paths after its first expansion.
        if !refs.iter().any(|r| r == reference) {
            let target = super::resolve::lookup(root, reference)
                .ok_or_else(|| format!("`$ref` `{reference}` does not point inside the schema"))?;
            refs.push(reference.to_owned());
            walk(root, target, path, refs, rules)?;
            refs.pop();
        }
    }
    for (keyword, value) in map {
        let rule = match (keyword.as_str(), value) {
            ("x-references", Value::String(c)) => Rule::References(c.clone()),
            ("x-unique-with", Value::Array(fields)) => Rule::UniqueWith(
                fields
                    .iter()
                    .filter_map(|f| f.as_str().map(str::to_owned))
                    .collect(),
            ),
            ("x-verbatim", Value::Bool(true)) => Rule::Verbatim,
            ("x-source-file", Value::Bool(true)) => Rule::SourceFile,
            ("x-sha256-of", Value::String(field)) => Rule::Sha256Of(field.clone()),
            ("x-not-future", Value::Bool(true)) => Rule::NotFuture,
            ("x-acyclic", Value::Bool(true)) => Rule::Acyclic,
            (k, _)
                if k.starts_with("x-references") || k == "x-unique-with" || k == "x-sha256-of" =>
            {
                return Err(format!("`{k}` has a value of the wrong type"));
            }
            _ => continue,
        };
        rules.push(PathRule {
            path: path.clone(),
            rule,
        });
    }
    if let Some(Value::Object(properties)) = map.get("properties") {
        for (name, sub) in properties {
            path.push(Step::Field(name.clone()));
            walk(root, sub, path, refs, rules)?;
            path.pop();
        }
    }
    if let Some(items) = map.get("items") {
        path.push(Step::Item);
        walk(root, items, path, refs, rules)?;
        path.pop();
    }
    for keyword in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(branches)) = map.get(keyword) {
            for branch in branches {
                walk(root, branch, path, refs, rules)?;
            }
        }
    }
    Ok(())
}

/// Every value of `record` at `path`, with its JSON pointer.
pub(crate) fn values_at<'v>(record: &'v Value, path: &[Step]) -> Vec<(String, &'v Value)> {
    let mut found = Vec::new();
    expand(record, path, String::new(), &mut found);
    found
}

fn expand<'v>(
    value: &'v Value,
    path: &[Step],
    pointer: String,
    found: &mut Vec<(String, &'v Value)>,
) {
    let Some((step, rest)) = path.split_first() else {
        found.push((pointer, value));
        return;
    };
    match (step, value) {
        (Step::Field(name), Value::Object(map)) => {
            if let Some(child) = map.get(name) {
                expand(
                    child,
                    rest,
                    format!("{pointer}/{}", escape_token(name)),
                    found,
                );
            }
        }
        (Step::Item, Value::Array(items)) => {
            for (i, child) in items.iter().enumerate() {
                expand(child, rest, format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// Calls `visit` for every value of `record` at `path`, without building
/// pointers: the fast path for the checks that rarely fail.
pub(crate) fn for_each_value<'v>(
    record: &'v Value,
    path: &[Step],
    visit: &mut impl FnMut(&'v Value),
) {
    let Some((step, rest)) = path.split_first() else {
        visit(record);
        return;
    };
    match (step, record) {
        (Step::Field(name), Value::Object(map)) => {
            if let Some(child) = map.get(name) {
                for_each_value(child, rest, visit);
            }
        }
        (Step::Item, Value::Array(items)) => {
            for child in items {
                for_each_value(child, rest, visit);
            }
        }
        _ => {}
    }
}
