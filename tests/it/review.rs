//! Attacks of an outside review on the shipped policy
//! (`fixtures/policy.toml`) with small hand-made exports: each test is a
//! way a value reached a place it must not reach.

use crate::util::Dir;

/// A directory with the repository's fixtures (policy, registry, term
/// lists) at its top, and `name` holding `input`.
fn fixtures_with(name: &str, input: &str) -> Dir {
    let dir = Dir::new();
    for entry in std::fs::read_dir(crate::util::fixtures()).expect("fixtures") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
        }
    }
    dir.write(name, input);
    dir
}

/// `apply` of the state auditor's profile (no field of it is scrubbed).
fn audit(dir: &Dir, policy: &str, input: &str) -> crate::util::Output {
    dir.cmd(&[
        "apply",
        "--policy",
        policy,
        "--to",
        "state-auditor",
        "--basis",
        "audit",
        "--reference",
        "A-1",
        "--ledger",
        "audit.ledger",
        "-o",
        "out.json",
        input,
    ])
    .env("DISCLOSE_KEY", "0123456789abcdef0123")
    .run()
}

// A name used as a key is data: it must not be printed or recorded even
// when the profile scrubs nothing (its detectors are then not compiled).
#[test]
fn name_as_key_is_hidden_under_a_profile_without_scrub() {
    let input = r#"[{"person_id":"P-000001","Joshua Mitchell":"x"}]"#;
    let dir = fixtures_with("k.json", input);
    let out = audit(&dir, "policy.toml", "k.json").expect_code(2);
    assert!(!out.all().contains("Mitchell"), "{}", out.dump());
    assert!(out.stderr().contains("<key 2>"), "{}", out.dump());

    let policy =
        dir.read("policy.toml")
            .replacen("unclassified = \"error\"", "unclassified = \"drop\"", 1);
    dir.write("drop.toml", policy);
    let out = audit(&dir, "drop.toml", "k.json").success();
    assert!(!out.all().contains("Mitchell"), "{}", out.dump());
    let manifest = dir.read("out.json.manifest.json");
    assert!(!manifest.contains("Mitchell"), "{manifest}");
    assert!(!dir.read("audit.ledger").contains("Mitchell"));
}

// A name used as a key that is given twice stops the run before the
// policy's detectors see it: the error names its position, not the name.
#[test]
fn duplicate_name_key_or_column_is_named_by_position() {
    let json = r#"[{"person_id":"P-000001","person":{"Joshua Mitchell":1,"Joshua Mitchell":2}}]"#;
    let dir = fixtures_with("d.json", json);
    let out = audit(&dir, "policy.toml", "d.json").expect_code(2);
    assert!(!out.all().contains("Mitchell"), "{}", out.dump());
    assert!(out.stderr().contains("duplicate key"), "{}", out.dump());

    dir.write(
        "d.csv",
        "person_id,Joshua Mitchell,Joshua Mitchell\nP-000001,x,y\n",
    );
    let out = dir
        .cmd(&[
            "apply",
            "--policy",
            "policy.toml",
            "--to",
            "state-auditor",
            "--basis",
            "audit",
            "--reference",
            "A-1",
            "-o",
            "out.csv",
            "d.csv",
        ])
        .env("DISCLOSE_KEY", "0123456789abcdef0123")
        .run()
        .expect_code(2);
    assert!(!out.all().contains("Mitchell"), "{}", out.dump());
}

// `check` names the field in which a withheld value appears: a key below
// a kept object that is a person's name is shown by its position.
#[test]
fn check_finding_hides_a_name_key() {
    let json = r#"[{"person_id":"P-000001","person":{"ssn":"425-76-7733"},"case":{"Joshua Mitchell":"425-76-7733"}}]"#;
    let dir = fixtures_with("c.json", json);
    let out = dir
        .cmd(&["check", "--policy", "policy.toml", "c.json"])
        .run()
        .expect_code(1);
    assert!(!out.all().contains("Mitchell"), "{}", out.dump());
    assert!(out.stdout().contains("case.<key 1>"), "{}", out.dump());
}

// A sealed record stays home whatever shape or spelling its flag has: an
// array holding a listed value, an object (a flag that cannot be read),
// full-width letters, a zero-width space.
#[test]
fn sealed_flag_in_other_shapes_and_spellings_withholds() {
    for flag in [
        r#"["true"]"#,
        r#"[["y"]]"#,
        r#"{"v":"true"}"#,
        r#""ｔｒｕｅ""#,
        r#""yes\u200b""#,
        r#""\u00a0Y\u2060""#,
    ] {
        let input = format!(
            r#"[{{"person_id":"P-000001","case":{{"number":"CR-2024-56348","sealed":{flag}}}}},
{{"person_id":"P-000001","case":{{"number":"CR-2020-11111","sealed":"no"}}}}]"#
        );
        let dir = fixtures_with("w.json", &input);
        let out = dir
            .cmd(&[
                "apply",
                "--policy",
                "policy.toml",
                "--to",
                "district-court",
                "--basis",
                "court-order",
                "--reference",
                "R-1",
                "--subject",
                "P-000001",
                "--ledger",
                "w.ledger",
                "-o",
                "out.json",
                "w.json",
            ])
            .run()
            .success();
        let output = dir.read("out.json");
        assert!(
            !output.contains("CR-2024"),
            "{flag}: {output}\n{}",
            out.dump()
        );
        let manifest = dir.json("out.json.manifest.json");
        assert_eq!(manifest["records"]["withheld"]["sealed"], 1, "{flag}");
    }
}

// A name written in lower case as a CSV header is still a name: it is
// neither printed nor listed in unclassified_dropped.
#[test]
fn lower_case_name_as_header_is_hidden() {
    let dir = fixtures_with("h.csv", "person_id,joshua mitchell\nP-000001,x\n");
    let out = audit(&dir, "policy.toml", "h.csv").expect_code(2);
    assert!(!out.all().contains("mitchell"), "{}", out.dump());

    let policy =
        dir.read("policy.toml")
            .replacen("unclassified = \"error\"", "unclassified = \"drop\"", 1);
    dir.write("drop.toml", policy);
    let out = dir
        .cmd(&[
            "apply",
            "--policy",
            "drop.toml",
            "--to",
            "state-auditor",
            "--basis",
            "audit",
            "--reference",
            "A-1",
            "--ledger",
            "audit.ledger",
            "-o",
            "out.csv",
            "h.csv",
        ])
        .env("DISCLOSE_KEY", "0123456789abcdef0123")
        .run()
        .success();
    assert!(!out.all().contains("mitchell"), "{}", out.dump());
    let manifest = dir.read("out.csv.manifest.json");
    assert!(!manifest.contains("mitchell"), "{manifest}");
}

// A subject ID with a zero-width character or full-width letters is
// another ID in the ledger: an accounting for the plain ID would miss the
// disclosure. Such a record stops the run.
#[test]
fn subject_id_in_another_spelling_stops_the_run() {
    for id in ["P-000001\\u200b", "Ｐ-000001"] {
        let input = format!(r#"[{{"person_id":"{id}","case":{{"number":"CR-1"}}}}]"#);
        let dir = fixtures_with("u.json", &input);
        let out = audit(&dir, "policy.toml", "u.json").expect_code(2);
        assert!(out.stderr().contains("person_id"), "{}", out.dump());
        assert!(!dir.exists("out.json"));
        assert!(!dir.exists("audit.ledger") || dir.read("audit.ledger").is_empty());
    }
}

// White space around a key hides nothing: a CSV flag column `sealed `
// beside the policy's `sealed` stops the run, also under
// `unclassified = "drop"` (it was dropped and its sealed records went out).
#[test]
fn key_with_white_space_around_is_a_look_alike() {
    let dir = fixtures_with(
        "sw.csv",
        "person_id,case_number,sealed \nP-000001,CR-2024-56348,true\n",
    );
    let policy =
        dir.read("policy.toml")
            .replacen("unclassified = \"error\"", "unclassified = \"drop\"", 1);
    dir.write("drop.toml", policy);
    for input in ["sw.csv", "sw.json"] {
        dir.write(
            "sw.json",
            r#"[{"person_id":"P-000001","case":{"number":"CR-2024-56348","sealed\u00a0":"true"}}]"#,
        );
        let out = dir
            .cmd(&[
                "apply",
                "--policy",
                "drop.toml",
                "--to",
                "district-court",
                "--basis",
                "court-order",
                "--reference",
                "R-1",
                "--subject",
                "P-000001",
                "--ledger",
                "w.ledger",
                "-o",
                &format!("out.{}", &input[3..]),
                input,
            ])
            .run()
            .expect_code(2);
        assert!(out.stderr().contains("sealed"), "{}", out.dump());
        assert!(!dir.exists(format!("out.{}", &input[3..])));
    }
}
