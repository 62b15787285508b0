//! `croissant.json`: the release described in Croissant 1.1 (MLCommons),
//! the format ML dataset hubs and venues read. The dataset's schema.org
//! description ([`super::jsonld`]), one `FileObject` per file written with
//! its SHA-256, and one `RecordSet` per collection whose fields, types,
//! key and references come from the collection's [`Table`].
//!
//! A record set reads its collection's Parquet file, or its JSON Lines
//! file when Parquet was not written; a collection with neither gets a
//! record set that describes its fields without a source.

use serde_json::{json, Map, Value};

use super::context::Context;
use super::output::WrittenFile;
use super::table::{Field, Kind, Table};
use super::{citation, jsonld};

/// Path of the Croissant file inside an export.
pub(crate) const PATH: &str = "croissant.json";

/// The Croissant description of the files written so far and the collections.
pub(crate) fn build(cx: &Context) -> String {
    let mut out = Map::new();
    out.insert("@context".into(), context());
    out.extend(jsonld::dataset(cx.metadata, cx.stamp));
    out.insert(
        "conformsTo".into(),
        "http://mlcommons.org/croissant/1.1".into(),
    );
    out.insert(
        "citeAs".into(),
        citation::text(cx.metadata, cx.stamp).into(),
    );
    if !out.contains_key("url") {
        // Croissant wants a URL; a release without a homepage is found
        // through its own file.
        out.insert("url".into(), PATH.into());
    }
    let files: Vec<Value> = cx
        .written
        .iter()
        .map(|f| {
            json!({
                "@type": "cr:FileObject",
                "@id": f.path,
                "name": f.path,
                "contentUrl": f.path,
                "contentSize": format!("{} B", f.bytes),
                "encodingFormat": jsonld::media_type(&f.path),
                "sha256": f.sha256,
            })
        })
        .collect();
    out.insert("distribution".into(), files.into());
    let targets: Vec<Target> = cx
        .collections
        .iter()
        .map(|c| Target {
            collection: &c.table.collection,
            file: source_file(&c.table.collection, cx.written),
            key: c.table.key.first().map(String::as_str),
        })
        .collect();
    let sets: Vec<Value> = cx
        .collections
        .iter()
        .zip(&targets)
        .map(|(c, t)| record_set(&c.table, t.file.as_deref(), &targets))
        .collect();
    out.insert("recordSet".into(), sets.into());
    serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default() + "\n"
}

/// The file a collection's record set reads: Parquet, else JSON Lines.
fn source_file(collection: &str, written: &[WrittenFile]) -> Option<String> {
    [
        format!("parquet/{collection}.parquet"),
        format!("jsonl/{collection}.jsonl"),
    ]
    .into_iter()
    .find(|path| written.iter().any(|f| &f.path == path))
}

/// A collection as other record sets refer to it: the file its record
/// set reads and the column of its key there.
struct Target<'c> {
    collection: &'c str,
    file: Option<String>,
    key: Option<&'c str>,
}

fn record_set(table: &Table, file: Option<&str>, targets: &[Target]) -> Value {
    let name = &table.collection;
    let fields: Vec<Value> = table
        .fields
        .iter()
        .map(|f| field(name, f, &Source::Column(file, &f.name), targets))
        .collect();
    let mut set = Map::new();
    set.insert("@type".into(), "cr:RecordSet".into());
    set.insert("@id".into(), name.clone().into());
    set.insert("name".into(), name.clone().into());
    if let Some(description) = table.description.as_ref().or(table.title.as_ref()) {
        set.insert("description".into(), description.clone().into());
    }
    let key: Vec<Value> = table
        .key
        .iter()
        .map(|k| json!({"@id": format!("{name}/{k}")}))
        .collect();
    if !key.is_empty() {
        set.insert("key".into(), key.into());
    }
    set.insert("field".into(), fields.into());
    Value::Object(set)
}

/// Where a field's values come from: a column of the source file, or a
/// member of the parent field's values (whether the parent is a list).
enum Source<'s> {
    Column(Option<&'s str>, &'s str),
    Member(&'s Value, &'s str, bool),
}

fn field(parent: &str, field: &Field, source: &Source, targets: &[Target]) -> Value {
    let id = format!("{parent}/{}", field.name);
    let mut out = Map::new();
    out.insert("@type".into(), "cr:Field".into());
    out.insert("@id".into(), id.clone().into());
    out.insert("name".into(), field.name.clone().into());
    if let Some(description) = describe(field) {
        out.insert("description".into(), description.into());
    }
    let source = match source {
        Source::Column(Some(file), column) => {
            Some(json!({"fileObject": {"@id": file}, "extract": {"column": column}}))
        }
        Source::Column(None, _) => None,
        Source::Member(parent, member, list) => {
            // The path from the column's value: a member of each item of a
            // top-level list, or a path through nested values. (mlcroissant
            // 1.1 keeps the first match of a path through a nested list.)
            let path = match parent
                .pointer("/transform/jsonPath")
                .and_then(Value::as_str)
            {
                None => (*member).to_owned(),
                Some(above) if *list => format!("{above}[*].{member}"),
                Some(above) => format!("{above}.{member}"),
            };
            let mut member_source = (*parent).clone();
            if let Some(map) = member_source.as_object_mut() {
                map.insert("transform".into(), json!({ "jsonPath": path }));
            }
            Some(member_source)
        }
    };
    let (kind, array) = match &field.kind {
        Kind::List(item) => (&**item, true),
        Kind::ListOfObjects(fields) => {
            out.insert("isArray".into(), true.into());
            return with_members(out, &id, fields, source, true, targets);
        }
        kind => (kind, false),
    };
    if array {
        out.insert("isArray".into(), true.into());
    }
    if let Kind::Object(fields) = kind {
        return with_members(out, &id, fields, source, array, targets);
    }
    out.insert("dataType".into(), data_type(kind).into());
    // References are typed where readers can follow them: from a
    // top-level single value to another record set, as the column of the
    // key in the file that record set reads. mlcroissant (1.1) joins on
    // them, and cannot join on a list, inside a nested value, with a
    // record set's own output or with itself; those are said in words
    // (the description).
    let joinable = matches!(&source, Some(s) if s.get("transform").is_none()) && !array;
    let target = field
        .references
        .as_deref()
        .filter(|t| joinable && !id.starts_with(&format!("{t}/")));
    if let Some(Target {
        file: Some(file),
        key: Some(key),
        ..
    }) = target.and_then(|t| targets.iter().find(|x| x.collection == t))
    {
        out.insert(
            "references".into(),
            json!({"fileObject": {"@id": file}, "extract": {"column": key}}),
        );
    }
    if let Some(source) = source {
        out.insert("source".into(), source);
    }
    Value::Object(out)
}

/// A nested object's fields as sub-fields, each reading its member of the
/// parent's values.
fn with_members(
    mut out: Map<String, Value>,
    id: &str,
    fields: &[Field],
    source: Option<Value>,
    list: bool,
    targets: &[Target],
) -> Value {
    let subs: Vec<Value> = fields
        .iter()
        .map(|f| match &source {
            Some(parent) => field(id, f, &Source::Member(parent, &f.name, list), targets),
            None => field(id, f, &Source::Column(None, &f.name), targets),
        })
        .collect();
    out.insert("subField".into(), subs.into());
    Value::Object(out)
}

/// The field's description, with the codes a code field allows and the
/// collection a reference points to.
fn describe(field: &Field) -> Option<String> {
    let codes = match &field.kind {
        Kind::Enum(values) => Some(values),
        Kind::List(item) => match &**item {
            Kind::Enum(values) => Some(values),
            _ => None,
        },
        _ => None,
    };
    let mut parts: Vec<String> = field.description.iter().cloned().collect();
    if let Some(values) = codes {
        parts.push(format!("One of: {}.", values.join(", ")));
    }
    if let Some(target) = &field.references {
        parts.push(format!("Refers to a `{target}` record by its key."));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The schema.org type of a scalar kind; JSON text and codes are text.
fn data_type(kind: &Kind) -> &'static str {
    match kind {
        Kind::Date => "sc:Date",
        Kind::DateTime => "sc:DateTime",
        Kind::Integer => "sc:Integer",
        Kind::Number => "sc:Float",
        Kind::Boolean => "sc:Boolean",
        _ => "sc:Text",
    }
}

/// The Croissant 1.1 JSON-LD context.
fn context() -> Value {
    json!({
        "@language": "en",
        "@vocab": "https://schema.org/",
        "arrayShape": "cr:arrayShape",
        "citeAs": "cr:citeAs",
        "column": "cr:column",
        "conformsTo": "dct:conformsTo",
        "containedIn": "cr:containedIn",
        "cr": "http://mlcommons.org/croissant/",
        "rai": "http://mlcommons.org/croissant/RAI/",
        "data": {"@id": "cr:data", "@type": "@json"},
        "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
        "dct": "http://purl.org/dc/terms/",
        "description": {"@container": "@language"},
        "equivalentProperty": "cr:equivalentProperty",
        "examples": {"@id": "cr:examples", "@type": "@json"},
        "extract": "cr:extract",
        "field": "cr:field",
        "fileProperty": "cr:fileProperty",
        "fileObject": "cr:fileObject",
        "fileSet": "cr:fileSet",
        "format": "cr:format",
        "includes": "cr:includes",
        "isArray": "cr:isArray",
        "isLiveDataset": "cr:isLiveDataset",
        "jsonPath": "cr:jsonPath",
        "key": "cr:key",
        "md5": "cr:md5",
        "name": {"@container": "@language"},
        "parentField": "cr:parentField",
        "path": "cr:path",
        "recordSet": "cr:recordSet",
        "references": "cr:references",
        "regex": "cr:regex",
        "repeated": "cr:repeated",
        "replace": "cr:replace",
        "samplingRate": "cr:samplingRate",
        "sc": "https://schema.org/",
        "separator": "cr:separator",
        "source": "cr:source",
        "subField": "cr:subField",
        "transform": "cr:transform",
    })
}
