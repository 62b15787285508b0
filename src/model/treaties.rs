//! Treaties and other instruments: conventions, covenants, protocols,
//! declarations and national laws that the sources cite.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Id, Provenance, TreatyId};

/// An instrument cited by a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Treaty",
    extend("dependentRequired" = {"adopted": ["reference"], "entry_into_force": ["reference"]})
)]
pub struct Treaty {
    /// The instrument's id; equals the record's file name.
    pub id: Id,
    /// The instrument's official name in English.
    #[schemars(length(min = 1, max = 400))]
    pub name: String,
    /// The usual abbreviation (`ICCPR`, `CERD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 40))]
    pub abbreviation: Option<String>,
    /// What kind of instrument it is.
    pub kind: TreatyKind,
    /// The instrument this one belongs to (an optional protocol's treaty). Parents never form a loop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-acyclic" = true))]
    pub parent: Option<TreatyId>,
    /// Every wording the sources use for the instrument, verbatim, including vague ones ("the ICJ Order", "its two Protocols").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true, "items" = {"type": "string", "minLength": 1, "maxLength": 400, "x-verbatim": true}))]
    pub cited_as: Vec<String>,
    /// Where the instrument is registered, for checking it and its dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<TreatyReference>,
    /// Date of adoption or signature; only with a `reference` to check it against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-not-future" = true))]
    pub adopted: Option<NaiveDate>,
    /// Date of entry into force; only with a `reference` to check it against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-not-future" = true))]
    pub entry_into_force: Option<NaiveDate>,
    /// Where the instrument is cited in the sources; one entry per source that cites it.
    #[schemars(length(min = 1))]
    pub provenance: Vec<Provenance>,
}

/// Kinds of instrument.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TreatyKind {
    /// A convention, covenant, charter or other treaty between States.
    Treaty,
    /// An optional protocol to a treaty, open to its parties.
    OptionalProtocol,
    /// A protocol to a treaty (other than an optional protocol).
    Protocol,
    /// A declaration: not binding as a treaty.
    Declaration,
    /// A national law or code of one State.
    NationalLaw,
}

/// A registry entry where an instrument can be checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreatyReference {
    /// The registry.
    pub registry: TreatyRegistry,
    /// The instrument's reference in that registry (`IV-4` in the UN Treaty Collection, `005` in the CETS).
    #[schemars(length(min = 1, max = 40))]
    pub number: String,
}

/// Registries of instruments.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TreatyRegistry {
    /// The UN Treaty Collection, by chapter and number (`IV-4`).
    UnTreatyCollection,
    /// The Council of Europe Treaty Series (`005`).
    CouncilOfEuropeTreatySeries,
    /// UNESCO's list of conventions and declarations.
    Unesco,
}
