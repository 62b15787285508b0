//! Every error code `docket validate` can report, each triggered by a small
//! change to a valid fixture, checked for its code, file, line and exit code:
//! every error code has a fixture and a test.

use crate::common;

use common::{issues, Fixture};
use serde_json::json;

const DOC: &str = "datasets/documents/example-statement.yaml";
const REC: &str = "datasets/recommendations/example-statement-r01.yaml";
const REC_JSON: &str = "datasets/recommendations/example-statement-r02.json";
const ORG: &str = "datasets/organizations/example-ministry.yaml";
const TREATY: &str = "datasets/treaties/iccpr.yaml";

/// Asserts that validating the fixture exits with `exit` and reports `code`
/// at `file` (and `line`, when given), with a help line saying how to fix
/// it; returns that help.
fn expect(
    fixture: &Fixture,
    args: &[&str],
    exit: i32,
    code: &str,
    file: &str,
    line: Option<u64>,
) -> String {
    let (status, report) = fixture.validate_json(args);
    let found = issues(&report);
    let issue = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["code"] == code && i["file"] == file && (line.is_none() || i["line"].as_u64() == line)
        })
        .unwrap_or_else(|| panic!("expected {code} at {file}:{line:?}, got {found:#?}"));
    assert_eq!(status, exit, "exit code; report: {report:#}");
    let help = issue["help"].as_str().unwrap_or_default().to_owned();
    assert!(!help.is_empty(), "{code} has no help: {issue:#}");
    help
}

/// Asserts that a help line holds `text`.
fn says(help: &str, text: &str) {
    assert!(help.contains(text), "help `{help}` does not say `{text}`");
}

fn read(fixture: &Fixture, file: &str) -> String {
    std::fs::read_to_string(fixture.path().join(file)).unwrap()
}

fn edit(fixture: &Fixture, file: &str, from: &str, to: &str) {
    let text = read(fixture, file);
    assert!(text.contains(from), "{file} has no `{from}`");
    fixture.write(file, text.replacen(from, to, 1));
}

#[test]
fn valid_fixture_has_no_issues() {
    let f = Fixture::mini();
    let (status, report) = f.validate_json(&["--sources", "sources"]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["valid"], true);
    assert_eq!(report["summary"]["records"], 6);
}

#[test]
fn parse_syntax() {
    let f = Fixture::mini();
    f.write(
        REC,
        "id: example-statement-r01\ndocument: [unclosed\nkind: x\n",
    );
    let help = expect(&f, &[], 1, "parse.syntax", REC, Some(3));
    says(&help, "indentation and quoting");
}

#[test]
fn parse_syntax_json() {
    let f = Fixture::mini();
    f.write(
        REC_JSON,
        "{\n  \"id\": \"example-statement-r02\",\n  \"position\": 2,,\n}\n",
    );
    let help = expect(&f, &[], 1, "parse.syntax", REC_JSON, Some(3));
    says(&help, "missing or extra comma");
}

#[test]
fn parse_encoding_invalid_utf8() {
    let f = Fixture::mini();
    f.write(REC, b"id: example-statement-r01\ntext: \"caf\xe9\"\n");
    let help = expect(&f, &[], 1, "parse.encoding", REC, Some(2));
    says(&help, "save the file as UTF-8");
}

#[test]
fn parse_encoding_byte_order_mark() {
    let f = Fixture::mini();
    let text = read(&f, REC);
    f.write(REC, [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat());
    let help = expect(&f, &[], 1, "parse.encoding", REC, Some(1));
    says(&help, "without a byte-order mark");
}

#[test]
fn parse_encoding_utf16() {
    let f = Fixture::mini();
    f.write(REC, b"\xff\xfei\x00d\x00:\x00");
    let help = expect(&f, &[], 1, "parse.encoding", REC, Some(1));
    says(&help, "save the file as UTF-8");
}

#[test]
fn parse_encoding_nul_byte() {
    let f = Fixture::mini();
    f.write(REC, b"id: example-statement-r01\nkind: a\x00b\n");
    let help = expect(&f, &[], 1, "parse.encoding", REC, Some(2));
    says(&help, "save the file as UTF-8");
}

#[test]
fn parse_duplicate_key_yaml() {
    let f = Fixture::mini();
    edit(
        &f,
        REC,
        "kind: recommendation\n",
        "kind: recommendation\nkind: demand\n",
    );
    let help = expect(&f, &[], 1, "parse.duplicate-key", REC, Some(6));
    says(&help, "keep one of the two entries");
}

#[test]
fn parse_duplicate_key_json() {
    let f = Fixture::mini();
    edit(
        &f,
        REC_JSON,
        "\"position\": 2,",
        "\"position\": 2,\n  \"position\": 3,",
    );
    let help = expect(&f, &[], 1, "parse.duplicate-key", REC_JSON, Some(5));
    says(&help, "keep one of the two entries");
}

#[test]
fn parse_empty() {
    let f = Fixture::mini();
    f.write(REC, "# nothing here yet\n");
    expect(&f, &[], 1, "parse.empty", REC, Some(1));
    f.write(REC_JSON, "   \n");
    let help = expect(&f, &[], 1, "parse.empty", REC_JSON, None);
    says(&help, "docket new <collection> <id>");
}

#[test]
fn parse_not_a_record() {
    let f = Fixture::mini();
    f.write(REC, "- a list\n- not a record\n");
    let help = expect(&f, &[], 1, "parse.not-a-record", REC, Some(1));
    says(&help, "at the top level");
}

#[test]
fn parse_limit_alias_bomb() {
    let f = Fixture::mini();
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in b'b'..=b'j' {
        let prev = (level - 1) as char;
        let name = level as char;
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    f.write(REC, bomb);
    let help = expect(&f, &[], 1, "parse.limit", REC, None);
    says(&help, "--max-values");
}

#[test]
fn parse_limit_deep_nesting() {
    let f = Fixture::mini();
    f.write(
        REC,
        format!("id: {}x{}\n", "[".repeat(500), "]".repeat(500)),
    );
    expect(&f, &[], 1, "parse.limit", REC, Some(1));
    f.write(
        REC_JSON,
        format!("{{\"id\": {}1{}}}", "[".repeat(500), "]".repeat(500)),
    );
    let help = expect(&f, &[], 1, "parse.limit", REC_JSON, Some(1));
    says(&help, "--max-depth");
}

#[test]
fn layout_unknown_collection() {
    let f = Fixture::mini();
    f.write("datasets/people/someone.yaml", "id: someone\n");
    let help = expect(
        &f,
        &[],
        1,
        "layout.unknown-collection",
        "datasets/people",
        None,
    );
    says(
        &help,
        "known collections: documents, organizations, recommendations, treaties",
    );
}

#[test]
fn layout_unexpected_file() {
    let f = Fixture::mini();
    f.write("datasets/documents/notes.txt", "not a record\n");
    let help = expect(
        &f,
        &[],
        1,
        "layout.unexpected-file",
        "datasets/documents/notes.txt",
        None,
    );
    says(&help, "give it one of those extensions");
}

#[test]
fn layout_wrong_collection() {
    let f = Fixture::mini();
    let text = read(&f, ORG);
    f.remove(ORG);
    let moved = "datasets/documents/example-ministry.yaml";
    f.write(moved, text);
    let help = expect(&f, &[], 1, "layout.wrong-collection", moved, Some(1));
    says(&help, "move it to `datasets/organizations/`");
    // Its own schema's errors are reported with it, at their lines.
    let (_, report) = f.validate_json(&[]);
    let own: Vec<_> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["file"] == moved && i["code"].as_str().unwrap().starts_with("schema."))
        .collect();
    assert!(!own.is_empty(), "{report:#}");
    assert!(own.iter().all(|i| i["line"].as_u64().is_some()), "{own:#?}");
}

/// A record that fails only on a value (a malformed e-mail address) is not
/// taken for a record of another collection, even where another
/// collection's schema would accept it: its error is reported at its line.
#[test]
fn a_malformed_value_is_no_wrong_collection() {
    let f = Fixture::mini();
    f.write(
        "schemas/people.schema.json",
        r#"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "email": {"type": "string", "format": "email"}}}"#,
    );
    f.write(
        "schemas/contacts.schema.json",
        r#"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "email": {"type": "string"}}}"#,
    );
    f.write(
        "datasets/people/people.jsonl",
        "{\"id\": \"a\", \"email\": \"a@example.org\"}\n{\"id\": \"b\", \"email\": \"not an address\"}\n",
    );
    f.write("datasets/contacts/contacts.jsonl", "{\"id\": \"c\"}\n");
    let (status, report) = f.validate_json(&[]);
    assert_eq!(status, 1, "{report:#}");
    let issues: Vec<_> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["file"] == "datasets/people/people.jsonl")
        .map(|i| (i["code"].as_str().unwrap().to_owned(), i["line"].as_u64()))
        .collect();
    assert_eq!(
        issues,
        [("schema.format".to_owned(), Some(2))],
        "{report:#}"
    );
}

#[test]
fn io_not_a_file_directory() {
    let f = Fixture::mini();
    std::fs::create_dir_all(f.path().join("datasets/documents/folder.yaml")).unwrap();
    let help = expect(
        &f,
        &[],
        2,
        "io.not-a-file",
        "datasets/documents/folder.yaml",
        None,
    );
    says(&help, "replace it with a record file");
}

#[cfg(unix)]
#[test]
fn io_not_a_file_fifo() {
    let f = Fixture::mini();
    let fifo = f.path().join("datasets/documents/pipe.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let help = expect(
        &f,
        &[],
        2,
        "io.not-a-file",
        "datasets/documents/pipe.yaml",
        None,
    );
    says(&help, "replace it with a record file");
}

#[cfg(unix)]
#[test]
fn io_outside_root() {
    let f = Fixture::mini();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "id: elsewhere\n").unwrap();
    std::os::unix::fs::symlink(
        outside.path(),
        f.path().join("datasets/documents/elsewhere.yaml"),
    )
    .unwrap();
    let help = expect(
        &f,
        &[],
        2,
        "io.outside-root",
        "datasets/documents/elsewhere.yaml",
        None,
    );
    says(&help, "copy the file into the dataset");
}

#[cfg(unix)]
#[test]
fn io_unreadable_dangling_link() {
    let f = Fixture::mini();
    std::os::unix::fs::symlink(
        "no-such-file.yaml",
        f.path().join("datasets/documents/dangling.yaml"),
    )
    .unwrap();
    let help = expect(
        &f,
        &[],
        2,
        "io.unreadable",
        "datasets/documents/dangling.yaml",
        None,
    );
    says(&help, "a link must lead to an existing file");
}

#[test]
fn schema_required() {
    let f = Fixture::mini();
    edit(&f, DOC, "kind: statement\n", "");
    // A long list of values is given without their descriptions…
    let help = expect(&f, &[], 1, "schema.required", DOC, Some(1));
    says(
        &help,
        "add `kind:` with one of `statement`, `appeal`, `letter`",
    );
    // …a short one with them, and a field without values by its description.
    edit(&f, DOC, "coverage: full\n", "");
    let (_, report) = f.validate_json(&[]);
    let coverage = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["message"].as_str().unwrap().contains("`coverage`"))
        .unwrap();
    says(
        coverage["help"].as_str().unwrap(),
        "add `coverage:` with one of `full` (",
    );
    edit(&f, REC, "position: 1\n", "");
    let help = expect(&f, &[], 1, "schema.required", REC, Some(1));
    says(
        &help,
        "add `position:` (Order of appearance in the document",
    );
}

#[test]
fn schema_type_suggests_quoting() {
    let f = Fixture::mini();
    edit(&f, REC, "number: \"1\"", "number: 1");
    expect(&f, &[], 1, "schema.type", REC, Some(4));
    let (_, report) = f.validate_json(&[]);
    let help = report["issues"][0]["help"].as_str().unwrap();
    assert!(help.contains("quote it"), "{help}");
}

#[test]
fn schema_enum() {
    let f = Fixture::mini();
    edit(&f, DOC, "kind: statement", "kind: statment");
    expect(&f, &[], 1, "schema.enum", DOC, Some(3));
    let (_, report) = f.validate_json(&[]);
    assert_eq!(report["issues"][0]["help"], "did you mean `statement`?");
}

#[test]
fn schema_pattern() {
    let f = Fixture::mini();
    edit(&f, ORG, "id: example-ministry", "id: Example_Ministry");
    let help = expect(&f, &[], 1, "schema.pattern", ORG, Some(1));
    says(&help, "must match `");
}

#[test]
fn schema_format_impossible_date() {
    let f = Fixture::mini();
    edit(&f, DOC, "date: \"2023-03-01\"", "date: 2023-02-30");
    let help = expect(&f, &[], 1, "schema.format", DOC, Some(5));
    says(&help, "YYYY-MM-DD, with a day that exists");
}

#[test]
fn schema_additional_properties() {
    let f = Fixture::mini();
    edit(
        &f,
        DOC,
        "coverage: full\n",
        "coverage: full\ntitel: \"A title\"\n",
    );
    expect(&f, &[], 1, "schema.additional-properties", DOC, Some(5));
    let (_, report) = f.validate_json(&[]);
    assert_eq!(report["issues"][0]["help"], "did you mean `title`?");
}

#[test]
fn schema_any_of_title() {
    let f = Fixture::mini();
    edit(
        &f,
        DOC,
        "supplied_title: \"Statement of the Example Rights Centre of 1 March 2023\"\n",
        "",
    );
    let help = expect(&f, &[], 1, "schema.any-of", DOC, Some(1));
    says(&help, "add one of `title`, `supplied_title`");
}

#[test]
fn schema_min_length() {
    let f = Fixture::mini();
    edit(&f, ORG, "name: \"Example Ministry\"", "name: \"\"");
    let help = expect(&f, &[], 1, "schema.min-length", ORG, Some(2));
    says(&help, "at least 1 character");
}

#[test]
fn schema_minimum() {
    let f = Fixture::mini();
    edit(&f, REC, "position: 1", "position: 0");
    let help = expect(&f, &[], 1, "schema.minimum", REC, Some(3));
    says(&help, "at least 1");
}

#[test]
fn schema_unique_items() {
    let f = Fixture::mini();
    edit(
        &f,
        DOC,
        "  - example-rights-centre\n",
        "  - example-rights-centre\n  - example-rights-centre\n",
    );
    let help = expect(&f, &[], 1, "schema.unique-items", DOC, Some(7));
    says(&help, "remove the repeated item");
}

#[test]
fn schema_min_items() {
    let f = Fixture::mini();
    let text = read(&f, ORG);
    let cut = text.find("provenance:").unwrap();
    f.write(ORG, format!("{}provenance: []\n", &text[..cut]));
    let help = expect(&f, &[], 1, "schema.min-items", ORG, Some(4));
    says(&help, "give at least 1 item");
}

#[test]
fn schema_dependent_required() {
    let f = Fixture::mini();
    edit(
        &f,
        TREATY,
        "reference:\n  registry: un-treaty-collection\n  number: \"IV-4\"\n",
        "",
    );
    let help = expect(&f, &[], 1, "schema.dependent-required", TREATY, Some(1));
    says(&help, ", or remove `");
}

#[test]
fn id_file_name() {
    let f = Fixture::mini();
    edit(&f, ORG, "id: example-ministry", "id: example-ministry-of-x");
    let help = expect(&f, &[], 1, "id.file-name", ORG, Some(1));
    says(&help, "name the file `example-ministry-of-x`");
}

#[test]
fn id_duplicate() {
    let f = Fixture::mini();
    let copy = "datasets/organizations/example-ministry.json";
    f.write(
        copy,
        r#"{"id": "example-ministry", "name": "Example Ministry", "classification": "government-body",
            "provenance": [{"source": "statement.txt", "quote": "Example Ministry"}]}"#,
    );
    let help = expect(&f, &[], 1, "id.duplicate", ORG, Some(1));
    says(
        &help,
        "if it is a copy of datasets/organizations/example-ministry.json",
    );
}

#[test]
fn ref_unknown_organization_suggests() {
    let f = Fixture::mini();
    edit(
        &f,
        DOC,
        "  - example-rights-centre\n",
        "  - example-rights-center\n",
    );
    expect(&f, &[], 1, "ref.unknown-organization", DOC, Some(7));
    let (_, report) = f.validate_json(&[]);
    assert_eq!(
        report["issues"][0]["help"],
        "did you mean `example-rights-centre`?"
    );
    assert_eq!(report["issues"][0]["pointer"], "/authors/0");
    assert_eq!(report["issues"][0]["column"], 5);
}

#[test]
fn ref_unknown_document() {
    let f = Fixture::mini();
    edit(
        &f,
        REC_JSON,
        "\"document\": \"example-statement\"",
        "\"document\": \"another-statement\"",
    );
    let help = expect(&f, &[], 1, "ref.unknown-document", REC_JSON, Some(3));
    says(&help, "`docket new documents another-statement`");
}

#[test]
fn ref_unknown_treaty() {
    let f = Fixture::mini();
    edit(&f, REC, "instrument: iccpr", "instrument: icescr");
    let help = expect(&f, &[], 1, "ref.unknown-treaty", REC, Some(10));
    says(&help, "did you mean `iccpr`?");
}

#[test]
fn unparsable_target_is_reported_once() {
    let f = Fixture::mini();
    f.write(ORG, "id: [broken\n");
    let (_, report) = f.validate_json(&[]);
    let codes: Vec<_> = issues(&report).into_iter().map(|(c, _, _)| c).collect();
    assert_eq!(codes, ["parse.syntax"], "{report:#}");
}

#[test]
fn unique_duplicate_position() {
    let f = Fixture::mini();
    edit(&f, REC_JSON, "\"position\": 2", "\"position\": 1");
    let help = expect(&f, &[], 1, "unique.duplicate", REC_JSON, Some(4));
    says(
        &help,
        "change `position` here or in datasets/recommendations/example-statement-r01.yaml",
    );
}

#[test]
fn date_future() {
    let f = Fixture::mini();
    edit(&f, DOC, "date: \"2023-03-01\"", "date: \"2999-03-01\"");
    let help = expect(&f, &[], 1, "date.future", DOC, Some(5));
    says(&help, "a date that has not come yet");
}

/// A value that is no date (`30.01.2020`, `31/12/2019`, `9 May 2024`) is
/// not judged for the future: only its format error is reported.
#[test]
fn a_malformed_date_is_not_in_the_future() {
    for written in ["30.01.2020", "31/12/2019", "9 May 2024"] {
        let f = Fixture::mini();
        edit(
            &f,
            DOC,
            "date: \"2023-03-01\"",
            &format!("date: \"{written}\""),
        );
        let (status, report) = f.validate_json(&[]);
        assert_eq!(status, 1, "{report:#}");
        let codes: Vec<&str> = report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["file"] == DOC)
            .map(|i| i["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["schema.format"], "{written}: {report:#}");
    }
}

#[test]
fn provenance_quote_not_found() {
    let f = Fixture::mini();
    edit(
        &f,
        REC,
        "quote: \"Publish the report\"",
        "quote: \"Publish the reports\"",
    );
    let help = expect(
        &f,
        &["--sources", "sources"],
        1,
        "provenance.quote-not-found",
        REC,
        Some(14),
    );
    says(&help, "up to");
    // Without --sources provenance is not checked.
    let (status, _) = f.validate_json(&[]);
    assert_eq!(status, 0);
}

#[test]
fn provenance_verbatim_field_not_found() {
    let f = Fixture::mini();
    edit(
        &f,
        REC,
        "in line with Article 19",
        "in accordance with Article 19",
    );
    expect(
        &f,
        &["--sources", "sources"],
        1,
        "provenance.quote-not-found",
        REC,
        Some(6),
    );
    let (_, report) = f.validate_json(&["--sources", "sources"]);
    let help = report["issues"][0]["help"].as_str().unwrap();
    assert!(help.contains("up to “…Publish the report in"), "{help}");
}

#[test]
fn provenance_normalises_whitespace_and_emphasis() {
    // The source has "call on the  Example" (two spaces) and "**civil society**".
    let f = Fixture::mini();
    let (status, report) = f.validate_json(&["--sources", "sources"]);
    assert_eq!(status, 0, "{report:#}");
}

#[test]
fn provenance_hash_mismatch() {
    let f = Fixture::mini();
    let source = f.path().join("sources/statement.txt");
    let mut text = std::fs::read_to_string(&source).unwrap();
    text.push_str("\nviews: 56\n");
    std::fs::write(&source, text).unwrap();
    let help = expect(
        &f,
        &["--sources", "sources"],
        1,
        "provenance.hash-mismatch",
        DOC,
        Some(12),
    );
    says(&help, "the file's SHA-256 is");
}

#[test]
fn provenance_source_missing() {
    let f = Fixture::mini();
    edit(
        &f,
        ORG,
        "source: \"statement.txt\"",
        "source: \"letter.txt\"",
    );
    let help = expect(
        &f,
        &["--sources", "sources"],
        1,
        "provenance.source-missing",
        ORG,
        Some(5),
    );
    says(&help, "add `letter.txt` to `sources`");
}

#[test]
fn ref_cycle() {
    let f = Fixture::mini();
    edit(
        &f,
        ORG,
        "id: example-ministry\n",
        "id: example-ministry\nparent: example-ministry\n",
    );
    let help = expect(&f, &[], 1, "ref.cycle", ORG, Some(2));
    says(&help, "remove or change one reference of the loop");
}

/// Issue #14: the mistakes contributors make, each with a help that says
/// what to write instead.
#[test]
fn contributor_mistakes_say_how_to_fix_them() {
    let f = Fixture::mini();
    edit(&f, DOC, "date: \"2023-03-01\"", "date: \"10.12.1984\"");
    says(
        &expect(&f, &[], 1, "schema.format", DOC, Some(5)),
        "write the date as YYYY-MM-DD: `1984-12-10`",
    );
    edit(
        &f,
        DOC,
        "date: \"10.12.1984\"",
        "date: \"2023-03-01T10:00:00Z\"",
    );
    says(
        &expect(&f, &[], 1, "schema.format", DOC, Some(5)),
        "`2023-03-01`",
    );
    edit(&f, REC, "position: 1", "position: \"16\"");
    says(
        &expect(&f, &[], 1, "schema.type", REC, Some(3)),
        "`\"16\"` is in quotes, so it is text: write the number without quotes (16)",
    );
    edit(
        &f,
        REC,
        "addressees:\n  - example-ministry",
        "addressees:\n\t- example-ministry",
    );
    says(
        &expect(&f, &[], 1, "parse.syntax", REC, None),
        "indent with spaces",
    );
}

#[test]
fn duplicate_id_is_reported_on_the_copy_naming_both_files() {
    let f = Fixture::mini();
    let copy = "datasets/organizations/example-ministry-2.yaml";
    f.write(copy, read(&f, ORG));
    let (_, report) = f.validate_json(&[]);
    let duplicate: Vec<_> = issues(&report)
        .into_iter()
        .filter(|(c, _, _)| c == "id.duplicate")
        .collect();
    assert_eq!(
        duplicate,
        [("id.duplicate".to_owned(), copy.to_owned(), Some(1))],
        "{report:#}"
    );
    let issue = &report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "id.duplicate")
        .unwrap();
    assert!(issue["message"].as_str().unwrap().contains(ORG), "{issue}");
    assert!(issue["help"].as_str().unwrap().contains(ORG), "{issue}");
}

#[test]
fn changed_since_outside_git_is_one_line() {
    let f = Fixture::mini();
    let output = f.run(&["validate", "--changed-since", "HEAD"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = common::stderr(&output);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("needs a git repository"), "{stderr}");
    assert!(stderr.contains("without --changed-since"), "{stderr}");
}

/// A hand-written schema with an `anyOf` inside array items and a
/// `contains` inside `if`/`then`, as check-jsonschema users write them.
const PACKAGES: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Package",
  "type": "object",
  "required": ["id", "affected"],
  "properties": {
    "id": {"type": "string"},
    "ecosystem": {"type": "string"},
    "tags": {"type": "array", "items": {"type": "string"}},
    "affected": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {"introduced": {"type": "string"}, "fixed": {"type": "string"}},
        "anyOf": [
          {"title": "an introduced version", "required": ["introduced"],
           "properties": {"introduced": {"pattern": "^[0-9]+\\.[0-9]+$"}}},
          {"title": "a fixed version", "required": ["fixed"],
           "properties": {"fixed": {"pattern": "^[0-9]+\\.[0-9]+$",
             "description": "The first version without the fault, as MAJOR.MINOR"}}}
        ]
      }
    }
  },
  "if": {"properties": {"ecosystem": {"const": "crates"}}, "required": ["ecosystem"]},
  "then": {"properties": {"tags": {"contains": {"const": "rust", "title": "the tag `rust`"}}}}
}"#;

#[test]
fn alternatives_report_the_best_matching_branch() {
    let f = Fixture::empty();
    f.write("schemas/packages.schema.json", PACKAGES);
    let one = "datasets/packages/p1.yaml";
    let two = "datasets/packages/p2.yaml";
    f.write(
        one,
        "id: p1\necosystem: crates\ntags: [web]\naffected:\n  - fixed: \"1.x\"\n",
    );
    f.write(two, "id: p2\naffected:\n  - {}\n");
    // The item has `fixed`: the fault is its pattern, not a missing field.
    let help = expect(&f, &[], 1, "schema.pattern", one, Some(5));
    says(&help, "The first version without the fault, as MAJOR.MINOR");
    let (_, report) = f.validate_json(&[]);
    let in_one: Vec<&serde_json::Value> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["file"] == one)
        .collect();
    assert!(
        in_one.iter().any(|i| i["code"] == "schema.pattern"
            && i["message"]
                .as_str()
                .unwrap()
                .contains("(in the alternative “a fixed version”)")),
        "{in_one:#?}"
    );
    assert!(
        !in_one.iter().any(|i| i["code"] == "schema.any-of"),
        "a sibling branch is not the error: {in_one:#?}"
    );
    // `contains` inside `then`, by the title of what it asks for.
    let help = expect(&f, &[], 1, "schema.contains", one, Some(3));
    says(&help, "add an item that is the tag `rust`");
    // No branch comes closer than another: the branches by their titles.
    let help = expect(&f, &[], 1, "schema.any-of", two, Some(3));
    says(
        &help,
        "make it one of: an introduced version; a fixed version",
    );
}

/// The README's table of error codes is the catalogue of the code type:
/// same codes, same meanings, same exit codes, in the same order.
#[test]
fn readme_code_table_matches_the_code_type() {
    let readme = read_repo("README.md");
    let section = readme
        .split("## Error codes")
        .nth(1)
        .expect("README has an Error codes section");
    let rows: Vec<(String, String, String)> = section
        .lines()
        .skip_while(|l| !l.starts_with("| `"))
        .take_while(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            (
                cells[0].trim_matches('`').to_owned(),
                cells[1].to_owned(),
                cells[2].to_owned(),
            )
        })
        .collect();
    let catalogue: Vec<(String, String, String)> = docket::CATALOGUE
        .iter()
        .map(|e| {
            (
                e.code.to_owned(),
                e.meaning.to_owned(),
                (e.example)().exit().to_string(),
            )
        })
        .collect();
    assert_eq!(rows, catalogue);
    for entry in docket::CATALOGUE {
        let shown = (entry.example)().to_string();
        let fixed = entry.code.split('<').next().unwrap();
        assert!(
            shown.starts_with(fixed) && (entry.code.contains('<') || shown == entry.code),
            "{} prints as {shown}",
            entry.code
        );
    }
}

fn read_repo(file: &str) -> String {
    std::fs::read_to_string(common::repo().join(file)).unwrap()
}

/// A record without the key its schema names (`x-key` on a property the
/// schema does not require) is reported at its line; an `id` that the
/// schema declares but does not require makes no key at all.
#[test]
fn id_missing() {
    let f = Fixture::empty();
    f.write(
        "schemas/readings.schema.json",
        r#"{"type": "object", "x-key": ["station", "day"], "properties": {"station": {"type": "string"}, "day": {"type": "string"}}}"#,
    );
    f.write(
        "datasets/readings/readings.jsonl",
        "{\"station\": \"a\", \"day\": \"1\"}\n{\"station\": \"a\"}\n",
    );
    let help = expect(
        &f,
        &[],
        1,
        "id.missing",
        "datasets/readings/readings.jsonl",
        Some(2),
    );
    says(&help, "add `day`");

    let f = Fixture::empty();
    f.write(
        "schemas/notes.schema.json",
        r#"{"type": "object", "properties": {"id": {"type": "string"}, "text": {"type": "string"}}}"#,
    );
    f.write(
        "datasets/notes/notes.jsonl",
        "{\"text\": \"a\"}\n{\"text\": \"b\"}\n",
    );
    let (status, report) = f.validate_json(&[]);
    assert_eq!(status, 0, "{report:#}");
    if !cfg!(all(feature = "parquet", feature = "sqlite")) {
        return; // the light build exports nothing
    }
    let output = f.run(&["export", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        common::stderr(&output).contains("its records have no key"),
        "{}",
        common::stderr(&output)
    );
}

/// Schema text (field names, patterns) is shown whole in messages and
/// help, inside `anyOf` branches too; only data values are clipped.
#[test]
fn schema_text_is_shown_whole() {
    let f = Fixture::mini();
    let text = read(&f, DOC);
    f.write(DOC, format!("{text}qqqqqqqqqq: 1\n"));
    let (_, report) = f.validate_json(&[]);
    let issue = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["pointer"] == "/qqqqqqqqqq")
        .unwrap_or_else(|| panic!("{report:#}"));
    let help = issue["help"].as_str().unwrap();
    assert!(help.starts_with("allowed fields: id, title,"), "{help}");
    assert!(help.ends_with(", url, provenance"), "{help}");
    assert!(!help.contains('…'), "{help}");

    let pattern = format!("^({})$", ["[A-Z]{2}-[0-9]{4}"; 12].join("|"));
    let f = Fixture::empty();
    f.write(
        "schemas/things.schema.json",
        json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "pattern": pattern},
                "contact": {"anyOf": [
                    {"type": "string"},
                    {"type": "object", "properties": {"email": {"type": "string"}, "phone": {"type": "string"}}, "additionalProperties": false}
                ]}
            }
        })
        .to_string(),
    );
    f.write(
        "datasets/things/things.jsonl",
        "{\"id\": \"bad\", \"contact\": {\"zzzzzzzz\": 1}}\n",
    );
    let (status, report) = f.validate_json(&[]);
    assert_eq!(status, 1, "{report:#}");
    let issues = report["issues"].as_array().unwrap();
    let by_pointer = |p: &str| {
        issues
            .iter()
            .find(|i| i["pointer"] == p)
            .unwrap_or_else(|| panic!("no issue at {p}: {report:#}"))
    };
    let id = by_pointer("/id");
    assert!(id["message"].as_str().unwrap().contains(&pattern), "{id:#}");
    assert!(id["help"].as_str().unwrap().contains(&pattern), "{id:#}");
    let contact = by_pointer("/contact/zzzzzzzz");
    assert_eq!(
        contact["help"], "allowed fields: email, phone",
        "{contact:#}"
    );
}
