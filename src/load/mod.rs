//! Reading records from disk: finding the record files of each collection,
//! decoding and parsing them, and mapping a JSON pointer inside a record back
//! to its line and column.
//!
//! Parsing keeps no positions: most records are valid, so positions are
//! recomputed (by [`locate`]) only for the files a report points into.

mod json;
mod yaml;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

pub use crate::issue::Pos;
use crate::issue::{pointer_tokens, Issue};

/// Bounds that keep a hostile record file from exhausting memory or stack.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest record file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of mappings and sequences in a YAML record.
    pub max_depth: usize,
    /// Most values one YAML record may expand to, aliases included.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 100_000,
        }
    }
}

/// How a record file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// One parsed record and where it came from.
#[derive(Debug, Clone)]
pub struct Record {
    /// The collection (the folder under `datasets/`) it was found in.
    pub collection: String,
    /// The file, as printed in reports.
    pub file: String,
    /// The file name without its extension: what the record's id must equal.
    pub stem: String,
    pub format: Format,
    pub value: Value,
}

/// Everything read from a dataset: the records that parsed and the problems
/// with the ones that did not.
#[derive(Debug, Default)]
pub struct Loaded {
    pub records: Vec<Record>,
    pub issues: Vec<Issue>,
    pub files: usize,
    /// `(collection, file stem)` of record files that could not be parsed:
    /// their ids are presumed to exist, so a broken file is reported once
    /// rather than again by every record that refers to it.
    pub unparsed: Vec<(String, String)>,
}

/// Why a file's content is not a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    Syntax,
    Encoding,
    DuplicateKey,
    Empty,
    NotARecord,
    Limit,
}

impl ParseErrorKind {
    pub fn code(self) -> &'static str {
        match self {
            ParseErrorKind::Syntax => "parse.syntax",
            ParseErrorKind::Encoding => "parse.encoding",
            ParseErrorKind::DuplicateKey => "parse.duplicate-key",
            ParseErrorKind::Empty => "parse.empty",
            ParseErrorKind::NotARecord => "parse.not-a-record",
            ParseErrorKind::Limit => "parse.limit",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub message: String,
    pub pos: Pos,
}

impl ParseError {
    fn new(kind: ParseErrorKind, message: impl Into<String>, pos: Pos) -> Self {
        ParseError {
            kind,
            message: message.into(),
            pos,
        }
    }
}

/// Where a pointer's value (and its key, for a mapping entry) starts.
#[derive(Debug, Clone, Copy)]
pub struct Located {
    pub key: Option<Pos>,
    pub value: Pos,
    /// Column just past the value, when it ends on the line it starts on.
    pub value_end: Option<u32>,
}

/// Decodes and parses a record file's bytes.
pub fn parse(bytes: &[u8], format: Format, limits: &Limits) -> Result<Value, ParseError> {
    let text = decode(bytes)?;
    let value = match format {
        Format::Yaml => yaml::parse(text, limits)?,
        Format::Json => json::parse(text)?,
    };
    if !value.is_object() {
        return Err(ParseError::new(
            ParseErrorKind::NotARecord,
            "the file holds a single value or a list, not a record (a mapping of fields)",
            Pos { line: 1, column: 1 },
        ));
    }
    Ok(value)
}

/// Finds the position of `pointer` in a record file's text.
pub fn locate(text: &str, pointer: &str) -> Option<Located> {
    yaml::locate(text, &pointer_tokens(pointer))
}

/// UTF-8 only, without a byte-order mark or NUL bytes, so that every tool
/// downstream reads the same text.
fn decode(bytes: &[u8]) -> Result<&str, ParseError> {
    let start = Pos { line: 1, column: 1 };
    let encoding =
        |message: String, pos: Pos| Err(ParseError::new(ParseErrorKind::Encoding, message, pos));
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return encoding(
            "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM".into(),
            start,
        );
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding("the file is UTF-16; save it as UTF-8".into(), start);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            return encoding(
                format!(
                    "the file is not valid UTF-8 (byte offset {})",
                    e.valid_up_to()
                ),
                position_of(valid, valid.len()),
            );
        }
    };
    if let Some(offset) = text.find('\0') {
        return encoding(
            "the file contains a NUL byte".into(),
            position_of(text, offset),
        );
    }
    Ok(text)
}

/// The line and column of a byte offset in `text`.
fn position_of(text: &str, offset: usize) -> Pos {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line,
        column: before[line_start..].chars().count() as u32 + 1,
    }
}

/// A path as reports print it: relative to where docket runs, `/`-separated.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// One file found under a collection folder.
struct Candidate {
    collection: String,
    path: PathBuf,
}

/// Reads every record of the given collections under `root/datasets`.
///
/// Folders under `datasets/` that are not a known collection, files with an
/// unknown extension and paths that are not regular files inside the dataset
/// are reported, never skipped silently.
pub fn load(root: &Path, collections: &[String], limits: &Limits) -> crate::Result<Loaded> {
    let datasets = root.join("datasets");
    let mut loaded = Loaded::default();
    if !datasets.exists() {
        return Ok(loaded);
    }
    let canonical_root = fs::canonicalize(root).map_err(|source| crate::Error::Read {
        path: root.to_owned(),
        source,
    })?;
    let mut candidates = Vec::new();
    for entry in sorted_entries(&datasets)? {
        let name = entry
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name.starts_with('.') || !entry.is_dir() {
            continue;
        }
        if !collections.contains(&name) {
            loaded.issues.push(
                Issue::file(
                    "layout.unknown-collection",
                    display_path(&entry),
                    format!(
                        "`{name}` is not a collection: there is no `schemas/{name}.schema.json`"
                    ),
                )
                .with_help(format!("known collections: {}", collections.join(", "))),
            );
            continue;
        }
        for path in sorted_entries(&entry)? {
            let file_name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if file_name.starts_with('.') {
                continue;
            }
            candidates.push(Candidate {
                collection: name.clone(),
                path,
            });
        }
    }
    loaded.files = candidates.len();
    let results: Vec<Result<Record, Box<Issue>>> = candidates
        .par_iter()
        .map(|c| read_record(c, &canonical_root, limits))
        .collect();
    for (result, candidate) in results.into_iter().zip(&candidates) {
        match result {
            Ok(record) => loaded.records.push(record),
            Err(issue) => {
                let stem = candidate
                    .path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default();
                loaded
                    .unparsed
                    .push((candidate.collection.clone(), stem.to_owned()));
                loaded.issues.push(*issue);
            }
        }
    }
    Ok(loaded)
}

/// A directory's entries, sorted, so every walk of the dataset is deterministic.
pub fn sorted_entries(dir: &Path) -> crate::Result<Vec<PathBuf>> {
    let read_error = |source| crate::Error::Read {
        path: dir.to_owned(),
        source,
    };
    let mut entries = fs::read_dir(dir)
        .map_err(read_error)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(read_error)?;
    entries.sort();
    Ok(entries)
}

fn read_record(candidate: &Candidate, root: &Path, limits: &Limits) -> Result<Record, Box<Issue>> {
    let path = &candidate.path;
    let file = display_path(path);
    let Some(format) = Format::from_path(path) else {
        return Err(Box::new(Issue::file(
            "layout.unexpected-file",
            file,
            "not a record file: records are `.yaml`, `.yml` or `.json` files",
        )));
    };
    let bytes = read_regular_file(path, root, limits)
        .map_err(|(code, message)| Box::new(Issue::file(code, &file, message)))?;
    let value = parse(&bytes, format, limits)
        .map_err(|e| Box::new(Issue::at(e.kind.code(), &file, e.pos, e.message)))?;
    Ok(Record {
        collection: candidate.collection.clone(),
        stem: path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned(),
        file,
        format,
        value,
    })
}

/// Reads a file only if it is a regular file inside the dataset root: a
/// FIFO would block, a device could be endless, a link could lead anywhere.
fn read_regular_file(
    path: &Path,
    root: &Path,
    limits: &Limits,
) -> Result<Vec<u8>, (&'static str, String)> {
    let io = |e: std::io::Error| ("io.unreadable", format!("cannot read the file: {e}"));
    let meta = fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "a special file (a FIFO, socket or device)"
        };
        return Err((
            "io.not-a-file",
            format!("expected a record file, found {what}"),
        ));
    }
    let real = fs::canonicalize(path).map_err(io)?;
    if !real.starts_with(root) {
        return Err((
            "io.outside-root",
            "the file is a link to a place outside the dataset root; docket does not follow it"
                .into(),
        ));
    }
    if meta.len() > limits.max_file_bytes {
        return Err((
            "parse.limit",
            format!(
                "the file is {} bytes, over the {}-byte limit for one record",
                meta.len(),
                limits.max_file_bytes
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .and_then(|f| f.take(limits.max_file_bytes + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    Ok(bytes)
}
