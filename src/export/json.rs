//! JSON (one array per collection) and JSONL (one record per line): the
//! records exactly as curated, keys in schema order, sorted by id.

use serde_json::Value;

/// A pretty-printed JSON array with a final newline.
pub fn array(records: &[Value]) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(records).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// One compact JSON object per line.
pub fn lines(records: &[Value]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for record in records {
        if serde_json::to_writer(&mut bytes, record).is_ok() {
            bytes.push(b'\n');
        }
    }
    bytes
}
