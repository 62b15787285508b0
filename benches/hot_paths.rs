//! Micro-benchmarks of docket's hot paths, on records from the synthetic
//! generator: parsing a record (JSON and YAML), schema validation of one
//! record, placing an issue in a file, and a whole validation run.
//!
//! ```sh
//! cargo bench --bench hot_paths
//! ```

use std::path::PathBuf;
use std::sync::OnceLock;

use docket::{
    generate, Format, GeneratedLayout as Layout, GenerationPlan as Plan, Limits, Options, SchemaSet,
};

fn main() {
    divan::main();
}

/// A generated dataset root, shared by all benchmarks.
fn corpus() -> &'static (tempfile::TempDir, PathBuf) {
    static CORPUS: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let root = dir.path().join("root");
        let plan = Plan {
            recommendations: 10_000,
            invalid: 0.01,
            layout: Layout::Jsonl,
            seed: 7,
        };
        generate(&root, &plan).expect("generated corpus");
        (dir, root)
    })
}

fn sample_line() -> &'static str {
    static LINE: OnceLock<String> = OnceLock::new();
    LINE.get_or_init(|| {
        let text = std::fs::read_to_string(
            corpus()
                .1
                .join("datasets/recommendations/recommendations.jsonl"),
        )
        .expect("corpus");
        text.lines().nth(17).expect("a line").to_owned()
    })
}

fn sample_yaml() -> &'static str {
    static YAML: OnceLock<String> = OnceLock::new();
    YAML.get_or_init(|| {
        let value: serde_json::Value = serde_json::from_str(sample_line()).expect("json");
        let mut out = String::new();
        for (key, v) in value.as_object().expect("object") {
            out.push_str(&format!("{key}: {v}\n"));
        }
        out
    })
}

#[divan::bench]
fn parse_json_record(bencher: divan::Bencher) {
    let limits = Limits::default();
    bencher.bench(|| {
        docket::parse(
            divan::black_box(sample_line().as_bytes()),
            Format::Jsonl,
            &limits,
        )
        .expect("parses")
    });
}

#[divan::bench]
fn parse_yaml_record(bencher: divan::Bencher) {
    let limits = Limits::default();
    bencher.bench(|| {
        docket::parse(
            divan::black_box(sample_yaml().as_bytes()),
            Format::Yaml,
            &limits,
        )
        .expect("parses")
    });
}

#[divan::bench]
fn schema_is_valid(bencher: divan::Bencher) {
    let schemas = SchemaSet::load(&corpus().1).expect("schemas");
    let schema = schemas.get("recommendations").expect("collection");
    let value: serde_json::Value = serde_json::from_str(sample_line()).expect("json");
    bencher.bench(|| schema.validator.is_valid(divan::black_box(&value)));
}

#[divan::bench]
fn locate_pointer_in_yaml(bencher: divan::Bencher) {
    bencher.bench(|| docket::locate(divan::black_box(sample_yaml()), "/provenance/quote"));
}

#[divan::bench(sample_count = 10)]
fn validate_10k_records(bencher: divan::Bencher) {
    let options = Options {
        today: docket::today(),
        ..Options::default()
    };
    bencher.bench(|| {
        docket::validate(&corpus().1, &options)
            .expect("runs")
            .issues
            .len()
    });
}
