//! The checks that need one record only: schema validation, the id against
//! the file name, dates not in the future and provenance; and the facts the
//! cross-record checks need, kept small.

use serde_json::Value;

use super::interner::{Interner, Sym};
use super::provenance::Sources;
use super::{conformance, provenance};
use crate::issue::code::{Code, Id, Keyword};
use crate::issue::{clip, Issue};
use crate::load::{Failure, Format, Origin, RecordFile};
use crate::schema::rules::{for_each_value, values_at, Rule};
use crate::schema::{CollectionSchema, SchemaSet};

/// What the cross-record checks and the exporters need to know of a record.
#[derive(Debug, Clone)]
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
    /// `(rule index, 128-bit hash of the key)` for every `x-unique-with` value.
    pub(crate) keys: Box<[(u16, KeyHash)]>,
}

/// A unique key, hashed: two different keys share a hash with a chance of
/// one in 2^128, so equal hashes are taken as equal keys without keeping
/// a million key strings.
pub(super) type KeyHash = (u64, u64);

fn key_hash(key: &str) -> KeyHash {
    use std::hash::BuildHasher;
    let a = foldhash::quality::FixedState::with_seed(0x5eed_0001);
    let b = foldhash::quality::FixedState::with_seed(0x5eed_0002);
    (a.hash_one(key), b.hash_one(key))
}

/// Checks one record at a time; shared by all threads.
pub(super) struct Checker<'a> {
    schemas: &'a SchemaSet,
    interner: &'a Interner,
    today: &'a str,
    sources: Option<&'a Sources>,
    /// Issues found so far; few, so one lock is no bottleneck.
    issues: std::sync::Mutex<Vec<Issue>>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(
        schemas: &'a SchemaSet,
        interner: &'a Interner,
        today: &'a str,
        sources: Option<&'a Sources>,
    ) -> Checker<'a> {
        Checker {
            schemas,
            interner,
            today,
            sources,
            issues: Default::default(),
        }
    }

    /// The problems found so far, taken out.
    pub(super) fn take_issues(&self) -> Vec<Issue> {
        std::mem::take(&mut *self.issues.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub(super) fn check(
        &self,
        file: &RecordFile,
        origin: Origin,
        parsed: Result<Value, Failure>,
    ) -> RecordFacts {
        self.check_keeping(file, origin, parsed).0
    }

    /// [`Checker::check`], giving the record back when it passed every
    /// check of its own.
    pub(super) fn check_keeping(
        &self,
        file: &RecordFile,
        origin: Origin,
        parsed: Result<Value, Failure>,
    ) -> (RecordFacts, Option<Value>) {
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
                if file.format != Format::Jsonl && schema_has_single_key(self.schemas, collection) {
                    facts.id = Some(self.interner.intern(&file.stem));
                }
                self.report(vec![failure.into_issue(file, origin)]);
                return (facts, None);
            }
        };
        facts.parsed = true;
        let schema = &self.schemas.collections[collection];
        let mut issues = conformance::check(&value, file, schema, self.schemas);
        if let Some(id) = schema.key_of(&value) {
            facts.id = Some(self.interner.intern(&id));
            if let Some(property) = schema.single_key() {
                if file.format != Format::Jsonl && id != file.stem {
                    issues.push(file_name_issue(file, property, &id));
                }
            }
        } else if let Some(issue) = missing_key_issue(&value, file, schema, &issues) {
            issues.push(issue);
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
                Rule::UniqueWith(siblings) if rule.path.len() == 1 => {
                    // The common case, a top-level key: no pointers needed.
                    for_each_value(&value, &rule.path, &mut |v| {
                        keys.push((index as u16, key_hash(&key_text(&value, v, siblings))));
                    });
                }
                Rule::UniqueWith(siblings) => {
                    for (pointer, v) in values_at(&value, &rule.path) {
                        keys.push((
                            index as u16,
                            key_hash(&unique_key(&value, &pointer, v, siblings)),
                        ));
                    }
                }
                Rule::NotFuture => {
                    let mut future = false;
                    for_each_value(&value, &rule.path, &mut |v| {
                        future |= v.as_str().is_some_and(|d| after(d, self.today));
                    });
                    if !future {
                        continue;
                    }
                    for (pointer, v) in values_at(&value, &rule.path) {
                        let Some(date) = v.as_str() else { continue };
                        if after(date, self.today) {
                            issues.push(Issue::in_record(
                                Code::DateFuture,
                                &file.display,
                                pointer,
                                format!("`{date}` is in the future (today is {})", self.today),
                            ).with_help("check the year, month and day: a date that has not come yet cannot be recorded"));
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
        let sound = issues.is_empty();
        self.report(issues);
        (facts, sound.then_some(value))
    }

    fn report(&self, issues: Vec<Issue>) {
        if !issues.is_empty() {
            self.issues
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(issues);
        }
    }
}

/// Whether `date` is a calendar date (`YYYY-MM-DD`) after `today`. Text
/// that is no such date (`30.01.2020`, `9 May 2024`) is not judged for the
/// future: its `format` error says what is wrong with it.
fn after(date: &str, today: &str) -> bool {
    date.len() == 10 && date > today && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
}

fn schema_has_single_key(schemas: &SchemaSet, collection: usize) -> bool {
    schemas.collections[collection].single_key().is_some()
}

/// A record without (part of) its collection's key, where its schema does
/// not already say so: the key is what references, duplicates and every
/// export's rows are known by, so a record without one cannot be told
/// apart from another.
fn missing_key_issue(
    value: &Value,
    file: &RecordFile,
    schema: &CollectionSchema,
    issues: &[Issue],
) -> Option<Issue> {
    let key = schema.key.as_deref()?;
    let missing: Vec<&str> = key
        .iter()
        .filter(|part| value.get(part.as_str()).is_none_or(Value::is_null))
        .map(String::as_str)
        .collect();
    let already = issues.iter().any(|issue| {
        issue.code == Code::Schema(Keyword::Required) && issue.pointer.as_deref() == Some("")
    });
    if missing.is_empty() || already {
        return None;
    }
    let named = |parts: &[&str]| {
        parts
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let message = match key {
        [_] => format!(
            "this record has no {}, the key that identifies the records of `{}`",
            named(&missing),
            schema.name
        ),
        _ => format!(
            "this record lacks {} of the key ({}) that identifies the records of `{}`",
            named(&missing),
            named(&key.iter().map(String::as_str).collect::<Vec<_>>()),
            schema.name
        ),
    };
    Some(
        Issue::in_record(Code::Id(Id::Missing), &file.display, String::new(), message).with_help(
            format!(
                "add {}; if other properties identify these records, name them in the schema with `\"x-key\"`",
                named(&missing)
            ),
        ),
    )
}

/// An id that is not its file's name, with the likely reason.
fn file_name_issue(file: &RecordFile, property: &str, id: &str) -> Issue {
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
        Code::Id(Id::FileName),
        &file.display,
        format!("/{}", crate::issue::escape_token(property)),
        format!(
            "the id `{}` differs from the file name `{}`",
            clip(id),
            clip(&file.stem)
        ),
    )
    .with_help(help)
}

/// The value at `pointer` together with its listed siblings, as one string.
pub(super) fn unique_key(
    record: &Value,
    pointer: &str,
    value: &Value,
    siblings: &[String],
) -> String {
    let parent = &pointer[..pointer.rfind('/').unwrap_or(0)];
    match record.pointer(parent) {
        Some(object) => key_text(object, value, siblings),
        None => key_text(&Value::Null, value, siblings),
    }
}

/// A value and its siblings in `object`, as one string.
fn key_text(object: &Value, value: &Value, siblings: &[String]) -> String {
    let mut key = value.to_string();
    for sibling in siblings {
        key.push('\u{0}');
        match object.get(sibling) {
            Some(v) => key.push_str(&v.to_string()),
            None => key.push_str("null"),
        }
    }
    key
}

/// The hash of the key at `pointer`, as the facts hold it.
pub(super) fn unique_key_hash(
    record: &Value,
    pointer: &str,
    value: &Value,
    siblings: &[String],
) -> KeyHash {
    key_hash(&unique_key(record, pointer, value, siblings))
}
