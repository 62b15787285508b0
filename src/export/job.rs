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
