//! The changes between two releases in Markdown: the section a release adds
//! to `CHANGELOG.md`, which `docket diff` prints too, so a maintainer reads
//! the same words before and after publishing.

use std::fmt::Write as _;

use serde_json::Value;

use crate::compare::{Changes, SchemaChange};

/// Longest value shown in Markdown before it is cut.
const SHOWN: usize = 100;

/// The changes as Markdown: schema changes first, then per collection.
pub(crate) fn markdown(changes: &Changes) -> String {
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
pub(crate) fn schema_line(c: &SchemaChange) -> String {
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
