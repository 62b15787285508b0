//! What the commands print: a validation report (one module per format),
//! the figures of `stats`, `diff`'s JSON and what `export` and `release`
//! published. The other layers build plain data; a printer only formats it,
//! and the command line chooses the printer.

pub(crate) mod changes;
pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod published;
pub(crate) mod sarif;
pub(crate) mod stats;

/// What a report says when the texts the schemas declare verbatim were not
/// checked: `validate` passes them, `release` will check them.
pub(crate) const PROVENANCE_UNCHECKED: &str = "provenance was not checked: the schemas declare verbatim texts, and no source texts were given; a release checks them (give --sources DIR, or `sources_dir` in dataset.yaml)";
