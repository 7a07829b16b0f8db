//! Loading a policy: parse the TOML, then validate it as a whole,
//! collecting every problem with its key path and line:column.

mod fields;
mod legal;
mod profiles;
mod scrub;

use std::fmt;
use std::ops::Range;
use std::path::Path;

use super::location::{self, line_col};
use super::raw::{Key, RawPolicy};
use super::template::Template;
use super::*;
use crate::record::fieldpath::{self, PathStep, Trie};
use legal::protected_violations;

pub(super) struct Loader<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    pub(super) problems: Vec<String>,
}

/// A place in the policy: key path and, where known, a span.
#[derive(Clone)]
pub(super) struct Place {
    pub(super) key: String,
    pub(super) span: Option<Range<usize>>,
}

impl Place {
    pub(super) fn new(key: impl Into<String>, span: Range<usize>) -> Place {
        Place {
            key: key.into(),
            span: (span.end > span.start).then_some(span),
        }
    }

    pub(super) fn key(key: impl Into<String>) -> Place {
        Place {
            key: key.into(),
            span: None,
        }
    }

    pub(super) fn child(&self, key: &str, span: Range<usize>) -> Place {
        Place::new(location::join(&self.key, key), span)
    }
}

pub(super) fn place_of_key(parent: &str, key: &Key) -> Place {
    Place::new(location::join(parent, key.get_ref()), key.span())
}

impl Loader<'_> {
    pub(super) fn problem(&mut self, at: &Place, message: impl fmt::Display) {
        let file = self.path.display();
        let place = match &at.span {
            Some(span) => {
                let (line, col) = line_col(self.text, span.start);
                format!("{file}:{line}:{col}")
            }
            None => file.to_string(),
        };
        if at.key.is_empty() {
            self.problems.push(format!("{place}: {message}"));
        } else {
            self.problems
                .push(format!("{place}: {}: {message}", at.key));
        }
    }

    pub(super) fn into_error(self) -> PolicyError {
        PolicyError {
            problems: self.problems,
        }
    }

    pub(super) fn load(&mut self, sha256: String) -> Option<Policy> {
        let raw: RawPolicy = match toml::from_str(self.text) {
            Ok(raw) => raw,
            Err(err) => {
                let span = err.span();
                let key = span
                    .as_ref()
                    .and_then(|s| location::key_path_at(self.text, s.start))
                    .unwrap_or_default();
                let mut message = err.message().trim_end().replace('\n', "; ");
                if message.contains("missing field `category`") && key.starts_with("fields.") {
                    message.push_str(
                        " (a field path with dots must be quoted: \"person.name\" = { category = \"...\" })",
                    );
                }
                let at = Place { key, span };
                self.problem(&at, message);
                return None;
            }
        };
        self.validate(raw, sha256)
    }

    pub(super) fn validate(&mut self, raw: RawPolicy, sha256: String) -> Option<Policy> {
        if let Some(v) = &raw.version
            && *v.get_ref() != 1
        {
            self.problem(
                &Place::new("version", v.span()),
                format!(
                    "unsupported policy version {} (this disclose reads version 1)",
                    v.get_ref()
                ),
            );
        }

        let redaction_label = match &raw.redaction_label {
            Some(label) => self.template(
                &Place::new("redaction_label", label.span()),
                label.get_ref(),
                crate::policy::LABEL_PLACEHOLDERS,
            ),
            None => Template::parse("[REDACTED]", LABEL_PLACEHOLDERS).ok(),
        };

        let unclassified = match raw
            .unclassified
            .as_ref()
            .map(|u| (u.get_ref().as_str(), u.span()))
        {
            None | Some(("error", _)) => Unclassified::Error,
            Some(("drop", _)) => Unclassified::Drop,
            Some((other, span)) => {
                self.problem(
                    &Place::new("unclassified", span),
                    format!("unknown value {other:?} (expected \"error\" or \"drop\")"),
                );
                Unclassified::Error
            }
        };

        let timezone = match &raw.timezone {
            None => jiff::tz::TimeZone::UTC,
            Some(name) => match jiff::tz::TimeZone::get(name.get_ref()) {
                Ok(zone) => zone,
                Err(_) => {
                    self.problem(
                        &Place::new("timezone", name.span()),
                        format!(
                            "unknown time zone {:?} (an IANA name such as \"America/New_York\" or \"UTC\")",
                            name.get_ref()
                        ),
                    );
                    jiff::tz::TimeZone::UTC
                }
            },
        };

        let ledger = raw.ledger.as_ref().and_then(|l| {
            if l.get_ref().trim().is_empty() {
                self.problem(&Place::new("ledger", l.span()), "the ledger path is empty");
                None
            } else {
                Some(crate::io::fs::parent_dir(self.path).join(l.get_ref()))
            }
        });

        let categories = self.categories(&raw);
        let fields = self.fields(&raw, &categories);
        let trie = Trie::build(
            fields
                .iter()
                .enumerate()
                .map(|(i, f)| (f.steps.as_slice(), i)),
        );

        let (subject_field, subject_steps) = match &raw.subject_field {
            None => {
                self.problem(
                    &Place::key(""),
                    "subject_field is required: the field that names the person a record is about",
                );
                (String::new(), Vec::new())
            }
            Some(s) => {
                let at = Place::new("subject_field", s.span());
                match fieldpath::parse(s.get_ref()) {
                    Err(msg) => {
                        self.problem(&at, msg);
                        (String::new(), Vec::new())
                    }
                    Ok(steps) => {
                        if steps.contains(&PathStep::Each) {
                            self.problem(&at, "the subject field cannot be inside an array");
                        } else if !fields.is_empty() && trie.walk(&steps).field.is_none() {
                            self.problem(
                                &at,
                                format!("{:?} is not classified in [fields]", s.get_ref()),
                            );
                        }
                        (s.get_ref().clone(), steps)
                    }
                }
            }
        };

        let recipients = raw
            .recipients
            .iter()
            .map(|(id, r)| {
                let r = r.get_ref();
                Recipient {
                    id: id.get_ref().clone(),
                    name: r.name.clone().unwrap_or_else(|| id.get_ref().clone()),
                    address: r.address.clone(),
                    kind: r.kind.clone(),
                }
            })
            .collect::<Vec<_>>();
        if recipients.is_empty() {
            self.problem(
                &Place::key("recipients"),
                "the policy defines no recipients",
            );
        }

        let bases = self.bases(&raw, &fields);
        let mut categories = categories;
        self.allowed_bases(&raw, &mut categories, &bases);
        let scrub = self.scrub(&raw);
        let profiles = self.profiles(&raw, &categories, &fields, &recipients, &bases, &scrub);
        let withhold = self.withhold(&raw, &fields, &trie, &bases);
        let protected_violations =
            protected_violations(&categories, &fields, &recipients, &bases, &profiles);

        let redaction_label = redaction_label?;
        Some(Policy {
            path: self.path.to_path_buf(),
            sha256,
            agency: raw.agency.clone(),
            subject_field,
            subject_steps,
            redaction_label,
            unclassified,
            ledger,
            csv_formula_guard: raw.csv_formula_guard.unwrap_or(true),
            timezone,
            categories,
            fields,
            trie,
            recipients,
            bases,
            scrub,
            profiles,
            placeholders: Vec::new(),
            withhold,
            protected_violations,
        })
    }

    pub(super) fn template(
        &mut self,
        at: &Place,
        text: &str,
        allowed: &'static [&'static str],
    ) -> Option<Template> {
        match Template::parse(text, allowed) {
            Ok(t) => Some(t),
            Err(e) => {
                self.problem(at, e);
                None
            }
        }
    }

    pub(super) fn categories(&mut self, raw: &RawPolicy) -> Vec<Category> {
        let Some(table) = &raw.categories else {
            self.problem(
                &Place::key("categories"),
                "the policy needs at least one category in [categories]",
            );
            return Vec::new();
        };
        if table.get_ref().is_empty() {
            self.problem(
                &Place::new("categories", table.span()),
                "the policy needs at least one category",
            );
        }
        let mut out = Vec::new();
        for (id, cat) in table.get_ref() {
            let at = place_of_key("categories", id);
            let notice = cat.get_ref().notice.as_ref().and_then(|n| {
                self.template(
                    &at.child("notice", n.span()),
                    n.get_ref(),
                    NOTICE_PLACEHOLDERS,
                )
            });
            let authority = self.authority(&at, cat.get_ref().authority.as_ref());
            let protected_by = cat.get_ref().protected_by.as_ref().and_then(|p| {
                let pat = at.child("protected_by", p.span());
                if p.get_ref().trim().is_empty() {
                    self.problem(
                        &pat,
                        "protected_by is empty: name the law that protects the category",
                    );
                    None
                } else {
                    Some(p.get_ref().trim().to_string())
                }
            });
            out.push(Category {
                id: id.get_ref().clone(),
                description: cat.get_ref().description.clone(),
                notice,
                authority,
                protected_by,
                allowed_bases: None,
            });
        }
        out
    }
}

/// Check a strftime pattern: it must format and parse back a full date.
pub(super) fn check_date_format(format: &str) -> Result<(), String> {
    let sample = jiff::civil::date(1985, 3, 27);
    let text = jiff::fmt::strtime::format(format, sample)
        .map_err(|e| format!("invalid date format {format:?}: {e}"))?;
    match jiff::civil::Date::strptime(format, &text) {
        Ok(d) if d == sample => Ok(()),
        _ => Err(format!(
            "date format {format:?} must name a year, a month and a day (for example \"%m/%d/%Y\")"
        )),
    }
}
