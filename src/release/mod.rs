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

pub mod changelog;
pub mod date;
pub mod version;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use semver::Version;

use crate::check::Checked;
use crate::compare::{self, files, schema, Changes, Level, Merge, SchemaChange};
use crate::export::{self, Collection, Provenance, Stamp, WrittenFile};
use crate::metadata::{Formats, Metadata};
use crate::staged::Staged;
use crate::{Error, Result};
use date::ReleaseDate;
use version::Release;

/// What the maintainer asked for.
#[derive(Debug)]
pub struct Request<'r> {
    pub root: &'r Path,
    pub version: &'r str,
    /// Where releases live; `root/dist` when not given.
    pub out: Option<&'r Path>,
    pub previous: Option<&'r Path>,
    pub sources: Option<&'r Path>,
    pub no_provenance_check: bool,
    pub metadata: &'r Metadata,
}

/// A release that passed every check that needs no validation.
#[derive(Debug)]
pub struct Plan {
    pub version: Version,
    pub out: PathBuf,
    pub target: PathBuf,
    /// The release to compare with, for the changelog.
    pub previous: Option<Release>,
    /// The key of each collection of the previous release.
    previous_keys: BTreeMap<String, Vec<String>>,
    pub schema_changes: Vec<SchemaChange>,
    /// The source texts validation checks provenance against.
    pub sources: Option<PathBuf>,
    pub provenance: Provenance,
    pub date: ReleaseDate,
    root: PathBuf,
}

/// Checks everything that can be refused before validation.
pub fn plan(request: &Request) -> Result<Plan> {
    let root = request.root;
    let version = version::parse(request.version)?;
    let out = request
        .out
        .map_or_else(|| root.join("dist"), Path::to_owned);
    let target = out.join(version.to_string());
    // Anything there, even a dangling link, is refused: nothing is ever
    // written through a link or over another entry.
    if fs::symlink_metadata(&target).is_ok() {
        return Err(Error::Refused(format!(
            "release {version} already exists at `{}`; releases are never overwritten",
            crate::paths::shown(&target)
        )));
    }
    let given = request.previous.map(version::read_release).transpose()?;
    let found = version::newest(
        [version::latest(&out), version::latest(&root.join("dist"))]
            .into_iter()
            .flatten(),
    );
    refuse_not_greater(&version, given.iter().cloned().chain(found.clone()))?;
    let previous = given.or(found);

    let current = schema::read(root)?;
    let (schema_changes, previous_keys) = match &previous {
        Some(prior) => {
            compare::require_release(&prior.dir)?;
            let old = schema::read(&prior.dir)?;
            let changes = schema::compare(&old, &current);
            refuse_level(
                &version,
                &prior.version,
                changes.iter().map(|c| (c.level, changelog_line(c))),
            )?;
            let keys = old
                .iter()
                .map(|(n, s)| (n.clone(), schema::key(s)))
                .collect();
            (changes, keys)
        }
        None => (Vec::new(), BTreeMap::new()),
    };

    let sources = request
        .sources
        .map(Path::to_owned)
        .or_else(|| request.metadata.sources_in(root));
    if let Some(dir) = &sources {
        if !dir.is_dir() {
            return Err(Error::NotADirectory { path: dir.clone() });
        }
    }
    let provenance = match (&sources, Provenance::declared(current.values())) {
        (_, false) => Provenance::NotDeclared,
        (Some(dir), true) => Provenance::checked_against(dir)?,
        (None, true) if request.no_provenance_check => Provenance::Unchecked,
        (None, true) => return Err(Error::Refused(NO_SOURCES.to_owned())),
    };
    Ok(Plan {
        version,
        out,
        target,
        previous,
        previous_keys,
        schema_changes,
        sources,
        provenance,
        date: date::release_date(root)?,
        root: root.to_owned(),
    })
}

const NO_SOURCES: &str = "the schemas declare verbatim texts (`x-verbatim`, `x-source-file`), so a release checks them against their sources; pass --sources DIR, or name the folder in dataset.yaml (`sources_dir: DIR`, relative to the root), or pass --no-provenance-check to publish them unchecked (the release then says so)";

/// Refuses a version that is not greater than every release known.
fn refuse_not_greater(version: &Version, known: impl Iterator<Item = Release>) -> Result<()> {
    match version::newest(known) {
        Some(newest) if !version::greater(version, &newest.version) => {
            Err(Error::Refused(format!(
                "version {version} is not greater than the latest release, {} (`{}`)",
                newest.version,
                crate::paths::shown(&newest.dir)
            )))
        }
        _ => Ok(()),
    }
}

/// Refuses a version too small for the highest level among `changes`,
/// naming those changes and the version they need.
fn refuse_level(
    version: &Version,
    prior: &Version,
    changes: impl Iterator<Item = (Level, String)>,
) -> Result<()> {
    let changes: Vec<(Level, String)> = changes.collect();
    let Some(level) = changes.iter().map(|(l, _)| *l).max() else {
        return Ok(());
    };
    if version::allows(version, prior, level) {
        return Ok(());
    }
    let needed = version::needed(prior, level);
    let named: Vec<&str> = changes
        .iter()
        .filter(|(l, _)| *l == level)
        .map(|(_, line)| line.as_str())
        .collect();
    Err(Error::Refused(format!(
        "version {version} is too small for the changes since {prior}: {level} changes need a new {} version (at least {needed}): {}",
        level.part(),
        named.join("; ")
    )))
}

fn changelog_line(change: &SchemaChange) -> String {
    crate::report::changes::schema_line(change)
}

/// What a finished release wrote.
#[derive(Debug)]
pub struct Published {
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
pub fn publish(
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
