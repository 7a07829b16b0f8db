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
use crate::policy::{Action, FieldKind, Generalize, Unclassified};
use crate::record::fieldpath::{self, Cursor, Trie};
use crate::scrub::{Scrubber, SubjectTerms};

/// The compiled action of one field.
#[derive(Debug, Clone)]
enum Op {
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
pub struct FieldOp {
    op: Op,
    /// The redaction label with `{category}` and `{field}` expanded.
    pub label: String,
    pub kind: FieldKind,
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
}

/// What a disclosure did, counted.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub fields: Vec<FieldTally>,
    /// Replacements per scrub label, indexed like `Scrubber::labels`.
    pub scrubbed: Vec<u64>,
    pub csv_formula_guarded: u64,
    pub unclassified_dropped: BTreeSet<String>,
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
struct Walk<'a> {
    /// Apply the actions (a disclosed record), or only classify (withheld).
    redact: bool,
    /// The path of the value being walked.
    path: String,
    scratch: &'a mut Scratch,
    tally: &'a mut Tally,
}

/// Per-record working state, reused across records.
#[derive(Debug, Default)]
pub struct Scratch {
    pub terms: SubjectTerms,
    pub unprocessable: Vec<Unprocessable>,
    path: String,
}

/// A field the policy does not classify, met in a record.
#[derive(Debug)]
pub struct UnclassifiedField(pub String);

impl std::fmt::Display for UnclassifiedField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "field {:?} is not classified by the policy: add it to [fields] (or set unclassified = \"drop\")",
            self.0
        )
    }
}

impl std::error::Error for UnclassifiedField {}

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
    ops: Vec<FieldOp>,
    names: Vec<String>,
    trie: Trie,
    key: Option<PseudonymKey>,
    scrubber: Option<Scrubber>,
    needs_terms: bool,
    unclassified: Unclassified,
    formula_guard: bool,
}

/// How the columns of one CSV input map to fields.
#[derive(Debug, Clone)]
pub struct CsvLayout {
    /// Per input column: the field that classifies it, or `None` for an
    /// unclassified column that is dropped.
    pub columns: Vec<Option<usize>>,
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

impl Redactor {
    /// Treat unclassified fields as `unclassified` says, whatever the
    /// policy says (`check` reports them as findings and goes on).
    pub fn set_unclassified(&mut self, unclassified: Unclassified) {
        self.unclassified = unclassified;
    }

    /// Compile a plan. `key` must be given when the plan pseudonymizes.
    pub fn new(
        plan: &Plan<'_>,
        key: Option<PseudonymKey>,
        formula_guard: bool,
    ) -> anyhow::Result<Redactor> {
        let policy = plan.policy;
        if plan.needs_key() && key.is_none() {
            bail!(
                "the profile {} pseudonymizes, so it needs a key: give --key-file FILE or set DISCLOSE_KEY (at least 16 bytes)",
                plan.label()
            );
        }
        let (sets, set_of_field) = plan.scrub_sets();
        let scrubber = if sets.is_empty() {
            None
        } else {
            Some(Scrubber::new(&policy.scrub, &sets)?)
        };
        let mut needs_terms = false;
        let mut ops = Vec::with_capacity(policy.fields.len());
        for (fi, field) in policy.fields.iter().enumerate() {
            let category = &policy.categories[field.category].id;
            let label = policy
                .redaction_label
                .render(|p| if p == "field" { &field.name } else { category });
            let op = match &plan.rules[fi].action {
                Action::Keep => Op::Keep,
                Action::Drop => Op::Drop,
                Action::Redact => Op::Redact,
                Action::Mask { keep_last } => Op::Mask(*keep_last),
                Action::Pseudonymize { domain } => {
                    Op::Pseudonymize(domain.clone().unwrap_or_else(|| field.name.clone()))
                }
                Action::Generalize(Generalize::Year) => Op::GeneralizeDate {
                    month: false,
                    format: field.date_format().to_string(),
                },
                Action::Generalize(Generalize::Month) => Op::GeneralizeDate {
                    month: true,
                    format: field.date_format().to_string(),
                },
                Action::Generalize(Generalize::Bucket(n)) => Op::Bucket(*n),
                Action::Scrub { .. } => {
                    let Some(index) = set_of_field[fi] else {
                        bail!(
                            "internal error: field {:?} has no scrub detectors",
                            field.name
                        );
                    };
                    if scrubber.as_ref().is_some_and(|s| s.uses_subject(index)) {
                        needs_terms = true;
                    }
                    Op::Scrub(index)
                }
            };
            ops.push(FieldOp {
                op,
                label,
                kind: field.kind,
            });
        }
        Ok(Redactor {
            ops,
            names: policy.fields.iter().map(|f| f.name.clone()).collect(),
            trie: policy.trie.clone(),
            key,
            scrubber,
            needs_terms,
            unclassified: policy.unclassified,
            formula_guard,
        })
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
        match &self.ops[field].op {
            Op::Keep | Op::Drop | Op::Redact => Outcome::Same,
            Op::Mask(keep_last) => match mask(value, *keep_last) {
                Some(masked) => Outcome::Changed(masked),
                None => Outcome::Same,
            },
            Op::Pseudonymize(domain) => match &self.key {
                Some(key) => Outcome::Changed(key.pseudonym(domain, value)),
                None => Outcome::Unprocessable("no pseudonymization key"),
            },
            Op::GeneralizeDate { month, format } => match generalize_date(value, format, *month) {
                Some(out) => Outcome::Changed(out),
                None => Outcome::Unprocessable(
                    "generalize could not read the value as a date in the field's format",
                ),
            },
            Op::Bucket(width) => match bucket(value, *width) {
                Some(out) => Outcome::Changed(out),
                None => Outcome::Unprocessable("generalize could not read the value as a number"),
            },
            Op::Scrub(set) => {
                let scrubber = self.scrubber.as_ref().expect("scrubber compiled");
                match scrubber.scrub(*set, value, terms, &mut tally.scrubbed) {
                    Some(out) => Outcome::Changed(out),
                    None => Outcome::Same,
                }
            }
        }
    }

    // ---- CSV -------------------------------------------------------------

    /// Map a CSV header to fields. Fails on an unclassified column unless
    /// the policy drops them.
    pub fn csv_layout(
        &self,
        header: &[String],
        tally: &mut Tally,
    ) -> Result<CsvLayout, UnclassifiedField> {
        let mut columns = Vec::with_capacity(header.len());
        let mut out_header = Vec::new();
        let mut written = Vec::new();
        let (mut name_columns, mut address_columns) = (Vec::new(), Vec::new());
        for (ci, name) in header.iter().enumerate() {
            let field = self.trie.walk(&fieldpath::parse_column(name)).field;
            match field {
                None if self.unclassified == Unclassified::Error => {
                    return Err(UnclassifiedField(name.clone()));
                }
                None => {
                    tally.unclassified_dropped.insert(name.clone());
                }
                Some(fi) => {
                    tally.fields[fi].present = true;
                    if !matches!(self.ops[fi].op, Op::Drop) {
                        out_header.push(name.clone());
                        written.push(ci);
                    }
                    match self.ops[fi].kind {
                        FieldKind::Name => name_columns.push(ci),
                        FieldKind::Address => address_columns.push(ci),
                        _ => {}
                    }
                }
            }
            columns.push(field);
        }
        Ok(CsvLayout {
            columns,
            out_header,
            written,
            names: header.to_vec(),
            name_columns,
            address_columns,
        })
    }

    /// Redact one CSV row (already checked to be UTF-8, one cell per column)
    /// and hand each output cell to `emit`.
    pub fn csv_row(
        &self,
        layout: &CsvLayout,
        row: &csv::StringRecord,
        scratch: &mut Scratch,
        tally: &mut Tally,
        mut emit: impl FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        scratch.unprocessable.clear();
        if self.needs_terms {
            scratch.terms.clear();
            for &c in &layout.name_columns {
                scratch.terms.add_name(&row[c]);
            }
            for &c in &layout.address_columns {
                scratch.terms.add_address(&row[c]);
            }
        }
        for (ci, field) in layout.columns.iter().enumerate() {
            let Some(fi) = *field else { continue };
            let cell: &str = &row[ci];
            let op = &self.ops[fi];
            tally.fields[fi].disclosed = true;
            match &op.op {
                Op::Keep => self.emit_guarded(cell.as_bytes(), tally, &mut emit)?,
                Op::Drop => tally.fields[fi].changed += 1,
                Op::Redact => {
                    if cell != op.label {
                        tally.fields[fi].changed += 1;
                    }
                    self.emit_guarded(op.label.as_bytes(), tally, &mut emit)?;
                }
                _ if cell.is_empty() => emit(b"")?,
                _ => match self.transform(fi, cell, &scratch.terms, tally) {
                    Outcome::Same => self.emit_guarded(cell.as_bytes(), tally, &mut emit)?,
                    Outcome::Changed(out) => {
                        if out != cell {
                            tally.fields[fi].changed += 1;
                        }
                        self.emit_guarded(out.as_bytes(), tally, &mut emit)?;
                    }
                    Outcome::Unprocessable(reason) => {
                        count_unprocessable(fi, "", reason, scratch, tally);
                        self.emit_guarded(op.label.as_bytes(), tally, &mut emit)?;
                    }
                },
            }
        }
        Ok(())
    }

    fn emit_guarded(
        &self,
        cell: &[u8],
        tally: &mut Tally,
        emit: &mut impl FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.formula_guard && needs_formula_guard(cell) {
            tally.csv_formula_guarded += 1;
            let mut guarded = Vec::with_capacity(cell.len() + 1);
            guarded.push(b'\'');
            guarded.extend_from_slice(cell);
            emit(&guarded)
        } else {
            emit(cell)
        }
    }

    // ---- JSON ------------------------------------------------------------

    /// Check that every value of a record is classified (dropping the
    /// unclassified ones when the policy says so) and note which fields
    /// occur, without changing anything else. Used for withheld records.
    pub fn json_survey(
        &self,
        record: &mut Object,
        scratch: &mut Scratch,
        tally: &mut Tally,
    ) -> Result<(), UnclassifiedField> {
        self.walk(record, false, scratch, tally)
    }

    fn unclassified(&self, path: &str, tally: &mut Tally) -> Result<bool, UnclassifiedField> {
        match self.unclassified {
            Unclassified::Error => Err(UnclassifiedField(path.to_string())),
            Unclassified::Drop => {
                if !tally.unclassified_dropped.contains(path) {
                    tally.unclassified_dropped.insert(path.to_string());
                }
                Ok(false)
            }
        }
    }

    /// Redact one JSON record in place.
    pub fn json_record(
        &self,
        record: &mut Object,
        scratch: &mut Scratch,
        tally: &mut Tally,
    ) -> Result<(), UnclassifiedField> {
        scratch.unprocessable.clear();
        if self.needs_terms {
            scratch.terms.clear();
            self.gather_terms(record, self.trie.root(), &mut scratch.terms);
        }
        self.walk(record, true, scratch, tally)
    }

    /// Walk a record: classify every value (unclassified ones are an error
    /// or dropped), note which fields occur, and, when `redact`, apply the
    /// actions.
    fn walk(
        &self,
        record: &mut Object,
        redact: bool,
        scratch: &mut Scratch,
        tally: &mut Tally,
    ) -> Result<(), UnclassifiedField> {
        let mut path = std::mem::take(&mut scratch.path);
        path.clear();
        let mut walk = Walk {
            redact,
            path,
            scratch,
            tally,
        };
        let result = self.object(record, self.trie.root(), &mut walk);
        walk.scratch.path = walk.path;
        result
    }

    fn gather_terms(&self, map: &Object, cursor: Cursor, terms: &mut SubjectTerms) {
        for (key, value) in map.iter() {
            self.gather_node(value, self.trie.key(cursor, key), terms);
        }
    }

    fn gather_node(&self, value: &Value, cursor: Cursor, terms: &mut SubjectTerms) {
        match value {
            Value::Object(map) => self.gather_terms(map, cursor, terms),
            Value::Array(items) => {
                let each = self.trie.each(cursor);
                for item in items {
                    self.gather_node(item, each, terms);
                }
            }
            // A number is a value too: a ZIP code written as 74196.
            Value::String(s) | Value::Number(s) => match cursor.field.map(|fi| self.ops[fi].kind) {
                Some(FieldKind::Name) => terms.add_name(s),
                Some(FieldKind::Address) => terms.add_address(s),
                _ => {}
            },
            _ => {}
        }
    }

    fn object(
        &self,
        map: &mut Object,
        cursor: Cursor,
        walk: &mut Walk<'_>,
    ) -> Result<(), UnclassifiedField> {
        let mut failed = None;
        map.retain(|key, value| {
            if failed.is_some() {
                return true;
            }
            let len = walk.path.len();
            fieldpath::push_key(&mut walk.path, key);
            let keep = match self.node(value, self.trie.key(cursor, key), walk) {
                Ok(keep) => keep,
                Err(e) => {
                    failed = Some(e);
                    true
                }
            };
            walk.path.truncate(len);
            keep
        });
        failed.map_or(Ok(()), Err)
    }

    /// Walk one value; `false` when it is to be removed.
    fn node(
        &self,
        value: &mut Value,
        cursor: Cursor,
        walk: &mut Walk<'_>,
    ) -> Result<bool, UnclassifiedField> {
        // Classified paths below a field expect an object (`a.b`) or an
        // array (`a[].b`). A kept value of the other shape cannot be walked
        // along them: it is withheld rather than kept whole (fail closed).
        // Other actions walk it, and its leaves take the field's action.
        let descends = self.trie.descends(cursor);
        let fits = match value {
            Value::Object(_) => self.trie.has_keys(cursor),
            Value::Array(_) => self.trie.has_each(cursor),
            _ => true,
        };
        let kept = cursor
            .field
            .is_some_and(|fi| matches!(self.ops[fi].op, Op::Keep));
        let shape_differs = descends && kept && !fits;
        if descends && !shape_differs {
            match value {
                Value::Object(map) => {
                    return self.object(map, cursor, walk).map(|_| true);
                }
                Value::Array(items) => {
                    let each = self.trie.each(cursor);
                    let len = walk.path.len();
                    walk.path.push_str("[]");
                    let mut result = Ok(());
                    items.retain_mut(|item| {
                        if result.is_err() {
                            return true;
                        }
                        match self.node(item, each, walk) {
                            Ok(keep) => keep,
                            Err(e) => {
                                result = Err(e);
                                true
                            }
                        }
                    });
                    walk.path.truncate(len);
                    return result.map(|_| true);
                }
                _ => {}
            }
        }
        let Some(fi) = cursor.field else {
            return self.unclassified(&walk.path, walk.tally);
        };
        walk.tally.fields[fi].present = true;
        if !walk.redact {
            return Ok(true);
        }
        let (path, scratch, tally) = (&walk.path, &mut *walk.scratch, &mut *walk.tally);
        tally.fields[fi].disclosed = true;
        let op = &self.ops[fi];
        match &op.op {
            Op::Keep if shape_differs => {
                count_unprocessable(fi, path, SHAPE_DIFFERS, scratch, tally);
                *value = Value::String(op.label.clone());
                Ok(true)
            }
            Op::Keep => Ok(true),
            Op::Drop => {
                tally.fields[fi].changed += 1;
                Ok(false)
            }
            Op::Redact => {
                if value.as_str() != Some(op.label.as_str()) {
                    tally.fields[fi].changed += 1;
                }
                *value = Value::String(op.label.clone());
                Ok(true)
            }
            _ => {
                match value {
                    Value::Array(items) if items.iter().all(is_scalar) => {
                        for item in items.iter_mut() {
                            self.scalar(fi, item, path, scratch, tally);
                        }
                    }
                    Value::Array(_) | Value::Object(_) => {
                        count_unprocessable(fi, path, CONTAINER, scratch, tally);
                        *value = Value::String(op.label.clone());
                    }
                    _ => self.scalar(fi, value, path, scratch, tally),
                }
                Ok(true)
            }
        }
    }

    /// Apply a transforming action to one JSON scalar.
    fn scalar(
        &self,
        fi: usize,
        value: &mut Value,
        path: &str,
        scratch: &mut Scratch,
        tally: &mut Tally,
    ) {
        let text = match value.scalar_text() {
            None | Some("") => return,
            Some(text) => text,
        };
        let outcome = self.transform(fi, text, &scratch.terms, tally);
        match outcome {
            Outcome::Same => {}
            Outcome::Changed(out) => {
                if out != text || !matches!(value, Value::String(_)) {
                    tally.fields[fi].changed += 1;
                }
                *value = Value::String(out);
            }
            Outcome::Unprocessable(reason) => {
                count_unprocessable(fi, path, reason, scratch, tally);
                *value = Value::String(self.ops[fi].label.clone());
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

/// Why a JSON value under classified paths of the other shape is withheld.
const SHAPE_DIFFERS: &str = "the value is an object or array of another shape than the policy's paths below this field, so it is withheld, not kept whole";

/// Count a value that its action could not process (it becomes the label).
fn count_unprocessable(
    fi: usize,
    path: &str,
    reason: &'static str,
    scratch: &mut Scratch,
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

/// Whether a spreadsheet would run this cell as a formula: it begins with
/// `=`, `+`, `-`, `@`, tab or carriage return and contains a letter.
pub fn needs_formula_guard(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && std::str::from_utf8(cell).is_ok_and(|s| s.chars().any(char::is_alphabetic))
}

/// Mask every letter and digit except the last `keep_last`. `None` when
/// nothing changes.
pub fn mask(value: &str, keep_last: usize) -> Option<String> {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    if total <= keep_last {
        return None;
    }
    let mut to_mask = total - keep_last;
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if to_mask > 0 && c.is_alphanumeric() {
            out.push('*');
            to_mask -= 1;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// A date's year (`1985`) or month (`1985-03`). `None` when the value is
/// not a date in `format`.
pub fn generalize_date(value: &str, format: &str, month: bool) -> Option<String> {
    let date = jiff::civil::Date::strptime(format, value.trim()).ok()?;
    Some(if month {
        format!("{:04}-{:02}", date.year(), date.month())
    } else {
        format!("{:04}", date.year())
    })
}

/// The bucket of width `width` that holds a number (`37`, 10 -> `30-39`).
/// `None` when the value is not a finite number.
pub fn bucket(value: &str, width: u64) -> Option<String> {
    let text = value.trim();
    let width = i128::from(width);
    let lower = if let Ok(n) = text.parse::<i128>() {
        n.checked_div_euclid(width)?.checked_mul(width)?
    } else {
        let x: f64 = text.parse().ok()?;
        if !x.is_finite() || x.abs() > 1e30 {
            return None;
        }
        ((x / width as f64).floor() as i128).checked_mul(width)?
    };
    Some(format!("{lower}-{}", lower.checked_add(width - 1)?))
}

#[cfg(test)]
mod scrub_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_the_last_letters_and_digits() {
        assert_eq!(mask("123-45-6789", 4).as_deref(), Some("***-**-6789"));
        assert_eq!(mask("José", 0).as_deref(), Some("****"));
        assert_eq!(mask("José Ruiz", 2).as_deref(), Some("**** **iz"));
        assert_eq!(mask("1234", 4), None);
        assert_eq!(mask("--", 0), None);
    }

    #[test]
    fn generalize_dates_in_their_format() {
        assert_eq!(
            generalize_date("1985-03-27", "%Y-%m-%d", false).as_deref(),
            Some("1985")
        );
        assert_eq!(
            generalize_date("03/27/1985", "%m/%d/%Y", true).as_deref(),
            Some("1985-03")
        );
        assert_eq!(generalize_date("1985-02-30", "%Y-%m-%d", false), None);
        assert_eq!(generalize_date("soon", "%Y-%m-%d", false), None);
    }

    #[test]
    fn buckets_numbers() {
        assert_eq!(bucket("37", 10).as_deref(), Some("30-39"));
        assert_eq!(bucket("40", 10).as_deref(), Some("40-49"));
        assert_eq!(bucket("0", 5).as_deref(), Some("0-4"));
        assert_eq!(bucket("-3", 10).as_deref(), Some("-10--1"));
        assert_eq!(bucket("37.5", 10).as_deref(), Some("30-39"));
        assert_eq!(bucket("1e999", 10), None);
        assert_eq!(bucket("NaN", 10), None);
        assert_eq!(bucket("n/a", 10), None);
    }

    #[test]
    fn formula_guard_needs_a_trigger_and_a_letter() {
        for cell in ["=SUM(A1)", "+cmd", "-x", "@import", "\tA", "\rB"] {
            assert!(needs_formula_guard(cell.as_bytes()), "{cell:?}");
        }
        for cell in ["-3.5", "+1 509 555 0133", "=1+2", "plain", ""] {
            assert!(!needs_formula_guard(cell.as_bytes()), "{cell:?}");
        }
    }
}
