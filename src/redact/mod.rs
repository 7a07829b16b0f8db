//! Apply a resolved plan to records: the per-value actions (keep, drop,
//! redact, mask, pseudonymize, generalize, scrub) and the walk over a CSV row
//! or a JSON object.
//!
//! Everything is compiled before the first record: field actions, expanded
//! redaction labels, the keyed HMAC state and the scrub detectors. A value an
//! action cannot process is replaced by the label and reported by field,
//! never by value.

use std::collections::BTreeSet;
use std::io;

use crate::record::value::{Object, Value};
use anyhow::bail;

use crate::crypto::key::PseudonymKey;
use crate::plan::Plan;
use crate::policy::{Action, FieldKind, Generalize, Policy, Unclassified};
use crate::record::fieldpath::{self, Cursor, PathStep, Trie};
use crate::scrub::{Scrubber, SubjectTerms};

/// The compiled action of one field.
#[derive(Debug, Clone)]
enum CompiledAction {
    Keep,
    Drop,
    Redact,
    Mask(usize),
    Pseudonymize(String),
    GeneralizeDate { month: bool, format: String },
    Bucket(u64),
    Scrub(usize),
}

/// One field of the policy, compiled for this plan.
#[derive(Debug, Clone)]
pub struct CompiledField {
    op: CompiledAction,
    /// The redaction label with `{category}` and `{field}` expanded.
    pub label: String,
    pub kind: FieldKind,
    /// Index of the field's category in the policy.
    pub category: usize,
}

/// Counts per field, for the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldTally {
    /// The field occurred in the input.
    pub present: bool,
    /// The field occurred in a disclosed record.
    pub disclosed: bool,
    pub changed: u64,
    pub unprocessable: u64,
    /// Values a transforming action processed (not counting empty ones).
    pub processed: u64,
    /// Values redacted because no consent in force covers the category.
    pub consent_redacted: u64,
}

/// What a disclosure did, counted.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub fields: Vec<FieldTally>,
    /// Replacements per scrub label, indexed like `Scrubber::labels`.
    pub scrubbed: Vec<u64>,
    pub csv_formula_guarded: u64,
    /// Unclassified keys and columns dropped, seen in disclosed records.
    pub unclassified_dropped: BTreeSet<String>,
    /// Look-alike keys met (`check` only: `apply` stops at the first),
    /// as "key -> classified path".
    pub look_alikes: BTreeSet<String>,
    /// Paths where a single value met classified paths below it (`check`
    /// reports them; `apply` counts them as unprocessable).
    pub shape_mismatches: BTreeSet<String>,
}

/// A value an action could not process, in the current record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unprocessable {
    pub field: usize,
    /// The value's path when it differs from the field name (nested JSON).
    pub path: String,
    pub reason: &'static str,
}

/// One walk over a JSON record.
struct JsonWalk<'a> {
    /// Apply the actions (a disclosed record), or only classify (withheld).
    redact: bool,
    /// The path of the value being walked.
    path: String,
    /// When the last key of `path` is not a classified key: where it
    /// begins in `path`, and its position in its object (from 1). It is
    /// shown only if it looks like a field name.
    tail: Option<(usize, usize)>,
    scratch: &'a mut RecordState,
    tally: &'a mut Tally,
}

/// Per-record working state, reused across records.
#[derive(Debug, Default)]
pub struct RecordState {
    pub terms: SubjectTerms,
    pub unprocessable: Vec<Unprocessable>,
    /// Per category: no consent in force for this record covers it, so its
    /// fields are redacted. Empty when consent does not restrict categories.
    pub uncovered: Vec<bool>,
    /// Fields of which a non-empty value was disclosed (kept or
    /// transformed) in the current record; a field may appear more than
    /// once.
    pub shown: Vec<usize>,
    path: String,
}

impl RecordState {
    /// Whether the record's consent leaves this category uncovered.
    pub fn is_uncovered(&self, category: usize) -> bool {
        self.uncovered.get(category).copied().unwrap_or(false)
    }
}

/// A key or column that stops the run: the policy does not classify it, or
/// it only looks like a field the policy classifies. Keys appear as the
/// record has them only when they look like field names (`<key N>`
/// otherwise).
#[derive(Debug)]
pub enum FieldError {
    Unclassified(String),
    /// A literal key with dots (`"person.ssn"`) where the policy classifies
    /// that path: nested fields are objects, not dotted keys.
    Dotted(String),
    /// A key that equals a classified key up to case, NFKC or invisible
    /// characters.
    LookAlike {
        key: String,
        classified: String,
    },
    /// A CSV column with classified paths below it.
    ColumnShape {
        column: String,
        below: String,
    },
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldError::Unclassified(path) => write!(
                f,
                "field {path:?} is not classified by the policy: add it to [fields] (or set unclassified = \"drop\")"
            ),
            FieldError::Dotted(key) => write!(
                f,
                "key {key:?} is a single key with dots in its name, which the policy does not classify; the policy's field {key:?} is a nested path, written as objects ({{\"a\": {{\"b\": ...}}}} for a.b)"
            ),
            FieldError::LookAlike { key, classified } => write!(
                f,
                "key {key:?} looks like the classified field {classified:?} (it differs only in letter case, Unicode compatibility form, invisible characters or white space around it), so no rule can be trusted to cover it; rename the key in the input, or classify it exactly in [fields]"
            ),
            FieldError::ColumnShape { column, below } => write!(
                f,
                "column {column:?} holds single values, but the policy classifies paths below it ({below:?}); no value of it can be processed, so the run stops (rename the column, or classify it in [fields])"
            ),
        }
    }
}

impl std::error::Error for FieldError {}

/// The distinct detector lists that `scrub` rules use, compiled once into
/// one scrubber that any number of plans of the policy can share.
#[derive(Clone, Default)]
pub struct ScrubSets {
    lists: Vec<Vec<String>>,
    scrubber: Option<Scrubber>,
    /// Every detector, for keys that may be data (whatever the plans scrub).
    keys: Option<Scrubber>,
}

impl ScrubSets {
    /// The detector lists of every scrubbed field of these plans.
    pub fn compile<'a, 'p: 'a>(
        policy: &Policy,
        plans: impl IntoIterator<Item = &'a Plan<'p>>,
    ) -> anyhow::Result<ScrubSets> {
        let mut lists: Vec<Vec<String>> = Vec::new();
        for plan in plans {
            for rule in &plan.rules {
                if let Some(list) = rule.action.scrub_set(&policy.scrub)
                    && !lists.contains(&list)
                {
                    lists.push(list);
                }
            }
        }
        let scrubber = if lists.is_empty() {
            None
        } else {
            Some(Scrubber::new(&policy.scrub, &lists)?)
        };
        let keys = Some(Scrubber::for_keys(&policy.scrub)?);
        Ok(ScrubSets {
            lists,
            scrubber,
            keys,
        })
    }

    fn index(&self, list: &[String]) -> Option<usize> {
        self.lists.iter().position(|l| l == list)
    }
}

/// The outcome of an action on one scalar value.
enum Outcome {
    Same,
    Changed(String),
    Unprocessable(&'static str),
}

/// A plan compiled for records. Cloning is cheap (compiled detectors are
/// shared), so one compiled plan can serve many runs.
#[derive(Clone)]
pub struct Redactor {
    ops: Vec<CompiledField>,
    names: Vec<String>,
    trie: Trie,
    key: Option<PseudonymKey>,
    scrubber: Option<Scrubber>,
    /// Every detector, run on keys before they are shown.
    keys: Option<Scrubber>,
    /// How many detector lists the scrubber has.
    scrub_sets: usize,
    needs_terms: bool,
    unclassified: Unclassified,
    formula_guard: bool,
    /// Report look-alike keys and shape mismatches instead of stopping
    /// (`check`).
    collect: bool,
}

/// How the columns of one CSV input map to fields.
#[derive(Debug, Clone)]
pub struct CsvLayout {
    /// Per input column: the field that classifies it, or `None` for an
    /// unclassified column that is dropped.
    pub columns: Vec<Option<usize>>,
    /// Unclassified columns (as shown), for the manifest.
    dropped: Vec<String>,
    /// Names of the columns written, in order.
    pub out_header: Vec<String>,
    /// The input columns written, in order.
    written: Vec<usize>,
    /// Every input column's name.
    names: Vec<String>,
    name_columns: Vec<usize>,
    address_columns: Vec<usize>,
}

impl CsvLayout {
    /// The input column of each output cell.
    pub fn written_columns(&self) -> &[usize] {
        &self.written
    }

    /// The input's column names.
    pub fn column_names(&self) -> &[String] {
        &self.names
    }
}

impl CompiledField {
    /// The action this field takes in a record: a drop stays a drop; any
    /// other is a redaction when no consent covers the field's category
    /// (`uncovered`), else its own, and the field counts as disclosed.
    fn action(&self, uncovered: bool, tally: &mut FieldTally) -> &CompiledAction {
        match &self.op {
            CompiledAction::Drop => &CompiledAction::Drop,
            _ if uncovered => &CompiledAction::Redact,
            other => {
                tally.disclosed = true;
                other
            }
        }
    }
}

impl Redactor {
    /// Treat unclassified fields as `unclassified` says, whatever the
    /// policy says (`check` reports them as findings and goes on).
    pub fn set_unclassified(&mut self, unclassified: Unclassified) {
        self.unclassified = unclassified;
    }

    /// Collect look-alike keys and shape mismatches in the tally and go on
    /// (`check` reports them as findings), instead of stopping.
    pub fn set_collect(&mut self) {
        self.collect = true;
    }

    /// Whether a key met in a record may be shown as it is: it looks like a
    /// field name, and no detector matches it (every built-in and custom
    /// one, not only those this profile scrubs with).
    pub fn shows_key(&self, key: &str) -> bool {
        if !fieldpath::looks_like_name(key) {
            return false;
        }
        if self.keys.as_ref().is_some_and(|k| k.matches_key(0, key)) {
            return false;
        }
        let Some(scrubber) = &self.scrubber else {
            return true;
        };
        (0..self.scrub_sets).all(|set| !scrubber.matches_key(set, key))
    }

    /// Compile a plan on its own. `key` must be given when the plan
    /// pseudonymizes.
    pub fn new(
        plan: &Plan<'_>,
        key: Option<PseudonymKey>,
        formula_guard: bool,
    ) -> anyhow::Result<Redactor> {
        let scrub = ScrubSets::compile(plan.policy, [plan])?;
        Redactor::compile(plan, key, formula_guard, &scrub)
    }

    /// Compile a plan with detectors compiled already (for it and perhaps
    /// other plans of the same policy).
    pub fn compile(
        plan: &Plan<'_>,
        key: Option<PseudonymKey>,
        formula_guard: bool,
        scrub: &ScrubSets,
    ) -> anyhow::Result<Redactor> {
        let policy = plan.policy;
        if plan.needs_key() && key.is_none() {
            bail!(
                "the profile {} pseudonymizes, so it needs a key: give --key-file FILE or set DISCLOSE_KEY (at least 16 bytes)",
                plan.label()
            );
        }
        let scrubber = scrub.scrubber.clone();
        let mut needs_terms = false;
        let mut ops = Vec::with_capacity(policy.fields.len());
        for (fi, field) in policy.fields.iter().enumerate() {
            let category = &policy.categories[field.category].id;
            let authority = plan.rules[fi].authority.as_deref().unwrap_or("");
            let label = policy.redaction_label.render(|p| match p {
                "field" => &field.name,
                "authority" => authority,
                _ => category,
            });
            let op = match &plan.rules[fi].action {
                Action::Keep => CompiledAction::Keep,
                Action::Drop => CompiledAction::Drop,
                Action::Redact => CompiledAction::Redact,
                Action::Mask { keep_last } => CompiledAction::Mask(*keep_last),
                // By default one recipient's pseudonyms cannot be joined
                // with another's; a named domain is shared on purpose.
                Action::Pseudonymize { domain } => CompiledAction::Pseudonymize(
                    domain
                        .clone()
                        .unwrap_or_else(|| format!("{}/{}", plan.recipient.id, field.name)),
                ),
                Action::Generalize(Generalize::Year) => CompiledAction::GeneralizeDate {
                    month: false,
                    format: field.date_format().to_string(),
                },
                Action::Generalize(Generalize::Month) => CompiledAction::GeneralizeDate {
                    month: true,
                    format: field.date_format().to_string(),
                },
                Action::Generalize(Generalize::Bucket(n)) => CompiledAction::Bucket(*n),
                Action::Scrub { .. } => {
                    let Some(index) = plan.rules[fi]
                        .action
                        .scrub_set(&policy.scrub)
                        .and_then(|list| scrub.index(&list))
                    else {
                        bail!(
                            "internal error: field {:?} has no scrub detectors",
                            field.name
                        );
                    };
                    if scrubber.as_ref().is_some_and(|s| s.uses_subject(index)) {
                        needs_terms = true;
                    }
                    CompiledAction::Scrub(index)
                }
            };
            ops.push(CompiledField {
                op,
                label,
                kind: field.kind,
                category: field.category,
            });
        }
        Ok(Redactor {
            ops,
            names: policy.fields.iter().map(|f| f.name.clone()).collect(),
            trie: policy.trie.clone(),
            key,
            scrubber,
            keys: scrub.keys.clone(),
            scrub_sets: scrub.lists.len(),
            needs_terms,
            unclassified: policy.unclassified,
            formula_guard,
            collect: false,
        })
    }

    /// Whether CSV cells a spreadsheet would run are guarded.
    pub fn formula_guard(&self) -> bool {
        self.formula_guard
    }

    /// A fresh tally sized for this plan.
    pub fn tally(&self) -> Tally {
        Tally {
            fields: vec![FieldTally::default(); self.ops.len()],
            scrubbed: vec![0; self.scrubber.as_ref().map_or(0, |s| s.labels().len())],
            ..Tally::default()
        }
    }

    /// The labels `Tally::scrubbed` counts.
    pub fn scrub_labels(&self) -> &[String] {
        self.scrubber.as_ref().map_or(&[], |s| s.labels())
    }

    // ---- scalar values -------------------------------------------------

    /// Apply a transforming action (mask, pseudonymize, generalize, scrub)
    /// to a non-empty scalar.
    fn transform(
        &self,
        field: usize,
        value: &str,
        terms: &SubjectTerms,
        tally: &mut Tally,
    ) -> Outcome {
        let outcome = self.transform_value(field, value, terms, tally);
        if !matches!(outcome, Outcome::Unprocessable(_)) {
            tally.fields[field].processed += 1;
        }
        outcome
    }

    fn transform_value(
        &self,
        field: usize,
        value: &str,
        terms: &SubjectTerms,
        tally: &mut Tally,
    ) -> Outcome {
        match &self.ops[field].op {
            CompiledAction::Keep | CompiledAction::Drop | CompiledAction::Redact => Outcome::Same,
            CompiledAction::Mask(keep_last) => match mask(value, *keep_last) {
                Some(masked) => Outcome::Changed(masked),
                None => Outcome::Same,
            },
            CompiledAction::Pseudonymize(domain) => match &self.key {
                Some(key) => Outcome::Changed(key.pseudonym(domain, value)),
                None => Outcome::Unprocessable("no pseudonymization key"),
            },
            CompiledAction::GeneralizeDate { month, format } => {
                match generalize_date(value, format, *month) {
                    Some(out) => Outcome::Changed(out),
                    None => Outcome::Unprocessable(
                        "generalize could not read the value as a date in the field's format",
                    ),
                }
            }
            CompiledAction::Bucket(width) => match bucket(value, *width) {
                Some(out) => Outcome::Changed(out),
                None => Outcome::Unprocessable("generalize could not read the value as a number"),
            },
            CompiledAction::Scrub(set) => {
                let scrubber = self.scrubber.as_ref().expect("scrubber compiled");
                match scrubber.scrub(*set, value, terms, &mut tally.scrubbed) {
                    Some(out) => Outcome::Changed(out),
                    None => Outcome::Same,
                }
            }
        }
    }

    /// The field name for messages.
    pub fn field_name(&self, field: usize) -> &str {
        &self.names[field]
    }
}

/// Why a JSON container cannot be transformed.
const CONTAINER: &str =
    "the value is an object or array, to which only keep, drop and redact apply";

/// Why a single value where the policy classifies paths below is withheld.
const SCALAR_ABOVE: &str = "the value is a single value (a string, number or boolean) where the policy classifies paths below it, so no rule below can process it; it is withheld";

/// Why a JSON value under classified paths of the other shape is withheld.
const SHAPE_DIFFERS: &str = "the value is an object or array of another shape than the policy's paths below this field, so it is withheld, not kept whole";

/// Count a value that its action could not process (it becomes the label).
fn count_unprocessable(
    fi: usize,
    path: &str,
    reason: &'static str,
    scratch: &mut RecordState,
    tally: &mut Tally,
) {
    tally.fields[fi].changed += 1;
    tally.fields[fi].unprocessable += 1;
    scratch.unprocessable.push(Unprocessable {
        field: fi,
        path: path.to_string(),
        reason,
    });
}

fn is_scalar(v: &Value) -> bool {
    !v.is_container()
}

/// `null` or an empty string: stays as it is under every action but
/// `redact`.
fn is_empty(v: &Value) -> bool {
    matches!(v, Value::Null) || v.as_str() == Some("")
}

mod csv;
mod json;
mod values;

pub use values::{bucket, generalize_date, mask, needs_formula_guard};

#[cfg(test)]
mod scrub_tests;
