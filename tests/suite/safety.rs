//! Publishing safety and untrusted input: spreadsheet formulas,
//! links in the release folder, concurrent and killed releases, no network
//! code, and configurable limits.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{hidden_entries, repo, stdout, Fixture};

fn checksums_hold(dir: &Path) -> bool {
    Command::new("sha256sum")
        .args(["-c", "--strict", "--quiet", "SHA256SUMS"])
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn csv_formulas_are_exact_by_default_and_defused_on_request() {
    let f = Fixture::mini();
    let rec = "datasets/recommendations/example-statement-r02.json";
    let text = fs::read_to_string(f.path().join(rec)).unwrap();
    f.write(
        rec,
        text.replace(
            "Consult civil society before the next review.",
            "=HYPERLINK(\\\"http://x\\\")",
        ),
    );
    assert_eq!(f.run(&["export", "--out", "plain"]).status.code(), Some(0));
    assert_eq!(
        f.run(&["export", "--out", "safe", "--csv-safe"])
            .status
            .code(),
        Some(0)
    );
    let plain = fs::read_to_string(f.path().join("plain/csv/recommendations.csv")).unwrap();
    let safe = fs::read_to_string(f.path().join("safe/csv/recommendations.csv")).unwrap();
    assert!(
        plain.contains(",\"=HYPERLINK(\"\"http://x\"\")\","),
        "{plain}"
    );
    assert!(
        safe.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{safe}"
    );
    let json = fs::read_to_string(f.path().join("safe/json/recommendations.json")).unwrap();
    assert!(
        json.contains("\"=HYPERLINK"),
        "JSON keeps the data as it is"
    );
}

#[cfg(unix)]
#[test]
fn release_never_writes_through_a_link() {
    let f = Fixture::mini();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::create_dir_all(f.path().join("dist")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), f.path().join("dist/1.0.0")).unwrap();
    std::os::unix::fs::symlink("/no/such/place", f.path().join("dist/1.0.1")).unwrap();
    for version in ["1.0.0", "1.0.1"] {
        let output = f.run(&["release", version, "--sources", "sources"]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{version}: {}",
            common::stderr(&output)
        );
    }
    assert_eq!(
        fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "nothing written through the link"
    );
    assert!(fs::symlink_metadata(f.path().join("dist/1.0.1"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn concurrent_releases_of_one_version_cannot_both_succeed() {
    let f = Fixture::mini();
    let bin = assert_cmd::cargo::cargo_bin("docket");
    for round in 0..4 {
        let version = format!("1.{round}.0");
        let children: Vec<_> = (0..3)
            .map(|_| {
                Command::new(&bin)
                    .args(["release", &version, "--sources", "sources"])
                    .current_dir(f.path())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let codes: Vec<i32> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
            .collect();
        assert_eq!(
            codes.iter().filter(|&&c| c == 0).count(),
            1,
            "round {round}: {codes:?}"
        );
        assert!(codes.iter().all(|&c| c == 0 || c == 2), "{codes:?}");
        assert!(checksums_hold(&f.path().join("dist").join(&version)));
    }
    assert!(hidden_entries(&f.path().join("dist")).is_empty());
}

/// A release killed at any moment leaves `dist/` as it was: no version
/// folder, or a complete one; the next release clears what the killed one left.
#[cfg(unix)]
#[test]
fn killed_release_leaves_dist_as_it_was() {
    let f = Fixture::mini();
    let generated = f.run(&[
        "generate",
        "--records",
        "20000",
        "--invalid",
        "0",
        "--out",
        "big",
    ]);
    assert_eq!(generated.status.code(), Some(0));
    let root = f.path().join("big");
    let bin = assert_cmd::cargo::cargo_bin("docket");
    let mut killed = 0;
    for delay in [30u64, 120, 300, 600, 1000, 1600] {
        let mut child = Command::new(&bin)
            .args(["release", "1.0.0", "--no-provenance-check"])
            .current_dir(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        let release = root.join("dist/1.0.0");
        if release.exists() {
            assert!(
                checksums_hold(&release),
                "after {delay} ms, a published release is complete"
            );
            fs::remove_dir_all(&release).unwrap();
        }
    }
    assert!(
        killed >= 2,
        "the release was too quick to be killed mid-way"
    );
    let output = Command::new(&bin)
        .args(["release", "1.0.0", "--no-provenance-check"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(checksums_hold(&root.join("dist/1.0.0")));
    assert!(
        hidden_entries(&root.join("dist")).is_empty(),
        "{:?}",
        hidden_entries(&root.join("dist"))
    );
}

/// No HTTP client or TLS stack is compiled in: docket cannot reach the network.
#[test]
fn no_network_code_in_the_build() {
    let lock = fs::read_to_string(repo().join("Cargo.lock")).unwrap();
    let packages: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|n| n.trim_end_matches('"'))
        .collect();
    assert!(packages.contains(&"jsonschema"), "the lock file was read");
    for forbidden in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "curl-sys",
        "isahc",
        "attohttpc",
        "native-tls",
        "openssl",
        "openssl-sys",
        "rustls",
        "h2",
        "tokio",
    ] {
        assert!(
            !packages.contains(&forbidden),
            "`{forbidden}` would give docket network access"
        );
    }
}

#[test]
fn limits_are_configurable() {
    let f = Fixture::mini();
    let (status, report) = f.validate_json(&["--max-record-bytes", "200"]);
    assert_eq!(status, 1);
    let codes: Vec<String> = common::issues(&report)
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    assert!(
        codes.iter().all(|c| c == "parse.limit") && !codes.is_empty(),
        "{codes:?}"
    );
    let (status, _) = f.validate_json(&["--max-depth", "2"]);
    assert_eq!(status, 1);
    let output = f.run(&["validate", "--max-values", "10"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("parse.limit"));
}
