//! The record files of a dataset root and the records in them: finding the
//! files, checking that each is a regular file inside the root, and reading
//! records (a whole YAML or JSON file, or one line of a JSONL file) in
//! parallel without holding them all.

use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use super::{parse, Limits, ParseError, Pos};
use crate::code::{Code, Io, Layout, Parse};
use crate::issue::Issue;
use crate::{Error, Result};

/// How a record file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One YAML record per file.
    Yaml,
    /// One JSON record per file.
    Json,
    /// One JSON record per line: the bulk form of a collection.
    Jsonl,
}

impl Format {
    fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// A file under `datasets/<collection>/` that holds records.
#[derive(Debug, Clone)]
pub struct RecordFile {
    pub path: PathBuf,
    /// The path as reports print it.
    pub display: String,
    pub collection: String,
    /// The file name without its extension: what a one-record file's id must equal.
    pub stem: String,
    pub format: Format,
}

/// Where one record's bytes are: the whole file, or one line of a JSONL file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin {
    /// Index of the file in [`Dataset::files`].
    pub file: u32,
    /// The line the record starts on (1 for a one-record file).
    pub line: u32,
    pub offset: u64,
    pub len: u32,
}

/// Why a record could not be read.
#[derive(Debug, Clone)]
pub enum Failure {
    /// The path cannot be read as a record file: the code (`io.…`,
    /// `parse.limit`) and a sentence.
    File { code: Code, message: String },
    /// The content is not a record.
    Parse(ParseError),
}

impl Failure {
    /// The failure as an issue about `file` (at `line` for a JSONL record).
    pub fn into_issue(self, file: &RecordFile, origin: Origin) -> Issue {
        match self {
            Failure::File { code, message } => {
                let help = fix(&code, file.format);
                let mut issue = Issue::file(code, &file.display, message).with_help(help);
                if file.format == Format::Jsonl && origin.line > 0 {
                    issue.line = Some(origin.line);
                }
                issue
            }
            Failure::Parse(e) => {
                let pos = Pos {
                    line: origin.line.max(1) + e.pos.line - 1,
                    column: e.pos.column,
                };
                let code = Code::Parse(e.kind);
                let help = e.help.unwrap_or_else(|| fix(&code, file.format).to_owned());
                Issue::at(code, &file.display, pos, e.message)
                    .with_help(help)
                    .in_record_at(origin)
            }
        }
    }
}

/// How to fix a file that cannot be read as a record, by its code.
fn fix(code: &Code, format: Format) -> &'static str {
    match (code, format) {
        (Code::Parse(Parse::Syntax), Format::Yaml) => {
            "check the indentation and quoting on this line and the one before; a value holding `: ` or ` #` must be in quotes"
        }
        (Code::Parse(Parse::Syntax), _) => {
            "check for a missing or extra comma, quote or bracket here; JSON allows no comments and no trailing commas"
        }
        (Code::Parse(Parse::Encoding), _) => {
            "save the file as UTF-8 without a byte-order mark (most editors offer the encoding when saving)"
        }
        (Code::Parse(Parse::DuplicateKey), _) => "keep one of the two entries and delete the other",
        (Code::Parse(Parse::Empty), _) => {
            "write the record's fields, or delete the file (`docket new <collection> <id>` writes a template)"
        }
        (Code::Parse(Parse::NotARecord), _) => {
            "write the record as `field: value` entries at the top level of the file, not as a list or a single value"
        }
        (Code::Parse(Parse::Limit), _) => {
            "split the data into smaller records, or raise the limit (--max-record-bytes, --max-depth, --max-values) for a file you trust"
        }
        (Code::Io(Io::NotAFile), _) => {
            "replace it with a record file, or move it out of the collection folder"
        }
        (Code::Io(Io::OutsideRoot), _) => {
            "copy the file into the dataset instead of linking to it"
        }
        _ => "check that the file exists and can be read (a link must lead to an existing file)",
    }
}

/// The record files of a dataset root, and the problems with its layout.
#[derive(Debug, Default)]
pub struct Dataset {
    root: PathBuf,
    pub files: Vec<RecordFile>,
    /// Files already found to be regular files inside the root, so reading
    /// a record again does not repeat the checks.
    verified: Vec<std::sync::atomic::AtomicBool>,
    /// Whether each file's folder resolves to a place inside the root.
    folder_inside: Vec<bool>,
    /// Layout problems found while listing (unknown folders, unexpected files).
    pub issues: Vec<Issue>,
}

/// Lists the record files of the given collections under `root/datasets`.
///
/// Folders under `datasets/` that are not a known collection and files with
/// an unknown extension are reported, never skipped silently. Hidden files
/// are ignored; files directly in `datasets/` (a README) too.
pub fn discover(root: &Path, collections: &[String]) -> Result<Dataset> {
    let datasets = root.join("datasets");
    let mut dataset = Dataset {
        root: fs::canonicalize(root).map_err(|source| Error::Read {
            path: root.to_owned(),
            source,
        })?,
        ..Dataset::default()
    };
    if !datasets.exists() {
        return Ok(dataset);
    }
    for entry in sorted_entries(&datasets)? {
        let name = lossy_name(&entry);
        if name.starts_with('.') {
            continue;
        }
        if !entry.is_dir() {
            // A README beside the collections is fine; a record there is lost.
            if Format::from_path(&entry).is_some() {
                dataset.issues.push(
                    Issue::file(
                        Code::Layout(Layout::UnexpectedFile),
                        display_path(&entry),
                        "a record file directly in `datasets/` belongs to no collection",
                    )
                    .with_help("move it into `datasets/<collection>/`"),
                );
            }
            continue;
        }
        if !collections.contains(&name) {
            dataset.issues.push(
                Issue::file(
                    Code::Layout(Layout::UnknownCollection),
                    display_path(&entry),
                    format!(
                        "`{name}` is not a collection: there is no `schemas/{name}.schema.json`"
                    ),
                )
                .with_help(format!("known collections: {}", collections.join(", "))),
            );
            continue;
        }
        // Files in a folder that is inside the root are inside it too, unless
        // they are links themselves: checked once here, not per file.
        let folder_inside =
            fs::canonicalize(&entry).is_ok_and(|real| real.starts_with(&dataset.root));
        for path in sorted_entries(&entry)? {
            if lossy_name(&path).starts_with('.') {
                continue;
            }
            let display = display_path(&path);
            if path.is_dir() && Format::from_path(&path).is_none() {
                dataset.issues.push(Issue::file(
                    Code::Layout(Layout::UnexpectedFile),
                    display,
                    format!("a folder inside a collection: records are files directly in `datasets/{name}/`"),
                ).with_help(format!("move its record files up into `datasets/{name}/` and remove the folder")));
                continue;
            }
            let Some(format) = Format::from_path(&path) else {
                dataset.issues.push(Issue::file(
                    Code::Layout(Layout::UnexpectedFile),
                    display,
                    "not a record file: records are `.yaml`, `.yml` or `.json` files, or `.jsonl` files of one record per line",
                ).with_help("give it one of those extensions (in lower case) if it is a record, or move it out of `datasets/`"));
                continue;
            };
            dataset.folder_inside.push(folder_inside);
            dataset.verified.push(Default::default());
            dataset.files.push(RecordFile {
                stem: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                path,
                display,
                collection: name.clone(),
                format,
            });
        }
    }
    Ok(dataset)
}

impl Dataset {
    pub fn file(&self, origin: Origin) -> &RecordFile {
        &self.files[origin.file as usize]
    }

    /// Reads and parses every record, calling `visit` for each one (or for
    /// each file or line that could not be read) on all cores. Results come
    /// back in file order, and in line order within a JSONL file.
    pub fn visit<T, F>(&self, limits: &Limits, visit: F) -> Vec<T>
    where
        T: Send,
        F: Fn(&RecordFile, Origin, Result<Value, Failure>) -> T + Sync,
    {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.files.len() {
            if self.files[i].format == Format::Jsonl {
                self.visit_lines(i, limits, &visit, &mut out);
                i += 1;
                continue;
            }
            let end = (i..self.files.len())
                .find(|&j| self.files[j].format == Format::Jsonl)
                .unwrap_or(self.files.len());
            out.par_extend((i..end).into_par_iter().map(|k| {
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
            i = end;
        }
        out
    }

    /// One JSONL file, read a few megabytes at a time into a reused buffer
    /// whose lines are parsed on all cores while the next block is read.
    fn visit_lines<T, F>(&self, index: usize, limits: &Limits, visit: &F, out: &mut Vec<T>)
    where
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
                return;
            }
        };
        let mut blocks = Blocks::new(handle, index as u32, limits.max_file_bytes);
        let mut current = blocks.next();
        while let Some(block) = current {
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
            current = next;
        }
    }

    /// The bytes of one record, read again (for reports and exports).
    pub fn read(&self, origin: Origin, limits: &Limits) -> Result<Vec<u8>, Failure> {
        let file = self.file(origin);
        if file.format != Format::Jsonl {
            return self.read_file(origin.file as usize, limits);
        }
        let mut handle = self.open(origin.file as usize)?;
        let mut bytes = vec![0; origin.len as usize];
        handle
            .seek(SeekFrom::Start(origin.offset))
            .and_then(|_| handle.read_exact(&mut bytes))
            .map_err(|e| Failure::File {
                code: Code::Io(Io::Unreadable),
                message: format!("cannot read the file again: {e}"),
            })?;
        Ok(bytes)
    }

    /// Many records' bytes, in the order given: each JSONL file is opened
    /// once and read in offset order, files on all cores.
    pub fn read_many(&self, origins: &[Origin], limits: &Limits) -> Vec<Result<Vec<u8>, Failure>> {
        let mut order: Vec<usize> = (0..origins.len()).collect();
        order.sort_by_key(|&i| (origins[i].file, origins[i].offset));
        let groups: Vec<&[usize]> = order
            .chunk_by(|&a, &b| origins[a].file == origins[b].file)
            .collect();
        let read: Vec<Vec<(usize, Bytes)>> = groups
            .par_iter()
            .map(|group| {
                let file = origins[group[0]].file as usize;
                if self.files[file].format != Format::Jsonl {
                    return group
                        .iter()
                        .map(|&i| (i, self.read_file(file, limits)))
                        .collect();
                }
                let mut handle = match self.open(file) {
                    Ok(handle) => handle,
                    Err(failure) => {
                        return group.iter().map(|&i| (i, Err(failure.clone()))).collect()
                    }
                };
                group
                    .iter()
                    .map(|&i| {
                        let origin = origins[i];
                        let mut bytes = vec![0; origin.len as usize];
                        let result = handle
                            .seek(SeekFrom::Start(origin.offset))
                            .and_then(|_| handle.read_exact(&mut bytes))
                            .map(|()| bytes)
                            .map_err(|e| Failure::File {
                                code: Code::Io(Io::Unreadable),
                                message: format!("cannot read the file again: {e}"),
                            });
                        (i, result)
                    })
                    .collect()
            })
            .collect();
        let mut out: Vec<Option<Result<Vec<u8>, Failure>>> =
            (0..origins.len()).map(|_| None).collect();
        for (i, result) in read.into_iter().flatten() {
            out[i] = Some(result);
        }
        out.into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    Err(Failure::File {
                        code: Code::Io(Io::Unreadable),
                        message: "not read".into(),
                    })
                })
            })
            .collect()
    }

    /// One record, read and parsed again.
    pub fn parse_at(&self, origin: Origin, limits: &Limits) -> Result<Value, Failure> {
        let bytes = self.read(origin, limits)?;
        parse(&bytes, self.file(origin).format, limits).map_err(Failure::Parse)
    }

    fn read_file(&self, index: usize, limits: &Limits) -> Result<Vec<u8>, Failure> {
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
    fn open(&self, index: usize) -> Result<fs::File, Failure> {
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

/// A record's bytes, or why they could not be read.
type Bytes = Result<Vec<u8>, Failure>;

/// One line of a block: where it is in the block and in the file.
struct Line {
    start: usize,
    end: usize,
    origin: Origin,
    /// Set when the line could not be taken as a record (too long, unreadable).
    problem: Option<Failure>,
}

/// A run of whole lines read from a JSONL file.
struct Block {
    data: Vec<u8>,
    lines: Vec<Line>,
}

/// Reads a JSONL file in blocks of whole lines. A line longer than the
/// record limit is skipped to its end without being buffered.
struct Blocks {
    handle: fs::File,
    file: u32,
    limit: u64,
    /// Bytes after the last line end of the previous block.
    carry: Vec<u8>,
    /// File offset and line number of the first byte of `carry`.
    offset: u64,
    line: u32,
    done: bool,
    /// Buffers of blocks already processed, reused so memory stays warm.
    spare: Vec<Vec<u8>>,
}

/// Bytes read from a JSONL file at a time.
const BLOCK: usize = 4 << 20;

impl Blocks {
    fn new(handle: fs::File, file: u32, limit: u64) -> Blocks {
        Blocks {
            handle,
            file,
            limit,
            carry: Vec::new(),
            offset: 0,
            line: 1,
            done: false,
            spare: Vec::new(),
        }
    }

    fn next(&mut self) -> Option<Block> {
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
            data.resize(before + BLOCK, 0);
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
            match self.handle.read(&mut buffer) {
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

/// A file name as text; a name that is not UTF-8 keeps its readable parts.
fn lossy_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A directory's entries, sorted, so every walk of the dataset is deterministic.
pub fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let read_error = |source| Error::Read {
        path: dir.to_owned(),
        source,
    };
    let mut entries = fs::read_dir(dir)
        .map_err(read_error)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(read_error)?;
    entries.sort();
    Ok(entries)
}

/// A path as reports print it: relative to where docket runs, `/`-separated.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

impl From<ParseError> for Failure {
    fn from(e: ParseError) -> Self {
        Failure::Parse(e)
    }
}
