//! Errors in the editor: the real YAML language server (the one
//! VS Code, Neovim, Helix and Zed run), driven over its stdio protocol,
//! validates records against our schemas while they are typed, through the
//! modeline `docket new` writes and through the editor settings the
//! repository ships. Its schema store is off: it would go to the network.
//!
//! The server is installed by `.ci/run` (`npm ci` in `tests/editor`);
//! without it the test says it was skipped, and fails under CI.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use common::{repo, Fixture};
use serde_json::{json, Value};

const ORG: &str = "datasets/organizations/example-ministry.yaml";

fn server() -> Option<PathBuf> {
    let script =
        repo().join("tests/editor/node_modules/yaml-language-server/bin/yaml-language-server");
    if script.exists() {
        return Some(script);
    }
    common::skip(
        "editor",
        "the YAML language server is not installed in tests/editor; run .ci/run (or `npm ci` in tests/editor)",
    );
    None
}

/// A language server over stdio: requests out, messages in on a thread.
struct Lsp {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    /// What the server is told when it asks for the `yaml` settings.
    settings: Value,
}

impl Lsp {
    fn start(script: &Path, root: &Path, settings: Value) -> Lsp {
        let mut child = Command::new("node")
            .arg(script)
            .arg("--stdio")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs the YAML language server");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (send, messages) = mpsc::channel();
        std::thread::spawn(move || loop {
            let mut length = 0;
            loop {
                let mut header = String::new();
                if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                    return;
                }
                let header = header.trim();
                if header.is_empty() {
                    break;
                }
                if let Some(n) = header.strip_prefix("Content-Length:") {
                    length = n.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            if stdout.read_exact(&mut body).is_err() {
                return;
            }
            if send.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        let mut lsp = Lsp {
            child,
            stdin,
            messages,
            next_id: 1,
            settings,
        };
        let root_uri = uri(root);
        lsp.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "dataset"}],
                "capabilities": {"workspace": {"configuration": true}},
            }),
        );
        lsp.notify("initialized", json!({}));
        let settings = lsp.settings.clone();
        lsp.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"yaml": settings}}),
        );
        lsp
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response, answering the server's
    /// own requests meanwhile.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| (m["id"] == id && m.get("method").is_none()).then(|| m["result"].clone()))
    }

    /// Reads messages until `pick` accepts one, within a minute.
    fn wait<T>(&mut self, mut pick: impl FnMut(&Value) -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .expect("the language server answers within a minute");
            if let (Some(method), Some(id)) = (message["method"].as_str(), message.get("id")) {
                let result = match method {
                    "workspace/configuration" => {
                        let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                        Value::Array(
                            (0..items)
                                .map(
                                    |i| match message["params"]["items"][i]["section"].as_str() {
                                        Some("yaml") => self.settings.clone(),
                                        _ => Value::Null,
                                    },
                                )
                                .collect(),
                        )
                    }
                    _ => Value::Null,
                };
                let id = id.clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": result}));
                continue;
            }
            if let Some(found) = pick(&message) {
                return found;
            }
        }
    }

    /// Opens a document and returns the first diagnostics published for it
    /// that satisfy `done` (the server may publish an empty list first,
    /// before the schema is loaded).
    fn diagnostics(&mut self, path: &Path, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = uri(path);
        let text = std::fs::read_to_string(path).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
        self.wait(|m| {
            let published = m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str();
            let list = m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            (published && done(&list)).then_some(list)
        })
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The settings an editor sends: validation on, the schema store (a
/// download from the network) off, and `yaml.schemas` as given.
fn settings(schemas: Value) -> Value {
    json!({
        "validate": true,
        "hover": true,
        "completion": true,
        "schemaStore": {"enable": false, "url": ""},
        "schemas": schemas,
    })
}

/// The 0-based line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> u64 {
    text.lines().position(|l| l.starts_with(prefix)).unwrap() as u64
}

/// Asserts a diagnostic at `line` whose message holds one of `words`.
fn assert_flagged(diagnostics: &[Value], line: u64, words: &[&str]) {
    assert!(
        diagnostics.iter().any(|d| {
            d["range"]["start"]["line"] == line
                && words
                    .iter()
                    .any(|w| d["message"].as_str().unwrap_or_default().contains(w))
        }),
        "no diagnostic at line {} saying {words:?}: {diagnostics:#?}",
        line + 1
    );
}

/// A record with a misspelt field (`nmae`) and a value outside its enum.
fn broken(record: &str) -> String {
    record
        .replace("name: \"Example Ministry\"", "nmae: \"Example Ministry\"")
        .replace(
            "classification: government-body",
            "classification: goverment",
        )
}

/// Opens the [`broken`] record `typed` at `path`: the misspelt field and
/// the bad enum value are flagged on their own lines.
fn assert_broken_flagged(lsp: &mut Lsp, path: &Path, typed: &str) {
    let found = lsp.diagnostics(path, |d| d.len() >= 2);
    assert_flagged(&found, line_of(typed, "nmae:"), &["nmae"]);
    assert_flagged(
        &found,
        line_of(typed, "classification:"),
        &["not accepted", "goverment"],
    );
}

#[test]
fn modeline_from_docket_new_validates_in_the_editor() {
    let Some(script) = server() else { return };
    let f = Fixture::mini();
    let output = f.run(&["new", "organizations", "a-new-body"]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    let scaffold =
        std::fs::read_to_string(f.path().join("datasets/organizations/a-new-body.yaml")).unwrap();
    let modeline = "# yaml-language-server: $schema=../../schemas/organizations.schema.json";
    assert_eq!(scaffold.lines().next(), Some(modeline));
    // The record as a contributor types it, under the modeline `docket new` wrote.
    let record = std::fs::read_to_string(f.path().join(ORG)).unwrap();
    let typed = format!("{modeline}\n{}", broken(&record));
    let path = f.path().join("datasets/organizations/typed.yaml");
    std::fs::write(&path, &typed).unwrap();

    let mut lsp = Lsp::start(&script, f.path(), settings(json!({})));
    assert_broken_flagged(&mut lsp, &path, &typed);

    // A valid record under the same schema: the extension keywords
    // (`x-references`, `x-verbatim`, …) raise nothing in the editor.
    let valid = f.path().join("datasets/organizations/valid.yaml");
    std::fs::write(&valid, format!("{modeline}\n{record}")).unwrap();
    let found = lsp.diagnostics(&valid, |_| true);
    assert_eq!(found, Vec::<Value>::new());
}

#[test]
fn shipped_editor_settings_associate_every_collection() {
    let Some(script) = server() else { return };
    let shipped: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join(".vscode/settings.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(shipped["yaml.schemaStore.enable"], false);
    let schemas = shipped["yaml.schemas"].clone();
    for entry in std::fs::read_dir(repo().join("schemas")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let collection = name.strip_suffix(".schema.json").unwrap();
        assert_eq!(
            schemas[format!("./schemas/{name}")],
            format!("datasets/{collection}/*.{{yaml,yml}}"),
            "{collection} is not associated with its schema"
        );
    }
    // The settings as an editor sends them, with no modeline in the record.
    let f = Fixture::mini();
    let record = std::fs::read_to_string(f.path().join(ORG)).unwrap();
    let typed = broken(&record);
    let path = f.path().join("datasets/organizations/typed.yaml");
    std::fs::write(&path, &typed).unwrap();
    // Relative schema paths resolve against the workspace folder, as in VS Code.
    let mut lsp = Lsp::start(&script, f.path(), settings(schemas));
    assert_broken_flagged(&mut lsp, &path, &typed);
}
