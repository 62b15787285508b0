//! docket: validate curated open-data records against JSON Schemas and publish
//! them as versioned datasets.
//!
//! Data flows one way: [`load`] reads records, [`check`] finds the problems
//! with them, [`report`] renders what was found.

pub mod check;
pub mod cli;
pub mod cmd;
pub mod compare;
pub mod error;
pub mod export;
pub mod generate;
pub mod issue;
pub mod load;
pub mod metadata;
pub mod model;
pub mod paths;
pub mod progress;
pub mod release;
pub mod report;
pub mod schema;
pub mod staged;
pub mod stats;

pub use error::{Error, Result};
