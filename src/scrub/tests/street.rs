//! The `address` detector beyond US streets: streets of other countries,
//! the place after an address, intersections, named streets without a
//! house number, ZIPs with a separator. Forms and non-forms.

use super::*;

fn check(cases: &[(&str, &str)]) {
    for (text, want) in cases {
        assert_eq!(scrub(&["address"], text), *want, "{text:?}");
    }
}

#[test]
fn streets_of_other_countries() {
    check(&[
        ("at 82 rue Ernest Renan today", "at [ADDRESS] today"),
        ("at 3 route de Lyon", "at [ADDRESS]"),
        ("at 91 avenue Jules Ferry", "at [ADDRESS]"),
        ("at 14 rue du Président Roosevelt", "at [ADDRESS]"),
        ("at Via Franscini 54", "at [ADDRESS]"),
        ("at Rua Loreto 26", "at [ADDRESS]"),
        ("at Luige tee 56", "at [ADDRESS]"),
        ("at Király u. 23.", "at [ADDRESS]."),
        ("at ul. Kładki 82", "at [ADDRESS]"),
        ("at Bem rakpart 79.", "at [ADDRESS]."),
        ("at Csabai kapu 60", "at [ADDRESS]"),
        ("at Gosposka ulica 53", "at [ADDRESS]"),
        ("at Plazuela do Porto 63", "at [ADDRESS]"),
        ("at Kieler Strasse 90", "at [ADDRESS]"),
        ("at Jalonkatu 34", "at [ADDRESS]"),
        ("at Eichendorffstr. 31", "at [ADDRESS]"),
        ("at Tverråsveien 128", "at [ADDRESS]"),
        ("at Ingvald Scheys gate 155", "at [ADDRESS]"),
        ("at 250 Theotokopoulou Str., Harstad", "at [ADDRESS]"),
        ("at 91901 Gosposka ulica 53", "at [ADDRESS]"),
        ("at 221 Via dei Fiorentini 17", "at [ADDRESS]"),
        ("at 65 Rue de l'Etoile Polaire", "at [ADDRESS]"),
        ("at 19 rue La Boétie", "at [ADDRESS]"),
        (
            "enter on Odra 60 St. the first",
            "enter on [ADDRESS]. the first",
        ),
    ]);
    check(&[
        ("hit a tee 56 yards out", "hit a tee 56 yards out"),
        ("wait at the gate 12 minutes", "wait at the gate 12 minutes"),
        ("the Main gate 12 was shut", "the Main gate 12 was shut"),
        ("took route 9 home", "took route 9 home"),
        ("in 3 place settings", "in 3 place settings"),
        ("the Committee 5 met", "the Committee 5 met"),
        ("sent via 3 couriers", "sent via 3 couriers"),
    ]);
}

#[test]
fn the_place_after_an_address() {
    check(&[
        (
            "sent to 71236 Mühle 77 Suite 160, BODØ, Norway",
            "sent to [ADDRESS]",
        ),
        (
            "sent to 47541 Vallerstrasse 150\n Apt. 126\n Perroy\n Switzerland? I am",
            "sent to [ADDRESS]? I am",
        ),
        (
            "to 8315 Avenida Praia 1 Apt. 571, Deventer, Netherlands 19710 last night",
            "to [ADDRESS] last night",
        ),
        (
            "at 2858 Pearlman Avenue Apt. 962 Billerica Massachusetts",
            "at [ADDRESS]",
        ),
        (
            "at 472 Veslebakken 48\nMol\n, VAN\n Belgium 17707",
            "at [ADDRESS]",
        ),
        ("at 91 Oak Ave, Dayton, OH 45402.", "at [ADDRESS]."),
        ("at 12 Main St Monday", "at [ADDRESS] Monday"),
        ("at 12 Main St Mr Jones", "at [ADDRESS] Mr Jones"),
        (
            "at 12 Main St. Client called.",
            "at [ADDRESS]. Client called.",
        ),
        (
            "from 2172 Sullivant Ave. HUNTER CASTILLO states",
            "from [ADDRESS]. HUNTER CASTILLO states",
        ),
        (
            "from 187 Briarwood Ln, Groveport. Crystal",
            "from [ADDRESS]. Crystal",
        ),
        ("at 12 Main St. Gahanna", "at [ADDRESS]"),
        ("at 4329 Briarwood Ln reported", "at [ADDRESS] reported"),
        ("now in Poland 28978", "now in Poland [ADDRESS]"),
        (
            "at 4144 Sycamore Circle\n Apt. 108\n Euless\n United States",
            "at [ADDRESS]",
        ),
        (
            "at 02447 Kovářská 1765 Apt. 462, Vega de Pas, Spain 36836.",
            "at [ADDRESS].",
        ),
        (
            "a firm in Springfield 62701 that",
            "a firm in Springfield [ADDRESS] that",
        ),
        ("USS Sjöberg\nFPO AA 73641", "[ADDRESS]"),
        (
            "to 1165 Nordlyveien 84\nKróksfjarðarnes, nan 82001 now",
            "to [ADDRESS] now",
        ),
        (
            "at 5810 Estrada Nacional 105 Apt. 583 Casal das Cheiras Portugal",
            "at [ADDRESS]",
        ),
        ("at 12 Main St Gahanna de", "at [ADDRESS] de"),
        (
            "at 82 rue Ernest Renan 0494 41 18 24",
            "at [ADDRESS] 0494 41 18 24",
        ),
    ]);
    check(&[
        ("scored 43057 points", "scored 43057 points"),
        ("in Poland 2024", "in Poland 2024"),
        (
            "Inc., 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA Everyone is",
            "Inc., [ADDRESS] Everyone is",
        ),
        ("at 12 Main St Columbus said", "at [ADDRESS] Columbus said"),
        // A date read as a number, a word and a number: no place after it.
        (
            "<signature>, 1 April 1989 Ty Coon, President",
            "<signature>, [ADDRESS] Ty Coon, President",
        ),
        (
            "Thu Jul 18 01:30:22 MDT 1996 Bdale Garbee <",
            "Thu Jul 18 01:30:[ADDRESS] Bdale Garbee <",
        ),
        ("in March 2024", "in March 2024"),
        ("in Gahanna 2023", "in Gahanna 2023"),
        ("in Section 1012", "in Section 1012"),
        ("The Veg 12 menu", "The Veg 12 menu"),
    ]);
}

#[test]
fn intersections() {
    check(&[
        (
            "to the corner of 262 Thisseos Avenue and Semmens Greens for post mail?",
            "to the [ADDRESS] for post mail?",
        ),
        (
            "at the corner of Dózsa György út 78. St. and Mstislav Radial St.",
            "at the [ADDRESS].",
        ),
        (
            "the corner of Postbox 78 and Růžena Mission",
            "the [ADDRESS]",
        ),
        (
            "the corner of Eichendorffstr. 31 and Calliope  Harbors",
            "the [ADDRESS]",
        ),
        (
            "the corner of Súluvegur 83 and Rodriguez Crossing in case of an issue.",
            "the [ADDRESS] in case of an issue.",
        ),
        ("the corner of P.O. Box 63 and Pisano Row", "the [ADDRESS]"),
        (
            "the corner of Rua Cidade de Maracajá 468 and Emma Terrace, and",
            "the [ADDRESS], and",
        ),
        (
            "met him at the corner of Broad and High",
            "met him at the [ADDRESS]",
        ),
        ("Corner of Broad and High.", "[ADDRESS]."),
    ]);
    check(&[
        (
            "near Karl Rd and Ferris Rd at 0215",
            "near [ADDRESS] at 0215",
        ),
        ("near Main St/Nelson Rd at", "near [ADDRESS] at"),
        ("at E 5th Ave/Joyce Ave at", "at [ADDRESS] at"),
        ("at Broad St & High St.", "at [ADDRESS]."),
    ]);
    check(&[
        ("Karl Rd and he left", "Karl Rd and he left"),
        ("and/or Main St", "and/or Main St"),
        ("Jane and Ferris Rd", "Jane and Ferris Rd"),
        (
            "in Municipal Court and Common Pleas Court on",
            "in Municipal Court and Common Pleas Court on",
        ),
        (
            "at Easton Center/Polaris Park",
            "at Easton Center/Polaris Park",
        ),
    ]);
    check(&[
        (
            "in the corner of the room and the hall",
            "in the corner of the room and the hall",
        ),
        (
            "the corner of Broad and the hall",
            "the corner of Broad and the hall",
        ),
        ("the corner of Broad street", "the corner of Broad street"),
        ("a cornerstone of Ohio and", "a cornerstone of Ohio and"),
    ]);
}

#[test]
fn named_streets_without_a_number() {
    check(&[
        (
            "these early shows on Sille Ranch Street were important",
            "these early shows on [ADDRESS] were important",
        ),
        (
            "shows on Pušaver Causeway Street were",
            "shows on [ADDRESS] were",
        ),
        ("near Yonis Village.", "near [ADDRESS]."),
        ("near Barsukov Squares", "near [ADDRESS]"),
        ("near Yoshka Spur", "near [ADDRESS]"),
    ]);
    check(&[
        (
            "Franklin County Municipal Court",
            "Franklin County Municipal Court",
        ),
        ("at Maryhaven Center", "at Maryhaven Center"),
        ("at Talbot Hall", "at Talbot Hall"),
        (
            "Attorney Brandon Court called",
            "Attorney Brandon Court called",
        ),
        ("Nguyen Court called", "Nguyen Court called"),
        ("Officer Tom Hill called", "Officer Tom Hill called"),
        ("[ Iain Lane ] wrote", "[ Iain Lane ] wrote"),
        ("near the Main Street shops", "near the Main Street shops"),
        ("the Police Station", "the Police Station"),
    ]);
}

#[test]
fn rural_routes_and_streets_after_a_cue() {
    check(&[
        ("at Rural Route 6, Box 99. Mailing", "at [ADDRESS]. Mailing"),
        (
            "ADDR VERIFIED RR 1 BOX 154. EMPLOYED",
            "ADDR VERIFIED [ADDRESS]. EMPLOYED",
        ),
        ("at R.R. 4 Box 156A", "at [ADDRESS]"),
        (
            "ADDR VERIFIED 3996 LOCKBOURNE. EMPLOYED",
            "ADDR VERIFIED [ADDRESS]. EMPLOYED",
        ),
        ("HV @ 2067 Parsons. Núñez", "HV @ [ADDRESS]. Núñez"),
        (
            "Location: 3386 Karl\nPersons present",
            "Location: [ADDRESS]\nPersons present",
        ),
    ]);
    check(&[
        ("scored 3996 Points", "scored 3996 Points"),
        ("the RR 5 times", "the RR 5 times"),
        ("addr verified 12 times", "addr verified 12 times"),
        (
            "by @sakura13 of 360 Vulnerability",
            "by @sakura13 of 360 Vulnerability",
        ),
    ]);
}

#[test]
fn zips_with_a_separator() {
    check(&[
        ("My zip code is 81-521", "My zip code is [ADDRESS]"),
        ("ZIP: 00-423", "ZIP: [ADDRESS]"),
        ("Camarate LI 2680-043", "Camarate [ADDRESS]"),
        ("ZIP: 7736 PJ", "ZIP: [ADDRESS]"),
        ("zip code 43057", "zip code [ADDRESS]"),
    ]);
    check(&[
        ("pages 81-521", "pages 81-521"),
        ("scores 12-345 today", "scores 12-345 today"),
    ]);
}

/// Street words, numbers, punctuation and non-ASCII characters in random
/// order: no form panics or cuts a character.
#[test]
fn token_soup_does_not_panic() {
    let toks = [
        "corner",
        "of",
        "and",
        "the",
        "Rue",
        "rue",
        "du",
        "de",
        "l'Etoile",
        "Via",
        "ul.",
        "u.",
        "tee",
        "gate",
        "Strasse",
        "Jalonkatu",
        "Sille",
        "Ranch",
        "Street",
        "St.",
        "St",
        "Apt.",
        "Suite",
        "12",
        "123",
        "4567",
        "81-521",
        "910",
        "11",
        "P.O.",
        "Box",
        "FPO",
        "AA",
        "USS",
        "Poland",
        "nan",
        ",",
        ".",
        "?",
        "\n",
        "  ",
        "Ø",
        "BODØ",
        "Mühle",
        "Kładki",
        "é",
        "’",
        "ﬁ",
        "１２",
        "\u{200b}",
        "OH",
        "43057",
        "Main",
        "Tom",
        "Hill",
        "LI",
        "2680-043",
        "zip",
        "7736",
        "PJ",
        "—",
        "'",
        "-",
        "Eichendorffstr.",
        "út",
        "78.",
        "Ünd",
        "ß",
    ];
    let s = scrubber(&[&["address"]]);
    let mut seed = 0x1234_5678_9abc_def0u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..20_000 {
        let n = (next() % 12) as usize;
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(toks[(next() % toks.len() as u64) as usize]);
            if next() % 3 != 0 {
                text.push(' ');
            }
        }
        let mut counts = vec![0; s.labels().len()];
        let _ = s.scrub(0, &text, &SubjectTerms::default(), &mut counts);
    }
}

#[test]
fn us_streets_with_full_stops_units_and_routes() {
    check(&[
        // A direction or a saint with its full stop inside the street.
        ("lives at 1418 N. High St now", "lives at [ADDRESS] now"),
        ("lives at 1418 E. 5th Ave now", "lives at [ADDRESS] now"),
        ("moved to 1418 St. Clair Ave", "moved to [ADDRESS]"),
        ("at 1418 Mt. Vernon Rd", "at [ADDRESS]"),
        // The suffix's full stop still ends the street before a sentence.
        (
            "met at 12 Main St. Then left",
            "met at [ADDRESS]. Then left",
        ),
        // The whole unit id; the units of mobile homes and RV parks.
        (
            "lives in Apt 3B now, Unit 3-B, Apt. 356.",
            "lives in [ADDRESS] now, [ADDRESS], [ADDRESS].",
        ),
        (
            "4160 W Warren Ave Space 22, Dearborn, MI 48126",
            "[ADDRESS]",
        ),
        ("7928 Magnolia St, Trailer 14, Westminster", "[ADDRESS]"),
        // Highway contract routes, like rural routes, with their box.
        ("HC 61 Box 15 and more", "[ADDRESS] and more"),
        ("HC 61 was read", "HC 61 was read"),
        // A citation is not an address.
        ("per 42 CFR Part 2 rules", "per 42 CFR Part 2 rules"),
        ("18 USC Section 3583 applies", "18 USC Section 3583 applies"),
    ]);
}

#[test]
fn what_follows_an_address_is_not_always_a_place() {
    check(&[
        (
            "lives at 1418 Oak St, Suboxone daily.",
            "lives at [ADDRESS], Suboxone daily.",
        ),
        (
            "lives at 1418 Oak St, Columbus OH 43215, Municipal Court.",
            "lives at [ADDRESS], Municipal Court.",
        ),
        (
            "lives at 1418 Oak St, Judge Smith said.",
            "lives at [ADDRESS], Judge Smith said.",
        ),
        (
            "lives at 1418 Oak St, Apt 3, He is stable.",
            "lives at [ADDRESS], He is stable.",
        ),
        // House numbers with a letter; box forms; a room alone is no
        // address.
        ("lives at 1418A Oak St", "lives at [ADDRESS]"),
        ("lives at 221B Baker Street.", "lives at [ADDRESS]."),
        (
            "P.O.Box 123; POB 12; PMB 44",
            "[ADDRESS]; [ADDRESS]; [ADDRESS]",
        ),
        (
            "Room 12 is where group meets.",
            "Room 12 is where group meets.",
        ),
        // Written in lower case, with a suffix that names only a street.
        ("lives at 1418 oak st now", "lives at [ADDRESS] now"),
        ("lives at 1418 e main st apt 2", "lives at [ADDRESS]"),
        ("walked 3 blocks to the park", "walked 3 blocks to the park"),
        ("scored 3 points on the road", "scored 3 points on the road"),
    ]);
}
