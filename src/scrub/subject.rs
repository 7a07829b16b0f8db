//! The `subject` detector: the record's own names and addresses.
//!
//! Terms are gathered per record, so nothing is compiled: each term is kept
//! in normal form (lower case, white space runs as one space, no non-word
//! characters at either end). At each word of the text that begins with the
//! first letter of some term, the term is compared on the spot: letters
//! without regard to case, a space in the term against any run of white
//! space in the text, and the term must end where a word ends.

use super::word::{self, FirstBytes, Words, fold, is_word_char};

/// Which label a term gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Name,
    Address,
}

#[derive(Debug, Clone)]
struct Term {
    /// The term's bytes in `SubjectTerms::folded`.
    start: usize,
    end: usize,
    /// The end of the term's first word.
    first_end: usize,
    /// The term's first byte, and whether its first word is ASCII.
    head: u8,
    ascii_head: bool,
    kind: Kind,
}

/// The names and addresses of the record being scrubbed.
#[derive(Debug, Default, Clone)]
pub struct SubjectTerms {
    /// The values in normal form, one after the other.
    folded: String,
    terms: Vec<Term>,
    first: FirstBytes,
}

impl SubjectTerms {
    /// Forget the previous record's terms (keeping the memory).
    pub fn clear(&mut self) {
        self.folded.clear();
        self.terms.clear();
        self.first.clear();
    }

    /// Add a `name` value: the whole value and each of its words of two or
    /// more letters.
    pub fn add_name(&mut self, value: &str) {
        let Some((start, end)) = self.add_value(value, Kind::Name) else {
            return;
        };
        if self.terms.last().is_some_and(|t| t.first_end == t.end) {
            // One word: the whole value.
            return;
        }
        for (s, e) in Words::new(&self.folded[start..end]) {
            let word = &self.folded[start + s..start + e];
            let letters = if word.is_ascii() {
                word.bytes().filter(u8::is_ascii_alphabetic).count()
            } else {
                word.chars().filter(|c| c.is_alphabetic()).count()
            };
            if letters >= 2 {
                push(
                    &self.folded,
                    &mut self.terms,
                    &mut self.first,
                    (start + s, start + e, start + e),
                    Kind::Name,
                );
            }
        }
    }

    /// Add an `address` value: the whole value and each comma-separated
    /// part (or line) that contains a digit.
    pub fn add_address(&mut self, value: &str) {
        if self.add_value(value, Kind::Address).is_none() {
            return;
        }
        let separator = |b: u8| matches!(b, b',' | b';' | b'\n' | b'\r');
        if !value.bytes().any(separator) {
            return;
        }
        for part in value.split(|c: char| c.is_ascii() && separator(c as u8)) {
            let digit = part.bytes().any(|b| b.is_ascii_digit())
                || (!part.is_ascii() && part.chars().any(char::is_numeric));
            if digit {
                self.add_value(part, Kind::Address);
            }
        }
    }

    /// Whether the record has no names or addresses.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Add `value` in normal form as a term; where it is in `folded`.
    fn add_value(&mut self, value: &str, kind: Kind) -> Option<(usize, usize)> {
        let value = value.trim_matches(|c: char| !is_word_char(c));
        if value.is_empty() {
            return None;
        }
        let start = self.folded.len();
        let mut first_end = None;
        if plain_ascii(value.as_bytes()) {
            // The common case: copy, then lower the case in place.
            self.folded.push_str(value);
            self.folded[start..].make_ascii_lowercase();
            first_end = value
                .bytes()
                .position(|b| !b.is_ascii_alphanumeric())
                .map(|i| start + i);
        } else {
            let mut space = false;
            for c in value.chars() {
                if first_end.is_none() && !is_word_char(c) {
                    first_end = Some(self.folded.len());
                }
                if c.is_whitespace() {
                    if !space {
                        self.folded.push(' ');
                    }
                    space = true;
                } else {
                    self.folded.push(fold(c));
                    space = false;
                }
            }
        }
        let end = self.folded.len();
        let span = (start, end, first_end.unwrap_or(end));
        if !push(&self.folded, &mut self.terms, &mut self.first, span, kind) {
            self.folded.truncate(start);
            return None;
        }
        Some((start, end))
    }

    /// The bytes a term may begin with.
    pub fn first(&self) -> &FirstBytes {
        &self.first
    }

    /// Report each term that begins with the word at `start` as
    /// `(start, end, kind)`: there may be several (the whole name and its
    /// first word).
    #[inline]
    pub fn at_word(&self, text: &str, start: usize, found: &mut impl FnMut(usize, usize, Kind)) {
        let b = text.as_bytes()[start];
        if !self.first.contains(b) {
            return;
        }
        let mut buf = [0; 4];
        let first = if b.is_ascii() {
            b.to_ascii_lowercase()
        } else {
            word::char_at(text, start).map_or(0, |c| fold(c).encode_utf8(&mut buf).as_bytes()[0])
        };
        // The word, once a term could begin with it.
        let mut word = None;
        for term in &self.terms {
            if term.head != first {
                continue;
            }
            let (end, ascii) = *word.get_or_insert_with(|| {
                let end = word::word_end(text, start);
                (end, text.as_bytes()[start..end].is_ascii())
            });
            if ascii && term.ascii_head && end - start != term.first_end - term.start {
                continue;
            }
            if let Some(stop) = self.match_at(text, start, end, term) {
                found(start, stop, term.kind);
            }
        }
    }

    /// Where `term` ends when it begins with the word `text[start..end]`.
    fn match_at(&self, text: &str, start: usize, end: usize, term: &Term) -> Option<usize> {
        let first = &self.folded[term.start..term.first_end];
        if !same_word(&text[start..end], first) {
            return None;
        }
        if term.first_end == term.end {
            return Some(end);
        }
        let rest = &self.folded[term.first_end..term.end];
        let stop = rest_ascii(text.as_bytes(), end, rest.as_bytes())
            .unwrap_or_else(|| rest_chars(text, end, rest))?;
        match word::char_at(text, stop) {
            Some(c) if is_word_char(c) => None,
            _ => Some(stop),
        }
    }
}

/// Where the rest of a term (after its first word) ends in `text` from
/// `at`: `Some(None)` when it does not match there, `None` when the text
/// is not plain ASCII there and must be compared by character.
#[inline]
fn rest_ascii(text: &[u8], mut at: usize, rest: &[u8]) -> Option<Option<usize>> {
    for &want in rest {
        let Some(&got) = text.get(at) else {
            return Some(None);
        };
        if !got.is_ascii() {
            return None;
        }
        at += 1;
        if want == b' ' {
            if !(got.is_ascii_whitespace() || got == 0x0b) {
                return Some(None);
            }
            while let Some(&b) = text.get(at) {
                if b.is_ascii_whitespace() || b == 0x0b {
                    at += 1;
                } else if b.is_ascii() {
                    break;
                } else {
                    return None;
                }
            }
        } else if got.to_ascii_lowercase() != want {
            return Some(None);
        }
    }
    Some(Some(at))
}

/// `rest_ascii` for any text: compare by character.
fn rest_chars(text: &str, end: usize, rest: &str) -> Option<usize> {
    let mut chars = text[end..].char_indices().peekable();
    for want in rest.chars() {
        let (_, got) = chars.next()?;
        if want == ' ' {
            if !got.is_whitespace() {
                return None;
            }
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        } else if fold(got) != want {
            return None;
        }
    }
    Some(chars.peek().map_or(text.len(), |&(i, _)| end + i))
}

/// Whether `value` is ASCII with no white space but single spaces (so its
/// normal form is its lower case).
fn plain_ascii(value: &[u8]) -> bool {
    let mut prev = 0;
    value.iter().all(|&b| {
        let ok = b.is_ascii()
            && (b >= b' ' || !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
            && !(b == b' ' && prev == b' ');
        prev = b;
        ok
    })
}

/// Add the term `folded[start..end]` (its first word ending at
/// `first_end`) unless it is already there.
fn push(
    folded: &str,
    terms: &mut Vec<Term>,
    first: &mut FirstBytes,
    (start, end, first_end): (usize, usize, usize),
    kind: Kind,
) -> bool {
    let new = &folded.as_bytes()[start..end];
    if terms.iter().any(|t| {
        t.kind == kind
            && t.end - t.start == new.len()
            && t.head == new[0]
            && &folded.as_bytes()[t.start..t.end] == new
    }) {
        return false;
    }
    if let Some(c) = folded[start..end].chars().next() {
        first.add(c);
    }
    terms.push(Term {
        start,
        end,
        first_end,
        head: new[0],
        ascii_head: folded[start..first_end].is_ascii(),
        kind,
    });
    true
}

/// Whether a word of the text equals a folded word of a term.
#[inline]
fn same_word(text: &str, folded: &str) -> bool {
    if text.is_ascii() {
        text.eq_ignore_ascii_case(folded)
    } else {
        text.chars().map(fold).eq(folded.chars())
    }
}
