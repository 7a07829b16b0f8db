//! The `address` forms without a house number to start from, read in one
//! pass of their own: intersections, `corner of A and B` (`corner`) and
//! two streets with their suffixes (`Karl Rd and Ferris Rd`, `Main
//! St/Nelson Rd`), and a named street, one or two name words and a USPS
//! suffix in full (`Sille Ranch Street`) (`named`).

use memchr::memmem::Finder;
use std::sync::LazyLock;

use super::abroad::{SUFFIX, flags};
use super::lexicon::{FIRST_NAMES, Lexicon, SURNAMES};
use super::numbers::is;
use super::token::{Kind, folded, is_cap, kind, namely, tok_at, tok_before};
use super::usps::{SUFFIXES, word_end, word_in};

/// The searchers of the pass, built once.
static CORNER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"orner of "));
static AND: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b" and "));
static AMPERSAND: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b" & "));

/// Intersections and named streets without a house number in `text`.
pub fn find(text: &str, found: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    for pos in CORNER.find_iter(bytes) {
        if pos >= 1
            && matches!(bytes[pos - 1], b'c' | b'C')
            && (pos == 1 || !bytes[pos - 2].is_ascii_alphanumeric())
            && let Some(e) = corner(text, pos + 9)
        {
            found(pos - 1, e);
        }
    }
    // `Karl Rd and Ferris Rd`, `Main St/Nelson Rd`, `E 5th Ave & Joyce Ave`.
    for (pos, gap) in memchr::memchr_iter(b'/', bytes)
        .map(|p| (p, 1))
        .chain(AND.find_iter(bytes).map(|p| (p, 5)))
        .chain(AMPERSAND.find_iter(bytes).map(|p| (p, 3)))
    {
        if let Some(s) = suffixed_before(bytes, pos)
            && let Some(e) = suffixed_after(bytes, pos + gap)
        {
            found(s, e);
        }
    }
    named(text, found);
}

/// A street word of an intersection: capitalised, an ordinal (`5th`) or a
/// direction (`E`, `NW`).
fn street_word(word: &[u8]) -> bool {
    match word.first() {
        Some(b) if b.is_ascii_uppercase() || *b >= 0xC0 => true,
        Some(b) if b.is_ascii_digit() => {
            let d = word.iter().take_while(|b| b.is_ascii_digit()).count();
            word_in(&word[d..], &["nd", "rd", "st", "th"])
        }
        _ => false,
    }
}

/// The street suffixes that make an intersection of two streets: the
/// common ones of roads, not those of courts, centres and parks
/// (`Municipal Court and Common Pleas Court` is no intersection).
const CROSSING: &[&str] = &[
    "av",
    "ave",
    "avenue",
    "blvd",
    "boulevard",
    "cir",
    "circle",
    "dr",
    "drive",
    "expy",
    "fwy",
    "highway",
    "hwy",
    "lane",
    "ln",
    "parkway",
    "pike",
    "pkwy",
    "rd",
    "road",
    "st",
    "street",
    "ter",
    "terrace",
    "tpke",
    "trail",
    "trl",
];

/// Whether `word` is a capitalised road suffix (`Rd`, `Ave`, `Street`).
fn suffix_word(word: &[u8]) -> bool {
    word.first().is_some_and(u8::is_ascii_uppercase) && word_in(word, CROSSING)
}

/// One to three street words and a USPS suffix that end at `at`: where
/// they begin.
fn suffixed_before(bytes: &[u8], at: usize) -> Option<usize> {
    let mut s = at;
    while s > 0 && at - s <= 10 && bytes[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    if s == at || !suffix_word(&bytes[s..at]) {
        return None;
    }
    let mut start = None;
    let mut i = s;
    for _ in 0..3 {
        let Some(t) = tok_before(bytes, i).filter(|t| !t.dot) else {
            break;
        };
        if !street_word(&bytes[t.s..t.e]) {
            break;
        }
        start = Some(t.s);
        i = t.s;
    }
    start
}

/// One to three street words and a USPS suffix from `at`: their end.
fn suffixed_after(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    for words in 0..4 {
        let e = word_end(bytes, i);
        let word = bytes.get(i..e).filter(|w| !w.is_empty())?;
        if words > 0 && suffix_word(word) {
            return Some(e);
        }
        if !street_word(word) || !is(bytes, e, b' ') {
            return None;
        }
        i = e + 1;
    }
    None
}

/// A street in an intersection: names, numbers, particles, type words.
fn street_part(k: Kind) -> bool {
    matches!(
        k,
        Kind::Name | Kind::Number | Kind::Particle | Kind::Type { .. }
    )
}

/// After `corner of `: `A and B`, two streets (names, numbers, particles,
/// type words, abbreviations, PO boxes). B ends at a lower-case word, a
/// dot, other punctuation or the end. The end of B.
fn corner(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at;
    let mut n = 0;
    loop {
        let t = tok_at(bytes, i)?;
        if n > 0 && &text[t.s..t.e] == "and" && !t.dot {
            i = t.next(bytes)?;
            break;
        }
        let k = kind(text, t);
        if !street_part(k) || (n == 0 && k == Kind::Particle) || n == 8 {
            return None;
        }
        n += 1;
        i = t.next(bytes)?;
    }
    let mut last = None;
    for n in 0..6 {
        let Some(t) = tok_at(bytes, i) else { break };
        let k = kind(text, t);
        match k {
            Kind::Name | Kind::Number => last = Some(t.e),
            Kind::Type { .. } => last = Some(t.e),
            Kind::Particle if n > 0 => {}
            _ => break,
        }
        if t.dot {
            break;
        }
        match t.next(bytes) {
            Some(next) => i = next,
            None => break,
        }
    }
    last
}

/// One or two name words and a USPS suffix in full (`Sille Ranch`,
/// `Yonis Village`), and a second suffix (`Sille Ranch Street`).
fn named(text: &str, found: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    capitalised_words(bytes, |s| {
        let e = word_end(bytes, s);
        if !(4..=12).contains(&(e - s)) || !ascii_in(&bytes[s..e]) {
            return;
        }
        let Some(w1) = tok_before(bytes, s) else {
            return;
        };
        let first = &text[w1.s..w1.e];
        if w1.dot || !is_cap(text, w1.s) || kind(text, w1) != Kind::Name || !namely(first) {
            return;
        }
        // `Tom Hill`, `Iain Lane`: a suffix that is also a surname makes a
        // person's name as often as a street; it counts only before a
        // second suffix (`Gallo Creek Road`). `Street` is no such name.
        let suffix = &text[s..e];
        let person = !suffix.eq_ignore_ascii_case("street")
            && (in_lex(suffix, &SURNAMES) || in_lex(suffix, &FIRST_NAMES));
        if person && second_suffix(bytes, e).is_none() {
            return;
        }
        let mut start = w1.s;
        if let Some(w2) = tok_before(bytes, w1.s)
            && !w2.dot
            && kind(text, w2) == Kind::Name
            && namely(&text[w2.s..w2.e])
        {
            start = w2.s;
        }
        found(start, second_suffix(bytes, e).unwrap_or(e));
    });
}

/// A second suffix after a street name that ends at `at` (`Sille Ranch
/// Street`): its end.
fn second_suffix(bytes: &[u8], at: usize) -> Option<usize> {
    if !is(bytes, at, b' ') || !bytes.get(at + 1).is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let e = word_end(bytes, at + 1);
    word_in(&bytes[at + 1..e], SUFFIXES).then_some(e)
}

fn in_lex(word: &str, lex: &Lexicon) -> bool {
    let mut buf = [0; 48];
    folded(word, &mut buf).is_some_and(|f| lex.contains(f))
}

/// Whether an ASCII word of up to 12 letters is a USPS suffix of
/// `NAMED`, without folding: the quick test at each capitalised word.
fn ascii_in(word: &[u8]) -> bool {
    let mut buf = [0u8; 12];
    let Some(lower) = buf.get_mut(..word.len()) else {
        return false;
    };
    lower.copy_from_slice(word);
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(|w| flags(w) & SUFFIX != 0)
}

/// Where a capitalised ASCII word begins after a space (`found(at)`),
/// eight bytes at a time.
fn capitalised_words(bytes: &[u8], mut found: impl FnMut(usize)) {
    const H: u64 = 0x8080_8080_8080_8080;
    const L: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte of `y` (all below 0x80) that is >= `c`.
    #[inline(always)]
    fn at_least(y: u64, c: u8) -> u64 {
        y.wrapping_add(L * u64::from(0x80 - c)) & H
    }
    let mut space_before = 0u64;
    for (index, chunk) in bytes.chunks(8).enumerate() {
        let mut buf = [0u8; 8];
        buf[..chunk.len()].copy_from_slice(chunk);
        let x = u64::from_le_bytes(buf);
        let high = x & H;
        let y = x & !H;
        let upper = at_least(y, b'A') & !at_least(y, b'Z' + 1) & !high;
        let space = at_least(y, b' ') & !at_least(y, b' ' + 1) & !high;
        let mut hits = upper & ((space << 8) | space_before);
        space_before = space >> 56;
        while hits != 0 {
            let bit = hits.trailing_zeros();
            found(index * 8 + (bit / 8) as usize);
            hits &= hits - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_words_as_a_plain_loop_finds_them() {
        let texts = [
            "",
            " A",
            "a Bc dE  Fg é Ü Hi\u{a0}Jk 12 Lm",
            "seven b Across the chunk Border and Z",
            "       X       Y      Zz",
        ];
        for text in texts {
            let bytes = text.as_bytes();
            let mut fast = Vec::new();
            capitalised_words(bytes, |at| fast.push(at));
            let plain: Vec<usize> = (1..bytes.len())
                .filter(|&i| bytes[i - 1] == b' ' && bytes[i].is_ascii_uppercase())
                .collect();
            assert_eq!(fast, plain, "{text:?}");
        }
    }
}
