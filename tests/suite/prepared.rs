//! A prepared root (`docket::Prepared`: schemas compiled and every record's
//! facts kept from one full run) checked again after one file changes gives
//! the report a full run gives, for every kind of change: a record broken,
//! fixed, renamed, removed or added, references broken and repaired, a
//! duplicate id, a JSONL file, and the PATH and `--changed-since` scopes.

use std::path::{Path, PathBuf};

use crate::common::Fixture;
use docket::{Options, Prepared};

fn options(root: &Path) -> Options {
    Options {
        sources: Some(root.join("sources")),
        today: "2025-06-30".to_owned(),
        ..Options::default()
    }
}

/// The full run's report and the prepared one's, in the JSON form (every
/// issue with its code, file, line, column, pointer, message and help).
fn both(
    f: &Fixture,
    prepared: &Prepared,
    file: &str,
    only: Vec<PathBuf>,
    changed: Option<Vec<PathBuf>>,
) -> (String, String) {
    let json = |report: &docket::Report| {
        let mut out = Vec::new();
        docket::json_report(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let full = docket::validate(
        f.path(),
        &Options {
            only: only.clone(),
            changed: changed.clone(),
            ..options(f.path())
        },
    )
    .unwrap();
    let again = prepared
        .validate(&f.path().join(file), only, changed)
        .unwrap();
    (json(&full), json(&again))
}

#[test]
fn a_prepared_root_reports_what_a_full_run_reports() {
    let f = Fixture::mini();
    let prepared = Prepared::new(f.path(), &options(f.path())).unwrap();
    let r01 = "datasets/recommendations/example-statement-r01.yaml";
    let ministry = "datasets/organizations/example-ministry.yaml";
    let original_r01 = std::fs::read_to_string(f.path().join(r01)).unwrap();
    let original_ministry = std::fs::read_to_string(f.path().join(ministry)).unwrap();
    let cases: Vec<(&str, &str, Option<String>)> = vec![
        ("unchanged", r01, Some(original_r01.clone())),
        (
            "an unknown reference",
            r01,
            Some(original_r01.replace("  - example-ministry", "  - example-ministri")),
        ),
        (
            "a wrong type and a bad quote",
            r01,
            Some(
                original_r01
                    .replace("position: 1", "position: first")
                    .replace(
                        "quote: \"Publish the report\"",
                        "quote: \"Publish nothing\"",
                    ),
            ),
        ),
        ("a syntax error", r01, Some("id: [unclosed\n".to_owned())),
        ("removed", ministry, None),
        (
            "renamed inside",
            ministry,
            Some(original_ministry.replace("id: example-ministry", "id: example-ministry-2")),
        ),
        (
            "a duplicate id in a new file",
            "datasets/organizations/copy.yaml",
            Some(original_ministry.clone()),
        ),
        (
            "a JSONL file of two records, one repeating an id",
            "datasets/treaties/treaties.jsonl",
            Some(
                "{\"id\": \"iccpr\", \"name\": \"again\"}\n{\"id\": \"other\", \"kind\": 3}\n"
                    .to_owned(),
            ),
        ),
    ];
    for (what, file, content) in cases {
        match &content {
            Some(text) => {
                f.write(file, text);
            }
            None => {
                f.remove(file);
            }
        }
        let scopes: [(Vec<PathBuf>, Option<Vec<PathBuf>>); 3] = [
            (Vec::new(), None),
            (vec![f.path().join("datasets/recommendations")], None),
            (Vec::new(), Some(vec![PathBuf::from(ministry)])),
        ];
        for (only, changed) in scopes {
            let (full, again) = both(&f, &prepared, file, only.clone(), changed.clone());
            assert_eq!(full, again, "{what} ({only:?}, {changed:?})");
        }
        // Put the fixture back, and check the prepared root agrees again.
        let restored = match file {
            f_ if f_ == r01 => Some(&original_r01),
            f_ if f_ == ministry => Some(&original_ministry),
            _ => None,
        };
        match restored {
            Some(text) => {
                f.write(file, text);
            }
            None => {
                f.remove(file);
            }
        }
        let (full, again) = both(&f, &prepared, file, Vec::new(), None);
        assert_eq!(full, again, "{what}, restored");
        assert!(
            full.contains("\"issues\": []"),
            "{what}: the fixture is valid again"
        );
    }
}
