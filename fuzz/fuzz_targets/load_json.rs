//! Bytes as a JSON record file, and as a JSONL file read line by line (as
//! the dataset reader splits it): `docket::parse` must return a record
//! or a parse error, never panic; a record that parses is then located into
//! with pointers built from its own keys.
#![no_main]

use docket::{Format, Limits};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    if let Ok(value) = docket::parse(data, Format::Json, &limits) {
        let text = std::str::from_utf8(data).expect("parsed bytes are UTF-8");
        common::exercise_locate(text, &value);
    }
    // JSONL: each line one record, a trailing CR dropped, blank lines skipped.
    for line in data.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if let Ok(value) = docket::parse(line, Format::Jsonl, &limits) {
            let text = std::str::from_utf8(line).expect("parsed bytes are UTF-8");
            common::exercise_locate(text, &value);
        }
    }
});
