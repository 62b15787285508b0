//! CI and contributors: the GitHub Action's scripts run
//! directly (its validation step and job summary), the light build's
//! wiring, and tests that cannot pass by skipping under CI.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::{repo, Fixture};

const ORG: &str = "datasets/organizations/example-ministry.yaml";

fn python_ready() -> bool {
    let found = Command::new("python3").arg("--version").output().is_ok();
    if !found {
        common::skip("action scripts", "python3 is not on PATH");
    }
    found
}

/// Runs the action's `validate.sh` on a fixture as the composite action
/// does, with the step summary and outputs in files; returns the run, the
/// summary and the outputs.
fn run_action(f: &Fixture, sarif: bool) -> (Output, String, String) {
    let summary = f.path().join("summary.md");
    let outputs = f.path().join("outputs.txt");
    let output = Command::new(repo().join("action/validate.sh"))
        .current_dir(f.path())
        .env("DOCKET", env!("CARGO_BIN_EXE_docket"))
        .env("DOCKET_ROOT", ".")
        .env("DOCKET_SARIF", if sarif { "docket.sarif" } else { "" })
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
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
    if !python_ready() {
        return;
    }
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
    if !python_ready() {
        return;
    }
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
fn summary_escapes_table_cells_and_refuses_a_missing_report() {
    if !python_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let issue = serde_json::json!({
        "code": "schema.pattern", "file": "datasets/a|b.yaml", "line": 1, "column": 1,
        "pointer": "/id", "message": "a | b\nc", "help": null
    });
    let issues: Vec<_> = (0..11).map(|_| issue.clone()).collect();
    let wire = serde_json::json!({
        "report": "docket-validate", "version": 1, "valid": false,
        "summary": {"collections": 1, "files": 1, "records": 1, "issues": 11,
                    "files_with_issues": 1, "by_code": {"schema.pattern": 11}, "omitted": 0},
        "issues": issues,
    });
    std::fs::write(&report, wire.to_string()).unwrap();
    let script = repo().join("action/summary.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(&report)
        .output()
        .unwrap();
    let markdown = common::stdout(&output);
    assert!(markdown.contains("`datasets/a\\|b.yaml:1:1`"), "{markdown}");
    assert!(markdown.contains("a \\| b<br>c"), "{markdown}");
    let rows = markdown
        .lines()
        .filter(|l| l.starts_with("| `datasets/"))
        .count();
    assert_eq!(rows, 11, "{markdown}");
    let missing = Command::new("python3")
        .arg(&script)
        .arg(dir.path().join("none.json"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(common::stderr(&missing).contains("none.json"));
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

/// The action's install step uses a cached build without compiling again.
#[cfg(unix)]
#[test]
fn action_install_reuses_the_cache() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("bin")).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_docket"), home.path().join("bin/docket"))
        .unwrap();
    let output = Command::new(repo().join("action/install.sh"))
        .env("DOCKET_HOME", home.path())
        // No cargo on PATH: a build attempt would fail the step.
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert!(
        common::stdout(&output).contains("from the cache"),
        "{}",
        common::stdout(&output)
    );
}
