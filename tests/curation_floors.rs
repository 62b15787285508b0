//! Floors for the bundled dataset taken from the source texts themselves
//! (issue #3): the sources are read and counted here, and the dataset must
//! hold at least that much. Runs only when `../shared/sources` is present,
//! and fails under CI when it is not.

mod common;

use common::repo;

use std::collections::BTreeSet;

use docket::check::{normalize, SchemaSet};
use docket::load::{self, Limits};
use serde_json::Value;

fn source(name: &str) -> Option<String> {
    let path = repo().join("../shared/sources").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            common::skip(
                "curation floors",
                &format!("source text {} is not present", path.display()),
            );
            None
        }
    }
}

/// A record of the bundled dataset with its collection.
struct Record {
    collection: String,
    value: Value,
}

fn records() -> Vec<Record> {
    let schemas = SchemaSet::load(&repo()).unwrap();
    let dataset = load::discover(&repo(), &schemas.names()).unwrap();
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

/// The document whose provenance is `source` and whose title or quote contains `marker`.
fn document_in<'r>(records: &'r [Record], source: &str, marker: &str) -> &'r Value {
    of(records, "documents")
        .into_iter()
        .find(|d| {
            str_of(&d["provenance"], "source") == source
                && str_of(d, "coverage") != "cited-only"
                && (str_of(d, "title").contains(marker)
                    || str_of(&d["provenance"], "quote").contains(marker))
        })
        .unwrap_or_else(|| panic!("no document from {source} marked by `{marker}`"))
}

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
