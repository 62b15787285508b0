//! The one place cross-record problems become sentences: each record with
//! a problem, read once more, gets its issues with the pointer of every
//! offending value, what is wrong and how to fix it.

use std::sync::Arc;

use serde_json::Value;

use super::index::{Index, Problem};
use crate::check::interner::Interner;
use crate::check::record::unique_key_hash;
use crate::check::suggest;
use crate::issue::code::{Code, Id};
use crate::issue::{clip, escape_token, Issue};
use crate::load::Format;
use crate::schema::names::record_name;
use crate::schema::rules::{values_at, Rule};
use crate::schema::CollectionSchema;

/// "Did you mean" is computed only while unknown references times
/// candidate ids stay under this, so a broken import of a million records
/// cannot turn the report into a quadratic search.
const SUGGESTION_BUDGET: usize = 20_000_000;

const CYCLE_FIX: &str = "a record cannot be its own ancestor (its own parent, or an annex of \
    itself), however indirectly: remove or change one reference of the loop";

pub(super) struct Wording<'a> {
    index: &'a Index<'a>,
    interner: &'a Interner,
    /// Each collection's ids, sorted, for "did you mean" (empty over budget).
    candidates: Vec<Vec<Arc<str>>>,
}

impl<'a> Wording<'a> {
    /// `unknown` is the number of unknown references, which bounds the search.
    pub(super) fn new(index: &'a Index<'a>, interner: &'a Interner, unknown: usize) -> Self {
        let candidates = index
            .ids
            .iter()
            .map(|known| {
                if unknown == 0 || unknown * known.len() > SUGGESTION_BUDGET {
                    return Vec::new();
                }
                let mut list: Vec<_> = known.keys().map(|&s| interner.resolve(s)).collect();
                list.sort();
                list
            })
            .collect();
        Wording {
            index,
            interner,
            candidates,
        }
    }

    /// Where a record is, as a message names it: the file, and the line of a JSONL record.
    fn place(&self, record: usize) -> String {
        let origin = self.index.records[record].origin;
        let file = self.index.dataset.file(origin);
        match file.format {
            Format::Jsonl => format!("{}:{}", file.display, origin.line),
            _ => file.display.clone(),
        }
    }

    fn id(&self, record: usize) -> Arc<str> {
        self.index.records[record]
            .id
            .map(|s| self.interner.resolve(s))
            .unwrap_or_else(|| "".into())
    }

    fn known(&self, target: usize, id: &str) -> bool {
        self.interner
            .get(id)
            .is_some_and(|sym| self.index.ids[target].contains_key(&sym))
    }

    /// The issues of one record; `value` is the record read again (`None`
    /// when it no longer parses, and only problems needing no value are worded).
    pub(super) fn issues(
        &self,
        record: usize,
        value: Option<&Value>,
        found: Vec<Problem>,
    ) -> Vec<Issue> {
        let facts = &self.index.records[record];
        let display = &self.index.dataset.file(facts.origin).display;
        let schema = self.index.schema(record);
        let mut issues = Vec::new();
        for problem in found {
            match (problem, value) {
                (Problem::DuplicateId { first }, value) => {
                    issues.push(self.duplicate(record, first, value, schema, display));
                }
                (Problem::Unknown { rule, target }, Some(value)) => {
                    self.unknown(value, schema, rule, target, display, &mut issues);
                }
                (Problem::Repeated { rule, key, first }, Some(value)) => {
                    issues.extend(self.repeated(value, schema, rule, key, first, display));
                }
                (Problem::Cycle { rule, next, path }, Some(value)) => {
                    let next_id = self.id(next);
                    let pointer = values_at(value, &schema.rules[rule as usize].path)
                        .into_iter()
                        .find(|(_, v)| v.as_str() == Some(&*next_id))
                        .map(|(pointer, _)| pointer)
                        .unwrap_or_default();
                    let names: Vec<String> = path
                        .iter()
                        .chain(path.first())
                        .map(|&i| clip(&self.id(i)))
                        .collect();
                    issues.push(
                        Issue::in_record(
                            Code::Cycle,
                            display,
                            pointer,
                            format!("these references form a loop: {}", names.join(" → ")),
                        )
                        .with_help(CYCLE_FIX),
                    );
                }
                _ => {}
            }
        }
        for issue in &mut issues {
            issue.record = Some(facts.origin);
        }
        issues
    }

    /// A record whose key another holds, at this record's line, naming the
    /// other's place and every part of the key; the fix offered fits the
    /// layout (a one-record file's name carries its id, a JSONL line has
    /// none).
    fn duplicate(
        &self,
        record: usize,
        first: usize,
        value: Option<&Value>,
        schema: &CollectionSchema,
        display: &str,
    ) -> Issue {
        let there = self.place(first);
        let jsonl = self
            .index
            .dataset
            .file(self.index.records[record].origin)
            .format
            == Format::Jsonl;
        let named = |field: &str| format!("`{field}`");
        let (pointer, message, change) = match schema.key.as_deref() {
            Some([one]) => (
                format!("/{}", escape_token(one)),
                if one == "id" {
                    format!(
                        "the id `{}` is already used by {there}",
                        clip(&self.id(record))
                    )
                } else {
                    format!(
                        "the key `{one}` `{}` is already used by {there}",
                        clip(&self.id(record))
                    )
                },
                if one == "id" {
                    "another id".to_owned()
                } else {
                    format!("another `{one}`")
                },
            ),
            Some(many) => {
                let parts: Vec<String> = many
                    .iter()
                    .map(|field| {
                        let part = value.and_then(|v| v.get(field)).unwrap_or(&Value::Null);
                        format!("`{field}` {}", clip(&part.to_string()))
                    })
                    .collect();
                let fields: Vec<String> = many.iter().map(|f| named(f)).collect();
                (
                    String::new(),
                    format!("the key ({}) is already used by {there}", parts.join(", ")),
                    format!("another value to one of {}", fields.join(", ")),
                )
            }
            None => (
                String::new(),
                format!(
                    "the key `{}` is already used by {there}",
                    clip(&self.id(record))
                ),
                "another key".to_owned(),
            ),
        };
        let help = if jsonl {
            format!(
                "keys are unique within a collection: delete this line if it is a copy of \
                 {there}, or give it {change}"
            )
        } else if schema.single_key() == Some("id") {
            format!(
                "ids are unique within a collection: delete this record if it is a copy of \
                 {there}, or give it another id (and a file name to match)"
            )
        } else if schema.single_key().is_some() {
            format!(
                "keys are unique within a collection: delete this record if it is a copy of \
                 {there}, or give it {change} (and a file name to match)"
            )
        } else {
            format!(
                "keys are unique within a collection: delete this record if it is a copy of \
                 {there}, or give it {change}"
            )
        };
        Issue::in_record(Code::Id(Id::Duplicate), display, pointer, message).with_help(help)
    }

    fn unknown(
        &self,
        value: &Value,
        schema: &CollectionSchema,
        rule: u16,
        target: usize,
        display: &str,
        issues: &mut Vec<Issue>,
    ) {
        let target_schema = &self.index.schemas.collections[target];
        let target_name = &target_schema.name;
        let name = record_name(target_schema);
        for (pointer, v) in values_at(value, &schema.rules[rule as usize].path) {
            let Some(id) = v.as_str() else { continue };
            if self.known(target, id) {
                continue;
            }
            let help = match suggest::closest(id, self.candidates[target].iter().map(|c| &**c)) {
                Some(best) => format!("did you mean `{}`?", clip(best)),
                None => format!(
                    "correct the id, or add the {name} first (`docket new {target_name} {}` writes its file)",
                    clip(id)
                ),
            };
            issues.push(
                Issue::in_record(
                    Code::UnknownRecord(name.clone()),
                    display,
                    pointer,
                    format!(
                        "unknown {name} `{}`: no record in `{target_name}` has this id",
                        clip(id)
                    ),
                )
                .with_help(help),
            );
        }
    }

    fn repeated(
        &self,
        value: &Value,
        schema: &CollectionSchema,
        rule: u16,
        key: crate::check::record::KeyHash,
        first: usize,
        display: &str,
    ) -> Option<Issue> {
        let Rule::UniqueWith(siblings) = &schema.rules[rule as usize].rule else {
            return None;
        };
        let (pointer, v) = values_at(value, &schema.rules[rule as usize].path)
            .into_iter()
            .find(|(pointer, v)| unique_key_hash(value, pointer, v, siblings) == key)?;
        let field = &pointer[pointer.rfind('/').map_or(0, |i| i + 1)..];
        let parent = &pointer[..pointer.rfind('/').unwrap_or(0)];
        let mut described = vec![format!("`{field}` {}", clip(&v.to_string()))];
        for sibling in siblings {
            let s = value
                .pointer(parent)
                .and_then(|o| o.get(sibling))
                .cloned()
                .unwrap_or(Value::Null);
            described.push(format!("`{sibling}` {}", clip(&s.to_string())));
        }
        let there = self.place(first);
        Some(
            Issue::in_record(
                Code::UniqueDuplicate,
                display,
                pointer.clone(),
                format!("{} is already used by {there}", described.join(" with ")),
            )
            .with_help(format!(
                "this combination must be unique: change `{field}` here or in {there}"
            )),
        )
    }
}
