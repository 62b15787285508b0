//! `docket release`: an immutable, versioned release under `dist/`.

use std::io::Write;

use crate::cli::{Global, ReleaseArgs};
use crate::release;

pub const ABOUT: &str = "\
Validate the dataset, then publish it as OUT/VERSION (OUT defaults to dist/
in the dataset root) with every format `docket export` writes, plus
CHANGELOG.md (records added, removed and changed, field by field, and schema
changes since the previous release) and SHA256SUMS (checkable with
`sha256sum -c SHA256SUMS`).

Refused, with nothing written: invalid data (exit 1, with the validation
report); a version that already exists, that is not a semantic version, or
that is not greater than the newest release in OUT or --previous DIR; and a
schema change that removes or retypes a field without a new major version
(exit 2, with the reason).

The release is written into a temporary directory beside its target and
renamed into place when complete, so an interrupted release leaves OUT as it
was (a temporary directory left by a killed run is removed by the next one).
The same data and docket version give byte-identical files; the only
timestamp written is SOURCE_DATE_EPOCH, when it is set.";

pub fn run(global: &Global, args: &ReleaseArgs, out: &mut dyn Write) -> crate::Result<u8> {
    let root = global.root.as_path();
    let ready = match super::validated(global, args.sources.as_deref(), out)? {
        Ok(ready) => ready,
        Err(code) => return Ok(code),
    };
    let out_dir = args.out.clone().unwrap_or_else(|| root.join("dist"));
    let published = release::publish(
        &ready.checked,
        &ready.collections,
        &ready.metadata,
        &args.version,
        &out_dir,
        args.previous.as_deref(),
    )?;
    let total: u64 = published.files.iter().map(|f| f.bytes).sum();
    writeln!(
        out,
        "released {} ({} files, {total} bytes)",
        crate::load::display_path(&published.dir),
        published.files.len()
    )?;
    if let Some((version, _)) = &published.previous {
        writeln!(out, "changes since {version} are in CHANGELOG.md")?;
    }
    Ok(0)
}
