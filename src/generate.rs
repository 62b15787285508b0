//! A deterministic synthetic dataset for benchmarks: recommendation-like
//! records with realistic text lengths and reference fan-out, plus the
//! documents, organisations and treaties they refer to, and a chosen
//! fraction of varied invalid records. Valid against the bundled schemas.
//!
//! Shape for `n` recommendations: `n / 10` documents (at least 10),
//! `n / 1000` organisations (at least 50) and 40 treaties. Each
//! recommendation refers to one document, 1–3 addressees, 0–2 concerns and
//! 0–3 instruments; texts are 100–600 characters.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::model::schema::{bundled, to_file_text};

/// How the records are laid out on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// One YAML file per record: `datasets/<collection>/<id>.yaml`.
    Files,
    /// One JSONL file per collection: `datasets/<collection>/<collection>.jsonl`.
    Jsonl,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Plan {
    pub recommendations: usize,
    /// Fraction of recommendations and documents made invalid, 0 to 1.
    pub invalid: f64,
    pub layout: Layout,
    pub seed: u64,
}

/// Counts of what was written.
#[derive(Debug, Default)]
pub struct Generated {
    pub records: usize,
    pub invalid: usize,
}

/// splitmix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const WORDS: &[&str] = &[
    "ensure",
    "the",
    "right",
    "to",
    "life",
    "and",
    "prohibit",
    "torture",
    "in",
    "line",
    "with",
    "its",
    "international",
    "obligations",
    "investigate",
    "all",
    "reports",
    "of",
    "arbitrary",
    "detention",
    "guarantee",
    "access",
    "for",
    "independent",
    "monitoring",
    "mechanisms",
    "protect",
    "human",
    "rights",
    "defenders",
    "journalists",
    "freedom",
    "expression",
    "assembly",
    "association",
    "ratify",
    "convention",
    "optional",
    "protocol",
    "implement",
    "recommendations",
    "treaty",
    "bodies",
    "special",
    "procedures",
    "cooperate",
    "fully",
    "national",
    "legislation",
    "non-discrimination",
    "minorities",
    "women",
    "children",
    "persons",
    "disabilities",
    "effective",
    "remedy",
    "accountability",
    "civil",
    "society",
    "organisations",
];

fn text(rng: &mut Rng, min: usize, max: usize) -> String {
    let target = min + rng.below(max - min);
    let mut out = String::with_capacity(target + 16);
    while out.len() < target {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(WORDS[rng.below(WORDS.len())]);
    }
    out.truncate(target);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out.push('.');
    out
}

/// Writes a dataset root (schemas and records) into `out`.
pub fn generate(out: &Path, plan: &Plan) -> Result<Generated> {
    let write_error = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    let schemas = out.join("schemas");
    fs::create_dir_all(&schemas).map_err(write_error(&schemas))?;
    for (name, schema) in bundled() {
        let path = schemas.join(format!("{name}.schema.json"));
        fs::write(&path, to_file_text(&schema)).map_err(write_error(&path))?;
    }
    let mut rng = Rng(plan.seed);
    let n = plan.recommendations;
    let documents = (n / 10).max(10);
    let organizations = (n / 1000).max(50);
    let treaties = 40;
    let mut generated = Generated::default();
    let mut sink = Sink::new(out, plan.layout)?;

    for i in 0..treaties {
        let mut record = json!({
            "id": format!("treaty-{i:04}"),
            "name": format!("Convention number {i} on {}", text(&mut rng, 20, 60)),
            "abbreviation": format!("T{i}"),
            "kind": (["treaty", "optional-protocol", "protocol", "declaration"][i % 4]),
            "provenance": [{"source": "synthetic.txt", "quote": text(&mut rng, 30, 80)}],
        });
        if i % 4 == 1 {
            record["parent"] = json!(format!("treaty-{:04}", i - 1));
        }
        sink.write("treaties", record)?;
        generated.records += 1;
    }
    for i in 0..organizations {
        let mut record = json!({
            "id": format!("org-{i:06}"),
            "name": format!("Organisation {i} for {}", text(&mut rng, 10, 40)),
            "aliases": [format!("Org {i}")],
            "classification": (["civil-society-organization", "state", "government-body", "un-body"][i % 4]),
            "provenance": [{"source": "synthetic.txt", "quote": text(&mut rng, 30, 80)}],
        });
        if i > 10 && i % 7 == 0 {
            record["parent"] = json!(format!("org-{:06}", rng.below(10)));
        }
        sink.write("organizations", record)?;
        generated.records += 1;
    }
    for i in 0..documents {
        let mut record = json!({
            "id": format!("doc-{i:07}"),
            "title": text(&mut rng, 40, 160),
            "kind": (["statement", "letter", "appeal", "report"][i % 4]),
            "coverage": "full",
            "date": format!("20{:02}-{:02}-{:02}", 10 + rng.below(15), 1 + rng.below(12), 1 + rng.below(28)),
            "authors": [format!("org-{:06}", rng.below(organizations))],
            "summary": text(&mut rng, 100, 300),
            "provenance": [{"source": "synthetic.txt", "sha256": "0".repeat(64), "quote": text(&mut rng, 30, 120)}],
        });
        if rng.chance(plan.invalid) {
            spoil(&mut record, &mut rng, "documents");
            generated.invalid += 1;
        }
        sink.write("documents", record)?;
        generated.records += 1;
    }
    for i in 0..n {
        let document = i / 10 % documents;
        let mut record = Map::new();
        record.insert(
            "id".into(),
            json!(format!("doc-{document:07}-r{:02}", i % 10 + 1)),
        );
        record.insert("document".into(), json!(format!("doc-{document:07}")));
        record.insert("position".into(), json!(i % 10 + 1));
        record.insert("number".into(), json!((i % 10 + 1).to_string()));
        record.insert(
            "kind".into(),
            json!(["recommendation", "demand", "request", "call"][rng.below(4)]),
        );
        record.insert("text".into(), json!(text(&mut rng, 100, 600)));
        let addressees: Vec<String> = (0..1 + rng.below(3))
            .map(|k| format!("org-{:06}", (rng.below(organizations) + k) % organizations))
            .collect();
        record.insert("addressees".into(), json!(dedup(addressees)));
        let concerns = rng.below(3);
        if concerns > 0 {
            let list: Vec<String> = (0..concerns)
                .map(|k| format!("org-{:06}", (rng.below(organizations) + k) % organizations))
                .collect();
            record.insert("concerns".into(), json!(dedup(list)));
        }
        let citations = rng.below(4);
        if citations > 0 {
            let list: Vec<Value> = (0..citations)
                .map(|k| json!({"instrument": format!("treaty-{:04}", (rng.below(treaties) + k) % treaties), "articles": [(1 + rng.below(30)).to_string()]}))
                .collect();
            record.insert("citations".into(), Value::Array(list));
        }
        record.insert(
            "provenance".into(),
            json!({"source": "synthetic.txt", "quote": text(&mut rng, 30, 100)}),
        );
        let mut record = Value::Object(record);
        if rng.chance(plan.invalid) {
            spoil(&mut record, &mut rng, "recommendations");
            generated.invalid += 1;
        }
        sink.write("recommendations", record)?;
        generated.records += 1;
    }
    sink.finish()?;
    Ok(generated)
}

fn dedup(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

/// Makes a record invalid in one of the ways contributors do.
fn spoil(record: &mut Value, rng: &mut Rng, collection: &str) {
    let Some(map) = record.as_object_mut() else {
        return;
    };
    match rng.below(6) {
        0 => {
            map.remove("kind");
        }
        1 => {
            map.insert("kind".into(), json!("recomendation"));
        }
        2 => {
            let key = if collection == "documents" {
                "authors"
            } else {
                "addressees"
            };
            map.insert(key.into(), json!(["Not_A_Slug"]));
        }
        3 => {
            let key = if collection == "documents" {
                "title"
            } else {
                "position"
            };
            map.insert(
                key.into(),
                if collection == "documents" {
                    json!(42)
                } else {
                    json!("first")
                },
            );
        }
        4 => {
            map.insert("notes".into(), json!("an unexpected field"));
        }
        _ => {
            let key = if collection == "documents" {
                "authors"
            } else {
                "addressees"
            };
            map.insert(key.into(), json!(["org-no-such-one"]));
        }
    }
}

/// Where generated records go.
struct Sink {
    root: std::path::PathBuf,
    layout: Layout,
    jsonl: Vec<(String, BufWriter<fs::File>)>,
}

impl Sink {
    fn new(root: &Path, layout: Layout) -> Result<Sink> {
        Ok(Sink {
            root: root.join("datasets"),
            layout,
            jsonl: Vec::new(),
        })
    }

    fn write(&mut self, collection: &str, record: Value) -> Result<()> {
        let dir = self.root.join(collection);
        let write_error = |source| Error::Write {
            path: dir.clone(),
            source,
        };
        match self.layout {
            Layout::Files => {
                fs::create_dir_all(&dir).map_err(write_error)?;
                let id = record["id"].as_str().unwrap_or("record").to_owned();
                let mut text = String::new();
                yaml(&record, 0, &mut text);
                let path = dir.join(format!("{id}.yaml"));
                fs::write(&path, text).map_err(|source| Error::Write { path, source })
            }
            Layout::Jsonl => {
                let index = match self.jsonl.iter().position(|(c, _)| c == collection) {
                    Some(index) => index,
                    None => {
                        fs::create_dir_all(&dir).map_err(write_error)?;
                        let path = dir.join(format!("{collection}.jsonl"));
                        let file = fs::File::create(&path)
                            .map_err(|source| Error::Write { path, source })?;
                        self.jsonl.push((
                            collection.to_owned(),
                            BufWriter::with_capacity(1 << 20, file),
                        ));
                        self.jsonl.len() - 1
                    }
                };
                let writer = &mut self.jsonl[index].1;
                serde_json::to_writer(&mut *writer, &record).map_err(|e| write_error(e.into()))?;
                writer.write_all(b"\n").map_err(write_error)
            }
        }
    }

    fn finish(self) -> Result<()> {
        for (collection, mut writer) in self.jsonl {
            writer.flush().map_err(|source| Error::Write {
                path: self.root.join(collection),
                source,
            })?;
        }
        Ok(())
    }
}

/// A block-style YAML rendering of a JSON value; strings are written as
/// JSON strings, which YAML reads unchanged.
fn yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                out.push_str(&pad);
                out.push_str(key);
                out.push(':');
                block(v, indent, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        let mut inner = String::new();
                        yaml(item, indent + 2, &mut inner);
                        out.push(' ');
                        out.push_str(inner.trim_start());
                    }
                    _ => block(item, indent, out),
                }
            }
        }
        scalar => {
            out.push_str(&pad);
            out.push_str(&scalar.to_string());
            out.push('\n');
        }
    }
}

fn block(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            yaml(value, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            yaml(value, indent + 2, out);
        }
        other => {
            out.push(' ');
            out.push_str(&other.to_string());
            out.push('\n');
        }
    }
}
