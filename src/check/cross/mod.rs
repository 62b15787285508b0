//! Checks across records, on the facts each record left behind. One
//! detector per rule family finds the records with a problem without
//! reading any record again: [`ids`] (unique ids), [`references`] (every
//! `x-references` value names a record), [`keys`] (`x-unique-with` keys
//! unique) and [`cycles`] (`x-acyclic` references never loop). Then each
//! record with a problem is read once more, and [`wording`] turns its
//! problems into issues placed in that same text.

mod cycles;
mod ids;
mod index;
mod keys;
mod references;
mod wording;

use std::collections::BTreeMap;

use rayon::prelude::*;

use self::index::{Index, Problem};
use super::interner::Interner;
use super::locate;
use super::record::RecordFacts;
use crate::issue::Issue;
use crate::load::{Dataset, Limits};
use crate::schema::SchemaSet;

/// Every cross-record issue, placed in its file.
pub(super) fn check(
    records: &[RecordFacts],
    schemas: &SchemaSet,
    interner: &Interner,
    dataset: &Dataset,
    limits: &Limits,
) -> Vec<Issue> {
    let index = Index {
        records,
        schemas,
        dataset,
        ids: ids::index(records, schemas, dataset),
    };
    let mut problems: BTreeMap<usize, Vec<Problem>> = BTreeMap::new();
    let mut add = |found: Vec<(usize, Problem)>| {
        for (record, problem) in found {
            problems.entry(record).or_default().push(problem);
        }
    };
    add(ids::duplicates(&index));
    let (unknown, count) = references::unknown(&index);
    add(unknown);
    add(keys::repeated(&index));
    add(cycles::cycles(&index));
    let words = wording::Wording::new(&index, interner, count);
    let resolved: Vec<Vec<Issue>> = problems
        .into_par_iter()
        .map(|(record, found)| {
            let origin = records[record].origin;
            let Ok(bytes) = dataset.read(origin, limits) else {
                return Vec::new();
            };
            let value = crate::load::parse(&bytes, dataset.file(origin).format, limits).ok();
            let mut issues = words.issues(record, value.as_ref(), found);
            if let Ok(text) = std::str::from_utf8(&bytes) {
                locate::place(&mut issues, origin, text);
            }
            issues
        })
        .collect();
    resolved.into_iter().flatten().collect()
}
