//! One disclosure run over one or more inputs: read each record, pass it
//! through the gate (scope, consent), redact it, write it, count it.
//!
//! `apply` and `check` share this code path; `check` adds an observer that
//! sees each record before and after redaction.

use std::io::Read;

use crate::record::value::{Object, Value};
use anyhow::{Context as _, anyhow, bail};

use crate::audit::manifest::RecordCounts;
use crate::console;
use crate::crypto::key::PseudonymKey;
use crate::io::input::csv::CsvInput;
use crate::io::input::json::RawRecord;
use crate::io::input::prefetch::{Prefetch, RecordSource};
use crate::io::input::{InputSpec, Meter, RecordPos, Records};
use crate::io::output::RecordWriter;
use crate::plan::Plan;
use crate::plan::consents::Grants;
use crate::plan::gate::{ConsentCheck, ConsentGate, Gate, Verdict};
use crate::plan::request::Request;
use crate::record::fieldpath::PathStep;
use crate::record::keyfold;
use crate::record::subjects::{SubjectList, SubjectLog};
use crate::redact::{CsvLayout, RecordState, Redactor, Tally};

/// Warnings shown per field before the rest are only counted.
const WARNINGS_PER_FIELD: u64 = 5;

/// Sees every disclosed record before and after redaction (`check`).
pub trait Observer {
    /// A CSV row: the input cells and the cells written.
    fn csv_row(
        &mut self,
        _input: &str,
        _pos: RecordPos,
        _layout: &CsvLayout,
        _row: &csv::StringRecord,
        _out: &[&[u8]],
    ) {
    }
    /// A JSON record: as read and as written.
    fn json_record(&mut self, _input: &str, _pos: RecordPos, _original: &Object, _out: &Object) {}
}

/// What one input gave.
#[derive(Debug, Clone)]
pub struct InputResult {
    pub sha256: String,
    pub bytes: u64,
    pub records: u64,
    pub disclosed: u64,
}

/// Options of a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Unprocessable values are errors, not warnings.
    pub strict: bool,
    /// Prefix `'` to CSV cells a spreadsheet would run as formulas.
    pub formula_guard: bool,
    /// Do not print warnings (check collects its own findings).
    pub silent: bool,
}

/// A disclosure in progress.
pub struct Engine<'p> {
    pub plan: &'p Plan<'p>,
    pub redactor: Redactor,
    gate: Gate,
    pub tally: Tally,
    pub counts: RecordCounts,
    subjects: SubjectLog,
    scratch: RecordState,
    options: RunOptions,
    /// Warnings shown, per field.
    warned: Vec<u64>,
    consent_field: Option<usize>,
    expiry_field: Option<usize>,
}

impl<'p> Engine<'p> {
    pub fn new(
        plan: &'p Plan<'p>,
        request: &Request,
        key: Option<PseudonymKey>,
        today: jiff::civil::Date,
        options: RunOptions,
    ) -> anyhow::Result<Engine<'p>> {
        let redactor = Redactor::new(plan, key, options.formula_guard)?;
        Ok(Engine::with_redactor(
            plan, request, redactor, today, options,
        ))
    }

    /// Start a disclosure with a plan already compiled (by `Redactor::new`
    /// for the same plan).
    pub fn with_redactor(
        plan: &'p Plan<'p>,
        request: &Request,
        redactor: Redactor,
        today: jiff::civil::Date,
        options: RunOptions,
    ) -> Engine<'p> {
        // With a registry, the record's own consent field is not consulted.
        let consent = plan
            .basis
            .consent
            .as_ref()
            .filter(|_| request.registry.is_none());
        let consent_gate = match &request.registry {
            // Dates are judged on the disclosure date (in the policy's time
            // zone, as the disclosure time gives it).
            Some(grants) => Some(ConsentGate::Registry(
                grants.clone(),
                vec![false; grants.len()],
            )),
            None => consent.map(|c| ConsentGate::Field(ConsentCheck::new(plan.policy, c, today))),
        };
        let basis_index = plan.basis_index();
        let rules: Vec<_> = plan
            .policy
            .withhold
            .iter()
            .filter(|r| r.applies_to(basis_index))
            .cloned()
            .collect();
        let mut counts = RecordCounts::default();
        for r in &rules {
            counts.withheld.rules.entry(r.reason.clone()).or_insert(0);
        }
        let gate = Gate::new(request.scope.clone(), rules, consent_gate);
        let tally = redactor.tally();
        Engine {
            plan,
            gate,
            tally,
            counts,
            subjects: SubjectLog::new(plan.policy.categories.len()),
            scratch: RecordState::default(),
            options,
            warned: vec![0; plan.policy.fields.len()],
            consent_field: consent.map(|c| c.field),
            expiry_field: consent.and_then(|c| c.expires_field),
            redactor,
        }
    }

    /// Run one input through the disclosure, writing to `writer`.
    pub fn run(
        &mut self,
        spec: &InputSpec,
        reader: Box<dyn Read + Send>,
        writer: &mut RecordWriter<'_>,
        progress: Option<indicatif::ProgressBar>,
        observer: Option<&mut dyn Observer>,
    ) -> anyhow::Result<InputResult> {
        let name = spec.display();
        let meter = Meter::new(reader, progress.clone());
        // The meter hashes the file's own bytes; the parsers read them
        // sniffed and decoded.
        let text = spec.decode(meter)?;
        let before = self.counts.disclosed;
        let outcome = match spec.format.records(text, spec.read) {
            Err(e) => Err(e),
            Ok(Records::Csv(input)) => self.run_csv(&name, input, writer, &progress, observer),
            Ok(Records::Json(input)) => {
                let mut input = Prefetch::spawn(input);
                self.run_json(&name, &mut input, writer, &progress, observer)
                    .and_then(|n| Ok((input.finish()?.into_inner(), n)))
            }
            Ok(Records::Ndjson(input)) => {
                let mut input = Prefetch::spawn(input);
                self.run_json(&name, &mut input, writer, &progress, observer)
                    .and_then(|n| Ok((input.finish()?.into_inner(), n)))
            }
        };
        let (text, records) = outcome.with_context(|| name.clone())?;
        let meter = text.into_inner();
        let (sha256, bytes) = meter
            .finish()
            .with_context(|| format!("{name}: read error"))?;
        Ok(InputResult {
            sha256,
            bytes,
            records,
            disclosed: self.counts.disclosed - before,
        })
    }

    fn run_csv<R: Read + Send + 'static>(
        &mut self,
        name: &str,
        input: CsvInput<R>,
        writer: &mut RecordWriter<'_>,
        progress: &Option<indicatif::ProgressBar>,
        mut observer: Option<&mut dyn Observer>,
    ) -> anyhow::Result<(R, u64)> {
        let header = input.header().to_vec();
        let column = |field: &str| header.iter().position(|h| h == field);
        let policy = self.plan.policy;
        // Before the header's names are judged: a file without a header row
        // has data in it, and an unclassified "name" would be a value.
        let subject_col = column(&policy.subject_field).ok_or_else(|| {
            anyhow!(
                "line 1: the input has no column {:?}, the policy's subject_field; every record must name its subject (is the header row missing?)",
                policy.subject_field
            )
        })?;
        let layout = self
            .redactor
            .csv_layout(&header, &mut self.tally)
            .map_err(|e| anyhow!("line 1: {e}"))?;
        let consent_col = self
            .consent_field
            .and_then(|f| column(&policy.fields[f].name));
        let expiry_col = self
            .expiry_field
            .and_then(|f| column(&policy.fields[f].name));
        let rule_cols: Vec<Option<usize>> =
            self.gate.rules().iter().map(|r| column(&r.field)).collect();
        if self.gate.checks_consent() && consent_col.is_none() {
            self.warn(&format!(
                "{name}: no column {:?}: without consent on file every record is withheld",
                policy.fields[self.consent_field.unwrap_or(0)].name
            ));
        }
        if layout.out_header.is_empty() {
            self.warn(&format!(
                "{name}: the profile discloses no column of this input; the output is empty"
            ));
        }
        writer.csv_header(&layout.out_header)?;
        // Output cells of the row, for an observer: one buffer and the end
        // of each cell in it.
        let (mut out_buf, mut out_ends): (Vec<u8>, Vec<usize>) = (Vec::new(), Vec::new());
        let mut records = 0;
        let mut input = Prefetch::spawn(input);
        while let Some((row, pos)) = input.next_record()? {
            let row = &*row;
            records += 1;
            tick(progress, records);
            let subject = Some(&row[subject_col]).filter(|s| !s.trim().is_empty());
            let rule_hits: Vec<bool> = (self.gate.rules().iter().zip(&rule_cols))
                .map(|(r, c)| c.is_some_and(|c| r.matches(&row[c])))
                .collect();
            let verdict = self.gate.judge(
                subject,
                &rule_hits,
                consent_col.map(|c| &row[c]),
                expiry_col.map(|c| &row[c]),
            );
            if !self.admit(verdict, subject, pos)? {
                continue;
            }
            match observer.as_deref_mut() {
                None => {
                    self.redactor.csv_row(
                        &layout,
                        row,
                        &mut self.scratch,
                        &mut self.tally,
                        |c| writer.csv_cell(c),
                    )?;
                }
                Some(obs) => {
                    out_buf.clear();
                    out_ends.clear();
                    self.redactor.csv_row(
                        &layout,
                        row,
                        &mut self.scratch,
                        &mut self.tally,
                        |c| {
                            out_buf.extend_from_slice(c);
                            out_ends.push(out_buf.len());
                            Ok(())
                        },
                    )?;
                    let mut start = 0;
                    let cells: Vec<&[u8]> = out_ends
                        .iter()
                        .map(|&end| {
                            let cell = &out_buf[start..end];
                            start = end;
                            cell
                        })
                        .collect();
                    for c in &cells {
                        writer.csv_cell(c)?;
                    }
                    obs.csv_row(name, pos, &layout, row, &cells);
                }
            }
            writer.csv_end_row()?;
            self.record_subject(subject)?;
            self.after_record(name, pos)?;
        }
        Ok((input.finish()?.into_inner(), records))
    }

    fn run_json<S: RecordSource<Item = RawRecord>>(
        &mut self,
        name: &str,
        input: &mut Prefetch<S>,
        writer: &mut RecordWriter<'_>,
        progress: &Option<indicatif::ProgressBar>,
        mut observer: Option<&mut dyn Observer>,
    ) -> anyhow::Result<u64> {
        let policy = self.plan.policy;
        let consent_steps = self.consent_field.map(|f| policy.fields[f].steps.clone());
        let expiry_steps = self.expiry_field.map(|f| policy.fields[f].steps.clone());
        let mut records = 0;
        // The subject of the current record, copied out before the record
        // is redacted in place.
        let mut id = String::new();
        while let Some((raw, pos)) = input.next_record()? {
            let mut record = raw.parse(pos)?;
            records += 1;
            tick(progress, records);
            let subject = lookup(&record, &policy.subject_steps).filter(|s| !s.trim().is_empty());
            let consent = consent_steps.as_ref().and_then(|s| lookup(&record, s));
            let expiry = expiry_steps.as_ref().and_then(|s| lookup(&record, s));
            let rule_hits: Vec<bool> = self
                .gate
                .rules()
                .iter()
                .map(|r| lookup_value(&record, &r.steps).is_some_and(|v| r.matches_value(v)))
                .collect();
            let verdict = self.gate.judge(subject, &rule_hits, consent, expiry);
            if !self.admit(verdict, subject, pos)? {
                self.redactor
                    .json_survey(&mut record, &mut self.scratch, &mut self.tally)
                    .map_err(|e| anyhow!("{pos}: {e}"))?;
                continue;
            }
            id.clear();
            id.push_str(subject.unwrap_or_default());
            let original = observer.is_some().then(|| record.clone());
            self.redactor
                .json_record(&mut record, &mut self.scratch, &mut self.tally)
                .map_err(|e| anyhow!("{pos}: {e}"))?;
            writer.json_record(&record)?;
            if let (Some(obs), Some(original)) = (observer.as_deref_mut(), &original) {
                obs.json_record(name, pos, original, &record);
            }
            self.record_subject(Some(&id))?;
            self.after_record(name, pos)?;
        }
        Ok(records)
    }

    /// Count a record by its verdict; `true` when it is to be disclosed.
    fn admit(
        &mut self,
        verdict: Verdict,
        subject: Option<&str>,
        pos: RecordPos,
    ) -> anyhow::Result<bool> {
        self.counts.read += 1;
        match verdict {
            Verdict::OutOfScope => {
                self.counts.withheld.out_of_scope += 1;
                Ok(false)
            }
            Verdict::NoConsent => {
                self.counts.withheld.no_consent += 1;
                Ok(false)
            }
            Verdict::Withheld(ri) => {
                let reason = &self.gate.rules()[ri].reason;
                *self
                    .counts
                    .withheld
                    .rules
                    .entry(reason.clone())
                    .or_insert(0) += 1;
                Ok(false)
            }
            Verdict::Disclose => {
                if subject.is_none() {
                    bail!(
                        "{pos}: the subject field {:?} is missing or empty; every disclosed record must name its subject",
                        self.plan.policy.subject_field
                    );
                }
                // One person must have one ID in the ledger, or an
                // accounting by that ID misses the disclosures under the
                // other spelling.
                if let Some(id) = subject.map(str::trim)
                    && !id.is_ascii()
                    && keyfold::fold(id) != id.to_lowercase()
                {
                    bail!(
                        "{pos}: the subject field {:?} holds invisible characters or a compatibility form (full-width letters or digits...), so the person's disclosures could not be accounted for under one ID; write the ID plainly in the input",
                        self.plan.policy.subject_field
                    );
                }
                self.counts.disclosed += 1;
                self.gate.uncovered(
                    self.plan.policy.categories.len(),
                    &mut self.scratch.uncovered,
                );
                Ok(true)
            }
        }
    }

    /// Count a disclosed record for its subject, with the categories of
    /// which it disclosed a non-empty value.
    fn record_subject(&mut self, subject: Option<&str>) -> anyhow::Result<()> {
        let Some(subject) = subject else {
            return Ok(());
        };
        let fields = &self.plan.policy.fields;
        let shown = self.scratch.shown.iter().map(|&fi| fields[fi].category);
        self.subjects.add_record(subject.trim(), shown)?;
        Ok(())
    }

    /// Report the values the record's actions could not process.
    fn after_record(&mut self, name: &str, pos: RecordPos) -> anyhow::Result<()> {
        if self.scratch.unprocessable.is_empty() {
            return Ok(());
        }
        for u in std::mem::take(&mut self.scratch.unprocessable) {
            let field = self.redactor.field_name(u.field);
            let place = if u.path.is_empty() || u.path == field {
                format!("field {field:?}")
            } else {
                format!("field {field:?} (at {})", u.path)
            };
            if self.options.strict {
                bail!("{name}: {pos}, {place}: {} (--strict)", u.reason);
            }
            self.warned[u.field] += 1;
            if self.warned[u.field] <= WARNINGS_PER_FIELD {
                self.warn(&format!(
                    "{name}: {pos}, {place}: {}; the value was redacted",
                    u.reason
                ));
            }
        }
        Ok(())
    }

    fn warn(&self, message: &str) {
        if !self.options.silent {
            console::warning(message);
        }
    }

    /// Finish: the subjects disclosed and those requested but not found.
    pub fn finish(self) -> anyhow::Result<Finished> {
        if !self.options.silent {
            for (fi, &n) in self.warned.iter().enumerate() {
                if n > WARNINGS_PER_FIELD {
                    console::warning(&format!(
                        "{} more values of field {:?} could not be processed and were redacted",
                        n - WARNINGS_PER_FIELD,
                        self.redactor.field_name(fi)
                    ));
                }
            }
        }
        // Subjects not found are judged (and warned about) by
        // `flow::outcome`, which may refuse the run.
        let not_found = self.gate.not_found();
        let case_variants = self.gate.case_variants();
        let grants = self.gate.into_grants();
        Ok(Finished {
            subjects: self.subjects.finish().context("collecting subject IDs")?,
            subjects_not_found: not_found,
            subject_case_variants: case_variants,
            tally: self.tally,
            counts: self.counts,
            scrub_labels: self.redactor.scrub_labels().to_vec(),
            grants,
        })
    }
}

/// The end state of a run.
pub struct Finished {
    pub subjects: SubjectList,
    pub subjects_not_found: Vec<String>,
    /// Of those, the IDs that a record's subject matches only when letter
    /// case is ignored (the requested IDs, not the records').
    pub subject_case_variants: Vec<String>,
    pub tally: Tally,
    pub counts: RecordCounts,
    pub scrub_labels: Vec<String>,
    /// The consents in force, when the basis used a registry, and per grant
    /// whether it authorised a disclosed record.
    pub grants: Option<(std::sync::Arc<Grants>, Vec<bool>)>,
}

impl Finished {
    /// The consent IDs that authorised a disclosed record, sorted (empty
    /// without a registry).
    pub fn consents_used(&self) -> Vec<String> {
        self.grants
            .as_ref()
            .map(|(g, used)| g.used_ids(used))
            .unwrap_or_default()
    }

    /// One person's consent IDs, when a registry was used.
    pub fn consents_of(&self, subject: &str) -> Option<Vec<&str>> {
        self.grants.as_ref().and_then(|(g, _)| g.ids_of(subject))
    }
}

/// The first few of a list of subject IDs, for a message; the manifest
/// lists them all. (The IDs were given by the operator, not read from a
/// record.)
pub fn abbreviated(ids: &[String]) -> String {
    const SHOWN: usize = 10;
    let more = match ids.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more (listed in the manifest)"),
    };
    format!("{}{more}", ids[..ids.len().min(SHOWN)].join(", "))
}

fn tick(progress: &Option<indicatif::ProgressBar>, records: u64) {
    if records.is_multiple_of(1024)
        && let Some(p) = progress
    {
        p.set_message(format!("{records} records"));
    }
}

/// The text of the scalar at `steps` in a record (objects only).
pub fn lookup<'r>(record: &'r Object, steps: &[PathStep]) -> Option<&'r str> {
    lookup_value(record, steps)?.scalar_text()
}

/// The value at a path of object keys, whatever its shape.
fn lookup_value<'r>(record: &'r Object, steps: &[PathStep]) -> Option<&'r Value> {
    let mut map = record;
    let (last, parents) = steps.split_last()?;
    for step in parents {
        let PathStep::Key(k) = step else { return None };
        map = map.get(k)?.as_object()?;
    }
    let PathStep::Key(k) = last else { return None };
    map.get(k)
}
