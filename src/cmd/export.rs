//! `docket export`: every format, unversioned, for a look before releasing.

use std::io::Write;

use crate::cli::{ExportArgs, Global};
use crate::export::{self, Formats, Stamp};

pub const ABOUT: &str = "\
Validate the dataset, then write the published formats into --out DIR:
json/ and jsonl/ (the records, sorted by key), csv/ (one table per
collection plus link tables for lists of references and of objects),
parquet/ (typed columns), sqlite/ (every table with keys and a full-text
index); --formats LIST writes only those (json, jsonl, csv, parquet,
sqlite). Always written, describing what was: schemas/, datapackage.json (a
Frictionless Data Package with keys and hashes), a dataset card (README.md)
with its charts/, and CITATION.cff.

Nothing is written when the data is invalid: the validation report is
printed and the command exits 1. The output is written beside DIR first and
then moved into place, replacing a previous export there; a directory that
is not a docket export is never replaced. Unlike `docket release`, the
output has no version, changelog or checksums.

Spreadsheets execute a CSV cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return. By default docket writes every cell exactly as the
data holds it, which is what programs reading the CSV need; with --csv-safe
such cells get a leading `'`, which spreadsheets hide, for files meant to be
opened in a spreadsheet. Releases always hold the exact data.

Cost: records are read twice (checked, then written in key order a chunk
at a time); every format writes on a thread of its own while the next chunk
is read; memory holds a few facts per record, not the records (see
BENCHMARKS.md).";

pub fn run(global: &Global, args: &ExportArgs, out: &mut dyn Write) -> crate::Result<u8> {
    let ready = match super::validated(global, args.sources.as_deref(), out)? {
        Ok(ready) => ready,
        Err(code) => return Ok(code),
    };
    let written = export::write_dir(
        &args.out,
        &ready.checked,
        &ready.collections,
        &ready.metadata,
        &Stamp::from_env(None)?,
        &Formats::of(&args.formats),
        args.csv_safe,
    )?;
    writeln!(
        out,
        "exported {} files to {}",
        written.len(),
        crate::load::display_path(&args.out)
    )?;
    Ok(0)
}
