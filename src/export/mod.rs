//! Writing a validated dataset in every published format: JSON, JSONL, CSV
//! with link tables, Parquet, a Frictionless Data Package, the JSON Schemas,
//! a dataset card and a citation file.
//!
//! Every writer works from the schema-derived [`table::Table`] and the raw
//! records, sorted by id, so output depends only on the inputs and docket's
//! version. Writers take an output directory that the caller owns; making
//! the result appear atomically is [`crate::staged`]'s job.

// The dataset card and the Data Package describe the Parquet and SQLite
// files too: they are written with them, in the full build only.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod card;
pub mod charts;
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
mod formats;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod huggingface;
pub mod json;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod jsonld;
pub mod layout;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod loading;
pub mod metadata;
mod order;
#[cfg(feature = "parquet")]
pub mod parquet;
// The sinks feed every writer, Parquet and SQLite included.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod sinks;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod site;
#[cfg(feature = "sqlite")]
pub mod sqlite;
pub mod stamp;
pub mod table;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
mod tally;
// Free text: what the SQLite index and the site search.
#[cfg(feature = "sqlite")]
mod text;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub mod zenodo;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::check::Checked;
use crate::load::{Dataset, Limits, Origin};
use crate::{Error, Result};
pub use formats::{DataFormat, Formats};
pub use metadata::Metadata;
pub use stamp::{Provenance, Stamp};
use table::Table;

/// One collection ready to write: its columns and where its records are,
/// in id order. Records are read back a chunk at a time while writing.
pub struct Collection {
    pub table: Table,
    /// The flat tables of CSV, SQLite and the Data Package.
    pub flat: Vec<layout::FlatTable>,
    /// The schema as one self-contained document: the file's exact bytes,
    /// or the bundled schema when it refers to other files.
    pub schema_text: String,
    pub schema: Value,
    /// Where each record is, in key order.
    pub order: Vec<Origin>,
    pub key_order: order::KeyOrder,
}

/// Records read back and parsed at a time: enough to keep both cores busy,
/// few enough that memory stays flat however large the dataset.
const CHUNK: usize = 4096;

/// A file written by an export, with what the checksums and the Data Package need.
#[derive(Debug, Clone)]
pub struct WrittenFile {
    /// Path inside the export, `/`-separated.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The SHA-256 of a file written by other means (SQLite), read a block at
/// a time so a large file never sits in memory.
pub(crate) fn sha256_of(path: &Path) -> Result<String> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    use std::io::Read;
    let mut file = fs::File::open(path).map_err(read_error)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).map_err(read_error)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// A file being written: buffered, hashed and counted on the way.
pub struct Output {
    path: String,
    full: PathBuf,
    writer: BufWriter<fs::File>,
    hasher: Sha256,
    bytes: u64,
}

impl Output {
    /// Creates `relative` under `dir` (and its folder).
    pub fn create(dir: &Path, relative: &str) -> Result<Output> {
        let full = dir.join(relative);
        let write_error = |source| Error::Write {
            path: full.clone(),
            source,
        };
        if std::env::var_os(FAIL_WRITING).is_some_and(|f| f == relative) {
            return Err(write_error(std::io::Error::other(
                "failure injected by DOCKET_FAIL_WRITING",
            )));
        }
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).map_err(write_error)?;
        }
        let file = fs::File::create(&full).map_err(write_error)?;
        Ok(Output {
            path: relative.to_owned(),
            writer: BufWriter::with_capacity(1 << 20, file),
            full,
            hasher: Sha256::new(),
            bytes: 0,
        })
    }

    /// Flushes and syncs the file, and says what was written.
    pub fn finish(mut self) -> Result<WrittenFile> {
        let write_error = |source| Error::Write {
            path: self.full.clone(),
            source,
        };
        self.writer.flush().map_err(write_error)?;
        self.writer.get_ref().sync_all().map_err(write_error)?;
        Ok(WrittenFile {
            path: self.path,
            bytes: self.bytes,
            sha256: hex::encode(self.hasher.finalize()),
        })
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.writer.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// Writes a whole small file at once.
pub fn write_file(dir: &Path, relative: &str, bytes: &[u8]) -> Result<WrittenFile> {
    let mut output = Output::create(dir, relative)?;
    output.write_all(bytes).map_err(|source| Error::Write {
        path: dir.join(relative),
        source,
    })?;
    output.finish()
}

/// Orders each collection's valid records by key, keeping only where they
/// are. Refuses, before anything is written, a collection whose schema
/// gives its records no key.
pub fn prepare(checked: &Checked) -> Result<Vec<Collection>> {
    let mut collections = Vec::new();
    for (index, schema) in checked.schemas.collections.iter().enumerate() {
        let table = Table::from_schema(schema).map_err(|reason| Error::BadSchema {
            path: schema.file.clone().into(),
            reason: format!("cannot be exported: {reason}"),
        })?;
        let mut ids: Vec<(std::sync::Arc<str>, Origin)> = checked
            .records
            .iter()
            .filter(|r| r.collection as usize == index)
            .map(|r| {
                (
                    r.id.map(|id| checked.interner.resolve(id))
                        .unwrap_or_else(|| "".into()),
                    r.origin,
                )
            })
            .collect();
        // Keys are unique once validation has passed, so an unstable sort
        // orders them the same, without a buffer of half their size.
        ids.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        collections.push(Collection {
            flat: layout::flat_tables(&table),
            table,
            schema_text: schema.text.clone(),
            schema: schema.schema.clone(),
            key_order: order::KeyOrder::new(&schema.schema),
            order: ids.into_iter().map(|(_, origin)| origin).collect(),
        });
    }
    Ok(collections)
}

/// Reads a collection's records back in id order, a chunk at a time parsed
/// on all cores, with keys in schema order.
pub fn for_each_chunk(
    dataset: &Dataset,
    limits: &Limits,
    collection: &Collection,
    mut visit: impl FnMut(Vec<Value>) -> Result<()>,
) -> Result<()> {
    for origins in collection.order.chunks(CHUNK) {
        let records = dataset
            .read_many(origins, limits)
            .into_par_iter()
            .zip(origins.par_iter())
            .map(|(bytes, &origin)| {
                let file = dataset.file(origin);
                let mut value = bytes
                    .and_then(|b| {
                        crate::load::parse(&b, file.format, limits)
                            .map_err(crate::load::Failure::Parse)
                    })
                    .map_err(|_| {
                        Error::Export(format!(
                            "`{}` changed while it was being exported",
                            file.display
                        ))
                    })?;
                collection.key_order.apply(&mut value);
                Ok(value)
            })
            .collect::<Result<Vec<_>>>()?;
        visit(records)?;
    }
    Ok(())
}

/// The record's key as text, spelled as validation spells it (a single
/// key's value, or the JSON array of a composite key's values), for
/// messages and for rows that must name their record.
pub fn key_of(table: &Table, record: &Value) -> String {
    crate::schema::key_value(record, &table.key).unwrap_or_default()
}

/// Something that sees every record of every collection as it is written
/// (the changelog's comparison with the previous release).
pub type Observer<'o> = dyn FnMut(usize, &[Value]) -> Result<()> + 'o;

/// Whether this build has every writer: `export` and `release` need it
/// (see the `parquet` and `sqlite` features in `Cargo.toml`).
pub const FULL_BUILD: bool = cfg!(all(feature = "parquet", feature = "sqlite"));

/// In a light build (without the Parquet or SQLite writers) nothing is
/// exported: the commands refuse before any work (see `main.rs`).
#[cfg(not(all(feature = "parquet", feature = "sqlite")))]
#[allow(clippy::too_many_arguments)]
pub fn write_all(
    _dir: &Path,
    _checked: &Checked,
    _collections: &[Collection],
    _metadata: &Metadata,
    _stamp: &Stamp,
    _formats: &Formats,
    _formula_safe: bool,
    _observer: &mut Observer,
) -> Result<Vec<WrittenFile>> {
    Err(crate::Error::NeedsFullBuild)
}

/// Writes the chosen formats, and the metadata files that describe them,
/// into `dir` (which must exist), streaming each collection's records
/// through every format in key order.
#[allow(clippy::too_many_arguments)]
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub fn write_all(
    dir: &Path,
    checked: &Checked,
    collections: &[Collection],
    metadata: &Metadata,
    stamp: &Stamp,
    formats: &Formats,
    formula_safe: bool,
    observer: &mut Observer,
) -> Result<Vec<WrittenFile>> {
    let mut written = Vec::new();
    let total: usize = collections.iter().map(|c| c.order.len()).sum();
    crate::progress::stage(checked.progress.as_ref(), "writing", Some(total as u64));
    for (relative, text) in &checked.schemas.files {
        written.push(write_file(
            dir,
            &format!("schemas/{relative}"),
            text.as_bytes(),
        )?);
    }
    let (data, tally) = std::thread::scope(|scope| {
        let tallying = tally::Tallying::spawn(scope, collections);
        let mut sinks = sinks::Sinks::spawn(scope, dir, collections, formats, stamp, formula_safe)?;
        let fed = (|| {
            for (index, collection) in collections.iter().enumerate() {
                sinks.start(collection)?;
                for_each_chunk(&checked.dataset, &checked.limits, collection, |records| {
                    let records = sinks.push(collection, records)?;
                    tallying.push(index, &records);
                    observer(index, &records)?;
                    if let Some(bar) = &checked.progress {
                        bar.inc(records.len() as u64);
                    }
                    Ok(())
                })?;
                sinks.end()?;
            }
            Ok(())
        })();
        let tally = tallying.finish();
        // A writer's own error explains a failure to feed it best.
        match (fed, sinks.finish()) {
            (_, Err(e)) | (Err(e), Ok(_)) => Err(e),
            (Ok(()), Ok(written)) => Ok((written, tally)),
        }
    })?;
    let tally::Tally {
        counts,
        references,
        site_records,
    } = tally;
    written.extend(data.files);
    written.extend(data.tables.iter().map(|t| t.file.clone()));
    let tables = data.tables;
    let package = datapackage::build(collections, &tables, &written, metadata, stamp);
    written.push(write_file(dir, "datapackage.json", &package)?);
    if written.iter().any(|f| f.path == sqlite::PATH) {
        written.push(write_file(
            dir,
            datasette::PATH,
            datasette::build(collections, metadata, stamp).as_bytes(),
        )?);
    }
    if let Some(bar) = &checked.progress {
        bar.finish_and_clear();
    }
    let charts = references.charts();
    for (path, _, svg) in &charts {
        written.push(write_file(dir, path, svg.as_bytes())?);
    }
    let readme = huggingface::front_matter(collections, &written, metadata)
        + &card::readme(
            collections,
            &counts,
            &tables,
            &charts,
            formats,
            &written,
            metadata,
            stamp,
        );
    written.push(write_file(dir, "README.md", readme.as_bytes())?);
    let site = site::write(
        dir,
        collections,
        &site_records,
        &readme,
        metadata,
        stamp,
        &written,
    )?;
    written.push(write_file(
        dir,
        "CITATION.cff",
        card::citation(metadata, stamp).as_bytes(),
    )?);
    written.push(write_file(
        dir,
        zenodo::PATH,
        zenodo::build(metadata, stamp).as_bytes(),
    )?);
    let croissant = croissant::build(collections, &written, metadata, stamp);
    written.push(write_file(dir, croissant::PATH, croissant.as_bytes())?);
    // The site comes last: croissant.json describes the data and its
    // metadata, not the pages that show them.
    written.extend(site);
    Ok(written)
}

/// Environment variable naming one output file (such as `csv/documents.csv`)
/// whose writing fails on purpose: how the tests prove that a failure
/// half-way through an export or release leaves nothing behind.
pub const FAIL_WRITING: &str = "DOCKET_FAIL_WRITING";

/// Exports into `out`, replacing a previous export there: everything is
/// written into a staged folder beside it first, so a failure leaves the old
/// export untouched. A non-empty directory that is not a docket export is
/// never replaced.
pub fn write_dir(
    out: &Path,
    checked: &Checked,
    collections: &[Collection],
    metadata: &Metadata,
    stamp: &Stamp,
    formats: &Formats,
    formula_safe: bool,
) -> Result<Vec<WrittenFile>> {
    let shown = crate::paths::shown(out);
    if out.exists() {
        let empty = fs::read_dir(out)
            .map(|mut e| e.next().is_none())
            .unwrap_or(false);
        if !out.is_dir() || (!empty && !out.join("datapackage.json").is_file()) {
            return Err(Error::Refused(format!(
                "`{shown}` exists and is not a docket export; choose another --out"
            )));
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let staged = crate::staged::Staged::create(&parent, "export")?;
    let written = write_all(
        staged.path(),
        checked,
        collections,
        metadata,
        stamp,
        formats,
        formula_safe,
        &mut |_, _| Ok(()),
    )?;
    staged.publish_replacing(out)?;
    Ok(written)
}
