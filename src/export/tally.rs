//! What the metadata files say about the records (the card's counts, the
//! charts' references, the site's first records), gathered on a thread of
//! its own as chunks stream past, so it costs the writers no time.

use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::{Scope, ScopedJoinHandle};

use serde_json::Value;

use super::collection::Collection;
use super::snippets::{self, ReferencePath};
use super::table::Kind;
use super::{charts, site};

/// Everything gathered once every record has streamed past.
pub(super) struct Tally {
    pub counts: Vec<Counts>,
    pub references: charts::References,
    pub site_records: site::Records,
}

/// What the card counts in a collection, gathered as records stream through.
pub(crate) struct Counts {
    pub records: usize,
    /// Per enumerated field: records per value, in schema order.
    pub by_value: Vec<(String, Vec<(String, usize)>)>,
    /// Per field that refers to another collection: records that fill it.
    pub references: Vec<ReferencePath>,
}

impl Counts {
    pub(crate) fn new(collection: &Collection) -> Counts {
        let by_value = collection
            .table
            .fields
            .iter()
            .filter_map(|f| match &f.kind {
                Kind::Enum(values) => Some((
                    f.name.clone(),
                    values.iter().map(|v| (v.clone(), 0)).collect(),
                )),
                _ => None,
            })
            .collect();
        Counts {
            records: 0,
            by_value,
            references: snippets::reference_paths(&collection.table),
        }
    }

    pub(crate) fn push(&mut self, records: &[serde_json::Value]) {
        self.records += records.len();
        for path in &mut self.references {
            for record in records {
                path.push(record);
            }
        }
        for (field, counts) in &mut self.by_value {
            for record in records {
                let Some(value) = record.get(field.as_str()).and_then(|v| v.as_str()) else {
                    continue;
                };
                if let Some((_, n)) = counts.iter_mut().find(|(v, _)| v == value) {
                    *n += 1;
                }
            }
        }
    }
}

/// The running tally: chunks go in, the [`Tally`] comes out at the end.
pub(super) struct Tallying<'s> {
    sender: SyncSender<(usize, Arc<Vec<Value>>)>,
    handle: ScopedJoinHandle<'s, Tally>,
}

impl<'s> Tallying<'s> {
    pub(super) fn spawn<'scope, 'c: 's>(
        scope: &'s Scope<'s, 'scope>,
        collections: &'c [Collection],
    ) -> Tallying<'s> {
        // As many chunks waiting as a writer's queue: memory stays flat.
        let (sender, chunks) = sync_channel::<(usize, Arc<Vec<Value>>)>(2);
        let handle = scope.spawn(move || {
            let mut tally = Tally {
                counts: collections.iter().map(Counts::new).collect(),
                references: charts::References::new(collections),
                site_records: site::Records::default(),
            };
            for (index, records) in chunks {
                let collection = &collections[index];
                tally.counts[index].push(&records);
                tally.references.push(collection, &records);
                tally.site_records.push(index, &records);
            }
            tally
        });
        Tallying { sender, handle }
    }

    /// Counts a chunk of the collection at `index`.
    pub(super) fn push(&self, index: usize, records: &Arc<Vec<Value>>) {
        // The thread only stops when the sender is dropped, so sending
        // fails only if it panicked, which `finish` reports.
        let _ = self.sender.send((index, records.clone()));
    }

    pub(super) fn finish(self) -> Tally {
        drop(self.sender);
        match self.handle.join() {
            Ok(tally) => tally,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}
