//! The problem report's unit: one problem with the data, at one place.
//!
//! Every stage (loading, schema validation, cross-record and provenance
//! checks) produces `Issue`s; the report printers render them. An issue is
//! plain data: a stable `code`, the file, a position once located, the JSON
//! pointer inside the record, and one plain sentence.

use serde::Serialize;

pub(crate) mod code;

pub(crate) use self::code::Code;

/// A line and column in a file, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// Where one record's bytes are in a dataset: the whole file, or one line
/// of a JSONL file. Issues carry it so that their position is found only
/// for the records a report points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin {
    /// Index of the file in the dataset's list of record files.
    pub file: u32,
    /// The line the record starts on (1 for a one-record file).
    pub line: u32,
    pub offset: u64,
    pub len: u32,
}

/// Which part of a mapping entry an issue is about: an unknown field is its
/// key, a wrong value is its value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Anchor {
    #[default]
    Value,
    Key,
}

/// The offending line, kept for printers that show a snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The line, or the part of a long line around the issue's column.
    pub text: String,
    /// The column `text` starts at (1 unless a long line was cut).
    pub first_column: u32,
    /// Characters to underline from the issue's column (at least 1).
    pub width: u32,
}

/// One problem with the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Stable rule code, such as `schema.required` or `ref.unknown-organization`.
    pub code: Code,
    /// The file, as a path from the working directory with `/` separators.
    pub file: String,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<u32>,
    /// 1-based column in characters, with `line`.
    pub column: Option<u32>,
    /// RFC 6901 JSON pointer to the value inside the record (`""` is the whole record).
    pub pointer: Option<String>,
    /// One plain sentence saying what is wrong.
    pub message: String,
    /// What to do about it, when docket can tell ("did you mean `hca-vanadzor`?").
    pub help: Option<String>,
    #[serde(skip)]
    pub anchor: Anchor,
    /// The record the issue is in, for finding its position and excerpt.
    #[serde(skip)]
    pub record: Option<Origin>,
    #[serde(skip)]
    pub excerpt: Option<Excerpt>,
}

impl Issue {
    /// An issue about a whole file (or directory), with no position in it.
    pub fn file(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            code,
            file: file.into(),
            line: None,
            column: None,
            pointer: None,
            message: message.into(),
            help: None,
            anchor: Anchor::Value,
            record: None,
            excerpt: None,
        }
    }

    /// An issue at a known position.
    pub fn at(code: Code, file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        let mut issue = Issue::file(code, file, message);
        issue.line = Some(pos.line);
        issue.column = Some(pos.column);
        issue
    }

    /// An issue at a value inside a record; its position is found later by
    /// [`crate::locate`], only for records that have issues.
    pub fn in_record(
        code: Code,
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let mut issue = Issue::file(code, file, message);
        issue.pointer = Some(pointer.into());
        issue
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Ties the issue to the record it is in.
    pub fn in_record_at(mut self, origin: Origin) -> Self {
        self.record = Some(origin);
        self
    }

    pub fn on_key(mut self) -> Self {
        self.anchor = Anchor::Key;
        self
    }

    /// Whether the issue means docket could not do its job (exit 2) rather
    /// than that the data is invalid (exit 1).
    pub fn is_operational(&self) -> bool {
        self.code.is_operational()
    }

    /// The deterministic report order: file, position, code, pointer, message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.file,
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            &self.code,
            &self.pointer,
            &self.message,
        )
    }
}

/// Escapes one RFC 6901 reference token.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Splits an RFC 6901 pointer into unescaped tokens.
pub(crate) fn pointer_tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Longest piece of the data quoted in a message, in characters.
const QUOTED: usize = 80;

/// A value quoted in a message, cut to a readable length: a 100,000-character
/// key is reported, not reprinted.
pub(crate) fn clip(text: &str) -> String {
    if text.chars().count() <= QUOTED {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(QUOTED - 1).collect();
    out.push('…');
    out
}
