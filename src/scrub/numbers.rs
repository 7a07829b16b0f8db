//! The built-in detectors that key on numbers, read by hand from each run
//! of digits of the normal view: `ssn` and `phone` here, `date` in
//! `dates`, `card`, `iban` and `ip` (v4) in `codes`, `address` in
//! `address`.
//!
//! Every match holds at least one run of ASCII digits, and every run a
//! match holds is whole (a match never begins or ends inside a longer
//! number). So the text is read once, run by run, and at each run the
//! forms that begin with it (or, looking back, end with it) are tried.
//! The normal view has already made every digit ASCII, every dash `-` and
//! every run of white space one space.

use super::{address, codes, dates};

/// Which detectors are wanted, each with the tag its matches carry.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<T> {
    pub ssn: Option<T>,
    pub phone: Option<T>,
    pub date: Option<T>,
    pub card: Option<T>,
    pub iban: Option<T>,
    pub ip: Option<T>,
    pub address: Option<T>,
}

impl<T> Wanted<T> {
    pub fn none() -> Wanted<T> {
        Wanted {
            ssn: None,
            phone: None,
            date: None,
            card: None,
            iban: None,
            ip: None,
            address: None,
        }
    }

    pub fn any(&self) -> bool {
        self.ssn.is_some()
            || self.phone.is_some()
            || self.date.is_some()
            || self.card.is_some()
            || self.iban.is_some()
            || self.ip.is_some()
            || self.address.is_some()
    }
}

/// The end of the run of ASCII digits that begins at `at`.
#[inline]
pub fn digits_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    at
}

/// The end of a run of `min..=max` digits at `at` (the whole run).
#[inline]
pub fn digits(bytes: &[u8], at: usize, min: usize, max: usize) -> Option<usize> {
    let end = digits_end(bytes, at);
    (end - at >= min && end - at <= max && end > at).then_some(end)
}

#[inline]
pub fn is(bytes: &[u8], at: usize, b: u8) -> bool {
    bytes.get(at) == Some(&b)
}

/// A separator between digit groups: `-`, `.` or a space, with a space
/// allowed on either side of `-` and `.` (`425 - 76 - 7733`). Its end.
#[inline]
pub fn sep(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    let space = is(bytes, i, b' ');
    if space {
        i += 1;
    }
    if matches!(bytes.get(i), Some(b'-' | b'.')) {
        i += 1;
        if is(bytes, i, b' ') {
            i += 1;
        }
        return Some(i);
    }
    space.then_some(i)
}

/// Whether one of `cues` stands at most 20 characters before `at`: it
/// begins a word and ends no more than 20 bytes before `at` (compared
/// without case; a cue may go on into a longer word: `phone` in `phoned`,
/// `tel` in `telephone`).
pub fn cue_before(text: &str, at: usize, cues: &[&str]) -> bool {
    cue_within(text, at, 20, cues)
}

/// `cue_before` with another reach.
pub fn cue_within(text: &str, at: usize, reach: usize, cues: &[&str]) -> bool {
    let longest = cues.iter().map(|c| c.len()).max().unwrap_or(0);
    let mut from = at.saturating_sub(reach + longest);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let bytes = text.as_bytes();
    let window = &bytes[from..at];
    for i in 0..window.len() {
        let word_start = i + from == 0 || !bytes[i + from - 1].is_ascii_alphanumeric();
        // A cue begins a word, or is punctuation (`#`): inside a word,
        // nothing to try.
        if !word_start && window[i].is_ascii_alphanumeric() {
            continue;
        }
        for cue in cues {
            let c = cue.as_bytes();
            let starts_word = word_start || !c[0].is_ascii_alphanumeric();
            if starts_word
                && window.len() - i >= c.len()
                && window.len() - i - c.len() <= reach
                && window[i..i + c.len()].eq_ignore_ascii_case(c)
            {
                return true;
            }
        }
    }
    false
}

pub const SSN_CUES: &[&str] = &["ssn", "ss#", "soc sec", "social security", "s.s.n"];
pub const PHONE_CUES: &[&str] = &[
    "phone", "tel", "cell", "mobile", "desk", "fax", "call", "number", "#", "ph.", "ph:", "tc ",
    "vm ", "text",
];

/// Report the matches whose first run of digits is `text[start..end]`
/// (a whole run) as `(start, end, tag)`.
pub fn at_run<T: Copy>(
    text: &str,
    start: usize,
    end: usize,
    wanted: &Wanted<T>,
    found: &mut impl FnMut(usize, usize, T),
) {
    let bytes = text.as_bytes();
    let len = end - start;
    if let Some(tag) = wanted.ssn {
        if len == 3
            && let Some(stop) = ssn(bytes, end)
        {
            found(start, stop, tag);
        }
        // The last four of an SSN, masked (`xxx-xx-9928`, `***-**-9928`)
        // or after a cue that says so (`SSN ending in 2401`).
        if len == 4 && !bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            if let Some(mask) = masked_ssn(bytes, start) {
                found(mask, end, tag);
            } else if cue_before(text, start, SSN_CUES)
                && cue_before(text, start, &["ending", "last four", "last 4", "last4"])
            {
                found(start, end, tag);
            }
        }
        if len == 9 && cue_before(text, start, SSN_CUES) {
            found(start, end, tag);
        }
    }
    if let Some(tag) = wanted.phone {
        phone(text, start, end, &mut |s, e| found(s, e, tag));
    }
    if let Some(tag) = wanted.date {
        dates::at_run(text, start, end, &mut |s, e| found(s, e, tag));
    }
    if let Some(tag) = wanted.card {
        codes::card(bytes, start, end, &mut |s, e| found(s, e, tag));
    }
    if let Some(tag) = wanted.iban {
        codes::iban(text, start, end, &mut |s, e| found(s, e, tag));
    }
    if let Some(tag) = wanted.ip {
        codes::ipv4(bytes, start, end, &mut |s, e| found(s, e, tag));
    }
    if let Some(tag) = wanted.address {
        address::at_run(text, start, end, &mut |s, e| found(s, e, tag));
    }
}

/// Where a masked SSN (`xxx-xx-`, `XXX-XX-`, `***-**-`, with dashes or
/// spaces) begins when its last four digits begin at `at`.
fn masked_ssn(bytes: &[u8], at: usize) -> Option<usize> {
    let masked = |b: u8| matches!(b, b'x' | b'X' | b'*' | b'#');
    let sep = |b: u8| matches!(b, b'-' | b' ' | b'.');
    if at < 7 {
        return None;
    }
    let s = &bytes[at - 7..at];
    let ok = masked(s[0])
        && masked(s[1])
        && masked(s[2])
        && sep(s[3])
        && masked(s[4])
        && masked(s[5])
        && sep(s[6])
        && (at == 7 || !bytes[at - 8].is_ascii_alphanumeric());
    ok.then_some(at - 7)
}

/// The rest of an SSN after its first three digits: `-45-6789`.
fn ssn(bytes: &[u8], at: usize) -> Option<usize> {
    let at = sep(bytes, at)?;
    let at = digits(bytes, at, 2, 2)?;
    let at = sep(bytes, at)?;
    digits(bytes, at, 4, 4)
}

/// A phone number from its area code on: `(614) 555-0182`,
/// `614-555-0182`, `614/555-0182`, `614 5550182`.
fn from_area(bytes: &[u8], at: usize) -> Option<usize> {
    let at = if is(bytes, at, b'(') {
        let end = digits(bytes, at + 1, 3, 3)?;
        if !is(bytes, end, b')') {
            return None;
        }
        sep(bytes, end + 1).unwrap_or(end + 1)
    } else {
        let end = digits(bytes, at, 3, 3)?;
        if is(bytes, end, b'/') {
            end + 1
        } else {
            sep(bytes, end)?
        }
    };
    after_area(bytes, at)
}

/// The exchange and line of a phone number: `555-0182`, `5550182`.
fn after_area(bytes: &[u8], at: usize) -> Option<usize> {
    if let Some(end) = digits(bytes, at, 7, 7) {
        return Some(end);
    }
    let end = digits(bytes, at, 3, 3)?;
    let at = sep(bytes, end)?;
    digits(bytes, at, 4, 4)
}

/// After a phone number: an extension (`x123`, ` ext. 123`), or nothing.
fn extension(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    if is(bytes, i, b' ') {
        i += 1;
    }
    let rest = &bytes[i.min(bytes.len())..];
    let skip = if rest.len() >= 4 && rest[..4].eq_ignore_ascii_case(b"ext.") {
        4
    } else if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"ext") {
        3
    } else if rest.first().is_some_and(|&b| b == b'x' || b == b'X') {
        1
    } else {
        return at;
    };
    i += skip;
    if is(bytes, i, b' ') {
        i += 1;
    }
    digits(bytes, i, 1, 6).unwrap_or(at)
}

/// Digit groups from `at`, joined by spaces, dots, dashes or parentheses:
/// where the last group ends and how many digits there are.
fn groups(bytes: &[u8], mut at: usize) -> (usize, usize) {
    let mut end = at;
    let mut count = 0;
    while let Some(stop) = digits(bytes, at, 1, 15) {
        count += stop - at;
        end = stop;
        if count > 15 {
            break;
        }
        // Up to three separator characters before the next group.
        let mut i = stop;
        while i < stop + 3 && matches!(bytes.get(i), Some(b' ' | b'.' | b'-' | b'(' | b')')) {
            i += 1;
        }
        if i == stop || !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            break;
        }
        at = i;
    }
    (end, count)
}

/// Whether the digit groups in `start..stop` are three or more, each of
/// two to four digits, joined by single spaces or dots (not a date's
/// slashes, not dashes of an SSN).
fn uniform_groups(bytes: &[u8], start: usize, stop: usize) -> bool {
    let span = &bytes[start..stop];
    if !span.contains(&b' ') && span.iter().filter(|&&b| b == b'.').count() == 3 {
        // Four dotted parts: an IPv4 address.
        return false;
    }
    let mut n = 0;
    for g in bytes[start..stop].split(|&b| b == b' ' || b == b'.') {
        if !(2..=4).contains(&g.len()) || !g.iter().all(u8::is_ascii_digit) {
            return false;
        }
        n += 1;
    }
    n >= 3
}

fn phone(text: &str, start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let len = end - start;
    let mut report = |s: usize, e: usize| found(s, extension(bytes, e));
    let plus = start > 0 && bytes[start - 1] == b'+';
    if bytes[start] == b'1' {
        if plus {
            // +1 614 555 0182, +1(614) 555-0182, +1614-555-0182,
            // +16145550182.
            let whole = match len {
                1 => from_area(bytes, sep(bytes, end).unwrap_or(end)),
                4 => from_area(bytes, start + 1),
                11 => Some(end),
                _ => None,
            };
            if let Some(stop) = whole {
                report(start - 1, stop);
            }
        }
        // 1-614-555-0182
        if len == 1
            && let Some(at) = sep(bytes, end)
            && let Some(stop) = from_area(bytes, at)
        {
            report(start, stop);
        }
    }
    if len == 3 {
        if let Some(stop) = from_area(bytes, start) {
            report(start, stop);
        }
        if start > 0
            && bytes[start - 1] == b'('
            && let Some(stop) = from_area(bytes, start - 1)
        {
            report(start - 1, stop);
        }
    }
    // International: + or 00 and a country code, 8-15 digits in all.
    if plus || (len >= 2 && bytes[start] == b'0' && bytes[start + 1] == b'0') {
        let (stop, count) = groups(bytes, start);
        let count = if plus { count } else { count.saturating_sub(2) };
        if (8..=15).contains(&count) {
            report(if plus { start - 1 } else { start }, stop);
        }
    }
    // A trunk or area code in parentheses: `(03) 5371 4059`,
    // `(07700)901487`, `(73) 4746-3459`.
    if start > 0 && bytes[start - 1] == b'(' && (1..=5).contains(&len) && is(bytes, end, b')') {
        let mut at = end + 1;
        if is(bytes, at, b' ') {
            at += 1;
        }
        if bytes.get(at).is_some_and(u8::is_ascii_digit) {
            let (stop, count) = groups(bytes, at);
            if (6..=13).contains(&count) && count + len >= 8 {
                report(start - 1, stop);
            }
        }
    }
    // A trunk prefix and 9-12 digits in two groups: `0380 7558505`.
    if bytes[start] == b'0' && (2..=5).contains(&len) {
        let (stop, count) = groups(bytes, start);
        if (9..=12).contains(&count) {
            report(start, stop);
        }
    }
    // Three or more groups of two to four digits, 8-15 in all, read as a
    // phone number without a cue: `024 515 36 38`.
    if (2..=4).contains(&len) {
        let (stop, count) = groups(bytes, start);
        if (8..=15).contains(&count) && uniform_groups(bytes, start, stop) {
            report(start, stop);
        }
    }
    // Ten digits of a North American number (area code and exchange not
    // beginning with 0 or 1) reach further back for their cue: `Called
    // Jamal Scura on 6147174762`; or they are written as only a phone
    // number is, in parentheses after a name or with an extension:
    // `Keisha Pettaway (5756263464)`, `4045334501 x609`.
    if len == 10 && bytes[start] >= b'2' && bytes[start + 3] >= b'2' {
        let bracketed = start > 0 && bytes[start - 1] == b'(' && is(bytes, end, b')');
        if bracketed || extension(bytes, end) > end || cue_within(text, start, 40, PHONE_CUES) {
            report(start, end);
        }
    }
    // After a phone cue: ten digits, or groups of 7-15 digits in all; not
    // a date (`Contact date: 05-01-2025`).
    let open = start > 0 && bytes[start - 1] == b'(';
    let from = if open { start - 1 } else { start };
    if cue_before(text, from, PHONE_CUES) {
        let (stop, count) = groups(bytes, start);
        if (7..=15).contains(&count) && !dates::shaped_like_date(&bytes[start..stop]) {
            report(from, stop);
        }
    }
}
