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

/// What `docket --version` says after the name: the version, the commit it
/// was built from (see `build.rs`) and which build it is, since the light
/// build refuses `export` and `release`. `-V` and the manual pages say the
/// version only, so they do not change from commit to commit.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("DOCKET_COMMIT"),
    ", full build)"
);
#[cfg(not(all(feature = "parquet", feature = "sqlite")))]
pub(crate) const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("DOCKET_COMMIT"),
    ", light build: no Parquet or SQLite writers)"
);

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
/// make sense for it: `validate`, `export` and `release` all five, `stats`
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
    /// A Markdown summary (counts by code; every problem when there are more than GitHub annotates), for a CI job summary.
    Markdown,
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
    use crate::report::{github, human, json, markdown, sarif};
    match format {
        Format::Human => human::render(report, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Markdown => markdown::render(report, out),
    }
}

/// A report to write to a file besides the one printed: `FORMAT=FILE`.
#[derive(Debug, Clone)]
pub struct ReportFile {
    pub format: Format,
    pub path: PathBuf,
}

impl std::str::FromStr for ReportFile {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (format, path) = text
            .split_once('=')
            .filter(|(_, path)| !path.is_empty())
            .ok_or_else(|| {
                format!("`{text}` is not FORMAT=FILE (for example sarif=docket.sarif)")
            })?;
        let format = <Format as clap::ValueEnum>::from_str(format, false).map_err(|_| {
            format!("`{format}` is not a report format: human, json, github, sarif or markdown")
        })?;
        Ok(ReportFile {
            format,
            path: PathBuf::from(path),
        })
    }
}

/// Writes each report file whole, so that a reader never finds half of
/// one; all are written before the exit code is decided.
pub(crate) fn write_reports(
    report: &crate::check::Report,
    files: &[ReportFile],
) -> crate::error::Result<()> {
    for file in files {
        let mut text = Vec::new();
        render(report, file.format, &mut text)?;
        std::fs::write(&file.path, text).map_err(|source| crate::error::Error::Write {
            path: file.path.clone(),
            source,
        })?;
    }
    Ok(())
}

/// How `export` and `release` validate: with provenance when `sources` is
/// given, and a progress bar unless quiet.
fn check_options(global: &Global, sources: Option<&std::path::Path>) -> crate::check::Options {
    crate::check::Options {
        sources: sources.map(std::path::Path::to_owned),
        today: crate::check::today(),
        limits: global.limits(),
        progress: crate::progress::bar(global.quiet, "checking"),
        ..crate::check::Options::default()
    }
}

/// A checked dataset, ready to publish when it is valid; when it is not, the
/// report is printed in `format` and the exit code returned instead: nothing
/// is ever published from invalid data. A SARIF report is printed either
/// way.
fn judge(
    mut checked: crate::check::Checked,
    global: &Global,
    format: Format,
    metadata: crate::metadata::Metadata,
    out: &mut dyn std::io::Write,
) -> crate::error::Result<Result<crate::export::Accepted, u8>> {
    warn_of_empty_collections(&checked)?;
    warn_of_missing_metadata(&global.root, &metadata)?;
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
    Ok(Ok(crate::export::Accepted {
        checked,
        collections,
        metadata,
    }))
}

/// Warns of each collection that has a schema but no record file: every
/// `*.schema.json` directly in `schemas/` is a collection, so a schema that
/// others only refer to (a standard's shared definitions) belongs in a
/// subfolder, and an empty collection is more often a misplaced file than
/// an intended one.
fn warn_of_empty_collections(checked: &crate::check::Checked) -> crate::error::Result<()> {
    for schema in &checked.schemas.collections {
        if !checked
            .dataset
            .files
            .iter()
            .any(|file| file.collection == schema.name)
        {
            warn(&format!(
                "collection `{name}` has no records (datasets/{name}/ or datasets/{name}.jsonl): every *.schema.json directly in schemas/ is a collection; a schema that other schemas only refer to belongs in a subfolder such as schemas/vendor/",
                name = schema.name
            ))?;
        }
    }
    Ok(())
}

/// Warns when what a release says of its licence and authors is only
/// docket's fallback: without them in `dataset.yaml`, CITATION.cff names
/// the root folder as the author and the release states no licence.
fn warn_of_missing_metadata(
    root: &std::path::Path,
    metadata: &crate::metadata::Metadata,
) -> crate::error::Result<()> {
    let mut missing = Vec::new();
    if metadata.licenses.is_empty() {
        missing.push("`licenses` (the release states no licence)");
    }
    if metadata.authors.is_empty() {
        missing.push("`authors` (CITATION.cff names the dataset itself as its author)");
    }
    if missing.is_empty() {
        return Ok(());
    }
    let file = root.join("dataset.yaml");
    let place = if file.exists() {
        format!("{} names no", crate::paths::shown(&file))
    } else {
        format!("there is no {}, so it has no", crate::paths::shown(&file))
    };
    warn(&format!(
        "{place} {}; add them (see the README, \"Bring your own schemas\")",
        missing.join(" and no ")
    ))
}

/// Writes a warning to stderr, where it does not mix with a report on stdout.
fn warn(message: &str) -> crate::error::Result<()> {
    writeln!(std::io::stderr().lock(), "docket: warning: {message}")?;
    Ok(())
}
