//! Schema validation of each raw record, and the wording of its errors.
//!
//! Records are first checked with the fast yes/no path; only the ones that
//! fail are validated again to collect every error. Each error becomes an
//! issue coded `schema.<keyword>` with a sentence a contributor can act on.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;

use super::hints::{self, FieldDoc};
use super::suggest;
use crate::issue::code::{Code, Keyword, Layout};
use crate::issue::{clip, escape_token, pointer_tokens, Issue};
use crate::load::{Format, RecordFile};
use crate::schema::{subschema_at, CollectionSchema, SchemaSet};

/// Schema issues of one record: every error of its own collection's schema,
/// at its place. When the record also looks like a record of another
/// collection (it fails its own schema's structure, a required field, a
/// type or a field it does not allow, and passes exactly one other
/// collection's schema), one more issue says it is in the wrong folder;
/// a malformed value alone is never taken for that.
pub(super) fn check(
    value: &Value,
    file: &RecordFile,
    schema: &CollectionSchema,
    schemas: &SchemaSet,
) -> Vec<Issue> {
    if schema.validator.is_valid(value) {
        return Vec::new();
    }
    let mut issues = Vec::new();
    let mut structural = false;
    for error in schema.validator.iter_errors(value) {
        structural |= matches!(
            error.kind(),
            ValidationErrorKind::Required { .. }
                | ValidationErrorKind::Type { .. }
                | ValidationErrorKind::AdditionalProperties { .. }
                | ValidationErrorKind::UnevaluatedProperties { .. }
        );
        describe(&error, file, schema, &mut issues);
    }
    if structural {
        let mut fits = schemas
            .collections
            .iter()
            .filter(|other| other.name != schema.name && other.validator.is_valid(value));
        if let (Some(other), None) = (fits.next(), fits.next()) {
            issues.push(
                Issue::in_record(
                    Code::Layout(Layout::WrongCollection),
                    &file.display,
                    String::new(),
                    format!(
                        "this looks like a record of `{}`, but it is in the `{}` folder: it fits `{}`'s schema and not its own",
                        other.name, schema.name, other.name
                    ),
                )
                .with_help(format!(
                    "if it is one, move it to `datasets/{}/`; otherwise fix the errors reported with it",
                    other.name
                )),
            );
        }
    }
    issues
}

fn describe(
    error: &ValidationError,
    file: &RecordFile,
    schema: &CollectionSchema,
    issues: &mut Vec<Issue>,
) {
    let root = &schema.schema;
    let pointer = error.instance_path().as_str().to_owned();
    let field = field_name(&pointer);
    let code = Code::Schema(Keyword::of(error.kind()));
    let found = error.instance();
    let issue =
        |message: String| Issue::in_record(code.clone(), &file.display, pointer.clone(), message);
    let doc = || FieldDoc::at(root, &pointer);
    let schema_path = error.schema_path().as_str();
    // What the schema says of the failing part: its own words, else the field's.
    let label = || hints::owner_label(root, schema_path).or_else(|| doc().label());
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = allowed_fields(root, schema_path, &pointer);
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
                        None if known.is_empty() => {
                            format!("{field} allows no fields beyond those it names; remove it")
                        }
                        None => format!("allowed fields: {}", known.join(", ")),
                    },
                );
                issues.push(issue);
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let wanted = FieldDoc::of_property(root, &pointer, name);
            let add = match (wanted.allowed(), wanted.description) {
                (Some(allowed), _) => format!("add `{name}:` with one of {allowed}"),
                (None, Some(description)) => {
                    format!("add `{name}:` ({})", description.trim_end_matches('.'))
                }
                (None, None) => format!("add `{name}:` to {field}"),
            };
            match dependent_trigger(error, root, &pointer, name) {
                Some(trigger) => issues.push(
                    Issue::in_record(
                        Code::Schema(Keyword::DependentRequired),
                        &file.display,
                        pointer.clone(),
                        format!("{field} has `{trigger}`, which requires the field `{name}`"),
                    )
                    .with_help(format!("{add}, or remove `{trigger}`")),
                ),
                None => issues.push(
                    issue(format!("{field} is missing the required field `{name}`")).with_help(add),
                ),
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
            let out = issue(format!(
                "{field} must be {}, found {}",
                article(&expected),
                describe_value(found)
            ));
            issues.push(out.with_help(type_help(&expected, found, file.format, label())));
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(hints::plain).collect())
                .unwrap_or_default();
            let out = issue(format!(
                "{field} is {}, which is not one of the allowed values",
                describe_value(found)
            ));
            let given = found.as_str().unwrap_or_default();
            let help = match suggest::closest(given, allowed.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => match doc().allowed() {
                    Some(described) => format!("write one of {described}"),
                    None => format!("write one of: {}", allowed.join(", ")),
                },
            };
            issues.push(out.with_help(help));
        }
        ValidationErrorKind::Pattern { pattern } => {
            let help = match label() {
                Some(label) => format!("{label} (the value must match `{pattern}`)"),
                None => format!("write a value that matches `{pattern}`"),
            };
            issues.push(
                issue(format!(
                    "{field} {} does not match the pattern `{pattern}`",
                    describe_value(found),
                ))
                .with_help(help),
            );
        }
        ValidationErrorKind::Format { format } => {
            issues.push(
                issue(format!(
                    "{field} {} is not a valid {format}",
                    describe_value(found)
                ))
                .with_help(hints::format_help(format, found)),
            );
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            if let Some(best) = best_branch(context) {
                let before = issues.len();
                for inner in best {
                    describe(inner, file, schema, issues);
                }
                if let Some(label) = best_path(best).and_then(|p| hints::label_at(root, &p)) {
                    for added in &mut issues[before..] {
                        added.message = format!("{} (in the alternative “{label}”)", added.message);
                    }
                }
                return;
            }
            issues.push(alternatives(error, root, &pointer, &field, issue));
        }
        ValidationErrorKind::Contains => {
            let wanted = hints::label_at(root, schema_path);
            let message = match &wanted {
                Some(label) => format!("no item of {field} is {label}"),
                None => format!("no item of {field} fits what the schema's `contains` asks"),
            };
            let help = match wanted {
                Some(label) => format!("add an item that is {label}"),
                None => "add an item that fits the schema's `contains`".to_owned(),
            };
            issues.push(issue(message).with_help(help));
        }
        kind => {
            let help = limit_help(kind)
                .or_else(|| label().map(|l| format!("the schema says: {l}")))
                .unwrap_or_else(|| {
                    format!(
                        "change the value to what the schema allows at `{}`",
                        error.schema_path()
                    )
                });
            issues.push(issue(format!("{field}: {}", error.masked())).with_help(help));
        }
    }
}

/// Help for a value of the wrong type: a quoted number, an unquoted YAML
/// number or boolean where text belongs, or what the field holds.
fn type_help(expected: &str, found: &Value, format: Format, label: Option<String>) -> String {
    let numeric = expected.contains("integer") || expected.contains("number");
    if let (true, Some(text)) = (numeric, found.as_str()) {
        if text.trim().parse::<f64>().is_ok() {
            return format!(
                "`\"{}\"` is in quotes, so it is text: write the number without quotes ({})",
                clip(text),
                clip(text.trim())
            );
        }
    }
    if format == Format::Yaml && expected == "string" && (found.is_number() || found.is_boolean()) {
        return format!(
            "YAML reads the unquoted `{found}` as a {}; quote it (\"{found}\") to make it text",
            if found.is_number() {
                "number"
            } else {
                "boolean"
            }
        );
    }
    match label {
        Some(label) => format!("write {} here: {label}", article(expected)),
        None => format!("write {} here", article(expected)),
    }
}

/// Help for the bounds keywords, from the bound itself.
fn limit_help(kind: &ValidationErrorKind) -> Option<String> {
    use ValidationErrorKind as K;
    Some(match kind {
        K::MinLength { limit } => format!("write at least {limit} character{}", plural(*limit)),
        K::MaxLength { limit } => {
            format!("shorten it to at most {limit} character{}", plural(*limit))
        }
        K::MinItems { limit } => format!("give at least {limit} item{}", plural(*limit)),
        K::MaxItems { limit } => format!("give at most {limit} item{}", plural(*limit)),
        K::MinProperties { limit } => format!("give at least {limit} field{}", plural(*limit)),
        K::MaxProperties { limit } => format!("give at most {limit} field{}", plural(*limit)),
        K::Minimum { limit } => format!("use a number of at least {limit}"),
        K::Maximum { limit } => format!("use a number of at most {limit}"),
        K::ExclusiveMinimum { limit } => format!("use a number greater than {limit}"),
        K::ExclusiveMaximum { limit } => format!("use a number less than {limit}"),
        K::MultipleOf { multiple_of } => format!("use a multiple of {multiple_of}"),
        K::UniqueItems => "remove the repeated item".to_owned(),
        K::Constant { expected_value } => {
            format!("write `{}`", hints::plain(expected_value))
        }
        K::OneOfMultipleValid { .. } => {
            "make the value fit exactly one of the alternatives, not several".to_owned()
        }
        _ => return None,
    })
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The branch of an `anyOf`/`oneOf` whose errors say most precisely what is
/// wrong: its deepest error is deeper than every other branch's, or as deep
/// with fewer errors. A branch the value fails only by type (another kind
/// of value altogether) is never the best. `None` when branches tie.
fn best_branch<'e>(
    context: &'e [Vec<ValidationError<'static>>],
) -> Option<&'e [ValidationError<'static>]> {
    let score = |errors: &[ValidationError]| {
        let depth = errors
            .iter()
            .map(|e| pointer_tokens(e.instance_path().as_str()).len())
            .max()
            .unwrap_or(0);
        (depth, std::cmp::Reverse(errors.len()))
    };
    let candidates: Vec<&Vec<ValidationError>> = context
        .iter()
        .filter(|errors| {
            !errors.is_empty()
                && !errors
                    .iter()
                    .all(|e| matches!(e.kind(), ValidationErrorKind::Type { .. }))
        })
        .collect();
    let best = candidates.iter().max_by_key(|errors| score(errors))?;
    let tied = candidates
        .iter()
        .filter(|errors| score(errors) == score(best))
        .count();
    (tied == 1).then_some(best.as_slice())
}

/// The schema path of a branch: its errors' common start, up to the branch index.
fn best_path(errors: &[ValidationError]) -> Option<String> {
    let path = errors.first()?.schema_path().as_str().to_owned();
    let tokens = pointer_tokens(&path);
    let cut = tokens
        .iter()
        .rposition(|t| t == "anyOf" || t == "oneOf")
        .map_or(tokens.len(), |i| (i + 2).min(tokens.len()));
    Some(
        tokens[..cut]
            .iter()
            .map(|t| format!("/{}", escape_token(t)))
            .collect(),
    )
}

/// An alternative no branch of which comes close: the branches by their
/// titles, or the fields each requires.
fn alternatives(
    error: &ValidationError,
    root: &Value,
    pointer: &str,
    field: &str,
    issue: impl Fn(String) -> Issue,
) -> Issue {
    let labels = branch_labels(root, error.schema_path().as_str());
    let required = alternatives_required(root, pointer);
    let message = if !required.is_empty() {
        format!(
            "{field} needs at least one of the fields {}",
            required.join(", ")
        )
    } else {
        format!("{field} does not fit any of the alternatives the schema allows")
    };
    let help = if !labels.is_empty() {
        format!("make it one of: {}", labels.join("; "))
    } else if !required.is_empty() {
        format!("add one of {}", required.join(", "))
    } else {
        match hints::label_at(root, error.schema_path().as_str()) {
            Some(label) => format!("the schema says: {label}"),
            None => format!(
                "see the alternatives at `{}` in the schema",
                error.schema_path()
            ),
        }
    };
    issue(message).with_help(help)
}

/// The `title` (or `description`) of each branch of the `anyOf`/`oneOf` at
/// `schema_path`, when every branch has one.
fn branch_labels(root: &Value, schema_path: &str) -> Vec<String> {
    let Some(node) = hints::node_at(root, schema_path) else {
        return Vec::new();
    };
    let Some(branches) = node.as_array() else {
        return Vec::new();
    };
    let labels: Vec<String> = branches
        .iter()
        .filter_map(|b| FieldDoc::of(root, b).label())
        .collect();
    if labels.len() == branches.len() {
        labels
    } else {
        Vec::new()
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

/// The fields the schema names for the object an `additionalProperties`
/// (or `unevaluatedProperties`) error is about: those of the schema part
/// holding the keyword (inside whichever `anyOf`/`oneOf` branch it is),
/// with those its `allOf` and `$ref` bring; else those of the field's
/// schema. Schema text, shown whole.
fn allowed_fields(root: &Value, schema_path: &str, pointer: &str) -> Vec<String> {
    let owner = schema_path
        .rfind('/')
        .and_then(|cut| hints::node_at(root, &schema_path[..cut]));
    let mut names = Vec::new();
    if let Some(owner) = owner {
        collect_properties(root, owner, &mut names, 0);
    }
    if names.is_empty() {
        if let Some(node) = subschema_at(root, pointer) {
            collect_properties(root, node, &mut names, 0);
        }
    }
    names
}

fn collect_properties(root: &Value, node: &Value, names: &mut Vec<String>, depth: usize) {
    if depth > 16 {
        return;
    }
    let Some(node) = crate::schema::resolve(root, node) else {
        return;
    };
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for name in properties.keys() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    for branch in node
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect_properties(root, branch, names, depth + 1);
    }
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
