//! `export --formats`: exactly the files asked for, the same
//! bytes whether a format is written alone or with the others, and memory
//! that stays bounded on a generated dataset.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{repo, stderr};

const FORMATS: [&str; 5] = ["json", "jsonl", "csv", "parquet", "sqlite"];

/// Files written whatever the formats: they describe what was written.
fn is_metadata(path: &str) -> bool {
    path.starts_with("schemas/")
        || path.starts_with("charts/")
        || path.starts_with("site/")
        || [
            "datapackage.json",
            "README.md",
            "CITATION.cff",
            "croissant.json",
            ".zenodo.json",
        ]
        .contains(&path)
}

/// Every file of an export, by path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                found.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

fn export(root: &Path, out: &Path, formats: Option<&str>) -> BTreeMap<String, Vec<u8>> {
    let mut command = assert_cmd::Command::cargo_bin("docket").unwrap();
    command
        .arg("--root")
        .arg(root)
        .args(["export", "--out"])
        .arg(out);
    if let Some(list) = formats {
        command.args(["--formats", list]);
    }
    let output = command
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    files(out)
}

fn format_of(path: &str) -> &str {
    path.split('/').next().unwrap_or_default()
}

#[test]
fn each_format_alone_writes_its_files_and_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let all = export(&repo(), &tmp.path().join("all"), None);
    for format in FORMATS {
        let alone = export(&repo(), &tmp.path().join(format), Some(format));
        let data: Vec<&String> = alone.keys().filter(|p| !is_metadata(p)).collect();
        assert!(!data.is_empty(), "{format}: no data files");
        for path in &data {
            assert_eq!(format_of(path), format, "{format} wrote {path}");
            assert!(
                all[*path] == alone[*path],
                "{path} differs when {format} is written alone"
            );
        }
        let expected: Vec<&String> = all.keys().filter(|p| format_of(p) == format).collect();
        assert_eq!(data, expected, "{format}: not every file of the format");
        for path in alone.keys().filter(|p| is_metadata(p)) {
            assert!(
                all.contains_key(path),
                "{path} is not written with every format"
            );
        }
    }
}

#[test]
fn metadata_describes_only_what_was_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    let written = export(&repo(), &out, Some("parquet,jsonl"));
    let package: serde_json::Value = serde_json::from_slice(&written["datapackage.json"]).unwrap();
    let paths: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert!(!paths.is_empty());
    for path in &paths {
        assert!(
            written.contains_key(*path),
            "datapackage.json lists {path}, which was not written"
        );
    }
    let card = String::from_utf8(written["README.md"].clone()).unwrap();
    assert!(
        card.contains("parquet/<collection>.parquet") && !card.contains("csv/<collection>.csv")
    );
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .arg("--root")
        .arg(repo())
        .args(["export", "--out", "unused", "--formats", "parquet,xlsx"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("xlsx"));
}

/// Peak memory of an export of 20,000 generated records (about 22,000 in
/// all) stays bounded: the generous bound guards against holding the
/// dataset, not against noise.
#[test]
fn export_memory_is_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("generated");
    let generated = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .args([
            "generate",
            "--records",
            "20000",
            "--invalid",
            "0",
            "--layout",
            "jsonl",
            "--out",
        ])
        .arg(&root)
        .output()
        .unwrap();
    assert!(generated.status.success(), "{}", stderr(&generated));
    let out = tmp.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--root")
        .arg(&root)
        .args(["export", "--quiet", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    // SAFETY: getrusage only writes the struct it is given.
    let peak_kib = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage.ru_maxrss
    };
    let peak_mib = peak_kib / 1024;
    println!("peak RSS of export at 22,090 records: {peak_mib} MiB");
    assert!(peak_mib < 512, "export used {peak_mib} MiB");
}

/// `export --format json` run on `root` into `out`: how many times it read
/// the records, and every file it wrote.
fn export_passes(root: &Path, out: &Path) -> (u64, BTreeMap<String, Vec<u8>>) {
    let output = assert_cmd::Command::cargo_bin("docket")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["export", "--quiet", "--format", "json", "--out"])
        .arg(out)
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    (summary["passes"].as_u64().unwrap(), files(out))
}

/// Records that arrive in key order are written as they are checked, read
/// once; records that do not are read again sorted. Either way every file
/// comes out byte for byte the same: here a generated JSONL dataset,
/// exported as generated (sorted) and with every collection's lines in
/// reverse, and the bundled dataset, whose files named by key (`a.yaml`,
/// `a-b.yaml`) are read in key order.
#[test]
fn one_pass_and_two_write_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (sorted, shuffled) = common::sorted_and_reversed(tmp.path(), 3000);
    let (once, one_pass) = export_passes(&sorted, &tmp.path().join("a"));
    let (twice, two_passes) = export_passes(&shuffled, &tmp.path().join("b"));
    assert_eq!((once, twice), (1, 2));
    assert_eq!(
        one_pass.keys().collect::<Vec<_>>(),
        two_passes.keys().collect::<Vec<_>>()
    );
    let differ: Vec<&String> = one_pass
        .iter()
        .filter(|(path, bytes)| two_passes.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(differ.is_empty(), "one pass and two differ in {differ:?}");

    let (passes, _) = export_passes(&repo(), &tmp.path().join("bundled"));
    assert_eq!(passes, 1, "the bundled dataset is read in key order");
}

/// Data found invalid halfway through the one pass publishes nothing: the
/// previous export stays as it was, and no staging folder is left beside
/// it.
#[test]
fn invalid_data_leaves_the_previous_export() {
    let f = common::Fixture::mini();
    assert_eq!(f.run(&["export", "--out", "out"]).status.code(), Some(0));
    let before = files(&f.path().join("out"));
    let last = "datasets/treaties/iccpr.yaml";
    let text = std::fs::read_to_string(f.path().join(last)).unwrap();
    f.write(last, format!("{text}unknown_field: 1\n"));
    let output = f.run(&["export", "--out", "out"]);
    assert_eq!(output.status.code(), Some(1), "{}", common::stdout(&output));
    assert_eq!(files(&f.path().join("out")), before);
    assert!(
        common::hidden_entries(f.path()).is_empty(),
        "{:?}",
        common::hidden_entries(f.path())
    );
}

/// A release says which docket made it (the Data Package and the card), so
/// that anyone can rebuild it with the same version and compare.
#[test]
fn an_export_names_the_docket_that_made_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let written = export(&repo(), &out, Some("json"));
    let package: serde_json::Value = serde_json::from_slice(&written["datapackage.json"]).unwrap();
    assert_eq!(package["docket:version"], env!("CARGO_PKG_VERSION"));
    let card = String::from_utf8_lossy(&written["README.md"]).into_owned();
    assert!(
        card.contains(&format!(
            "**Made with** docket {}:",
            env!("CARGO_PKG_VERSION")
        )),
        "{card}"
    );
}
