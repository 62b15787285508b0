//! The floor for `docket validate` on JSONL: a bare, single-threaded
//! serde_json parse of every line into a `Value`, nothing else. The
//! comparison script runs it on the same files as docket.
//!
//! ```sh
//! cargo bench --bench floor -- datasets/recommendations/recommendations.jsonl [...]
//! ```

use std::io::{BufRead, BufReader};
use std::time::Instant;

fn main() {
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if files.is_empty() {
        eprintln!("usage: floor FILE.jsonl...");
        std::process::exit(2);
    }
    let start = Instant::now();
    let mut records = 0usize;
    let mut bytes = 0usize;
    for file in &files {
        let reader =
            BufReader::with_capacity(1 << 20, std::fs::File::open(file).expect("readable file"));
        for line in reader.split(b'\n') {
            let line = line.expect("readable line");
            if line.is_empty() {
                continue;
            }
            bytes += line.len() + 1;
            let value: serde_json::Value = serde_json::from_slice(&line).expect("valid JSON");
            std::hint::black_box(&value);
            records += 1;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{{\"records\": {records}, \"bytes\": {bytes}, \"seconds\": {seconds:.3}, \"records_per_second\": {:.0}}}",
        records as f64 / seconds
    );
}
