//! Figures about a dataset, derived from its schemas: records per collection,
//! counts per value of every enumerated field, how often each record is
//! referenced through each reference field, and provenance coverage.
//!
//! Nothing here knows the bundled collections: "recommendations per
//! document" is the `document` reference field of `recommendations`, and
//! "instruments by citing records" is the `treaties` entry of `cited_by`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::check::rules::{values_at, Rule, Step};
use crate::check::schemas::{resolve, SchemaSet};
use crate::load::{self, Limits, Record};
use crate::Result;

/// The statistics of one dataset.
#[derive(Debug, Serialize)]
pub struct Stats {
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
pub struct CollectionStats {
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
pub struct ReferenceStats {
    pub target: String,
    /// Records referring to each target id, most first (ties by id).
    pub counts: Vec<Count>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Count {
    pub id: String,
    pub records: usize,
}

/// Reads the dataset under `root` and computes its statistics.
pub fn compute(root: &Path) -> Result<Stats> {
    let schemas = SchemaSet::load(root)?;
    let loaded = load::load(root, &schemas.names(), &Limits::default())?;
    Ok(from_records(&schemas, &loaded.records, loaded.issues.len()))
}

fn from_records(schemas: &SchemaSet, records: &[Record], unreadable_files: usize) -> Stats {
    let mut collections = BTreeMap::new();
    let mut references: BTreeMap<String, ReferenceStats> = BTreeMap::new();
    let mut citing: BTreeMap<String, BTreeMap<String, BTreeSet<(String, String)>>> =
        BTreeMap::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();

    for schema in &schemas.collections {
        let members: Vec<&Record> = records
            .iter()
            .filter(|r| r.collection == schema.name)
            .collect();
        ids.insert(
            schema.name.clone(),
            members
                .iter()
                .filter_map(|r| r.value.get("id")?.as_str().map(str::to_owned))
                .collect(),
        );
        let with_provenance = members
            .iter()
            .filter(|r| {
                schema
                    .rules
                    .iter()
                    .filter(|rule| rule.rule == Rule::SourceFile)
                    .any(|rule| !values_at(&r.value, &rule.path).is_empty())
            })
            .count();
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
                by_value: enum_counts(&schema.schema, &members),
            },
        );
        for rule in &schema.rules {
            let Rule::References(target) = &rule.rule else {
                continue;
            };
            let mut per_id: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
            for record in &members {
                for (_, value) in values_at(&record.value, &rule.path) {
                    let Some(id) = value.as_str() else { continue };
                    per_id
                        .entry(id.to_owned())
                        .or_default()
                        .insert(record.file.as_str());
                    if *target == schema.name {
                        continue;
                    }
                    let citer = record
                        .value
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or(&record.file);
                    citing
                        .entry(target.clone())
                        .or_default()
                        .entry(id.to_owned())
                        .or_default()
                        .insert((schema.name.clone(), citer.to_owned()));
                }
            }
            let field = field_path(&rule.path);
            references.insert(
                format!("{}.{field}", schema.name),
                ReferenceStats {
                    target: target.clone(),
                    counts: ranked(per_id.into_iter().map(|(id, files)| (id, files.len()))),
                },
            );
        }
    }

    let cited_by = citing
        .keys()
        .map(|target| {
            let counts = ids.get(target).into_iter().flatten().map(|id| {
                let n = citing[target].get(id).map_or(0, BTreeSet::len);
                (id.clone(), n)
            });
            (target.clone(), ranked(counts))
        })
        .collect();

    Stats {
        collections,
        references,
        cited_by,
        unreadable_files,
    }
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

/// For each top-level property whose schema is an `enum` of strings: how
/// many records have each value.
fn enum_counts(schema: &Value, members: &[&Record]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out = BTreeMap::new();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return out;
    };
    for (name, property) in properties {
        let Some(values) = resolve(schema, property)
            .and_then(|p| p.get("enum"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        let mut counts: BTreeMap<String, usize> = values
            .iter()
            .filter_map(Value::as_str)
            .map(|v| (v.to_owned(), 0))
            .collect();
        for record in members {
            if let Some(count) = record
                .value
                .get(name)
                .and_then(Value::as_str)
                .and_then(|v| counts.get_mut(v))
            {
                *count += 1;
            }
        }
        out.insert(name.clone(), counts);
    }
    out
}
