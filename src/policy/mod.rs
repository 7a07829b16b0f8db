//! The policy: loading and whole-policy validation.
//!
//! A policy file is read once, checked as a whole (unknown keys, unknown
//! references, actions that do not fit a field's kind, duplicate profiles,
//! regexes that do not compile, ...) and turned into this validated model
//! before any input is read. Every problem names the policy file, the TOML
//! key path and line:column.

mod location;
mod raw;
pub mod template;

pub use crate::scrub::config::{
    BUILTIN_DETECTORS, CustomPattern, CustomTerms, REGEX_SIZE_LIMIT, ScrubConfig, builtin_labels,
};

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;
use indexmap::IndexMap;
use toml::Spanned;

use crate::policy::template::Template;
use crate::record::fieldpath::{self, Step, Trie};
use raw::{Key, RawPolicy, RawRule};

pub use location::{line_col, toml_key, toml_string};

/// Placeholders a notice template may use.
pub const NOTICE_PLACEHOLDERS: &[&str] = &[
    "recipient",
    "recipient_id",
    "basis",
    "basis_id",
    "reference",
    "date",
    "agency",
];

/// Placeholders the redaction label may use.
pub const LABEL_PLACEHOLDERS: &[&str] = &["category", "field"];

/// The largest `terms_file` a policy may name.
const MAX_TERMS_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A validated policy.
#[derive(Debug)]
pub struct Policy {
    /// The path the policy was loaded from, as given.
    pub path: PathBuf,
    /// SHA-256 (hex) of the policy file's bytes.
    pub sha256: String,
    pub agency: Option<String>,
    /// The field that names the person a record is about.
    pub subject_field: String,
    pub subject_steps: Vec<Step>,
    pub redaction_label: Template,
    pub unclassified: Unclassified,
    /// The default ledger, resolved against the policy's directory.
    pub ledger: Option<PathBuf>,
    pub csv_formula_guard: bool,
    pub categories: Vec<Category>,
    pub fields: Vec<Field>,
    /// `[fields]` as a trie, for longest-prefix classification.
    pub trie: Trie,
    pub recipients: Vec<Recipient>,
    pub bases: Vec<LegalBasis>,
    pub scrub: ScrubConfig,
    pub profiles: Vec<Profile>,
}

/// What happens to a field the policy does not classify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unclassified {
    /// Stop the run (the default).
    Error,
    /// Drop the field and name it in the manifest.
    Drop,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub description: String,
    /// A notice that must accompany every disclosure of this category.
    pub notice: Option<Template>,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The name as written in `[fields]`.
    pub name: String,
    pub steps: Vec<Step>,
    /// Index into `Policy::categories`.
    pub category: usize,
    pub kind: FieldKind,
    /// A strftime pattern for `date` fields (ISO `%Y-%m-%d` when absent).
    pub format: Option<String>,
}

impl Field {
    /// The date format of a `date` field.
    pub fn date_format(&self) -> &str {
        self.format.as_deref().unwrap_or("%Y-%m-%d")
    }
}

/// The kind of a field's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    String,
    Name,
    Address,
    Date,
    Number,
    Text,
}

impl FieldKind {
    pub const ALL: &[(&str, FieldKind)] = &[
        ("string", FieldKind::String),
        ("name", FieldKind::Name),
        ("address", FieldKind::Address),
        ("date", FieldKind::Date),
        ("number", FieldKind::Number),
        ("text", FieldKind::Text),
    ];

    pub fn name(self) -> &'static str {
        FieldKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .unwrap_or("string")
    }
}

#[derive(Debug, Clone)]
pub struct Recipient {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LegalBasis {
    pub id: String,
    pub description: String,
    pub requires: Requirements,
    pub consent: Option<Consent>,
}

/// What a legal basis requires of the request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Requirements {
    pub reference: bool,
    pub justification: bool,
    pub subjects: bool,
}

impl Requirements {
    /// The requirement names, in the policy's vocabulary.
    pub fn names(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.reference {
            out.push("reference");
        }
        if self.justification {
            out.push("justification");
        }
        if self.subjects {
            out.push("subjects");
        }
        out
    }
}

/// A consent rule: records are disclosed only with consent on file.
#[derive(Debug, Clone)]
pub struct Consent {
    /// Index of the consent field in `Policy::fields`.
    pub field: usize,
    /// Values that mean consent was given, lowercased and trimmed.
    pub granted: Vec<String>,
    /// Index of the expiry date field, if consent expires.
    pub expires_field: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub recipients: Vec<usize>,
    pub bases: Vec<usize>,
    pub notice: Option<Template>,
    /// Rule per category, indexed like `Policy::categories`.
    pub category_rules: Vec<Option<Action>>,
    /// Rule per field, indexed like `Policy::fields`.
    pub field_rules: Vec<Option<Action>>,
}

/// What happens to a field's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Keep,
    Drop,
    Redact,
    Mask { keep_last: usize },
    Pseudonymize { domain: Option<String> },
    Generalize(Generalize),
    Scrub { detectors: Option<Vec<String>> },
}

/// How `generalize` coarsens a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generalize {
    Year,
    Month,
    Bucket(u64),
}

impl Action {
    /// For `scrub`, its detectors: its own list, else `default` (the
    /// policy's `[scrub] detectors`).
    pub fn scrub_detectors<'a>(&'a self, default: &'a [String]) -> Option<&'a [String]> {
        match self {
            Action::Scrub { detectors } => Some(detectors.as_deref().unwrap_or(default)),
            _ => None,
        }
    }

    pub const NAMES: &[&str] = &[
        "keep",
        "drop",
        "redact",
        "mask",
        "pseudonymize",
        "generalize",
        "scrub",
    ];

    pub fn name(&self) -> &'static str {
        match self {
            Action::Keep => "keep",
            Action::Drop => "drop",
            Action::Redact => "redact",
            Action::Mask { .. } => "mask",
            Action::Pseudonymize { .. } => "pseudonymize",
            Action::Generalize(_) => "generalize",
            Action::Scrub { .. } => "scrub",
        }
    }

    /// Whether the action discloses something of the value (counts toward
    /// `categories_disclosed`).
    pub fn discloses(&self) -> bool {
        !matches!(self, Action::Drop | Action::Redact)
    }

    /// The action with its parameters, as a policy would write it.
    pub fn describe(&self) -> String {
        match self {
            Action::Mask { keep_last } => format!("mask (keep_last = {keep_last})"),
            Action::Pseudonymize { domain: Some(d) } => format!("pseudonymize (domain = {d:?})"),
            Action::Generalize(Generalize::Year) => "generalize (to = year)".into(),
            Action::Generalize(Generalize::Month) => "generalize (to = month)".into(),
            Action::Generalize(Generalize::Bucket(n)) => format!("generalize (bucket = {n})"),
            Action::Scrub { detectors: Some(d) } => format!("scrub ({})", d.join(", ")),
            other => other.name().to_string(),
        }
    }
}

impl Policy {
    /// Read and validate a policy file.
    pub fn load(path: &Path) -> anyhow::Result<Policy> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("cannot read policy {}", path.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("policy {} is not valid UTF-8", path.display()))?;
        Policy::parse(path, &text)
    }

    /// Validate policy text as if it had been read from `path` (which
    /// places messages and resolves `ledger` and `terms_file`).
    pub fn parse(path: &Path, text: &str) -> anyhow::Result<Policy> {
        let sha256 = crate::crypto::digest::sha256_hex(text.as_bytes());
        let mut loader = Loader {
            path,
            text,
            problems: Vec::new(),
        };
        let policy = loader.load(sha256);
        match policy {
            Some(policy) if loader.problems.is_empty() => Ok(policy),
            _ => Err(loader.into_error().into()),
        }
    }

    /// Every (recipient, basis, profile) the policy permits, in profile
    /// order, as indexes.
    pub fn pairs(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (pi, p) in self.profiles.iter().enumerate() {
            for &r in &p.recipients {
                for &b in &p.bases {
                    out.push((r, b, pi));
                }
            }
        }
        out
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    pub fn recipient_index(&self, id: &str) -> Option<usize> {
        self.recipients.iter().position(|r| r.id == id)
    }

    pub fn basis_index(&self, id: &str) -> Option<usize> {
        self.bases.iter().position(|b| b.id == id)
    }

    /// The profile for a recipient and basis, if the policy has one.
    pub fn profile_for(&self, recipient: usize, basis: usize) -> Option<usize> {
        self.profiles
            .iter()
            .position(|p| p.recipients.contains(&recipient) && p.bases.contains(&basis))
    }
}

/// Everything wrong with a policy file.
#[derive(Debug)]
pub struct PolicyError {
    pub problems: Vec<String>,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("\nerror: "))
    }
}

impl std::error::Error for PolicyError {}

struct Loader<'a> {
    path: &'a Path,
    text: &'a str,
    problems: Vec<String>,
}

/// A place in the policy: key path and, where known, a span.
#[derive(Clone)]
struct At {
    key: String,
    span: Option<Range<usize>>,
}

impl At {
    fn new(key: impl Into<String>, span: Range<usize>) -> At {
        At {
            key: key.into(),
            span: (span.end > span.start).then_some(span),
        }
    }

    fn key(key: impl Into<String>) -> At {
        At {
            key: key.into(),
            span: None,
        }
    }

    fn child(&self, key: &str, span: Range<usize>) -> At {
        At::new(location::join(&self.key, key), span)
    }
}

fn at_key(parent: &str, key: &Key) -> At {
    At::new(location::join(parent, key.get_ref()), key.span())
}

impl Loader<'_> {
    fn problem(&mut self, at: &At, message: impl fmt::Display) {
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

    fn into_error(self) -> PolicyError {
        PolicyError {
            problems: self.problems,
        }
    }

    fn load(&mut self, sha256: String) -> Option<Policy> {
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
                let at = At { key, span };
                self.problem(&at, message);
                return None;
            }
        };
        self.validate(raw, sha256)
    }

    fn validate(&mut self, raw: RawPolicy, sha256: String) -> Option<Policy> {
        if let Some(v) = &raw.version
            && *v.get_ref() != 1
        {
            self.problem(
                &At::new("version", v.span()),
                format!(
                    "unsupported policy version {} (this disclose reads version 1)",
                    v.get_ref()
                ),
            );
        }

        let redaction_label = match &raw.redaction_label {
            Some(label) => self.template(
                &At::new("redaction_label", label.span()),
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
                    &At::new("unclassified", span),
                    format!("unknown value {other:?} (expected \"error\" or \"drop\")"),
                );
                Unclassified::Error
            }
        };

        let ledger = raw.ledger.as_ref().and_then(|l| {
            if l.get_ref().trim().is_empty() {
                self.problem(&At::new("ledger", l.span()), "the ledger path is empty");
                None
            } else {
                Some(crate::io::output::parent_dir(self.path).join(l.get_ref()))
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
                    &At::key(""),
                    "subject_field is required: the field that names the person a record is about",
                );
                (String::new(), Vec::new())
            }
            Some(s) => {
                let at = At::new("subject_field", s.span());
                match fieldpath::parse(s.get_ref()) {
                    Err(msg) => {
                        self.problem(&at, msg);
                        (String::new(), Vec::new())
                    }
                    Ok(steps) => {
                        if steps.contains(&Step::Each) {
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
            self.problem(&At::key("recipients"), "the policy defines no recipients");
        }

        let bases = self.bases(&raw, &fields);
        let scrub = self.scrub(&raw);
        let profiles = self.profiles(&raw, &categories, &fields, &recipients, &bases, &scrub);

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
            categories,
            fields,
            trie,
            recipients,
            bases,
            scrub,
            profiles,
        })
    }

    fn template(
        &mut self,
        at: &At,
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

    fn categories(&mut self, raw: &RawPolicy) -> Vec<Category> {
        let Some(table) = &raw.categories else {
            self.problem(
                &At::key("categories"),
                "the policy needs at least one category in [categories]",
            );
            return Vec::new();
        };
        if table.get_ref().is_empty() {
            self.problem(
                &At::new("categories", table.span()),
                "the policy needs at least one category",
            );
        }
        let mut out = Vec::new();
        for (id, cat) in table.get_ref() {
            let at = at_key("categories", id);
            let notice = cat.get_ref().notice.as_ref().and_then(|n| {
                self.template(
                    &at.child("notice", n.span()),
                    n.get_ref(),
                    NOTICE_PLACEHOLDERS,
                )
            });
            out.push(Category {
                id: id.get_ref().clone(),
                description: cat.get_ref().description.clone(),
                notice,
            });
        }
        out
    }

    fn fields(&mut self, raw: &RawPolicy, categories: &[Category]) -> Vec<Field> {
        let Some(table) = &raw.fields else {
            self.problem(
                &At::key("fields"),
                "the policy needs a [fields] table that classifies every input field",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, field) in table.get_ref() {
            let at = at_key("fields", name);
            let field = field.get_ref();
            let steps = match fieldpath::parse(name.get_ref()) {
                Ok(steps) => steps,
                Err(msg) => {
                    self.problem(&at, msg);
                    continue;
                }
            };
            let Some(category) = categories
                .iter()
                .position(|c| &c.id == field.category.get_ref())
            else {
                self.problem(
                    &at.child("category", field.category.span()),
                    format!(
                        "unknown category {:?} (not in [categories])",
                        field.category.get_ref()
                    ),
                );
                continue;
            };
            let kind = match &field.kind {
                None => FieldKind::String,
                Some(k) => match FieldKind::ALL.iter().find(|(n, _)| n == k.get_ref()) {
                    Some((_, kind)) => *kind,
                    None => {
                        self.problem(
                            &at.child("kind", k.span()),
                            format!(
                                "unknown kind {:?} (expected one of string, name, address, date, number, text)",
                                k.get_ref()
                            ),
                        );
                        continue;
                    }
                },
            };
            if let Some(format) = &field.format {
                let fat = at.child("format", format.span());
                if kind != FieldKind::Date {
                    self.problem(&fat, "format applies only to fields of kind \"date\"");
                } else if let Err(msg) = check_date_format(format.get_ref()) {
                    self.problem(&fat, msg);
                }
            }
            out.push(Field {
                name: name.get_ref().clone(),
                steps,
                category,
                kind,
                format: field.format.as_ref().map(|f| f.get_ref().clone()),
            });
        }
        out
    }

    fn field_ref(&mut self, at: &At, name: &str, fields: &[Field]) -> Option<usize> {
        let found = fields.iter().position(|f| f.name == name);
        if found.is_none() {
            self.problem(at, format!("unknown field {name:?} (not in [fields])"));
        }
        found
    }

    fn bases(&mut self, raw: &RawPolicy, fields: &[Field]) -> Vec<LegalBasis> {
        let mut out = Vec::new();
        if raw.bases.is_empty() {
            self.problem(&At::key("bases"), "the policy defines no legal bases");
        }
        for (id, basis) in &raw.bases {
            let at = at_key("bases", id);
            let basis = basis.get_ref();
            let mut requires = Requirements::default();
            for (i, item) in basis.requires.iter().enumerate() {
                match item.get_ref().as_str() {
                    "reference" => requires.reference = true,
                    "justification" => requires.justification = true,
                    "subjects" => requires.subjects = true,
                    other => self.problem(
                        &At::new(format!("{}.requires[{i}]", at.key), item.span()),
                        format!(
                            "unknown requirement {other:?} (expected reference, justification or subjects)"
                        ),
                    ),
                }
            }
            let consent = basis.consent.as_ref().and_then(|c| {
                let cat = at.child("consent", c.span());
                let c = c.get_ref();
                let field = self.field_ref(
                    &cat.child("field", c.field.span()),
                    c.field.get_ref(),
                    fields,
                );
                if c.granted.get_ref().iter().all(|g| g.trim().is_empty()) {
                    self.problem(
                        &cat.child("granted", c.granted.span()),
                        "granted must list at least one value that means consent was given",
                    );
                }
                let expires_field = match &c.expires_field {
                    None => None,
                    Some(e) => {
                        let eat = cat.child("expires_field", e.span());
                        let idx = self.field_ref(&eat, e.get_ref(), fields);
                        if let Some(i) = idx
                            && fields[i].kind != FieldKind::Date
                        {
                            self.problem(
                                &eat,
                                format!("{:?} must be a field of kind \"date\"", e.get_ref()),
                            );
                        }
                        Some(idx)
                    }
                };
                Some(Consent {
                    field: field?,
                    granted: c
                        .granted
                        .get_ref()
                        .iter()
                        .map(|g| g.trim().to_lowercase())
                        .collect(),
                    expires_field: match expires_field {
                        Some(None) => return None,
                        Some(Some(i)) => Some(i),
                        None => None,
                    },
                })
            });
            out.push(LegalBasis {
                id: id.get_ref().clone(),
                description: basis
                    .description
                    .clone()
                    .unwrap_or_else(|| id.get_ref().clone()),
                requires,
                consent,
            });
        }
        out
    }

    fn scrub(&mut self, raw: &RawPolicy) -> ScrubConfig {
        let mut config = ScrubConfig {
            detectors: Vec::new(),
            patterns: Vec::new(),
            terms: Vec::new(),
        };
        let Some(scrub) = &raw.scrub else {
            config.detectors = BUILTIN_DETECTORS.iter().map(|d| d.to_string()).collect();
            return config;
        };
        let mut labels: HashSet<String> = HashSet::new();
        for (i, p) in scrub.patterns.iter().enumerate() {
            let at = At::new(format!("scrub.patterns[{i}]"), p.span());
            let p = p.get_ref();
            self.custom_label(
                &at.child("label", p.label.span()),
                p.label.get_ref(),
                &mut labels,
            );
            let built = regex::RegexBuilder::new(p.regex.get_ref())
                .size_limit(REGEX_SIZE_LIMIT)
                .build();
            match built {
                Ok(_) => {}
                Err(regex::Error::CompiledTooBig(limit)) => self.problem(
                    &at.child("regex", p.regex.span()),
                    format!("the regex is too large once compiled (limit {} MiB); simplify it or split it", limit / (1024 * 1024)),
                ),
                Err(e) => self.problem(
                    &at.child("regex", p.regex.span()),
                    format!("the regex does not compile: {}", e.to_string().replace('\n', " ")),
                ),
            }
            config.patterns.push(CustomPattern {
                label: p.label.get_ref().clone(),
                regex: p.regex.get_ref().clone(),
            });
        }
        for (i, t) in scrub.terms.iter().enumerate() {
            let at = At::new(format!("scrub.terms[{i}]"), t.span());
            let t = t.get_ref();
            self.custom_label(
                &at.child("label", t.label.span()),
                t.label.get_ref(),
                &mut labels,
            );
            let mut terms: Vec<String> = t
                .terms
                .iter()
                .flatten()
                .map(|s| s.trim().to_string())
                .collect();
            if let Some(file) = &t.terms_file
                && let Some(more) =
                    self.terms_file(&at.child("terms_file", file.span()), file.get_ref())
            {
                terms.extend(more);
            }
            terms.retain(|s| !s.is_empty());
            if terms.is_empty() {
                self.problem(
                    &at,
                    "a term list needs terms or a terms_file with at least one term",
                );
            }
            config.terms.push(CustomTerms {
                label: t.label.get_ref().clone(),
                terms,
            });
        }
        config.detectors = match &scrub.detectors {
            None => BUILTIN_DETECTORS
                .iter()
                .map(|d| d.to_string())
                .chain(config.patterns.iter().map(|p| p.label.clone()))
                .chain(config.terms.iter().map(|t| t.label.clone()))
                .collect(),
            Some(list) => {
                let list = list.clone();
                self.detector_list("scrub.detectors", &list, &config)
            }
        };
        config
    }

    fn custom_label(&mut self, at: &At, label: &str, seen: &mut HashSet<String>) {
        let valid = !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !valid {
            self.problem(
                at,
                format!("label {label:?} must be letters, digits, - or _"),
            );
        } else if BUILTIN_DETECTORS.iter().any(|b| {
            b.eq_ignore_ascii_case(label)
                || builtin_labels(b)
                    .iter()
                    .any(|l| l.eq_ignore_ascii_case(label))
        }) {
            // NAME would count the subject detector's names and a custom
            // detector's matches as one.
            self.problem(
                at,
                format!("label {label:?} is the name or label of a built-in detector"),
            );
        } else if !seen.insert(label.to_string()) {
            self.problem(
                at,
                format!("label {label:?} is used by another custom detector"),
            );
        }
    }

    /// Read a `terms_file`: relative to the policy's directory, without `..`,
    /// not the policy itself; one term a line, blank lines and `#` comments
    /// ignored.
    fn terms_file(&mut self, at: &At, file: &str) -> Option<Vec<String>> {
        let rel = Path::new(file);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            self.problem(
                at,
                "terms_file must be a relative path inside the policy's directory (no absolute paths, no ..)",
            );
            return None;
        }
        let path = crate::io::output::parent_dir(self.path).join(rel);
        let same = match (path.canonicalize(), self.path.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            self.problem(at, "terms_file cannot be the policy file itself");
            return None;
        }
        let result = std::fs::metadata(&path).and_then(|m| {
            if !m.is_file() {
                Err(std::io::Error::other("not a regular file"))
            } else if m.len() > MAX_TERMS_FILE_BYTES {
                Err(std::io::Error::other("larger than 64 MiB"))
            } else {
                std::fs::read(&path)
            }
        });
        let bytes = match result {
            Ok(b) => b,
            Err(e) => {
                self.problem(at, format!("cannot read {}: {e}", path.display()));
                return None;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            self.problem(at, format!("{} is not valid UTF-8", path.display()));
            return None;
        };
        Some(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect(),
        )
    }

    fn detector_list(
        &mut self,
        key: &str,
        list: &[Spanned<String>],
        config: &ScrubConfig,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (i, name) in list.iter().enumerate() {
            let known = BUILTIN_DETECTORS.contains(&name.get_ref().as_str())
                || config.patterns.iter().any(|p| &p.label == name.get_ref())
                || config.terms.iter().any(|t| &t.label == name.get_ref());
            if known {
                if !out.contains(name.get_ref()) {
                    out.push(name.get_ref().clone());
                }
            } else {
                self.problem(
                    &At::new(format!("{key}[{i}]"), name.span()),
                    format!(
                        "unknown detector {:?} (built-in: {}; or a label from [[scrub.patterns]] / [[scrub.terms]])",
                        name.get_ref(),
                        BUILTIN_DETECTORS.join(", ")
                    ),
                );
            }
        }
        if out.is_empty() && list.is_empty() {
            self.problem(&At::key(key), "the detector list is empty");
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn profiles(
        &mut self,
        raw: &RawPolicy,
        categories: &[Category],
        fields: &[Field],
        recipients: &[Recipient],
        bases: &[LegalBasis],
        scrub: &ScrubConfig,
    ) -> Vec<Profile> {
        let mut out = Vec::new();
        let mut pairs: IndexMap<(usize, usize), usize> = IndexMap::new();
        for (pi, p) in raw.profiles.iter().enumerate() {
            let at = At::new(format!("profiles[{pi}]"), p.span());
            let p = p.get_ref();
            let rids = self.ids(
                &at.child("recipient", p.recipient.span()),
                &p.recipient.get_ref().0,
                "recipient",
                |id| recipients.iter().position(|r| r.id == id),
            );
            let bids = self.ids(
                &at.child("basis", p.basis.span()),
                &p.basis.get_ref().0,
                "basis",
                |id| bases.iter().position(|b| b.id == id),
            );
            for &r in &rids {
                for &b in &bids {
                    if let Some(prev) = pairs.insert((r, b), pi) {
                        self.problem(
                            &at,
                            format!(
                                "a second profile for recipient {:?} and basis {:?} (profiles[{prev}] already covers the pair)",
                                recipients[r].id, bases[b].id
                            ),
                        );
                    }
                }
            }
            let notice = p.notice.as_ref().and_then(|n| {
                self.template(
                    &at.child("notice", n.span()),
                    n.get_ref(),
                    NOTICE_PLACEHOLDERS,
                )
            });
            let mut category_rules = vec![None; categories.len()];
            for (cat, rule) in &p.categories {
                let rat = at_key(&format!("{}.categories", at.key), cat);
                let Some(ci) = categories.iter().position(|c| &c.id == cat.get_ref()) else {
                    self.problem(
                        &rat,
                        format!("unknown category {:?} (not in [categories])", cat.get_ref()),
                    );
                    continue;
                };
                let targets: Vec<&Field> = fields.iter().filter(|f| f.category == ci).collect();
                category_rules[ci] = self.rule(&rat, rule, &targets, scrub);
            }
            let mut field_rules = vec![None; fields.len()];
            for (name, rule) in &p.fields {
                let rat = at_key(&format!("{}.fields", at.key), name);
                let Some(fi) = fields.iter().position(|f| &f.name == name.get_ref()) else {
                    self.problem(
                        &rat,
                        format!("unknown field {:?} (not in [fields])", name.get_ref()),
                    );
                    continue;
                };
                field_rules[fi] = self.rule(&rat, rule, &[&fields[fi]], scrub);
            }
            out.push(Profile {
                recipients: rids,
                bases: bids,
                notice,
                category_rules,
                field_rules,
            });
        }
        out
    }

    fn ids(
        &mut self,
        at: &At,
        ids: &[String],
        what: &str,
        find: impl Fn(&str) -> Option<usize>,
    ) -> Vec<usize> {
        if ids.is_empty() {
            self.problem(at, format!("name at least one {what}"));
        }
        let mut out = Vec::new();
        for id in ids {
            match find(id) {
                Some(i) if !out.contains(&i) => out.push(i),
                Some(_) => {}
                None => {
                    let table = if what == "recipient" {
                        "[recipients]"
                    } else {
                        "[bases]"
                    };
                    self.problem(at, format!("unknown {what} {id:?} (not in {table})"));
                }
            }
        }
        out
    }

    /// Validate one rule against the fields it applies to.
    fn rule(
        &mut self,
        at: &At,
        rule: &Spanned<RawRule>,
        targets: &[&Field],
        scrub: &ScrubConfig,
    ) -> Option<Action> {
        let span = rule.span();
        let at = At {
            key: at.key.clone(),
            span: at.span.clone().or(Some(span)),
        };
        let r = rule.get_ref();
        let name = r.action.get_ref().as_str();
        let params: [(&str, bool); 5] = [
            ("keep_last", r.keep_last.is_some()),
            ("domain", r.domain.is_some()),
            ("to", r.to.is_some()),
            ("bucket", r.bucket.is_some()),
            ("detectors", r.detectors.is_some()),
        ];
        let allowed: &[&str] = match name {
            "keep" | "drop" | "redact" => &[],
            "mask" => &["keep_last"],
            "pseudonymize" => &["domain"],
            "generalize" => &["to", "bucket"],
            "scrub" => &["detectors"],
            other => {
                self.problem(
                    &at,
                    format!(
                        "unknown action {other:?} (expected one of {})",
                        Action::NAMES.join(", ")
                    ),
                );
                return None;
            }
        };
        for (param, given) in params {
            if given && !allowed.contains(&param) {
                self.problem(
                    &at,
                    format!("parameter {param} does not apply to action {name}"),
                );
                return None;
            }
        }
        let action = match name {
            "keep" => Action::Keep,
            "drop" => Action::Drop,
            "redact" => Action::Redact,
            "mask" => {
                let keep_last = match &r.keep_last {
                    None => 4,
                    Some(k) if *k.get_ref() >= 0 => *k.get_ref() as usize,
                    Some(_) => {
                        self.problem(&at, "keep_last must be 0 or more");
                        return None;
                    }
                };
                Action::Mask { keep_last }
            }
            "pseudonymize" => Action::Pseudonymize {
                domain: r.domain.as_ref().map(|d| d.get_ref().clone()),
            },
            "generalize" => {
                let g = match (&r.to, &r.bucket) {
                    (Some(to), None) => match to.get_ref().as_str() {
                        "year" => Generalize::Year,
                        "month" => Generalize::Month,
                        other => {
                            self.problem(
                                &at,
                                format!("to = {other:?}: expected \"year\" or \"month\""),
                            );
                            return None;
                        }
                    },
                    (None, Some(b)) if *b.get_ref() > 0 => Generalize::Bucket(*b.get_ref() as u64),
                    (None, Some(_)) => {
                        self.problem(&at, "bucket must be a whole number of 1 or more");
                        return None;
                    }
                    (Some(_), Some(_)) => {
                        self.problem(
                            &at,
                            "generalize takes either to (dates) or bucket (numbers), not both",
                        );
                        return None;
                    }
                    (None, None) => {
                        self.problem(
                            &at,
                            "generalize needs to = \"year\" or \"month\" (date fields) or bucket = N (number fields)",
                        );
                        return None;
                    }
                };
                Action::Generalize(g)
            }
            _ => {
                let detectors = r.detectors.as_ref().map(|list| {
                    let key = format!("{}.detectors", at.key);
                    self.detector_list(&key, list, scrub)
                });
                Action::Scrub { detectors }
            }
        };
        for field in targets {
            if let Some(msg) = misfit(&action, field.kind) {
                self.problem(
                    &at,
                    format!(
                        "{} cannot apply to field {:?}: {msg}",
                        action.name(),
                        field.name
                    ),
                );
                return None;
            }
        }
        Some(action)
    }
}

/// Why an action does not fit a field kind, if it does not.
fn misfit(action: &Action, kind: FieldKind) -> Option<String> {
    match (action, kind) {
        (Action::Generalize(Generalize::Year | Generalize::Month), FieldKind::Date) => None,
        (Action::Generalize(Generalize::Bucket(_)), FieldKind::Number) => None,
        (Action::Generalize(Generalize::Year | Generalize::Month), k) => Some(format!(
            "to = year/month needs a date field, and this one is of kind {:?}",
            k.name()
        )),
        (Action::Generalize(Generalize::Bucket(_)), k) => Some(format!(
            "bucket needs a number field, and this one is of kind {:?}",
            k.name()
        )),
        (Action::Scrub { .. }, FieldKind::Date | FieldKind::Number) => Some(format!(
            "scrub is for free text, and this field is of kind {:?}",
            kind.name()
        )),
        _ => None,
    }
}

/// Check a strftime pattern: it must format and parse back a full date.
fn check_date_format(format: &str) -> Result<(), String> {
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
