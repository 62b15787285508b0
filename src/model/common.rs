//! Shared field types: record ids, typed references between collections,
//! provenance, each source's wording of a cited document, and citations of
//! instruments.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// Slug rule for every id of the bundled dataset. It lives in the generated
/// schema (as `pattern` and `maxLength` of `$defs/Id`), never in the checker.
pub(crate) const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// Longest id the bundled dataset accepts.
pub(crate) const ID_MAX_LENGTH: u32 = 80;

/// A record id: a lower-case ASCII slug, stable once released.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A lower-case ASCII slug (letters, digits, single hyphens), at most 80 characters; stable once released.",
            "pattern": ID_PATTERN,
            "maxLength": ID_MAX_LENGTH,
        })
    }
}

/// Declares an id type that refers to a record of another collection. Its
/// schema is the `Id` definition plus `x-references`, the extension keyword
/// the cross-record checker reads.
macro_rules! reference_id {
    ($(#[$doc:meta])* $name:ident => $collection:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                let mut schema = generator.subschema_for::<Id>();
                schema.insert("x-references".into(), $collection.into());
                schema
            }
        }
    };
}

reference_id!(
    /// The id of a record in `documents`.
    DocumentId => "documents"
);
reference_id!(
    /// The id of a record in `organizations`.
    OrganizationId => "organizations"
);
reference_id!(
    /// The id of a record in `treaties`.
    TreatyId => "treaties"
);

/// Where a record comes from: a source file and a short verbatim quote from it
/// that shows what the record states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// File name of the source text the record was curated from (a name, not a path).
    #[schemars(extend("x-source-file" = true), regex(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$"), length(max = 255))]
    pub source: String,
    /// A short passage copied verbatim from the source (a sentence or a phrase) that shows what the record states. Whitespace runs may be normalised to one space; nothing else may change.
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 2000))]
    pub quote: String,
}

/// One source's provenance of a document: the source file, the file's SHA-256
/// and a quote. A document that several sources contain or cite has one entry
/// per source, so each source's own words for it can be checked against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentProvenance {
    /// File name of the source text that contains or cites the document (a name, not a path).
    #[schemars(extend("x-source-file" = true), regex(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$"), length(max = 255))]
    pub source: String,
    /// SHA-256 of the source file's bytes, in lower-case hex, so a changed source is noticed.
    #[schemars(extend("x-sha256-of" = "source"), regex(pattern = "^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// A short passage copied verbatim from the source that shows the document (for a cited-only document: the words that cite it).
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 2000))]
    pub quote: String,
}

/// A citation of an instrument, at article level where the source gives articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The cited instrument.
    pub instrument: TreatyId,
    /// Article numbers exactly as printed (`"26"`, `"16.3"`, `"23 (1)"`, `"5 (i)"`); empty when the source cites the instrument as a whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true, "items" = {"type": "string", "minLength": 1, "maxLength": 40}))]
    pub articles: Vec<String>,
    /// The words the source uses for the instrument, verbatim, where they differ from its name or are vague ("the 1954 Convention … and its two Protocols").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-verbatim" = true), length(min = 1))]
    pub cited_as: Option<String>,
}

/// One source's wording for a document it cites, checked against that source
/// (not against the document's other sources), so every source's own wording
/// of a document several sources cite is on record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CitedAs {
    /// File name of the source whose wording this is; one of the document's provenance sources.
    #[schemars(extend("x-source-file" = true), regex(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$"), length(max = 255))]
    pub source: String,
    /// The words that source uses for the document, verbatim.
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 1000))]
    pub text: String,
}
