//! The checks that need one record only: schema validation, the id against
//! the file name, dates not in the future and provenance; and the facts the
//! cross-record checks need, kept small.

use serde_json::Value;

use super::interner::{Interner, Sym};
use super::provenance::Sources;
use super::rules::{for_each_value, values_at, Rule};
use super::schemas::SchemaSet;
use super::{conformance, provenance};
use crate::issue::{clip, Issue};
use crate::load::{Failure, Format, Origin, RecordFile};

/// What the cross-record checks and the exporters need to know of a record.
#[derive(Debug)]
pub struct RecordFacts {
    pub origin: Origin,
    /// Index of its collection in the [`SchemaSet`].
    pub collection: u16,
    /// Its id; for a one-record file that could not be parsed, the file
    /// name, presumed to be the id so that references to it are not
    /// reported as well.
    pub id: Option<Sym>,
    /// Whether the record parsed (facts of a broken file only hold the id).
    pub parsed: bool,
    /// `(rule index, referenced id)` for every `x-references` value.
    pub(crate) refs: Box<[(u16, Sym)]>,
    /// `(rule index, key)` for every `x-unique-with` value.
    pub(crate) keys: Box<[(u16, Sym)]>,
}

/// Checks one record at a time; shared by all threads.
pub struct Checker<'a> {
    pub schemas: &'a SchemaSet,
    pub interner: &'a Interner,
    pub today: &'a str,
    pub sources: Option<&'a Sources>,
}

impl Checker<'_> {
    pub fn check(
        &self,
        file: &RecordFile,
        origin: Origin,
        parsed: Result<Value, Failure>,
    ) -> (RecordFacts, Vec<Issue>) {
        let collection = self.schemas.index(&file.collection).unwrap_or(0);
        let mut facts = RecordFacts {
            origin,
            collection: collection as u16,
            id: None,
            parsed: false,
            refs: Box::new([]),
            keys: Box::new([]),
        };
        let value = match parsed {
            Ok(value) => value,
            Err(failure) => {
                if file.format != Format::Jsonl {
                    facts.id = Some(self.interner.intern(&file.stem));
                }
                return (facts, vec![failure.into_issue(file, origin)]);
            }
        };
        facts.parsed = true;
        let schema = &self.schemas.collections[collection];
        let mut issues = conformance::check(&value, file, schema, self.schemas);
        if let Some(id) = value.get("id").and_then(Value::as_str) {
            facts.id = Some(self.interner.intern(id));
            if file.format != Format::Jsonl && id != file.stem {
                issues.push(file_name_issue(file, id));
            }
        }
        let mut refs = Vec::new();
        let mut keys = Vec::new();
        for (index, rule) in schema.rules.iter().enumerate() {
            match &rule.rule {
                Rule::References(_) => for_each_value(&value, &rule.path, &mut |v| {
                    if let Some(id) = v.as_str() {
                        refs.push((index as u16, self.interner.intern(id)));
                    }
                }),
                Rule::UniqueWith(siblings) => {
                    for (pointer, v) in values_at(&value, &rule.path) {
                        keys.push((
                            index as u16,
                            self.interner
                                .intern(&unique_key(&value, &pointer, v, siblings)),
                        ));
                    }
                }
                Rule::NotFuture => {
                    for (pointer, v) in values_at(&value, &rule.path) {
                        let Some(date) = v.as_str() else { continue };
                        if date.len() == 10 && date > self.today {
                            issues.push(Issue::in_record(
                                "date.future",
                                &file.display,
                                pointer,
                                format!("`{date}` is in the future (today is {})", self.today),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(sources) = self.sources {
            provenance::check_record(&value, schema, file, sources, &mut issues);
        }
        facts.refs = refs.into_boxed_slice();
        facts.keys = keys.into_boxed_slice();
        for issue in &mut issues {
            issue.record = Some(origin);
        }
        (facts, issues)
    }
}

/// An id that is not its file's name, with the likely reason.
fn file_name_issue(file: &RecordFile, id: &str) -> Issue {
    use unicode_normalization::UnicodeNormalization;
    let help = if id.nfc().eq(file.stem.nfc()) {
        "the two look the same but are different Unicode sequences (NFC and NFD normalisation); type the file name again, or save it in NFC".to_owned()
    } else if id.to_lowercase() == file.stem.to_lowercase() {
        "the two differ only in letter case; ids and file names must match exactly".to_owned()
    } else {
        format!(
            "name the file `{}` with its extension, or change the id",
            clip(id)
        )
    };
    Issue::in_record(
        "id.file-name",
        &file.display,
        "/id",
        format!(
            "the id `{}` differs from the file name `{}`",
            clip(id),
            clip(&file.stem)
        ),
    )
    .with_help(help)
}

/// The value at `pointer` together with its listed siblings, as one string.
pub fn unique_key(record: &Value, pointer: &str, value: &Value, siblings: &[String]) -> String {
    let parent = &pointer[..pointer.rfind('/').unwrap_or(0)];
    let object = record.pointer(parent);
    let mut key = value.to_string();
    for sibling in siblings {
        key.push('\u{0}');
        match object.and_then(|o| o.get(sibling)) {
            Some(v) => key.push_str(&v.to_string()),
            None => key.push_str("null"),
        }
    }
    key
}
