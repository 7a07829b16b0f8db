//! The detectors of SPEC 8.3, forms and non-forms, on the normal view.

use super::*;

fn all() -> Vec<&'static str> {
    vec![
        "ssn", "phone", "email", "date", "card", "iban", "ip", "url", "address", "person",
        "proper", "subject",
    ]
}

fn check(detectors: &[&str], cases: &[(&str, &str)]) {
    for (text, want) in cases {
        assert_eq!(scrub(detectors, text), *want, "{text:?}");
    }
}

#[test]
fn ssn_extended() {
    check(
        &["ssn"],
        &[
            ("425 - 76 - 7733", "[SSN]"),
            ("SSN 425767733", "SSN [SSN]"),
            ("soc sec no. 425767733", "soc sec no. [SSN]"),
            ("SSN: ４２５-７６-７７３３", "SSN: [SSN]"),
            ("425\u{200b}-76-7733", "[SSN]"),
            ("425\u{a0}76\u{2013}7733", "[SSN]"),
            ("order 425767733", "order 425767733"),
            // The last four, masked or after a cue that says so.
            ("SSN xxx-xx-9928 on file", "SSN [SSN] on file"),
            (
                "matched the SSN ending in 2401.",
                "matched the SSN ending in [SSN].",
            ),
            ("SSN on file; room 2401", "SSN on file; room 2401"),
            // The cue ends at most 20 characters before the digits.
            (
                "social security no. on file 425767733",
                "social security no. on file [SSN]",
            ),
            (
                "SSN, see the file of 2019: 425767733",
                "SSN, see the file of 2019: 425767733",
            ),
        ],
    );
}

#[test]
fn phone_extended() {
    check(
        &["phone"],
        &[
            ("614/555-0185", "[PHONE]"),
            ("614 5550185", "[PHONE]"),
            ("cell 6145550185", "cell [PHONE]"),
            ("614 555\n0185", "[PHONE]"),
            ("+44 20 7946 0958", "[PHONE]"),
            ("0044 20 7946 0958", "[PHONE]"),
            ("+1-614-555-0185x123", "[PHONE]"),
            ("fax: 20 79 46 09", "fax: [PHONE]"),
            ("٦١٤-٥٥٥-٠١٨٥", "[PHONE]"),
            ("order 6145550185", "order 6145550185"),
            // Written as only a phone number is: in brackets, with an
            // extension.
            (
                "sponsor Keisha Pettaway (5756263464), 4045334501 x609",
                "sponsor Keisha Pettaway ([PHONE]), [PHONE]",
            ),
            ("case (1234567890)", "case (1234567890)"),
            // Case-note cues: a telephone contact, a voicemail, a text.
            ("TC to CL @ 794-9522", "TC to CL @ [PHONE]"),
            ("left VM at 614 555 0199", "left VM at [PHONE]"),
            ("texted 442.8908", "texted [PHONE]"),
            ("ORC 2925.11, score 12-15", "ORC 2925.11, score 12-15"),
            // After a cue, digit groups shaped like a date are not a phone.
            (
                "Phone\nContact date: 05-01-2025",
                "Phone\nContact date: 05-01-2025",
            ),
            ("call # 2025-12-03", "call # 2025-12-03"),
            ("+12 34", "+12 34"),
        ],
    );
}

#[test]
fn email_on_the_normal_view() {
    check(
        &["email"],
        &[
            ("ann＠example.org", "[EMAIL]"),
            ("ann\u{200b}@example.org", "[EMAIL]"),
        ],
    );
}

#[test]
fn dates_extended() {
    check(
        &["date"],
        &[
            ("in March 2024", "in [DATE]"),
            ("in Mar. 2024", "in [DATE]"),
            ("in 03/2024", "in [DATE]"),
            ("on March 5th", "on [DATE]"),
            ("the 5th of March", "the [DATE]"),
            ("at 2024-03-05T14:30:00Z", "at [DATE]"),
            ("DOB 20240305", "DOB [DATE]"),
            ("in 2024 on Monday", "in 2024 on Monday"),
            ("order 20240305", "order 20240305"),
            ("13/2024", "13/2024"),
        ],
    );
}

#[test]
fn cards_ibans_ips_urls() {
    check(
        &["card", "iban", "ip", "url"],
        &[
            ("card 4111 1111 1111 1111", "card [CARD]"),
            ("card 4111-1111-1111-1111.", "card [CARD]."),
            ("card 4111 1111 1111 1112", "card 4111 1111 1111 1112"),
            ("IBAN DE89 3704 0044 0532 0130 00", "IBAN [IBAN]"),
            ("IBAN GB29NWBK60161331926819", "IBAN [IBAN]"),
            (
                "IBAN DE88 3704 0044 0532 0130 00",
                "IBAN DE88 3704 0044 0532 0130 00",
            ),
            ("from 192.168.0.12.", "from [IP]."),
            ("from 192.168.0.256", "from 192.168.0.256"),
            ("from 2001:db8::8a2e:370:7334", "from [IP]"),
            ("ip ::1 ok, 2001:db8:: ok", "ip [IP] ok, [IP] ok"),
            ("at [2001:db8::1]:443.", "at [[IP]]:443."),
            (
                "posts on x.com/juande_65 and t.co/x1",
                "posts on [URL] and [URL]",
            ),
            ("a.m. or x.com, e.g. or i.e.", "a.m. or x.com, e.g. or i.e."),
            ("version 1.2.3", "version 1.2.3"),
            ("see https://example.org/a?b=c.", "see [URL]."),
            ("see www.example.org", "see [URL]"),
            ("see tiktok.com/@ann.lee", "see [URL]"),
            ("see file.txt", "see file.txt"),
        ],
    );
}

#[test]
fn addresses() {
    check(
        &["address"],
        &[
            ("at 91 Oak Ave, Dayton, OH 45402.", "at [ADDRESS]."),
            ("at 12 N High St Apt 3B", "at [ADDRESS]"),
            ("at 4 Maple Street #12, Columbus OH", "at [ADDRESS]"),
            ("P.O. Box 7434, Groveport", "[ADDRESS]"),
            ("P.O. Box 7434 and", "[ADDRESS] and"),
            ("Columbus, OH 43057-1234", "Columbus, [ADDRESS]"),
            ("zip code 43057", "zip code [ADDRESS]"),
            ("took 3 pills in the park", "took 3 pills in the park"),
            ("scored 43057 points", "scored 43057 points"),
        ],
    );
}

#[test]
fn person_names() {
    check(
        &["person"],
        &[
            (
                "Client's mother Jane Doe attended.",
                "Client's mother [NAME] attended.",
            ),
            ("Victim Robert Smith called.", "Victim [NAME] called."),
            ("Met Ofc. Walker.", "Met Ofc. [NAME]."),
            ("Spoke to J. Mitchell.", "Spoke to [NAME]."),
            ("Will Smith called.", "[NAME] called."),
            ("John L. Aponte called.", "[NAME] called."),
            ("Will call Monday.", "Will call Monday."),
            ("The mother was present.", "The mother was present."),
            // A line break is a space of the normal view.
            ("Met Mr.\nSmith today.", "Met Mr.\n[NAME] today."),
            ("Met Jennifer\r\nWalker today.", "Met [NAME] today."),
            (
                "Spoke with victim\nHope today.",
                "Spoke with victim\n[NAME] today.",
            ),
            // A first name and an initial; an initial with or without its
            // dot or space; a title without its space.
            ("Met Bill W. today.", "Met [NAME]. today."),
            (
                "Met J Brown and J.Smith today.",
                "Met [NAME] and [NAME] today.",
            ),
            ("Met Mr.Smith and Dr.Brown.", "Met Mr.[NAME] and Dr.[NAME]."),
            ("A Brown dog. Will I go?", "A Brown dog. Will I go?"),
            // Not names: a month after `In`; an abbreviation's full stop
            // ends no sentence.
            (
                "In March he moved. He moved In January.",
                "In March he moved. He moved In January.",
            ),
            ("He saw State vs. Walker.", "He saw State vs. [NAME]."),
            // A name does not run on into the next sentence.
            (
                "He met Mr. Smith. Then he left.",
                "He met Mr. [NAME]. Then he left.",
            ),
            (
                "Called his sponsor. Court followed.",
                "Called his sponsor. Court followed.",
            ),
            // Suffixes go with the name.
            (
                "Dr. Gracie Marsh MD and Felix Biermann III",
                "Dr. [NAME] and [NAME]",
            ),
            ("counselor Ana Ruiz, LICDC, said", "counselor [NAME], said"),
            // Nicknames and saints' surnames.
            (
                "met Juan \"Spider\" Cruz; AKA: \"Boo\"; a.k.a. Smoke",
                "met [NAME]; AKA: \"[NAME]\"; a.k.a. [NAME]",
            ),
            (
                "A neighbor, Hunter St. John, said",
                "A neighbor, [NAME], said",
            ),
            (
                "the \"Big\" one said \"Hello\" to us",
                "the \"Big\" one said \"Hello\" to us",
            ),
        ],
    );
}

#[test]
fn proper_words() {
    check(
        &["proper"],
        &[
            (
                "Started Suboxone at Municipal Court.",
                "Started Suboxone at Municipal Court.",
            ),
            ("Csanád called.", "[PROPER] called."),
            (
                "Csanad called; Kroger shift.",
                "[PROPER] called; [PROPER] shift.",
            ),
            ("IOP on Tuesday, March 2024.", "IOP on Tuesday, March 2024."),
        ],
    );
    // With every detector on, a word no list knows is still [PROPER],
    // even when the Census lists it as a surname.
    check(
        &all(),
        &[(
            "Shopped at Kroger. Moved to Columbus.",
            "Shopped at [PROPER]. Moved to [PROPER].",
        )],
    );
}

#[test]
fn subject_in_any_variant() {
    let who = subject(&["José Çelik"], &["91 Oak Ave"]);
    for text in [
        "Jose Celik",
        "JOSÉ ÇELIK",
        "Jose\u{301} C\u{327}elik",
        "Jo\u{200b}sé Çelik",
        "J. Çelik",
    ] {
        assert_eq!(
            scrub_subject(&["subject"], &who, text),
            "[NAME]",
            "{text:?}"
        );
    }
    assert_eq!(
        scrub_subject(&["subject"], &who, "at 91\u{a0}Oak  Ave."),
        "at [ADDRESS]."
    );
    // With every detector on, the record's own name is still [NAME]: the
    // subject wins a tie with `person` and `proper`.
    for (text, want) in [
        ("Celik reported.", "[NAME] reported."),
        ("ÇELIK called", "[NAME] called"),
        ("J.Celik", "[NAME]"),
    ] {
        assert_eq!(scrub_subject(&all(), &who, text), want, "{text:?}");
    }
    // The house number and street name without the suffix.
    let who = subject(&["Ana Ruiz"], &["2067 Parsons Ave, Apt 3", "12 N High St"]);
    for (text, want) in [
        (
            "HV @ 2067 Parsons. Left card.",
            "HV @ [ADDRESS]. Left card.",
        ),
        ("ADDR VERIFIED 2067 PARSONS", "ADDR VERIFIED [ADDRESS]"),
        ("lives at 12 N High", "lives at [ADDRESS]"),
        (
            "2067 Parsonsville, 12 North High, 2068 Parsons",
            "2067 Parsonsville, 12 North High, 2068 Parsons",
        ),
    ] {
        assert_eq!(scrub_subject(&["subject"], &who, text), want, "{text:?}");
    }
}

#[test]
fn every_detector_on_a_note() {
    let text = "Met with client at 12 Elm St. Client's mother Jane Doe attended. \
                Victim Robert Smith called from 614-555-0185 on March 5th; his address \
                is 91 Oak Ave, Dayton, OH 45402.";
    let who = subject(&["Ana Ruiz"], &["12 Elm St"]);
    assert_eq!(
        scrub_subject(&all(), &who, text),
        "Met with client at [ADDRESS]. Client's mother [NAME] attended. \
         Victim [NAME] called from [PHONE] on [DATE]; his address \
         is [ADDRESS]."
    );
}

#[test]
fn allowlist_mode_keeps_only_known_words() {
    let mut sets: Vec<Vec<String>> = vec![all().iter().map(|d| d.to_string()).collect()];
    sets[0].push(config::ALLOWLIST.to_string());
    let mut cfg = config();
    cfg.allow = vec!["kroger".to_string()];
    let s = Scrubber::new(&cfg, &sets).expect("compiles");
    let mut counts = vec![0; s.labels().len()];
    let out = s.scrub(
        0,
        "Bill paid the bill at Kroger; Csanád owes 1250 dollars, room 12. Walker said Hunter left.",
        &SubjectTerms::default(),
        &mut counts,
    );
    assert_eq!(
        out.as_deref(),
        Some(
            "Bill paid the bill at Kroger; [REDACTED] owes [NUMBER] dollars, room 12. Walker said [NAME] left."
        )
    );
    let redacted = s.labels().iter().position(|l| l == "REDACTED").unwrap();
    assert_eq!(counts[redacted], 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Every detector, in both modes, on hostile text: nothing panics and
    /// every replacement covers whole characters.
    #[test]
    fn every_detector_survives_any_text(
        text in prop_oneof![
            "[a-zA-Z0-9 .,:;@#/()+\\-'’é\u{301}\u{200b}\u{a0}\u{2013}\n４٤＠ﬁßŁΣς]{0,80}",
            any::<String>(),
        ],
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "Mr.", "J.", "Ann", "Smith", "van", "der", "St", "Apt", "Box", "PO", "P.O.",
                "OH", "43057", "614", "555-0182", "SSN", "call", "zip", "www.x.com", "DE89",
                "3704", "4111", "192.168.0.1", "::1", "March", "5th", "of", "2024", " ", "\n",
                "Csanád", "mother", "Rd", ",", ".", "#12", "+44", "(03)", "0044",
            ]),
            0..30,
        ),
    ) {
        let detectors: Vec<String> = all().iter().map(|d| d.to_string()).collect();
        let mut allow = detectors.clone();
        allow.push(config::ALLOWLIST.to_string());
        let s = Scrubber::new(&config(), &[detectors, allow]).expect("compiles");
        let who = subject(&["Ann Smith"], &["12 Elm St, Columbus, OH 43057"]);
        let mut counts = vec![0; s.labels().len()];
        for t in [text.clone(), words.join(" "), words.concat()] {
            for set in 0..2 {
                let _ = s.scrub(set, &t, &who, &mut counts);
            }
        }
    }
}
