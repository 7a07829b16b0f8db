//! Tests of the scrubber: every detector's forms and non-forms, the
//! subject's own terms, custom lists, and how overlapping matches settle.

use super::config::{CustomPattern, CustomTerms as PolicyTerms};
use super::*;
use proptest::prelude::*;

fn config() -> ScrubConfig {
    ScrubConfig {
        detectors: ["ssn", "phone", "email", "date", "subject"]
            .map(String::from)
            .to_vec(),
        patterns: vec![
            CustomPattern {
                label: "CASE-NO".into(),
                regex: r"\bCR-\d{4}-\d{3,6}\b".into(),
            },
            CustomPattern {
                label: "PIN".into(),
                regex: r"\b\d{3}-\d{2}-\d{4}\b".into(),
            },
            CustomPattern {
                label: "LONG-ID".into(),
                regex: r"\d{3}-\d{2}-\d{4}-[A-Z]".into(),
            },
            CustomPattern {
                label: "MAYBE".into(),
                regex: r"x*".into(),
            },
        ],
        terms: vec![
            PolicyTerms {
                label: "PROVIDER".into(),
                terms: [
                    "Sunrise Recovery Services",
                    "Sunrise",
                    "Maple Street Clinic",
                    "Clínica Núñez",
                    "ÅRHUS HELSE",
                ]
                .map(String::from)
                .to_vec(),
            },
            PolicyTerms {
                label: "DRUG".into(),
                terms: ["Suboxone", "methadone"].map(String::from).to_vec(),
            },
        ],
        allow: Vec::new(),
        allowlist: false,
    }
}

fn scrubber(sets: &[&[&str]]) -> Scrubber {
    let sets: Vec<Vec<String>> = sets
        .iter()
        .map(|s| s.iter().map(|d| d.to_string()).collect())
        .collect();
    Scrubber::new(&config(), &sets).expect("detectors compile")
}

/// Scrub with one detector list and no subject terms; the text itself
/// when nothing matched.
fn scrub(detectors: &[&str], text: &str) -> String {
    scrub_subject(detectors, &SubjectTerms::default(), text)
}

fn scrub_subject(detectors: &[&str], terms: &SubjectTerms, text: &str) -> String {
    let s = scrubber(&[detectors]);
    let mut counts = vec![0; s.labels().len()];
    s.scrub(0, text, terms, &mut counts)
        .unwrap_or_else(|| text.to_string())
}

fn subject(names: &[&str], addresses: &[&str]) -> SubjectTerms {
    let mut t = SubjectTerms::default();
    for n in names {
        t.add_name(n);
    }
    for a in addresses {
        t.add_address(a);
    }
    t
}

fn names(names: &[&str], text: &str) -> String {
    scrub_subject(&["subject"], &subject(names, &[]), text)
}

#[test]
fn ssn_in_both_forms() {
    for (text, want) in [
        ("123-45-6789", "[SSN]"),
        ("SSN 123 45 6789.", "SSN [SSN]."),
        ("ssn:123-45-6789,", "ssn:[SSN],"),
        ("SSN123-45-6789", "SSN[SSN]"),
        ("(123-45-6789)", "([SSN])"),
    ] {
        assert_eq!(scrub(&["ssn"], text), want, "{text:?}");
    }
}

#[test]
fn ssn_not_inside_longer_numbers() {
    for text in [
        "123-45-67890",
        "0123-45-6789",
        "9123 45 6789",
        "12-345-6789",
        "123-456-789",
        "12345-6789",
    ] {
        assert_eq!(scrub(&["ssn"], text), text);
    }
}

#[test]
fn phone_in_north_american_forms() {
    for text in [
        "(614) 555-0182",
        "(614)555-0182",
        "614-555-0182",
        "614.555.0182",
        "614 555 0182",
        "+1 614 555 0182",
        "+1 (614) 555-0182",
        "+1-614-555-0182",
        "1-614-555-0182",
        "1 (614) 555-0182",
        "+16145550182",
    ] {
        assert_eq!(scrub(&["phone"], text), "[PHONE]", "{text:?}");
        let note = format!("Call {text}, then report.");
        assert_eq!(scrub(&["phone"], &note), "Call [PHONE], then report.");
    }
}

#[test]
fn phone_needs_an_area_code_and_no_more_digits() {
    for text in [
        "555-0182",
        "at 555 0182",
        "614-555-01823",
        "7614-555-0182x",
        "6145550182",
        "614-5550-182",
    ] {
        assert_eq!(scrub(&["phone"], text), text);
    }
    // An SSN is not a phone number, whichever detector comes first.
    assert_eq!(scrub(&["phone"], "123-45-6789"), "123-45-6789");
    assert_eq!(scrub(&["phone", "ssn"], "123-45-6789"), "[SSN]");
    assert_eq!(
        scrub(&["phone", "ssn"], "614-555-0182 / 123-45-6789"),
        "[PHONE] / [SSN]"
    );
}

#[test]
fn email_addresses() {
    for (text, want) in [
        ("ana.ruiz@example.org", "[EMAIL]"),
        ("Mail: a_b+tag@mail.co.uk.", "Mail: [EMAIL]."),
        ("<j.smith-jones@county.oh.gov>", "<[EMAIL]>"),
        ("josé.núñez@correo.es", "[EMAIL]"),
    ] {
        assert_eq!(scrub(&["email"], text), want, "{text:?}");
    }
    for text in ["@handle", "a@b", "user@localhost", "x @ y.com"] {
        assert_eq!(scrub(&["email"], text), text);
    }
}

#[test]
fn dates_in_every_listed_form() {
    for text in [
        "2024-03-05",
        "3/5/2024",
        "03/05/24",
        "March 5, 2024",
        "5 March 2024",
        "Mar 5, 2024",
        "Sept. 5, 2024",
        "SEPTEMBER 05 2024",
        "march 5th, 2024",
        "5th of March 2024",
        "5 Mar. 2024",
        "05-Mar-2024",
        "2024/03/05",
        "03-05-2024",
        "05.03.2024",
    ] {
        assert_eq!(scrub(&["date"], text), "[DATE]", "{text:?}");
        let note = format!("Seen on {text}; next visit soon.");
        assert_eq!(scrub(&["date"], &note), "Seen on [DATE]; next visit soon.");
    }
    assert_eq!(
        scrub(&["date"], "at 2024-03-05T10:00"),
        "at [DATE]",
        "an ISO time goes with the date"
    );
}

#[test]
fn not_dates() {
    for text in [
        "2024-03-055",
        "12024-03-05",
        "3/5/20245",
        "Omar 5, 2024",
        "Smarch 5, 2024",
        "version 1.2.3",
        "1/2 dose",
        "in 2024",
        "on Monday",
        "we may 12",
    ] {
        assert_eq!(scrub(&["date"], text), text);
    }
}

#[test]
fn custom_patterns_use_the_regex_as_written() {
    assert_eq!(
        scrub(
            &["CASE-NO"],
            "Case CR-2024-00017 and CR-2024-1; xCR-2024-123"
        ),
        "Case [CASE-NO] and CR-2024-1; xCR-2024-123"
    );
    // A regex that matches empty text replaces nothing.
    assert_eq!(scrub(&["MAYBE"], "abc"), "abc");
    assert_eq!(scrub(&["MAYBE"], "axxb"), "a[MAYBE]b");
}

#[test]
fn term_lists_match_whole_words_in_any_case() {
    let p = &["PROVIDER"];
    for (text, want) in [
        (
            "Referred to Sunrise Recovery Services.",
            "Referred to [PROVIDER].",
        ),
        ("SUNRISE RECOVERY SERVICES", "[PROVIDER]"),
        ("sunrise  recovery\nservices", "[PROVIDER]"),
        (
            "Sunrise Recovery Servicesx",
            "[PROVIDER] Recovery Servicesx",
        ),
        ("the Maple Street Clinic's", "the [PROVIDER]'s"),
        ("Maple Street Clinics", "Maple Street Clinics"),
        ("Sunrises", "Sunrises"),
        ("clínica núñez y CLÍNICA NÚÑEZ", "[PROVIDER] y [PROVIDER]"),
        ("Clínica Núñeza", "Clínica Núñeza"),
        ("århus helse", "[PROVIDER]"),
    ] {
        assert_eq!(scrub(p, text), want, "{text:?}");
    }
    assert_eq!(
        scrub(&["DRUG", "PROVIDER"], "Methadone at Sunrise; SUBOXONE."),
        "[DRUG] at [PROVIDER]; [DRUG]."
    );
}

#[test]
fn large_term_lists_match_like_small_ones() {
    let mut terms: Vec<String> = (0..50_000).map(|i| format!("Clinic {i:05}")).collect();
    terms.push("Núñez House".into());
    let config = ScrubConfig {
        detectors: vec!["PLACE".into()],
        patterns: Vec::new(),
        terms: vec![PolicyTerms {
            label: "PLACE".into(),
            terms,
        }],
        allow: Vec::new(),
        allowlist: false,
    };
    let s = Scrubber::new(&config, &[vec!["PLACE".into()]]).expect("compiles");
    let mut counts = vec![0; 1];
    let out = s.scrub(
        0,
        "at clinic 04217, then NÚÑEZ HOUSE; clinic 042170, Clinic 4217",
        &SubjectTerms::default(),
        &mut counts,
    );
    assert_eq!(
        out.as_deref(),
        Some("at [PLACE], then [PLACE]; clinic 042170, Clinic 4217")
    );
    assert_eq!(counts, [2]);
}

#[test]
fn longest_match_wins() {
    assert_eq!(
        scrub(&["ssn", "LONG-ID"], "id 123-45-6789-X"),
        "id [LONG-ID]"
    );
    assert_eq!(
        scrub(&["LONG-ID", "ssn"], "id 123-45-6789-X"),
        "id [LONG-ID]"
    );
    let who = subject(&["Sunrise Jones"], &[]);
    assert_eq!(
        scrub_subject(&["subject", "PROVIDER"], &who, "Sunrise Recovery Services"),
        "[PROVIDER]"
    );
    assert_eq!(
        scrub_subject(&["PROVIDER", "subject"], &who, "Sunrise Jones"),
        "[NAME]"
    );
}

#[test]
fn ties_go_to_the_detector_listed_first() {
    assert_eq!(scrub(&["ssn", "PIN"], "123-45-6789"), "[SSN]");
    assert_eq!(scrub(&["PIN", "ssn"], "123-45-6789"), "[PIN]");
    let who = subject(&["Sunrise Jones"], &[]);
    assert_eq!(
        scrub_subject(&["PROVIDER", "subject"], &who, "Sunrise"),
        "[PROVIDER]"
    );
    assert_eq!(
        scrub_subject(&["subject", "PROVIDER"], &who, "Sunrise"),
        "[NAME]"
    );
}

#[test]
fn term_lists_may_begin_or_end_with_punctuation() {
    let config = ScrubConfig {
        detectors: vec!["TECH".into()],
        patterns: Vec::new(),
        terms: vec![PolicyTerms {
            label: "TECH".into(),
            terms: [".NET", "(Bob)", "C++"].map(String::from).to_vec(),
        }],
        allow: Vec::new(),
        allowlist: false,
    };
    let s = Scrubber::new(&config, &[vec!["TECH".into()]]).expect("compiles");
    let mut counts = vec![0; 1];
    let none = SubjectTerms::default();
    assert_eq!(
        s.scrub(
            0,
            "uses .net and C++; (BOB) x(bob)y C++x",
            &none,
            &mut counts
        )
        .as_deref(),
        Some("uses [TECH] and [TECH]; [TECH] x[TECH]y [TECH]x")
    );
    assert_eq!(s.scrub(0, "C+ .nets", &none, &mut counts), None);
}

#[test]
fn each_rule_uses_its_own_detector_list() {
    let s = scrubber(&[&["ssn"], &["phone", "email"], &["ssn"]]);
    let text = "123-45-6789 614-555-0182 a@b.org";
    let mut counts = vec![0; s.labels().len()];
    let none = SubjectTerms::default();
    assert_eq!(
        s.scrub(0, text, &none, &mut counts).as_deref(),
        Some("[SSN] 614-555-0182 a@b.org")
    );
    assert_eq!(
        s.scrub(1, text, &none, &mut counts).as_deref(),
        Some("123-45-6789 [PHONE] [EMAIL]")
    );
    assert_eq!(s.labels(), ["SSN", "PHONE", "EMAIL"]);
    assert_eq!(counts, [1, 1, 1]);
    assert_eq!(s.names.len(), 3, "a detector used twice is compiled once");
}

#[test]
fn counts_every_replacement() {
    let s = scrubber(&[&["ssn", "phone", "email", "date", "subject", "PROVIDER"]]);
    let who = subject(&["Ana Ruiz"], &["12 Elm St, Columbus"]);
    let text = "Ana Ruiz (123-45-6789, 614-555-0182, ana@x.org) saw Ruiz at \
                Sunrise on 3/5/2024 and 2024-03-06; lives at 12 Elm St.";
    let mut counts = vec![0; s.labels().len()];
    let out = s.scrub(0, text, &who, &mut counts).expect("matches");
    assert_eq!(
        out,
        "[NAME] ([SSN], [PHONE], [EMAIL]) saw [NAME] at [PROVIDER] on [DATE] \
         and [DATE]; lives at [ADDRESS]."
    );
    let by_label: Vec<(&str, u64)> = s
        .labels()
        .iter()
        .map(String::as_str)
        .zip(counts.iter().copied())
        .collect();
    assert_eq!(
        by_label,
        [
            ("SSN", 1),
            ("PHONE", 1),
            ("EMAIL", 1),
            ("DATE", 2),
            ("NAME", 2),
            ("ADDRESS", 1),
            ("PROVIDER", 1)
        ]
    );
}

#[test]
fn text_without_a_match_is_left_alone() {
    let s = scrubber(&[&[
        "ssn", "phone", "email", "date", "subject", "CASE-NO", "PROVIDER",
    ]]);
    let who = subject(&["Ana Ruiz"], &["12 Elm St"]);
    let mut counts = vec![0; s.labels().len()];
    for text in [
        "",
        "Client reported on time. No concerns.",
        "Score 12 of 40, 555-0182, 2024-03-055, room 12, Elmwood",
        "Ñandú café — “quoted” text\r\n\twith tabs",
    ] {
        assert_eq!(s.scrub(0, text, &who, &mut counts), None, "{text:?}");
    }
    assert!(counts.iter().all(|&c| c == 0));
}

mod street;
mod subject;
mod v2;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Text that no detector matches comes back untouched, whatever its
    /// Unicode; and a replacement never splits a character of the original
    /// (the scrubber slices the original at the mapped offsets, which would
    /// panic).
    #[test]
    fn unmatched_text_is_byte_identical_and_nothing_splits_a_character(
        filler in proptest::collection::vec(
            proptest::sample::select(vec![
                "client", "reported", "on", "time", "\u{200b}", "\u{a0}", " ", "\n", "\u{2013}",
                "café", "e\u{301}", "ﬁne", "—", "“ok”", ".", ",", "١", "x", "9",
            ]),
            0..30,
        ),
        noise in "[a-zA-Z0-9 .,@\\-/()#+:é\u{301}\u{200b}\u{a0}\u{2013}\n４٤＠ﬁßŁ]{0,60}",
    ) {
        let s = scrubber(&[&[
            "ssn", "phone", "email", "date", "subject", "CASE-NO", "PROVIDER",
        ]]);
        let who = subject(&["Ana Ruiz"], &["12 Elm St"]);
        let mut counts = vec![0; s.labels().len()];
        let text = filler.concat();
        prop_assert_eq!(s.scrub(0, &text, &who, &mut counts), None);
        let _ = s.scrub(0, &noise, &who, &mut counts);
    }
}
