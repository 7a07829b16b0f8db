//! Key folding: the form in which two keys that a reader cannot tell apart
//! compare equal. `SSN`, `ss\u{200B}n` (a zero-width space inside) and
//! `ｓｓｎ` (full-width letters) all fold to `ssn`.
//!
//! The fold drops default-ignorable code points, applies Unicode
//! compatibility normalization (NFKC) and lower-cases; then NFKC again,
//! since lower-casing can leave a string that is not in that form.
//!
//! The default-ignorable table is `Default_Ignorable_Code_Point` from the
//! Unicode Character Database (DerivedCoreProperties.txt, Unicode 15.1; the
//! Unicode licence permits its use), written out as ranges below. It
//! includes unassigned code points reserved as ignorable, so that a future
//! format character folds away too.

use unicode_normalization::UnicodeNormalization as _;

/// `Default_Ignorable_Code_Point`, as inclusive ranges in ascending order.
const DEFAULT_IGNORABLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),   // soft hyphen
    (0x034F, 0x034F),   // combining grapheme joiner
    (0x061C, 0x061C),   // Arabic letter mark
    (0x115F, 0x1160),   // Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),   // Khmer inherent vowels
    (0x180B, 0x180F),   // Mongolian variation selectors and vowel separator
    (0x200B, 0x200F),   // zero-width space, non-joiner, joiner; LRM, RLM
    (0x202A, 0x202E),   // bidirectional embeddings and overrides
    (0x2060, 0x206F),   // word joiner, invisible operators, isolates
    (0x3164, 0x3164),   // Hangul filler
    (0xFE00, 0xFE0F),   // variation selectors
    (0xFEFF, 0xFEFF),   // zero-width no-break space (byte order mark)
    (0xFFA0, 0xFFA0),   // half-width Hangul filler
    (0xFFF0, 0xFFF8),   // reserved
    (0x1BCA0, 0x1BCA3), // shorthand format controls
    (0x1D173, 0x1D17A), // musical symbol beam and phrase controls
    (0xE0000, 0xE0FFF), // tags, variation selectors 17-256, reserved
];

/// Whether `c` is a default-ignorable code point.
pub fn is_default_ignorable(c: char) -> bool {
    let c = c as u32;
    DEFAULT_IGNORABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The folded form of a key.
pub fn fold(key: &str) -> String {
    if key.is_ascii() {
        return key.to_ascii_lowercase();
    }
    let nfkc: String = key
        .chars()
        .filter(|&c| !is_default_ignorable(c))
        .nfkc()
        .collect();
    let lower = nfkc.to_lowercase();
    // NFKC can produce an ignorable (rare), and lower-casing can leave a
    // string out of NFKC: fold once more.
    lower.nfkc().filter(|&c| !is_default_ignorable(c)).collect()
}

/// Whether `key` folds to `folded` (itself a folded form). No allocation
/// when `key` is ASCII.
pub fn folds_to(key: &str, folded: &str) -> bool {
    if key.is_ascii() {
        return folded.is_ascii() && key.eq_ignore_ascii_case(folded);
    }
    fold(key) == folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_fold_together() {
        for key in [
            "ssn",
            "SSN",
            "Ssn",
            "ss\u{200B}n",
            "s\u{200C}sn",
            "ss\u{200D}n",
            "ss\u{00AD}n",
            "\u{FEFF}ssn",
            "ss\u{2060}n",
            "ssn\u{E0001}",
            "ｓｓｎ",
            "ＳＳＮ",
            "s\u{FE0F}sn",
        ] {
            assert_eq!(fold(key), "ssn", "{key:?}");
            assert!(folds_to(key, "ssn"), "{key:?}");
        }
    }

    #[test]
    fn different_keys_stay_different() {
        for key in ["ssn2", "sn", "s sn", "ssń", "social"] {
            assert_ne!(fold(key), "ssn", "{key:?}");
        }
        assert!(!folds_to("SSN", "ssń"));
    }

    #[test]
    fn the_table_is_sorted_and_disjoint() {
        for pair in DEFAULT_IGNORABLE.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0);
        }
        assert!(is_default_ignorable('\u{200B}'));
        assert!(is_default_ignorable('\u{E0FFF}'));
        assert!(!is_default_ignorable('a'));
        assert!(!is_default_ignorable(' '));
    }
}
