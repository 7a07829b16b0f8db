//! Words, for whole-word matching: which characters make up a word, where a
//! match may start and end, and how letters compare without regard to case.
//!
//! A word character is a Unicode letter or digit, or a combining mark (so
//! that `José` written with a combining accent is still one word).

use std::sync::LazyLock;

/// The combining marks (`\p{M}`), as sorted inclusive ranges, taken from
/// the same Unicode tables as the regex engine.
static MARKS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    use regex_syntax::hir::{Class, HirKind};
    let Ok(hir) = regex_syntax::Parser::new().parse(r"\p{M}") else {
        return Vec::new();
    };
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect(),
        _ => Vec::new(),
    }
});

fn is_mark(c: char) -> bool {
    MARKS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `c` belongs to a word: a letter, a digit or a combining mark.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_mark(c)
    }
}

/// `c` without case: its lowercase form when that is a single character
/// (`É` -> `é`, `Ł` -> `ł`), final sigma as sigma; otherwise `c` itself.
#[inline]
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == 'ς' {
        return 'σ';
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// How a byte starts a character, for scanning: an ASCII character that is
/// not part of a word, an ASCII letter or digit, or part of a non-ASCII
/// character.
const NON_WORD: u8 = 0;
const ASCII_WORD: u8 = 1;
const NON_ASCII: u8 = 2;

static CLASS: [u8; 256] = {
    let mut table = [NON_WORD; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte >= 0x80 {
            NON_ASCII
        } else if byte.is_ascii_alphanumeric() {
            ASCII_WORD
        } else {
            NON_WORD
        };
        b += 1;
    }
    table
};

/// The words of a text, as `(start, end)` byte ranges.
pub struct Words<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Words<'t> {
    pub fn new(text: &'t str) -> Words<'t> {
        Words { text, at: 0 }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        loop {
            match CLASS[usize::from(*bytes.get(at)?)] {
                NON_WORD => at += 1,
                ASCII_WORD => break,
                _ => {
                    let c = char_at(self.text, at)?;
                    if is_word_char(c) {
                        break;
                    }
                    at += c.len_utf8();
                }
            }
        }
        let start = at;
        at = word_end(self.text, at);
        self.at = at;
        Some((start, at))
    }
}

/// The end of the word that goes on at `at`.
#[inline]
pub fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        at += bytes[at..]
            .iter()
            .position(|&b| CLASS[usize::from(b)] != ASCII_WORD)
            .unwrap_or(bytes.len() - at);
        match bytes.get(at) {
            Some(&b) if CLASS[usize::from(b)] == NON_ASCII => match char_at(text, at) {
                Some(c) if is_word_char(c) => at += c.len_utf8(),
                _ => return at,
            },
            _ => return at,
        }
    }
}

/// The bytes that may begin a match, so that a search can skip the rest.
#[derive(Debug, Clone)]
pub struct FirstBytes([bool; 256]);

impl Default for FirstBytes {
    fn default() -> FirstBytes {
        FirstBytes([false; 256])
    }
}

impl FirstBytes {
    pub fn clear(&mut self) {
        self.0 = [false; 256];
    }

    pub fn is_empty(&self) -> bool {
        !self.0.contains(&true)
    }

    #[inline]
    pub fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b)]
    }

    pub fn as_array(&self) -> &[bool; 256] {
        &self.0
    }

    /// Note that a match may begin with `c` (in folded form): any case of
    /// an ASCII letter, and any non-ASCII character, since several fold to
    /// the same letter (the Kelvin sign to `k`).
    pub fn add(&mut self, c: char) {
        if c.is_ascii() {
            let b = c as u8;
            self.0[usize::from(b.to_ascii_lowercase())] = true;
            self.0[usize::from(b.to_ascii_uppercase())] = true;
        }
        if !self.0[0xC0] {
            self.0[0xC0..].fill(true);
        }
    }
}

/// Whether a word begins at byte `at` (a char boundary).
#[inline]
pub fn starts_word(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let here = match CLASS[usize::from(bytes[at])] {
        ASCII_WORD => true,
        NON_WORD => false,
        _ => char_at(text, at).is_some_and(is_word_char),
    };
    here && match at.checked_sub(1).map(|p| CLASS[usize::from(bytes[p])]) {
        None | Some(NON_WORD) => true,
        Some(ASCII_WORD) => false,
        Some(_) => !char_before(text, at).is_some_and(is_word_char),
    }
}

/// The character that ends just before byte `at` (a char boundary).
#[inline]
pub fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// The character that starts at byte `at` (a char boundary).
#[inline]
pub fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Whether `inner`, at the edge of a match, and `outer`, its neighbour
/// outside the match, are two parts of one word (so the match would split
/// it). A match that begins or ends with a digit is only split by another
/// ASCII digit when `digits_only`.
#[cfg(test)]
fn splits(inner: char, outer: Option<char>, digits_only: bool) -> bool {
    let Some(outer) = outer else { return false };
    if digits_only && inner.is_ascii_digit() {
        outer.is_ascii_digit()
    } else {
        is_word_char(inner) && is_word_char(outer)
    }
}

/// Whether `text[start..end]`, found by a detector about numbers and
/// dates, stands on its own: it neither begins nor ends inside a number
/// (a number may touch letters: `SSN123-45-6789`, `2024-03-05T10:00`),
/// and a month name does not begin inside a word.
#[cfg(test)]
pub fn standalone_number(text: &str, start: usize, end: usize) -> bool {
    let (Some(first), Some(last)) = (char_at(text, start), char_before(text, end)) else {
        return false;
    };
    !splits(first, char_before(text, start), true) && !splits(last, char_at(text, end), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_letters_are_word_characters() {
        for c in [
            'a', 'Z', '7', 'é', 'ë', 'Ł', 'ñ', 'ß', 'σ', 'ж', '\u{301}', '\u{308}',
        ] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in [' ', '-', '\'', '’', '.', '_', '[', '\u{a0}', '“'] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn folds_case_of_non_ascii_letters() {
        assert_eq!(fold('É'), 'é');
        assert_eq!(fold('Ł'), 'ł');
        assert_eq!(fold('Ñ'), 'ñ');
        assert_eq!(fold('ς'), 'σ');
        assert_eq!(fold('Σ'), 'σ');
        assert_eq!(fold('Q'), 'q');
        assert_eq!(fold('İ'), 'İ');
    }

    #[test]
    fn words_are_runs_of_word_characters() {
        let text = "Zoë's (x) Smith-Jones, 3B\u{a0}José\u{301}!";
        let words: Vec<&str> = Words::new(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            words,
            ["Zoë", "s", "x", "Smith", "Jones", "3B", "José\u{301}"]
        );
        assert_eq!(Words::new(" -- ").count(), 0);
    }

    #[test]
    fn numbers_may_touch_letters_but_not_digits() {
        let text = "SSN123-45-6789x";
        assert!(standalone_number(text, 3, 14));
        assert!(!standalone_number("0123-45-6789", 1, 12));
        assert!(!standalone_number("123-45-67890", 0, 11));
    }
}
