//! Writing a validated dataset in every published format: JSON, JSONL, CSV
//! with link tables, Parquet, a Frictionless Data Package, the JSON Schemas,
//! a dataset card and a citation file.
//!
//! Every writer works from the schema-derived [`table::Table`] and the raw
//! records, sorted by id, so output depends only on the inputs and docket's
//! version. Writers take an output directory that the caller owns; making
//! the result appear atomically is [`crate::staged`]'s job.
//!
//! The toolbox every writer uses ([`output`]: files hashed as they are
//! written; [`collection`]: records read back in key order) sits below the
//! writers; [`write`] runs them all for one [`job::Job`]; the metadata writers share one
//! [`context::Context`]. This file is only the index.

// The dataset card and the Data Package describe the Parquet and SQLite
// files too: they are written with them, in the full build only.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod card;
pub mod charts;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod citation;
mod collection;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod context;
// Parts of it serve only the Parquet and SQLite writers.
#[cfg_attr(not(all(feature = "parquet", feature = "sqlite")), allow(dead_code))]
mod convert;
// The metadata files that describe a full build's formats.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod croissant;
pub mod csv;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod datapackage;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod datasette;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod huggingface;
mod job;
pub mod json;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod jsonld;
pub mod layout;
mod order;
mod output;
#[cfg(feature = "parquet")]
pub mod parquet;
// The sinks feed every writer, Parquet and SQLite included.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod sinks;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod site;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod snippets;
#[cfg(feature = "sqlite")]
pub mod sqlite;
pub mod stamp;
pub mod table;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod tally;
// Free text: what the SQLite index and the site search.
#[cfg(feature = "sqlite")]
mod text;
mod write;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod zenodo;

pub use collection::{prepare, Collection};
pub use job::Job;
pub use output::{write_file, WrittenFile};
pub use stamp::{Provenance, Stamp};
pub use write::{write_all, write_dir, FULL_BUILD};
