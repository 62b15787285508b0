//! Where a run hands on each record it has read and found sound: the
//! export writes it in the same pass instead of reading and parsing every
//! record again once the dataset is known to be valid.

use serde_json::Value;

/// Receives the records of a run as they are checked.
pub(crate) trait Feed: Sync {
    /// Readies one record for the receiver (on the thread that parsed it,
    /// so this part of the work runs on every core).
    fn prepare(&self, collection: u16, record: &mut Value);

    /// A batch of records in file order (in line order within a JSONL
    /// file), on the thread that reads the files: `None` for a record that
    /// failed a check of its own (the run will not be valid), else the
    /// record as [`Feed::prepare`] left it.
    fn batch(&self, records: Vec<(u16, Option<Value>)>);
}
