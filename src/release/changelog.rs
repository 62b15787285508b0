//! A release's `CHANGELOG.md` and `SHA256SUMS`.

use std::fmt::Write as _;
use std::fs;

use super::notes;
use super::plan::Plan;
use crate::compare::Changes;
use crate::export::{Collection, Stamp, WrittenFile};

/// `CHANGELOG.md`: this release's section (date, provenance, changes since
/// the previous release) on top of the previous release's changelog.
pub(crate) fn render(
    plan: &Plan,
    stamp: &Stamp,
    changes: Option<&Changes>,
    collections: &[Collection],
) -> String {
    let mut out = String::from("# Changelog\n\n");
    let day = &plan.date.created[..10];
    let _ = writeln!(out, "## {} ({day})\n", plan.version);
    match (&plan.previous, changes) {
        (Some(prior), Some(changes)) => {
            let _ = writeln!(out, "Changes since {}.\n", prior.version);
            out.push_str(&notes::markdown(changes));
        }
        _ => {
            let total: usize = collections.iter().map(|c| c.order.len()).sum();
            let _ = writeln!(out, "First release: {total} records.\n");
            for c in collections {
                let _ = writeln!(out, "- `{}`: {} records", c.table.collection, c.order.len());
            }
            out.push('\n');
        }
    }
    if stamp.provenance != crate::export::Provenance::NotDeclared {
        let _ = writeln!(out, "Provenance: {}\n", stamp.provenance.sentence());
    }
    if let Some(prior) = &plan.previous {
        if let Ok(text) = fs::read_to_string(prior.dir.join("CHANGELOG.md")) {
            let history = text.strip_prefix("# Changelog\n\n").unwrap_or(&text);
            out.push_str(history);
        }
    }
    out
}

/// `sha256sum -c` format: `<hex>  <path>`, sorted by path.
pub(crate) fn checksums(files: &[WrittenFile]) -> String {
    let mut sorted: Vec<&WrittenFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = String::new();
    for file in sorted {
        let _ = writeln!(out, "{}  {}", file.sha256, file.path);
    }
    out
}
