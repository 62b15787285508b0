//! The schema.org `Dataset` a release is: name, description, version,
//! licence, creators, keywords, date and one `DataDownload` per format
//! written. Search engines (Google Dataset Search) read it from the site's
//! landing page; Croissant ([`super::croissant`]) is the same description
//! extended with files and record sets.

use serde_json::{json, Map, Value};

use super::output::WrittenFile;
use super::stamp::Stamp;
use crate::metadata::Metadata;

/// The formats a release can hold, by the folder (or file) they are
/// written to: name, media type and what the format is.
pub(crate) const FORMATS: &[(&str, &str, &str)] = &[
    (
        "json/",
        "application/json",
        "JSON: one array of records per collection",
    ),
    (
        "jsonl/",
        "application/jsonlines",
        "JSON Lines: one record per line",
    ),
    (
        "csv/",
        "text/csv",
        "CSV: one table per collection and link tables for lists",
    ),
    (
        "parquet/",
        "application/x-parquet",
        "Parquet: one typed file per collection",
    ),
    (
        "sqlite/dataset.sqlite",
        "application/vnd.sqlite3",
        "SQLite database with a full-text index",
    ),
    (
        "datapackage.json",
        "application/json",
        "Frictionless Data Package descriptor",
    ),
];

/// The media type of a file inside a release.
pub(crate) fn media_type(path: &str) -> &'static str {
    if let Some((_, media, _)) = FORMATS
        .iter()
        .find(|(prefix, _, _)| path.starts_with(prefix))
    {
        return media;
    }
    match path.rsplit('.').next() {
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("md") => "text/markdown",
        Some("cff") => "application/x-yaml",
        Some("html") => "text/html",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    }
}

/// The licence as a URL (schema.org wants one): the licence's own path, or
/// its SPDX page.
pub(crate) fn license_url(metadata: &Metadata) -> Option<String> {
    let license = metadata.licenses.first()?;
    Some(
        license
            .path
            .clone()
            .filter(|p| p.starts_with("http"))
            .unwrap_or_else(|| format!("https://spdx.org/licenses/{}.html", license.name)),
    )
}

/// The first paragraph of the description: what one line can say.
pub(crate) fn short_description(metadata: &Metadata) -> String {
    let text = metadata
        .description
        .split("\n\n")
        .next()
        .unwrap_or_default();
    let text = text.trim();
    if text.is_empty() {
        metadata.title.clone()
    } else {
        text.to_owned()
    }
}

/// The schema.org properties every description of the dataset shares.
pub(crate) fn dataset(metadata: &Metadata, stamp: &Stamp) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("@type".into(), "sc:Dataset".into());
    out.insert("name".into(), metadata.name.clone().into());
    out.insert("alternateName".into(), metadata.title.clone().into());
    out.insert("description".into(), short_description(metadata).into());
    out.insert("version".into(), stamp.version_text().into());
    if let Some(license) = license_url(metadata) {
        out.insert("license".into(), license.into());
    }
    let creators: Vec<Value> = metadata
        .authors
        .iter()
        .map(|a| json!({"@type": "sc:Organization", "name": a.name}))
        .collect();
    if !creators.is_empty() {
        out.insert("creator".into(), creators.into());
    }
    if !metadata.keywords.is_empty() {
        out.insert("keywords".into(), json!(metadata.keywords));
    }
    if let Some(homepage) = &metadata.homepage {
        out.insert("url".into(), homepage.clone().into());
    }
    if let Some(created) = &stamp.created {
        out.insert("dateModified".into(), created.clone().into());
        out.insert("datePublished".into(), created.clone().into());
    }
    out
}

/// The landing page's JSON-LD: the dataset with one `DataDownload` per
/// data file written, by format (paths relative to the release).
pub(crate) fn schema_org(metadata: &Metadata, stamp: &Stamp, written: &[WrittenFile]) -> Value {
    let mut out = Map::new();
    out.insert(
        "@context".into(),
        json!({"@vocab": "https://schema.org/", "sc": "https://schema.org/"}),
    );
    out.extend(dataset(metadata, stamp));
    let distribution: Vec<Value> = FORMATS
        .iter()
        .flat_map(|(prefix, media, what)| {
            written
                .iter()
                .filter(move |f| f.path.starts_with(prefix))
                .map(move |f| {
                    json!({
                        "@type": "sc:DataDownload",
                        "name": f.path,
                        "description": what,
                        "encodingFormat": media,
                        "contentUrl": f.path,
                        "contentSize": format!("{} B", f.bytes),
                        "sha256": f.sha256,
                    })
                })
        })
        .collect();
    out.insert("distribution".into(), distribution.into());
    Value::Object(out)
}
