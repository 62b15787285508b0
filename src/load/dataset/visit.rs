//! Reading every record once, on all cores, in file order: one-record
//! files in parallel, a JSONL file a block of lines at a time.

use rayon::prelude::*;
use serde_json::Value;

use super::blocks::Blocks;
use super::files::{Dataset, Failure, Format, RecordFile};
use crate::issue::Origin;
use crate::load::parse::parse;
use crate::load::syntax::Limits;

/// One-record files read and parsed at once: enough to keep every core
/// busy, few enough that a batch's records stream on before the next.
const FILES_AT_ONCE: usize = 4096;

impl Dataset {
    /// Reads and parses every record, calling `visit` for each one (or for
    /// each file or line that could not be read) on all cores. Results come
    /// back in file order, and in line order within a JSONL file.
    pub fn visit<T, F>(&self, limits: &Limits, visit: F) -> Vec<T>
    where
        T: Send,
        F: Fn(&RecordFile, Origin, Result<Value, Failure>) -> T + Sync,
    {
        self.visit_where(&|_| true, limits, visit, &mut |_| {})
    }

    /// [`Dataset::visit`] for the files whose index `keep` accepts only.
    /// `after` sees each batch of results as soon as it is complete, in
    /// order, on the calling thread (a batch is a block of a JSONL file's
    /// lines, or a few thousand one-record files): what it takes out of
    /// them streams on while the next batch is read.
    pub(crate) fn visit_where<T, F>(
        &self,
        keep: &(dyn Fn(usize) -> bool + Sync),
        limits: &Limits,
        visit: F,
        after: &mut dyn FnMut(&mut [T]),
    ) -> Vec<T>
    where
        T: Send,
        F: Fn(&RecordFile, Origin, Result<Value, Failure>) -> T + Sync,
    {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.files.len() {
            if self.files[i].format == Format::Jsonl {
                if keep(i) {
                    self.visit_lines(i, limits, &visit, &mut out, after);
                }
                i += 1;
                continue;
            }
            let end = (i..self.files.len())
                .find(|&j| self.files[j].format == Format::Jsonl)
                .unwrap_or(self.files.len())
                .min(i + FILES_AT_ONCE);
            let start = out.len();
            out.par_extend((i..end).into_par_iter().filter(|&k| keep(k)).map(|k| {
                let file = &self.files[k];
                let bytes = self.read_file(k, limits);
                let origin = Origin {
                    file: k as u32,
                    line: 1,
                    offset: 0,
                    len: bytes.as_ref().map_or(0, |b| b.len() as u32),
                };
                let parsed =
                    bytes.and_then(|b| parse(&b, file.format, limits).map_err(Failure::Parse));
                visit(file, origin, parsed)
            }));
            after(&mut out[start..]);
            i = end;
        }
        out
    }

    /// One JSONL file, read a few megabytes at a time into a reused buffer
    /// whose lines are parsed on all cores while the next block is read.
    fn visit_lines<T, F>(
        &self,
        index: usize,
        limits: &Limits,
        visit: &F,
        out: &mut Vec<T>,
        after: &mut dyn FnMut(&mut [T]),
    ) where
        T: Send,
        F: Fn(&RecordFile, Origin, Result<Value, Failure>) -> T + Sync,
    {
        let file = &self.files[index];
        let handle = match self.open(index) {
            Ok(handle) => handle,
            Err(failure) => {
                let whole = Origin {
                    file: index as u32,
                    line: 0,
                    offset: 0,
                    len: 0,
                };
                out.push(visit(file, whole, Err(failure)));
                let last = out.len() - 1;
                after(&mut out[last..]);
                return;
            }
        };
        let size = handle.metadata().map_or(0, |m| m.len());
        let mut blocks = Blocks::new(handle, index as u32, limits.max_file_bytes, size);
        let mut current = blocks.next();
        if let Some(first) = &current {
            // Room for the whole file's records at the first block's density,
            // so the list never doubles and copies itself at a million
            // records; room not used is never touched, so costs no memory.
            // A hostile file cannot make this large: the estimate is bounded
            // by the file's size, and a refused reservation is only skipped.
            let bytes = first.data.len().max(1) as u128;
            let lines = first.lines.len() as u128 * u128::from(size) / bytes;
            let room = (lines + lines / 8).min(u128::from(size) / 2);
            let _ = out.try_reserve(usize::try_from(room).unwrap_or(0));
        }
        while let Some(block) = current {
            let start = out.len();
            let (next, ()) = rayon::join(
                || blocks.next(),
                || {
                    out.par_extend(block.lines.par_iter().map(|line| {
                        let parsed = match line.problem.clone() {
                            Some(failure) => Err(failure),
                            None => parse(&block.data[line.start..line.end], Format::Jsonl, limits)
                                .map_err(Failure::Parse),
                        };
                        visit(file, line.origin, parsed)
                    }))
                },
            );
            blocks.spare.push(block.data);
            after(&mut out[start..]);
            current = next;
        }
    }
}
