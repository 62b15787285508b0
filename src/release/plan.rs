//! Everything a release can be refused for before a record is read: the
//! version, the previous release, the schema changes since it, the sources.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use semver::Version;

use super::date::{self, ReleaseDate};
use super::notes;
use super::version::{self, Release};
use crate::compare::{self, schema, Level, SchemaChange};
use crate::error::TooSmall;
use crate::error::{Error, Result};
use crate::export::Provenance;
use crate::metadata::Metadata;

/// What the maintainer asked for.
#[derive(Debug)]
pub(crate) struct Request<'r> {
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
pub(crate) struct Plan {
    pub version: Version,
    pub out: PathBuf,
    pub target: PathBuf,
    /// The release to compare with, for the changelog.
    pub previous: Option<Release>,
    /// Every release known (in OUT, in the root's `dist/`, and the one
    /// compared with): the changelog's history is the newest one's.
    pub(super) known: Vec<Release>,
    /// The key of each collection of the previous release.
    pub(super) previous_keys: BTreeMap<String, Vec<String>>,
    pub schema_changes: Vec<SchemaChange>,
    /// The source texts validation checks provenance against.
    pub sources: Option<PathBuf>,
    pub provenance: Provenance,
    pub date: ReleaseDate,
    pub(super) root: PathBuf,
}

/// Checks everything that can be refused before validation.
pub(crate) fn plan(request: &Request) -> Result<Plan> {
    let root = request.root;
    let version = version::parse(request.version)?;
    let out = request
        .out
        .map_or_else(|| root.join("dist"), Path::to_owned);
    let target = out.join(version.to_string());
    // Anything there, even a dangling link, is refused: nothing is ever
    // written through a link or over another entry.
    if fs::symlink_metadata(&target).is_ok() {
        return Err(Error::ReleaseExists {
            version: version.to_string(),
            path: target,
        });
    }
    let given = request.previous.map(version::read_release).transpose()?;
    let mut known = version::all(&out);
    known.extend(version::all(&root.join("dist")));
    let found = version::newest(known.iter().cloned());
    refuse_not_greater(&version, given.iter().cloned().chain(found.clone()))?;
    known.extend(given.iter().cloned());
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
                changes.iter().map(|c| (c.level, notes::schema_line(c))),
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
        (None, true) => return Err(Error::NoSources),
    };
    Ok(Plan {
        version,
        out,
        target,
        previous,
        known,
        previous_keys,
        schema_changes,
        sources,
        provenance,
        date: date::release_date(root)?,
        root: root.to_owned(),
    })
}

/// Refuses a version that is not greater than every release known.
pub(super) fn refuse_not_greater(
    version: &Version,
    known: impl Iterator<Item = Release>,
) -> Result<()> {
    match version::newest(known) {
        Some(newest) if !version::greater(version, &newest.version) => Err(Error::NotGreater {
            version: version.to_string(),
            latest: newest.version.to_string(),
            path: newest.dir,
        }),
        _ => Ok(()),
    }
}

/// Refuses a version too small for the highest level among `changes`,
/// naming the version they need and every change with its level, the
/// deciding ones first.
pub(super) fn refuse_level(
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
    Err(Error::VersionTooSmall(Box::new(TooSmall {
        version: version.to_string(),
        prior: prior.to_string(),
        level: level.to_string(),
        part: level.part(),
        needed: needed.to_string(),
        changes: by_level(changes),
    })))
}

/// Every change with its level, the highest (deciding) level first, each
/// level's changes in the order they came.
fn by_level(mut changes: Vec<(Level, String)>) -> Vec<String> {
    changes.sort_by_key(|c| std::cmp::Reverse(c.0));
    changes
        .into_iter()
        .map(|(level, line)| {
            let named = format!("({level})");
            if line.ends_with(&named) {
                line
            } else {
                format!("{line} {named}")
            }
        })
        .collect()
}
