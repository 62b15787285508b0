//! The foreman: every chosen format and the metadata files that describe
//! them, written into a folder, and (for `docket export`) that folder put in
//! place of the previous export at once.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

use super::job::Job;
use super::output::WrittenFile;
use crate::error::{Error, Result};

/// Something that sees every record of every collection as it is written
/// (the changelog's comparison with the previous release).
pub(super) type Observer<'o> = dyn FnMut(usize, &[Value]) -> Result<()> + 'o;

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
/// through every format in key order.
#[cfg(all(feature = "parquet", feature = "sqlite"))]
pub(crate) fn write_all(job: &Job, observer: &mut Observer) -> Result<Vec<WrittenFile>> {
    use super::collection::for_each_chunk;
    use super::context::Context;
    use super::output::write_file;
    use super::tally::{Tally, Tallying};
    use super::{
        card, citation, croissant, datapackage, datasette, huggingface, sinks, site, sqlite, zenodo,
    };

    let Job {
        dir,
        checked,
        collections,
        ..
    } = *job;
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
        let tallying = Tallying::spawn(scope, collections);
        let mut sinks = sinks::Sinks::spawn(scope, job)?;
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
    let Tally {
        counts,
        references,
        site_records,
    } = tally;
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

/// Exports into `job.dir`, replacing a previous export there: everything
/// is written into a staged folder beside it first, so a failure leaves the
/// old export untouched. A non-empty directory that is not a docket export
/// is never replaced.
pub fn write_dir(job: &Job) -> Result<Vec<WrittenFile>> {
    let out = job.dir;
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
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
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
