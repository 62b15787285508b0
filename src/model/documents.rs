//! Documents: statements, letters, appeals, UN documents and the documents
//! they cite. A document record says what a text is and who issued it, never
//! whether what it says is true.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{Citation, CitedAs, DocumentId, DocumentProvenance, Id, OrganizationId};

/// A document contained, listed or cited in the sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Document",
    extend(
        "anyOf" = [{"required": ["title"]}, {"required": ["supplied_title"]}],
        "dependentRequired" = {"date_end": ["date"]}
    )
)]
pub struct Document {
    /// The document's id; equals the record's file name.
    pub id: Id,
    /// The title exactly as the source prints it, typos included. Absent when the source gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 1000))]
    pub title: Option<String>,
    /// Curator-written descriptive title, only for a document the source leaves untitled. Not the document's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 300))]
    pub supplied_title: Option<String>,
    /// What kind of text the document is, as it presents itself.
    pub kind: DocumentKind,
    /// How much of the document's text the sources hold.
    pub coverage: Coverage,
    /// The date the document bears (the date of a letter, a statement or an order), when the source gives it; for a document of an event that spans several days (a two-day summit), the first day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-not-future" = true))]
    pub date: Option<NaiveDate>,
    /// The last day, when the source gives a range of days rather than one date (`25-26 October 2019`: `date` 2019-10-25, `date_end` 2019-10-26).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-not-future" = true))]
    pub date_end: Option<NaiveDate>,
    /// The date it was published or distributed, when the source gives one that differs from `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-not-future" = true))]
    pub published: Option<NaiveDate>,
    /// The date a page says it was last updated (`Updated: 16 April 2020`), as printed on it; not the date of what it reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-not-future" = true))]
    pub updated: Option<NaiveDate>,
    /// Organisations that issued, wrote or signed the document as organisations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub authors: Vec<OrganizationId>,
    /// People who signed the document, with each function they signed under. People are never records of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatories: Vec<Person>,
    /// People who delivered the document orally (a statement made on a State's behalf at a UN body), with each function as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<Person>,
    /// The organisation that published the text (for instance the website it appeared on), when the source names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<OrganizationId>,
    /// Organisations the document is addressed to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub addressees: Vec<OrganizationId>,
    /// The document's own words for whom it addresses, verbatim ("the international partners", "your esteemed office"), beside `addressees`; only where the sources hold the document's text and it has such words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true, "items" = {"type": "string", "minLength": 1, "maxLength": 300, "x-verbatim": true}))]
    pub addressee_terms: Vec<String>,
    /// Those the document says it is copied to, in its own words and order ("I send a copy of this letter to …").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copy_recipients: Vec<CopyRecipient>,
    /// UN document symbols exactly as printed, one per symbol (a document circulated to two organs has two). Never guessed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true, "items" = {"type": "string", "minLength": 1, "maxLength": 100}))]
    pub un_symbols: Vec<String>,
    /// UN sessions and agenda items the document is circulated under, as printed on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<Session>,
    /// Links to other documents (an annex to its letter, a statement to the report it is based on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Instruments the document cites, with articles as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// The words each source uses to cite this document, verbatim and checked against that source (mainly for cited-only documents): one entry per wording.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub cited_as: Vec<CitedAs>,
    /// Curator-written one-line description of what the document is and says, attributed ("The statement asks …"). Never a finding of fact; contested terms stay in quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 600))]
    pub summary: Option<String>,
    /// Where the document can be read online, when the source gives the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "uri"))]
    pub url: Option<String>,
    /// Where the record comes from: one entry per source that contains or cites the document.
    #[schemars(length(min = 1))]
    pub provenance: Vec<DocumentProvenance>,
}

/// Kinds of document. A closed list: a new kind is a schema change.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// A public statement or declaration by one or more organisations.
    Statement,
    /// A request or call for action addressed to a named body (an urgent appeal, a request to a UN mechanism).
    Appeal,
    /// A letter from one party to another.
    Letter,
    /// A set of recommendations published as a document of its own.
    Recommendations,
    /// A report (an alternative or shadow report, a national report, a working-group report).
    Report,
    /// An information or news page describing events.
    InformationPage,
    /// A page that lists other documents, each with its title and opening.
    Listing,
    /// An announcement by an authority.
    Announcement,
    /// An order, provisional measure or judgment of a court.
    CourtOrder,
    /// Concluding observations of a UN treaty body on a State's report.
    ConcludingObservations,
    /// A resolution of an intergovernmental body.
    Resolution,
    /// An agreement or joint statement between States.
    Agreement,
    /// A decree or order of a government authority.
    Decree,
    /// A programme or plan of a government authority, adopted by its own act (linked with `approved-by`).
    Programme,
    /// An outcome or final document of a meeting, review or summit.
    OutcomeDocument,
}

/// How much of a document's own text the sources hold.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// The sources hold the whole text.
    Full,
    /// The sources hold only the opening of the text, cut short (marked "[…]").
    Truncated,
    /// The sources only cite the document by name or date; its text is not in them.
    CitedOnly,
}

/// A typed link from this document to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// How this document relates to the target.
    pub kind: RelationKind,
    /// The related document. Relations never form a loop (a document is not an annex of itself, however indirectly).
    #[schemars(extend("x-acyclic" = true))]
    pub target: DocumentId,
}

/// Kinds of link between documents.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// This document is an annex of the target.
    AnnexOf,
    /// This document appears as an item of the target listing.
    ListedIn,
    /// This document says it is based on the target.
    BasedOn,
    /// This document replies to the target.
    RepliesTo,
    /// This document refers to the target by name or date.
    Cites,
    /// This document was approved by the target (a programme by a decree).
    ApprovedBy,
}

/// A person who signed or delivered a document. People are fields of the
/// document, never records of their own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The name as printed.
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 200))]
    pub name: String,
    /// Each title or function the person is given, as printed and in printed order (`Ambassador`, `Permanent Representative`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("items" = {"type": "string", "minLength": 1, "maxLength": 300, "x-verbatim": true}))]
    pub functions: Vec<String>,
    /// The organisation or State the person acted for, when the source says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<OrganizationId>,
}

/// One recipient of a copy of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyRecipient {
    /// The recipient's words in the document, verbatim ("Presidents of the UN General Assembly", "Security Council"); a word printed once for several recipients stays with the first.
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 300))]
    pub as_printed: String,
    /// The organisation the recipient holds office in or is, when there is a record for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationId>,
}

/// A UN organ's session under which a document is circulated, with the
/// agenda items, as printed on the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The organ.
    pub organ: OrganizationId,
    /// The session as printed (`Seventy-eighth session`, `Seventy-eighth year`).
    #[schemars(extend("x-verbatim" = true), length(min = 1, max = 100))]
    pub session: String,
    /// Agenda item numbers as printed, in printed order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true, "items" = {"type": "string", "minLength": 1, "maxLength": 20}))]
    pub agenda_items: Vec<String>,
}
