//! `docket diff`: what changed between two releases.

use std::io::Write;
use std::path::PathBuf;

use super::{human_or_json, Format, Global};
use crate::compare::diff_releases;
use crate::report::changes;

pub(crate) const ABOUT: &str = "\
Compare two release directories (such as dist/1.0.0 and dist/1.1.0): records
added, removed and changed in each collection, with each changed field's old
and new value; every schema change, keyword by keyword (fields added,
removed, renamed or retyped; enum values; constraints tightened or loosened;
references, keys, rules and descriptions), each classified by SchemaVer as
MODEL (needs a major version), REVISION (at least minor) or ADDITION (at
least patch); and the files one release has and the other has not.

Exits 0 whatever it finds; with --exit-code, exits 1 when there are any
differences (records, schemas or files), as `git diff --exit-code` does.";

/// The one line `docket --help` lists.
pub(crate) const SUMMARY: &str = "Compare two releases, record by record and field by field";

/// The arguments of `docket diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older release directory.
    pub old: PathBuf,
    /// The newer release directory.
    pub new: PathBuf,
    /// How to print the comparison.
    #[arg(long, value_parser = human_or_json(), default_value = "human")]
    pub format: Format,
    /// Exit 1 when the releases differ.
    #[arg(long)]
    pub exit_code: bool,
}

pub(crate) fn run(_global: &Global, args: &Args, out: &mut dyn Write) -> crate::error::Result<u8> {
    let changes = diff_releases(&args.old, &args.new)?;
    let old = crate::paths::shown(&args.old);
    let new = crate::paths::shown(&args.new);
    match args.format {
        Format::Json => changes::json(&changes, &old, &new, out)?,
        _ => {
            writeln!(out, "# {old} → {new}\n")?;
            write!(out, "{}", crate::release::notes::markdown(&changes))?;
        }
    }
    Ok(if args.exit_code && !changes.is_empty() {
        1
    } else {
        0
    })
}
