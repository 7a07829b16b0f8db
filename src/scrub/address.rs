//! The `address` detector, read from each run of digits of the normal
//! view: a street address (house number, one to four words, a street
//! suffix of the USPS list, an optional unit, and `, City, ST 12345`), a
//! PO box, a state code followed by a ZIP (`OH 43057`), and a ZIP after a
//! ZIP cue.

use super::numbers::{cue_before, digits, is};
use super::place::{self, finish, split_zip, tail};
use super::street;
use super::usps::{DIRECTIONS, STATES, SUFFIXES, UNITS, unit, word_end, word_in};

const ZIP_CUES: &[&str] = &["zip", "postal", "postcode", "post code"];

/// The suffixes that end a street written in lower case: abbreviations
/// and the words that name nothing but a street.
const LOWER_SUFFIXES: &[&str] = &[
    "ave",
    "avenue",
    "blvd",
    "boulevard",
    "ct",
    "dr",
    "hwy",
    "ln",
    "pkwy",
    "rd",
    "road",
    "st",
    "street",
];

/// Words that end a lower-case street name before it began: `3 blocks to
/// the st` is no street.
const LOWER_STOPS: &[&str] = &[
    "a", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
];

/// A street name word: capitalised, a number with an ordinal (`5th`), or
/// a direction.
fn street_word(word: &[u8]) -> bool {
    match word.first() {
        Some(b) if b.is_ascii_uppercase() || *b >= 0x80 => true,
        Some(b) if b.is_ascii_digit() => {
            let d = word.iter().take_while(|b| b.is_ascii_digit()).count();
            d == word.len() || word_in(&word[d..], &["nd", "rd", "st", "th"])
        }
        _ => false,
    }
}

/// Report the addresses whose house number, box number or ZIP is the run
/// `start..end`.
pub fn at_run(text: &str, start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let len = end - start;
    let word_start = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
    // A house number may carry a letter: `1418A Oak St`, `1418-B Oak St`,
    // `221B Baker Street`.
    let lettered = match (bytes.get(end), bytes.get(end + 1), bytes.get(end + 2)) {
        (Some(l), Some(b' '), _) if l.is_ascii_uppercase() => end + 1,
        (Some(b'-'), Some(l), Some(b' ')) if l.is_ascii_uppercase() => end + 2,
        _ => end,
    };
    if word_start
        && len <= 6
        && let Some(stop) = street(bytes, lettered)
    {
        found(start, tail(text, stop));
    }
    if let Some(box_start) = po_box(bytes, start) {
        let stop = zip4(bytes, end);
        found(
            box_start,
            finish(text, city_state_zip(bytes, stop).unwrap_or(stop)),
        );
    }
    // A UK postcode: `PH36 9QH`, `L39 6SL`, `SW1A 1AA`.
    if let Some(stop) = uk_postcode(bytes, start, end) {
        let letters = if start >= 2 && bytes[start - 2].is_ascii_uppercase() {
            2
        } else {
            1
        };
        found(start - letters, stop);
    }
    // A unit on its own: `Apt. 356`, `Suite 527`, `Unit 0148 Box 9025`.
    if word_start && let Some(unit_start) = unit_before(bytes, start) {
        // The whole unit id: `3B`, `3-B`, `12A`.
        let mut stop = word_end(bytes, end);
        if stop == end
            && is(bytes, end, b'-')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            stop = word_end(bytes, end + 1);
        }
        if bytes[stop..].starts_with(b" Box ")
            && let Some(b) = digits(bytes, stop + 5, 1, 6)
        {
            stop = b;
        }
        found(unit_start, stop);
    }
    // A number, one to three capitalised words and a number: `637
    // Strojírenská 1006`, or a number after such words when an address
    // cue is near: `his address: Via Leopardi 83`.
    if word_start && len <= 6 {
        if let Some(stop) = number_words_number(bytes, end) {
            let dated = place::dated(text, start, stop);
            found(start, if dated { stop } else { finish(text, stop) });
        }
        if let Some(words_start) = words_before(bytes, start)
            && cue_before(text, words_start, ADDRESS_CUES)
        {
            found(words_start, finish(text, end));
        }
        street::at_number(text, start, end, found);
        // `Rural Route 6, Box 99`, `RR 1 BOX 154`.
        // `RR` alone is also a vital sign (`RR 18`): only with its box.
        if let Some((lead, spelled)) = place::rural_route(bytes, start) {
            let stop = place::box_after(bytes, end);
            if spelled || stop > end {
                found(lead, finish(text, stop));
            }
        }
        // A house number and a street name without its suffix after an
        // address cue: `ADDR VERIFIED 3996 LOCKBOURNE`, `HV @ 2067 Parsons`.
        if let Some(stop) = place::bare_street(text, end)
            && cue_before(text, start, HOUSE_CUES)
        {
            found(start, stop);
        }
    }
    if len == 5 {
        // OH 43057, OH 43057-1234
        if start >= 3
            && bytes[start - 1] == b' '
            && word_in_states(&bytes[start - 3..start - 1])
            && (start == 3 || !bytes[start - 4].is_ascii_alphanumeric())
        {
            let lead = place::military_before(text, start - 3).unwrap_or(start - 3);
            found(lead, zip4(bytes, end));
        }
        // the 43089 area
        if word_start
            && bytes
                .get(end..end + 5)
                .is_some_and(|w| w.eq_ignore_ascii_case(b" area"))
        {
            found(start, end);
        }
    }
    if word_start
        && let Some(stop) = place::country_postcode(text, start, end)
            .or_else(|| place::town_postcode(text, start, end))
    {
        found(start, stop);
    }
    // A ZIP with a separator after a ZIP cue or a region code: `81-521`,
    // `Camarate LI 2680-043`.
    if word_start && let Some(stop) = split_zip(bytes, start, end) {
        let code = start >= 3
            && bytes[start - 1] == b' '
            && bytes[start - 3..start - 1]
                .iter()
                .all(u8::is_ascii_uppercase)
            && (start == 3 || !bytes[start - 4].is_ascii_alphanumeric());
        if code {
            found(start - 3, stop);
        } else if cue_before(text, start, ZIP_CUES) {
            found(start, stop);
        }
    }
    if (3..=10).contains(&len) && word_start && cue_before(text, start, ZIP_CUES) {
        let mut stop = zip4(bytes, end);
        // 7736 PJ
        if let Some(more) = place::dutch(bytes, start, end) {
            stop = more;
        }
        // 860 13
        if stop == end
            && is(bytes, end, b' ')
            && let Some(more) = digits(bytes, end + 1, 2, 4)
        {
            stop = more;
        }
        found(start, stop);
    }
}

/// Cues before a house number and a street name without its suffix.
/// (`@ ` with its space: a handle or an e-mail address is no cue).
const HOUSE_CUES: &[&str] = &[
    "@ ",
    "addr",
    "home visit at",
    "location:",
    "lives at",
    "living at",
    "reside at",
    "resides at",
    "residing at",
    "staying at",
];

const ADDRESS_CUES: &[&str] = &[
    "address",
    "live at",
    "lives at",
    "lived at",
    "living at",
    "located at",
    "live on",
    "lives on",
    "is on",
    "moved to",
    "staying at",
    "resides at",
];

/// A UK postcode whose district digits are the run `start..end`: its
/// end.
fn uk_postcode(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    if start == 0 || !bytes[start - 1].is_ascii_uppercase() || end - start > 2 {
        return None;
    }
    let letters = if start >= 2 && bytes[start - 2].is_ascii_uppercase() {
        2
    } else {
        1
    };
    let lead = start - letters;
    if lead > 0 && bytes[lead - 1].is_ascii_alphanumeric() {
        return None;
    }
    let mut at = end;
    if bytes.get(at).is_some_and(u8::is_ascii_uppercase) {
        at += 1;
    }
    if !is(bytes, at, b' ') {
        return None;
    }
    let inward = bytes.get(at + 1..at + 4)?;
    let ok = inward[0].is_ascii_digit()
        && inward[1].is_ascii_uppercase()
        && inward[2].is_ascii_uppercase()
        && !bytes.get(at + 4).is_some_and(u8::is_ascii_alphanumeric);
    ok.then_some(at + 4)
}

/// Where a unit word (`Apt.`, `Suite`, `#`) directly before the number at
/// `at` begins.
fn unit_before(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if i >= 1 && bytes[i - 1] == b'#' {
        i -= 1;
    }
    if i >= 1 && bytes[i - 1] == b' ' {
        i -= 1;
    }
    if i >= 1 && bytes[i - 1] == b'.' {
        i -= 1;
    }
    let end = i;
    while i > 0 && bytes[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    let word = &bytes[i..end];
    // A room or floor alone is a place in a building, not an address
    // (`Room 12 is where group meets`); after a street it is a unit.
    (end > i
        && word[0].is_ascii_uppercase()
        && word_in(word, UNITS)
        && !word_in(word, &["fl", "floor", "rm", "room"])
        && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()))
    .then_some(i)
}

/// After a house number: one to three capitalised words and another
/// number (1-5 digits) that ends a word: its end.
fn number_words_number(bytes: &[u8], mut at: usize) -> Option<usize> {
    let mut words = 0;
    while words < 3 && is(bytes, at, b' ') {
        let s = at + 1;
        let e = word_end(bytes, s);
        if e == s || !(bytes[s].is_ascii_uppercase() || bytes[s] >= 0x80) {
            break;
        }
        if bytes[s..e].iter().any(u8::is_ascii_digit) {
            break;
        }
        // `42 CFR Part 2`, `18 U.S.C. Section 3583`: a citation.
        if word_in(
            &bytes[s..e],
            &[
                "art", "article", "cfr", "ch", "chapter", "code", "orc", "part", "rule", "sec",
                "section", "title", "u", "usc",
            ],
        ) {
            return None;
        }
        words += 1;
        at = e;
        if is(bytes, at, b'.') {
            at += 1;
        }
    }
    if words == 0 || !is(bytes, at, b' ') {
        return None;
    }
    let stop = digits(bytes, at + 1, 1, 5)?;
    (!bytes.get(stop).is_some_and(|b| b.is_ascii_alphanumeric())).then_some(stop)
}

/// Where one to four capitalised words directly before the number at
/// `at` begin.
fn words_before(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    let mut start = None;
    for _ in 0..4 {
        if i < 2 || bytes[i - 1] != b' ' {
            break;
        }
        let mut j = i - 1;
        if bytes[j - 1] == b'.' {
            j -= 1;
        }
        let end = j;
        while j > 0
            && (bytes[j - 1].is_ascii_alphabetic() || bytes[j - 1] >= 0x80 || bytes[j - 1] == b'-')
        {
            j -= 1;
        }
        if j == end || !(bytes[j].is_ascii_uppercase() || bytes[j] >= 0xC0) {
            break;
        }
        start = Some(j);
        i = j;
    }
    start
}

fn word_in_states(w: &[u8]) -> bool {
    std::str::from_utf8(w).is_ok_and(|w| STATES.binary_search(&w).is_ok())
}

/// After a ZIP: `-1234`, or nothing.
fn zip4(bytes: &[u8], at: usize) -> usize {
    if is(bytes, at, b'-')
        && let Some(stop) = digits(bytes, at + 1, 4, 4)
    {
        stop
    } else {
        at
    }
}

/// Where `PO Box`, `P.O. Box`, `P O Box` or `Post Office Box` begins when
/// the box number begins at `at`.
fn po_box(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if i >= 1 && bytes[i - 1] == b'#' {
        i -= 1;
    }
    if i >= 1 && bytes[i - 1] == b' ' {
        i -= 1;
    }
    if i < 3 {
        return None;
    }
    // `POB 123`, `PMB 123` (a private mailbox), `P.O.Box 123`.
    let word_before = |s: usize| s == 0 || !bytes[s - 1].is_ascii_alphanumeric();
    if (bytes[i - 3..i].eq_ignore_ascii_case(b"pob")
        || bytes[i - 3..i].eq_ignore_ascii_case(b"pmb"))
        && bytes[i - 3].is_ascii_uppercase()
        && word_before(i - 3)
    {
        return Some(i - 3);
    }
    if !bytes[i - 3..i].eq_ignore_ascii_case(b"box") {
        return None;
    }
    if i >= 7 && bytes[i - 7..i - 3].eq_ignore_ascii_case(b"p.o.") && word_before(i - 7) {
        return Some(i - 7);
    }
    let before = &bytes[..i - 3];
    for lead in [
        &b"po "[..],
        b"p.o. ",
        b"p. o. ",
        b"p o ",
        b"p.o ",
        b"post office ",
    ] {
        if before.len() >= lead.len()
            && before[before.len() - lead.len()..].eq_ignore_ascii_case(lead)
        {
            let s = before.len() - lead.len();
            if s == 0 || !bytes[s - 1].is_ascii_alphanumeric() {
                return Some(s);
            }
        }
    }
    None
}

/// The rest of a street address after its house number: the end.
fn street(bytes: &[u8], mut at: usize) -> Option<usize> {
    let mut suffix_end = None;
    let mut lower = 0;
    for k in 0..5 {
        if !is(bytes, at, b' ') {
            break;
        }
        let s = at + 1;
        let e = word_end(bytes, s);
        if e == s {
            break;
        }
        let word = &bytes[s..e];
        // `St.`, `Mt.` and `Ft.` begin a name (`St. Clair Ave`) rather than
        // end one when a capitalised word follows.
        let saint = k == 0
            && word_in(word, &["st", "mt", "ft"])
            && bytes[e..].starts_with(b". ")
            && bytes.get(e + 2).is_some_and(u8::is_ascii_uppercase);
        // Written in lower case, a street ends only in a suffix that is
        // nothing else (`1418 oak st`, not `3 blocks to the park`).
        let lower_suffix =
            word[0].is_ascii_lowercase() && lower < 3 && word_in(word, LOWER_SUFFIXES);
        if k >= 1
            && !saint
            && (word[0].is_ascii_uppercase() || lower_suffix)
            && word_in(word, SUFFIXES)
        {
            suffix_end = Some(e);
            if is(bytes, e, b'.') {
                at = e + 1;
                continue;
            }
        } else if !street_word(word) {
            // A lower-case name word, two at most, before such a suffix.
            if word[0].is_ascii_lowercase()
                && word.iter().all(u8::is_ascii_lowercase)
                && lower < 2
                && !word_in(word, LOWER_STOPS)
            {
                lower += 1;
            } else {
                break;
            }
        }
        at = e;
        // A direction or a saint with its full stop: `1418 N. High St`.
        if is(bytes, e, b'.') && (saint || word_in(word, DIRECTIONS)) {
            at = e + 1;
        }
    }
    let mut end = suffix_end?;
    // A direction after the suffix: `Main St NW`.
    if is(bytes, end, b' ') {
        let e = word_end(bytes, end + 1);
        if e > end + 1
            && bytes[end + 1].is_ascii_uppercase()
            && word_in(&bytes[end + 1..e], DIRECTIONS)
        {
            end = e;
        }
    }
    end = unit(bytes, end).unwrap_or(end);
    Some(city_state_zip(bytes, end).unwrap_or(end))
}

/// `, City, ST 12345` (or ` City, ST`, `, City ST 12345-1234`) after a
/// street: its end, when a state code is there.
fn city_state_zip(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if is(bytes, i, b'.') {
        i += 1;
    }
    let comma = is(bytes, i, b',');
    if comma {
        i += 1;
    }
    if !is(bytes, i, b' ') {
        return None;
    }
    // One to three capitalised words; after a comma, a city that ends
    // the sentence or clause is part of the address.
    let mut words = 0;
    while words < 3 {
        let s = i + 1;
        let e = word_end(bytes, s);
        if e == s || !(bytes[s].is_ascii_uppercase() || bytes[s] >= 0x80) {
            break;
        }
        if e - s == 2 && word_in_states(&bytes[s..e]) && words > 0 {
            break;
        }
        words += 1;
        i = e;
        if matches!(bytes.get(i), None | Some(b'.' | b';' | b')' | b'!' | b'?')) {
            return comma.then_some(i);
        }
        if is(bytes, i, b',') {
            i += 1;
        }
        if !is(bytes, i, b' ') {
            return None;
        }
    }
    if words == 0 {
        return None;
    }
    let s = i + 1;
    // A ZIP after the city (`Groveport 43182`).
    if let Some(zip) = digits(bytes, s, 4, 5) {
        return Some(zip4(bytes, zip));
    }
    let e = word_end(bytes, s);
    if e - s != 2 || !word_in_states(&bytes[s..e]) {
        return None;
    }
    if is(bytes, e, b' ')
        && let Some(zip) = digits(bytes, e + 1, 5, 5)
    {
        return Some(zip4(bytes, zip));
    }
    Some(e)
}
