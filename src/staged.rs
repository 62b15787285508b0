//! Publishing files and folders atomically: the one way docket replaces or
//! creates something a reader may be looking at.
//!
//! [`Staged`] is a folder written beside its target under a unique hidden
//! name, locked by its owner for as long as the owner lives, synced file by
//! file and folder by folder, and published with one rename. Leftovers of
//! runs that were killed are recognised by their lock being free, never by
//! a process id parsed from a name, so a concurrent run's folder is never
//! mistaken for an abandoned one. [`Staged::write_file`] is the same
//! guarantee for one file written beside hand-written ones.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// Prefix of every staging folder: hidden, and recognisably docket's.
const STAGING: &str = ".docket-staging-";
/// Prefix of a folder in the instant between its creation and its lock.
const CREATING: &str = ".docket-creating-";
/// A folder still named [`CREATING`] after this long was left by a run
/// killed in that instant.
const CREATING_GRACE: Duration = Duration::from_secs(60);

/// A folder being written beside its target, locked by this process.
#[derive(Debug)]
pub(crate) struct Staged {
    path: PathBuf,
    /// The open folder whose advisory lock marks the staging as alive; the
    /// lock follows the folder through renames and ends with the process.
    lock: Option<fs::File>,
}

impl Staged {
    /// A new, empty, locked staging folder in `parent` (created if needed),
    /// after removing the staging folders that killed runs left there.
    /// `label` (such as `release-1.4.0`) only helps a person reading the folder.
    pub(crate) fn create(parent: &Path, label: &str) -> Result<Staged> {
        let write_error = |source| Error::Write {
            path: parent.to_owned(),
            source,
        };
        fs::create_dir_all(parent).map_err(write_error)?;
        remove_abandoned(parent);
        let label: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        // Created under a name the clean-up leaves alone, locked, and only
        // then renamed to a staging name: no other run ever sees it unlocked.
        let creating = tempfile::Builder::new()
            .prefix(&format!("{CREATING}{label}-"))
            .tempdir_in(parent)
            .map_err(write_error)?
            .keep();
        let lock = fs::File::open(&creating).map_err(write_error)?;
        lock.lock().map_err(write_error)?;
        let name = creating
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(CREATING))
            .unwrap_or_default();
        let path = parent.join(format!("{STAGING}{name}"));
        if let Err(source) = fs::rename(&creating, &path) {
            let _ = fs::remove_dir_all(&creating);
            return Err(write_error(source));
        }
        Ok(Staged {
            path,
            lock: Some(lock),
        })
    }

    /// Writes one file beside others atomically: a uniquely named temporary
    /// file in the same folder, synced, then renamed over `path`. A reader sees
    /// the old file or the new one, never half of one, and two runs never share
    /// a temporary file.
    pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
        let write_error = |source| Error::Write {
            path: path.to_owned(),
            source,
        };
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(write_error)?;
        let mut temporary = tempfile::Builder::new()
            .prefix(".docket-")
            .suffix(".tmp")
            .tempfile_in(&parent)
            .map_err(write_error)?;
        temporary.write_all(bytes).map_err(write_error)?;
        temporary.as_file().sync_all().map_err(write_error)?;
        temporary.persist(path).map_err(|e| write_error(e.error))?;
        let _ = fs::File::open(&parent).and_then(|d| d.sync_all());
        Ok(())
    }

    /// Where to write.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Publishes the folder as `target`, which must not exist: anything
    /// there, even a dangling link, is refused, and of two runs publishing
    /// one target only the first rename succeeds. `still_valid` runs just
    /// before the rename while the parent folder is locked, so the condition
    /// it checks (no greater version published meanwhile) holds at the
    /// rename against every other run that publishes the same way.
    pub(crate) fn publish_new(
        mut self,
        target: &Path,
        still_valid: impl FnOnce() -> Result<()>,
    ) -> Result<()> {
        self.sync()?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let guard = fs::File::open(&parent).map_err(|source| Error::Write {
            path: parent.clone(),
            source,
        })?;
        guard.lock().map_err(|source| Error::Write {
            path: parent.clone(),
            source,
        })?;
        still_valid()?;
        if fs::symlink_metadata(target).is_ok() {
            return Err(taken(target));
        }
        if let Err(source) = fs::rename(&self.path, target) {
            return Err(if fs::symlink_metadata(target).is_ok() {
                taken(target)
            } else {
                Error::Write {
                    path: target.to_owned(),
                    source,
                }
            });
        }
        self.published(target)
    }

    /// Publishes the folder as `target`, replacing what is there: the old
    /// folder is moved aside first and removed once the new one is in place,
    /// so a failure leaves the old one where it was.
    pub(crate) fn publish_replacing(mut self, target: &Path) -> Result<()> {
        self.sync()?;
        let write_error = |source| Error::Write {
            path: target.to_owned(),
            source,
        };
        // The old folder is locked too before it moves aside under a staging
        // name, so no other run's clean-up takes it while it may come back.
        let mut aside = None;
        if fs::symlink_metadata(target).is_ok() {
            let lock = fs::File::open(target).map_err(write_error)?;
            lock.lock().map_err(write_error)?;
            let path = PathBuf::from(format!("{}-old", self.path.display()));
            fs::rename(target, &path).map_err(write_error)?;
            aside = Some((path, lock));
        }
        if let Err(source) = fs::rename(&self.path, target) {
            if let Some((aside, _)) = &aside {
                let _ = fs::rename(aside, target);
            }
            return Err(write_error(source));
        }
        if let Some((aside, _)) = &aside {
            let _ = fs::remove_dir_all(aside);
        }
        self.published(target)
    }

    /// Every file and folder flushed to disk, so the rename publishes
    /// complete contents even after a crash.
    fn sync(&self) -> Result<()> {
        let mut stack = vec![self.path.clone()];
        while let Some(dir) = stack.pop() {
            for path in crate::paths::sorted_entries(&dir).map_err(Error::reading(&dir))? {
                let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
                if is_dir {
                    stack.push(path);
                } else {
                    sync_path(&path)?;
                }
            }
            sync_path(&dir)?;
        }
        Ok(())
    }

    /// After the rename: the parent folder's new entry reaches the disk.
    fn published(&mut self, target: &Path) -> Result<()> {
        self.path = target.to_owned();
        self.lock = None;
        if let Some(parent) = target.parent() {
            let _ = fs::File::open(parent).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

impl Drop for Staged {
    /// A staging folder that was never published is removed.
    fn drop(&mut self) {
        if self.lock.is_some() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

fn taken(target: &Path) -> Error {
    Error::AlreadyPublished {
        path: target.to_owned(),
    }
}

fn sync_path(path: &Path) -> Result<()> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| Error::Write {
            path: path.to_owned(),
            source,
        })
}

/// Removes the staging folders in `parent` whose owner is gone: their lock
/// is free. A folder another live run is writing stays locked and is kept.
fn remove_abandoned(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let abandoned = if name.starts_with(STAGING) {
            is_unlocked(&path)
        } else if name.starts_with(CREATING) {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| SystemTime::now().duration_since(t).ok())
                .is_some_and(|age| age > CREATING_GRACE);
            old && is_unlocked(&path)
        } else {
            false
        };
        if abandoned {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether nobody holds the folder's lock. Taking it to find out keeps it
/// only until the folder is removed.
fn is_unlocked(dir: &Path) -> bool {
    let Ok(file) = fs::File::open(dir) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => true,
        Err(fs::TryLockError::WouldBlock) => false,
        Err(fs::TryLockError::Error(_)) => false,
    }
}
