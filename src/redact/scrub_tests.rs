//! Tests of scrubbing through the redactor: a policy's scrub rules applied
//! to CSV cells and JSON values with each record's own names.

use crate::policy::Policy;

#[test]
fn unknown_detectors_are_policy_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("policy.toml");
    let text = POLICY.replace(
        "notes = \"scrub\"",
        "notes = { action = \"scrub\", detectors = [\"ssn\", \"passport\"] }",
    );
    std::fs::write(&path, text).expect("write policy");
    let err = Policy::load(&path).expect_err("unknown detector");
    let msg = format!("{err:#}");
    assert!(msg.contains("unknown detector \"passport\""), "{msg}");
    assert!(msg.contains("detectors[1]"), "{msg}");
}

#[test]
fn custom_labels_cannot_be_built_in_names_or_labels() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("policy.toml");
    for label in ["NAME", "address", "Ssn", "subject"] {
        let text = POLICY.replace("label = \"PROVIDER\"", &format!("label = \"{label}\""));
        std::fs::write(&path, text).expect("write policy");
        let err = Policy::load(&path).expect_err("built-in label");
        let msg = format!("{err:#}");
        assert!(
            msg.contains("is the name or label of a built-in detector"),
            "{label}: {msg}"
        );
    }
}

const POLICY: &str = r#"
version = 1
subject_field = "id"

[categories]
c = "Everything"

[fields]
id = { category = "c" }
name = { category = "c", kind = "name" }
address = { category = "c", kind = "address" }
notes = { category = "c", kind = "text" }
"person" = { category = "c" }
"person.name" = { category = "c", kind = "name" }
"person.aliases" = { category = "c", kind = "name" }
"log" = { category = "c" }
"log[].text" = { category = "c", kind = "text" }
"tags" = { category = "c", kind = "text" }

[recipients.court]
name = "Court"

[bases.order]
description = "Order"

[scrub]
detectors = ["ssn", "subject", "PROVIDER"]

[[scrub.terms]]
label = "PROVIDER"
terms = ["Sunrise Recovery Services"]

[[profiles]]
recipient = "court"
basis = "order"
[profiles.categories]
c = "keep"
[profiles.fields]
notes = "scrub"
"log[].text" = "scrub"
tags = { action = "scrub", detectors = ["subject"] }
"#;

fn load_policy(dir: &tempfile::TempDir) -> Policy {
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, POLICY).expect("write policy");
    Policy::load(&path).expect("valid policy")
}

#[test]
fn redactor_scrubs_csv_cells_with_the_rows_own_names() {
    use crate::redact::{RecordState, Redactor};
    let dir = tempfile::tempdir().expect("temp dir");
    let policy = load_policy(&dir);
    let plan = crate::plan::Plan::resolve(&policy, "court", "order").expect("plan");
    let redactor = Redactor::new(&plan, None, true).expect("redactor");
    let mut tally = redactor.tally();
    let header: Vec<String> = ["id", "name", "address", "notes"]
        .map(String::from)
        .to_vec();
    let layout = redactor.csv_layout(&header, &mut tally).expect("layout");
    let mut scratch = RecordState::default();
    let mut cells: Vec<String> = Vec::new();
    for row in [
        [
            "P1",
            "Zoë Núñez",
            "9 Oak Rd, Apt 2, Dayton",
            "ZOË at 9 Oak Rd, 123-45-6789",
        ],
        [
            "P2",
            "Ana Ruiz",
            "",
            "Zoë met Ana at Sunrise Recovery Services.",
        ],
        ["P3", "Bo Li", "", "nothing to see"],
    ] {
        redactor
            .csv_row(
                &layout,
                &csv::StringRecord::from(row.to_vec()),
                &mut scratch,
                &mut tally,
                |c| {
                    cells.push(String::from_utf8_lossy(c).into_owned());
                    Ok(())
                },
            )
            .expect("row");
    }
    assert_eq!(cells[3], "[NAME] at [ADDRESS], [SSN]");
    assert_eq!(cells[7], "Zoë met [NAME] at [PROVIDER].");
    assert_eq!(cells[11], "nothing to see");
    let scrubbed: Vec<(&str, u64)> = redactor
        .scrub_labels()
        .iter()
        .map(String::as_str)
        .zip(tally.scrubbed.iter().copied())
        .collect();
    assert_eq!(
        scrubbed,
        [("SSN", 1), ("NAME", 2), ("ADDRESS", 1), ("PROVIDER", 1)]
    );
    let notes = policy.field_index("notes").expect("notes field");
    assert_eq!(tally.fields[notes].changed, 2);
}

#[test]
fn redactor_scrubs_json_strings_and_arrays_with_aliases() {
    use crate::redact::{RecordState, Redactor};
    let dir = tempfile::tempdir().expect("temp dir");
    let policy = load_policy(&dir);
    let plan = crate::plan::Plan::resolve(&policy, "court", "order").expect("plan");
    let redactor = Redactor::new(&plan, None, true).expect("redactor");
    let mut tally = redactor.tally();
    let input = r#"{"id":"P1","person":{"name":"Łukasz Nowak","aliases":["Luke N.","Łukasz Nowak-Kowalski"]},"address":74196,"log":[{"text":"LUKE called; nowak and Kowalski too, SSN 123 45 6789, zip 74196"},{"text":"no match"}],"tags":["Luke","Sunrise Recovery Services","nowak"]}"#;
    let crate::record::value::Value::Object(mut record) =
        crate::record::value::parse(input.as_bytes()).expect("json")
    else {
        panic!("not an object");
    };
    let mut scratch = RecordState::default();
    redactor
        .json_record(&mut record, &mut scratch, &mut tally)
        .expect("record");
    let out = crate::record::value::to_string(&crate::record::value::Value::Object(record));
    assert_eq!(
        out,
        r#"{"id":"P1","person":{"name":"Łukasz Nowak","aliases":["Luke N.","Łukasz Nowak-Kowalski"]},"address":74196,"log":[{"text":"[NAME] called; [NAME] and [NAME] too, SSN [SSN], zip [ADDRESS]"},{"text":"no match"}],"tags":["[NAME]","Sunrise Recovery Services","[NAME]"]}"#
    );
}
