//! `docket export`: every format, unversioned, for a look before releasing.

use std::io::Write;
use std::path::PathBuf;

use super::{Format, Global};
use crate::export::{self, Provenance, Stamp};
use crate::metadata::{DataFormat, Formats, Metadata};
use crate::report::published;
use crate::schema::SchemaSet;

pub(crate) const ABOUT: &str = "\
Validate the dataset, then write the published formats into --out DIR:
json/ and jsonl/ (the records, sorted by key), csv/ (one table per
collection plus link tables for lists of references and of objects),
parquet/ (typed columns), sqlite/ (every table with keys and a full-text
index); --formats LIST writes only those (json, jsonl, csv, parquet,
sqlite). Always written, describing what was: schemas/, datapackage.json (a
Frictionless Data Package with keys and hashes), croissant.json (Croissant
1.1: files with SHA-256, one record set per collection), a dataset card
(README.md, with Hugging Face front matter) with its charts/, CITATION.cff,
.zenodo.json, and site/ (index.html: the card and every collection to
search, filter and follow, opened from disk; at most 2000 records per
collection). With sqlite, also sqlite/metadata.json for datasette.

Nothing is written when the data is invalid: the validation report is
printed in --format (human, json, github, sarif or markdown) and the command
exits 1.
The output is written into a locked staging folder beside DIR, synced, and
then moved into place, replacing a previous export there; a directory that
is not a docket export is never replaced. Unlike `docket release`, the
output has no version, changelog or checksums.

When the schemas declare verbatim texts, --sources DIR (or `sources_dir` in
dataset.yaml) checks them first; without it the export warns on stderr, and
its card and datapackage.json say the texts were not checked.

Spreadsheets execute a CSV cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return. By default docket writes every cell exactly as the
data holds it, which is what programs reading the CSV need; with --csv-safe
such cells get a leading `'`, which spreadsheets hide, for files meant to be
opened in a spreadsheet. Releases always hold the exact data.

Cost: records are read twice (checked, then written in key order a chunk
at a time); every format writes on a thread of its own while the next chunk
is read; memory holds a few facts per record, not the records (see
BENCHMARKS.md).";

/// The one line `docket --help` lists.
pub(crate) const SUMMARY: &str = "Validate, then write every format into a directory, unversioned";

/// The arguments of `docket export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The directory to write (replaced if it holds a previous export).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Also check provenance against the source texts in DIR before exporting.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Prefix CSV cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) with `'`.
    #[arg(long)]
    pub csv_safe: bool,
    /// The data formats to write, comma-separated (default: all); the metadata files are always written.
    #[arg(long, value_name = "LIST", value_enum, value_delimiter = ',')]
    pub formats: Vec<DataFormat>,
    /// How to print the validation report when the data is invalid (and, with json or sarif, the outcome).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

pub(crate) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> crate::error::Result<u8> {
    let root = global.root.as_path();
    let metadata = Metadata::load(root)?;
    let sources = args.sources.clone().or_else(|| metadata.sources_in(root));
    let schemas = SchemaSet::load(root)?;
    let formats = Formats::of(&args.formats);
    let options = super::check_options(global, sources.as_deref());
    let plan = export::Plan {
        out: &args.out,
        formats: &formats,
        csv_safe: args.csv_safe,
        // A schema that cannot be exported is refused once the data is
        // checked, as without the one pass.
        tables: export::tables(&schemas).ok(),
    };
    let mut stated = Provenance::NotDeclared;
    let exported = export::export_checked(
        plan,
        |feed| crate::check::run_feeding(root, &options, schemas, feed),
        |checked| {
            let ready = match super::judge(checked, global, args.format, metadata, out)? {
                Ok(ready) => ready,
                Err(code) => return Ok(Err(code)),
            };
            let schemas = ready.collections.iter().map(|c| &c.schema);
            let provenance = match (&sources, Provenance::declared(schemas)) {
                (_, false) => Provenance::NotDeclared,
                (Some(dir), true) => Provenance::checked_against(dir)?,
                (None, true) => {
                    super::warn(
                        "the schemas declare verbatim texts, but they were not checked against their sources (give --sources DIR); the export says so",
                    )?;
                    Provenance::Unchecked
                }
            };
            stated = provenance.clone();
            let stamp = Stamp {
                provenance,
                ..Stamp::from_env(None)?
            };
            Ok(Ok((ready, stamp)))
        },
    )?;
    let export::Exported {
        files: written,
        passes,
    } = match exported {
        Ok(exported) => exported,
        Err(code) => return Ok(code),
    };
    let shown = crate::paths::shown(&args.out);
    let line = format!("exported {} files to {shown}", written.len());
    match args.format {
        Format::Json => published::export_json(&shown, &stated, &written, passes, out)?,
        Format::Sarif => writeln!(std::io::stderr().lock(), "{line}")?,
        Format::Human | Format::Github | Format::Markdown => writeln!(out, "{line}")?,
    }
    Ok(0)
}
