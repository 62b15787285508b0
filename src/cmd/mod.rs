//! One module per subcommand, each with a `run` that returns the exit code.

pub mod diff;
pub mod export;
pub mod release;
pub mod schema;
pub mod stats;
pub mod validate;

/// The top-level help text.
pub const ABOUT: &str = "\
docket keeps a curated open dataset honest. It validates records against the
dataset's JSON Schemas, checks that records agree with each other (ids,
references, keys, dates) and, given the source texts, that every quoted text
really occurs in its source.

A dataset root holds `schemas/<collection>.schema.json` and
`datasets/<collection>/<id>.yaml` (or `.json`), one record per file.

Exit codes: 0 success; 1 the data is invalid; 2 docket could not do its job
(usage, unreadable paths, a directory where a record file belongs).";
