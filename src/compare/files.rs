//! The files of two releases compared by path: a format added (the
//! `sqlite/` folder) or a table gone is something a reader needs to know.

use std::fs;
use std::path::Path;

use serde::Serialize;

use super::schema::Level;
use crate::error::{Error, Result};

/// A file one release has and the other has not.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct FileChange {
    /// Path inside the release, `/`-separated.
    pub path: String,
    pub change: FileChangeKind,
    pub level: Level,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum FileChangeKind {
    Added,
    Removed,
}

impl std::fmt::Display for FileChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileChangeKind::Added => "added",
            FileChangeKind::Removed => "removed",
        })
    }
}

/// Folders and files that hold the data itself: removing one breaks the
/// readers that load it. Anything else (the card, the charts) documents it.
const DATA: [&str; 7] = [
    "csv/",
    "json/",
    "jsonl/",
    "parquet/",
    "sqlite/",
    "schemas/",
    "datapackage.json",
];

/// Files added and removed between two sorted path lists.
pub(crate) fn compare(old: &[String], new: &[String]) -> Vec<FileChange> {
    let mut out: Vec<FileChange> = old
        .iter()
        .filter(|p| new.binary_search(p).is_err())
        .map(|path| FileChange {
            path: path.clone(),
            change: FileChangeKind::Removed,
            level: if DATA.iter().any(|d| path.starts_with(d)) {
                Level::Model
            } else {
                Level::Addition
            },
        })
        .collect();
    out.extend(
        new.iter()
            .filter(|p| old.binary_search(p).is_err())
            .map(|path| FileChange {
                path: path.clone(),
                change: FileChangeKind::Added,
                level: Level::Addition,
            }),
    );
    out
}

/// Every file under a release directory, `/`-separated and sorted.
pub(crate) fn list(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for path in crate::paths::sorted_entries(&folder).map_err(Error::reading(&folder))? {
            let meta = fs::symlink_metadata(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            if meta.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}
