//! Figures about a dataset, derived from its schemas: records per collection,
//! counts per value of every enumerated field, how often each record is
//! referenced through each reference field, and provenance coverage.
//!
//! Nothing here knows the bundled collections: "recommendations per
//! document" is the `document` reference field of `recommendations`, and
//! "instruments by citing records" is the `treaties` entry of `cited_by`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::check::{Interner, Sym};
use crate::error::Result;
use crate::load::{self, Limits};
use crate::schema::rules::{for_each_value, Rule, Step};
use crate::schema::{resolve, SchemaSet};

/// The statistics of one dataset.
#[derive(Debug, Serialize)]
pub(crate) struct Stats {
    /// Per collection, in name order.
    pub collections: BTreeMap<String, CollectionStats>,
    /// Per reference field (`<collection>.<field path>`): which collection it
    /// points to and how many records of its collection name each target.
    pub references: BTreeMap<String, ReferenceStats>,
    /// Per target collection: for each record, how many distinct records of
    /// other collections (through any field) refer to it, such as the
    /// instruments by number of citing documents and recommendations.
    /// Links within a collection (a parent, an annex) are not counted.
    /// Records nobody refers to are listed with 0.
    pub cited_by: BTreeMap<String, Vec<Count>>,
    /// Record files that could not be read or parsed (see `docket validate`).
    pub unreadable_files: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct CollectionStats {
    pub records: usize,
    /// Records that name at least one source file (`x-source-file`).
    pub with_provenance: usize,
    /// `with_provenance / records`, 0 for an empty collection.
    pub provenance_share: f64,
    /// Per enumerated top-level field: records per value (every allowed
    /// value is listed, with 0 when unused).
    pub by_value: BTreeMap<String, BTreeMap<String, usize>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ReferenceStats {
    pub target: String,
    /// Records referring to each target id, most first (ties by id).
    pub counts: Vec<Count>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Count {
    pub id: String,
    pub records: usize,
}

/// What statistics need of one record.
struct Summary {
    collection: usize,
    id: Option<Sym>,
    with_provenance: bool,
    /// `(rule index, referenced id)`.
    refs: Vec<(usize, Sym)>,
    /// `(enumerated field, value)`.
    values: Vec<(usize, String)>,
}

/// Reads the dataset under `root` and computes its statistics, streaming
/// the records (memory holds one summary per record, not the records).
pub(crate) fn compute(root: &Path, limits: &Limits) -> Result<Stats> {
    let schemas = SchemaSet::load(root)?;
    let dataset = load::discover(root, &schemas.names())?;
    let interner = Interner::default();
    let enums: Vec<Vec<(String, Vec<String>)>> = schemas
        .collections
        .iter()
        .map(|c| enum_fields(&c.schema))
        .collect();
    let summaries = dataset.visit(limits, |file, _, parsed| {
        let value = parsed.ok()?;
        let collection = schemas.index(&file.collection)?;
        let schema = &schemas.collections[collection];
        let mut summary = Summary {
            collection,
            id: schema.key_of(&value).map(|id| interner.intern(&id)),
            with_provenance: false,
            refs: Vec::new(),
            values: Vec::new(),
        };
        for (index, rule) in schema.rules.iter().enumerate() {
            match &rule.rule {
                Rule::SourceFile => {
                    for_each_value(&value, &rule.path, &mut |_| summary.with_provenance = true)
                }
                Rule::References(_) => for_each_value(&value, &rule.path, &mut |v| {
                    if let Some(id) = v.as_str() {
                        summary.refs.push((index, interner.intern(id)));
                    }
                }),
                _ => {}
            }
        }
        for (index, (field, _)) in enums[collection].iter().enumerate() {
            if let Some(v) = value.get(field).and_then(Value::as_str) {
                summary.values.push((index, v.to_owned()));
            }
        }
        Some(summary)
    });
    let unreadable_files = summaries.iter().filter(|s| s.is_none()).count() + dataset.issues.len();
    let summaries: Vec<Summary> = summaries.into_iter().flatten().collect();

    let mut collections = BTreeMap::new();
    let mut references: BTreeMap<String, ReferenceStats> = BTreeMap::new();
    let mut citing: BTreeMap<String, BTreeMap<Sym, usize>> = BTreeMap::new();
    for (index, schema) in schemas.collections.iter().enumerate() {
        let members: Vec<&Summary> = summaries.iter().filter(|s| s.collection == index).collect();
        let with_provenance = members.iter().filter(|s| s.with_provenance).count();
        let mut by_value = BTreeMap::new();
        for (field_index, (field, allowed)) in enums[index].iter().enumerate() {
            let mut counts: BTreeMap<String, usize> =
                allowed.iter().map(|v| (v.clone(), 0)).collect();
            for member in &members {
                for (f, v) in &member.values {
                    if *f == field_index {
                        if let Some(n) = counts.get_mut(v) {
                            *n += 1;
                        }
                    }
                }
            }
            by_value.insert(field.clone(), counts);
        }
        collections.insert(
            schema.name.clone(),
            CollectionStats {
                records: members.len(),
                with_provenance,
                provenance_share: if members.is_empty() {
                    0.0
                } else {
                    (with_provenance as f64 / members.len() as f64 * 1000.0).round() / 1000.0
                },
                by_value,
            },
        );
        for (rule_index, rule) in schema.rules.iter().enumerate() {
            let Rule::References(target) = &rule.rule else {
                continue;
            };
            let mut per_id: BTreeMap<Sym, usize> = BTreeMap::new();
            for member in &members {
                let mut named: Vec<Sym> = member
                    .refs
                    .iter()
                    .filter(|(r, _)| *r == rule_index)
                    .map(|(_, id)| *id)
                    .collect();
                named.sort_unstable();
                named.dedup();
                for id in named {
                    *per_id.entry(id).or_insert(0) += 1;
                }
            }
            references.insert(
                format!("{}.{}", schema.name, field_path(&rule.path)),
                ReferenceStats {
                    target: target.clone(),
                    counts: ranked(
                        per_id
                            .into_iter()
                            .map(|(id, n)| (interner.resolve(id).to_string(), n)),
                    ),
                },
            );
        }
        // Records of other collections referring to each id, each counted once.
        for member in &members {
            let mut named: Vec<(&String, Sym)> = member
                .refs
                .iter()
                .filter_map(|(r, id)| match &schema.rules[*r].rule {
                    Rule::References(target) if *target != schema.name => Some((target, *id)),
                    _ => None,
                })
                .collect();
            named.sort_unstable();
            named.dedup();
            for (target, id) in named {
                *citing
                    .entry(target.clone())
                    .or_default()
                    .entry(id)
                    .or_insert(0) += 1;
            }
        }
    }
    let cited_by = citing
        .iter()
        .map(|(target, counts)| {
            let index = schemas.index(target).unwrap_or(usize::MAX);
            let ids = summaries
                .iter()
                .filter(|s| s.collection == index)
                .filter_map(|s| s.id);
            let rows = ids.map(|id| {
                (
                    interner.resolve(id).to_string(),
                    counts.get(&id).copied().unwrap_or(0),
                )
            });
            (target.clone(), ranked(rows))
        })
        .collect();
    Ok(Stats {
        collections,
        references,
        cited_by,
        unreadable_files,
    })
}

/// Counts sorted most first, then by id, so output is stable.
fn ranked(counts: impl Iterator<Item = (String, usize)>) -> Vec<Count> {
    let mut counts: Vec<Count> = counts.map(|(id, records)| Count { id, records }).collect();
    counts.sort_by(|a, b| b.records.cmp(&a.records).then_with(|| a.id.cmp(&b.id)));
    counts
}

/// `citations/*/instrument` → `citations.instrument`.
fn field_path(path: &[Step]) -> String {
    path.iter()
        .filter_map(|step| match step {
            Step::Field(name) => Some(name.as_str()),
            Step::Item => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Top-level properties whose schema is an `enum` of strings, with their values.
fn enum_fields(schema: &Value) -> Vec<(String, Vec<String>)> {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .filter_map(|(name, property)| {
            let values = resolve(schema, property)?.get("enum")?.as_array()?;
            Some((
                name.clone(),
                values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            ))
        })
        .collect()
}
