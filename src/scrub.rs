//! Free-text scrubbing: detectors that find identifiers in narrative text
//! and replace each match with `[LABEL]`.
//!
//! Every detector is compiled once, before the first record. The `subject`
//! detector matches the same record's own name and address values, so its
//! terms are gathered per record into `SubjectTerms`.

use anyhow::Context as _;
use regex::Regex;

use crate::policy::{BUILTIN_DETECTORS, ScrubConfig};

/// The label of each built-in detector (`subject` has two).
pub fn builtin_labels(detector: &str) -> &'static [&'static str] {
    match detector {
        "ssn" => &["SSN"],
        "phone" => &["PHONE"],
        "email" => &["EMAIL"],
        "date" => &["DATE"],
        "subject" => &["NAME", "ADDRESS"],
        _ => &[],
    }
}

const SSN: &str = r"(?-u:\b)\d{3}[- ]\d{2}[- ]\d{4}(?-u:\b)";
const PHONE: &str = r"(?:\+1[ .-]?)?(?:\(\d{3}\) ?|(?-u:\b)\d{3}[ .-])\d{3}[ .-]\d{4}(?-u:\b)";
const EMAIL: &str = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}";
const DATE: &str = r"(?i)(?-u:\b)(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.? \d{1,2}, \d{4}|\d{1,2} (?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.? \d{4})(?-u:\b)";

enum Detector {
    Regex { regex: Regex, label: usize },
    Subject { name: usize, address: usize },
}

/// The compiled detectors of one policy.
pub struct Scrubber {
    detectors: Vec<Detector>,
    names: Vec<String>,
    labels: Vec<String>,
    sets: Vec<Vec<usize>>,
}

/// The names and addresses of the record being scrubbed.
#[derive(Debug, Default, Clone)]
pub struct SubjectTerms {
    names: Vec<String>,
    addresses: Vec<String>,
}

impl SubjectTerms {
    pub fn clear(&mut self) {
        self.names.clear();
        self.addresses.clear();
    }

    pub fn add_name(&mut self, value: &str) {
        if !value.trim().is_empty() {
            self.names.push(value.to_string());
        }
    }

    pub fn add_address(&mut self, value: &str) {
        if !value.trim().is_empty() {
            self.addresses.push(value.to_string());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.addresses.is_empty()
    }
}

impl Scrubber {
    /// Compile every detector that `sets` (lists of detector names) use.
    pub fn new(config: &ScrubConfig, sets: &[Vec<String>]) -> anyhow::Result<Scrubber> {
        let mut s = Scrubber {
            detectors: Vec::new(),
            names: Vec::new(),
            labels: Vec::new(),
            sets: Vec::new(),
        };
        for set in sets {
            let mut ids = Vec::new();
            for name in set {
                let id = match s.names.iter().position(|n| n == name) {
                    Some(id) => id,
                    None => {
                        let d = s.compile(config, name)?;
                        s.detectors.push(d);
                        s.names.push(name.clone());
                        s.names.len() - 1
                    }
                };
                ids.push(id);
            }
            s.sets.push(ids);
        }
        Ok(s)
    }

    fn label(&mut self, label: &str) -> usize {
        match self.labels.iter().position(|l| l == label) {
            Some(i) => i,
            None => {
                self.labels.push(label.to_string());
                self.labels.len() - 1
            }
        }
    }

    fn compile(&mut self, config: &ScrubConfig, name: &str) -> anyhow::Result<Detector> {
        let builtin = match name {
            "ssn" => Some(SSN),
            "phone" => Some(PHONE),
            "email" => Some(EMAIL),
            "date" => Some(DATE),
            _ => None,
        };
        if let Some(pattern) = builtin {
            let label = self.label(builtin_labels(name)[0]);
            return Ok(Detector::Regex {
                regex: Regex::new(pattern)?,
                label,
            });
        }
        if name == "subject" {
            return Ok(Detector::Subject {
                name: self.label("NAME"),
                address: self.label("ADDRESS"),
            });
        }
        debug_assert!(!BUILTIN_DETECTORS.contains(&name));
        if let Some(p) = config.patterns.iter().find(|p| p.label == name) {
            let regex = regex::RegexBuilder::new(&p.regex)
                .size_limit(crate::policy::REGEX_SIZE_LIMIT)
                .build()
                .with_context(|| format!("scrub pattern {name}"))?;
            return Ok(Detector::Regex {
                regex,
                label: self.label(&p.label),
            });
        }
        if let Some(t) = config.terms.iter().find(|t| t.label == name) {
            let alternation: Vec<String> = t.terms.iter().map(|t| regex::escape(t)).collect();
            let regex =
                regex::RegexBuilder::new(&format!(r"(?i)\b(?:{})\b", alternation.join("|")))
                    .size_limit(crate::policy::REGEX_SIZE_LIMIT * 8)
                    .build()
                    .with_context(|| format!("scrub terms {name}"))?;
            return Ok(Detector::Regex {
                regex,
                label: self.label(&t.label),
            });
        }
        anyhow::bail!("unknown detector {name:?}")
    }

    /// Labels, indexed as the `counts` slice of `scrub`.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Whether set `set` uses the `subject` detector.
    pub fn uses_subject(&self, set: usize) -> bool {
        self.sets[set]
            .iter()
            .any(|&d| matches!(self.detectors[d], Detector::Subject { .. }))
    }

    /// Scrub `text` with the detectors of set `set`. `None` when nothing
    /// matched (the text stays byte-identical).
    pub fn scrub(
        &self,
        set: usize,
        text: &str,
        subject: &SubjectTerms,
        counts: &mut [u64],
    ) -> Option<String> {
        // (start, end, label, detector rank)
        let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (rank, &d) in self.sets[set].iter().enumerate() {
            match &self.detectors[d] {
                Detector::Regex { regex, label } => {
                    found.extend(
                        regex
                            .find_iter(text)
                            .map(|m| (m.start(), m.end(), *label, rank)),
                    );
                }
                Detector::Subject { name, address } => {
                    subject_matches(text, subject, *name, *address, rank, &mut found);
                }
            }
        }
        if found.is_empty() {
            return None;
        }
        found.sort_by(|a, b| {
            (b.1 - b.0)
                .cmp(&(a.1 - a.0))
                .then(a.3.cmp(&b.3))
                .then(a.0.cmp(&b.0))
        });
        let mut chosen: Vec<(usize, usize, usize)> = Vec::new();
        for (s, e, l, _) in found {
            if chosen.iter().all(|&(cs, ce, _)| e <= cs || s >= ce) {
                chosen.push((s, e, l));
            }
        }
        chosen.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (s, e, l) in chosen {
            out.push_str(&text[at..s]);
            out.push('[');
            out.push_str(&self.labels[l]);
            out.push(']');
            counts[l] += 1;
            at = e;
        }
        out.push_str(&text[at..]);
        Some(out)
    }
}

fn subject_matches(
    text: &str,
    subject: &SubjectTerms,
    name: usize,
    address: usize,
    rank: usize,
    found: &mut Vec<(usize, usize, usize, usize)>,
) {
    let mut terms: Vec<(String, usize)> = Vec::new();
    for n in &subject.names {
        terms.push((n.trim().to_string(), name));
        for word in n.split(|c: char| !c.is_alphanumeric()) {
            if word.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                terms.push((word.to_string(), name));
            }
        }
    }
    for a in &subject.addresses {
        terms.push((a.trim().to_string(), address));
        for part in a.split(',') {
            if part.chars().any(|c| c.is_ascii_digit()) {
                terms.push((part.trim().to_string(), address));
            }
        }
    }
    for (term, label) in terms {
        if term.is_empty() {
            continue;
        }
        let Ok(re) = Regex::new(&format!(r"(?i)\b{}\b", regex::escape(&term))) else {
            continue;
        };
        found.extend(
            re.find_iter(text)
                .map(|m| (m.start(), m.end(), label, rank)),
        );
    }
}
