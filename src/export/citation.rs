//! How to cite a release: the sentence the card and Croissant quote, and
//! the release's `CITATION.cff`.

use std::fmt::Write as _;

use super::context::Context;
use super::stamp::Stamp;
use crate::metadata::Metadata;

pub(super) const PATH: &str = "CITATION.cff";

/// How the release is cited in prose: "Authors (year). *Title*, version v."
pub(super) fn text(metadata: &Metadata, stamp: &Stamp) -> String {
    let authors: Vec<&str> = metadata.authors.iter().map(|a| a.name.as_str()).collect();
    let year = stamp
        .created
        .as_deref()
        .map(|c| format!(" ({})", &c[..4]))
        .unwrap_or_default();
    let version = stamp
        .version
        .as_deref()
        .map(|v| format!(", version {v}"))
        .unwrap_or_default();
    let who = if authors.is_empty() {
        String::new()
    } else {
        format!("{}{year}. ", authors.join(", "))
    };
    format!("{who}*{}*{version}.", metadata.title)
}

/// `CITATION.cff` (Citation File Format 1.2.0). Strings are written as JSON
/// strings, which YAML reads unchanged.
pub(super) fn file(cx: &Context) -> String {
    let Context {
        metadata, stamp, ..
    } = *cx;
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(out, "cff-version: 1.2.0");
    let _ = writeln!(
        out,
        "message: \"If you use this dataset, please cite it as below.\""
    );
    let _ = writeln!(out, "type: dataset");
    let _ = writeln!(out, "title: {}", q(&metadata.title));
    if let Some(version) = &stamp.version {
        let _ = writeln!(out, "version: {}", q(version));
    }
    if let Some(created) = &stamp.created {
        let _ = writeln!(out, "date-released: {}", q(&created[..10]));
    }
    let _ = writeln!(out, "authors:");
    if metadata.authors.is_empty() {
        let _ = writeln!(out, "  - name: {}", q(&metadata.name));
    }
    for author in &metadata.authors {
        let _ = writeln!(out, "  - name: {}", q(&author.name));
    }
    if let Some(license) = metadata.licenses.first() {
        let _ = writeln!(out, "license: {}", q(&license.name));
    }
    if let Some(homepage) = &metadata.homepage {
        let _ = writeln!(out, "url: {}", q(homepage));
    }
    let summary = metadata
        .description
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .replace('\n', " ");
    if !summary.is_empty() {
        let _ = writeln!(out, "abstract: {}", q(summary.trim()));
    }
    if !metadata.keywords.is_empty() {
        let _ = writeln!(out, "keywords:");
        for keyword in &metadata.keywords {
            let _ = writeln!(out, "  - {}", q(keyword));
        }
    }
    out
}
