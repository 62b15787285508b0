//! The library's error type: failures that stop a command from doing its job
//! (exit code 2). Problems with the data itself are not errors but
//! [`crate::check::Issue`]s in a report.

use std::path::PathBuf;

/// Why a command could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` has no `schemas/` directory; run docket in a dataset root or pass --root DIR", root.display())]
    NoSchemas { root: PathBuf },
    #[error("schema `{}` is not usable: {reason}", path.display())]
    BadSchema { path: PathBuf, reason: String },
    #[error("`{}` was not written by `docket schema` (its `$id` is not a docket one); refusing to overwrite a hand-written schema", path.display())]
    ForeignSchema { path: PathBuf },
    #[error("`{}` is not a directory", path.display())]
    NotADirectory { path: PathBuf },
    #[error("`{}` is not inside the dataset's `datasets/` directory", path.display())]
    OutsideDataset { path: PathBuf },
    #[error("cannot write the report: {0}")]
    Output(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
