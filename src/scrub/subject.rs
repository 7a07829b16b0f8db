//! The `subject` detector: the record's own names and addresses.
//!
//! Terms are gathered per record, so nothing is compiled: each term is kept
//! in normal form (lower case, white space runs as one space, no non-word
//! characters at either end). At each word of the text that begins like
//! some term (its first two bytes, `word::Starts`), the term is compared on
//! the spot: letters without regard to case, a space in the term against
//! any run of white space in the text, and the term must end where a word
//! ends.

use super::normal;
use super::word::{self, Starts, Words, is_word_char};

/// Which label a term gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
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
    kind: TermKind,
    /// For a name, the ASCII initials of its words (`a` = bit 0): an
    /// initial just before a match (`J. Mitchell`) joins it.
    initials: u32,
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
        let first_term = self.terms.len();
        self.add_name_terms(value);
        let Some(whole) = self.terms.get(first_term) else {
            return;
        };
        let mut initials = 0u32;
        for (s, _) in Words::new(&self.folded[whole.start..whole.end]) {
            let b = self.folded.as_bytes()[whole.start + s];
            if b.is_ascii_lowercase() {
                initials |= 1 << (b - b'a');
            }
        }
        for t in &mut self.terms[first_term..] {
            t.initials = initials;
        }
    }

    fn add_name_terms(&mut self, value: &str) {
        let Some((start, end)) = self.add_value(value, TermKind::Name) else {
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
                TermKind::Name,
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
        if self.add_value(value, TermKind::Address).is_none() {
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
                        self.add_value(part, TermKind::Address);
                    }
                    if digit && let Some(short) = house_and_street(part) {
                        self.add_value(short, TermKind::Address);
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
    fn add_value(&mut self, value: &str, kind: TermKind) -> Option<(usize, usize)> {
        let start = self.folded.len();
        let first_end = self.fold_value(value)?;
        let end = self.folded.len();
        let span = (start, end, first_end);
        if !push(&self.folded, &mut self.terms, &mut self.starts, span, kind) {
            self.folded.truncate(start);
            return None;
        }
        Some((start, end))
    }

    /// Append `value` folded (`normal::fold`) to `folded`, without what is
    /// not part of a word at either end. Where its first word ends; `None`
    /// (and nothing appended) when it has no word character.
    fn fold_value(&mut self, value: &str) -> Option<usize> {
        let start = self.folded.len();
        normal::fold_into(value, &mut self.folded);
        let folded = &self.folded[start..];
        let trimmed = folded.trim_matches(|c: char| !is_word_char(c));
        if trimmed.is_empty() {
            self.folded.truncate(start);
            return None;
        }
        let lead = trimmed.as_ptr() as usize - folded.as_ptr() as usize;
        let len = trimmed.len();
        self.folded.drain(start..start + lead);
        self.folded.truncate(start + len);
        let first = self.folded[start..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.folded.len(), |(i, _)| start + i);
        Some(first)
    }

    /// How a term may begin.
    pub fn starts(&self) -> &Starts {
        &self.starts
    }

    /// Report each term that begins with the word at `start` as
    /// `(start, end, kind)`: there may be several (the whole name and its
    /// first word).
    #[inline]
    pub fn at_word(
        &self,
        text: &str,
        start: usize,
        found: &mut impl FnMut(usize, usize, TermKind),
    ) {
        let bytes = text.as_bytes();
        let b = bytes[start];
        if !self.starts.may_start(b, bytes.get(start + 1).copied()) {
            return;
        }
        let mut buf = [0; 4];
        let first = if b.is_ascii() {
            b.to_ascii_lowercase()
        } else {
            let mut head = 0;
            if let Some(c) = word::char_at(text, start) {
                normal::fold_char(c, &mut |f| {
                    if head == 0 {
                        head = f.encode_utf8(&mut buf).as_bytes()[0];
                    }
                });
            }
            head
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
                found(initial_before(text, start, term.initials), stop, term.kind);
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

/// Where a match at `start` begins with an initial of the same name
/// directly before it (`J. Mitchell`, `J Mitchell`): the initial's
/// position, or `start`.
/// The house number and street name of a street address, without the
/// suffix and what follows (`2067 Parsons` of `2067 Parsons Ave Apt 3`,
/// `12 N High` of `12 N High St`): notes often write no more. `None`
/// unless the address goes on after them.
fn house_and_street(part: &str) -> Option<&str> {
    const DIRECTIONS: &[&str] = &[
        "n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west",
    ];
    let part = part.trim();
    let mut words = part.split_ascii_whitespace();
    let number = words.next()?;
    if number.is_empty() || number.len() > 6 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut name = words.next()?;
    if DIRECTIONS.contains(&name.trim_end_matches('.').to_ascii_lowercase().as_str()) {
        name = words.next()?;
    }
    words.next()?;
    if name.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let end = name.as_ptr() as usize - part.as_ptr() as usize + name.len();
    Some(&part[..end])
}

fn initial_before(text: &str, start: usize, initials: u32) -> usize {
    let bytes = text.as_bytes();
    if initials == 0 || start < 2 || bytes[start - 1] != b' ' {
        return start;
    }
    let mut at = start - 1;
    if bytes[at - 1] == b'.' {
        at -= 1;
    }
    if at == 0 {
        return start;
    }
    let letter = bytes[at - 1];
    if letter.is_ascii_alphabetic()
        && !word::char_before(text, at - 1).is_some_and(is_word_char)
        && initials & (1 << (letter.to_ascii_lowercase() - b'a')) != 0
    {
        at - 1
    } else {
        start
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

/// `rest_ascii` for any text: compare by character, folded.
fn rest_chars(text: &str, end: usize, rest: &str) -> Option<usize> {
    let mut want = rest.chars().peekable();
    let mut chars = text[end..].char_indices().peekable();
    while want.peek().is_some() {
        let (_, got) = chars.next()?;
        if got.is_whitespace() {
            if want.next() != Some(' ') {
                return None;
            }
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
            continue;
        }
        let mut same = true;
        normal::fold_char(got, &mut |f| same &= want.next() == Some(f));
        if !same {
            return None;
        }
    }
    // Marks that fold to nothing still belong to the last letter.
    while chars.next_if(|&(_, c)| normal::is_mark(c)).is_some() {}
    Some(chars.peek().map_or(text.len(), |&(i, _)| end + i))
}

/// Add the term `folded[start..end]` (its first word ending at
/// `first_end`) unless it is already there.
fn push(
    folded: &str,
    terms: &mut Vec<Term>,
    starts: &mut Starts,
    (start, end, first_end): (usize, usize, usize),
    kind: TermKind,
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
        initials: 0,
    });
    true
}

/// Whether a word of the text equals a folded word of a term.
#[inline]
fn same_word(text: &str, folded: &str) -> bool {
    normal::folds_to(text, folded)
}
