//! Hostile inputs and hostile policies. Each is a clear exit 2 that names
//! the place and never the offending value, or a valid outcome that the
//! test states (and the decision it documents).

use std::time::{Duration, Instant};

use crate::util::{Dir, court_order, setup, small_policy, with_profile_fields, with_setting};

/// `apply` to court under order (the shared test policy: person_id, name
/// and offense, all kept) of `input` into `output`.
fn apply(dir: &Dir, input: &str, output: &str) -> crate::util::Output {
    court_order(dir, &["-q", "-o", output, input]).run()
}

/// Write `input`, expect exit 2 naming every needle and never `secret`,
/// and no output or manifest.
#[track_caller]
fn rejects(dir: &Dir, input: &str, bytes: &[u8], needles: &[&str]) {
    dir.write(input, bytes);
    let output = format!("out-{input}");
    let out = apply(dir, input, &output)
        .expect_code(2)
        .stderr_has(input)
        .never_says("secret");
    for needle in needles {
        out.expect_stderr_contains(needle);
    }
    assert!(!dir.exists(&output), "{input}: output written");
    assert!(!dir.exists(format!("{output}.manifest.json")), "{input}");
}

fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn invalid_utf8_is_an_error_naming_the_place() {
    let dir = Dir::new();
    setup(&dir);
    rejects(
        &dir,
        "cell.csv",
        b"person_id,name,offense\nP-1,secret-\xff-name,x\n",
        &["record 1 (line 2), field \"name\": not valid UTF-8"],
    );
    rejects(
        &dir,
        "header.csv",
        b"person_id,secret-\xfe,offense\nP-1,a,x\n",
        &["line 1: header column 2 is not valid UTF-8"],
    );
    rejects(
        &dir,
        "string.json",
        b"[{\"person_id\":\"P-1\",\"name\":\"secret-\xc3\x28\",\"offense\":\"x\"}]",
        &["record 1 (line 1): invalid JSON: invalid UTF-8 inside a string"],
    );
    rejects(
        &dir,
        "line.ndjson",
        b"{\"person_id\":\"P-1\",\"name\":\"a\",\"offense\":\"x\"}\n{\"person_id\":\"P-2\",\"name\":\"secret-\xed\xa0\x80\"}\n",
        &["record 2 (line 2): invalid JSON: invalid UTF-8"],
    );
}

#[test]
fn nul_bytes_are_errors_unless_escaped_in_json() {
    let dir = Dir::new();
    setup(&dir);
    rejects(
        &dir,
        "nul.csv",
        b"person_id,name,offense\nP-1,secret-\x00,x\n",
        &["record 1 (line 2), field \"name\": contains a NUL byte"],
    );
    rejects(
        &dir,
        "nul-header.csv",
        b"person_id,na\x00me,offense\nP-1,a,x\n",
        &["header column 2 contains a NUL byte"],
    );
    rejects(
        &dir,
        "nul.json",
        b"[{\"person_id\":\"P-1\",\"name\":\"secret-\x00\",\"offense\":\"x\"}]",
        &["record 1 (line 1): invalid JSON: a control character inside a string"],
    );
    // Escaped, a NUL is a character like any other: kept, and written back
    // escaped.
    dir.write(
        "escaped.ndjson",
        "{\"person_id\":\"P-1\",\"name\":\"a\\u0000b\",\"offense\":\"x\"}\n",
    );
    apply(&dir, "escaped.ndjson", "out.ndjson").success();
    assert_eq!(
        dir.read("out.ndjson"),
        "{\"person_id\":\"P-1\",\"name\":\"a\\u0000b\",\"offense\":\"x\"}\n"
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_an_error_not_a_crash() {
    let dir = Dir::new();
    setup(&dir);
    let deep = |open: &str, close: &str| {
        format!(
            "{{\"person_id\":\"P-1\",\"name\":{}\"secret-deep\"{},\"offense\":\"x\"}}",
            open.repeat(10_000),
            close.repeat(10_000)
        )
    };
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let record = deep(open, close);
        rejects(
            &dir,
            "deep.json",
            format!("[{record}]").as_bytes(),
            &["record 1 (line 1): nested more than 128 levels deep"],
        );
        rejects(
            &dir,
            "deep.ndjson",
            format!("{record}\n").as_bytes(),
            &["record 1 (line 1): invalid JSON: nested more than 128 levels deep"],
        );
    }
}

/// A 100 MB value in one CSV cell and one JSON string streams through:
/// memory stays a small multiple of the record (measured by hand with
/// /usr/bin/time: see the hardening notes in the report).
#[test]
fn a_hundred_megabyte_field_goes_through() {
    let dir = Dir::new();
    setup(&dir);
    let big = "y".repeat(100 * 1024 * 1024);
    let csv = format!("person_id,name,offense\nP-1,Ann Lee,{big}\nP-2,Bo Kim,theft\n");
    dir.write("big.csv", &csv);
    apply(&dir, "big.csv", "big.out.csv").success();
    assert!(
        dir.read_bytes("big.out.csv") == csv.as_bytes(),
        "kept as it was"
    );
    drop(csv);
    let json = format!(
        "[{{\"person_id\":\"P-1\",\"name\":\"Ann Lee\",\"offense\":\"{big}\"}},\n{{\"person_id\":\"P-2\",\"name\":\"Bo Kim\",\"offense\":\"theft\"}}]\n"
    );
    dir.write("big.json", &json);
    drop(json);
    apply(&dir, "big.json", "big.out.json").success();
    let manifest = dir.json("big.out.json.manifest.json");
    assert_eq!(manifest["records"]["disclosed"], 2);
    assert!(manifest["outputs"][0]["bytes"].as_u64().unwrap() > big.len() as u64);
}

#[test]
fn a_million_columns_are_an_error_at_the_first_unclassified_one_or_dropped() {
    let dir = Dir::new();
    setup(&dir);
    let mut header = String::from("person_id,name,offense");
    let mut row = String::from("P-1,a,x");
    for i in 0..1_000_000 {
        header.push_str(&format!(",c{i}"));
        row.push_str(",v");
    }
    dir.write("wide.csv", format!("{header}\n{row}\n"));
    let start = Instant::now();
    apply(&dir, "wide.csv", "out.csv")
        .expect_code(2)
        .stderr_has("line 1: field \"c0\" is not classified by the policy");
    assert!(!dir.exists("out.csv"));
    // With unclassified = "drop" they are dropped and named.
    dir.write(
        "policy.toml",
        with_setting(&small_policy(), "unclassified = \"drop\""),
    );
    apply(&dir, "wide.csv", "out.csv").success();
    assert_eq!(dir.read("out.csv"), "person_id,name,offense\nP-1,a,x\n");
    let dropped = &dir.json("out.csv.manifest.json")["unclassified_dropped"];
    assert_eq!(dropped.as_array().unwrap().len(), 1_000_000);
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "a million columns took {:?}",
        start.elapsed()
    );
}

#[test]
fn duplicate_json_keys_are_an_error_naming_the_key_and_record() {
    let dir = Dir::new();
    setup(&dir);
    rejects(
        &dir,
        "dup.json",
        br#"[{"person_id":"P-1","name":"a","offense":"x"},
{"person_id":"P-2","name":"secret-1","name":"secret-2","offense":"y"}]"#,
        &["record 2 (line 2): invalid JSON: duplicate key \"name\" in one object"],
    );
    rejects(
        &dir,
        "dup.ndjson",
        b"{\"person_id\":\"P-1\",\"offense\":{\"a\":\"secret-1\",\"a\":\"secret-2\"},\"name\":\"n\"}\n",
        &["record 1 (line 1): invalid JSON: duplicate key \"a\" in one object"],
    );
}

#[test]
fn numbers_beyond_f64_are_kept_verbatim() {
    let dir = Dir::new();
    setup(&dir);
    let record = r#"{"person_id":1234567890123456789012345678901234567890,"name":[1e999,-1E-999,0.10000000000000000000000000001,-0],"offense":{"n":12345678901234567890123456789012345678901234567890}}"#;
    dir.write("n.ndjson", format!("{record}\n"));
    apply(&dir, "n.ndjson", "n.out.ndjson").success();
    assert_eq!(dir.read("n.out.ndjson"), format!("{record}\n"));
    assert_eq!(
        dir.json("n.out.ndjson.manifest.json")["subjects"],
        serde_json::json!(["1234567890123456789012345678901234567890"])
    );
}

#[test]
fn a_bom_in_the_middle_is_data_in_csv_and_an_error_in_json() {
    let dir = Dir::new();
    setup(&dir);
    // Only a BOM at the very start of a file is skipped. Later it is a
    // character of a value (U+FEFF), kept as it is; as part of a subject ID
    // it matches no --subject, so scoped disclosures withhold the record,
    // and an unscoped one stops (the ledger would record the person under
    // an ID that an accounting by the plain ID misses).
    let csv = "\u{feff}person_id,name,offense\nP-1,\u{feff}Ann,x\nP-2,Bo,y\n";
    dir.write("bom.csv", csv);
    apply(&dir, "bom.csv", "bom.out.csv").success();
    assert_eq!(
        dir.read("bom.out.csv"),
        "person_id,name,offense\nP-1,\u{feff}Ann,x\nP-2,Bo,y\n"
    );
    dir.write("bom2.csv", "person_id,name,offense\n\u{feff}P-2,Bo,y\n");
    apply(&dir, "bom2.csv", "bom2.out.csv")
        .expect_code(2)
        .stderr_has("holds invisible characters");
    rejects(
        &dir,
        "bom.ndjson",
        "{\"person_id\":\"P-1\",\"name\":\"a\",\"offense\":\"x\"}\n\u{feff}{\"person_id\":\"P-2\",\"name\":\"secret-b\",\"offense\":\"y\"}\n".as_bytes(),
        &["record 2 (line 2): invalid JSON: expected a value"],
    );
    rejects(
        &dir,
        "bom.json",
        "[{\"person_id\":\"P-1\",\"name\":\"a\",\"offense\":\"x\"},\n\u{feff}{\"person_id\":\"P-2\",\"name\":\"secret-b\"}]".as_bytes(),
        &["record 2 (line 2): a record must be a JSON object"],
    );
}

#[test]
fn crlf_and_lf_mixed_are_read_and_lines_counted_right() {
    let dir = Dir::new();
    setup(&dir);
    dir.write(
        "mixed.csv",
        "person_id,name,offense\r\nP-1,a,x\nP-2,\"b\r\nc\",y\r\nP-3,d,z\n",
    );
    apply(&dir, "mixed.csv", "mixed.out.csv").success();
    assert_eq!(
        rows(&dir.read("mixed.out.csv")),
        [
            ["person_id", "name", "offense"],
            ["P-1", "a", "x"],
            ["P-2", "b\r\nc", "y"],
            ["P-3", "d", "z"]
        ]
    );
    rejects(
        &dir,
        "mixed-bad.csv",
        b"person_id,name,offense\r\nP-1,a,x\nP-2,\"b\r\nc\",y\r\nP-3,secret-d\r\n",
        &["record 3 (line 5): expected 3 fields, as in the header, found 2"],
    );
    dir.write(
        "mixed.ndjson",
        "{\"person_id\":\"P-1\",\"name\":\"a\",\"offense\":\"x\"}\r\n\r\n{\"person_id\":\"P-2\",\"name\":\"b\",\"offense\":\"y\"}\n",
    );
    apply(&dir, "mixed.ndjson", "mixed.out.ndjson").success();
    assert_eq!(dir.read("mixed.out.ndjson").lines().count(), 2);
    rejects(
        &dir,
        "mixed-bad.ndjson",
        b"{\"person_id\":\"P-1\",\"name\":\"a\",\"offense\":\"x\"}\r\n\r\n{\"person_id\":\"P-2\",\"name\":secret}\n",
        &["record 2 (line 3): invalid JSON"],
    );
}

#[test]
fn quoted_header_names_are_read_as_names() {
    let dir = Dir::new();
    setup(&dir);
    dir.write("q.csv", "\"person_id\",\"name\",\"offense\"\nP-1,a,x\n");
    apply(&dir, "q.csv", "q.out.csv").success();
    assert_eq!(dir.read("q.out.csv"), "person_id,name,offense\nP-1,a,x\n");
    // Quotes, commas and line breaks inside a quoted name are part of it;
    // a name that does not look like a field name (it may be data) is
    // shown by its position.
    rejects(
        &dir,
        "odd.csv",
        b"person_id,\"na,\"\"me\nx\",offense\nP-1,secret-a,x\n",
        &["line 1: field \"<column 2>\" is not classified by the policy"],
    );
}

#[test]
fn empty_files_are_errors_but_for_ndjson_which_has_zero_records() {
    let dir = Dir::new();
    setup(&dir);
    rejects(&dir, "empty.csv", b"", &["line 1: the file is empty"]);
    rejects(&dir, "empty.json", b"", &["line 1: the file is empty"]);
    rejects(&dir, "blank.json", b"\n  \n", &["the file is empty"]);
    // NDJSON has no frame to be missing: no lines is no records, a valid
    // (empty) disclosure, on record in the manifest.
    for (name, text) in [("empty.ndjson", ""), ("blank.ndjson", "\n \r\n\n")] {
        dir.write(name, text);
        let output = format!("out-{name}");
        court_order(&dir, &["-q", "--allow-empty", "-o", &output, name])
            .run()
            .success();
        assert_eq!(dir.read(&output), "");
        let manifest = dir.json(format!("{output}.manifest.json"));
        assert_eq!(manifest["records"]["read"], 0);
        assert_eq!(manifest["inputs"][0]["bytes"], text.len());
    }
    // A JSON array with no records is the same decision, spelt out.
    dir.write("none.json", "[]");
    court_order(
        &dir,
        &["-q", "--allow-empty", "-o", "none.out.json", "none.json"],
    )
    .run()
    .success();
    assert_eq!(dir.read("none.out.json"), "[]\n");
}

#[test]
fn a_header_only_csv_is_zero_records() {
    let dir = Dir::new();
    setup(&dir);
    dir.write("h.csv", "person_id,name,offense\r\n");
    court_order(&dir, &["-q", "--allow-empty", "-o", "h.out.csv", "h.csv"])
        .run()
        .success();
    assert_eq!(dir.read("h.out.csv"), "person_id,name,offense\n");
    assert_eq!(dir.json("h.out.csv.manifest.json")["records"]["read"], 0);
}

#[test]
fn json_that_is_a_scalar_is_an_error() {
    let dir = Dir::new();
    setup(&dir);
    for (i, scalar) in ["42", "\"secret-s\"", "null", "true"].iter().enumerate() {
        rejects(
            &dir,
            &format!("s{i}.json"),
            scalar.as_bytes(),
            &["line 1: a JSON export must be an array of records"],
        );
    }
    rejects(
        &dir,
        "s.ndjson",
        b"{\"person_id\":\"P-1\",\"name\":\"a\",\"offense\":\"x\"}\n\"secret-s\"\n",
        &["record 2 (line 2): a record must be a JSON object, found a string"],
    );
    rejects(
        &dir,
        "array.json",
        b"[{\"person_id\":\"P-1\",\"name\":\"a\",\"offense\":\"x\"}, [\"secret-s\"]]",
        &["record 2 (line 1): a record must be a JSON object"],
    );
}

#[test]
fn a_trailing_partial_ndjson_line_is_an_error_naming_it() {
    let dir = Dir::new();
    setup(&dir);
    rejects(
        &dir,
        "partial.ndjson",
        b"{\"person_id\":\"P-1\",\"name\":\"a\",\"offense\":\"x\"}\n{\"person_id\":\"P-2\",\"name\":\"secret-cut",
        &["record 2 (line 2): invalid JSON: the text ends inside a string"],
    );
    // A last line without its newline is complete, not partial.
    dir.write(
        "last.ndjson",
        "{\"person_id\":\"P-1\",\"name\":\"a\",\"offense\":\"x\"}",
    );
    apply(&dir, "last.ndjson", "last.out.ndjson").success();
}

// ---------------------------------------------------------------------------
// Hostile policies.

/// The shared policy with a text field `notes`, scrubbed with `detectors`,
/// and `extra` TOML at the end.
fn scrub_policy(detectors: &str, extra: &str) -> String {
    let policy = small_policy().replace(
        "offense = { category = \"case\" }",
        "offense = { category = \"case\" }\nnotes = { category = \"case\", kind = \"text\" }",
    );
    with_profile_fields(
        &policy,
        &format!("notes = {{ action = \"scrub\", detectors = {detectors} }}"),
    ) + extra
}

#[test]
fn a_catastrophic_regex_runs_in_linear_time() {
    let dir = Dir::new();
    dir.write(
        "policy.toml",
        scrub_policy(
            "[\"NEST\"]",
            "\n[[scrub.patterns]]\nlabel = \"NEST\"\nregex = '(a+)+$'\n",
        ),
    );
    // The classic backtracking trap: many a's and then something else.
    let trap = format!("{}!", "a".repeat(200_000));
    dir.write(
        "in.csv",
        format!("person_id,name,offense,notes\nP-1,n,x,{trap}\nP-2,n,x,aaaa\n"),
    );
    let start = Instant::now();
    court_order(&dir, &["-o", "out.csv", "in.csv"])
        .run()
        .success();
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "took {:?}",
        start.elapsed()
    );
    let out = rows(&dir.read("out.csv"));
    assert_eq!(out[1][3], trap, "no match: unchanged");
    assert_eq!(out[2][3], "[NEST]");
}

#[test]
fn a_regex_too_large_to_compile_is_an_error_naming_its_key() {
    let dir = Dir::new();
    dir.write(
        "policy.toml",
        scrub_policy(
            "[\"HUGE\"]",
            "\n[[scrub.patterns]]\nlabel = \"HUGE\"\nregex = '((\\w{50}){50}){50}'\n",
        ),
    );
    dir.write("in.csv", "person_id,name,offense,notes\nP-1,n,x,y\n");
    let start = Instant::now();
    court_order(&dir, &["-o", "out.csv", "in.csv"])
        .run()
        .expect_code(2)
        .stderr_has("policy.toml:")
        .stderr_has("scrub.patterns[0].regex: the regex is too large once compiled (limit 16 MiB)");
    assert!(!dir.exists("out.csv"));
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_million_terms_load_and_scrub() {
    let dir = Dir::new();
    let mut terms = String::with_capacity(16_000_000);
    for i in 0..1_000_000 {
        terms.push_str(&format!("clinic {i:07}\n"));
    }
    dir.write("terms.txt", &terms);
    dir.write(
        "policy.toml",
        scrub_policy(
            "[\"PLACE\"]",
            "\n[[scrub.terms]]\nlabel = \"PLACE\"\nterms_file = \"terms.txt\"\n",
        ),
    );
    dir.write(
        "in.csv",
        "person_id,name,offense,notes\nP-1,n,x,Seen at Clinic 0999999 and clinic 0000000x\n",
    );
    let start = Instant::now();
    court_order(&dir, &["-o", "out.csv", "in.csv"])
        .run()
        .success();
    let took = start.elapsed();
    eprintln!("a million terms: {took:?}");
    assert!(took < Duration::from_secs(120), "took {took:?}");
    assert_eq!(
        rows(&dir.read("out.csv"))[1][3],
        "Seen at [PLACE] and clinic 0000000x"
    );
}

#[test]
fn a_label_with_an_unknown_placeholder_is_an_error() {
    for label in ["[{value}]", "[{recipient}]", "[{field]"] {
        let dir = Dir::new();
        dir.write(
            "policy.toml",
            with_setting(&small_policy(), &format!("redaction_label = \"{label}\"")),
        );
        dir.cmd(&["list", "--policy", "policy.toml"])
            .run()
            .expect_code(2)
            .stderr_has("policy.toml:5:19: redaction_label:");
    }
}

#[test]
fn a_ledger_in_a_missing_directory_stops_the_run_before_any_output() {
    let dir = Dir::new();
    setup(&dir);
    dir.write(
        "policy.toml",
        with_setting(&small_policy(), "ledger = \"no/such/dir/l.jsonl\""),
    );
    apply(&dir, "cases.csv", "out.csv")
        .expect_code(2)
        .stderr_has("ledger ./no/such/dir/l.jsonl: directory ./no/such/dir does not exist");
    assert!(!dir.exists("out.csv"));
    assert!(!dir.exists("out.csv.manifest.json"));
    assert!(!dir.exists("no"));
}

#[test]
fn terms_files_cannot_be_the_policy_or_leave_its_directory() {
    let dir = Dir::new();
    let with_terms = |file: &str| {
        format!(
            "{}\n[[scrub.terms]]\nlabel = \"T\"\nterms_file = \"{file}\"\n",
            small_policy()
        )
    };
    dir.write("outside.txt", "Maple Clinic\n");
    dir.mkdir("p/sub");
    std::os::unix::fs::symlink(dir.join("p/p.toml"), dir.join("p/self.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("p/zero.txt")).unwrap();
    for (file, needle) in [
        ("./p.toml", "policy file itself"),
        ("sub/../p.toml", "no absolute paths, no .."),
        ("self.txt", "policy file itself"),
        ("../outside.txt", "no absolute paths, no .."),
        ("/etc/hostname", "no absolute paths, no .."),
        ("sub", "not a regular file"),
        ("zero.txt", "not a regular file"),
    ] {
        dir.write("p/p.toml", with_terms(file));
        dir.cmd(&["list", "--policy", "p/p.toml"])
            .run()
            .expect_code(2)
            .stderr_has("scrub.terms[0].terms_file")
            .stderr_has(needle);
    }
}
