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
use crate::export::{self, Collection, Provenance, Stamp, WrittenFile};
use crate::metadata::{Formats, Metadata};
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
}

/// Writes the planned release of the checked dataset and publishes it.
pub(crate) fn publish(
    plan: Plan,
    checked: &Checked,
    collections: &[Collection],
    metadata: &Metadata,
) -> Result<Published> {
    let staged = Staged::create(&plan.out, &format!("release-{}", plan.version))?;
    let stamp = Stamp {
        version: Some(plan.version.to_string()),
        created: Some(plan.date.created.clone()),
        provenance: plan.provenance.clone(),
    };
    let mut merges = match &plan.previous {
        Some(prior) => collections
            .iter()
            .map(|c| {
                let name = &c.table.collection;
                let old_key = plan.previous_keys.get(name).cloned().unwrap_or_default();
                Merge::open(&prior.dir, name, old_key, c.table.key.clone()).map(Some)
            })
            .collect::<Result<Vec<_>>>()?,
        None => collections.iter().map(|_| None).collect(),
    };
    let job = export::Job {
        dir: staged.path(),
        checked,
        collections,
        metadata,
        stamp: &stamp,
        formats: &Formats::of(&metadata.formats),
        csv_safe: false,
    };
    let mut written = export::write_all(&job, &mut |index, records| match &mut merges[index] {
        Some(merge) => records.iter().try_for_each(|r| merge.push(r)),
        None => Ok(()),
    })?;
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
    let log = changelog::render(&plan, &stamp, changes.as_ref(), collections);
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
    })
}
