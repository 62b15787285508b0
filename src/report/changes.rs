//! A comparison between releases as JSON (`docket diff --format json`);
//! its Markdown, which is also the changelog's, is [`crate::release::notes`].
//!
//! The JSON form of `docket diff`:
//!
//! ```json
//! {
//!   "report": "docket-diff", "version": 1,
//!   "old": "dist/1.0.0", "new": "dist/1.1.0",
//!   "identical": false,
//!   "level": "REVISION",
//!   "schema": [{"collection": "documents", "field": "title", "keyword": "maxLength",
//!               "kind": "constraint-tightened", "detail": "maxLength tightened from 300 to 200",
//!               "level": "REVISION"}],
//!   "files": [{"path": "sqlite/dataset.sqlite", "change": "added", "level": "ADDITION"}],
//!   "collections": {
//!     "documents": {
//!       "added": ["id-a"], "removed": [],
//!       "changed": [{"id": "id-b", "fields": [{"field": "title", "old": "A", "new": "B"}]}]
//!     }
//!   }
//! }
//! ```
//!
//! `old`/`new` of a field change are `null` when the field was added or
//! removed. `level` is the highest SchemaVer level of the schema and file
//! changes (`MODEL`, `REVISION`, `ADDITION`; `null` when there are none);
//! `kind` is one of the stable names of [`crate::compare::schema::Kind`]
//! (`field-added`, `enum-value-removed`, `constraint-tightened`, …).

use std::io::{self, Write};

use serde::Serialize;

use crate::compare::Changes;

/// `docket diff --format json`.
pub(crate) fn json(changes: &Changes, old: &str, new: &str, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Wire<'c> {
        report: &'static str,
        version: u32,
        old: &'c str,
        new: &'c str,
        identical: bool,
        #[serde(flatten)]
        changes: &'c Changes,
    }
    let wire = Wire {
        report: "docket-diff",
        version: 1,
        old,
        new,
        identical: changes.is_empty(),
        changes,
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}
