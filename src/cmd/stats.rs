//! `docket stats`: the dataset in figures.

use std::io::Write;

use super::Global;
use super::{human_or_json, Format};
use crate::report::stats;

pub(crate) const ABOUT: &str = "\
Count the dataset: records per collection and per value of every enumerated
field (such as a document's kind), how many records refer to each record
through each reference field (recommendations per document, per addressee,
instruments by citing records), and the share of records that name their
source.

Everything is derived from the schemas, so the same figures come out for any
dataset. Files that cannot be read are left out of the counts and noted;
`docket validate` says what is wrong with them. Always exits 0 unless the
dataset cannot be read at all.";

/// The one line `docket --help` lists.
pub(crate) const SUMMARY: &str = "Count records, values, references and provenance coverage";

/// The arguments of `docket stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to print the figures.
    #[arg(long, value_parser = human_or_json(), default_value = "human")]
    pub format: Format,
}

pub(crate) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> crate::error::Result<u8> {
    let root = global.root.as_path();
    let figures = crate::stats::compute(root, &global.limits())?;
    match args.format {
        Format::Json => stats::json(&figures, out)?,
        _ => stats::human(&figures, out)?,
    }
    Ok(0)
}
