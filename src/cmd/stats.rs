//! `docket stats`: the dataset in figures.

use std::io::Write;

use crate::cli::{Global, StatsArgs};
use crate::report::stats::render;

pub const ABOUT: &str = "\
Count the dataset: records per collection and per value of every enumerated
field (such as a document's kind), how many records refer to each record
through each reference field (recommendations per document, per addressee,
instruments by citing records), and the share of records that name their
source.

Everything is derived from the schemas, so the same figures come out for any
dataset. Files that cannot be read are left out of the counts and noted;
`docket validate` says what is wrong with them. Always exits 0 unless the
dataset cannot be read at all.";

pub fn run(global: &Global, args: &StatsArgs, out: &mut dyn Write) -> crate::Result<u8> {
    let root = global.root.as_path();
    let stats = crate::stats::compute(root, &global.limits())?;
    render(&stats, args.format, out)?;
    Ok(0)
}
