//! Guessing a field's kind from its value counts and its category from its
//! name, and the subject field from the paths found.

use super::*;

/// The standard categories of a starter policy (id, description).
pub(super) const CATEGORIES: &[(&str, &str)] = &[
    (
        "identifiers",
        "Personal identifiers (name, address, date of birth, contact details)",
    ),
    ("criminal_history", "Criminal history and case details"),
    ("medical", "Medical and psychological records"),
    (
        "employment_education",
        "Employment and educational background",
    ),
    (
        "supervision",
        "Behavioral assessments and supervision history",
    ),
    ("administrative", "Consent and record-keeping fields"),
];

/// The category with a notice, written as a table after the others.
pub(super) const SUBSTANCE_USE: &str = "substance_use";

/// Words in a field's name that suggest its category, by priority: the
/// first rule with a word that begins one of the name's words wins.
/// Consent comes first, so that `consent_treatment_sharing` is a
/// record-keeping field and not a treatment record.
pub(super) const CATEGORY_WORDS: &[(&str, &[&str])] = &[
    ("administrative", &["consent"]),
    (
        "identifiers",
        &[
            "ssn", "dob", "birth", "name", "surname", "alias", "address", "street", "phone",
            "email",
        ],
    ),
    (
        "medical",
        &[
            "diagnos",
            "medication",
            "medical",
            "psych",
            "mental",
            "health",
        ],
    ),
    (
        "substance_use",
        &["treatment", "drug", "substance", "sobriety", "alcohol"],
    ),
    (
        "criminal_history",
        &[
            "charge",
            "offense",
            "offence",
            "case",
            "sentence",
            "arrest",
            "conviction",
            "docket",
            "warrant",
        ],
    ),
    ("employment_education", &["employ", "education", "school"]),
    (
        "supervision",
        &["risk", "supervision", "officer", "note", "narrative"],
    ),
    ("administrative", &["created", "updated"]),
];

/// Names of the field that names the person a record is about, by
/// preference (compared without case, `_`, `-` or `.`).
pub(super) const SUBJECT_NAMES: &[&str] = &[
    "personid",
    "subjectid",
    "clientid",
    "offenderid",
    "superviseeid",
    "defendantid",
    "id",
];

/// Field names (their last key, words joined by `_`) that hold a person's
/// name.
pub(super) const NAME_FIELDS: &[&str] = &[
    "name",
    "full_name",
    "fullname",
    "first_name",
    "last_name",
    "middle_name",
    "given_name",
    "family_name",
    "surname",
    "maiden_name",
    "legal_name",
    "preferred_name",
    "nickname",
    "alias",
    "aliases",
    "client_name",
    "person_name",
    "offender_name",
    "subject_name",
];

/// Date formats a field's values are tried against: (strftime, as shown).
pub(super) const DATE_FORMATS: &[(&str, &str)] =
    &[("%Y-%m-%d", "YYYY-MM-DD"), ("%m/%d/%Y", "MM/DD/YYYY")];

/// Free text: values this long on average, or with line breaks.
pub(super) const TEXT_AVERAGE_CHARS: u64 = 80;

/// A guessed kind: the kind, the date format, and why.
pub(super) struct KindGuess {
    pub(super) kind: &'static str,
    pub(super) format: Option<&'static str>,
    pub(super) why: String,
}

/// Words of a field name that make it part of a postal address: always an
/// identifier, never a number (a ZIP code such as 02134 is not a quantity).
/// The first ones are kind `address` (the subject detector then finds them
/// in the record's own notes); the others, short and common words in text
/// (`OH`), stay `string`.
pub(super) const ADDRESS_PARTS: &[&str] = &["zip", "zipcode", "postal", "postcode", "city", "town"];
pub(super) const PLACE_WORDS: &[&str] = &["state", "county", "country", "province", "region"];

pub(super) fn guess_kind(path: &str, stats: &FieldStats) -> KindGuess {
    let n = stats.values;
    let words = last_key_words(path);
    if words.iter().any(|w| ADDRESS_PARTS.contains(&w.as_str())) {
        return KindGuess {
            kind: "address",
            format: None,
            why: "kind address, never number".into(),
        };
    }
    if words.iter().any(|w| PLACE_WORDS.contains(&w.as_str())) {
        return KindGuess {
            kind: "string",
            format: None,
            why: "kind string, never number".into(),
        };
    }
    let (best, dates) = stats
        .dates
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|&(i, count)| (count, std::cmp::Reverse(i)))
        .unwrap_or((0, 0));
    if n > 0 && dates * 2 > n {
        let (format, shown) = DATE_FORMATS[best];
        return KindGuess {
            kind: "date",
            format: Some(format),
            why: format!("date: {dates} of {n} values {shown}"),
        };
    }
    if n > 0 && stats.numbers == n {
        return KindGuess {
            kind: "number",
            format: None,
            why: format!("number: all {n} values"),
        };
    }
    if n > 0 && stats.multiline {
        return KindGuess {
            kind: "text",
            format: None,
            why: "text: line breaks".into(),
        };
    }
    if n > 0 && stats.chars / n > TEXT_AVERAGE_CHARS {
        return KindGuess {
            kind: "text",
            format: None,
            why: format!("text: {} characters on average", stats.chars / n),
        };
    }
    let joined = words.join("_");
    if NAME_FIELDS.contains(&joined.as_str()) {
        return KindGuess {
            kind: "name",
            format: None,
            why: "name: the field name".into(),
        };
    }
    if words.iter().any(|w| w == "address" || w == "street")
        && !words
            .iter()
            .any(|w| w == "email" || w == "ip" || w == "mac")
    {
        return KindGuess {
            kind: "address",
            format: None,
            why: "address: the field name".into(),
        };
    }
    KindGuess {
        kind: "string",
        format: None,
        why: if n == 0 {
            "no values in the samples".into()
        } else {
            String::new()
        },
    }
}

/// A guessed category and why (`None` for why: unknown).
pub(super) fn guess_category(path: &str, subject: &str) -> (&'static str, Option<String>) {
    if path == subject {
        return ("identifiers", Some("the subject field".into()));
    }
    let keys: Vec<&str> = path.split('.').map(|k| k.trim_end_matches("[]")).collect();
    let last = last_key_words(path);
    if !last.iter().any(|w| w.starts_with("consent"))
        && let Some(word) = last
            .iter()
            .find(|w| ADDRESS_PARTS.contains(&w.as_str()) || PLACE_WORDS.contains(&w.as_str()))
    {
        return ("identifiers", Some(format!("part of an address: {word:?}")));
    }
    for key in keys.iter().rev() {
        let words = words(key);
        for (category, stems) in CATEGORY_WORDS {
            if let Some(stem) = stems
                .iter()
                .find(|stem| words.iter().any(|w| w.starts_with(**stem)))
            {
                return (category, Some(format!("category from {stem:?}")));
            }
        }
    }
    ("administrative", None)
}

/// The lowercase words of a key: split at every character that is not a
/// letter or digit, and between a lowercase letter and an uppercase one
/// (`fullName`).
pub(super) fn words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

pub(super) fn last_key_words(path: &str) -> Vec<String> {
    let last = path.rsplit('.').next().unwrap_or(path);
    words(last.trim_end_matches("[]"))
}

/// The field that names the person a record is about: one named like an
/// ID of a person, else the first field outside an array. `true` when it
/// was recognised by its name.
pub(super) fn guess_subject(fields: &[SurveyedField]) -> Option<(String, bool)> {
    let outside: Vec<&SurveyedField> = fields.iter().filter(|f| !f.path.contains("[]")).collect();
    let squash = |path: &str| -> String {
        path.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    for name in SUBJECT_NAMES {
        if let Some(found) = outside
            .iter()
            .filter(|f| squash(&f.path) == *name)
            .min_by_key(|f| f.path.matches('.').count())
        {
            return Some((found.path.clone(), true));
        }
    }
    outside.first().map(|f| (f.path.clone(), false))
}
