//! The built-in detectors about numbers, `ssn`, `phone` and `date`, read by
//! hand from each run of digits.
//!
//! Every match of these detectors holds at least one run of ASCII digits,
//! and every run a match holds is whole (a match never begins or ends
//! inside a longer number). So the text is read once, run by run, and at
//! each run the forms that begin with it are tried: `123-45-6789`,
//! `(614) 555-0182`, `2024-03-05`, `5 March 2024`, and, looking back from
//! the day, `March 5, 2024`. This finds exactly what the regexes in
//! `builtin` find (a test holds the two together) at a fraction of the
//! cost of one regex pass per detector.

/// Which of the three detectors are wanted, each with the tag its matches
/// carry.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<T> {
    pub ssn: Option<T>,
    pub phone: Option<T>,
    pub date: Option<T>,
}

/// The end of the run of ASCII digits that begins at `at`.
#[inline]
pub fn digits_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    at
}

/// The end of a run of exactly `len` digits (or, with `len2`, of that
/// many) at `at`.
#[inline]
fn digits(bytes: &[u8], at: usize, len: usize, len2: usize) -> Option<usize> {
    let end = digits_end(bytes, at);
    (end - at == len || end - at == len2).then_some(end)
}

/// A run of one or two digits at `at`.
#[inline]
fn one_or_two(bytes: &[u8], at: usize) -> Option<usize> {
    digits(bytes, at, 1, 2)
}

#[inline]
fn sep(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at), Some(b'-' | b'.' | b' '))
}

#[inline]
fn is(bytes: &[u8], at: usize, b: u8) -> bool {
    bytes.get(at) == Some(&b)
}

#[inline]
fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The end of one or more spaces or tabs at `at`.
#[inline]
fn blanks(bytes: &[u8], at: usize) -> Option<usize> {
    let mut end = at;
    while bytes.get(end).copied().is_some_and(blank) {
        end += 1;
    }
    (end > at).then_some(end)
}

/// The end of an ASCII letter run at `at`.
#[inline]
fn letters_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
        at += 1;
    }
    at
}

const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

fn is_month(word: &[u8]) -> bool {
    (3..=9).contains(&word.len())
        && MONTHS
            .iter()
            .any(|m| m.as_bytes().eq_ignore_ascii_case(word))
}

/// The end of a month name that is a whole ASCII letter run at `at`.
#[inline]
fn month(bytes: &[u8], at: usize) -> Option<usize> {
    let end = letters_end(bytes, at);
    is_month(&bytes[at..end]).then_some(end)
}

/// After a day's digits: an optional `st`, `nd`, `rd` or `th`.
#[inline]
fn ordinal(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at..at + 2) {
        Some(s)
            if [b"st", b"nd", b"rd", b"th"]
                .iter()
                .any(|o| o.eq_ignore_ascii_case(s)) =>
        {
            at + 2
        }
        _ => at,
    }
}

/// The rest of an SSN after its first three digits: `-45-6789`.
fn ssn(bytes: &[u8], at: usize) -> Option<usize> {
    if !sep(bytes, at) {
        return None;
    }
    let at = digits(bytes, at + 1, 2, 2)?;
    if !sep(bytes, at) {
        return None;
    }
    digits(bytes, at + 1, 4, 4)
}

/// A phone number from its area code on: `(614) 555-0182`,
/// `614-555-0182`.
fn from_area(bytes: &[u8], at: usize) -> Option<usize> {
    let at = if is(bytes, at, b'(') {
        let end = digits(bytes, at + 1, 3, 3)?;
        if !is(bytes, end, b')') {
            return None;
        }
        if sep(bytes, end + 1) {
            end + 2
        } else {
            end + 1
        }
    } else {
        let end = digits(bytes, at, 3, 3)?;
        if !sep(bytes, end) {
            return None;
        }
        end + 1
    };
    after_area(bytes, at)
}

/// The exchange and line of a phone number: `555-0182`.
fn after_area(bytes: &[u8], at: usize) -> Option<usize> {
    let end = digits(bytes, at, 3, 3)?;
    if !sep(bytes, end) {
        return None;
    }
    digits(bytes, end + 1, 4, 4)
}

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
    if let Some(tag) = wanted.ssn
        && len == 3
        && let Some(stop) = ssn(bytes, end)
    {
        found(start, stop, tag);
    }
    if let Some(tag) = wanted.phone {
        phone(bytes, start, end, &mut |s, e| found(s, e, tag));
    }
    if let Some(tag) = wanted.date {
        date(text, start, end, &mut |s, e| found(s, e, tag));
    }
}

fn phone(bytes: &[u8], start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    let len = end - start;
    if bytes[start] == b'1' {
        if start > 0 && bytes[start - 1] == b'+' {
            // +1 614 555 0182, +1(614) 555-0182, +1614-555-0182,
            // +16145550182.
            let plus = start - 1;
            let whole = match len {
                1 => from_area(bytes, if sep(bytes, end) { end + 1 } else { end }),
                4 => from_area(bytes, start + 1),
                11 => Some(end),
                _ => None,
            };
            if let Some(stop) = whole {
                found(plus, stop);
            }
        }
        // 1-614-555-0182
        if len == 1
            && sep(bytes, end)
            && let Some(stop) = from_area(bytes, end + 1)
        {
            found(start, stop);
        }
    }
    if len == 3 {
        if let Some(stop) = from_area(bytes, start) {
            found(start, stop);
        }
        if start > 0
            && bytes[start - 1] == b'('
            && let Some(stop) = from_area(bytes, start - 1)
        {
            found(start - 1, stop);
        }
    }
}

fn date(text: &str, start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let len = end - start;
    if len == 4 {
        // 2024-03-05, 2024/03/05, 2024.03.05
        if let Some(&x @ (b'-' | b'/' | b'.')) = bytes.get(end)
            && let Some(month_end) = one_or_two(bytes, end + 1)
            && is(bytes, month_end, x)
            && let Some(stop) = one_or_two(bytes, month_end + 1)
        {
            found(start, stop);
        }
        return;
    }
    if len > 2 {
        return;
    }
    match bytes.get(end) {
        // 3/5/2024, 03/05/24
        Some(b'/') => {
            if let Some(second) = one_or_two(bytes, end + 1)
                && is(bytes, second, b'/')
                && let Some(stop) = digits(bytes, second + 1, 4, 2)
            {
                found(start, stop);
            }
        }
        // 03-05-2024, 05.03.2024, 05-Mar-2024
        Some(&x @ (b'-' | b'.')) => {
            if let Some(second) = one_or_two(bytes, end + 1)
                && is(bytes, second, x)
                && let Some(stop) = digits(bytes, second + 1, 4, 4)
            {
                found(start, stop);
            }
            if x == b'-'
                && let Some(month_end) = month(bytes, end + 1)
                && is(bytes, month_end, b'-')
                && let Some(stop) = digits(bytes, month_end + 1, 4, 2)
            {
                found(start, stop);
            }
        }
        _ => {}
    }
    // 5 March 2024, 5th of March, 2024
    if let Some(stop) = day_first(bytes, end) {
        found(start, stop);
    }
    // March 5, 2024: look back from the day for the month.
    if let Some(month_start) = month_before(text, start)
        && let Some(stop) = after_day(bytes, end)
    {
        found(month_start, stop);
    }
}

/// After the day's digits of `5th of March, 2024`: the rest.
fn day_first(bytes: &[u8], at: usize) -> Option<usize> {
    let at = ordinal(bytes, at);
    let mut at = blanks(bytes, at)?;
    if bytes
        .get(at..at + 2)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"of"))
        && let Some(after) = blanks(bytes, at + 2)
    {
        at = after;
    }
    let mut at = month(bytes, at)?;
    if is(bytes, at, b'.') {
        at += 1;
    }
    if is(bytes, at, b',') {
        at += 1;
    }
    let at = blanks(bytes, at)?;
    digits(bytes, at, 4, 4)
}

/// After the day's digits of `March 5th, 2024`: the rest.
fn after_day(bytes: &[u8], at: usize) -> Option<usize> {
    let mut at = ordinal(bytes, at);
    if is(bytes, at, b',') {
        at += 1;
    }
    let at = blanks(bytes, at)?;
    digits(bytes, at, 4, 4)
}

/// Where the month of `March 5` or `Sept. 5` begins, when the day begins at
/// `day`.
fn month_before(text: &str, day: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = day;
    while at > 0 && blank(bytes[at - 1]) {
        at -= 1;
    }
    if at == day {
        return None;
    }
    if at > 0 && bytes[at - 1] == b'.' {
        at -= 1;
    }
    let end = at;
    while at > 0 && bytes[at - 1].is_ascii_alphabetic() {
        at -= 1;
    }
    if !is_month(&bytes[at..end]) {
        return None;
    }
    // The month begins a word.
    match super::word::char_before(text, at) {
        Some(c) if super::word::is_word_char(c) => None,
        _ => Some(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrub::builtin::{self, Kind};
    use proptest::prelude::*;

    /// What `at_run` finds for one detector, at every run of digits.
    fn parsed(kind: Kind, text: &str) -> Vec<(usize, usize)> {
        let wanted = Wanted {
            ssn: (kind == Kind::Ssn).then_some(()),
            phone: (kind == Kind::Phone).then_some(()),
            date: (kind == Kind::Date).then_some(()),
        };
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at].is_ascii_digit() {
                let end = digits_end(bytes, at);
                at_run(text, at, end, &wanted, &mut |s, e, ()| out.push((s, e)));
                at = end;
            } else {
                at += 1;
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn same_as_the_regex(text: &str) {
        for kind in [Kind::Ssn, Kind::Phone, Kind::Date] {
            let mut want = builtin::reference(kind, text);
            want.sort_unstable();
            assert_eq!(parsed(kind, text), want, "{kind:?} in {text:?}");
        }
    }

    #[test]
    fn finds_what_the_regexes_find() {
        for text in [
            "123-45-6789 123 45 6789 123.45.6789 0123-45-6789 123-45-67890",
            "(614) 555-0182 (614)555-0182 614.555.0182 +1 614 555 0182",
            "+1 (614) 555-0182 +1-614-555-0182 1-614-555-0182 +16145550182",
            "+1614-555-0182 21 614 555 0182 1 (614) 555-0182 555-0182",
            "+1(614) 555-0182 +1614 555 0182 +1.(614).555.0182 (614)-555-0182",
            "2024-03-05 2024/3/5 2024.03.05 3/5/2024 03/05/24 03-05-2024",
            "March 5, 2024 5 March 2024 Mar. 5th, 2024 5th of March, 2024",
            "Omar 5, 2024 éMarch 5, 2024 May 5 2024 05-Mar-2024 5-may-24",
            "March 5,2024 5 Marchx 2024 Sept.  5\t2024 2024-03-055 12024-03-05",
        ] {
            same_as_the_regex(text);
        }
    }

    fn token() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "0",
            "1",
            "12",
            "123",
            "2024",
            "24",
            "5",
            "555",
            "0182",
            "6789",
            "45",
            "1614",
            "16145550182",
            "614",
            "-",
            "/",
            ".",
            " ",
            "  ",
            "\t",
            "(",
            ")",
            "+",
            ",",
            "x",
            "a",
            "+1",
            "(614)",
            "555-0182",
            "03/05/",
            "-Mar-",
            "45-6789",
            "é",
            "of",
            "th",
            "st",
            "March",
            "mar",
            "Sept",
            "may",
            "DEC",
            "december",
            "Omar",
            "T",
        ])
    }

    proptest! {
        #[test]
        fn hand_reading_equals_the_regexes(tokens in proptest::collection::vec(token(), 1..24)) {
            same_as_the_regex(&tokens.concat());
        }
    }
}
