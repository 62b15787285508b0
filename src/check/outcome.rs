//! What a run is asked to check, and what it gives back: the report for the
//! printers, and for the commands that publish, what was read.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::interner::Interner;
use super::record::RecordFacts;
use crate::issue::Issue;
use crate::load::{Dataset, Limits};
use crate::schema::SchemaSet;

/// What to check, beyond the schema and cross-record rules that always run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Check provenance against the source texts in this directory.
    pub sources: Option<PathBuf>,
    /// Report only on these files or directories (references still resolve
    /// against the whole dataset).
    pub only: Vec<PathBuf>,
    /// Report only on these changed files (relative to the root) and on every
    /// record that refers to a record in them; `None` reports on everything.
    pub changed: Option<Vec<PathBuf>>,
    /// The date `x-not-future` compares against (ISO `YYYY-MM-DD`).
    pub today: String,
    pub limits: Limits,
    /// A progress bar to advance as records are checked (a terminal only).
    pub progress: Option<indicatif::ProgressBar>,
}

/// Everything a validation run found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Problems, in the deterministic report order.
    pub issues: Vec<Issue>,
    /// Record files read.
    pub files: usize,
    /// Records that parsed.
    pub records: usize,
    /// Collections (schemas) in the dataset.
    pub collections: usize,
    /// Print at most this many issues (`--max-errors`); counts still cover all.
    pub limit: Option<usize>,
    /// Whether the texts the schemas declare verbatim were checked against
    /// their sources.
    pub provenance: ProvenanceCheck,
}

/// What a run did about the texts the schemas declare verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProvenanceCheck {
    /// The schemas declare none (`x-verbatim`, `x-source-file`, `x-sha256-of`).
    NotDeclared,
    /// They were checked against the source texts.
    Checked,
    /// They were not: no source texts were given. A valid report then says
    /// less than `release`, which checks them, will.
    Unchecked,
}

impl Report {
    /// The issues a printer shows: all of them, or the first `limit`.
    pub fn shown(&self) -> &[Issue] {
        let n = self
            .limit
            .map_or(self.issues.len(), |l| l.min(self.issues.len()));
        &self.issues[..n]
    }

    /// Issues left out by the limit.
    pub fn omitted(&self) -> usize {
        self.issues.len() - self.shown().len()
    }

    /// Issue counts per code, in code order.
    pub fn counts_by_code(&self) -> BTreeMap<&crate::issue::code::Code, usize> {
        let mut counts = BTreeMap::new();
        for issue in &self.issues {
            *counts.entry(&issue.code).or_insert(0) += 1;
        }
        counts
    }

    /// Files with at least one issue.
    pub fn files_with_issues(&self) -> usize {
        let mut files: Vec<&str> = self.issues.iter().map(|i| i.file.as_str()).collect();
        files.dedup();
        files.len()
    }

    /// 0 valid, 1 invalid data, 2 docket could not do its job for some file.
    pub fn exit_code(&self) -> u8 {
        if self.issues.iter().any(Issue::is_operational) {
            2
        } else if self.issues.is_empty() {
            0
        } else {
            1
        }
    }
}

/// A validation run with what it read, for commands that go on to publish.
pub struct Checked {
    pub report: Report,
    pub schemas: SchemaSet,
    pub dataset: Dataset,
    /// One entry per record that parsed, in file order.
    pub records: Vec<RecordFacts>,
    pub interner: Interner,
    pub limits: Limits,
    /// The run's progress bar, for the stages after checking.
    pub progress: Option<indicatif::ProgressBar>,
}
