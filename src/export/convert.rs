//! JSON values as typed column values, shared by every writer so that CSV,
//! Parquet and SQLite agree on what a date-time or an integer is.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Number;

/// An RFC 3339 date-time as the instant it names, in UTC. Any offset is
/// applied; a leap second (`23:59:60`) is the first instant of the next
/// minute, as in every timestamp type readers have.
pub(super) fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("`{text}` is not an RFC 3339 date-time ({e})"))
}

/// Microseconds since 1970-01-01T00:00:00Z, as Parquet's timestamps hold them.
pub(super) fn utc_micros(text: &str) -> Result<i64, String> {
    Ok(instant(text)?.timestamp_micros())
}

/// The same instant as text in UTC with a `Z`, with as many fractional
/// digits as it needs (none, 3, 6 or 9).
pub(super) fn utc_text(text: &str) -> Result<String, String> {
    let micros = utc_micros(text)?;
    let time = DateTime::<Utc>::from_timestamp_micros(micros)
        .ok_or_else(|| format!("`{text}` is out of range"))?;
    Ok(time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

/// A JSON Schema integer (which may be written `5.0`) as an `i64`; one too
/// large for 64 bits is refused rather than rounded.
pub(super) fn integer(n: &Number) -> Result<i64, String> {
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 => Ok(f as i64),
        _ => Err(format!(
            "the integer {n} does not fit in 64 bits; declare the field `\"type\": \"number\"` to export it"
        )),
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub(super) fn epoch_days(text: &str) -> Result<i32, String> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|date| (date - epoch).num_days() as i32)
        .map_err(|e| format!("date `{text}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_utc() {
        assert_eq!(
            utc_text("2024-05-01T10:00:00+02:00").unwrap(),
            "2024-05-01T08:00:00Z"
        );
        assert_eq!(
            utc_text("2024-05-01t08:00:00.5z").unwrap(),
            "2024-05-01T08:00:00.500Z"
        );
        assert_eq!(utc_micros("1970-01-01T00:00:01Z").unwrap(), 1_000_000);
        assert_eq!(
            utc_text("2016-12-31T23:59:60Z").unwrap(),
            "2017-01-01T00:00:00Z"
        );
    }

    #[test]
    fn integers_written_as_floats_are_integers() {
        assert_eq!(integer(&serde_json::from_str("5.0").unwrap()).unwrap(), 5);
        assert!(integer(&serde_json::from_str("1e30").unwrap()).is_err());
    }
}
