//! A Markdown summary of the validation report, for a CI job summary or a
//! merge-request comment: the counts by code always, and every problem
//! (place, code, message, how to fix it) when there are more than GitHub
//! shows as annotations, since past that they are only in the log.

use std::io::{self, Write};

use crate::check::Report;

/// Error annotations GitHub shows for one step.
const ANNOTATIONS_PER_STEP: usize = 10;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    summary(report, out)?;
    if report.provenance == crate::check::ProvenanceCheck::Unchecked {
        writeln!(out, "\nNote: {}.", super::PROVENANCE_UNCHECKED)?;
    }
    Ok(())
}

fn summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.issues.is_empty() {
        return writeln!(
            out,
            "### docket validate: {} records in {} collections are valid",
            report.records, report.collections
        );
    }
    let total = report.issues.len();
    writeln!(
        out,
        "### docket validate: {total} problem{} in {} of {} files\n",
        if total == 1 { "" } else { "s" },
        report.files_with_issues(),
        report.files
    )?;
    writeln!(out, "| code | problems |\n|---|---:|")?;
    for (code, count) in report.counts_by_code() {
        writeln!(out, "| `{}` | {count} |", cell(&code.to_string()))?;
    }
    if total <= ANNOTATIONS_PER_STEP {
        return Ok(());
    }
    writeln!(
        out,
        "\nGitHub shows {ANNOTATIONS_PER_STEP} of these as annotations; every problem is listed here.\n"
    )?;
    writeln!(
        out,
        "| where | code | problem | how to fix it |\n|---|---|---|---|"
    )?;
    for issue in report.shown() {
        let mut place = issue.file.clone();
        if let Some(line) = issue.line {
            place.push_str(&format!(":{line}"));
            if let Some(column) = issue.column {
                place.push_str(&format!(":{column}"));
            }
        }
        writeln!(
            out,
            "| `{}` | `{}` | {} | {} |",
            cell(&place),
            cell(&issue.code.to_string()),
            cell(&issue.message),
            cell(issue.help.as_deref().unwrap_or_default())
        )?;
    }
    let omitted = report.omitted();
    if omitted > 0 {
        writeln!(out, "\n… and {omitted} more not listed (`--max-errors`).")?;
    }
    Ok(())
}

/// A table cell: backslashes and pipes escaped, line breaks as `<br>`.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\r', "")
        .replace('\n', "<br>")
}
