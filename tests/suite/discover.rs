//! Finding, browsing and loading a release: each reader named
//! in the issue reads a release of the bundled dataset and sees what the
//! release says about itself. The checks are `interop/check_discover.py`;
//! they need `.venv` (made by `.ci/run`) and are skipped without it.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{bundled_release, python, repo};

/// One first release (1.0.0) of the bundled dataset, shared by the tests
/// of this file.
fn release() -> &'static Path {
    static RELEASE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &RELEASE.get_or_init(bundled_release).1
}

/// Runs the named checks of `check_discover.py` on the release and returns
/// what they printed; `None` when the Python environment is missing.
fn check(checks: &[&str]) -> Option<String> {
    let python = python()?;
    let stdout = common::run_reader(
        Command::new(python)
            .arg("tests/interop/check_discover.py")
            .arg(release())
            .args(checks)
            .env("HF_DATASETS_OFFLINE", "1")
            .env("HF_HUB_OFFLINE", "1"),
    );
    println!("{stdout}");
    Some(stdout)
}

#[test]
fn pyarrow_and_polars_see_version_and_schema_in_parquet() {
    if let Some(out) = check(&["parquet_metadata"]) {
        assert!(
            out.contains("pyarrow and polars read version 1.0.0"),
            "{out}"
        );
    }
}

#[test]
fn datasette_shows_descriptions_facets_and_full_text() {
    if let Some(out) = check(&["sqlite_metadata"]) {
        assert!(out.contains("aliases searchable"), "{out}");
    }
}

#[test]
fn mlcroissant_validates_and_loads_every_record_set() {
    if let Some(out) = check(&["croissant"]) {
        assert!(out.contains("4 record sets load"), "{out}");
    }
}

#[test]
fn datasets_loads_each_collection_offline_from_the_card() {
    if let Some(out) = check(&["huggingface"]) {
        assert!(out.contains("loads 4 configs offline"), "{out}");
    }
}

#[test]
fn zenodo_metadata_agrees_with_the_data_package() {
    if let Some(out) = check(&["zenodo"]) {
        assert!(out.contains("agree with datapackage.json"), "{out}");
    }
}

#[test]
fn card_snippets_run_and_attribution_fields_are_counted() {
    if let Some(out) = check(&["snippets"]) {
        assert!(out.contains("Python snippets run"), "{out}");
    }
}

#[test]
fn charts_name_their_bars_and_fit_in_chromium() {
    if let Some(out) = check(&["charts"]) {
        assert!(out.contains("every label inside the viewBox"), "{out}");
    }
}

#[test]
fn site_works_in_chromium_from_disk() {
    if let Some(out) = check(&["site"]) {
        assert!(out.contains("references open"), "{out}");
    }
}

/// The release entries of the README's layout block (the lines under
/// `dist/<version>/`), each a list of path patterns.
fn readme_layout() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let block = readme
        .split("## Layout")
        .nth(1)
        .and_then(|s| s.split("```").nth(1))
        .expect("the README has a Layout code block");
    block
        .lines()
        .skip_while(|l| !l.starts_with("dist/"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .flat_map(|l| {
            let paths = l.trim().split("   ").next().unwrap_or_default().to_owned();
            paths
                .split(", ")
                .map(|p| p.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether `file` (a path inside a release) fits `pattern`, where
/// `<name>` stands for one path segment.
fn fits(pattern: &str, file: &str) -> bool {
    let mut rest = file;
    for (i, literal) in pattern.split(['<', '>']).enumerate() {
        if i % 2 == 1 {
            // A placeholder: up to the next literal, within one segment.
            continue;
        }
        if i == 0 {
            match rest.strip_prefix(literal) {
                Some(after) => rest = after,
                None => return false,
            }
        } else {
            let segment_end = rest.find('/').unwrap_or(rest.len());
            let found = if literal.is_empty() {
                Some(segment_end)
            } else {
                rest[..].find(literal).filter(|at| *at <= segment_end)
            };
            match found {
                Some(at) if at > 0 => rest = &rest[at + literal.len()..],
                _ => return false,
            }
        }
    }
    rest.is_empty()
}

#[test]
fn readme_layout_names_every_file_a_release_writes() {
    let layout = readme_layout();
    assert!(layout.len() > 10, "{layout:?}");
    let mut files = Vec::new();
    let root = release();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    for file in &files {
        assert!(
            layout.iter().any(|p| fits(p, file)),
            "`{file}` is written by a release but not in the README's layout: {layout:?}"
        );
    }
    for pattern in &layout {
        assert!(
            files.iter().any(|f| fits(pattern, f)),
            "the README's layout lists `{pattern}`, which a release does not write"
        );
    }
}

fn docket(args: &[&str]) -> String {
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "docket {args:?} failed");
    String::from_utf8_lossy(&output.stdout).replace("\\-", "-")
}

#[test]
fn help_and_man_pages_name_every_file_an_export_writes() {
    let entries: Vec<String> = readme_layout()
        .iter()
        .filter(|p| !["CHANGELOG.md", "SHA256SUMS"].contains(&p.as_str()))
        .map(|p| match p.split_once('/') {
            Some((folder, _)) => format!("{folder}/"),
            None => p.clone(),
        })
        .collect();
    for page in [
        docket(&["export", "--help"]),
        docket(&["release", "--help"]),
        docket(&["man", "export"]),
        docket(&["man", "release"]),
    ] {
        for entry in &entries {
            let entry = entry.trim_end_matches("/");
            assert!(page.contains(entry), "`{entry}` missing from:\n{page}");
        }
    }
    let release = docket(&["release", "--help"]);
    assert!(release.contains("CHANGELOG.md") && release.contains("SHA256SUMS"));
}

#[test]
fn readme_and_man_pages_cover_every_command() {
    let help = docket(&["--help"]);
    let commands: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 9, "{commands:?}");
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let main_page = docket(&["man"]);
    for command in commands {
        assert!(
            readme.contains(&format!("| `docket {command}")),
            "the README's command table has no `docket {command}`"
        );
        let page = docket(&["man", command]);
        assert!(
            page.contains(&format!("docket-{command}"))
                && main_page.contains(&format!("docket-{command}(1)")),
            "docket(1) names docket-{command}(1), and `docket man {command}` prints it"
        );
    }
    let unknown = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .args(["man", "nope"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no command `nope`"));
}
