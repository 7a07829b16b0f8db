//! `disclose verify`: the files a manifest lists, and its ledger entry.

use serde_json::json;

use crate::util::{Dir, apply, setup};

/// One disclosure: `out.csv` and `out.csv.manifest.json`, recorded in
/// `ledger.jsonl`.
fn disclosed() -> Dir {
    let dir = Dir::new();
    setup(&dir);
    apply(
        &dir,
        "court",
        "order",
        "out.csv",
        &["--ledger", "ledger.jsonl"],
    )
    .run()
    .check_code(0);
    dir
}

#[test]
fn an_unchanged_disclosure_verifies() {
    let dir = disclosed();
    let run = dir.cmd(&["verify", "out.csv.manifest.json"]).run();
    run.check_code(0)
        .expect_stdout_contains("ok        input   ")
        .expect_stdout_contains("ok        output  out.csv\n")
        .expect_stdout_contains("manifest OK: out.csv.manifest.json: 2 ok\n");

    let report = dir
        .cmd(&["verify", "--json", "out.csv.manifest.json"])
        .run()
        .check_code(0)
        .json();
    assert_eq!(report["ok"], true);
    assert_eq!(report["ledger"], json!(null));
    assert_eq!(report["files"][1]["role"], "output");
    assert_eq!(report["files"][1]["status"], "ok");
    assert_eq!(report["files"][1]["found"], report["files"][1]["expected"]);
    assert_eq!(
        report["counts"],
        json!({"ok": 2, "mismatch": 0, "missing": 0, "skipped": 0, "error": 0})
    );
}

#[test]
fn a_changed_byte_is_a_mismatch() {
    let dir = disclosed();
    let mut bytes = dir.read_bytes("out.csv");
    let last = bytes.len() - 2;
    bytes[last] ^= 0x01;
    dir.write("out.csv", &bytes);
    let run = dir.cmd(&["verify", "out.csv.manifest.json"]).run();
    run.check_code(1)
        .expect_stdout_contains("ok        input   ")
        .expect_stdout_contains("MISMATCH  output  out.csv: SHA-256 differs\n")
        .expect_stdout_contains("manifest FAILED: out.csv.manifest.json: 1 ok, 1 mismatched");
}

#[test]
fn a_truncated_file_is_a_mismatch_of_size_and_hash() {
    let dir = disclosed();
    let bytes = dir.read_bytes("out.csv");
    dir.write("out.csv", &bytes[..bytes.len() - 5]);
    dir.cmd(&["verify", "out.csv.manifest.json"])
        .run()
        .check_code(1)
        .expect_stdout_contains(&format!(
            "MISMATCH  output  out.csv: {} bytes listed, {} found; SHA-256 differs",
            bytes.len(),
            bytes.len() - 5
        ));
}

#[test]
fn every_missing_or_changed_file_is_named() {
    let dir = disclosed();
    std::fs::remove_file(dir.join("out.csv")).unwrap();
    dir.write("cases.csv", "person_id,name,offense\n");
    let run = dir.cmd(&["verify", "out.csv.manifest.json"]).run();
    run.check_code(1)
        .expect_stdout_contains("MISMATCH  input   ")
        .expect_stdout_contains("MISSING   output  out.csv: no such file\n");
    let report = dir
        .cmd(&["verify", "--json", "out.csv.manifest.json"])
        .run()
        .check_code(1)
        .json();
    assert_eq!(report["files"][0]["status"], "mismatch");
    assert_eq!(report["files"][1]["status"], "missing");
    assert_eq!(report["files"][1]["found"], json!(null));
}

#[test]
fn a_manifest_moved_with_its_files_still_verifies() {
    let dir = Dir::new();
    dir.write("work/policy.toml", crate::util::small_policy());
    dir.write("work/in/cases.csv", crate::util::fixture("small.csv"));
    dir.mkdir("work/pkg");
    dir.cmd(&[
        "apply",
        "--policy",
        "work/policy.toml",
        "--to",
        "court",
        "--basis",
        "order",
        "-o",
        "work/pkg/out.csv",
        "work/in/cases.csv",
    ])
    .epoch(crate::util::EPOCH)
    .run()
    .check_code(0);
    let manifest: serde_json::Value =
        serde_json::from_slice(&dir.read_bytes("work/pkg/out.csv.manifest.json")).unwrap();
    // Inputs stay where the case system keeps them: recorded absolute.
    // Outputs travel with the manifest: recorded relative to it.
    let input = dir.join("work/in/cases.csv").canonicalize().unwrap();
    assert_eq!(manifest["inputs"][0]["path"], input.display().to_string());
    assert_eq!(manifest["outputs"][0]["path"], "out.csv");

    // The package (manifest and outputs) moves; verify runs from elsewhere.
    dir.mkdir("cwd");
    std::fs::rename(dir.join("work/pkg"), dir.join("archive")).unwrap();
    dir.cmd(&["verify", "../archive/out.csv.manifest.json"])
        .current_dir(dir.join("cwd"))
        .run()
        .check_code(0)
        .expect_stdout_contains("ok        output  ../archive/out.csv\n")
        .expect_stdout_contains("manifest OK: ../archive/out.csv.manifest.json: 2 ok");

    // The input moves away too: it is missing, unless only outputs are checked.
    std::fs::rename(dir.join("work/in"), dir.join("moved-in")).unwrap();
    dir.cmd(&["verify", "archive/out.csv.manifest.json"])
        .run()
        .check_code(1)
        .expect_stdout_contains("MISSING   input   ")
        .expect_stdout_contains("ok        output  archive/out.csv");
    dir.cmd(&["verify", "--outputs-only", "archive/out.csv.manifest.json"])
        .run()
        .check_code(0)
        .expect_stdout_contains("skipped   input   ")
        .expect_stdout_contains("manifest OK: archive/out.csv.manifest.json: 1 ok, 1 skipped");
}

#[test]
fn standard_output_is_skipped_not_failed() {
    let dir = Dir::new();
    setup(&dir);
    apply(&dir, "court", "order", "-", &["--manifest", "m.json"])
        .run()
        .check_code(0);
    dir.cmd(&["verify", "m.json"])
        .run()
        .check_code(0)
        .expect_stdout_contains("skipped   output  -: standard output cannot be read again")
        .expect_stdout_contains("manifest OK: m.json: 1 ok, 1 skipped");
}

#[test]
fn with_a_ledger_the_manifest_must_be_recorded() {
    let dir = disclosed();
    dir.cmd(&[
        "verify",
        "out.csv.manifest.json",
        "--ledger",
        "ledger.jsonl",
    ])
    .run()
    .check_code(0)
    .expect_stdout_contains("ok        ledger  ledger.jsonl: recorded as seq 1\n");

    // A disclosure that was never recorded.
    apply(&dir, "police", "safety", "other.csv", &[])
        .run()
        .check_code(0);
    let run = dir
        .cmd(&[
            "verify",
            "other.csv.manifest.json",
            "--ledger",
            "ledger.jsonl",
        ])
        .run();
    run.check_code(1)
        .expect_stdout_contains("ok        output  other.csv\n")
        .expect_stdout_contains(
            "MISSING   ledger  ledger.jsonl: no entry has this manifest's SHA-256\n",
        )
        .expect_stdout_contains("not recorded in the ledger");
    let report = dir
        .cmd(&[
            "verify",
            "--json",
            "other.csv.manifest.json",
            "--ledger",
            "ledger.jsonl",
        ])
        .run()
        .check_code(1)
        .json();
    assert_eq!(report["ledger"]["recorded"], false);

    // The manifest changed after it was recorded (still valid JSON).
    let mut manifest = dir.read_bytes("out.csv.manifest.json");
    manifest.push(b'\n');
    dir.write("out.csv.manifest.json", &manifest);
    dir.cmd(&[
        "verify",
        "out.csv.manifest.json",
        "--ledger",
        "ledger.jsonl",
    ])
    .run()
    .check_code(1)
    .expect_stdout_contains("seq 1 has its disclosure_id (was the manifest changed?)");
}

#[test]
fn the_ledger_entry_must_carry_the_manifests_disclosure_id() {
    let dir = disclosed();
    let ledger = dir.read("ledger.jsonl");
    let entry: serde_json::Value = serde_json::from_str(ledger.trim_end()).unwrap();
    let id = entry["disclosure_id"].as_str().unwrap();
    dir.write("ledger.jsonl", ledger.replace(id, &"0".repeat(32)));
    dir.cmd(&["verify", "out.csv.manifest.json", "--ledger", "ledger.jsonl"])
        .run()
        .check_code(1)
        .expect_stdout_contains("MISMATCH  ledger  ledger.jsonl: the entry with this manifest's SHA-256 (seq 1, line 1) names another disclosure_id");
}

#[test]
fn a_missing_or_malformed_manifest_is_an_error() {
    let dir = disclosed();
    dir.cmd(&["verify", "nope.json"])
        .run()
        .check_code(2)
        .expect_stderr_contains("error: cannot open manifest nope.json");
    dir.write("bad.json", "{\"manifest_version\": 1, \"inputs\": [");
    dir.cmd(&["verify", "bad.json"])
        .run()
        .check_code(2)
        .expect_stderr_contains("manifest bad.json is malformed");
    dir.write("nolists.json", "{\"manifest_version\": 1, \"inputs\": []}");
    dir.cmd(&["verify", "nolists.json"])
        .run()
        .check_code(2)
        .expect_stderr_contains("missing field `outputs`");
    let manifest = dir.read("out.csv.manifest.json");
    dir.write(
        "v2.json",
        manifest.replace("\"manifest_version\": 1", "\"manifest_version\": 2"),
    );
    dir.cmd(&["verify", "v2.json"])
        .run()
        .check_code(2)
        .expect_stderr_contains("manifest_version 2");
    dir.cmd(&["verify", "out.csv.manifest.json", "--ledger", "nope.jsonl"])
        .run()
        .check_code(2)
        .expect_stderr_contains("cannot open ledger nope.jsonl");
}
