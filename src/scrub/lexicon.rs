//! The built-in word lists (`data/`), compiled into the binary: sorted
//! lines of folded words (NFKC, lower case, accents also stripped). Each
//! list becomes a hash set of slices of the compiled bytes the first time
//! it is used (a few milliseconds for all three; nothing is copied).

use crate::record::fieldpath::Fnv;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

/// A hash set with the FNV-1a hasher of field paths: short keys, no need
/// to resist chosen collisions (the keys are the compiled lists; the text
/// only probes).
pub type FnvSet<T> = HashSet<T, BuildHasherDefault<Fnv>>;

/// A list of words, one a line.
#[derive(Debug)]
pub struct Lexicon {
    #[cfg(test)]
    data: &'static [u8],
    set: FnvSet<&'static [u8]>,
}

/// First names (US Census 1990, both sexes).
pub static FIRST_NAMES: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::new(include_bytes!("../../data/first_names.txt")));
/// Surnames (US Census 1990, up to 85% cumulative frequency).
pub static SURNAMES: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::new(include_bytes!("../../data/surnames.txt")));
/// Common words: SCOWL's lower-case words and acronyms, months, weekdays,
/// languages, nationalities, countries, states, street-address words, and
/// the terms of probation, treatment and court work.
pub static VOCABULARY: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::new(include_bytes!("../../data/vocabulary.txt")));

/// The capitalised words of the vocabulary that are never a person's name
/// (months, weekdays, holidays, languages, nationalities, titles,
/// religions, countries, states), from `data/common_proper.txt`, folded.
pub static COMMON_PROPER: LazyLock<FnvSet<String>> = LazyLock::new(|| {
    proper_lines()
        .map(|(w, _)| super::normal::fold(w))
        .collect()
});
/// Of those, the months and weekdays (marked `!keep`).
pub static MONTHS_AND_DAYS: LazyLock<FnvSet<String>> = LazyLock::new(|| {
    proper_lines()
        .filter(|(_, keep)| *keep)
        .map(|(w, _)| super::normal::fold(w))
        .collect()
});

/// Whether `word` (as written) may be a word of the vocabulary: English
/// words are written in ASCII and the accents of Latin-1 (`café`,
/// `fiancée`, `naïve`). A word with other letters is never one of them,
/// although it may fold to one (`Bašić` is not `basic`).
pub fn may_be_english(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii() || ('\u{c0}'..='\u{ff}').contains(&c) || c == '’')
}

/// Capitalised common words that are no part of a name beside them:
/// function words and pronouns, titles, and the words of institutions. The terms of
/// `data/domain_terms.txt` and the months and weekdays are added.
const NEVER_A_NAME: &[&str] = &[
    "a",
    "academy",
    "agency",
    "an",
    "and",
    "at",
    "authority",
    "behavioral",
    "board",
    "bureau",
    "by",
    "center",
    "centre",
    "church",
    "city",
    "clinic",
    "college",
    "community",
    "company",
    "corp",
    "corporation",
    "correctional",
    "county",
    "court",
    "department",
    "district",
    "dr",
    "for",
    "foundation",
    "from",
    "group",
    "he",
    "health",
    "her",
    "his",
    "hospital",
    "house",
    "i",
    "in",
    "inc",
    "institute",
    "it",
    "its",
    "jail",
    "llc",
    "ltd",
    "mental",
    "miss",
    "mr",
    "mrs",
    "ms",
    "municipal",
    "of",
    "office",
    "officer",
    "on",
    "or",
    "police",
    "prison",
    "program",
    "recovery",
    "school",
    "services",
    "she",
    "sheriff",
    "state",
    "the",
    "they",
    "to",
    "treatment",
    "university",
    "we",
    "with",
    "you",
];

/// The words of the terms of probation, treatment and court work
/// (`data/domain_terms.txt`), folded: `Court`, `Pleas`, `Center` are these
/// words here, not the surnames the Census lists also hold.
pub static DOMAIN_WORDS: LazyLock<FnvSet<String>> = LazyLock::new(|| {
    let mut set: FnvSet<String> = include_str!("../../data/domain_terms.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.split(' '))
        .map(super::normal::fold)
        .collect();
    set.remove("");
    set
});

static NOT_NAMES: LazyLock<FnvSet<String>> = LazyLock::new(|| {
    let mut set: FnvSet<String> = NEVER_A_NAME.iter().map(|w| w.to_string()).collect();
    set.extend(DOMAIN_WORDS.iter().cloned());
    set.extend(MONTHS_AND_DAYS.iter().cloned());
    set.remove("");
    set
});

/// Function words and pronouns, folded: never a name, whatever the
/// Census lists hold (`He`, `In`, `To`).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "from", "he", "her", "his", "i", "in", "it", "its", "of",
    "on", "or", "she", "the", "they", "to", "we", "with", "you",
];

/// Whether a word (folded) is a function word or a pronoun.
pub fn function_word(folded: &str) -> bool {
    FUNCTION_WORDS.binary_search(&folded).is_ok()
}

/// Whether a capitalised common word (folded) is never part of a name
/// beside it: `Court` of `Csanád Court`, `Monday` of `Csanád Monday`.
pub fn never_beside_a_name(folded: &str) -> bool {
    NOT_NAMES.contains(folded)
}

fn proper_lines() -> impl Iterator<Item = (&'static str, bool)> {
    include_str!("../../data/common_proper.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| match l.strip_suffix(" !keep") {
            Some(w) => (w.trim(), true),
            None => (l.trim(), false),
        })
}

impl Lexicon {
    fn new(data: &'static [u8]) -> Lexicon {
        let mut set = FnvSet::with_capacity_and_hasher(data.len() / 8, Default::default());
        set.extend(data.split(|&b| b == b'\n').filter(|w| !w.is_empty()));
        Lexicon {
            #[cfg(test)]
            data,
            set,
        }
    }

    /// Whether `word` (folded) is in the list.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_found_and_others_are_not() {
        for lex in [&*FIRST_NAMES, &*SURNAMES, &*VOCABULARY] {
            let text = std::str::from_utf8(lex.data).expect("UTF-8");
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
        assert!(COMMON_PROPER.len() > 300 && COMMON_PROPER.contains("norwegian"));
        assert!(may_be_english("Café") && may_be_english("fiancée"));
        assert!(!may_be_english("Bašić") && !may_be_english("Łódź"));
        assert!(DOMAIN_WORDS.contains("pleas") && DOMAIN_WORDS.contains("center"));
        assert!(never_beside_a_name("court") && never_beside_a_name("suboxone"));
        assert!(!never_beside_a_name("shun"));
        assert!(NEVER_A_NAME.windows(2).all(|w| w[0] < w[1]));
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(FUNCTION_WORDS.iter().all(|w| NEVER_A_NAME.contains(w)));
        assert!(MONTHS_AND_DAYS.contains("monday") && !MONTHS_AND_DAYS.contains("easter"));
    }
}
