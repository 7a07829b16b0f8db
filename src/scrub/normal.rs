//! The normal view of a text, the one form every detector reads.
//!
//! The view is the text after NFKC, without default-ignorable characters
//! (zero-width spaces, joiners, soft hyphens, variation selectors, bidi
//! controls), with every Unicode decimal digit as its ASCII digit, every
//! dash and the minus sign as `-`, and every run of white space (line
//! breaks included) as one space. Each byte of the view knows where the
//! original character it came from begins, so a match in the view covers
//! whole original characters.
//!
//! Names, addresses and terms compare one step further: case and
//! diacritics folded away (`fold_char`, `fold`), so `JOSÉ`, `Jose` and
//! `José` written with a combining accent are one word.
//!
//! Text that is plain ASCII, printable, with single spaces, is its own
//! normal view: nothing is copied.

use std::borrow::Cow;

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::record::keyfold::is_default_ignorable;

/// A text in normal view, with the way back to the original.
#[derive(Debug)]
pub struct View<'t> {
    text: Cow<'t, str>,
    /// For each byte of the view, and one past its end, the byte offset
    /// in the original where the character it came from begins; empty
    /// when the view is the original.
    map: Vec<u32>,
}

impl<'t> View<'t> {
    /// The normal view of `text`.
    pub fn new(text: &'t str) -> View<'t> {
        if is_plain(text.as_bytes()) {
            return View {
                text: Cow::Borrowed(text),
                map: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() + 1);
        let mut space = false;
        let mut push = |c: char, from: usize| {
            let c = if c.is_ascii() {
                if c == ' ' || c.is_ascii_whitespace() || c == '\x0b' {
                    ' '
                } else {
                    c
                }
            } else if is_default_ignorable(c) {
                return;
            } else if c.is_whitespace() {
                ' '
            } else {
                match c.general_category() {
                    GeneralCategory::DecimalNumber => decimal_digit(c),
                    GeneralCategory::DashPunctuation => '-',
                    _ if c == '\u{2212}' => '-',
                    _ => c,
                }
            };
            if c == ' ' {
                if space {
                    return;
                }
                space = true;
            } else {
                space = false;
            }
            let mut buf = [0; 4];
            for _ in c.encode_utf8(&mut buf).bytes() {
                map.push(from as u32);
            }
            out.push(c);
        };
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let start = at;
            let b = bytes[at];
            let c = if b.is_ascii() {
                char::from(b)
            } else {
                text[at..].chars().next().unwrap_or('\u{fffd}')
            };
            at += c.len_utf8();
            // A character with the combining marks (and hidden characters)
            // that follow it.
            while at < bytes.len() && !bytes[at].is_ascii() {
                let next = text[at..].chars().next().unwrap_or(' ');
                if canonical_combining_class(next) == 0 && !is_default_ignorable(next) {
                    break;
                }
                at += next.len_utf8();
            }
            if at - start == c.len_utf8()
                && (c.is_ascii() || is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes)
            {
                push(c, start);
            } else {
                let cluster = text[start..at]
                    .chars()
                    .filter(|&c| !is_default_ignorable(c));
                for n in cluster.nfkc() {
                    push(n, start);
                }
            }
        }
        map.push(text.len() as u32);
        View {
            text: Cow::Owned(out),
            map,
        }
    }

    /// The text in normal view.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The original byte range of the view's `start..end`: from the
    /// beginning of the character that gave byte `start` to the beginning
    /// of the one that gave byte `end`. Both are character boundaries of
    /// the original.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.map.is_empty() {
            (start, end)
        } else {
            (self.map[start] as usize, self.map[end] as usize)
        }
    }
}

/// Whether ASCII `bytes` are their own normal view: printable ASCII, no
/// two spaces in a row.
#[inline]
fn is_plain(bytes: &[u8]) -> bool {
    let mut prev_space = false;
    for &b in bytes {
        if !(0x20..0x7f).contains(&b) || (b == b' ' && prev_space) {
            return false;
        }
        prev_space = b == b' ';
    }
    true
}

/// The ASCII digit of a Unicode decimal digit. Decimal digits come in
/// runs of ten, zero first, so the value is the distance from the run's
/// beginning, modulo ten.
fn decimal_digit(c: char) -> char {
    if c.is_ascii_digit() {
        return c;
    }
    let mut zero = c as u32;
    while zero > 0
        && char::from_u32(zero - 1)
            .is_some_and(|p| p.general_category() == GeneralCategory::DecimalNumber)
    {
        zero -= 1;
    }
    char::from(b'0' + ((c as u32 - zero) % 10) as u8)
}

/// `c` without case or diacritics, as zero or more characters: lower case,
/// canonically decomposed, combining marks dropped (`É` -> `e`, a lone
/// combining accent -> nothing). Final sigma reads as sigma.
#[inline]
pub fn fold_char(c: char, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    for l in c.to_lowercase() {
        let l = if l == 'ς' { 'σ' } else { l };
        decompose_canonical(l, |d| {
            if canonical_combining_class(d) == 0 && !is_mark(d) {
                out(d);
            }
        });
    }
}

/// Whether `c` is a combining mark (`\p{M}`).
#[inline]
pub fn is_mark(c: char) -> bool {
    !c.is_ascii()
        && matches!(
            c.general_category(),
            GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark
        )
}

/// Whether the characters of `text` fold to exactly `folded`.
#[inline]
pub fn folds_to(text: &str, folded: &str) -> bool {
    if text.is_ascii() {
        return text.eq_ignore_ascii_case(folded);
    }
    let mut want = folded.chars();
    let mut same = true;
    for c in text.chars() {
        fold_char(c, &mut |f| same &= want.next() == Some(f));
        if !same {
            return false;
        }
    }
    want.next().is_none()
}

/// `text` folded for comparing names, addresses and terms: the normal
/// view, then each character without case or diacritics, white space as
/// single spaces, none at either end.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// `fold`, appended to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    let view = View::new(text);
    let start = out.len();
    for c in view.text().trim_matches(' ').chars() {
        fold_char(c, &mut |f| {
            if f.is_whitespace() {
                if out.len() > start && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(f);
            }
        });
    }
    while out.len() > start && out.ends_with(' ') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_ascii_is_not_copied() {
        let v = View::new("Call 614-555-0182 today.");
        assert!(matches!(v.text, Cow::Borrowed(_)));
        assert_eq!(v.original(5, 17), (5, 17));
    }

    #[test]
    fn the_normal_view() {
        for (text, want) in [
            ("４２５-76-7733", "425-76-7733"),
            ("٤٢٥-٧٦-٧٧٣٣", "425-76-7733"),
            ("425\u{200b}-76-7733", "425-76-7733"),
            ("425\u{a0}76\u{2013}7733", "425 76-7733"),
            ("614 555\n0185", "614 555 0185"),
            ("614  555 \r\n 0185", "614 555 0185"),
            ("a\u{2212}b\u{2010}c", "a-b-c"),
            ("ann＠example.org", "ann@example.org"),
            ("Jose\u{301} x", "José x"),
            ("ﬁne", "fine"),
        ] {
            assert_eq!(View::new(text).text(), want, "{text:?}");
        }
    }

    #[test]
    fn spans_map_back_to_whole_characters() {
        let text = "SSN ４２５-76-7733.";
        let v = View::new(text);
        let (s, e) = v.original(4, 15);
        assert_eq!(&text[s..e], "４２５-76-7733");
        let text = "x Jo\u{200b}se\u{301} y";
        let v = View::new(text);
        let n = v.text();
        let at = n.find("José").unwrap();
        let (s, e) = v.original(at, at + "José".len());
        assert_eq!(&text[s..e], "Jo\u{200b}se\u{301}");
    }

    #[test]
    fn folding_drops_case_and_diacritics() {
        assert_eq!(fold("José  ÇELIK"), "jose celik");
        assert_eq!(fold("Jose\u{301} Çelik"), "jose celik");
        assert_eq!(fold("  Ωμέγα\u{200b}ς "), "ωμεγασ");
        assert!(folds_to("JOSÉ", "jose"));
        assert!(!folds_to("JOSÉ", "jos"));
    }

    fn texty() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 .,\\-éÉ\u{301}\u{200b}\u{a0}\u{2013}\n４٤＠ﬁß]{0,40}"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn the_map_is_monotonic_and_covers_the_text(text in texty()) {
            let v = View::new(&text);
            let n = v.text();
            let mut prev = 0;
            for i in 0..=n.len() {
                let (s, _) = v.original(i, i);
                prop_assert!(s >= prev && text.is_char_boundary(s));
                prev = s;
            }
            prop_assert_eq!(v.original(0, n.len()).1, text.len());
        }

        #[test]
        fn folding_is_idempotent(text in texty()) {
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once.clone());
            let v = View::new(&text);
            let twice = View::new(v.text());
            prop_assert_eq!(twice.text(), v.text());
        }
    }
}
