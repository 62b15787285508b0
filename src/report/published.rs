//! What `export` and `release` print once they have published: one line for
//! people, or with `--format json` one document for programs.
//!
//! `docket release --format json`:
//!
//! ```json
//! {
//!   "report": "docket-release", "version": 1,
//!   "release": "1.1.0", "previous": "1.0.0", "dir": "dist/1.1.0",
//!   "date": "2026-11-26T00:00:00Z", "date_origin": "last-commit",
//!   "provenance": {"status": "checked", "sources": [{"name": "a.txt", "sha256": "…"}]},
//!   "level": "ADDITION",
//!   "changes": {"schema": 2, "files_added": 1, "files_removed": 0,
//!               "records_added": 3, "records_removed": 0, "records_changed": 1},
//!   "files": [{"path": "CHANGELOG.md", "bytes": 512, "sha256": "…"}]
//! }
//! ```
//!
//! `previous`, `level` and `changes` are `null` for a first release;
//! `date_origin` is `source-date-epoch`, `last-commit` or `today`;
//! provenance `status` is `checked`, `unchecked` or `not-declared`.
//! `docket export --format json` prints `{"report": "docket-export",
//! "version": 1, "dir", "provenance", "files"}`.

use std::io::{self, Write};

use serde::Serialize;

use crate::compare::{ChangeCounts, Level};
use crate::export::{Provenance, WrittenFile};
use crate::release::date::Origin;
use crate::release::Published;

#[derive(Serialize)]
struct FileView<'f> {
    path: &'f str,
    bytes: u64,
    sha256: &'f str,
}

fn files(files: &[WrittenFile]) -> Vec<FileView<'_>> {
    files
        .iter()
        .map(|f| FileView {
            path: &f.path,
            bytes: f.bytes,
            sha256: &f.sha256,
        })
        .collect()
}

/// `docket release --format json`.
pub(crate) fn release_json(published: &Published, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Wire<'p> {
        report: &'static str,
        version: u32,
        release: String,
        previous: Option<String>,
        dir: String,
        date: &'p str,
        date_origin: Origin,
        provenance: &'p Provenance,
        level: Option<Level>,
        changes: Option<ChangeCounts>,
        /// As for `export`: 1 when every record was read once, 2 when read
        /// again in key order.
        passes: u8,
        files: Vec<FileView<'p>>,
    }
    let wire = Wire {
        report: "docket-release",
        version: 1,
        release: published.version.to_string(),
        previous: published.previous.as_ref().map(|p| p.version.to_string()),
        dir: crate::paths::shown(&published.dir),
        date: &published.date.created,
        date_origin: published.date.origin,
        provenance: &published.provenance,
        level: published.changes.as_ref().and_then(|c| c.level),
        changes: published.changes.as_ref().map(|c| c.counts()),
        passes: published.passes,
        files: files(&published.files),
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}

/// The lines `docket release` prints for people.
pub(crate) fn release_human(published: &Published, out: &mut dyn Write) -> io::Result<()> {
    let total: u64 = published.files.iter().map(|f| f.bytes).sum();
    writeln!(
        out,
        "released {} ({} files, {total} bytes)",
        crate::paths::shown(&published.dir),
        published.files.len()
    )?;
    writeln!(
        out,
        "release date {} ({})",
        &published.date.created[..10],
        published.date.origin
    )?;
    if let Some(prior) = &published.previous {
        let level = published
            .changes
            .as_ref()
            .and_then(|c| c.level)
            .map(|l| format!(" (schema and files: {l})"))
            .unwrap_or_default();
        writeln!(
            out,
            "changes since {} are in CHANGELOG.md{level}",
            prior.version
        )?;
    }
    Ok(())
}

/// `docket export --format json`.
pub(crate) fn export_json(
    dir: &str,
    provenance: &Provenance,
    written: &[WrittenFile],
    passes: u8,
    out: &mut dyn Write,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Wire<'p> {
        report: &'static str,
        version: u32,
        dir: &'p str,
        provenance: &'p Provenance,
        /// 1 when every record was read once (it came in key order and was
        /// written as it was checked), 2 when records were read again in
        /// key order.
        passes: u8,
        files: Vec<FileView<'p>>,
    }
    let mut sorted = written.to_vec();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let wire = Wire {
        report: "docket-export",
        version: 1,
        dir,
        provenance,
        passes,
        files: files(&sorted),
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}
