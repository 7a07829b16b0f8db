//! The ledger as an accounting of disclosures: v2 entries beside v1 ones,
//! `ledger account` (window, repeats, formats, `--record`), `ledger
//! suspend`, per-person `ledger show --subject`, a ledger that never goes
//! back in time, and `verify` of a disclosure that was not delivered.
//!
//! Ledgers are built by hand here, hashed with a canonical JSON writer
//! written from the documented rule, so the tests do not lean on the code
//! under test to make their inputs.

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::util::{Dir, EPOCH, apply, setup};

const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const DAY: i64 = 86_400;

fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap());
                out.push(':');
                canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        // serde_json escapes as the rule says for the plain strings used
        // here (no control characters).
        other => out.push_str(&serde_json::to_string(other).unwrap()),
    }
}

/// A ledger built line by line.
#[derive(Default)]
struct Ledger {
    lines: Vec<String>,
    prev: String,
}

impl Ledger {
    /// Append an entry (a JSON object without seq, prev and hash).
    fn push(&mut self, mut entry: Map<String, Value>) -> &mut Ledger {
        if self.prev.is_empty() {
            self.prev = ZEROS.to_string();
        }
        entry.insert("seq".into(), json!(self.lines.len() + 1));
        entry.insert("prev".into(), json!(self.prev));
        let mut body = String::new();
        canonical(&Value::Object(entry.clone()), &mut body);
        let hash = hex::encode(Sha256::digest(body.as_bytes()));
        entry.insert("hash".into(), json!(hash));
        let mut line = String::new();
        canonical(&Value::Object(entry), &mut line);
        self.lines.push(line);
        self.prev = hash;
        self
    }

    fn write(&self, dir: &Dir) {
        let mut text = self.lines.join("\n");
        text.push('\n');
        dir.write("ledger.jsonl", text);
    }
}

/// `YYYY-MM-DDT12:00:00Z` of a day counted from the test epoch's day.
fn noon(days: i64) -> String {
    let t = jiff::Timestamp::from_second(EPOCH - EPOCH % DAY + 12 * 3600 + days * DAY).unwrap();
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn date(days: i64) -> String {
    noon(days)[..10].to_string()
}

fn id(n: usize) -> String {
    format!("{n:032x}")
}

/// A v1 entry: the first version's keys only.
fn v1(created_at: &str, n: usize, recipient: &str, subjects: &[&str]) -> Map<String, Value> {
    json!({
        "created_at": created_at,
        "disclosure_id": id(n),
        "manifest_sha256": "ab".repeat(32),
        "recipient": recipient,
        "basis": "court-order",
        "reference": null,
        "categories_disclosed": ["identifiers", "supervision"],
        "subjects": subjects,
        "records_disclosed": 7,
    })
    .as_object()
    .unwrap()
    .clone()
}

/// A v2 disclosure of P-1 (2 records, identifiers) and P-2 (1 record,
/// medical).
fn v2(created_at: &str, n: usize, recipient: &str, basis: &str) -> Map<String, Value> {
    let mut entry = v1(created_at, n, recipient, &["P-1", "P-2"]);
    entry.insert("basis".into(), json!(basis));
    entry.insert(
        "categories_disclosed".into(),
        json!(["identifiers", "medical"]),
    );
    entry.insert("records_disclosed".into(), json!(3));
    let extra = json!({
        "event": "disclosure",
        "recipient_name": format!("The {recipient}"),
        "recipient_address": "1 Main St",
        "basis_description": format!("Because of {basis}"),
        "justification": null,
        "findings": null,
        "operator": "clerk",
        "requested_by": null,
        "method": "file",
        "per_subject": {
            "P-1": {"records": 2, "categories": ["identifiers"]},
            "P-2": {"records": 1, "categories": ["medical"]},
        },
    });
    entry.extend(extra.as_object().unwrap().clone());
    entry
}

fn account(dir: &Dir, args: &[&str]) -> Value {
    let run = dir
        .cmd(&["ledger", "account", "ledger.jsonl", "--format", "json"])
        .args(args)
        .run();
    run.check_code(0);
    run.json()
}

/// The dates of the groups' first disclosures, and their recipients.
fn firsts(report: &Value) -> Vec<(String, String)> {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["first"]["date"].as_str().unwrap().to_string(),
                g["first"]["recipient"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_v1_ledger_extended_with_v2_entries_verifies() {
    let dir = Dir::new();
    setup(&dir);
    let mut ledger = Ledger::default();
    ledger.push(v1(&noon(-30), 1, "court", &["P-1"])).push(v1(
        &noon(-20),
        2,
        "police",
        &["P-1", "P-2"],
    ));
    ledger.write(&dir);
    apply(
        &dir,
        "court",
        "order",
        "a.csv",
        &["--ledger", "ledger.jsonl"],
    )
    .run()
    .check_code(0);
    dir.cmd(&[
        "ledger",
        "suspend",
        "ledger.jsonl",
        "--recipient",
        "police",
        "--until",
        &date(10),
        "--requested-by",
        "Det. Alvarez",
    ])
    .run()
    .check_code(0);
    dir.cmd(&[
        "ledger",
        "account",
        "ledger.jsonl",
        "--subject",
        "P-1",
        "--record",
    ])
    .run()
    .check_code(0);
    let verified = dir
        .cmd(&["ledger", "verify", "ledger.jsonl", "--json"])
        .run();
    verified.check_code(0);
    assert_eq!(verified.json()["entries"], 5);

    let text = dir.read("ledger.jsonl");
    let entries: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let events: Vec<&str> = entries
        .iter()
        .map(|e| e["event"].as_str().unwrap_or("(none)"))
        .collect();
    assert_eq!(
        events,
        ["(none)", "(none)", "disclosure", "suspension", "accounting"]
    );
    // Every entry keeps the first version's keys; the chain holds by the
    // documented rule.
    let mut prev = ZEROS.to_string();
    for (line, entry) in text.lines().zip(&entries) {
        for key in [
            "seq",
            "created_at",
            "disclosure_id",
            "manifest_sha256",
            "recipient",
        ] {
            assert!(entry.get(key).is_some(), "{key} in {line}");
        }
        let mut body = entry.as_object().unwrap().clone();
        body.remove("hash");
        let mut canon = String::new();
        canonical(&Value::Object(body), &mut canon);
        assert_eq!(entry["hash"], hex::encode(Sha256::digest(canon.as_bytes())));
        assert_eq!(entry["prev"], prev.as_str());
        prev = entry["hash"].as_str().unwrap().to_string();
    }
    assert_eq!(entries[2]["method"], "file", "the default --method");
    assert_eq!(entries[2]["requested_by"], Value::Null);
    assert_eq!(entries[3]["until"], date(10));
    assert_eq!(entries[3]["requested_by"], "Det. Alvarez");
    assert_eq!(entries[3]["oral"], false);
    assert_eq!(entries[4]["subject"], "P-1");
    assert_eq!(entries[4]["as_of"], date(0));
    assert_eq!(
        entries[4]["window"],
        json!({"from": date(0).replacen("2026", "2020", 1), "to": date(0)})
    );
}

#[test]
fn a_suspension_hides_exactly_its_recipient_while_in_force() {
    let dir = Dir::new();
    let mut ledger = Ledger::default();
    ledger
        .push(v2(&noon(-40), 1, "police", "safety"))
        .push(v2(&noon(-30), 2, "court", "order"))
        .push(v2(&noon(-20), 3, "police", "order"));
    ledger.write(&dir);
    let all = [
        (date(-40), "police".to_string()),
        (date(-30), "court".to_string()),
        (date(-20), "police".to_string()),
    ];
    assert_eq!(firsts(&account(&dir, &["--subject", "P-1"])), all);

    dir.cmd(&[
        "ledger",
        "suspend",
        "ledger.jsonl",
        "--recipient",
        "police",
        "--until",
        &date(10),
        "--requested-by",
        "Sgt. Lee, Columbus Division of Police",
    ])
    .run()
    .check_code(0);
    // In force for an accounting as of any day up to its `until`, that day
    // included (also before the day it was recorded: the accounting is
    // made while it stands).
    for as_of in [date(-1), date(0), date(5), date(10)] {
        let report = account(&dir, &["--subject", "P-1", "--as-of", &as_of]);
        assert_eq!(
            firsts(&report),
            [(date(-30), "court".to_string())],
            "{as_of}"
        );
        assert_eq!(report["disclosures"], 1);
        let text = dir
            .cmd(&["ledger", "account", "ledger.jsonl", "--subject", "P-1"])
            .args(&["--as-of", &as_of])
            .run();
        text.check_code(0);
        for told in [text.stdout(), text.stderr()] {
            let lower = told.to_lowercase();
            assert!(
                !lower.contains("suspen")
                    && !lower.contains("police")
                    && !lower.contains("withheld"),
                "says nothing of it: {told}"
            );
        }
    }
    // After it expired, every disclosure shows.
    for as_of in [date(11), date(40)] {
        assert_eq!(
            firsts(&account(&dir, &["--subject", "P-1", "--as-of", &as_of])),
            all,
            "{as_of}"
        );
    }
}

#[test]
fn an_oral_suspension_runs_at_most_thirty_days() {
    let dir = Dir::new();
    Ledger::default()
        .push(v2(&noon(-1), 1, "police", "safety"))
        .write(&dir);
    let suspend = |until: &str, oral: bool| {
        let mut args = vec![
            "ledger",
            "suspend",
            "ledger.jsonl",
            "--recipient",
            "police",
            "--requested-by",
            "Det. Alvarez (by phone)",
            "--until",
            until,
        ];
        if oral {
            args.push("--oral");
        }
        dir.cmd(&args).run()
    };
    let refused = suspend(&date(31), true);
    refused.check_code(2);
    assert!(refused.stderr().contains("30 days"), "{}", refused.stderr());
    suspend(&date(30), true).check_code(0);
    suspend(&date(31), false).check_code(0);
    suspend(&date(-1), false).check_code(2);
    let text = dir.read("ledger.jsonl");
    assert_eq!(text.lines().count(), 3, "refused requests are not recorded");
    assert!(text.lines().nth(1).unwrap().contains("\"oral\":true"));
}

#[test]
fn the_window_is_six_years_to_the_day_both_days_included() {
    let dir = Dir::new();
    // As of 2026-11-27: the window is 2020-11-27 to 2026-11-27.
    let mut ledger = Ledger::default();
    for (n, day) in [
        "2020-11-26T23:59:59Z",
        "2020-11-27T00:00:00Z",
        "2026-11-27T23:59:59Z",
    ]
    .iter()
    .enumerate()
    {
        ledger.push(v2(day, n + 1, &format!("r{n}"), "order"));
    }
    ledger.write(&dir);
    let report = account(&dir, &["--subject", "P-2", "--as-of", "2026-11-27"]);
    assert_eq!(
        report["window"],
        json!({"from": "2020-11-27", "to": "2026-11-27"})
    );
    assert_eq!(
        firsts(&report),
        [
            ("2020-11-27".to_string(), "r1".to_string()),
            ("2026-11-27".to_string(), "r2".to_string())
        ]
    );
    // A day earlier, the window moves by a day at both ends.
    let report = account(&dir, &["--subject", "P-2", "--as-of", "2026-11-26"]);
    assert_eq!(
        firsts(&report),
        [
            ("2020-11-26".to_string(), "r0".to_string()),
            ("2020-11-27".to_string(), "r1".to_string())
        ]
    );
    let report = account(
        &dir,
        &[
            "--subject",
            "P-2",
            "--as-of",
            "2026-11-27",
            "--since",
            "2026-11-27",
        ],
    );
    assert_eq!(report["disclosures"], 1);
    // Only that person's records and categories.
    let first = &report["groups"][0]["first"];
    assert_eq!(
        (first["records"].clone(), first["categories"].clone()),
        (json!(1), json!(["medical"]))
    );
}

#[test]
fn repeats_to_one_recipient_for_one_purpose_are_summarised() {
    let dir = Dir::new();
    let mut ledger = Ledger::default();
    ledger
        .push(v2(&noon(-50), 1, "court", "order"))
        .push(v2(&noon(-40), 2, "court", "order"))
        .push(v2(&noon(-30), 3, "court", "safety"))
        .push(v2(&noon(-20), 4, "court", "order"));
    ledger.write(&dir);
    let report = account(&dir, &["--subject", "P-1"]);
    assert_eq!(report["disclosures"], 4);
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["more"], 2);
    assert_eq!(groups[0]["last"], date(-20));
    assert_eq!(groups[0]["records"], 6);
    assert_eq!(groups[1]["more"], 0);
    let text = dir
        .cmd(&["ledger", "account", "ledger.jsonl", "--subject", "P-1"])
        .run();
    text.check_code(0);
    let out = text.stdout();
    assert_eq!(out.matches("The court (court)").count(), 2, "{out}");
    assert!(
        out.contains(&format!(
            "Then 2 more disclosures to this recipient for the same purpose, the last on {}",
            date(-20)
        )),
        "{out}"
    );
    assert!(out.contains("4 disclosures in the period."), "{out}");
    assert!(
        out.contains(&format!("its last entry, seq 4, has hash {}", ledger.prev)),
        "{out}"
    );
}

#[test]
fn v1_entries_and_failed_deliveries_are_listed_for_what_they_are() {
    let dir = Dir::new();
    let mut ledger = Ledger::default();
    ledger.push(v1(&noon(-9), 1, "court", &["P-1", "P-3"]));
    ledger.push(v2(&noon(-8), 2, "police", "safety"));
    let mut failed = v1(&noon(-8), 2, "police", &[]);
    failed.insert("event".into(), json!("delivery_failed"));
    failed.insert("basis".into(), json!("safety"));
    failed.insert("categories_disclosed".into(), json!([]));
    failed.insert("records_disclosed".into(), json!(0));
    ledger.push(failed);
    ledger.write(&dir);
    dir.cmd(&["ledger", "verify", "ledger.jsonl"])
        .run()
        .check_code(0);
    let report = account(&dir, &["--subject", "P-1"]);
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["first"]["per_person"], false);
    assert_eq!(groups[0]["first"]["records"], 7);
    assert_eq!(groups[0]["first"]["delivery_failed"], false);
    assert_eq!(groups[1]["first"]["delivery_failed"], true);
    let text = dir
        .cmd(&["ledger", "account", "ledger.jsonl", "--subject", "P-1"])
        .run();
    assert!(
        text.stdout().contains("not per person"),
        "{}",
        text.stdout()
    );
    assert!(
        text.stdout().contains("delivery failed"),
        "{}",
        text.stdout()
    );
}

#[test]
fn show_subject_counts_that_persons_records_and_lists_only_them() {
    let dir = Dir::new();
    let mut ledger = Ledger::default();
    ledger.push(v2(&noon(-3), 1, "court", "order")).push(v1(
        &noon(-2),
        2,
        "court",
        &["P-2", "P-9"],
    ));
    ledger.write(&dir);
    let run = dir
        .cmd(&["ledger", "show", "ledger.jsonl", "--subject", "P-2"])
        .run();
    run.check_code(0);
    // P-2: 1 record (medical) from per_subject; the v1 entry's 7.
    assert!(
        run.stdout().contains("court: 2 disclosures, 8 records"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout().lines().nth(1).unwrap().contains("medical  "),
        "{}",
        run.stdout()
    );
    let json = dir
        .cmd(&[
            "ledger",
            "show",
            "ledger.jsonl",
            "--subject",
            "P-2",
            "--json",
        ])
        .run();
    json.check_code(0);
    let out = json.stdout();
    assert!(!out.contains("P-1") && !out.contains("P-9"), "{out}");
    let entries = json.json()["entries"].clone();
    assert_eq!(entries[0]["subjects"], json!(["P-2"]));
    assert_eq!(
        entries[0]["per_subject"],
        json!({"P-2": {"records": 1, "categories": ["medical"]}})
    );
}

#[test]
fn a_ledger_never_goes_back_in_time() {
    let dir = Dir::new();
    setup(&dir);
    apply(
        &dir,
        "court",
        "order",
        "a.csv",
        &["--ledger", "ledger.jsonl"],
    )
    .run()
    .check_code(0);
    let earlier = apply(
        &dir,
        "court",
        "order",
        "b.csv",
        &["--ledger", "ledger.jsonl"],
    )
    .epoch(EPOCH - 1)
    .run();
    earlier.check_code(2);
    assert!(
        earlier.stderr().contains("never goes back in time"),
        "{}",
        earlier.stderr()
    );
    assert!(!dir.exists("b.csv"));
    assert_eq!(dir.read("ledger.jsonl").lines().count(), 1);

    let mut ledger = Ledger::default();
    ledger
        .push(v2(&noon(-1), 1, "court", "order"))
        .push(v2(&noon(-2), 2, "court", "order"));
    ledger.write(&dir);
    let verify = dir
        .cmd(&["ledger", "verify", "ledger.jsonl", "--json"])
        .run();
    verify.check_code(1);
    let report = verify.json();
    assert_eq!(report["error"]["kind"], "time_reversed");
    assert_eq!(report["error"]["line"], 2);
    // An accounting for someone the entries do not name still checks them.
    dir.cmd(&["ledger", "account", "ledger.jsonl", "--subject", "P-9"])
        .run()
        .check_code(1);
}

#[test]
fn verify_reports_a_disclosure_whose_outputs_are_missing_as_not_delivered() {
    let dir = Dir::new();
    setup(&dir);
    apply(&dir, "court", "order", "a.csv", &[])
        .run()
        .check_code(0);
    std::fs::remove_file(dir.join("a.csv")).unwrap();
    let run = dir.cmd(&["verify", "a.csv.manifest.json"]).run();
    run.check_code(1);
    assert!(run.stdout().contains("NOT DELIVERED"), "{}", run.stdout());
    let json = dir.cmd(&["verify", "a.csv.manifest.json", "--json"]).run();
    assert_eq!(json.json()["delivered"], false);
}

#[test]
fn record_appends_an_accounting_entry() {
    let dir = Dir::new();
    Ledger::default()
        .push(v2(&noon(-1), 1, "court", "order"))
        .write(&dir);
    let run = dir
        .cmd(&[
            "ledger",
            "account",
            "ledger.jsonl",
            "--subject",
            "P-1",
            "--as-of",
            &date(-1),
            "--since",
            &date(-5),
            "--record",
            "--operator",
            "jdoe",
        ])
        .run();
    run.check_code(0);
    let last: Value =
        serde_json::from_str(dir.read("ledger.jsonl").lines().last().unwrap()).unwrap();
    assert_eq!(last["event"], "accounting");
    assert_eq!(last["subject"], "P-1");
    assert_eq!(last["as_of"], date(-1));
    assert_eq!(last["window"], json!({"from": date(-5), "to": date(-1)}));
    assert_eq!(last["operator"], "jdoe");
    assert_eq!(
        last["subjects"],
        json!([]),
        "not a disclosure of the person"
    );
    dir.cmd(&["ledger", "verify", "ledger.jsonl"])
        .run()
        .check_code(0);
    // The accounting entry is not itself listed as a disclosure.
    assert_eq!(account(&dir, &["--subject", "P-1"])["disclosures"], 1);
}

#[test]
fn a_broken_chain_is_said_in_the_accounting_and_exits_1() {
    let dir = Dir::new();
    let mut ledger = Ledger::default();
    ledger
        .push(v2(&noon(-2), 1, "court", "order"))
        .push(v2(&noon(-1), 2, "court", "order"));
    ledger.lines[0] = ledger.lines[0].replace("\"records\":2", "\"records\":5");
    ledger.write(&dir);
    let run = dir
        .cmd(&[
            "ledger",
            "account",
            "ledger.jsonl",
            "--subject",
            "P-1",
            "--format",
            "html",
        ])
        .run();
    run.check_code(1);
    assert!(
        run.stdout().contains("WARNING: the hash chain"),
        "{}",
        run.stdout()
    );
    assert!(run.stderr().contains("line 1"), "{}", run.stderr());
}

#[test]
fn the_html_page_renders_in_a_headless_browser() {
    let dir = Dir::new();
    let mut ledger = Ledger::default();
    let mut odd = v2(&noon(-3), 1, "court", "order");
    odd.insert(
        "recipient_name".into(),
        json!("<script>alert(1)</script> & Sons"),
    );
    ledger
        .push(odd)
        .push(v2(&noon(-2), 2, "court", "order"))
        .push(v2(&noon(-1), 3, "police", "safety"));
    ledger.write(&dir);
    let run = dir
        .cmd(&[
            "ledger",
            "account",
            "ledger.jsonl",
            "--subject",
            "P-1",
            "--format",
            "html",
            "--agency",
            "Franklin County Adult Probation",
        ])
        .run();
    run.check_code(0);
    let page = run.stdout();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script>"), "ledger text is escaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons"));
    assert!(page.contains("Franklin County Adult Probation"));
    assert!(
        page.contains(&ledger.prev),
        "the footer names the last entry's hash"
    );
    assert_eq!(page.matches("<tr><td class=\"date\">").count(), 2);
    assert_eq!(page.matches("class=\"repeat\"").count(), 1);
    dir.write("accounting.html", &page);

    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!("note: no chromium installed; the HTML page was checked as text only");
        return;
    };
    let shot = dir.join("accounting.png");
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1000,900")
        .arg(format!("file://{}", dir.join("accounting.html").display()))
        .env("HOME", dir.path())
        .output()
        .expect("run the browser");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    // The page has no script; the browser reports no page error.
    assert!(
        !log.contains("Uncaught") && !log.contains("CONSOLE"),
        "{log}"
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 5_000,
        "a real page"
    );
    if let Ok(keep) = std::env::var("DISCLOSE_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

#[test]
fn apply_records_each_persons_records_and_non_empty_categories() {
    let dir = Dir::new();
    setup(&dir);
    // P-1's offense is empty in both records, P-2's is not.
    dir.write(
        "cases.csv",
        "person_id,name,offense\nP-1,Ann Lee,\nP-1,Ann Lee,\nP-2,Bo Kim,fraud\n",
    );
    dir.write(
        "cases.ndjson",
        "{\"person_id\":\"P-1\",\"name\":\"Ann Lee\",\"offense\":null}\n{\"person_id\":\"P-2\",\"name\":\"\",\"offense\":\"fraud\"}\n",
    );
    for (input, output) in [("cases.csv", "a.csv"), ("cases.ndjson", "a.ndjson")] {
        dir.cmd(&[
            "apply",
            "--policy",
            "policy.toml",
            "--to",
            "court",
            "--basis",
            "order",
            "-o",
            output,
            "--ledger",
            "ledger.jsonl",
            "--requested-by",
            "Judge Okafor",
            "--method",
            "secure email",
            input,
        ])
        .run()
        .check_code(0);
    }
    let text = dir.read("ledger.jsonl");
    let entries: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        entries[0]["per_subject"],
        json!({
            "P-1": {"records": 2, "categories": ["identifiers"]},
            "P-2": {"records": 1, "categories": ["case", "identifiers"]},
        })
    );
    // The ID is an identifier value too; P-2's empty name adds nothing.
    assert_eq!(
        entries[1]["per_subject"],
        json!({
            "P-1": {"records": 1, "categories": ["identifiers"]},
            "P-2": {"records": 1, "categories": ["case", "identifiers"]},
        })
    );
    for entry in &entries {
        assert_eq!(entry["event"], "disclosure");
        assert_eq!(entry["requested_by"], "Judge Okafor");
        assert_eq!(entry["method"], "secure email");
        assert_eq!(entry["recipient_name"], "Test Court");
        assert_eq!(entry["basis_description"], "Court order");
        assert_eq!(entry["recipient_address"], Value::Null);
        assert_eq!(entry["findings"], Value::Null);
        assert_eq!(
            entry["categories_disclosed"],
            json!(["case", "identifiers"])
        );
    }
    let report = account(&dir, &["--subject", "P-1"]);
    assert_eq!(
        report["groups"][0]["first"]["categories"],
        json!(["identifiers"])
    );
    assert_eq!(report["groups"][0]["records"], 3);
}

#[test]
fn verify_reports_a_recorded_failed_delivery_as_not_delivered() {
    let dir = Dir::new();
    setup(&dir);
    apply(
        &dir,
        "court",
        "order",
        "a.csv",
        &["--ledger", "ledger.jsonl"],
    )
    .run()
    .check_code(0);
    dir.cmd(&["verify", "a.csv.manifest.json", "--ledger", "ledger.jsonl"])
        .run()
        .check_code(0);
    let line = dir.read("ledger.jsonl");
    let first: Value = serde_json::from_str(line.trim_end()).unwrap();
    let mut failed = Map::new();
    for key in [
        "created_at",
        "disclosure_id",
        "manifest_sha256",
        "recipient",
        "basis",
        "reference",
    ] {
        failed.insert(key.into(), first[key].clone());
    }
    failed.insert("event".into(), json!("delivery_failed"));
    failed.insert("categories_disclosed".into(), json!([]));
    failed.insert("subjects".into(), json!([]));
    failed.insert("records_disclosed".into(), json!(0));
    let mut ledger = Ledger {
        lines: vec![line.trim_end().to_string()],
        prev: first["hash"].as_str().unwrap().to_string(),
    };
    ledger.push(failed);
    ledger.write(&dir);
    dir.cmd(&["ledger", "verify", "ledger.jsonl"])
        .run()
        .check_code(0);
    let run = dir
        .cmd(&["verify", "a.csv.manifest.json", "--ledger", "ledger.jsonl"])
        .run();
    run.check_code(1);
    assert!(
        run.stdout()
            .contains("the ledger records that its delivery failed (seq 2)"),
        "{}",
        run.stdout()
    );
}
