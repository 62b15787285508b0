//! Names the commit docket is built from, for `docket --version`: the
//! version alone cannot tell two builds of unreleased code apart. The commit
//! goes into the long version only, never into a release's files, so a
//! code-only commit still gives the same bytes.
//!
//! `DOCKET_COMMIT` wins where it is set (a build from a source archive has
//! no git history); otherwise git is asked; otherwise it is "unknown".

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=DOCKET_COMMIT");
    let commit = std::env::var("DOCKET_COMMIT")
        .ok()
        .filter(|commit| !commit.trim().is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=DOCKET_COMMIT={}", commit.trim());
}

/// The checked-out commit, watching the files that move when it changes
/// (HEAD, the branch it points at, the packed refs) so that a new commit
/// reruns this script and nothing else does.
fn git_commit() -> Option<String> {
    // Built from a package unpacked inside some other repository (a vendor
    // folder, a registry cache under a home kept in git): not our commit.
    let top = std::fs::canonicalize(git(&["rev-parse", "--show-toplevel"])?).ok()?;
    let manifest = std::fs::canonicalize(std::env::var_os("CARGO_MANIFEST_DIR")?).ok()?;
    if top != manifest {
        return None;
    }
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.extend(git(&["rev-parse", "--git-path", &branch]));
    }
    watched.extend(git(&["rev-parse", "--git-path", "packed-refs"]));
    // A path that does not exist would rerun this script on every build.
    for path in watched.iter().filter(|path| Path::new(path).exists()) {
        println!("cargo:rerun-if-changed={path}");
    }
    Some(commit)
}

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .current_dir(std::env::var_os("CARGO_MANIFEST_DIR")?)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}
