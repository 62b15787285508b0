//! The command-line interface's types (clap derive). Each command's prose
//! help lives at the top of its own file under `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::cmd;
use crate::load::Limits;
use crate::report;

/// Validate curated open-data records against JSON Schemas and publish them
/// as versioned datasets.
#[derive(Debug, Parser)]
#[command(name = "docket", version, about, long_about = cmd::ABOUT)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Args)]
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

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(about = "Check records against their schemas, each other and their sources", long_about = cmd::validate::ABOUT)]
    Validate(ValidateArgs),
    #[command(about = "Write the bundled model's JSON Schemas, or check them for drift", long_about = cmd::schema::ABOUT)]
    Schema(SchemaArgs),
    #[command(about = "Count records, values, references and provenance coverage", long_about = cmd::stats::ABOUT)]
    Stats(StatsArgs),
    #[command(about = "Validate, then write every format into a directory, unversioned", long_about = cmd::export::ABOUT)]
    Export(ExportArgs),
    #[command(about = "Validate, then publish an immutable, versioned release", long_about = cmd::release::ABOUT)]
    Release(ReleaseArgs),
    #[command(about = "Compare two releases, record by record and field by field", long_about = cmd::diff::ABOUT)]
    Diff(DiffArgs),
    #[command(about = "Scaffold a record file from its collection's schema", long_about = cmd::new::ABOUT)]
    New(NewArgs),
    #[command(about = "Print a shell completion script (bash, zsh, fish, powershell, elvish)", long_about = cmd::completions::ABOUT)]
    Completions(CompletionsArgs),
    #[command(about = "Print the manual page (roff), docket's or one command's", long_about = cmd::man::ABOUT)]
    Man(ManArgs),
    /// Write a synthetic dataset for benchmarks (hidden: a tool for measuring docket).
    #[command(hide = true)]
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Report only on these record files or folders; references still resolve against the whole dataset.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to print the report.
    #[arg(long, value_enum, default_value = "human")]
    pub format: report::Format,
    /// Also check provenance: quotes, verbatim texts and source hashes against the source texts in DIR.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Report only on records changed since the git revision REV and the records that refer to them (everything when a schema changed).
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// List at most N problems (the summary still counts them all).
    #[arg(long, value_name = "N")]
    pub max_errors: Option<usize>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Do not write; exit 1 if the committed schemas differ from what the record types generate.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How to print the figures.
    #[arg(long, value_enum, default_value = "human")]
    pub format: report::stats::Format,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
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
    pub formats: Vec<crate::export::DataFormat>,
    /// How to print the validation report when the data is invalid (and, with json or sarif, the outcome).
    #[arg(long, value_enum, default_value = "human")]
    pub format: report::Format,
}

#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// The release's semantic version, such as 1.4.0, 2.0.0-rc.1 or 1.0.0+build.5.
    pub version: String,
    /// Where releases live (default: `dist/` in the dataset root); the release is written to OUT/VERSION.
    #[arg(long, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// The release to compare with, instead of the newest one in OUT and the root's dist/.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
    /// The source texts to check provenance against (default: `sources_dir` in dataset.yaml).
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Publish without checking verbatim texts against their sources; the release says so.
    #[arg(long, conflicts_with = "sources")]
    pub no_provenance_check: bool,
    /// How to print the validation report when the data is invalid; with json, a summary of what was published.
    #[arg(long, value_enum, default_value = "human")]
    pub format: report::Format,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older release directory.
    pub old: PathBuf,
    /// The newer release directory.
    pub new: PathBuf,
    /// How to print the comparison.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiffFormat,
    /// Exit 1 when the releases differ.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of recommendation records; documents, organisations and treaties are derived from it.
    #[arg(long, default_value_t = 1000)]
    pub records: usize,
    /// Fraction of recommendations and documents made invalid.
    #[arg(long, default_value_t = 0.01)]
    pub invalid: f64,
    /// One file per record, or one JSONL file per collection.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub layout: crate::generate::Layout,
    /// Seed of the generator: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The new directory to write the dataset root into.
    #[arg(long, value_name = "DIR")]
    pub out: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`validate` prints docket-validate(1)); docket's own page without one.
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The collection (a folder under `datasets/` with a schema).
    pub collection: String,
    /// The new record's id, which is also its file name.
    pub id: String,
}
