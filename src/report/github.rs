//! GitHub Actions workflow commands: one `::error` annotation per problem,
//! which GitHub shows on the pull request's changed lines.

use std::io::{self, Write};

use crate::check::{ProvenanceCheck, Report};

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for issue in report.shown() {
        let mut properties = format!("file={}", escape_property(&issue.file));
        if let Some(line) = issue.line {
            properties.push_str(&format!(",line={line}"));
        }
        if let Some(column) = issue.column {
            properties.push_str(&format!(",col={column}"));
        }
        properties.push_str(&format!(
            ",title={}",
            escape_property(&issue.code.to_string())
        ));
        let mut message = issue.message.clone();
        if let Some(pointer) = issue.pointer.as_deref().filter(|p| !p.is_empty()) {
            message.push_str(&format!(" (at {pointer})"));
        }
        if let Some(help) = &issue.help {
            message.push_str(&format!("\n{help}"));
        }
        writeln!(out, "::error {properties}::{}", escape_data(&message))?;
    }
    if report.provenance == ProvenanceCheck::Unchecked {
        writeln!(
            out,
            "::notice title=provenance not checked::{}",
            escape_data(super::PROVENANCE_UNCHECKED)
        )?;
    }
    Ok(())
}

/// Workflow-command data: `%`, CR and LF are escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values also escape `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
