//! Writing while checking: the one pass of `export` and `release`.
//!
//! Every format writes a collection's records in key order. Data usually
//! arrives that way (a JSONL file sorted by id, records named by their
//! key), so the records validation has just parsed go straight to the
//! writers, and nothing is read or parsed a second time. The pass watches
//! the order as it goes: at the first record that does not follow the one
//! before it by key (or a collection that comes before one already
//! written), it stops feeding the writers, and the caller writes the
//! export again from the records' places, sorted (`super::write_all`).
//! What was written is in a staging folder that is thrown away, as it is
//! when the data turns out to be invalid: nothing is published from
//! invalid data.

use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::collection::{key_of, Collection};
use super::job::Target;
use super::sinks::Sinks;
use super::tally::Tallying;
use super::write::{Data, Observer};
use crate::check::{Checked, Feed};
use crate::error::Result;

/// How a pass that wrote while it checked came out.
pub(crate) enum Streamed {
    /// The data is valid and came in key order: the data files are written.
    Written(Checked, Data),
    /// The data is valid, but not in key order (or the writers were not fed
    /// for another reason): write again from the records' places.
    Unordered(Checked),
    /// The data is invalid: nothing written is to be kept.
    Invalid(Checked),
}

/// Runs `check` (a validation run handed the feed) while the formats of
/// `target` write what it reads, and `observer` sees it.
pub(crate) fn stream(
    target: &Target,
    observer: &mut Observer,
    check: impl FnOnce(&dyn Feed) -> Result<Checked>,
) -> Result<Streamed> {
    std::thread::scope(|scope| {
        let tallying = Tallying::spawn(scope, target.collections);
        let sinks = Sinks::spawn(scope, target)?;
        let feed = Writing {
            collections: target.collections,
            state: Mutex::new(State {
                sinks,
                tallying,
                observer,
                current: None,
                last: None,
                stopped: None,
            }),
        };
        let checked = check(&feed);
        let state = feed
            .state
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (data, stopped) = state.finish(target.collections);
        let checked = checked?;
        if !checked.report.issues.is_empty() {
            return Ok(Streamed::Invalid(checked));
        }
        match (stopped, data) {
            // A writer's own failure is an error, whatever else happened.
            (_, Err(e)) | (Some(Stop::Failed(e)), Ok(_)) => Err(e),
            (Some(Stop::Unordered | Stop::Unsound), Ok(_)) => Ok(Streamed::Unordered(checked)),
            (None, Ok(data)) => Ok(Streamed::Written(checked, data)),
        }
    })
}

/// Why the writers stopped being fed.
enum Stop {
    /// A record came out of key order.
    Unordered,
    /// A record failed a check of its own: the run is invalid.
    Unsound,
    /// A writer, or the observer, failed.
    Failed(crate::error::Error),
}

/// The feed that writes.
struct Writing<'c, 's, 'm, 'o> {
    collections: &'c [Collection],
    state: Mutex<State<'c, 's, 'm, 'o>>,
}

struct State<'c, 's, 'm, 'o> {
    sinks: Sinks<'c, 's>,
    tallying: Tallying<'s>,
    observer: &'m mut Observer<'o>,
    /// The collection being written, by index.
    current: Option<usize>,
    /// The key of the last record written to it.
    last: Option<String>,
    stopped: Option<Stop>,
}

impl Feed for Writing<'_, '_, '_, '_> {
    fn prepare(&self, collection: u16, record: &mut Value) {
        if let Some(c) = self.collections.get(collection as usize) {
            c.key_order.apply(record);
        }
    }

    fn batch(&self, records: Vec<(u16, Option<Value>)>) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.stopped.is_none() {
            if let Err(stop) = state.take(self.collections, records) {
                state.stopped = Some(stop);
            }
        }
    }
}

impl<'c> State<'c, '_, '_, '_> {
    /// Writes a batch of records while they come in key order, a chunk
    /// per collection they belong to.
    fn take(
        &mut self,
        collections: &'c [Collection],
        records: Vec<(u16, Option<Value>)>,
    ) -> Result<(), Stop> {
        let mut chunk: Vec<Value> = Vec::new();
        for (collection, record) in records {
            let collection = collection as usize;
            let record = record.ok_or(Stop::Unsound)?;
            if self.current != Some(collection) {
                if let Some(current) = self.current.filter(|_| !chunk.is_empty()) {
                    self.write(collections, current, std::mem::take(&mut chunk))?;
                }
                self.open(collections, collection)?;
            }
            let key = key_of(&collections[collection].table, &record);
            if self.last.as_ref().is_some_and(|last| *last >= key) {
                return Err(Stop::Unordered);
            }
            self.last = Some(key);
            chunk.push(record);
        }
        match self.current {
            Some(current) if !chunk.is_empty() => self.write(collections, current, chunk),
            _ => Ok(()),
        }
    }

    /// Moves on to collection `next`: ends the one being written and opens
    /// (and ends, empty) those between, in the writers' order.
    fn open(&mut self, collections: &'c [Collection], next: usize) -> Result<(), Stop> {
        let from = match self.current {
            Some(current) if next < current => return Err(Stop::Unordered),
            Some(_) => {
                self.sinks.end().map_err(Stop::Failed)?;
                self.current.map_or(0, |c| c + 1)
            }
            None => 0,
        };
        for skipped in &collections[from..next] {
            self.sinks.start(skipped).map_err(Stop::Failed)?;
            self.sinks.end().map_err(Stop::Failed)?;
        }
        self.sinks.start(&collections[next]).map_err(Stop::Failed)?;
        self.current = Some(next);
        self.last = None;
        Ok(())
    }

    fn write(
        &mut self,
        collections: &'c [Collection],
        index: usize,
        records: Vec<Value>,
    ) -> Result<(), Stop> {
        let records: Arc<Vec<Value>> = self
            .sinks
            .push(&collections[index], records)
            .map_err(Stop::Failed)?;
        self.tallying.push(index, &records);
        (self.observer)(index, &records).map_err(Stop::Failed)
    }

    /// Ends the last collection and opens and ends the empty ones after
    /// it, then waits for the writers: what they wrote, and why feeding
    /// stopped, if it did.
    fn finish(mut self, collections: &'c [Collection]) -> (Result<Data>, Option<Stop>) {
        if self.stopped.is_none() {
            if let Err(e) = self.close(collections) {
                self.stopped = Some(Stop::Failed(e));
            }
        }
        let tally = self.tallying.finish();
        let written = self.sinks.finish();
        (written.map(|written| Data { written, tally }), self.stopped)
    }

    fn close(&mut self, collections: &'c [Collection]) -> Result<()> {
        let from = match self.current {
            Some(current) => {
                self.sinks.end()?;
                current + 1
            }
            None => 0,
        };
        for rest in &collections[from..] {
            self.sinks.start(rest)?;
            self.sinks.end()?;
        }
        Ok(())
    }
}
