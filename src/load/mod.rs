//! Reading records from disk: finding the record files of each collection,
//! decoding and parsing them, and mapping a JSON pointer inside a record back
//! to its line and column.
//!
//! Parsing keeps no positions: most records are valid, so positions are
//! recomputed (by [`locate`]) only for the records a report points into.
//! Records are visited as they are read, never all held at once: a dataset
//! may be a million records in one JSONL file.

mod dataset;
mod json;
mod parse;
mod syntax;
mod yaml;

pub(crate) use crate::issue::Origin;

pub use self::dataset::{discover, Dataset, Format};
pub(crate) use self::dataset::{Failure, RecordFile};
pub use self::parse::parse;
pub use self::syntax::{Limits, Located, ParseError};
use crate::issue::pointer_tokens;

/// Finds the position of `pointer` in a record's text.
pub fn locate(text: &str, pointer: &str) -> Option<Located> {
    yaml::locate(text, &pointer_tokens(pointer))
}

/// Finds the positions of many pointers in a record's text, in one pass.
pub fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<Located>> {
    let tokens: Vec<Vec<String>> = pointers.iter().map(|p| pointer_tokens(p)).collect();
    yaml::locate_all(text, &tokens)
}
