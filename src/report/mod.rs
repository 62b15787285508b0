//! Renderings of a validation report, one module per format. The check
//! builds the report as plain data; a printer only formats it.

pub mod changes;
mod github;
mod human;
mod json;
pub mod published;
mod sarif;
pub mod stats;

use std::io::Write;

use crate::check::Report;

/// How `docket validate` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text with a snippet of each offending line (the default).
    Human,
    /// One JSON document: see the `report::json` module for its fields.
    Json,
    /// GitHub Actions workflow commands, one `::error` line per problem.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other dashboards.
    Sarif,
}

/// Writes the report in the chosen format.
pub fn render(report: &Report, format: Format, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Human => human::render(report, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Sarif => sarif::render(report, out),
    }
}
