//! `docket validate`: every problem with the dataset, in one run.

use std::io::Write;
use std::path::PathBuf;

use super::{Format, Global, ReportFile};
use crate::check::{self, Options};

pub(crate) const ABOUT: &str = "\
Check every record against its collection's JSON Schema, then across records:
ids unique and equal to their file names, every reference resolving, keys
declared unique (such as a recommendation's position in its document) unique,
and dates not in the future. With --sources DIR, also check that every quote
and every text the schema marks verbatim occurs in the record's source file
(whitespace runs and Markdown emphasis ignored), and that recorded SHA-256
hashes match.

Every problem is reported in one run, sorted by file and line, each with a
stable code (such as schema.required or ref.unknown-organization), its file,
line and column, the JSON pointer inside the record and one plain sentence.
--format chooses how it is printed; --report FORMAT=FILE also writes it to
FILE, as often as needed, so that CI gets annotations, SARIF and a Markdown
summary from one run.

With PATH arguments only those files (or folders) are reported on, but the
whole dataset is still read so their references resolve. With
--changed-since REV, docket asks git which files changed since REV
(committed or not, new files included) and reports on those and on every
record that refers to a record in them; a changed schema means everything.

Cost: records stream through once, on all cores, and only a few facts of
each are kept (ids, references, keys), so memory stays far below the data's
size; records with problems are read again to place them. Schemas are
compiled once. A collection may also be one JSONL file of one record per
line; its problems are reported at their line.

Limits (--max-record-bytes, --max-depth, --max-values) stop hostile files
from exhausting memory; a record over them is reported as parse.limit.

Exit codes: 0 valid; 1 invalid data; 2 docket could not run (no schemas,
an unreadable path, a directory or special file where a record belongs).";

/// The one line `docket --help` lists.
pub(crate) const SUMMARY: &str =
    "Check records against their schemas, each other and their sources";

/// The arguments of `docket validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report only on these record files or folders; references still resolve against the whole dataset.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to print the report.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Also write the report in FORMAT to FILE; repeat for more, so that one run gives every output (--report sarif=docket.sarif --report markdown=summary.md).
    #[arg(long = "report", value_name = "FORMAT=FILE")]
    pub reports: Vec<ReportFile>,
    /// Also check provenance: quotes, verbatim texts and source hashes against the source texts in DIR.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Report only on records changed since the git revision REV and the records that refer to them (everything when a schema changed).
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// List at most N problems (the summary still counts them all).
    #[arg(long, value_name = "N")]
    pub max_errors: Option<usize>,
}

pub(crate) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> crate::error::Result<u8> {
    let root = global.root.as_path();
    let changed = match &args.changed_since {
        Some(revision) => Some(changed_files(root, revision)?),
        None => None,
    };
    // The source texts as export and release find them: the flag, else
    // `sources_dir` in dataset.yaml.
    let sources = match &args.sources {
        Some(dir) => Some(dir.clone()),
        None => crate::metadata::Metadata::load(root)?.sources_in(root),
    };
    let options = Options {
        sources,
        only: args.paths.clone(),
        changed,
        today: check::today(),
        limits: global.limits(),
        progress: crate::progress::bar(global.quiet, "checking"),
    };
    let mut checked = check::run(root, &options)?;
    if let Some(bar) = &checked.progress {
        bar.finish_and_clear();
    }
    super::warn_of_empty_collections(&checked)?;
    checked.report.limit = args.max_errors;
    super::write_reports(&checked.report, &args.reports)?;
    super::render(&checked.report, args.format, out)?;
    let code = checked.report.exit_code();
    // The process ends here: freeing a million small allocations one by
    // one would only add time before the exit.
    std::mem::forget(checked);
    Ok(code)
}

/// Files under the root changed since `revision`, committed or not, with
/// new untracked files: what a pull request touches.
fn changed_files(
    root: &std::path::Path,
    revision: &str,
) -> crate::error::Result<Vec<std::path::PathBuf>> {
    let git = |args: &[&str]| -> crate::error::Result<String> {
        let output = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|source| crate::error::Error::NoGit { source })?;
        if !output.status.success() {
            return Err(crate::error::Error::GitFailed {
                command: args.join(" "),
                stderr: String::from_utf8_lossy(&output.stderr)
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            });
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    // Asked first, so that outside a repository or with a mistyped
    // revision the message is one line, not git's usage text.
    if git(&["rev-parse", "--is-inside-work-tree"]).is_err() {
        return Err(crate::error::Error::NotInGit {
            root: root.to_owned(),
        });
    }
    if git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{revision}^{{commit}}"),
    ])
    .is_err()
    {
        return Err(crate::error::Error::UnknownRevision {
            revision: revision.to_owned(),
        });
    }
    let mut files = git(&["diff", "--name-only", "--relative", revision, "--"])?;
    files.push_str(&git(&["ls-files", "--others", "--exclude-standard"])?);
    Ok(files
        .lines()
        .filter(|l| !l.is_empty())
        .map(std::path::PathBuf::from)
        .collect())
}
