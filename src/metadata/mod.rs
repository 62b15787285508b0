//! The dataset's own description, read from `dataset.yaml` at the dataset
//! root: what the Data Package, the dataset card and CITATION.cff say about
//! the dataset as a whole, and which formats a release writes. `export`,
//! `release` and the commands read it; it knows nothing of them.

mod formats;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::load::{self, Format, Limits};
pub use formats::{DataFormat, Formats};

/// `dataset.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Package name: lower-case letters, digits, `-`, `_`, `.`.
    pub name: String,
    pub title: String,
    /// Markdown; the first paragraph is the short description.
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<License>,
    /// Who to credit in citations (people or organisations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Author>,
    /// What the records were curated from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The data formats a release writes (default: all of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formats: Vec<DataFormat>,
    /// The folder (relative to the root) holding the source texts, which
    /// `docket release` checks the verbatim texts against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources_dir: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    /// SPDX identifier, such as `CC-BY-4.0`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Author {
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl Metadata {
    /// Reads `root/dataset.yaml`; a root without one gets a minimal
    /// description named after its directory.
    pub fn load(root: &Path) -> Result<Metadata> {
        let path = root.join("dataset.yaml");
        let bad = |reason: String| Error::BadMetadata {
            path: path.clone(),
            reason,
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Metadata::fallback(root))
            }
            Err(source) => return Err(Error::Read { path, source }),
        };
        let value = load::parse(&bytes, Format::Yaml, &Limits::default())
            .map_err(|e| bad(format!("line {}: {}", e.pos.line, e.message)))?;
        serde_json::from_value(value).map_err(|e| bad(e.to_string()))
    }

    /// The source texts' folder named by `sources_dir`, relative to `root`.
    pub fn sources_in(&self, root: &Path) -> Option<std::path::PathBuf> {
        self.sources_dir.as_ref().map(|dir| root.join(dir))
    }

    fn fallback(root: &Path) -> Metadata {
        let name = std::fs::canonicalize(root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_lowercase()))
            .unwrap_or_else(|| "dataset".to_owned());
        Metadata {
            title: name.clone(),
            name,
            description: String::new(),
            homepage: None,
            keywords: Vec::new(),
            licenses: Vec::new(),
            authors: Vec::new(),
            sources: Vec::new(),
            formats: Vec::new(),
            sources_dir: None,
        }
    }
}
