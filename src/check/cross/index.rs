//! What the detectors share: the index they read (the records' facts and
//! each collection's ids) and the problems they report.

use foldhash::HashMap;

use crate::check::interner::Sym;
use crate::check::record::{KeyHash, RecordFacts};
use crate::load::Dataset;
use crate::schema::{CollectionSchema, SchemaSet};

/// What one record is found to break.
pub(super) enum Problem {
    /// Its id is already the id of the record `first`.
    DuplicateId { first: usize },
    /// Some values at this rule's path name no record of `target`.
    Unknown { rule: u16, target: usize },
    /// The key of this `x-unique-with` rule is already the key of `first`.
    Repeated {
        rule: u16,
        key: KeyHash,
        first: usize,
    },
    /// The record's reference (at `rule`) to `next` closes the loop `path`.
    Cycle {
        rule: u16,
        next: usize,
        path: Vec<usize>,
    },
}

/// What the detectors read: the records' facts, and each collection's ids.
pub(super) struct Index<'a> {
    pub records: &'a [RecordFacts],
    pub schemas: &'a SchemaSet,
    pub dataset: &'a Dataset,
    /// The record holding each id, per collection (see `ids::index`).
    pub ids: Vec<HashMap<Sym, usize>>,
}

impl Index<'_> {
    pub(super) fn schema(&self, record: usize) -> &CollectionSchema {
        &self.schemas.collections[self.records[record].collection as usize]
    }
}
