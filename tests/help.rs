//! `--help` of every command is user prose, checked in as snapshots so it
//! cannot drift unnoticed; completions and the man page come from the same
//! definitions.

mod common;

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
