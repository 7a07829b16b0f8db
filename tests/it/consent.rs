//! Consent records, withheld records, protected categories and authorities:
//! the consent registry, `[[withhold]]` rules, `allowed_bases`,
//! `--findings`, `{authority}` and the manifest's `withholding_index`.

use crate::util::{Dir, Output};

/// 2026-12-02T14:03:00Z: the day the registry fixtures are written around.
const DEC_2: i64 = 1_796_220_180;

const POLICY: &str = r#"
version = 1
agency = "Test County Probation"
subject_field = "id"
redaction_label = "[REDACTED: {authority}]"

[categories]
ident = "Identifiers"
admin = "Record-keeping"
[categories.health]
description = "Medical"
authority = "45 CFR 164.512"
[categories.sud]
description = "Substance use treatment"
protected_by = "42 CFR part 2"
allowed_bases = ["consent", "part2-order"]
authority = "42 CFR part 2"

[fields]
id = { category = "ident" }
name = { category = "ident", kind = "name" }
ssn = { category = "ident", authority = "5 U.S.C. 552(b)(6)" }
diagnosis = { category = "health" }
program = { category = "sud" }
sealed = { category = "admin" }
"case.sealed" = { category = "admin" }
"case" = { category = "admin" }
person = { category = "ident" }

[recipients.clinic]
name = "Clinic"
kind = "treatment"
[recipients.court]
name = "Court"
kind = "court"

[bases.consent]
description = "With written consent"
consent = { registry = "consents.csv" }
[bases.order]
description = "Court order"
requires = ["reference"]
[bases.part2-order]
description = "Part 2 court order"
requires = ["reference", "findings"]
[bases.sealing-order]
description = "Order to open sealed records"

[[withhold]]
reason = "sealed"
field = "sealed"
values = ["true", "y", "1"]
unless_basis = ["sealing-order"]

[[withhold]]
reason = "sealed"
field = "case.sealed"
values = ["true", "y", "1"]
unless_basis = ["sealing-order"]

[[profiles]]
recipient = "clinic"
basis = "consent"
[profiles.categories]
ident = "keep"
health = "keep"
sud = "keep"

[[profiles]]
recipient = "court"
basis = ["order", "sealing-order"]
[profiles.categories]
ident = "keep"
health = "redact"
sud = "drop"
[profiles.fields]
ssn = { action = "redact", authority = "Ohio R.C. 149.43(A)(1)" }

[[profiles]]
recipient = "court"
basis = "part2-order"
[profiles.categories]
ident = "keep"
sud = "keep"
"#;

const CSV: &str = "id,name,ssn,diagnosis,program,sealed\n\
P-1,Ana Ruiz,123-45-6789,asthma,IOP-ALPHA,\n\
P-2,Bo Chen,234-56-7890,flu,MAT-BETA, Y \n\
P-3,Cy Diaz,345-67-8901,gout,RES-GAMMA,no\n\
P-4,Di Eng,456-78-9012,cold,OUT-DELTA,\n";

const REGISTRY: &str = "consent_id,subject,recipient,bases,categories,purpose,signed,expires,revoked\n\
C-1,P-1,clinic,consent,sud;ident,\"Attendance, results\",2026-11-01,2027-11-01,\n\
C-2,P-1,treatment,consent,health,Referral,2026-12-02,,\n\
C-3,P-3,clinic,consent,*,Everything,2026-01-01,2026-12-01,\n\
C-4,P-4,*,*,sud,Old,2026-01-01,,2026-12-02\n\
C-5,P-4,clinic,consent,ident,New,2026-06-01,2026-12-02,\n\
C-6,P-2,clinic,consent,*,Sealed person,2026-01-01,,\n";

fn setup() -> Dir {
    let dir = Dir::new();
    dir.write("policy.toml", POLICY);
    dir.write("in.csv", CSV);
    dir.write("consents.csv", REGISTRY);
    dir
}

fn apply(dir: &Dir, to: &str, basis: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "apply",
        "--policy",
        "policy.toml",
        "--to",
        to,
        "--basis",
        basis,
        "-o",
        "out.csv",
    ];
    args.extend_from_slice(extra);
    args.push("in.csv");
    dir.cmd(&args).epoch(DEC_2).run()
}

#[test]
fn the_registry_discloses_by_subject_recipient_basis_and_date() {
    let dir = setup();
    apply(&dir, "clinic", "consent", &[])
        .success()
        .never_says("Ana")
        .never_says("IOP-ALPHA");
    let out = dir.read("out.csv");
    // P-1: C-1 (by id) and C-2 (by kind, signed today) are in force.
    // P-2: sealed (the record rule comes before consent).
    // P-3: C-3 expired yesterday. P-4: C-4 revoked today; C-5 expires today.
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "id,name,ssn,diagnosis,program");
    assert_eq!(lines[1], "P-1,Ana Ruiz,123-45-6789,asthma,IOP-ALPHA");
    assert_eq!(
        lines[2],
        "P-4,Di Eng,123-45-6789,[REDACTED: 45 CFR 164.512],[REDACTED: 42 CFR part 2]"
            .replace("123-45-6789", "456-78-9012")
    );
    assert_eq!(lines.len(), 3);
    let m = dir.json("out.csv.manifest.json");
    assert_eq!(m["records"]["withheld"]["sealed"], 1);
    assert_eq!(m["records"]["withheld"]["no_consent"], 1);
    assert_eq!(m["records"]["withheld"]["out_of_scope"], 0);
    assert_eq!(m["consents_used"], serde_json::json!(["C-1", "C-2", "C-5"]));
    assert_eq!(
        m["categories_disclosed"],
        serde_json::json!(["health", "ident", "sud"])
    );
    let index = m["withholding_index"].as_array().unwrap();
    let consent: Vec<(&str, u64)> = index
        .iter()
        .filter(|e| e["rule"] == "consent")
        .map(|e| (e["field"].as_str().unwrap(), e["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(consent, [("diagnosis", 1), ("program", 1)]);
    let program = &m["fields"].as_array().unwrap()[4];
    assert_eq!(program["field"], "program");
    assert_eq!(program["changed"], 1);
}

#[test]
fn json_records_are_redacted_per_category_too() {
    let dir = setup();
    dir.write(
        "in.ndjson",
        "{\"id\":\"P-4\",\"name\":\"Di Eng\",\"program\":\"OUT-DELTA\",\"case\":{\"sealed\":false}}\n\
         {\"id\":\"P-1\",\"name\":\"Ana Ruiz\",\"program\":\"IOP-ALPHA\",\"case\":{\"sealed\":true}}\n",
    );
    dir.cmd(&[
        "apply",
        "--policy",
        "policy.toml",
        "--to",
        "clinic",
        "--basis",
        "consent",
        "-o",
        "out.ndjson",
        "in.ndjson",
    ])
    .epoch(DEC_2)
    .run()
    .success();
    let out = dir.read("out.ndjson");
    assert_eq!(
        out,
        "{\"id\":\"P-4\",\"name\":\"Di Eng\",\"program\":\"[REDACTED: 42 CFR part 2]\",\"case\":{}}\n"
    );
    let m = dir.json("out.ndjson.manifest.json");
    assert_eq!(m["records"]["withheld"]["sealed"], 1);
}

#[test]
fn consents_overrides_the_registry_and_a_bad_row_names_its_line() {
    let dir = setup();
    dir.write(
        "other.csv",
        "consent_id,subject,recipient,bases,categories,purpose,signed,expires,revoked\n\
         C-9,P-3,clinic,consent,*,x,2026-01-01,,\n\
         C-10,P-SECRET,clinic,consent,*,x,01/02/2026,,\n",
    );
    apply(&dir, "clinic", "consent", &["--consents", "other.csv"])
        .expect_code(2)
        .stderr_has("line 3")
        .stderr_has("\"signed\"")
        .never_says("P-SECRET")
        .never_says("01/02/2026");
    assert!(!dir.exists("out.csv"));
    dir.write(
        "other.csv",
        "consent_id,subject,recipient,bases,categories,purpose,signed,expires,revoked\n\
         C-9,P-3,clinic,consent,*,x,2026-01-01,,\n",
    );
    apply(&dir, "clinic", "consent", &["--consents", "other.csv"]).success();
    assert_eq!(
        dir.json("out.csv.manifest.json")["consents_used"],
        serde_json::json!(["C-9"])
    );
    apply(
        &dir,
        "court",
        "order",
        &["--reference", "R", "--consents", "other.csv", "--force"],
    )
    .expect_code(2)
    .stderr_has("takes no consent");
}

#[test]
fn a_sealed_record_is_withheld_unless_the_basis_opens_it() {
    let dir = setup();
    apply(&dir, "court", "order", &["--reference", "R-1"]).success();
    let m = dir.json("out.csv.manifest.json");
    assert_eq!(m["records"]["withheld"]["sealed"], 1);
    assert_eq!(m["records"]["disclosed"], 3);
    assert!(!dir.read("out.csv").contains("P-2"));
    apply(&dir, "court", "sealing-order", &["--force"]).success();
    let m = dir.json("out.csv.manifest.json");
    assert!(m["records"]["withheld"].get("sealed").is_none());
    assert!(dir.read("out.csv").contains("P-2"));
}

#[test]
fn authorities_mark_the_deletion_and_fill_the_index() {
    let dir = setup();
    apply(&dir, "court", "order", &["--reference", "R-1"]).success();
    let out = dir.read("out.csv");
    assert!(
        out.contains(
            "P-1,Ana Ruiz,[REDACTED: Ohio R.C. 149.43(A)(1)],[REDACTED: 45 CFR 164.512]\n"
        )
    );
    let m = dir.json("out.csv.manifest.json");
    let index = &m["withholding_index"];
    let ssn = index
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "ssn")
        .unwrap();
    assert_eq!(
        *ssn,
        serde_json::json!({"field": "ssn", "category": "ident", "action": "redact", "rule": "field", "authority": "Ohio R.C. 149.43(A)(1)", "count": 3})
    );
    let program = index
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "program")
        .unwrap();
    assert_eq!(program["action"], "drop");
    assert_eq!(program["authority"], "42 CFR part 2");
    assert!(
        index
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["field"] != "name")
    );
    let text = serde_json::to_string(index).unwrap();
    assert!(!text.contains("123-45") && !text.contains("asthma"));
}

#[test]
fn a_protected_category_under_another_basis_is_a_policy_error() {
    let dir = setup();
    let bad = POLICY.replace(
        "health = \"redact\"\nsud = \"drop\"",
        "health = \"redact\"\nsud = \"keep\"",
    );
    dir.write("policy.toml", &bad);
    apply(&dir, "court", "order", &["--reference", "R-1"])
        .expect_code(2)
        .stderr_has("(court:order) discloses category \"sud\" (protected by 42 CFR part 2) under basis \"order\"");
    let out = dir
        .cmd(&["check", "--policy", "policy.toml"])
        .run()
        .expect_code(1);
    assert!(out.stdout().contains("FINDING protected"), "{}", out.dump());
    assert!(out.stdout().contains("(court:order)"), "{}", out.dump());
    // Also the order that opens sealed records is not a part 2 order.
    assert!(
        out.stdout().contains("(court:sealing-order)"),
        "{}",
        out.dump()
    );
}

#[test]
fn a_part2_order_needs_findings_and_keeps_them() {
    let dir = setup();
    apply(&dir, "court", "part2-order", &["--reference", "CR-7"])
        .expect_code(3)
        .stderr_has("--findings");
    assert!(!dir.exists("out.csv"));
    let findings = "No other effective way; public interest outweighs injury (42 CFR 2.64(d))";
    apply(
        &dir,
        "court",
        "part2-order",
        &["--reference", "CR-7", "--findings", findings],
    )
    .success();
    let m = dir.json("out.csv.manifest.json");
    assert_eq!(m["basis"]["findings"], findings);
}

#[test]
fn withhold_rules_are_validated() {
    let dir = setup();
    let bad = POLICY
        .replacen("field = \"sealed\"", "field = \"nope\"", 1)
        .replacen("reason = \"sealed\"", "reason = \"no_consent\"", 1);
    dir.write("policy.toml", &bad);
    apply(&dir, "court", "order", &["--reference", "R"])
        .expect_code(2)
        .stderr_has("withhold[0].field")
        .stderr_has("\"nope\" is not classified")
        .stderr_has("withhold[0].reason");
}

#[test]
fn plan_and_check_show_the_rules_and_unmatchable_registry_rows() {
    let dir = setup();
    let plan = dir
        .cmd(&[
            "plan",
            "--policy",
            "policy.toml",
            "--to",
            "clinic",
            "--basis",
            "consent",
            "--json",
        ])
        .run()
        .success()
        .stdout_json();
    assert_eq!(plan["record_rules"][0]["reason"], "sealed");
    assert!(
        plan["basis"]["consent"]["registry"]
            .as_str()
            .unwrap()
            .ends_with("consents.csv")
    );
    let program = plan["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "program")
        .unwrap();
    assert_eq!(program["consent_category"], "sud");
    assert_eq!(program["authority"], "42 CFR part 2");
    let text = dir
        .cmd(&[
            "plan",
            "--policy",
            "policy.toml",
            "--to",
            "clinic",
            "--basis",
            "consent",
        ])
        .run()
        .success()
        .stdout();
    assert!(text.contains("sealed"), "{text}");
    dir.write(
        "consents.csv",
        format!("{REGISTRY}C-7,P-1,nobody,consent;lost,sud;gone,x,2026-01-01,,\n"),
    );
    dir.cmd(&["check", "--policy", "policy.toml"])
        .run()
        .success()
        .stderr_has("line 8")
        .stderr_has("recipient \"nobody\"")
        .stderr_has("basis \"lost\"")
        .stderr_has("category \"gone\"");
}

/// `apply` with the shipped policy on a copy of the fixtures, at `epoch`.
fn fixture_apply(dir: &Dir, epoch: i64, args: &[&str]) -> Output {
    let mut all = vec![
        "apply",
        "--policy",
        "fixtures/policy.toml",
        "--key-file",
        "fixtures/demo.key",
    ];
    all.extend_from_slice(args);
    dir.cmd(&all).epoch(epoch).run()
}

#[test]
fn the_fixture_registry_on_its_edge_days() {
    let dir = Dir::new();
    dir.copy_fixtures();
    for (format, file) in [
        ("csv", "fixtures/cases.csv"),
        ("ndjson", "fixtures/cases.ndjson"),
    ] {
        let out = format!("p.{format}");
        fixture_apply(
            &dir,
            DEC_2,
            &[
                "--to",
                "treatment-provider",
                "--basis",
                "consent",
                "--ledger",
                "l.jsonl",
                "-o",
                &out,
                file,
            ],
        )
        .success();
        let m = dir.json(format!("{out}.manifest.json"));
        // In force on 2026-12-02: by id, by kind, `*`, signed today,
        // expiring today, renewed after a revocation. Not: expired, revoked
        // (also today), signed in the future, another recipient.
        assert_eq!(
            m["consents_used"],
            serde_json::json!([
                "C-2026-0201",
                "C-2026-0244",
                "C-2026-0302",
                "C-2026-0355",
                "C-2026-0371",
                "C-2026-0372",
                "C-2026-0403",
                "C-2026-0412",
                "C-2026-0431"
            ]),
            "{format}"
        );
        assert_eq!(
            m["subjects"],
            serde_json::json!([
                "P-000001", "P-000002", "P-000004", "P-000005", "P-000011", "P-000012", "P-000014",
                "P-000015", "P-000019"
            ]),
            "{format}"
        );
        assert_eq!(m["records"]["withheld"]["sealed"], 8, "{format}");
        assert_eq!(m["records"]["withheld"]["no_consent"], 223, "{format}");
        // The ledger gives each person's consents.
        let ledger = dir.read("l.jsonl");
        let entry: serde_json::Value =
            serde_json::from_str(ledger.lines().last().unwrap()).unwrap();
        let per = &entry["per_subject"];
        assert_eq!(
            per["P-000001"]["consents"],
            serde_json::json!(["C-2026-0412"])
        );
        assert_eq!(
            per["P-000011"]["consents"],
            serde_json::json!(["C-2026-0302"])
        );
        assert_eq!(per.as_object().unwrap().len(), 9);
    }
    // P-000002's consent (by kind) covers treatment and medical records,
    // not identifiers: the name is redacted, the program is not.
    let out = dir.read("p.csv");
    let row = out
        .lines()
        .find(|l| l.contains("[REDACTED: agency policy (minimum necessary)],[REDACTED"))
        .unwrap();
    assert!(!out.contains("Çelik"), "{row}");
}

#[test]
fn fixture_sealed_records_need_a_sealing_order() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let who = [
        "--subject",
        "P-000028",
        "--subject",
        "P-000001",
        "--reference",
        "CR-2026-0142",
    ];
    let mut args = vec![
        "--to",
        "district-court",
        "--basis",
        "court-order",
        "-o",
        "c.csv",
    ];
    args.extend_from_slice(&who);
    args.push("fixtures/cases.csv");
    fixture_apply(&dir, DEC_2, &args).success();
    let m = dir.json("c.csv.manifest.json");
    assert_eq!(m["subjects"], serde_json::json!(["P-000001"]));
    assert_eq!(m["records"]["withheld"]["sealed"], 1);
    let mut args = vec![
        "--to",
        "district-court",
        "--basis",
        "sealing-order",
        "-o",
        "s.json",
    ];
    args.extend_from_slice(&who);
    args.push("fixtures/cases.json");
    fixture_apply(&dir, DEC_2, &args).success();
    let m = dir.json("s.json.manifest.json");
    assert_eq!(m["subjects"], serde_json::json!(["P-000001", "P-000028"]));
    assert!(!dir.read("s.json").contains("sealed"));
}

#[test]
fn a_fixture_part2_order_carries_its_findings_and_the_notice() {
    let dir = Dir::new();
    dir.copy_fixtures();
    let base = [
        "--to",
        "district-court",
        "--basis",
        "part2-order",
        "--reference",
        "CR-2026-0142",
        "--subject",
        "P-000004",
        "--notice-out",
        "n.txt",
        "-o",
        "o.csv",
    ];
    let mut args = base.to_vec();
    args.push("fixtures/cases.csv");
    fixture_apply(&dir, DEC_2, &args)
        .expect_code(3)
        .stderr_has("--findings");
    let mut args = base.to_vec();
    args.extend([
        "--findings",
        "2.64(d)(1) and (d)(2) found",
        "--ledger",
        "l.jsonl",
        "fixtures/cases.csv",
    ]);
    fixture_apply(&dir, DEC_2, &args).success();
    assert!(
        dir.read("o.csv")
            .contains("New Beginnings Counseling Center")
    );
    assert!(
        dir.read("n.txt")
            .contains("(iii) You have received the record")
    );
    assert_eq!(
        dir.json("o.csv.manifest.json")["basis"]["findings"],
        "2.64(d)(1) and (d)(2) found"
    );
    let entry: serde_json::Value = serde_json::from_str(dir.read("l.jsonl").trim()).unwrap();
    assert_eq!(entry["findings"], "2.64(d)(1) and (d)(2) found");
    assert!(entry["per_subject"]["P-000004"].get("consents").is_none());
}

#[test]
fn registry_dates_are_judged_in_the_policys_time_zone() {
    let dir = setup();
    dir.write(
        "policy.toml",
        POLICY.replace(
            "version = 1\n",
            "version = 1\ntimezone = \"America/New_York\"\n",
        ),
    );
    // 2026-12-02T03:00:00Z is still 2026-12-01 in New York.
    let args = [
        "apply",
        "--policy",
        "policy.toml",
        "--to",
        "clinic",
        "--basis",
        "consent",
        "-o",
        "out.csv",
        "in.csv",
    ];
    dir.cmd(&args).epoch(1_796_180_400).run().success();
    let m = dir.json("out.csv.manifest.json");
    // C-2 is signed on the 2nd: not yet; C-3 expires on the 1st and C-4 is
    // revoked on the 2nd: both still in force.
    assert_eq!(
        m["consents_used"],
        serde_json::json!(["C-1", "C-3", "C-4", "C-5"])
    );
    assert!(
        dir.read("out.csv")
            .contains("P-1,Ana Ruiz,123-45-6789,[REDACTED: 45 CFR 164.512],IOP-ALPHA")
    );
}
