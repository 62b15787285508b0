//! Release versions: parsing, finding the newest release in a folder, and
//! the rule that maps a SchemaVer level onto the semantic version a release
//! needs.
//!
//! Versions are ordered by semantic-version precedence, where build
//! metadata does not count: `1.0.0+build.5` is not greater than `1.0.0`.

use std::cmp::Ordering;
use std::fs;
use std::path::{Path, PathBuf};

use semver::Version;

use crate::compare::Level;
use crate::error::{Error, Result};

/// A release found on disk.
#[derive(Debug, Clone)]
pub struct Release {
    pub version: Version,
    pub dir: PathBuf,
}

/// `text` as a semantic version, or an error saying what one looks like.
pub(crate) fn parse(text: &str) -> Result<Version> {
    Version::parse(text).map_err(|e| Error::NotAVersion {
        text: text.to_owned(),
        reason: e.to_string(),
    })
}

/// Whether `a` comes after `b` by semantic-version precedence.
pub(crate) fn greater(a: &Version, b: &Version) -> bool {
    a.cmp_precedence(b) == Ordering::Greater
}

/// The newest of some releases.
pub(crate) fn newest(releases: impl IntoIterator<Item = Release>) -> Option<Release> {
    releases.into_iter().fold(None, |best, r| match best {
        Some(b) if !greater(&r.version, &b.version) => Some(b),
        _ => Some(r),
    })
}

/// The newest release directory under `out` (directories named by a
/// semantic version); `None` when `out` does not exist or holds none.
pub fn latest(out: &Path) -> Option<Release> {
    newest(all(out))
}

/// Every release directory under `out` (directories named by a semantic
/// version), in no particular order.
pub(crate) fn all(out: &Path) -> Vec<Release> {
    let Ok(entries) = fs::read_dir(out) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let version = Version::parse(path.file_name()?.to_str()?).ok()?;
            path.is_dir().then_some(Release { version, dir: path })
        })
        .collect()
}

/// A `--previous` release: its version is its directory name, or else the
/// version in its `datapackage.json`.
pub(crate) fn read_release(dir: &Path) -> Result<Release> {
    crate::compare::require_release(dir)?;
    let from_name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| Version::parse(n).ok());
    let version = match from_name {
        Some(version) => version,
        None => {
            let path = dir.join("datapackage.json");
            let text = fs::read_to_string(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|p| Version::parse(p.get("version")?.as_str()?).ok())
                .ok_or_else(|| Error::UnknownReleaseVersion {
                    dir: dir.to_owned(),
                })?
        }
    };
    Ok(Release {
        version,
        dir: dir.to_owned(),
    })
}

/// The smallest `major.minor.patch` a release after `prior` needs for a
/// change of `level`: MODEL a new major, REVISION a new minor, ADDITION a
/// new patch. After a pre-release, its own version is enough for the part
/// it prepares (`2.0.0` or `2.0.0-rc.2` after `2.0.0-rc.1`, even for MODEL).
pub(crate) fn needed(prior: &Version, level: Level) -> Version {
    let pre = !prior.pre.is_empty();
    let (major, minor, patch) = (prior.major, prior.minor, prior.patch);
    let (a, b, c) = match level {
        Level::Model if pre && minor == 0 && patch == 0 => (major, 0, 0),
        Level::Model => (major + 1, 0, 0),
        Level::Revision if pre && patch == 0 => (major, minor, 0),
        Level::Revision => (major, minor + 1, 0),
        Level::Addition if pre => (major, minor, patch),
        Level::Addition => (major, minor, patch + 1),
    };
    Version::new(a, b, c)
}

/// Whether `version` is enough after `prior` for a change of `level`.
pub(crate) fn allows(version: &Version, prior: &Version, level: Level) -> bool {
    let need = needed(prior, level);
    (version.major, version.minor, version.patch) >= (need.major, need.minor, need.patch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn rule_table() {
        let prior = v("1.2.3");
        assert!(!allows(&v("1.9.0"), &prior, Level::Model));
        assert!(allows(&v("2.0.0-rc.1"), &prior, Level::Model));
        assert!(!allows(&v("1.2.4"), &prior, Level::Revision));
        assert!(allows(&v("1.3.0"), &prior, Level::Revision));
        assert!(allows(&v("1.2.4"), &prior, Level::Addition));
        assert!(allows(&v("2.0.0-rc.2"), &v("2.0.0-rc.1"), Level::Model));
        assert!(!allows(&v("2.0.1"), &v("2.0.0"), Level::Revision));
    }

    #[test]
    fn build_metadata_does_not_make_a_version_greater() {
        assert!(!greater(&v("1.0.0+build.5"), &v("1.0.0")));
        assert!(greater(&v("1.0.1+build.5"), &v("1.0.0")));
        assert!(greater(&v("2.0.0-rc.2"), &v("2.0.0-rc.1")));
    }
}
