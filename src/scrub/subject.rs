//! The `subject` detector: the record's own names and addresses.
//!
//! Terms are gathered per record, so nothing is compiled: each term is kept
//! in normal form (lower case, white space runs as one space, no non-word
//! characters at either end). The text is searched for the words that begin
//! with the first letter of some term; at each, the term is compared on the
//! spot: letters without regard to case, a space in the term against any
//! run of white space in the text, and the term must end where a word ends.

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
            if word.chars().filter(|c| c.is_alphabetic()).nth(1).is_some() {
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
        if !value.contains([',', ';', '\n', '\r']) {
            return;
        }
        for part in value.split([',', ';', '\n', '\r']) {
            if part.chars().any(char::is_numeric) {
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
        let mut space = false;
        if value.is_ascii() {
            for &b in value.as_bytes() {
                if first_end.is_none() && !b.is_ascii_alphanumeric() {
                    first_end = Some(self.folded.len());
                }
                // char::is_whitespace, for ASCII.
                if b.is_ascii_whitespace() || b == 0x0b {
                    if !space {
                        self.folded.push(' ');
                    }
                    space = true;
                } else {
                    self.folded.push(char::from(b.to_ascii_lowercase()));
                    space = false;
                }
            }
        } else {
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

    /// Report each whole-word occurrence of a term in `text` as
    /// `(start, end, kind)`; a word may start several (the whole name and
    /// its first word).
    pub fn find(&self, text: &str, mut found: impl FnMut(usize, usize, Kind)) {
        if self.terms.is_empty() {
            return;
        }
        let bytes = text.as_bytes();
        word::word_starts(text, &self.first, |start| {
            let b = bytes[start];
            let mut buf = [0; 4];
            let first = if b.is_ascii() {
                b.to_ascii_lowercase()
            } else {
                word::char_at(text, start)
                    .map_or(0, |c| fold(c).encode_utf8(&mut buf).as_bytes()[0])
            };
            let mut end = None;
            for term in &self.terms {
                if self.folded.as_bytes()[term.start] != first {
                    continue;
                }
                let end = *end.get_or_insert_with(|| word::word_end(text, start));
                if let Some(stop) = self.match_at(text, start, end, term) {
                    found(start, stop, term.kind);
                }
            }
        });
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
        // Compare the rest of the term, character by character.
        let rest = &self.folded[term.first_end..term.end];
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
        let stop = chars.peek().map_or(text.len(), |&(i, _)| end + i);
        match word::char_at(text, stop) {
            Some(c) if is_word_char(c) => None,
            _ => Some(stop),
        }
    }
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
    let new = &folded[start..end];
    if terms
        .iter()
        .any(|t| t.kind == kind && &folded[t.start..t.end] == new)
    {
        return false;
    }
    if let Some(c) = new.chars().next() {
        first.add(c);
    }
    terms.push(Term {
        start,
        end,
        first_end,
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
