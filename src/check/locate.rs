//! Gives issues their line, column and the offending line's text, reading
//! each record that has issues once more.

use std::collections::HashMap;

use crate::issue::{pointer_tokens, Anchor, Excerpt, Issue};
use crate::load::{self, Dataset, Limits, Origin};

/// Fills in positions and excerpts of the issues not placed yet. A record
/// that cannot be read again leaves its issues without them rather than
/// failing the report.
pub(super) fn locate(issues: &mut [Issue], dataset: &Dataset, limits: &Limits) {
    let mut by_record: HashMap<Origin, Vec<usize>> = HashMap::new();
    for (i, issue) in issues.iter().enumerate() {
        if let Some(origin) = issue.record {
            by_record.entry(origin).or_default().push(i);
        }
    }
    for (origin, members) in by_record {
        let Some(text) = dataset
            .read(origin, limits)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            continue;
        };
        place_members(issues, &members, origin, &text);
    }
}

/// Places the issues of the record at `origin` in its text (the record's
/// own bytes), and marks them placed so [`locate`] does not read it again.
pub(super) fn place(issues: &mut [Issue], origin: Origin, text: &str) {
    let all: Vec<usize> = (0..issues.len()).collect();
    place_members(issues, &all, origin, text);
}

/// [`place`] for the issues at `members`.
fn place_members(issues: &mut [Issue], members: &[usize], origin: Origin, text: &str) {
    let unplaced: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| issues[i].line.is_none() && issues[i].pointer.is_some())
        .collect();
    let pointers: Vec<&str> = unplaced
        .iter()
        .map(|&i| issues[i].pointer.as_deref().unwrap_or_default())
        .collect();
    let found = load::locate_all(text, &pointers);
    let mut widths: HashMap<usize, u32> = HashMap::new();
    for (&i, located) in unplaced.iter().zip(found) {
        let Some(found) = located else { continue };
        let issue = &mut issues[i];
        let (pos, width) = match (issue.anchor, found.key) {
            (Anchor::Key, Some(key)) => {
                let pointer = issue.pointer.as_deref().unwrap_or_default();
                (
                    key,
                    pointer_tokens(pointer)
                        .last()
                        .map_or(1, |t| t.chars().count() as u32),
                )
            }
            _ => (
                found.value,
                found
                    .value_end
                    .map_or(1, |end| end.saturating_sub(found.value.column).max(1)),
            ),
        };
        issue.line = Some(origin.line + pos.line - 1);
        issue.column = Some(pos.column);
        widths.insert(i, width);
    }
    let lines: Vec<&str> = text.lines().collect();
    for &i in members {
        let issue = &mut issues[i];
        issue.record = None;
        let (Some(line), Some(column)) = (issue.line, issue.column) else {
            continue;
        };
        let within = line.saturating_sub(origin.line) as usize;
        if let Some(line_text) = lines.get(within) {
            let width = widths.get(&i).copied().unwrap_or(1);
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
