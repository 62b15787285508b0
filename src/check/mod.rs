//! Finding every problem with a dataset: schema validation of each raw
//! record, then checks across records, and (optionally) provenance against
//! the source texts. The result is a [`Report`]: plain data for the printers.
//!
//! Records stream through once: each is parsed, validated and reduced to a
//! few interned facts (its id, the ids it refers to, its unique keys), then
//! dropped. Cross-record checks run on those facts; only records that turn
//! out to have a problem are read again, to place it in the file.

mod conformance;
mod cross;
mod hints;
pub(crate) mod interner;
mod locate;
mod prepared;
mod provenance;
mod record;
mod suggest;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) use self::interner::{Interner, Sym};
pub use self::prepared::Prepared;
pub use self::provenance::normalize;
pub(crate) use self::record::RecordFacts;
use crate::issue::Issue;
use crate::load::{self, Dataset, Limits};
use crate::schema::{rules, SchemaSet};
use crate::{Error, Result};

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

/// Validates the dataset under `root`.
pub fn validate(root: &Path, options: &Options) -> Result<Report> {
    run(root, options).map(|checked| checked.report)
}

/// Validates the dataset under `root` and keeps what later stages need.
pub fn run(root: &Path, options: &Options) -> Result<Checked> {
    let only = resolve_only(root, &options.only)?;
    let schemas = SchemaSet::load(root)?;
    let mut dataset = load::discover(root, &schemas.names())?;
    let sources = open_sources(options.sources.as_deref())?;
    let interner = Interner::default();
    let (records, found) = check_files(
        &record::Checker::new(&schemas, &interner, &options.today, sources.as_ref()),
        &dataset,
        options,
        &|_| true,
    );
    let mut issues = std::mem::take(&mut dataset.issues);
    if let Some(sources) = &sources {
        sources.error()?;
        issues.extend(sources.take_issues());
    }
    issues.extend(found);
    let read = Read {
        schemas: &schemas,
        dataset: &dataset,
        interner: &interner,
        records,
        issues,
    };
    let (report, records) = finish(read, root, only, options);
    Ok(Checked {
        report,
        schemas,
        dataset,
        records,
        interner,
        limits: options.limits.clone(),
        progress: options.progress.clone(),
    })
}

/// The source texts to check provenance against, when asked for.
fn open_sources(dir: Option<&Path>) -> Result<Option<provenance::Sources>> {
    match dir {
        Some(dir) if !dir.is_dir() => Err(Error::NotADirectory {
            path: dir.to_owned(),
        }),
        Some(dir) => Ok(Some(provenance::Sources::new(dir))),
        None => Ok(None),
    }
}

/// Reads and checks every record of the files `keep` accepts, on all
/// cores: their facts in file order, and the problems found in them.
fn check_files(
    checker: &record::Checker,
    dataset: &Dataset,
    options: &Options,
    keep: &(dyn Fn(usize) -> bool + Sync),
) -> (Vec<RecordFacts>, Vec<Issue>) {
    let records = dataset.visit_where(keep, &options.limits, |file, origin, parsed| {
        if let Some(bar) = &options.progress {
            bar.inc(1);
        }
        checker.check(file, origin, parsed)
    });
    (records, checker.take_issues())
}

/// What a run read, with the problems found record by record: all the
/// checks across records need.
struct Read<'a> {
    schemas: &'a SchemaSet,
    dataset: &'a Dataset,
    interner: &'a Interner,
    records: Vec<RecordFacts>,
    issues: Vec<Issue>,
}

/// The checks across records, then the report: limited to `only` and to
/// what `options.changed` touches, placed in the files, in report order.
fn finish(
    read: Read,
    root: &Path,
    mut only: Vec<PathBuf>,
    options: &Options,
) -> (Report, Vec<RecordFacts>) {
    let Read {
        schemas,
        dataset,
        interner,
        mut records,
        mut issues,
    } = read;
    issues.extend(cross::check(
        &records,
        schemas,
        interner,
        dataset,
        &options.limits,
    ));
    if let Some(changed) = &options.changed {
        only.extend(affected(
            root, changed, dataset, schemas, &records, interner,
        ));
        if only.is_empty() {
            issues.clear();
        }
    }
    if !only.is_empty() {
        issues.retain(|issue| {
            scope_path(&issue.file).is_some_and(|file| only.iter().any(|o| file.starts_with(o)))
        });
    }
    locate::locate(&mut issues, dataset, &options.limits);
    issues.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let parsed = records.iter().filter(|r| r.parsed).count();
    let report = Report {
        issues,
        files: dataset.files.len(),
        records: parsed,
        collections: schemas.collections.len(),
        limit: None,
    };
    records.retain(|r| r.parsed);
    (report, records)
}

/// The files to report on for a change: the changed record files, and the
/// files of every record that refers to a record whose file changed (or was
/// deleted). A changed schema puts every file in scope.
fn affected(
    root: &Path,
    changed: &[PathBuf],
    dataset: &Dataset,
    schemas: &SchemaSet,
    records: &[RecordFacts],
    interner: &Interner,
) -> Vec<PathBuf> {
    let everything = || {
        scope_path(&crate::paths::shown(&root.join("datasets")))
            .into_iter()
            .collect()
    };
    let mut scope = Vec::new();
    // (collection, id) of every changed record file.
    let mut ids: std::collections::HashSet<(usize, Sym)> = std::collections::HashSet::new();
    for path in changed {
        let mut parts = path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match (parts.next().as_deref(), parts.next(), parts.next()) {
            (Some("schemas"), _, _) => return everything(),
            (Some("datasets"), Some(collection), Some(file)) => {
                scope.extend(scope_path(&crate::paths::shown(&root.join(path))));
                let Some(index) = schemas.index(&collection) else {
                    continue;
                };
                let stem = Path::new(&file)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if let Some(sym) = interner.get(&stem) {
                    ids.insert((index, sym));
                }
                // Records of a changed JSONL file: every id in it.
                for facts in records
                    .iter()
                    .filter(|r| dataset.file(r.origin).path == root.join(path))
                {
                    if let Some(id) = facts.id {
                        ids.insert((index, id));
                    }
                }
            }
            _ => {}
        }
    }
    for facts in records {
        let schema = &schemas.collections[facts.collection as usize];
        let refers = facts
            .refs
            .iter()
            .any(|&(rule, id)| match &schema.rules[rule as usize].rule {
                rules::Rule::References(target) => schemas
                    .index(target)
                    .is_some_and(|t| ids.contains(&(t, id))),
                _ => false,
            });
        if refers {
            scope.extend(scope_path(&dataset.file(facts.origin).display));
        }
    }
    scope
}

/// Where a reported file is, for matching it against PATH arguments: its
/// folder resolved, its own name kept as it is, so a dangling link, a link
/// out of the root or an unreadable name is still matched by its place.
fn scope_path(file: &str) -> Option<PathBuf> {
    let path = Path::new(file);
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?))
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
