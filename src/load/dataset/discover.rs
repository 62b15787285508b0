//! Finding a dataset's record files, and the layout rules: every folder
//! under `datasets/` is a collection with a schema, every file in it a
//! record file; anything else is reported, never skipped silently.

use std::fs;
use std::path::Path;

use super::files::{Dataset, Format, RecordFile};
use crate::error::{Error, Result};
use crate::issue::code::{Code, Layout};
use crate::issue::Issue;

const NOT_A_RECORD_FILE: &str = "not a record file: records are `.yaml`, `.yml` or `.json` \
    files, or `.jsonl` files of one record per line";
const NOT_A_RECORD_FIX: &str = "give it one of those extensions (in lower case) if it is a \
    record, or move it out of `datasets/`";

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
    for entry in crate::paths::sorted_entries(&datasets).map_err(Error::reading(&datasets))? {
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
                        crate::paths::shown(&entry),
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
                    crate::paths::shown(&entry),
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
        let first = dataset.files.len();
        for path in crate::paths::sorted_entries(&entry).map_err(Error::reading(&entry))? {
            if lossy_name(&path).starts_with('.') {
                continue;
            }
            let display = crate::paths::shown(&path);
            // Only a name without a record extension is looked at on disk:
            // one `stat` less per record file (a folder named like a record
            // file is reported when it is opened).
            let Some(format) = Format::from_path(&path) else {
                let code = Code::Layout(Layout::UnexpectedFile);
                let issue = if path.is_dir() {
                    Issue::file(
                        code,
                        display,
                        format!("a folder inside a collection: records are files directly in `datasets/{name}/`"),
                    )
                    .with_help(format!(
                        "move its record files up into `datasets/{name}/` and remove the folder"
                    ))
                } else {
                    Issue::file(code, display, NOT_A_RECORD_FILE).with_help(NOT_A_RECORD_FIX)
                };
                dataset.issues.push(issue);
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
        // In the order of their names without the extension, which is the
        // order of their records' keys (a record's key is its file name):
        // `a.yaml` before `a-b.yaml`. Records read in key order are written
        // as they are read.
        dataset.files[first..]
            .sort_by(|a, b| a.stem.cmp(&b.stem).then_with(|| a.path.cmp(&b.path)));
    }
    Ok(dataset)
}

/// A file name as text; a name that is not UTF-8 keeps its readable parts.
fn lossy_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
