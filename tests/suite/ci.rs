//! CI and contributors: the GitHub Action's scripts run directly (its
//! install step from a release archive, a wheel or the cache; its one
//! validation run with annotations, job summary and SARIF), the light
//! build's wiring, and tests that cannot pass by skipping under CI.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::{repo, Fixture};

const ORG: &str = "datasets/organizations/example-ministry.yaml";

/// Runs the action's `validate.sh` on a fixture as the composite action
/// does, with the step summary and outputs in files; returns the run, the
/// summary and the outputs.
fn run_action(f: &Fixture, sarif: bool) -> (Output, String, String) {
    run_action_on(f, sarif, &[])
}

/// [`run_action`] with the event's variables (`DOCKET_EVENT`, …) set too.
fn run_action_on(f: &Fixture, sarif: bool, event: &[(&str, &str)]) -> (Output, String, String) {
    let summary = f.path().join("summary.md");
    let outputs = f.path().join("outputs.txt");
    let _ = std::fs::remove_file(&summary);
    let _ = std::fs::remove_file(&outputs);
    let output = Command::new(repo().join("action/validate.sh"))
        .current_dir(f.path())
        .env("DOCKET", env!("CARGO_BIN_EXE_docket"))
        .env("DOCKET_ROOT", ".")
        .env("DOCKET_SARIF", if sarif { "docket.sarif" } else { "" })
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .envs(event.iter().copied())
        .output()
        .unwrap();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    (output, read(&summary), read(&outputs))
}

/// Twelve problems (an unknown parent, eleven misspelt classifications):
/// more than the 10 annotations GitHub shows for a step.
fn many_problems(f: &Fixture) {
    let text = std::fs::read_to_string(f.path().join(ORG)).unwrap();
    f.write(
        ORG,
        text.replace(
            "classification: government-body\n",
            "classification: government-body\nparent: no-such-parent\n",
        ),
    );
    for i in 1..=11 {
        let name = format!("datasets/organizations/extra-{i:02}.yaml");
        f.write(
            &name,
            format!(
                "id: extra-{i:02}\nname: \"Extra\"\nclassification: goverment-body\nprovenance:\n  - source: \"statement.txt\"\n    quote: \"Example Ministry\"\n"
            ),
        );
    }
}

#[test]
fn action_lists_every_problem_past_the_annotation_limit() {
    let f = Fixture::mini();
    many_problems(&f);
    let (output, summary, outputs) = run_action(&f, true);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert!(outputs.contains("exit-code=1"), "{outputs}");
    assert!(outputs.contains("sarif=docket.sarif"), "{outputs}");
    let stdout = common::stdout(&output);
    let annotations = stdout.lines().filter(|l| l.starts_with("::error ")).count();
    assert_eq!(annotations, 12, "{stdout}");
    assert!(
        summary.contains("### docket validate: 12 problems"),
        "{summary}"
    );
    assert!(
        summary.contains("every problem is listed here"),
        "{summary}"
    );
    for i in 1..=11 {
        let place = format!("datasets/organizations/extra-{i:02}.yaml:3:17");
        assert!(summary.contains(&place), "{place} missing from {summary}");
    }
    assert!(summary.contains(&format!("{ORG}:4:9")), "{summary}");
    assert!(
        summary.contains("did you mean `government-body`?"),
        "{summary}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.path().join("docket.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 12);
}

#[test]
fn action_summary_stays_short_under_the_limit_and_says_valid() {
    let f = Fixture::mini();
    let (output, summary, outputs) = run_action(&f, false);
    assert!(output.status.success());
    assert!(outputs.contains("exit-code=0"), "{outputs}");
    assert!(!outputs.contains("sarif="), "{outputs}");
    assert!(
        summary.contains("6 records in 4 collections are valid"),
        "{summary}"
    );
    let text = std::fs::read_to_string(f.path().join(ORG)).unwrap();
    f.write(ORG, text.replace("government-body", "goverment-body"));
    let (_, summary, outputs) = run_action(&f, false);
    assert!(outputs.contains("exit-code=1"), "{outputs}");
    assert!(summary.contains("| `schema.enum` | 1 |"), "{summary}");
    assert!(!summary.contains("every problem is listed"), "{summary}");
}

#[test]
fn summary_escapes_table_cells() {
    let f = Fixture::mini();
    for i in 1..=11 {
        f.write(
            &format!("datasets/organizations/a|b-{i:02}.yaml"),
            "id: x\nname: \"X\"\nclassification: government-body\n",
        );
    }
    let (_, summary, _) = run_action(&f, false);
    assert!(
        summary.contains("| `datasets/organizations/a\\|b-01.yaml"),
        "{summary}"
    );
    let rows = summary
        .lines()
        .filter(|l| l.starts_with("| `datasets/organizations/a\\|b-"))
        .count();
    assert!(rows >= 11, "{summary}");
    for line in summary.lines().filter(|l| l.starts_with("| `datasets/")) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 5, "a cell's pipe is not escaped: {line}");
    }
}

/// SARIF is uploaded only where the token may write code scanning: a pull
/// request from a fork or by Dependabot gets a notice, no `sarif` output,
/// and the same exit code as anywhere else.
#[test]
fn action_skips_sarif_where_the_token_cannot_write_it() {
    let f = Fixture::mini();
    let pull = |head: &'static str, actor: &'static str| {
        [
            ("DOCKET_EVENT", "pull_request"),
            ("DOCKET_REPOSITORY", "owner/data"),
            ("DOCKET_HEAD_REPOSITORY", head),
            ("DOCKET_ACTOR", actor),
        ]
    };
    let (output, _, outputs) = run_action_on(&f, true, &pull("someone/data", "someone"));
    assert!(outputs.contains("exit-code=0"), "{outputs}");
    assert!(!outputs.contains("sarif="), "{outputs}");
    assert!(
        common::stdout(&output)
            .contains("::notice title=docket::SARIF not uploaded: a pull request from a fork"),
        "{}",
        common::stdout(&output)
    );
    let (output, _, outputs) = run_action_on(&f, true, &pull("owner/data", "dependabot[bot]"));
    assert!(!outputs.contains("sarif="), "{outputs}");
    assert!(common::stdout(&output).contains("Dependabot"));
    let (output, _, outputs) = run_action_on(&f, true, &pull("owner/data", "someone"));
    assert!(outputs.contains("sarif=docket.sarif"), "{outputs}");
    assert!(!common::stdout(&output).contains("::notice title=docket::"));
}

/// The light build leaves out the Parquet and SQLite writers and nothing
/// else: `.ci/run` tests it (`cargo test --no-default-features`); here,
/// the wiring that makes it work is checked.
#[test]
fn light_build_wiring() {
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    for line in [
        "default = [\"parquet\", \"sqlite\"]",
        "parquet = [\"dep:parquet\", \"dep:arrow-array\", \"dep:arrow-schema\", \"dep:arrow-buffer\"]",
        "sqlite = [\"dep:rusqlite\"]",
    ] {
        assert!(manifest.contains(line), "Cargo.toml lacks `{line}`");
    }
    for dependency in [
        "arrow-array",
        "arrow-schema",
        "arrow-buffer",
        "parquet =",
        "rusqlite",
    ] {
        let line = manifest
            .lines()
            .find(|l| l.starts_with(dependency))
            .unwrap_or_else(|| panic!("no {dependency} dependency"));
        assert!(line.contains("optional = true"), "{line}");
    }
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(ci.contains("cargo test --locked --no-default-features"));
    let hook = std::fs::read_to_string(repo().join("hooks/docket-validate")).unwrap();
    assert!(hook.contains("--no-default-features"));
    let install = std::fs::read_to_string(repo().join("action/install.sh")).unwrap();
    assert!(install.contains("--no-default-features"));
}

/// `cargo test` runs this in the full build (export works);
/// `cargo test --no-default-features --test suite -- ci::` in the light one, where
/// `export` and `release` refuse up front, saying which build they need.
#[test]
fn export_and_release_in_either_build() {
    let f = Fixture::mini();
    for args in [
        &["export", "--out", "out"][..],
        &["release", "1.0.0", "--sources", "sources", "--out", "dist"],
    ] {
        let output = f.run(args);
        if cfg!(all(feature = "parquet", feature = "sqlite")) {
            assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
        } else {
            assert_eq!(output.status.code(), Some(2));
            assert!(
                common::stderr(&output).contains("install the full build"),
                "{}",
                common::stderr(&output)
            );
            assert!(!f.path().join(args[args.len() - 1]).exists());
        }
    }
}

#[test]
fn a_skipped_test_fails_under_ci() {
    let outcome = std::panic::catch_unwind(|| common::skip("the skip rule's own check", "no tool"));
    assert_eq!(outcome.is_err(), std::env::var_os("CI").is_some());
    // Under CI the assertion in `skip` fires: run the check in a child with
    // CI set, whatever this process has.
    let child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "ci::skip_fails_when_ci_is_set",
            "--ignored",
            "--nocapture",
        ])
        .env("CI", "true")
        .output()
        .unwrap();
    assert!(
        common::stdout(&child).contains("1 passed"),
        "{}",
        common::stdout(&child)
    );
}

/// Run by [`a_skipped_test_fails_under_ci`] with `CI` set.
#[test]
#[ignore]
fn skip_fails_when_ci_is_set() {
    assert!(std::env::var_os("CI").is_some());
    let outcome = std::panic::catch_unwind(|| common::skip("the skip rule's own check", "no tool"));
    assert!(outcome.is_err(), "skip() must fail under CI");
}

/// Runs the action's `install.sh` into `home` as the composite action
/// does on a Linux x86_64 runner, with no cargo on PATH (a build attempt
/// fails the step) and release assets read from `releases`.
#[cfg(unix)]
fn install(home: &Path, reference: &str, releases: &Path, env: &[(&str, &str)]) -> Output {
    Command::new(repo().join("action/install.sh"))
        .env("DOCKET_HOME", home)
        .env("DOCKET_REF", reference)
        .env("DOCKET_REPOSITORY", "owner/docket")
        .env("DOCKET_RELEASES", format!("file://{}", releases.display()))
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("PATH", "/usr/bin:/bin")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

/// A release folder as the release workflow publishes it: the archive for
/// Linux x86_64 (this docket inside) and SHA256SUMS over it.
#[cfg(unix)]
fn release_assets(dir: &Path, version: &str) {
    let name = format!("docket-{version}-x86_64-unknown-linux-gnu");
    let tag = dir.join(format!("v{version}"));
    let inside = dir.join("build").join(&name);
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::create_dir_all(&tag).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_docket"), inside.join("docket")).unwrap();
    let archive = tag.join(format!("{name}.tar.gz"));
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(dir.join("build"))
        .arg(&name)
        .status()
        .unwrap();
    assert!(tar.success());
    let sum = Command::new("sha256sum")
        .arg(format!("{name}.tar.gz"))
        .current_dir(&tag)
        .output()
        .unwrap();
    std::fs::write(tag.join("SHA256SUMS"), sum.stdout).unwrap();
}

/// The action's install step, each way: the cache without compiling; at a
/// release tag the release's archive, checked against SHA256SUMS (a
/// mismatch stops the job); off a release tag, the source build.
#[cfg(unix)]
#[test]
fn action_installs_from_the_cache_or_the_release() {
    let version = env!("CARGO_PKG_VERSION");
    let releases = tempfile::tempdir().unwrap();
    release_assets(releases.path(), version);
    let tag = format!("v{version}");

    let home = tempfile::tempdir().unwrap();
    let output = install(home.path(), &tag, releases.path(), &[]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let said = common::stdout(&output);
    assert!(
        said.contains(&format!(
            "from the release {tag} (x86_64-unknown-linux-gnu)"
        )),
        "{said}"
    );
    assert!(home.path().join("bin/docket").is_file());

    let output = install(home.path(), &tag, releases.path(), &[]);
    assert!(
        common::stdout(&output).contains("from the cache"),
        "{}",
        common::stdout(&output)
    );

    let sums = releases.path().join(&tag).join("SHA256SUMS");
    let text = std::fs::read_to_string(&sums).unwrap();
    std::fs::write(&sums, format!("{}{}", "0".repeat(64), &text[64..])).unwrap();
    let tampered = tempfile::tempdir().unwrap();
    let output = install(tampered.path(), &tag, releases.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stdout(&output).contains("does not match the release's SHA256SUMS"));
    assert!(!tampered.path().join("bin/docket").exists());

    // A branch is no release: nothing prebuilt matches its code.
    let branch = tempfile::tempdir().unwrap();
    let output = install(branch.path(), "main", releases.path(), &[]);
    assert!(!output.status.success());
    assert!(
        common::stdout(&output).contains("building the light build from the action's source"),
        "{}",
        common::stdout(&output)
    );
}

/// Where a release has no archive for the runner, the action installs the
/// release's wheel (here the one `.ci/run` builds, named by
/// `DOCKET_WHEELS`, with the package index off).
#[cfg(unix)]
#[test]
fn action_installs_the_wheel_where_no_archive_fits() {
    let Some(wheels) = std::env::var_os("DOCKET_WHEELS") else {
        common::skip(
            "ci::action_installs_the_wheel_where_no_archive_fits",
            "DOCKET_WHEELS does not name a folder with the docket-opendata wheel (.ci/run builds it)",
        );
        return;
    };
    let wheels = std::path::PathBuf::from(wheels);
    let releases = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    let links = wheels.canonicalize().unwrap();
    let output = install(
        home.path(),
        &tag,
        releases.path(),
        &[
            ("PIP_NO_INDEX", "1"),
            ("PIP_FIND_LINKS", links.to_str().unwrap()),
        ],
    );
    assert!(
        output.status.success(),
        "{}{}",
        common::stdout(&output),
        common::stderr(&output)
    );
    let said = common::stdout(&output);
    assert!(said.contains("has no docket-"), "{said}");
    assert!(said.contains("from the wheel"), "{said}");
    let version = Command::new(home.path().join("bin/docket"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(common::stdout(&version).contains(env!("CARGO_PKG_VERSION")));
}

/// `cargo binstall` finds the archive the release workflow packs: the
/// templates in Cargo.toml, expanded as binstall does for this host, name
/// the file `package-archive` writes and the executable inside it, and
/// Windows (the one target packed as zip) has its own format.
#[cfg(unix)]
#[test]
fn binstall_metadata_names_the_release_archives() {
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let template = |key: &str| -> String {
        let line = manifest
            .lines()
            .find(|line| line.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("Cargo.toml has no {key}"));
        line.split_once(" = ")
            .unwrap()
            .1
            .trim_matches('"')
            .to_owned()
    };
    assert!(
        manifest.contains(
            "[package.metadata.binstall.overrides.x86_64-pc-windows-msvc]\npkg-fmt = \"zip\""
        ),
        "the Windows archive is a zip"
    );
    assert_eq!(template("pkg-fmt"), "tgz");

    let rustc = Command::new("rustc").arg("-vV").output().unwrap();
    let host = common::stdout(&rustc)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let expand = |text: String| {
        text.replace("{ repo }", "https://github.com/owner/docket")
            .replace("{ name }", "docket")
            .replace("{ version }", version)
            .replace("{ target }", &host)
            .replace("{ archive-suffix }", ".tar.gz")
            .replace("{ bin }", "docket")
            .replace("{ binary-ext }", "")
    };
    let url = expand(template("pkg-url"));
    let bin = expand(template("bin-dir"));

    let out = tempfile::tempdir().unwrap();
    let packed = Command::new(repo().join(".github/scripts/package-archive"))
        .args([version, &host, env!("CARGO_BIN_EXE_docket")])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(packed.status.success(), "{}", common::stderr(&packed));
    let archive = std::path::PathBuf::from(common::stdout(&packed).trim());
    let file = archive.file_name().unwrap().to_str().unwrap();
    assert_eq!(
        url,
        format!("https://github.com/owner/docket/releases/download/v{version}/{file}")
    );
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(
        common::stdout(&listing).lines().any(|entry| entry == bin),
        "{bin} is not in {file}:\n{}",
        common::stdout(&listing)
    );
}

/// The release workflow's first step: only a tag of docket's own version
/// releases, and under GitHub Actions only from the repository Cargo.toml
/// names (through which binstall finds the archives).
#[cfg(unix)]
#[test]
fn a_release_tag_must_be_dockets_version_and_repository() {
    let check = |tag: &str, env: &[(&str, &str)]| {
        Command::new(repo().join(".github/scripts/check-version"))
            .arg(tag)
            .env_remove("GITHUB_REPOSITORY")
            .env_remove("GITHUB_OUTPUT")
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    let version = env!("CARGO_PKG_VERSION");
    let tag = format!("v{version}");
    let output = check(&tag, &[]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(common::stdout(&output).trim(), version);

    let output = check("v2.0.0-dataset", &[]);
    assert!(!output.status.success());
    assert!(common::stderr(&output).contains(&format!("the tag must be {tag}")));

    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let named = manifest
        .lines()
        .find_map(|line| line.strip_prefix("repository = \"https://github.com/"))
        .map(|rest| rest.trim_end_matches('"').to_owned());
    let elsewhere = check(&tag, &[("GITHUB_REPOSITORY", "someone-else/fork")]);
    assert!(!elsewhere.status.success());
    assert!(
        common::stderr(&elsewhere).contains("cargo binstall finds the release archives through it"),
        "{}",
        common::stderr(&elsewhere)
    );
    if let Some(named) = named {
        let output = check(&tag, &[("GITHUB_REPOSITORY", &named)]);
        assert!(output.status.success(), "{}", common::stderr(&output));
    }
}
