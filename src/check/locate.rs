//! Gives issues their line, column and the offending line's text, reading
//! each record that has issues once more.

use std::collections::HashMap;

use crate::issue::{pointer_tokens, Anchor, Excerpt, Issue};
use crate::load::{self, Dataset, Limits, Origin};

/// Fills in positions and excerpts. A record that cannot be read again
/// leaves its issues without them rather than failing the report.
pub fn locate(issues: &mut [Issue], dataset: &Dataset, limits: &Limits) {
    let mut texts: HashMap<Origin, Option<String>> = HashMap::new();
    for issue in issues.iter_mut() {
        let Some(origin) = issue.record else { continue };
        let text = texts.entry(origin).or_insert_with(|| {
            dataset
                .read(origin, limits)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
        });
        let Some(text) = text.as_deref() else {
            continue;
        };
        let mut width = 1;
        if issue.line.is_none() {
            let Some(pointer) = issue.pointer.as_deref() else {
                continue;
            };
            let Some(found) = load::locate(text, pointer) else {
                continue;
            };
            let pos = match (issue.anchor, found.key) {
                (Anchor::Key, Some(key)) => {
                    width = pointer_tokens(pointer)
                        .last()
                        .map_or(1, |t| t.chars().count() as u32);
                    key
                }
                _ => {
                    width = found
                        .value_end
                        .map_or(1, |end| end.saturating_sub(found.value.column).max(1));
                    found.value
                }
            };
            issue.line = Some(origin.line + pos.line - 1);
            issue.column = Some(pos.column);
        }
        let (Some(line), Some(column)) = (issue.line, issue.column) else {
            continue;
        };
        let within = line.saturating_sub(origin.line) as usize;
        if let Some(line_text) = text.lines().nth(within) {
            issue.excerpt = Some(excerpt(line_text.trim_end_matches('\r'), column, width));
        }
    }
}

/// Characters of context shown before the issue's column on a long line.
const CONTEXT_BEFORE: u32 = 40;
/// Longest excerpt shown, in characters.
const EXCERPT_WIDTH: u32 = 120;

/// The line as shown under the issue: whole when short, otherwise a window
/// around the column, so a minified or very long line stays readable.
fn excerpt(line: &str, column: u32, width: u32) -> Excerpt {
    let length = line.chars().count() as u32;
    let first_column = if length <= EXCERPT_WIDTH {
        1
    } else {
        column.saturating_sub(CONTEXT_BEFORE).max(1)
    };
    let text: String = line
        .chars()
        .skip(first_column as usize - 1)
        .take(EXCERPT_WIDTH as usize)
        .collect();
    let shown_after = (first_column + text.chars().count() as u32)
        .saturating_sub(column)
        .max(1);
    Excerpt {
        text,
        first_column,
        width: width.clamp(1, shown_after),
    }
}
