//! The `subject` detector: the record's own names and addresses.
//!
//! Terms are gathered per record, so nothing is compiled: each term is kept
//! in normal form (lower case, white space runs as one space, no non-word
//! characters at either end). At each word of the text that begins like
//! some term (its first two bytes, `word::Starts`), the term is compared on
//! the spot: letters without regard to case, a space in the term against
//! any run of white space in the text, and the term must end where a word
//! ends.

use super::word::{self, Starts, Words, fold, is_word_char};

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

/// The names and addresses of the record being scrubbed. Its `Debug` shows
/// how many there are, never what they are.
#[derive(Default, Clone)]
pub struct SubjectTerms {
    /// The values in normal form, one after the other.
    folded: String,
    terms: Vec<Term>,
    starts: Starts,
}

impl std::fmt::Debug for SubjectTerms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubjectTerms")
            .field("terms", &self.terms.len())
            .finish_non_exhaustive()
    }
}

impl SubjectTerms {
    /// Forget the previous record's terms (keeping the memory).
    pub fn clear(&mut self) {
        self.folded.clear();
        self.terms.clear();
        self.starts.clear();
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
        let name = &self.folded.as_bytes()[start..end];
        let add = |terms: &mut Vec<Term>, starts: &mut Starts, s: usize, e: usize| {
            push(
                &self.folded,
                terms,
                starts,
                (start + s, start + e, start + e),
                Kind::Name,
            );
        };
        if name.is_ascii() {
            // Runs of ASCII letters and digits with two letters or more.
            let mut at = 0;
            while at < name.len() {
                if !name[at].is_ascii_alphanumeric() {
                    at += 1;
                    continue;
                }
                let from = at;
                let mut letters = 0;
                while at < name.len() && name[at].is_ascii_alphanumeric() {
                    letters += usize::from(name[at].is_ascii_alphabetic());
                    at += 1;
                }
                if letters >= 2 {
                    add(&mut self.terms, &mut self.starts, from, at);
                }
            }
        } else {
            for (s, e) in Words::new(&self.folded[start..end]) {
                let letters = self.folded[start + s..start + e]
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count();
                if letters >= 2 {
                    add(&mut self.terms, &mut self.starts, s, e);
                }
            }
        }
    }

    /// Add an `address` value: the whole value and each comma-separated
    /// part (or line) that contains a digit.
    pub fn add_address(&mut self, value: &str) {
        if self.add_value(value, Kind::Address).is_none() {
            return;
        }
        let bytes = value.as_bytes();
        let mut part_start = 0;
        let mut digit = false;
        let mut parts = 0;
        for at in 0..=bytes.len() {
            match bytes.get(at) {
                Some(b',' | b';' | b'\n' | b'\r') | None => {
                    let part = &value[part_start..at];
                    // With one part, that is the whole value, added above.
                    let whole = parts == 0 && at == bytes.len();
                    if !whole && (digit || (!part.is_ascii() && part.chars().any(char::is_numeric)))
                    {
                        self.add_value(part, Kind::Address);
                    }
                    parts += 1;
                    part_start = at + 1;
                    digit = false;
                }
                Some(b) => digit |= b.is_ascii_digit(),
            }
        }
    }

    /// Whether the record has no names or addresses.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Add `value` in normal form as a term; where it is in `folded`.
    fn add_value(&mut self, value: &str, kind: Kind) -> Option<(usize, usize)> {
        let start = self.folded.len();
        let first_end = if value.is_ascii() {
            self.fold_ascii(value)
        } else {
            self.fold_chars(value)
        }?;
        let end = self.folded.len();
        let span = (start, end, first_end);
        if !push(&self.folded, &mut self.terms, &mut self.starts, span, kind) {
            self.folded.truncate(start);
            return None;
        }
        Some((start, end))
    }

    /// Append ASCII `value` in normal form to `folded`: without what is
    /// not a letter or digit at either end, in lower case, each run of
    /// white space as one space. Where its first word ends; `None` when it
    /// has no letter or digit.
    fn fold_ascii(&mut self, value: &str) -> Option<usize> {
        let bytes = value.as_bytes();
        let from = bytes.iter().position(u8::is_ascii_alphanumeric)?;
        let to = bytes.iter().rposition(u8::is_ascii_alphanumeric)? + 1;
        let trimmed = &value[from..to];
        let value = trimmed.as_bytes();
        let start = self.folded.len();
        let irregular = value.iter().fold(false, |acc, &b| acc | (b < b' '))
            || value.windows(2).fold(false, |acc, w| acc | (w == b"  "));
        if !irregular {
            // The common case: copy, then lower the case in place.
            self.folded.push_str(trimmed);
            self.folded[start..].make_ascii_lowercase();
            let first = value.iter().position(|b| !b.is_ascii_alphanumeric());
            return Some(first.map_or(self.folded.len(), |i| start + i));
        }
        let mut first_end = None;
        let mut space = false;
        for &b in value {
            if b.is_ascii_alphanumeric() {
                self.folded.push(char::from(b.to_ascii_lowercase()));
                space = false;
                continue;
            }
            if first_end.is_none() {
                first_end = Some(self.folded.len());
            }
            // char::is_whitespace, for ASCII.
            if b.is_ascii_whitespace() || b == 0x0b {
                if !space {
                    self.folded.push(' ');
                }
                space = true;
            } else {
                self.folded.push(char::from(b));
                space = false;
            }
        }
        Some(first_end.unwrap_or(self.folded.len()))
    }

    /// `fold_ascii` for any text.
    fn fold_chars(&mut self, value: &str) -> Option<usize> {
        let value = value.trim_matches(|c: char| !is_word_char(c));
        if value.is_empty() {
            return None;
        }
        let mut first_end = None;
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
        Some(first_end.unwrap_or(self.folded.len()))
    }

    /// How a term may begin.
    pub fn starts(&self) -> &Starts {
        &self.starts
    }

    /// Report each term that begins with the word at `start` as
    /// `(start, end, kind)`: there may be several (the whole name and its
    /// first word).
    #[inline]
    pub fn at_word(&self, text: &str, start: usize, found: &mut impl FnMut(usize, usize, Kind)) {
        let bytes = text.as_bytes();
        let b = bytes[start];
        if !self.starts.may_start(b, bytes.get(start + 1).copied()) {
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

/// Add the term `folded[start..end]` (its first word ending at
/// `first_end`) unless it is already there.
fn push(
    folded: &str,
    terms: &mut Vec<Term>,
    starts: &mut Starts,
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
    starts.add(&folded[start..end]);
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
