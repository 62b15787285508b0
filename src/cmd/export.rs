//! `docket export`: every format, unversioned, for a look before releasing.

use std::io::Write;
use std::path::Path;

use crate::cli::ExportArgs;
use crate::export::{self, Stamp};

pub const ABOUT: &str = "\
Validate the dataset, then write every published format into --out DIR:
json/ and jsonl/ (the records, sorted by id), csv/ (one table per collection
plus link tables for lists of references and of objects), parquet/ (typed
columns), schemas/, datapackage.json (a Frictionless Data Package with keys
and hashes), a dataset card (README.md) and CITATION.cff.

Nothing is written when the data is invalid: the validation report is
printed and the command exits 1. The output is written beside DIR first and
then moved into place, replacing a previous export there; a directory that
is not a docket export is never replaced. Unlike `docket release`, the
output has no version, changelog or checksums.

Cost: the dataset is held in memory once, plus one collection's columns
while its Parquet file is written.";

pub fn run(root: &Path, args: &ExportArgs, out: &mut dyn Write) -> crate::Result<u8> {
    let ready = match super::validated(root, args.sources.as_deref(), out)? {
        Ok(ready) => ready,
        Err(code) => return Ok(code),
    };
    let written = export::write_dir(
        &args.out,
        &ready.checked,
        &ready.collections,
        &ready.metadata,
        &Stamp::from_env(None)?,
    )?;
    writeln!(
        out,
        "exported {} files to {}",
        written.len(),
        crate::load::display_path(&args.out)
    )?;
    Ok(0)
}
