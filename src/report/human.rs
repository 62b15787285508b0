//! The human report: each problem as a rustc-style diagnostic with the
//! offending line underlined, then a summary counted by code.

use std::io::{self, Write};

use crate::check::{ProvenanceCheck, Report};
use crate::issue::Issue;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    summary(report, out)?;
    if report.provenance == ProvenanceCheck::Unchecked {
        writeln!(out, "note: {}", super::PROVENANCE_UNCHECKED)?;
    }
    Ok(())
}

fn summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for issue in report.shown() {
        render_issue(issue, out)?;
    }
    if report.issues.is_empty() {
        return writeln!(
            out,
            "ok: {} records in {} collections are valid",
            report.records, report.collections
        );
    }
    if report.omitted() > 0 {
        writeln!(
            out,
            "… {} more problems not shown (--max-errors)\n",
            report.omitted()
        )?;
    }
    let problems = report.issues.len();
    writeln!(
        out,
        "error: {problems} problem{} in {} of {} files",
        if problems == 1 { "" } else { "s" },
        report.files_with_issues(),
        report.files.max(report.files_with_issues()),
    )?;
    for (code, count) in report.counts_by_code() {
        writeln!(out, "  {count:>5}  {code}")?;
    }
    Ok(())
}

fn render_issue(issue: &Issue, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "error[{}]: {}", issue.code, issue.message)?;
    let place = match (issue.line, issue.column) {
        (Some(line), Some(column)) => format!("{}:{line}:{column}", issue.file),
        _ => issue.file.clone(),
    };
    let gutter = issue.line.map_or(1, |l| l.to_string().len());
    let pad = " ".repeat(gutter);
    writeln!(out, "{pad}--> {place}")?;
    if let (Some(excerpt), Some(line), Some(column)) = (&issue.excerpt, issue.line, issue.column) {
        let indent: String = excerpt
            .text
            .chars()
            .take(column.saturating_sub(excerpt.first_column) as usize)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        writeln!(out, "{pad} |")?;
        writeln!(out, "{line} | {}", excerpt.text)?;
        writeln!(
            out,
            "{pad} | {indent}{}",
            "^".repeat(excerpt.width as usize)
        )?;
    }
    if issue.pointer.is_some() || issue.help.is_some() {
        writeln!(out, "{pad} |")?;
    }
    if let Some(pointer) = &issue.pointer {
        let shown = if pointer.is_empty() {
            "(the whole record)"
        } else {
            pointer
        };
        writeln!(out, "{pad} = at: {shown}")?;
    }
    if let Some(help) = &issue.help {
        writeln!(out, "{pad} = help: {help}")?;
    }
    writeln!(out)
}
