//! The built-in pattern detectors: their names and labels, and the regex
//! of `email`, matched only in text that has an `@`. The others are read
//! by hand: `numbers`, `dates`, `codes`, `address` from runs of digits,
//! `web` token by token, `names` word by word.

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Ssn,
    Phone,
    Email,
    Date,
    Card,
    Iban,
    Ip,
    Url,
    Address,
    Person,
    Proper,
}

impl Pattern {
    pub const ALL: [Pattern; 11] = [
        Pattern::Ssn,
        Pattern::Phone,
        Pattern::Email,
        Pattern::Date,
        Pattern::Card,
        Pattern::Iban,
        Pattern::Ip,
        Pattern::Url,
        Pattern::Address,
        Pattern::Person,
        Pattern::Proper,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Pattern::Ssn => "ssn",
            Pattern::Phone => "phone",
            Pattern::Email => "email",
            Pattern::Date => "date",
            Pattern::Card => "card",
            Pattern::Iban => "iban",
            Pattern::Ip => "ip",
            Pattern::Url => "url",
            Pattern::Address => "address",
            Pattern::Person => "person",
            Pattern::Proper => "proper",
        }
    }

    pub fn from_name(name: &str) -> Option<Pattern> {
        Pattern::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Pattern::Ssn => "SSN",
            Pattern::Phone => "PHONE",
            Pattern::Email => "EMAIL",
            Pattern::Date => "DATE",
            Pattern::Card => "CARD",
            Pattern::Iban => "IBAN",
            Pattern::Ip => "IP",
            Pattern::Url => "URL",
            Pattern::Address => "ADDRESS",
            Pattern::Person => "NAME",
            Pattern::Proper => "PROPER",
        }
    }
}

const EMAIL: &str = r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}";

/// The `email` detector.
#[derive(Debug, Clone)]
pub struct Email(Regex);

impl Email {
    pub fn new() -> Result<Email, regex::Error> {
        Regex::new(EMAIL).map(Email)
    }

    /// Report each e-mail address in `text` as `(start, end)`. The classes
    /// are greedy, so a match never ends inside a word.
    pub fn find(&self, text: &str, found: &mut impl FnMut(usize, usize)) {
        if memchr::memchr(b'@', text.as_bytes()).is_none() {
            return;
        }
        for m in self.0.find_iter(text) {
            found(m.start(), m.end());
        }
    }
}
