//! One module per subcommand, each holding its help, its arguments and its
//! `run`, which returns the exit code; here, what they share: the flags
//! every command takes and the one type of report format.

pub(crate) mod completions;
pub(crate) mod diff;
pub(crate) mod export;
pub(crate) mod generate;
pub(crate) mod man;
pub(crate) mod new;
pub(crate) mod release;
pub(crate) mod schema;
pub(crate) mod stats;
pub(crate) mod validate;

use std::io::Write;
use std::path::PathBuf;

use crate::load::Limits;

/// The top-level help text.
pub(crate) const ABOUT: &str = "\
docket keeps a curated open dataset honest. It validates records against the
dataset's JSON Schemas, checks that records agree with each other (ids,
references, keys, dates) and, given the source texts, that every quoted text
really occurs in its source.

A dataset root holds `schemas/<collection>.schema.json` and
`datasets/<collection>/<id>.yaml` (or `.json`), one record per file.

Exit codes: 0 success; 1 the data is invalid; 2 docket could not do its job
(usage, unreadable paths, a directory where a record file belongs).";

/// Flags every command takes.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// The dataset root: the directory that holds `schemas/` and `datasets/`.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Largest record docket reads, in bytes: a one-record file, or one JSONL line.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = Limits::default().max_file_bytes)]
    pub max_record_bytes: u64,
    /// Deepest nesting of lists and mappings in a record.
    #[arg(long, global = true, value_name = "LEVELS", default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
    /// Show no progress bar (one is shown only when stderr is a terminal).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Most values one record may hold (YAML aliases counted as expanded).
    #[arg(long, global = true, value_name = "COUNT", default_value_t = Limits::default().max_nodes)]
    pub max_values: usize,
}

impl Global {
    /// The limits that protect docket from hostile records.
    pub fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_record_bytes,
            max_depth: self.max_depth,
            max_nodes: self.max_values,
        }
    }
}

/// How a command prints its report. Each command accepts the values that
/// make sense for it: `validate`, `export` and `release` all four, `stats`
/// and `diff` only [`human_or_json`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text with a snippet of each offending line (the default).
    Human,
    /// One JSON document: see the `report::json` module for its fields.
    Json,
    /// GitHub Actions workflow commands, one `::error` line per problem.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other dashboards.
    Sarif,
}

/// The `--format` values of a command that prints figures or a comparison:
/// `human` and `json`, listed without the validation report's descriptions.
pub(crate) fn human_or_json() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["human", "json"])
        .try_map(|value| <Format as clap::ValueEnum>::from_str(&value, false))
}

/// Prints a validation report in `format`.
pub(crate) fn render(
    report: &crate::check::Report,
    format: Format,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    use crate::report::{github, human, json, sarif};
    match format {
        Format::Human => human::render(report, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Sarif => sarif::render(report, out),
    }
}

/// A valid dataset, ready to publish.
struct Ready {
    checked: crate::check::Checked,
    collections: Vec<crate::export::Collection>,
    metadata: crate::metadata::Metadata,
}

/// Validates the dataset (with provenance when `sources` is given) and, when
/// it is valid, returns it ready to publish. When it is not, the report is
/// printed in `format` and the exit code returned instead: nothing is ever
/// published from invalid data. A SARIF report is printed either way (with
/// no results when the data is valid), since code-scanning tools expect one.
fn validated(
    global: &Global,
    sources: Option<&std::path::Path>,
    format: Format,
    metadata: crate::metadata::Metadata,
    out: &mut dyn std::io::Write,
) -> crate::error::Result<Result<Ready, u8>> {
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
    if !valid || format == Format::Sarif {
        if let Some(bar) = &checked.progress {
            bar.finish_and_clear();
        }
        render(&checked.report, format, out)?;
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
fn warn(message: &str) -> crate::error::Result<()> {
    writeln!(std::io::stderr().lock(), "docket: warning: {message}")?;
    Ok(())
}
