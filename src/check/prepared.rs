//! A dataset root made ready to be checked again and again after one file
//! changes: the schemas compiled, and every record file's facts and
//! problems kept from one full run, so that each check reads, parses and
//! validates only the changed file, then runs the checks across records on
//! every record's facts, exactly as a full run would. An editor or a hook
//! that checks one file on each save wants this, and so does a fuzzer: a
//! full run costs the schemas' compilation every time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::interner::Interner;
use super::outcome::{Options, Report};
use super::provenance::Sources;
use super::record::{Checker, RecordFacts};
use super::stages::{check_files, finish, open_sources, resolve_only, Read};
use crate::error::Result;
use crate::issue::Issue;
use crate::load;
use crate::schema::SchemaSet;

/// A record file's part of the full run.
struct Kept {
    facts: Vec<RecordFacts>,
    issues: Vec<Issue>,
}

pub struct Prepared {
    root: PathBuf,
    options: Options,
    schemas: SchemaSet,
    interner: Interner,
    sources: Option<Sources>,
    /// Sources that are not regular files, as the full run found them.
    source_issues: Vec<Issue>,
    /// Each record file's facts and problems, by the file's path.
    files: HashMap<PathBuf, Kept>,
}

impl Prepared {
    /// Reads and checks the whole root once, as [`super::validate`] does
    /// with `options` (whose `only` and `changed` are left to each check).
    pub fn new(root: &Path, options: &Options) -> Result<Prepared> {
        let schemas = SchemaSet::load(root)?;
        let dataset = load::discover(root, &schemas.names())?;
        let sources = open_sources(options.sources.as_deref())?;
        let interner = Interner::default();
        let (records, issues) = check_files(
            &Checker::new(&schemas, &interner, &options.today, sources.as_ref()),
            &dataset,
            options,
            &|_| true,
            None,
        );
        let source_issues = match &sources {
            Some(sources) => {
                sources.error()?;
                sources.take_issues()
            }
            None => Vec::new(),
        };
        let mut files: HashMap<PathBuf, Kept> = dataset
            .files
            .iter()
            .map(|f| {
                let kept = Kept {
                    facts: Vec::new(),
                    issues: Vec::new(),
                };
                (f.path.clone(), kept)
            })
            .collect();
        for facts in records {
            let path = &dataset.file(facts.origin).path;
            if let Some(kept) = files.get_mut(path) {
                kept.facts.push(facts);
            }
        }
        let by_display: HashMap<&str, &Path> = dataset
            .files
            .iter()
            .map(|f| (f.display.as_str(), f.path.as_path()))
            .collect();
        for issue in issues {
            if let Some(kept) = by_display
                .get(issue.file.as_str())
                .and_then(|path| files.get_mut(*path))
            {
                kept.issues.push(issue);
            }
        }
        Ok(Prepared {
            root: root.to_owned(),
            options: Options {
                only: Vec::new(),
                changed: None,
                progress: None,
                ..options.clone()
            },
            schemas,
            interner,
            sources,
            source_issues,
            files,
        })
    }

    /// The report [`super::validate`] would give now that `file` (a record
    /// file under the root's `datasets/`) was written, replaced or removed,
    /// reporting on `only` and on what `changed` touches as it does. Only
    /// `file`, and any record file that appeared since the root was
    /// prepared, is read again; the other record files must not have
    /// changed. A source that is not a regular file is reported as the
    /// full run found it.
    pub fn validate(
        &self,
        file: &Path,
        only: Vec<PathBuf>,
        changed: Option<Vec<PathBuf>>,
    ) -> Result<Report> {
        let options = Options {
            only,
            changed,
            ..self.options.clone()
        };
        let only = resolve_only(&self.root, &options.only)?;
        let mut dataset = load::discover(&self.root, &self.schemas.names())?;
        let interner = self.interner.clone();
        let sources = self.sources.as_ref().map(Sources::fork);
        let kept = |index: usize| {
            let path = &dataset.files[index].path;
            match path == file {
                true => None,
                false => self.files.get(path),
            }
        };
        let checker = Checker::new(&self.schemas, &interner, &options.today, sources.as_ref());
        let (fresh, found) =
            check_files(&checker, &dataset, &options, &|i| kept(i).is_none(), None);
        // Every record in file order: the kept ones with their file's new
        // index, the fresh ones as read.
        let mut fresh = fresh.into_iter().peekable();
        let mut records = Vec::new();
        let mut issues = std::mem::take(&mut dataset.issues);
        for index in 0..dataset.files.len() {
            match kept(index) {
                Some(kept) => {
                    records.extend(kept.facts.iter().map(|facts| {
                        let mut facts = facts.clone();
                        facts.origin.file = index as u32;
                        facts
                    }));
                    issues.extend(kept.issues.iter().map(|issue| {
                        let mut issue = issue.clone();
                        if let Some(origin) = &mut issue.record {
                            origin.file = index as u32;
                        }
                        issue
                    }));
                }
                None => {
                    while let Some(facts) = fresh.next_if(|f| f.origin.file as usize == index) {
                        records.push(facts);
                    }
                }
            }
        }
        issues.extend(self.source_issues.iter().cloned());
        if let Some(sources) = &sources {
            sources.error()?;
            issues.extend(sources.take_issues());
        }
        issues.extend(found);
        let read = Read {
            schemas: &self.schemas,
            dataset: &dataset,
            interner: &interner,
            records,
            issues,
        };
        Ok(finish(read, &self.root, only, &options).0)
    }
}
