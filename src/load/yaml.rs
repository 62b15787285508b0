//! YAML records: parsed event by event into a JSON value, with YAML 1.2
//! core-schema scalars (only `true`/`false` are booleans; `no`, `on` and
//! `2023-04-12` stay strings), duplicate keys refused, and limits on depth,
//! node count and alias expansion so a hostile file cannot exhaust memory.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

use super::syntax::{Limits, Located, ParseError};
use crate::issue::code::Parse;
use crate::issue::Pos;

impl From<Marker> for Pos {
    fn from(marker: Marker) -> Self {
        Pos {
            line: marker.line() as u32,
            column: marker.col() as u32 + 1,
        }
    }
}

enum Frame {
    Mapping {
        map: Map<String, Value>,
        key: Option<(String, Pos)>,
        keys: HashMap<String, Pos>,
        anchor: usize,
        nodes: usize,
    },
    Sequence {
        items: Vec<Value>,
        anchor: usize,
        nodes: usize,
    },
}

/// The fix for a syntax error on a line indented with a tab, which YAML
/// does not allow (the scanner's own words, "tabs disallowed within this
/// context", do not say what to do).
fn tab_help(text: &str, pos: Pos) -> Option<String> {
    let line = text.lines().nth(pos.line.checked_sub(1)? as usize)?;
    let indent: &str = &line[..line.len() - line.trim_start().len()];
    indent.contains('\t').then(|| {
        format!(
            "indent with spaces: YAML does not allow tabs for indentation (replace the tab on line {} with spaces)",
            pos.line
        )
    })
}

/// Parses one YAML document holding one record.
pub(super) fn parse(text: &str, limits: &Limits) -> Result<Value, ParseError> {
    let mut stack: Vec<Frame> = Vec::new();
    // Anchored values and their node counts, so an alias costs what it expands to.
    let mut anchors: HashMap<usize, (Value, usize)> = HashMap::new();
    let mut total_nodes = 0usize;
    let mut root: Option<Value> = None;
    let mut documents = 0;

    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| ParseError {
            kind: if e.info().contains("recursion limit") {
                Parse::Limit
            } else {
                Parse::Syntax
            },
            message: e.info().to_owned(),
            pos: Pos::from(*e.marker()),
            help: tab_help(text, Pos::from(*e.marker())),
        })?;
        let pos = Pos::from(span.start);
        let (value, nodes, anchor) = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(ParseError::new(
                        Parse::Syntax,
                        "a record file holds one YAML document, but a second one starts here",
                        pos,
                    ));
                }
                continue;
            }
            Event::MappingStart(anchor, tag) => {
                reject_tag(tag.as_deref(), pos)?;
                check_depth(stack.len(), limits, pos)?;
                stack.push(Frame::Mapping {
                    map: Map::new(),
                    key: None,
                    keys: HashMap::new(),
                    anchor,
                    nodes: 1,
                });
                continue;
            }
            Event::SequenceStart(anchor, tag) => {
                reject_tag(tag.as_deref(), pos)?;
                check_depth(stack.len(), limits, pos)?;
                stack.push(Frame::Sequence {
                    items: Vec::new(),
                    anchor,
                    nodes: 1,
                });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                Some(Frame::Mapping {
                    map, anchor, nodes, ..
                }) => (Value::Object(map), nodes, anchor),
                Some(Frame::Sequence {
                    items,
                    anchor,
                    nodes,
                }) => (Value::Array(items), nodes, anchor),
                None => continue,
            },
            Event::Scalar(text, style, anchor, tag) => {
                if stack.is_empty()
                    && text.is_empty()
                    && style == ScalarStyle::Plain
                    && tag.is_none()
                {
                    // A document with no content at all (`---` alone).
                    return Err(ParseError::new(
                        Parse::Empty,
                        "the file holds no record",
                        Pos { line: 1, column: 1 },
                    ));
                }
                let value = scalar(&text, style, tag.as_deref(), pos)?;
                (value, 1, anchor)
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some((value, nodes)) => (value.clone(), *nodes, 0),
                None => {
                    return Err(ParseError::new(
                        Parse::Syntax,
                        "alias to an unknown anchor",
                        pos,
                    ))
                }
            },
            _ => continue,
        };

        total_nodes += nodes;
        if total_nodes > limits.max_nodes {
            return Err(ParseError::new(
                Parse::Limit,
                format!(
                    "the record expands to more than {} values (aliases included); docket refuses it",
                    limits.max_nodes
                ),
                pos,
            ));
        }
        if anchor != 0 {
            anchors.insert(anchor, (value.clone(), nodes));
        }
        attach(&mut stack, &mut root, value, nodes, pos)?;
    }

    root.ok_or_else(|| {
        ParseError::new(
            Parse::Empty,
            "the file holds no record",
            Pos { line: 1, column: 1 },
        )
    })
}

/// Puts a finished value into its parent (as a key, a mapping value or a
/// sequence item), or makes it the document's root.
fn attach(
    stack: &mut [Frame],
    root: &mut Option<Value>,
    value: Value,
    nodes: usize,
    pos: Pos,
) -> Result<(), ParseError> {
    match stack.last_mut() {
        None => *root = Some(value),
        Some(Frame::Sequence {
            items, nodes: n, ..
        }) => {
            items.push(value);
            *n += nodes;
        }
        Some(Frame::Mapping {
            map,
            key,
            keys,
            nodes: n,
            ..
        }) => match key.take() {
            Some((name, _)) => {
                map.insert(name, value);
                *n += nodes;
            }
            None => {
                let name = match value {
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Null => "null".to_owned(),
                    _ => {
                        return Err(ParseError::new(
                            Parse::Syntax,
                            "a mapping key must be a plain value, not a list or mapping",
                            pos,
                        ))
                    }
                };
                if let Some(first) = keys.get(&name) {
                    return Err(ParseError::new(
                        Parse::DuplicateKey,
                        format!(
                            "duplicate key `{name}` (first defined at line {})",
                            first.line
                        ),
                        pos,
                    ));
                }
                keys.insert(name.clone(), pos);
                *key = Some((name, pos));
            }
        },
    }
    Ok(())
}

fn check_depth(depth: usize, limits: &Limits, pos: Pos) -> Result<(), ParseError> {
    if depth >= limits.max_depth {
        return Err(ParseError::new(
            Parse::Limit,
            format!("nesting deeper than {} levels", limits.max_depth),
            pos,
        ));
    }
    Ok(())
}

/// Only the core schema's `!!str` changes how docket reads a value; other
/// tags (local types, `!!binary`, …) have no meaning in a record.
fn reject_tag(tag: Option<&saphyr_parser::Tag>, pos: Pos) -> Result<(), ParseError> {
    match tag {
        None => Ok(()),
        Some(tag) if tag.is_yaml_core_schema() && matches!(tag.suffix.as_str(), "map" | "seq") => {
            Ok(())
        }
        Some(tag) => Err(ParseError::new(
            Parse::Syntax,
            format!(
                "YAML tag `{}{}` is not supported in records",
                tag.handle, tag.suffix
            ),
            pos,
        )),
    }
}

/// Resolves a scalar with the YAML 1.2 core schema.
fn scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&saphyr_parser::Tag>,
    pos: Pos,
) -> Result<Value, ParseError> {
    if let Some(tag) = tag {
        if tag.is_yaml_core_schema() && tag.suffix == "str" {
            return Ok(Value::String(text.to_owned()));
        }
        reject_tag(Some(tag), pos)?;
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::String(text.to_owned()));
    }
    Ok(match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => match core_number(text) {
            Some(Ok(number)) => Value::Number(number),
            Some(Err(())) => {
                return Err(ParseError::new(
                    Parse::Syntax,
                    format!("number `{text}` is out of range; quote it if it is meant as text"),
                    pos,
                ))
            }
            None => Value::String(text.to_owned()),
        },
    })
}

/// `Some(Ok)` for a core-schema integer or float, `Some(Err)` for one that
/// does not fit, `None` for text that is not a number.
fn core_number(text: &str) -> Option<Result<Number, ()>> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    let radix = |digits: &str, radix: u32| {
        Some(
            u64::from_str_radix(digits, radix)
                .map(Number::from)
                .map_err(|_| ()),
        )
    };
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return radix(hex, 16);
        }
        return None;
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return radix(oct, 8);
        }
        return None;
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        let parsed = if negative {
            text.parse::<i64>().map(Number::from).map_err(|_| ())
        } else {
            unsigned.parse::<u64>().map(Number::from).map_err(|_| ())
        };
        return Some(parsed);
    }
    if is_core_float(unsigned) {
        return Some(
            text.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .ok_or(()),
        );
    }
    None
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` without a sign.
fn is_core_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (!int.is_empty() || !frac.is_empty())
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && !(int.is_empty() && frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

/// Where the value at `pointer` starts, and where its key starts when it is
/// a mapping value. JSON is YAML 1.2, so this also locates inside JSON files.
pub(super) fn locate(text: &str, pointer: &[String]) -> Option<Located> {
    locate_all(text, std::slice::from_ref(&pointer.to_vec()))
        .pop()
        .flatten()
}

/// [`locate`] for many pointers in one pass over the text, so a record with
/// thousands of issues is still read once.
pub(super) fn locate_all(text: &str, pointers: &[Vec<String>]) -> Vec<Option<Located>> {
    enum Level {
        /// `key` is the key whose value is being read, if any.
        Mapping { key: Option<(String, Pos)> },
        /// `current` is the index of the item being read.
        Sequence { current: usize, started: bool },
    }
    impl Level {
        fn token(&self) -> String {
            match self {
                Level::Mapping { key } => key.as_ref().map(|(k, _)| k.clone()).unwrap_or_default(),
                Level::Sequence { current, .. } => current.to_string(),
            }
        }
        fn child_done(&mut self) {
            if let Level::Mapping { key } = self {
                *key = None;
            }
        }
    }

    let mut wanted: std::collections::HashMap<&[String], Vec<usize>> =
        std::collections::HashMap::new();
    for (i, pointer) in pointers.iter().enumerate() {
        wanted.entry(pointer.as_slice()).or_default().push(i);
    }
    let mut found: Vec<Option<Located>> = vec![None; pointers.len()];
    let mut remaining = pointers.len();
    if remaining == 0 {
        return found;
    }
    let lengths: std::collections::HashSet<usize> = pointers.iter().map(Vec::len).collect();
    let mut levels: Vec<Level> = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        match event {
            Event::Scalar(..)
            | Event::Alias(_)
            | Event::MappingStart(..)
            | Event::SequenceStart(..) => {
                match levels.last_mut() {
                    Some(Level::Mapping { key }) if key.is_none() => {
                        let Event::Scalar(name, ..) = &event else {
                            break;
                        };
                        *key = Some((name.to_string(), Pos::from(span.start)));
                        continue;
                    }
                    Some(Level::Sequence { current, started }) => {
                        if *started {
                            *current += 1;
                        }
                        *started = true;
                    }
                    _ => {}
                }
                // Only build the path where a wanted pointer could end.
                let path: Vec<String> = if lengths.contains(&levels.len()) {
                    levels.iter().map(Level::token).collect()
                } else {
                    Vec::new()
                };
                if let Some(indices) = wanted
                    .get(path.as_slice())
                    .filter(|_| lengths.contains(&levels.len()))
                {
                    let key = match levels.last() {
                        Some(Level::Mapping {
                            key: Some((_, pos)),
                        }) => Some(*pos),
                        _ => None,
                    };
                    let start = Pos::from(span.start);
                    let end = Pos::from(span.end);
                    let located = Located {
                        key,
                        value: start,
                        value_end: (end.line == start.line && end.column > start.column)
                            .then_some(end.column),
                    };
                    for &i in indices {
                        if found[i].is_none() {
                            found[i] = Some(located);
                            remaining -= 1;
                        }
                    }
                    if remaining == 0 {
                        break;
                    }
                }
                match event {
                    Event::MappingStart(..) => levels.push(Level::Mapping { key: None }),
                    Event::SequenceStart(..) => levels.push(Level::Sequence {
                        current: 0,
                        started: false,
                    }),
                    _ => {
                        if let Some(level) = levels.last_mut() {
                            level.child_done();
                        }
                    }
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                levels.pop();
                if let Some(level) = levels.last_mut() {
                    level.child_done();
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn load(text: &str) -> Value {
        parse(text, &Limits::default()).unwrap()
    }

    #[test]
    fn core_schema_scalars() {
        let value = load(
            "a: 2023-04-12\nb: no\nc: on\nd: true\ne: False\nf: 12\ng: -3\nh: 1.5\ni: ~\nj: 0x1F\nk: \"12\"\nl: 1e3\nm: .inf\nn: yes\no: 1_000\n",
        );
        assert_eq!(
            value,
            json!({"a": "2023-04-12", "b": "no", "c": "on", "d": true, "e": false, "f": 12, "g": -3,
                   "h": 1.5, "i": null, "j": 31, "k": "12", "l": 1000.0, "m": ".inf", "n": "yes", "o": "1_000"})
        );
    }

    #[test]
    fn str_tag_keeps_text() {
        assert_eq!(load("a: !!str 12\n"), json!({"a": "12"}));
        assert!(parse("a: !custom 12\n", &Limits::default()).is_err());
    }

    #[test]
    fn block_scalars_are_text() {
        assert_eq!(
            load("a: >-\n  one\n  two\nb: |\n  x\n"),
            json!({"a": "one two", "b": "x\n"})
        );
    }

    #[test]
    fn aliases_expand_within_limits() {
        assert_eq!(
            load("a: &x [1, 2]\nb: *x\n"),
            json!({"a": [1, 2], "b": [1, 2]})
        );
        let limits = Limits {
            max_nodes: 10,
            ..Limits::default()
        };
        let err = parse("a: &x [1, 2, 3, 4]\nb: *x\nc: *x\n", &limits).unwrap_err();
        assert_eq!(err.kind, Parse::Limit);
    }

    #[test]
    fn depth_limit() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(parse("a: {b: {c: 1}}\n", &limits).is_ok());
        let err = parse("a: {b: {c: {d: 1}}}\n", &limits).unwrap_err();
        assert_eq!(err.kind, Parse::Limit);
    }

    #[test]
    fn duplicate_key_names_first_line() {
        let err = parse("a: 1\nb: 2\na: 3\n", &Limits::default()).unwrap_err();
        assert_eq!(err.kind, Parse::DuplicateKey);
        assert_eq!((err.pos.line, err.pos.column), (3, 1));
        assert!(err.message.contains("line 1"));
    }

    #[test]
    fn second_document_is_refused() {
        let err = parse("a: 1\n---\nb: 2\n", &Limits::default()).unwrap_err();
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn huge_integer_is_refused() {
        let err = parse("a: 99999999999999999999999\n", &Limits::default()).unwrap_err();
        assert!(err.message.contains("out of range"));
    }

    fn at(text: &str, pointer: &[&str]) -> (u32, u32, Option<(u32, u32)>) {
        let pointer: Vec<String> = pointer.iter().map(|s| s.to_string()).collect();
        let found = locate(text, &pointer).unwrap();
        (
            found.value.line,
            found.value.column,
            found.key.map(|k| (k.line, k.column)),
        )
    }

    #[test]
    fn locates_nested_values() {
        let text = "id: x\nauthors:\n  - a\n  - b\nprovenance:\n  source: s\n  quote: \"q\"\nlist: [1, {k: v}]\n";
        assert_eq!(at(text, &[]), (1, 1, None));
        assert_eq!(at(text, &["id"]), (1, 5, Some((1, 1))));
        assert_eq!(at(text, &["authors", "1"]), (4, 5, None));
        assert_eq!(at(text, &["provenance", "quote"]), (7, 10, Some((7, 3))));
        assert_eq!(at(text, &["list", "1", "k"]), (8, 15, Some((8, 12))));
        let pointer = vec!["authors".to_owned(), "2".to_owned()];
        assert!(locate(text, &pointer).is_none());
    }

    #[test]
    fn locates_inside_json() {
        let text = "{\n  \"id\": \"x\",\n  \"citations\": [\n    {\"instrument\": \"iccpr\", \"articles\": [\"26\"]}\n  ]\n}\n";
        assert_eq!(
            at(text, &["citations", "0", "articles", "0"]),
            (4, 42, None)
        );
        assert_eq!(
            at(text, &["citations", "0", "instrument"]),
            (4, 20, Some((4, 6)))
        );
    }
}
