//! docket: validate curated open-data records against JSON Schemas and publish
//! them as versioned datasets.
//!
//! Data flows one way, down the layers the README's architecture section
//! draws: the command line (`cli`, `cmd`) asks the commands' layer
//! (`report`, `release`, `export`, `compare`, `stats`, `generate`), which
//! asks `check` and reads what describes the dataset (`schema`, `model`,
//! `metadata`); `check` reads the schemas and the records (`load`); `issue`, `error`, `progress`, `staged` and
//! `paths` serve them all. Every module is private: what the binary, the
//! tests, the benchmarks and the fuzz targets use is the list below, with
//! the types their signatures name so that callers can name them too;
//! nothing else is public, so the compiler sees dead code.

#![warn(unreachable_pub)]

mod check;
mod cli;
mod cmd;
mod compare;
mod error;
mod export;
mod generate;
mod issue;
mod load;
mod metadata;
mod model;
mod paths;
mod progress;
mod release;
mod report;
mod schema;
mod staged;
mod stats;

// The command line, for the binary.
pub use cli::Cli;
pub use error::{Error, Result, TooSmall};

// Validating a dataset root, as `docket validate` does.
pub use check::{
    normalize, run as check, today, validate, Checked, Options, Prepared, ProvenanceCheck, Report,
};
pub use issue::code::{Code, CATALOGUE};
pub use issue::{escape_token, Issue, Pos};
pub use schema::{CollectionSchema, SchemaSet};

// Reading one record, and placing a pointer in its text.
pub use load::{discover, locate, locate_all, parse, Dataset, Format, Limits, Located, ParseError};

// The report printers.
pub use report::github::render as github_report;
pub use report::human::render as human_report;
pub use report::json::render as json_report;
pub use report::markdown::render as markdown_report;
pub use report::sarif::render as sarif_report;

// Exporting and releasing.
pub use export::{prepare, write_dir, Collection, Job, Provenance, Stamp, WrittenFile, FULL_BUILD};
pub use metadata::{DataFormat, Formats, Metadata};
pub use release::version::latest as latest_release;

// The bundled dataset's record types, for reading its files with serde.
pub use model::{Document, Organization, Recommendation, Treaty};

// Synthetic datasets, for the benchmarks.
pub use generate::{generate, Layout as GeneratedLayout, Plan as GenerationPlan};
