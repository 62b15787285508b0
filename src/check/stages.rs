//! The stages of a run, shared by a full run and a [`super::Prepared`] one:
//! the sources opened, the record files checked, then the checks across
//! records, the scope and the report.

use std::path::{Path, PathBuf};

use super::feed::Feed;
use super::interner::{Interner, Sym};
use super::outcome::{Options, ProvenanceCheck, Report};
use super::record::{Checker, RecordFacts};
use super::{cross, locate, provenance};
use crate::error::{Error, Result};
use crate::issue::Issue;
use crate::load::Dataset;
use crate::schema::{rules, SchemaSet};

/// The source texts to check provenance against, when asked for.
pub(super) fn open_sources(dir: Option<&Path>) -> Result<Option<provenance::Sources>> {
    match dir {
        Some(dir) if !dir.is_dir() => Err(Error::NotADirectory {
            path: dir.to_owned(),
        }),
        Some(dir) => Ok(Some(provenance::Sources::new(dir))),
        None => Ok(None),
    }
}

/// Reads and checks every record of the files `keep` accepts, on all
/// cores: their facts in file order, and the problems found in them. With
/// a `feed`, every record is handed on as it is checked.
pub(super) fn check_files(
    checker: &Checker,
    dataset: &Dataset,
    options: &Options,
    keep: &(dyn Fn(usize) -> bool + Sync),
    feed: Option<&dyn Feed>,
) -> (Vec<RecordFacts>, Vec<Issue>) {
    let tick = || {
        if let Some(bar) = &options.progress {
            bar.inc(1);
        }
    };
    let records = match feed {
        None => dataset.visit_where(
            keep,
            &options.limits,
            |file, origin, parsed| {
                tick();
                checker.check(file, origin, parsed)
            },
            &mut |_| {},
        ),
        Some(feed) => {
            let checked = dataset.visit_where(
                keep,
                &options.limits,
                |file, origin, parsed| {
                    tick();
                    let (facts, value) = checker.check_keeping(file, origin, parsed);
                    let value = value.map(|mut value| {
                        feed.prepare(facts.collection, &mut value);
                        value
                    });
                    (facts, value)
                },
                &mut |batch: &mut [(RecordFacts, Option<serde_json::Value>)]| {
                    feed.batch(
                        batch
                            .iter_mut()
                            .map(|(facts, value)| (facts.collection, value.take()))
                            .collect(),
                    )
                },
            );
            checked.into_iter().map(|(facts, _)| facts).collect()
        }
    };
    (records, checker.take_issues())
}

/// What a run read, with the problems found record by record: all the
/// checks across records need.
pub(super) struct Read<'a> {
    pub(super) schemas: &'a SchemaSet,
    pub(super) dataset: &'a Dataset,
    pub(super) interner: &'a Interner,
    pub(super) records: Vec<RecordFacts>,
    pub(super) issues: Vec<Issue>,
}

/// The checks across records, then the report: limited to `only` and to
/// what `options.changed` touches, placed in the files, in report order.
pub(super) fn finish(
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
        provenance: provenance_check(schemas, options),
    };
    records.retain(|r| r.parsed);
    (report, records)
}

fn provenance_check(schemas: &SchemaSet, options: &Options) -> ProvenanceCheck {
    let declared = schemas.collections.iter().any(|c| {
        c.rules.iter().any(|r| {
            matches!(
                r.rule,
                rules::Rule::Verbatim | rules::Rule::SourceFile | rules::Rule::Sha256Of(_)
            )
        })
    });
    match (declared, &options.sources) {
        (false, _) => ProvenanceCheck::NotDeclared,
        (true, Some(_)) => ProvenanceCheck::Checked,
        (true, None) => ProvenanceCheck::Unchecked,
    }
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
pub(super) fn resolve_only(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
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
