//! The release's dataset card (`README.md`, with a data dictionary generated
//! from the schema descriptions).

use std::fmt::Write as _;

use super::collection::Collection;
use super::context::Context;
use super::csv::CsvTable;
use super::snippets::{self, ReferencePath};
use super::stamp::Provenance;
use super::table::{Field, Kind};
use super::tally::Counts;
use super::{citation, croissant, datapackage, datasette, parquet, site, sqlite, zenodo};
use crate::metadata::DataFormat;

/// The dataset card, in Markdown, for the files `cx.written` so far, with
/// the counts gathered as the records streamed past and the charts drawn
/// from them.
pub(crate) fn readme(
    cx: &Context,
    counts: &[Counts],
    charts: &[(String, String, String)],
) -> String {
    let Context {
        collections,
        metadata,
        stamp,
        formats,
        tables,
        written,
    } = *cx;
    let mut out = String::new();
    let version = stamp
        .version
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    let _ = writeln!(out, "# {}{version}\n", metadata.title);
    if !metadata.description.is_empty() {
        let _ = writeln!(out, "{}\n", metadata.description.trim());
    }
    if stamp.provenance != Provenance::NotDeclared {
        let _ = writeln!(out, "**Provenance.** {}\n", stamp.provenance.sentence());
    }
    let _ = writeln!(
        out,
        "**Made with** docket {}: the same data and the same docket version give the same files, byte for byte.\n",
        env!("CARGO_PKG_VERSION")
    );

    let _ = writeln!(out, "## Collections\n");
    let _ = writeln!(out, "| collection | records | what a record is |");
    let _ = writeln!(out, "|---|---:|---|");
    for (c, n) in collections.iter().zip(counts) {
        let what = c.table.description.clone().unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            c.table.collection,
            n.records,
            cell(&what)
        );
    }
    let _ = writeln!(out);
    value_counts(collections, counts, &mut out);
    if !charts.is_empty() {
        let _ = writeln!(out, "### Most referred to\n");
        for (path, title, _) in charts {
            let _ = writeln!(out, "![{title}]({path})\n");
        }
    }

    let references: Vec<Vec<ReferencePath>> = counts.iter().map(|c| c.references.clone()).collect();
    let records: Vec<usize> = counts.iter().map(|c| c.records).collect();
    out.push_str(&snippets::sections(
        collections,
        &references,
        &records,
        written,
    ));

    let _ = writeln!(out, "## Files\n");
    let _ = writeln!(out, "| path | contents |");
    let _ = writeln!(out, "|---|---|");
    for format in formats.iter() {
        for (path, contents) in files_of(format) {
            let _ = writeln!(out, "| `{path}` | {contents} |");
        }
    }
    if formats.has(DataFormat::Sqlite) {
        let _ = writeln!(out, "| `{}` | datasette metadata: table and column descriptions, facets for code columns (`datasette {} -m {}`) |", datasette::PATH, sqlite::PATH, datasette::PATH);
    }
    let _ = writeln!(out, "| `datapackage.json` | Frictionless Data Package: Table Schemas, primary and foreign keys, hashes |");
    let _ = writeln!(out, "| `{}` | Croissant 1.1 (MLCommons): the files with their SHA-256 and one record set per collection |", croissant::PATH);
    let _ = writeln!(
        out,
        "| `{}` | the release's metadata for Zenodo |",
        zenodo::PATH
    );
    if !charts.is_empty() {
        let _ = writeln!(
            out,
            "| `charts/<collection>-referred.svg` | the charts above |"
        );
    }
    let _ = writeln!(out, "| `site/index.html` | a browsable site: this card, and every collection with search, filters and links (open it from disk; at most {} records per collection, the rest in the files above) |", site::LIMIT);
    let _ = writeln!(out, "| `schemas/<collection>.schema.json` | the JSON Schemas the records were validated against |");
    let _ = writeln!(out, "| `CHANGELOG.md`, `SHA256SUMS`, `CITATION.cff` | changes since the previous release, checksums (`sha256sum -c SHA256SUMS`), citation |\n");

    if !metadata.sources.is_empty() {
        let _ = writeln!(out, "## Sources\n");
        for source in &metadata.sources {
            match &source.path {
                Some(path) => {
                    let _ = writeln!(out, "- {} (`{path}`)", source.title);
                }
                None => {
                    let _ = writeln!(out, "- {}", source.title);
                }
            }
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "## Data dictionary\n");
    for c in collections {
        let _ = writeln!(out, "### `{}`\n", c.table.collection);
        if let Some(description) = &c.table.description {
            let _ = writeln!(out, "{description}\n");
        }
        let _ = writeln!(out, "| field | type | required | description |");
        let _ = writeln!(out, "|---|---|---|---|");
        for field in &c.table.fields {
            dictionary_rows(field, "", &mut out);
        }
        let _ = writeln!(out);
        for field in &c.table.fields {
            vocabulary(field, &mut out);
        }
        if let Some(extra) = &c.table.extra {
            let _ = writeln!(
                out,
                "Values the schema allows but does not declare are kept, per record, in the JSON column `{extra}`: {}\n",
                parquet::EXTRA_DESCRIPTION
            );
        }
        let links: Vec<&CsvTable> = tables
            .iter()
            .filter(|t| {
                t.table
                    .link_of
                    .as_ref()
                    .is_some_and(|(owner, _)| owner == &c.table.collection)
            })
            .collect();
        if !links.is_empty() {
            let _ = writeln!(out, "Link tables:\n");
            for t in links {
                let columns: Vec<String> = t
                    .table
                    .columns
                    .iter()
                    .map(|c| format!("`{}`", c.name))
                    .collect();
                let _ = writeln!(out, "- `{}`: {}", t.file.path, columns.join(", "));
            }
            let _ = writeln!(out);
        }
        untranslated_patterns(&c.table.fields, "", &mut out);
    }

    let _ = writeln!(out, "## Licence\n");
    if metadata.licenses.is_empty() {
        let _ = writeln!(out, "No licence is declared.\n");
    }
    for license in &metadata.licenses {
        let title = license
            .title
            .clone()
            .unwrap_or_else(|| license.name.clone());
        match &license.path {
            Some(path) => {
                let _ = writeln!(out, "- {title} (`{}`): {path}", license.name);
            }
            None => {
                let _ = writeln!(out, "- {title} (`{}`)", license.name);
            }
        }
    }
    let _ = writeln!(out, "\n## How to cite\n");
    let _ = writeln!(out, "{}\n", citation::text(metadata, stamp));
    let _ = writeln!(out, "A machine-readable citation is in `CITATION.cff`.");
    out
}

/// The files a format writes, as the card's file table lists them.
fn files_of(format: DataFormat) -> &'static [(&'static str, &'static str)] {
    match format {
        DataFormat::Json => &[("json/<collection>.json", "the records as a JSON array, sorted by key")],
        DataFormat::Jsonl => &[("jsonl/<collection>.jsonl", "the same, one record per line")],
        DataFormat::Parquet => &[("parquet/<collection>.parquet", "typed columns: dates as dates, date-times as UTC timestamps, lists as lists, enums as dictionaries, anything else as JSON; descriptions in field metadata")],
        DataFormat::Csv => &[
            ("csv/<collection>.csv", "one row per record; list fields in one cell joined by `\\|`; nested objects as `<field>_<sub>` columns; JSON text where no column type is faithful"),
            ("csv/<collection>__<field>.csv", "link tables: one row per item of a list of references or objects, with foreign keys"),
        ],
        DataFormat::Sqlite => &[("sqlite/dataset.sqlite", "every CSV table in one SQLite database, with primary and foreign keys, lists as JSON, and a full-text index `search` (`SELECT * FROM search WHERE search MATCH '…'`); opens in `datasette`")],
    }
}

fn value_counts(collections: &[Collection], counts: &[Counts], out: &mut String) {
    let mut any = false;
    for (c, n) in collections.iter().zip(counts) {
        for (field, values) in &n.by_value {
            if !any {
                let _ = writeln!(out, "### Counts\n");
                any = true;
            }
            let parts: Vec<String> = values
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(v, n)| format!("{v} {n}"))
                .collect();
            let _ = writeln!(
                out,
                "- `{}` by `{field}`: {}",
                c.table.collection,
                parts.join(", ")
            );
        }
    }
    if any {
        let _ = writeln!(out);
    }
}

fn dictionary_rows(field: &Field, prefix: &str, out: &mut String) {
    let name = format!("{prefix}{}", field.name);
    let _ = writeln!(
        out,
        "| `{name}` | {} | {} | {} |",
        type_text(field),
        if field.required { "yes" } else { "" },
        cell(field.description.as_deref().unwrap_or_default())
    );
    match &field.kind {
        Kind::Object(fields) => {
            for sub in fields {
                dictionary_rows(sub, &format!("{name}."), out);
            }
        }
        Kind::ListOfObjects(fields) => {
            for sub in fields {
                dictionary_rows(sub, &format!("{name}[]."), out);
            }
        }
        _ => {}
    }
}

/// Patterns the Table Schema leaves out, because Python's `re` (which
/// frictionless checks them with) would read them otherwise.
fn untranslated_patterns(fields: &[Field], prefix: &str, out: &mut String) {
    for field in fields {
        let name = format!("{prefix}{}", field.name);
        if let Some(pattern) = &field.constraints.pattern {
            if datapackage::table_schema_pattern(pattern).is_none() {
                let _ = writeln!(
                    out,
                    "The pattern of `{name}` (`{pattern}`) is not in `datapackage.json`: Table Schema validators cannot check it as JSON Schema means it.\n"
                );
            }
        }
        if let Kind::Object(subs) | Kind::ListOfObjects(subs) = &field.kind {
            untranslated_patterns(subs, &format!("{name}."), out);
        }
    }
}

fn type_text(field: &Field) -> String {
    let reference = field
        .references
        .as_ref()
        .map(|r| format!(" → `{r}`"))
        .unwrap_or_default();
    let base = field.kind.describe();
    format!("{base}{reference}")
}

/// The codes of every enumerated field, with their meanings.
fn vocabulary(field: &Field, out: &mut String) {
    match &field.kind {
        Kind::Enum(values) => {
            let _ = writeln!(out, "Codes of `{}`:\n", field.name);
            for value in values {
                let meaning = field
                    .enum_descriptions
                    .iter()
                    .find(|(v, _)| v == value)
                    .map(|(_, d)| d.as_str())
                    .unwrap_or_default();
                let _ = writeln!(out, "- `{value}`: {meaning}");
            }
            let _ = writeln!(out);
        }
        Kind::Object(fields) | Kind::ListOfObjects(fields) => {
            for sub in fields {
                vocabulary(sub, out);
            }
        }
        _ => {}
    }
}

/// Table cells cannot hold line breaks or unescaped pipes.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
