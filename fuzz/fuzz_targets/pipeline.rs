#![no_main]
//! The whole `apply` pipeline over arbitrary bytes, in memory: a fixed
//! policy and profile, the first byte choosing the format (CSV, JSON array,
//! NDJSON), the rest the input.
//!
//! It must never panic. When the run succeeds, the output is read back and
//! checked against the input, record by record, by an independent model of
//! the policy below (longest classified path wins, unclassified fields are
//! dropped):
//!
//! - no value (4 characters or more) of a field that is not kept, nor of an
//!   unclassified field, appears in any kept output value, unless the same
//!   record's kept values or the fixed labels contain it;
//! - dropped and unclassified fields are absent; kept values are unchanged
//!   (but for the CSV formula guard's `'`); redacted values are the label;
//!   pseudonyms are the HMAC of their own value; masks hide every letter
//!   and digit but the last few; generalized values have the shape of a
//!   year, month or bucket (or are the label);
//! - every record read is written, and the whole input is hashed;
//! - a run with a key that equals a classified sibling key up to case,
//!   NFKC or an invisible character (a look-alike) fails, as does a CSV
//!   column with classified paths below it;
//! - a single value (string, number, boolean) where classified paths
//!   continue below is the label of one of those fields (or dropped, under
//!   a covering `drop`).

use std::collections::{BTreeSet, HashSet};
use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::LazyLock;

use disclose::api::CsvInput;
use disclose::api::Plan;
use disclose::api::Policy;
use disclose::api::PseudonymKey;
use disclose::api::RecordWriter;
use disclose::api::Redactor;
use disclose::api::Request;
use disclose::api::{Engine, RunOptions};
use disclose::api::{Format, InputSpec};
use disclose::api::{JsonArrayInput, NdjsonInput};
use disclose::api::{Object, Value};
use disclose::api::{PathStep, fieldpath};
use libfuzzer_sys::fuzz_target;

const POLICY: &str = r#"
version = 1
subject_field = "person_id"
redaction_label = "[WITHHELD {field}]"
unclassified = "drop"

[categories]
ident = "Identifiers"
case = "Case"
sup = "Supervision"

[fields]
person_id = { category = "ident" }
full_name = { category = "ident", kind = "name" }
aliases = { category = "ident", kind = "name" }
dob = { category = "ident", kind = "date", format = "%m/%d/%Y" }
ssn = { category = "ident" }
address = { category = "ident", kind = "address" }
phone = { category = "ident" }
case_number = { category = "case" }
offense = { category = "case" }
risk_score = { category = "sup", kind = "number" }
narrative_notes = { category = "sup", kind = "text" }
"person" = { category = "ident" }
"person.name" = { category = "ident", kind = "name" }
"person.aliases" = { category = "ident", kind = "name" }
"person.dob" = { category = "ident", kind = "date", format = "%m/%d/%Y" }
"person.ssn" = { category = "ident" }
"person.address" = { category = "ident", kind = "address" }
"charges" = { category = "case" }
"charges[].victim" = { category = "ident", kind = "name" }
"supervision.risk_score" = { category = "sup", kind = "number" }
"notes[].text" = { category = "sup", kind = "text" }

[recipients.court]
name = "Court"

[bases.order]
description = "Order"

[[scrub.patterns]]
label = "CASE-NO"
regex = '\bCR-\d{4}-\d{3,6}\b'

[[scrub.terms]]
label = "PROVIDER"
terms = ["Sunrise Recovery Services", "Maple Street Clinic"]

[[profiles]]
recipient = "court"
basis = "order"
[profiles.categories]
ident = "drop"
case = "keep"
sup = "drop"
[profiles.fields]
person_id = "keep"
aliases = { action = "pseudonymize", domain = "alias" }
dob = { action = "generalize", to = "year" }
ssn = "redact"
phone = { action = "mask", keep_last = 4 }
risk_score = { action = "generalize", bucket = 10 }
narrative_notes = "scrub"
person = "keep"
"person.name" = "drop"
"person.aliases" = "pseudonymize"
"person.dob" = { action = "generalize", to = "month" }
"person.ssn" = "redact"
"person.address" = { action = "mask", keep_last = 2 }
"charges[].victim" = "redact"
"supervision.risk_score" = { action = "generalize", bucket = 5 }
"notes[].text" = { action = "scrub", mode = "allowlist" }
"#;

const KEY: &[u8] = b"fuzzing key, not for disclosures";

/// The model's view of each classified path: what the profile does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Keep,
    Drop,
    Redact,
    Pseudonymize(&'static str),
    Mask(usize),
    Year,
    Month,
    Bucket,
    Scrub,
}

const MODEL: &[(&str, Act)] = &[
    ("person_id", Act::Keep),
    ("full_name", Act::Drop),
    ("aliases", Act::Pseudonymize("alias")),
    ("dob", Act::Year),
    ("ssn", Act::Redact),
    ("address", Act::Drop),
    ("phone", Act::Mask(4)),
    ("case_number", Act::Keep),
    ("offense", Act::Keep),
    ("risk_score", Act::Bucket),
    ("narrative_notes", Act::Scrub),
    ("person", Act::Keep),
    ("person.name", Act::Drop),
    ("person.aliases", Act::Pseudonymize("court/person.aliases")),
    ("person.dob", Act::Month),
    ("person.ssn", Act::Redact),
    ("person.address", Act::Mask(2)),
    ("charges", Act::Keep),
    ("charges[].victim", Act::Redact),
    ("supervision.risk_score", Act::Bucket),
    ("notes[].text", Act::Scrub),
];

struct Model {
    paths: Vec<(Vec<PathStep>, &'static str, Act)>,
    key: PseudonymKey,
    /// The labels and the keys the model names: fixed text in any output.
    fixed: Vec<String>,
}

impl Model {
    fn new() -> Model {
        Model {
            paths: MODEL
                .iter()
                .map(|(name, act)| (fieldpath::parse(name).expect("model path"), *name, *act))
                .collect(),
            key: PseudonymKey::from_bytes(KEY).expect("key"),
            fixed: MODEL
                .iter()
                .map(|(name, _)| label(name))
                .chain(
                    MODEL
                        .iter()
                        .flat_map(|(name, _)| name.split('.'))
                        .map(|k| k.trim_end_matches("[]").to_string()),
                )
                .collect(),
        }
    }

    /// The field whose path is the longest prefix of `path`, if any.
    fn govern(&self, path: &[PathStep]) -> Option<(&'static str, Act)> {
        self.paths
            .iter()
            .filter(|(p, _, _)| path.starts_with(p))
            .max_by_key(|(p, _, _)| p.len())
            .map(|(_, name, act)| (*name, *act))
    }

    /// Whether a classified path continues below `path`.
    fn descends(&self, path: &[PathStep]) -> bool {
        self.paths
            .iter()
            .any(|(p, _, _)| p.len() > path.len() && p.starts_with(path))
    }

    /// Whether classified paths below `path` can be followed into `value`:
    /// object keys (`a.b`) into an object, elements (`a[].b`) into an array.
    fn fits(&self, value: &Value, path: &[PathStep]) -> bool {
        let next = |each: bool| {
            self.paths.iter().any(|(p, _, _)| {
                p.len() > path.len()
                    && p.starts_with(path)
                    && matches!(p[path.len()], PathStep::Each) == each
            })
        };
        match value {
            Value::Object(_) => next(false),
            Value::Array(_) => next(true),
            _ => true,
        }
    }

    /// A single non-empty value where classified paths continue below.
    fn scalar_above(&self, value: &Value, path: &[PathStep]) -> bool {
        self.descends(path)
            && !value.is_container()
            && !matches!(value, Value::Null)
            && value.as_str() != Some("")
    }

    /// The labels of the fields classified below `path`.
    fn labels_below(&self, path: &[PathStep]) -> Vec<String> {
        self.paths
            .iter()
            .filter(|(p, _, _)| p.len() > path.len() && p.starts_with(path))
            .map(|(_, name, _)| label(name))
            .collect()
    }

    /// The classified key below `path` that `key` only looks like, if any.
    fn look_alike(&self, path: &[PathStep], key: &str) -> Option<String> {
        let mut exact = false;
        let mut found = None;
        for (p, _, _) in &self.paths {
            if p.len() > path.len()
                && p.starts_with(path)
                && let PathStep::Key(k) = &p[path.len()]
            {
                if k == key {
                    exact = true;
                } else if model_fold(k) == model_fold(key) {
                    found = Some(k.clone());
                }
            }
        }
        if exact { None } else { found }
    }

    /// A kept container that the paths below it do not fit: withheld whole.
    fn kept_misfit(&self, value: &Value, path: &[PathStep]) -> bool {
        self.descends(path)
            && matches!(self.govern(path), Some((_, Act::Keep)))
            && !self.fits(value, path)
    }

    /// Whether a value at `path` survives into the output at all.
    fn present(&self, value: &Value, path: &[PathStep]) -> bool {
        if self.descends(path) && value.is_container() {
            return true;
        }
        if self.scalar_above(value, path) {
            return !matches!(self.govern(path), Some((_, Act::Drop)));
        }
        if self.descends(path) && !value.is_container() && self.govern(path).is_none() {
            // Null or empty where paths are classified below: stays.
            return true;
        }
        !matches!(self.govern(path), None | Some((_, Act::Drop)))
    }
}

/// The model's own key fold: without the invisible characters a reader
/// cannot see (a subset of the default-ignorables), NFKC, lower case.
fn model_fold(key: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let visible: String = key
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}'
            )
        })
        .collect();
    let lower = visible.nfkc().collect::<String>().to_lowercase();
    lower.nfkc().collect()
}

fn label(field: &str) -> String {
    format!("[WITHHELD {field}]")
}

/// What one record contributes to the leak check.
#[derive(Default)]
struct Texts {
    /// Values (and keys) of fields that are not kept: must not leak.
    withheld: HashSet<String>,
    /// Values (and keys) of kept fields: may contain anything.
    kept: Vec<String>,
    /// What transforming actions wrote (checked on their own): may
    /// contain a withheld value by coincidence.
    derived: Vec<String>,
    /// Every key and value of the output record but scrubbed text, to
    /// search for withheld values.
    searched: Vec<String>,
}

/// Every key and scalar text in a value.
fn texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter() {
                out.push(k.clone());
                texts(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
        other => out.extend(other.scalar_text().map(str::to_string)),
    }
}

fn withhold(value: &Value, t: &mut Texts) {
    let mut all = Vec::new();
    texts(value, &mut all);
    t.withheld.extend(all);
}

/// Whether `out` is `text` with some of its parts (each one or more whole
/// characters) replaced by `[LABEL]`: all a scrub may do (SPEC 8.3; the
/// formula guard's `'` may lead).
fn fits_scrub(text: &str, out: &str) -> bool {
    let out = out
        .strip_prefix('\'')
        .filter(|_| !text.starts_with('\''))
        .unwrap_or(out);
    // The output as literals and replacements.
    let mut pieces: Vec<Option<&str>> = Vec::new();
    let mut lit = 0;
    let bytes = out.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'[' {
            let name = bytes[i + 1..]
                .iter()
                .take_while(|b| {
                    b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_' || **b == b'-'
                })
                .count();
            if name > 0 && bytes.get(i + 1 + name) == Some(&b']') {
                pieces.push(Some(&out[lit..i]));
                pieces.push(None);
                i += name + 2;
                lit = i;
                continue;
            }
        }
        i += 1;
    }
    pieces.push(Some(&out[lit..]));
    let mut reach: BTreeSet<usize> = BTreeSet::from([0]);
    for piece in pieces {
        reach = match piece {
            Some(s) => reach
                .iter()
                .filter(|&&p| text[p..].starts_with(s))
                .map(|&p| p + s.len())
                .collect(),
            None => match reach.first() {
                Some(&from) => text
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .filter(|&e| e > from)
                    .collect(),
                None => return false,
            },
        };
    }
    reach.contains(&text.len())
}

/// The spec's trigger for the CSV formula guard.
fn needs_guard(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.chars().any(char::is_alphabetic)
}

/// `out` is `expected`, or `expected` behind the formula guard's `'`.
fn csv_same(out: &str, expected: &str) -> bool {
    out == expected || (needs_guard(expected) && out.strip_prefix('\'') == Some(expected))
}

/// Mask every letter and digit but the last `keep`.
fn mask(text: &str, keep: usize) -> String {
    let total = text.chars().filter(|c| c.is_alphanumeric()).count();
    let mut hide = if total <= keep { total } else { total - keep };
    text.chars()
        .map(|c| {
            if hide > 0 && c.is_alphanumeric() {
                hide -= 1;
                '*'
            } else {
                c
            }
        })
        .collect()
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_year(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    is_digits(s) && (3..=4).contains(&s.len())
}

fn is_bucket(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some(i) = s.find('-') else { return false };
    let (low, high) = (&s[..i], &s[i + 1..]);
    is_digits(low) && is_digits(high.strip_prefix('-').unwrap_or(high))
}

impl Model {
    /// Check a transformed scalar: `out` is what `act` makes of `text`.
    /// (A mask of a value with no more letters and digits than it keeps
    /// hides them all.)
    /// `field` names the field for its label.
    /// `csv`: the output may carry the formula guard's `'`.
    fn transformed(
        &self,
        field: &str,
        act: Act,
        text: &str,
        out: &str,
        csv: bool,
    ) -> Result<(), String> {
        let same = |expected: &str| {
            if csv {
                csv_same(out, expected)
            } else {
                out == expected
            }
        };
        let ok = match act {
            Act::Pseudonymize(domain) => same(&self.key.pseudonym(domain, text)),
            Act::Mask(keep) => same(&mask(text, keep)),
            Act::Year => out == label(field) || is_year(out),
            Act::Month => {
                out == label(field)
                    || out
                        .rsplit_once('-')
                        .is_some_and(|(y, m)| is_year(y) && m.len() == 2 && is_digits(m))
            }
            Act::Bucket => out == label(field) || is_bucket(out),
            Act::Scrub => fits_scrub(text, out),
            Act::Keep | Act::Drop | Act::Redact => unreachable!(),
        };
        if ok {
            Ok(())
        } else {
            Err(format!("{field}: {act:?} made {text:?} into {out:?}"))
        }
    }

    /// Check one JSON value (present in both input and output).
    fn node(
        &self,
        input: &Value,
        out: &Value,
        path: &mut Vec<PathStep>,
        t: &mut Texts,
    ) -> Result<(), String> {
        if self.scalar_above(input, path) {
            withhold(input, t);
            texts(out, &mut t.searched);
            let labels = self.labels_below(path);
            if !out.as_str().is_some_and(|o| labels.iter().any(|l| l == o)) {
                return Err(format!(
                    "{}: a single value where paths are classified below went out as {out:?}",
                    fieldpath::display(path)
                ));
            }
            return Ok(());
        }
        if self.descends(path) && !input.is_container() && self.govern(path).is_none() {
            return if input == out {
                Ok(())
            } else {
                Err(format!(
                    "{}: a null or empty value changed",
                    fieldpath::display(path)
                ))
            };
        }
        if self.descends(path) && !self.kept_misfit(input, path) {
            match (input, out) {
                (Value::Object(i), Value::Object(o)) => return self.object(i, o, path, t),
                (Value::Array(items), Value::Array(outs)) => {
                    path.push(PathStep::Each);
                    let mut outs = outs.iter();
                    for item in items {
                        if self.present(item, path) {
                            let o = outs.next().ok_or("an array element is missing")?;
                            self.node(item, o, path, t)?;
                        } else {
                            withhold(item, t);
                        }
                    }
                    path.pop();
                    if outs.next().is_some() {
                        return Err("an array has extra elements".into());
                    }
                    return Ok(());
                }
                (Value::Object(_) | Value::Array(_), _) => {
                    return Err(format!(
                        "{}: the container changed",
                        fieldpath::display(path)
                    ));
                }
                _ => {}
            }
        }
        let (field, act) = self
            .govern(path)
            .ok_or("an unclassified value is present")?;
        let shown = fieldpath::display(path);
        match act {
            Act::Keep if self.kept_misfit(input, path) => {
                withhold(input, t);
                if *out != Value::String(label(field)) {
                    return Err(format!("{shown}: a kept value of another shape went out"));
                }
                Ok(())
            }
            Act::Keep => {
                if input != out {
                    return Err(format!("{shown}: a kept value changed"));
                }
                texts(input, &mut t.kept);
                texts(out, &mut t.searched);
                Ok(())
            }
            Act::Drop => Err(format!("{shown}: a dropped value is present")),
            Act::Redact => {
                withhold(input, t);
                texts(out, &mut t.searched);
                if out.as_str() != Some(label(field).as_str()) {
                    return Err(format!("{shown}: a redacted value is not the label"));
                }
                Ok(())
            }
            _ => {
                if act != Act::Scrub {
                    withhold(input, t);
                    texts(out, &mut t.derived);
                    texts(out, &mut t.searched);
                }
                let all_scalar = |items: &[Value]| items.iter().all(|v| !v.is_container());
                match (input, out) {
                    (Value::Array(items), Value::Array(outs)) if all_scalar(items) => {
                        if items.len() != outs.len() {
                            return Err(format!("{shown}: array length changed"));
                        }
                        for (i, o) in items.iter().zip(outs) {
                            self.scalar(field, act, i, o)?;
                        }
                        Ok(())
                    }
                    (Value::Array(items), _) if all_scalar(items) => Err(format!(
                        "{shown}: an array of scalars became something else"
                    )),
                    (Value::Array(_) | Value::Object(_), _) => {
                        if out.as_str() == Some(label(field).as_str()) {
                            Ok(())
                        } else {
                            Err(format!(
                                "{shown}: a container under {act:?} is not the label"
                            ))
                        }
                    }
                    _ => self.scalar(field, act, input, out),
                }
            }
        }
    }

    fn scalar(&self, field: &str, act: Act, input: &Value, out: &Value) -> Result<(), String> {
        match input.scalar_text() {
            None | Some("") => {
                if input == out {
                    Ok(())
                } else {
                    Err(format!("{field}: an empty value changed"))
                }
            }
            Some(text) => {
                if matches!(act, Act::Mask(_) | Act::Scrub) {
                    // Unchanged values keep their JSON type.
                    if input == out {
                        return Ok(());
                    }
                }
                let out = out
                    .as_str()
                    .ok_or_else(|| format!("{field}: a transformed value is not a string"))?;
                self.transformed(field, act, text, out, false)
            }
        }
    }

    fn object(
        &self,
        input: &Object,
        out: &Object,
        path: &mut Vec<PathStep>,
        t: &mut Texts,
    ) -> Result<(), String> {
        let mut expected_keys = Vec::new();
        for (k, _) in input.iter() {
            if let Some(classified) = self.look_alike(path, k) {
                return Err(format!(
                    "{}: key {k:?} looks like classified {classified:?}, and the run went through",
                    fieldpath::display(path)
                ));
            }
        }
        for (k, v) in input.iter() {
            path.push(PathStep::Key(k.clone()));
            if self.present(v, path) {
                expected_keys.push(k.as_str());
                // A key that stays is structure the profile discloses; a
                // withheld value that happens to spell it is no leak.
                t.kept.push(k.clone());
                t.searched.push(k.clone());
                let o = out
                    .get(k)
                    .ok_or_else(|| format!("{}: missing", fieldpath::display(path)))?;
                self.node(v, o, path, t)?;
            } else {
                t.withheld.insert(k.clone());
                withhold(v, t);
            }
            path.pop();
        }
        let out_keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
        if out_keys != expected_keys {
            return Err(format!("keys {out_keys:?}, expected {expected_keys:?}"));
        }
        Ok(())
    }

    /// No withheld value appears in a kept output value, unless a kept
    /// input value or a label holds it too.
    fn leaks(&self, t: &Texts) -> Result<(), String> {
        for w in &t.withheld {
            if w.chars().count() < 4 {
                continue;
            }
            let allowed = t
                .kept
                .iter()
                .chain(&t.derived)
                .chain(&self.fixed)
                .any(|a| a.contains(w.as_str()));
            if allowed {
                continue;
            }
            if t.searched.iter().any(|s| s.contains(w.as_str())) {
                return Err(format!("a withheld value leaks: {w:?}"));
            }
        }
        Ok(())
    }
}

fn read_json(format: Format, bytes: &[u8]) -> Vec<Object> {
    let mut out = Vec::new();
    match format {
        Format::Json => {
            let mut input = JsonArrayInput::new(bytes);
            while let Some((record, _)) = input.next_record().expect("re-reading the input") {
                out.push(record);
            }
        }
        _ => {
            let mut input = NdjsonInput::new(bytes);
            while let Some((record, _)) = input.next_record().expect("re-reading the input") {
                out.push(record);
            }
        }
    }
    out
}

fn check_json(model: &Model, format: Format, input: &[u8], output: &[u8]) -> usize {
    let records = read_json(format, input);
    let written = read_json(format, output);
    assert_eq!(records.len(), written.len(), "records lost or added");
    for (i, (record, out)) in records.iter().zip(&written).enumerate() {
        let mut t = Texts::default();
        let mut path = Vec::new();
        if let Err(e) = model
            .object(record, out, &mut path, &mut t)
            .and_then(|_| model.leaks(&t))
        {
            panic!("record {}: {e}", i + 1);
        }
    }
    records.len()
}

fn check_csv(model: &Model, input: &[u8], output: &[u8]) -> usize {
    let mut reader = CsvInput::new(input).expect("re-reading the input");
    let header = reader.header().to_vec();
    let columns: Vec<Vec<PathStep>> = header.iter().map(|h| fieldpath::parse_column(h)).collect();
    for (h, steps) in header.iter().zip(&columns) {
        assert!(
            !model.descends(steps),
            "column {h:?} has classified paths below it, and the run went through"
        );
        for (i, step) in steps.iter().enumerate() {
            if let PathStep::Key(k) = step
                && (i == 0 || model.descends(&steps[..i]))
                && let Some(c) = model.look_alike(&steps[..i], k)
            {
                panic!("column {h:?} looks like classified {c:?}, and the run went through");
            }
        }
    }
    let present: Vec<bool> = columns
        .iter()
        .map(|steps| !matches!(model.govern(steps), None | Some((_, Act::Drop))))
        .collect();
    let expected_header: Vec<&str> = header
        .iter()
        .zip(&present)
        .filter(|(_, p)| **p)
        .map(|(h, _)| h.as_str())
        .collect();
    let mut written = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(output);
    let mut rows = written.records();
    let out_header = rows.next().expect("a header").expect("CSV output");
    assert_eq!(out_header.iter().collect::<Vec<_>>(), expected_header);
    let mut n = 0;
    while let Some(pos) = reader.next_row().expect("re-reading the input") {
        n += 1;
        let row = reader.row().clone();
        let out = rows
            .next()
            .unwrap_or_else(|| panic!("{pos}: not written"))
            .expect("CSV output");
        let mut cells = out.iter();
        let mut t = Texts::default();
        for (ci, cell) in row.iter().enumerate() {
            let value = Value::String(cell.to_string());
            if !present[ci] {
                withhold(&value, &mut t);
                continue;
            }
            let o = cells
                .next()
                .unwrap_or_else(|| panic!("{pos}: a cell is missing"));
            let (field, act) = model
                .govern(&columns[ci])
                .expect("present means classified");
            let result = match act {
                Act::Keep => {
                    t.kept.push(cell.to_string());
                    let unguarded = o.strip_prefix('\'').filter(|rest| *rest == cell);
                    t.searched.push(unguarded.unwrap_or(o).to_string());
                    if csv_same(o, cell) {
                        Ok(())
                    } else {
                        Err("a kept value changed".to_string())
                    }
                }
                Act::Redact => {
                    withhold(&value, &mut t);
                    t.searched.push(o.to_string());
                    if o == label(field) {
                        Ok(())
                    } else {
                        Err("a redacted value is not the label".to_string())
                    }
                }
                Act::Drop => unreachable!(),
                _ if cell.is_empty() => {
                    if o.is_empty() {
                        Ok(())
                    } else {
                        Err("an empty value changed".to_string())
                    }
                }
                Act::Scrub => {
                    if fits_scrub(cell, o) {
                        Ok(())
                    } else {
                        Err(format!("scrub made {cell:?} into {o:?}"))
                    }
                }
                _ => {
                    withhold(&value, &mut t);
                    t.derived.push(o.to_string());
                    t.searched.push(o.to_string());
                    model.transformed(field, act, cell, o, true)
                }
            };
            if let Err(e) = result {
                panic!("{pos}, column {:?}: {e}", header[ci]);
            }
        }
        if let Err(e) = model.leaks(&t) {
            panic!("{pos}: {e}");
        }
        assert!(cells.next().is_none(), "{pos}: extra cells");
    }
    assert!(rows.next().is_none(), "rows added");
    n
}

/// The fixed policy and profile, compiled once: compiling the scrub
/// detectors costs far more than a run over a small input.
struct Compiled {
    plan: &'static Plan<'static>,
    redactor: Redactor,
    model: Model,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let policy = Policy::parse(Path::new("fuzz-policy.toml"), POLICY).expect("the fuzz policy");
    let policy: &'static Policy = Box::leak(Box::new(policy));
    let plan = Plan::resolve(policy, "court", "order").expect("the fuzz profile");
    let plan: &'static Plan<'static> = Box::leak(Box::new(plan));
    let key = PseudonymKey::from_bytes(KEY).expect("key");
    let redactor = Redactor::new(plan, Some(key), true).expect("the fuzz redactor");
    Compiled {
        plan,
        redactor,
        model: Model::new(),
    }
});

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let format = match selector % 3 {
        0 => Format::Csv,
        1 => Format::Json,
        _ => Format::Ndjson,
    };
    run(&COMPILED, format, input);
});

fn run(compiled: &Compiled, format: Format, input: &[u8]) {
    let model = &compiled.model;
    let options = RunOptions {
        strict: false,
        formula_guard: true,
        silent: true,
    };
    let today = jiff::civil::date(2026, 11, 27);
    let mut engine = Engine::with_redactor(
        compiled.plan,
        &Request::default(),
        compiled.redactor.clone(),
        today,
        options,
    );
    let spec = InputSpec {
        path: None,
        format,
        read: Default::default(),
    };
    let mut output: Vec<u8> = Vec::new();
    let sink: &mut dyn Write = &mut output;
    let mut writer = RecordWriter::new(format, sink);
    let reader = Box::new(Cursor::new(input.to_vec()));
    let Ok(result) = engine.run(&spec, reader, &mut writer, None, None) else {
        return;
    };
    let (_, written) = writer.finish().expect("writing to a Vec");
    assert_eq!(written, output.len() as u64);
    assert_eq!(
        result.bytes,
        input.len() as u64,
        "the whole input is hashed"
    );
    assert_eq!(
        result.disclosed, result.records,
        "no scope: every record is disclosed"
    );
    let records = match format {
        Format::Csv => check_csv(model, input, &output),
        _ => check_json(model, format, input, &output),
    };
    assert_eq!(records as u64, result.records);
    let finished = engine.finish().expect("finish");
    assert_eq!(finished.counts.read, result.records);
}
