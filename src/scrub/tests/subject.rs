//! Tests of the `subject` detector: the record's own names and addresses.

use super::*;

#[test]
fn subject_whole_name_wins_over_its_words() {
    assert_eq!(
        names(&["Ana Ruiz"], "Met Ana Ruiz today."),
        "Met [NAME] today."
    );
    assert_eq!(names(&["Ana Ruiz"], "Ruiz Ana"), "[NAME] [NAME]");
    assert_eq!(names(&["Ana Ruiz"], "ANA RUIZ, ana."), "[NAME], [NAME].");
    assert_eq!(
        names(&["Ana Ruiz"], "Ana\n  Ruiz called."),
        "[NAME] called.",
        "white space in the text may differ"
    );
    let s = scrubber(&[&["subject"]]);
    let mut counts = vec![0; s.labels().len()];
    let out = s.scrub(
        0,
        "Ana Ruiz; Ruiz Ana",
        &subject(&["Ana Ruiz"], &[]),
        &mut counts,
    );
    assert_eq!(out.as_deref(), Some("[NAME]; [NAME] [NAME]"));
    assert_eq!(s.labels(), ["NAME", "ADDRESS"]);
    assert_eq!(counts, [3, 0]);
}

#[test]
fn subject_name_words_split_at_non_letters() {
    assert_eq!(
        names(
            &["Maria Smith-Jones"],
            "Smith and Jones; smith-jones; Smithson"
        ),
        "[NAME] and [NAME]; [NAME]-[NAME]; Smithson"
    );
    // Single letters are not words of a name; the whole value still is.
    assert_eq!(names(&["J. Doe"], "J met Doe"), "J met [NAME]");
    assert_eq!(names(&["J. Doe"], "saw J. Doe"), "saw [NAME]");
    assert_eq!(names(&["O'Brien"], "O'Brien's car"), "[NAME]'s car");
}

#[test]
fn subject_names_are_whole_words() {
    assert_eq!(
        names(&["Ana Ruiz"], "Anabel Ruizo banana"),
        "Anabel Ruizo banana"
    );
    assert_eq!(names(&["Jose"], "Josefina and Jose"), "Josefina and [NAME]");
    assert_eq!(names(&["Ana"], "Ana_b"), "[NAME]_b");
    assert_eq!(names(&["Ana"], "Ana2"), "Ana2");
}

#[test]
fn subject_names_with_accents_match_as_whole_words() {
    let who = ["José Núñez", "Zoë", "Łukasz"];
    for (text, want) in [
        ("José", "[NAME]"),
        ("Zoë", "[NAME]"),
        ("Łukasz", "[NAME]"),
        ("Núñez", "[NAME]"),
        ("José Núñez", "[NAME]"),
        ("(José), «Zoë»!", "([NAME]), «[NAME]»!"),
        ("Zoë.José", "[NAME].[NAME]"),
        ("JOSÉ NÚÑEZ y ŁUKASZ", "[NAME] y [NAME]"),
        ("zoë and łukasz", "[NAME] and [NAME]"),
        ("Josér Zoëy Łukasza aŁukasz", "Josér Zoëy Łukasza aŁukasz"),
        ("Zoëé Zoë", "Zoëé [NAME]"),
    ] {
        assert_eq!(names(&who, text), want, "{text:?}");
    }
    // Diacritics do not matter, nor NFC against NFD; a match never splits
    // a word written with a combining mark.
    assert_eq!(names(&["Jose", "Zoe"], "José Zoë"), "[NAME] [NAME]");
    assert_eq!(names(&["José Çelik"], "Jose Celik"), "[NAME]");
    assert_eq!(names(&["Jose"], "Jose\u{301} Jose"), "[NAME] [NAME]");
    assert_eq!(
        names(&["Jose"], "Jose\u{301}\u{302}x"),
        "Jose\u{301}\u{302}x"
    );
    assert_eq!(names(&["Jose\u{301}"], "Jose\u{301}!"), "[NAME]!");
    assert_eq!(names(&["Jose"], "Josefina"), "Josefina");
}

#[test]
fn subject_addresses_by_parts_with_digits() {
    let who = subject(&[], &["1418 Broadway, Apt 3B, Tulsa, OK 74196"]);
    let text = "Lives at 1418 Broadway, Apt 3B in Tulsa (OK 74196).";
    assert_eq!(
        scrub_subject(&["subject"], &who, text),
        "Lives at [ADDRESS], [ADDRESS] in Tulsa ([ADDRESS])."
    );
    assert_eq!(
        scrub_subject(
            &["subject"],
            &who,
            "1418 broadway, apt 3b, tulsa, ok 74196 and 1418  Broadway"
        ),
        "[ADDRESS] and [ADDRESS]"
    );
    assert_eq!(
        scrub_subject(&["subject"], &who, "14180 Broadway, Apt 3Bx, OK 741960"),
        "14180 Broadway, Apt 3Bx, OK 741960"
    );
}

#[test]
fn subject_labels_names_and_addresses_apart() {
    let who = subject(&["Ana Ruiz"], &["12 Elm St, Columbus"]);
    let s = scrubber(&[&["subject"]]);
    let mut counts = vec![0; s.labels().len()];
    let out = s.scrub(0, "Ana moved to 12 Elm St.", &who, &mut counts);
    assert_eq!(out.as_deref(), Some("[NAME] moved to [ADDRESS]."));
    assert_eq!(counts, [1, 1]);
    assert!(s.uses_subject(0));
    assert!(!scrubber(&[&["ssn"]]).uses_subject(0));
}

#[test]
fn subject_terms_are_per_record() {
    let mut who = subject(&["Ana Ruiz"], &[]);
    assert!(!who.is_empty());
    who.clear();
    assert!(who.is_empty());
    who.add_name("  ");
    who.add_address("--");
    assert!(who.is_empty());
    assert_eq!(scrub_subject(&["subject"], &who, "Ana Ruiz"), "Ana Ruiz");
    who.add_name("Bo Li");
    assert_eq!(
        scrub_subject(&["subject"], &who, "Ana and Li"),
        "Ana and [NAME]"
    );
}

/// A name word: 2-8 letters, some of them accented.
fn name_word() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(vec![
            'a', 'b', 'e', 'i', 'l', 'n', 'o', 'r', 's', 'u', 'z', 'A', 'J', 'L', 'N', 'R', 'é',
            'É', 'ë', 'ñ', 'Ñ', 'ł', 'Ł', 'ø', 'ß', 'σ', 'ς',
        ]),
        2..8,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

/// Text around the names: separators, digits and letters that may glue
/// a name to a longer word.
fn filler() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(vec![
            " ", " ", ", ", "-", "'", ".", "\n", "  ", "(", ")", "«", "’", "_", "x", "é", "7",
            "and ", " met ", "[", "]",
        ]),
        0..3,
    )
    .prop_map(|parts| parts.concat())
}

/// Change the case of some letters.
fn recase(word: &str, mask: u32) -> String {
    word.chars()
        .enumerate()
        .map(|(i, c)| {
            let mut up = c.to_uppercase();
            let mut low = c.to_lowercase();
            let single = |it: &mut dyn Iterator<Item = char>| match (it.next(), it.next()) {
                (Some(x), None) => x,
                _ => c,
            };
            if mask >> (i % 32) & 1 == 1 {
                single(&mut up)
            } else {
                single(&mut low)
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn no_name_word_survives_as_a_whole_word(
        words in proptest::collection::vec(name_word(), 1..4),
        joiner in proptest::sample::select(vec![" ", "-", "'", ", "]),
        picks in proptest::collection::vec((0usize..8, any::<u32>(), filler()), 1..12),
    ) {
        let name = words.join(joiner);
        let who = subject(&[&name], &[]);
        let mut text = String::new();
        for (pick, mask, fill) in &picks {
            text.push_str(fill);
            match words.get(*pick) {
                Some(w) => text.push_str(&recase(w, *mask)),
                None => text.push_str(&recase(&name, *mask)),
            }
        }
        let out = scrub_subject(&["subject"], &who, &text);
        let out = out.replace("[NAME]", " ");
        for w in &words {
            let w = w.to_lowercase();
            prop_assert!(
                !out.split(|c: char| !c.is_alphanumeric()).any(|t| t.to_lowercase() == w),
                "{w:?} survives in {out:?}"
            );
        }
    }
}
