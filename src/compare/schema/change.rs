//! A schema change as docket reports it: what changed, of which kind, and
//! its SchemaVer level.

use std::fmt;

use serde::Serialize;

/// What a change does to the published data, by SchemaVer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub(crate) enum Level {
    /// Compatible with every existing record and reader: at least a patch.
    Addition,
    /// May invalidate some existing records: at least a minor version.
    Revision,
    /// Breaks readers of the published files or every existing record: a major version.
    Model,
}

impl Level {
    /// The semantic-version part this level needs increased at least.
    pub(crate) fn part(self) -> &'static str {
        match self {
            Level::Addition => "patch",
            Level::Revision => "minor",
            Level::Model => "major",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Addition => "ADDITION",
            Level::Revision => "REVISION",
            Level::Model => "MODEL",
        })
    }
}

/// The kind of a schema change; its stable name is its JSON form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    CollectionAdded,
    CollectionRemoved,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldRetyped,
    EnumValueAdded,
    EnumValueRemoved,
    ConstraintTightened,
    ConstraintLoosened,
    ConstraintChanged,
    ReferenceChanged,
    KeyChanged,
    DefaultChanged,
    DescriptionChanged,
    RuleAdded,
    RuleRemoved,
    RuleChanged,
}

/// One difference between the old and the new schema of a collection.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct SchemaChange {
    pub collection: String,
    /// The field path (`provenance[].quote`); empty for the record as a whole.
    pub field: String,
    /// The schema keyword that changed (`maxLength`, `enum`, `properties`…).
    pub keyword: String,
    pub kind: Kind,
    /// What changed, in a phrase (`maxLength tightened from 40 to 6`).
    pub detail: String,
    pub level: Level,
}
