//! The README's commands run, in order, on a copy of the fixtures, so the
//! tutorial never rots. A command may end with `# exit N` when it shows a
//! failure on purpose.

use std::process::Command;

use crate::util::{Dir, EPOCH, bin};

/// The commands of the README's `sh` blocks, one per line, with the exit
/// status each expects.
fn commands(readme: &str) -> Vec<(String, i32)> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        let line = line.trim();
        if !in_sh || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (command, code) = match line.rsplit_once("# exit ") {
            Some((command, code)) => (command.trim(), code.trim().parse().expect("an exit status")),
            None => (line, 0),
        };
        out.push((command.replace("cargo run --release --", "disclose"), code));
    }
    out
}

#[test]
fn readme_commands_run_as_written() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let commands = commands(&readme);
    assert!(commands.len() >= 15, "the README has lost its examples");
    let dir = Dir::new();
    dir.copy_fixtures();
    let bin_dir = bin().parent().expect("bin dir").to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let mut ran = 0;
    for (command, expected) in &commands {
        if command.starts_with("cargo ") {
            continue; // building and testing: what this test is part of
        }
        let out = Command::new("sh")
            .args(["-ec", command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("SOURCE_DATE_EPOCH", EPOCH.to_string())
            .env_remove("DISCLOSE_KEY")
            .output()
            .expect("run sh");
        assert_eq!(
            out.status.code(),
            Some(*expected),
            "README command failed: {command}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 12);
    // The quick start's disclosure is there, with its manifest and ledger.
    assert!(dir.exists("out/cases.csv") && dir.exists("out/manifest.json"));
    // The quick start can be run again, and what it writes is ignored by git.
    let (first, _) = &commands[0];
    let again = Command::new("sh")
        .args(["-ec", first])
        .current_dir(dir.path())
        .env("PATH", &path)
        .env("SOURCE_DATE_EPOCH", EPOCH.to_string())
        .env_remove("DISCLOSE_KEY")
        .output()
        .expect("run sh");
    assert!(
        again.status.success(),
        "the README's first command fails the second time: {}",
        String::from_utf8_lossy(&again.stderr)
    );
    let ignore = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.gitignore"))
        .expect("ignore");
    for line in ["/out/", "/fixtures/disclosures.ledger.jsonl"] {
        assert!(ignore.lines().any(|l| l == line), ".gitignore lacks {line}");
    }
    assert!(
        dir.read("fixtures/disclosures.ledger.jsonl")
            .lines()
            .count()
            >= 4
    );
    let summary = dir.json("audit.summary.json");
    assert_eq!(summary["recipient"], "state-auditor");
}
