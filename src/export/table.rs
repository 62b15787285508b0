//! The tabular shape of a collection, read from its JSON Schema: every
//! exporter (CSV, Parquet, SQLite, Table Schema, data dictionary) derives
//! its columns and types from this one model, never from the Rust record
//! types, so the same export serves any dataset's schemas.
//!
//! The model answers one question per property: what can a valid record
//! hold here? Properties are gathered wherever a schema can declare them
//! (at the top, through `$ref`, inside `allOf`, `anyOf`, `oneOf`,
//! `if`/`then`/`else` and dependent schemas), so a collection's columns are
//! everything a valid record can carry. Branches are merged as JSON Schema
//! means them: `allOf` narrows (both apply), `anyOf`/`oneOf`/`then`/`else`
//! widen (either may apply). Where the merged answer is one JSON type the
//! column has that type (nullable when `null` is allowed too); where it is
//! several, or a map, a tuple, an object without properties or a recursive
//! definition, the column holds JSON text. Nothing a record carries is left
//! without a column: properties the schema allows but does not declare are
//! kept in the table's [`Table::extra`] column.

use serde_json::Value;

use crate::schema::{lookup, CollectionSchema};

/// The type of a field, as far as exporters care.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    String,
    /// A `format: date` string.
    Date,
    /// A `format: date-time` string: an instant, exported in UTC.
    DateTime,
    Integer,
    Number,
    Boolean,
    /// A string from a closed list, in schema order.
    Enum(Vec<String>),
    /// A list of scalars, of JSON values or of lists.
    List(Box<Kind>),
    /// A nested object with declared properties.
    Object(Vec<Field>),
    /// A list of objects.
    ListOfObjects(Vec<Field>),
    /// Anything with no faithful column type; exported as JSON text.
    Json,
}

impl Kind {
    /// The type in words, as the data dictionary and the changelog name it
    /// (`date`, `code`, `list of strings`).
    pub fn describe(&self) -> String {
        match self {
            Kind::String => "string".into(),
            Kind::Date => "date".into(),
            Kind::DateTime => "date-time".into(),
            Kind::Integer => "integer".into(),
            Kind::Number => "number".into(),
            Kind::Boolean => "boolean".into(),
            Kind::Enum(_) => "code".into(),
            Kind::List(item) => format!("list of {}s", item.describe()),
            Kind::Object(_) => "object".into(),
            Kind::ListOfObjects(_) => "list of objects".into(),
            Kind::Json => "JSON".into(),
        }
    }

    /// Whether a value of this kind is one cell of text, a number or a flag.
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self,
            Kind::List(_) | Kind::Object(_) | Kind::ListOfObjects(_) | Kind::Json
        )
    }
}

/// One property of a record or of a nested object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub kind: Kind,
    pub required: bool,
    /// Whether `null` is a valid value.
    pub null: bool,
    /// For a list: whether its items may be `null`.
    pub item_null: bool,
    /// For a JSON column: `object` or `array` when every valid value is
    /// one, else `any` (the Table Schema type).
    pub json_type: &'static str,
    pub description: Option<String>,
    /// `x-references` on the field (or on its items).
    pub references: Option<String>,
    /// `pattern`, `minLength`, `maxLength`, `minimum`, … of the field (or its items).
    pub constraints: Constraints,
    /// Meaning of each enum value, from `x-enum-descriptions`.
    pub enum_descriptions: Vec<(String, String)>,
    /// The schema's `default`: what an absent value means, written out by
    /// the tabular exports so a column has no gaps its type cannot hold.
    pub default: Option<Value>,
    /// For an object (or a list of objects): whether it may carry
    /// properties it does not declare.
    pub open: bool,
}

impl Field {
    /// Whether the value can be missing or `null`.
    pub fn optional(&self) -> bool {
        !self.required || self.null
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub pattern: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
}

/// A collection's columns, in schema order.
#[derive(Debug, Clone)]
pub struct Table {
    pub collection: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub fields: Vec<Field>,
    /// The properties that identify a record.
    pub key: Vec<String>,
    /// The column holding, per record, the values the schema allows but does
    /// not declare (a JSON object from each value's JSON pointer to the
    /// value); `None` when the schema allows none anywhere.
    pub extra: Option<String>,
}

/// The name of the column of undeclared values, unless a property has it.
pub(crate) const EXTRA_COLUMN: &str = "_extra";

impl Table {
    /// The table of a collection. A collection without a key cannot be
    /// exported: rows would have nothing to join or order by.
    pub fn from_schema(collection: &CollectionSchema) -> Result<Table, String> {
        let key = collection.key.clone().ok_or_else(|| {
            format!(
                "its records have no key: give the schema a required `id` property, or name the properties that identify a record with `\"{}\": \"<property>\"` (or a list of properties)",
                crate::schema::KEY_KEYWORD
            )
        })?;
        let table = Table::described(&collection.name, &collection.schema, key);
        for property in &table.key {
            if !table.fields.iter().any(|f| &f.name == property) {
                return Err(format!(
                    "its key names `{property}`, which the schema does not declare"
                ));
            }
        }
        Ok(table)
    }

    /// The table a schema describes, whatever its key (a schema of a
    /// previous release, compared field by field).
    pub fn from_value(collection: &str, schema: &Value) -> Table {
        Table::described(collection, schema, Vec::new())
    }

    fn described(collection: &str, schema: &Value, key: Vec<String>) -> Table {
        let facts = Walker::new(schema).facts(schema, 0);
        let fields = fields_of(&facts);
        let open = facts.open || fields.iter().any(has_open);
        let mut extra = EXTRA_COLUMN.to_owned();
        while fields.iter().any(|f| f.name == extra) {
            extra.insert(0, '_');
        }
        Table {
            collection: collection.to_owned(),
            title: text(schema, "title"),
            description: text(schema, "description"),
            fields,
            key,
            extra: open.then_some(extra),
        }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The record's undeclared values, keyed by JSON pointer; `None` when
    /// it has none.
    pub fn extras(&self, record: &Value) -> Option<Value> {
        self.extra.as_ref()?;
        let mut found = serde_json::Map::new();
        members(&self.fields, record, "", &mut found);
        (!found.is_empty()).then_some(Value::Object(found))
    }
}

/// A member of an object, found by comparing names rather than hashing:
/// records' objects hold a handful of members, for which a scan is several
/// times cheaper than the SipHash of an ordered map's lookup.
pub(crate) fn member<'v>(value: &'v Value, name: &str) -> Option<&'v Value> {
    const SCAN: usize = 16;
    match value {
        Value::Object(map) if map.len() <= SCAN => map
            .iter()
            .find(|(key, _)| key.as_str() == name)
            .map(|(_, v)| v),
        _ => value.get(name),
    }
}

fn text(schema: &Value, key: &str) -> Option<String> {
    let root = crate::schema::resolve(schema, schema).unwrap_or(schema);
    root.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn has_open(field: &Field) -> bool {
    field.open || kind_has_objects(&field.kind, true)
}

/// Whether values of `kind` hold objects whose undeclared members a column
/// must keep: an open one among `fields`, or any object inside a list of
/// lists (whose objects' schema is not kept in the kind).
fn kind_has_objects(kind: &Kind, top: bool) -> bool {
    match kind {
        Kind::Object(fields) | Kind::ListOfObjects(fields) if top => fields.iter().any(has_open),
        Kind::Object(_) | Kind::ListOfObjects(_) => true,
        Kind::List(item) => kind_has_objects(item, false),
        _ => false,
    }
}

/// Collects the members of the objects in `value` (of `kind`) that no
/// field declares, at every depth Parquet keeps as structs. A closed object
/// has none once validated, so every object is searched alike.
fn undeclared(
    kind: &Kind,
    value: &Value,
    pointer: &str,
    found: &mut serde_json::Map<String, Value>,
) {
    match (kind, value) {
        (Kind::Object(fields), _) => members(fields, value, pointer, found),
        (Kind::ListOfObjects(fields), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                members(fields, item, &format!("{pointer}/{i}"), found);
            }
        }
        (Kind::List(item), Value::Array(items)) => {
            for (i, element) in items.iter().enumerate() {
                undeclared(item, element, &format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// The members of the object `value` that none of `fields` declares, and
/// those of the objects inside it.
fn members(
    fields: &[Field],
    value: &Value,
    pointer: &str,
    found: &mut serde_json::Map<String, Value>,
) {
    let Value::Object(map) = value else { return };
    for (name, child) in map {
        let at = format!("{pointer}/{}", crate::issue::escape_token(name));
        match fields.iter().find(|f| &f.name == name) {
            Some(field) => undeclared(&field.kind, child, &at, found),
            None => {
                found.insert(at, child.clone());
            }
        }
    }
}

/// JSON types as a set of bits. `number` includes `integer`, so that
/// narrowing `number` by `integer` leaves `integer`.
type Types = u8;
const NULL: Types = 1;
const BOOLEAN: Types = 2;
const INTEGER: Types = 4;
const NUMBER_ONLY: Types = 8;
const NUMBER: Types = INTEGER | NUMBER_ONLY;
const STRING: Types = 16;
const ARRAY: Types = 32;
const OBJECT: Types = 64;
const ANY: Types = 127;

fn type_bits(name: &str) -> Types {
    match name {
        "null" => NULL,
        "boolean" => BOOLEAN,
        "integer" => INTEGER,
        "number" => NUMBER,
        "string" => STRING,
        "array" => ARRAY,
        "object" => OBJECT,
        _ => ANY,
    }
}

fn value_bits(value: &Value) -> Types {
    match value {
        Value::Null => NULL,
        Value::Bool(_) => BOOLEAN,
        Value::Number(n) if n.is_i64() || n.is_u64() => INTEGER,
        Value::Number(_) => NUMBER_ONLY,
        Value::String(_) => STRING,
        Value::Array(_) => ARRAY,
        Value::Object(_) => OBJECT,
    }
}

/// What every schema that applies to one place in a record says, merged.
#[derive(Debug, Clone)]
struct Facts<'s> {
    types: Types,
    /// The allowed values, when a branch lists them (`enum`, `const`).
    values: Option<Vec<Value>>,
    format: Option<&'s str>,
    /// The schema nodes that apply, in the order met: where descriptions
    /// and references are looked up.
    nodes: Vec<&'s Value>,
    /// The nodes that apply to every value (not only in some branches):
    /// where constraints are looked up, so a pattern inside `then` is not
    /// published as if it held for all records.
    strict: Vec<&'s Value>,
    properties: Vec<(String, Facts<'s>)>,
    required: Vec<String>,
    /// Whether the object may carry properties it does not declare.
    open: bool,
    items: Option<Box<Facts<'s>>>,
    tuple: bool,
    /// A recursive definition met here: no finite column type.
    recursive: bool,
}

impl<'s> Facts<'s> {
    fn any() -> Facts<'s> {
        Facts {
            types: ANY,
            values: None,
            format: None,
            nodes: Vec::new(),
            strict: Vec::new(),
            properties: Vec::new(),
            required: Vec::new(),
            open: true,
            items: None,
            tuple: false,
            recursive: false,
        }
    }

    /// Both apply (`allOf`, or a schema's own keywords beside a `$ref`).
    fn narrow(&mut self, other: Facts<'s>) {
        self.types &= other.types;
        self.values = match (self.values.take(), other.values) {
            (Some(a), Some(b)) => Some(a.into_iter().filter(|v| b.contains(v)).collect()),
            (a, b) => a.or(b),
        };
        self.format = self.format.or(other.format);
        self.nodes.extend(other.nodes);
        self.strict.extend(other.strict);
        for (name, facts) in other.properties {
            match self.properties.iter_mut().find(|(n, _)| *n == name) {
                Some((_, mine)) => mine.narrow(facts),
                None => self.properties.push((name, facts)),
            }
        }
        for name in other.required {
            if !self.required.contains(&name) {
                self.required.push(name);
            }
        }
        self.open &= other.open;
        self.items = match (self.items.take(), other.items) {
            (Some(mut a), Some(b)) => {
                a.narrow(*b);
                Some(a)
            }
            (a, b) => a.or(b),
        };
        self.tuple |= other.tuple;
        self.recursive |= other.recursive;
    }

    /// Either may apply (`anyOf`, `oneOf`, `then`/`else`).
    fn widen(&mut self, other: Facts<'s>) {
        let only_null = |t: Types| t & !NULL == 0;
        // A branch that only allows `null` says nothing about the values of
        // the other branches.
        if only_null(other.types) {
            self.types |= other.types;
            self.nodes.extend(other.nodes);
            return;
        }
        if only_null(self.types) {
            let types = self.types;
            let nodes = std::mem::take(&mut self.nodes);
            let strict = std::mem::take(&mut self.strict);
            *self = other;
            self.strict.splice(0..0, strict);
            self.types |= types;
            self.nodes.splice(0..0, nodes);
            return;
        }
        self.types |= other.types;
        self.values = match (self.values.take(), other.values) {
            (Some(mut a), Some(b)) => {
                for v in b {
                    if !a.contains(&v) {
                        a.push(v);
                    }
                }
                Some(a)
            }
            _ => None,
        };
        if self.format != other.format {
            self.format = None;
        }
        self.nodes.extend(other.nodes);
        self.strict
            .retain(|n| other.strict.iter().any(|o| std::ptr::eq(*n, *o)));
        // A property one branch declares and an open other branch does not
        // keeps its type (what a variant declares is what records carry),
        // but not a list of values or constraints: the other branch allows
        // any (an `enum` inside `then` narrows only some records).
        let (self_open, other_open) = (self.open, other.open);
        for (name, facts) in self.properties.iter_mut() {
            if other_open && !other.properties.iter().any(|(n, _)| n == name) {
                facts.loosen();
            }
        }
        for (name, mut facts) in other.properties {
            match self.properties.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => existing.widen(facts),
                None => {
                    if self_open {
                        facts.loosen();
                    }
                    self.properties.push((name, facts));
                }
            }
        }
        self.required.retain(|r| other.required.contains(r));
        self.open |= other.open;
        self.items = match (self.items.take(), other.items) {
            (Some(mut a), Some(b)) => {
                a.widen(*b);
                Some(a)
            }
            (Some(_), None) | (None, Some(_)) => Some(Box::new(Facts::any())),
            (None, None) => None,
        };
        self.tuple |= other.tuple;
        self.recursive |= other.recursive;
    }

    /// What remains when another branch allows any value: the type (and
    /// its format, which is how a date declares its type), not the list of
    /// values or the constraints.
    fn loosen(&mut self) {
        self.values = None;
        self.strict.clear();
    }

    fn lookup(&self, key: &str) -> Option<&'s Value> {
        self.nodes.iter().find_map(|n| n.get(key))
    }

    fn lookup_strict(&self, key: &str) -> Option<&'s Value> {
        self.strict.iter().find_map(|n| n.get(key))
    }
}

/// Walks a bundled schema (every `$ref` local), keeping the definitions
/// being expanded so a recursive one is recognised.
struct Walker<'s> {
    root: &'s Value,
    expanding: Vec<&'s str>,
}

/// Deeper than this, a schema is taken as JSON rather than walked further.
const MAX_DEPTH: usize = 48;

impl<'s> Walker<'s> {
    fn new(root: &'s Value) -> Walker<'s> {
        Walker {
            root,
            expanding: Vec::new(),
        }
    }

    fn facts(&mut self, schema: &'s Value, depth: usize) -> Facts<'s> {
        let mut facts = Facts::any();
        let map = match schema {
            Value::Bool(false) => {
                facts.types = 0;
                return facts;
            }
            Value::Object(map) if depth <= MAX_DEPTH => map,
            Value::Object(_) => {
                facts.recursive = true;
                return facts;
            }
            _ => return facts,
        };
        facts.nodes.push(schema);
        facts.strict.push(schema);
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            if self.expanding.contains(&reference) {
                facts.recursive = true;
                return facts;
            }
            match lookup(self.root, reference) {
                Some(target) => {
                    self.expanding.push(reference);
                    let referred = self.facts(target, depth + 1);
                    self.expanding.pop();
                    facts.narrow(referred);
                }
                None => facts.recursive = true,
            }
        }
        match map.get("type") {
            Some(Value::String(name)) => facts.types &= type_bits(name),
            Some(Value::Array(names)) => {
                facts.types &= names
                    .iter()
                    .filter_map(Value::as_str)
                    .fold(0, |t, n| t | type_bits(n));
            }
            _ => {}
        }
        if map.get("nullable") == Some(&Value::Bool(true)) {
            // OpenAPI's spelling of `type: [T, "null"]`, common in published schemas.
            facts.types |= NULL;
        }
        let values = match (map.get("enum"), map.get("const")) {
            (Some(Value::Array(values)), _) => Some(values.clone()),
            (_, Some(value)) => Some(vec![value.clone()]),
            _ => None,
        };
        if let Some(values) = values {
            facts.types &= values.iter().fold(0, |t, v| t | value_bits(v));
            facts.narrow(Facts {
                values: Some(values),
                ..Facts::any()
            });
        }
        if let Some(format) = map.get("format").and_then(Value::as_str) {
            facts.format = Some(format);
        }
        self.object_facts(map, &mut facts, depth);
        self.array_facts(map, &mut facts, depth);
        if let Some(Value::Array(branches)) = map.get("allOf") {
            for branch in branches {
                let branch = self.facts(branch, depth + 1);
                facts.narrow(branch);
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = map.get(keyword) {
                if let Some(either) = self.either(branches.iter(), depth) {
                    facts.narrow(either);
                }
            }
        }
        if map.contains_key("if") {
            let branches = ["then", "else"].map(|k| map.get(k).unwrap_or(&Value::Bool(true)));
            if let Some(either) = self.either(branches.into_iter(), depth) {
                facts.narrow(either);
            }
        }
        facts
    }

    /// The facts of "one of these branches applies".
    fn either(
        &mut self,
        branches: impl Iterator<Item = &'s Value>,
        depth: usize,
    ) -> Option<Facts<'s>> {
        let mut merged: Option<Facts<'s>> = None;
        for branch in branches {
            let facts = self.facts(branch, depth + 1);
            match &mut merged {
                Some(m) => m.widen(facts),
                None => merged = Some(facts),
            }
        }
        merged
    }

    fn object_facts(
        &mut self,
        map: &'s serde_json::Map<String, Value>,
        facts: &mut Facts<'s>,
        depth: usize,
    ) {
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, sub) in properties {
                let sub = self.facts(sub, depth + 1);
                facts.properties.push((name.clone(), sub));
            }
        }
        // Properties a dependent schema adds are optional columns.
        for keyword in ["dependentSchemas", "dependencies"] {
            if let Some(Value::Object(dependents)) = map.get(keyword) {
                for dependent in dependents.values().filter(|d| !d.is_array()) {
                    let mut sub = self.facts(dependent, depth + 1);
                    sub.required.clear();
                    sub.types = ANY;
                    sub.values = None;
                    facts.narrow(sub);
                }
            }
        }
        if let Some(Value::Array(required)) = map.get("required") {
            facts
                .required
                .extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        let closed = |key: &str| map.get(key) == Some(&Value::Bool(false));
        let patterns = map
            .get("patternProperties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        let additional_schema = map
            .get("additionalProperties")
            .is_some_and(Value::is_object);
        // Properties named by pattern or allowed by schema are undeclared
        // ones: an object that also declares some keeps them beside its
        // columns; one that declares none is a map.
        if !patterns
            && !additional_schema
            && (closed("additionalProperties") || closed("unevaluatedProperties"))
        {
            facts.open = false;
        }
    }

    fn array_facts(
        &mut self,
        map: &'s serde_json::Map<String, Value>,
        facts: &mut Facts<'s>,
        depth: usize,
    ) {
        let tuple =
            map.contains_key("prefixItems") || map.get("items").is_some_and(Value::is_array);
        if tuple {
            facts.tuple = true;
        } else if let Some(items) = map.get("items") {
            facts.items = Some(Box::new(self.facts(items, depth + 1)));
        }
    }
}

fn fields_of(facts: &Facts) -> Vec<Field> {
    facts
        .properties
        .iter()
        .map(|(name, property)| field(name, property, facts.required.contains(name)))
        .collect()
}

fn field(name: &str, facts: &Facts, required: bool) -> Field {
    let kind = kind_of(facts);
    let items = facts.items.as_deref();
    let scalar_source = |key: &str| match kind {
        Kind::List(_) => items.and_then(|i| i.lookup(key)),
        _ => facts.lookup(key),
    };
    let constraint = |key: &str| match kind {
        Kind::List(_) => items.and_then(|i| i.lookup_strict(key)),
        _ => facts.lookup_strict(key),
    };
    let enum_descriptions = scalar_source("x-enum-descriptions")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let open = match &kind {
        Kind::Object(_) => facts.open,
        Kind::ListOfObjects(_) => items.is_some_and(|i| i.open),
        _ => false,
    };
    let json_type = match facts.types & !NULL {
        OBJECT => "object",
        ARRAY => "array",
        _ => "any",
    };
    Field {
        name: name.to_owned(),
        required,
        null: facts.types & NULL != 0,
        item_null: items.is_some_and(|i| i.types & NULL != 0 || kind_of(i) == Kind::Json),
        json_type,
        description: facts
            .lookup("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        references: scalar_source("x-references")
            .and_then(Value::as_str)
            .map(str::to_owned),
        constraints: Constraints {
            pattern: constraint("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
            min_length: constraint("minLength").and_then(Value::as_u64),
            max_length: constraint("maxLength").and_then(Value::as_u64),
            minimum: constraint("minimum").and_then(Value::as_f64),
            maximum: constraint("maximum").and_then(Value::as_f64),
            exclusive_minimum: constraint("exclusiveMinimum").and_then(Value::as_f64),
            exclusive_maximum: constraint("exclusiveMaximum").and_then(Value::as_f64),
        },
        enum_descriptions,
        default: facts.lookup_strict("default").cloned(),
        open,
        kind,
    }
}

fn kind_of(facts: &Facts) -> Kind {
    if facts.recursive {
        return Kind::Json;
    }
    let types = facts.types & !NULL;
    if let Some(values) = &facts.values {
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if !values.is_empty() && values.iter().all(|v| v.is_string()) {
            return Kind::Enum(
                values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            );
        }
    }
    match types {
        STRING => match facts.format {
            Some("date") => Kind::Date,
            Some("date-time") => Kind::DateTime,
            _ => Kind::String,
        },
        INTEGER => Kind::Integer,
        NUMBER | NUMBER_ONLY => Kind::Number,
        BOOLEAN => Kind::Boolean,
        OBJECT if !facts.properties.is_empty() => Kind::Object(fields_of(facts)),
        ARRAY if !facts.tuple => match facts.items.as_deref().map(kind_of) {
            Some(Kind::Object(fields)) => Kind::ListOfObjects(fields),
            Some(item) => Kind::List(Box::new(item)),
            None => Kind::List(Box::new(Kind::Json)),
        },
        _ => Kind::Json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(schema: Value) -> Vec<(String, Kind, bool)> {
        let facts = Walker::new(&schema).facts(&schema, 0);
        fields_of(&facts)
            .into_iter()
            .map(|f| (f.name.clone(), f.kind.clone(), f.optional()))
            .collect()
    }

    #[test]
    fn nullable_forms_keep_their_type() {
        let got = kinds(json!({
            "type": "object",
            "required": ["a", "b", "c"],
            "properties": {
                "a": {"type": ["string", "null"]},
                "b": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                "c": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/d"}]},
                "d": {"type": "string", "format": "date-time"}
            },
            "$defs": {"d": {"type": "string", "format": "date"}}
        }));
        assert_eq!(
            got,
            vec![
                ("a".into(), Kind::String, true),
                ("b".into(), Kind::Integer, true),
                ("c".into(), Kind::Date, true),
                ("d".into(), Kind::DateTime, true),
            ]
        );
    }

    #[test]
    fn composition_declares_columns() {
        let got = kinds(json!({
            "allOf": [{"$ref": "#/$defs/base"}, {"properties": {"b": {"type": "number"}}}],
            "oneOf": [{"properties": {"c": {"type": "boolean"}}}, {"properties": {"c": {"type": "string"}}}],
            "$defs": {"base": {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}}}
        }));
        assert_eq!(
            got,
            vec![
                ("a".into(), Kind::Integer, false),
                ("b".into(), Kind::Number, true),
                ("c".into(), Kind::Json, true),
            ]
        );
    }

    #[test]
    fn undeclared_members_are_found_inside_lists_of_lists() {
        let schema = json!({
            "properties": {
                "id": {"type": "string"},
                "grid": {"type": "array", "items": {"type": "array", "items": {
                    "type": "object", "properties": {"x": {"type": "integer"}}
                }}}
            }
        });
        let table = Table::described("t", &schema, vec!["id".into()]);
        assert!(table.extra.is_some());
        let record = json!({"id": "a", "grid": [[{"x": 1, "y": 2}]], "z": true});
        assert_eq!(
            table.extras(&record),
            Some(json!({"/grid/0/0/y": 2, "/z": true}))
        );
    }

    #[test]
    fn maps_tuples_empty_objects_and_recursion_are_json() {
        let got = kinds(json!({
            "properties": {
                "free": {"type": "object"},
                "map": {"type": "object", "additionalProperties": {"type": "string"}},
                "tuple": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
                "tree": {"$ref": "#/$defs/node"},
                "grid": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}
            },
            "$defs": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}
        }));
        let names: Vec<(&str, &Kind)> = got.iter().map(|(n, k, _)| (n.as_str(), k)).collect();
        assert_eq!(names[0], ("free", &Kind::Json));
        assert_eq!(names[1], ("map", &Kind::Json));
        assert_eq!(names[2], ("tuple", &Kind::Json));
        assert!(
            matches!(names[3].1, Kind::Object(f) if f[0].kind == Kind::List(Box::new(Kind::Json)))
        );
        assert_eq!(
            names[4].1,
            &Kind::List(Box::new(Kind::List(Box::new(Kind::Number))))
        );
    }
}
