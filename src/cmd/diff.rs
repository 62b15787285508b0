//! `docket diff`: what changed between two releases.

use std::io::Write;

use crate::cli::{DiffArgs, DiffFormat, Global};
use crate::compare::diff_releases;
use crate::report::changes;

pub const ABOUT: &str = "\
Compare two release directories (such as dist/1.0.0 and dist/1.1.0): records
added, removed and changed in each collection, with each changed field's old
and new value; every schema change, keyword by keyword (fields added,
removed, renamed or retyped; enum values; constraints tightened or loosened;
references, keys, rules and descriptions), each classified by SchemaVer as
MODEL (needs a major version), REVISION (at least minor) or ADDITION (at
least patch); and the files one release has and the other has not.

Exits 0 whatever it finds; with --exit-code, exits 1 when there are any
differences (records, schemas or files), as `git diff --exit-code` does.";

pub fn run(_global: &Global, args: &DiffArgs, out: &mut dyn Write) -> crate::Result<u8> {
    let changes = diff_releases(&args.old, &args.new)?;
    let old = crate::paths::shown(&args.old);
    let new = crate::paths::shown(&args.new);
    match args.format {
        DiffFormat::Human => {
            writeln!(out, "# {old} → {new}\n")?;
            write!(out, "{}", changes::markdown(&changes))?;
        }
        DiffFormat::Json => changes::json(&changes, &old, &new, out)?,
    }
    Ok(if args.exit_code && !changes.is_empty() {
        1
    } else {
        0
    })
}
