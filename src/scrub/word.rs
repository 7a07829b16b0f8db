//! Words, for whole-word matching: which characters make up a word, where
//! words begin and end, how letters compare without regard to case, and
//! the quick tests a search makes before doing real work at a word
//! (`boundaries`, `Starts`).
//!
//! A word character is a Unicode letter or digit, or a combining mark (so
//! that `José` written with a combining accent is still one word).

use super::normal::is_mark;

/// Whether `c` belongs to a word: a letter, a digit or a combining mark.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c {
        '\0'..='\x7f' => c.is_ascii_alphanumeric(),
        // Latin-1 and Latin Extended-A, the common accented letters,
        // without a table lookup (a test checks these against the tables).
        '\u{80}'..='\u{ff}' => matches!(
            c,
            'ª' | 'µ' | 'º' | '²' | '³' | '¹' | '¼'..='¾' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ'
        ),
        '\u{100}'..='\u{17f}' => true,
        _ => c.is_alphanumeric() || is_mark(c),
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

/// How the matches of some terms may begin: their first byte, and for an
/// ASCII first byte the ASCII byte that may follow it, in any case. A
/// search checks both before doing any real work at a word.
#[derive(Debug, Clone)]
pub struct Starts {
    first: [bool; 256],
    /// `(first, second)` for ASCII bytes, as 128 x 128 bits; a whole row
    /// when anything may follow the first byte (a one-byte term, or a
    /// non-ASCII second character).
    pairs: Box<[u64; 256]>,
}

impl Default for Starts {
    fn default() -> Starts {
        Starts {
            first: [false; 256],
            pairs: Box::new([0; 256]),
        }
    }
}

impl Starts {
    pub fn clear(&mut self) {
        self.first = [false; 256];
        self.pairs.fill(0);
    }

    /// Note a term (folded, white space as single spaces).
    pub fn add(&mut self, term: &str) {
        let bytes = term.as_bytes();
        let Some(&b0) = bytes.first() else { return };
        // Any non-ASCII character may begin a match: several fold to the
        // same letter (the Kelvin sign to `k`).
        if !self.first[0xC0] {
            self.first[0xC0..].fill(true);
        }
        if !b0.is_ascii() {
            return;
        }
        let cases = |b: u8| [b.to_ascii_lowercase(), b.to_ascii_uppercase()];
        for f in cases(b0) {
            self.first[usize::from(f)] = true;
            let row = usize::from(f) << 1;
            match bytes.get(1) {
                Some(&b1) if b1.is_ascii() => {
                    let next: &[u8] = if b1 == b' ' {
                        b" \t\n\r\x0b\x0c"
                    } else {
                        &cases(b1)
                    };
                    for &n in next {
                        self.pairs[row | usize::from(n >> 6)] |= 1 << (n & 63);
                    }
                }
                _ => {
                    self.pairs[row] = u64::MAX;
                    self.pairs[row | 1] = u64::MAX;
                }
            }
        }
    }

    /// Whether a match may begin with byte `b`, followed by `next`.
    #[inline]
    pub fn may_start(&self, b: u8, next: Option<u8>) -> bool {
        self.first[usize::from(b)]
            && (!b.is_ascii()
                || match next {
                    Some(n) if n.is_ascii() => pair_bit(&self.pairs, b, n) != 0,
                    _ => true,
                })
    }

    /// Add everything `other` allows.
    pub fn merge(&mut self, other: &Starts) {
        for (a, b) in self.first.iter_mut().zip(&other.first) {
            *a |= b;
        }
        for (a, b) in self.pairs.iter_mut().zip(other.pairs.iter()) {
            *a |= b;
        }
    }
}

/// The bit of the pair `(b, n)` (both ASCII; other bytes are folded onto
/// ASCII ones, so the caller must treat them apart), as 0 or 1.
#[inline]
fn pair_bit(pairs: &[u64; 256], b: u8, n: u8) -> u8 {
    let row = usize::from(b & 0x7f) << 1;
    ((pairs[row | usize::from((n & 0x7f) >> 6)] >> (n & 63)) & 1) as u8
}

/// Where words and runs of digits begin in `bytes`, eight bytes at a time:
/// `found(at, word, digits)` for each byte that may begin a word when
/// `words` (an ASCII letter or digit, or the first byte of a non-ASCII
/// character, after a byte that is not an ASCII letter or digit: where a
/// non-ASCII byte is involved the caller checks again on the characters),
/// and for each ASCII digit after a byte that is not one when `digits`.
#[inline]
pub fn boundaries(
    bytes: &[u8],
    words: bool,
    digits: bool,
    mut found: impl FnMut(usize, bool, bool),
) {
    const H: u64 = 0x8080_8080_8080_8080;
    const L: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte of `y` (all below 0x80) that is >= `c`.
    #[inline(always)]
    fn at_least(y: u64, c: u8) -> u64 {
        y.wrapping_add(L * u64::from(0x80 - c)) & H
    }
    let word_mask = if words { u64::MAX } else { 0 };
    let digit_mask = if digits { u64::MAX } else { 0 };
    let (mut alnum_before, mut digit_before) = (0u64, 0u64);
    for (chunk_index, chunk) in bytes.chunks(8).enumerate() {
        let mut buf = [b' '; 8];
        buf[..chunk.len()].copy_from_slice(chunk);
        let x = u64::from_le_bytes(buf);
        let high = x & H;
        let y = x & !H;
        let digit = at_least(y, b'0') & !at_least(y, b'9' + 1) & !high;
        let lower = y | (L * 0x20);
        let alpha = at_least(lower, b'a') & !at_least(lower, b'z' + 1) & !high;
        let alnum = digit | alpha;
        let lead = high & (x << 1);
        let prev_alnum = (alnum << 8) | alnum_before;
        let prev_digit = (digit << 8) | digit_before;
        let word = (alnum | lead) & !prev_alnum & word_mask;
        let run = digit & !prev_digit & digit_mask;
        alnum_before = alnum >> 56;
        digit_before = digit >> 56;
        let mut stops = word | run;
        while stops != 0 {
            let bit = stops.trailing_zeros();
            let at = chunk_index * 8 + (bit / 8) as usize;
            let one = 0x80u64 << (bit & !7);
            found(at, word & one != 0, run & one != 0);
            stops &= !one;
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

/// The length of the joiner at `at` inside a word (an apostrophe, a
/// typographic apostrophe or a hyphen) when a word character follows it;
/// 0 otherwise. `O'Connor`, `rec'd`, `Smith-Jones`.
pub fn joiner_at(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let len = match bytes.get(at) {
        Some(b'\'' | b'-') => 1,
        Some(0xE2) if bytes.get(at..at + 3) == Some("’".as_bytes()) => 3,
        _ => 0,
    };
    if len > 0 && char_at(text, at + len).is_some_and(is_word_char) {
        len
    } else {
        0
    }
}

/// `word` folded for a look-up in the built-in lists (`normal::fold_char`,
/// a typographic apostrophe as `'`), into `buf`.
pub fn fold_word<'b>(word: &str, buf: &'b mut String) -> &'b str {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            super::normal::fold_char(c, &mut |f| buf.push(if f == '’' { '\'' } else { f }));
        }
    }
    buf.as_str()
}

/// Abbreviations written with a full stop that ends no sentence.
const ABBREVIATIONS: &[&str] = &[
    "approx", "apt", "atty", "ave", "blvd", "capt", "cf", "co", "corp", "dept", "det", "dr", "e.g",
    "eg", "etc", "hon", "i.e", "ie", "inc", "insp", "jr", "lt", "mr", "mrs", "ms", "mt", "no",
    "nos", "ofc", "p.o", "prof", "rd", "rev", "sgt", "sr", "st", "u.s", "v", "vs",
];

/// Whether the `.` at `dot` ends an abbreviation (`vs.`, `e.g.`, `Mr.`) or
/// an initial (`J.`) rather than a sentence.
pub fn abbreviation_before(bytes: &[u8], dot: usize) -> bool {
    let mut start = dot;
    while start > 0 && (bytes[start - 1].is_ascii_alphabetic() || bytes[start - 1] == b'.') {
        start -= 1;
    }
    if start > 0 && bytes[start - 1] >= 0x80 {
        return false;
    }
    let word = &bytes[start..dot];
    if word.len() == 1 && word[0].is_ascii_uppercase() {
        return true;
    }
    !word.is_empty() && word.len() <= 6 && {
        let lower = word.to_ascii_lowercase();
        std::str::from_utf8(&lower).is_ok_and(|w| ABBREVIATIONS.contains(&w))
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
    fn abbreviations_end_no_sentence() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        let t = b"State v. Ann, e.g. Ann, Mr. Ann, J. Ann. Ann went. I. Ann";
        let dots: Vec<bool> = (0..t.len())
            .filter(|&i| t[i] == b'.')
            .map(|i| abbreviation_before(t, i))
            .collect();
        // (The `.` inside `e.g.` ends nothing either way; the one after it
        // is what a sentence start looks at.)
        assert_eq!(dots, [true, false, true, true, true, false, false, true]);
    }

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
    fn shortcuts_agree_with_the_unicode_tables() {
        for c in '\u{80}'..='\u{17f}' {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || is_mark(c), "{c:?}");
        }
    }

    #[test]
    fn starts_check_the_first_two_bytes_in_any_case() {
        let mut s = Starts::default();
        s.add("patel");
        s.add("q");
        s.add("j doe");
        s.add("zoë");
        assert!(s.may_start(b'P', Some(b'A')) && s.may_start(b'p', Some(b'a')));
        assert!(!s.may_start(b'p', Some(b'r')) && !s.may_start(b'x', Some(b'a')));
        assert!(s.may_start(b'Q', Some(b'x')) && s.may_start(b'q', None));
        assert!(s.may_start(b'J', Some(b'\t')) && !s.may_start(b'j', Some(b'o')));
        assert!(s.may_start(b'z', Some(b'o')) && !s.may_start(b'z', Some(b'e')));
        assert!(s.may_start(0xC3, Some(0x89)), "any non-ASCII letter");
        s.clear();
        assert!(!s.may_start(b'p', Some(b'a')));
    }

    #[test]
    fn boundaries_are_found_eight_bytes_at_a_time() {
        let text = "Ana  SSN123-45-6789, (614) Zoë's café 2024x9 ab_cd\u{301}e";
        let mut got = Vec::new();
        boundaries(text.as_bytes(), true, true, |at, w, d| got.push((at, w, d)));
        let mut want = Vec::new();
        let bytes = text.as_bytes();
        for (at, &b) in bytes.iter().enumerate() {
            let prev = at.checked_sub(1).map(|p| bytes[p]);
            let word = (b.is_ascii_alphanumeric() || b >= 0xC0)
                && !prev.is_some_and(|p| p.is_ascii_alphanumeric());
            let digits = b.is_ascii_digit() && !prev.is_some_and(|p| p.is_ascii_digit());
            if word || digits {
                want.push((at, word, digits));
            }
        }
        assert_eq!(got, want);
        let mut only_digits = Vec::new();
        boundaries(bytes, false, true, |at, _, _| only_digits.push(at));
        let digit_runs: Vec<usize> = want.iter().filter(|w| w.2).map(|w| w.0).collect();
        assert_eq!(only_digits, digit_runs);
        assert_eq!(digit_runs.len(), 6);
    }

    proptest::proptest! {
        #[test]
        fn boundaries_agree_with_a_byte_by_byte_reading(
            text in "[a-zA-Z0-9 .,()\\-éë’\u{301}\u{212a}]{0,40}",
            words: bool,
            digits: bool,
        ) {
            let bytes = text.as_bytes();
            let mut got = Vec::new();
            boundaries(bytes, words, digits, |at, w, d| got.push((at, w, d)));
            let mut want = Vec::new();
            for (at, &b) in bytes.iter().enumerate() {
                let prev = at.checked_sub(1).map(|p| bytes[p]);
                let w = words
                    && (b.is_ascii_alphanumeric() || b >= 0xC0)
                    && !prev.is_some_and(|p| p.is_ascii_alphanumeric());
                let d = digits && b.is_ascii_digit() && !prev.is_some_and(|p| p.is_ascii_digit());
                if w || d {
                    want.push((at, w, d));
                }
            }
            proptest::prop_assert_eq!(got, want);
        }
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
