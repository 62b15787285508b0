//! Floors for the bundled dataset taken from the source texts themselves
//! (issue #3): the sources are read and counted here, and the dataset must
//! hold at least that much. Runs whenever the source texts are found
//! (`DOCKET_SOURCES`, or `../shared/sources` beside the repository) and then
//! fails on any missing text; without them each test is listed as not run.

use crate::common;

use common::repo;

use std::collections::BTreeSet;

use docket::{normalize, Limits, SchemaSet};
use serde_json::Value;

/// The text of one source, or `None` when the source texts are not found.
/// Once they are, a missing or unreadable text fails the test.
fn source(name: &str) -> Option<String> {
    let dir = common::sources("curation floors")?;
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => panic!("source text {} cannot be read: {e}", path.display()),
    }
}

/// A record of the bundled dataset with its collection.
struct Record {
    collection: String,
    value: Value,
}

fn records() -> Vec<Record> {
    let schemas = SchemaSet::load(&repo()).unwrap();
    let dataset = docket::discover(&repo(), &schemas.names()).unwrap();
    assert!(dataset.issues.is_empty());
    dataset.visit(&Limits::default(), |file, _, parsed| Record {
        collection: file.collection.clone(),
        value: parsed.expect("the bundled dataset parses"),
    })
}

fn of<'r>(records: &'r [Record], collection: &str) -> Vec<&'r Value> {
    records
        .iter()
        .filter(|r| r.collection == collection)
        .map(|r| &r.value)
        .collect()
}

fn str_of<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The entries of a record's `provenance`, which is one object or a list of them.
fn provenance_of(record: &Value) -> Vec<&Value> {
    match &record["provenance"] {
        Value::Array(entries) => entries.iter().collect(),
        entry => vec![entry],
    }
}

/// The sources a record's provenance names.
fn sources_of(record: &Value) -> BTreeSet<&str> {
    provenance_of(record)
        .into_iter()
        .map(|p| str_of(p, "source"))
        .collect()
}

/// The document whose provenance is `source` and whose title or quote contains `marker`.
fn document_in<'r>(records: &'r [Record], source: &str, marker: &str) -> &'r Value {
    of(records, "documents")
        .into_iter()
        .find(|d| {
            str_of(d, "coverage") != "cited-only"
                && provenance_of(d).iter().any(|p| {
                    str_of(p, "source") == source
                        && (str_of(d, "title").contains(marker)
                            || str_of(p, "quote").contains(marker))
                })
        })
        .unwrap_or_else(|| panic!("no document from {source} marked by `{marker}`"))
}

fn strings<'v>(value: &'v Value, key: &str) -> Vec<&'v str> {
    value[key]
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

const SOURCES: [&str; 5] = [
    "000_4cf2a303c06ac07a.txt",
    "001_81ca196eaf4da421.txt",
    "002_6d8b22f46bf625a4.txt",
    "003_7dbaf4c1f71b601c.txt",
    "004_41b793a4f2afde22.txt",
];

fn recommendations_of<'r>(records: &'r [Record], document: &Value) -> Vec<&'r Value> {
    let id = str_of(document, "id");
    of(records, "recommendations")
        .into_iter()
        .filter(|r| str_of(r, "document") == id)
        .collect()
}

#[test]
fn numbered_recommendations_of_12_april_2023() {
    let Some(text) = source("000_4cf2a303c06ac07a.txt") else {
        return;
    };
    let printed: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            l.split_once(". ")
                .filter(|(n, _)| n.parse::<u32>().is_ok())
                .map(|(n, _)| n)
        })
        .collect();
    assert!(printed.len() >= 16);
    let records = records();
    let page = document_in(
        &records,
        "000_4cf2a303c06ac07a.txt",
        "recommendations were developed",
    );
    let numbers: BTreeSet<&str> = recommendations_of(&records, page)
        .iter()
        .map(|r| str_of(r, "number"))
        .collect();
    for n in printed {
        assert!(
            numbers.contains(n),
            "recommendation {n} of 000 is not curated"
        );
    }
}

#[test]
fn demands_of_7_march_2023() {
    let Some(text) = source("003_7dbaf4c1f71b601c.txt") else {
        return;
    };
    let body = text.split("If these lawful demands").next().unwrap();
    let bullets: Vec<String> = body
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix('•'))
        .map(|l| normalize(l).trim_end_matches([',', '.']).to_owned())
        .collect();
    assert_eq!(bullets.len(), 3);
    let records = records();
    let statement = document_in(&records, "003_7dbaf4c1f71b601c.txt", "");
    let demands: Vec<String> = recommendations_of(&records, statement)
        .into_iter()
        .filter(|r| str_of(r, "kind") == "demand")
        .map(|r| normalize(str_of(r, "text")))
        .collect();
    for bullet in bullets {
        let curated = demands
            .iter()
            .any(|d| d.trim_end_matches([',', '.']) == bullet);
        assert!(
            curated,
            "demand `{bullet}` is not curated; demands: {demands:#?}"
        );
    }
}

#[test]
fn requests_in_the_annex_of_the_un_letter() {
    let Some(text) = source("004_41b793a4f2afde22.txt") else {
        return;
    };
    let after = text
        .split("undertake the following actions")
        .nth(1)
        .unwrap();
    let list = after.split("We also kindly call").next().unwrap();
    let bullets: Vec<String> = list
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .map(normalize)
        .collect();
    assert_eq!(bullets.len(), 5);
    let records = records();
    let annex = of(&records, "documents")
        .into_iter()
        .find(|d| {
            d["relations"]
                .as_array()
                .is_some_and(|r| r.iter().any(|r| r["kind"] == "annex-of"))
        })
        .expect("the annex is linked to its letter");
    let requests: Vec<String> = recommendations_of(&records, annex)
        .into_iter()
        .filter(|r| str_of(r, "kind") == "request")
        .map(|r| normalize(str_of(r, "text")))
        .collect();
    for bullet in bullets {
        assert!(
            requests.contains(&bullet),
            "request `{bullet}` is not curated as a request of the annex"
        );
    }
}

#[test]
fn every_item_of_the_listing_page_is_a_document() {
    let Some(text) = source("001_81ca196eaf4da421.txt") else {
        return;
    };
    let items = text.matches("[…]").count();
    assert_eq!(items, 8);
    let records = records();
    let listed = of(&records, "documents")
        .into_iter()
        .filter(|d| {
            d["relations"]
                .as_array()
                .is_some_and(|r| r.iter().any(|r| r["kind"] == "listed-in"))
        })
        .filter(|d| str_of(d, "coverage") == "truncated")
        .count();
    assert!(listed >= items, "{listed} listed documents, {items} items");
}

/// Every signatory line of the two coalition texts is an organisation's name or alias.
#[test]
fn every_coalition_signatory_is_an_organisation() {
    let (Some(recommendations), Some(statement)) = (
        source("000_4cf2a303c06ac07a.txt"),
        source("003_7dbaf4c1f71b601c.txt"),
    ) else {
        return;
    };
    let block = |text: &str, after: &str, until: &str| -> Vec<String> {
        let start = text.find(after).unwrap() + after.len();
        let end = start + text[start..].find(until).unwrap();
        text[start..end]
            .lines()
            .map(normalize)
            .filter(|l| !l.is_empty())
            .collect()
    };
    let mut signatories = block(
        &recommendations,
        "The main submitting organization:",
        "Periodic Review HERE",
    );
    signatories.extend(block(&statement, "Nagorno-Karabakh.\n\n\n", "views:"));
    assert_eq!(signatories.len(), 17, "{signatories:#?}");
    let records = records();
    let names: BTreeSet<String> = of(&records, "organizations")
        .into_iter()
        .flat_map(|o| {
            let aliases = o["aliases"].as_array().cloned().unwrap_or_default();
            std::iter::once(o["name"].clone()).chain(aliases)
        })
        .filter_map(|v| v.as_str().map(normalize))
        .collect();
    for signatory in signatories {
        assert!(
            names.contains(&signatory),
            "`{signatory}` is no organisation's name or alias"
        );
    }
}

/// A list of demands or requests in a source: the line that introduces it
/// (ending with a colon) and its bulleted items, normalised.
struct BulletList {
    lead_in: String,
    items: Vec<String>,
}

fn bullet_lists(text: &str) -> Vec<BulletList> {
    let bullet = |line: &str| {
        let line = line.trim_start();
        line.strip_prefix('•')
            .or_else(|| line.strip_prefix("- "))
            .map(normalize)
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut lists = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let lead_in = normalize(line);
        if !lead_in.ends_with(':') || bullet(line).is_some() {
            continue;
        }
        let mut items = Vec::new();
        for next in &lines[i + 1..] {
            if next.trim().is_empty() {
                continue;
            }
            match bullet(next) {
                Some(item) => items.push(item),
                None => break,
            }
        }
        if !items.is_empty() {
            lists.push(BulletList { lead_in, items });
        }
    }
    lists
}

/// Every bulleted list of every source: each item is a recommendation that
/// keeps the sentence introducing the list as its `lead_in` (issue #13).
#[test]
fn every_list_item_keeps_its_lead_in() {
    let texts: Vec<(&str, String)> = SOURCES
        .iter()
        .filter_map(|name| source(name).map(|text| (*name, text)))
        .collect();
    if texts.len() < SOURCES.len() {
        return;
    }
    let records = records();
    let recommendations = of(&records, "recommendations");
    let mut lists = 0;
    for (name, text) in &texts {
        for list in bullet_lists(text) {
            lists += 1;
            for item in &list.items {
                let record = recommendations
                    .iter()
                    .find(|r| sources_of(r).contains(name) && normalize(str_of(r, "text")) == *item)
                    .unwrap_or_else(|| panic!("`{item}` of {name} is not a recommendation"));
                assert_eq!(
                    normalize(str_of(record, "lead_in")),
                    list.lead_in,
                    "lead-in of {}",
                    str_of(record, "id")
                );
            }
        }
    }
    assert_eq!(lists, 2, "the sources hold two bulleted lists");
}

/// Everyone a letter says it is copied to is a copy recipient, in printed order.
#[test]
fn every_copy_recipient_is_recorded() {
    let Some(text) = source("004_41b793a4f2afde22.txt") else {
        return;
    };
    let text = normalize(&text);
    let marker = "I send a copy of this letter to ";
    let start = text.find(marker).expect("the annex says whom it copies") + marker.len();
    let sentence = &text[start..start + text[start..].find('.').unwrap()];
    // Items are separated by commas, the last two by " and " (which also
    // occurs inside a name, "Economic and Social Council").
    let (head, last) = sentence.rsplit_once(" and ").unwrap();
    let mut printed: Vec<String> = head.split(", ").map(str::to_owned).collect();
    printed.push(last.to_owned());
    assert_eq!(printed.len(), 7, "{printed:?}");
    let records = records();
    let annex = document_in(
        &records,
        "004_41b793a4f2afde22.txt",
        "Western Azerbaijan Community",
    );
    let recorded: Vec<&str> = annex["copy_recipients"]
        .as_array()
        .expect("the annex has copy recipients")
        .iter()
        .map(|r| str_of(r, "as_printed"))
        .collect();
    assert_eq!(recorded, printed);
    let organizations = annex["copy_recipients"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("organization").is_some())
        .count();
    assert_eq!(
        organizations,
        printed.len(),
        "each recipient's organisation"
    );
}

/// Every "(Signed)" block of the UN document is a signatory with each
/// function on its own, and the person who "informed the Council" on the
/// information page is the speaker of that statement, each function apart.
#[test]
fn every_signatory_and_speaker_keeps_each_function() {
    let (Some(letter), Some(page)) = (
        source("004_41b793a4f2afde22.txt"),
        source("002_6d8b22f46bf625a4.txt"),
    ) else {
        return;
    };
    let records = records();
    let documents = of(&records, "documents");
    let people = |key: &str| -> Vec<(String, Vec<String>)> {
        documents
            .iter()
            .flat_map(|d| d[key].as_array().cloned().unwrap_or_default())
            .map(|p| {
                let functions = strings(&p, "functions")
                    .into_iter()
                    .map(normalize)
                    .collect();
                (normalize(str_of(&p, "name")), functions)
            })
            .collect()
    };
    let signatories = people("signatories");
    let blocks: Vec<&str> = letter.split("(Signed)").skip(1).collect();
    assert_eq!(blocks.len(), 2);
    for block in blocks {
        let mut lines = block
            .lines()
            .map(normalize)
            .take_while(|l| !l.is_empty() && l != "---");
        let name = without_courtesy_title(&lines.next().unwrap()).to_owned();
        let functions: Vec<String> = lines.collect();
        assert!(
            signatories.contains(&(name.clone(), functions.clone())),
            "signatory {name} with {functions:?} is not recorded; signatories: {signatories:?}"
        );
    }
    let speakers = people("speakers");
    for (name, _) in signatories.iter().chain(&speakers) {
        assert_eq!(
            name,
            without_courtesy_title(name),
            "rule 10: a name is recorded without its courtesy title"
        );
    }
    let page = normalize(&page);
    let marker = " informed the Council";
    let mut found = 0;
    for (at, _) in page.match_indices(marker) {
        let printed = page[..at].rsplit_once(". ").map_or(&page[..at], |(_, s)| s);
        let speaker = speakers
            .iter()
            .find(|(name, _)| printed.contains(name.as_str()))
            .unwrap_or_else(|| panic!("no speaker named in `{printed}`"));
        for function in &speaker.1 {
            assert!(
                printed.contains(function.as_str()),
                "`{function}` not in `{printed}`"
            );
        }
        assert!(speaker.1.len() >= 2, "each function apart: {speaker:?}");
        found += 1;
    }
    assert_eq!(found, 1);
}

/// A printed name without the courtesy title before it ("Mr.", "Ms.", "Dr."),
/// which rule 10 leaves out of every name alike.
fn without_courtesy_title(name: &str) -> &str {
    ["Mr. ", "Ms. ", "Mrs. ", "Dr. "]
        .iter()
        .find_map(|title| name.strip_prefix(title))
        .unwrap_or(name)
}

/// Each source's wording of a document is checked against a source the
/// document's provenance names, and a reported call's provenance is the
/// reporting document's source.
#[test]
fn wordings_and_reported_calls_name_their_own_source() {
    let records = records();
    let documents = of(&records, "documents");
    for document in &documents {
        let sources = sources_of(document);
        for wording in document["cited_as"].as_array().into_iter().flatten() {
            assert!(
                sources.contains(str_of(wording, "source")),
                "{}: `cited_as` names a source its provenance does not",
                str_of(document, "id")
            );
        }
    }
    for recommendation in of(&records, "recommendations") {
        let Some(reporter) = recommendation["reported_in"].as_str() else {
            continue;
        };
        let reporting = documents
            .iter()
            .find(|d| str_of(d, "id") == reporter)
            .expect("the reporting document exists");
        for source in sources_of(recommendation) {
            assert!(
                sources_of(reporting).contains(source),
                "{} is reported in {reporter} but comes from {source}",
                str_of(recommendation, "id")
            );
        }
    }
}

/// Themes are the recommendation's own words, never inferred.
#[test]
fn themes_are_words_of_the_text() {
    let records = records();
    for r in of(&records, "recommendations") {
        let text = normalize(str_of(r, "text"));
        for theme in strings(r, "themes") {
            assert!(
                text.contains(&normalize(theme)),
                "{}: theme `{theme}` is not in its text",
                str_of(r, "id")
            );
        }
    }
}

/// The review's findings of 1.0.0 that a rule can check (issue #13).
#[test]
fn curator_text_and_flags_follow_the_rules() {
    let records = records();
    let documents = of(&records, "documents");
    for d in &documents {
        let id = str_of(d, "id");
        for key in ["summary", "supplied_title"] {
            assert!(
                !str_of(d, key).contains('"'),
                "{id}: straight quotation marks in {key}"
            );
        }
        assert!(
            !str_of(d, "supplied_title").contains("cited only"),
            "{id}: the coverage says it is cited only, not the title"
        );
        assert!(
            !str_of(d, "summary").contains("undated"),
            "{id}: say the source gives no date"
        );
    }
    for r in of(&records, "recommendations") {
        // Rule 8: a call visible in a truncated item, its own or one the item reports.
        let shown_in = [r["document"].as_str(), r["reported_in"].as_str()];
        for shown in shown_in.into_iter().flatten() {
            let document = documents.iter().find(|d| str_of(d, "id") == shown).unwrap();
            if str_of(document, "coverage") == "truncated" {
                assert_eq!(
                    r["truncated"],
                    true,
                    "{} is visible only in the truncated item {shown}",
                    str_of(r, "id")
                );
            }
        }
    }
    for o in of(&records, "organizations") {
        if str_of(o, "classification") != "civil-society-organization" {
            continue;
        }
        let names = std::iter::once(str_of(o, "name")).chain(strings(o, "aliases"));
        let supported = strings(o, "described_as")
            .iter()
            .any(|d| d.contains("civil society") || d.contains("CSO"))
            || names.into_iter().any(|n| n.ends_with(" NGO"));
        assert!(
            supported,
            "{}: civil society by which words of the sources?",
            str_of(o, "id")
        );
    }
}

/// Terms of one side (rule 14) that no curator-written text uses outside a quotation.
const ONE_SIDES_TERMS: [&str; 8] = [
    "killing",
    "perpetrators",
    "ethnic cleansing",
    "aggression",
    "war crimes",
    "expelled",
    "forcibly displaced",
    "egregious violations",
];

/// `text` with every curly-quoted passage (“…”) removed: what is left is the curator's voice.
fn curator_voice(text: &str) -> String {
    let mut voice = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => voice.push(c),
            _ => {}
        }
    }
    voice
}

/// Rule 14: summaries and supplied titles quote one side's terms, and a
/// cited-only document's summary ends with the rule's sentence.
#[test]
fn curator_text_quotes_one_sides_terms() {
    let records = records();
    for d in of(&records, "documents") {
        let id = str_of(d, "id");
        for key in ["summary", "supplied_title"] {
            let voice = curator_voice(str_of(d, key)).to_lowercase();
            for term in ONE_SIDES_TERMS {
                assert!(
                    !voice.contains(term),
                    "{id}: `{term}` in the curator's voice in {key}; quote the source"
                );
            }
        }
        if str_of(d, "coverage") == "cited-only" {
            assert!(
                str_of(d, "summary").ends_with("Its text is not in the sources."),
                "{id}: a cited-only summary ends “Its text is not in the sources.”"
            );
        }
    }
}

/// Words that characterise events or people for one side; an id is a key, never a characterisation.
const CHARACTERISING_ID_WORDS: [&str; 15] = [
    "pows",
    "executions",
    "torture",
    "defender",
    "aggression",
    "killing",
    "cleansing",
    "genocide",
    "occupation",
    "occupied",
    "illegal",
    "terror",
    "expelled",
    "crimes",
    "integrity",
];

/// One side's names for a place. Unlike the words above, these are checked
/// in organisation and instrument ids too, whose other words are the
/// official names of UN mechanisms and treaties ("extrajudicial, summary or
/// arbitrary executions", "Convention against Torture").
const ONE_SIDES_PLACE_NAMES: [&str; 2] = ["artsakh", "western-azerbaijan"];

/// The ids released in 1.0.0.
fn released_ids() -> BTreeSet<String> {
    let dir = repo().join("dist/1.0.0/jsonl");
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: Value = serde_json::from_str(line).unwrap();
            ids.insert(str_of(&record, "id").to_owned());
        }
    }
    ids
}

/// Rule 16's list: the ids released in 1.0.0 that carry the words of a
/// document's own title or an organisation's own name.
const RELEASED_IDS_WITH_A_TITLES_WORDS: [&str; 8] = [
    "cso-appeal-return-of-armenian-pows-and-civilians",
    "cso-call-exchange-of-pows-and-return-of-corpses-2020-11-26",
    "cso-request-urgent-action-executions-torture-ill-treatment",
    "cso-statement-stop-nss-actions-against-human-rights-defender",
    "ngo-statement-nss-constitutional-order",
    "cso-statement-territorial-integrity-of-armenia",
    "western-azerbaijan-community",
    "western-azerbaijan-community-letter-to-un-hchr-2023-08-10",
];

/// The text of one numbered curation rule of `datasets/README.md`.
fn rule(number: u32) -> String {
    let readme = std::fs::read_to_string(repo().join("datasets/README.md")).unwrap();
    let start = readme
        .find(&format!("\n{number}. **"))
        .unwrap_or_else(|| panic!("rule {number} is not in datasets/README.md"));
    let rest = &readme[start + 1..];
    let end = rest
        .find(&format!("\n{}. **", number + 1))
        .or_else(|| rest.find("\n## "))
        .unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// Rule 16 names exactly the released ids of the list above, and each is a
/// released id that the dataset still holds.
#[test]
fn rule_16_lists_the_released_ids_that_carry_a_titles_words() {
    let records = records();
    let released = released_ids();
    let ids: BTreeSet<&str> = records.iter().map(|r| str_of(&r.value, "id")).collect();
    let text = rule(16);
    let named: BTreeSet<&str> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| released.contains(*word))
        .collect();
    let listed: BTreeSet<&str> = RELEASED_IDS_WITH_A_TITLES_WORDS.into_iter().collect();
    assert_eq!(named, listed, "rule 16 and the floor list differ");
    for id in listed {
        assert!(ids.contains(id), "{id} is released and must stay");
    }
}

/// Rule 16: an id carrying one side's words is a released id listed in the
/// rule (or a recommendation of such a document); no new id carries one.
#[test]
fn ids_carry_no_characterisation_unless_released_and_listed() {
    let records = records();
    let released = released_ids();
    let listed = |id: &str| RELEASED_IDS_WITH_A_TITLES_WORDS.contains(&id);
    for record in &records {
        let id = str_of(&record.value, "id");
        let words = format!("-{id}-");
        let names_a_body = matches!(record.collection.as_str(), "organizations" | "treaties");
        let checked = ONE_SIDES_PLACE_NAMES
            .iter()
            .chain(CHARACTERISING_ID_WORDS.iter().filter(|_| !names_a_body));
        let Some(word) = checked
            .into_iter()
            .find(|w| words.contains(&format!("-{w}-")))
        else {
            continue;
        };
        let owner = if record.collection == "recommendations" {
            str_of(&record.value, "document")
        } else {
            id
        };
        assert!(
            released.contains(owner) && listed(owner),
            "{id}: `{word}` in an id that is not a released id listed in rule 16"
        );
    }
}

/// Rule 15: every quote is a neutral passage; one side's terms appear in
/// it only when they are the record's own title. A recommendation's quote
/// is the opening of its text, cut before such a term, unless its text is
/// its document's title (a listing item's call, rule 4).
#[test]
fn provenance_quotes_avoid_one_sides_terms() {
    let records = records();
    let documents = of(&records, "documents");
    for record in &records {
        let value = &record.value;
        let title = if record.collection == "recommendations" {
            let document = documents.iter().find(|d| d["id"] == value["document"]);
            let document_title = document.map_or("", |d| str_of(d, "title"));
            if document_title == str_of(value, "text") {
                document_title.to_lowercase()
            } else {
                String::new()
            }
        } else {
            str_of(value, "title").to_lowercase()
        };
        for entry in provenance_of(value) {
            let quote = str_of(entry, "quote").to_lowercase();
            for term in ONE_SIDES_TERMS {
                assert!(
                    !quote.contains(term) || title.contains(term),
                    "{}: `{term}` in the provenance quote; a neutral passage will do",
                    str_of(value, "id")
                );
            }
        }
    }
}

/// Rule 6: a call's `addressee_terms` are its own words as printed, in its
/// text or in the lead-in of its list, article or possessive included.
#[test]
fn addressee_terms_are_printed_in_the_call() {
    let records = records();
    for r in of(&records, "recommendations") {
        let printed = format!("{} {}", str_of(r, "lead_in"), str_of(r, "text"));
        for term in strings(r, "addressee_terms") {
            assert!(
                printed.contains(term),
                "{}: `{term}` is not printed in the text or lead-in",
                str_of(r, "id")
            );
        }
    }
}

/// Rule 1: a `cited_as` wording starts at the first word that identifies
/// the document, never with a preposition or connective of the sentence.
#[test]
fn cited_as_wordings_start_with_the_document() {
    const LEADING: [&str; 9] = ["in", "on", "of", "by", "to", "with", "under", "and", "as"];
    let records = records();
    for d in of(&records, "documents") {
        for wording in d["cited_as"].as_array().into_iter().flatten() {
            let text = str_of(wording, "text");
            let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
            assert!(
                !LEADING.contains(&first.as_str()),
                "{}: cited_as “{text}” starts with “{first}”",
                str_of(d, "id")
            );
        }
    }
}

/// Every name an organisation is printed under (aliases and abbreviation)
/// and its canonical name.
fn names_of(organization: &Value) -> Vec<&str> {
    let mut names = vec![str_of(organization, "name")];
    names.extend(strings(organization, "aliases"));
    if let Some(abbreviation) = organization["abbreviation"].as_str() {
        names.push(abbreviation);
    }
    names
}

/// Whether `name` holds `part` as whole words.
fn holds_words(name: &str, part: &str) -> bool {
    let spaced = |s: &str| {
        let words: String = s
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        format!(
            " {} ",
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    };
    spaced(name).contains(&spaced(part))
}

/// Rule 17: relations a source states in words other than a name, each with
/// the source and the words that state it.
const STATED_PARENTS: [(&str, &str, &str, &str); 2] = [
    (
        "upr-working-group",
        "un-human-rights-council",
        "002_6d8b22f46bf625a4.txt",
        "the Universal Periodic Review (UPR) mechanism of the UN Human Rights Council (HRC)",
    ),
    (
        "un-economic-and-social-council",
        "united-nations",
        "004_41b793a4f2afde22.txt",
        "Presidents of the UN General Assembly, Security Council, Economic and Social Council, Human Rights Council",
    ),
];

/// Rule 17: a parent is shown by a name as printed (the parent's name,
/// alias or abbreviation as words of one of the organisation's aliases), or
/// stated by a source in the words listed above.
#[test]
fn parents_are_stated_or_shown_by_a_printed_name() {
    let records = records();
    let organizations = of(&records, "organizations");
    for o in &organizations {
        let Some(parent) = o["parent"].as_str() else {
            continue;
        };
        let id = str_of(o, "id");
        let parent_record = organizations
            .iter()
            .find(|p| str_of(p, "id") == parent)
            .unwrap_or_else(|| panic!("{id}: parent {parent} has no record"));
        let parent_names = names_of(parent_record);
        let shown = strings(o, "aliases")
            .iter()
            .any(|alias| parent_names.iter().any(|p| holds_words(alias, p)));
        if shown {
            continue;
        }
        let stated = STATED_PARENTS
            .iter()
            .find(|(child, of, _, _)| *child == id && *of == parent);
        let Some((_, _, file, words)) = stated else {
            panic!("{id}: no printed name shows the parent {parent} and no source states it");
        };
        assert!(
            parent_names.iter().any(|p| holds_words(words, p)),
            "{id}: the stated words name no form of {parent}"
        );
        if let Some(text) = source(file) {
            assert!(
                normalize(&text).contains(&normalize(words)),
                "{id}: `{words}` is not in {file}"
            );
        }
    }
}

/// Rule 6: a call's `addressees` are named where it is printed (its text,
/// the lead-in of its list, or the reporting words of its quote), or, for a
/// call saying "you", are its document's addressees.
#[test]
fn call_addressees_are_named_where_the_call_is_printed() {
    let records = records();
    let organizations = of(&records, "organizations");
    let documents = of(&records, "documents");
    for r in of(&records, "recommendations") {
        let id = str_of(r, "id");
        let printed = provenance_of(r).into_iter().fold(
            format!("{} {}", str_of(r, "lead_in"), str_of(r, "text")),
            |all, p| format!("{all} {}", str_of(p, "quote")),
        );
        let says_you = holds_words(&printed, "you") || holds_words(&printed, "your");
        let document = documents
            .iter()
            .find(|d| d["id"] == r["document"])
            .unwrap_or_else(|| panic!("{id}: no document"));
        for addressee in strings(r, "addressees") {
            let record = organizations
                .iter()
                .find(|o| str_of(o, "id") == addressee)
                .unwrap_or_else(|| panic!("{id}: addressee {addressee} has no record"));
            let named = names_of(record).iter().any(|n| holds_words(&printed, n));
            let addressed = says_you && strings(document, "addressees").contains(&addressee);
            assert!(
                named || addressed,
                "{id}: `{addressee}` is named neither in the call nor as whom its “you” addresses"
            );
        }
    }
}

/// Rule 18: an appeal names the body it asks.
#[test]
fn an_appeal_names_whom_it_asks() {
    let records = records();
    for d in of(&records, "documents") {
        if str_of(d, "kind") == "appeal" {
            assert!(
                !strings(d, "addressees").is_empty(),
                "{}: an appeal with no named addressee is a statement",
                str_of(d, "id")
            );
        }
    }
}

/// Rule 12: every text a UN document circulates carries the sessions,
/// distribution date and publisher printed on it, an annex as its letter.
#[test]
fn an_annex_carries_what_its_un_document_prints() {
    let records = records();
    let documents = of(&records, "documents");
    let mut annexes = 0;
    for d in &documents {
        let annexed_to = d["relations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["kind"] == "annex-of")
            .filter_map(|r| r["target"].as_str());
        for target in annexed_to {
            annexes += 1;
            let letter = documents
                .iter()
                .find(|l| str_of(l, "id") == target)
                .unwrap();
            for key in ["sessions", "published", "publisher"] {
                assert_eq!(
                    d[key],
                    letter[key],
                    "{}: {key} differs from {target}",
                    str_of(d, "id")
                );
            }
        }
    }
    assert!(annexes >= 1, "the UN letter's annex is linked to it");
}

/// Documents a source names with no noun for them (rule 1); each is named in the rule.
const NAMED_WITHOUT_A_NOUN: [(&str, &str); 1] = [(
    "azerbaijan-mfa-reply-to-un-hchr-2018-12-25",
    "002_6d8b22f46bf625a4.txt",
)];

/// Rule 1: a cited-only document keeps each citing source's own words for
/// it, except where that source has no noun for it, and then none.
#[test]
fn cited_only_documents_keep_each_sources_words() {
    let records = records();
    let text = rule(1);
    for d in of(&records, "documents") {
        if str_of(d, "coverage") != "cited-only" {
            continue;
        }
        let id = str_of(d, "id");
        let worded: BTreeSet<&str> = d["cited_as"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|w| str_of(w, "source"))
            .collect();
        for source in sources_of(d) {
            let without_a_noun = NAMED_WITHOUT_A_NOUN.contains(&(id, source));
            assert_eq!(
                worded.contains(source),
                !without_a_noun,
                "{id}: cited_as from {source} (rule 1)"
            );
            if without_a_noun {
                assert!(text.contains(&format!("`{id}`")), "rule 1 names {id}");
            }
        }
    }
}

/// Rule 4: a listing item's title is a call only when the visible body makes
/// none, and a title naming a purpose ("To …") is never one.
#[test]
fn a_title_is_a_call_only_in_place_of_its_body() {
    let records = records();
    let recommendations = of(&records, "recommendations");
    for d in of(&records, "documents") {
        let title = str_of(d, "title");
        if title.is_empty() {
            continue;
        }
        let own: Vec<&&Value> = recommendations
            .iter()
            .filter(|r| r["document"] == d["id"] && r.get("reported_in").is_none())
            .collect();
        if own.iter().any(|r| str_of(r, "text") == title) {
            assert_eq!(
                own.len(),
                1,
                "{}: its title is a call beside a call of its body",
                str_of(d, "id")
            );
            assert!(
                !title.starts_with("To "),
                "{}: a title naming a purpose is not a call",
                str_of(d, "id")
            );
        }
    }
}

/// Rule 13: a theme keeps whose right it is where a possessive is printed
/// right before it ("expelled Azerbaijanis' right to return …").
#[test]
fn themes_keep_a_possessive_holder() {
    const POSSESSIVES: [&str; 5] = ["their", "its", "his", "her", "our"];
    let records = records();
    for r in of(&records, "recommendations") {
        let text = normalize(str_of(r, "text"));
        for theme in strings(r, "themes") {
            let at = text.find(&normalize(theme)).unwrap_or(0);
            let before = text[..at].split_whitespace().next_back().unwrap_or("");
            let possessive = before.ends_with('\'')
                || before.ends_with('’')
                || before.ends_with("'s")
                || before.ends_with("’s")
                || POSSESSIVES.contains(&before.to_lowercase().as_str());
            assert!(
                !possessive,
                "{}: theme `{theme}` drops the holder `{before}` printed before it",
                str_of(r, "id")
            );
        }
    }
}

/// Rule 6: a call that says "you" keeps its word for whom it asks.
#[test]
fn a_call_saying_you_keeps_the_word() {
    let records = records();
    for r in of(&records, "recommendations") {
        let printed = format!("{} {}", str_of(r, "lead_in"), str_of(r, "text"));
        if !(holds_words(&printed, "you") || holds_words(&printed, "your")) {
            continue;
        }
        let kept = strings(r, "addressee_terms")
            .iter()
            .any(|t| holds_words(t, "you") || holds_words(t, "your"));
        assert!(
            kept,
            "{}: says “you” but keeps no such word in addressee_terms",
            str_of(r, "id")
        );
    }
}

/// Rule 15: a recommendation's quote is the opening of its own text (after
/// the number as printed, or running from the end of its lead-in), unless
/// the call is reported by another document or its document's title holds
/// it (rule 4), when the title is the quote.
#[test]
fn a_call_is_quoted_from_its_opening() {
    let records = records();
    let documents = of(&records, "documents");
    for r in of(&records, "recommendations") {
        if r.get("reported_in").is_some() {
            continue;
        }
        let document = documents.iter().find(|d| d["id"] == r["document"]).unwrap();
        let title = str_of(document, "title");
        if !title.is_empty() && title.contains(str_of(r, "text")) {
            for entry in provenance_of(r) {
                assert_eq!(
                    str_of(entry, "quote"),
                    title,
                    "{}: quoted by its title",
                    str_of(r, "id")
                );
            }
            continue;
        }
        let id = str_of(r, "id");
        let text = normalize(str_of(r, "text"));
        let lead_in = normalize(str_of(r, "lead_in"));
        for entry in provenance_of(r) {
            let quote = normalize(&str_of(entry, "quote").replace('•', " "));
            let numbered = format!("{}. {text}", str_of(r, "number"));
            let from_lead_in = format!("{lead_in} {text}");
            let straddles = !lead_in.is_empty()
                && from_lead_in
                    .find(&quote)
                    .is_some_and(|at| at < lead_in.len() && at + quote.len() > lead_in.len());
            assert!(
                text.starts_with(&quote) || numbered.starts_with(&quote) || straddles,
                "{id}: quote “{quote}” is not the opening of the text"
            );
        }
    }
}

/// Rule 1: a `cited_as` wording keeps the article printed before it.
#[test]
fn cited_as_wordings_keep_their_article() {
    const ARTICLES: [&str; 3] = ["the", "a", "an"];
    let records = records();
    for d in of(&records, "documents") {
        for wording in d["cited_as"].as_array().into_iter().flatten() {
            let file = str_of(wording, "source");
            let Some(text) = source(file) else {
                return;
            };
            let text = normalize(&text);
            let words = normalize(str_of(wording, "text"));
            let bare = text.match_indices(&words).any(|(at, _)| {
                let before = text[..at].split_whitespace().next_back().unwrap_or("");
                !ARTICLES.contains(&before.to_lowercase().as_str())
            });
            assert!(
                bare,
                "{}: cited_as “{words}” leaves out the article {file} prints before it",
                str_of(d, "id")
            );
        }
    }
}

/// A listing's supplied title counts its items, and those with a title
/// where not all have one.
#[test]
fn a_listings_supplied_title_counts_its_items() {
    const COUNTS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let records = records();
    let documents = of(&records, "documents");
    let mut listings = 0;
    for listing in documents.iter().filter(|d| str_of(d, "kind") == "listing") {
        listings += 1;
        let id = str_of(listing, "id");
        let items: Vec<&&Value> = documents
            .iter()
            .filter(|d| {
                d["relations"].as_array().is_some_and(|r| {
                    r.iter()
                        .any(|r| r["kind"] == "listed-in" && r["target"] == listing["id"])
                })
            })
            .collect();
        let titled = items.iter().filter(|d| d.get("title").is_some()).count();
        let title = str_of(listing, "supplied_title");
        assert!(
            holds_words(title, COUNTS[items.len()]),
            "{id}: the supplied title does not say it lists {} items",
            items.len()
        );
        if titled < items.len() {
            assert!(
                holds_words(title, &format!("{} with a title", COUNTS[titled])),
                "{id}: only {titled} of its items have a title; the supplied title says otherwise"
            );
            assert!(
                !title.contains("each shown with its title"),
                "{id}: not every item has a title"
            );
        }
    }
    assert!(listings >= 1);
}

/// Rule 7: bodies a call's action is done for, to or through, each with the
/// words that name it in the call.
const DIRECTED_AT: [(&str, &str, &str); 4] = [
    (
        "hcav-2023-04-12-upr-recommendations-r05",
        "to the UN Special Procedures",
        "un-special-procedures",
    ),
    (
        "western-azerbaijan-community-letter-to-un-hchr-2023-08-10-r05",
        "to the UN Human Rights Council",
        "un-human-rights-council",
    ),
    (
        "armenia-nss-border-guard-troops-announcement-2021-02-10-r01",
        "permission of the National Security Bodies",
        "national-security-bodies",
    ),
    (
        "hcav-2023-03-07-ngo-joint-statement-r03",
        "deployment of the UN fact-finding mission",
        "united-nations",
    ),
];

/// Rule 7: each body above is among the call's `concerns`, named by the
/// words the rule cites.
#[test]
fn bodies_an_action_is_directed_at_are_concerns() {
    let records = records();
    let recommendations = of(&records, "recommendations");
    let organizations = of(&records, "organizations");
    let text = rule(7);
    for (id, words, body) in DIRECTED_AT {
        let r = recommendations
            .iter()
            .find(|r| str_of(r, "id") == id)
            .unwrap_or_else(|| panic!("{id} is not curated"));
        assert!(
            str_of(r, "text").contains(words),
            "{id}: `{words}` is not in its text"
        );
        let record = organizations
            .iter()
            .find(|o| str_of(o, "id") == body)
            .unwrap_or_else(|| panic!("{body} has no record"));
        assert!(
            names_of(record).iter().any(|n| holds_words(words, n)),
            "{id}: `{words}` names no form of {body}"
        );
        assert!(
            strings(r, "concerns").contains(&body),
            "{id}: the action is directed at {body}"
        );
        let cited = words
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            normalize(&text).contains(&cited),
            "rule 7 does not cite “{cited}”"
        );
    }
}

/// Rule 9: the United Nations and every body under it are UN bodies or
/// mechanisms, never the kind kept for organisations other than the UN.
#[test]
fn the_united_nations_and_its_bodies_are_un_kinds() {
    let records = records();
    let organizations = of(&records, "organizations");
    let parent_of = |id: &str| {
        organizations
            .iter()
            .find(|o| str_of(o, "id") == id)
            .and_then(|o| o["parent"].as_str())
    };
    let mut under_the_un = 0;
    for o in &organizations {
        let mut id = Some(str_of(o, "id"));
        let mut is_un = false;
        while let Some(current) = id {
            if current == "united-nations" {
                is_un = true;
                break;
            }
            id = parent_of(current);
        }
        if !is_un {
            continue;
        }
        under_the_un += 1;
        assert!(
            ["un-body", "un-mechanism"].contains(&str_of(o, "classification")),
            "{}: the UN and its bodies are `un-body` or `un-mechanism`",
            str_of(o, "id")
        );
    }
    assert!(under_the_un > 1);
}

/// Rule 2: a document named by a noun as made on one dated occasion is
/// recorded, whichever source names it.
#[test]
fn documents_made_on_a_dated_occasion_are_recorded() {
    const MADE_ON_AN_OCCASION: [(&str, &str); 2] = [
        (
            "001_81ca196eaf4da421.txt",
            "the RA NSS Border Guard Troops made an announcement",
        ),
        (
            "002_6d8b22f46bf625a4.txt",
            "a work plan for effective follow-up and implementation of the recommendations",
        ),
    ];
    let records = records();
    let documents = of(&records, "documents");
    for (file, words) in MADE_ON_AN_OCCASION {
        if let Some(text) = source(file) {
            assert!(
                normalize(&text).contains(words),
                "`{words}` is not in {file}"
            );
        }
        let recorded = documents.iter().find(|d| {
            str_of(d, "coverage") == "cited-only"
                && d["cited_as"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|w| str_of(w, "source") == file && str_of(w, "text").contains(words))
        });
        let Some(recorded) = recorded else {
            panic!("{file}: “{words}” names a document that is not recorded");
        };
        assert!(
            recorded.get("date").is_some(),
            "{}: dated by its occasion",
            str_of(recorded, "id")
        );
        let citing = documents.iter().any(|d| {
            d["relations"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|r| r["kind"] == "cites" && r["target"] == recorded["id"])
                && sources_of(d).contains(file)
        });
        assert!(
            citing,
            "{}: no document of {file} cites it",
            str_of(recorded, "id")
        );
    }
}

/// The outermost curly-quoted passages (“…”) of a curator-written text.
fn quoted_passages(text: &str) -> Vec<String> {
    let mut passages = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '“' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            '”' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    passages.push(std::mem::take(&mut current));
                } else {
                    current.push(c);
                }
            }
            _ if depth > 0 => current.push(c),
            _ => {}
        }
    }
    passages
}

/// Rules 4 and 14: what a summary or supplied title puts in quotation marks
/// is the words of a source the record comes from, so that the curator's
/// voice is all that stands outside them.
#[test]
fn curator_text_quotes_its_sources_verbatim() {
    let records = records();
    for d in of(&records, "documents") {
        let id = str_of(d, "id");
        let texts: Vec<String> = sources_of(d)
            .into_iter()
            .filter_map(source)
            .map(|t| normalize(&t))
            .collect();
        if texts.is_empty() {
            continue;
        }
        for key in ["summary", "supplied_title"] {
            for passage in quoted_passages(str_of(d, key)) {
                let passage = normalize(&passage);
                assert!(
                    texts.iter().any(|t| t.contains(&passage)),
                    "{id}: “{passage}” in {key} is not in its sources"
                );
            }
        }
    }
}
