//! Numbers with a check: payment cards (Luhn), IBANs (ISO 13616 mod 97),
//! and IPv4 addresses (four parts of at most 255), each read from a run of
//! digits of the normal view.

use super::numbers::{digits, is};

/// Whether `digits` (ASCII) pass the Luhn check.
fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0;
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// A card number that begins with the run `start..end`: 13-19 digits,
/// in groups joined by single spaces or dashes, passing Luhn. The longest.
pub fn card(bytes: &[u8], start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    if end - start < 4 || (start > 0 && matches!(bytes[start - 1], b'-' | b'.')) {
        return;
    }
    let mut all = [0u8; 19];
    let mut n = 0;
    let mut at = start;
    let mut stop = end;
    let mut best = None;
    loop {
        for &d in &bytes[at..stop] {
            if n == 19 {
                return finish(best, start, found);
            }
            all[n] = d;
            n += 1;
        }
        if n >= 13 && luhn(&all[..n]) {
            best = Some(stop);
        }
        if !matches!(bytes.get(stop), Some(b' ' | b'-')) {
            break;
        }
        match digits(bytes, stop + 1, 1, 19) {
            Some(next) => {
                at = stop + 1;
                stop = next;
            }
            None => break,
        }
    }
    finish(best, start, found);

    fn finish(best: Option<usize>, start: usize, found: &mut impl FnMut(usize, usize)) {
        if let Some(stop) = best {
            found(start, stop);
        }
    }
}

/// An IBAN whose check digits are the run that begins at `start`
/// (after two capital letters that begin a word): groups of capital
/// letters and digits, optionally joined by single spaces, 15-34
/// characters in all, passing mod 97. The longest.
pub fn iban(text: &str, start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    if start < 2
        || end - start < 2
        || !bytes[start - 2].is_ascii_uppercase()
        || !bytes[start - 1].is_ascii_uppercase()
        || (start > 2 && bytes[start - 3].is_ascii_alphanumeric())
    {
        return;
    }
    let from = start - 2;
    let mut chars = [0u8; 34];
    let mut n = 0;
    let mut at = from;
    let mut best = None;
    loop {
        while let Some(&b) = bytes.get(at) {
            if !(b.is_ascii_digit() || b.is_ascii_uppercase()) {
                break;
            }
            if n == 34 {
                break;
            }
            chars[n] = b;
            n += 1;
            at += 1;
        }
        if bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
            break;
        }
        if n >= 15 && mod97(&chars[..n]) {
            best = Some(at);
        }
        if n == 34
            || !is(bytes, at, b' ')
            || !bytes
                .get(at + 1)
                .is_some_and(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            break;
        }
        at += 1;
    }
    if let Some(stop) = best {
        found(from, stop);
    }
}

/// The ISO 13616 check: the first four characters moved to the end,
/// letters read as 10-35, the number modulo 97 is 1.
fn mod97(chars: &[u8]) -> bool {
    let mut rem = 0u32;
    for &c in chars[4..].iter().chain(&chars[..4]) {
        if c.is_ascii_digit() {
            rem = (rem * 10 + u32::from(c - b'0')) % 97;
        } else {
            rem = (rem * 100 + u32::from(c - b'A') + 10) % 97;
        }
    }
    rem == 1
}

/// An IPv4 address that begins with the run `start..end`.
pub fn ipv4(bytes: &[u8], start: usize, end: usize, found: &mut impl FnMut(usize, usize)) {
    if start >= 2 && bytes[start - 1] == b'.' && bytes[start - 2].is_ascii_alphanumeric() {
        return;
    }
    let part = |s: usize, e: usize| {
        e - s <= 3
            && bytes[s..e]
                .iter()
                .fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'))
                <= 255
    };
    if !part(start, end) {
        return;
    }
    let mut at = end;
    for _ in 0..3 {
        if !is(bytes, at, b'.') {
            return;
        }
        let Some(stop) = digits(bytes, at + 1, 1, 3) else {
            return;
        };
        if !part(at + 1, stop) {
            return;
        }
        at = stop;
    }
    if is(bytes, at, b'.') && bytes.get(at + 1).is_some_and(u8::is_ascii_digit) {
        return;
    }
    // An optional prefix length: 10.0.0.0/8.
    if is(bytes, at, b'/')
        && let Some(stop) = digits(bytes, at + 1, 1, 2)
    {
        at = stop;
    }
    found(start, at);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks() {
        assert!(luhn(b"4111111111111111") && !luhn(b"4111111111111112"));
        assert!(mod97(b"DE89370400440532013000") && !mod97(b"DE89370400440532013001"));
        assert!(mod97(b"GB29NWBK60161331926819"));
    }
}
