//! The `date` detector, read from each run of digits of the normal view:
//! `2024-03-05` (with a time, ISO style, whole), `3/5/2024`, `05-Mar-2024`,
//! `March 5, 2024`, `5th of March 2024`, month and year (`March 2024`,
//! `03/2024`), day and month (`March 5th`, `5th of March`), and `20240305`
//! after a date cue. Bare years and weekday names are not dates.

use super::numbers::{cue_before, digits, is};

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

const DATE_CUES: &[&str] = &["dob", "d.o.b", "born", "date"];

fn is_month(word: &[u8]) -> bool {
    (3..=9).contains(&word.len())
        && MONTHS
            .iter()
            .any(|m| m.as_bytes().eq_ignore_ascii_case(word))
}

/// The end of an ASCII letter run at `at`.
fn letters_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
        at += 1;
    }
    at
}

/// The end of a month name that is a whole ASCII letter run at `at`.
fn month(bytes: &[u8], at: usize) -> Option<usize> {
    let end = letters_end(bytes, at);
    (is_month(&bytes[at..end]) && bytes.get(end).is_none_or(|b| *b < 0x80)).then_some(end)
}

/// After a day's digits: an optional `st`, `nd`, `rd` or `th`.
fn ordinal(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at..at + 2) {
        Some(s)
            if [b"st", b"nd", b"rd", b"th"]
                .iter()
                .any(|o| o.eq_ignore_ascii_case(s))
                && !bytes.get(at + 2).is_some_and(u8::is_ascii_alphanumeric) =>
        {
            at + 2
        }
        _ => at,
    }
}

/// One space at `at`: its end.
fn space(bytes: &[u8], at: usize) -> Option<usize> {
    is(bytes, at, b' ').then_some(at + 1)
}

/// A time after an ISO date: `T14:30`, ` 14:30:00`, `T14:30:00.5Z`,
/// `T14:30+02:00`. Its end, or `at`.
fn time(bytes: &[u8], at: usize) -> usize {
    if !matches!(bytes.get(at), Some(b'T' | b' ')) {
        return at;
    }
    let Some(h) = digits(bytes, at + 1, 2, 2) else {
        return at;
    };
    if !is(bytes, h, b':') {
        return at;
    }
    let Some(mut end) = digits(bytes, h + 1, 2, 2) else {
        return at;
    };
    if is(bytes, end, b':')
        && let Some(s) = digits(bytes, end + 1, 2, 2)
    {
        end = s;
        if is(bytes, end, b'.')
            && let Some(f) = digits(bytes, end + 1, 1, 9)
        {
            end = f;
        }
    }
    if is(bytes, end, b'Z') {
        return end + 1;
    }
    if matches!(bytes.get(end), Some(b'+' | b'-'))
        && let Some(z) = digits(bytes, end + 1, 2, 4)
    {
        end = z;
        if is(bytes, end, b':')
            && let Some(m) = digits(bytes, end + 1, 2, 2)
        {
            end = m;
        }
    }
    end
}

fn number(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0, |n, &b| n * 10 + u32::from(b.wrapping_sub(b'0')))
}

/// Report the dates whose first run of digits is `text[start..end]`.
/// Whether digit groups (`05-01-2025`, `2025-12-03`, `3.17.2023`) have
/// the shape of a calendar date: month and day first and a four-digit
/// year, or a four-digit year first, with valid month and day.
pub fn shaped_like_date(span: &[u8]) -> bool {
    let parts: Vec<&[u8]> = span.split(|b| matches!(b, b'-' | b'.' | b'/')).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.iter().all(u8::is_ascii_digit))
    {
        return false;
    }
    let (y, a, b) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else {
        (parts[2], parts[0], parts[1])
    };
    let (a, b) = (number(a), number(b));
    let month_day = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
    y.len() == 4
        && parts[1].len() <= 2
        && (month_day(a, b) || (parts[0].len() != 4 && month_day(b, a)))
}

pub fn at_run(text: &str, start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let len = end - start;
    if len == 4 {
        // 2024-03-05, 2024/03/05, 2024.03.05, with a time.
        if let Some(&x @ (b'-' | b'/' | b'.')) = bytes.get(end)
            && let Some(month_end) = digits(bytes, end + 1, 1, 2)
            && is(bytes, month_end, x)
            && let Some(stop) = digits(bytes, month_end + 1, 1, 2)
        {
            found(start, if x == b'-' { time(bytes, stop) } else { stop });
        }
        // March 2024, Mar. 2024, March, 2024
        if let Some(month_start) = month_before(text, start, true) {
            found(month_start, end);
        }
        return;
    }
    if len == 8 && cue_before(text, start, DATE_CUES) {
        let (m, d) = (
            number(&bytes[start + 4..start + 6]),
            number(&bytes[start + 6..end]),
        );
        let y = number(&bytes[start..start + 4]);
        if (1..=12).contains(&m) && (1..=31).contains(&d) && (1900..=2099).contains(&y) {
            found(start, end);
        }
        return;
    }
    if len > 2 {
        return;
    }
    match bytes.get(end) {
        // 3/5/2024, 03/05/24, 03/2024
        Some(b'/') => {
            if let Some(second) = digits(bytes, end + 1, 1, 2) {
                if is(bytes, second, b'/')
                    && let Some(stop) = digits(bytes, second + 1, 2, 4)
                    && stop - second != 4
                {
                    found(start, stop);
                }
            } else if let Some(stop) = digits(bytes, end + 1, 4, 4)
                && (1..=12).contains(&number(&bytes[start..end]))
                && !is(bytes, stop, b'/')
            {
                found(start, stop);
            }
        }
        // 03-05-2024, 05.03.2024, 05-Mar-2024
        Some(&x @ (b'-' | b'.')) => {
            if let Some(second) = digits(bytes, end + 1, 1, 2)
                && is(bytes, second, x)
                && let Some(stop) = digits(bytes, second + 1, 4, 4)
            {
                found(start, stop);
            }
            if x == b'-'
                && let Some(month_end) = month(bytes, end + 1)
                && is(bytes, month_end, b'-')
                && let Some(stop) = digits(bytes, month_end + 1, 2, 4)
                && stop - month_end != 4
            {
                found(start, stop);
            }
        }
        _ => {}
    }
    // 5 March 2024, 5th of March, 2024, 5th of March
    if let Some(stop) = day_first(bytes, end) {
        found(start, stop);
    }
    // March 5, 2024, March 5th: look back from the day for the month.
    if let Some(month_start) = month_before(text, start, false) {
        let day_end = ordinal(bytes, end);
        let stop = after_day(bytes, day_end).unwrap_or(day_end);
        // Without a year the month must be written with a capital.
        if stop != day_end || bytes[month_start].is_ascii_uppercase() {
            found(month_start, stop);
        }
    }
}

/// After the day's digits of `5th of March, 2024` or `5 March`: the rest.
fn day_first(bytes: &[u8], at: usize) -> Option<usize> {
    let at = ordinal(bytes, at);
    let mut at = space(bytes, at)?;
    if bytes
        .get(at..at + 2)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"of"))
        && let Some(after) = space(bytes, at + 2)
    {
        at = after;
    }
    let month_start = at;
    let month_end = month(bytes, at)?;
    let mut at = month_end;
    if is(bytes, at, b'.') {
        at += 1;
    }
    if is(bytes, at, b',') {
        at += 1;
    }
    match space(bytes, at).and_then(|at| digits(bytes, at, 4, 4)) {
        Some(stop) => Some(stop),
        None => bytes[month_start].is_ascii_uppercase().then_some(month_end),
    }
}

/// After the day of `March 5th, 2024`: the year's end.
fn after_day(bytes: &[u8], mut at: usize) -> Option<usize> {
    if is(bytes, at, b',') {
        at += 1;
    }
    let at = space(bytes, at)?;
    digits(bytes, at, 4, 4)
}

/// Where the month of `March 5`, `Sept. 5` or `March, 2024` begins, when
/// the number begins at `day`; a comma between is allowed when `comma`.
fn month_before(text: &str, day: usize, comma: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    if day < 4 || bytes[day - 1] != b' ' {
        return None;
    }
    let mut at = day - 1;
    if comma && bytes[at - 1] == b',' {
        at -= 1;
    }
    if bytes[at - 1] == b'.' {
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
