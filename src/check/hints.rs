//! How to fix a schema error, read from the schema wherever it can be: the
//! expected form of a `format` (with the value's likely intended reading
//! when it is unambiguous), a field's allowed values with their
//! descriptions, its description, and the `title` or `description` of the
//! part of the schema that failed.

use chrono::NaiveDate;
use serde_json::Value;

use crate::issue::pointer_tokens;

/// Longest help that lists allowed values with their descriptions; past it
/// the values are listed alone.
const DESCRIBED_VALUES: usize = 400;

/// What the schema says about one field, with its `$ref`s followed: the
/// first `description`, `title` and `enum` met on the way.
#[derive(Debug, Default)]
pub(super) struct FieldDoc<'s> {
    pub title: Option<&'s str>,
    pub description: Option<&'s str>,
    pub values: Option<&'s Vec<Value>>,
    pub value_descriptions: Option<&'s serde_json::Map<String, Value>>,
}

impl<'s> FieldDoc<'s> {
    /// The documentation of `node`, following its `$ref`s within `root`.
    pub(super) fn of(root: &'s Value, mut node: &'s Value) -> FieldDoc<'s> {
        let mut doc = FieldDoc::default();
        for _ in 0..32 {
            let text = |key| node.get(key).and_then(Value::as_str);
            doc.title = doc.title.or(text("title"));
            doc.description = doc.description.or(text("description"));
            doc.values = doc.values.or(node.get("enum").and_then(Value::as_array));
            doc.value_descriptions = doc
                .value_descriptions
                .or(node.get("x-enum-descriptions").and_then(Value::as_object));
            match node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| root.pointer(p))
            {
                Some(next) => node = next,
                None => break,
            }
        }
        doc
    }

    /// The documentation of the field `name` of the object at `pointer`.
    pub(super) fn of_property(root: &'s Value, pointer: &str, name: &str) -> FieldDoc<'s> {
        crate::schema::subschema_at(root, pointer)
            .and_then(|object| object.get("properties"))
            .and_then(|p| p.get(name))
            .map(|node| FieldDoc::of(root, node))
            .unwrap_or_default()
    }

    /// The documentation of the value at the record pointer `pointer`.
    pub(super) fn at(root: &'s Value, pointer: &str) -> FieldDoc<'s> {
        let tokens = pointer_tokens(pointer);
        match tokens.split_last() {
            Some((last, parent)) if last.parse::<usize>().is_err() => {
                let parent: String = parent.iter().map(|t| format!("/{}", escape(t))).collect();
                FieldDoc::of_property(root, &parent, last)
            }
            _ => crate::schema::subschema_at(root, pointer)
                .map(|node| FieldDoc::of(root, node))
                .unwrap_or_default(),
        }
    }

    /// `one of: a (what a means), b, …`, or `None` without an `enum`.
    pub(super) fn allowed(&self) -> Option<String> {
        let values: Vec<String> = self.values?.iter().map(plain).collect();
        let described: Vec<String> = values
            .iter()
            .map(|v| {
                match self
                    .value_descriptions
                    .and_then(|d| d.get(v))
                    .and_then(Value::as_str)
                {
                    Some(d) => format!("`{v}` ({})", d.trim_end_matches('.')),
                    None => format!("`{v}`"),
                }
            })
            .collect();
        let with = described.join(", ");
        Some(if with.chars().count() <= DESCRIBED_VALUES {
            with
        } else {
            values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }

    /// The title and description, as one phrase.
    pub(super) fn label(&self) -> Option<String> {
        match (self.title, self.description) {
            (Some(t), Some(d)) => Some(format!("{t}: {}", d.trim_end_matches('.'))),
            (Some(t), None) => Some(t.to_owned()),
            (None, Some(d)) => Some(d.trim_end_matches('.').to_owned()),
            (None, None) => None,
        }
    }
}

/// A JSON value as a contributor would type it (strings without quotes).
pub(super) fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The schema node at an error's schema path (`/properties/tags/contains`),
/// following the `$ref`s the path passes through.
pub(super) fn node_at<'s>(root: &'s Value, schema_path: &str) -> Option<&'s Value> {
    let mut node = root;
    for token in pointer_tokens(schema_path) {
        node = if token == "$ref" {
            node.get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| root.pointer(p))?
        } else {
            match node {
                Value::Object(map) => map.get(&token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            }
        };
    }
    Some(node)
}

/// The `title` and `description` of the schema part at `schema_path`.
pub(super) fn label_at(root: &Value, schema_path: &str) -> Option<String> {
    node_at(root, schema_path).and_then(|node| FieldDoc::of(root, node).label())
}

/// The `title` and `description` of the schema part holding the keyword
/// an error's schema path ends with (`…/fixed` for `…/fixed/pattern`).
pub(super) fn owner_label(root: &Value, schema_path: &str) -> Option<String> {
    let cut = schema_path.rfind('/')?;
    label_at(root, &schema_path[..cut])
}

/// What to write for the formats whose form does not depend on the value.
const FORMS: &[(&str, &str)] = &[
    (
        "time",
        "write an RFC 3339 time with a time zone, for example `09:30:00Z`",
    ),
    (
        "uri",
        "write a full address with its scheme, for example `https://example.org/page`",
    ),
    (
        "iri",
        "write a full address with its scheme, for example `https://example.org/page`",
    ),
    (
        "uri-reference",
        "write an address or a relative reference, without spaces (as %20)",
    ),
    (
        "iri-reference",
        "write an address or a relative reference, without spaces (as %20)",
    ),
    (
        "email",
        "write an e-mail address such as `name@example.org`",
    ),
    (
        "idn-email",
        "write an e-mail address such as `name@example.org`",
    ),
    (
        "uuid",
        "write a UUID such as `123e4567-e89b-12d3-a456-426614174000`",
    ),
    ("ipv4", "write an IPv4 address such as `192.0.2.1`"),
    ("ipv6", "write an IPv6 address such as `2001:db8::1`"),
    ("hostname", "write a host name such as `example.org`"),
    ("idn-hostname", "write a host name such as `example.org`"),
    (
        "duration",
        "write an ISO 8601 duration such as `P1Y2M` or `PT30M`",
    ),
    ("regex", "write a valid regular expression (ECMA-262)"),
];

/// The form a `format` expects, and what to write for `value` when its
/// intended reading is clear.
pub(super) fn format_help(format: &str, value: &Value) -> String {
    let text = value.as_str().unwrap_or_default();
    match format {
        "date" => match likely_date(text) {
            Some(date) => format!("write the date as YYYY-MM-DD: `{date}`"),
            None if looks_like_iso_date(text) => {
                "write the date as YYYY-MM-DD, with a day that exists in that month".to_owned()
            }
            None => "write the date as YYYY-MM-DD, for example `2023-03-01`".to_owned(),
        },
        "date-time" => {
            let date = likely_date(text)
                .or_else(|| looks_like_iso_date(text).then(|| text[..10].to_owned()))
                .unwrap_or_else(|| "2023-03-01".to_owned());
            format!(
                "write an RFC 3339 date-time (YYYY-MM-DDThh:mm:ss and a time zone), \
                 for example `{date}T09:30:00Z`"
            )
        }
        "uri" | "iri" | "uri-reference" | "iri-reference" if !unescaped(text).is_empty() => {
            let characters = unescaped(text);
            let written: Vec<String> = characters
                .iter()
                .map(|c| format!("`{c}` as `%{:02X}`", *c as u32))
                .collect();
            let brackets = if characters.iter().any(|c| matches!(c, '[' | ']')) {
                " (brackets belong only around an IPv6 host)"
            } else {
                ""
            };
            format!(
                "escape what an address may not hold as it is: write {}{brackets}",
                written.join(", ")
            )
        }
        other => match FORMS.iter().find(|(name, _)| *name == other) {
            Some((_, form)) => (*form).to_owned(),
            None => format!("write a value in the `{other}` format"),
        },
    }
}

/// The characters of an address that RFC 3986 lets appear only escaped
/// (the brackets of an IPv6 host aside), in the order they first appear.
fn unescaped(text: &str) -> Vec<char> {
    let rest = match text.split_once("://") {
        Some((_, after)) if after.starts_with('[') => {
            after.split_once(']').map_or(after, |(_, tail)| tail)
        }
        Some((_, after)) => after,
        None => text,
    };
    let mut found = Vec::new();
    for c in rest.chars() {
        if matches!(
            c,
            '[' | ']' | ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'
        ) && !found.contains(&c)
        {
            found.push(c);
        }
    }
    found
}

fn looks_like_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// The date a contributor most likely meant, when only one reading exists:
/// a date-time's date; a year first (`2023/3/1`, `2023-3-1`); a day first
/// with dots (`10.12.1984`, the European way of writing dates); a day or
/// month with slashes or dashes when only one of the two can be a month;
/// a month named in words (`1 March 2023`, `March 1, 2023`).
pub(super) fn likely_date(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() > 10 && looks_like_iso_date(text) {
        let date = &text[..10];
        return NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .ok()
            .map(|d| d.to_string());
    }
    for format in ["%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%B %d %Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date.to_string());
        }
    }
    let separator = text.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [a, b, c] = parts[..] else { return None };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (a_n, b_n, c_n) = (number(a)?, number(b)?, number(c)?);
    let (year, month, day) = if a.len() == 4 {
        (a_n, b_n, c_n)
    } else if c.len() == 4 {
        if separator == '.' || a_n > 12 {
            (c_n, b_n, a_n)
        } else if b_n > 12 {
            (c_n, a_n, b_n)
        } else {
            return None;
        }
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(year as i32, month, day).map(|d| d.to_string())
}
