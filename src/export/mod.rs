//! Writing a validated dataset in every published format (JSON, JSONL, CSV
//! with link tables, Parquet, SQLite) and the files that describe it (the
//! JSON Schemas, a Frictionless Data Package, Croissant, the dataset card,
//! CITATION.cff, Zenodo's and datasette's metadata, the site).
//!
//! Every writer works from the schema-derived [`table::Table`] and the raw
//! records, sorted by key, so output depends only on the inputs and docket's
//! version. Writers take an output directory that the caller owns; making
//! the result appear atomically is [`crate::staged`]'s job.
//!
//! The toolbox every writer uses ([`output`]: files hashed as they are
//! written; [`collection`]: records read back in key order) sits below the
//! writers; [`write`] runs them all for one [`job::Job`]; the metadata writers share one
//! [`context::Context`]. This file is only the index.
//!
//! The light build (no Parquet or SQLite) refuses to export before any
//! work, so there the writers that remain compile but are never called.
#![cfg_attr(not(all(feature = "parquet", feature = "sqlite")), allow(dead_code))]

// The dataset card and the Data Package describe the Parquet and SQLite
// files too: they are written with them, in the full build only.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) mod card;
pub(crate) mod charts;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod citation;
mod collection;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod context;
mod convert;
// The metadata files that describe a full build's formats.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) mod croissant;
pub(crate) mod csv;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) mod datapackage;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) mod datasette;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) mod huggingface;
mod job;
pub(crate) mod json;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) mod jsonld;
pub(crate) mod layout;
mod order;
mod output;
#[cfg(feature = "parquet")]
pub(crate) mod parquet;
// The sinks feed every writer, Parquet and SQLite included.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod sinks;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) mod site;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod snippets;
#[cfg(feature = "sqlite")]
pub(crate) mod sqlite;
pub(crate) mod stamp;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod stream;
pub(crate) mod table;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod tally;
// Free text: what the SQLite index and the site search.
#[cfg(feature = "sqlite")]
mod text;
mod write;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) mod zenodo;

pub(crate) use collection::tables;
pub use collection::{prepare, Collection};
pub use job::Job;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) use job::Target;
pub(crate) use output::write_file;
pub use output::WrittenFile;
pub use stamp::{Provenance, Stamp};
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) use stream::{stream, Streamed};
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) use write::describe;
pub(crate) use write::write_all;
pub(crate) use write::{export_checked, Accepted, Exported, Plan};
pub use write::{write_dir, FULL_BUILD};
