//! Attacks of an outside review on the shipped policy
//! (`fixtures/policy.toml`) with small hand-made exports: each test is a
//! way a value reached a place it must not reach.

use crate::util::Dir;

/// A directory with the repository's fixtures (policy, registry, term
/// lists) at its top, and `name` holding `input`.
fn fixtures_with(name: &str, input: &str) -> Dir {
    let dir = Dir::new();
    for entry in std::fs::read_dir(crate::util::fixtures()).expect("fixtures") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
        }
    }
    dir.write(name, input);
    dir
}

/// `apply` of the state auditor's profile (no field of it is scrubbed).
fn audit(dir: &Dir, policy: &str, input: &str) -> crate::util::Output {
    dir.cmd(&[
        "apply",
        "--policy",
        policy,
        "--to",
        "state-auditor",
        "--basis",
        "audit",
        "--reference",
        "A-1",
        "--ledger",
        "audit.ledger",
        "-o",
        "out.json",
        input,
    ])
    .env("DISCLOSE_KEY", "0123456789abcdef0123")
    .run()
}

// A name used as a key is data: it must not be printed or recorded even
// when the profile scrubs nothing (its detectors are then not compiled).
#[test]
fn name_as_key_is_hidden_under_a_profile_without_scrub() {
    let input = r#"[{"person_id":"P-000001","Joshua Mitchell":"x"}]"#;
    let dir = fixtures_with("k.json", input);
    let out = audit(&dir, "policy.toml", "k.json").expect_code(2);
    assert!(!out.all().contains("Mitchell"), "{}", out.dump());
    assert!(out.stderr().contains("<key 2>"), "{}", out.dump());

    let policy =
        dir.read("policy.toml")
            .replacen("unclassified = \"error\"", "unclassified = \"drop\"", 1);
    dir.write("drop.toml", policy);
    let out = audit(&dir, "drop.toml", "k.json").success();
    assert!(!out.all().contains("Mitchell"), "{}", out.dump());
    let manifest = dir.read("out.json.manifest.json");
    assert!(!manifest.contains("Mitchell"), "{manifest}");
    assert!(!dir.read("audit.ledger").contains("Mitchell"));
}
