//! Recommendations: every numbered recommendation, demand, request or explicit
//! call inside a document, with whom it asks and whom it is about.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Citation, DocumentId, Id, OrganizationId, Provenance};

/// One recommendation, demand, request or call, as the document words it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Recommendation",
    extend("dependentRequired" = {"reported_in": ["reported_as"], "reported_as": ["reported_in"]})
)]
pub struct Recommendation {
    /// The recommendation's id: its document's id and its position, `<document-id>-r01`.
    pub id: Id,
    /// The document the recommendation appears in.
    pub document: DocumentId,
    /// Order of appearance in the document, from 1; unique within the document.
    #[schemars(range(min = 1), extend("x-unique-with" = ["document"]))]
    pub position: u32,
    /// The number or bullet label exactly as printed, where there is one (`"1"`, `"16"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 20))]
    pub number: Option<String>,
    /// What the text does, in the document's own framing.
    pub kind: RecommendationKind,
    /// The full text exactly as printed, typos included (whitespace runs normalised to one space). With `reported_in`, these are the reporting document's words, not necessarily the document's own.
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 10000))]
    pub text: String,
    /// The sentence that introduces the list the text is an item of, verbatim ("… and demand from Azerbaijan:"); the same on every item of that list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 2000))]
    pub lead_in: Option<String>,
    /// The document that reports this call, when the sources hold it only as another document's quotation or paraphrase (a court order's measure quoted in a statement). The record stays the call of `document`; `text` and `provenance` come from the reporting document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_in: Option<DocumentId>,
    /// How the reporting document renders the call: in quotation marks as the document's own words, or in its own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_as: Option<ReportedAs>,
    /// True when the call is in a document the source shows only in part (cut with "[…]"): the text may be only its opening, and the full document may say more.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[schemars(extend("default" = false))]
    pub truncated: bool,
    /// Organisations the text asks to act.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub addressees: Vec<OrganizationId>,
    /// The source's own words for whom it asks, where no organisation is named ("international partners").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true, "items" = {"type": "string", "minLength": 1, "maxLength": 300, "x-verbatim": true}))]
    pub addressee_terms: Vec<String>,
    /// Organisations the requested action is about or directed at (a demand made to partners about a State lists the State here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub concerns: Vec<OrganizationId>,
    /// Instruments the text cites, with articles as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// The rights or themes the text itself names, in its own words and verbatim ("the right to development, health, food, education", "prohibition of torture"). Never a vocabulary of the curators' and never inferred.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true, "items" = {"type": "string", "minLength": 1, "maxLength": 300, "x-verbatim": true}))]
    pub themes: Vec<String>,
    /// Documents the text cites (court orders, concluding observations, agreements).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub cited_documents: Vec<DocumentId>,
    /// Where the record comes from.
    pub provenance: Provenance,
}

/// What a recommendation does, as its document frames it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum RecommendationKind {
    /// Presented as a recommendation (for instance a numbered UPR-style recommendation).
    Recommendation,
    /// Presented as a demand.
    Demand,
    /// A request for action made to a body.
    Request,
    /// Any other explicit call or appeal to someone to act.
    Call,
    /// A measure or requirement a court or an authority imposes (a court order's provisional measure).
    Order,
}

/// How a reporting document renders another document's call.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ReportedAs {
    /// In quotation marks, as the reported document's own words.
    Quotation,
    /// In the reporting document's own words.
    Paraphrase,
}
