//! SVG charts for the dataset card, where a picture says more than a table:
//! for every collection that others refer to, its most-referred records.
//! Plain SVG text, no fonts or scripts, so the bytes are the same every time.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::Value;

use super::table::{Field, Kind};
use super::Collection;

/// Bars shown per chart.
const BARS: usize = 12;

/// Counts, per referred collection, of the records of other collections
/// that refer to each of its records; gathered as records stream through.
#[derive(Default)]
pub struct References {
    counts: HashMap<String, HashMap<String, usize>>,
}

impl References {
    pub fn push(&mut self, collection: &Collection, records: &[Value]) {
        let own = &collection.table.collection;
        for record in records {
            let mut named: Vec<(String, String)> = Vec::new();
            for field in &collection.table.fields {
                collect(field, record.get(&field.name), &mut named);
            }
            named.retain(|(target, _)| target != own);
            named.sort();
            named.dedup();
            for (target, id) in named {
                *self
                    .counts
                    .entry(target)
                    .or_default()
                    .entry(id)
                    .or_insert(0) += 1;
            }
        }
    }

    /// One chart per referred collection: (file name, title, SVG), in name order.
    pub fn charts(&self) -> Vec<(String, String, String)> {
        let mut targets: Vec<&String> = self.counts.keys().collect();
        targets.sort();
        targets
            .into_iter()
            .map(|target| {
                let mut rows: Vec<(&String, &usize)> = self.counts[target].iter().collect();
                rows.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
                rows.truncate(BARS);
                let title = format!("{target}: most referred to by records of other collections");
                let svg = bar_chart(&title, &rows);
                (format!("charts/{target}-referred.svg"), title, svg)
            })
            .collect()
    }
}

/// The (collection, id) pairs a field's value refers to.
fn collect(field: &Field, value: Option<&Value>, out: &mut Vec<(String, String)>) {
    let Some(value) = value else { return };
    match &field.kind {
        Kind::ListOfObjects(subs) => {
            for item in value.as_array().into_iter().flatten() {
                for sub in subs {
                    collect(sub, item.get(&sub.name), out);
                }
            }
        }
        Kind::Object(subs) => {
            for sub in subs {
                collect(sub, value.get(&sub.name), out);
            }
        }
        _ => {
            let Some(target) = &field.references else {
                return;
            };
            let ids: Vec<&str> = match value {
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                other => other.as_str().into_iter().collect(),
            };
            out.extend(ids.into_iter().map(|id| (target.clone(), id.to_owned())));
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart: labels left, bars right, counts at the bar ends.
fn bar_chart(title: &str, rows: &[(&String, &usize)]) -> String {
    let label_width = 330;
    let bar_width = 300;
    let row_height = 22;
    let top = 40;
    let height = top + rows.len() * row_height + 10;
    let width = label_width + bar_width + 60;
    let max = rows.iter().map(|(_, n)| **n).max().unwrap_or(1).max(1);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"  <title>{}</title>"#, escape(title));
    let _ = writeln!(
        svg,
        r#"  <rect width="{width}" height="{height}" fill="white"/>"#
    );
    let _ = writeln!(
        svg,
        r#"  <text x="10" y="22" font-size="14" font-weight="bold">{}</text>"#,
        escape(title)
    );
    for (i, (id, count)) in rows.iter().enumerate() {
        let y = top + i * row_height;
        let length = (**count * bar_width).div_ceil(max).max(1);
        let label: String = if id.chars().count() > 48 {
            format!("{}…", id.chars().take(47).collect::<String>())
        } else {
            (*id).clone()
        };
        let _ = writeln!(
            svg,
            r#"  <text x="{}" y="{}" text-anchor="end">{}</text>"#,
            label_width - 8,
            y + 15,
            escape(&label)
        );
        let _ = writeln!(
            svg,
            r##"  <rect x="{label_width}" y="{}" width="{length}" height="{}" fill="#4a78a8"/>"##,
            y + 4,
            row_height - 6
        );
        let _ = writeln!(
            svg,
            r#"  <text x="{}" y="{}">{count}</text>"#,
            label_width + length + 5,
            y + 15
        );
    }
    svg.push_str("</svg>\n");
    svg
}
