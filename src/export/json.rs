//! JSON (one array per collection) and JSONL (one record per line): the
//! records exactly as curated, keys in schema order, sorted by id, written
//! as they stream through.

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use super::output::{Output, WrittenFile};
use crate::error::{Error, Result};

/// A pretty-printed JSON array, the same bytes `serde_json::to_vec_pretty`
/// gives for the whole array, with a final newline.
pub(crate) struct Array {
    output: Output,
    empty: bool,
}

impl Array {
    pub(crate) fn create(dir: &Path, relative: &str) -> Result<Array> {
        Ok(Array {
            output: Output::create(dir, relative)?,
            empty: true,
        })
    }

    pub(crate) fn push(&mut self, records: &[Value]) -> Result<()> {
        for record in records {
            let text =
                serde_json::to_string_pretty(record).map_err(Error::writing(self.output.path()))?;
            let separator = if self.empty { "[\n  " } else { ",\n  " };
            self.empty = false;
            // JSON strings never hold a raw newline, so indenting every line is safe.
            let indented = text.replace('\n', "\n  ");
            self.write(separator.as_bytes())?;
            self.write(indented.as_bytes())?;
        }
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<WrittenFile> {
        let end: &[u8] = if self.empty { b"[]\n" } else { b"\n]\n" };
        self.write(end)?;
        self.output.finish()
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.output
            .write_all(bytes)
            .map_err(Error::writing(self.output.path()))
    }
}

/// One compact JSON object per line.
pub(crate) struct Lines {
    output: Output,
}

impl Lines {
    pub(crate) fn create(dir: &Path, relative: &str) -> Result<Lines> {
        Ok(Lines {
            output: Output::create(dir, relative)?,
        })
    }

    pub(crate) fn push(&mut self, records: &[Value]) -> Result<()> {
        for record in records {
            serde_json::to_writer(&mut self.output, record)
                .and_then(|()| self.output.write_all(b"\n").map_err(serde_json::Error::io))
                .map_err(Error::writing(self.output.path()))?;
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<WrittenFile> {
        self.output.finish()
    }
}
