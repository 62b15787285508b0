//! The bad-input corpus: one folder per case under `tests/corpus/`, each
//! holding files overlaid on the mini fixture and a `case.json` saying what
//! `docket validate --format json` must do with them.
//!
//! `case.json`:
//!
//! ```json
//! {
//!   "description": "one line: what the input is",
//!   "exit": 1,
//!   "code": "parse.syntax",
//!   "file": "datasets/recommendations/example-statement-r01.yaml",
//!   "line": 3,
//!   "args": ["--sources", "sources"],
//!   "setup": [{"action": "fifo", "path": "datasets/documents/pipe.yaml"}],
//!   "max_message_chars": 500,
//!   "message_contains": "text",
//!   "help_contains": "text"
//! }
//! ```
//!
//! `line`, `args`, `setup`, `max_message_chars` (a bound on every issue's
//! message and help), `message_contains` (a text the expected issue's message
//! holds), `help_contains` (a text its help holds: how to fix it) are optional.
//! `code` is `null` for a valid dataset (`exit` 0) and for a run that stops
//! before it can report (`exit` 2, no JSON report): then stderr must name
//! `file`. Setup actions do what a committed file cannot (see [`setup`]).
//!
//! Every case runs the real binary with a time limit; a hang, a panic, a
//! crash, a wrong exit code, a missing issue or an issue without a help
//! line fails the case, and all
//! failing cases are listed at once. `DOCKET_CORPUS=<substring>` runs only
//! the cases whose names contain it; `DOCKET_CORPUS_SHOW=1` also prints what
//! docket did for every case that passed.

#![cfg(unix)]

use crate::common;

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{repo, Fixture};
use serde_json::Value;
use tempfile::TempDir;

/// A run that takes longer is a hang.
const TIMEOUT: Duration = Duration::from_secs(20);
/// Cases run side by side (CI machines have two cores).
const WORKERS: usize = 2;

fn corpus_dir() -> PathBuf {
    repo().join("tests/corpus")
}

/// One case folder, with its `case.json` read and checked.
struct Case {
    name: String,
    dir: PathBuf,
    spec: Spec,
}

struct Spec {
    description: String,
    exit: i32,
    code: Option<String>,
    file: Option<String>,
    line: Option<u64>,
    args: Vec<String>,
    setup: Vec<Value>,
    max_message_chars: Option<usize>,
    message_contains: Option<String>,
    help_contains: Option<String>,
}

impl Spec {
    fn parse(text: &str) -> Result<Spec, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("case.json: {e}"))?;
        let known = [
            "description",
            "exit",
            "code",
            "file",
            "line",
            "args",
            "setup",
            "max_message_chars",
            "message_contains",
            "help_contains",
        ];
        let object = v.as_object().ok_or("case.json is not an object")?;
        if let Some(k) = object.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!("case.json: unknown key `{k}`"));
        }
        let string = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
        let spec = Spec {
            description: string("description").ok_or("case.json: no `description`")?,
            exit: v
                .get("exit")
                .and_then(Value::as_i64)
                .ok_or("case.json: no `exit`")? as i32,
            code: string("code"),
            file: string("file"),
            line: v.get("line").and_then(Value::as_u64),
            args: v
                .get("args")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            setup: v
                .get("setup")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            max_message_chars: v
                .get("max_message_chars")
                .and_then(Value::as_u64)
                .map(|n| n as usize),
            message_contains: string("message_contains"),
            help_contains: string("help_contains"),
        };
        match (spec.exit, &spec.code, &spec.file) {
            (0, None, _) => {}
            (0, Some(_), _) => return Err("case.json: exit 0 with a `code`".into()),
            (1 | 2, Some(_), Some(_)) => {}
            (2, None, Some(_)) => {}
            _ => {
                return Err(
                    "case.json: a failing case needs `file`, and `code` unless it exits 2".into(),
                )
            }
        }
        Ok(spec)
    }
}

fn cases() -> Vec<Result<Case, (String, String)>> {
    let filter = std::env::var("DOCKET_CORPUS").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .expect("tests/corpus")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .filter_map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            if !name.contains(&filter) {
                return None;
            }
            let spec = fs::read_to_string(dir.join("case.json"))
                .map_err(|e| format!("case.json: {e}"))
                .and_then(|t| Spec::parse(&t));
            Some(match spec {
                Ok(spec) => Ok(Case { name, dir, spec }),
                Err(e) => Err((name, e)),
            })
        })
        .collect()
}

#[test]
fn corpus() {
    let cases = cases();
    if std::env::var("DOCKET_CORPUS").is_err() {
        assert!(
            cases.len() >= 40,
            "the corpus has {} cases, fewer than 40",
            cases.len()
        );
    }
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let outcome = match case {
                    Ok(case) => run_case(case).map_err(|e| (case.name.clone(), e)),
                    Err((name, e)) => Err((name.clone(), e.clone())),
                };
                if let Err(failure) = outcome {
                    failures.lock().unwrap().push(failure);
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    if !failures.is_empty() {
        let list: Vec<String> = failures
            .iter()
            .map(|(name, why)| format!("--- {name}\n{why}"))
            .collect();
        panic!(
            "{} of {} corpus cases failed:\n\n{}\n\nfailing cases: {}",
            failures.len(),
            cases.len(),
            list.join("\n\n"),
            failures
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
}

/// Every case is listed in the table of `tests/README.md`.
#[test]
fn readme_lists_every_case() {
    let readme = fs::read_to_string(repo().join("tests/README.md")).expect("tests/README.md");
    let missing: Vec<String> = cases()
        .into_iter()
        .map(|c| c.map_or_else(|(name, _)| name, |c| c.name))
        .filter(|name| !readme.contains(&format!("| `{name}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "cases missing from the table in tests/README.md: {missing:?}"
    );
}

/// What one run of docket left behind.
struct Run {
    status: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

fn run_case(case: &Case) -> Result<(), String> {
    let fixture = Fixture::mini();
    let root = fixture.path();
    overlay(&case.dir, &case.dir, root).map_err(|e| format!("overlay: {e}"))?;
    // Directories outside the root that setup actions created; removed after the run.
    let mut outside = Vec::new();
    for action in &case.spec.setup {
        setup(action, root, &mut outside).map_err(|e| format!("setup {action}: {e}"))?;
    }
    let mut args = vec!["validate".to_owned(), "--format".into(), "json".into()];
    args.extend(case.spec.args.iter().cloned());
    let run = run_docket(root, &args).map_err(|e| format!("cannot run docket: {e}"))?;
    if std::env::var_os("DOCKET_CORPUS_SHOW").is_some() {
        println!("--- {}\n{}\n", case.name, observed(&run));
    }
    check(&case.spec, &run).map_err(|problems| {
        format!(
            "{}\nexpected: exit {}, {} at {}{}\nproblems:\n  - {}\n{}",
            case.spec.description,
            case.spec.exit,
            case.spec.code.as_deref().unwrap_or("no issue"),
            case.spec.file.as_deref().unwrap_or("-"),
            case.spec.line.map(|l| format!(":{l}")).unwrap_or_default(),
            problems.join("\n  - "),
            observed(&run)
        )
    })
}

/// Copies every file of the case folder except `case.json` onto the root.
fn overlay(base: &Path, dir: &Path, root: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let relative = path.strip_prefix(base).unwrap();
        if path.is_dir() {
            overlay(base, &path, root)?;
        } else if relative != Path::new("case.json") {
            let target = root.join(relative);
            fs::create_dir_all(target.parent().unwrap())?;
            fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// A path inside the root given in a setup action (plain, or as hex bytes
/// under `<key>_hex` for names that are not UTF-8).
fn setup_path(action: &Value, key: &str, root: &Path) -> Result<PathBuf, String> {
    let relative = if let Some(p) = action.get(key).and_then(Value::as_str) {
        PathBuf::from(p)
    } else if let Some(hex) = action.get(format!("{key}_hex")).and_then(Value::as_str) {
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|e| format!("`{key}_hex`: {e}"))?;
        PathBuf::from(std::ffi::OsStr::from_bytes(&bytes))
    } else {
        return Err(format!("no `{key}`"));
    };
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, Component::ParentDir))
    {
        return Err(format!("`{key}` must be a path inside the root"));
    }
    Ok(root.join(relative))
}

fn text<'a>(action: &'a Value, key: &str) -> &'a str {
    action.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Performs one setup action:
///
/// - `remove` `path`: deletes a file or a whole folder;
/// - `mkdir` `path`: creates a folder;
/// - `write` `path`|`path_hex` `content`: writes a file (for names git cannot hold);
/// - `rename` `path` `to`|`to_hex`: moves a file;
/// - `generate` `path` `head` `repeat` `times` `tail` [`append`]: writes
///   `head`, `repeat` `times` times (with `{i}` replaced by the count from 0),
///   then `tail` (large files, not committed); `append` keeps what is there;
/// - `crlf` / `cr` `path`: turns the file's line ends into CRLF / CR;
/// - `fifo` / `socket` `path`: creates a named pipe / a unix socket;
/// - `symlink` `path` `target`: a link with that target, as given;
/// - `symlink-outside` `path` `content` [`relative`]: a link to a new file
///   outside the root (by an absolute, or a `../..` relative target);
/// - `move-outside` `path`: moves a file or folder out of the root and leaves
///   a link to it in its place.
fn setup(action: &Value, root: &Path, outside: &mut Vec<TempDir>) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let path = setup_path(action, "path", root)?;
    let parent = path.parent().unwrap().to_owned();
    match text(action, "action") {
        "remove" => {
            if path.is_dir() {
                fs::remove_dir_all(&path).map_err(io)
            } else {
                fs::remove_file(&path).map_err(io)
            }
        }
        "mkdir" => fs::create_dir_all(&path).map_err(io),
        "write" => {
            fs::create_dir_all(&parent).map_err(io)?;
            fs::write(&path, text(action, "content")).map_err(io)
        }
        "rename" => {
            let to = setup_path(action, "to", root)?;
            fs::create_dir_all(to.parent().unwrap()).map_err(io)?;
            fs::rename(&path, &to).map_err(io)
        }
        "generate" => {
            let times = action.get("times").and_then(Value::as_u64).unwrap_or(1) as usize;
            let repeat = text(action, "repeat");
            let mut content = Vec::new();
            if action.get("append").and_then(Value::as_bool) == Some(true) {
                content = fs::read(&path).map_err(io)?;
            }
            content.reserve(text(action, "head").len() + repeat.len() * times + 64);
            content.extend_from_slice(text(action, "head").as_bytes());
            let numbered = repeat.contains("{i}");
            for i in 0..times {
                if numbered {
                    content.extend_from_slice(repeat.replace("{i}", &i.to_string()).as_bytes());
                } else {
                    content.extend_from_slice(repeat.as_bytes());
                }
            }
            content.extend_from_slice(text(action, "tail").as_bytes());
            fs::create_dir_all(&parent).map_err(io)?;
            fs::write(&path, content).map_err(io)
        }
        ends @ ("crlf" | "cr") => {
            let content = fs::read_to_string(&path).map_err(io)?;
            let unix = content.replace("\r\n", "\n");
            let end = if ends == "crlf" { "\r\n" } else { "\r" };
            fs::write(&path, unix.replace('\n', end)).map_err(io)
        }
        "fifo" => {
            let status = Command::new("mkfifo").arg(&path).status().map_err(io)?;
            status
                .success()
                .then_some(())
                .ok_or_else(|| format!("mkfifo: {status}"))
        }
        "socket" => {
            // The socket file stays after the listener is dropped.
            std::os::unix::net::UnixListener::bind(&path)
                .map(drop)
                .map_err(io)
        }
        "symlink" => std::os::unix::fs::symlink(text(action, "target"), &path).map_err(io),
        "symlink-outside" => {
            let dir = tempfile::tempdir().map_err(io)?;
            let target = dir.path().join("outside.yaml");
            fs::write(&target, text(action, "content")).map_err(io)?;
            let link_target = if action.get("relative").and_then(Value::as_bool) == Some(true) {
                // `../` up to `/`, then down to the target.
                let depth = fs::canonicalize(&parent).map_err(io)?.components().count() - 1;
                let target = fs::canonicalize(&target).map_err(io)?;
                PathBuf::from("../".repeat(depth)).join(target.strip_prefix("/").unwrap())
            } else {
                target
            };
            outside.push(dir);
            std::os::unix::fs::symlink(link_target, &path).map_err(io)
        }
        "move-outside" => {
            let dir = tempfile::tempdir().map_err(io)?;
            let target = dir.path().join(path.file_name().unwrap());
            fs::rename(&path, &target).map_err(io)?;
            outside.push(dir);
            std::os::unix::fs::symlink(&target, &path).map_err(io)
        }
        other => Err(format!("unknown action `{other}`")),
    }
}

/// Runs docket in `root` with a time limit, its output going to files so a
/// large report cannot block it.
fn run_docket(root: &Path, args: &[String]) -> std::io::Result<Run> {
    let out = tempfile::tempdir()?;
    let stdout_path = out.path().join("stdout");
    let stderr_path = out.path().join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
        .current_dir(root)
        .args(args)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path)?)
        .stderr(fs::File::create(&stderr_path)?)
        .spawn()?;
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            timed_out = true;
            child.kill()?;
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ok(Run {
        status: status.code(),
        signal: status.signal(),
        timed_out,
        stdout: String::from_utf8_lossy(&fs::read(&stdout_path)?).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(&stderr_path)?).into_owned(),
    })
}

/// Everything wrong with a run, measured against its case.
fn check(spec: &Spec, run: &Run) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    if run.timed_out {
        problems.push(format!("hung: killed after {} s", TIMEOUT.as_secs()));
    } else if let Some(signal) = run.signal {
        problems.push(format!("crashed: killed by signal {signal}"));
    }
    if run.stderr.contains("panicked") {
        problems.push("panicked".to_owned());
    }
    if !run.timed_out && run.status != Some(spec.exit) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            run.status, spec.exit
        ));
    }
    let report: Option<Value> = serde_json::from_str(&run.stdout).ok();
    let issues = report
        .as_ref()
        .and_then(|r| r["issues"].as_array())
        .cloned()
        .unwrap_or_default();
    match (&spec.code, &report) {
        (Some(code), Some(_)) => {
            let found: Vec<&Value> = issues
                .iter()
                .filter(|i| {
                    i["code"] == code.as_str()
                        && i["file"].as_str() == spec.file.as_deref()
                        && spec.line.is_none_or(|l| i["line"].as_u64() == Some(l))
                })
                .collect();
            if found.is_empty() {
                problems.push(format!(
                    "no `{code}` issue at {}{}",
                    spec.file.as_deref().unwrap_or_default(),
                    spec.line.map(|l| format!(":{l}")).unwrap_or_default()
                ));
            } else if let Some(text) = &spec.message_contains {
                if !found.iter().any(|i| {
                    i["message"]
                        .as_str()
                        .is_some_and(|m| m.contains(text.as_str()))
                }) {
                    problems.push(format!("the `{code}` message does not contain `{text}`"));
                }
            }
            if let Some(text) = &spec.help_contains {
                if !found.iter().any(|i| {
                    i["help"]
                        .as_str()
                        .is_some_and(|h| h.contains(text.as_str()))
                }) {
                    problems.push(format!("the `{code}` help does not contain `{text}`"));
                }
            }
        }
        (Some(_), None) => problems.push("no JSON report on stdout".to_owned()),
        (None, _) if spec.exit == 0 => {
            if report.as_ref().map(|r| &r["valid"]) != Some(&Value::Bool(true)) {
                problems.push("the report does not say the dataset is valid".to_owned());
            }
        }
        (None, _) => {
            let file = spec.file.as_deref().unwrap_or_default();
            if !run.stderr.contains(file) {
                problems.push(format!("stderr does not name `{file}`"));
            }
        }
    }
    // Issue #14: every message says how to fix what it reports.
    for issue in &issues {
        if issue["help"].as_str().is_none_or(|h| h.trim().is_empty()) {
            problems.push(format!(
                "a `{}` issue has no help: {}",
                issue["code"].as_str().unwrap_or_default(),
                issue["message"].as_str().unwrap_or_default()
            ));
        }
    }
    if let Some(max) = spec.max_message_chars {
        for issue in &issues {
            for key in ["message", "help"] {
                let chars = issue[key].as_str().map_or(0, |s| s.chars().count());
                if chars > max {
                    problems.push(format!(
                        "the {key} of a `{}` issue is {chars} characters long (at most {max})",
                        issue["code"].as_str().unwrap_or_default()
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// What docket did, for a failure message: exit, issues, stderr.
fn observed(run: &Run) -> String {
    let mut out = format!(
        "observed: exit {}",
        match (run.timed_out, run.status, run.signal) {
            (true, _, _) => "none (timed out)".to_owned(),
            (_, Some(code), _) => code.to_string(),
            (_, None, Some(signal)) => format!("none (signal {signal})"),
            _ => "unknown".to_owned(),
        }
    );
    match serde_json::from_str::<Value>(&run.stdout) {
        Ok(report) => {
            let issues = report["issues"].as_array().cloned().unwrap_or_default();
            out.push_str(&format!(", {} issue(s)", issues.len()));
            for issue in issues.iter().take(8) {
                out.push_str(&format!(
                    "\n    {} {}:{} {}",
                    issue["code"].as_str().unwrap_or_default(),
                    issue["file"].as_str().unwrap_or_default(),
                    issue["line"],
                    shorten(issue["message"].as_str().unwrap_or_default(), 160)
                ));
            }
            if issues.len() > 8 {
                out.push_str(&format!("\n    … and {} more", issues.len() - 8));
            }
        }
        Err(_) if !run.stdout.trim().is_empty() => {
            out.push_str(&format!("\n  stdout: {}", shorten(run.stdout.trim(), 400)));
        }
        Err(_) => {}
    }
    if !run.stderr.trim().is_empty() {
        out.push_str(&format!("\n  stderr: {}", shorten(run.stderr.trim(), 600)));
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!(
            "{}… ({} chars)",
            text.chars().take(max).collect::<String>(),
            text.chars().count()
        )
    }
}
