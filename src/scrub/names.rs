//! `person` and `proper`: names that no field names, read word by word
//! from the normal view.
//!
//! `person` finds one to three capitalised words after a title or role cue
//! (`Mr.`, `Officer`, `mother`, `landlord`), a capitalised first name (of
//! the built-in list) followed by a capitalised word or an initial, and a
//! surname of the built-in list after an initial (`J. Mitchell`).
//! `proper` finds each capitalised word of three or more letters that
//! neither the built-in vocabulary nor the policy's `allow` list knows.

use super::cues::is_cue;
use super::lexicon::{
    COMMON_PROPER, FIRST_NAMES, MONTHS_AND_DAYS, SURNAMES, VOCABULARY, function_word,
    may_be_english, never_beside_a_name,
};
use super::word::{abbreviation_before, char_at, fold_word, is_word_char, joiner_at};

/// Name particles that join the words of one name (`van der`, `de`).
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "el", "la",
    "le", "ter", "van", "von",
];

/// What the word pass reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    Person,
    Proper,
}

#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    /// Begins with a capital letter.
    cap: bool,
    /// A single capital letter.
    initial: bool,
}

/// What is known of a capitalised word.
#[derive(Debug, Clone, Copy, Default)]
struct Known {
    vocabulary: bool,
    first: bool,
    surname: bool,
    /// In the policy's `allow` list.
    allowed: bool,
}

/// The word pass: `person` when `person`, `proper` when `proper` (with
/// `allow`, folded and sorted, as more known words).
pub fn find(
    text: &str,
    person: bool,
    proper: bool,
    allow: &[String],
    found: &mut impl FnMut(usize, usize, Name),
) {
    let words = words(text);
    if words.is_empty() {
        return;
    }
    let bytes = text.as_bytes();
    // A name takes the suffix after it: `Gracie Marsh MD`, `Felix
    // Biermann III`, `Ana Ruiz, LICDC`.
    let found = &mut |s: usize, e: usize, kind: Name| {
        let e = if kind == Name::Person {
            suffix_end(bytes, e)
        } else {
            e
        };
        found(s, e, kind)
    };
    let mut buf = String::new();
    let mut known = vec![None::<Known>; words.len()];
    let mut know = |i: usize, buf: &mut String| -> Known {
        if let Some(k) = known[i] {
            return k;
        }
        let w = words[i];
        let key = fold_word(&text[w.start..w.end], buf);
        let allowed = allow.binary_search_by(|a| a.as_str().cmp(key)).is_ok();
        let k = Known {
            allowed,
            vocabulary: (VOCABULARY.contains(key) && may_be_english(&text[w.start..w.end]))
                || allowed
                || (key.contains('-')
                    && key.split('-').all(|p| {
                        p.is_empty()
                            || p.bytes().all(|b| b.is_ascii_digit())
                            || VOCABULARY.contains(p)
                    })),
            first: FIRST_NAMES.contains(key),
            // A month or weekday is never a surname (`In March`); it may be
            // a first name (`April Ryan`).
            surname: SURNAMES.contains(key) && !MONTHS_AND_DAYS.contains(key),
        };
        known[i] = Some(k);
        k
    };
    // The gap between two words: a single space, or `. ` after an initial
    // or an abbreviated title (or `.` alone: `J.Smith`, `Mr.Smith`); the
    // full stop after any other word ends a sentence.
    let joined = |a: &Word, b: &Word| {
        let gap = &bytes[a.end..b.start];
        gap == b" " || ((gap == b". " || gap == b".") && abbreviation_before(bytes, a.end))
    };
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if person {
            let lower_cue = is_cue(&bytes[w.start..w.end]);
            if lower_cue && i + 1 < words.len() {
                // Up to three capitalised words after the cue.
                let mut last = None;
                let mut j = i + 1;
                while j < words.len() && j <= i + 3 {
                    let (a, b) = (words[j - 1], words[j]);
                    if !(b.cap && joined(&a, &b)) || is_cue(&bytes[b.start..b.end]) {
                        break;
                    }
                    let k = know(j, &mut buf);
                    if !b.initial && k.vocabulary && !k.first && !k.surname {
                        break;
                    }
                    last = Some(j);
                    j += 1;
                }
                if let Some(l) = last {
                    found(words[i + 1].start, words[l].end, Name::Person);
                }
                // A first name written in lower case after a kinship or
                // role word: `wife keisha`, `aunt gabriela`.
                let b = words[i + 1];
                if last.is_none() && !b.cap && joined(&w, &b) && b.end - b.start >= 3 {
                    let k = know(i + 1, &mut buf);
                    if k.first && !k.vocabulary {
                        found(b.start, b.end, Name::Person);
                    }
                }
            }
            if w.cap && !w.initial && i + 1 < words.len() {
                let k = know(i, &mut buf);
                let next = words[i + 1];
                if k.first && next.cap && bytes[w.end..next.start] == *b" " {
                    let n = know(i + 1, &mut buf);
                    // `John L. Aponte`: a common-word first name, an initial
                    // and a name.
                    let initial_then_name = next.initial
                        && i + 2 < words.len()
                        && words[i + 2].cap
                        && joined(&next, &words[i + 2])
                        && {
                            let m = know(i + 2, &mut buf);
                            m.surname || m.first || !m.vocabulary
                        };
                    // `Bill W.`: a first name and an initial other than the
                    // pronoun and the article.
                    let plain_initial = next.initial && !matches!(bytes[next.start], b'I' | b'A');
                    let ok = if k.vocabulary {
                        n.surname
                            || (!n.vocabulary && !next.initial)
                            || initial_then_name
                            || plain_initial
                    } else {
                        next.initial || n.surname || n.first || !n.vocabulary
                    };
                    if ok {
                        let mut last = i + 1;
                        if i + 2 < words.len() && words[i + 2].cap && joined(&next, &words[i + 2]) {
                            let m = know(i + 2, &mut buf);
                            if m.surname || !m.vocabulary {
                                last = i + 2;
                            }
                        }
                        found(w.start, words[last].end, Name::Person);
                    }
                }
            }
            // J. Mitchell, J.Mitchell, J Mitchell
            if w.initial
                && w.start < bytes.len()
                && bytes[w.start] != b'I'
                && (bytes[w.start] != b'A' || is(bytes, w.end, b'.'))
                && i + 1 < words.len()
                && words[i + 1].cap
                && joined(&w, &words[i + 1])
            {
                let n = know(i + 1, &mut buf);
                if n.surname || n.first || !n.vocabulary {
                    found(w.start, words[i + 1].end, Name::Person);
                }
            }
        }
        if person {
            nicknames(text, &words, i, found);
        }
        if person && w.cap && !w.initial {
            let k = know(i, &mut buf);
            let name = k.first || k.surname;
            // Two capitalised words, both names or unknown, one of them
            // not a common word: `Brodie Walker`, `Cooper Kevin`.
            if i + 1 < words.len() {
                let next = words[i + 1];
                if next.cap && !next.initial && bytes[w.end..next.start] == *b" " {
                    let n = know(i + 1, &mut buf);
                    let next_name = n.first || n.surname;
                    if (name || !k.vocabulary)
                        && (next_name || !n.vocabulary)
                        && (!k.vocabulary || !n.vocabulary)
                        && !function_word(fold_word(&text[w.start..w.end], &mut buf))
                        && !function_word(fold_word(&text[next.start..next.end], &mut buf))
                    {
                        found(w.start, next.end, Name::Person);
                    }
                }
            }
            // A common word before a word no list knows, inside a
            // sentence, is that name's first word: `Shun Roeterdink`, `Visa
            // Godina` (not `Municipal`, `Monday`, `The`, a title or cue).
            if !name && k.vocabulary && i + 1 < words.len() {
                let next = words[i + 1];
                if next.cap
                    && !next.initial
                    && bytes[w.end..next.start] == *b" "
                    && !know(i + 1, &mut buf).vocabulary
                    && text[next.start..next.end]
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .count()
                        >= 3
                    && !sentence_start(bytes, &words, i)
                    && !is_cue(&bytes[w.start..w.end])
                    && !common_proper(&text[w.start..w.end], &mut buf)
                    && !never_beside_a_name(fold_word(&text[w.start..w.end], &mut buf))
                {
                    found(w.start, next.end, Name::Person);
                }
            }
            // A name word alone inside a sentence: `met with Rose at`. One
            // that the vocabulary does not know is `proper`'s when it runs
            // (`Shopped at Kroger` is [PROPER], as SPEC 8.3 has it).
            let prev_cap = i > 0 && words[i - 1].cap && joined(&words[i - 1], &w);
            // (`Wright. The` is the end of a sentence, not a pair.)
            let next_cap = i + 1 < words.len()
                && words[i + 1].cap
                && bytes[w.end..words[i + 1].start] == *b" ";
            if name
                && !k.allowed
                && (k.vocabulary || !proper)
                && !prev_cap
                && !next_cap
                && !sentence_start(bytes, &words, i)
                && !common_proper(&text[w.start..w.end], &mut buf)
                && !is_cue(&bytes[w.start..w.end])
                && !never_beside_a_name(fold_word(&text[w.start..w.end], &mut buf))
            {
                found(w.start, w.end, Name::Person);
            }
            // Particles: `Eliane van der Vlist`, `van Gameren`.
            let mut j = i + 1;
            while j < words.len()
                && !words[j].cap
                && joined(&words[j - 1], &words[j])
                && is_particle(&bytes[words[j].start..words[j].end])
            {
                j += 1;
            }
            if j > i + 1 && j < words.len() && words[j].cap && joined(&words[j - 1], &words[j]) {
                found(w.start, words[j].end, Name::Person);
            }
        }
        if person
            && !w.cap
            && i + 1 < words.len()
            && words[i + 1].cap
            && joined(&w, &words[i + 1])
            && is_particle(&bytes[w.start..w.end])
            && !know(i + 1, &mut buf).vocabulary
        {
            found(w.start, words[i + 1].end, Name::Person);
        }
        if proper && w.cap && !w.initial {
            let letters = text[w.start..w.end]
                .chars()
                .filter(|c| c.is_alphabetic())
                .count();
            if letters >= 3 && !know(i, &mut buf).vocabulary {
                found(w.start, w.end, Name::Proper);
            }
        }
        i += 1;
    }
}

/// Nicknames: a quoted word inside a name (`Juan "Spider" Cruz`), a
/// quoted or capitalised word after `AKA`, `a.k.a.`, `alias` or
/// `nickname` (`AKA: "Boo"`), and the saints of surnames (`Hunter St.
/// John`).
fn nicknames(text: &str, words: &[Word], i: usize, found: &mut impl FnMut(usize, usize, Name)) {
    let bytes = text.as_bytes();
    let w = words[i];
    let gap = |a: &Word, b: &Word| &bytes[a.end..b.start];
    let open = |g: &[u8]| matches!(g, b" \"" | b" \xe2\x80\x9c" | b" '");
    let close = |g: &[u8]| matches!(g, b"\" " | b"\xe2\x80\x9d " | b"' ");
    if i + 2 < words.len() {
        let (n, m) = (words[i + 1], words[i + 2]);
        // Juan "Spider" Cruz
        if w.cap && n.cap && m.cap && open(gap(&w, &n)) && close(gap(&n, &m)) {
            found(w.start, m.end, Name::Person);
        }
        // Hunter St. John: a first name, `St.` and a name (not `Elm St.
        // Client`).
        if w.cap
            && !w.initial
            && &bytes[n.start..n.end] == b"St"
            && gap(&w, &n) == b" "
            && gap(&n, &m) == b". "
            && m.cap
            && !m.initial
            && {
                let mut buf = String::new();
                FIRST_NAMES.contains(fold_word(&text[w.start..w.end], &mut buf)) && {
                    let key = fold_word(&text[m.start..m.end], &mut buf);
                    FIRST_NAMES.contains(key) || SURNAMES.contains(key)
                }
            }
        {
            found(w.start, m.end, Name::Person);
        }
    }
    let cue = &bytes[w.start..w.end];
    let alias = cue.eq_ignore_ascii_case(b"aka")
        || cue.eq_ignore_ascii_case(b"alias")
        || cue.eq_ignore_ascii_case(b"nickname")
        || (w.end >= 5 && bytes[w.end - 5..w.end].eq_ignore_ascii_case(b"a.k.a"));
    if alias && i + 1 < words.len() {
        let n = words[i + 1];
        let g = gap(&w, &n);
        let quoted = g.ends_with(b"\"") || g.ends_with("“".as_bytes());
        let plain = g
            .iter()
            .all(|&b| matches!(b, b' ' | b':' | b'.' | b',' | b'-'))
            && g.len() <= 3
            && n.cap;
        if quoted && g.len() <= 5 || plain {
            found(n.start, n.end, Name::Person);
        }
    }
}

/// Generational suffixes, degrees and the credentials of treatment and
/// court work, as written after a name.
const SUFFIXES: &[&str] = &[
    "CADC", "DDS", "DO", "DVM", "Esq", "II", "III", "IV", "Jr", "LCDC", "LCSW", "LICDC", "LISW",
    "LPC", "LPCC", "LPN", "LSW", "MD", "MSW", "NP", "PhD", "RN", "Sr",
];

/// The end of a name that ends at `end`, with the suffix after it.
fn suffix_end(bytes: &[u8], end: usize) -> usize {
    let at = if bytes[end..].starts_with(b", ") {
        end + 2
    } else if is(bytes, end, b' ') {
        end + 1
    } else {
        return end;
    };
    let mut stop = at;
    while stop < bytes.len() && bytes[stop].is_ascii_alphabetic() {
        stop += 1;
    }
    let word = &bytes[at..stop];
    let ends = !bytes
        .get(stop)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || b >= 0x80 || b == b'-');
    // `DO` only in capitals after a comma: `Ana Ruiz, DO`.
    let ok =
        ends && SUFFIXES.iter().any(|s| s.as_bytes() == word) && (word != b"DO" || at == end + 2);
    if ok { stop } else { end }
}

/// Whether `word` is a name particle.
fn is_particle(word: &[u8]) -> bool {
    (2..=5).contains(&word.len())
        && word[0].is_ascii_lowercase()
        && std::str::from_utf8(word).is_ok_and(|w| PARTICLES.contains(&w))
}

/// Whether `word` is a month, weekday, language, nationality, country or
/// state.
fn common_proper(word: &str, buf: &mut String) -> bool {
    COMMON_PROPER.contains(fold_word(word, buf))
}

/// Whether word `i` begins a sentence (or the text, or a line of a list:
/// after `.`, `!`, `?`, `:`, `;`, a quote or a bracket).
fn sentence_start(bytes: &[u8], words: &[Word], i: usize) -> bool {
    let from = if i == 0 { 0 } else { words[i - 1].end };
    let gap = &bytes[from..words[i].start];
    i == 0
        || gap.iter().enumerate().any(|(k, b)| {
            matches!(
                b,
                b'!' | b'?' | b':' | b';' | b'"' | b'(' | b'[' | b'\n' | b'-' | b'*'
            ) || (*b == b'.' && !abbreviation_before(bytes, from + k))
        })
        || gap.iter().any(|&b| b >= 0x80)
}

fn is(bytes: &[u8], at: usize, b: u8) -> bool {
    bytes.get(at) == Some(&b)
}

/// The words of `text`: runs of word characters, with inner apostrophes
/// and hyphens; a possessive `'s` is left out of the word.
fn words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let starts = if b.is_ascii() {
            b.is_ascii_alphabetic()
        } else {
            char_at(text, at).is_some_and(|c| c.is_alphabetic())
        };
        if !starts {
            at += if b.is_ascii() {
                1
            } else {
                char_at(text, at).map_or(1, char::len_utf8)
            };
            continue;
        }
        let start = at;
        loop {
            at = super::word::word_end(text, at);
            let joiner = joiner_at(text, at);
            if joiner > 0 {
                // A possessive: not part of the word.
                let rest = &bytes[at + joiner..];
                if joiner != 1 || bytes[at] != b'-' {
                    let s_end = at + joiner + 1;
                    if rest.first().is_some_and(|&c| c == b's' || c == b'S')
                        && !char_at(text, s_end).is_some_and(is_word_char)
                    {
                        break;
                    }
                }
                at += joiner;
                continue;
            }
            break;
        }
        let first = char_at(text, start).unwrap_or(' ');
        let cap = first.is_uppercase();
        let initial = cap && first.len_utf8() == at - start;
        out.push(Word {
            start,
            end: at,
            cap,
            initial,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted() {
        assert!(PARTICLES.windows(2).all(|w| w[0] < w[1]));
        assert!(SUFFIXES.windows(2).all(|w| w[0] < w[1]));
    }
}
