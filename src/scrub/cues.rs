//! The cue words of the `person` detector: titles and role words after
//! which capitalised words are a name (`Mr.`, `Officer`, `mother`,
//! `landlord`).

use super::lexicon::FnvSet;

/// Titles and role words after which capitalised words are a name.
pub const CUES: &[&str] = &[
    "advocate",
    "agent",
    "attorney",
    "atty",
    "aunt",
    "boyfriend",
    "brother",
    "capt",
    "captain",
    "caseworker",
    "child",
    "children",
    "clinician",
    "co-defendant",
    "codefendant",
    "counselor",
    "cousin",
    "coworker",
    "daughter",
    "deputy",
    "det",
    "detective",
    "dr",
    "employer",
    "ex-husband",
    "ex-wife",
    "father",
    "fiance",
    "fiancee",
    "fiancé",
    "fiancée",
    "friend",
    "girlfriend",
    "granddaughter",
    "grandfather",
    "grandmother",
    "grandson",
    "guardian",
    "hon",
    "honorable",
    "husband",
    "investigator",
    "judge",
    "kids",
    "landlady",
    "landlord",
    "lawyer",
    "lieutenant",
    "lt",
    "magistrate",
    "manager",
    "mentor",
    "miss",
    "mother",
    "mr",
    "mrs",
    "ms",
    "mx",
    "neighbor",
    "nephew",
    "niece",
    "nurse",
    "ofc",
    "officer",
    "partner",
    "pastor",
    "po",
    "prof",
    "prosecutor",
    "rev",
    "reverend",
    "roommate",
    "sergeant",
    "sgt",
    "sheriff",
    "sister",
    "son",
    "sponsor",
    "stepdaughter",
    "stepfather",
    "stepmother",
    "stepson",
    "supervisor",
    "therapist",
    "trooper",
    "uncle",
    "victim",
    "wife",
    "witness",
];

static CUE_SET: std::sync::LazyLock<FnvSet<&'static [u8]>> =
    std::sync::LazyLock::new(|| CUES.iter().map(|c| c.as_bytes()).collect());

/// Whether `word` is a cue: a title or role word (`PO` only in capitals).
pub fn is_cue(word: &[u8]) -> bool {
    if word.len() < 2 || word.len() > 12 {
        return false;
    }
    if word == b"PO" {
        return true;
    }
    if !word[0].is_ascii_alphabetic() {
        return false;
    }
    let mut buf = [0u8; 12];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word);
    lower.make_ascii_lowercase();
    lower != b"po" && CUE_SET.contains(&*lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_are_sorted_and_found() {
        assert!(CUES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_cue(b"Officer") && is_cue(b"PO") && !is_cue(b"po") && !is_cue(b"Court"));
    }
}
