//! The built-in word lists (`data/`), compiled into the binary: sorted
//! lines of folded words (NFKC, lower case, accents also stripped), looked
//! up by binary search over the bytes, so nothing is built at start-up.

/// A sorted list of words, one a line.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon(&'static [u8]);

/// First names (US Census 1990, both sexes).
pub static FIRST_NAMES: Lexicon = Lexicon(include_bytes!("../../data/first_names.txt"));
/// Surnames (US Census 1990, up to 85% cumulative frequency).
pub static SURNAMES: Lexicon = Lexicon(include_bytes!("../../data/surnames.txt"));
/// Common words: SCOWL's lower-case words and acronyms, months, weekdays,
/// languages, nationalities, countries, states, street-address words, and
/// the terms of probation, treatment and court work.
pub static VOCABULARY: Lexicon = Lexicon(include_bytes!("../../data/vocabulary.txt"));

impl Lexicon {
    /// Whether `word` (folded) is in the list.
    pub fn contains(&self, word: &str) -> bool {
        let data = self.0;
        let key = word.as_bytes();
        let (mut lo, mut hi) = (0, data.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let start = memchr::memrchr(b'\n', &data[lo..mid]).map_or(lo, |i| lo + i + 1);
            let end = memchr::memchr(b'\n', &data[start..hi]).map_or(hi, |i| start + i);
            match data[start..end].cmp(key) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => lo = end + 1,
                std::cmp::Ordering::Greater => hi = start,
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_found_and_others_are_not() {
        for lex in [&FIRST_NAMES, &SURNAMES, &VOCABULARY] {
            let text = std::str::from_utf8(lex.0).expect("UTF-8");
            let words: Vec<&str> = text.lines().collect();
            assert!(
                words.windows(2).all(|w| w[0] < w[1]),
                "sorted, no duplicates"
            );
            for w in words.iter().step_by(7) {
                assert!(lex.contains(w), "{w}");
                assert!(!lex.contains(&format!("{w}qq")), "{w}qq");
            }
            assert!(lex.contains(words[0]) && lex.contains(words[words.len() - 1]));
            assert!(!lex.contains("") && !lex.contains("\u{10ffff}"));
        }
        assert!(VOCABULARY.contains("suboxone") && VOCABULARY.contains("municipal"));
        assert!(!VOCABULARY.contains("csanád") && !VOCABULARY.contains("csanad"));
        assert!(FIRST_NAMES.contains("jane") && SURNAMES.contains("mitchell"));
    }
}
