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

use semver::Version;
use sha2::{Digest, Sha256};

use crate::compare::{self, Changes, Snapshot};
use crate::export::{self, Collection, Metadata, Stamp};
use crate::{Error, Result};

/// Prefix of the temporary directories a release writes into.
const TEMPORARY_PREFIX: &str = ".docket-release-";

/// What a finished release wrote.
#[derive(Debug)]
pub struct Published {
    pub dir: PathBuf,
    pub previous: Option<(Version, PathBuf)>,
    pub files: Vec<(PathBuf, u64)>,
    pub changes: Option<Changes>,
}

/// Publishes `collections` as `out/<version>`.
pub fn publish(
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
    if target.exists() {
        return Err(Error::Refused(format!(
            "release {version} already exists at `{}`; releases are never overwritten",
            crate::load::display_path(&target)
        )));
    }
    let previous = match previous {
        Some(dir) => Some((version_of(dir)?, dir.to_owned())),
        None => latest(out)?,
    };
    let mut changes = None;
    if let Some((prior, dir)) = &previous {
        if version <= *prior {
            return Err(Error::Refused(format!(
                "version {version} is not greater than the latest release, {prior} (`{}`)",
                crate::load::display_path(dir)
            )));
        }
        let found = compare::compare(&Snapshot::read(dir)?, &Snapshot::of(collections));
        let breaking: Vec<String> = found
            .breaking()
            .map(|c| format!("`{}` {}: {}", c.collection, c.field, c.change))
            .collect();
        if !breaking.is_empty() && version.major <= prior.major {
            return Err(Error::Refused(format!(
                "the schema changes in a way that breaks readers of {prior}, which needs a new major version (at least {}.0.0): {}",
                prior.major + 1,
                breaking.join("; ")
            )));
        }
        changes = Some(found);
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
    let mut written = export::write_all(staging.path(), collections, metadata, &stamp)?;
    let changelog = changelog(&version, previous.as_ref(), changes.as_ref(), collections);
    written.push(export::write_file(
        staging.path(),
        "CHANGELOG.md",
        changelog.as_bytes(),
    )?);
    written.push(export::write_file(
        staging.path(),
        "SHA256SUMS",
        checksums(staging.path(), &written)?.as_bytes(),
    )?);
    sync_tree(staging.path(), &written)?;

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
    let mut files: Vec<(PathBuf, u64)> = written
        .into_iter()
        .map(|p| {
            let size = fs::metadata(target.join(&p)).map(|m| m.len()).unwrap_or(0);
            (p, size)
        })
        .collect();
    files.sort();
    Ok(Published {
        dir: target,
        previous,
        files,
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
fn checksums(dir: &Path, files: &[PathBuf]) -> Result<String> {
    let mut sorted: Vec<&PathBuf> = files.iter().collect();
    sorted.sort();
    let mut out = String::new();
    for file in sorted {
        let path = dir.join(file);
        let bytes = fs::read(&path).map_err(|source| Error::Read { path, source })?;
        let _ = writeln!(
            out,
            "{}  {}",
            hex::encode(Sha256::digest(&bytes)),
            file.to_string_lossy().replace('\\', "/")
        );
    }
    Ok(out)
}

/// Flushes every file and folder to disk before the rename publishes them.
fn sync_tree(dir: &Path, files: &[PathBuf]) -> Result<()> {
    let sync = |path: &Path| -> Result<()> {
        fs::File::open(path)
            .and_then(|f| f.sync_all())
            .map_err(|source| Error::Write {
                path: path.to_owned(),
                source,
            })
    };
    let mut folders = std::collections::BTreeSet::new();
    for file in files {
        sync(&dir.join(file))?;
        if let Some(parent) = file.parent() {
            folders.insert(dir.join(parent));
        }
    }
    for folder in folders {
        sync(&folder)?;
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
            let total: usize = collections.iter().map(|c| c.records.len()).sum();
            let _ = writeln!(out, "First release: {total} records.\n");
            for c in collections {
                let _ = writeln!(
                    out,
                    "- `{}`: {} records",
                    c.table.collection,
                    c.records.len()
                );
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
