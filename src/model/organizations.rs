//! Organisations: NGOs, coalitions, States, government bodies, UN bodies and
//! mechanisms, and courts named by the sources, with every spelling they use.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Id, OrganizationId, Provenance};

/// An organisation, body or State named by a source (after Popolo's `Organization`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Organization")]
pub struct Organization {
    /// The organisation's id; equals the record's file name.
    pub id: Id,
    /// One neutral canonical name, chosen by the curator (usually the organisation's own name in English).
    #[schemars(length(min = 1, max = 300))]
    pub name: String,
    /// Every other spelling the sources use for the organisation, verbatim (typos and odd spacing included).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true, "items" = {"type": "string", "minLength": 1, "maxLength": 300, "x-verbatim": true}))]
    pub aliases: Vec<String>,
    /// The organisation's abbreviation, as the sources print it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 40))]
    pub abbreviation: Option<String>,
    /// What kind of organisation it is, as far as the sources or well-known public facts about a State or an intergovernmental body say; `unspecified` when the sources do not characterise it.
    pub classification: Classification,
    /// How the sources describe the organisation, verbatim ("an organization dealing with …"); who says it is in `provenance`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true, "items" = {"type": "string", "minLength": 1, "maxLength": 500, "x-verbatim": true}))]
    pub described_as: Vec<String>,
    /// The organisation it is part of (a department's ministry, a mechanism's UN body). Parents never form a loop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-acyclic" = true))]
    pub parent: Option<OrganizationId>,
    /// Identifiers in public schemes (an ISO 3166-1 code for a State).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// Where the organisation is named in the sources; one entry per source that names it.
    #[schemars(length(min = 1))]
    pub provenance: Vec<Provenance>,
}

/// Kinds of organisation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Classification {
    /// A non-governmental or civil society organisation, foundation or association.
    CivilSocietyOrganization,
    /// A group of organisations acting together under a shared name.
    Coalition,
    /// A State, as a party to treaties and addressee of recommendations.
    State,
    /// A government, ministry, agency, service, armed force or other body of a State.
    GovernmentBody,
    /// A principal organ, office or subsidiary body of the United Nations (including its Secretary-General and High Commissioner).
    UnBody,
    /// A UN human-rights mechanism: a treaty body, special procedure or review mechanism.
    UnMechanism,
    /// A court or tribunal.
    Court,
    /// An intergovernmental organisation other than the UN, or its body.
    IntergovernmentalOrganization,
    /// An organisation the sources name without saying what kind it is; its own or others' words for it are in `described_as`.
    Unspecified,
}

/// An identifier of an organisation in a public scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Identifier {
    /// The scheme the identifier belongs to.
    pub scheme: IdentifierScheme,
    /// The identifier within the scheme.
    #[schemars(length(min = 1, max = 100))]
    pub identifier: String,
}

/// Identifier schemes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum IdentifierScheme {
    /// ISO 3166-1 alpha-2 country code, for States.
    #[serde(rename = "iso-3166-1-alpha-2")]
    Iso3166Alpha2,
    /// Wikidata item id (`Q…`).
    #[serde(rename = "wikidata")]
    Wikidata,
}
