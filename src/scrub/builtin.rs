//! The built-in pattern detectors, `ssn`, `phone`, `email` and `date`: their
//! names, labels and the regexes that define them.
//!
//! `email` is matched with its regex, and only in text that has an `@`.
//! The three about numbers are matched by hand (`numbers`), which finds
//! exactly what these regexes find when each match is held to the boundary
//! rule of `word::standalone_number`: a number does not begin or end inside
//! a longer run of digits, and a month name does not begin inside a word.
//! The regexes are in ASCII mode (`[0-9]`, not Unicode `\d`).

use regex::Regex;

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
}

/// The `email` detector.
#[derive(Debug, Clone)]
pub struct Email(Regex);

impl Email {
    pub fn new() -> Result<Email, regex::Error> {
        Regex::new(&Kind::Email.pattern()).map(Email)
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

/// What the regex of `kind` matches at every position of `text`, held to
/// the boundary rule: the definition that `numbers` implements.
#[cfg(test)]
pub fn reference(kind: Kind, text: &str) -> Vec<(usize, usize)> {
    let anchored = Regex::new(&format!("^(?:{})", kind.pattern())).expect("built-in regex");
    let mut out = Vec::new();
    for (at, _) in text.char_indices() {
        if let Some(m) = anchored.find(&text[at..])
            && super::word::standalone_number(text, at, at + m.end())
        {
            out.push((at, at + m.end()));
        }
    }
    out
}
