//! The pre-commit mirror (`hooks/mirror/make`): a repository whose hook
//! `docket-validate` installs docket from its wheel, so that a repository
//! using it needs no Rust toolchain. The mirror is generated into a fresh
//! git repository and the real pre-commit runs it (`try-repo`) on a dataset
//! repository, with a PATH that holds neither cargo nor rustc; pip finds
//! the wheel in the folder `DOCKET_WHEELS` names (`.ci/run` builds it) and
//! setuptools on the package index.
//!
//! pre-commit is `DOCKET_PRE_COMMIT` or the one on the PATH. Without it or
//! the wheel the test says it was skipped, and fails under CI. `try-repo`
//! installs the hook afresh into a temporary folder of its own each time;
//! `PRE_COMMIT_HOME`, in the test's temporary folder, keeps pre-commit's
//! other state away from the user's.

#![cfg(unix)]

use crate::common;

use std::ffi::{OsStr, OsString};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{repo, Fixture};

const TEST: &str = "hook::mirror_installs_the_wheel_and_reports_every_problem";
const ORG: &str = "datasets/organizations/example-ministry.yaml";

/// An executable named `name` in one of the folders of `path`.
fn which(name: &str, path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|file| {
            file.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// The wheel folder and pre-commit, or `None` once the test is skipped. A
/// variable that is set must name what it says.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let Some(wheels) = std::env::var_os("DOCKET_WHEELS").map(PathBuf::from) else {
        common::skip(
            TEST,
            "DOCKET_WHEELS does not name the folder with the docket-opendata wheel (.ci/run builds it)",
        );
        return None;
    };
    assert!(
        has_wheel(&wheels),
        "DOCKET_WHEELS names {}, which holds no docket-opendata wheel",
        wheels.display()
    );
    let pre_commit = match std::env::var_os("DOCKET_PRE_COMMIT").map(PathBuf::from) {
        Some(file) => {
            assert!(
                file.is_file(),
                "DOCKET_PRE_COMMIT names {}, which is not a file",
                file.display()
            );
            Some(file)
        }
        None => which("pre-commit", &std::env::var_os("PATH").unwrap_or_default()),
    };
    let Some(pre_commit) = pre_commit else {
        common::skip(
            TEST,
            "no pre-commit: DOCKET_PRE_COMMIT is not set and it is not on the PATH (.ci/run installs it in .venv-tools)",
        );
        return None;
    };
    Some((wheels.canonicalize().unwrap(), pre_commit))
}

fn has_wheel(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.starts_with("docket_opendata-") && name.ends_with(".whl")
        })
    })
}

/// A PATH of the folders of git and python3 and the system folders only,
/// checked to hold no cargo or rustc: the hook must not build anything.
fn path_without_rust() -> OsString {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let git = which("git", &inherited).expect("git is on the PATH");
    let python = Command::new("python3")
        .args([
            "-c",
            "import os, sys; print(os.path.dirname(os.path.realpath(sys.executable)))",
        ])
        .output()
        .expect("python3 is on the PATH");
    assert!(python.status.success(), "{}", common::stderr(&python));
    let mut dirs = vec![
        git.parent().unwrap().to_owned(),
        PathBuf::from(common::stdout(&python).trim()),
    ];
    for system in ["/usr/bin", "/bin"] {
        dirs.push(PathBuf::from(system));
    }
    dirs.dedup();
    let path = std::env::join_paths(&dirs).unwrap();
    for tool in ["cargo", "rustc"] {
        assert!(
            which(tool, &path).is_none(),
            "{tool} is in one of {path:?}; the hook's PATH must hold no Rust toolchain"
        );
    }
    path
}

/// Runs git in `dir`, away from the user's and the system's git settings.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .envs(git_env())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        common::stderr(&output)
    );
}

fn git_env() -> [(&'static str, &'static str); 6] {
    [
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_AUTHOR_NAME", "docket tests"),
        ("GIT_AUTHOR_EMAIL", "tests@docket.invalid"),
        ("GIT_COMMITTER_NAME", "docket tests"),
        ("GIT_COMMITTER_EMAIL", "tests@docket.invalid"),
    ]
}

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", message]);
}

/// Where pre-commit runs the hook, and what it needs to.
struct Run<'a> {
    pre_commit: &'a Path,
    mirror: &'a Path,
    home: &'a Path,
    wheels: &'a Path,
    path: &'a OsStr,
}

impl Run<'_> {
    /// `pre-commit try-repo MIRROR docket-validate ARGS` in `dataset`,
    /// with the hook's output (stdout and stderr) as one text.
    fn try_repo(&self, dataset: &Path, args: &[&str]) -> (Output, String) {
        let output = Command::new(self.pre_commit)
            .arg("try-repo")
            .arg(self.mirror)
            .args(["docket-validate", "--color", "never"])
            .args(args)
            .current_dir(dataset)
            .env("PATH", self.path)
            .env("PRE_COMMIT_HOME", self.home)
            .env("PIP_FIND_LINKS", self.wheels)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .envs(git_env())
            // Nothing may lead a build to a toolchain either.
            .env_remove("VIRTUAL_ENV")
            .env_remove("CARGO")
            .env_remove("CARGO_HOME")
            .env_remove("RUSTC")
            .env_remove("RUSTUP_HOME")
            .env_remove("RUSTUP_TOOLCHAIN")
            .output()
            .unwrap();
        let said = format!("{}{}", common::stdout(&output), common::stderr(&output));
        (output, said)
    }
}

#[test]
fn mirror_installs_the_wheel_and_reports_every_problem() {
    let Some((wheels, pre_commit)) = tools() else {
        return;
    };
    let path = path_without_rust();
    let work = tempfile::tempdir().unwrap();
    let mirror = work.path().join("mirror");
    let home = work.path().join("pre-commit-home");

    let version = env!("CARGO_PKG_VERSION");
    let made = Command::new(repo().join("hooks/mirror/make"))
        .arg(version)
        .arg(&mirror)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", common::stderr(&made));
    git(&mirror, &["init", "--quiet"]);
    commit_all(&mirror, &format!("docket {version}"));

    let dataset = Fixture::mini();
    dataset.write("notes.txt", "not part of the dataset\n");
    git(dataset.path(), &["init", "--quiet"]);
    commit_all(dataset.path(), "a dataset");

    let run = Run {
        pre_commit: &pre_commit,
        mirror: &mirror,
        home: &home,
        wheels: &wheels,
        path: &path,
    };

    // --verbose: the output of a hook that passes too.
    let (output, said) = run.try_repo(dataset.path(), &["--all-files", "--verbose"]);
    assert!(output.status.success(), "a valid dataset failed:\n{said}");
    assert!(
        said.lines()
            .any(|l| l.starts_with("docket validate") && l.ends_with("Passed")),
        "{said}"
    );
    assert!(
        said.contains("ok: 6 records in 4 collections are valid"),
        "{said}"
    );

    // Only files under datasets/ or schemas/ start the hook.
    let (output, said) = run.try_repo(dataset.path(), &["--files", "notes.txt"]);
    assert!(output.status.success(), "{said}");
    assert!(
        said.lines()
            .any(|l| l.starts_with("docket validate") && l.ends_with("Skipped")),
        "{said}"
    );

    let text = std::fs::read_to_string(dataset.path().join(ORG)).unwrap();
    dataset.write(ORG, text.replace("name: \"Example Ministry\"\n", ""));
    commit_all(dataset.path(), "a record without its name");
    let (output, said) = run.try_repo(dataset.path(), &["--all-files"]);
    assert!(
        !output.status.success(),
        "an invalid dataset passed:\n{said}"
    );
    assert!(
        said.lines()
            .any(|l| l.starts_with("docket validate") && l.ends_with("Failed")),
        "{said}"
    );
    for part in [
        "error[schema.required]: the record is missing the required field `name`",
        &format!("--> {ORG}:1:1"),
        "error: 1 problem in 1 of 6 files",
    ] {
        assert!(said.contains(part), "`{part}` missing from:\n{said}");
    }
}
