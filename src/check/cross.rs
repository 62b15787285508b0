//! Checks across records, on the facts each record left behind: ids unique,
//! references resolving, `x-unique-with` keys unique. A record with a
//! problem is read again to say where in it the problem is.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use rayon::prelude::*;
use serde_json::Value;

use super::interner::{Interner, Sym};
use super::record::{unique_key_hash, KeyHash, RecordFacts};
use super::rules::{values_at, Rule};
use super::schemas::SchemaSet;
use super::suggest;
use crate::issue::{clip, Issue};
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
    let mut sizes = vec![0; schemas.collections.len()];
    for facts in records {
        sizes[facts.collection as usize] += 1;
    }
    let mut ids: Vec<HashMap<Sym, usize>> = sizes.into_iter().map(HashMap::with_capacity).collect();
    // The collection each rule's references point into, looked up once.
    let targets: Vec<Vec<Option<usize>>> = schemas
        .collections
        .iter()
        .map(|c| {
            c.rules
                .iter()
                .map(|r| match &r.rule {
                    Rule::References(target) => schemas.index(target),
                    _ => None,
                })
                .collect()
        })
        .collect();
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
    // Unknown references (checked on all cores: the id maps are only read)
    // and repeated keys, grouped by record so each is read once.
    let unknown_refs: Vec<(usize, Vec<Problem>, usize)> = records
        .par_iter()
        .enumerate()
        .filter_map(|(index, facts)| {
            let mut found = Vec::new();
            let mut count = 0;
            for &(rule, id) in facts.refs.iter() {
                let Some(target) = targets[facts.collection as usize][rule as usize] else {
                    continue;
                };
                if !ids[target].contains_key(&id) {
                    count += 1;
                    if !found
                        .iter()
                        .any(|p| matches!(p, Problem::Unknown { rule: r, .. } if *r == rule))
                    {
                        found.push(Problem::Unknown { rule, target });
                    }
                }
            }
            (count > 0).then_some((index, found, count))
        })
        .collect();
    let unknown: usize = unknown_refs.iter().map(|(_, _, n)| n).sum();
    let mut problems: BTreeMap<usize, Vec<Problem>> = unknown_refs
        .into_iter()
        .map(|(i, found, _)| (i, found))
        .collect();
    let mut seen_keys: HashMap<(u16, KeyHash), usize> = HashMap::new();
    for (index, facts) in records.iter().enumerate() {
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
    for (index, cycle) in cycles(records, schemas, &ids) {
        problems.entry(index).or_default().push(cycle);
    }
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
    let known = |target: usize, id: &str| {
        interner
            .get(id)
            .is_some_and(|sym| ids[target].contains_key(&sym))
    };
    let resolved: Vec<Vec<Issue>> = problems.into_par_iter().map(|(index, found)| {
        let mut issues = Vec::new();
        let facts = &records[index];
        let file = dataset.file(facts.origin);
        let Ok(value) = dataset.parse_at(facts.origin, limits) else {
            return issues;
        };
        let schema = &schemas.collections[facts.collection as usize];
        for problem in found {
            match problem {
                Problem::Unknown { rule, target } => {
                    let target_name = &schemas.collections[target].name;
                    let singular = singular(target_name);
                    for (pointer, v) in values_at(&value, &schema.rules[rule as usize].path) {
                        let Some(id) = v.as_str() else { continue };
                        if known(target, id) {
                            continue;
                        }
                        let mut issue = Issue::in_record(
                            format!("ref.unknown-{singular}"),
                            &file.display,
                            pointer,
                            format!(
                                "unknown {singular} `{}`: no record in `{target_name}` has this id",
                                clip(id)
                            ),
                        );
                        if let Some(best) =
                            suggest::closest(id, candidates[target].iter().map(|c| &**c))
                        {
                            issue = issue.with_help(format!("did you mean `{}`?", clip(best)));
                        }
                        issues.push(issue.in_record_at(facts.origin));
                    }
                }
                Problem::Repeated { rule, key, first } => {
                    let Rule::UniqueWith(siblings) = &schema.rules[rule as usize].rule else {
                        continue;
                    };
                    let found = values_at(&value, &schema.rules[rule as usize].path)
                        .into_iter()
                        .find(|(pointer, v)| unique_key_hash(&value, pointer, v, siblings) == key);
                    let Some((pointer, v)) = found else { continue };
                    let field = &pointer[pointer.rfind('/').map_or(0, |i| i + 1)..];
                    let parent = &pointer[..pointer.rfind('/').unwrap_or(0)];
                    let mut described = vec![format!("`{field}` {}", clip(&v.to_string()))];
                    for sibling in siblings {
                        let s = value
                            .pointer(parent)
                            .and_then(|o| o.get(sibling))
                            .cloned()
                            .unwrap_or(Value::Null);
                        described.push(format!("`{sibling}` {}", clip(&s.to_string())));
                    }
                    issues.push(
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
                        .in_record_at(facts.origin),
                    );
                }
                Problem::Cycle { rule, next, path } => {
                    let next_id = records[next]
                        .id
                        .map(|s| interner.resolve(s))
                        .unwrap_or_else(|| "".into());
                    let pointer = values_at(&value, &schema.rules[rule as usize].path)
                        .into_iter()
                        .find(|(_, v)| v.as_str() == Some(&*next_id))
                        .map(|(pointer, _)| pointer)
                        .unwrap_or_default();
                    let names: Vec<String> = path
                        .iter()
                        .chain(path.first())
                        .map(|&i| {
                            records[i]
                                .id
                                .map(|s| clip(&interner.resolve(s)))
                                .unwrap_or_default()
                        })
                        .collect();
                    issues.push(
                        Issue::in_record(
                            "ref.cycle",
                            &file.display,
                            pointer,
                            format!("these references form a loop: {}", names.join(" → ")),
                        )
                        .with_help("a record cannot be its own ancestor (its own parent, or an annex of itself), however indirectly")
                        .in_record_at(facts.origin),
                    );
                }
            }
        }
            issues
    }).collect();
    issues.extend(resolved.into_iter().flatten());
    issues
}

enum Problem {
    /// Some values at this rule's path name no record of `target`.
    Unknown { rule: u16, target: usize },
    Repeated {
        rule: u16,
        key: KeyHash,
        first: usize,
    },
    /// The record's reference (at `rule`) to `next` closes the loop `path`.
    Cycle {
        rule: u16,
        next: usize,
        path: Vec<usize>,
    },
}

/// A node on the search path: the record, its outgoing `(rule, record)`
/// edges, and how many of them were followed.
type Frame = (usize, Vec<(u16, usize)>, usize);

/// Loops through references marked `x-acyclic`, each reported once, at its
/// first member in file order.
fn cycles(
    records: &[RecordFacts],
    schemas: &SchemaSet,
    ids: &[HashMap<Sym, usize>],
) -> Vec<(usize, Problem)> {
    let mut found = Vec::new();
    for (collection, schema) in schemas.collections.iter().enumerate() {
        let acyclic: Vec<u16> = schema
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(&r.rule, Rule::References(t) if *t == schema.name))
            .filter(|(_, r)| {
                schema
                    .rules
                    .iter()
                    .any(|o| o.rule == Rule::Acyclic && o.path == r.path)
            })
            .map(|(i, _)| i as u16)
            .collect();
        if acyclic.is_empty() {
            continue;
        }
        let edges = |node: usize| -> Vec<(u16, usize)> {
            records[node]
                .refs
                .iter()
                .filter(|(rule, _)| acyclic.contains(rule))
                .filter_map(|&(rule, id)| ids[collection].get(&id).map(|&to| (rule, to)))
                .filter(|&(_, to)| records[to].parsed)
                .collect()
        };
        // Iterative depth-first search: 1 = on the current path, 2 = finished.
        let mut state: HashMap<usize, u8> = HashMap::new();
        for start in (0..records.len())
            .filter(|&i| records[i].collection as usize == collection && records[i].parsed)
        {
            if state.contains_key(&start) {
                continue;
            }
            let mut stack: Vec<Frame> = vec![(start, edges(start), 0)];
            state.insert(start, 1);
            while let Some((node, out, next)) = stack.last_mut() {
                let node = *node;
                if *next >= out.len() {
                    state.insert(node, 2);
                    stack.pop();
                    continue;
                }
                let to = out[*next].1;
                *next += 1;
                match state.get(&to) {
                    None => {
                        state.insert(to, 1);
                        let out = edges(to);
                        stack.push((to, out, 0));
                    }
                    Some(1) => {
                        let from = stack.iter().position(|(n, _, _)| *n == to).unwrap_or(0);
                        let path: Vec<usize> = stack[from..].iter().map(|(n, _, _)| *n).collect();
                        let at = path
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, n)| **n)
                            .map_or(0, |(i, _)| i);
                        let first = path[at];
                        let next = path[(at + 1) % path.len()];
                        let rule = edges(first)
                            .iter()
                            .find(|(_, t)| *t == next)
                            .map_or(acyclic[0], |(r, _)| *r);
                        let mut rotated = path[at..].to_vec();
                        rotated.extend_from_slice(&path[..at]);
                        found.push((
                            first,
                            Problem::Cycle {
                                rule,
                                next,
                                path: rotated,
                            },
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
    found
}
