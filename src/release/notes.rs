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
                    let (old, new) = shown_pair(f.old.as_ref(), f.new.as_ref());
                    let _ = writeln!(out, "    - `{}`: {old} → {new}", f.field);
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

/// Characters shown on each side of where two long values differ.
const AROUND: usize = 24;

/// Two values of a changed field as the changelog shows them: whole when
/// short; when long, each cut to the same window around the part that
/// changed (from a little before the first difference to a little after
/// the last), so that a change at the end of a long text is seen.
fn shown_pair(old: Option<&Value>, new: Option<&Value>) -> (String, String) {
    let (Some(a), Some(b)) = (old, new) else {
        return (shown(old), shown(new));
    };
    let (a, b): (Vec<char>, Vec<char>) = (
        a.to_string().chars().collect(),
        b.to_string().chars().collect(),
    );
    if a.len() <= SHOWN && b.len() <= SHOWN {
        return (shown(old), shown(new));
    }
    let first = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let same_end = a[first..]
        .iter()
        .rev()
        .zip(b[first..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let start = first.saturating_sub(AROUND);
    let window = |text: &[char]| {
        let changed_to = text.len() - same_end;
        let end = (changed_to + AROUND)
            .min(text.len())
            .min(start + SHOWN + 2 * AROUND);
        let mut out = String::from("`");
        if start > 0 {
            out.push('…');
        }
        out.extend(&text[start..end]);
        if end < text.len() {
            out.push('…');
        }
        out.push('`');
        out
    };
    (window(&a), window(&b))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_at_the_end_of_a_long_text_is_shown() {
        let head = "We, the following organisations, call on the partners ".repeat(3);
        let (old, new) = shown_pair(
            Some(&json!(format!("{head}to strengthen it."))),
            Some(&json!(format!("{head}to strengthen them."))),
        );
        assert_ne!(old, new);
        assert!(old.ends_with("strengthen it.\"`"), "{old}");
        assert!(new.ends_with("strengthen them.\"`"), "{new}");
        assert!(old.starts_with("`…"), "{old}");
        let (short, other) = shown_pair(Some(&json!("a")), Some(&json!("b")));
        assert_eq!((short.as_str(), other.as_str()), ("`\"a\"`", "`\"b\"`"));
    }
}
