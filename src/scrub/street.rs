//! More forms of the `address` detector, on the normal view:
//!
//! - streets of other countries with a house number before or after
//!   (`82 rue Ernest Renan`, `Via Franscini 54`, `Király u. 23`,
//!   `Gosposka ulica 53`, `Jalonkatu 34`), read from the house number
//!   (`at_number`);
//! - the place after an address: city, region, country and postcode
//!   (`, BODØ, Norway`, ` Perroy Switzerland`, `, Deventer, Netherlands
//!   19710`) (`tail`);
//! - ZIPs with a separator, postcodes after a country, military
//!   addresses.
//!
//! Intersections and named streets without a house number are in
//! `crossing`; the word lists in `abroad`.

use super::abroad::{
    COUNTRIES, COUNTRY_FIRST, ENDINGS, IS_DOTTED, IS_ENGLISH, PARTICLE, PARTICLES, STOP, STOPS,
    TYPE, TYPES, flags,
};
use super::lexicon::{FIRST_NAMES, VOCABULARY};
use super::normal::fold_char;
use super::numbers::{digits, is};
use super::usps::SUFFIXES;
use super::usps::{unit, word_end};

/// A word: its bytes `s..e`, and whether a dot follows it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tok {
    pub s: usize,
    pub e: usize,
    pub dot: bool,
}

impl Tok {
    /// Where the next word would begin (after the dot and one space).
    pub fn next(self, bytes: &[u8]) -> Option<usize> {
        let at = self.e + usize::from(self.dot);
        is(bytes, at, b' ').then_some(at + 1)
    }
}

/// What a word is in a street name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A capitalised word.
    Name,
    /// `de`, `du`, `la`, `do`...
    Particle,
    /// A street-type word; `english` when it is also an English word.
    Type {
        english: bool,
    },
    /// A house number (`12`, `12a`).
    Number,
    Other,
}

/// `word` folded (lower case, no diacritics) into `buf`; `None` when it
/// does not fit.
pub(super) fn folded<'b>(word: &str, buf: &'b mut [u8; 48]) -> Option<&'b str> {
    if word.is_ascii() {
        let lower = buf.get_mut(..word.len())?;
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).ok();
    }
    let mut n = 0;
    let mut fits = true;
    for c in word.chars() {
        fold_char(c, &mut |f| {
            let l = f.len_utf8();
            if n + l <= buf.len() {
                f.encode_utf8(&mut buf[n..n + l]);
                n += l;
            } else {
                fits = false;
            }
        });
    }
    if !fits {
        return None;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

fn in_list(word: &str, list: &[&str]) -> bool {
    let mut buf = [0; 48];
    folded(word, &mut buf).is_some_and(|f| list.binary_search(&f).is_ok())
}

/// Whether the character at `at` is an upper-case letter.
pub(super) fn is_cap(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => text[at..].chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

/// Whether a capitalised word is a first name or a word the vocabulary
/// does not know (so not a word of the sentence: surnames that are words,
/// `Main`, `Broad`, do not count).
pub(super) fn namely(word: &str) -> bool {
    let mut buf = [0; 48];
    folded(word, &mut buf).is_some_and(|f| !VOCABULARY.contains(f) || FIRST_NAMES.contains(f))
}

/// The word that begins at `s`, with its dot; `P.O.` is one word.
pub(super) fn tok_at(bytes: &[u8], s: usize) -> Option<Tok> {
    let mut e = word_end(bytes, s);
    if e == s {
        return None;
    }
    let mut dot = false;
    while is(bytes, e, b'.') {
        let n = word_end(bytes, e + 1);
        if n > e + 1 && n - (e + 1) <= 2 && bytes[e + 1].is_ascii_alphabetic() {
            e = n;
        } else {
            dot = true;
            break;
        }
    }
    Some(Tok { s, e, dot })
}

/// The word that ends, with its dot, one space before `at`.
pub(super) fn tok_before(bytes: &[u8], at: usize) -> Option<Tok> {
    if at < 2 || bytes[at - 1] != b' ' {
        return None;
    }
    let mut e = at - 1;
    let dot = bytes[e - 1] == b'.';
    if dot {
        e -= 1;
    }
    let mut s = e;
    while s > 0 {
        let b = bytes[s - 1];
        let inner = matches!(b, b'\'' | b'-' | b'.')
            && s >= 2
            && s < e
            && (bytes[s - 2].is_ascii_alphanumeric() || bytes[s - 2] >= 0x80);
        if b.is_ascii_alphanumeric() || b >= 0x80 || inner {
            s -= 1;
        } else {
            break;
        }
    }
    (s < e).then_some(Tok { s, e, dot })
}

pub(super) fn kind(text: &str, t: Tok) -> Kind {
    let word = &text[t.s..t.e];
    let b = word.as_bytes();
    let d = b.iter().take_while(|b| b.is_ascii_digit()).count();
    if d > 0 {
        return if d == b.len() || (d + 1 == b.len() && b[d].is_ascii_alphabetic()) {
            Kind::Number
        } else {
            Kind::Other
        };
    }
    let mut buf = [0; 48];
    let Some(f) = folded(word, &mut buf) else {
        return Kind::Other;
    };
    let bits = flags(f);
    if bits & TYPE != 0 && (t.dot || bits & IS_DOTTED == 0) {
        return Kind::Type {
            english: bits & IS_ENGLISH != 0,
        };
    }
    if bits & PARTICLE != 0 && !is_cap(text, t.s) {
        return Kind::Particle;
    }
    if is_cap(text, t.s) && bits & STOP == 0 {
        return Kind::Name;
    }
    // `l'Etoile`, `d'Italia`: an elided particle and a name.
    if let Some(rest) = word.strip_prefix("l'").or_else(|| word.strip_prefix("d'"))
        && rest.chars().next().is_some_and(char::is_uppercase)
    {
        return Kind::Name;
    }
    Kind::Other
}

/// A street name written as one word with a type ending
/// (`Vallerstrasse`, `Eichendorffstr.`), that the vocabulary does not
/// know.
fn compound(text: &str, t: Tok) -> bool {
    if !is_cap(text, t.s) {
        return false;
    }
    let mut buf = [0; 48];
    let Some(f) = folded(&text[t.s..t.e], &mut buf) else {
        return false;
    };
    let ends = |e: &str| f.len() >= e.len() + 3 && f.ends_with(e);
    (ENDINGS.iter().any(|e| ends(e)) || (t.dot && ends("str"))) && !VOCABULARY.contains(f)
}

/// A type word of an English spelling counts only next to a name word
/// that is a name or unknown (`Luige tee`, not `the main gate`).
fn type_ok(text: &str, english: bool, name: Tok) -> bool {
    !english || namely(&text[name.s..name.e])
}

/// The addresses of other countries whose house number is the run
/// `start..end`.
pub fn at_number(text: &str, start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    // A house number may carry a letter: `12a`.
    let mut num_end = end;
    if bytes.get(end).is_some_and(u8::is_ascii_alphabetic)
        && !bytes
            .get(end + 1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80)
    {
        num_end = end + 1;
    }
    if bytes
        .get(num_end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80)
    {
        return;
    }
    if let Some(s) = names_before(text, start) {
        found(lead_number(bytes, s), finish(text, num_end));
    }
    if let Some(e) = names_after(text, end) {
        found(lead_number(bytes, start), finish(text, e));
    }
    // `Odra 60 St.`: a name, the number, a USPS suffix.
    if let Some(t) = tok_before(bytes, start)
        && !t.dot
        && kind(text, t) == Kind::Name
        && namely(&text[t.s..t.e])
        && is(bytes, end, b' ')
        && bytes.get(end + 1).is_some_and(u8::is_ascii_uppercase)
    {
        let e = word_end(bytes, end + 1);
        if super::usps::word_in(&bytes[end + 1..e], SUFFIXES) {
            found(t.s, e);
        }
    }
}

/// A number (1-6 digits) directly before a street, as some exports write
/// a building number, and a unit before it (`Suite 020 994 Csabai kapu
/// 60`): where they begin, or `at`.
fn lead_number(bytes: &[u8], at: usize) -> usize {
    let mut start = at;
    for _ in 0..3 {
        let Some(t) = tok_before(bytes, start) else {
            break;
        };
        let word = &bytes[t.s..t.e];
        let number = word.len() <= 6 && word.iter().all(u8::is_ascii_digit);
        // A unit word counts only before a number.
        let unit = start < at
            && bytes[start].is_ascii_digit()
            && word[0].is_ascii_uppercase()
            && super::usps::is_unit(word);
        if !(number && !t.dot || unit) {
            break;
        }
        start = t.s;
    }
    start
}

/// Units and the place after a street that ends at `at`: the end.
pub fn finish(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = at;
    while let Some(u) = unit(bytes, end) {
        end = u;
    }
    tail(text, end)
}

/// Name words and a type word before a house number at `at` (`Gosposka
/// ulica 53`, `Via Franscini 54`, `Jalonkatu 34`): where they begin.
fn names_before(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // Most numbers stop here: the word before is no name or type word.
    let t0 = tok_before(bytes, at)?;
    let k0 = kind(text, t0);
    if !matches!(k0, Kind::Name | Kind::Type { .. }) {
        return None;
    }
    let mut toks = [t0; 6];
    let mut n = 1;
    let mut i = t0.s;
    while n < toks.len()
        && let Some(t) = tok_before(bytes, i)
    {
        // Only the word next to the number may keep a dot of its own
        // (`Király u.`) — other dots end a sentence, unless they end a
        // type word or a short abbreviation (`ul. Kładki`, `Proc. San`).
        toks[n] = t;
        n += 1;
        i = t.s;
        if t.dot && n > 1 && t.e - t.s > 4 {
            n -= 1;
            break;
        }
    }
    // A type word next to the number, name words before it.
    if let Kind::Type { english } = k0 {
        let mut first = None;
        for (j, t) in toks.iter().enumerate().take(n).skip(1) {
            match kind(text, *t) {
                Kind::Name if j == 1 || (j <= 3 && namely(&text[t.s..t.e])) => first = Some(j),
                Kind::Particle => {}
                _ => break,
            }
        }
        if let Some(j) = first
            && kind(text, toks[1]) == Kind::Name
            && type_ok(text, english, toks[1])
        {
            return Some(toks[j].s);
        }
    }
    // One word with a type ending, and the name words and particles
    // before it (`Carry van Bruggenweg 77`).
    if k0 == Kind::Name && compound(text, t0) {
        let mut start = t0.s;
        for t in toks.iter().take(n).skip(1) {
            match kind(text, *t) {
                Kind::Particle => {}
                Kind::Name if !t.dot && namely(&text[t.s..t.e]) => start = t.s,
                _ => break,
            }
        }
        return Some(start);
    }
    // A type word, then name words, then the number.
    if k0 == Kind::Name && !t0.dot {
        for j in 1..n {
            match kind(text, toks[j]) {
                Kind::Name | Kind::Particle if j < 4 => {}
                Kind::Type { english } => {
                    let before = toks[j - 1];
                    let ok = !english
                        || ((is_cap(text, toks[j].s) || toks[j].dot)
                            && (kind(text, before) == Kind::Particle
                                || namely(&text[before.s..before.e])));
                    return ok.then_some(toks[j].s);
                }
                _ => return None,
            }
        }
    }
    None
}

/// After a house number ending at `at`: a type word and name words
/// (`82 rue Ernest Renan`, `3 route de Lyon`), or name words and a type
/// word (`250 Theotokopoulou Str.`): their end.
fn names_after(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !is(bytes, at, b' ') {
        return None;
    }
    let t0 = tok_at(bytes, at + 1)?;
    match kind(text, t0) {
        Kind::Type { english } => {
            let mut i = t0.next(bytes)?;
            let mut last = None;
            for j in 0..5 {
                let Some(t) = tok_at(bytes, i) else { break };
                match kind(text, t) {
                    Kind::Name if !super::usps::is_unit(&bytes[t.s..t.e]) => {
                        // `rue La Boétie`: a capitalised particle is part
                        // of the name, the word after it is checked.
                        let particle = in_list(&text[t.s..t.e], PARTICLES);
                        if j == 0 && !particle && !type_ok(text, english, t) {
                            return None;
                        }
                        last = Some(t.e);
                    }
                    Kind::Particle => {}
                    _ => break,
                }
                if t.dot {
                    break;
                }
                match t.next(bytes) {
                    Some(n) => i = n,
                    None => break,
                }
            }
            last
        }
        Kind::Name => {
            let mut prev = t0;
            let mut i = t0.next(bytes)?;
            for _ in 0..3 {
                let t = tok_at(bytes, i)?;
                match kind(text, t) {
                    Kind::Name if !prev.dot => {}
                    Kind::Type { english } if is_cap(text, t.s) || t.dot => {
                        return type_ok(text, english, prev).then_some(t.e);
                    }
                    _ => return None,
                }
                prev = t;
                i = t.next(bytes)?;
            }
            None
        }
        _ => None,
    }
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
/// `The`); unless a comma began its part of the place, a word must be
/// upper case, a country or one the vocabulary and the first names do not
/// know (a line
/// break reads as a space: `USA Everyone` is two sentences); a dot
/// followed by a capitalised word ends a sentence unless
/// the dot ends an abbreviated street word and the word is one neither the
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
