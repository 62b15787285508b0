//! Versioned releases: the version rules, the changelog, the checksums and
//! the atomic publish of `dist/<version>/`.
//!
//! A release is written into a hidden temporary directory beside its target
//! and renamed into place only when every file is written and synced: a
//! reader (or a crash) never sees half a release, and because renaming onto
//! an existing directory fails, two releases of one version cannot both win.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use semver::Version;

use crate::check::Checked;
use crate::compare::{self, Changes, Fields, Merge};
use crate::export::{self, Collection, Metadata, Stamp, WrittenFile};
use crate::{Error, Result};

/// Prefix of the temporary directories a release writes into.
const TEMPORARY_PREFIX: &str = ".docket-release-";

/// What a finished release wrote.
#[derive(Debug)]
pub struct Published {
    pub dir: PathBuf,
    pub previous: Option<(Version, PathBuf)>,
    pub files: Vec<WrittenFile>,
    pub changes: Option<Changes>,
}

/// Publishes the checked dataset as `out/<version>`.
pub fn publish(
    checked: &Checked,
    collections: &[Collection],
    metadata: &Metadata,
    version: &str,
    out: &Path,
    previous: Option<&Path>,
) -> Result<Published> {
    let version = Version::parse(version).map_err(|e| {
        Error::Usage(format!(
            "`{version}` is not a semantic version (such as 1.4.0): {e}"
        ))
    })?;
    let target = out.join(version.to_string());
    // Anything there, even a dangling link, is refused: nothing is ever
    // written through a link or over another entry.
    if fs::symlink_metadata(&target).is_ok() {
        return Err(Error::Refused(format!(
            "release {version} already exists at `{}`; releases are never overwritten",
            crate::load::display_path(&target)
        )));
    }
    let previous = match previous {
        Some(dir) => Some((version_of(dir)?, dir.to_owned())),
        None => latest(out)?,
    };
    let mut schema = Vec::new();
    if let Some((prior, dir)) = &previous {
        if version <= *prior {
            return Err(Error::Refused(format!(
                "version {version} is not greater than the latest release, {prior} (`{}`)",
                crate::load::display_path(dir)
            )));
        }
        schema = compare::schema_changes(&Fields::read(dir)?, &Fields::of(collections));
        let breaking: Vec<String> = schema
            .iter()
            .filter(|c| c.breaking)
            .map(|c| format!("`{}` {}: {}", c.collection, c.field, c.change))
            .collect();
        if !breaking.is_empty() && version.major <= prior.major {
            return Err(Error::Refused(format!(
                "the schema changes in a way that breaks readers of {prior}, which needs a new major version (at least {}.0.0): {}",
                prior.major + 1,
                breaking.join("; ")
            )));
        }
    }

    fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_owned(),
        source,
    })?;
    remove_abandoned(out);
    let staging = tempfile::Builder::new()
        .prefix(&format!(
            "{TEMPORARY_PREFIX}{version}-{}-",
            std::process::id()
        ))
        .tempdir_in(out)
        .map_err(|source| Error::Write {
            path: out.to_owned(),
            source,
        })?;
    let stamp = Stamp::from_env(Some(version.to_string()))?;
    let mut merges = match &previous {
        Some((_, dir)) => collections
            .iter()
            .map(|c| Merge::open(dir, &c.table.collection).map(Some))
            .collect::<Result<Vec<_>>>()?,
        None => collections.iter().map(|_| None).collect(),
    };
    let mut written = export::write_all(
        staging.path(),
        checked,
        collections,
        metadata,
        &stamp,
        &export::Formats::of(&metadata.formats),
        false,
        &mut |index, records| match &mut merges[index] {
            Some(merge) => records.iter().try_for_each(|r| merge.push(r)),
            None => Ok(()),
        },
    )?;
    let changes = match &previous {
        Some((_, dir)) => {
            let mut changes = Changes {
                schema,
                collections: BTreeMap::new(),
            };
            for (collection, merge) in collections.iter().zip(merges) {
                if let Some(merge) = merge {
                    changes
                        .collections
                        .insert(collection.table.collection.clone(), merge.finish()?);
                }
            }
            // A collection the new data no longer has: all its records are removed.
            for name in Fields::read(dir)?.collections() {
                if !changes.collections.contains_key(name) {
                    changes
                        .collections
                        .insert(name.clone(), Merge::open(dir, name)?.finish()?);
                }
            }
            Some(changes)
        }
        None => None,
    };
    let changelog = changelog(&version, previous.as_ref(), changes.as_ref(), collections);
    written.push(export::write_file(
        staging.path(),
        "CHANGELOG.md",
        changelog.as_bytes(),
    )?);
    written.push(export::write_file(
        staging.path(),
        "SHA256SUMS",
        checksums(&written).as_bytes(),
    )?);
    sync_folders(staging.path(), &written)?;

    let staged = staging.keep();
    if let Err(source) = fs::rename(&staged, &target) {
        let _ = fs::remove_dir_all(&staged);
        return Err(if target.exists() {
            Error::Refused(format!(
                "release {version} was published by another process meanwhile; nothing was written"
            ))
        } else {
            Error::Write {
                path: target,
                source,
            }
        });
    }
    if let Ok(dir) = fs::File::open(out) {
        let _ = dir.sync_all();
    }
    written.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Published {
        dir: target,
        previous,
        files: written,
        changes,
    })
}

/// The newest release directory under `out` (directories named by a semantic version).
pub fn latest(out: &Path) -> Result<Option<(Version, PathBuf)>> {
    let Ok(entries) = fs::read_dir(out) else {
        return Ok(None);
    };
    let mut best: Option<(Version, PathBuf)> = None;
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(version) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| Version::parse(n).ok())
        else {
            continue;
        };
        if path.is_dir() && best.as_ref().is_none_or(|(b, _)| version > *b) {
            best = Some((version, path));
        }
    }
    Ok(best)
}

/// A `--previous` release's version: its directory name, or the version in its `datapackage.json`.
fn version_of(dir: &Path) -> Result<Version> {
    if let Some(version) = dir
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| Version::parse(n).ok())
    {
        return Ok(version);
    }
    let text = fs::read_to_string(dir.join("datapackage.json")).map_err(|source| Error::Read {
        path: dir.join("datapackage.json"),
        source,
    })?;
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|p| {
            p.get("version")?
                .as_str()
                .and_then(|v| Version::parse(v).ok())
        })
        .ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the version of the release in `{}`",
                crate::load::display_path(dir)
            ))
        })
}

/// Temporary directories left by releases that were killed: their process
/// is gone, so nobody will finish or remove them.
fn remove_abandoned(out: &Path) {
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(TEMPORARY_PREFIX) else {
            continue;
        };
        let pid = rest.split('-').nth(1).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| {
            Path::new("/proc").join(pid.to_string()).exists() || !Path::new("/proc/self").exists()
        });
        if !alive {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// `sha256sum -c` format: `<hex>  <path>`, sorted by path.
fn checksums(files: &[WrittenFile]) -> String {
    let mut sorted: Vec<&WrittenFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = String::new();
    for file in sorted {
        let _ = writeln!(out, "{}  {}", file.sha256, file.path);
    }
    out
}

/// Flushes the folders to disk (each file synced itself when closed)
/// before the rename publishes them.
fn sync_folders(dir: &Path, files: &[WrittenFile]) -> Result<()> {
    let mut folders = std::collections::BTreeSet::new();
    folders.insert(dir.to_owned());
    for file in files {
        if let Some(parent) = Path::new(&file.path).parent() {
            folders.insert(dir.join(parent));
        }
    }
    for folder in folders {
        fs::File::open(&folder)
            .and_then(|f| f.sync_all())
            .map_err(|source| Error::Write {
                path: folder.clone(),
                source,
            })?;
    }
    Ok(())
}

/// `CHANGELOG.md`: this release's changes on top of the previous changelog.
fn changelog(
    version: &Version,
    previous: Option<&(Version, PathBuf)>,
    changes: Option<&Changes>,
    collections: &[Collection],
) -> String {
    let mut out = String::from("# Changelog\n\n");
    let _ = writeln!(out, "## {version}\n");
    match (previous, changes) {
        (Some((prior, _)), Some(changes)) => {
            let _ = writeln!(out, "Changes since {prior}.\n");
            out.push_str(&crate::report::changes::markdown(changes));
        }
        _ => {
            let total: usize = collections.iter().map(|c| c.order.len()).sum();
            let _ = writeln!(out, "First release: {total} records.\n");
            for c in collections {
                let _ = writeln!(out, "- `{}`: {} records", c.table.collection, c.order.len());
            }
            out.push('\n');
        }
    }
    if let Some((_, dir)) = previous {
        if let Ok(text) = fs::read_to_string(dir.join("CHANGELOG.md")) {
            let history = text.strip_prefix("# Changelog\n\n").unwrap_or(&text);
            out.push_str(history);
        }
    }
    out
}
