//! The policy: loading and whole-policy validation.
//!
//! A policy file is read once, checked as a whole (unknown keys, unknown
//! references, actions that do not fit a field's kind, duplicate profiles,
//! regexes that do not compile, ...) and turned into this validated model
//! before any input is read. Every problem names the policy file, the TOML
//! key path and line:column.

mod load;
mod location;
pub mod placeholders;
mod raw;
pub mod template;

pub use crate::scrub::config::{
    ALLOWLIST_LABELS, BUILTIN_DETECTORS, CustomPattern, CustomTerms, REGEX_SIZE_LIMIT, ScrubConfig,
    builtin_labels,
};

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::policy::template::Template;
use crate::record::fieldpath::{PathStep, Trie};
use crate::record::keyfold;
use crate::record::value::Value;

pub use location::{toml_key, toml_string};

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
pub const LABEL_PLACEHOLDERS: &[&str] = &["category", "field", "authority"];

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
    pub subject_steps: Vec<PathStep>,
    pub redaction_label: Template,
    pub unclassified: Unclassified,
    /// The default ledger, resolved against the policy's directory.
    pub ledger: Option<PathBuf>,
    pub csv_formula_guard: bool,
    /// The zone of the disclosure date (consent expiry, `{date}`): the
    /// policy's `timezone`, UTC by default.
    pub timezone: jiff::tz::TimeZone,
    pub categories: Vec<Category>,
    pub fields: Vec<Field>,
    /// `[fields]` as a trie, for longest-prefix classification.
    pub trie: Trie,
    pub recipients: Vec<Recipient>,
    pub bases: Vec<LegalBasis>,
    pub scrub: ScrubConfig,
    pub profiles: Vec<Profile>,
    /// Where the policy still holds the placeholder `REPLACE`.
    pub placeholders: Vec<placeholders::Placeholder>,
    /// `[[withhold]]` record rules, in policy order.
    pub withhold: Vec<WithholdRule>,
    /// Profiles that disclose a protected category under a basis it does
    /// not allow: an error for `apply` and `plan`, a finding for `check`.
    pub protected_violations: Vec<String>,
}

/// A `[[withhold]]` rule: records whose field has one of `values` are
/// withheld, unless the basis is one of `unless_basis`.
#[derive(Debug, Clone)]
pub struct WithholdRule {
    pub reason: String,
    /// The path as the policy writes it (a CSV column of that name).
    pub field: String,
    pub steps: Vec<PathStep>,
    /// Index of the classified field that covers the path.
    pub classified_by: usize,
    /// Lowercased and trimmed.
    pub values: Vec<String>,
    /// Indexes into `Policy::bases`.
    pub unless_basis: Vec<usize>,
    pub authority: Option<String>,
}

impl WithholdRule {
    /// Whether the rule withholds records under this basis.
    pub fn applies_to(&self, basis: usize) -> bool {
        !self.unless_basis.contains(&basis)
    }

    /// Whether a value (as text; JSON `true` as "true") matches: trimmed,
    /// and compared without regard to case, compatibility form (NFKC) or
    /// invisible characters, so that `ｔｒｕｅ` or `yes` with a zero-width
    /// space still withholds.
    pub fn matches(&self, value: &str) -> bool {
        let value = value.trim();
        if value.is_ascii() {
            self.values.iter().any(|v| v.eq_ignore_ascii_case(value))
        } else {
            let folded = keyfold::fold(value);
            let folded = folded.trim();
            self.values.iter().any(|v| keyfold::fold(v) == folded)
        }
    }

    /// Whether a JSON value matches: a scalar as [`WithholdRule::matches`],
    /// an array when any element matches, and an object always (a flag
    /// that cannot be read withholds).
    pub fn matches_value(&self, value: &Value) -> bool {
        match value {
            Value::Object(_) => true,
            Value::Array(items) => items.iter().any(|v| self.matches_value(v)),
            other => other.scalar_text().is_some_and(|v| self.matches(v)),
        }
    }
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
    /// The law under which the category's values are withheld.
    pub authority: Option<String>,
    /// The law that protects the category (shown by `plan`).
    pub protected_by: Option<String>,
    /// The only bases under which a profile may disclose the category
    /// (indexes into `Policy::bases`), when set.
    pub allowed_bases: Option<Vec<usize>>,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The name as written in `[fields]`.
    pub name: String,
    pub steps: Vec<PathStep>,
    /// Index into `Policy::categories`.
    pub category: usize,
    pub kind: FieldKind,
    /// A strftime pattern for `date` fields (ISO `%Y-%m-%d` when absent).
    pub format: Option<String>,
    /// The law under which the field's values are withheld.
    pub authority: Option<String>,
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
    /// `consent = { registry = "..." }`: the consent registry, resolved
    /// against the policy's directory.
    pub consent_registry: Option<PathBuf>,
}

impl LegalBasis {
    /// Whether the basis needs consent of some kind.
    pub fn takes_consent(&self) -> bool {
        self.consent.is_some() || self.consent_registry.is_some()
    }
}

/// What a legal basis requires of the request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Requirements {
    pub reference: bool,
    pub justification: bool,
    pub subjects: bool,
    pub findings: bool,
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
        if self.findings {
            out.push("findings");
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
    /// The `authority` of each category rule, indexed like the rules.
    pub category_authority: Vec<Option<String>>,
    /// The `authority` of each field rule, indexed like the rules.
    pub field_authority: Vec<Option<String>>,
}

/// What happens to a field's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Keep,
    Drop,
    Redact,
    Mask {
        keep_last: usize,
    },
    Pseudonymize {
        domain: Option<String>,
    },
    Generalize(Generalize),
    /// `allowlist`: the rule's own `mode`, else the policy's.
    Scrub {
        detectors: Option<Vec<String>>,
        allowlist: Option<bool>,
    },
}

/// How `generalize` coarsens a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generalize {
    Year,
    Month,
    Bucket(u64),
}

impl Action {
    /// For `scrub`, the detector set the scrubber compiles: its detectors,
    /// and the allow-list mode's marker when the rule runs in that mode.
    pub fn scrub_set(&self, scrub: &ScrubConfig) -> Option<Vec<String>> {
        let Action::Scrub { allowlist, .. } = self else {
            return None;
        };
        let mut set = self.scrub_detectors(&scrub.detectors)?.to_vec();
        if allowlist.unwrap_or(scrub.allowlist) {
            set.push(crate::scrub::config::ALLOWLIST.to_string());
        }
        Some(set)
    }

    /// For `scrub`, its detectors: its own list, else `default` (the
    /// policy's `[scrub] detectors`).
    pub fn scrub_detectors<'a>(&'a self, default: &'a [String]) -> Option<&'a [String]> {
        match self {
            Action::Scrub { detectors, .. } => Some(detectors.as_deref().unwrap_or(default)),
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
            Action::Scrub {
                detectors: Some(d),
                allowlist,
            } => match allowlist {
                Some(true) => format!("scrub ({}; mode = allowlist)", d.join(", ")),
                _ => format!("scrub ({})", d.join(", ")),
            },
            Action::Scrub {
                detectors: None,
                allowlist: Some(true),
            } => "scrub (mode = allowlist)".into(),
            other => other.name().to_string(),
        }
    }
}

impl Policy {
    /// Read and validate a policy file that is to be used. A protected
    /// category that a profile discloses under a basis it does not allow is
    /// an error, and so is a placeholder (`REPLACE`) left in it, naming
    /// each place.
    pub fn load(path: &Path) -> anyhow::Result<Policy> {
        let policy = Policy::load_for_check(path)?;
        let file = path.display().to_string();
        let problems: Vec<String> = policy
            .protected_violations
            .iter()
            .map(|v| format!("{file}: {v}"))
            .chain(policy.placeholders.iter().map(|at| {
                format!(
                    "{}: still holds the placeholder {}: write the real value (disclose init marks every value a person must supply)",
                    at.place(&file),
                    placeholders::TOKEN
                )
            }))
            .collect();
        if !problems.is_empty() {
            return Err(PolicyError { problems }.into());
        }
        Ok(policy)
    }

    /// Read and validate a policy file, leaving protected categories
    /// disclosed under a basis they do not allow in
    /// `protected_violations` and placeholders in `placeholders` (`check`
    /// reports them as findings, `list` shows what there is).
    pub fn load_for_check(path: &Path) -> anyhow::Result<Policy> {
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
        let mut loader = load::Loader {
            path,
            text,
            problems: Vec::new(),
        };
        let policy = loader.load(sha256);
        match policy {
            Some(mut policy) if loader.problems.is_empty() => {
                policy.placeholders = placeholders::find(text);
                Ok(policy)
            }
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
