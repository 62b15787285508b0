//! Renderings of a validation report, one module per format. The check
//! builds the report as plain data; a printer only formats it, and the
//! command line chooses the printer.

pub mod changes;
pub mod github;
pub mod human;
pub mod json;
pub mod published;
pub mod sarif;
pub mod stats;
