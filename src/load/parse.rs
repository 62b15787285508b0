//! Turning one record's bytes into a value: decoded as UTF-8 and nothing
//! else, then parsed as YAML or JSON under the limits.

use serde_json::Value;

use super::dataset::Format;
use super::syntax::{Limits, ParseError};
use super::{json, yaml};
use crate::issue::code::Parse;
use crate::issue::Pos;

/// Decodes and parses one record's bytes (a whole file, or one JSONL line).
pub fn parse(bytes: &[u8], format: Format, limits: &Limits) -> Result<Value, ParseError> {
    let text = decode(bytes)?;
    let value = match format {
        Format::Yaml => yaml::parse(text, limits)?,
        Format::Json | Format::Jsonl => json::parse(text, limits)?,
    };
    if !value.is_object() {
        return Err(ParseError::new(
            Parse::NotARecord,
            "the file holds a single value or a list, not a record (a mapping of fields)",
            Pos { line: 1, column: 1 },
        ));
    }
    Ok(value)
}

/// UTF-8 only, without a byte-order mark or NUL bytes, so that every tool
/// downstream reads the same text.
fn decode(bytes: &[u8]) -> Result<&str, ParseError> {
    let start = Pos { line: 1, column: 1 };
    let encoding = |message: String, pos: Pos| Err(ParseError::new(Parse::Encoding, message, pos));
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return encoding(
            "the file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM".into(),
            start,
        );
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding("the file is UTF-16; save it as UTF-8".into(), start);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            return encoding(
                format!(
                    "the file is not valid UTF-8 (byte offset {})",
                    e.valid_up_to()
                ),
                position_of(valid, valid.len()),
            );
        }
    };
    if let Some(offset) = text.find('\0') {
        return encoding(
            "the file contains a NUL byte".into(),
            position_of(text, offset),
        );
    }
    Ok(text)
}

/// The line and column of a byte offset in `text`.
fn position_of(text: &str, offset: usize) -> Pos {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line,
        column: before[line_start..].chars().count() as u32 + 1,
    }
}
