//! Finding every problem with a dataset: schema validation of each raw
//! record, then checks across records, then (optionally) provenance against
//! the source texts. The result is a [`Report`]: plain data for the printers.

mod conformance;
mod locate;
mod provenance;
mod references;
pub mod rules;
pub mod schemas;
mod suggest;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use self::provenance::normalize;
pub use self::references::singular;
pub use self::schemas::SchemaSet;
use crate::issue::Issue;
use crate::load::{self, Limits};
use crate::{Error, Result};

/// What to check, beyond the schema and cross-record rules that always run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Check provenance against the source texts in this directory.
    pub sources: Option<PathBuf>,
    /// Report only on these files or directories (references still resolve
    /// against the whole dataset).
    pub only: Vec<PathBuf>,
    /// The date `x-not-future` compares against (ISO `YYYY-MM-DD`).
    pub today: String,
    pub limits: Limits,
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
}

impl Report {
    /// Issue counts per code, in code order.
    pub fn counts_by_code(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for issue in &self.issues {
            *counts.entry(issue.code.as_str()).or_insert(0) += 1;
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

/// Validates the dataset under `root`.
pub fn validate(root: &Path, options: &Options) -> Result<Report> {
    run(root, options).map(|checked| checked.report)
}

/// A validation run with what it read, for commands that go on to publish.
pub struct Checked {
    pub report: Report,
    pub schemas: SchemaSet,
    pub records: Vec<load::Record>,
}

/// Validates the dataset under `root` and keeps its schemas and records.
pub fn run(root: &Path, options: &Options) -> Result<Checked> {
    let only = resolve_only(root, &options.only)?;
    let schemas = SchemaSet::load(root)?;
    let mut loaded = load::load(root, &schemas.names(), &options.limits)?;
    let mut issues = std::mem::take(&mut loaded.issues);
    issues.par_extend(
        loaded
            .records
            .par_iter()
            .flat_map_iter(|record| conformance::check(record, &schemas)),
    );
    issues.extend(references::check(&loaded, &schemas, &options.today));
    if let Some(dir) = &options.sources {
        if !dir.is_dir() {
            return Err(Error::NotADirectory { path: dir.clone() });
        }
        issues.extend(provenance::check(&loaded.records, &schemas, dir)?);
    }
    if !only.is_empty() {
        issues.retain(|issue| {
            std::fs::canonicalize(&issue.file)
                .is_ok_and(|file| only.iter().any(|o| file.starts_with(o)))
        });
    }
    locate::locate(&mut issues);
    issues.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let report = Report {
        issues,
        files: loaded.files,
        records: loaded.records.len(),
        collections: schemas.collections.len(),
    };
    Ok(Checked {
        report,
        schemas,
        records: loaded.records,
    })
}

/// The files or folders to report on, which must exist inside `datasets/`.
fn resolve_only(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let datasets = std::fs::canonicalize(root.join("datasets")).ok();
    paths
        .iter()
        .map(|path| {
            let real = std::fs::canonicalize(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            match &datasets {
                Some(d) if real.starts_with(d) => Ok(real),
                _ => Err(Error::OutsideDataset { path: path.clone() }),
            }
        })
        .collect()
}

/// Today's date in UTC, as `YYYY-MM-DD`.
pub fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}
