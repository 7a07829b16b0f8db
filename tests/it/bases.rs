//! Legal bases: subject scope, consent, notices; `plan` and `list`.

use crate::util::{Dir, Output, apply_to, county, county_policy, county_profiles, court_order};

/// A court order for the IDs in `subjects.txt`, from `in.csv` to `out.csv`.
fn by_subjects_file(dir: &Dir) -> Output {
    court_order(
        dir,
        &[
            "--reference",
            "CR-1",
            "--subjects-file",
            "subjects.txt",
            "-o",
            "out.csv",
            "in.csv",
        ],
    )
    .run()
}

#[test]
fn subjects_file_narrows_scope_and_reports_missing_ids() {
    let dir = county();
    dir.write(
        "subjects.txt",
        "# the order names\n\n  P-2  \nP-404\n# P-1\n",
    );
    by_subjects_file(&dir).success().stderr_has("P-404");
    let m = dir.json("out.csv.manifest.json");
    assert_eq!(m["subjects"], serde_json::json!(["P-2"]));
    assert_eq!(m["subjects_not_found"], serde_json::json!(["P-404"]));
    assert_eq!(m["records"]["withheld"]["out_of_scope"], 2);
    assert_eq!(dir.read("out.csv").lines().count(), 2);
}

#[test]
fn a_long_list_of_missing_subjects_is_shortened_in_the_warning_not_the_manifest() {
    let dir = county();
    let mut ids: Vec<String> = (0..25).map(|i| format!("Q-{i:03}")).collect();
    ids.push("P-2".into());
    dir.write("subjects.txt", ids.join("\n"));
    by_subjects_file(&dir)
        .success()
        .stderr_has("25 requested subject(s) found in no record: Q-000, Q-001")
        .stderr_has("Q-009 and 15 more (listed in the manifest)")
        .never_says("Q-010");
    let m = dir.json("out.csv.manifest.json");
    assert_eq!(m["subjects"], serde_json::json!(["P-2"]));
    assert_eq!(m["subjects_not_found"].as_array().unwrap().len(), 25);
    assert_eq!(m["subjects_not_found"][24], "Q-024");
}

#[test]
fn a_missing_subjects_file_is_an_error_not_a_refusal() {
    let dir = county();
    court_order(
        &dir,
        &[
            "--reference",
            "CR-1",
            "--subjects-file",
            "nope.txt",
            "-o",
            "out.csv",
            "in.csv",
        ],
    )
    .run()
    .expect_code(2)
    .stderr_has("nope.txt");
    dir.write("only-comments.txt", "# nobody\n\n");
    court_order(
        &dir,
        &[
            "--reference",
            "CR-1",
            "--subjects-file",
            "only-comments.txt",
            "-o",
            "out.csv",
            "in.csv",
        ],
    )
    .run()
    .expect_code(3);
}

#[test]
fn subject_narrows_any_basis() {
    let dir = county();
    apply_to(
        &dir,
        "court",
        "open",
        &["--subject", "P-3", "-o", "out.csv", "in.csv"],
    )
    .run()
    .success();
    assert_eq!(
        dir.json("out.csv.manifest.json")["subjects"],
        serde_json::json!(["P-3"])
    );
}

#[test]
fn consent_needs_a_granted_value_and_an_unexpired_date() {
    let dir = county();
    // Disclosure date 2026-11-27. P-1: yes until 12/31/2026; P-2: no;
    // P-3: "YES " until 11/27/2026 (the very day).
    dir.write(
        "c.csv",
        "\
id,name,consent,expires
P-1,A,yes,12/31/2026
P-2,B,no,12/31/2026
P-3,C,YES ,11/27/2026
P-4,D,y,11/26/2026
P-5,E,true,
P-6,F,True,not a date
P-7,G,,12/31/2026
",
    );
    apply_to(
        &dir,
        "clinic",
        "consent",
        &["--key-file", "key", "-o", "out.csv", "c.csv"],
    )
    .run()
    .success();
    let m = dir.json("out.csv.manifest.json");
    assert_eq!(
        m["records"],
        serde_json::json!({"read": 7, "disclosed": 2, "withheld": {"out_of_scope": 0, "no_consent": 5}})
    );
    assert_eq!(m["subjects"], serde_json::json!(["P-1", "P-3"]));
}

#[test]
fn consent_reads_nested_json_and_booleans() {
    let dir = Dir::new();
    dir.write(
        "p.toml",
        r#"
version = 1
subject_field = "person.id"
[categories]
c = "All"
[fields]
person = { category = "c" }
"consent.ok" = { category = "c" }
"consent.until" = { category = "c", kind = "date" }
[recipients.r]
name = "R"
[bases.b]
consent = { field = "consent.ok", granted = ["true", "yes"], expires_field = "consent.until" }
[[profiles]]
recipient = "r"
basis = "b"
[profiles.categories]
c = "keep"
"#,
    );
    dir.write(
        "in.ndjson",
        concat!(
            "{\"person\":{\"id\":\"P-1\"},\"consent\":{\"ok\":true,\"until\":\"2026-11-27\"}}\n",
            "{\"person\":{\"id\":\"P-2\"},\"consent\":{\"ok\":false,\"until\":\"2027-01-01\"}}\n",
            "{\"person\":{\"id\":\"P-3\"},\"consent\":{\"ok\":\"Yes\",\"until\":\"2026-11-26\"}}\n",
            "{\"person\":{\"id\":\"P-4\"}}\n",
        ),
    );
    dir.cmd(&[
        "apply",
        "--policy",
        "p.toml",
        "--to",
        "r",
        "--basis",
        "b",
        "--subject",
        "P-1",
        "--subject",
        "P-2",
        "--subject",
        "P-3",
        "-o",
        "out.ndjson",
        "in.ndjson",
    ])
    .run()
    .success();
    let m = dir.json("out.ndjson.manifest.json");
    assert_eq!(
        m["records"],
        serde_json::json!({"read": 4, "disclosed": 1, "withheld": {"out_of_scope": 1, "no_consent": 2}})
    );
    assert_eq!(m["subjects"], serde_json::json!(["P-1"]));
}

#[test]
fn category_notices_accompany_only_disclosed_categories() {
    let dir = county();
    apply_to(
        &dir,
        "clinic",
        "consent",
        &[
            "--key-file",
            "key",
            "--notice-out",
            "notice.txt",
            "-o",
            "out.csv",
            "in.csv",
        ],
    )
    .run()
    .success();
    let m = dir.json("out.csv.manifest.json");
    assert_eq!(m["notice"], "SUD notice: no further disclosure.");
    assert_eq!(
        dir.read("notice.txt"),
        "SUD notice: no further disclosure.\n"
    );
    assert_eq!(
        m["categories_disclosed"],
        serde_json::json!(["ident", "sud"])
    );
    // Without the category in the input, its notice does not apply.
    dir.write(
        "nosud.csv",
        "id,name,consent,expires\nP-1,A,yes,12/31/2026\n",
    );
    apply_to(
        &dir,
        "clinic",
        "consent",
        &["--key-file", "key", "-o", "out2.csv", "nosud.csv"],
    )
    .run()
    .success();
    assert_eq!(
        dir.json("out2.csv.manifest.json")["notice"],
        serde_json::Value::Null
    );
}

#[test]
fn two_profiles_for_one_pair_are_invalid() {
    let dir = Dir::new();
    let twice = format!(
        "{}\n[[profiles]]\nrecipient = [\"clinic\", \"court\"]\nbasis = \"open\"\n",
        county_profiles()
    );
    dir.write("p.toml", county_policy(&twice));
    dir.cmd(&["list", "--policy", "p.toml"])
        .run()
        .expect_code(2)
        .stderr_has("profiles[2]")
        .stderr_has("\"court\"");
}

#[test]
fn plan_json_lists_every_field_with_the_action_apply_uses() {
    let dir = county();
    let out = dir
        .cmd(&[
            "plan",
            "--policy",
            "policy.toml",
            "--to",
            "court",
            "--basis",
            "order",
            "--json",
        ])
        .run()
        .success();
    let plan = out.stdout_json();
    assert_eq!(
        plan["basis"]["requires"],
        serde_json::json!(["reference", "subjects"])
    );
    let fields = plan["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 10);
    let ssn = fields.iter().find(|f| f["field"] == "ssn").unwrap();
    assert_eq!(ssn["action"], "mask");
    assert_eq!(ssn["parameters"]["keep_last"], 4);
    assert_eq!(ssn["source"], "field");
    let program = fields.iter().find(|f| f["field"] == "program").unwrap();
    assert_eq!(
        (program["action"].as_str(), program["source"].as_str()),
        (Some("drop"), Some("default"))
    );
    let text = dir
        .cmd(&[
            "plan",
            "--policy",
            "policy.toml",
            "--to",
            "court",
            "--basis",
            "order",
        ])
        .run()
        .success()
        .stdout();
    assert!(
        text.contains("default drop") && text.contains("--reference"),
        "{text}"
    );
    dir.cmd(&[
        "plan",
        "--policy",
        "policy.toml",
        "--to",
        "clinic",
        "--basis",
        "order",
    ])
    .run()
    .expect_code(3);
}

#[test]
fn plan_and_apply_agree_for_every_fixture_profile() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let list = dir
        .cmd(&["list", "--policy", "fixtures/policy.toml", "--json"])
        .run()
        .success()
        .stdout_json();
    let profiles = list["profiles"].as_array().unwrap();
    assert!(profiles.len() >= 4);
    for (i, p) in profiles.iter().enumerate() {
        let (r, b) = (
            p["recipient"].as_str().unwrap(),
            p["basis"].as_str().unwrap(),
        );
        let plan = dir
            .cmd(&[
                "plan",
                "--policy",
                "fixtures/policy.toml",
                "--to",
                r,
                "--basis",
                b,
                "--json",
            ])
            .run()
            .success()
            .stdout_json();
        let out = format!("out{i}.csv");
        dir.cmd(&[
            "apply",
            "--policy",
            "fixtures/policy.toml",
            "--to",
            r,
            "--basis",
            b,
            "--reference",
            "CR-1",
            "--justification",
            "test",
            "--findings",
            "test",
            "--subjects-file",
            "fixtures/subjects.txt",
            "--key-file",
            "fixtures/demo.key",
            "-q",
            "-o",
            &out,
            "fixtures/cases.csv",
        ])
        .run()
        .success();
        let manifest = dir.json(format!("{out}.manifest.json"));
        for f in manifest["fields"].as_array().unwrap() {
            let planned = plan["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["field"] == f["field"])
                .unwrap();
            assert_eq!(
                planned["action"], f["action"],
                "{r}:{b} field {}",
                f["field"]
            );
        }
    }
}

#[test]
fn list_shows_recipients_bases_and_profiles() {
    let dir = county();
    let list = dir
        .cmd(&["list", "--policy", "policy.toml", "--json"])
        .run()
        .success()
        .stdout_json();
    assert_eq!(list["recipients"][0]["id"], "court");
    assert_eq!(
        list["bases"][0]["requires"],
        serde_json::json!(["reference", "subjects"])
    );
    assert_eq!(list["profiles"].as_array().unwrap().len(), 4);
    let text = dir
        .cmd(&["list", "--policy", "policy.toml"])
        .run()
        .success()
        .stdout();
    assert!(
        text.contains("Test Court") && text.contains("consent (consent)"),
        "{text}"
    );
}

#[test]
fn list_shows_each_category_with_its_description() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let list = dir
        .cmd(&["list", "--policy", "fixtures/policy.toml", "--json"])
        .run()
        .success()
        .stdout_json();
    let categories = list["categories"].as_array().unwrap();
    let substance = categories
        .iter()
        .find(|c| c["id"] == "substance_use")
        .expect("substance_use listed");
    assert_eq!(
        substance["description"],
        "Substance use disorder treatment records"
    );
    assert_eq!(substance["notice"], true);
    let text = dir
        .cmd(&["list", "--policy", "fixtures/policy.toml"])
        .run()
        .success()
        .stdout();
    assert!(text.contains("Medical and psychological records"), "{text}");
}
