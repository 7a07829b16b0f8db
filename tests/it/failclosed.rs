//! Fail closed on structure and on the record: look-alike keys, values of
//! another shape than the policy's paths, keys that may be data, the ledger
//! apart from every other file, accounting before delivery, the clock,
//! pseudonym domains, the disclosure ID and the smaller value rules.

use std::fs::File;
use std::process::Command;

use crate::util::{Dir, EPOCH, apply_to, fixture, with_setting};

const SSN: &str = "425-76-7733";

/// A directory with the fail-closed policy as `policy.toml`, with
/// `unclassified = "drop"` when `drop`.
fn policy_dir(drop: bool) -> Dir {
    let dir = Dir::new();
    let policy = fixture("failclosed.toml");
    let policy = if drop {
        with_setting(&policy, "unclassified = \"drop\"")
    } else {
        policy
    };
    dir.write("policy.toml", policy);
    dir
}

/// `apply --to police --basis safety -o OUT INPUT` plus `extra`.
fn police(dir: &Dir, input: &str, out: &str, extra: &[&str]) -> crate::util::Cmd {
    apply_to(dir, "police", "safety", &["-o", out])
        .args(extra)
        .arg(input)
}

/// Every file a failed run must not leave: the output and its manifest.
fn assert_nothing_written(dir: &Dir, out: &str) {
    assert!(!dir.exists(out), "{out} was written");
    assert!(
        !dir.exists(format!("{out}.manifest.json")),
        "a manifest was written"
    );
    let temp: Vec<String> = dir
        .list(".")
        .into_iter()
        .filter(|n| n.ends_with(".disclose-tmp"))
        .collect();
    assert!(temp.is_empty(), "{temp:?}");
}

// ---- look-alike keys --------------------------------------------------

const LOOK_ALIKES: &[&str] = &[
    "SSN",
    "Ssn",
    "ss\u{200B}n",
    "s\u{200C}sn",
    "ss\u{200D}n",
    "ss\u{00AD}n",
    "\u{FEFF}ssn",
    "ss\u{2060}n",
    "ｓｓｎ",
    "ＳＳＮ",
    "s\u{FE0F}sn",
];

#[test]
fn a_look_alike_key_beside_a_classified_one_stops_the_run() {
    for drop in [false, true] {
        let dir = policy_dir(drop);
        for (i, key) in LOOK_ALIKES.iter().enumerate() {
            let record = serde_json::json!({
                "person_id": "P-1",
                "person": {"name": "Ann Lee", *key: SSN},
            });
            let input = format!("in{i}.ndjson");
            dir.write(&input, format!("{record}\n"));
            let out = format!("out{i}.ndjson");
            let run = police(&dir, &input, &out, &[])
                .run()
                .expect_code(2)
                .stderr_has("looks like the classified field \"person.ssn\"")
                .never_says(SSN);
            assert!(run.stderr().contains("record 1"), "{}", run.dump());
            assert_nothing_written(&dir, &out);
        }
    }
}

#[test]
fn look_alikes_are_caught_at_every_depth_and_in_json_arrays() {
    let dir = policy_dir(true);
    // Top level, inside array elements, and a withheld record alike.
    let cases = [
        (
            r#"[{"person_id":"P-1","Person_ID":"P-2"}]"#,
            "\"person_id\"",
        ),
        (
            r#"[{"person_id":"P-1","charges":[{"code":"x","Victim":"Ann Lee"}]}]"#,
            "\"charges[].victim\"",
        ),
        (
            r#"[{"person_id":"P-1","NOTES":[{"text":"Ann Lee"}]}]"#,
            "\"notes\"",
        ),
    ];
    for (i, (json, classified)) in cases.iter().enumerate() {
        let input = format!("in{i}.json");
        dir.write(&input, json);
        police(&dir, &input, &format!("out{i}.json"), &[])
            .run()
            .expect_code(2)
            .stderr_has(&format!("looks like the classified field {classified}"))
            .never_says("Ann Lee");
    }
}

#[test]
fn a_look_alike_csv_header_stops_the_run() {
    for drop in [false, true] {
        let dir = policy_dir(drop);
        for (i, header) in ["PERSON_ID2", "Code", "co\u{200B}de", "ｃｏｄｅ"]
            .iter()
            .enumerate()
        {
            dir.write(
                format!("in{i}.csv"),
                format!("person_id,{header}\nP-1,123456789\n"),
            );
            let out = police(&dir, &format!("in{i}.csv"), &format!("out{i}.csv"), &[]).run();
            if i == 0 {
                // Not a look-alike: an ordinary unclassified column.
                assert_eq!(out.code(), if drop { 0 } else { 2 }, "{}", out.dump());
                continue;
            }
            out.expect_code(2)
                .stderr_has("looks like the classified field \"code\"")
                .never_says("123456789");
            assert_nothing_written(&dir, &format!("out{i}.csv"));
        }
    }
}

// ---- shape ------------------------------------------------------------

#[test]
fn a_single_value_where_paths_are_classified_below_is_withheld() {
    let dir = policy_dir(false);
    let secret = "Ann Lee called 614-555-0182 about her relapse";
    let records = [
        serde_json::json!({"person_id": "P-1", "notes": secret}),
        serde_json::json!({"person_id": "P-2", "notes": [secret, 42]}),
        serde_json::json!({"person_id": "P-3", "notes": 12345}),
        serde_json::json!({"person_id": "P-4", "notes": true}),
        serde_json::json!({"person_id": "P-5", "person": SSN}),
        serde_json::json!({"person_id": "P-6", "notes": null, "person": ""}),
        serde_json::json!({"person_id": "P-7", "notes": [{"text": "plain"}]}),
        // A field none of whose values can be processed fails the run:
        // one person arrives whole.
        serde_json::json!({"person_id": "P-8", "person": {"name": "Bo Kim"}}),
    ];
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    dir.write("in.ndjson", text);
    let run = police(&dir, "in.ndjson", "out.ndjson", &[]).run().success();
    run.never_says(SSN).never_says("relapse");
    let out = dir.read("out.ndjson");
    assert!(!out.contains("relapse") && !out.contains(SSN), "{out}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["notes"], "[WITHHELD]");
    assert_eq!(
        lines[1]["notes"],
        serde_json::json!(["[WITHHELD]", "[WITHHELD]"])
    );
    assert_eq!(lines[2]["notes"], "[WITHHELD]");
    assert_eq!(lines[3]["notes"], "[WITHHELD]");
    // Kept `person` does not cover a string where person.ssn is classified.
    assert_eq!(lines[4]["person"], "[WITHHELD]");
    // Null and empty stay.
    assert_eq!(lines[5]["notes"], serde_json::Value::Null);
    assert_eq!(lines[5]["person"], "");
    assert_eq!(lines[6]["notes"][0]["text"], "plain");
    let manifest = dir.json("out.ndjson.manifest.json");
    let text_field = manifest["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "notes[].text")
        .unwrap();
    assert_eq!(text_field["unprocessable"], 5, "{manifest:#}");
    // --strict makes it an error.
    police(&dir, "in.ndjson", "strict.ndjson", &["--strict"])
        .run()
        .expect_code(2)
        .stderr_has("notes[].text")
        .never_says("relapse");
}

#[test]
fn a_csv_column_with_classified_paths_below_stops_the_run() {
    for drop in [false, true] {
        let dir = policy_dir(drop);
        for (i, column) in ["notes", "person", "charges"].iter().enumerate() {
            dir.write(
                format!("in{i}.csv"),
                format!("person_id,{column}\nP-1,Ann Lee relapsed\n"),
            );
            police(&dir, &format!("in{i}.csv"), &format!("out{i}.csv"), &[])
                .run()
                .expect_code(2)
                .stderr_has(&format!("column \"{column}\""))
                .stderr_has("classifies paths below it")
                .never_says("relapsed");
            assert_nothing_written(&dir, &format!("out{i}.csv"));
        }
    }
}

// ---- keys that may be data ----------------------------------------------

#[test]
fn keys_that_may_be_data_are_shown_by_position() {
    let dir = policy_dir(false);
    dir.write(
        "in.ndjson",
        "{\"person_id\":\"P-1\",\"614-555-0182\":\"x\"}\n",
    );
    police(&dir, "in.ndjson", "out.ndjson", &[])
        .run()
        .expect_code(2)
        .stderr_has("\"<key 2>\" is not classified")
        .never_says("614-555-0182")
        .never_says("555");
    // Nested: the classified path is kept, the key is by position.
    dir.write(
        "nested.ndjson",
        "{\"person_id\":\"P-1\",\"person\":{\"name\":\"a\",\"x\":1,\"ann.lee@example.com\":2}}\n",
    );
    let dir2 = policy_dir(true);
    dir2.write("nested.ndjson", dir.read("nested.ndjson"));
    // Under a kept `person`, unknown keys are covered: they pass.
    police(&dir2, "nested.ndjson", "out.ndjson", &[])
        .run()
        .success();
}

#[test]
fn unclassified_dropped_names_only_field_names_of_disclosed_records() {
    let dir = policy_dir(true);
    dir.write(
        "in.ndjson",
        concat!(
            "{\"person_id\":\"P-1\",\"extra\":1,\"614-555-0182\":\"x\",\"Ann Lee 1964\":2}\n",
            "{\"person_id\":\"P-2\",\"withheld_only\":1,\"(555) 010-9999\":3}\n",
        ),
    );
    let run = police(&dir, "in.ndjson", "out.ndjson", &["--subject", "P-1"])
        .run()
        .success();
    run.never_says("614").never_says("withheld_only");
    let manifest = dir.json("out.ndjson.manifest.json");
    assert_eq!(
        manifest["unclassified_dropped"],
        serde_json::json!(["<key 3>", "<key 4>", "extra"])
    );
    let text = dir.read("out.ndjson.manifest.json");
    for secret in ["614-555", "1964", "withheld_only", "010-9999"] {
        assert!(!text.contains(secret), "{secret} in the manifest");
    }
}

#[test]
fn a_literal_dotted_key_gets_a_clear_error() {
    let dir = policy_dir(false);
    dir.write(
        "in.ndjson",
        format!("{{\"person_id\":\"P-1\",\"person.ssn\":\"{SSN}\"}}\n"),
    );
    police(&dir, "in.ndjson", "out.ndjson", &[])
        .run()
        .expect_code(2)
        .stderr_has("key \"person.ssn\" is a single key with dots")
        .stderr_has("nested path")
        .never_says(SSN);
}

// ---- the ledger is not an output ----------------------------------------

fn setup_csv(dir: &Dir) {
    dir.write("in.csv", "person_id,code\nP-1,123456789\nP-2,987654321\n");
}

#[test]
fn the_ledger_must_be_a_file_of_its_own() {
    let dir = policy_dir(false);
    setup_csv(&dir);
    dir.write("old.csv", "old\n");
    let cases: &[(&[&str], &str)] = &[
        (
            &["-o", "old.csv", "--force", "--ledger", "old.csv"],
            "an output",
        ),
        (
            &["-o", "a.csv", "--manifest", "m.json", "--ledger", "m.json"],
            "the manifest",
        ),
        (
            &["-o", "a.csv", "--ledger", "a.csv.manifest.json"],
            "the manifest",
        ),
        (&["-o", "a.csv", "--ledger", "in.csv"], "an input"),
        (&["-o", "a.csv", "--ledger", "./sub/../in.csv"], "an input"),
        (&["-o", "a.csv", "--ledger", "policy.toml"], "the policy"),
        (
            &["-o", "a.csv", "--notice-out", "n.txt", "--ledger", "n.txt"],
            "the notice",
        ),
        (&["-o", "a.csv", "--ledger", "link.csv"], "an input"),
        (&["-o", "a.csv", "--ledger", "sym.toml"], "the policy"),
    ];
    dir.mkdir("sub");
    std::fs::hard_link(dir.join("in.csv"), dir.join("link.csv")).unwrap();
    std::os::unix::fs::symlink(dir.join("policy.toml"), dir.join("sym.toml")).unwrap();
    let before_in = dir.read("in.csv");
    for (args, what) in cases {
        apply_to(&dir, "police", "safety", args)
            .arg("in.csv")
            .run()
            .expect_code(2)
            .stderr_has(&format!("is the same file as {what}"));
        assert!(!dir.exists("a.csv") && !dir.exists("m.json") && !dir.exists("n.txt"));
        assert_eq!(dir.read("old.csv"), "old\n");
    }
    assert_eq!(dir.read("in.csv"), before_in);
}

#[test]
fn the_ledger_cannot_be_standard_output() {
    let dir = policy_dir(false);
    setup_csv(&dir);
    let out = apply_to(
        &dir,
        "police",
        "safety",
        &["-o", "-", "--manifest", "m.json"],
    )
    .args(&["--ledger", "/dev/stdout", "in.csv"])
    .run()
    .expect_code(2);
    assert!(out.stdout().is_empty(), "{}", out.dump());
    // Standard output redirected to a file: the same file by inode.
    let file = File::create(dir.join("captured.txt")).unwrap();
    apply_to(&dir, "police", "safety", &["-o", "a.csv"])
        .args(&["--ledger", "/dev/stdout", "in.csv"])
        .stdout_to(file)
        .run()
        .expect_code(2)
        .stderr_has("standard input, output or error");
    assert_eq!(dir.read("captured.txt"), "");
    assert!(!dir.exists("a.csv") && !dir.exists("m.json"));
}

#[test]
fn a_failed_run_leaves_no_new_empty_ledger() {
    let dir = policy_dir(false);
    dir.write("in.csv", "person_id,unknown\nP-1,x\n");
    police(&dir, "in.csv", "a.csv", &["--ledger", "new.jsonl"])
        .run()
        .expect_code(2);
    assert!(!dir.exists("new.jsonl"));
    // A run that fails at the last moment (the manifest exists) neither.
    setup_csv(&dir);
    dir.write("b.csv.manifest.json", "{}");
    police(&dir, "in.csv", "b.csv", &["--ledger", "new.jsonl"])
        .run()
        .expect_code(2)
        .stderr_has("already exists");
    assert!(!dir.exists("new.jsonl"));
    assert!(!dir.exists("b.csv"));
}

// ---- account before delivering ------------------------------------------

fn ledger_lines(dir: &Dir, name: &str) -> Vec<serde_json::Value> {
    if !dir.exists(name) {
        return Vec::new();
    }
    // Whole lines only: a reader may look while an entry is being written.
    let text = dir.read(name);
    let whole = &text[..text.rfind('\n').map_or(0, |n| n + 1)];
    whole
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// After any failure: either nothing was delivered, or the delivery is in
/// the ledger (an entry for the disclosure in the manifest).
fn delivered_means_recorded(dir: &Dir, delivered: bool, manifest: &str, ledger: &str) {
    if !delivered {
        return;
    }
    let m = dir.json(manifest);
    let entries = ledger_lines(dir, ledger);
    assert!(
        entries
            .iter()
            .any(|e| e["disclosure_id"] == m["disclosure_id"]),
        "delivered, but not in the ledger"
    );
}

#[test]
fn a_failed_delivery_to_standard_output_is_recorded() {
    let dir = policy_dir(false);
    setup_csv(&dir);
    let full = File::create("/dev/full").expect("/dev/full");
    police(
        &dir,
        "in.csv",
        "-",
        &["--manifest", "m.json", "--ledger", "l.jsonl"],
    )
    .stdout_to(full)
    .run()
    .expect_code(2)
    .stderr_has("cannot write to standard output")
    .stderr_has("records the failed delivery");
    let m = dir.json("m.json");
    let entries = ledger_lines(&dir, "l.jsonl");
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0]["disclosure_id"], m["disclosure_id"]);
    assert_eq!(entries[0]["event"], "disclosure");
    assert_eq!(entries[1]["disclosure_id"], m["disclosure_id"]);
    assert_eq!(entries[1]["event"], "delivery_failed");
    dir.cmd(&["ledger", "verify", "l.jsonl"]).run().success();
}

#[test]
fn a_closed_standard_output_is_a_failed_delivery_and_recorded() {
    let dir = policy_dir(false);
    setup_csv(&dir);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let writer = File::from(std::os::fd::OwnedFd::from(writer));
    police(
        &dir,
        "in.csv",
        "-",
        &["--manifest", "m.json", "--ledger", "l.jsonl"],
    )
    .stdout_to(writer)
    .run()
    .expect_code(2)
    .stderr_has("could not be delivered");
    let entries = ledger_lines(&dir, "l.jsonl");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["event"], "delivery_failed");
}

#[test]
fn killed_while_delivering_the_delivery_is_already_recorded() {
    let dir = policy_dir(false);
    // Large enough that standard output (a pipe nobody reads) blocks.
    let mut text = String::from("person_id,code\n");
    for i in 0..20_000 {
        text.push_str(&format!("P-{i},{i:09}\n"));
    }
    dir.write("in.csv", text);
    let mut running = police(
        &dir,
        "in.csv",
        "-",
        &["--manifest", "m.json", "--ledger", "l.jsonl", "-q"],
    )
    .spawn();
    let start = std::time::Instant::now();
    while ledger_lines(&dir, "l.jsonl").is_empty() {
        assert!(!running.has_exited(), "the run ended before blocking");
        assert!(start.elapsed().as_secs() < 60, "no ledger entry");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // It is now blocked writing to standard output, after accounting.
    let _ = running.kill();
    delivered_means_recorded(&dir, true, "m.json", "l.jsonl");
    dir.cmd(&["ledger", "verify", "l.jsonl"]).run().success();
}

#[test]
fn killed_while_reading_nothing_is_delivered() {
    let dir = policy_dir(false);
    let status = Command::new("mkfifo")
        .arg(dir.join("in.fifo"))
        .status()
        .unwrap();
    assert!(status.success());
    let running = police(
        &dir,
        "in.fifo",
        "out.csv",
        &["--format", "csv", "--ledger", "l.jsonl"],
    )
    .spawn();
    let (running, mut fifo) = crate::util::fifo_writer(&dir.join("in.fifo"), running);
    use std::io::Write as _;
    fifo.write_all(b"person_id,code\nP-1,123456789\n").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let _ = running.kill();
    drop(fifo);
    assert!(!dir.exists("out.csv"));
    assert!(ledger_lines(&dir, "l.jsonl").is_empty());
}

/// A tmpfs of `size` at `dir/name`, or `None` when it cannot be mounted.
struct Mount(std::path::PathBuf);

impl Mount {
    fn new(dir: &Dir, name: &str, size: &str) -> Option<Mount> {
        let path = dir.mkdir(name);
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            Some(Mount(path))
        } else {
            eprintln!("note: cannot mount a tmpfs (needs root); part of this test is skipped");
            None
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_for_output_manifest_or_ledger_delivers_nothing_unrecorded() {
    let dir = policy_dir(false);
    let mut text = String::from("person_id,code\n");
    for i in 0..5_000 {
        text.push_str(&format!("P-{i},{i:09}\n"));
    }
    dir.write("in.csv", text);
    let Some(_small) = Mount::new(&dir, "small", "16k") else {
        return;
    };
    // The output on a full disk.
    police(
        &dir,
        "in.csv",
        "small/out.csv",
        &["--manifest", "m1.json", "--ledger", "l.jsonl"],
    )
    .run()
    .expect_code(2);
    assert!(!dir.exists("small/out.csv") && !dir.exists("m1.json"));
    assert!(ledger_lines(&dir, "l.jsonl").is_empty());
    // The manifest on a full disk.
    police(
        &dir,
        "in.csv",
        "out2.csv",
        &["--manifest", "small/m2.json", "--ledger", "l.jsonl"],
    )
    .run()
    .expect_code(2);
    assert!(!dir.exists("out2.csv"));
    assert!(ledger_lines(&dir, "l.jsonl").is_empty());
    // The ledger on a full disk: fill it first.
    std::fs::write(dir.join("small/l.jsonl"), "").unwrap();
    let mut filler = File::create(dir.join("small/filler")).unwrap();
    use std::io::Write as _;
    while filler.write_all(&[0u8; 1024]).is_ok() {}
    let _ = filler.sync_all();
    police(
        &dir,
        "in.csv",
        "out3.csv",
        &["--manifest", "m3.json", "--ledger", "small/l.jsonl"],
    )
    .run()
    .expect_code(2);
    assert!(!dir.exists("out3.csv"), "delivered without a ledger entry");
    assert!(
        !dir.exists("m3.json"),
        "the manifest of an unrecorded disclosure stayed"
    );
}

// ---- the clock ------------------------------------------------------------

#[test]
fn source_date_epoch_warns_and_is_recorded() {
    let dir = policy_dir(false);
    setup_csv(&dir);
    police(&dir, "in.csv", "a.csv", &[])
        .run()
        .success()
        .stderr_has("SOURCE_DATE_EPOCH is set");
    assert_eq!(
        dir.json("a.csv.manifest.json")["clock"],
        "SOURCE_DATE_EPOCH"
    );
    police(&dir, "in.csv", "b.csv", &[])
        .env_remove("SOURCE_DATE_EPOCH")
        .run()
        .success()
        .never_says("SOURCE_DATE_EPOCH");
    assert_eq!(dir.json("b.csv.manifest.json")["clock"], "system");
    // check: no warning.
    dir.cmd(&["check", "--policy", "policy.toml", "in.csv"])
        .run()
        .never_says("SOURCE_DATE_EPOCH");
}

#[test]
fn the_policy_time_zone_sets_the_disclosure_date() {
    let dir = Dir::new();
    let policy = fixture("failclosed.toml");
    setup_csv(&dir);
    // 2026-11-28T02:00:00Z: the 28th in UTC, still the 27th in New York.
    let epoch = 1_795_831_200;
    dir.write("policy.toml", &policy);
    police(&dir, "in.csv", "utc.csv", &["--notice-out", "utc.txt"])
        .epoch(epoch)
        .run()
        .success();
    assert_eq!(dir.read("utc.txt"), "Disclosed on 2026-11-28.\n");
    dir.write(
        "policy.toml",
        with_setting(&policy, "timezone = \"America/New_York\""),
    );
    police(&dir, "in.csv", "ny.csv", &["--notice-out", "ny.txt"])
        .epoch(epoch)
        .run()
        .success();
    assert_eq!(dir.read("ny.txt"), "Disclosed on 2026-11-27.\n");
    // The time itself stays UTC.
    assert_eq!(
        dir.json("ny.csv.manifest.json")["created_at"],
        "2026-11-28T02:00:00Z"
    );
    dir.write(
        "policy.toml",
        with_setting(&policy, "timezone = \"Mars/Olympus\""),
    );
    police(&dir, "in.csv", "x.csv", &[])
        .run()
        .expect_code(2)
        .stderr_has("unknown time zone \"Mars/Olympus\"");
}

// ---- pseudonym domains ----------------------------------------------------

#[test]
fn pseudonyms_differ_between_recipients_unless_a_domain_is_named() {
    let dir = Dir::new();
    setup_csv(&dir);
    dir.write("key", "a key of at least sixteen bytes\n");
    let policy = fixture("failclosed.toml");
    let run = |policy: &str, to: &str, out: &str| {
        dir.write("policy.toml", policy);
        apply_to(
            &dir,
            to,
            "safety",
            &["-o", out, "--key-file", "key", "in.csv"],
        )
        .run()
        .success();
        dir.read(out)
    };
    let plain = policy.replace(
        "code = { action = \"mask\", keep_last = 4 }",
        "code = \"pseudonymize\"",
    );
    let a = run(&plain, "police", "p.csv");
    let b = run(&plain, "clinic", "c.csv");
    assert!(a.contains("PSN-") && b.contains("PSN-"));
    assert_ne!(a, b, "default domains must differ per recipient");
    let shared = policy.replace(
        "code = { action = \"mask\", keep_last = 4 }",
        "code = { action = \"pseudonymize\", domain = \"codes\" }",
    );
    let a = run(&shared, "police", "p2.csv");
    let b = run(&shared, "clinic", "c2.csv");
    assert_eq!(a, b, "a named domain is shared");
    let plan = dir
        .cmd(&[
            "plan",
            "--policy",
            "policy.toml",
            "--to",
            "police",
            "--basis",
            "safety",
        ])
        .run()
        .success();
    assert!(
        plan.stdout()
            .contains("codes: pseudonyms can be joined with those of clinic"),
        "{}",
        plan.dump()
    );
    let json = dir
        .cmd(&[
            "plan",
            "--policy",
            "policy.toml",
            "--to",
            "police",
            "--basis",
            "safety",
            "--json",
        ])
        .run()
        .success()
        .stdout_json();
    assert_eq!(
        json["shared_domains"],
        serde_json::json!([{"domain": "codes", "recipients": ["clinic"]}])
    );
}

// ---- disclosure_id ----------------------------------------------------------

fn sha256(text: &str) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

#[test]
fn the_disclosure_id_follows_the_formula_and_never_repeats() {
    let dir = policy_dir(false);
    setup_csv(&dir);
    dir.write("in2.csv", "person_id,code\nP-3,111111111\n");
    let args = ["--ledger", "l.jsonl", "--reference", "R-1"];
    police(&dir, "in.csv", "a.csv", &args).run().success();
    police(&dir, "in2.csv", "b.csv", &args).run().success();
    // The same input again in the same second: a new prev, a new ID.
    police(&dir, "in.csv", "c.csv", &args).run().success();
    let ids: Vec<String> = ["a", "b", "c"]
        .iter()
        .map(|n| {
            dir.json(format!("{n}.csv.manifest.json"))["disclosure_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "{ids:?}"
    );
    let entries = ledger_lines(&dir, "l.jsonl");
    for (n, entry) in ["a", "b", "c"].iter().zip(&entries) {
        let m = dir.json(format!("{n}.csv.manifest.json"));
        let mut text = String::new();
        let mut line = |s: &str| {
            text.push_str(s);
            text.push('\n');
        };
        line(m["created_at"].as_str().unwrap());
        line(m["recipient"]["id"].as_str().unwrap());
        line(m["basis"]["id"].as_str().unwrap());
        line(m["basis"]["reference"].as_str().unwrap_or(""));
        line(m["policy"]["sha256"].as_str().unwrap());
        for f in m["inputs"].as_array().unwrap() {
            line(f["sha256"].as_str().unwrap());
        }
        for f in m["outputs"].as_array().unwrap() {
            line(f["sha256"].as_str().unwrap());
        }
        for s in m["subjects"].as_array().unwrap() {
            line(s.as_str().unwrap());
        }
        line(entry["prev"].as_str().unwrap());
        assert_eq!(m["disclosure_id"], sha256(&text)[..32], "{n}");
        assert_eq!(entry["disclosure_id"], m["disclosure_id"]);
    }
    assert_eq!(entries[0]["prev"], "0".repeat(64));
}

// ---- values -----------------------------------------------------------------

#[test]
fn short_values_are_masked_whole_and_odd_years_are_unprocessable() {
    let dir = policy_dir(false);
    dir.write(
        "in.csv",
        "person_id,code,dob\nP-1,12,+1964-01-02\nP-2,1234,01964-01-02\nP-3,12345,1964-01-02\n",
    );
    let run = police(&dir, "in.csv", "out.csv", &[]).run().success();
    run.never_says("1964");
    assert_eq!(
        dir.read("out.csv"),
        "person_id,code,dob\nP-1,**,[WITHHELD]\nP-2,****,[WITHHELD]\nP-3,*2345,1964\n"
    );
}

#[test]
fn only_json_white_space_separates_records() {
    let dir = policy_dir(false);
    dir.write(
        "ff.ndjson",
        "{\"person_id\":\"P-1\"}\n\u{000C}\n{\"person_id\":\"P-2\"}\n",
    );
    police(&dir, "ff.ndjson", "a.ndjson", &[])
        .run()
        .expect_code(2);
    dir.write(
        "ff.json",
        "[{\"person_id\":\"P-1\"},\u{000C}{\"person_id\":\"P-2\"}]",
    );
    police(&dir, "ff.json", "a.json", &[]).run().expect_code(2);
    dir.write(
        "ok.json",
        "[{\"person_id\":\"P-1\"},\r\n\t {\"person_id\":\"P-2\"}]",
    );
    police(&dir, "ok.json", "b.json", &[]).run().success();
}

// ---- check --------------------------------------------------------------------

#[test]
fn check_reports_look_alikes_and_shape_mismatches() {
    let dir = policy_dir(false);
    dir.write(
        "sample.ndjson",
        format!(
            "{{\"person_id\":\"P-1\",\"person\":{{\"SSN\":\"{SSN}\"}},\"notes\":\"Ann relapsed\"}}\n"
        ),
    );
    let out = dir
        .cmd(&[
            "check",
            "--policy",
            "policy.toml",
            "--json",
            "sample.ndjson",
        ])
        .run()
        .expect_code(1);
    assert!(!out.all().contains(SSN) && !out.all().contains("relapsed"));
    let report = out.stdout_json();
    let kinds: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"look_alike"), "{report:#}");
    assert!(kinds.contains(&"shape"), "{report:#}");
    let text = dir
        .cmd(&["check", "--policy", "policy.toml", "sample.ndjson"])
        .run()
        .expect_code(1);
    text.expect_stdout_contains("looks like the classified field \"person.ssn\"");
    dir.write("sample.csv", "person_id,notes\nP-1,x\n");
    let report = dir
        .cmd(&["check", "--policy", "policy.toml", "--json", "sample.csv"])
        .run()
        .expect_code(1)
        .stdout_json();
    assert!(
        report["findings"].to_string().contains("\"shape\""),
        "{report:#}"
    );
}

/// The issue's own examples, against the shipped sample policy.
#[test]
fn the_sample_policy_withholds_look_alike_ssns() {
    let dir = Dir::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for name in ["policy.toml", "providers.txt"] {
        dir.write(name, std::fs::read(root.join(name)).unwrap());
    }
    for (i, key) in ["SSN", "ss\u{200B}n", "ｓｓｎ"].iter().enumerate() {
        let record = serde_json::json!({
            "person_id": "P-000001",
            "person": {"name": "Joshua Mitchell", *key: SSN},
        });
        dir.write(format!("in{i}.json"), format!("[{record}]"));
        apply_to(
            &dir,
            "columbus-police",
            "safety",
            &["-o", &format!("o{i}.json")],
        )
        .args(&[
            "--justification",
            "imminent threat",
            "--subject",
            "P-000001",
            &format!("in{i}.json"),
        ])
        .run()
        .expect_code(2)
        .stderr_has("person.ssn")
        .never_says(SSN);
    }
    let _ = EPOCH;
}

/// The treatment provider and the auditor of the sample policy cannot join
/// their files by pseudonym.
#[test]
fn the_sample_policy_keeps_recipients_pseudonyms_apart() {
    let dir = Dir::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for name in [
        "policy.toml",
        "providers.txt",
        "consents.csv",
        "cases.csv",
        "demo.key",
    ] {
        dir.write(name, std::fs::read(root.join(name)).unwrap());
    }
    let pseudonyms =
        |to: &str, basis: &str, extra: &[&str]| -> std::collections::BTreeSet<String> {
            let out = apply_to(
                &dir,
                to,
                basis,
                &["-o", &format!("{to}.csv"), "--key-file", "demo.key"],
            )
            .args(extra)
            .arg("cases.csv")
            .run()
            .success();
            drop(out);
            dir.read(format!("{to}.csv"))
                .lines()
                .skip(1)
                .filter_map(|l| l.split(',').next())
                .filter(|id| id.starts_with("PSN-"))
                .map(str::to_string)
                .collect()
        };
    let provider = pseudonyms("treatment-provider", "consent", &[]);
    let auditor = pseudonyms("state-auditor", "audit", &["--reference", "A-1"]);
    assert!(!provider.is_empty() && !auditor.is_empty());
    assert!(
        provider.is_disjoint(&auditor),
        "the two files share pseudonyms"
    );
}

/// Killed while it waits for the ledger's lock (another run holds it):
/// nothing is delivered and nothing recorded.
#[test]
fn killed_while_waiting_for_the_ledger_nothing_is_delivered() {
    let dir = policy_dir(false);
    setup_csv(&dir);
    dir.write("l.jsonl", "");
    // Another holder of the ledger's lock.
    let mut holder = Command::new("flock")
        .arg(dir.join("l.jsonl"))
        .args(["sleep", "30"])
        .spawn()
        .expect("flock");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let mut running = police(&dir, "in.csv", "out.csv", &["--ledger", "l.jsonl", "-q"]).spawn();
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert!(!running.has_exited(), "it did not wait for the lock");
    let _ = running.kill();
    let _ = holder.kill();
    let _ = holder.wait();
    assert!(!dir.exists("out.csv"));
    assert!(!dir.exists("out.csv.manifest.json"));
    assert_eq!(dir.read("l.jsonl"), "");
}

/// CSV columns the policy does not classify are named in the manifest only
/// when a record was disclosed; a header that may be data by position.
#[test]
fn unclassified_csv_columns_are_named_only_for_disclosed_records() {
    let dir = policy_dir(true);
    dir.write("in.csv", "person_id,extra,614-555-0182\nP-1,a,b\nP-2,c,d\n");
    police(
        &dir,
        "in.csv",
        "none.csv",
        &["--allow-empty", "--subject", "P-9"],
    )
    .run()
    .success();
    assert_eq!(
        dir.json("none.csv.manifest.json")["unclassified_dropped"],
        serde_json::json!([])
    );
    police(&dir, "in.csv", "one.csv", &["--subject", "P-1"])
        .run()
        .success();
    assert_eq!(
        dir.json("one.csv.manifest.json")["unclassified_dropped"],
        serde_json::json!(["<column 3>", "extra"])
    );
}

/// A key that the free-text detectors find (a person's name) is data, even
/// when the policy's rules use no detector.
#[test]
fn keys_that_detectors_find_are_shown_by_position() {
    let dir = policy_dir(false);
    dir.write(
        "in.ndjson",
        "{\"person_id\":\"P-1\",\"Joshua Mitchell\":1}\n",
    );
    police(&dir, "in.ndjson", "out.ndjson", &[])
        .run()
        .expect_code(2)
        .stderr_has("\"<key 2>\" is not classified")
        .never_says("Mitchell");
    dir.write("ok.ndjson", "{\"person_id\":\"P-1\",\"home address\":1}\n");
    police(&dir, "ok.ndjson", "out.ndjson", &[])
        .run()
        .expect_code(2)
        .stderr_has("\"home address\" is not classified");
}
