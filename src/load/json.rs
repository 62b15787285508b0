//! JSON records: parsed with serde_json (which bounds nesting depth), with
//! duplicate keys refused instead of silently keeping the last one.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::syntax::{Limits, ParseError};
use crate::issue::code::Parse;
use crate::issue::Pos;

/// Parses one JSON text holding one record, within the same depth and size
/// limits as YAML.
pub(super) fn parse(text: &str, limits: &Limits) -> Result<Value, ParseError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let budget = Cell::new(limits.max_nodes);
    let value = StrictValue {
        depth: 0,
        limits,
        budget: &budget,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value))
    .map_err(|e| {
        let text_of_error = e.to_string();
        let kind = if text_of_error.starts_with("duplicate key") {
            Parse::DuplicateKey
        } else if text_of_error.starts_with("recursion limit") || text_of_error.starts_with(LIMIT) {
            Parse::Limit
        } else if e.is_eof() && text.trim().is_empty() {
            Parse::Empty
        } else {
            Parse::Syntax
        };
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        let message = message
            .strip_prefix(LIMIT)
            .map(str::to_owned)
            .unwrap_or(message);
        let message = if kind == Parse::Empty {
            "the file holds no record".to_owned()
        } else {
            message
        };
        ParseError::new(
            kind,
            message,
            error_position(text, kind, e.line(), e.column()),
        )
    })?;
    Ok(value)
}

/// Where to point for a serde_json error. serde_json puts an error found at
/// a line end at column 0 of the next line; that is the end of the line
/// before. An empty file is pointed at its start.
fn error_position(text: &str, kind: Parse, line: usize, column: usize) -> Pos {
    if kind == Parse::Empty || line == 0 {
        return Pos { line: 1, column: 1 };
    }
    if column == 0 && line > 1 {
        let previous = text.lines().nth(line - 2).map_or(0, |l| l.chars().count());
        return Pos {
            line: line as u32 - 1,
            column: previous as u32 + 1,
        };
    }
    Pos {
        line: line as u32,
        column: column.max(1) as u32,
    }
}

/// Messages of limit errors start with this, so they get their own code.
const LIMIT: &str = "over the limit: ";

/// A `Value` seed that fails on a repeated key within one object, on
/// nesting deeper than the limit, on more values than the limit, and on an
/// integer too large to be read exactly.
#[derive(Clone, Copy)]
struct StrictValue<'l> {
    depth: usize,
    limits: &'l Limits,
    budget: &'l Cell<usize>,
}

impl StrictValue<'_> {
    fn count<E: de::Error>(&self) -> Result<(), E> {
        let left = self.budget.get();
        if left == 0 {
            return Err(E::custom(format_args!(
                "{LIMIT}the record holds more than {} values; docket refuses it",
                self.limits.max_nodes
            )));
        }
        self.budget.set(left - 1);
        Ok(())
    }

    fn nested<E: de::Error>(&self) -> Result<Self, E> {
        self.count()?;
        if self.depth >= self.limits.max_depth {
            return Err(E::custom(format_args!(
                "{LIMIT}nesting deeper than {} levels",
                self.limits.max_depth
            )));
        }
        Ok(StrictValue {
            depth: self.depth + 1,
            ..*self
        })
    }
}

impl<'de> DeserializeSeed<'de> for StrictValue<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.count()?;
        // serde_json reads an integer beyond 64 bits as a rounded float.
        if v.fract() == 0.0 && v.abs() >= 9.2e18 {
            return Err(E::custom(format_args!(
                "the number {v:e} is out of range: it cannot be read exactly; quote it if it is meant as text"
            )));
        }
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.count()?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.count()?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.nested()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let inner = self.nested()?;
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{}`",
                    crate::issue::clip(&key)
                )));
            }
            let value = access.next_value_seed(inner)?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}
