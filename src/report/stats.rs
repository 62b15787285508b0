//! Renderings of `docket stats`: a readable summary, and JSON.
//!
//! The JSON form is [`crate::stats::Stats`] serialised under a header:
//!
//! ```json
//! {
//!   "report": "docket-stats",
//!   "version": 1,
//!   "collections": {
//!     "documents": {"records": 31, "with_provenance": 31, "provenance_share": 1.0,
//!                   "by_value": {"kind": {"letter": 3, "statement": 5}, "coverage": {…}}}
//!   },
//!   "references": {
//!     "recommendations.document": {"target": "documents",
//!                                  "counts": [{"id": "…", "records": 16}]}
//!   },
//!   "cited_by": {"treaties": [{"id": "iccpr", "records": 3}]},
//!   "unreadable_files": 0
//! }
//! ```
//!
//! Lists of counts are sorted most first, then by id; maps by key.

use std::io::{self, Write};

use serde::Serialize;

use crate::stats::{Count, Stats};

/// The figures as one JSON document, versioned for the scripts that read it.
pub(crate) fn json(stats: &Stats, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Wire<'s> {
        report: &'static str,
        version: u32,
        #[serde(flatten)]
        stats: &'s Stats,
    }
    let wire = Wire {
        report: "docket-stats",
        version: 1,
        stats,
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}

/// Rows shown per ranked list in the human summary.
const TOP: usize = 10;

pub(crate) fn human(stats: &Stats, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Collections")?;
    for (name, collection) in &stats.collections {
        writeln!(
            out,
            "  {name:<24} {:>6} records   {:>5.1}% with provenance",
            collection.records,
            collection.provenance_share * 100.0
        )?;
    }
    for (name, collection) in &stats.collections {
        for (field, counts) in &collection.by_value {
            writeln!(out, "\n{name} by {field}")?;
            for (value, count) in counts.iter().filter(|(_, c)| **c > 0) {
                writeln!(out, "  {value:<32} {count:>6}")?;
            }
        }
    }
    for (field, reference) in &stats.references {
        let (collection, path) = field.split_once('.').unwrap_or((field, ""));
        writeln!(
            out,
            "\n{collection} by `{path}` (ids in {})",
            reference.target
        )?;
        ranking(&reference.counts, out)?;
    }
    for (target, counts) in &stats.cited_by {
        writeln!(
            out,
            "\n{target} by number of records of other collections referring to them"
        )?;
        ranking(counts, out)?;
    }
    if stats.unreadable_files > 0 {
        writeln!(
            out,
            "\nnote: {} record files could not be read and are not counted; run `docket validate`",
            stats.unreadable_files
        )?;
    }
    Ok(())
}

fn ranking(counts: &[Count], out: &mut dyn Write) -> io::Result<()> {
    let width = counts
        .iter()
        .take(TOP)
        .map(|c| c.id.len())
        .max()
        .unwrap_or(0);
    for count in counts.iter().take(TOP) {
        writeln!(out, "  {:<width$} {:>6}", count.id, count.records)?;
    }
    if counts.len() > TOP {
        writeln!(out, "  … and {} more", counts.len() - TOP)?;
    }
    Ok(())
}
