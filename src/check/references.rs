//! Checks across records: ids unique and equal to file names, references
//! resolving, keys declared with `x-unique-with` unique, and dates marked
//! `x-not-future` not after today.

use std::collections::HashMap;

use serde_json::Value;

use super::rules::{values_at, Rule};
use super::schemas::SchemaSet;
use super::suggest;
use crate::issue::Issue;
use crate::load::{Loaded, Record};

/// Every cross-record issue of the dataset. `today` is an ISO date.
pub fn check(loaded: &Loaded, schemas: &SchemaSet, today: &str) -> Vec<Issue> {
    let records = &loaded.records;
    let mut issues = Vec::new();
    let mut ids = index_ids(records, &mut issues);
    for (collection, stem) in &loaded.unparsed {
        ids.entry(collection.as_str())
            .or_default()
            .entry(stem.as_str())
            .or_insert(None);
    }
    for record in records {
        let Some(schema) = schemas.get(&record.collection) else {
            continue;
        };
        for rule in &schema.rules {
            for (pointer, value) in values_at(&record.value, &rule.path) {
                match &rule.rule {
                    Rule::References(target) => {
                        if let Some(id) = value.as_str() {
                            check_reference(record, &pointer, id, target, &ids, &mut issues);
                        }
                    }
                    Rule::NotFuture => {
                        if let Some(date) = value.as_str() {
                            if date.len() == 10 && date > today {
                                issues.push(Issue::in_record(
                                    "date.future",
                                    &record.file,
                                    pointer,
                                    format!("`{date}` is in the future (today is {today})"),
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    check_unique_keys(records, schemas, &mut issues);
    issues
}

/// Ids per collection; reports duplicates and ids that differ from their file name.
fn index_ids<'r>(
    records: &'r [Record],
    issues: &mut Vec<Issue>,
) -> HashMap<&'r str, HashMap<&'r str, Option<&'r Record>>> {
    let mut ids: HashMap<&str, HashMap<&str, Option<&Record>>> = HashMap::new();
    for record in records {
        let Some(id) = record.value.get("id").and_then(Value::as_str) else {
            continue;
        };
        if id != record.stem {
            issues.push(
                Issue::in_record(
                    "id.file-name",
                    &record.file,
                    "/id",
                    format!("the id `{id}` differs from the file name `{}`", record.stem),
                )
                .with_help(format!(
                    "name the file `{id}` with its extension, or change the id"
                )),
            );
        }
        let collection = ids.entry(record.collection.as_str()).or_default();
        match collection.get(id) {
            Some(Some(first)) => issues.push(Issue::in_record(
                "id.duplicate",
                &record.file,
                "/id",
                format!("the id `{id}` is already used by {}", first.file),
            )),
            _ => {
                collection.insert(id, Some(record));
            }
        }
    }
    ids
}

fn check_reference(
    record: &Record,
    pointer: &str,
    id: &str,
    target: &str,
    ids: &HashMap<&str, HashMap<&str, Option<&Record>>>,
    issues: &mut Vec<Issue>,
) {
    let known = ids.get(target);
    if known.is_some_and(|k| k.contains_key(id)) {
        return;
    }
    let singular = singular(target);
    let mut issue = Issue::in_record(
        format!("ref.unknown-{singular}"),
        &record.file,
        pointer,
        format!("unknown {singular} `{id}`: no record in `{target}` has this id"),
    );
    let candidates = known.into_iter().flat_map(|k| k.keys().copied());
    if let Some(best) = suggest::closest(id, candidates) {
        issue = issue.with_help(format!("did you mean `{best}`?"));
    }
    issues.push(issue);
}

/// `organizations` → `organization`, `treaties` → `treaty`.
pub fn singular(collection: &str) -> String {
    if let Some(stem) = collection.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = collection.strip_suffix('s') {
        stem.to_owned()
    } else {
        collection.to_owned()
    }
}

/// `x-unique-with`: the value and its listed siblings, together, are unique
/// within the collection.
fn check_unique_keys(records: &[Record], schemas: &SchemaSet, issues: &mut Vec<Issue>) {
    let mut seen: HashMap<(String, String), &Record> = HashMap::new();
    for record in records {
        let Some(schema) = schemas.get(&record.collection) else {
            continue;
        };
        for rule in &schema.rules {
            let Rule::UniqueWith(siblings) = &rule.rule else {
                continue;
            };
            for (pointer, value) in values_at(&record.value, &rule.path) {
                let parent = &pointer[..pointer.rfind('/').unwrap_or(0)];
                let Some(object) = record.value.pointer(parent) else {
                    continue;
                };
                let field = &pointer[pointer.rfind('/').map_or(0, |i| i + 1)..];
                let mut key = vec![value.to_string()];
                let mut described = vec![format!("`{field}` {value}")];
                for sibling in siblings {
                    let v = object.get(sibling).cloned().unwrap_or(Value::Null);
                    described.push(format!("`{sibling}` {v}"));
                    key.push(v.to_string());
                }
                let slot = (
                    format!("{}:{}", record.collection, pointer),
                    key.join("\u{0}"),
                );
                match seen.get(&slot) {
                    Some(first) => issues.push(Issue::in_record(
                        "unique.duplicate",
                        &record.file,
                        pointer.clone(),
                        format!(
                            "{} is already used by {}",
                            described.join(" with "),
                            first.file
                        ),
                    )),
                    None => {
                        seen.insert(slot, record);
                    }
                }
            }
        }
    }
}
