//! Every error code `docket validate` can report, each triggered by a small
//! change to a valid fixture, checked for its code, file, line and exit code
//! (issue #2: every error code has a fixture and a test).

mod common;

use common::{issues, Fixture};

const DOC: &str = "datasets/documents/example-statement.yaml";
const REC: &str = "datasets/recommendations/example-statement-r01.yaml";
const REC_JSON: &str = "datasets/recommendations/example-statement-r02.json";
const ORG: &str = "datasets/organizations/example-ministry.yaml";
const TREATY: &str = "datasets/treaties/iccpr.yaml";

/// Asserts that validating the fixture exits with `exit` and reports `code`
/// at `file` (and `line`, when given).
fn expect(fixture: &Fixture, args: &[&str], exit: i32, code: &str, file: &str, line: Option<u64>) {
    let (status, report) = fixture.validate_json(args);
    let found = issues(&report);
    assert!(
        found
            .iter()
            .any(|(c, f, l)| c == code && f == file && (line.is_none() || *l == line)),
        "expected {code} at {file}:{line:?}, got {found:#?}"
    );
    assert_eq!(status, exit, "exit code; report: {report:#}");
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
    expect(&f, &[], 1, "parse.syntax", REC, Some(3));
}

#[test]
fn parse_syntax_json() {
    let f = Fixture::mini();
    f.write(
        REC_JSON,
        "{\n  \"id\": \"example-statement-r02\",\n  \"position\": 2,,\n}\n",
    );
    expect(&f, &[], 1, "parse.syntax", REC_JSON, Some(3));
}

#[test]
fn parse_encoding_invalid_utf8() {
    let f = Fixture::mini();
    f.write(REC, b"id: example-statement-r01\ntext: \"caf\xe9\"\n");
    expect(&f, &[], 1, "parse.encoding", REC, Some(2));
}

#[test]
fn parse_encoding_byte_order_mark() {
    let f = Fixture::mini();
    let text = read(&f, REC);
    f.write(REC, [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat());
    expect(&f, &[], 1, "parse.encoding", REC, Some(1));
}

#[test]
fn parse_encoding_utf16() {
    let f = Fixture::mini();
    f.write(REC, b"\xff\xfei\x00d\x00:\x00");
    expect(&f, &[], 1, "parse.encoding", REC, Some(1));
}

#[test]
fn parse_encoding_nul_byte() {
    let f = Fixture::mini();
    f.write(REC, b"id: example-statement-r01\nkind: a\x00b\n");
    expect(&f, &[], 1, "parse.encoding", REC, Some(2));
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
    expect(&f, &[], 1, "parse.duplicate-key", REC, Some(6));
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
    expect(&f, &[], 1, "parse.duplicate-key", REC_JSON, Some(5));
}

#[test]
fn parse_empty() {
    let f = Fixture::mini();
    f.write(REC, "# nothing here yet\n");
    expect(&f, &[], 1, "parse.empty", REC, Some(1));
    f.write(REC_JSON, "   \n");
    expect(&f, &[], 1, "parse.empty", REC_JSON, None);
}

#[test]
fn parse_not_a_record() {
    let f = Fixture::mini();
    f.write(REC, "- a list\n- not a record\n");
    expect(&f, &[], 1, "parse.not-a-record", REC, Some(1));
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
    expect(&f, &[], 1, "parse.limit", REC, None);
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
    expect(&f, &[], 1, "parse.limit", REC_JSON, Some(1));
}

#[test]
fn layout_unknown_collection() {
    let f = Fixture::mini();
    f.write("datasets/people/someone.yaml", "id: someone\n");
    expect(
        &f,
        &[],
        1,
        "layout.unknown-collection",
        "datasets/people",
        None,
    );
}

#[test]
fn layout_unexpected_file() {
    let f = Fixture::mini();
    f.write("datasets/documents/notes.txt", "not a record\n");
    expect(
        &f,
        &[],
        1,
        "layout.unexpected-file",
        "datasets/documents/notes.txt",
        None,
    );
}

#[test]
fn layout_wrong_collection() {
    let f = Fixture::mini();
    let text = read(&f, ORG);
    f.remove(ORG);
    let moved = "datasets/documents/example-ministry.yaml";
    f.write(moved, text);
    expect(&f, &[], 1, "layout.wrong-collection", moved, None);
}

#[test]
fn io_not_a_file_directory() {
    let f = Fixture::mini();
    std::fs::create_dir_all(f.path().join("datasets/documents/folder.yaml")).unwrap();
    expect(
        &f,
        &[],
        2,
        "io.not-a-file",
        "datasets/documents/folder.yaml",
        None,
    );
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
    expect(
        &f,
        &[],
        2,
        "io.not-a-file",
        "datasets/documents/pipe.yaml",
        None,
    );
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
    expect(
        &f,
        &[],
        2,
        "io.outside-root",
        "datasets/documents/elsewhere.yaml",
        None,
    );
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
    expect(
        &f,
        &[],
        2,
        "io.unreadable",
        "datasets/documents/dangling.yaml",
        None,
    );
}

#[test]
fn schema_required() {
    let f = Fixture::mini();
    edit(&f, DOC, "kind: statement\n", "");
    expect(&f, &[], 1, "schema.required", DOC, Some(1));
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
    expect(&f, &[], 1, "schema.pattern", ORG, Some(1));
}

#[test]
fn schema_format_impossible_date() {
    let f = Fixture::mini();
    edit(&f, DOC, "date: \"2023-03-01\"", "date: 2023-02-30");
    expect(&f, &[], 1, "schema.format", DOC, Some(5));
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
    expect(&f, &[], 1, "schema.any-of", DOC, Some(1));
}

#[test]
fn schema_min_length() {
    let f = Fixture::mini();
    edit(&f, ORG, "name: \"Example Ministry\"", "name: \"\"");
    expect(&f, &[], 1, "schema.min-length", ORG, Some(2));
}

#[test]
fn schema_minimum() {
    let f = Fixture::mini();
    edit(&f, REC, "position: 1", "position: 0");
    expect(&f, &[], 1, "schema.minimum", REC, Some(3));
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
    expect(&f, &[], 1, "schema.unique-items", DOC, Some(7));
}

#[test]
fn schema_min_items() {
    let f = Fixture::mini();
    let text = read(&f, ORG);
    let cut = text.find("provenance:").unwrap();
    f.write(ORG, format!("{}provenance: []\n", &text[..cut]));
    expect(&f, &[], 1, "schema.min-items", ORG, Some(4));
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
    expect(&f, &[], 1, "schema.dependent-required", TREATY, Some(1));
}

#[test]
fn id_file_name() {
    let f = Fixture::mini();
    edit(&f, ORG, "id: example-ministry", "id: example-ministry-of-x");
    expect(&f, &[], 1, "id.file-name", ORG, Some(1));
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
    expect(&f, &[], 1, "id.duplicate", ORG, Some(1));
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
    expect(&f, &[], 1, "ref.unknown-document", REC_JSON, Some(3));
}

#[test]
fn ref_unknown_treaty() {
    let f = Fixture::mini();
    edit(&f, REC, "instrument: iccpr", "instrument: icescr");
    expect(&f, &[], 1, "ref.unknown-treaty", REC, Some(10));
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
    expect(&f, &[], 1, "unique.duplicate", REC_JSON, Some(4));
}

#[test]
fn date_future() {
    let f = Fixture::mini();
    edit(&f, DOC, "date: \"2023-03-01\"", "date: \"2999-03-01\"");
    expect(&f, &[], 1, "date.future", DOC, Some(5));
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
    expect(
        &f,
        &["--sources", "sources"],
        1,
        "provenance.quote-not-found",
        REC,
        Some(14),
    );
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
    expect(
        &f,
        &["--sources", "sources"],
        1,
        "provenance.hash-mismatch",
        DOC,
        Some(12),
    );
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
    expect(
        &f,
        &["--sources", "sources"],
        1,
        "provenance.source-missing",
        ORG,
        Some(5),
    );
}
