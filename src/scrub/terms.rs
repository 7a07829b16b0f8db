//! Custom term lists (`[[scrub.terms]]`): whole-word, case-insensitive
//! matching of many fixed terms at once, with one Aho-Corasick automaton
//! built once per policy.
//!
//! Terms are kept in normal form: letters folded to lower case, every run
//! of white space as one space. A match must begin where a word begins, so
//! the automaton is walked anchored from each word start (and from each
//! character that begins a term with punctuation), feeding it the text in
//! normal form on the fly: `Sunrise Recovery Services` also matches
//! `SUNRISE  Recovery\nServices`, and no copy of the text is made. Each walk
//! stops as soon as no term can continue, so a list of a million terms
//! costs little more per word than a list of five.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use super::normal;
use super::word::{self, Starts};

/// `text` in normal form (`normal::fold`).
pub fn normalize(text: &str) -> String {
    normal::fold(text)
}

/// One compiled term list.
#[derive(Debug, Clone)]
pub struct TermList {
    automaton: NFA,
    start: StateID,
    /// How the terms that begin with a word begin.
    starts: Starts,
    /// The first bytes of terms that begin with a character that is not
    /// part of a word (`(`, `#`, `.NET`), as a bit set.
    odd_first: [u64; 4],
}

impl TermList {
    pub fn new(terms: &[String]) -> anyhow::Result<TermList> {
        let mut normal: Vec<String> = terms
            .iter()
            .map(|t| normalize(t))
            .filter(|t| !t.is_empty())
            .collect();
        normal.sort_unstable();
        normal.dedup();
        let mut starts = Starts::default();
        let mut odd_first = [0u64; 4];
        for t in &normal {
            match t.chars().next() {
                Some(c) if word::is_word_char(c) => starts.add(t),
                Some(_) => {
                    let b = t.as_bytes()[0];
                    odd_first[usize::from(b >> 6)] |= 1 << (b & 63);
                }
                None => {}
            }
        }
        let automaton = NFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&normal)?;
        let start = automaton.start_state(Anchored::Yes)?;
        Ok(TermList {
            automaton,
            start,
            starts,
            odd_first,
        })
    }

    /// How the terms that begin with a word begin.
    pub fn starts(&self) -> &Starts {
        &self.starts
    }

    /// Whether some term begins with punctuation (then `find_odd` must be
    /// called).
    pub fn has_odd(&self) -> bool {
        self.odd_first != [0; 4]
    }

    /// Report each term that begins at the word at `start` (and ends where
    /// a word ends) as `(start, end)`.
    #[inline]
    pub fn at_word(&self, text: &str, start: usize, found: &mut impl FnMut(usize, usize)) {
        let bytes = text.as_bytes();
        if self
            .starts
            .may_start(bytes[start], bytes.get(start + 1).copied())
        {
            self.walk(text, start, found);
        }
    }

    /// Report each occurrence of a term that begins with punctuation.
    pub fn find_odd(&self, text: &str, found: &mut impl FnMut(usize, usize)) {
        for (at, c) in text.char_indices() {
            if word::is_word_char(c) {
                continue;
            }
            let mut buf = [0; 4];
            let mut b = 0;
            normal::fold_char(c, &mut |f| {
                if b == 0 {
                    b = f.encode_utf8(&mut buf).as_bytes()[0];
                }
            });
            if self.odd_first[usize::from(b >> 6)] & (1 << (b & 63)) != 0 {
                self.walk(text, at, found);
            }
        }
    }

    /// Walk the automaton from `start`, reporting every term that begins
    /// there and ends at the end of a word (or with punctuation).
    #[inline]
    fn walk(&self, text: &str, start: usize, found: &mut impl FnMut(usize, usize)) {
        let aut = &self.automaton;
        let bytes = text.as_bytes();
        let mut sid = self.start;
        let mut fed = 0;
        let mut at = start;
        let mut space = false;
        while let Some(&b) = bytes.get(at) {
            let c = if b.is_ascii() {
                char::from(b)
            } else {
                match word::char_at(text, at) {
                    Some(c) => c,
                    None => return,
                }
            };
            at += c.len_utf8();
            if c.is_whitespace() {
                if !space {
                    space = true;
                    sid = aut.next_state(Anchored::Yes, sid, b' ');
                    fed += 1;
                    if aut.is_dead(sid) {
                        return;
                    }
                }
                // A term never ends with white space.
                continue;
            }
            space = false;
            if b.is_ascii() {
                sid = aut.next_state(Anchored::Yes, sid, b.to_ascii_lowercase());
                fed += 1;
            } else {
                let mut dead = false;
                normal::fold_char(c, &mut |f| {
                    let mut buf = [0; 4];
                    for &x in f.encode_utf8(&mut buf).as_bytes() {
                        if !dead {
                            sid = aut.next_state(Anchored::Yes, sid, x);
                            fed += 1;
                            dead = aut.is_dead(sid);
                        }
                    }
                });
                if dead {
                    return;
                }
            }
            if aut.is_dead(sid) {
                return;
            }
            if aut.is_match(sid)
                && (0..aut.match_len(sid))
                    .any(|i| aut.pattern_len(aut.match_pattern(sid, i)) == fed)
                && !(word::is_word_char(c)
                    && word::char_at(text, at).is_some_and(word::is_word_char))
            {
                found(start, at);
            }
        }
    }
}
