//! Allow-list mode: after the detectors, every word of the normal view
//! that no detector matched and that is not in the allow-list becomes
//! `[REDACTED]`, and every run of three or more digits `[NUMBER]`.
//!
//! The allow-list is the built-in vocabulary plus the policy's `allow`
//! words, compared folded. A capitalised word of the built-in name lists
//! is not allowed inside a sentence unless the policy's own `allow` lists
//! it (`Bill`, `Hunter`, `Walker` go; `bill` stays). After a colon or a
//! semicolon a sentence goes on (`Victim: Bill Walker`). Months, weekdays,
//! languages, countries (`data/common_proper.txt`) and the words of
//! probation, treatment and court work (`data/domain_terms.txt`: `Court`,
//! `Pleas`, `Center`) are not names, whatever the Census lists hold. In
//! a text written in capitals, case says nothing and the rule does not
//! apply (`CAN I SPEAK TO A REAL PERSON`). Titles and role words are not
//! names either (`Judge`, `Officer`, `Sheriff`).
//!
//! Numbers and words that travel with what was replaced go with it:
//! digit groups joined by single spaces or hyphens are one number
//! (`87 47 98`, `40-95-78-17`, five digits or more in all); a number of
//! one or two digits directly after a replaced word is `[NUMBER]` (the
//! house number of `Voldi 26`); and a capitalised common word directly
//! beside a replaced capitalised word, inside a sentence, is `[REDACTED]`
//! too (`Shun` of `Shun Roeterdink`), unless it is a function word, a
//! month or weekday, a title, or a word of probation, court or agency
//! work (`Municipal Court`, `County`, `Center`).

use super::cues::is_cue;
use super::lexicon::{
    COMMON_PROPER, FIRST_NAMES, SURNAMES, VOCABULARY, may_be_english, never_beside_a_name,
};
use super::settle::Match;
use super::word::{abbreviation_before, char_at, fold_word, is_word_char, joiner_at};

/// What the allow-list pass replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Word,
    Number,
}

/// One token of the text outside the detectors' matches, or one that a
/// match covers.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    /// Only digits, or digits joined by inner hyphens.
    digits: usize,
    numeric: bool,
    /// Begins with a capital letter and goes on in lower case (`Shun`,
    /// not `I` or `SPEAK`).
    cap: bool,
    /// A single capital letter other than `I` and `A`: an initial.
    initial: bool,
    /// Inside a detector's match.
    covered: bool,
    fill: Option<Fill>,
}

impl Token {
    fn replaced(&self) -> bool {
        self.covered || self.fill.is_some()
    }
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
    let mut tokens = tokens(text, found);
    let mut buf = String::new();
    let shouting = shouting(text);
    for t in tokens.iter_mut().filter(|t| !t.covered) {
        t.fill = if t.numeric {
            (t.digits >= 5 || (t.digits >= 3 && t.end - t.start == t.digits))
                .then_some(Fill::Number)
        } else if allowed(
            text,
            shouting,
            t.start,
            &text[t.start..t.end],
            allow,
            &mut buf,
        ) {
            None
        } else {
            Some(Fill::Word)
        };
    }
    // Digit groups joined by single spaces: one number.
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        let mut digits = tokens[i].digits;
        while tokens[j].numeric
            && !tokens[j].covered
            && j + 1 < tokens.len()
            && tokens[j + 1].numeric
            && !tokens[j + 1].covered
            && &bytes[tokens[j].end..tokens[j + 1].start] == b" "
        {
            j += 1;
            digits += tokens[j].digits;
        }
        if j > i && digits >= 5 {
            out(tokens[i].start, tokens[j].end, Fill::Number);
            for t in &mut tokens[i..=j] {
                t.covered = true;
                t.fill = None;
            }
        }
        i = j + 1;
    }
    // What travels with a replaced word, decided on the replacements of
    // the detectors and the allow-list, not on each other.
    let beside: Vec<bool> = (0..tokens.len())
        .map(|i| {
            let t = &tokens[i];
            let joined = |a: &Token, b: &Token| &bytes[a.end..b.start] == b" ";
            let seed = |o: &Token| o.cap && !o.numeric && o.replaced();
            if t.replaced() {
                return false;
            }
            if t.numeric {
                return t.digits <= 2
                    && i > 0
                    && joined(&tokens[i - 1], t)
                    && !tokens[i - 1].numeric
                    && tokens[i - 1].replaced();
            }
            (t.cap || t.initial)
                && ((i > 0 && joined(&tokens[i - 1], t) && seed(&tokens[i - 1]))
                    || (i + 1 < tokens.len() && joined(t, &tokens[i + 1]) && seed(&tokens[i + 1])))
                && !sentence_start(text, t.start)
                && !is_cue(&bytes[t.start..t.end])
                && !never_beside_a_name(fold_word(&text[t.start..t.end], &mut buf))
        })
        .collect();
    for (t, beside) in tokens.iter_mut().zip(beside) {
        if beside {
            t.fill = Some(if t.numeric { Fill::Number } else { Fill::Word });
        }
    }
    for t in &tokens {
        if let (false, Some(fill)) = (t.covered, t.fill) {
            out(t.start, t.end, fill);
        }
    }
}

/// The tokens of `text`, each marked when a match of `found` covers it.
fn tokens(text: &str, found: &[Match]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut next_found = 0;
    let mut at = 0;
    while at < text.len() {
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
        let covered = next_found < found.len() && found[next_found].start < end;
        let token = &text.as_bytes()[start..end];
        let numeric = token[0].is_ascii_digit()
            && token[token.len() - 1].is_ascii_digit()
            && token.iter().all(|&b| b.is_ascii_digit() || b == b'-');
        out.push(Token {
            start,
            end,
            digits: token.iter().filter(|b| b.is_ascii_digit()).count(),
            numeric,
            cap: c.is_uppercase()
                && text[start + c.len_utf8()..end]
                    .chars()
                    .any(char::is_lowercase),
            initial: c.is_uppercase() && end - start == c.len_utf8() && c != 'I' && c != 'A',
            covered,
            fill: None,
        });
    }
    out
}

/// The end of the token at `at`: word characters, with inner apostrophes
/// and hyphens.
fn token_end(text: &str, mut at: usize) -> usize {
    loop {
        at = super::word::word_end(text, at);
        match joiner_at(text, at) {
            0 => return at,
            n => at += n,
        }
    }
}

/// Whether the token `word` at `start` is kept.
fn allowed(
    text: &str,
    shouting: bool,
    start: usize,
    word: &str,
    allow: &[String],
    buf: &mut String,
) -> bool {
    // The vocabulary knows words written as English is; the policy's own
    // list knows what it lists, however written.
    let english = may_be_english(word);
    let known = |k: &str| (english && VOCABULARY.contains(k)) || listed(k, allow);
    let key = fold_word(word, buf);
    let key = key
        .strip_suffix("'s")
        .filter(|k| !known(key) && known(k))
        .unwrap_or(key);
    let first = word.chars().next().unwrap_or(' ');
    if first.is_uppercase()
        && !shouting
        && (FIRST_NAMES.contains(key) || SURNAMES.contains(key))
        && !COMMON_PROPER.contains(key)
        && !never_beside_a_name(key)
        && !is_cue(word.as_bytes())
        && !sentence_start(text, start)
    {
        return listed(key, allow);
    }
    if known(key) {
        return true;
    }
    // Hyphenated: every part known (or a short number).
    if key.contains('-') {
        return key.split('-').all(|p| short_number(p) || known(p));
    }
    // 3rd, 2nd, 10th; 80mg.
    let digits = key.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits < 3 && {
        let rest = &key[digits..];
        matches!(rest, "st" | "nd" | "rd" | "th") || known(rest)
    }
}

/// Whether `text` is written in capitals: letters enough to tell, and
/// fewer than one in ten in lower case. Case says nothing there.
fn shouting(text: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    upper + lower >= 12 && lower * 10 < upper + lower
}

/// Whether the policy's own `allow` lists `key`.
fn listed(key: &str, allow: &[String]) -> bool {
    allow.binary_search_by(|a| a.as_str().cmp(key)).is_ok()
}

fn short_number(part: &str) -> bool {
    !part.is_empty() && part.len() < 3 && part.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a word at `at` begins a sentence: nothing but spaces, quotes
/// and brackets between it and the text's start or a `.`, `!`, `?`; not
/// the `.` of an abbreviation or an initial (`State v. Hunter`).
fn sentence_start(text: &str, at: usize) -> bool {
    for (i, c) in text[..at].char_indices().rev() {
        match c {
            ' ' | '"' | '\'' | '(' | '[' | ')' | ']' | '“' | '”' | '‘' | '’' | '*' | '-' => {
                continue;
            }
            '.' => return !abbreviation_before(text.as_bytes(), i),
            '!' | '?' => return true,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        fill(text, &[], &[], &mut |s, e, f| {
            out.push_str(&text[at..s]);
            out.push_str(match f {
                Fill::Word => "[REDACTED]",
                Fill::Number => "[NUMBER]",
            });
            at = e;
        });
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn digit_groups_are_one_number() {
        assert_eq!(run("call 87 47 98 now"), "call [NUMBER] now");
        assert_eq!(run("call 96 466712"), "call [NUMBER]");
        assert_eq!(run("office 40-95-78-17"), "office [NUMBER]");
        assert_eq!(run("zip 910 11"), "zip [NUMBER]");
        // Fewer than five digits: two small numbers stay.
        assert_eq!(
            run("11 of 12, 3 4 times, 10-12 hours"),
            "11 of 12, 3 4 times, 10-12 hours"
        );
        assert_eq!(
            run("dose 80 mg, 1250 dollars"),
            "dose 80 mg, [NUMBER] dollars"
        );
    }

    #[test]
    fn what_travels_with_a_replaced_word_goes_with_it() {
        assert_eq!(
            run("on the north side of Voldi 77."),
            "on the north side of [REDACTED] [NUMBER]."
        );
        assert_eq!(
            run("the verses from Shun Roeterdink today"),
            "the verses from [REDACTED] [REDACTED] today"
        );
        assert_eq!(
            run("Bot asks. Liberal Aranda"),
            "Bot asks. Liberal [REDACTED]"
        );
        // Institutions, months, weekdays and titles stay; a sentence's
        // first word stays; lower-case words stay.
        assert_eq!(
            run("seen at Maryhaven Treatment in May by Mr Csanád and Csanád Monday"),
            "seen at [REDACTED] Treatment in May by Mr [REDACTED] and [REDACTED] Monday"
        );
        assert_eq!(run("Met Csanád twice"), "Met [REDACTED] twice");
        assert_eq!(
            run("by Braslav Z Bašić"),
            "by [REDACTED] [REDACTED] [REDACTED]"
        );
        assert_eq!(
            run("as I Csanád said, A Csanád"),
            "as I [REDACTED] said, A [REDACTED]"
        );
        assert_eq!(
            run("room 12 of Csanád, 3 times"),
            "room 12 of [REDACTED], 3 times"
        );
    }

    #[test]
    fn in_capitals_case_says_nothing() {
        assert_eq!(
            run("CAN I SPEAK TO A REAL PERSON?"),
            "CAN I SPEAK TO A REAL PERSON?"
        );
        assert_eq!(
            run("OV. CSANAD REPORTED TO PO"),
            "OV. [REDACTED] REPORTED TO PO"
        );
        assert_eq!(run("Can I speak to Person?"), "Can I speak to [REDACTED]?");
    }

    #[test]
    fn a_colon_does_not_begin_a_sentence() {
        assert_eq!(run("Victim: Bill signed"), "Victim: [REDACTED] signed");
        assert_eq!(run("Bill paid the bill"), "Bill paid the bill");
        assert_eq!(
            run("He came.) Walker left. He came.” Walker left."),
            "He came.) Walker left. He came.” Walker left."
        );
        assert_eq!(
            run("Log - On arrival, Bill"),
            "Log - On arrival, [REDACTED]"
        );
        assert_eq!(
            run("Case: State v. Hunter. Hunter said"),
            "Case: State v. [REDACTED]. Hunter said"
        );
        assert_eq!(
            run("He saw e.g. Walker, Mr. Walker"),
            "He saw e.g. [REDACTED], Mr. [REDACTED]"
        );
        assert_eq!(
            run("before Judge Csanád and Officer Ng"),
            "before Judge [REDACTED] and Officer [REDACTED]"
        );
    }
}
