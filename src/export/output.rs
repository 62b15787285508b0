//! Files as an export writes them: buffered, hashed and counted on the way,
//! so the checksums and the Data Package never read a file back.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Environment variable naming one output file (such as `csv/documents.csv`)
/// whose writing fails on purpose: how the tests prove that a failure
/// half-way through an export or release leaves nothing behind.
pub(super) const FAIL_WRITING: &str = "DOCKET_FAIL_WRITING";

/// A file written by an export, with what the checksums and the Data Package need.
#[derive(Debug, Clone)]
pub struct WrittenFile {
    /// Path inside the export, `/`-separated.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The SHA-256 of a file written by other means (SQLite), read a block at
/// a time so a large file never sits in memory.
pub(crate) fn sha256_of(path: &Path) -> Result<String> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    use std::io::Read;
    let mut file = fs::File::open(path).map_err(read_error)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer).map_err(read_error)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// A file being written: buffered, hashed and counted on the way.
pub(super) struct Output {
    path: String,
    full: PathBuf,
    writer: BufWriter<fs::File>,
    hasher: Sha256,
    bytes: u64,
}

impl Output {
    /// Creates `relative` under `dir` (and its folder).
    pub(super) fn create(dir: &Path, relative: &str) -> Result<Output> {
        let full = dir.join(relative);
        let write_error = |source| Error::Write {
            path: full.clone(),
            source,
        };
        if std::env::var_os(FAIL_WRITING).is_some_and(|f| f == relative) {
            return Err(write_error(std::io::Error::other(
                "failure injected by DOCKET_FAIL_WRITING",
            )));
        }
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).map_err(write_error)?;
        }
        let file = fs::File::create(&full).map_err(write_error)?;
        Ok(Output {
            path: relative.to_owned(),
            writer: BufWriter::with_capacity(1 << 20, file),
            full,
            hasher: Sha256::new(),
            bytes: 0,
        })
    }

    /// Where the file is being written, for messages.
    pub(super) fn path(&self) -> &Path {
        &self.full
    }

    /// Flushes and syncs the file, and says what was written.
    pub(super) fn finish(mut self) -> Result<WrittenFile> {
        let write_error = |source| Error::Write {
            path: self.full.clone(),
            source,
        };
        self.writer.flush().map_err(write_error)?;
        self.writer.get_ref().sync_all().map_err(write_error)?;
        Ok(WrittenFile {
            path: self.path,
            bytes: self.bytes,
            sha256: hex::encode(self.hasher.finalize()),
        })
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.writer.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// Writes a whole small file at once.
pub(crate) fn write_file(dir: &Path, relative: &str, bytes: &[u8]) -> Result<WrittenFile> {
    let mut output = Output::create(dir, relative)?;
    output.write_all(bytes).map_err(|source| Error::Write {
        path: dir.join(relative),
        source,
    })?;
    output.finish()
}
