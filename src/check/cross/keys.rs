//! `x-unique-with` keys unique within a collection: the later record
//! holding a key is reported, naming the first.

use foldhash::{HashMap, HashMapExt};

use super::{Index, Problem};
use crate::check::record::KeyHash;

pub(super) fn repeated(index: &Index) -> Vec<(usize, Problem)> {
    let mut found = Vec::new();
    let mut seen: HashMap<(u16, KeyHash), usize> = HashMap::new();
    for (record, facts) in index.records.iter().enumerate() {
        for &(rule, key) in facts.keys.iter() {
            match seen.get(&(facts.collection, key)) {
                Some(&first) => found.push((record, Problem::Repeated { rule, key, first })),
                None => {
                    seen.insert((facts.collection, key), record);
                }
            }
        }
    }
    found
}
