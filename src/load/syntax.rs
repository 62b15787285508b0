//! What every record parser shares: the limits it keeps to, the error it
//! returns, and where it found a pointer's value.

use crate::issue::code::Parse;
use crate::issue::Pos;

/// Bounds that keep a hostile record file from exhausting memory or stack.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest record file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of mappings and sequences in a YAML record.
    pub max_depth: usize,
    /// Most values one YAML record may expand to, aliases included.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 100_000,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ParseError {
    pub kind: Parse,
    pub message: String,
    pub pos: Pos,
    /// How to fix it, when the place says more than the kind does (a tab).
    pub help: Option<String>,
}

impl ParseError {
    pub(super) fn new(kind: Parse, message: impl Into<String>, pos: Pos) -> Self {
        ParseError {
            kind,
            message: message.into(),
            pos,
            help: None,
        }
    }
}

/// Where a pointer's value (and its key, for a mapping entry) starts.
#[derive(Debug, Clone, Copy)]
pub struct Located {
    pub key: Option<Pos>,
    pub value: Pos,
    /// Column just past the value, when it ends on the line it starts on.
    pub value_end: Option<u32>,
}
