//! The `address` detector after a street and around a postcode: units
//! and the place that follows an address (city, region, country,
//! postcode: `, BODØ, Norway`, ` Perroy Switzerland`), postcodes (`910
//! 11`, `7736 PJ`, `81-521`), a postcode after a country or a town
//! (`Poland 28978`, `in Springfield 62701`), military addresses (`USS
//! Name FPO AA 73641`), and whether a number, words and a number are a
//! date or a time rather than a street.

use super::abroad::{COUNTRIES, COUNTRY_FIRST, PARTICLES, STOPS, TYPES};
use super::cues::is_cue;
use super::lexicon::{FIRST_NAMES, VOCABULARY, never_beside_a_name};
use super::numbers::{digits, is};
use super::token::{Kind, folded, in_list, is_cap, kind, namely, tok_at, tok_before};
use super::usps::{SUFFIXES, unit, word_end};

/// Units and the place after a street that ends at `at`: the end.
pub fn finish(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = at;
    while let Some(u) = unit(bytes, end) {
        end = u;
    }
    tail(text, end)
}

/// A postcode at `s`: 3-6 digits (`min` at least), and a second group
/// after `-` (2-4 digits) or, after three digits, a space and two
/// (`910 11`), with no further group of digits after it. Its end.
fn postcode(bytes: &[u8], s: usize, min: usize) -> Option<usize> {
    let e = digits(bytes, s, min, 6)?;
    // The group ends a word, and no other group of digits follows (that
    // would be a phone number: `0494 41 18 24`).
    let whole = |at: usize| match bytes.get(at) {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() || *b >= 0x80 => false,
        Some(b' ' | b'-' | b'.' | b'/' | b'(' | b')') => {
            !bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
        }
        Some(_) => true,
    };
    if is(bytes, e, b'-')
        && let Some(m) = digits(bytes, e + 1, 2, 4)
        && whole(m)
    {
        return Some(m);
    }
    if e - s == 3
        && is(bytes, e, b' ')
        && let Some(m) = digits(bytes, e + 1, 2, 2)
        && whole(m)
    {
        return Some(m);
    }
    dutch(bytes, s, e).or(whole(e).then_some(e))
}

/// A Dutch postcode, four digits `s..e` and two capital letters (`7736
/// PJ`): its end.
pub fn dutch(bytes: &[u8], s: usize, e: usize) -> Option<usize> {
    let letters = bytes.get(e + 1..e + 3)?;
    (e - s == 4
        && is(bytes, e, b' ')
        && letters.iter().all(u8::is_ascii_uppercase)
        && !bytes
            .get(e + 3)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80))
    .then_some(e + 3)
}

/// The place after an address that ends at `at`: up to four capitalised
/// or upper-case words (city, region, country), commas allowed between,
/// and up to two postcodes. It stops at a lower-case word, at sentence
/// punctuation, at a month, weekday, title or small word (`Monday`, `Mr`,
/// `The`). Unless a comma began its part of the place, a word must be
/// upper case, a country or one the vocabulary and the first names do not
/// know (a line break reads as a space: `USA Everyone` is two sentences).
/// A dot followed by a capitalised word ends a sentence unless the dot
/// ends an abbreviated street word and the word is one neither the
/// vocabulary nor the first names know (`St. Gahanna`, not `St. Client`
/// or `Ave. HUNTER`). Its end, or `at`.
pub fn tail(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut end, mut i) = (at, at);
    let (mut words, mut codes) = (0, 0);
    // After a comma, up to the next postcode, any capitalised word is part
    // of the place (`, Vega de Pas, Spain`).
    let mut listed = false;
    loop {
        let mut j = i;
        let dot = is(bytes, j, b'.');
        j += usize::from(dot);
        // A comma, also at the start of a line (` , `).
        if is(bytes, j, b' ') && is(bytes, j + 1, b',') {
            j += 1;
        }
        let comma = is(bytes, j, b',');
        j += usize::from(comma);
        listed |= comma;
        if !is(bytes, j, b' ') {
            break;
        }
        let s = j + 1;
        if codes < 2
            && let Some(z) = postcode(bytes, s, if words > 0 { 3 } else { 4 })
        {
            codes += 1;
            listed = false;
            (end, i) = (z, z);
            continue;
        }
        let e = word_end(bytes, s);
        let word = &text[s..e];
        // An empty region as some exports write it (`, nan 82001`), and a
        // particle inside a place name (`Casal das Cheiras`): only with
        // more of the place after them.
        if !dot
            && (word == "nan" || in_list(word, PARTICLES))
            && is(bytes, e, b' ')
            && (is_cap(text, e + 1) || postcode(bytes, e + 1, 4).is_some())
        {
            i = e;
            continue;
        }
        if words == 4 || !is_cap(text, s) {
            break;
        }
        // A possessive is no place: `St. Client's`.
        if in_list(word, STOPS) || super::usps::is_unit(word.as_bytes()) || word.contains('\'') {
            break;
        }
        // Nor the words of probation work, a title, a pronoun or a word
        // of institutions, after a comma too (`1418 Oak St, Suboxone
        // daily`, `, Judge Smith said`, `, He is stable`).
        let mut buf = [0; 48];
        if is_cue(word.as_bytes()) || folded(word, &mut buf).is_some_and(never_beside_a_name) {
            break;
        }
        if dot && !comma && !(abbreviation(text, i) && place_name(word)) {
            break;
        }
        // Without a comma before it, a word of the vocabulary may begin
        // the next sentence (a line break reads as a space): only upper
        // case, unknown words and countries are read on (`Perroy
        // Switzerland`, not `USA Everyone`).
        let caps = e - s >= 2 && word.bytes().all(|b| !b.is_ascii_lowercase());
        // `United Kingdom`, `New Zealand`: both words.
        let mut e = e;
        if in_list(word, COUNTRY_FIRST)
            && is(bytes, e, b' ')
            && let Some(next) = tok_at(bytes, e + 1)
            && in_list(&text[next.s..next.e], COUNTRIES)
        {
            e = next.e;
        } else if !listed && !caps && !place_name(word) && !in_list(word, COUNTRIES) {
            break;
        }
        words += 1;
        (end, i) = (e, e);
    }
    end
}

/// Whether the word that ends at `at` (before a dot) is an abbreviated
/// street word (`St`, `Ave`, `Str`), so that the dot ends no sentence.
fn abbreviation(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let mut s = at;
    while s > 0 && bytes[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    (1..=4).contains(&(at - s))
        && (s == 0 || !bytes[s - 1].is_ascii_alphanumeric())
        && (super::usps::word_in(&bytes[s..at], SUFFIXES) || in_list(&text[s..at], TYPES))
}

/// A word that may name a place after a dot: one that neither the
/// vocabulary nor the first names know.
fn place_name(word: &str) -> bool {
    let mut buf = [0; 48];
    folded(word, &mut buf).is_some_and(|f| !VOCABULARY.contains(f) && !FIRST_NAMES.contains(f))
}

/// A ZIP written with a separator (`81-521`, `00-423`, `2680-043`) whose
/// first group is the run `start..end`: its end.
pub fn split_zip(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    if !(2..=4).contains(&(end - start)) || !is(bytes, end, b'-') {
        return None;
    }
    let e = digits(bytes, end + 1, 3, 3)?;
    (!bytes.get(e).is_some_and(u8::is_ascii_alphabetic)).then_some(e)
}

/// A postcode after a country (`Poland 28978`, `United Kingdom 74293`)
/// whose first group is the run `start..end`: its end.
pub fn country_postcode(text: &str, start: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !(4..=6).contains(&(end - start)) {
        return None;
    }
    let t = tok_before(bytes, start)?;
    // A year is no postcode: `Poland 2024`.
    let year = end - start == 4 && matches!(&bytes[start..start + 2], b"19" | b"20");
    (!year && !t.dot && is_cap(text, t.s) && in_list(&text[t.s..t.e], COUNTRIES))
        .then(|| postcode(bytes, start, 4))
        .flatten()
}

/// `FPO`, `APO` or `DPO` before a state code at `at`, and a ship (`USS
/// Name`), `PSC 1234, Box 5678` or `Unit 1234 Box 5678` before that:
/// where the military address begins.
pub fn military_before(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let post = tok_before(bytes, at)?;
    if post.dot || !matches!(&text[post.s..post.e], "FPO" | "APO" | "DPO") {
        return None;
    }
    let mut start = post.s;
    // `USS Name` or `USNS Name`.
    if let Some(name) = tok_before(bytes, start)
        && !name.dot
        && is_cap(text, name.s)
        && let Some(ship) = tok_before(bytes, name.s)
        && matches!(&text[ship.s..ship.e], "USS" | "USNS" | "USCGC")
    {
        start = ship.s;
    }
    Some(start)
}

/// A postcode after `in` and one or two town names (`in Springfield
/// 62701`): four or five digits, not a year, whose run is `start..end`:
/// its end.
pub fn town_postcode(text: &str, start: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !(4..=5).contains(&(end - start))
        || (end - start == 4 && matches!(&bytes[start..start + 2], b"19" | b"20"))
    {
        return None;
    }
    let mut t = tok_before(bytes, start)?;
    for k in 0..2 {
        if t.dot || kind(text, t) != Kind::Name || !namely(&text[t.s..t.e]) {
            return None;
        }
        let before = tok_before(bytes, t.s)?;
        if &text[before.s..before.e] == "in" && !before.dot {
            return postcode(bytes, start, 4);
        }
        if k == 1 {
            break;
        }
        t = before;
    }
    None
}

/// Whether `text[start..end]`, a number, words and a number, reads as a
/// date or a time (`1 April 1989`, `01:30:22 MDT 1996`): no place is read
/// after it.
pub fn dated(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    if start > 0 && bytes[start - 1] == b':' {
        return true;
    }
    let mut at = start;
    while let Some(t) = tok_at(bytes, at).filter(|t| t.e <= end) {
        if in_list(&text[t.s..t.e], STOPS) {
            return true;
        }
        match t.next(bytes) {
            Some(n) => at = n,
            None => break,
        }
    }
    false
}

/// `Rural Route`, `RR`, `R.R.`, or a highway contract route (`HC`, `HCR`)
/// directly before the number at `at`:
/// where it begins, and whether it is spelled out.
pub fn rural_route(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    if at < 3 || bytes[at - 1] != b' ' {
        return None;
    }
    let before = &bytes[..at - 1];
    for lead in [
        &b"rural route"[..],
        b"highway contract route",
        b"r.r.",
        b"rr",
        b"hcr",
        b"hc",
    ] {
        if before.len() >= lead.len()
            && before[before.len() - lead.len()..].eq_ignore_ascii_case(lead)
        {
            let s = before.len() - lead.len();
            if s == 0 || !bytes[s - 1].is_ascii_alphanumeric() {
                return Some((s, lead.len() > 4));
            }
        }
    }
    None
}

/// `, Box 99` or ` BOX 156A` after a route number that ends at `at`: its
/// end, or `at`.
pub fn box_after(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    if is(bytes, i, b',') {
        i += 1;
    }
    if !is(bytes, i, b' ')
        || !bytes
            .get(i + 1..i + 5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"box "))
    {
        return at;
    }
    let id = word_end(bytes, i + 5);
    if id > i + 5 && bytes[i + 5].is_ascii_digit() {
        id
    } else {
        at
    }
}

/// After a house number that ends at `at`, the name of a street without
/// its suffix: one capitalised word, and a second one that is a name, a
/// word the vocabulary does not know or a street suffix (`3996
/// LOCKBOURNE`, `2067 Parsons`, not `3386 Karl Persons`): its end.
pub fn bare_street(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !is(bytes, at, b' ')
        || !bytes
            .get(at + 1)
            .is_some_and(|b| b.is_ascii_uppercase() || *b >= 0xC0)
    {
        return None;
    }
    let first = tok_at(bytes, at + 1)?;
    let word = &bytes[first.s..first.e];
    if kind(text, first) != Kind::Name || super::usps::is_unit(word) {
        return None;
    }
    let mut end = first.e;
    if !first.dot
        && let Some(next) = first.next(bytes).and_then(|n| tok_at(bytes, n))
        && kind(text, next) == Kind::Name
        && (namely(&text[next.s..next.e]) || super::usps::word_in(&bytes[next.s..next.e], SUFFIXES))
    {
        end = next.e;
    }
    Some(end)
}
