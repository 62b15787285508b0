//! Ids unique within a collection. Of two records sharing an id, the one
//! later in path and line order is the duplicate (a copy saved beside its
//! original); a file that could not be parsed never hides a real record.

use std::cmp::Ordering;

use foldhash::{HashMap, HashMapExt};

use super::index::{Index, Problem};
use crate::check::interner::Sym;
use crate::check::record::RecordFacts;
use crate::load::Dataset;
use crate::schema::SchemaSet;

/// The record holding each id, per collection.
pub(super) fn index(
    records: &[RecordFacts],
    schemas: &SchemaSet,
    dataset: &Dataset,
) -> Vec<HashMap<Sym, usize>> {
    let mut sizes = vec![0; schemas.collections.len()];
    for facts in records {
        sizes[facts.collection as usize] += 1;
    }
    let mut ids: Vec<HashMap<Sym, usize>> = sizes.into_iter().map(HashMap::with_capacity).collect();
    for (index, facts) in records.iter().enumerate() {
        let Some(id) = facts.id else { continue };
        let holder = ids[facts.collection as usize].entry(id).or_insert(index);
        // Only a second holder of an id is compared: the common case costs nothing.
        if *holder != index && comes_first(dataset, facts, &records[*holder]) {
            *holder = index;
        }
    }
    ids
}

/// Whether `a` keeps the id over `b`: a parsed record over a broken file,
/// then the earlier by file name (without extension), extension and line,
/// so `x.yaml` comes before `x-copy.yaml` and `x 2.yaml`.
fn comes_first(dataset: &Dataset, a: &RecordFacts, b: &RecordFacts) -> bool {
    fn order<'d>(dataset: &'d Dataset, facts: &RecordFacts) -> (bool, &'d str, &'d str, u32) {
        let file = dataset.file(facts.origin);
        (!facts.parsed, &file.stem, &file.display, facts.origin.line)
    }
    order(dataset, a).cmp(&order(dataset, b)) == Ordering::Less
}

/// Every parsed record whose id another record holds.
pub(super) fn duplicates(index: &Index) -> Vec<(usize, Problem)> {
    index
        .records
        .iter()
        .enumerate()
        .filter(|(_, facts)| facts.parsed)
        .filter_map(|(record, facts)| {
            let first = *index.ids[facts.collection as usize].get(&facts.id?)?;
            (first != record).then_some((record, Problem::DuplicateId { first }))
        })
        .collect()
}
