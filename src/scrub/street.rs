//! The `address` detector on streets of other countries with a house
//! number before or after (`82 rue Ernest Renan`, `Via Franscini 54`,
//! `Király u. 23`, `Gosposka ulica 53`, `Jalonkatu 34`), read from the
//! house number (`at_number`). The place after them is read by `place`,
//! intersections and named streets without a number by `crossing`, the
//! word lists are in `abroad`.

use super::abroad::{ENDINGS, PARTICLES};
use super::lexicon::VOCABULARY;
use super::numbers::is;
use super::place::finish;
use super::token::{Kind, Tok, folded, in_list, is_cap, kind, namely, tok_at, tok_before};
use super::usps::{SUFFIXES, word_end};

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
    if is(bytes, end, b' ')
        && bytes.get(end + 1).is_some_and(u8::is_ascii_uppercase)
        && let e = word_end(bytes, end + 1)
        && super::usps::word_in(&bytes[end + 1..e], SUFFIXES)
        && let Some(t) = tok_before(bytes, start)
        && !t.dot
        && kind(text, t) == Kind::Name
        && namely(&text[t.s..t.e])
    {
        found(t.s, e);
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
    // Most numbers stop here: no letter after the space.
    if !is(bytes, at, b' ')
        || !bytes
            .get(at + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b >= 0xC0)
    {
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
