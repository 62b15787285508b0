//! Every `x-references` value names a record of its target collection.

use rayon::prelude::*;

use super::index::{Index, Problem};
use crate::schema::rules::Rule;

/// The records with an unknown reference (one problem per rule), and how
/// many unknown values there are in all.
pub(super) fn unknown(index: &Index) -> (Vec<(usize, Problem)>, usize) {
    // The collection each rule's references point into, looked up once.
    let targets: Vec<Vec<Option<usize>>> = index
        .schemas
        .collections
        .iter()
        .map(|c| {
            c.rules
                .iter()
                .map(|r| match &r.rule {
                    Rule::References(target) => index.schemas.index(target),
                    _ => None,
                })
                .collect()
        })
        .collect();
    // On all cores: the id maps are only read.
    let found: Vec<(usize, Vec<Problem>, usize)> = index
        .records
        .par_iter()
        .enumerate()
        .filter_map(|(record, facts)| {
            let mut found = Vec::new();
            let mut count = 0;
            for &(rule, id) in facts.refs.iter() {
                let Some(target) = targets[facts.collection as usize][rule as usize] else {
                    continue;
                };
                if index.ids[target].contains_key(&id) {
                    continue;
                }
                count += 1;
                let seen = found
                    .iter()
                    .any(|p| matches!(p, Problem::Unknown { rule: r, .. } if *r == rule));
                if !seen {
                    found.push(Problem::Unknown { rule, target });
                }
            }
            (count > 0).then_some((record, found, count))
        })
        .collect();
    let count = found.iter().map(|(_, _, n)| n).sum();
    let problems = found
        .into_iter()
        .flat_map(|(record, found, _)| found.into_iter().map(move |p| (record, p)))
        .collect();
    (problems, count)
}
