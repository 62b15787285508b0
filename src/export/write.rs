//! The foreman: every chosen format and the metadata files that describe
//! them, written into a folder, and (for `docket export`) that folder put in
//! place of the previous export at once.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::collection::Collection;
use super::job::Job;
use super::output::WrittenFile;
#[cfg(all(feature = "parquet", feature = "sqlite"))]
use super::sinks;
use super::stamp::Stamp;
use crate::check::{Checked, Feed};
use crate::error::{Error, Result};
use crate::metadata::{Formats, Metadata};

/// Something that sees every record of every collection as it is written
/// (the changelog's comparison with the previous release).
pub(super) type Observer<'o> = dyn FnMut(usize, &[Value]) -> Result<()> + Send + 'o;

/// Whether this build has every writer: `export` and `release` need it
/// (see the `parquet` and `sqlite` features in `Cargo.toml`).
pub const FULL_BUILD: bool = cfg!(all(feature = "parquet", feature = "sqlite"));

/// In a light build (without the Parquet or SQLite writers) nothing is
/// exported: the commands refuse before any work (see `cli.rs`).
#[cfg(not(all(feature = "parquet", feature = "sqlite")))]
pub(crate) fn write_all(_job: &Job, _observer: &mut Observer) -> Result<Vec<WrittenFile>> {
    Err(Error::NeedsFullBuild)
}

/// Writes the chosen formats, and the metadata files that describe them,
/// into `job.dir` (which must exist), streaming each collection's records
/// through every format in key order, read back from the dataset.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) fn write_all(job: &Job, observer: &mut Observer) -> Result<Vec<WrittenFile>> {
    use super::collection::for_each_chunk;
    use super::tally::Tallying;

    let Job {
        checked,
        collections,
        ..
    } = *job;
    let total: usize = collections.iter().map(|c| c.order.len()).sum();
    crate::progress::stage(checked.progress.as_ref(), "writing", Some(total as u64));
    let data = std::thread::scope(|scope| {
        let tallying = Tallying::spawn(scope, collections);
        let mut sinks = sinks::Sinks::spawn(scope, &job.target())?;
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
            (Ok(()), Ok(written)) => Ok(Data { written, tally }),
        }
    })?;
    describe(job, data)
}

/// What the data formats wrote, and what was counted as they did.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) struct Data {
    pub(super) written: sinks::Written,
    pub(super) tally: super::tally::Tally,
}

/// Writes the schemas and the metadata files that describe the data files
/// `data` holds, into `job.dir`; returns every file of the export.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) fn describe(job: &Job, data: Data) -> Result<Vec<WrittenFile>> {
    use super::context::Context;
    use super::output::write_file;
    use super::tally::Tally;
    use super::{
        card, citation, croissant, datapackage, datasette, huggingface, site, sqlite, zenodo,
    };

    let Job {
        dir,
        checked,
        collections,
        ..
    } = *job;
    let mut written = Vec::new();
    for (relative, text) in &checked.schemas.files {
        written.push(write_file(
            dir,
            &format!("schemas/{relative}"),
            text.as_bytes(),
        )?);
    }
    let Data {
        written: data,
        tally:
            Tally {
                counts,
                references,
                site_records,
            },
    } = data;
    written.extend(data.files);
    written.extend(data.tables.iter().map(|t| t.file.clone()));
    let tables = data.tables;
    // Each metadata file describes the files written before it.
    let base = Context {
        collections,
        metadata: job.metadata,
        stamp: job.stamp,
        formats: job.formats,
        tables: &tables,
        written: &[],
    };
    let package = datapackage::build(&base.with(&written));
    written.push(write_file(dir, "datapackage.json", &package)?);
    if written.iter().any(|f| f.path == sqlite::PATH) {
        let metadata = datasette::build(&base);
        written.push(write_file(dir, datasette::PATH, metadata.as_bytes())?);
    }
    if let Some(bar) = &checked.progress {
        bar.finish_and_clear();
    }
    let charts = references.charts();
    for (path, _, svg) in &charts {
        written.push(write_file(dir, path, svg.as_bytes())?);
    }
    let readme = {
        let cx = base.with(&written);
        huggingface::front_matter(&cx) + &card::readme(&cx, &counts, &charts)
    };
    written.push(write_file(dir, "README.md", readme.as_bytes())?);
    let site = site::write(dir, &base.with(&written), &site_records, &readme)?;
    let cff = citation::file(&base);
    written.push(write_file(dir, citation::PATH, cff.as_bytes())?);
    let deposit = zenodo::build(&base);
    written.push(write_file(dir, zenodo::PATH, deposit.as_bytes())?);
    let croissant = croissant::build(&base.with(&written));
    written.push(write_file(dir, croissant::PATH, croissant.as_bytes())?);
    // The site comes last: croissant.json describes the data and its
    // metadata, not the pages that show them.
    written.extend(site);
    Ok(written)
}

/// A checked dataset that its caller accepts for publishing: valid, its
/// collections in key order, and what describes it.
pub(crate) struct Accepted {
    pub checked: Checked,
    pub collections: Vec<Collection>,
    pub metadata: Metadata,
}

/// What an export wrote, and how many times it read each record: once
/// when they came in key order, twice when they were read again sorted.
pub(crate) struct Exported {
    pub files: Vec<WrittenFile>,
    pub passes: u8,
}

/// How an export should be checked and written.
pub(crate) struct Plan<'a> {
    /// The export to replace.
    pub out: &'a Path,
    pub formats: &'a Formats,
    pub csv_safe: bool,
    /// Each collection's columns, known before the records when the schemas
    /// allow an export at all: the records are then written as they are
    /// checked.
    pub tables: Option<Vec<Collection>>,
}

/// Checks the dataset (`check`, handed a feed when records can be written
/// as they are checked) and, when `accept` takes the result, exports it in
/// place of `plan.out` (see [`write_dir`]). In one pass when the records
/// come in key order; else, or with no tables known before, they are read
/// again in key order once checked. `accept`'s refusal (the data is
/// invalid) is handed back, and nothing is written; it gives the stamp the
/// metadata files carry.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) fn export_checked<R>(
    plan: Plan,
    check: impl FnOnce(Option<&dyn Feed>) -> Result<Checked>,
    accept: impl FnOnce(Checked) -> Result<std::result::Result<(Accepted, Stamp), R>>,
) -> Result<std::result::Result<Exported, R>> {
    use super::job::Target;
    use super::stream::{stream, Streamed};

    let out = plan.out;
    let parent = replaceable(out)?;
    let checked = match &plan.tables {
        Some(tables) => {
            let staged = crate::staged::Staged::create(&parent, "export")?;
            // The writers read only the version and date of the stamp; the
            // provenance it states is known once the data is checked.
            let stamp = Stamp::from_env(None)?;
            let target = Target {
                dir: staged.path(),
                collections: tables,
                formats: plan.formats,
                stamp: &stamp,
                csv_safe: plan.csv_safe,
            };
            match stream(&target, &mut |_, _| Ok(()), |feed| check(Some(feed)))? {
                Streamed::Written(checked, data) => {
                    let (accepted, stamp) = match accept(checked)? {
                        Ok(accepted) => accepted,
                        Err(refused) => return Ok(Err(refused)),
                    };
                    let files = describe(
                        &accepted.job(staged.path(), &stamp, plan.formats, plan.csv_safe),
                        data,
                    )?;
                    staged.publish_replacing(out)?;
                    return Ok(Ok(Exported { files, passes: 1 }));
                }
                Streamed::Unordered(checked) | Streamed::Invalid(checked) => checked,
            }
        }
        None => check(None)?,
    };
    let (accepted, stamp) = match accept(checked)? {
        Ok(accepted) => accepted,
        Err(refused) => return Ok(Err(refused)),
    };
    let files = write_dir(&accepted.job(out, &stamp, plan.formats, plan.csv_safe))?;
    Ok(Ok(Exported { files, passes: 2 }))
}

/// In a light build nothing is exported (see [`write_all`]).
#[cfg(not(all(feature = "parquet", feature = "sqlite")))]
pub(crate) fn export_checked<R>(
    _plan: Plan,
    _check: impl FnOnce(Option<&dyn Feed>) -> Result<Checked>,
    _accept: impl FnOnce(Checked) -> Result<std::result::Result<(Accepted, Stamp), R>>,
) -> Result<std::result::Result<Exported, R>> {
    Err(Error::NeedsFullBuild)
}

impl Accepted {
    /// The export of this dataset into `dir`.
    pub(crate) fn job<'a>(
        &'a self,
        dir: &'a Path,
        stamp: &'a Stamp,
        formats: &'a Formats,
        csv_safe: bool,
    ) -> Job<'a> {
        Job {
            dir,
            checked: &self.checked,
            collections: &self.collections,
            metadata: &self.metadata,
            stamp,
            formats,
            csv_safe,
        }
    }
}

/// The folder beside `out` to stage an export in, once `out` is known to
/// be one docket may replace: absent, empty, or a previous export.
fn replaceable(out: &Path) -> Result<PathBuf> {
    if out.exists() {
        let empty = fs::read_dir(out)
            .map(|mut e| e.next().is_none())
            .unwrap_or(false);
        if !out.is_dir() || (!empty && !out.join("datapackage.json").is_file()) {
            return Err(Error::NotAnExport {
                path: out.to_owned(),
            });
        }
    }
    Ok(match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    })
}

/// Exports into `job.dir`, replacing a previous export there: everything
/// is written into a staged folder beside it first, so a failure leaves the
/// old export untouched. A non-empty directory that is not a docket export
/// is never replaced.
pub fn write_dir(job: &Job) -> Result<Vec<WrittenFile>> {
    let out = job.dir;
    let parent = replaceable(out)?;
    let staged = crate::staged::Staged::create(&parent, "export")?;
    let written = write_all(
        &Job {
            dir: staged.path(),
            ..*job
        },
        &mut |_, _| Ok(()),
    )?;
    staged.publish_replacing(out)?;
    Ok(written)
}
