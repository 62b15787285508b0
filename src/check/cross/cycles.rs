//! Loops through references marked `x-acyclic` (a record its own parent or
//! annex, however indirectly), each reported once, at its first member in
//! file order.

use foldhash::{HashMap, HashMapExt};

use super::index::{Index, Problem};
use crate::schema::rules::Rule;

/// A node on the search path: the record, its outgoing `(rule, record)`
/// edges, and how many of them were followed.
type Frame = (usize, Vec<(u16, usize)>, usize);

pub(super) fn cycles(index: &Index) -> Vec<(usize, Problem)> {
    let records = index.records;
    let mut found = Vec::new();
    for (collection, schema) in index.schemas.collections.iter().enumerate() {
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
        let ids = &index.ids[collection];
        let edges = |node: usize| -> Vec<(u16, usize)> {
            records[node]
                .refs
                .iter()
                .filter(|(rule, _)| acyclic.contains(rule))
                .filter_map(|&(rule, id)| ids.get(&id).map(|&to| (rule, to)))
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
                        found.push(closing(&path, &acyclic, &edges));
                    }
                    _ => {}
                }
            }
        }
    }
    found
}

/// The loop `path` as a problem of its first member in file order, at the
/// reference that leads to the next member.
fn closing(
    path: &[usize],
    acyclic: &[u16],
    edges: &impl Fn(usize) -> Vec<(u16, usize)>,
) -> (usize, Problem) {
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
    (
        first,
        Problem::Cycle {
            rule,
            next,
            path: rotated,
        },
    )
}
