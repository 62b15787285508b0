//! What every metadata file of an export describes (the Data Package, the
//! card, Croissant, the citation, Zenodo's deposit, datasette's metadata,
//! the site): one value handed to each writer instead of a list of
//! arguments that grows with every file.

use super::collection::Collection;
use super::csv::CsvTable;
use super::output::WrittenFile;
use super::stamp::Stamp;
use crate::metadata::{Formats, Metadata};

#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub collections: &'a [Collection],
    pub metadata: &'a Metadata,
    pub stamp: &'a Stamp,
    /// The data formats written.
    pub formats: &'a Formats,
    /// The CSV tables written, with their columns.
    pub tables: &'a [CsvTable],
    /// The files written so far, which this file describes.
    pub written: &'a [WrittenFile],
}

impl<'a> Context<'a> {
    /// The same context, describing the files `written`.
    pub(crate) fn with(&self, written: &'a [WrittenFile]) -> Context<'a> {
        Context { written, ..*self }
    }
}
