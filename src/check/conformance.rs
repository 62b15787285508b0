//! Schema validation of each raw record, and the wording of its errors.
//!
//! Records are first checked with the fast yes/no path; only the ones that
//! fail are validated again to collect every error. Each error becomes an
//! issue coded `schema.<keyword>` with a sentence a contributor can act on.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;

use super::schemas::{subschema_at, CollectionSchema, SchemaSet};
use super::suggest;
use crate::code::{Code, Keyword, Layout};
use crate::issue::{clip, escape_token, pointer_tokens, Issue};
use crate::load::{Format, RecordFile};

/// Schema issues of one record. A record that fails its own collection's
/// schema but fits another one's is reported once, as being in the wrong
/// folder, instead of as a list of unrelated field errors.
pub fn check(
    value: &Value,
    file: &RecordFile,
    schema: &CollectionSchema,
    schemas: &SchemaSet,
) -> Vec<Issue> {
    if schema.validator.is_valid(value) {
        return Vec::new();
    }
    let fits_elsewhere: Vec<&str> = schemas
        .collections
        .iter()
        .filter(|other| other.name != schema.name && other.validator.is_valid(value))
        .map(|other| other.name.as_str())
        .collect();
    if let [other] = fits_elsewhere[..] {
        return vec![Issue::file(
            Code::Layout(Layout::WrongCollection),
            &file.display,
            format!(
                "this is a record of `{other}`, but it is in the `{}` folder",
                schema.name
            ),
        )
        .with_help(format!("move it to `datasets/{other}/`"))];
    }
    let mut issues = Vec::new();
    for error in schema.validator.iter_errors(value) {
        describe(&error, file, schema, &mut issues);
    }
    issues
}

fn describe(
    error: &ValidationError,
    file: &RecordFile,
    schema: &CollectionSchema,
    issues: &mut Vec<Issue>,
) {
    let pointer = error.instance_path().as_str().to_owned();
    let field = field_name(&pointer);
    let code = Code::Schema(Keyword::of(error.kind()));
    let found = error.instance();
    let issue =
        |message: String| Issue::in_record(code.clone(), &file.display, pointer.clone(), message);
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = property_names(&schema.schema, &pointer);
            for name in unexpected {
                let mut issue = Issue::in_record(
                    code.clone(),
                    &file.display,
                    format!("{pointer}/{}", escape_token(name)),
                    format!("unknown field `{}` in {field}", clip(name)),
                )
                .on_key();
                issue.help = Some(
                    match suggest::closest(name, known.iter().map(String::as_str)) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => clip(&format!("allowed fields: {}", known.join(", "))),
                    },
                );
                issues.push(issue);
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            match dependent_trigger(error, &schema.schema, &pointer, name) {
                Some(trigger) => issues.push(Issue::in_record(
                    Code::Schema(Keyword::DependentRequired),
                    &file.display,
                    pointer.clone(),
                    format!("{field} has `{trigger}`, which requires the field `{name}`"),
                )),
                None => issues.push(issue(format!(
                    "{field} is missing the required field `{name}`"
                ))),
            }
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            let mut out = issue(format!(
                "{field} must be {}, found {}",
                article(&expected),
                describe_value(found)
            ));
            if file.format == Format::Yaml
                && expected == "string"
                && (found.is_number() || found.is_boolean())
            {
                out = out.with_help(format!(
                    "YAML reads the unquoted `{found}` as a {}; quote it (\"{found}\") to make it text",
                    if found.is_number() { "number" } else { "boolean" }
                ));
            }
            issues.push(out);
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let mut out = issue(format!(
                "{field} is {}, which is not one of the allowed values",
                describe_value(found)
            ));
            let given = found.as_str().unwrap_or_default();
            out = out.with_help(
                match suggest::closest(given, allowed.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("allowed: {}", allowed.join(", ")),
                },
            );
            issues.push(out);
        }
        ValidationErrorKind::Pattern { pattern } => {
            issues.push(issue(format!(
                "{field} {} does not match the pattern `{pattern}`",
                describe_value(found)
            )));
        }
        ValidationErrorKind::Format { format } => {
            issues.push(issue(format!(
                "{field} {} is not a valid {format}",
                describe_value(found)
            )));
        }
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
            let branches = alternatives_required(&schema.schema, &pointer);
            let message = if branches.is_empty() {
                format!("{field} does not fit any of the alternatives the schema allows")
            } else {
                format!(
                    "{field} needs at least one of the fields {}",
                    branches.join(", ")
                )
            };
            issues.push(issue(message));
        }
        _ => issues.push(issue(format!("{field}: {}", error.masked()))),
    }
}

/// For a `required` error raised by `dependentRequired`: the present field
/// that made `missing` required.
fn dependent_trigger(
    error: &ValidationError,
    root: &Value,
    pointer: &str,
    missing: &str,
) -> Option<String> {
    if !error.schema_path().as_str().ends_with("/dependentRequired") {
        return None;
    }
    let instance = error.instance();
    subschema_at(root, pointer)?
        .get("dependentRequired")?
        .as_object()?
        .iter()
        .find(|(trigger, needs)| {
            instance.get(trigger.as_str()).is_some()
                && needs
                    .as_array()
                    .is_some_and(|n| n.iter().any(|f| f == missing))
        })
        .map(|(trigger, _)| trigger.clone())
}

/// How a message names the value at a pointer.
fn field_name(pointer: &str) -> String {
    match pointer_tokens(pointer).last() {
        None => "the record".to_owned(),
        Some(last) if last.parse::<usize>().is_ok() => {
            format!("item {last} of `{}`", parent_field(pointer))
        }
        Some(last) => format!("`{}`", clip(last)),
    }
}

fn parent_field(pointer: &str) -> String {
    let tokens = pointer_tokens(pointer);
    tokens.iter().rev().nth(1).cloned().unwrap_or_default()
}

fn article(kind: &str) -> String {
    match kind.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

fn describe_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{}`", clip(s)),
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Null => "null".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

fn property_names(root: &Value, pointer: &str) -> Vec<String> {
    subschema_at(root, pointer)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// For `anyOf: [{required: [a]}, {required: [b]}]`: the fields `a`, `b`.
fn alternatives_required(root: &Value, pointer: &str) -> Vec<String> {
    let Some(node) = subschema_at(root, pointer) else {
        return Vec::new();
    };
    ["anyOf", "oneOf"]
        .iter()
        .filter_map(|k| node.get(k).and_then(Value::as_array))
        .flatten()
        .filter_map(|branch| branch.get("required").and_then(Value::as_array))
        .flatten()
        .filter_map(|f| f.as_str().map(|f| format!("`{f}`")))
        .collect()
}
