//! What a dataset's record files are: their format, where each is, the
//! dataset that lists them, and why a record could not be read.

use std::path::{Path, PathBuf};

use crate::issue::code::{Code, Io, Parse};
use crate::issue::Pos;
use crate::issue::{Issue, Origin};
use crate::load::syntax::ParseError;

/// How a record file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One YAML record per file.
    Yaml,
    /// One JSON record per file.
    Json,
    /// One JSON record per line: the bulk form of a collection.
    Jsonl,
}

impl Format {
    pub(super) fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// A file under `datasets/<collection>/` that holds records.
#[derive(Debug, Clone)]
pub struct RecordFile {
    pub path: PathBuf,
    /// The path as reports print it.
    pub display: String,
    pub collection: String,
    /// The file name without its extension: what a one-record file's id must equal.
    pub stem: String,
    pub format: Format,
}

/// Why a record could not be read.
#[derive(Debug, Clone)]
pub enum Failure {
    /// The path cannot be read as a record file: the code (`io.…`,
    /// `parse.limit`) and a sentence.
    File { code: Code, message: String },
    /// The content is not a record.
    Parse(ParseError),
}

impl Failure {
    /// The failure as an issue about `file` (at `line` for a JSONL record).
    pub fn into_issue(self, file: &RecordFile, origin: Origin) -> Issue {
        match self {
            Failure::File { code, message } => {
                let help = fix(&code, file.format);
                let mut issue = Issue::file(code, &file.display, message).with_help(help);
                if file.format == Format::Jsonl && origin.line > 0 {
                    issue.line = Some(origin.line);
                }
                issue
            }
            Failure::Parse(e) => {
                let pos = Pos {
                    line: origin.line.max(1) + e.pos.line - 1,
                    column: e.pos.column,
                };
                let code = Code::Parse(e.kind);
                let help = e.help.unwrap_or_else(|| fix(&code, file.format).to_owned());
                Issue::at(code, &file.display, pos, e.message)
                    .with_help(help)
                    .in_record_at(origin)
            }
        }
    }
}

/// How to fix a file that cannot be read as a record, by its code.
fn fix(code: &Code, format: Format) -> &'static str {
    match (code, format) {
        (Code::Parse(Parse::Syntax), Format::Yaml) => {
            "check the indentation and quoting on this line and the one before; a value holding `: ` or ` #` must be in quotes"
        }
        (Code::Parse(Parse::Syntax), _) => {
            "check for a missing or extra comma, quote or bracket here; JSON allows no comments and no trailing commas"
        }
        (Code::Parse(Parse::Encoding), _) => {
            "save the file as UTF-8 without a byte-order mark (most editors offer the encoding when saving)"
        }
        (Code::Parse(Parse::DuplicateKey), _) => "keep one of the two entries and delete the other",
        (Code::Parse(Parse::Empty), _) => {
            "write the record's fields, or delete the file (`docket new <collection> <id>` writes a template)"
        }
        (Code::Parse(Parse::NotARecord), _) => {
            "write the record as `field: value` entries at the top level of the file, not as a list or a single value"
        }
        (Code::Parse(Parse::Limit), _) => {
            "split the data into smaller records, or raise the limit (--max-record-bytes, --max-depth, --max-values) for a file you trust"
        }
        (Code::Io(Io::NotAFile), _) => {
            "replace it with a record file, or move it out of the collection folder"
        }
        (Code::Io(Io::OutsideRoot), _) => {
            "copy the file into the dataset instead of linking to it"
        }
        _ => "check that the file exists and can be read (a link must lead to an existing file)",
    }
}

/// The record files of a dataset root, and the problems with its layout.
#[derive(Debug, Default)]
pub struct Dataset {
    pub(super) root: PathBuf,
    pub files: Vec<RecordFile>,
    /// Files already found to be regular files inside the root, so reading
    /// a record again does not repeat the checks.
    pub(super) verified: Vec<std::sync::atomic::AtomicBool>,
    /// Whether each file's folder resolves to a place inside the root.
    pub(super) folder_inside: Vec<bool>,
    /// Layout problems found while listing (unknown folders, unexpected files).
    pub issues: Vec<Issue>,
}

impl Dataset {
    pub fn file(&self, origin: Origin) -> &RecordFile {
        &self.files[origin.file as usize]
    }
}

impl From<ParseError> for Failure {
    fn from(e: ParseError) -> Self {
        Failure::Parse(e)
    }
}
