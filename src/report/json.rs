//! The JSON report, a stable wire format for tools.
//!
//! ```json
//! {
//!   "report": "docket-validate",
//!   "version": 1,
//!   "valid": false,
//!   "provenance": "unchecked",
//!   "summary": {
//!     "collections": 4, "files": 130, "records": 129,
//!     "issues": 2, "files_with_issues": 1,
//!     "by_code": { "ref.unknown-organization": 1, "schema.required": 1 },
//!     "omitted": 0
//!   },
//!   "issues": [
//!     {
//!       "code": "ref.unknown-organization",
//!       "file": "datasets/documents/x.yaml",
//!       "line": 7, "column": 5,
//!       "pointer": "/authors/0",
//!       "message": "unknown organization `hcav`: no record in `organizations` has this id",
//!       "help": "did you mean `hca-vanadzor`?"
//!     }
//!   ]
//! }
//! ```
//!
//! `issues` lists at most `--max-errors` issues; `omitted` says how many
//! more there are (the counts in `summary` cover all). Every key is always present; `line`, `column`, `pointer` and `help` are
//! `null` when they do not apply. Issues come in the human report's order
//! (file, line, column, code). `version` changes only when a key is removed
//! or changes meaning; new keys may be added within a version.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::check::{ProvenanceCheck, Report};
use crate::issue::Issue;

#[derive(Serialize)]
struct Wire<'r> {
    report: &'static str,
    version: u32,
    valid: bool,
    /// `checked`, `unchecked` (no source texts were given) or
    /// `not-declared` (the schemas declare no verbatim texts).
    provenance: ProvenanceCheck,
    summary: Summary<'r>,
    issues: &'r [Issue],
}

#[derive(Serialize)]
struct Summary<'r> {
    collections: usize,
    files: usize,
    records: usize,
    issues: usize,
    files_with_issues: usize,
    by_code: BTreeMap<&'r crate::issue::code::Code, usize>,
    /// Issues not listed because of `--max-errors` (counted above all the same).
    omitted: usize,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let wire = Wire {
        report: "docket-validate",
        version: 1,
        valid: report.issues.is_empty(),
        provenance: report.provenance,
        summary: Summary {
            collections: report.collections,
            files: report.files,
            records: report.records,
            issues: report.issues.len(),
            files_with_issues: report.files_with_issues(),
            by_code: report.counts_by_code(),
            omitted: report.omitted(),
        },
        issues: report.shown(),
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}
