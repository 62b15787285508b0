//! Schemas split over several files, made whole: every `*.json` file under
//! the root's `schemas/` is known by its `$id` and by its path, and each
//! collection's schema is bundled into one self-contained document whose
//! `$ref`s all point inside it (the referenced files are copied under
//! `$defs`, as JSON Schema's compound documents do). Everything after
//! loading (validation, extension keywords, export) then reads one document
//! and never needs to know where a definition came from.
//!
//! A `$ref` resolves as JSON Schema says: against the referring schema's
//! `$id`, or its file location when it has none (a file that also fails to
//! match by `$id` is looked up by its location relative to the referring
//! file, which is how most published multi-file standards are laid out).
//! A reference that leads to no file under `schemas/` is refused: docket
//! never fetches a schema over the network or from outside the dataset.

use std::collections::BTreeMap;

use jsonschema::Uri;
use serde_json::{Map, Value};

use super::draft::{self, Declared, Draft, Origins};

/// Where the files under `schemas/` live, as URIs: a made-up absolute base,
/// so that a relative `$ref` climbing out of it is recognisably outside.
const LOCATION_BASE: &str = "file:///schemas/";

/// One schema file under `schemas/`.
pub(crate) struct SchemaFile {
    /// Path below `schemas/`, `/`-separated (`common/address.json`).
    pub relative: String,
    /// The schema as docket reads it: the file as written, or for a
    /// draft-03 file its draft-04 translation.
    pub value: Value,
    /// The draft the file declares.
    pub declared: Declared,
    /// For a translated file, where each part of `value` is in the file.
    pub origins: Option<Origins>,
    /// The file's location as a URI.
    location: String,
    /// Its `$id` (or draft-4 `id`), resolved against its location.
    id: Option<String>,
}

impl SchemaFile {
    pub(crate) fn new(relative: &str, value: Value) -> SchemaFile {
        let location = format!("{LOCATION_BASE}{relative}");
        let id = declared_id(&value)
            .and_then(|id| resolve(&location, id).ok())
            .map(|uri| without_fragment(&uri).to_owned());
        let declared = draft::declared(&value);
        let (value, origins) = match declared {
            Declared::Known(Draft::Draft3) => {
                let (value, origins) = draft::from_draft3(&value);
                (value, Some(origins))
            }
            _ => (value, None),
        };
        SchemaFile {
            relative: relative.to_owned(),
            value,
            declared,
            origins,
            location,
            id,
        }
    }

    /// The URIs a validator finds this file by: its location and its `$id`.
    pub(crate) fn uris(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.location.as_str()).chain(self.id.as_deref())
    }

    /// The base URI its relative references resolve against, and the one
    /// absolute URI a compound bundle names it by.
    fn base(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.location)
    }

    /// The draft its `value` is read under (draft-04 for a translated
    /// draft-03 file): its own, or, when it names none, `inherited`, the
    /// draft of the schema that refers to it (as validators read it);
    /// `None` for a meta-schema that is none of the drafts.
    pub(crate) fn draft(&self, inherited: Draft) -> Option<Draft> {
        match &self.declared {
            Declared::Absent => Some(inherited),
            Declared::Known(Draft::Draft3) => Some(Draft::Draft4),
            Declared::Known(draft) => Some(*draft),
            Declared::Other(_) => None,
        }
    }
}

/// `$id`, or `id` as drafts 4 named it (when it is a string that is not a
/// plain-name fragment).
fn declared_id(schema: &Value) -> Option<&str> {
    ["$id", "id"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_str))
        .find(|id| !id.starts_with('#'))
}

fn resolve(base: &str, reference: &str) -> Result<String, String> {
    let base = Uri::parse(base).map_err(|e| e.to_string())?;
    jsonschema::uri::resolve_against(&base, reference)
        .map(|uri| uri.as_str().to_owned())
        .map_err(|e| e.to_string())
}

fn without_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(head, _)| head)
}

fn fragment(uri: &str) -> &str {
    uri.split_once('#').map_or("", |(_, tail)| tail)
}

/// Keywords whose values are data, not schemas: a `$ref` key inside them is
/// not a reference.
const DATA_KEYWORDS: [&str; 5] = ["enum", "const", "default", "examples", "example"];

/// The shapes a bundle takes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// One document of one draft: every copy under `$defs` without its
    /// identity, every `$ref` a pointer into the one document, so that
    /// following a reference never needs a base URI.
    Published,
    /// The published form with every file rewritten in the one vocabulary
    /// docket's own walkers read (rules, layout, hints, the schema
    /// comparison), each under its own draft (`draft::for_walkers`).
    Walk,
    /// For validators: every copy an embedded resource of its own, keeping
    /// its `$schema` (so each is read under its own draft) and identified
    /// by its absolute URI, which every reference to it names. This is how
    /// JSON Schema bundles a compound document.
    Compound,
}

/// A collection's schema made one document.
#[derive(Debug)]
pub(crate) struct Bundle {
    pub document: Value,
    /// The files it holds (the root first), by index.
    pub files: Vec<usize>,
}

/// Bundles the schema file `root` (an index into `files`) into one document.
/// Returns it unchanged when it refers to no other file.
pub(crate) fn bundle(files: &[SchemaFile], root: usize, form: Form) -> Result<Bundle, String> {
    let mut bundler = Bundler {
        files,
        form,
        included: BTreeMap::new(),
        pending: Vec::new(),
    };
    let root_draft = files[root].draft(Draft::Draft202012);
    let own = |index: usize| {
        let mut value = files[index].value.clone();
        if form == Form::Walk {
            if let Some(draft) = root_draft.and_then(|d| files[index].draft(d)) {
                draft::for_walkers(&mut value, draft);
            }
        }
        value
    };
    let mut document = own(root);
    let base = files[root].base().to_owned();
    bundler.rewrite(&mut document, root, &base, "")?;
    let mut definitions = BTreeMap::new();
    let mut held = vec![root];
    while let Some(index) = bundler.pending.pop() {
        held.push(index);
        let mut copy = own(index);
        if let Value::Object(map) = &mut copy {
            map.remove("$id");
            if map.get("id").is_some_and(Value::is_string) {
                map.remove("id");
            }
            match form {
                // The copy lives inside another document now: its own
                // identity would change the base its rewritten references
                // resolve against.
                Form::Published | Form::Walk => {
                    map.remove("$schema");
                }
                Form::Compound => {
                    let keyword = match root_draft.and_then(|d| files[index].draft(d)) {
                        Some(Draft::Draft4) => "id",
                        _ => "$id",
                    };
                    map.insert(keyword.into(), Value::String(files[index].base().into()));
                }
            }
        }
        let prefix = format!("/$defs/{}", escape(&definition_name(&files[index])));
        let base = files[index].base().to_owned();
        bundler.rewrite(&mut copy, index, &base, &prefix)?;
        definitions.insert(definition_name(&files[index]), copy);
    }
    if definitions.is_empty() {
        return Ok(Bundle {
            document,
            files: held,
        });
    }
    // Where embedded resources are found: `$defs` from 2019-09 on, and
    // `definitions` before it (a validator of draft-07 does not look for
    // resources under a keyword it does not know).
    let container = match (form, root_draft) {
        (Form::Compound, Some(Draft::Draft4 | Draft::Draft6 | Draft::Draft7)) => "definitions",
        _ => "$defs",
    };
    let Value::Object(map) = &mut document else {
        return Err("the schema is not a JSON object".into());
    };
    let defs = map
        .entry(container)
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(defs) = defs else {
        return Err(format!("`{container}` is not an object"));
    };
    for (name, definition) in definitions {
        defs.insert(name, definition);
    }
    held[1..].sort_unstable();
    Ok(Bundle {
        document,
        files: held,
    })
}

/// The key a bundled file's copy has under `$defs`.
fn definition_name(file: &SchemaFile) -> String {
    format!("docket:{}", file.relative)
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct Bundler<'f> {
    files: &'f [SchemaFile],
    form: Form,
    /// Files already copied in (or queued), by index.
    included: BTreeMap<usize, ()>,
    pending: Vec<usize>,
}

impl Bundler<'_> {
    /// Rewrites every `$ref` under `node`, which sits in file `file` whose
    /// copy is at JSON pointer `prefix` of the bundle.
    fn rewrite(
        &mut self,
        node: &mut Value,
        file: usize,
        base: &str,
        prefix: &str,
    ) -> Result<(), String> {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let local = self.local(reference, file, base, prefix)?;
                    map.insert("$ref".into(), Value::String(local));
                }
                for (key, child) in map.iter_mut() {
                    if key != "$ref" && !DATA_KEYWORDS.contains(&key.as_str()) {
                        self.rewrite(child, file, base, prefix)?;
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.rewrite(item, file, base, prefix)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The bundle-local form (`#/…`) of `reference`, met in file `file`.
    fn local(
        &mut self,
        reference: &str,
        file: usize,
        base: &str,
        prefix: &str,
    ) -> Result<String, String> {
        if let Some(fragment) = reference.strip_prefix('#') {
            return match self.form {
                Form::Published | Form::Walk => self.within(file, fragment, prefix),
                Form::Compound => Ok(reference.to_owned()),
            };
        }
        // Against the base (the `$id`) first; then, for a file not known by
        // that URI (or an `$id` such as a URN that nothing resolves
        // against), the file it names relative to this one.
        let by_base = resolve(base, reference).ok();
        let by_location = resolve(&self.files[file].location, reference)
            .map_err(|e| format!("`$ref` `{reference}` is not a valid URI reference ({e})"))?;
        let found = by_base
            .iter()
            .chain([&by_location])
            .find_map(|uri| Some((self.find(without_fragment(uri))?, uri.clone())));
        let Some((index, target)) = found else {
            return Err(refusal(reference, by_base.as_ref().unwrap_or(&by_location)));
        };
        let fragment = fragment(&target).to_owned();
        if index == file {
            return match self.form {
                Form::Published | Form::Walk => self.within(file, &fragment, prefix),
                Form::Compound => Ok(format!("#{fragment}")),
            };
        }
        if self.included.insert(index, ()).is_none() {
            self.pending.push(index);
        }
        if self.form == Form::Compound {
            return Ok(format!("{}#{fragment}", self.files[index].base()));
        }
        let prefix = format!("/$defs/{}", escape(&definition_name(&self.files[index])));
        self.within(index, &fragment, &prefix)
    }

    /// A fragment of file `file` (a JSON pointer or a plain-name anchor), as
    /// a pointer into the bundle where that file's copy sits at `prefix`.
    fn within(&self, file: usize, fragment: &str, prefix: &str) -> Result<String, String> {
        let fragment = percent_decode(fragment);
        if fragment.is_empty() || fragment.starts_with('/') {
            return Ok(format!("#{prefix}{fragment}"));
        }
        if prefix.is_empty() {
            // An anchor in the root document still works where it is.
            return Ok(format!("#{fragment}"));
        }
        match anchor_pointer(&self.files[file].value, &fragment, String::new()) {
            Some(pointer) => Ok(format!("#{prefix}{pointer}")),
            None => Err(format!(
                "`$ref` names the anchor `{fragment}`, which `schemas/{}` does not declare",
                self.files[file].relative
            )),
        }
    }

    fn find(&self, uri: &str) -> Option<usize> {
        self.files
            .iter()
            .position(|f| f.id.as_deref() == Some(uri))
            .or_else(|| self.files.iter().position(|f| f.location == uri))
    }
}

fn refusal(reference: &str, target: &str) -> String {
    match target.strip_prefix(LOCATION_BASE) {
        Some(path) => format!(
            "`$ref` `{reference}` names `schemas/{path}`, which does not exist; docket resolves references only to schema files under `schemas/`"
        ),
        None if target.starts_with("file:") => format!(
            "`$ref` `{reference}` leads outside the dataset's `schemas/` folder; docket resolves references only to schema files under `schemas/`: copy the schema it needs there"
        ),
        None => format!(
            "`$ref` `{reference}` names `{target}`, which no schema under `schemas/` declares as its `$id`; docket never fetches schemas over the network: save that schema under `schemas/`"
        ),
    }
}

/// The JSON pointer of the subschema declaring `$anchor: name` (or, in
/// drafts 4 to 7, `$id`/`id` `#name`).
pub(crate) fn anchor_pointer(node: &Value, name: &str, at: String) -> Option<String> {
    match node {
        Value::Object(map) => {
            let declares = map.get("$anchor").and_then(Value::as_str) == Some(name)
                || ["$id", "id"].iter().any(|k| {
                    map.get(*k)
                        .and_then(Value::as_str)
                        .and_then(|id| id.strip_prefix('#'))
                        == Some(name)
                });
            if declares {
                return Some(at);
            }
            map.iter()
                .filter(|(k, _)| !DATA_KEYWORDS.contains(&k.as_str()))
                .find_map(|(k, v)| anchor_pointer(v, name, format!("{at}/{}", escape(k))))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| anchor_pointer(v, name, format!("{at}/{i}"))),
        _ => None,
    }
}

pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or_default();
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn files(list: &[(&str, Value)]) -> Vec<SchemaFile> {
        list.iter()
            .map(|(p, v)| SchemaFile::new(p, v.clone()))
            .collect()
    }

    #[test]
    fn relative_file_reference_is_copied_under_defs() {
        let set = files(&[
            (
                "a.schema.json",
                json!({"properties": {"x": {"$ref": "common/defs.json#/$defs/X"}}}),
            ),
            (
                "common/defs.json",
                json!({"$defs": {"X": {"$ref": "#/$defs/Y"}, "Y": {"type": "integer"}}}),
            ),
        ]);
        let bundled = bundle(&set, 0, Form::Walk).unwrap().document;
        assert_eq!(
            bundled["properties"]["x"]["$ref"],
            "#/$defs/docket:common~1defs.json/$defs/X"
        );
        assert_eq!(
            bundled["$defs"]["docket:common/defs.json"]["$defs"]["X"]["$ref"],
            "#/$defs/docket:common~1defs.json/$defs/Y"
        );
    }

    #[test]
    fn reference_by_id_and_anchor() {
        let set = files(&[
            (
                "a.schema.json",
                json!({"$id": "https://example.org/s/a.json", "properties": {"x": {"$ref": "b.json#thing"}}}),
            ),
            (
                "other/b.json",
                json!({"$id": "https://example.org/s/b.json", "$defs": {"T": {"$anchor": "thing", "type": "string"}}}),
            ),
        ]);
        let bundled = bundle(&set, 0, Form::Walk).unwrap().document;
        assert_eq!(
            bundled["properties"]["x"]["$ref"],
            "#/$defs/docket:other~1b.json/$defs/T"
        );
        assert!(bundled["$defs"]["docket:other/b.json"].get("$id").is_none());
    }

    #[test]
    fn reference_outside_is_refused() {
        let set = files(&[("a.schema.json", json!({"$ref": "../secret.json"}))]);
        assert!(bundle(&set, 0, Form::Walk).unwrap_err().contains("outside"));
        let set = files(&[(
            "a.schema.json",
            json!({"$ref": "https://example.org/x.json"}),
        )]);
        assert!(bundle(&set, 0, Form::Walk).unwrap_err().contains("network"));
    }
}
