//! `docket release`: an immutable, versioned release under `dist/`.

use std::io::Write;
use std::path::PathBuf;

use super::{Format, Global};
use crate::export;
use crate::metadata::{Formats, Metadata};
use crate::release::{self, Request};
use crate::report::published;
use crate::schema::SchemaSet;

pub(crate) const ABOUT: &str = "\
Publish the dataset as OUT/VERSION (OUT defaults to dist/ in the dataset
root) with every file `docket export` writes (json/, jsonl/, csv/,
parquet/, sqlite/ with sqlite/metadata.json, schemas/, datapackage.json,
croissant.json, .zenodo.json, README.md with charts/, CITATION.cff and the
site/), plus CHANGELOG.md (records
added, removed and changed, field by field; every schema change keyword by
keyword; files added and removed; since the previous release) and SHA256SUMS
(checkable with `sha256sum -c SHA256SUMS`).

First a plan, refused in milliseconds with nothing read or written (exit 2):
VERSION must be a semantic version (2.0.0-rc.1 and 1.0.0+build.5 work), must
not exist, and must be greater than the newest known release: --previous
DIR, the newest in OUT and the newest in the root's dist/ (build metadata
does not count). The previous release is --previous DIR, else the newest of
those. Then validation (invalid data: exit 1, with the report in --format),
then the write.

Version rule. Every schema change since the previous release is classified
by SchemaVer and needs at least a part of the version increased:
  MODEL    (breaks readers of the published files or every existing record:
           a field or collection removed, renamed or retyped, a required
           field added, a reference pointing to another collection, a data
           file removed)                                 -> major
  REVISION (may invalidate some existing records: a constraint tightened or
           changed, an enum value removed, a field made required, a rule
           such as x-verbatim or x-references added)     -> at least minor
  ADDITION (compatible with all: an optional field, an enum value, a file or
           a description added, a constraint loosened)   -> at least patch
A release that needs a higher part is refused, naming the changes and the
smallest version they allow. After a pre-release (2.0.0-rc.1), its own
version numbers are enough (2.0.0-rc.2, 2.0.0).

Provenance rule. When a schema declares `x-verbatim` or `x-source-file`, the
texts are checked against their sources before publishing: the folder is
--sources DIR, or `sources_dir` in dataset.yaml (relative to the root).
Without one the release is refused, unless --no-provenance-check is given;
then the dataset card, datapackage.json and CHANGELOG.md say plainly that
the texts were not checked. A checked release lists each source file's
SHA-256 in datapackage.json.

Date rule. The release date is SOURCE_DATE_EPOCH when set; otherwise, when
the root is in a git repository and dataset.yaml, schemas/ and datasets/
have no uncommitted changes, the date of the last commit touching them (a
code-only commit changes nothing); otherwise today. It is printed, and
written to CITATION.cff (date-released), the card and datapackage.json
(created). The same data, date and docket version give byte-identical files.

The release is written into a locked staging folder beside its target,
synced, and renamed into place when complete, so an interrupted release
leaves OUT as it was; staging folders of killed runs are removed by the
next run, those of live runs never are.";

/// The one line `docket --help` lists.
pub(crate) const SUMMARY: &str = "Validate, then publish an immutable, versioned release";

/// The arguments of `docket release`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The release's semantic version, such as 1.4.0, 2.0.0-rc.1 or 1.0.0+build.5.
    pub version: String,
    /// Where releases live (default: `dist/` in the dataset root); the release is written to OUT/VERSION.
    #[arg(long, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// The release to compare with, instead of the newest one in OUT and the root's dist/.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
    /// The source texts to check provenance against (default: `sources_dir` in dataset.yaml).
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Publish without checking verbatim texts against their sources; the release says so.
    #[arg(long, conflicts_with = "sources")]
    pub no_provenance_check: bool,
    /// How to print the validation report when the data is invalid; with json, a summary of what was published.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

pub(crate) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> crate::error::Result<u8> {
    let root = global.root.as_path();
    let metadata = Metadata::load(root)?;
    let plan = release::plan(&Request {
        root,
        version: &args.version,
        out: args.out.as_deref(),
        previous: args.previous.as_deref(),
        sources: args.sources.as_deref(),
        no_provenance_check: args.no_provenance_check,
        metadata: &metadata,
    })?;
    if plan.provenance == crate::export::Provenance::Unchecked {
        super::warn(
            "--no-provenance-check: the verbatim texts are published unchecked, and the release says so",
        )?;
    }
    let schemas = SchemaSet::load(root)?;
    let formats = Formats::of(&metadata.formats);
    let options = super::check_options(global, plan.sources.as_deref());
    let tables = export::tables(&schemas).ok();
    let published = release::publish_checked(
        plan,
        &formats,
        tables,
        |feed| crate::check::run_feeding(root, &options, schemas, feed),
        |checked| super::judge(checked, global, args.format, metadata, out),
    )?;
    let published = match published {
        Ok(published) => published,
        Err(code) => return Ok(code),
    };
    match args.format {
        Format::Json => published::release_json(&published, out)?,
        // stdout holds the SARIF document; the outcome goes to stderr.
        Format::Sarif => published::release_human(&published, &mut std::io::stderr().lock())?,
        Format::Human | Format::Github | Format::Markdown => {
            published::release_human(&published, out)?
        }
    }
    Ok(0)
}
