//! `docket schema`: the bundled model's JSON Schemas, generated from the
//! record types.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde_json::Value;

use super::Global;
use crate::error::{Error, Result};
use crate::model::schema::{bundled, to_file_text, ID_PREFIX};

pub(crate) const ABOUT: &str = "\
Write schemas/<collection>.schema.json for the bundled dataset's four
collections (documents, recommendations, organizations, treaties) from the
record types compiled into docket. The schemas are committed so that the
code and the published contract cannot drift; run this after changing the
record types.

With --check nothing is written: the command exits 1 and names each file
that is missing or differs from what the types generate, so CI catches a
model change whose schemas were not regenerated.

A schema file that docket did not generate (a hand-written schema of
another dataset) is never overwritten.";

/// The one line `docket --help` lists.
pub(crate) const SUMMARY: &str = "Write the bundled model's JSON Schemas, or check them for drift";

/// The arguments of `docket schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not write; exit 1 if the committed schemas differ from what the record types generate.
    #[arg(long)]
    pub check: bool,
}

pub(crate) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8> {
    let root = global.root.as_path();
    let dir = root.join("schemas");
    refuse_foreign_schemas(&dir)?;
    let mut drift = 0;
    for (name, schema) in bundled() {
        let path = dir.join(format!("{name}.schema.json"));
        let shown = crate::paths::shown(&path);
        let wanted = to_file_text(&schema);
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() == Some(wanted.as_str()) {
            writeln!(out, "{shown}: up to date")?;
            continue;
        }
        if args.check {
            drift += 1;
            let state = if current.is_some() {
                "differs from the record types"
            } else {
                "is missing"
            };
            writeln!(out, "{shown}: {state}")?;
            continue;
        }
        // Beside hand-edited files: a unique temporary name, synced, renamed.
        crate::staged::Staged::write_file(&path, wanted.as_bytes())?;
        writeln!(out, "{shown}: written")?;
    }
    if drift > 0 {
        writeln!(
            out,
            "run `docket schema` to regenerate, then commit the result"
        )?;
        return Ok(1);
    }
    Ok(0)
}

/// A root whose `schemas/` holds a schema docket did not generate belongs to
/// another dataset: writing the bundled model's schemas there would overwrite
/// or pollute its hand-written contract.
fn refuse_foreign_schemas(dir: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if !path.to_string_lossy().ends_with(".schema.json") {
            continue;
        }
        let id = fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            .and_then(|v| v.get("$id")?.as_str().map(str::to_owned));
        if !id.is_some_and(|id| id.starts_with(ID_PREFIX)) {
            return Err(Error::ForeignSchema { path });
        }
    }
    Ok(())
}
