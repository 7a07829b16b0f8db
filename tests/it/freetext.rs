//! Free text through the binary (SPEC 8.3): the detectors on the normal
//! view, the subject's own identifiers in any variant, and allow-list mode
//! from the policy or a rule.

use crate::util::Dir;

const POLICY: &str = r#"version = 1
agency = "Free text"
subject_field = "person_id"
unclassified = "error"

[categories]
identifiers = "Personal identifiers"
supervision = "Supervision notes"

[fields]
person_id = { category = "identifiers" }
full_name = { category = "identifiers", kind = "name" }
address = { category = "identifiers", kind = "address" }
notes = { category = "supervision", kind = "text" }

[recipients.court]
name = "Court"

[bases.order]
description = "Court order"
{scrub}
[[profiles]]
recipient = "court"
basis = "order"
[profiles.fields]
person_id = "keep"
notes = {rule}
"#;

fn run(scrub: &str, rule: &str, notes: &[&str]) -> Vec<String> {
    let dir = Dir::new();
    dir.write(
        "p.toml",
        POLICY.replace("{scrub}", scrub).replace("{rule}", rule),
    );
    dir.write("allow.txt", "Kroger\nScura\n");
    let mut csv = String::from("person_id,full_name,address,notes\n");
    for (i, n) in notes.iter().enumerate() {
        csv.push_str(&format!(
            "P-{i},José Çelik,\"91 Oak Ave, Dayton, OH 45402\",\"{}\"\n",
            n.replace('"', "\"\"")
        ));
    }
    dir.write("in.csv", csv);
    dir.cmd(&[
        "apply",
        "--policy",
        "p.toml",
        "--to",
        "court",
        "--basis",
        "order",
        "--reference",
        "T",
        "--justification",
        "T",
        "--ledger",
        "ledger.jsonl",
        "-q",
        "-o",
        "o.csv",
        "in.csv",
    ])
    .run()
    .expect_code(0);
    let out = dir.read("o.csv");
    csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect()
}

#[test]
fn the_subject_in_every_variant_and_third_parties() {
    let out = run(
        "",
        "\"scrub\"",
        &[
            "Met Jose Celik at 91 Oak Ave. Mother Jane Doe attended.",
            "JOSÉ ÇELIK called from ６１４-５５５-０１８５; J. Çelik SSN 425\u{200b}-76-7733.",
            "Jose\u{301} C\u{327}elik, call 614/555-0185 or 6145550185. Suboxone at Municipal Court.",
        ],
    );
    assert_eq!(
        out,
        [
            "Met [NAME] at [ADDRESS]. Mother [NAME] attended.",
            "[NAME] called from [PHONE]; [NAME] SSN [SSN].",
            "[NAME], call [PHONE] or [PHONE]. Suboxone at Municipal Court.",
        ]
    );
}

#[test]
fn allowlist_mode_from_the_policy_or_a_rule() {
    let note = "Bill paid the bill at Kroger; Csanád owes 1250 dollars. Walker said Hunter left.";
    let want =
        "Bill paid the bill at Kroger; [REDACTED] owes [NUMBER] dollars. Walker said [NAME] left.";
    let from_policy = run(
        "[scrub]\nmode = \"allowlist\"\nallow_file = \"allow.txt\"\n",
        "\"scrub\"",
        &[note],
    );
    assert_eq!(from_policy, [want]);
    let from_rule = run(
        "[scrub]\nallow = [\"Kroger\"]\n",
        "{ action = \"scrub\", mode = \"allowlist\" }",
        &[note],
    );
    assert_eq!(from_rule, [want]);
    // Without the mode, the same note keeps its unknown words but loses
    // the ones that are not in the vocabulary.
    let plain = run("[scrub]\nallow = [\"Kroger\"]\n", "\"scrub\"", &[note]);
    assert_eq!(
        plain,
        ["Bill paid the bill at Kroger; [PROPER] owes 1250 dollars. Walker said [NAME] left."]
    );
}

#[test]
fn allowlist_mode_keeps_court_words_months_and_sentence_starts() {
    let out = run(
        "[scrub]\nmode = \"allowlist\"\n",
        "\"scrub\"",
        &[
            "Seen in Municipal Court and Common Pleas Court on Monday in May; Suboxone, IOP.",
            "Victim: Bill called. Hunter signed.\nHunter signed too, and\nHunter left.",
            "Met Shun Roeterdink at Voldi 26; call 87 47 98 or 40-95-78-17, 11 of 12 groups.",
            "Spoke with Braslav Z Bašić (not basic) in English.",
        ],
    );
    assert_eq!(
        out,
        [
            "Seen in Municipal Court and Common Pleas Court on Monday in May; Suboxone, IOP.",
            "Victim: [REDACTED] called. Hunter signed.\nHunter signed too, and\n[NAME] left.",
            "Met [NAME] at [REDACTED] [NUMBER]; call [NUMBER] or [PHONE], 11 of 12 groups.",
            "Spoke with [REDACTED] [NAME] (not basic) in English.",
        ]
    );
}

#[test]
fn allowlist_labels_are_reserved_and_modes_checked() {
    for (scrub, needle) in [
        (
            "[[scrub.patterns]]\nlabel = \"REDACTED\"\nregex = 'x'\n",
            "label \"REDACTED\"",
        ),
        ("[scrub]\nmode = \"everything\"\n", "unknown scrub mode"),
    ] {
        let dir = Dir::new();
        dir.write(
            "p.toml",
            POLICY
                .replace("{scrub}", scrub)
                .replace("{rule}", "\"scrub\""),
        );
        let out = dir
            .cmd(&["list", "--policy", "p.toml"])
            .run()
            .expect_code(2);
        assert!(out.stderr().contains(needle), "{}", out.stderr());
    }
}

#[test]
fn addresses_of_other_countries_intersections_and_named_streets() {
    let notes = [
        "Mail goes to 47541 Vallerstrasse 150\n Apt. 126\n Perroy\n Switzerland? Client agreed.",
        "Met at the corner of Broad and High; then at 82 rue Ernest Renan.",
        "Shows on Sille Ranch Street were loud. Zip code 81-521.",
        "Reports to Franklin County Municipal Court; the corner of the room and the hall.",
    ];
    let want = [
        "Mail goes to [ADDRESS]? Client agreed.",
        "Met at the [ADDRESS]; then at [ADDRESS].",
        "Shows on [ADDRESS] were loud. Zip code [ADDRESS].",
        "Reports to [PROPER] County Municipal Court; the corner of the room and the hall.",
    ];
    assert_eq!(run("", "\"scrub\"", &notes), want);
    // In allow-list mode the same addresses are one [ADDRESS] each, and
    // nothing of them is left to the word fill.
    let allow = run("[scrub]\nmode = \"allowlist\"\n", "\"scrub\"", &notes[..3]);
    assert_eq!(allow, want[..3]);
}
