//! Allow-list mode: after the detectors, every word of the normal view
//! that no detector matched and that is not in the allow-list becomes
//! `[REDACTED]`, and every run of three or more digits `[NUMBER]`.
//!
//! The allow-list is the built-in vocabulary plus the policy's `allow`
//! words, compared folded. A capitalised word of the built-in name lists
//! is not allowed inside a sentence unless the policy's own `allow` lists
//! it (`Bill`, `Hunter`, `Walker` go; `bill` stays).

use super::lexicon::{FIRST_NAMES, SURNAMES, VOCABULARY};
use super::normal;
use super::settle::Match;
use super::word::{char_at, is_word_char};

/// What the allow-list pass replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Word,
    Number,
}

/// Report each word or number of `text` outside `found` (sorted, without
/// overlaps) that the allow-list does not keep.
pub fn fill(
    text: &str,
    found: &[Match],
    allow: &[String],
    out: &mut impl FnMut(usize, usize, Fill),
) {
    let bytes = text.as_bytes();
    let mut next_found = 0;
    let mut buf = String::new();
    let mut at = 0;
    while at < bytes.len() {
        let c = match char_at(text, at) {
            Some(c) => c,
            None => break,
        };
        if !is_word_char(c) {
            at += c.len_utf8();
            continue;
        }
        let start = at;
        let end = token_end(text, at);
        at = end;
        while next_found < found.len() && found[next_found].end <= start {
            next_found += 1;
        }
        if next_found < found.len() && found[next_found].start < end {
            continue;
        }
        let token = &text[start..end];
        if token.bytes().all(|b| b.is_ascii_digit()) {
            if token.len() >= 3 {
                out(start, end, Fill::Number);
            }
            continue;
        }
        if !allowed(text, start, token, allow, &mut buf) {
            out(start, end, Fill::Word);
        }
    }
}

/// The end of the token at `at`: word characters, with inner apostrophes
/// and hyphens.
fn token_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        at = super::word::word_end(text, at);
        let joiner = match bytes.get(at) {
            Some(b'\'' | b'-') => 1,
            Some(0xE2) if bytes.get(at..at + 3) == Some("’".as_bytes()) => 3,
            _ => 0,
        };
        if joiner > 0 && char_at(text, at + joiner).is_some_and(is_word_char) {
            at += joiner;
            continue;
        }
        return at;
    }
}

fn known(word: &str, allow: &[String]) -> bool {
    VOCABULARY.contains(word) || allow.binary_search_by(|a| a.as_str().cmp(word)).is_ok()
}

/// Whether the token `word` at `start` is kept.
fn allowed(text: &str, start: usize, word: &str, allow: &[String], buf: &mut String) -> bool {
    buf.clear();
    for c in word.chars() {
        normal::fold_char(c, &mut |f| buf.push(if f == '’' { '\'' } else { f }));
    }
    let key = buf.as_str();
    let key = key
        .strip_suffix("'s")
        .filter(|k| !known(key, allow) && known(k, allow))
        .unwrap_or(key);
    let first = word.chars().next().unwrap_or(' ');
    if first.is_uppercase()
        && (FIRST_NAMES.contains(key) || SURNAMES.contains(key))
        && !sentence_start(text, start)
    {
        return allow.binary_search_by(|a| a.as_str().cmp(key)).is_ok();
    }
    if known(key, allow) {
        return true;
    }
    // Hyphenated: every part known (or a short number).
    if key.contains('-') {
        return key.split('-').all(|p| short_number(p) || known(p, allow));
    }
    // 3rd, 2nd, 10th; 80mg.
    let digits = key.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits < 3 && {
        let rest = &key[digits..];
        matches!(rest, "st" | "nd" | "rd" | "th") || known(rest, allow)
    }
}

fn short_number(part: &str) -> bool {
    !part.is_empty() && part.len() < 3 && part.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a word at `at` begins a sentence: nothing but spaces, quotes
/// and brackets between it and the text's start or a `.`, `!`, `?`, `:`.
fn sentence_start(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        match c {
            ' ' | '"' | '\'' | '(' | '[' | '“' | '‘' | '*' | '-' => continue,
            '.' | '!' | '?' | ':' | ';' => return true,
            _ => return false,
        }
    }
    true
}
