//! Bytes as a YAML record file: `docket::parse` must return a record
//! or a parse error, never panic; a record that parses is then located into
//! with pointers built from its own keys.
#![no_main]

use docket::{Format, Limits};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    if let Ok(value) = docket::parse(data, Format::Yaml, &limits) {
        // parse only succeeds on UTF-8 without NUL bytes.
        let text = std::str::from_utf8(data).expect("parsed bytes are UTF-8");
        common::exercise_locate(text, &value);
    }
});
