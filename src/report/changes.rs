//! Renderings of a comparison between releases: Markdown (the changelog
//! section and `docket diff`'s human output) and JSON.
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

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::compare::{Changes, SchemaChange};

/// Longest value shown in Markdown before it is cut.
const SHOWN: usize = 100;

/// The changes as Markdown: schema changes first, then per collection.
pub fn markdown(changes: &Changes) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str("No changes.\n\n");
        return out;
    }
    if let Some(level) = changes.level {
        let _ = writeln!(
            out,
            "Schema and file changes: {level} (needs at least a new {} version).\n",
            level.part()
        );
    }
    if !changes.schema.is_empty() {
        let _ = writeln!(out, "### Schema\n");
        for c in &changes.schema {
            let _ = writeln!(out, "- {}", schema_line(c));
        }
        out.push('\n');
    }
    if !changes.files.is_empty() {
        let _ = writeln!(out, "### Files\n");
        for f in &changes.files {
            let _ = writeln!(out, "- `{}` {} ({})", f.path, f.change, f.level);
        }
        out.push('\n');
    }
    for (name, c) in &changes.collections {
        if c.added.is_empty() && c.removed.is_empty() && c.changed.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### `{name}`\n");
        if !c.added.is_empty() {
            let _ = writeln!(out, "- added ({}): {}", c.added.len(), ids(&c.added));
        }
        if !c.removed.is_empty() {
            let _ = writeln!(out, "- removed ({}): {}", c.removed.len(), ids(&c.removed));
        }
        if !c.changed.is_empty() {
            let _ = writeln!(out, "- changed ({}):", c.changed.len());
            for record in &c.changed {
                let _ = writeln!(out, "  - `{}`", record.id);
                for f in &record.fields {
                    let _ = writeln!(
                        out,
                        "    - `{}`: {} → {}",
                        f.field,
                        shown(f.old.as_ref()),
                        shown(f.new.as_ref())
                    );
                }
            }
        }
        out.push('\n');
    }
    out
}

/// One schema change as a changelog line:
/// `` `documents` `title`: maxLength tightened from 40 to 6 (REVISION) ``.
pub fn schema_line(c: &SchemaChange) -> String {
    let field = if c.field.is_empty() {
        String::new()
    } else {
        format!(" `{}`", c.field)
    };
    format!("`{}`{field}: {} ({})", c.collection, c.detail, c.level)
}

fn ids(ids: &[String]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "(absent)".to_owned(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > SHOWN {
                format!("`{}…`", text.chars().take(SHOWN).collect::<String>())
            } else {
                format!("`{text}`")
            }
        }
    }
}

/// `docket diff --format json`.
pub fn json(changes: &Changes, old: &str, new: &str, out: &mut dyn Write) -> io::Result<()> {
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
