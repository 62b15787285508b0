//! What an export or release is stamped with beyond its data: its version,
//! its date, and whether its verbatim texts were checked against their
//! sources. The dataset card, `datapackage.json` and `CITATION.cff` say it.

use std::fs;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// What an export is stamped with.
#[derive(Debug, Clone, Default)]
pub struct Stamp {
    /// The release version; `None` for an unversioned export.
    pub version: Option<String>,
    /// When it was made (`YYYY-MM-DDTHH:MM:SSZ`); a release always has one.
    pub created: Option<String>,
    pub provenance: Provenance,
}

/// Whether the texts the schemas declare verbatim were checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Provenance {
    /// The schemas declare no verbatim text or source file.
    #[default]
    NotDeclared,
    /// Every verbatim text was found in its source; these are the sources.
    Checked { sources: Vec<SourceFile> },
    /// The schemas declare verbatim texts, but they were not checked.
    Unchecked,
}

/// A source text the records were checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFile {
    pub name: String,
    pub sha256: String,
}

impl Stamp {
    /// The stamp for `version`, with the creation time taken from
    /// `SOURCE_DATE_EPOCH` when it is set (and none otherwise).
    pub fn from_env(version: Option<String>) -> Result<Stamp> {
        let created = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(text) => Some(epoch_to_text(&text, "SOURCE_DATE_EPOCH")?),
            Err(_) => None,
        };
        Ok(Stamp {
            version,
            created,
            provenance: Provenance::NotDeclared,
        })
    }

    pub fn version_text(&self) -> &str {
        self.version.as_deref().unwrap_or("unversioned")
    }
}

/// Seconds since 1970 (as text) as `YYYY-MM-DDTHH:MM:SSZ`; `what` names
/// where they came from in an error.
pub(crate) fn epoch_to_text(text: &str, what: &'static str) -> Result<String> {
    let seconds: i64 = text
        .trim()
        .parse()
        .map_err(|_| bad_epoch(what, text, "is not a number of seconds"))?;
    let time = chrono::DateTime::from_timestamp(seconds, 0)
        .ok_or_else(|| bad_epoch(what, text, "is out of range"))?;
    Ok(time.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn bad_epoch(what: &'static str, text: &str, problem: &'static str) -> Error {
    Error::BadEpoch {
        what,
        text: text.to_owned(),
        problem,
    }
}

impl Provenance {
    /// Whether any schema declares a verbatim text or a source file, the
    /// keywords that make the published texts claim to be their sources' words.
    pub fn declared<'s>(schemas: impl IntoIterator<Item = &'s Value>) -> bool {
        fn walk(value: &Value) -> bool {
            match value {
                Value::Object(map) => map.iter().any(|(key, child)| {
                    ((key == "x-verbatim" || key == "x-source-file") && child == &Value::Bool(true))
                        || walk(child)
                }),
                Value::Array(items) => items.iter().any(walk),
                _ => false,
            }
        }
        schemas.into_iter().any(walk)
    }

    /// Checked against the source texts in `dir`: each regular file's name
    /// and SHA-256, sorted by name.
    pub fn checked_against(dir: &Path) -> Result<Provenance> {
        let mut sources = Vec::new();
        for path in crate::paths::sorted_entries(dir).map_err(Error::reading(dir))? {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if name.starts_with('.') || !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                continue;
            }
            sources.push(SourceFile {
                name: name.to_owned(),
                sha256: super::output::sha256_of(&path)?,
            });
        }
        Ok(Provenance::Checked { sources })
    }

    /// One sentence for the dataset card and the changelog.
    pub fn sentence(&self) -> String {
        match self {
            Provenance::NotDeclared => {
                "The schemas declare no verbatim texts, so there was nothing to check against sources.".into()
            }
            Provenance::Checked { sources } => format!(
                "Every text the schemas declare verbatim was checked against its source before publishing ({} source files; their SHA-256 are listed in `datapackage.json`).",
                sources.len()
            ),
            Provenance::Unchecked => {
                "The texts the schemas declare verbatim were NOT checked against their sources for this publication: they may differ from the sources.".into()
            }
        }
    }
}
