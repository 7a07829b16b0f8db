//! The built-in pattern detectors: their names and labels, and the regex
//! of `email`, matched only in text that has an `@`. The others are read
//! by hand: `numbers`, `dates`, `codes`, `address` from runs of digits,
//! `web` token by token, `names` word by word.

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
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

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Ssn,
        Kind::Phone,
        Kind::Email,
        Kind::Date,
        Kind::Card,
        Kind::Iban,
        Kind::Ip,
        Kind::Url,
        Kind::Address,
        Kind::Person,
        Kind::Proper,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Ssn => "ssn",
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::Date => "date",
            Kind::Card => "card",
            Kind::Iban => "iban",
            Kind::Ip => "ip",
            Kind::Url => "url",
            Kind::Address => "address",
            Kind::Person => "person",
            Kind::Proper => "proper",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Ssn => "SSN",
            Kind::Phone => "PHONE",
            Kind::Email => "EMAIL",
            Kind::Date => "DATE",
            Kind::Card => "CARD",
            Kind::Iban => "IBAN",
            Kind::Ip => "IP",
            Kind::Url => "URL",
            Kind::Address => "ADDRESS",
            Kind::Person => "NAME",
            Kind::Proper => "PROPER",
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
