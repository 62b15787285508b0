//! SVG charts for the dataset card and the site: for every collection that
//! records refer to, its most-referred records, each bar split by the field
//! that refers to it (an organisation as author, as addressee, as concern
//! are different roles, shown apart, never added into one unexplained
//! number). Bars are labelled with the record's name (its `name` or
//! `title` field), the id in the label's tooltip; the layout is sized from
//! the labels so nothing is clipped. Plain SVG text, no fonts or scripts,
//! so the bytes are the same every time.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde_json::Value;

use super::collection::{key_of, Collection};
use super::table::{member, Field, Kind, Table};

/// Bars shown per chart.
const BARS: usize = 12;
/// Characters of a label shown before it is shortened with `…`.
const LABEL_CHARS: usize = 40;
/// A generous width of one character of 12px sans-serif, in pixels, so a
/// label measured with it always fits.
const CHAR_WIDTH: usize = 8;
const COLOURS: [&str; 12] = [
    "#4a78a8", "#e08a2c", "#5a9f4c", "#c44e52", "#8172b2", "#937860", "#da8bc3", "#8c8c8c",
    "#64b5cd", "#ccb974", "#2f4b7c", "#a05195",
];

/// References counted as records stream through: per referred collection,
/// per referring field (`documents.authors`), per referred key, the records
/// that name it there; and the display name of every record of a referred
/// collection (only those label a bar, so no other record's name is kept).
pub(crate) struct References {
    counts: BTreeMap<String, BTreeMap<String, HashMap<String, usize>>>,
    names: HashMap<String, HashMap<String, String>>,
}

/// The field a record's name is read from: `name`, `title`, or a field
/// whose name ends in `title` (a supplied title), in that order.
pub(crate) fn name_field(table: &Table) -> Vec<&str> {
    let text = |f: &&Field| matches!(f.kind, Kind::String) && !table.key.contains(&f.name);
    let mut out: Vec<&str> = ["name", "title"]
        .into_iter()
        .filter(|n| table.fields.iter().filter(text).any(|f| f.name == *n))
        .collect();
    out.extend(
        table
            .fields
            .iter()
            .filter(text)
            .filter(|f| f.name.ends_with("title") && f.name != "title")
            .map(|f| f.name.as_str()),
    );
    out
}

/// A record's display name: its first non-empty name field.
pub(crate) fn name_of(fields: &[&str], record: &Value) -> Option<String> {
    fields
        .iter()
        .find_map(|f| {
            member(record, f)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        })
        .map(str::to_owned)
}

impl References {
    /// Counts the references between `collections`.
    pub(crate) fn new(collections: &[Collection]) -> References {
        let mut names = HashMap::new();
        for collection in collections {
            let mut targets = Vec::new();
            for field in &collection.table.fields {
                targets_of(field, &mut targets);
            }
            for target in targets {
                names.entry(target.to_owned()).or_insert_with(HashMap::new);
            }
        }
        References {
            counts: BTreeMap::new(),
            names,
        }
    }

    pub(crate) fn push(&mut self, collection: &Collection, records: &[Value]) {
        let table = &collection.table;
        let own = &table.collection;
        let naming = name_field(table);
        let referring: Vec<&Field> = table.fields.iter().filter(|f| refers(f)).collect();
        let mut names = self.names.get_mut(own);
        let mut named: Vec<(&str, String, &str)> = Vec::new();
        let mut role = String::new();
        for record in records {
            if let Some(names) = names.as_deref_mut() {
                if let Some(name) = name_of(&naming, record) {
                    names.insert(key_of(table, record), name);
                }
            }
            named.clear();
            for field in &referring {
                collect(field, &field.name, member(record, &field.name), &mut named);
            }
            named.sort_unstable();
            named.dedup();
            for (target, path, id) in &named {
                let roles = match self.counts.get_mut(*target) {
                    Some(roles) => roles,
                    None => self.counts.entry((*target).to_owned()).or_default(),
                };
                role.clear();
                let _ = write!(role, "{own}.{path}");
                let ids = match roles.get_mut(&role) {
                    Some(ids) => ids,
                    None => roles.entry(role.clone()).or_default(),
                };
                match ids.get_mut(*id) {
                    Some(n) => *n += 1,
                    None => {
                        ids.insert((*id).to_owned(), 1);
                    }
                }
            }
        }
    }

    /// One chart per referred collection: (file name, title, SVG), in name order.
    pub(crate) fn charts(&self) -> Vec<(String, String, String)> {
        self.counts
            .iter()
            .map(|(target, roles)| {
                let mut totals: HashMap<&String, usize> = HashMap::new();
                for ids in roles.values() {
                    for (id, n) in ids {
                        *totals.entry(id).or_insert(0) += n;
                    }
                }
                let mut rows: Vec<(&String, usize)> = totals.into_iter().collect();
                rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                rows.truncate(BARS);
                let names = self.names.get(target);
                let bars: Vec<Bar> = rows
                    .iter()
                    .map(|(id, _)| Bar {
                        id: (*id).clone(),
                        label: names.and_then(|n| n.get(*id)).cloned().unwrap_or_else(|| (*id).clone()),
                        segments: roles
                            .values()
                            .map(|ids| ids.get(*id).copied().unwrap_or(0))
                            .collect(),
                    })
                    .collect();
                let roles: Vec<&String> = roles.keys().collect();
                let title = format!("{target}: the {} most referred to, by referring field", bars.len());
                let counts = format!(
                    "Each bar counts the records that name the {} in each field; a record naming it in two fields counts in both.",
                    crate::schema::names::singular(target)
                );
                let svg = bar_chart(&title, &counts, &roles, &bars);
                (format!("charts/{target}-referred.svg"), title, svg)
            })
            .collect()
    }
}

/// The collections a field (or a field inside it) refers to.
fn targets_of<'f>(field: &'f Field, out: &mut Vec<&'f str>) {
    match &field.kind {
        Kind::ListOfObjects(subs) | Kind::Object(subs) => {
            subs.iter().for_each(|sub| targets_of(sub, out));
        }
        _ => out.extend(field.references.as_deref()),
    }
}

/// The (collection, field path, key) triples a field's value refers to.
/// Fields with no reference inside are passed over before any path is
/// spelled, so records cost nothing for the fields charts do not count.
fn collect<'f, 'v>(
    field: &'f Field,
    path: &str,
    value: Option<&'v Value>,
    out: &mut Vec<(&'f str, String, &'v str)>,
) {
    let Some(value) = value else { return };
    match &field.kind {
        Kind::ListOfObjects(subs) => {
            for sub in subs.iter().filter(|s| refers(s)) {
                let sub_path = format!("{path}[].{}", sub.name);
                for item in value.as_array().into_iter().flatten() {
                    collect(sub, &sub_path, member(item, &sub.name), out);
                }
            }
        }
        Kind::Object(subs) => {
            for sub in subs.iter().filter(|s| refers(s)) {
                collect(
                    sub,
                    &format!("{path}.{}", sub.name),
                    member(value, &sub.name),
                    out,
                );
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
            out.extend(
                ids.into_iter()
                    .map(|id| (target.as_str(), path.to_owned(), id)),
            );
        }
    }
}

/// Whether a field (or a field inside it) refers to another collection.
fn refers(field: &Field) -> bool {
    match &field.kind {
        Kind::ListOfObjects(subs) | Kind::Object(subs) => subs.iter().any(refers),
        _ => field.references.is_some(),
    }
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One bar: the referred record and its count per referring field.
struct Bar {
    id: String,
    label: String,
    segments: Vec<usize>,
}

fn shorten(text: &str) -> String {
    if text.chars().count() > LABEL_CHARS {
        format!(
            "{}…",
            text.chars().take(LABEL_CHARS - 1).collect::<String>()
        )
    } else {
        text.to_owned()
    }
}

fn text_width(text: &str, char_width: usize) -> usize {
    text.chars().count() * char_width
}

/// A horizontal stacked bar chart: the title and what it counts on top, a
/// legend of the referring fields, then one bar per record with its name
/// on the left and its total at the end.
fn bar_chart(title: &str, counts: &str, roles: &[&String], bars: &[Bar]) -> String {
    let labels: Vec<String> = bars.iter().map(|b| shorten(&b.label)).collect();
    let label_width = 16
        + labels
            .iter()
            .map(|l| text_width(l, CHAR_WIDTH))
            .max()
            .unwrap_or(0);
    let bar_width = 300;
    let row_height = 22;
    let legend_top = 62;
    let top = legend_top + roles.len() * 18 + 8;
    let height = top + bars.len() * row_height + 10;
    let width = (label_width + bar_width + 60)
        .max(20 + text_width(title, CHAR_WIDTH + 2))
        .max(20 + text_width(counts, CHAR_WIDTH))
        .max(
            40 + roles
                .iter()
                .map(|r| text_width(r, CHAR_WIDTH))
                .max()
                .unwrap_or(0),
        );
    let totals: Vec<usize> = bars.iter().map(|b| b.segments.iter().sum()).collect();
    let max = totals.iter().copied().max().unwrap_or(1).max(1);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"  <title>{}</title>"#, escape(title));
    let _ = writeln!(svg, r#"  <desc>{}</desc>"#, escape(counts));
    let _ = writeln!(
        svg,
        r#"  <rect width="{width}" height="{height}" fill="white"/>"#
    );
    let _ = writeln!(
        svg,
        r#"  <text x="10" y="22" font-size="14" font-weight="bold">{}</text>"#,
        escape(title)
    );
    let _ = writeln!(svg, r#"  <text x="10" y="44">{}</text>"#, escape(counts));
    for (i, role) in roles.iter().enumerate() {
        let y = legend_top + i * 18;
        let _ = writeln!(
            svg,
            r#"  <rect x="10" y="{y}" width="12" height="12" fill="{}"/>"#,
            COLOURS[i % COLOURS.len()]
        );
        let _ = writeln!(
            svg,
            r#"  <text x="28" y="{}">{}</text>"#,
            y + 10,
            escape(role)
        );
    }
    for (i, (bar, label)) in bars.iter().zip(&labels).enumerate() {
        let y = top + i * row_height;
        let _ = writeln!(
            svg,
            r#"  <text x="{}" y="{}" text-anchor="end"><title>{}</title>{}</text>"#,
            label_width - 8,
            y + 15,
            escape(&bar.id),
            escape(label)
        );
        let mut x = label_width;
        let mut sum = 0;
        for (r, n) in bar.segments.iter().enumerate().filter(|(_, n)| **n > 0) {
            sum += n;
            let end = label_width + (sum * bar_width).div_ceil(max);
            let _ = writeln!(
                svg,
                r#"  <rect x="{x}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {n}</title></rect>"#,
                y + 4,
                (end - x).max(1),
                row_height - 6,
                COLOURS[r % COLOURS.len()],
                escape(roles[r])
            );
            x = end;
        }
        let _ = writeln!(svg, r#"  <text x="{}" y="{}">{sum}</text>"#, x + 5, y + 15);
    }
    svg.push_str("</svg>\n");
    svg
}
