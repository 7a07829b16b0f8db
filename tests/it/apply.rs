//! `apply`: actions, keys, output modes, manifest.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::util::{
    COUNTY_KEY, apply_to, county, county_csv, court_order, default_county_policy, with_setting,
};

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn pseudonym(key: &[u8], domain: &str, value: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(format!("{domain}\0{value}").as_bytes());
    format!("PSN-{}", &hex::encode(mac.finalize().into_bytes())[..16])
}

fn rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn keep_drop_redact_mask_generalize_on_csv() {
    let dir = county();
    apply_to(&dir, "court", "open", &["-o", "out.csv", "in.csv"])
        .run()
        .success();
    let out = dir.read("out.csv");
    assert!(
        out.starts_with("id,name,ssn,dob,score,notes,diagnosis\n"),
        "{out}"
    );
    let rows = rows(&out);
    assert_eq!(
        rows[0],
        [
            "P-1",
            "José Núñez",
            "***-**-6789",
            "1985",
            "30-39",
            "Met at home",
            "<med:diagnosis>"
        ]
    );
    assert_eq!(
        rows[1],
        [
            "P-2",
            "Ana Ruiz",
            "***-**-4321",
            "1990",
            "0-9",
            "Called, twice",
            "<med:diagnosis>"
        ]
    );
    // Empty values stay empty, except under redact.
    assert_eq!(rows[2], ["P-3", "Bo Li", "", "", "", "", "<med:diagnosis>"]);
    let m = dir.json("out.csv.manifest.json");
    let field = |name: &str| {
        m["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(field("ssn")["action"], "mask");
    assert_eq!(field("ssn")["changed"], 2);
    assert_eq!(field("diagnosis")["changed"], 3);
    assert_eq!(field("program")["action"], "drop");
    assert_eq!(
        field("program")["changed"],
        3,
        "drop counts the values removed"
    );
    assert_eq!(field("name")["changed"], 0);
    assert_eq!(
        m["categories_disclosed"],
        serde_json::json!(["crim", "ident"])
    );
}

#[test]
fn pseudonyms_are_hmac_sha256_of_domain_and_value() {
    let dir = county();
    apply_to(
        &dir,
        "clinic",
        "consent",
        &["--key-file", "key", "-o", "a.csv", "in.csv"],
    )
    .run()
    .success();
    let rows = rows(&dir.read("a.csv"));
    assert_eq!(
        rows[0][0],
        pseudonym(COUNTY_KEY.as_bytes(), "person", "P-1")
    );
    // The same key and value give the same pseudonym in another run and
    // another file, with the key from the environment.
    dir.write("b.csv", "id,name\nP-1,X\n");
    apply_to(
        &dir,
        "clinic",
        "consent",
        &["--allow-empty", "-o", "b.out.csv", "b.csv"],
    )
    .env("DISCLOSE_KEY", COUNTY_KEY)
    .run()
    .expect_code(0);
    let m = dir.json("a.csv.manifest.json");
    let mut mac = Hmac::<Sha256>::new_from_slice(COUNTY_KEY.as_bytes()).unwrap();
    mac.update(b"disclose key fingerprint");
    assert_eq!(
        m["key_fingerprint"],
        hex::encode(mac.finalize().into_bytes())[..16]
    );
    for file in ["a.csv", "a.csv.manifest.json"] {
        assert!(!dir.read(file).contains(COUNTY_KEY), "{file} holds the key");
    }
}

#[test]
fn pseudonymize_needs_a_long_enough_key() {
    let dir = county();
    apply_to(&dir, "clinic", "consent", &["-o", "a.csv", "in.csv"])
        .run()
        .expect_code(2)
        .stderr_has("--key-file");
    dir.write("short", "short-key\n");
    apply_to(
        &dir,
        "clinic",
        "consent",
        &["--key-file", "short", "-o", "a.csv", "in.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("at least 16")
    .never_says("short-key");
    assert!(!dir.exists("a.csv"));
}

#[test]
fn unprocessable_values_are_redacted_counted_and_named_without_value() {
    let dir = county();
    dir.write(
        "bad.csv",
        "id,dob,score\nP-1,31/31/1985,seventy\nP-2,01/02/2000,12\n",
    );
    apply_to(&dir, "court", "open", &["-o", "out.csv", "bad.csv"])
        .run()
        .success()
        .stderr_has("record 1 (line 2), field \"dob\"")
        .never_says("31/31/1985")
        .never_says("seventy");
    let rows = rows(&dir.read("out.csv"));
    assert_eq!(rows[0], ["P-1", "<ident:dob>", "<crim:score>"]);
    assert_eq!(rows[1], ["P-2", "2000", "10-19"]);
    let m = dir.json("out.csv.manifest.json");
    let dob = m["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "dob")
        .unwrap();
    assert_eq!(dob["unprocessable"], 1);
    assert!(!dir.read("out.csv.manifest.json").contains("31/31/1985"));
}

#[test]
fn strict_makes_unprocessable_an_error_and_writes_nothing() {
    let dir = county();
    dir.write("bad.csv", "id,dob\nP-1,31/31/1985\n");
    apply_to(
        &dir,
        "court",
        "open",
        &["--strict", "-o", "out.csv", "bad.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("error:")
    .stderr_has("field \"dob\"")
    .never_says("31/31/1985");
    assert_eq!(dir.list("."), ["bad.csv", "in.csv", "key", "policy.toml"]);
}

#[test]
fn refusals_exit_3_and_write_nothing() {
    let dir = county();
    let cases: &[(&str, &str, &[&str])] = &[
        ("nobody", "open", &[]),
        ("court", "nothing", &[]),
        ("clinic", "open", &[]),
        ("court", "order", &["--subject", "P-1"]),
        ("court", "order", &["--reference", "CR-1"]),
        ("court", "safety", &[]),
    ];
    for (recipient, basis, extra) in cases {
        apply_to(&dir, recipient, basis, extra)
            .args(&["-o", "out.csv", "--ledger", "ledger.jsonl", "in.csv"])
            .run()
            .expect_code(3)
            .stderr_has("refused");
        assert!(
            !dir.exists("out.csv")
                && !dir.exists("out.csv.manifest.json")
                && !dir.exists("ledger.jsonl")
        );
    }
    court_order(&dir, &["-o", "o.csv", "in.csv"])
        .run()
        .stderr_has("--reference");
    apply_to(&dir, "court", "safety", &["-o", "o.csv", "in.csv"])
        .run()
        .stderr_has("--justification");
    court_order(&dir, &["--reference", "R", "-o", "o.csv", "in.csv"])
        .run()
        .stderr_has("--subject");
}

#[test]
fn manifest_has_every_key_and_true_hashes() {
    let dir = county();
    let args = [
        "--reference",
        "CR-9",
        "--subject",
        "P-1",
        "--subject",
        "P-2",
        "--subject",
        "P-77",
        "-o",
        "out/court.csv",
        "--manifest",
        "out/m.json",
        "in.csv",
    ];
    court_order(&dir, &args)
        .run()
        .expect_code(2)
        .stderr_has("does not exist");
    std::fs::create_dir(dir.join("out")).unwrap();
    court_order(&dir, &args).run().success().stderr_has("P-77");
    let m = dir.json("out/m.json");
    let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "manifest_version",
            "disclosure_id",
            "created_at",
            "clock",
            "tool",
            "operator",
            "recipient",
            "basis",
            "policy",
            "key_fingerprint",
            "inputs",
            "outputs",
            "records",
            "fields",
            "withholding_index",
            "consents_used",
            "categories_disclosed",
            "scrubbed",
            "subjects",
            "subjects_not_found",
            "unclassified_dropped",
            "csv_formula_guarded",
            "notice",
        ]
    );
    assert_eq!(m["created_at"], "2026-11-27T14:03:00Z");
    assert_eq!(m["operator"], "tester");
    assert_eq!(
        m["recipient"],
        serde_json::json!({"id": "court", "name": "Test Court", "address": "1 Main St", "kind": "court"})
    );
    assert_eq!(m["basis"]["reference"], "CR-9");
    assert_eq!(
        m["inputs"][0]["path"],
        dir.path()
            .canonicalize()
            .unwrap()
            .join("in.csv")
            .display()
            .to_string()
    );
    assert_eq!(
        m["inputs"][0]["sha256"],
        sha256_hex(&dir.read_bytes("in.csv"))
    );
    assert_eq!(m["inputs"][0]["bytes"], dir.read_bytes("in.csv").len());
    assert_eq!(m["inputs"][0]["records"], 3);
    assert_eq!(m["outputs"][0]["path"], "court.csv");
    assert_eq!(
        m["outputs"][0]["sha256"],
        sha256_hex(&dir.read_bytes("out/court.csv"))
    );
    assert_eq!(m["outputs"][0]["records"], 2);
    assert_eq!(
        m["records"],
        serde_json::json!({"read": 3, "disclosed": 2, "withheld": {"out_of_scope": 1, "no_consent": 0}})
    );
    assert_eq!(m["subjects"], serde_json::json!(["P-1", "P-2"]));
    assert_eq!(m["subjects_not_found"], serde_json::json!(["P-77"]));
    let id = m["disclosure_id"].as_str().unwrap();
    assert!(id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        m["notice"],
        "To Test Court (court) under Court order (order) ref CR-9 on 2026-11-27 by Test County Probation."
    );
    // The manifest holds no withheld value.
    let text = dir.read("out/m.json");
    for withheld in [
        "123-45-6789",
        "987-65-4321",
        "03/27/1985",
        "Depression",
        "Bo Li",
    ] {
        assert!(!text.contains(withheld), "manifest holds {withheld}");
    }
}

#[test]
fn manifest_snapshot() {
    let dir = county();
    apply_to(&dir, "court", "open", &["-o", "out.csv", "in.csv"])
        .run()
        .success();
    let text = dir.read("out.csv.manifest.json");
    insta::with_settings!({filters => vec![
        (r#""sha256": "[0-9a-f]{64}""#, r#""sha256": "[sha256]""#),
        (r#""disclosure_id": "[0-9a-f]{32}""#, r#""disclosure_id": "[id]""#),
        (r#""version": "[0-9.]+""#, r#""version": "[version]""#),
        (r#""path": "/[^"]*/"#, r#""path": "[dir]/"#),
    ]}, {
        insta::assert_snapshot!(text);
    });
}

#[test]
fn existing_outputs_need_force_and_inputs_are_never_targets() {
    let dir = county();
    dir.write("out.csv", "precious");
    apply_to(&dir, "court", "open", &["-o", "out.csv", "in.csv"])
        .run()
        .expect_code(2)
        .stderr_has("--force");
    assert_eq!(dir.read("out.csv"), "precious");
    assert!(!dir.exists("out.csv.manifest.json"));
    apply_to(
        &dir,
        "court",
        "open",
        &["--force", "-o", "out.csv", "in.csv"],
    )
    .run()
    .success();
    assert!(dir.read("out.csv").starts_with("id,"));
    let before = dir.read("in.csv");
    apply_to(
        &dir,
        "court",
        "open",
        &["--force", "-o", "in.csv", "in.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("input");
    assert_eq!(dir.read("in.csv"), before);
}

#[test]
fn stdin_and_stdout() {
    let dir = county();
    apply_to(&dir, "court", "open", &["-o", "-", "-"])
        .stdin(county_csv())
        .run()
        .expect_code(2)
        .stderr_has("--format");
    apply_to(&dir, "court", "open", &["--format", "csv", "-o", "-", "-"])
        .stdin(county_csv())
        .run()
        .expect_code(2)
        .stderr_has("--manifest");
    let out = apply_to(
        &dir,
        "court",
        "open",
        &["--format", "csv", "--manifest", "m.json", "-o", "-", "-"],
    )
    .stdin(county_csv())
    .run()
    .success();
    assert!(out.stdout().starts_with("id,name,ssn,dob"));
    let m = dir.json("m.json");
    assert_eq!(m["inputs"][0]["path"], "-");
    assert_eq!(m["outputs"][0]["path"], "-");
    assert_eq!(m["outputs"][0]["sha256"], sha256_hex(out.stdout_bytes()));
}

#[test]
fn failed_run_on_stdout_prints_nothing() {
    let dir = county();
    dir.write("bad.csv", "id,name\nP-1,A\nP-2\n");
    let out = apply_to(
        &dir,
        "court",
        "open",
        &["--manifest", "m.json", "-o", "-", "bad.csv"],
    )
    .run()
    .expect_code(2);
    assert!(out.stdout().is_empty());
    assert!(!dir.exists("m.json"));
}

#[test]
fn out_dir_writes_one_output_per_input_and_one_manifest() {
    let dir = county();
    dir.write(
        "more.ndjson",
        "{\"id\":\"P-9\",\"name\":\"Zoë\",\"ssn\":\"111-22-3333\"}\n",
    );
    apply_to(
        &dir,
        "court",
        "open",
        &["--out-dir", "out", "in.csv", "more.ndjson"],
    )
    .run()
    .success();
    assert_eq!(dir.list("out"), ["in.csv", "manifest.json", "more.ndjson"]);
    assert_eq!(
        dir.read("out/more.ndjson"),
        "{\"id\":\"P-9\",\"name\":\"Zoë\",\"ssn\":\"***-**-3333\"}\n"
    );
    let m = dir.json("out/manifest.json");
    assert_eq!(m["records"]["read"], 4);
    assert_eq!(m["inputs"].as_array().unwrap().len(), 2);
    assert_eq!(m["outputs"][1]["format"], "ndjson");
    apply_to(
        &dir,
        "court",
        "open",
        &["-o", "x.csv", "in.csv", "more.ndjson"],
    )
    .run()
    .expect_code(2)
    .stderr_has("--out-dir");
}

#[test]
fn unclassified_fields_stop_the_run_or_are_dropped_and_named() {
    let dir = county();
    dir.write("extra.csv", "id,name,secret_column\nP-1,A,hidden-value\n");
    apply_to(&dir, "court", "open", &["-o", "out.csv", "extra.csv"])
        .run()
        .expect_code(2)
        .stderr_has("secret_column")
        .never_says("hidden-value");
    assert!(!dir.exists("out.csv"));
    dir.write(
        "policy.toml",
        with_setting(&default_county_policy(), "unclassified = \"drop\""),
    );
    apply_to(&dir, "court", "open", &["-o", "out.csv", "extra.csv"])
        .run()
        .success();
    assert_eq!(dir.read("out.csv"), "id,name\nP-1,A\n");
    assert_eq!(
        dir.json("out.csv.manifest.json")["unclassified_dropped"],
        serde_json::json!(["secret_column"])
    );
}

#[test]
fn formula_guard_prefixes_dangerous_cells() {
    let dir = county();
    dir.write(
        "f.csv",
        "id,name,notes\nP-1,=HYPERLINK(\"x\"),-3.5\nP-2,@SUM(1),+1 509 555 0133\nP-3,\tTab,-rm\n",
    );
    apply_to(&dir, "court", "open", &["-o", "out.csv", "f.csv"])
        .run()
        .success();
    let rows = rows(&dir.read("out.csv"));
    assert_eq!(rows[0][1], "'=HYPERLINK(\"x\")");
    assert_eq!(rows[0][2], "-3.5");
    assert_eq!(rows[1][1], "'@SUM(1)");
    assert_eq!(rows[1][2], "+1 509 555 0133");
    assert_eq!(rows[2][1], "'\tTab");
    assert_eq!(rows[2][2], "'-rm");
    assert_eq!(dir.json("out.csv.manifest.json")["csv_formula_guarded"], 4);
    apply_to(
        &dir,
        "court",
        "open",
        &["--no-csv-formula-guard", "-o", "raw.csv", "f.csv"],
    )
    .run()
    .success();
    assert_eq!(self::rows(&dir.read("raw.csv"))[0][1], "=HYPERLINK(\"x\")");
}

#[test]
fn ledger_entry_follows_a_disclosure() {
    let dir = county();
    apply_to(
        &dir,
        "court",
        "open",
        &["--ledger", "l.jsonl", "-o", "out.csv", "in.csv"],
    )
    .run()
    .success();
    let line = dir.read("l.jsonl");
    let entry: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(entry["seq"], 1);
    assert_eq!(entry["recipient"], "court");
    assert_eq!(entry["records_disclosed"], 3);
    assert_eq!(
        entry["manifest_sha256"],
        sha256_hex(&dir.read_bytes("out.csv.manifest.json"))
    );
    assert_eq!(entry["subjects"], serde_json::json!(["P-1", "P-2", "P-3"]));
}

#[test]
fn json_summary_for_scripts() {
    let dir = county();
    let out = apply_to(
        &dir,
        "court",
        "open",
        &["--json", "-o", "out.csv", "in.csv"],
    )
    .run()
    .success();
    let summary = out.stdout_json();
    assert_eq!(summary["records"]["read"], 3);
    assert_eq!(summary["outputs"][0], "out.csv");
    assert_eq!(summary["manifest"], "out.csv.manifest.json");
    assert_eq!(
        summary["disclosure_id"],
        dir.json("out.csv.manifest.json")["disclosure_id"]
    );
    apply_to(
        &dir,
        "court",
        "open",
        &["--json", "--manifest", "m.json", "-o", "-", "in.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("--json");
    assert!(!dir.exists("m.json"));
    apply_to(
        &dir,
        "court",
        "open",
        &["--json", "--notice-out", "-", "-o", "o2.csv", "in.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("--json");
    assert!(!dir.exists("o2.csv"));
}

#[test]
fn only_one_file_goes_to_standard_output() {
    let dir = county();
    for args in [
        ["-o", "-", "--manifest", "-", "--notice-out", "n.txt"],
        ["-o", "-", "--manifest", "m.json", "--notice-out", "-"],
        ["-o", "o.csv", "--manifest", "-", "--notice-out", "-"],
    ] {
        apply_to(&dir, "court", "open", &args)
            .arg("in.csv")
            .run()
            .expect_code(2)
            .stderr_has("only one of the output, the manifest and the notice");
        assert_eq!(dir.list("."), ["in.csv", "key", "policy.toml"]);
    }
}

#[test]
fn a_bad_ledger_stops_the_run_before_any_output() {
    let dir = county();
    std::fs::create_dir(dir.join("ledger-dir")).unwrap();
    apply_to(
        &dir,
        "court",
        "open",
        &["--ledger", "ledger-dir", "-o", "out.csv", "in.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("not a regular file");
    apply_to(
        &dir,
        "court",
        "open",
        &["--ledger", "no/such/dir/l.jsonl", "-o", "out.csv", "in.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("does not exist");
    apply_to(
        &dir,
        "court",
        "open",
        &["--ledger", "in.csv/l.jsonl", "-o", "out.csv", "in.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("not a directory");
    assert!(!dir.exists("out.csv") && !dir.exists("out.csv.manifest.json"));
}
