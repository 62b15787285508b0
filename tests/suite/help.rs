//! `--help` of every command is user prose, checked in as snapshots so it
//! cannot drift unnoticed; completions and the man page come from the same
//! definitions.

use crate::common;

use common::{stdout, Fixture};

#[test]
fn help_texts() {
    let f = Fixture::mini();
    for command in [
        "",
        "validate",
        "schema",
        "stats",
        "export",
        "release",
        "diff",
        "completions",
        "man",
    ] {
        let mut args: Vec<&str> = command.split_whitespace().collect();
        args.push("--help");
        let output = f.run(&args);
        assert_eq!(output.status.code(), Some(0), "{command}");
        let name = if command.is_empty() {
            "docket".to_owned()
        } else {
            format!("docket-{command}")
        };
        insta::assert_snapshot!(name, stdout(&output));
    }
}

#[test]
fn completions_cover_every_command() {
    let f = Fixture::mini();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = f.run(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        for command in ["validate", "release", "diff", "max-errors"] {
            assert!(
                script.contains(command),
                "{shell} completion lacks {command}"
            );
        }
    }
    assert_eq!(f.run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn man_page() {
    let page = stdout(&Fixture::mini().run(&["man"]));
    assert!(page.contains(".TH docket 1"), "{page}");
    assert!(page.contains("release"));
}

#[test]
fn new_scaffolds_a_record_from_the_schema() {
    let f = Fixture::mini();
    let output = f.run(&["new", "documents", "a-new-statement"]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    let path = "datasets/documents/a-new-statement.yaml";
    let text = std::fs::read_to_string(f.path().join(path)).unwrap();
    assert!(text.contains("id: \"a-new-statement\""), "{text}");
    assert!(
        text.contains("# one of: full, truncated, cited-only"),
        "{text}"
    );
    assert!(
        text.contains("# summary: \"\""),
        "optional fields are commented out: {text}"
    );
    // It parses, and only its empty placeholders are reported.
    let (status, report) = f.validate_json(&[path]);
    assert_eq!(status, 1);
    let codes: Vec<String> = common::issues(&report)
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    assert!(codes.iter().all(|c| c.starts_with("schema.")), "{codes:?}");
    assert_eq!(
        f.run(&["new", "documents", "a-new-statement"])
            .status
            .code(),
        Some(2),
        "never overwrites"
    );
    assert_eq!(
        f.run(&["new", "documents", "Not A Slug"]).status.code(),
        Some(2)
    );
    assert_eq!(f.run(&["new", "people", "someone"]).status.code(), Some(2));
}
