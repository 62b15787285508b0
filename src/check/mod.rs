//! Finding every problem with a dataset: schema validation of each raw
//! record, then checks across records, and (optionally) provenance against
//! the source texts. The result is a [`Report`]: plain data for the printers.
//!
//! Records stream through once: each is parsed, validated and reduced to a
//! few interned facts (its id, the ids it refers to, its unique keys), then
//! dropped. Cross-record checks run on those facts; only records that turn
//! out to have a problem are read again, to place it in the file.

mod conformance;
mod cross;
mod feed;
mod hints;
pub(crate) mod interner;
mod locate;
mod outcome;
mod prepared;
mod provenance;
mod record;
mod stages;
mod suggest;

use std::path::Path;

pub(crate) use self::feed::Feed;
pub(crate) use self::interner::{Interner, Sym};
pub use self::outcome::{Checked, Options, ProvenanceCheck, Report};
pub use self::prepared::Prepared;
pub use self::provenance::normalize;
use self::stages::{check_files, finish, open_sources, resolve_only, Read};
use crate::error::Result;
use crate::load;
use crate::schema::SchemaSet;

/// Validates the dataset under `root`.
pub fn validate(root: &Path, options: &Options) -> Result<Report> {
    run(root, options).map(|checked| checked.report)
}

/// Validates the dataset under `root` and keeps what later stages need.
pub fn run(root: &Path, options: &Options) -> Result<Checked> {
    let only = resolve_only(root, &options.only)?;
    let schemas = SchemaSet::load(root)?;
    run_with(root, options, only, schemas, None)
}

/// [`run`] with the schemas already loaded, handing every record to `feed`
/// as it is checked.
pub(crate) fn run_feeding(
    root: &Path,
    options: &Options,
    schemas: SchemaSet,
    feed: Option<&dyn Feed>,
) -> Result<Checked> {
    let only = resolve_only(root, &options.only)?;
    run_with(root, options, only, schemas, feed)
}

fn run_with(
    root: &Path,
    options: &Options,
    only: Vec<std::path::PathBuf>,
    schemas: SchemaSet,
    feed: Option<&dyn Feed>,
) -> Result<Checked> {
    let mut dataset = load::discover(root, &schemas.names())?;
    let sources = open_sources(options.sources.as_deref())?;
    let interner = Interner::default();
    let (records, found) = check_files(
        &record::Checker::new(&schemas, &interner, &options.today, sources.as_ref()),
        &dataset,
        options,
        &|_| true,
        feed,
    );
    let mut issues = std::mem::take(&mut dataset.issues);
    if let Some(sources) = &sources {
        sources.error()?;
        issues.extend(sources.take_issues());
    }
    issues.extend(found);
    let read = Read {
        schemas: &schemas,
        dataset: &dataset,
        interner: &interner,
        records,
        issues,
    };
    let (report, records) = finish(read, root, only, options);
    Ok(Checked {
        report,
        schemas,
        dataset,
        records,
        interner,
        limits: options.limits.clone(),
        progress: options.progress.clone(),
    })
}

/// Today's date in UTC, as `YYYY-MM-DD`.
pub fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}
