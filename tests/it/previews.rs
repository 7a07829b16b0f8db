//! Honest previews and starter policies: `plan` shows only the notices a
//! disclosure carries, `check` is quiet when clean and can fail on
//! warnings, `init` marks what a person must supply, and completions offer
//! the ids of the policy on the command line.

use crate::util::{Dir, setup};

#[test]
fn plan_lists_a_category_notice_only_where_the_category_is_disclosed() {
    let dir = Dir::new();
    dir.copy_fixtures();
    // The court redacts substance use: no 42 CFR part 2 notice.
    dir.cmd(&[
        "plan",
        "--policy",
        "fixtures/policy.toml",
        "--to",
        "district-court",
        "--basis",
        "court-order",
    ])
    .run()
    .success()
    .never_says("[category substance_use]")
    .expect_stdout_contains("[profile]");
    let json = dir
        .cmd(&[
            "plan",
            "--policy",
            "fixtures/policy.toml",
            "--to",
            "district-court",
            "--basis",
            "court-order",
            "--json",
        ])
        .run()
        .success()
        .stdout_json();
    assert_eq!(json["notices"].as_array().unwrap().len(), 1, "{json}");
    // The treatment provider keeps it: the notice is listed.
    dir.cmd(&[
        "plan",
        "--policy",
        "fixtures/policy.toml",
        "--to",
        "treatment-provider",
        "--basis",
        "consent",
    ])
    .run()
    .success()
    .expect_stdout_contains("[category substance_use]");
}

#[test]
fn check_quiet_prints_nothing_when_clean() {
    let dir = Dir::new();
    setup(&dir);
    dir.write(
        "policy.toml",
        crate::util::with_setting(&crate::util::small_policy(), "ledger = \"l.jsonl\""),
    );
    let out = dir
        .cmd(&["check", "-q", "--policy", "policy.toml", "cases.csv"])
        .run()
        .success();
    assert_eq!(out.all(), "", "{}", out.dump());
    let out = dir
        .cmd(&["check", "-q", "--policy", "policy.toml"])
        .run()
        .success();
    assert_eq!(out.all(), "", "{}", out.dump());
}

#[test]
fn dead_rules_are_summarised_per_profile_and_deny_warnings_fails() {
    let dir = Dir::new();
    dir.copy_fixtures();
    // The CSV sample lacks every nested path the JSON rules name.
    let out = dir
        .cmd(&[
            "check",
            "--policy",
            "fixtures/policy.toml",
            "fixtures/cases.csv",
        ])
        .run()
        .success();
    let stderr = out.stderr();
    let dead: Vec<&str> = stderr.lines().filter(|l| l.contains("dead rule")).collect();
    assert!(!dead.is_empty(), "{}", out.dump());
    // One line per profile at most.
    let profiles: std::collections::BTreeSet<&str> = dead
        .iter()
        .map(|l| l.split(": ").nth(2).unwrap_or(""))
        .collect();
    assert_eq!(
        profiles.len(),
        dead.len(),
        "one line per profile: {dead:#?}"
    );
    assert!(
        dead[0].contains("field(s) that no sample contains"),
        "{dead:#?}"
    );
    let out = dir
        .cmd(&[
            "check",
            "--deny-warnings",
            "--policy",
            "fixtures/policy.toml",
            "fixtures/cases.csv",
        ])
        .run()
        .expect_code(1);
    assert!(out.stdout().contains("FINDING dead rule"), "{}", out.dump());
    assert!(out.stdout().contains("check FAILED"), "{}", out.dump());
}

#[test]
fn init_marks_what_a_person_must_supply_and_apply_plan_and_check_say_so() {
    let dir = Dir::new();
    dir.copy_fixtures();
    dir.cmd(&["init", "fixtures/cases.csv", "-o", "starter.toml"])
        .run()
        .success();
    let text = dir.read("starter.toml");
    assert!(
        text.contains("\nledger = \"disclosures.ledger.jsonl\"\n"),
        "{text}"
    );
    for line in text.lines().filter(|l| l.contains("= \"REPLACE")) {
        let before = &text[..text.find(line).unwrap()];
        let comment = before.lines().last().unwrap_or("");
        assert!(comment.starts_with('#'), "{line} has no comment above it");
    }
    let out = dir
        .cmd(&["check", "--policy", "starter.toml"])
        .run()
        .expect_code(1);
    assert!(
        out.stdout().contains("FINDING placeholder"),
        "{}",
        out.dump()
    );
    assert!(
        out.stdout()
            .contains("agency: still holds the placeholder REPLACE"),
        "{}",
        out.dump()
    );
    assert!(
        out.stdout().contains("recipients.example-recipient.name"),
        "{}",
        out.dump()
    );
    for command in [
        vec![
            "plan",
            "--policy",
            "starter.toml",
            "--to",
            "example-recipient",
            "--basis",
            "example-basis",
        ],
        vec![
            "apply",
            "--policy",
            "starter.toml",
            "--to",
            "example-recipient",
            "--basis",
            "example-basis",
            "--reference",
            "R",
            "--subject",
            "P-000001",
            "-o",
            "out.csv",
            "fixtures/cases.csv",
        ],
    ] {
        dir.cmd(&command)
            .run()
            .expect_code(2)
            .stderr_has("starter.toml:")
            .stderr_has(": agency: still holds the placeholder REPLACE");
    }
    assert!(!dir.exists("out.csv"));
}

#[test]
fn init_files_city_state_and_zip_under_identifiers_and_never_as_numbers() {
    let dir = Dir::new();
    dir.write(
        "s.csv",
        "person_id,street,city,state,zip,postal_code\nP-1,1 Main St,Columbus,OH,43215,43215\nP-2,2 Elm St,Dayton,OH,45402,45402\n",
    );
    let out = dir.cmd(&["init", "s.csv"]).run().success();
    let text = out.stdout();
    let line = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("no line for {key}:\n{text}"))
            .to_string()
    };
    for key in ["city", "zip", "postal_code"] {
        assert!(
            line(key).contains("{ category = \"identifiers\", kind = \"address\" }"),
            "{}",
            line(key)
        );
    }
    assert!(
        line("state").contains("{ category = \"identifiers\" }"),
        "{}",
        line("state")
    );
    assert!(!text.contains("kind = \"number\""), "{text}");
}

#[test]
fn completions_offer_the_ids_of_the_policy_on_the_command_line() {
    let dir = Dir::new();
    setup(&dir);
    let complete = |words: &[&str]| {
        let mut args = vec!["--", "disclose"];
        args.extend(words);
        dir.cmd(&args)
            .env("_DISCLOSE_COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", (words.len()).to_string())
            .env("_CLAP_IFS", "\n")
            .run()
            .success()
            .stdout()
    };
    let to = complete(&["plan", "--policy", "policy.toml", "--to", ""]);
    assert_eq!(to.lines().collect::<Vec<_>>(), ["court", "police"], "{to}");
    let basis = complete(&[
        "apply",
        "--policy",
        "policy.toml",
        "--to",
        "court",
        "--basis",
        "s",
    ]);
    assert_eq!(basis.trim(), "safety");
    let profile = complete(&["check", "--policy=policy.toml", "--profile", "police:"]);
    assert_eq!(
        profile.lines().collect::<Vec<_>>(),
        ["police:order", "police:safety"],
        "{profile}"
    );
    // Without a policy, nothing (rather than file names).
    assert_eq!(complete(&["plan", "--to", ""]).trim(), "");
    for shell in ["bash", "zsh", "fish"] {
        let script = dir.cmd(&["completions", shell]).run().success().stdout();
        assert!(script.contains("_DISCLOSE_COMPLETE"), "{shell}: {script}");
    }
}

#[test]
fn the_readme_says_how_to_install_man_pages_and_what_to_do_with_an_excel_export() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    for needle in [
        "`cargo install` installs only the binary",
        "cp man/*.1 ~/.local/share/man/man1/",
        "## An export from Excel",
        "CSV UTF-8 (Comma delimited)",
        "--delimiter ';'",
        "--encoding windows-1252",
        "--bom",
        "_DISCLOSE_COMPLETE",
    ] {
        assert!(readme.contains(needle), "the README lacks {needle:?}");
    }
}
