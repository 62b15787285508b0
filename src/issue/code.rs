//! Error codes as values: a family (`parse`, `schema`, `ref`, …) and a
//! detail, whose `Display` is the stable string reports print
//! (`schema.required`, `ref.unknown-organization`).
//!
//! Every printer, the SARIF rule list and the exit code read the typed
//! value; nothing parses a code string back. [`CATALOGUE`] is the table of
//! codes the README shows, and a test keeps the two equal.

use std::fmt;

use serde::{Serialize, Serializer};

/// One error code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Code {
    Parse(Parse),
    Layout(Layout),
    Io(Io),
    Schema(Keyword),
    Id(Id),
    /// A reference names no record; the name is the referenced record's
    /// kind in the singular (`organization`), from its schema's `title`.
    UnknownRecord(String),
    /// `x-acyclic` references loop back.
    Cycle,
    /// An `x-unique-with` key is used twice.
    UniqueDuplicate,
    /// An `x-not-future` date is after today.
    DateFuture,
    Provenance(Provenance),
}

/// Why a file's content is not a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parse {
    Syntax,
    Encoding,
    DuplicateKey,
    Empty,
    NotARecord,
    Limit,
}

/// A file that is not where a record of its collection belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    UnknownCollection,
    UnexpectedFile,
    WrongCollection,
}

/// A path docket cannot read as a record file (exit 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Io {
    NotAFile,
    OutsideRoot,
    Unreadable,
}

/// A record's id against its file name and the other records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Id {
    FileName,
    Duplicate,
    Missing,
}

/// A quoted text or hash against the source texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provenance {
    QuoteNotFound,
    HashMismatch,
    SourceMissing,
}

/// The JSON Schema keyword a record breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    AdditionalItems,
    AdditionalProperties,
    AnyOf,
    Const,
    Contains,
    ContentEncoding,
    ContentMediaType,
    DependentRequired,
    Enum,
    ExclusiveMaximum,
    ExclusiveMinimum,
    FalseSchema,
    Format,
    MaxItems,
    Maximum,
    MaxLength,
    MaxProperties,
    MinItems,
    Minimum,
    MinLength,
    MinProperties,
    MultipleOf,
    Not,
    OneOf,
    Pattern,
    PropertyNames,
    Ref,
    Required,
    Type,
    UnevaluatedItems,
    UnevaluatedProperties,
    UniqueItems,
}

impl Keyword {
    /// The keyword as a code detail: `additionalProperties` → `additional-properties`.
    pub fn as_str(self) -> &'static str {
        use Keyword::*;
        match self {
            AdditionalItems => "additional-items",
            AdditionalProperties => "additional-properties",
            AnyOf => "any-of",
            Const => "const",
            Contains => "contains",
            ContentEncoding => "content-encoding",
            ContentMediaType => "content-media-type",
            DependentRequired => "dependent-required",
            Enum => "enum",
            ExclusiveMaximum => "exclusive-maximum",
            ExclusiveMinimum => "exclusive-minimum",
            FalseSchema => "false-schema",
            Format => "format",
            MaxItems => "max-items",
            Maximum => "maximum",
            MaxLength => "max-length",
            MaxProperties => "max-properties",
            MinItems => "min-items",
            Minimum => "minimum",
            MinLength => "min-length",
            MinProperties => "min-properties",
            MultipleOf => "multiple-of",
            Not => "not",
            OneOf => "one-of",
            Pattern => "pattern",
            PropertyNames => "property-names",
            Ref => "ref",
            Required => "required",
            Type => "type",
            UnevaluatedItems => "unevaluated-items",
            UnevaluatedProperties => "unevaluated-properties",
            UniqueItems => "unique-items",
        }
    }

    /// The keyword a validation error is about.
    pub fn of(kind: &jsonschema::error::ValidationErrorKind) -> Keyword {
        use jsonschema::error::ValidationErrorKind as K;
        match kind {
            K::AdditionalItems { .. } => Keyword::AdditionalItems,
            K::AdditionalProperties { .. } => Keyword::AdditionalProperties,
            K::AnyOf { .. } => Keyword::AnyOf,
            K::BacktrackLimitExceeded { .. } | K::RegexEngineFailure { .. } | K::Pattern { .. } => {
                Keyword::Pattern
            }
            K::Constant { .. } => Keyword::Const,
            K::Contains => Keyword::Contains,
            K::ContentEncoding { .. } | K::FromUtf8 { .. } => Keyword::ContentEncoding,
            K::ContentMediaType { .. } => Keyword::ContentMediaType,
            // docket registers no custom keyword; one would be a schema rule all the same.
            K::Custom { .. } | K::FalseSchema => Keyword::FalseSchema,
            K::Enum { .. } => Keyword::Enum,
            K::ExclusiveMaximum { .. } => Keyword::ExclusiveMaximum,
            K::ExclusiveMinimum { .. } => Keyword::ExclusiveMinimum,
            K::Format { .. } => Keyword::Format,
            K::MaxItems { .. } => Keyword::MaxItems,
            K::Maximum { .. } => Keyword::Maximum,
            K::MaxLength { .. } => Keyword::MaxLength,
            K::MaxProperties { .. } => Keyword::MaxProperties,
            K::MinItems { .. } => Keyword::MinItems,
            K::Minimum { .. } => Keyword::Minimum,
            K::MinLength { .. } => Keyword::MinLength,
            K::MinProperties { .. } => Keyword::MinProperties,
            K::MultipleOf { .. } => Keyword::MultipleOf,
            K::Not { .. } => Keyword::Not,
            K::OneOfMultipleValid { .. } | K::OneOfNotValid { .. } => Keyword::OneOf,
            K::PropertyNames { .. } => Keyword::PropertyNames,
            K::Required { .. } => Keyword::Required,
            K::Type { .. } => Keyword::Type,
            K::UnevaluatedItems { .. } => Keyword::UnevaluatedItems,
            K::UnevaluatedProperties { .. } => Keyword::UnevaluatedProperties,
            K::UniqueItems => Keyword::UniqueItems,
            K::Referencing(_) => Keyword::Ref,
        }
    }
}

impl Code {
    /// The family: the part before the dot.
    pub fn family(&self) -> &'static str {
        match self {
            Code::Parse(_) => "parse",
            Code::Layout(_) => "layout",
            Code::Io(_) => "io",
            Code::Schema(_) => "schema",
            Code::Id(_) => "id",
            Code::UnknownRecord(_) | Code::Cycle => "ref",
            Code::UniqueDuplicate => "unique",
            Code::DateFuture => "date",
            Code::Provenance(_) => "provenance",
        }
    }

    /// Whether the code means docket could not do its job (exit 2) rather
    /// than that the data is invalid (exit 1).
    pub fn is_operational(&self) -> bool {
        matches!(self, Code::Io(_))
    }

    /// The exit code a report holding only this code ends with.
    pub fn exit(&self) -> u8 {
        if self.is_operational() {
            2
        } else {
            1
        }
    }

    /// One line saying what the code's family checks (SARIF rule descriptions).
    pub fn family_description(&self) -> &'static str {
        match self {
            Code::Parse(_) => "The record file cannot be read as one record",
            Code::Layout(_) => "The file is not where a record of its collection belongs",
            Code::Io(_) => "The path cannot be read as a record file",
            Code::Schema(_) => "The record breaks its collection's JSON Schema",
            Code::Id(_) => "The record's id is not unique or not its file name",
            Code::UnknownRecord(_) | Code::Cycle => {
                "A reference does not resolve, or references form a loop"
            }
            Code::UniqueDuplicate => "A key declared unique is used twice",
            Code::DateFuture => "A date is in the future",
            Code::Provenance(_) => "A quoted text or hash does not match its source",
        }
    }

    /// The detail in two parts (the second is empty but for an unknown
    /// record's name), so codes compare without being formatted.
    fn detail(&self) -> (&str, &str) {
        let fixed = match self {
            Code::Parse(Parse::Syntax) => "syntax",
            Code::Parse(Parse::Encoding) => "encoding",
            Code::Parse(Parse::DuplicateKey) => "duplicate-key",
            Code::Parse(Parse::Empty) => "empty",
            Code::Parse(Parse::NotARecord) => "not-a-record",
            Code::Parse(Parse::Limit) => "limit",
            Code::Layout(Layout::UnknownCollection) => "unknown-collection",
            Code::Layout(Layout::UnexpectedFile) => "unexpected-file",
            Code::Layout(Layout::WrongCollection) => "wrong-collection",
            Code::Io(Io::NotAFile) => "not-a-file",
            Code::Io(Io::OutsideRoot) => "outside-root",
            Code::Io(Io::Unreadable) => "unreadable",
            Code::Schema(keyword) => keyword.as_str(),
            Code::Id(Id::FileName) => "file-name",
            Code::Id(Id::Duplicate) => "duplicate",
            Code::Id(Id::Missing) => "missing",
            Code::UnknownRecord(record) => return ("unknown-", record),
            Code::Cycle => "cycle",
            Code::UniqueDuplicate => "duplicate",
            Code::DateFuture => "future",
            Code::Provenance(Provenance::QuoteNotFound) => "quote-not-found",
            Code::Provenance(Provenance::HashMismatch) => "hash-mismatch",
            Code::Provenance(Provenance::SourceMissing) => "source-missing",
        };
        (fixed, "")
    }

    /// The code's characters, as `Display` writes them.
    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let (detail, name) = self.detail();
        self.family()
            .chars()
            .chain(std::iter::once('.'))
            .chain(detail.chars())
            .chain(name.chars())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (detail, name) = self.detail();
        write!(f, "{}.{detail}{name}", self.family())
    }
}

/// Codes sort as their strings do, so reports keep their order.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.chars().cmp(other.chars())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A row of the README's table of codes: the code as written there (a
/// pattern such as `schema.<keyword>` for an open family), what it means,
/// and its exit code.
pub struct Entry {
    pub code: &'static str,
    pub meaning: &'static str,
    /// One value of the row, to check that `code` is how it prints.
    pub example: fn() -> Code,
}

const fn entry(code: &'static str, meaning: &'static str, example: fn() -> Code) -> Entry {
    Entry {
        code,
        meaning,
        example,
    }
}

/// Every code docket reports, as the README documents them.
pub const CATALOGUE: &[Entry] = &[
    entry(
        "parse.syntax",
        "the file is not well-formed YAML or JSON",
        || Code::Parse(Parse::Syntax),
    ),
    entry(
        "parse.encoding",
        "not UTF-8, UTF-16, a byte-order mark, or a NUL byte",
        || Code::Parse(Parse::Encoding),
    ),
    entry(
        "parse.duplicate-key",
        "a key appears twice in one mapping",
        || Code::Parse(Parse::DuplicateKey),
    ),
    entry(
        "parse.empty",
        "the file holds no record",
        || Code::Parse(Parse::Empty),
    ),
    entry(
        "parse.not-a-record",
        "the file holds a list or a single value, not a mapping",
        || Code::Parse(Parse::NotARecord),
    ),
    entry(
        "parse.limit",
        "over a size, depth or alias-expansion limit",
        || Code::Parse(Parse::Limit),
    ),
    entry(
        "layout.unknown-collection",
        "a folder under `datasets/` has no schema",
        || Code::Layout(Layout::UnknownCollection),
    ),
    entry(
        "layout.unexpected-file",
        "a file in a collection folder is not `.yaml`, `.yml`, `.json` or `.jsonl`, a folder inside a collection, or a record file directly in `datasets/`",
        || Code::Layout(Layout::UnexpectedFile),
    ),
    entry(
        "layout.wrong-collection",
        "the record fails its own schema's structure (a required field, a type, an unknown field) and fits exactly one other collection's schema: it may be in the wrong folder (reported beside its own errors)",
        || Code::Layout(Layout::WrongCollection),
    ),
    entry(
        "io.not-a-file",
        "a directory or special file where a record file (or a source text) belongs",
        || Code::Io(Io::NotAFile),
    ),
    entry(
        "io.outside-root",
        "a link that leads outside the dataset root",
        || Code::Io(Io::OutsideRoot),
    ),
    entry(
        "io.unreadable",
        "the file cannot be read",
        || Code::Io(Io::Unreadable),
    ),
    entry(
        "schema.<keyword>",
        "the record breaks a schema keyword: `schema.required`, `schema.type`, `schema.enum`, `schema.pattern`, `schema.format`, `schema.additional-properties`, `schema.any-of`, `schema.one-of`, `schema.contains`, `schema.dependent-required`, `schema.min-length`, `schema.minimum`, `schema.unique-items`, `schema.min-items`, …",
        || Code::Schema(Keyword::Required),
    ),
    entry(
        "id.file-name",
        "the id differs from the file name",
        || Code::Id(Id::FileName),
    ),
    entry(
        "id.duplicate",
        "two records of a collection share an id (reported on the later file, naming the first)",
        || Code::Id(Id::Duplicate),
    ),
    entry(
        "id.missing",
        "a record lacks its collection's key (`x-key`, or an `id` its schema declares but does not require)",
        || Code::Id(Id::Missing),
    ),
    entry(
        "ref.unknown-<record>",
        "a reference names no existing record (`ref.unknown-organization`, `ref.unknown-document`, `ref.unknown-treaty`, …; the referenced schema's `title` in lower case)",
        || Code::UnknownRecord("organization".into()),
    ),
    entry(
        "unique.duplicate",
        "an `x-unique-with` key is used twice",
        || Code::UniqueDuplicate,
    ),
    entry(
        "ref.cycle",
        "`x-acyclic` references loop back (a record its own parent or annex, however indirectly)",
        || Code::Cycle,
    ),
    entry(
        "date.future",
        "an `x-not-future` date is after today",
        || Code::DateFuture,
    ),
    entry(
        "provenance.quote-not-found",
        "an `x-verbatim` text does not occur in its source",
        || Code::Provenance(Provenance::QuoteNotFound),
    ),
    entry(
        "provenance.hash-mismatch",
        "a recorded SHA-256 differs from the source file's",
        || Code::Provenance(Provenance::HashMismatch),
    ),
    entry(
        "provenance.source-missing",
        "the named source file is not in `--sources DIR`",
        || Code::Provenance(Provenance::SourceMissing),
    ),
];
