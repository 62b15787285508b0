//! docket: validate curated open-data records against JSON Schemas and publish
//! them as versioned datasets.

pub mod model;
