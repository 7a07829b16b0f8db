//! The pseudonymization key never leaves the process: not in an output, a
//! manifest, a ledger, a message, `--help`, or the command line that other
//! users see in /proc/PID/cmdline (the key comes from a file or the
//! environment, never from a flag). Only its fingerprint is recorded.
//!
//! By design, /proc/PID/environ of a run holds DISCLOSE_KEY when the key is
//! given that way; it is readable only by the same user (and root). Use
//! --key-file to keep it out of the environment.

use std::io::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{Cmd, Dir, court_order, fifo_writer, setup, small_policy, with_profile_fields};

/// A key that would be easy to spot anywhere.
const KEY: &str = "K3y-NEVER-PRINTED-0123456789abcdef";

/// The shared policy, with person_id pseudonymized and a ledger.
fn pseudonymizing_policy() -> String {
    with_profile_fields(
        &small_policy(),
        "person_id = { action = \"pseudonymize\", domain = \"person\" }",
    )
}

fn key_dir() -> Dir {
    let dir = Dir::new();
    setup(&dir);
    dir.write("policy.toml", pseudonymizing_policy());
    dir.write("key", format!("{KEY}\n"));
    dir
}

/// Every file in the directory (recursively) that contains the key.
fn files_with_key(dir: &Dir) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && path.file_name().is_some_and(|n| n != "key") {
                let bytes = std::fs::read(&path).unwrap();
                if bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()) {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    found
}

#[test]
fn the_key_is_in_no_output_manifest_ledger_or_message() {
    for via_env in [false, true] {
        let dir = key_dir();
        let with_key = |cmd: Cmd| {
            if via_env {
                cmd.env("DISCLOSE_KEY", KEY)
            } else {
                cmd
            }
        };
        let run = |args: &[&str]| with_key(dir.cmd(args));
        let key_args: &[&str] = if via_env { &[] } else { &["--key-file", "key"] };
        let apply = |output: &str, input: &str, extra: &[&str]| {
            let cmd = court_order(&dir, &["--ledger", "l.jsonl", "-o", output]);
            with_key(cmd.args(key_args).args(extra).arg(input)).run()
        };
        apply("out.csv", "cases.csv", &["--json", "--notice-out", "n.txt"])
            .success()
            .never_says(KEY);
        let manifest = dir.json("out.csv.manifest.json");
        assert_eq!(manifest["key_fingerprint"].as_str().unwrap().len(), 16);
        apply("-", "cases.csv", &["--manifest", "m2.json"])
            .success()
            .never_says(KEY);
        // Errors, on the way in and out.
        dir.write("bad.csv", "person_id,name,offense\nP-1,a\n");
        apply("bad.out.csv", "bad.csv", &[])
            .expect_code(2)
            .never_says(KEY);
        apply("out.csv", "cases.csv", &[])
            .expect_code(2)
            .stderr_has("already exists")
            .never_says(KEY);
        // Every other command that reads the same files.
        let mut check = vec!["check", "--policy", "policy.toml"];
        check.extend_from_slice(key_args);
        check.push("cases.csv");
        run(&check).run().success().never_says(KEY);
        for args in [
            &[
                "plan",
                "--policy",
                "policy.toml",
                "--to",
                "court",
                "--basis",
                "order",
            ][..],
            &["verify", "out.csv.manifest.json", "--ledger", "l.jsonl"],
            &["ledger", "verify", "l.jsonl"],
            &["ledger", "show", "l.jsonl", "--json"],
            &["--help"],
            &["apply", "--help"],
            &["check", "--help"],
        ] {
            let out = run(args).run();
            assert!(out.code() == 0, "{args:?}{}", out.dump());
            out.never_says(KEY);
        }
        assert_eq!(
            files_with_key(&dir),
            Vec::<String>::new(),
            "via env: {via_env}"
        );
    }
}

#[test]
fn the_key_is_not_on_the_command_line_or_in_the_environment_of_a_run() {
    let dir = key_dir();
    let status = Command::new("mkfifo")
        .arg(dir.join("in.fifo"))
        .status()
        .unwrap();
    assert!(status.success());
    let running = court_order(
        &dir,
        &[
            "--key-file",
            "key",
            "--format",
            "csv",
            "-o",
            "out.csv",
            "in.fifo",
        ],
    )
    .spawn();
    // The run has read its key and waits for its input.
    let (running, mut fifo) = fifo_writer(&dir.join("in.fifo"), running);
    fifo.write_all(b"person_id,name,offense\nP-1,a,x\n")
        .unwrap();
    let proc = format!("/proc/{}", running.id());
    let start = Instant::now();
    let cmdline = loop {
        let c = std::fs::read(format!("{proc}/cmdline")).unwrap();
        if !c.is_empty() || start.elapsed() > Duration::from_secs(10) {
            break c;
        }
    };
    let environ = std::fs::read(format!("{proc}/environ")).unwrap();
    let shown = String::from_utf8_lossy(&cmdline).replace('\0', " ");
    assert!(shown.contains("--key-file key"), "{shown}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(!environ.windows(KEY.len()).any(|w| w == KEY.as_bytes()));
    drop(fifo);
    running.wait().success().never_says(KEY);
    assert_eq!(files_with_key(&dir), Vec::<String>::new());
}

#[test]
fn a_bad_key_is_named_never_shown() {
    let dir = key_dir();
    let apply = |key_args: &[&str]| {
        court_order(&dir, &["-o", "out.csv"])
            .args(key_args)
            .arg("cases.csv")
    };
    dir.write("short", "short-secret\n");
    apply(&["--key-file", "short"])
        .run()
        .expect_code(2)
        .stderr_has(
            "key file short: the pseudonymization key is 12 bytes long; it must be at least 16",
        )
        .never_says("short-secret");
    dir.write("binary", b"\xffsecret\x00\xfe");
    apply(&["--key-file", "binary"])
        .run()
        .expect_code(2)
        .stderr_has("key file binary")
        .never_says("secret");
    dir.mkdir("key-dir");
    apply(&["--key-file", "key-dir"])
        .run()
        .expect_code(2)
        .stderr_has("cannot read key file key-dir");
    // A device that never ends is refused after 64 KiB, not read until
    // memory runs out.
    let start = Instant::now();
    apply(&["--key-file", "/dev/zero"])
        .run()
        .expect_code(2)
        .stderr_has("key file /dev/zero is larger than 64 KiB");
    assert!(start.elapsed() < Duration::from_secs(10));
    apply(&[])
        .env("DISCLOSE_KEY", "env-secret")
        .run()
        .expect_code(2)
        .stderr_has("the key in DISCLOSE_KEY: the pseudonymization key is 10 bytes long")
        .never_says("env-secret");
    use std::os::unix::ffi::OsStrExt as _;
    apply(&[])
        .env(
            "DISCLOSE_KEY",
            std::ffi::OsStr::from_bytes(b"env-secret-\xff-0123456789"),
        )
        .run()
        .expect_code(2)
        .stderr_has("DISCLOSE_KEY is not valid UTF-8")
        .never_says("env-secret");
    assert!(!dir.exists("out.csv"));
}
