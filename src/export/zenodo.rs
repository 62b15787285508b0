//! `.zenodo.json`: the metadata Zenodo's GitHub integration reads when a
//! release is archived there (title, description, version, licence,
//! creators, keywords), so the archived copy gets a DOI with the same
//! description as the release.

use serde_json::{json, Map, Value};

use super::context::Context;
use super::jsonld;

/// Path of the Zenodo metadata inside an export.
pub(crate) const PATH: &str = ".zenodo.json";

/// The deposit's metadata, from the dataset's description and the stamp.
pub(crate) fn build(cx: &Context) -> String {
    let Context {
        metadata, stamp, ..
    } = *cx;
    let mut out = Map::new();
    out.insert("upload_type".into(), "dataset".into());
    out.insert("title".into(), metadata.title.clone().into());
    let description = if metadata.description.trim().is_empty() {
        jsonld::short_description(metadata)
    } else {
        metadata.description.trim().to_owned()
    };
    out.insert("description".into(), description.into());
    out.insert("version".into(), stamp.version_text().into());
    if let Some(license) = metadata.licenses.first() {
        // Zenodo names licences by their SPDX id in lower case.
        out.insert("license".into(), license.name.to_lowercase().into());
    }
    let creators: Vec<Value> = metadata
        .authors
        .iter()
        .map(|a| json!({"name": a.name}))
        .collect();
    out.insert("creators".into(), creators.into());
    if !metadata.keywords.is_empty() {
        out.insert("keywords".into(), json!(metadata.keywords));
    }
    if let Some(created) = &stamp.created {
        out.insert("publication_date".into(), created[..10].into());
    }
    if let Some(homepage) = &metadata.homepage {
        out.insert(
            "related_identifiers".into(),
            json!([{"identifier": homepage, "relation": "isSupplementTo", "scheme": "url"}]),
        );
    }
    serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default() + "\n"
}
