//! Bytes as one record file in a small valid dataset: validating the root
//! must return a report (with issues) or an error, never panic or hang.
//!
//! The dataset root is a temporary directory made once per process: the
//! frozen schema 1 (`tests/fixtures/schema1`) and a copy of `tests/fixtures/mini` (records and
//! `sources/`, so provenance is checked too), prepared once
//! (`docket::Prepared`: schemas compiled, the other records' facts kept).
//! Each input writes one file, is validated through the prepared root
//! (cross-record checks included), and the file is removed (or the
//! fixture's put back) after the run. With `DOCKET_FUZZ_COMPARE=1` every
//! input is also validated by a full run, and the two reports must be the
//! same: a differential check of the prepared path.
//!
//! Input layout: the first byte chooses where the rest goes,
//! - `b % 4`: the collection (documents, organizations, recommendations, treaties);
//! - `(b / 4) % 3`: the format (`.yaml`, `.json`, `.jsonl`);
//! - `(b / 12) % 4`: what to report on: 0 everything, 1 `only = [that file]`
//!   (a PATH argument), 2 `changed = [that file]`, 3 `changed =
//!   [datasets/organizations/example-ministry.yaml]` (a record others refer to).
//!
//! A YAML or JSON file is named after the record's `id` when it parses and
//! the id is a plain file name, so a valid record stays valid (and an id of
//! an existing record replaces that record's file); otherwise `fuzz-record`.
//! A JSONL file is `fuzz.jsonl`.
#![no_main]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use docket::Options;
use docket::{Format, Limits};
use libfuzzer_sys::fuzz_target;

const COLLECTIONS: [&str; 4] = ["documents", "organizations", "recommendations", "treaties"];
/// A fixed date, so a run is reproducible whatever day it is.
const TODAY: &str = "2025-06-30";

struct Root {
    /// Kept for the process; libFuzzer ends it with `exit`, which drops no
    /// static, so `remove_root` (registered with `atexit`) deletes it.
    _dir: tempfile::TempDir,
    path: PathBuf,
    /// The fixture's record files, to put back after an input replaced one.
    originals: HashMap<PathBuf, Vec<u8>>,
    prepared: docket::Prepared,
    compare: bool,
}

fn copy_dir(from: &Path, to: &Path, originals: Option<&mut HashMap<PathBuf, Vec<u8>>>) {
    let mut originals = originals;
    fs::create_dir_all(to).expect("create directory");
    let mut entries: Vec<_> = fs::read_dir(from)
        .expect("read fixture directory")
        .map(|e| e.expect("fixture entry").path())
        .collect();
    entries.sort();
    for entry in entries {
        let target = to.join(entry.file_name().expect("file name"));
        if entry.is_dir() {
            copy_dir(&entry, &target, originals.as_deref_mut());
        } else {
            let bytes = fs::read(&entry).expect("read fixture file");
            fs::write(&target, &bytes).expect("write fixture file");
            if let Some(map) = originals.as_deref_mut() {
                map.insert(target, bytes);
            }
        }
    }
}

static ROOT: OnceLock<Root> = OnceLock::new();

extern "C" {
    fn atexit(callback: extern "C" fn()) -> std::os::raw::c_int;
}

extern "C" fn remove_root() {
    if let Some(root) = ROOT.get() {
        let _ = fs::remove_dir_all(&root.path);
    }
}

fn root() -> &'static Root {
    ROOT.get_or_init(|| {
        // libFuzzer runs one input at a time on this thread: docket's
        // parallel loops run on it too, instead of handing a handful of
        // records to worker threads that then spin waiting for the next.
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .use_current_thread()
            .build_global()
            .expect("a one-thread pool");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = tempfile::Builder::new()
            .prefix("docket-fuzz-")
            .tempdir()
            .expect("temporary directory");
        let path = fs::canonicalize(dir.path()).expect("canonical temp dir");
        copy_dir(
            &repo.join("tests/fixtures/schema1"),
            &path.join("schemas"),
            None,
        );
        let mut originals = HashMap::new();
        copy_dir(
            &repo.join("tests/fixtures/mini/datasets"),
            &path.join("datasets"),
            Some(&mut originals),
        );
        copy_dir(
            &repo.join("tests/fixtures/mini/sources"),
            &path.join("sources"),
            None,
        );
        // SAFETY: registers a plain function with the C runtime; it only
        // reads the initialised static.
        unsafe {
            atexit(remove_root);
        }
        let options = options(&path, Vec::new(), None);
        // The fixture must be valid as copied, or the target tests nothing.
        let report = docket::validate(&path, &options).expect("the fixture validates");
        assert!(
            report.issues.is_empty(),
            "the fixture is not valid: {:?}",
            report.issues
        );
        Root {
            prepared: docket::Prepared::new(&path, &options).expect("the fixture prepares"),
            compare: std::env::var_os("DOCKET_FUZZ_COMPARE").is_some_and(|v| v == "1"),
            _dir: dir,
            path,
            originals,
        }
    })
}

fn options(root: &Path, only: Vec<PathBuf>, changed: Option<Vec<PathBuf>>) -> Options {
    Options {
        sources: Some(root.join("sources")),
        only,
        changed,
        today: TODAY.to_owned(),
        limits: Limits::default(),
        ..Options::default()
    }
}

/// The record's id when it is usable as a file name.
fn file_stem(content: &[u8], format: Format) -> String {
    let id = docket::parse(content, format, &Limits::default())
        .ok()
        .and_then(|v| v.get("id").and_then(|id| id.as_str()).map(str::to_owned));
    match id {
        Some(id)
            if !id.is_empty()
                && id.len() <= 100
                && !id.starts_with('.')
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) =>
        {
            id
        }
        _ => "fuzz-record".to_owned(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let root = root();
    let collection = COLLECTIONS[usize::from(selector % 4)];
    let (format, extension) = match (selector / 4) % 3 {
        0 => (Format::Yaml, "yaml"),
        1 => (Format::Json, "json"),
        _ => (Format::Jsonl, "jsonl"),
    };
    let name = match format {
        Format::Jsonl => "fuzz".to_owned(),
        _ => file_stem(content, format),
    };
    let relative = Path::new("datasets")
        .join(collection)
        .join(format!("{name}.{extension}"));
    let path = root.path.join(&relative);
    fs::write(&path, content).expect("write the record file");

    let (only, changed) = match (selector / 12) % 4 {
        0 => (Vec::new(), None),
        1 => (vec![path.clone()], None),
        2 => (Vec::new(), Some(vec![relative])),
        _ => (
            Vec::new(),
            Some(vec![PathBuf::from(
                "datasets/organizations/example-ministry.yaml",
            )]),
        ),
    };
    let result = root.prepared.validate(&path, only.clone(), changed.clone());
    if let Ok(report) = &result {
        // What `docket validate` does next: print the report.
        let sink = &mut std::io::sink();
        docket::human_report(report, sink).expect("render to sink");
        docket::github_report(report, sink).expect("render to sink");
        let mut json = Vec::new();
        docket::json_report(report, &mut json).expect("render to memory");
        if root.compare {
            let full = docket::validate(&root.path, &options(&root.path, only, changed))
                .expect("a full run validates what the prepared one did");
            let mut expected = Vec::new();
            docket::json_report(&full, &mut expected).expect("render to memory");
            assert_eq!(
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(&json),
                "the prepared root and a full run disagree"
            );
        }
    } else if root.compare {
        assert!(
            docket::validate(&root.path, &options(&root.path, only, changed)).is_err(),
            "the prepared root failed where a full run did not: {result:?}",
        );
    }

    match root.originals.get(&path) {
        Some(original) => fs::write(&path, original).expect("restore the fixture file"),
        None => fs::remove_file(&path).expect("remove the record file"),
    }
});
