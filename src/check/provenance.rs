//! Provenance: every text a schema marks `x-verbatim` occurs in the record's
//! source file, and every recorded `x-sha256-of` hash matches that file.
//!
//! Texts are compared after the normalisation the curation rules define:
//! any run of Unicode whitespace becomes one space, ends are trimmed, and
//! Markdown emphasis markers (`*`) are ignored.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::rules::{values_at, Rule};
use super::schemas::SchemaSet;
use crate::issue::Issue;
use crate::load::Record;

/// A source file, read once.
struct Source {
    normalized: String,
    sha256: String,
}

/// Checks every record against the source texts in `dir`.
pub fn check(records: &[Record], schemas: &SchemaSet, dir: &Path) -> crate::Result<Vec<Issue>> {
    let mut names = BTreeSet::new();
    for record in records {
        for (_, name) in source_files(record, schemas) {
            names.insert(name.to_owned());
        }
    }
    let mut sources = HashMap::new();
    for name in names {
        if let Some(source) = read_source(dir, &name)? {
            sources.insert(name, source);
        }
    }
    let mut issues = Vec::new();
    for record in records {
        check_record(record, schemas, &sources, dir, &mut issues);
    }
    Ok(issues)
}

fn source_files<'r>(record: &'r Record, schemas: &SchemaSet) -> Vec<(String, &'r str)> {
    let Some(schema) = schemas.get(&record.collection) else {
        return Vec::new();
    };
    schema
        .rules
        .iter()
        .filter(|r| r.rule == Rule::SourceFile)
        .flat_map(|r| values_at(&record.value, &r.path))
        .filter_map(|(pointer, v)| v.as_str().map(|name| (pointer, name)))
        .collect()
}

/// A name that is a plain file name in `dir`, read and hashed; `None` when
/// there is no such file (reported per record).
fn read_source(dir: &Path, name: &str) -> crate::Result<Option<Source>> {
    if !is_plain_name(name) {
        return Ok(None);
    }
    let path = dir.join(name);
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = fs::read(&path).map_err(|source| crate::Error::Read {
        path: path.clone(),
        source,
    })?;
    Ok(Some(Source {
        normalized: normalize(&String::from_utf8_lossy(&bytes)),
        sha256: hex::encode(Sha256::digest(&bytes)),
    }))
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

fn check_record(
    record: &Record,
    schemas: &SchemaSet,
    sources: &HashMap<String, Source>,
    dir: &Path,
    issues: &mut Vec<Issue>,
) {
    let Some(schema) = schemas.get(&record.collection) else {
        return;
    };
    let files = source_files(record, schemas);
    // The source named beside a value (in the same object) is the one it must occur in.
    let mut beside: HashMap<&str, &str> = HashMap::new();
    for (pointer, name) in &files {
        beside.insert(parent(pointer), name);
        if !sources.contains_key(*name) {
            issues.push(Issue::in_record(
                "provenance.source-missing",
                &record.file,
                pointer.clone(),
                format!(
                    "the source file `{name}` is not in `{}`",
                    crate::load::display_path(dir)
                ),
            ));
        }
    }
    for rule in &schema.rules {
        for (pointer, value) in values_at(&record.value, &rule.path) {
            match &rule.rule {
                Rule::Verbatim => {
                    let Some(text) = value.as_str() else { continue };
                    let candidates: Vec<&str> = match beside.get(parent(&pointer)) {
                        Some(name) => vec![name],
                        None => files.iter().map(|(_, n)| *n).collect(),
                    };
                    let loaded: Vec<(&str, &Source)> = candidates
                        .iter()
                        .filter_map(|n| sources.get(*n).map(|s| (*n, s)))
                        .collect();
                    if loaded.is_empty() {
                        continue;
                    }
                    let needle = normalize(text);
                    if loaded.iter().any(|(_, s)| s.normalized.contains(&needle)) {
                        continue;
                    }
                    let names: Vec<String> = loaded.iter().map(|(n, _)| format!("`{n}`")).collect();
                    let mut issue = Issue::in_record(
                        "provenance.quote-not-found",
                        &record.file,
                        pointer.clone(),
                        format!("this text does not occur in {}", names.join(" or ")),
                    );
                    if let Some(help) = divergence(&needle, &loaded) {
                        issue = issue.with_help(help);
                    }
                    issues.push(issue);
                }
                Rule::Sha256Of(field) => {
                    let Some(hash) = value.as_str() else { continue };
                    let sibling = format!("{}/{field}", parent(&pointer));
                    let Some(name) = record.value.pointer(&sibling).and_then(Value::as_str) else {
                        continue;
                    };
                    if let Some(source) = sources.get(name) {
                        if !source.sha256.eq_ignore_ascii_case(hash) {
                            issues.push(
                                Issue::in_record(
                                    "provenance.hash-mismatch",
                                    &record.file,
                                    pointer,
                                    format!("the SHA-256 does not match the source file `{name}`"),
                                )
                                .with_help(format!("the file's SHA-256 is {}; if the source changed, re-check the record against it", source.sha256)),
                            );
                        }
                    }
                }
                _ => {}
            }
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
