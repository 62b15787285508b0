//! `x-unique-with` keys unique within a collection: the later record
//! holding a key is reported, naming the first.

use rayon::slice::ParallelSliceMut;

use super::index::{Index, Problem};
use crate::check::record::KeyHash;

/// Finds repeated keys by sorting every `(collection, key, record)` triple
/// rather than filling a hash map: 32 bytes a key, no table at twice the
/// size nor a copy of it while it grows, which at a million records is the
/// difference between tens and hundreds of megabytes.
pub(super) fn repeated(index: &Index) -> Vec<(usize, Problem)> {
    let mut all: Vec<(u16, KeyHash, u32, u16)> = index
        .records
        .iter()
        .enumerate()
        .flat_map(|(record, facts)| {
            facts
                .keys
                .iter()
                .map(move |&(rule, key)| (facts.collection, key, record as u32, rule))
        })
        .collect();
    all.par_sort_unstable();
    let mut found = Vec::new();
    for group in all.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let first = group[0].2 as usize;
        for &(_, key, record, rule) in &group[1..] {
            found.push((record as usize, Problem::Repeated { rule, key, first }));
        }
    }
    // In record order, as the checks report.
    found.sort_by_key(|(record, _)| *record);
    found
}
