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
    // The history is that of the newest release known, which is not the
    // one compared with when `--previous` names an older one: every
    // release stays listed.
    if let Some(newest) = super::version::newest(plan.known.iter().cloned()) {
        if let Ok(text) = fs::read_to_string(newest.dir.join("CHANGELOG.md")) {
            let history = text.strip_prefix("# Changelog\n\n").unwrap_or(&text);
            for line in history.split_inclusive('\n') {
                out.push_str(&dated(line, &plan.known));
            }
        }
    }
    out
}

/// A history heading (`## 1.0.0`) with its release's date when it has
/// none (changelogs of early releases did not write it), from that
/// release's `datapackage.json`; any other line as it is.
fn dated(line: &str, known: &[super::version::Release]) -> String {
    let Some(version) = line.strip_prefix("## ").map(str::trim_end) else {
        return line.to_owned();
    };
    let day = known
        .iter()
        .find(|r| r.version.to_string() == version)
        .and_then(|r| fs::read_to_string(r.dir.join("datapackage.json")).ok())
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|package| Some(package.get("created")?.as_str()?.get(..10)?.to_owned()));
    match day {
        Some(day) if !version.contains(' ') => format!("## {version} ({day})\n"),
        _ => line.to_owned(),
    }
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
