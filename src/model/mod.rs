//! The bundled dataset's record types: one module per collection, plus the
//! pieces they share (ids, provenance, citations).
//!
//! These types are the source of truth for `schemas/*.schema.json`: the
//! published schemas are generated from them (see [`schema`]). Everything that
//! runs on a dataset (validation, cross-record checks) reads those schema files
//! rather than these types, so the same binary serves datasets with
//! hand-written schemas.

mod common;
mod documents;
mod organizations;
mod recommendations;
pub mod schema;
mod treaties;

pub use common::{
    Citation, CitedAs, DocumentId, DocumentProvenance, Id, OrganizationId, Provenance, TreatyId,
};
pub use documents::{
    CopyRecipient, Coverage, Document, DocumentKind, Person, Relation, RelationKind, Session,
};
pub use organizations::{Classification, Identifier, IdentifierScheme, Organization};
pub use recommendations::{Recommendation, RecommendationKind, ReportedAs};
pub use treaties::{Treaty, TreatyKind, TreatyReference, TreatyRegistry};

/// The collections of the bundled dataset, in the order they are generated.
pub const COLLECTIONS: [&str; 4] = ["documents", "recommendations", "organizations", "treaties"];
