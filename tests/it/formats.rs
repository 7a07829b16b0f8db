//! Input formats: nested JSON, NDJSON, CSV edge cases and malformed input.

use crate::util::{Cmd, Dir, apply_to, county, county_csv, fixture};

const NESTED: &str = r#"[
  {"person": {"id": "P-1", "ssn": "123-45-6789", "aliases": ["Joe", null, ""], "dob": "1985-03-27", "extra": 1.50},
   "case": {"court": "Common Pleas", "notes": "dropped note"},
   "charges": [{"code": "2911.12", "victim": "Ann Lee"}, {"code": "2913.02", "victim": null}],
   "score": 37, "flags": {"a": 1}, "empty": {}},
  {"person": {"id": "P-2", "ssn": null, "aliases": [], "dob": "", "extra": 1e999},
   "case": {}, "charges": [], "score": 12.5, "flags": true, "empty": []}
]
"#;

/// Apply `tests/fixtures/nested.toml` (written as nested.toml) from `input` to `output`.
fn nested_apply(dir: &Dir, output: &str, input: &str) -> Cmd {
    dir.cmd(&[
        "apply",
        "--policy",
        "nested.toml",
        "--to",
        "court",
        "--basis",
        "open",
        "-o",
        output,
        input,
    ])
}

#[test]
fn nested_json_paths_arrays_and_longest_prefix() {
    let dir = county();
    dir.write("nested.toml", fixture("nested.toml"));
    dir.write("in.json", NESTED);
    nested_apply(&dir, "out.json", "in.json")
        .run()
        .success()
        .stderr_has("field \"flags\"");
    let out = dir.read("out.json");
    assert_eq!(
        out,
        concat!(
            "[\n",
            r#"{"person":{"id":"P-1","ssn":"***-**-**89","aliases":["**e",null,""],"dob":"1985-03","extra":1.50},"case":{"court":"Common Pleas"},"charges":[{"code":"2911.12","victim":"[REDACTED]"},{"code":"2913.02","victim":"[REDACTED]"}],"score":"35-39","flags":"[REDACTED]","empty":{}}"#,
            ",\n",
            r#"{"person":{"id":"P-2","ssn":null,"aliases":[],"dob":"","extra":1e999},"case":{},"charges":[],"score":"10-14","flags":"****","empty":[]}"#,
            "\n]\n"
        )
    );
    let m = dir.json("out.json.manifest.json");
    assert_eq!(m["subjects"], serde_json::json!(["P-1", "P-2"]));
    let field = |name: &str| {
        m["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(field("flags")["unprocessable"], 1);
    assert_eq!(field("case.notes")["changed"], 1);
    assert_eq!(field("person.aliases")["changed"], 1);
}

#[test]
fn a_kept_value_of_another_shape_than_the_paths_below_it_is_withheld() {
    // `case` is kept but `case.notes` dropped: a `case` that arrives as an
    // array cannot be walked along `case.notes`, so it is not kept whole.
    let dir = county();
    dir.write("nested.toml", fixture("nested.toml"));
    dir.write(
        "in.ndjson",
        concat!(
            r#"{"person":{"id":"P-1"},"case":[{"court":"X","notes":"secret-note"}]}"#,
            "\n",
            r#"{"person":{"id":"P-2"},"charges":{"code":"1","victim":"secret-victim"}}"#,
            "\n"
        ),
    );
    nested_apply(&dir, "out.ndjson", "in.ndjson")
        .run()
        .expect_code(2)
        .stderr_has("record 2 (line 2): field \"charges.code\" is not classified")
        .never_says("secret");
    dir.write(
        "in.ndjson",
        r#"{"person":{"id":"P-1"},"case":[{"court":"X","notes":"secret-note"}]}"#,
    );
    // Its only value cannot be processed: the run fails (nothing of the
    // field could be disclosed as the policy means it).
    nested_apply(&dir, "out.ndjson", "in.ndjson")
        .run()
        .expect_code(2)
        .stderr_has("field \"case\"")
        .stderr_has("another shape")
        .stderr_has("none of its 1 values could be processed")
        .never_says("secret");
    assert!(!dir.exists("out.ndjson"));
    dir.write(
        "in.ndjson",
        concat!(
            r#"{"person":{"id":"P-1"},"case":[{"court":"X","notes":"secret-note"}]}"#,
            "\n",
            r#"{"person":{"id":"P-2"},"case":{"court":"Y"}}"#,
            "\n"
        ),
    );
    nested_apply(&dir, "out.ndjson", "in.ndjson")
        .run()
        .success()
        .stderr_has("field \"case\"")
        .stderr_has("another shape")
        .never_says("secret");
    assert!(
        dir.read("out.ndjson")
            .starts_with("{\"person\":{\"id\":\"P-1\"},\"case\":\"[REDACTED]\"}\n"),
        "{}",
        dir.read("out.ndjson")
    );
    let m = dir.json("out.ndjson.manifest.json");
    let case = m["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "case")
        .unwrap()
        .clone();
    assert_eq!(case["unprocessable"], 1);
}

#[test]
fn ndjson_streams_objects_and_skips_blank_lines() {
    let dir = county();
    dir.write(
        "in.ndjson",
        "{\"id\":\"P-1\",\"name\":\"A\",\"score\":41}\n\n{\"id\":\"P-2\",\"dob\":\"01/02/2003\"}\n",
    );
    apply_to(&dir, "court", "open", &["-o", "out.jsonl", "in.ndjson"])
        .run()
        .success();
    assert_eq!(
        dir.read("out.jsonl"),
        "{\"id\":\"P-1\",\"name\":\"A\",\"score\":\"40-49\"}\n{\"id\":\"P-2\",\"dob\":\"2003\"}\n"
    );
    let m = dir.json("out.jsonl.manifest.json");
    assert_eq!(m["records"]["read"], 2);
}

#[test]
fn json_errors_name_the_record_and_line() {
    let dir = county();
    let cases: &[(&str, &str, &str)] = &[
        ("a.json", "{\"id\": \"P-1\"}", "array"),
        ("b.json", "[{\"id\": \"P-1\"}, 42]", "record 2"),
        (
            "c.json",
            "[{\"id\": \"P-1\"},\n {\"id\": \"P-2\", \"id\": \"P-3\"}]",
            "duplicate key \"id\"",
        ),
        (
            "d.ndjson",
            "{\"id\": \"P-1\"}\n{\"id\": \"secret-",
            "line 2",
        ),
        ("e.ndjson", "{\"id\": \"P-1\"}\n[1]\n", "record 2 (line 2)"),
        ("f.json", "", "empty"),
        ("g.json", "[{\"id\": \"P-1\"},]", "trailing comma"),
    ];
    for (name, text, needle) in cases {
        dir.write(name, text);
        apply_to(
            &dir,
            "court",
            "open",
            &["--force", "-o", &format!("out-{name}"), name],
        )
        .run()
        .expect_code(2)
        .stderr_has(needle)
        .stderr_has(name)
        .never_says("secret-");
        assert!(!dir.exists(format!("out-{name}")));
    }
}

#[test]
fn csv_edge_cases() {
    let dir = county();
    // BOM, quoted header, CRLF and LF mixed, embedded newlines and quotes.
    dir.write(
        "a.csv",
        "\u{feff}\"id\",\"notes\"\r\nP-1,\"line one\nline \"\"two\"\"\"\nP-2,plain\r\n",
    );
    apply_to(&dir, "court", "open", &["-o", "a.out.csv", "a.csv"])
        .run()
        .success();
    assert_eq!(
        dir.read("a.out.csv"),
        "id,notes\nP-1,\"line one\nline \"\"two\"\"\"\nP-2,plain\n"
    );
    // Header only: valid, zero records.
    dir.write("h.csv", "id,name\n");
    apply_to(
        &dir,
        "court",
        "open",
        &["--allow-empty", "-o", "h.out.csv", "h.csv"],
    )
    .run()
    .success();
    assert_eq!(dir.read("h.out.csv"), "id,name\n");
    assert_eq!(dir.json("h.out.csv.manifest.json")["records"]["read"], 0);
}

#[test]
fn malformed_csv_is_an_error_naming_the_line_never_the_value() {
    let dir = county();
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "count.csv",
            b"id,name\nP-1,secret-a\nP-2,secret-b,extra\n",
            "line 3",
        ),
        ("dup.csv", b"id,name,name\nP-1,a,b\n", "twice"),
        ("blank.csv", b"id,,name\nP-1,a,b\n", "empty name"),
        (
            "utf8.csv",
            b"id,name\nP-1,secret-\xff\n",
            "record 1 (line 2), field \"name\"",
        ),
        ("nul.csv", b"id,name\nP-1,secret-\x00\n", "NUL"),
        ("empty.csv", b"", "empty"),
    ];
    for (name, bytes, needle) in cases {
        dir.write(name, bytes);
        apply_to(&dir, "court", "open", &["-o", &format!("out-{name}"), name])
            .run()
            .expect_code(2)
            .stderr_has(needle)
            .stderr_has(name)
            .never_says("secret-");
        assert!(!dir.exists(format!("out-{name}")), "{name}");
    }
}

#[test]
fn csv_without_the_subject_column_is_an_error() {
    let dir = county();
    dir.write("nosub.csv", "name\nA\n");
    apply_to(&dir, "court", "open", &["-o", "out.csv", "nosub.csv"])
        .run()
        .expect_code(2)
        .stderr_has("subject_field");
    // Without its header row the first record would be taken for names:
    // the subject column is looked for first, so no value is named.
    let headerless: String = county_csv()
        .lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect();
    dir.write("headerless.csv", headerless);
    apply_to(&dir, "court", "open", &["-o", "out.csv", "headerless.csv"])
        .run()
        .expect_code(2)
        .stderr_has("is the header row missing?")
        .never_says("P-1")
        .never_says("José")
        .never_says("123-45");
}

#[test]
fn format_comes_from_the_extension_or_the_flag() {
    let dir = county();
    dir.write("cases.txt", county_csv());
    apply_to(&dir, "court", "open", &["-o", "out.txt", "cases.txt"])
        .run()
        .expect_code(2)
        .stderr_has("--format");
    apply_to(
        &dir,
        "court",
        "open",
        &["--format", "csv", "-o", "out.txt", "cases.txt"],
    )
    .run()
    .success();
    assert!(dir.read("out.txt").starts_with("id,name"));
}
