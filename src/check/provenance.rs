//! Provenance: every text a schema marks `x-verbatim` occurs in the record's
//! source file, and every recorded `x-sha256-of` hash matches that file.
//!
//! Texts are compared after the normalisation the curation rules define:
//! any run of Unicode whitespace becomes one space, ends are trimmed, and
//! Markdown emphasis markers (`*`) are ignored.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::issue::code::{Code, Io, Provenance};
use crate::issue::Issue;
use crate::load::RecordFile;
use crate::schema::rules::{values_at, Rule};
use crate::schema::CollectionSchema;

/// A source file, read once.
struct Source {
    normalized: String,
    sha256: String,
}

/// The source texts in a directory, each read and hashed the first time a
/// record names it.
pub(super) struct Sources {
    dir: PathBuf,
    cache: Mutex<HashMap<String, Arc<Option<Source>>>>,
    /// The first source that exists but could not be read: that stops the run.
    failure: Mutex<Option<crate::error::Error>>,
    /// Sources that are not regular files, reported once each.
    issues: Mutex<Vec<Issue>>,
}

impl Sources {
    pub(super) fn new(dir: &Path) -> Sources {
        Sources {
            dir: dir.to_owned(),
            cache: Mutex::default(),
            failure: Mutex::default(),
            issues: Mutex::default(),
        }
    }

    /// The same sources, with what has been read so far, for another run:
    /// its problems are its own.
    pub(super) fn fork(&self) -> Sources {
        Sources {
            dir: self.dir.clone(),
            cache: Mutex::new(self.cache.lock().unwrap_or_else(|e| e.into_inner()).clone()),
            failure: Mutex::default(),
            issues: Mutex::default(),
        }
    }

    /// The source `name`; `None` when there is no such plain file in the directory.
    fn get(&self, name: &str) -> Arc<Option<Source>> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(source) = cache.get(name) {
            return source.clone();
        }
        let source = Arc::new(self.read(name));
        cache.insert(name.to_owned(), source.clone());
        source
    }

    fn read(&self, name: &str) -> Option<Source> {
        if !is_plain_name(name) {
            return None;
        }
        let path = self.dir.join(name);
        match fs::metadata(&path) {
            Err(_) => return None,
            Ok(meta) if !meta.is_file() => {
                let what = if meta.is_dir() {
                    "a directory"
                } else {
                    "a special file (a FIFO, socket or device)"
                };
                self.issues
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(Issue::file(
                        Code::Io(Io::NotAFile),
                        crate::paths::shown(&path),
                        format!("expected a source text, found {what}; docket does not read it"),
                    ).with_help("put the source text there as a regular file, or point the record at another source"));
                return None;
            }
            Ok(_) => {}
        }
        match fs::read(&path) {
            Ok(bytes) => Some(Source {
                normalized: normalize(&String::from_utf8_lossy(&bytes)),
                sha256: hex::encode(Sha256::digest(&bytes)),
            }),
            Err(source) => {
                let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
                failure.get_or_insert(crate::error::Error::Read { path, source });
                None
            }
        }
    }

    /// Sources that are there but are not regular files.
    pub(super) fn take_issues(&self) -> Vec<Issue> {
        std::mem::take(&mut *self.issues.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Fails if a source file exists but could not be read.
    pub(super) fn error(&self) -> crate::error::Result<()> {
        match self
            .failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// Checks one record's verbatim texts and hashes against its sources.
pub(super) fn check_record(
    value: &Value,
    schema: &CollectionSchema,
    file: &RecordFile,
    sources: &Sources,
    issues: &mut Vec<Issue>,
) {
    let files: Vec<(String, &str)> = schema
        .rules
        .iter()
        .filter(|r| r.rule == Rule::SourceFile)
        .flat_map(|r| values_at(value, &r.path))
        .filter_map(|(pointer, v)| v.as_str().map(|name| (pointer, name)))
        .collect();
    if files.is_empty() {
        return;
    }
    // The source named beside a value (in the same object) is the one it must occur in.
    let mut beside: HashMap<&str, &str> = HashMap::new();
    let mut loaded: HashMap<&str, Arc<Option<Source>>> = HashMap::new();
    for (pointer, name) in &files {
        beside.insert(parent(pointer), name);
        let source = sources.get(name);
        if source.is_none() && !sources.dir.join(name).exists() {
            issues.push(
                Issue::in_record(
                    Code::Provenance(Provenance::SourceMissing),
                    &file.display,
                    pointer.clone(),
                    format!(
                        "the source file `{name}` is not in `{}`",
                        crate::paths::shown(&sources.dir)
                    ),
                )
                .with_help(format!(
                    "add `{name}` to `{}`, or correct the file name",
                    crate::paths::shown(&sources.dir)
                )),
            );
        }
        loaded.insert(name, source);
    }
    for rule in &schema.rules {
        match &rule.rule {
            Rule::Verbatim => {
                for (pointer, v) in values_at(value, &rule.path) {
                    let Some(text) = v.as_str() else { continue };
                    let names: Vec<&str> = match beside.get(parent(&pointer)) {
                        Some(name) => vec![name],
                        None => files.iter().map(|(_, n)| *n).collect(),
                    };
                    let candidates: Vec<(&str, &Source)> = names
                        .iter()
                        .filter_map(|n| {
                            loaded
                                .get(n)
                                .and_then(|s| s.as_ref().as_ref())
                                .map(|s| (*n, s))
                        })
                        .collect();
                    if candidates.is_empty() {
                        continue;
                    }
                    let needle = normalize(text);
                    if candidates
                        .iter()
                        .any(|(_, s)| s.normalized.contains(&needle))
                    {
                        continue;
                    }
                    let named: Vec<String> =
                        candidates.iter().map(|(n, _)| format!("`{n}`")).collect();
                    let mut issue = Issue::in_record(
                        Code::Provenance(Provenance::QuoteNotFound),
                        &file.display,
                        pointer,
                        format!("this text does not occur in {}", named.join(" or ")),
                    );
                    issue = issue.with_help(divergence(&needle, &candidates).unwrap_or_else(|| {
                        "copy the text from the source exactly as it is written there (spacing and `*` emphasis aside)".to_owned()
                    }));
                    issues.push(issue);
                }
            }
            Rule::Sha256Of(field) => {
                for (pointer, v) in values_at(value, &rule.path) {
                    let Some(hash) = v.as_str() else { continue };
                    let sibling = format!("{}/{field}", parent(&pointer));
                    let Some(name) = value.pointer(&sibling).and_then(Value::as_str) else {
                        continue;
                    };
                    let Some(Some(source)) = loaded.get(name).map(|s| s.as_ref().as_ref()) else {
                        continue;
                    };
                    if !source.sha256.eq_ignore_ascii_case(hash) {
                        issues.push(
                            Issue::in_record(
                                Code::Provenance(Provenance::HashMismatch),
                                &file.display,
                                pointer,
                                format!("the SHA-256 does not match the source file `{name}`"),
                            )
                            .with_help(format!(
                                "the file's SHA-256 is {}; if the source changed, re-check the record against it",
                                source.sha256
                            )),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn parent(pointer: &str) -> &str {
    &pointer[..pointer.rfind('/').unwrap_or(0)]
}

/// Says where a text stops matching its source: the longest opening of it
/// that does occur, so a curator sees the typo instead of hunting for it.
fn divergence(needle: &str, sources: &[(&str, &Source)]) -> Option<String> {
    let boundaries: Vec<usize> = needle
        .char_indices()
        .map(|(i, _)| i)
        .chain([needle.len()])
        .collect();
    let found = |len: usize| {
        sources
            .iter()
            .any(|(_, s)| s.normalized.contains(&needle[..len]))
    };
    let (mut lo, mut hi) = (0usize, boundaries.len() - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if found(boundaries[mid]) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let matched = &needle[..boundaries[lo]];
    if matched.chars().count() < 8 {
        return None;
    }
    let tail: String = matched
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Some(format!(
        "the text matches the source up to “…{tail}”, then differs"
    ))
}

/// Whitespace runs to one space, ends trimmed, emphasis markers dropped.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c == '*' {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}
