//! Words as the street forms of the `address` detector read them (`street`,
//! `place`, `crossing`): a word with the dot after it (`Tok`), found
//! forwards or backwards from a position of the normal view, and what it
//! is in a street name (`Kind`): a name, a particle, a street-type word, a
//! house number.

use super::abroad::{IS_DOTTED, IS_ENGLISH, PARTICLE, STOP, TYPE, flags};
use super::lexicon::{FIRST_NAMES, VOCABULARY};
use super::normal::fold_char;
use super::numbers::is;
use super::usps::word_end;

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

pub(super) fn in_list(word: &str, list: &[&str]) -> bool {
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
