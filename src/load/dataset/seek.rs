//! Reading single records again by their place (for reports and exports):
//! a whole file, or the bytes of one JSONL line at its offset.

use std::io::{Read, Seek, SeekFrom};

use rayon::prelude::*;

use super::files::{Dataset, Failure, Format};
use crate::issue::code::{Code, Io};
use crate::issue::Origin;
use crate::load::syntax::Limits;

/// A record's bytes, or why they could not be read.
type Bytes = Result<Vec<u8>, Failure>;

impl Dataset {
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
}
