//! Versioned releases: plan everything that needs no validation, then
//! write `dist/<version>/` with a changelog and checksums and publish it
//! with one rename.
//!
//! [`plan`] refuses in milliseconds what can be refused without reading a
//! record: a version that is not a semantic version, that exists, or that
//! is not greater than the newest known release; a previous release that
//! cannot be read; a schema change that needs a higher version part; a
//! missing sources folder when the schemas declare verbatim texts. Only
//! then does the caller validate, and [`publish`] write.

pub(crate) mod changelog;
pub(crate) mod date;
pub(crate) mod notes;
mod plan;
pub(crate) mod version;

use std::path::PathBuf;

use semver::Version;

use self::date::ReleaseDate;
pub(crate) use self::plan::{plan, Plan, Request};
use self::plan::{refuse_level, refuse_not_greater};
use self::version::Release;
use crate::check::Checked;
use crate::compare::{files, Changes, Merge};
use crate::error::Result;
use crate::export::{self, Accepted, Collection, Provenance, Stamp, WrittenFile};
use crate::metadata::Formats;
use crate::staged::Staged;

/// What a finished release wrote.
#[derive(Debug)]
pub(crate) struct Published {
    pub dir: PathBuf,
    pub version: Version,
    pub previous: Option<Release>,
    /// Sorted by path.
    pub files: Vec<WrittenFile>,
    pub changes: Option<Changes>,
    pub date: ReleaseDate,
    pub provenance: Provenance,
    /// How many times each record was read: once when they came in key
    /// order and were written as they were checked, else twice.
    pub passes: u8,
}

/// Checks the dataset (`check`, handed a feed when records can be written
/// as they are checked) and, when `accept` takes the result, writes the
/// planned release and publishes it: in one pass when the records come in
/// key order (see `export::stream`), else from the records' places once
/// checked. `accept`'s refusal (the data is invalid) is handed back, and
/// nothing is published.
pub(crate) fn publish_checked<R>(
    plan: Plan,
    formats: &Formats,
    tables: Option<Vec<Collection>>,
    check: impl FnOnce(Option<&dyn crate::check::Feed>) -> Result<Checked>,
    accept: impl FnOnce(Checked) -> Result<std::result::Result<Accepted, R>>,
) -> Result<std::result::Result<Published, R>> {
    #[cfg(all(feature = "parquet", feature = "sqlite"))]
    let checked = match &tables {
        Some(tables) => {
            let staged = Staged::create(&plan.out, &format!("release-{}", plan.version))?;
            let stamp = stamp_of(&plan);
            let mut merges = open_merges(&plan, tables)?;
            let target = export::Target {
                dir: staged.path(),
                collections: tables,
                formats,
                stamp: &stamp,
                csv_safe: false,
            };
            let streamed = export::stream(
                &target,
                &mut |index, records| observe(&mut merges, index, records),
                |feed| check(Some(feed)),
            )?;
            match streamed {
                export::Streamed::Written(checked, data) => {
                    let accepted = match accept(checked)? {
                        Ok(accepted) => accepted,
                        Err(refused) => return Ok(Err(refused)),
                    };
                    let job = accepted.job(staged.path(), &stamp, formats, false);
                    let written = export::describe(&job, data)?;
                    let published =
                        finish(plan, staged, &stamp, written, merges, &accepted.collections)?;
                    return Ok(Ok(Published {
                        passes: 1,
                        ..published
                    }));
                }
                export::Streamed::Unordered(checked) | export::Streamed::Invalid(checked) => {
                    checked
                }
            }
        }
        None => check(None)?,
    };
    #[cfg(not(all(feature = "parquet", feature = "sqlite")))]
    let checked = {
        let _ = tables;
        check(None)?
    };
    let accepted = match accept(checked)? {
        Ok(accepted) => accepted,
        Err(refused) => return Ok(Err(refused)),
    };
    publish(plan, formats, &accepted).map(Ok)
}

/// What the release's files say of it.
fn stamp_of(plan: &Plan) -> Stamp {
    Stamp {
        version: Some(plan.version.to_string()),
        created: Some(plan.date.created.clone()),
        provenance: plan.provenance.clone(),
    }
}

/// The comparison of each collection with the previous release, fed as
/// records are written.
fn open_merges(plan: &Plan, collections: &[Collection]) -> Result<Vec<Option<Merge>>> {
    match &plan.previous {
        Some(prior) => collections
            .iter()
            .map(|c| {
                let name = &c.table.collection;
                let old_key = plan.previous_keys.get(name).cloned().unwrap_or_default();
                Merge::open(&prior.dir, name, old_key, c.table.key.clone()).map(Some)
            })
            .collect(),
        None => Ok(collections.iter().map(|_| None).collect()),
    }
}

fn observe(
    merges: &mut [Option<Merge>],
    index: usize,
    records: &[serde_json::Value],
) -> Result<()> {
    match &mut merges[index] {
        Some(merge) => records.iter().try_for_each(|r| merge.push(r)),
        None => Ok(()),
    }
}

/// Writes the planned release of the checked dataset and publishes it,
/// reading the records again in key order.
fn publish(plan: Plan, formats: &Formats, accepted: &Accepted) -> Result<Published> {
    let staged = Staged::create(&plan.out, &format!("release-{}", plan.version))?;
    let stamp = stamp_of(&plan);
    let mut merges = open_merges(&plan, &accepted.collections)?;
    let written = export::write_all(
        &accepted.job(staged.path(), &stamp, formats, false),
        &mut |index, records| observe(&mut merges, index, records),
    )?;
    finish(plan, staged, &stamp, written, merges, &accepted.collections)
}

/// The changelog and checksums of a release whose data and metadata files
/// are written, and its publication.
fn finish(
    plan: Plan,
    staged: Staged,
    stamp: &Stamp,
    mut written: Vec<WrittenFile>,
    merges: Vec<Option<Merge>>,
    collections: &[Collection],
) -> Result<Published> {
    let changes = match &plan.previous {
        Some(prior) => {
            let mut paths: Vec<String> = written.iter().map(|f| f.path.clone()).collect();
            paths.extend(["CHANGELOG.md".to_owned(), "SHA256SUMS".to_owned()]);
            paths.sort();
            let file_changes = files::compare(&files::list(&prior.dir)?, &paths);
            refuse_level(
                &plan.version,
                &prior.version,
                file_changes
                    .iter()
                    .map(|f| (f.level, format!("`{}` {}", f.path, f.change))),
            )?;
            let mut changes = Changes::new(plan.schema_changes.clone(), file_changes);
            for (collection, merge) in collections.iter().zip(merges) {
                if let Some(merge) = merge {
                    changes
                        .collections
                        .insert(collection.table.collection.clone(), merge.finish()?);
                }
            }
            // A collection the new data no longer has: all its records are removed.
            for (name, key) in &plan.previous_keys {
                if !changes.collections.contains_key(name) {
                    let merge = Merge::open(&prior.dir, name, key.clone(), Vec::new())?;
                    changes.collections.insert(name.clone(), merge.finish()?);
                }
            }
            Some(changes)
        }
        None => None,
    };
    let log = changelog::render(&plan, stamp, changes.as_ref(), collections);
    written.push(export::write_file(
        staged.path(),
        "CHANGELOG.md",
        log.as_bytes(),
    )?);
    written.push(export::write_file(
        staged.path(),
        "SHA256SUMS",
        changelog::checksums(&written).as_bytes(),
    )?);
    // Checked again at the rename, under the folder's lock: a higher
    // version another run published meanwhile wins.
    let (version, root, out) = (&plan.version, &plan.root, &plan.out);
    staged.publish_new(&plan.target, || {
        refuse_not_greater(
            version,
            [version::latest(out), version::latest(&root.join("dist"))]
                .into_iter()
                .flatten(),
        )
    })?;
    written.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Published {
        dir: plan.target,
        version: plan.version,
        previous: plan.previous,
        files: written,
        changes,
        date: plan.date,
        provenance: plan.provenance,
        passes: 2,
    })
}
