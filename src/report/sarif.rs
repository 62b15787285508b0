//! SARIF 2.1.0, the format GitHub code scanning and other static-analysis
//! dashboards read: one run of the `docket` tool, one rule per error code
//! found, one result per issue with its file, line and column.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::check::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut rules: BTreeMap<&str, Value> = BTreeMap::new();
    for issue in report.shown() {
        rules.entry(issue.code.as_str()).or_insert_with(|| {
            json!({
                "id": issue.code,
                "name": issue.code,
                "shortDescription": {"text": rule_description(&issue.code)},
                "defaultConfiguration": {"level": "error"},
            })
        });
    }
    let index: BTreeMap<&str, usize> = rules
        .keys()
        .enumerate()
        .map(|(i, code)| (*code, i))
        .collect();
    let results: Vec<Value> = report
        .shown()
        .iter()
        .map(|issue| {
            let mut region = serde_json::Map::new();
            if let Some(line) = issue.line {
                region.insert("startLine".into(), line.into());
            }
            if let Some(column) = issue.column {
                region.insert("startColumn".into(), column.into());
            }
            let mut location = json!({"artifactLocation": {"uri": issue.file}});
            if !region.is_empty() {
                location["region"] = Value::Object(region);
            }
            let mut text = issue.message.clone();
            if let Some(help) = &issue.help {
                text.push_str(&format!(" ({help})"));
            }
            let mut result = json!({
                "ruleId": issue.code,
                "ruleIndex": index[issue.code.as_str()],
                "level": "error",
                "message": {"text": text},
                "locations": [{"physicalLocation": location}],
            });
            if let Some(pointer) = issue.pointer.as_deref().filter(|p| !p.is_empty()) {
                result["properties"] = json!({"pointer": pointer});
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "docket",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.into_values().collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// One line saying what a rule family checks.
fn rule_description(code: &str) -> String {
    let family = code.split('.').next().unwrap_or(code);
    match family {
        "parse" => "The record file cannot be read as one record",
        "layout" => "The file is not where a record of its collection belongs",
        "io" => "The path cannot be read as a record file",
        "schema" => "The record breaks its collection's JSON Schema",
        "id" => "The record's id is not unique or not its file name",
        "ref" => "A reference does not resolve, or references form a loop",
        "unique" => "A key declared unique is used twice",
        "date" => "A date is in the future",
        "provenance" => "A quoted text or hash does not match its source",
        _ => "A problem with the data",
    }
    .to_owned()
}
