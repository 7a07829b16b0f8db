//! The disclosure ledger: `apply --ledger`, `ledger verify`, `ledger show`.
//!
//! The chain is recomputed here with our own canonical JSON writer, written
//! from the rule in the docs, not with the code under test.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::util::{Dir, EPOCH, apply, setup};

const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The keys of an entry of the first ledger version (sorted).
const V1_KEYS: [&str; 12] = [
    "basis",
    "categories_disclosed",
    "created_at",
    "disclosure_id",
    "hash",
    "manifest_sha256",
    "prev",
    "recipient",
    "records_disclosed",
    "reference",
    "seq",
    "subjects",
];

/// The keys of a disclosure entry, in canonical (sorted) order: those of
/// the first ledger version, `event`, and what v2 adds for disclosures.
const KEYS: [&str; 22] = [
    "basis",
    "basis_description",
    "categories_disclosed",
    "created_at",
    "disclosure_id",
    "event",
    "findings",
    "hash",
    "justification",
    "manifest_sha256",
    "method",
    "operator",
    "per_subject",
    "prev",
    "recipient",
    "recipient_address",
    "recipient_name",
    "records_disclosed",
    "reference",
    "requested_by",
    "seq",
    "subjects",
];

/// Canonical JSON, from the documented rule: keys sorted by their UTF-8
/// bytes, no white space, strings as UTF-8 with only `"`, `\` and
/// U+0000..U+001F escaped.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => quote(s, out),
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
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quote(key, out);
                out.push(':');
                canonical(&map[key], out);
            }
            out.push('}');
        }
    }
}

fn quote(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// SHA-256 (hex) of the entry's canonical JSON without `hash`.
fn hash_of(entry: &Map<String, Value>) -> String {
    let mut body = entry.clone();
    body.remove("hash");
    let mut text = String::new();
    canonical(&Value::Object(body), &mut text);
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Check a whole ledger independently; the entries.
fn check_chain(text: &str) -> Vec<Map<String, Value>> {
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "ends with a newline"
    );
    let mut prev = ZEROS.to_string();
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let value: Value = serde_json::from_str(line).expect("each line is JSON");
        let entry = value.as_object().expect("each line is an object").clone();
        let keys: Vec<&str> = entry.keys().map(String::as_str).collect();
        assert!(
            keys == KEYS || keys == V1_KEYS,
            "line {}: the keys of a disclosure entry: {keys:?}",
            i + 1
        );
        assert_eq!(entry["seq"], json!(i + 1), "line {}: seq", i + 1);
        assert_eq!(entry["prev"], json!(prev), "line {}: prev", i + 1);
        let hash = hash_of(&entry);
        assert_eq!(entry["hash"], json!(hash), "line {}: hash", i + 1);
        let mut written = String::new();
        canonical(&value, &mut written);
        assert_eq!(written, line, "line {}: written canonically", i + 1);
        prev = hash;
        entries.push(entry);
    }
    entries
}

/// The line, edited, with its hash recomputed (a forger's edit).
fn rehash(line: &str, edit: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut entry: Map<String, Value> = serde_json::from_str(line).unwrap();
    edit(&mut entry);
    let hash = hash_of(&entry);
    entry.insert("hash".into(), json!(hash));
    let mut out = String::new();
    canonical(&Value::Object(entry), &mut out);
    out
}

/// A ledger of `n` disclosures (references R-1..R-n), its lines.
fn make_ledger(dir: &Dir, n: usize) -> Vec<String> {
    setup(dir);
    for i in 1..=n {
        apply(
            dir,
            "court",
            "order",
            &format!("out{i}.csv"),
            &["--ledger", "ledger.jsonl", "--reference", &format!("R-{i}")],
        )
        .run()
        .check_code(0);
    }
    dir.read("ledger.jsonl")
        .lines()
        .map(str::to_string)
        .collect()
}

fn write_lines(dir: &Dir, lines: &[String]) {
    let mut text = lines.join("\n");
    text.push('\n');
    dir.write("ledger.jsonl", text);
}

#[test]
fn chain_recomputed_independently_matches() {
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
    // A reference with a quote, a tab, control characters (U+0001 is
    // escaped, U+007F is not) and non-ASCII.
    apply(
        &dir,
        "police",
        "safety",
        "b.csv",
        &[
            "--ledger",
            "ledger.jsonl",
            "--subject",
            "P-2",
            "--reference",
            "Año \"7\"\t\u{1}\u{7f}/ü",
        ],
    )
    .epoch(EPOCH + 86_400)
    .run()
    .check_code(0);
    apply(
        &dir,
        "court",
        "safety",
        "c.csv",
        &["--ledger", "ledger.jsonl", "--subject", "P-1"],
    )
    .epoch(EPOCH + 2 * 86_400)
    .run()
    .check_code(0);

    let text = dir.read("ledger.jsonl");
    assert!(text.contains("Año"), "non-ASCII is written as UTF-8");
    assert!(text.contains("\\t\\u0001\u{7f}/"), "escapes as documented");
    let entries = check_chain(&text);
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[1]["recipient"], "police");
    assert_eq!(entries[1]["subjects"], json!(["P-2"]));
    assert_eq!(entries[0]["subjects"], json!(["P-1", "P-2", "P-3"]));
    assert_eq!(entries[2]["records_disclosed"], 1);
    let manifest = dir.read_bytes("b.csv.manifest.json");
    assert_eq!(
        entries[1]["manifest_sha256"],
        json!(hex::encode(Sha256::digest(&manifest)))
    );

    let last = entries[2]["hash"].as_str().unwrap();
    dir.cmd(&["ledger", "verify", "ledger.jsonl"])
        .run()
        .check_code(0)
        .expect_stdout_contains(&format!("ledger OK: 3 entries, last hash {last}"));
    let report = dir
        .cmd(&["ledger", "verify", "--json", "ledger.jsonl"])
        .run()
        .check_code(0)
        .json();
    assert_eq!(
        report,
        json!({"ok": true, "ledger": "ledger.jsonl", "entries": 3, "last_hash": last, "error": null})
    );
}

#[test]
fn an_empty_ledger_has_no_entries_and_is_intact() {
    let dir = Dir::new();
    dir.write("ledger.jsonl", "");
    dir.cmd(&["ledger", "verify", "ledger.jsonl"])
        .run()
        .check_code(0)
        .expect_stdout_contains("ledger OK: 0 entries");
    let report = dir
        .cmd(&["ledger", "verify", "--json", "ledger.jsonl"])
        .run()
        .check_code(0)
        .json();
    assert_eq!(report["entries"], 0);
    assert_eq!(report["last_hash"], Value::Null);
}

#[test]
fn a_missing_or_unreadable_ledger_is_an_error() {
    let dir = Dir::new();
    dir.cmd(&["ledger", "verify", "nope.jsonl"])
        .run()
        .check_code(2)
        .expect_stderr_contains("cannot open ledger nope.jsonl");
    dir.mkdir("adir");
    dir.cmd(&["ledger", "verify", "adir"])
        .run()
        .check_code(2)
        .expect_stderr_contains("is a directory");
    dir.cmd(&["ledger", "show", "nope.jsonl"])
        .run()
        .check_code(2);
}

/// One way to damage a ledger of four entries, and the first bad line,
/// its seq and the kind of problem `ledger verify` must report.
struct Tamper {
    name: &'static str,
    damage: fn(&mut Vec<String>) -> Option<String>,
    line: u64,
    seq: Option<u64>,
    kind: &'static str,
}

const TAMPERING: &[Tamper] = &[
    Tamper {
        name: "edited field",
        damage: |l| {
            l[1] = l[1].replace("\"records_disclosed\":3", "\"records_disclosed\":2");
            None
        },
        line: 2,
        seq: Some(2),
        kind: "hash_mismatch",
    },
    Tamper {
        name: "edited field, hash recomputed, later entries left",
        damage: |l| {
            l[1] = rehash(&l[1], |e| {
                e.insert("reference".into(), json!("R-99"));
            });
            None
        },
        line: 3,
        seq: Some(3),
        kind: "prev_mismatch",
    },
    Tamper {
        name: "deleted line",
        damage: |l| {
            l.remove(1);
            None
        },
        line: 2,
        seq: Some(3),
        kind: "seq_mismatch",
    },
    Tamper {
        name: "deleted first line",
        damage: |l| {
            l.remove(0);
            None
        },
        line: 1,
        seq: Some(2),
        kind: "seq_mismatch",
    },
    Tamper {
        name: "swapped lines",
        damage: |l| {
            l.swap(1, 2);
            None
        },
        line: 2,
        seq: Some(3),
        kind: "seq_mismatch",
    },
    Tamper {
        name: "repeated line",
        damage: |l| {
            let again = l[1].clone();
            l.insert(2, again);
            None
        },
        line: 3,
        seq: Some(2),
        kind: "seq_mismatch",
    },
    Tamper {
        name: "bad prev (hash recomputed)",
        damage: |l| {
            l[2] = rehash(&l[2], |e| {
                e.insert("prev".into(), json!("ab".repeat(32)));
            });
            None
        },
        line: 3,
        seq: Some(3),
        kind: "prev_mismatch",
    },
    Tamper {
        name: "bad prev of the first entry (hash recomputed)",
        damage: |l| {
            l[0] = rehash(&l[0], |e| {
                e.insert("prev".into(), json!("ab".repeat(32)));
            });
            None
        },
        line: 1,
        seq: Some(1),
        kind: "prev_mismatch",
    },
    Tamper {
        name: "bad seq (hash recomputed)",
        damage: |l| {
            l[2] = rehash(&l[2], |e| {
                e.insert("seq".into(), json!(7));
            });
            None
        },
        line: 3,
        seq: Some(7),
        kind: "seq_mismatch",
    },
    Tamper {
        name: "bad seq",
        damage: |l| {
            l[2] = l[2].replace("\"seq\":3", "\"seq\":4");
            None
        },
        line: 3,
        seq: Some(4),
        kind: "hash_mismatch",
    },
    Tamper {
        name: "truncated last line",
        damage: |l| {
            let mut text = l.join("\n");
            text.truncate(text.len() - 7);
            Some(text)
        },
        line: 4,
        seq: None,
        kind: "torn_line",
    },
    Tamper {
        name: "complete last line without its newline",
        damage: |l| Some(l.join("\n")),
        line: 4,
        seq: None,
        kind: "torn_line",
    },
    Tamper {
        name: "blank line",
        damage: |l| {
            l.insert(2, String::new());
            None
        },
        line: 3,
        seq: None,
        kind: "blank_line",
    },
    Tamper {
        name: "line that is not JSON",
        damage: |l| {
            l[1] = l[1][..l[1].len() / 2].to_string();
            None
        },
        line: 2,
        seq: None,
        kind: "invalid_json",
    },
    Tamper {
        name: "missing key (hash recomputed)",
        damage: |l| {
            l[1] = rehash(&l[1], |e| {
                e.remove("subjects");
            });
            None
        },
        line: 2,
        seq: Some(2),
        kind: "invalid_entry",
    },
];

#[test]
fn every_kind_of_tampering_is_found_at_its_first_line() {
    let dir = Dir::new();
    let lines = make_ledger(&dir, 4);
    check_chain(&dir.read("ledger.jsonl"));
    for case in TAMPERING {
        let mut damaged = lines.clone();
        match (case.damage)(&mut damaged) {
            Some(text) => {
                dir.write("ledger.jsonl", text);
            }
            None => write_lines(&dir, &damaged),
        }
        let run = dir
            .cmd(&["ledger", "verify", "--json", "ledger.jsonl"])
            .run();
        run.check_code(1);
        let report = run.json();
        let error = &report["error"];
        assert_eq!(report["ok"], false, "{}{}", case.name, run.dump());
        assert_eq!(error["line"], case.line, "{}{}", case.name, run.dump());
        assert_eq!(error["seq"], json!(case.seq), "{}{}", case.name, run.dump());
        assert_eq!(error["kind"], case.kind, "{}{}", case.name, run.dump());
        assert_eq!(
            report["entries"],
            case.line - 1,
            "{}{}",
            case.name,
            run.dump()
        );

        let run = dir.cmd(&["ledger", "verify", "ledger.jsonl"]).run();
        run.check_code(1).expect_stdout_contains("ledger BROKEN");
        let place = match case.seq {
            Some(seq) => format!("line {} (seq {seq}): ", case.line),
            None => format!("line {}: ", case.line),
        };
        run.expect_stdout_contains(&place);
    }
}

#[test]
fn concurrent_appends_make_one_unbroken_chain() {
    let dir = Dir::new();
    setup(&dir);
    let running: Vec<_> = (1..=16)
        .map(|i| {
            apply(
                &dir,
                "court",
                "order",
                &format!("out{i}.csv"),
                &["--ledger", "ledger.jsonl", "--reference", &format!("R-{i}")],
            )
            .spawn()
        })
        .collect();
    for run in running {
        run.wait().check_code(0);
    }
    let entries = check_chain(&dir.read("ledger.jsonl"));
    let seqs: Vec<u64> = entries.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=16).collect::<Vec<u64>>());
    let recorded: BTreeSet<String> = entries
        .iter()
        .map(|e| e["manifest_sha256"].as_str().unwrap().to_string())
        .collect();
    let manifests: BTreeSet<String> = (1..=16)
        .map(|i| {
            hex::encode(Sha256::digest(
                dir.read_bytes(format!("out{i}.csv.manifest.json")),
            ))
        })
        .collect();
    assert_eq!(recorded, manifests, "each disclosure recorded exactly once");
    dir.cmd(&["ledger", "verify", "ledger.jsonl"])
        .run()
        .check_code(0)
        .expect_stdout_contains("16 entries");
}

#[test]
fn apply_refuses_to_extend_a_torn_ledger_and_writes_nothing() {
    let dir = Dir::new();
    let lines = make_ledger(&dir, 2);
    let torn = format!("{}\n{}", lines[0], &lines[1][..40]);
    dir.write("ledger.jsonl", &torn);
    let before = dir.list(".");
    apply(
        &dir,
        "court",
        "order",
        "new.csv",
        &["--ledger", "ledger.jsonl"],
    )
    .run()
    .check_code(2)
    .expect_stderr_contains("does not end with a newline");
    assert!(!dir.exists("new.csv"));
    assert!(!dir.exists("new.csv.manifest.json"));
    assert_eq!(
        dir.list("."),
        before,
        "no output, manifest or temporary file"
    );
    assert_eq!(dir.read("ledger.jsonl"), torn, "the ledger is untouched");
}

#[test]
fn apply_refuses_to_extend_a_ledger_whose_last_entry_was_edited() {
    let dir = Dir::new();
    let mut lines = make_ledger(&dir, 2);
    lines[1] = lines[1].replace("R-2", "R-3");
    write_lines(&dir, &lines);
    apply(
        &dir,
        "court",
        "order",
        "new.csv",
        &["--ledger", "ledger.jsonl"],
    )
    .run()
    .check_code(2)
    .expect_stderr_contains("does not match its hash");
    assert!(!dir.exists("new.csv"));
    assert!(!dir.exists("new.csv.manifest.json"));
}

/// Write a valid chain of `n` entries quickly (without `apply`).
fn write_chain(path: &std::path::Path, n: u64) {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut prev = ZEROS.to_string();
    for seq in 1..=n {
        let mut entry = json!({
            "basis": "order",
            "categories_disclosed": ["case", "identifiers"],
            "created_at": "2026-01-05T09:00:00Z",
            "disclosure_id": format!("{seq:032x}"),
            "manifest_sha256": format!("{seq:064x}"),
            "prev": prev,
            "recipient": "court",
            "records_disclosed": 2,
            "reference": format!("R-{seq}"),
            "seq": seq,
            "subjects": ["P-1", "P-2"],
        });
        let hash = hash_of(entry.as_object().unwrap());
        entry["hash"] = json!(hash);
        let mut line = String::new();
        canonical(&entry, &mut line);
        writeln!(out, "{line}").unwrap();
        prev = hash;
    }
    out.flush().unwrap();
}

#[test]
fn apply_extends_a_long_ledger() {
    let dir = Dir::new();
    setup(&dir);
    write_chain(&dir.join("ledger.jsonl"), 2_000);
    apply(
        &dir,
        "court",
        "order",
        "out.csv",
        &["--ledger", "ledger.jsonl"],
    )
    .run()
    .check_code(0);
    let entries = check_chain(&dir.read("ledger.jsonl"));
    assert_eq!(entries.len(), 2_001);
    dir.cmd(&["ledger", "verify", "ledger.jsonl"])
        .run()
        .check_code(0)
        .expect_stdout_contains("2001 entries");
}

/// The cost of one append on a ledger of 100,000 entries against one on an
/// empty ledger. Run with
/// `cargo test --release --test it -- --ignored --nocapture append_cost`.
#[test]
#[ignore]
fn append_cost() {
    let dir = Dir::new();
    setup(&dir);
    write_chain(&dir.join("big.jsonl"), 100_000);
    let runs = 20;
    let time = |ledger: &dyn Fn(usize) -> String, name: &str| {
        let mut times = Vec::new();
        for i in 0..runs {
            let ledger = ledger(i);
            let start = std::time::Instant::now();
            apply(
                &dir,
                "court",
                "order",
                &format!("{name}{i}.csv"),
                &["--ledger", &ledger],
            )
            .run()
            .check_code(0);
            times.push(start.elapsed());
        }
        times.sort();
        times[runs / 2]
    };
    let empty = time(&|i| format!("empty{i}.jsonl"), "e");
    let big = time(&|_| "big.jsonl".to_string(), "b");
    println!("median apply --ledger: empty ledger {empty:?}, 100,000 entries {big:?}");
    dir.cmd(&["ledger", "verify", "big.jsonl"])
        .run()
        .check_code(0)
        .expect_stdout_contains(&format!("{} entries", 100_000 + runs));
}

/// Four disclosures: different recipients, bases, subjects and dates.
fn accounting(dir: &Dir) {
    setup(dir);
    let day = 86_400;
    // 2026-01-05T23:59:59Z: still the 5th in UTC.
    let jan5 = 1_767_657_599;
    assert_eq!(jan5 % day, day - 1);
    let runs: [(&str, &str, &str, &[&str], i64); 4] = [
        (
            "court",
            "order",
            "a.csv",
            &["--subject", "P-1", "--reference", "CR-1"],
            jan5,
        ),
        // 2026-03-10T00:00:00Z and 2026-06-30T23:59:59Z.
        (
            "police",
            "safety",
            "b.csv",
            &["--subject", "P-2"],
            jan5 + 63 * day + 1,
        ),
        (
            "court",
            "safety",
            "c.csv",
            &["--subject", "P-1", "--subject", "P-2"],
            jan5 + 176 * day,
        ),
        ("court", "order", "d.csv", &[], EPOCH),
    ];
    for (recipient, basis, out, extra, epoch) in runs {
        let mut args = vec!["--ledger", "ledger.jsonl"];
        args.extend_from_slice(extra);
        apply(dir, recipient, basis, out, &args)
            .epoch(epoch)
            .run()
            .check_code(0);
    }
}

fn shown_seqs(dir: &Dir, filters: &[&str]) -> Vec<u64> {
    let run = dir
        .cmd(&["ledger", "show", "ledger.jsonl", "--json"])
        .args(filters)
        .run();
    run.check_code(0);
    run.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect()
}

#[test]
fn show_filters_by_subject_recipient_basis_and_dates() {
    let dir = Dir::new();
    accounting(&dir);
    assert_eq!(shown_seqs(&dir, &[]), [1, 2, 3, 4]);
    assert_eq!(shown_seqs(&dir, &["--subject", "P-2"]), [2, 3, 4]);
    assert_eq!(shown_seqs(&dir, &["--subject", "P-3"]), [4]);
    assert_eq!(shown_seqs(&dir, &["--subject", "P-9"]), Vec::<u64>::new());
    assert_eq!(shown_seqs(&dir, &["--recipient", "court"]), [1, 3, 4]);
    assert_eq!(shown_seqs(&dir, &["--basis", "safety"]), [2, 3]);
    assert_eq!(
        shown_seqs(&dir, &["--recipient", "court", "--basis", "safety"]),
        [3]
    );
    // Inclusive at both ends, by the UTC date of created_at.
    assert_eq!(shown_seqs(&dir, &["--until", "2026-01-05"]), [1]);
    assert_eq!(shown_seqs(&dir, &["--since", "2026-01-06"]), [2, 3, 4]);
    assert_eq!(
        shown_seqs(&dir, &["--since", "2026-03-10", "--until", "2026-06-30"]),
        [2, 3]
    );
    assert_eq!(
        shown_seqs(&dir, &["--since", "2026-03-11", "--until", "2026-06-29"]),
        Vec::<u64>::new()
    );
}

#[test]
fn show_json_has_full_entries_and_a_summary_per_recipient() {
    let dir = Dir::new();
    accounting(&dir);
    let report = dir
        .cmd(&["ledger", "show", "ledger.jsonl", "--json"])
        .run()
        .check_code(0)
        .json();
    let text = dir.read("ledger.jsonl");
    let entries: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        report["entries"],
        json!(entries),
        "the full entries, in order"
    );
    assert_eq!(
        report["summary"],
        json!([
            {"recipient": "court", "disclosures": 3, "records": 6, "first": "2026-01-05", "last": "2026-11-27"},
            {"recipient": "police", "disclosures": 1, "records": 1, "first": "2026-03-10", "last": "2026-03-10"},
        ])
    );
    assert_eq!(report["chain"], json!({"ok": true, "error": null}));
    assert_eq!(report["unreadable_lines"], 0);
}

#[test]
fn show_prints_a_table_and_a_summary() {
    let dir = Dir::new();
    accounting(&dir);
    let run = dir
        .cmd(&["ledger", "show", "ledger.jsonl", "--subject", "P-1"])
        .run();
    run.check_code(0);
    let out = run.stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("SEQ  DATE        RECIPIENT  BASIS   REFERENCE"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("1    2026-01-05  court      order   CR-1"),
        "{out}"
    );
    assert!(lines[1].ends_with("case, identifiers  1"), "{out}");
    assert!(
        lines[2].starts_with("3    2026-06-30  court      safety  -"),
        "{out}"
    );
    assert!(lines[3].starts_with("4    2026-11-27"), "{out}");
    assert_eq!(lines[4], "");
    // P-1's own records: one in each disclosure, not the runs' totals.
    assert_eq!(
        lines[5],
        "court: 3 disclosures, 3 records, 2026-01-05 .. 2026-11-27"
    );
    assert_eq!(lines.len(), 6, "{out}");
    assert_eq!(run.stderr(), "");

    dir.cmd(&["ledger", "show", "ledger.jsonl", "--subject", "P-9"])
        .run()
        .check_code(0)
        .expect_stdout_contains("no disclosures match");
}

#[test]
fn show_refuses_bad_dates() {
    let dir = Dir::new();
    accounting(&dir);
    for args in [
        &["--since", "2026-02-30"][..],
        &["--until", "5/1/2026"],
        &["--since", "2026-1-5"],
        &["--since", "2026-06-01", "--until", "2026-05-01"],
    ] {
        dir.cmd(&["ledger", "show", "ledger.jsonl"])
            .args(args)
            .run()
            .check_code(2)
            .expect_stderr_contains("error:");
    }
}

#[test]
fn show_still_shows_a_broken_ledger_with_a_warning() {
    let dir = Dir::new();
    accounting(&dir);
    let mut lines: Vec<String> = dir
        .read("ledger.jsonl")
        .lines()
        .map(str::to_string)
        .collect();
    lines[1] = lines[1].replace("\"records_disclosed\":1", "\"records_disclosed\":5");
    lines.insert(3, "not an entry".to_string());
    write_lines(&dir, &lines);

    let run = dir.cmd(&["ledger", "show", "ledger.jsonl"]).run();
    run.check_code(0)
        .expect_stderr_contains(
            "warning: the hash chain of ledger ledger.jsonl is broken at line 2 (seq 2)",
        )
        .expect_stderr_contains("disclose ledger verify ledger.jsonl")
        .expect_stderr_contains("1 line of ledger ledger.jsonl not shown");
    let rows = run
        .stdout()
        .lines()
        .filter(|l| l.starts_with(char::is_numeric))
        .count();
    assert_eq!(rows, 4, "{}", run.dump());

    let report = dir
        .cmd(&["ledger", "show", "ledger.jsonl", "--json"])
        .run()
        .check_code(0)
        .json();
    assert_eq!(report["chain"]["ok"], false);
    assert_eq!(report["chain"]["error"]["line"], 2);
    assert_eq!(report["chain"]["error"]["kind"], "hash_mismatch");
    assert_eq!(report["unreadable_lines"], 1);
    assert_eq!(report["entries"].as_array().unwrap().len(), 4);
}
