//! Checks across records, on the facts each record left behind: ids unique,
//! references resolving, `x-unique-with` keys unique. A record with a
//! problem is read again to say where in it the problem is.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::interner::{Interner, Sym};
use super::record::{unique_key, RecordFacts};
use super::rules::{values_at, Rule};
use super::schemas::SchemaSet;
use super::suggest;
use crate::issue::Issue;
use crate::load::{Dataset, Format, Limits};

/// "Did you mean" is computed only while unknown references times
/// candidate ids stay under this, so a broken import of a million records
/// cannot turn the report into a quadratic search.
const SUGGESTION_BUDGET: usize = 20_000_000;

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

/// Where a record is, as a message names it: the file, and the line of a JSONL record.
fn place(dataset: &Dataset, facts: &RecordFacts) -> String {
    let file = dataset.file(facts.origin);
    match file.format {
        Format::Jsonl => format!("{}:{}", file.display, facts.origin.line),
        _ => file.display.clone(),
    }
}

pub fn check(
    records: &[RecordFacts],
    schemas: &SchemaSet,
    interner: &Interner,
    dataset: &Dataset,
    limits: &Limits,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    // Ids per collection; a broken file's presumed id never hides a real one.
    let mut ids: Vec<HashMap<Sym, usize>> = vec![HashMap::new(); schemas.collections.len()];
    for (index, facts) in records.iter().enumerate() {
        let Some(id) = facts.id else { continue };
        let known = &mut ids[facts.collection as usize];
        match known.get(&id) {
            Some(&first) if facts.parsed && records[first].parsed => {
                let file = dataset.file(facts.origin);
                issues.push(
                    Issue::in_record(
                        "id.duplicate",
                        &file.display,
                        "/id",
                        format!(
                            "the id `{}` is already used by {}",
                            interner.resolve(id),
                            place(dataset, &records[first])
                        ),
                    )
                    .in_record_at(facts.origin),
                );
            }
            Some(_) if !facts.parsed => {}
            _ => {
                known.insert(id, index);
            }
        }
    }

    // Unknown references and repeated keys, grouped by record so each is read once.
    let mut problems: BTreeMap<usize, Vec<Problem>> = BTreeMap::new();
    let mut seen_keys: HashMap<(u16, Sym), usize> = HashMap::new();
    for (index, facts) in records.iter().enumerate() {
        let schema = &schemas.collections[facts.collection as usize];
        for &(rule, id) in facts.refs.iter() {
            let Rule::References(target) = &schema.rules[rule as usize].rule else {
                continue;
            };
            let Some(target) = schemas.index(target) else {
                continue;
            };
            if !ids[target].contains_key(&id) {
                problems
                    .entry(index)
                    .or_default()
                    .push(Problem::Unknown { rule, id, target });
            }
        }
        for &(rule, key) in facts.keys.iter() {
            match seen_keys.get(&(facts.collection, key)) {
                Some(&first) => {
                    problems
                        .entry(index)
                        .or_default()
                        .push(Problem::Repeated { rule, key, first })
                }
                None => {
                    seen_keys.insert((facts.collection, key), index);
                }
            }
        }
    }
    let unknown = problems
        .values()
        .flatten()
        .filter(|p| matches!(p, Problem::Unknown { .. }))
        .count();
    let candidates: Vec<Vec<std::sync::Arc<str>>> = ids
        .iter()
        .map(|known| {
            if unknown * known.len() > SUGGESTION_BUDGET {
                return Vec::new();
            }
            let mut list: Vec<_> = known.keys().map(|&s| interner.resolve(s)).collect();
            list.sort();
            list
        })
        .collect();

    for (index, found) in problems {
        let facts = &records[index];
        let file = dataset.file(facts.origin);
        let Ok(value) = dataset.parse_at(facts.origin, limits) else {
            continue;
        };
        let schema = &schemas.collections[facts.collection as usize];
        for problem in found {
            let issue = match problem {
                Problem::Unknown { rule, id, target } => {
                    let id = interner.resolve(id);
                    let pointer = pointer_of(&value, &schema.rules[rule as usize].path, |v| {
                        v.as_str() == Some(&*id)
                    });
                    let target_name = &schemas.collections[target].name;
                    let singular = singular(target_name);
                    let mut issue = Issue::in_record(
                        format!("ref.unknown-{singular}"),
                        &file.display,
                        pointer,
                        format!(
                            "unknown {singular} `{id}`: no record in `{target_name}` has this id"
                        ),
                    );
                    if let Some(best) =
                        suggest::closest(&id, candidates[target].iter().map(|c| &**c))
                    {
                        issue = issue.with_help(format!("did you mean `{best}`?"));
                    }
                    issue
                }
                Problem::Repeated { rule, key, first } => {
                    let Rule::UniqueWith(siblings) = &schema.rules[rule as usize].rule else {
                        continue;
                    };
                    let key = interner.resolve(key);
                    let found = values_at(&value, &schema.rules[rule as usize].path)
                        .into_iter()
                        .find(|(pointer, v)| unique_key(&value, pointer, v, siblings) == *key);
                    let Some((pointer, v)) = found else { continue };
                    let field = &pointer[pointer.rfind('/').map_or(0, |i| i + 1)..];
                    let parent = &pointer[..pointer.rfind('/').unwrap_or(0)];
                    let mut described = vec![format!("`{field}` {v}")];
                    for sibling in siblings {
                        let s = value
                            .pointer(parent)
                            .and_then(|o| o.get(sibling))
                            .cloned()
                            .unwrap_or(Value::Null);
                        described.push(format!("`{sibling}` {s}"));
                    }
                    Issue::in_record(
                        "unique.duplicate",
                        &file.display,
                        pointer.clone(),
                        format!(
                            "{} is already used by {}",
                            described.join(" with "),
                            place(dataset, &records[first])
                        ),
                    )
                }
            };
            issues.push(issue.in_record_at(facts.origin));
        }
    }
    issues
}

enum Problem {
    Unknown { rule: u16, id: Sym, target: usize },
    Repeated { rule: u16, key: Sym, first: usize },
}

/// The pointer of the first value at `path` that `matches`.
fn pointer_of(
    value: &Value,
    path: &[super::rules::Step],
    matches: impl Fn(&Value) -> bool,
) -> String {
    values_at(value, path)
        .into_iter()
        .find(|(_, v)| matches(v))
        .map(|(pointer, _)| pointer)
        .unwrap_or_default()
}
