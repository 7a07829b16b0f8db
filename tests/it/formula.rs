//! The CSV formula guard: a disclosed CSV cell that begins with = + - @ tab
//! or CR and contains a letter gets a leading `'`, and is counted in the
//! manifest's `csv_formula_guarded`. It applies to every cell written —
//! kept values, redaction labels, masked and scrubbed text — and only to
//! CSV.

use crate::util::{Dir, court_order};

const POLICY: &str = r#"
version = 1
subject_field = "id"
redaction_label = "{label}"
{guard}
[categories]
a = "A"
[fields]
id = { category = "a" }
value = { category = "a" }
secret = { category = "a" }
phone = { category = "a" }
notes = { category = "a", kind = "text" }
"=cmd" = { category = "a" }
[recipients.court]
[bases.order]
[[profiles]]
recipient = "court"
basis = "order"
[profiles.categories]
a = "keep"
[profiles.fields]
secret = "redact"
phone = { action = "mask", keep_last = 4 }
notes = { action = "scrub", detectors = ["phone"] }
"#;

fn dir_with(label: &str, guard: &str) -> Dir {
    let dir = Dir::new();
    dir.write(
        "policy.toml",
        POLICY.replace("{label}", label).replace("{guard}", guard),
    );
    dir
}

/// Apply to `input` (written with `text`); the output rows (header first)
/// and the manifest's count.
fn run(dir: &Dir, input: &str, text: &str, extra: &[&str]) -> (Vec<Vec<String>>, u64) {
    dir.write(input, text);
    let output = format!("out-{input}");
    court_order(dir, &["-q", "-o", &output])
        .args(extra)
        .arg(input)
        .run()
        .success();
    let count = dir.json(format!("{output}.manifest.json"))["csv_formula_guarded"]
        .as_u64()
        .unwrap();
    let body = dir.read(&output);
    let rows = if input.ends_with(".csv") {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    } else {
        vec![vec![body]]
    };
    (rows, count)
}

/// A CSV of `value` cells, one a row.
fn values_csv(values: &[&str]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["id", "value"]).unwrap();
    for (i, v) in values.iter().enumerate() {
        out.write_record([format!("P-{i}").as_str(), v]).unwrap();
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

#[test]
fn every_trigger_character_is_guarded_and_counted() {
    let dir = dir_with("[REDACTED]", "");
    let triggers = [
        "=SUM(A1)",
        "+cmd|' /C calc'!A0",
        "-x1",
        "@import",
        "\tTab",
        "\rCR",
        "=é",
    ];
    let (rows, count) = run(&dir, "t.csv", &values_csv(&triggers), &[]);
    for (i, t) in triggers.iter().enumerate() {
        assert_eq!(rows[i + 1][1], format!("'{t}"), "{t:?}");
    }
    assert_eq!(count, triggers.len() as u64);
    // The switch turns it off for one run.
    let (rows, count) = run(
        &dir,
        "t2.csv",
        &values_csv(&triggers),
        &["--no-csv-formula-guard"],
    );
    assert_eq!(rows[1][1], "=SUM(A1)");
    assert_eq!(count, 0);
}

#[test]
fn cells_without_a_letter_are_exempt() {
    let dir = dir_with("[REDACTED]", "");
    let exempt = [
        "-3.5",
        "+1 509 555 0133",
        "=1+2",
        "-",
        "@",
        "",
        "-١٢٣",
        "x=SUM(A1)",
        " =SUM(A1)",
    ];
    let (rows, count) = run(&dir, "e.csv", &values_csv(&exempt), &[]);
    for (i, e) in exempt.iter().enumerate() {
        assert_eq!(rows[i + 1][1], *e, "{e:?}");
    }
    assert_eq!(count, 0);
}

#[test]
fn redaction_labels_masks_and_scrubbed_text_are_guarded_too() {
    let dir = dir_with("=REDACTED({field})", "");
    let text = "id,secret,phone,notes\n\
        P-1,s3cret,-abcdef,-call 614-555-0182 now\n\
        P-2,,+1 (614) 555-0182,=614-555-0182\n\
        P-3,x,1234,plain note\n";
    let (rows, count) = run(&dir, "l.csv", text, &[]);
    assert_eq!(
        rows[1],
        [
            "P-1",
            "'=REDACTED(secret)",
            "'-**cdef",
            "'-call [PHONE] now"
        ]
    );
    // The label went in: "=[PHONE]" has letters now, "=614-555-0182" had
    // none. A mask without letters left passes.
    assert_eq!(
        rows[2],
        [
            "P-2",
            "'=REDACTED(secret)",
            "+* (***) ***-0182",
            "'=[PHONE]"
        ]
    );
    assert_eq!(rows[3], ["P-3", "'=REDACTED(secret)", "****", "plain note"]);
    assert_eq!(count, 6);
}

#[test]
fn json_output_is_never_guarded() {
    let dir = dir_with("=REDACTED({field})", "");
    let (rows, count) = run(
        &dir,
        "j.ndjson",
        "{\"id\":\"P-1\",\"value\":\"=SUM(A1)\",\"secret\":\"s\",\"notes\":\"-call now\"}\n",
        &[],
    );
    assert_eq!(
        rows[0][0],
        "{\"id\":\"P-1\",\"value\":\"=SUM(A1)\",\"secret\":\"=REDACTED(secret)\",\"notes\":\"-call now\"}\n"
    );
    assert_eq!(count, 0);
}

/// Header names are not guarded: a column is written only when its name is
/// a field of the policy, so the names come from the policy's author, not
/// from the export, and a recipient's tools match columns by these names.
#[test]
fn header_names_come_from_the_policy_and_are_not_guarded() {
    let dir = dir_with("[REDACTED]", "");
    let (rows, count) = run(&dir, "h.csv", "id,=cmd\nP-1,=cmd\n", &[]);
    assert_eq!(rows[0], ["id", "=cmd"]);
    assert_eq!(rows[1], ["P-1", "'=cmd"]);
    assert_eq!(count, 1);
    // An export cannot bring a header of its own: unclassified columns stop
    // the run (or are dropped).
    dir.write("u.csv", "id,=HYPERLINK(\"x\")\nP-1,a\n");
    court_order(&dir, &["-o", "u.out.csv", "u.csv"])
        .run()
        .expect_code(2)
        .stderr_has("is not classified by the policy");
}

#[test]
fn the_policy_can_turn_the_guard_off() {
    let dir = dir_with("[REDACTED]", "csv_formula_guard = false");
    let (rows, count) = run(&dir, "off.csv", &values_csv(&["=SUM(A1)", "@x"]), &[]);
    assert_eq!(rows[1][1], "=SUM(A1)");
    assert_eq!(rows[2][1], "@x");
    assert_eq!(count, 0);
}
