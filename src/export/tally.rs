//! What the metadata files say about the records (the card's counts, the
//! charts' references, the site's first records), gathered on a thread of
//! its own as chunks stream past, so it costs the writers no time.

use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::{Scope, ScopedJoinHandle};

use serde_json::Value;

use super::{card, charts, site, Collection};

/// Everything gathered once every record has streamed past.
pub struct Tally {
    pub counts: Vec<card::Counts>,
    pub references: charts::References,
    pub site_records: site::Records,
}

/// The running tally: chunks go in, the [`Tally`] comes out at the end.
pub struct Tallying<'s> {
    sender: SyncSender<(usize, Arc<Vec<Value>>)>,
    handle: ScopedJoinHandle<'s, Tally>,
}

impl<'s> Tallying<'s> {
    pub fn spawn<'scope, 'c: 's>(
        scope: &'s Scope<'s, 'scope>,
        collections: &'c [Collection],
    ) -> Tallying<'s> {
        // As many chunks waiting as a writer's queue: memory stays flat.
        let (sender, chunks) = sync_channel::<(usize, Arc<Vec<Value>>)>(2);
        let handle = scope.spawn(move || {
            let mut tally = Tally {
                counts: collections.iter().map(card::Counts::new).collect(),
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
    pub fn push(&self, index: usize, records: &Arc<Vec<Value>>) {
        // The thread only stops when the sender is dropped, so sending
        // fails only if it panicked, which `finish` reports.
        let _ = self.sender.send((index, records.clone()));
    }

    pub fn finish(self) -> Tally {
        drop(self.sender);
        match self.handle.join() {
            Ok(tally) => tally,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}
