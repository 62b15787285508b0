//! Opening a record file safely: only a regular file inside the dataset
//! root, checked once per file, and never more than the size limit read.

use std::fs;
use std::io::Read;

use super::files::{Dataset, Failure};
use crate::issue::code::{Code, Io, Parse};
use crate::load::syntax::Limits;

impl Dataset {
    pub(super) fn read_file(&self, index: usize, limits: &Limits) -> Result<Vec<u8>, Failure> {
        let handle = self.open(index)?;
        let size = handle.metadata().map(|m| m.len()).unwrap_or(0);
        if size > limits.max_file_bytes {
            return Err(Failure::File {
                code: Code::Parse(Parse::Limit),
                message: format!(
                    "the file is {size} bytes, over the {}-byte limit for one record",
                    limits.max_file_bytes
                ),
            });
        }
        let mut bytes = Vec::with_capacity(size as usize);
        handle
            .take(limits.max_file_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::File {
                code: Code::Io(Io::Unreadable),
                message: format!("cannot read the file: {e}"),
            })?;
        Ok(bytes)
    }

    /// Opens a file only if it is a regular file inside the dataset root: a
    /// FIFO would block, a device could be endless, a link could lead anywhere.
    pub(super) fn open(&self, index: usize) -> Result<fs::File, Failure> {
        let file = &self.files[index];
        let io = |e: std::io::Error| Failure::File {
            code: Code::Io(Io::Unreadable),
            message: format!("cannot read the file: {e}"),
        };
        let verified = &self.verified[index];
        if !verified.load(std::sync::atomic::Ordering::Relaxed) {
            // Never open before knowing what it is: opening a FIFO blocks.
            let mut meta = fs::symlink_metadata(&file.path).map_err(io)?;
            let resolve = meta.file_type().is_symlink() || !self.folder_inside[index];
            if resolve {
                meta = fs::metadata(&file.path).map_err(io)?;
            }
            if !meta.is_file() {
                let what = if meta.is_dir() {
                    "a directory"
                } else {
                    "a special file (a FIFO, socket or device)"
                };
                return Err(Failure::File {
                    code: Code::Io(Io::NotAFile),
                    message: format!("expected a record file, found {what}"),
                });
            }
            if resolve
                && !fs::canonicalize(&file.path)
                    .map_err(io)?
                    .starts_with(&self.root)
            {
                return Err(Failure::File {
                    code: Code::Io(Io::OutsideRoot),
                    message: "the file is a link to a place outside the dataset root; docket does not follow it".into(),
                });
            }
            verified.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        fs::File::open(&file.path).map_err(io)
    }
}
