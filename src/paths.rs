//! Paths as docket shows them and walks them: one spelling of a path in
//! every message and report, and one order of a folder's entries, so every
//! walk of a dataset is deterministic.

use std::path::{Path, PathBuf};

/// A path as reports print it: relative to where docket runs, `/`-separated.
pub(crate) fn shown(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// A directory's entries, sorted.
pub(crate) fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}
