//! No silent wrong disclosures: requests for people no record speaks of,
//! runs that disclose nothing, fields whose values cannot be processed,
//! placeholders left in a policy, exports in another shape or encoding,
//! previews that promise what a run would not do. Each refusal writes
//! nothing: no output, manifest or ledger entry.

use crate::util::{Dir, court_order, fixture, setup};

/// Nothing of a refused or failed run is left in the directory.
#[track_caller]
fn nothing_written(dir: &Dir) {
    for name in ["out.csv", "out.csv.manifest.json", "ledger.jsonl"] {
        assert!(!dir.exists(name), "{name} was written");
    }
}

// ---- subjects --------------------------------------------------------

#[test]
fn a_subject_found_in_no_record_is_refused_and_nothing_is_written() {
    let dir = Dir::new();
    setup(&dir);
    court_order(
        &dir,
        &[
            "--subject",
            "P-12345",
            "--ledger",
            "ledger.jsonl",
            "-o",
            "out.csv",
            "cases.csv",
        ],
    )
    .run()
    .expect_code(3)
    .stderr_has("refused: none of the 1 requested subject(s) is in any record read: P-12345")
    .stderr_has("nothing was written")
    .never_says("Disclosed");
    nothing_written(&dir);
    // Asked for on purpose, an empty disclosure is made and recorded.
    court_order(
        &dir,
        &[
            "--allow-empty",
            "--subject",
            "P-12345",
            "-o",
            "out.csv",
            "cases.csv",
        ],
    )
    .run()
    .success();
    assert_eq!(
        dir.json("out.csv.manifest.json")["subjects_not_found"],
        serde_json::json!(["P-12345"])
    );
}

#[test]
fn a_subject_in_the_wrong_case_is_not_found_with_a_hint_that_names_only_the_request() {
    let dir = Dir::new();
    setup(&dir);
    court_order(&dir, &["--subject", "p-2", "-o", "out.csv", "cases.csv"])
        .run()
        .expect_code(3)
        .stderr_has("p-2")
        .stderr_has("only when letter case is ignored")
        .never_says("P-2");
    nothing_written(&dir);
}

#[test]
fn two_ids_in_one_subject_or_one_line_are_an_error_that_never_echoes_the_line() {
    let dir = Dir::new();
    setup(&dir);
    court_order(
        &dir,
        &["--subject", "P-1 P-2", "-o", "out.csv", "cases.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("--subject value 1: the ID contains white space, a comma")
    .stderr_has("one ID a line");
    dir.write("subjects.txt", "P-1, P-2\n");
    court_order(
        &dir,
        &[
            "--subjects-file",
            "subjects.txt",
            "-o",
            "out.csv",
            "cases.csv",
        ],
    )
    .run()
    .expect_code(2)
    .stderr_has("subjects file subjects.txt, line 1: the ID contains white space, a comma")
    .never_says("P-1, P-2");
    // A badly cut file: a fragment of a case note is never printed.
    dir.write("subjects.txt", "P-1\nstated he was at his mother's house\n");
    court_order(
        &dir,
        &[
            "--subjects-file",
            "subjects.txt",
            "-o",
            "out.csv",
            "cases.csv",
        ],
    )
    .run()
    .expect_code(2)
    .stderr_has("line 2")
    .never_says("mother");
    nothing_written(&dir);
}

#[test]
fn a_byte_order_mark_at_the_start_of_the_subjects_file_is_ignored() {
    let dir = Dir::new();
    setup(&dir);
    dir.write(
        "subjects.txt",
        "\u{feff}P-1\r\n  P-3  \r\n# a comment\r\n\r\n",
    );
    court_order(
        &dir,
        &[
            "--subjects-file",
            "subjects.txt",
            "-o",
            "out.csv",
            "cases.csv",
        ],
    )
    .run()
    .success()
    .never_says("not found")
    .never_says("\u{feff}");
    let manifest = dir.json("out.csv.manifest.json");
    assert_eq!(manifest["subjects"], serde_json::json!(["P-1", "P-3"]));
    assert_eq!(manifest["subjects_not_found"], serde_json::json!([]));
}

#[test]
fn some_subjects_missing_warn_and_require_all_subjects_refuses() {
    let dir = Dir::new();
    setup(&dir);
    court_order(
        &dir,
        &[
            "--subject",
            " P-1 ",
            "--subject",
            "P-9",
            "-o",
            "out.csv",
            "cases.csv",
        ],
    )
    .run()
    .success()
    .stderr_has("1 requested subject(s) found in no record: P-9")
    .stderr_has("not found: P-9");
    assert_eq!(
        dir.json("out.csv.manifest.json")["subjects_not_found"],
        serde_json::json!(["P-9"])
    );
    std::fs::remove_file(dir.join("out.csv")).unwrap();
    std::fs::remove_file(dir.join("out.csv.manifest.json")).unwrap();
    court_order(
        &dir,
        &[
            "--subject",
            "P-1",
            "--subject",
            "P-9",
            "--require-all-subjects",
            "-o",
            "out.csv",
            "cases.csv",
        ],
    )
    .run()
    .expect_code(3)
    .stderr_has("--require-all-subjects: 1 of the 2 requested subject(s) found in no record: P-9");
    nothing_written(&dir);
}

// ---- nothing to disclose ----------------------------------------------

#[test]
fn a_run_that_discloses_no_record_is_refused_unless_allow_empty() {
    let dir = Dir::new();
    setup(&dir);
    dir.write("cases.csv", "person_id,name,offense\n");
    court_order(
        &dir,
        &["--ledger", "ledger.jsonl", "-o", "out.csv", "cases.csv"],
    )
    .run()
    .expect_code(3)
    .stderr_has("the disclosure would contain no record (0 read")
    .stderr_has("--allow-empty");
    nothing_written(&dir);
    court_order(
        &dir,
        &[
            "--allow-empty",
            "--ledger",
            "ledger.jsonl",
            "-o",
            "out.csv",
            "cases.csv",
        ],
    )
    .run()
    .success();
    assert_eq!(dir.json("out.csv.manifest.json")["records"]["disclosed"], 0);
    assert_eq!(dir.read("ledger.jsonl").lines().count(), 1);
}

// ---- unprocessable values ----------------------------------------------

/// The small policy with a `dob` date field (ISO unless `format`) that
/// the profile generalizes to the year.
fn dob_policy(format: &str) -> String {
    fixture("small.toml")
        .replace(
            "offense = { category = \"case\" }",
            &format!("offense = {{ category = \"case\" }}\ndob = {{ category = \"identifiers\", kind = \"date\"{format} }}"),
        )
        .replace(
            "[profiles.categories]",
            "[profiles.fields]\ndob = { action = \"generalize\", to = \"year\" }\n[profiles.categories]",
        )
}

#[test]
fn a_field_none_of_whose_values_can_be_processed_fails_the_run() {
    let dir = Dir::new();
    dir.write("policy.toml", dob_policy(""));
    // US dates, but the policy says ISO (the default).
    dir.write(
        "cases.csv",
        "person_id,name,dob,offense\nP-1,Ann Lee,10/14/1964,theft\nP-2,Bo Kim,03/02/1971,fraud\n",
    );
    court_order(
        &dir,
        &["--ledger", "ledger.jsonl", "-o", "out.csv", "cases.csv"],
    )
    .run()
    .expect_code(2)
    .stderr_has("field \"dob\": none of its 2 values could be processed")
    .stderr_has("format")
    .never_says("10/14/1964");
    nothing_written(&dir);
}

#[test]
fn some_unprocessable_values_are_shown_in_the_summary_per_field() {
    let dir = Dir::new();
    dir.write("policy.toml", dob_policy(""));
    dir.write(
        "cases.csv",
        "person_id,name,dob,offense\nP-1,Ann Lee,1964-10-14,theft\nP-2,Bo Kim,03/02/1971,fraud\n",
    );
    let out = court_order(&dir, &["--json", "-o", "out.csv", "cases.csv"])
        .run()
        .success()
        .stderr_has("unprocessable: dob 1");
    assert_eq!(
        out.stdout_json()["unprocessable"],
        serde_json::json!({"dob": 1})
    );
}

#[test]
fn check_reports_unprocessable_values_as_findings() {
    let dir = Dir::new();
    dir.write("policy.toml", dob_policy(""));
    dir.write(
        "cases.csv",
        "person_id,name,dob,offense\nP-1,Ann Lee,1964-10-14,theft\nP-2,Bo Kim,03/02/1971,fraud\n",
    );
    let out = dir
        .cmd(&["check", "--policy", "policy.toml", "--json", "cases.csv"])
        .run()
        .expect_code(1);
    let findings = out.stdout_json()["findings"].clone();
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "unprocessable" && f["field"] == "dob"),
        "{findings}"
    );
    dir.cmd(&["check", "--policy", "policy.toml", "cases.csv"])
        .run()
        .expect_code(1)
        .expect_stdout_contains("unprocessable");
}

// ---- no ledger -------------------------------------------------------------

#[test]
fn a_disclosure_without_a_ledger_warns_that_only_its_manifest_records_it() {
    let dir = Dir::new();
    setup(&dir);
    court_order(&dir, &["-o", "out.csv", "cases.csv"])
        .run()
        .success()
        .stderr_has("no ledger: disclosure")
        .stderr_has("is recorded only in its manifest out.csv.manifest.json");
    court_order(
        &dir,
        &["--ledger", "ledger.jsonl", "-o", "l.csv", "cases.csv"],
    )
    .run()
    .success()
    .never_says("no ledger");
    dir.cmd(&["check", "--policy", "policy.toml"])
        .run()
        .success()
        .stderr_has("no ledger: the policy names none");
    dir.cmd(&["check", "--policy", "policy.toml", "--deny-warnings"])
        .run()
        .expect_code(1)
        .expect_stdout_contains("no ledger");
}

// ---- edges -------------------------------------------------------------------

#[test]
fn an_empty_user_without_operator_warns_and_the_manifest_says_unknown() {
    let dir = Dir::new();
    setup(&dir);
    court_order(&dir, &["-o", "out.csv", "cases.csv"])
        .env("USER", "")
        .env_remove("LOGNAME")
        .run()
        .success()
        .stderr_has(
            "USER is not set, so the manifest names the operator \"unknown\"; give --operator NAME",
        );
    assert_eq!(dir.json("out.csv.manifest.json")["operator"], "unknown");
    court_order(&dir, &["--operator", "jdoe", "-o", "b.csv", "cases.csv"])
        .env("USER", "")
        .env_remove("LOGNAME")
        .run()
        .success()
        .never_says("USER is not set");
}
