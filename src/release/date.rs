//! The date a release is stamped with, chosen so that rebuilding the same
//! data gives the same bytes: `SOURCE_DATE_EPOCH` when set; otherwise, when
//! the root is in a git repository and `dataset.yaml`, `schemas/` and
//! `datasets/` have no uncommitted changes, the date of the last commit that
//! touched them (so a code-only commit changes nothing); otherwise today.

use std::fmt;
use std::path::Path;
use std::process::{Command, Stdio};

use serde::Serialize;

use crate::error::Result;
use crate::export::stamp::epoch_to_text;

/// What the release date was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Origin {
    SourceDateEpoch,
    LastCommit,
    Today,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::SourceDateEpoch => "from SOURCE_DATE_EPOCH",
            Origin::LastCommit => "the last commit touching the data",
            Origin::Today => "today: the data has uncommitted changes or is not in git",
        })
    }
}

/// A release's date.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReleaseDate {
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub created: String,
    pub origin: Origin,
}

/// What the data of a release is: the paths whose commits date it.
const DATA: [&str; 3] = ["dataset.yaml", "schemas", "datasets"];

/// The release date for the dataset at `root`, by the rule above.
pub(crate) fn release_date(root: &Path) -> Result<ReleaseDate> {
    if let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") {
        return Ok(ReleaseDate {
            created: epoch_to_text(&text, "SOURCE_DATE_EPOCH")?,
            origin: Origin::SourceDateEpoch,
        });
    }
    if let Some(seconds) = last_clean_commit(root) {
        if let Ok(created) = epoch_to_text(&seconds, "the commit date") {
            return Ok(ReleaseDate {
                created,
                origin: Origin::LastCommit,
            });
        }
    }
    Ok(ReleaseDate {
        created: chrono::Utc::now().format("%Y-%m-%dT00:00:00Z").to_string(),
        origin: Origin::Today,
    })
}

/// The commit time (seconds) of the last commit touching the data, when
/// the data has no uncommitted or untracked changes; `None` otherwise, or
/// when git or a repository is missing.
fn last_clean_commit(root: &Path) -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .args(["--"])
            .args(DATA)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let status = git(&["status", "--porcelain", "--untracked-files=all"])?;
    if !status.is_empty() {
        return None;
    }
    let seconds = git(&["log", "-1", "--format=%ct"])?;
    (!seconds.is_empty()).then_some(seconds)
}
