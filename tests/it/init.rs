//! `disclose init`: a starter policy from sample exports that loads, lists
//! every field with the right path, guesses no `keep`, discloses nothing,
//! and never repeats a sample's value.

use crate::util::Dir;

/// Values of the first fixture record that must never appear in a policy,
/// a message or a disclosure made with the starter profile.
const SAMPLE_VALUES: &[&str] = &[
    "425-76-7733",
    "Joshua Mitchell",
    "Ghost",
    "10/14/1964",
    "2316 Hudson St",
    "614-555-0185",
    "joshuamitchell10@example.net",
    "CR-2024-56348",
    "PO L. Fitzgerald",
    "methamphetamine",
    "Having weapons while under disability",
];

fn init(dir: &Dir, sample: &str, policy: &str) -> String {
    let out = dir
        .cmd(&["init", sample, "-o", policy])
        .run()
        .success()
        .stderr_has(policy);
    for value in SAMPLE_VALUES {
        out.check_code(0);
        assert!(!out.all().contains(value), "init printed {value:?}");
    }
    let text = dir.read(policy);
    for value in SAMPLE_VALUES {
        assert!(!text.contains(value), "the policy holds {value:?}:\n{text}");
    }
    // A person fills in what init marks REPLACE (apply and plan refuse a
    // policy that still holds one); the tests go on with that policy.
    dir.write(policy, text.replace("\"REPLACE", "\"Filled in"));
    text
}

/// The lines of a policy that are not comments.
fn active(text: &str) -> Vec<&str> {
    text.lines()
        .map(|l| l.split(" #").next().unwrap_or(""))
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .collect()
}

#[test]
fn init_policies_load_for_every_format() {
    let dir = Dir::new();
    dir.copy_fixtures();
    for format in ["csv", "json", "ndjson"] {
        let policy = format!("{format}.toml");
        let text = init(&dir, &format!("fixtures/cases.{format}"), &policy);
        let out = dir
            .cmd(&["list", "--policy", &policy, "--json"])
            .run()
            .success();
        let list = out.json();
        assert_eq!(list["profiles"][0]["recipient"], "example-recipient");
        assert_eq!(list["profiles"][0]["basis"], "example-basis");
        dir.cmd(&["check", "--policy", &policy]).run().check_code(0);

        assert!(text.contains("version = 1\n"), "{text}");
        assert!(text.contains("agency = \""), "{text}");
        assert!(
            text.contains("subject_field = \"person_id\"  # review"),
            "{text}"
        );
        for category in [
            "identifiers",
            "criminal_history",
            "medical",
            "substance_use",
            "employment_education",
            "supervision",
            "administrative",
        ] {
            assert!(
                active(&text)
                    .iter()
                    .any(|l| l.starts_with(&format!("{category} "))),
                "{category} missing"
            );
        }
        assert!(text.contains("[categories.substance_use]\n"), "{text}");
        assert!(text.contains("\n# [[profiles]]\n"), "no example profile");
        for line in active(&text) {
            assert!(!line.contains("\"keep\""), "an active keep: {line}");
        }
        let fields = text
            .lines()
            .filter(|l| l.contains("= { category = "))
            .collect::<Vec<_>>();
        assert!(fields.len() >= 25, "{text}");
        for line in &fields {
            assert!(line.contains("  # review"), "no review mark: {line}");
        }
    }
}

#[test]
fn init_finds_csv_columns_with_kinds_and_categories() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let text = init(&dir, "fixtures/cases.csv", "policy.toml");
    let field = |name: &str| -> String {
        text.lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no field {name}:\n{text}"))
            .to_string()
    };
    assert!(
        field("dob")
            .contains(r#"{ category = "identifiers", kind = "date", format = "%m/%d/%Y" }"#)
    );
    assert!(field("full_name").contains(r#"kind = "name""#));
    assert!(field("address").contains(r#"kind = "address""#));
    assert!(field("risk_score").contains(r#"{ category = "supervision", kind = "number" }"#));
    assert!(field("narrative_notes").contains(r#"{ category = "supervision", kind = "text" }"#));
    assert!(field("ssn").contains(r#"{ category = "identifiers" }"#));
    assert!(field("diagnosis").contains(r#""medical""#));
    assert!(field("drug_test_result").contains(r#""substance_use""#));
    assert!(field("offense").contains(r#""criminal_history""#));
    assert!(field("employer").contains(r#""employment_education""#));
    assert!(field("consent_treatment_sharing").contains(r#""administrative""#));
}

#[test]
fn init_paths_for_nested_json() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let text = init(&dir, "fixtures/cases.json", "policy.toml");
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("= { category = "))
        .map(|l| l.split(" = ").next().unwrap_or("").trim())
        .collect();
    for path in [
        "person_id",
        "\"person.name\"",
        "\"person.aliases\"",
        "\"person.ssn\"",
        "\"charges[].code\"",
        "\"treatment.drug_tests[].result\"",
        "\"supervision.conditions\"",
        "\"notes[].text\"",
    ] {
        assert!(keys.contains(&path), "{path} missing from {keys:?}");
    }
    // Containers are covered by their children, arrays of scalars are one
    // field.
    for path in [
        "\"person\"",
        "\"charges\"",
        "\"charges[]\"",
        "\"person.aliases[]\"",
    ] {
        assert!(!keys.contains(&path), "{path} listed: {keys:?}");
    }

    // Made-up records: a key that is sometimes null is a field of its own;
    // an empty array with nothing below it is a field.
    dir.write(
        "odd.ndjson",
        concat!(
            r#"{"client_id":"C-1","case":{"number":"X"},"tags":[],"codes":[[1,2]]}"#,
            "\n",
            r#"{"client_id":"C-2","case":null,"tags":[]}"#,
            "\n"
        ),
    );
    let text = init(&dir, "odd.ndjson", "odd.toml");
    assert!(text.contains("subject_field = \"client_id\""), "{text}");
    for path in ["case ", "\"case.number\" ", "tags ", "\"codes[]\" "] {
        assert!(
            text.lines().any(|l| l.starts_with(path)),
            "{path} missing:\n{text}"
        );
    }
    dir.cmd(&[
        "apply",
        "--policy",
        "odd.toml",
        "--to",
        "example-recipient",
        "--basis",
        "example-basis",
        "--reference",
        "R-1",
        "--subject",
        "C-2",
        "-o",
        "odd.out.ndjson",
        "odd.ndjson",
    ])
    .run()
    .success();
}

#[test]
fn init_starter_profile_discloses_nothing() {
    let dir = Dir::new();
    dir.copy_fixtures();
    for format in ["csv", "json", "ndjson"] {
        let policy = format!("{format}.toml");
        init(&dir, &format!("fixtures/cases.{format}"), &policy);
        let output = format!("out.{format}");
        let out = dir
            .cmd(&[
                "apply",
                "--policy",
                &policy,
                "--to",
                "example-recipient",
                "--basis",
                "example-basis",
                "--reference",
                "R-1",
                "--subjects-file",
                "fixtures/subjects.txt",
                "--key-file",
                "fixtures/demo.key",
                "-o",
                &output,
                &format!("fixtures/cases.{format}"),
            ])
            .run()
            .success();
        let disclosed = dir.read(&output);
        let manifest = dir.json(format!("{output}.manifest.json"));
        assert_eq!(manifest["records"]["disclosed"], 3, "{}", out.dump());
        assert_eq!(
            manifest["categories_disclosed"],
            serde_json::json!([]),
            "{manifest:#}"
        );
        for field in manifest["fields"].as_array().expect("fields") {
            assert_eq!(field["action"], "drop", "{field}");
        }
        // No value at all: CSV rows are empty, JSON holds only the keys of
        // emptied containers.
        if format == "csv" {
            assert!(
                !disclosed.chars().any(char::is_alphanumeric),
                "csv output:\n{disclosed}"
            );
        } else {
            let records: Vec<serde_json::Value> = if format == "json" {
                serde_json::from_str(&disclosed).expect("JSON output")
            } else {
                disclosed
                    .lines()
                    .map(|l| serde_json::from_str(l).expect("NDJSON line"))
                    .collect()
            };
            assert_eq!(records.len(), 3);
            for record in &records {
                assert_eq!(scalars(record), 0, "{format} output:\n{disclosed}");
            }
        }
        for value in SAMPLE_VALUES.iter().chain(&["P-000001", "P-000004"]) {
            assert!(!disclosed.contains(value), "{value:?} disclosed");
        }
    }
}

/// How many scalars (strings, numbers, booleans, nulls) a JSON value holds.
fn scalars(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Object(map) => map.values().map(scalars).sum(),
        serde_json::Value::Array(items) => items.iter().map(scalars).sum(),
        _ => 1,
    }
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = Dir::new();
    dir.copy_fixtures();
    dir.write("policy.toml", "keep me\n");
    dir.cmd(&["init", "fixtures/cases.csv", "-o", "policy.toml"])
        .run()
        .expect_code(2)
        .stderr_has("policy.toml already exists (use --force to overwrite it)");
    assert_eq!(dir.read("policy.toml"), "keep me\n");
    dir.cmd(&["init", "fixtures/cases.csv", "-o", "policy.toml", "--force"])
        .run()
        .success();
    assert!(
        dir.read("policy.toml")
            .starts_with("# A starter disclosure policy")
    );
    assert_eq!(dir.list("."), ["fixtures", "policy.toml"], "no temp files");

    // Never over a sample, even with --force.
    let before = dir.read("fixtures/cases.csv");
    dir.cmd(&[
        "init",
        "fixtures/cases.csv",
        "-o",
        "fixtures/cases.csv",
        "--force",
    ])
    .run()
    .expect_code(2)
    .stderr_has("is a sample");
    assert_eq!(dir.read("fixtures/cases.csv"), before);
}

#[test]
fn init_writes_to_standard_output_without_output() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let out = dir.cmd(&["init", "fixtures/cases.ndjson"]).run().success();
    assert!(out.stdout().contains("\"notes[].text\""), "{}", out.dump());
    assert_eq!(out.stderr(), "");
    assert_eq!(dir.list("."), ["fixtures"]);
}

#[test]
fn init_errors_name_the_place_not_the_value() {
    let dir = Dir::new();
    dir.write("bad.csv", "id,secret\nA-1,hunter2-value\nA-2\n");
    dir.cmd(&["init", "bad.csv"])
        .run()
        .expect_code(2)
        .stderr_has("bad.csv")
        .stderr_has("line 3")
        .never_says("hunter2-value");
    dir.write(
        "bad.ndjson",
        "{\"id\":\"A-1\",\"secret\":\"hunter2-value\"}\n[1]\n",
    );
    dir.cmd(&["init", "bad.ndjson"])
        .run()
        .expect_code(2)
        .stderr_has("record 2")
        .never_says("hunter2-value");
    dir.cmd(&["init", "-"])
        .run()
        .expect_code(2)
        .stderr_has("standard input");
    dir.write("cases.txt", "id\n1\n");
    dir.cmd(&["init", "cases.txt"])
        .run()
        .expect_code(2)
        .stderr_has("cannot tell the format");
}

#[test]
fn init_warns_about_keys_a_policy_cannot_name() {
    let dir = Dir::new();
    dir.write(
        "odd.json",
        r#"[{"person_id":"P-1","a.b":"hunter2-value","ok":"x"}]"#,
    );
    let out = dir
        .cmd(&["init", "odd.json", "-o", "odd.toml"])
        .run()
        .success()
        .stderr_has("\"a.b\" cannot be named")
        .never_says("hunter2-value");
    out.check_code(0);
    let text = dir.read("odd.toml");
    assert!(!text.contains("\"a.b\" ="), "{text}");
    assert!(text.contains("ok "), "{text}");
    dir.cmd(&["list", "--policy", "odd.toml"]).run().success();
}
