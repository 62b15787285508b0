//! The export as one value: what to write and where, handed whole to the
//! foreman ([`super::write`]) and the sinks it starts.

use std::path::Path;

use super::collection::Collection;
use super::stamp::Stamp;
use crate::check::Checked;
use crate::metadata::{Formats, Metadata};

/// What an export writes and where: a valid dataset's checked records and
/// collections, described by `metadata` and `stamp`, in `formats`.
#[derive(Clone, Copy)]
pub struct Job<'a> {
    /// The folder written into: it must exist for [`super::write_all`]; for
    /// [`super::write_dir`] it is the export to replace.
    pub dir: &'a Path,
    pub checked: &'a Checked,
    pub collections: &'a [Collection],
    pub metadata: &'a Metadata,
    pub stamp: &'a Stamp,
    pub formats: &'a Formats,
    /// Prefix CSV cells a spreadsheet would run as a formula.
    pub csv_safe: bool,
}

/// Where and how the data formats are written: all a format's writer needs,
/// known before the records are (so that they can be written as they are
/// checked).
#[derive(Clone, Copy)]
pub(crate) struct Target<'a> {
    pub dir: &'a Path,
    pub collections: &'a [Collection],
    pub formats: &'a Formats,
    pub stamp: &'a Stamp,
    pub csv_safe: bool,
}

impl<'a> Job<'a> {
    pub(crate) fn target(&self) -> Target<'a> {
        Target {
            dir: self.dir,
            collections: self.collections,
            formats: self.formats,
            stamp: self.stamp,
            csv_safe: self.csv_safe,
        }
    }
}
