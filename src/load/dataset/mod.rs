//! The record files of a dataset root and the records in them, one job per
//! module: [`files`] says what a record file is and why one could not be
//! read, [`discover`] finds the files and applies the layout rules,
//! [`open`] makes sure a path is a regular file inside the root before
//! reading it, [`visit`] reads every record on all cores, [`blocks`] cuts a
//! JSONL file into lines a block at a time, and [`seek`] reads single
//! records again by their offsets.

mod blocks;
mod discover;
mod files;
mod open;
mod seek;
mod visit;

pub use self::discover::discover;
pub use self::files::{Dataset, Format};
pub(crate) use self::files::{Failure, RecordFile};
