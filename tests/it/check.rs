//! `check`: the CI gate finds planted leaks without printing them.

use crate::util::{Cmd, Dir, county_policy_dir, default_county_policy};

/// `disclose check --policy policy.toml` with `args`, in a [`county_policy_dir`].
fn check(dir: &Dir, args: &[&str]) -> Cmd {
    dir.cmd(&["check", "--policy", "policy.toml"]).args(args)
}

#[test]
fn the_shipped_fixtures_pass_check() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let out = dir
        .cmd(&[
            "check",
            "--policy",
            "fixtures/policy.toml",
            "fixtures/cases.csv",
            "fixtures/cases.json",
            "fixtures/cases.ndjson",
        ])
        .run()
        .success();
    assert!(
        out.stdout().contains("check OK: 0 findings"),
        "{}",
        out.dump()
    );
    assert!(!out.stderr().contains("dead rule"), "{}", out.dump());
    assert!(!out.stderr().contains("nothing checked"), "{}", out.dump());
}

#[test]
fn a_profile_that_withholds_every_record_of_a_sample_is_a_warning() {
    // On 2024-01-01 no consent in the fixtures' registry had been signed:
    // the consent profile discloses nothing, so check has nothing of it to
    // look at.
    let dir = Dir::new();
    dir.copy_fixtures();
    let args = [
        "check",
        "--policy",
        "fixtures/policy.toml",
        "--profile",
        "treatment-provider:consent",
        "fixtures/cases.csv",
    ];
    dir.cmd(&args)
        .epoch(1_704_067_200)
        .run()
        .success()
        .stderr_has("nothing checked: profile treatment-provider:consent withheld every record of 1 sample(s) (fixtures/cases.csv)");
    let json = dir
        .cmd(&args)
        .arg("--json")
        .epoch(1_704_067_200)
        .run()
        .success()
        .stdout_json();
    assert_eq!(
        json["warnings"][0],
        serde_json::json!({"kind": "nothing_checked", "profile": "treatment-provider:consent", "sample": "fixtures/cases.csv"})
    );
}

#[test]
fn a_policy_alone_is_validated() {
    let dir = county_policy_dir();
    check(&dir, &[]).run().success();
    dir.write(
        "bad.toml",
        default_county_policy().replace("keep_last = 4", "keep_last = \"4\""),
    );
    dir.cmd(&["check", "--policy", "bad.toml"])
        .run()
        .expect_code(2)
        .stderr_has("bad.toml:");
}

#[test]
fn a_planted_echo_leak_is_found_and_never_printed() {
    let dir = county_policy_dir();
    // The SSN is masked, but the same SSN sits in the kept notes field.
    dir.write("sample.csv", "id,name,ssn,notes\nP-1,Ann Lee,111-22-3333,plain note\nP-2,Bo Li,444-55-6666,called about 444-55-6666 today\n");
    let out = check(&dir, &["--profile", "court:open", "sample.csv"])
        .run()
        .expect_code(1);
    assert!(out.stdout().contains("court:open"), "{}", out.dump());
    assert!(out.stdout().contains("record 2 (line 3)"), "{}", out.dump());
    assert!(
        out.stdout()
            .contains("field \"ssn\": a value appears in field \"notes\""),
        "{}",
        out.dump()
    );
    let out = out.never_says("444-55-6666").never_says("55-6666");
    let json = dir
        .cmd(&["check", "--policy", "policy.toml", "--json", "sample.csv"])
        .run()
        .expect_code(1);
    let report = json.stdout_json();
    assert_eq!(report["ok"], false);
    let echo: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "echo")
        .collect();
    assert!(echo.iter().any(|f| f["profile"] == "court:open"
        && f["record"] == 2
        && f["field"] == "ssn"
        && f["into"] == "notes"));
    json.never_says("444-55-6666");
    drop(out);
}

#[test]
fn a_dropped_value_in_another_field_is_an_echo_leak() {
    let dir = Dir::new();
    dir.write(
        "p.toml",
        r#"
version = 1
subject_field = "id"
[categories]
c = "C"
[fields]
id = { category = "c" }
victim = { category = "c", kind = "name" }
charge = { category = "c" }
[recipients.r]
name = "R"
[bases.b]
description = "B"
[[profiles]]
recipient = "r"
basis = "b"
[profiles.fields]
id = "keep"
charge = "keep"
"#,
    );
    dir.write(
        "s.json",
        r#"[{"id": "P-1", "victim": "Marisol Vega", "charge": "Assault on Marisol Vega"}]"#,
    );
    let out = dir
        .cmd(&["check", "--policy", "p.toml", "s.json"])
        .run()
        .expect_code(1);
    assert!(
        out.stdout()
            .contains("field \"victim\": a value appears in field \"charge\""),
        "{}",
        out.dump()
    );
    out.never_says("Marisol");
}

#[test]
fn a_planted_detector_leak_is_found_and_never_printed() {
    let dir = county_policy_dir();
    // notes is a kept text field (court keeps crim): an e-mail address in it
    // is a detector finding.
    dir.write(
        "sample.ndjson",
        "{\"id\":\"P-1\",\"notes\":\"write to ann.lee@example.org\"}\n",
    );
    let out = check(&dir, &["--json", "sample.ndjson"])
        .run()
        .expect_code(1);
    let report = out.stdout_json();
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "detector")
        .expect("a detector finding")
        .clone();
    assert_eq!(f["field"], "notes");
    assert_eq!(f["detectors"], serde_json::json!(["EMAIL"]));
    assert_eq!(f["record"], 1);
    out.never_says("ann.lee");
}

#[test]
fn unclassified_sample_fields_are_coverage_findings() {
    let dir = county_policy_dir();
    dir.write("sample.csv", "id,name,shoe_size\nP-1,A,44\n");
    let out = dir
        .cmd(&["check", "--policy", "policy.toml", "--json", "sample.csv"])
        .run()
        .expect_code(1);
    let report = out.stdout_json();
    let coverage: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "coverage")
        .collect();
    assert_eq!(
        coverage.len(),
        1,
        "one finding per sample field, not per profile"
    );
    assert_eq!(coverage[0]["field"], "shoe_size");
    assert_eq!(coverage[0]["sample"], "sample.csv");
}

#[test]
fn rules_for_fields_no_sample_has_are_warnings() {
    let dir = county_policy_dir();
    dir.write("sample.csv", "id,name\nP-1,A\n");
    let out = check(&dir, &["--profile", "court:open", "sample.csv"])
        .run()
        .success();
    assert!(
        out.stderr().contains(
            "dead rule: profile court:open: 3 field(s) that no sample contains have rules (ssn, "
        ),
        "{}",
        out.dump()
    );
    let json = check(&dir, &["--json", "--profile", "court:open", "sample.csv"])
        .run()
        .success()
        .stdout_json();
    assert!(
        json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "dead_rule" && w["field"] == "ssn")
    );
}

#[test]
fn an_unknown_profile_is_refused_as_apply_refuses_it() {
    let dir = county_policy_dir();
    dir.write("sample.csv", "id\nP-1\n");
    check(&dir, &["--profile", "court:nothing", "sample.csv"])
        .run()
        .expect_code(3)
        .stderr_has("legal basis \"nothing\" is not in the policy");
    check(&dir, &["--profile", "court", "sample.csv"])
        .run()
        .expect_code(2)
        .stderr_has("RECIPIENT:BASIS");
}
