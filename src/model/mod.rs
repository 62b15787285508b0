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
pub(crate) mod schema;
mod treaties;

// The four record types the schemas are generated from; the types inside
// them are reached through these.
pub use documents::Document;
pub use organizations::Organization;
pub use recommendations::Recommendation;
pub use treaties::Treaty;

/// The collections of the bundled dataset, in the order they are generated.
pub(crate) const COLLECTIONS: [&str; 4] =
    ["documents", "recommendations", "organizations", "treaties"];
