//! `check`'s leak detector: an observer that sees each disclosed record
//! before and after redaction and reports
//!
//! - echo: a value (4 characters or more) of a field the profile does not
//!   keep (drop, redact, mask, pseudonymize, generalize) appears in another
//!   field's output, or unchanged in its own;
//! - detector: a built-in detector matches in a disclosed `text` field.
//!
//! Findings name profile, sample, record and field — never a value.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::flow::engine::Observer;
use crate::io::input::RecordPos;
use crate::plan::Plan;
use crate::policy::{Action, FieldKind, Policy};
use crate::record::fieldpath::{self, Cursor, Trie};
use crate::record::value::{Object, Value};
use crate::redact::CsvLayout;
use crate::scrub::{Scrubber, SubjectTerms};

/// Values shorter than this (in characters) are too common to call a leak.
const MIN_ECHO_CHARS: usize = 4;

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// `echo`, `detector` or `coverage`.
    pub kind: &'static str,
    /// `RECIPIENT:BASIS`; `null` for coverage, which is about the sample.
    pub profile: Option<String>,
    pub sample: String,
    pub record: Option<u64>,
    pub line: Option<u64>,
    /// The field whose value leaked, the text field a detector matched in,
    /// or the unclassified field.
    pub field: String,
    /// For echo: the field whose output holds the value (the same field
    /// when it went out unchanged).
    pub into: Option<String>,
    /// For detector: the labels that matched.
    pub detectors: Option<Vec<String>>,
}

/// What the observer checks of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Watch {
    /// Kept unchanged: nothing to check.
    Kept,
    /// Not kept: its values must not reappear.
    Withheld,
    /// Scrubbed: its output is disclosed text, nothing to echo-check.
    Scrubbed,
}

/// Looks at each disclosed record before and after redaction.
pub struct LeakObserver {
    label: String,
    trie: Trie,
    watch: Vec<Watch>,
    kinds: Vec<FieldKind>,
    /// Per field: whether its disclosed text is searched with the built-in
    /// detectors. Not for text scrubbed with every built-in detector: those
    /// already ran over it and replaced what they found.
    detect: Vec<bool>,
    detectors: Scrubber,
    counts: Vec<u64>,
    terms: SubjectTerms,
    pub findings: BTreeSet<Finding>,
    /// The record's output, joined, and where each leaf ends in it.
    joined: String,
    ends: Vec<usize>,
}

impl LeakObserver {
    /// The detectors `check` searches disclosed text with, compiled once
    /// for every profile.
    pub fn detectors(policy: &Policy) -> anyhow::Result<Scrubber> {
        let keys = crate::scrub::key_detectors(&policy.scrub);
        Scrubber::new(&policy.scrub, &[builtin(), keys])
    }

    /// Whether a key that the policy does not name may be shown: it looks
    /// like a field name and no detector matches it.
    fn shows_key(&self, key: &str) -> bool {
        fieldpath::looks_like_name(key) && !self.detectors.matches_key(1, key)
    }

    pub fn new(plan: &Plan<'_>, label: &str, detectors: &Scrubber) -> LeakObserver {
        let builtin = builtin();
        let detectors = detectors.clone();
        let policy = plan.policy;
        let watch = plan
            .rules
            .iter()
            .map(|r| match r.action {
                Action::Keep => Watch::Kept,
                Action::Scrub { .. } => Watch::Scrubbed,
                _ => Watch::Withheld,
            })
            .collect();
        let detect = plan
            .rules
            .iter()
            .zip(&policy.fields)
            .map(|(rule, field)| {
                let all_builtin = |set: &[String]| builtin.iter().all(|b| set.contains(b));
                field.kind == FieldKind::Text
                    && rule.action.discloses()
                    && !rule
                        .action
                        .scrub_detectors(&policy.scrub.detectors)
                        .is_some_and(all_builtin)
            })
            .collect();
        LeakObserver {
            label: label.to_string(),
            trie: policy.trie.clone(),
            watch,
            kinds: policy.fields.iter().map(|f| f.kind).collect(),
            detect,
            counts: vec![0; detectors.labels().len()],
            detectors,
            terms: SubjectTerms::default(),
            findings: BTreeSet::new(),
            joined: String::new(),
            ends: Vec::new(),
        }
    }

    fn finding(&self, kind: &'static str, sample: &str, pos: RecordPos, field: &str) -> Finding {
        Finding {
            kind,
            profile: Some(self.label.clone()),
            sample: sample.to_string(),
            record: Some(pos.record),
            line: Some(pos.line),
            field: field.to_string(),
            into: None,
            detectors: None,
        }
    }

    /// Check one disclosed record, given as leaves before and after
    /// redaction.
    fn check(&mut self, sample: &str, pos: RecordPos, before: &[Leaf<'_>], after: &[Leaf<'_>]) {
        // All output text in one string, separated by NUL (which no value
        // holds), so each withheld value is searched for once.
        self.joined.clear();
        self.ends.clear();
        for out in after {
            self.joined.push_str(out.text);
            self.ends.push(self.joined.len());
            self.joined.push('\0');
        }
        for leaf in before {
            let Some(fi) = leaf.field else { continue };
            if self.watch[fi] != Watch::Withheld || leaf.text.chars().count() < MIN_ECHO_CHARS {
                continue;
            }
            let mut leaked_into: Vec<usize> = Vec::new();
            for at in memchr::memmem::find_iter(self.joined.as_bytes(), leaf.text.as_bytes()) {
                let cell = self.ends.partition_point(|&end| end < at + leaf.text.len());
                let Some(out) = after.get(cell) else { continue };
                // In its own output only an unchanged value is a leak (a
                // masked SSN keeps its last digits, a generalized date its year).
                let own = out.name == leaf.name;
                if (!own || out.text == leaf.text) && !leaked_into.contains(&cell) {
                    leaked_into.push(cell);
                }
            }
            for cell in leaked_into {
                let mut f = self.finding("echo", sample, pos, leaf.name);
                f.into = Some(after[cell].name.to_string());
                self.findings.insert(f);
            }
        }
        if !after
            .iter()
            .any(|out| out.field.is_some_and(|fi| self.detect[fi]))
        {
            return;
        }
        self.terms.clear();
        for leaf in before {
            match leaf.field.map(|fi| self.kinds[fi]) {
                Some(FieldKind::Name) => self.terms.add_name(leaf.text),
                Some(FieldKind::Address) => self.terms.add_address(leaf.text),
                _ => {}
            }
        }
        for out in after {
            if !out.field.is_some_and(|fi| self.detect[fi]) {
                continue;
            }
            self.counts.iter_mut().for_each(|c| *c = 0);
            if self
                .detectors
                .scrub(0, out.text, &self.terms, &mut self.counts)
                .is_some()
            {
                let labels = self
                    .detectors
                    .labels()
                    .iter()
                    .zip(&self.counts)
                    .filter(|(_, n)| **n > 0)
                    .map(|(l, _)| l.clone())
                    .collect();
                let mut f = self.finding("detector", sample, pos, out.name);
                f.detectors = Some(labels);
                self.findings.insert(f);
            }
        }
    }
}

/// A scalar of a record: the field that classifies it, the name a finding
/// uses (CSV column or JSON path), and its text.
struct Leaf<'a> {
    field: Option<usize>,
    name: &'a str,
    text: &'a str,
}

impl Observer for LeakObserver {
    fn csv_row(
        &mut self,
        input: &str,
        pos: RecordPos,
        layout: &CsvLayout,
        row: &csv::StringRecord,
        out: &[&[u8]],
    ) {
        let names = layout.column_names();
        let before: Vec<Leaf<'_>> = row
            .iter()
            .zip(&layout.columns)
            .zip(names)
            .map(|((text, field), name)| Leaf {
                field: *field,
                name,
                text,
            })
            .collect();
        let after: Vec<Leaf<'_>> = layout
            .written_columns()
            .iter()
            .zip(out)
            .map(|(&ci, cell)| Leaf {
                field: layout.columns[ci],
                name: &names[ci],
                text: std::str::from_utf8(cell).unwrap_or(""),
            })
            .collect();
        self.check(input, pos, &before, &after);
    }

    fn json_record(&mut self, input: &str, pos: RecordPos, original: &Object, out: &Object) {
        let shows = |key: &str| self.shows_key(key);
        let (before, after) = (
            leaves(&self.trie, original, &shows),
            leaves(&self.trie, out, &shows),
        );
        self.check(input, pos, &borrowed(&before), &borrowed(&after));
    }
}

/// Leaves that borrow their paths from `owned`.
fn borrowed<'a>(owned: &'a [(Option<usize>, String, &'a str)]) -> Vec<Leaf<'a>> {
    owned
        .iter()
        .map(|(field, name, text)| Leaf {
            field: *field,
            name,
            text,
        })
        .collect()
}

/// Every scalar of a JSON object: its classification, path and text.
fn leaves<'a>(
    trie: &Trie,
    object: &'a Object,
    shows: &dyn Fn(&str) -> bool,
) -> Vec<(Option<usize>, String, &'a str)> {
    fn walk<'a>(
        trie: &Trie,
        shows: &dyn Fn(&str) -> bool,
        value: &'a Value,
        cursor: Cursor,
        path: &mut String,
        out: &mut Vec<(Option<usize>, String, &'a str)>,
    ) {
        match value {
            Value::Object(object) => {
                for (i, (key, value)) in object.iter().enumerate() {
                    let len = path.len();
                    let next = trie.key(cursor, key);
                    // A key the policy does not name may be data: shown
                    // by its position unless it looks like a field name.
                    if next.node.is_some() || shows(key) {
                        fieldpath::push_key(path, key);
                    } else {
                        fieldpath::push_key(path, &format!("<key {}>", i + 1));
                    }
                    walk(trie, shows, value, next, path, out);
                    path.truncate(len);
                }
            }
            Value::Array(items) => {
                let each = trie.each(cursor);
                let len = path.len();
                path.push_str("[]");
                for item in items {
                    walk(trie, shows, item, each, path, out);
                }
                path.truncate(len);
            }
            other => {
                if let Some(text) = other.scalar_text() {
                    out.push((cursor.field, path.clone(), text));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (key, value) in object.iter() {
        let mut path = String::new();
        fieldpath::push_key(&mut path, key);
        walk(
            trie,
            shows,
            value,
            trie.key(trie.root(), key),
            &mut path,
            &mut out,
        );
    }
    out
}

/// The built-in detectors, by name.
fn builtin() -> Vec<String> {
    crate::scrub::config::check_detectors()
}
