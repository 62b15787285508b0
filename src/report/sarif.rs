//! SARIF 2.1.0, the format GitHub code scanning and other static-analysis
//! dashboards read: one run of the `docket` tool, one rule per error code
//! found, one result per issue with its file, line and column.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::check::Report;
use crate::issue::code::Code;

#[derive(Serialize)]
struct Log<'r> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'r>; 1],
}

#[derive(Serialize)]
struct Run<'r> {
    tool: Tool<'r>,
    results: Vec<SarifResult<'r>>,
}

#[derive(Serialize)]
struct Tool<'r> {
    driver: Driver<'r>,
}

#[derive(Serialize)]
struct Driver<'r> {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule<'r>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'r> {
    id: &'r Code,
    name: &'r Code,
    short_description: Text,
    default_configuration: Level,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'r> {
    rule_id: &'r Code,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location<'r>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'r>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'r> {
    physical_location: PhysicalLocation<'r>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'r> {
    artifact_location: Artifact<'r>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct Artifact<'r> {
    uri: &'r str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

#[derive(Serialize)]
struct Properties<'r> {
    pointer: &'r str,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut codes: BTreeMap<&Code, usize> = BTreeMap::new();
    for issue in report.shown() {
        codes.insert(&issue.code, 0);
    }
    for (i, index) in codes.values_mut().enumerate() {
        *index = i;
    }
    let rules = codes
        .keys()
        .map(|code| Rule {
            id: code,
            name: code,
            short_description: Text {
                text: code.family_description().to_owned(),
            },
            default_configuration: Level { level: "error" },
        })
        .collect();
    let results = report
        .shown()
        .iter()
        .map(|issue| {
            let mut text = issue.message.clone();
            if let Some(help) = &issue.help {
                text.push_str(&format!(" ({help})"));
            }
            let region = (issue.line.is_some() || issue.column.is_some()).then_some(Region {
                start_line: issue.line,
                start_column: issue.column,
            });
            SarifResult {
                rule_id: &issue.code,
                rule_index: codes[&issue.code],
                level: "error",
                message: Text { text },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: Artifact { uri: &issue.file },
                        region,
                    },
                }],
                properties: issue
                    .pointer
                    .as_deref()
                    .filter(|p| !p.is_empty())
                    .map(|pointer| Properties { pointer }),
            }
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "docket",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}
