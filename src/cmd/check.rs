//! `disclose check`: a CI gate that proves a policy leaks nothing on sample
//! data.
//!
//! It validates the policy, then runs every profile (each recipient and
//! basis pair) over every sample through the same pipeline as `apply` — all
//! subjects, reference and justification `CHECK`, consent as the records
//! say, a fixed test key unless `--key-file` — writing nothing, and looks at
//! each disclosed record before and after redaction:
//!
//! - echo: a value (4 characters or more) of a field the profile does not
//!   keep (drop, redact, mask, pseudonymize, generalize) appears in another
//!   field's output, or unchanged in its own;
//! - detector: a built-in detector (ssn, phone, email, date, subject)
//!   matches in a disclosed `text` field;
//! - coverage: a sample field the policy does not classify.
//!
//! A profile rule for a field that no sample contains is a warning (dead
//! rule). Findings name profile, sample, record and field — never a value.

use std::collections::BTreeSet;
use std::io::Write as _;

use anyhow::{Context as _, bail};
use serde::Serialize;

use crate::cli::CheckArgs;
use crate::clock::DisclosureTime;
use crate::console;
use crate::console::progress;
use crate::crypto::key::{PseudonymKey, TEST_KEY};
use crate::exit::ExitCode;
use crate::flow::engine::{Engine, Observer, RunOptions};
use crate::io::input::{InputSpec, RecordPos};
use crate::io::output::RecordWriter;
use crate::plan::Plan;
use crate::plan::request::Request;
use crate::policy::{Action, BUILTIN_DETECTORS, FieldKind, Policy, Unclassified};
use crate::record::fieldpath::{self, Cursor, Trie};
use crate::record::value::{Object, Value};
use crate::redact::CsvLayout;
use crate::scrub::{Scrubber, SubjectTerms};

/// Values shorter than this (in characters) are too common to call a leak.
const MIN_ECHO_CHARS: usize = 4;

/// Findings printed in the text report before the rest are only counted.
const SHOWN: usize = 50;

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

/// A warning that does not fail the check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// `dead_rule` (with `field`) or `nothing_checked` (with `sample`: the
    /// profile disclosed none of its records, so none were checked).
    pub kind: &'static str,
    pub profile: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
}

#[derive(Debug, Serialize)]
struct Report {
    ok: bool,
    policy: String,
    profiles: Vec<String>,
    samples: Vec<String>,
    findings: Vec<Finding>,
    warnings: Vec<Warning>,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    console::set_quiet(args.quiet);
    let policy = Policy::load(&args.policy)?;
    let pairs = pairs(&policy, args.profile.as_deref())?;
    let labels: Vec<String> = pairs
        .iter()
        .map(|&(r, b, _)| format!("{}:{}", policy.recipients[r].id, policy.bases[b].id))
        .collect();
    if args.samples.is_empty() {
        if args.json {
            print_json(&Report {
                ok: true,
                policy: policy.path.display().to_string(),
                profiles: labels,
                samples: Vec::new(),
                findings: Vec::new(),
                warnings: Vec::new(),
            })?;
        } else {
            // writeln, not println: a closed or full standard output is an
            // error to report (or a broken pipe to end quietly), not a panic.
            writeln!(
                std::io::stdout().lock(),
                "policy OK: {} ({} recipients, {} bases, {} profiles)",
                policy.path.display(),
                policy.recipients.len(),
                policy.bases.len(),
                labels.len()
            )?;
        }
        return Ok(ExitCode::Success);
    }
    let samples = args
        .samples
        .iter()
        .map(|s| {
            if s.as_os_str() == "-" {
                bail!("check reads sample files, not standard input");
            }
            InputSpec::new(s, None)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let key = match &args.key_file {
        Some(path) => PseudonymKey::load(Some(path))?.context("no key")?,
        None => PseudonymKey::from_bytes(TEST_KEY)?,
    };
    let today = DisclosureTime::now()?.date();

    let mut findings: BTreeSet<Finding> = BTreeSet::new();
    let mut warnings = Vec::new();
    let mut present = vec![false; policy.fields.len()];
    for (&(r, b, p), label) in pairs.iter().zip(&labels) {
        let plan = Plan::for_profile(&policy, r, b, p);
        let request = Request {
            reference: Some("CHECK".into()),
            justification: Some("CHECK".into()),
            scope: None,
        };
        let options = RunOptions {
            strict: false,
            formula_guard: policy.csv_formula_guard,
            silent: true,
        };
        let mut engine = Engine::new(&plan, &request, Some(key.clone()), today, options)?;
        engine.redactor.set_unclassified(Unclassified::Drop);
        let mut observer = LeakObserver::new(&plan, label)?;
        for sample in &samples {
            let name = sample.display();
            let reader = sample.open()?;
            let bar = progress::bar(sample.display(), sample.path.as_deref(), args.quiet);
            if let Some(bar) = &bar {
                bar.set_prefix(format!("{label} {name}"));
            }
            let mut sink = std::io::sink();
            let mut writer = RecordWriter::new(sample.format, &mut sink);
            let before = engine.counts;
            let result = engine.run(
                sample,
                reader,
                &mut writer,
                bar.clone(),
                Some(&mut observer),
            );
            progress::done(bar.as_ref());
            result?;
            writer.finish()?;
            // Withheld records (consent as the records say) are not
            // checked; say so when that leaves nothing of a sample.
            if engine.counts.read > before.read && engine.counts.disclosed == before.disclosed {
                warnings.push(Warning {
                    kind: "nothing_checked",
                    profile: label.clone(),
                    field: None,
                    sample: Some(name.clone()),
                });
            }
            for field in std::mem::take(&mut engine.tally.unclassified_dropped) {
                findings.insert(Finding {
                    kind: "coverage",
                    profile: None,
                    sample: name.clone(),
                    record: None,
                    line: None,
                    field,
                    into: None,
                    detectors: None,
                });
            }
        }
        for (fi, tally) in engine.tally.fields.iter().enumerate() {
            present[fi] |= tally.present;
        }
        findings.extend(observer.findings);
    }

    for (&(_, _, p), label) in pairs.iter().zip(&labels) {
        for (fi, rule) in policy.profiles[p].field_rules.iter().enumerate() {
            if rule.is_some() && !present[fi] {
                warnings.push(Warning {
                    kind: "dead_rule",
                    profile: label.clone(),
                    field: Some(policy.fields[fi].name.clone()),
                    sample: None,
                });
            }
        }
    }
    let findings: Vec<Finding> = findings.into_iter().collect();
    let report = Report {
        ok: findings.is_empty(),
        policy: policy.path.display().to_string(),
        profiles: labels,
        samples: samples.iter().map(InputSpec::display).collect(),
        findings,
        warnings,
    };
    if args.json {
        print_json(&report)?;
    } else {
        print_text(&report)?;
    }
    Ok(if report.ok {
        ExitCode::Success
    } else {
        ExitCode::Findings
    })
}

/// The (recipient, basis, profile) triples to run.
fn pairs(policy: &Policy, only: Option<&str>) -> anyhow::Result<Vec<(usize, usize, usize)>> {
    let mut out = policy.pairs();
    if let Some(only) = only {
        let Some((r, b)) = only.split_once(':') else {
            bail!("--profile takes RECIPIENT:BASIS, e.g. district-court:court-order");
        };
        out.retain(|&(ri, bi, _)| policy.recipients[ri].id == r && policy.bases[bi].id == b);
        if out.is_empty() {
            bail!(
                "the policy has no profile for {only} (see `disclose list --policy {}`)",
                policy.path.display()
            );
        }
    }
    Ok(out)
}

fn print_json(report: &Report) -> anyhow::Result<()> {
    console::write_json(&mut std::io::stdout().lock(), report)
}

fn print_text(report: &Report) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let colour = console::stdout_colour();
    for f in report.findings.iter().take(SHOWN) {
        let place = match (f.record, f.line) {
            (Some(r), Some(l)) => format!("record {r} (line {l})"),
            // Coverage is about the sample as a whole.
            _ => "-".to_string(),
        };
        let what = match f.kind {
            "echo" => match &f.into {
                Some(into) if *into == f.field => {
                    format!("field {:?}: a value goes out unchanged", f.field)
                }
                Some(into) => format!("field {:?}: a value appears in field {into:?}", f.field),
                None => format!("field {:?}", f.field),
            },
            "detector" => format!(
                "field {:?}: disclosed text holds {}",
                f.field,
                f.detectors.as_deref().unwrap_or_default().join(", ")
            ),
            _ => format!("field {:?} is not classified by the policy", f.field),
        };
        let profile = f.profile.as_deref().unwrap_or("-");
        writeln!(
            out,
            "{} {:<8} {profile}  {}  {place}  {what}",
            console::paint("FINDING", console::RED, colour),
            f.kind,
            f.sample
        )?;
    }
    if report.findings.len() > SHOWN {
        writeln!(
            out,
            "... and {} more findings (use --json for all)",
            report.findings.len() - SHOWN
        )?;
    }
    for w in &report.warnings {
        console::warning(&match (&w.field, &w.sample) {
            (Some(field), _) => format!(
                "dead rule: profile {} has a rule for field {field:?}, which no sample contains",
                w.profile
            ),
            (None, sample) => format!(
                "nothing checked: profile {} withheld every record of {} (out of scope or without valid consent)",
                w.profile,
                sample.as_deref().unwrap_or("a sample")
            ),
        });
    }
    let count = |kind: &str| report.findings.iter().filter(|f| f.kind == kind).count();
    let verdict = if report.ok {
        console::paint("check OK", console::GREEN, colour)
    } else {
        console::paint("check FAILED", console::RED, colour)
    };
    writeln!(
        out,
        "{verdict}: {} findings ({} echo, {} detector, {} coverage); {} profiles x {} samples",
        report.findings.len(),
        count("echo"),
        count("detector"),
        count("coverage"),
        report.profiles.len(),
        report.samples.len()
    )?;
    Ok(())
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
struct LeakObserver {
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
    findings: BTreeSet<Finding>,
    /// The record's output, joined, and where each leaf ends in it.
    joined: String,
    ends: Vec<usize>,
}

impl LeakObserver {
    fn new(plan: &Plan<'_>, label: &str) -> anyhow::Result<LeakObserver> {
        let builtin: Vec<String> = BUILTIN_DETECTORS.iter().map(|d| d.to_string()).collect();
        let detectors = Scrubber::new(&plan.policy.scrub, std::slice::from_ref(&builtin))?;
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
        Ok(LeakObserver {
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
        })
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
        let (before, after) = (leaves(&self.trie, original), leaves(&self.trie, out));
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
fn leaves<'a>(trie: &Trie, object: &'a Object) -> Vec<(Option<usize>, String, &'a str)> {
    fn walk<'a>(
        trie: &Trie,
        value: &'a Value,
        cursor: Cursor,
        path: &mut String,
        out: &mut Vec<(Option<usize>, String, &'a str)>,
    ) {
        match value {
            Value::Object(object) => {
                for (key, value) in object.iter() {
                    let len = path.len();
                    fieldpath::push_key(path, key);
                    walk(trie, value, trie.key(cursor, key), path, out);
                    path.truncate(len);
                }
            }
            Value::Array(items) => {
                let each = trie.each(cursor);
                let len = path.len();
                path.push_str("[]");
                for item in items {
                    walk(trie, item, each, path, out);
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
        walk(trie, value, trie.key(trie.root(), key), &mut path, &mut out);
    }
    out
}
