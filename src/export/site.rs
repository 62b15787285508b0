//! `site/`: a static site a person opens straight from disk or serves from
//! any static host, with no network access. `index.html` renders the
//! dataset card (with its charts) and one view per collection where
//! records can be searched, filtered by their codes and followed through
//! their references; the dataset's schema.org JSON-LD is embedded in the
//! page for search engines.
//!
//! Browsers refuse `fetch()` of `file://` URLs, so data is loaded with
//! `<script src>`: `site/data/<collection>.js` assigns the collection's
//! records (at most [`LIMIT`] of them, in key order; the page says where
//! the rest are) and `site/data/meta.js` the card and the columns, all
//! derived from the collections' [`Table`]s.

use std::path::Path;

use serde_json::{json, Value};

use super::charts::{self, name_field};
use super::collection::key_of;
use super::context::Context;
use super::output::{write_file, WrittenFile};
use super::table::{Field, Kind, Table};
use super::{jsonld, text};
use crate::error::Result;

/// Records of a collection the site holds: enough to browse, few enough
/// that the page stays light (a record is about 1 KB of script).
pub(crate) const LIMIT: usize = 2000;

const APP: &str = include_str!("site/app.js");
const STYLE: &str = include_str!("site/style.css");

/// The first [`LIMIT`] records of each collection, gathered as they stream.
#[derive(Default)]
pub(crate) struct Records {
    kept: Vec<Vec<Value>>,
    totals: Vec<usize>,
}

impl Records {
    pub(crate) fn push(&mut self, index: usize, records: &[Value]) {
        if self.kept.len() <= index {
            self.kept.resize_with(index + 1, Vec::new);
            self.totals.resize(index + 1, 0);
        }
        self.totals[index] += records.len();
        let room = LIMIT.saturating_sub(self.kept[index].len());
        self.kept[index].extend(records.iter().take(room).cloned());
    }
}

/// Writes the site for a release whose card is `card` (Markdown, front
/// matter included) and whose other files are `cx.written`, showing the
/// `records` kept as they streamed past.
pub(crate) fn write(
    dir: &Path,
    cx: &Context,
    records: &Records,
    card: &str,
) -> Result<Vec<WrittenFile>> {
    let Context {
        collections,
        metadata,
        stamp,
        written,
        ..
    } = *cx;
    let mut out = Vec::new();
    let mut views = Vec::new();
    for (index, collection) in collections.iter().enumerate() {
        let table = &collection.table;
        let kept = records
            .kept
            .get(index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let total = records.totals.get(index).copied().unwrap_or(0);
        let rows: Vec<Value> = kept
            .iter()
            .map(|r| json!({"key": key_of(table, r), "record": r}))
            .collect();
        let data = json!({"records": rows, "total": total});
        let script = format!(
            "window.DOCKET_DATA = window.DOCKET_DATA || {{}};\nwindow.DOCKET_DATA[{}] = {};\n",
            script_json(&json!(table.collection)),
            script_json(&data)
        );
        let path = format!("site/data/{}.js", table.collection);
        out.push(write_file(dir, &path, script.as_bytes())?);
        views.push(view(table, total, written));
    }
    let body = card
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(card, |(_, body)| body);
    let meta = json!({
        "title": metadata.title,
        "version": stamp.version_text(),
        "limit": LIMIT,
        "card": body,
        "collections": views,
    });
    let script = format!("window.DOCKET_META = {};\n", script_json(&meta));
    out.push(write_file(dir, "site/data/meta.js", script.as_bytes())?);
    out.push(write_file(dir, "site/app.js", APP.as_bytes())?);
    out.push(write_file(dir, "site/style.css", STYLE.as_bytes())?);
    let scripts: String = collections
        .iter()
        .map(|c| {
            format!(
                "<script src=\"data/{}.js\"></script>\n",
                html(&c.table.collection)
            )
        })
        .collect();
    let ld = jsonld::schema_org(metadata, stamp, written);
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<meta name=\"description\" content=\"{description}\">\n<link rel=\"stylesheet\" href=\"style.css\">\n<script type=\"application/ld+json\">\n{ld}\n</script>\n</head>\n<body>\n<header><a href=\"#/\" id=\"home\">{title}</a> <span class=\"version\">{version}</span><nav id=\"collections\"></nav></header>\n<main id=\"main\"><noscript>This page needs JavaScript to show the records; the data is in the release's folders.</noscript></main>\n<script src=\"data/meta.js\"></script>\n{scripts}<script src=\"app.js\"></script>\n</body>\n</html>\n",
        title = html(&metadata.title),
        description = html(&jsonld::short_description(metadata)),
        version = html(stamp.version_text()),
        ld = script_json(&ld),
    );
    out.push(write_file(dir, "site/index.html", page.as_bytes())?);
    Ok(out)
}

/// What the page needs to show a collection: its columns, which to search,
/// filter by and link, and where the full data is.
fn view(table: &Table, total: usize, written: &[WrittenFile]) -> Value {
    let fields: Vec<Value> = table.fields.iter().map(field).collect();
    let full: Vec<&str> = written
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| {
            p.starts_with(&format!("json/{}.", table.collection))
                || p.starts_with(&format!("jsonl/{}.", table.collection))
                || p.starts_with(&format!("parquet/{}.", table.collection))
                || p.starts_with(&format!("csv/{}.", table.collection))
        })
        .collect();
    json!({
        "name": table.collection,
        "title": table.title,
        "description": table.description,
        "key": table.key,
        "names": name_field(table),
        "search": text::paths(table),
        "fields": fields,
        "total": total,
        "files": full,
    })
}

fn field(field: &Field) -> Value {
    let (kind, values, subs) = match &field.kind {
        Kind::Enum(values) => ("code", Some(values.clone()), None),
        Kind::List(item) => match &**item {
            Kind::Enum(values) => ("codes", Some(values.clone()), None),
            _ => ("list", None, None),
        },
        Kind::Object(fields) => ("object", None, Some(fields)),
        Kind::ListOfObjects(fields) => ("objects", None, Some(fields)),
        Kind::Date | Kind::DateTime => ("date", None, None),
        _ => ("value", None, None),
    };
    json!({
        "name": field.name,
        "kind": kind,
        "values": values,
        "references": field.references,
        "description": field.description,
        "fields": subs.map(|f| f.iter().map(self::field).collect::<Vec<_>>()),
    })
}

/// JSON safe inside a `<script>` element: no `</script>` or `<!--` can
/// end it early.
fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn html(text: &str) -> String {
    charts::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_past_the_limit_keeps_the_first_records_and_its_total() {
        let mut records = Records::default();
        let chunk: Vec<Value> = (0..1500).map(|i| json!({"id": i})).collect();
        records.push(1, &chunk);
        records.push(1, &chunk);
        assert_eq!(records.kept[1].len(), LIMIT);
        assert_eq!(records.totals[1], 3000);
        assert_eq!(records.kept[1][1500], json!({"id": 0}));
        assert!(records.kept[0].is_empty());
    }

    #[test]
    fn script_json_cannot_close_its_script_element() {
        let text = script_json(&json!({"t": "</script><!-- & \u{2028}"}));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["t"], "</script><!-- & \u{2028}");
    }
}
