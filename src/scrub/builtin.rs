//! The built-in pattern detectors: `ssn`, `phone`, `email` and `date`.
//!
//! Each is one regex, compiled once, in ASCII mode where it is about digits
//! and punctuation (the regex engine's Unicode `\b` and `\d` are several
//! times slower). Boundaries are checked by hand: a number must not be part
//! of a longer run of digits, and a month name must not be the end of a
//! longer word. A cheap look at the text (how many digits, whether it has an
//! `@`) skips a detector that cannot match.

use regex::Regex;

use super::word;

/// Digits and punctuation a detector needs before its regex is worth
/// running.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    pub digits: usize,
    pub at_sign: bool,
}

impl Facts {
    pub fn of(text: &str) -> Facts {
        let bytes = text.as_bytes();
        Facts {
            digits: bytes.iter().filter(|b| b.is_ascii_digit()).count(),
            at_sign: memchr::memchr(b'@', bytes).is_some(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ssn,
    Phone,
    Email,
    Date,
}

impl Kind {
    pub fn from_name(name: &str) -> Option<Kind> {
        match name {
            "ssn" => Some(Kind::Ssn),
            "phone" => Some(Kind::Phone),
            "email" => Some(Kind::Email),
            "date" => Some(Kind::Date),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Ssn => "SSN",
            Kind::Phone => "PHONE",
            Kind::Email => "EMAIL",
            Kind::Date => "DATE",
        }
    }

    /// The regex source.
    pub fn pattern(self) -> String {
        match self {
            // 123-45-6789, 123 45 6789 (and 123.45.6789).
            Kind::Ssn => r"[0-9]{3}[-. ][0-9]{2}[-. ][0-9]{4}".to_string(),
            // (614) 555-0182, 614-555-0182, 614.555.0182, 614 555 0182,
            // with an optional country code: +1 614 555 0182,
            // +1 (614) 555-0182, 1-614-555-0182; and +16145550182.
            Kind::Phone => concat!(
                r"(?:\+1[-. ]?|1[-. ])?",
                r"(?:\([0-9]{3}\)[-. ]?|[0-9]{3}[-. ])",
                r"[0-9]{3}[-. ][0-9]{4}",
                r"|\+1[0-9]{10}",
            )
            .to_string(),
            Kind::Email => {
                r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}".to_string()
            }
            Kind::Date => {
                let month = concat!(
                    "(?i-u:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?",
                    "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)",
                );
                let day = "[0-9]{1,2}(?i-u:st|nd|rd|th)?";
                let year = "[0-9]{4}";
                [
                    // 2024-03-05, 2024/03/05, 2024.03.05
                    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}".to_string(),
                    r"[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}".to_string(),
                    r"[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2}".to_string(),
                    // 3/5/2024, 03/05/24, 03-05-2024, 03.05.2024
                    r"[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})".to_string(),
                    r"[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}".to_string(),
                    r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}".to_string(),
                    // March 5, 2024; Mar. 5 2024; Sept. 5th, 2024
                    format!(r"{month}\.?[ \t]+{day},?[ \t]+{year}"),
                    // 5 March 2024; 5th of March, 2024
                    format!(r"{day}(?:[ \t]+(?i-u:of))?[ \t]+{month}\.?,?[ \t]+{year}"),
                    // 05-Mar-2024, 5-MAR-24
                    format!(r"[0-9]{{1,2}}-{month}-(?:[0-9]{{4}}|[0-9]{{2}})"),
                ]
                .join("|")
            }
        }
    }

    /// Whether the text can hold a match at all.
    #[inline]
    fn possible(self, facts: Facts) -> bool {
        match self {
            Kind::Ssn => facts.digits >= 9,
            Kind::Phone => facts.digits >= 10,
            Kind::Email => facts.at_sign,
            Kind::Date => facts.digits >= 4,
        }
    }
}

/// One compiled built-in detector.
#[derive(Debug)]
pub struct Builtin {
    kind: Kind,
    regex: Regex,
}

impl Builtin {
    pub fn new(kind: Kind) -> Result<Builtin, regex::Error> {
        Ok(Builtin {
            kind,
            regex: Regex::new(&kind.pattern())?,
        })
    }

    /// Report each match in `text` as `(start, end)`.
    pub fn find(&self, text: &str, facts: Facts, mut found: impl FnMut(usize, usize)) {
        if !self.kind.possible(facts) {
            return;
        }
        if self.kind == Kind::Email {
            // The classes are greedy, so a match cannot end inside a word.
            for m in self.regex.find_iter(text) {
                found(m.start(), m.end());
            }
            return;
        }
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.regex.find_at(text, at) else {
                break;
            };
            if word::standalone_number(text, m.start(), m.end()) {
                found(m.start(), m.end());
                at = m.end();
            } else {
                // Part of a longer number or word: look again one character
                // further on.
                at = m.start() + word::char_at(text, m.start()).map_or(1, char::len_utf8);
            }
        }
    }
}
