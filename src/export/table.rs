//! The tabular shape of a collection, read from its JSON Schema: every
//! exporter (CSV, Parquet, Table Schema, data dictionary) derives its columns
//! and types from this one model, never from the Rust record types, so the
//! same export serves any dataset's schemas.

use serde_json::Value;

use crate::check::schemas::resolve;

/// The type of a field, as far as exporters care.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    String,
    /// A `format: date` string.
    Date,
    Integer,
    Number,
    Boolean,
    /// A string from a closed list, in schema order.
    Enum(Vec<String>),
    /// A list of scalars.
    List(Box<Kind>),
    /// A nested object.
    Object(Vec<Field>),
    /// A list of objects.
    ListOfObjects(Vec<Field>),
    /// Anything the schema does not pin to one of the above; exported as JSON text.
    Json,
}

impl Kind {
    /// The type in words, as the data dictionary and the changelog name it
    /// (`date`, `code`, `list of strings`).
    pub fn describe(&self) -> String {
        match self {
            Kind::String => "string".into(),
            Kind::Date => "date".into(),
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
}

/// One property of a record or of a nested object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub kind: Kind,
    pub required: bool,
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
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub pattern: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
}

/// A collection's columns, in schema order.
#[derive(Debug, Clone)]
pub struct Table {
    pub collection: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub fields: Vec<Field>,
}

impl Table {
    pub fn from_schema(collection: &str, schema: &Value) -> Table {
        Table {
            collection: collection.to_owned(),
            title: schema
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_owned),
            description: schema
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            fields: fields_of(schema, schema),
        }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

fn fields_of(root: &Value, object: &Value) -> Vec<Field> {
    let Some(object) = resolve(root, object) else {
        return Vec::new();
    };
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = object.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, property)| field(root, name, property, required.contains(&name.as_str())))
        .collect()
}

fn field(root: &Value, name: &str, property: &Value, required: bool) -> Field {
    // Keywords on the property itself win over those of the definition it refers to.
    let resolved = resolve(root, property).unwrap_or(property);
    let lookup = |key: &str| property.get(key).or_else(|| resolved.get(key));
    let items = lookup("items").and_then(|i| resolve(root, i).map(|r| (i, r)));
    let item_lookup = |key: &str| items.and_then(|(i, r)| i.get(key).or_else(|| r.get(key)));
    let kind = kind_of(root, property);
    let scalar_source = |key: &str| match kind {
        Kind::List(_) => item_lookup(key),
        _ => lookup(key),
    };
    let enum_descriptions = scalar_source("x-enum-descriptions")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    Field {
        name: name.to_owned(),
        required,
        description: lookup("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        references: scalar_source("x-references")
            .and_then(Value::as_str)
            .map(str::to_owned),
        constraints: Constraints {
            pattern: scalar_source("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
            min_length: scalar_source("minLength").and_then(Value::as_u64),
            max_length: scalar_source("maxLength").and_then(Value::as_u64),
            minimum: scalar_source("minimum").and_then(Value::as_f64),
            maximum: scalar_source("maximum").and_then(Value::as_f64),
        },
        enum_descriptions,
        default: lookup("default").cloned(),
        kind,
    }
}

fn kind_of(root: &Value, property: &Value) -> Kind {
    let Some(schema) = resolve(root, property) else {
        return Kind::Json;
    };
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if values.iter().all(Value::is_string) {
            return Kind::Enum(
                values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            );
        }
        return Kind::Json;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") if schema.get("format").and_then(Value::as_str) == Some("date") => {
            Kind::Date
        }
        Some("string") => Kind::String,
        Some("integer") => Kind::Integer,
        Some("number") => Kind::Number,
        Some("boolean") => Kind::Boolean,
        Some("object") => Kind::Object(fields_of(root, schema)),
        Some("array") => {
            let Some(items) = schema.get("items") else {
                return Kind::Json;
            };
            match kind_of(root, items) {
                Kind::Object(fields) => Kind::ListOfObjects(fields),
                Kind::List(_) | Kind::ListOfObjects(_) | Kind::Json => Kind::Json,
                scalar => Kind::List(Box::new(scalar)),
            }
        }
        _ => Kind::Json,
    }
}
