//! The card's reader-facing sections: "Load it" (snippets for pandas,
//! polars, DuckDB, R, datasette, Hugging Face `datasets` and mlcroissant,
//! for the formats actually written), how each format stores lists,
//! booleans, dates and nulls, and "Who said it": every field that refers
//! to another collection, with how many records fill it, so a reader
//! attributing a record looks at all of them and not only the first.

use std::fmt::Write as _;

use serde_json::Value;

use super::collection::Collection;
use super::output::WrittenFile;
use super::table::{member, Field, Kind, Table};
use super::{datasette, sqlite};

/// A field path holding references (`signatories[].on_behalf_of`), the
/// collection it refers to, and how many records have a value there.
#[derive(Debug, Clone)]
pub(crate) struct ReferencePath {
    pub path: String,
    pub target: String,
    pub filled: usize,
    /// The first sentence of the field's description.
    pub says: String,
    steps: Vec<(String, bool)>,
}

/// Every reference path of a table, in schema order.
pub(super) fn reference_paths(table: &Table) -> Vec<ReferencePath> {
    let mut out = Vec::new();
    walk(&table.fields, "", &mut Vec::new(), &mut out);
    out
}

fn walk(
    fields: &[Field],
    prefix: &str,
    steps: &mut Vec<(String, bool)>,
    out: &mut Vec<ReferencePath>,
) {
    for field in fields {
        let list = matches!(field.kind, Kind::List(_) | Kind::ListOfObjects(_));
        steps.push((field.name.clone(), list));
        let path = format!("{prefix}{}", field.name);
        if let Some(target) = &field.references {
            out.push(ReferencePath {
                path: path.clone(),
                target: target.clone(),
                filled: 0,
                says: first_sentence(field.description.as_deref().unwrap_or_default()),
                steps: steps.clone(),
            });
        }
        match &field.kind {
            Kind::Object(subs) => walk(subs, &format!("{path}."), steps, out),
            Kind::ListOfObjects(subs) => walk(subs, &format!("{path}[]."), steps, out),
            _ => {}
        }
        steps.pop();
    }
}

fn first_sentence(text: &str) -> String {
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    text[..end].replace('|', "\\|").replace('\n', " ")
}

impl ReferencePath {
    /// Counts `record` when it holds at least one value at this path.
    pub(crate) fn push(&mut self, record: &Value) {
        if filled(record, &self.steps) {
            self.filled += 1;
        }
    }
}

fn filled(value: &Value, steps: &[(String, bool)]) -> bool {
    let Some(((name, _), rest)) = steps.split_first() else {
        return match value {
            Value::Null => false,
            Value::Array(items) => items.iter().any(|v| !v.is_null()),
            Value::String(s) => !s.is_empty(),
            _ => true,
        };
    };
    match member(value, name) {
        Some(Value::Array(items)) if !rest.is_empty() => items.iter().any(|i| filled(i, rest)),
        Some(child) => filled(child, rest),
        None => false,
    }
}

/// The "Load it", "How values are stored" and "Who said it" sections.
pub(super) fn sections(
    collections: &[Collection],
    references: &[Vec<ReferencePath>],
    records: &[usize],
    written: &[WrittenFile],
) -> String {
    let mut out = String::new();
    let has = |prefix: &str| written.iter().any(|f| f.path.starts_with(prefix));
    let Some(first) = collections.first().map(|c| c.table.collection.as_str()) else {
        return out;
    };
    let _ = writeln!(out, "## Load it\n");
    let _ = writeln!(
        out,
        "Run these from the release folder. Each collection is one table, keyed by its `{}`.\n",
        collections[0].table.key.join("`, `")
    );
    if has("parquet/") {
        let _ = writeln!(
            out,
            "pandas and polars (Parquet keeps types: dates, lists, codes as categories):\n"
        );
        let _ = writeln!(out, "```python\nimport pandas as pd\n\n{first} = pd.read_parquet(\"parquet/{first}.parquet\")\nprint({first}.dtypes)\n```\n");
        let _ = writeln!(out, "```python\nimport polars as pl\n\n{first} = pl.read_parquet(\"parquet/{first}.parquet\")\nprint({first}.schema)\n```\n");
        let _ = writeln!(out, "DuckDB (SQL straight on the files):\n");
        let _ = writeln!(out, "```python\nimport duckdb\n\nprint(duckdb.sql(\"SELECT count(*) FROM 'parquet/{first}.parquet'\"))\n```\n");
        let _ = writeln!(out, "R, with the arrow package:\n");
        let _ = writeln!(
            out,
            "```r\nlibrary(arrow)\n{first} <- read_parquet(\"parquet/{first}.parquet\")\n```\n"
        );
    } else if has("jsonl/") {
        let _ = writeln!(out, "```python\nimport pandas as pd\n\n{first} = pd.read_json(\"jsonl/{first}.jsonl\", lines=True)\n```\n");
        let _ = writeln!(out, "```python\nimport polars as pl\n\n{first} = pl.read_ndjson(\"jsonl/{first}.jsonl\")\n```\n");
        let _ = writeln!(out, "```python\nimport duckdb\n\nprint(duckdb.sql(\"SELECT count(*) FROM 'jsonl/{first}.jsonl'\"))\n```\n");
        let _ = writeln!(
            out,
            "```r\nlibrary(jsonlite)\n{first} <- stream_in(file(\"jsonl/{first}.jsonl\"))\n```\n"
        );
    } else if has("csv/") {
        let _ = writeln!(
            out,
            "```python\nimport pandas as pd\n\n{first} = pd.read_csv(\"csv/{first}.csv\")\n```\n"
        );
        let _ = writeln!(out, "```r\n{first} <- read.csv(\"csv/{first}.csv\")\n```\n");
    }
    if has("sqlite/") {
        let _ = writeln!(out, "SQLite, browsed in datasette with table and column descriptions and facets: `datasette {} -m {}`; full-text search over every free-text field:\n", sqlite::PATH, datasette::PATH);
        let _ = writeln!(out, "```python\nimport sqlite3\n\ncon = sqlite3.connect(\"{}\")\nprint(con.execute(\"SELECT collection, id, field FROM search WHERE search MATCH 'human'\").fetchmany(5))\n```\n", sqlite::PATH);
    }
    if has("parquet/") || has("jsonl/") {
        let _ = writeln!(
            out,
            "Hugging Face `datasets` (the configs are in this card's front matter):\n"
        );
        let _ = writeln!(out, "```python\nfrom pathlib import Path\n\nfrom datasets import load_dataset\n\n{first} = load_dataset(str(Path.cwd()), \"{first}\", split=\"train\")\nprint({first})\n```\n");
    }
    let _ = writeln!(out, "Croissant (`croissant.json`), with mlcroissant:\n");
    let _ = writeln!(out, "```python\nimport mlcroissant as mlc\n\nrecords = list(mlc.Dataset(\"croissant.json\").records(\"{first}\"))\nprint(len(records))\n```\n");

    let _ = writeln!(out, "## How values are stored\n");
    let _ = writeln!(
        out,
        "| format | lists | booleans | dates | missing values |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    let rows = [
        (has("json/") || has("jsonl/"), "| JSON, JSONL | arrays | `true` / `false` | `YYYY-MM-DD` text; date-times as RFC 3339 text | the field is absent |"),
        (has("parquet/"), "| Parquet | `list<…>` (objects: `list<struct>`) | `bool` | `date32`; date-times `timestamp[us, UTC]` | null |"),
        (has("csv/"), "| CSV | one cell joined by `\\|`, and a link table per list of references or objects | `true` / `false` | `YYYY-MM-DD` text; date-times RFC 3339 in UTC | empty cell |"),
        (has("sqlite/"), "| SQLite | JSON array text (and the same link tables) | `INTEGER` 0 / 1 | `YYYY-MM-DD` text; date-times RFC 3339 in UTC | `NULL` |"),
    ];
    for (_, row) in rows.iter().filter(|(written, _)| *written) {
        let _ = writeln!(out, "{row}");
    }
    let _ = writeln!(out);

    let any = references.iter().any(|r| !r.is_empty());
    if any {
        let _ = writeln!(out, "## Who said it\n");
        let _ = writeln!(out, "Who wrote, signed, spoke for or published a record, and whom it addresses, are references to other collections, often in several fields that different records fill: a record with no value in one (say, no authors) may name its source in another (a publisher, or the organisation a signatory signed for). To attribute a record, read every field below that applies, and follow a reference to the record it names (for a record inside another, such as a recommendation inside a document, read the containing record's fields too).\n");
        let _ = writeln!(
            out,
            "| collection | field | refers to | what it says | records with a value |"
        );
        let _ = writeln!(out, "|---|---|---|---|---:|");
        for ((collection, paths), total) in collections.iter().zip(references).zip(records) {
            for path in paths {
                let _ = writeln!(
                    out,
                    "| `{}` | `{}` | `{}` | {} | {} of {total} |",
                    collection.table.collection, path.path, path.target, path.says, path.filled
                );
            }
        }
        let _ = writeln!(out);
    }
    out
}
