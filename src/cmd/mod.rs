//! One module per subcommand, each with a `run` that returns the exit code.

pub mod completions;
pub mod diff;
pub mod export;
pub mod generate;
pub mod man;
pub mod new;
pub mod release;
pub mod schema;
pub mod stats;
pub mod validate;

/// The top-level help text.
pub const ABOUT: &str = "\
docket keeps a curated open dataset honest. It validates records against the
dataset's JSON Schemas, checks that records agree with each other (ids,
references, keys, dates) and, given the source texts, that every quoted text
really occurs in its source.

A dataset root holds `schemas/<collection>.schema.json` and
`datasets/<collection>/<id>.yaml` (or `.json`), one record per file.

Exit codes: 0 success; 1 the data is invalid; 2 docket could not do its job
(usage, unreadable paths, a directory where a record file belongs).";

/// A valid dataset, ready to publish.
struct Ready {
    checked: crate::check::Checked,
    collections: Vec<crate::export::Collection>,
    metadata: crate::export::Metadata,
}

/// Validates the dataset (with provenance when `sources` is given) and, when
/// it is valid, returns it ready to publish. When it is not, the report is
/// printed in `format` and the exit code returned instead: nothing is ever
/// published from invalid data. A SARIF report is printed either way (with
/// no results when the data is valid), since code-scanning tools expect one.
fn validated(
    global: &crate::cli::Global,
    sources: Option<&std::path::Path>,
    format: crate::report::Format,
    metadata: crate::export::Metadata,
    out: &mut dyn std::io::Write,
) -> crate::Result<Result<Ready, u8>> {
    let root = global.root.as_path();
    let options = crate::check::Options {
        sources: sources.map(std::path::Path::to_owned),
        today: crate::check::today(),
        limits: global.limits(),
        progress: crate::progress::bar(global.quiet, "checking"),
        ..crate::check::Options::default()
    };
    let mut checked = crate::check::run(root, &options)?;
    let valid = checked.report.issues.is_empty();
    if !valid || format == crate::report::Format::Sarif {
        if let Some(bar) = &checked.progress {
            bar.finish_and_clear();
        }
        crate::report::render(&checked.report, format, out)?;
    }
    if !valid {
        return Ok(Err(checked.report.exit_code()));
    }
    let collections = crate::export::prepare(&checked)?;
    // Once each collection's order is known, writing needs no record's
    // facts: freeing them keeps them out of the export's peak memory.
    checked.records = Vec::new();
    Ok(Ok(Ready {
        checked,
        collections,
        metadata,
    }))
}

/// Writes a warning to stderr, where it does not mix with a report on stdout.
fn warn(message: &str) -> crate::Result<()> {
    use std::io::Write;
    writeln!(std::io::stderr().lock(), "docket: warning: {message}")?;
    Ok(())
}
