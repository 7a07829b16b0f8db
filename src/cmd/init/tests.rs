//! Tests of the guesses and the rendered starter policy.

use super::*;
use crate::policy::toml_key;
use crate::record::value::Value;

fn survey_of(records: &[&str]) -> Survey {
    let mut survey = Survey::default();
    for r in records {
        match crate::record::value::parse(r.as_bytes()).unwrap() {
            Value::Object(o) => survey.object("", &o),
            _ => panic!("not an object"),
        }
    }
    survey
}

fn paths(survey: &Survey) -> Vec<String> {
    survey.fields().into_iter().map(|f| f.path).collect()
}

#[test]
fn nested_paths_arrays_and_empty_containers() {
    let s = survey_of(&[
        r#"{"id":"1","person":{"name":"A","aliases":["x","y"]},"charges":[{"code":"1","counts":[{"n":1}]}],"case":null,"meds":[],"extra":{}}"#,
        r#"{"id":"2","person":null,"charges":[],"case":{"number":"C"},"meds":[]}"#,
    ]);
    assert_eq!(
        paths(&s),
        [
            "id",
            "person",
            "person.name",
            "person.aliases",
            "charges[].code",
            "charges[].counts[].n",
            "case",
            "meds",
            "extra",
            "case.number",
        ]
    );
}

#[test]
fn unnameable_keys_are_left_out() {
    let s = survey_of(&[r#"{"id":"1","a.b":"x","c":{"":"y"}}"#]);
    assert_eq!(paths(&s), ["id"]);
    assert_eq!(
        s.unnameable.iter().cloned().collect::<Vec<_>>(),
        ["a.b", "c."]
    );
}

#[test]
fn kinds_from_values_and_names() {
    let s = survey_of(&[
        r#"{"dob":"10/14/1964","seen":"2025-01-02","score":43,"full_name":"A B","home_address":"1 Main St","email_address":"a@example.com","note":"one\ntwo"}"#,
        r#"{"dob":"03/02/1970","seen":"2025-02-03","score":"7.5","full_name":"C D","home_address":"2 Main St","email_address":"b@example.com","note":"x"}"#,
    ]);
    let kinds: Vec<(String, &str, Option<&str>)> = s
        .fields()
        .iter()
        .map(|f| {
            let k = guess_kind(&f.path, &f.stats);
            (f.path.clone(), k.kind, k.format)
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("dob".to_string(), "date", Some("%m/%d/%Y")),
            ("seen".to_string(), "date", Some("%Y-%m-%d")),
            ("score".to_string(), "number", None),
            ("full_name".to_string(), "name", None),
            ("home_address".to_string(), "address", None),
            ("email_address".to_string(), "string", None),
            ("note".to_string(), "text", None),
        ]
    );
}

#[test]
fn categories_from_names() {
    let cases = [
        ("ssn", "identifiers"),
        ("person.dob", "identifiers"),
        ("consent_treatment_sharing", "administrative"),
        ("treatment.diagnosis", "medical"),
        ("treatment.status", "substance_use"),
        ("treatment.drug_tests[].result", "substance_use"),
        ("charges[].disposition", "criminal_history"),
        ("employment.employer", "employment_education"),
        ("notes[].text", "supervision"),
        ("riskScore", "supervision"),
        ("created_at", "administrative"),
    ];
    for (path, want) in cases {
        assert_eq!(guess_category(path, "id").0, want, "{path}");
    }
    assert_eq!(guess_category("colour", "id"), ("administrative", None));
    assert_eq!(guess_category("id", "id").0, "identifiers");
}

#[test]
fn subject_by_name_else_first_field_outside_arrays() {
    let found = |paths: &[&str]| -> Vec<SurveyedField> {
        paths
            .iter()
            .map(|p| SurveyedField {
                path: p.to_string(),
                stats: FieldStats::default(),
            })
            .collect()
    };
    assert_eq!(
        guess_subject(&found(&["name", "id", "person.id"])),
        Some(("person.id".to_string(), true))
    );
    assert_eq!(
        guess_subject(&found(&["name", "Client ID"])),
        Some(("Client ID".to_string(), true))
    );
    assert_eq!(
        guess_subject(&found(&["x[].id", "name"])),
        Some(("name".to_string(), false))
    );
}

#[test]
fn toml_keys_are_quoted_when_needed() {
    assert_eq!(toml_key("person_id"), "person_id");
    assert_eq!(toml_key("person.name"), "\"person.name\"");
    assert_eq!(toml_key("Date of \"Birth\""), "\"Date of \\\"Birth\\\"\"");
}
