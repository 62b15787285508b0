//! Gives issues their line, column and the offending line's text, reading
//! each file that has issues once.

use std::collections::HashMap;
use std::fs;

use crate::issue::{pointer_tokens, Anchor, Excerpt, Issue};
use crate::load;

/// Fills in positions and excerpts. A file that cannot be read again leaves
/// its issues without them rather than failing the report.
pub fn locate(issues: &mut [Issue]) {
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    for issue in issues.iter_mut() {
        if issue.line.is_none() && issue.pointer.is_none() {
            continue;
        }
        let text = texts
            .entry(issue.file.clone())
            .or_insert_with(|| fs::read(&issue.file).ok().and_then(|b| String::from_utf8(b).ok()));
        let Some(text) = text.as_deref() else { continue };
        let mut width = 1;
        if issue.line.is_none() {
            let Some(pointer) = issue.pointer.as_deref() else { continue };
            let Some(found) = load::locate(text, pointer) else { continue };
            let pos = match (issue.anchor, found.key) {
                (Anchor::Key, Some(key)) => {
                    width = pointer_tokens(pointer).last().map_or(1, |t| t.chars().count() as u32);
                    key
                }
                _ => {
                    width = found.value_end.map_or(1, |end| end.saturating_sub(found.value.column).max(1));
                    found.value
                }
            };
            issue.line = Some(pos.line);
            issue.column = Some(pos.column);
        }
        let (Some(line), Some(column)) = (issue.line, issue.column) else { continue };
        if let Some(line_text) = text.lines().nth(line as usize - 1) {
            let available = (line_text.chars().count() as u32 + 1).saturating_sub(column).max(1);
            issue.excerpt = Some(Excerpt {
                text: line_text.trim_end_matches('\r').to_owned(),
                width: width.min(available),
            });
        }
    }
}
