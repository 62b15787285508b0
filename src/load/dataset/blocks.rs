//! Cutting a JSONL file into lines, a few megabytes at a time, into reused
//! buffers; a line over the record limit is skipped without being held.

use std::fs;
use std::io::Read;

use super::files::Failure;
use crate::issue::code::{Code, Io, Parse};
use crate::issue::Origin;

/// One line of a block: where it is in the block and in the file.
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) origin: Origin,
    /// Set when the line could not be taken as a record (too long, unreadable).
    pub(super) problem: Option<Failure>,
}

/// A run of whole lines read from a JSONL file.
pub(super) struct Block {
    pub(super) data: Vec<u8>,
    pub(super) lines: Vec<Line>,
}

/// Reads a JSONL file in blocks of whole lines. A line longer than the
/// record limit is skipped to its end without being buffered.
pub(super) struct Blocks {
    handle: fs::File,
    file: u32,
    limit: u64,
    /// Bytes after the last line end of the previous block.
    carry: Vec<u8>,
    /// File offset and line number of the first byte of `carry`.
    offset: u64,
    line: u32,
    done: bool,
    /// The file's size when it was opened, and the bytes read from it so far:
    /// a small file is read into a buffer of its size, not of a block's.
    size: u64,
    read: u64,
    /// Buffers of blocks already processed, reused so memory stays warm.
    pub(super) spare: Vec<Vec<u8>>,
}

/// Bytes read from a JSONL file at a time.
const BLOCK: usize = 4 << 20;

impl Blocks {
    pub(super) fn new(handle: fs::File, file: u32, limit: u64, size: u64) -> Blocks {
        Blocks {
            handle,
            file,
            limit,
            carry: Vec::new(),
            offset: 0,
            line: 1,
            done: false,
            size,
            read: 0,
            spare: Vec::new(),
        }
    }

    pub(super) fn next(&mut self) -> Option<Block> {
        if self.done {
            return None;
        }
        let mut data = self.spare.pop().unwrap_or_default();
        data.clear();
        data.append(&mut self.carry);
        let mut lines = Vec::new();
        let mut scanned = 0;
        loop {
            let before = data.len();
            // What is left of the file (and a byte more, to see its end in
            // one read), at most a block; a file that grew is read on.
            let left = self.size.saturating_sub(self.read).saturating_add(1);
            let want = usize::try_from(left).map_or(BLOCK, |left| left.clamp(4096, BLOCK));
            data.resize(before + want, 0);
            let read = match self.handle.read(&mut data[before..]) {
                Ok(read) => read,
                Err(e) => {
                    data.truncate(before);
                    self.done = true;
                    lines.push(self.line_at(
                        0,
                        0,
                        Some(Failure::File {
                            code: Code::Io(Io::Unreadable),
                            message: format!("cannot read the file: {e}"),
                        }),
                    ));
                    return Some(Block { data, lines });
                }
            };
            data.truncate(before + read);
            self.read += read as u64;
            if read == 0 {
                self.done = true;
                break;
            }
            if memchr_newline(&data[scanned..]).is_some() {
                break;
            }
            scanned = data.len();
            if data.len() as u64 > self.limit {
                // One line over the limit: report it and skip to its end.
                let skipped = data.len() as u64 + self.skip_line();
                lines.push(self.line_at(
                    0,
                    0,
                    Some(Failure::File {
                        code: Code::Parse(Parse::Limit),
                        message: format!(
                            "the line is over the {}-byte limit for one record",
                            self.limit
                        ),
                    }),
                ));
                self.offset += skipped;
                self.line += 1;
                data.clear();
                data.append(&mut self.carry);
                scanned = 0;
                if self.done {
                    break;
                }
            }
        }
        let whole = match memchr::memrchr(b'\n', &data) {
            Some(last) if !self.done => last + 1,
            _ => data.len(),
        };
        self.carry.extend_from_slice(&data[whole..]);
        let mut start = 0;
        while start < whole {
            let end = memchr_newline(&data[start..whole]).map_or(whole, |i| start + i);
            let next = (end + 1).min(whole);
            let mut content = end;
            if content > start && data[content - 1] == b'\r' {
                content -= 1;
            }
            if !data[start..content].iter().all(u8::is_ascii_whitespace) {
                let origin = Origin {
                    file: self.file,
                    line: self.line,
                    offset: self.offset,
                    len: (content - start) as u32,
                };
                lines.push(Line {
                    start,
                    end: content,
                    origin,
                    problem: None,
                });
            }
            self.offset += (next - start) as u64;
            self.line += 1;
            start = next;
        }
        data.truncate(whole);
        Some(Block { data, lines })
    }

    fn line_at(&self, start: usize, end: usize, problem: Option<Failure>) -> Line {
        let origin = Origin {
            file: self.file,
            line: self.line,
            offset: self.offset,
            len: 0,
        };
        Line {
            start,
            end,
            origin,
            problem,
        }
    }

    /// Reads past the rest of the current line; the bytes it took.
    fn skip_line(&mut self) -> u64 {
        let mut skipped = 0u64;
        let mut buffer = vec![0; 1 << 16];
        loop {
            let read = self.handle.read(&mut buffer);
            if let Ok(read) = read {
                self.read += read as u64;
            }
            match read {
                Ok(0) | Err(_) => {
                    self.done = true;
                    return skipped;
                }
                Ok(read) => match memchr_newline(&buffer[..read]) {
                    Some(i) => {
                        skipped += i as u64 + 1;
                        self.carry.extend_from_slice(&buffer[i + 1..read]);
                        return skipped;
                    }
                    None => skipped += read as u64,
                },
            }
        }
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}
