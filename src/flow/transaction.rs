//! The disclosure transaction: stage every output beside its target, stream
//! the inputs through the engine, write the manifest and notice, then
//! account before delivering:
//!
//! 1. lock the ledger (its last entry gives the new entry's `prev`, part of
//!    the disclosure ID);
//! 2. commit the manifest (synced and renamed into place);
//! 3. append the ledger entry (synced);
//! 4. deliver: rename the outputs and the notice into place, then copy
//!    standard output.
//!
//! Any error before step 4 leaves nothing delivered (the manifest is taken
//! back if the ledger entry cannot be written). A delivery that fails
//! keeps the manifest, takes back the files it could, appends a
//! `delivery_failed` entry with the same disclosure ID and fails the run.
//! So after any failure, even a kill, either nothing was delivered or the
//! delivery is in the ledger.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use indexmap::IndexMap;

use crate::audit::ledger::{
    self, Appended, Appender, DeliveryFailed, Disclosure, Event, NewEntry, PerSubject,
};
use crate::audit::manifest::{
    self, BasisEntry, FieldEntry, FileEntry, Identity, IndexEntry, Manifest, PolicyEntry,
    RecipientEntry, Tool,
};
use crate::audit::notice::{self, NoticeValues};
use crate::console::progress;
use crate::flow::engine::{Engine, Finished, RunOptions};
use crate::flow::outcome::{self, Demands};
use crate::flow::session::Session;
use crate::io::fs;
use crate::io::input::InputSpec;
use crate::io::output::{self, RecordWriter, Staged, Target};
use crate::plan::Plan;

/// Where a disclosure's files go.
pub struct Destinations {
    /// One output per input, in input order.
    pub outputs: Vec<Target>,
    pub manifest: Target,
    pub notice: Option<Target>,
    /// Replace existing files.
    pub force: bool,
    /// The ledger to append to, if any.
    pub ledger: Option<PathBuf>,
    /// Start CSV outputs with a UTF-8 byte-order mark.
    pub bom: bool,
}

/// Who made the disclosure and how the run behaves.
pub struct Conduct {
    pub operator: String,
    /// The agency or person who asked for the disclosure (`--requested-by`).
    pub requested_by: Option<String>,
    /// How the records are sent (`--method`).
    pub method: String,
    pub options: RunOptions,
    /// What the result must be to be disclosed (`flow::outcome`).
    pub demands: Demands,
    /// No progress bars.
    pub quiet: bool,
}

/// A disclosure made and recorded.
pub struct Done {
    pub finished: Finished,
    pub disclosure_id: String,
    pub appended: Option<Appended>,
}

/// One input and where its output goes.
struct Job {
    input: InputSpec,
    staged: Staged,
}

/// Make the disclosure: nothing becomes visible unless all of it succeeds.
pub fn disclose(
    session: &Session<'_>,
    inputs: Vec<InputSpec>,
    to: &Destinations,
    conduct: &Conduct,
) -> anyhow::Result<Done> {
    let plan = &session.plan;
    let policy = session.policy;
    if let Some(path) = &to.ledger {
        ledger_apart(path, &inputs, to, &policy.path)?;
        ledger::precheck(path)?;
        if fs::is_standard_stream(path) {
            anyhow::bail!(
                "the ledger {} is standard input, output or error; the ledger is a file of its own (subject IDs must not reach the recipient's stream)",
                path.display()
            );
        }
    }

    // Stage every file now: an existing target fails before any work.
    let mut jobs = Vec::new();
    for (input, target) in inputs.into_iter().zip(&to.outputs) {
        jobs.push(Job {
            input,
            staged: Staged::new(target, to.force)?,
        });
    }
    let mut manifest_file = Staged::new(&to.manifest, to.force)?;
    let mut notice_file = to
        .notice
        .as_ref()
        .map(|t| Staged::new(t, to.force))
        .transpose()?;

    let mut engine = Engine::with_redactor(
        plan,
        &session.request,
        session.redactor.clone(),
        session.date(),
        conduct.options,
    );
    let manifest_dir = match &to.manifest {
        Target::File(p) => fs::parent_dir(p),
        Target::Stdout => PathBuf::from("."),
    };
    let mut input_entries = Vec::new();
    let mut output_entries = Vec::new();
    for job in &mut jobs {
        let reader = job.input.open()?;
        let bar = progress::bar(
            job.input.display(),
            job.input.path.as_deref(),
            conduct.quiet,
        );
        let file_target = job.staged.target();
        let mut file = output::NamedWriter::new(job.staged.file(), file_target.display());
        let mut writer = RecordWriter::with_options(
            job.input.format,
            &mut file,
            job.input.read.delimiter,
            to.bom,
        );
        let result = engine.run(&job.input, reader, &mut writer, bar.clone(), None);
        progress::done(bar.as_ref());
        let result = result?;
        // Write errors name the output already (output::NamedWriter).
        let (out_sha, out_bytes) = writer.finish()?;
        input_entries.push(FileEntry {
            path: source_path(job.input.path.as_deref()),
            format: job.input.format.name().to_string(),
            sha256: result.sha256,
            bytes: result.bytes,
            records: result.records,
        });
        // Outputs relative to the manifest, so that it can travel with them.
        output_entries.push(FileEntry {
            path: match &file_target {
                Target::File(p) => fs::relative_to(p, &manifest_dir).display().to_string(),
                Target::Stdout => "-".to_string(),
            },
            format: job.input.format.name().to_string(),
            sha256: out_sha,
            bytes: out_bytes,
            records: result.disclosed,
        });
    }
    let finished = engine.finish()?;
    let requested = session.request.scope.as_ref().map_or(0, |s| s.len());
    outcome::judge(
        plan,
        &finished,
        requested,
        conduct.demands,
        conduct.options.silent,
    )?;

    let created_at = session.time.rfc3339();
    // The ledger is locked from here until the entry is written: its last
    // entry's hash is part of the disclosure ID.
    let mut ledger = to.ledger.as_deref().map(Appender::open).transpose()?;
    let input_hashes: Vec<&str> = input_entries.iter().map(|e| e.sha256.as_str()).collect();
    let output_hashes: Vec<&str> = output_entries.iter().map(|e| e.sha256.as_str()).collect();
    let disclosure_id = manifest::disclosure_id(&Identity {
        created_at: &created_at,
        recipient: &plan.recipient.id,
        basis: &plan.basis.id,
        reference: session.request.reference.as_deref(),
        policy_sha256: &policy.sha256,
        input_sha256s: &input_hashes,
        output_sha256s: &output_hashes,
        subjects: &finished.subjects,
        ledger_prev: ledger.as_ref().map(Appender::next_prev),
    })
    .context("reading the disclosed subject IDs back")?;
    let disclosed_categories = disclosed_categories(plan, &finished);
    let categories_disclosed: Vec<String> = disclosed_categories
        .iter()
        .enumerate()
        .filter(|(_, d)| **d)
        .map(|(i, _)| policy.categories[i].id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let notice_text = notice::render(
        plan,
        &NoticeValues {
            reference: session.request.reference.as_deref(),
            date: session.date().to_string(),
        },
        &disclosed_categories,
    );
    let manifest = Manifest {
        manifest_version: manifest::MANIFEST_VERSION,
        disclosure_id: disclosure_id.clone(),
        created_at: created_at.clone(),
        clock: session.time.clock(),
        tool: Tool::this(),
        operator: conduct.operator.clone(),
        recipient: RecipientEntry {
            id: plan.recipient.id.clone(),
            name: plan.recipient.name.clone(),
            address: plan.recipient.address.clone(),
            kind: plan.recipient.kind.clone(),
        },
        basis: BasisEntry {
            id: plan.basis.id.clone(),
            description: plan.basis.description.clone(),
            reference: session.request.reference.clone(),
            justification: session.request.justification.clone(),
            findings: session.request.findings.clone(),
        },
        policy: PolicyEntry {
            path: source_path(Some(&policy.path)),
            sha256: policy.sha256.clone(),
            agency: policy.agency.clone(),
        },
        key_fingerprint: session.key_fingerprint(),
        inputs: input_entries,
        outputs: output_entries,
        records: finished.counts.clone(),
        fields: field_entries(plan, &finished),
        withholding_index: withholding_index(plan, &finished),
        consents_used: finished.consents_used(),
        categories_disclosed: categories_disclosed.clone(),
        scrubbed: finished
            .scrub_labels
            .iter()
            .cloned()
            .zip(finished.tally.scrubbed.iter().copied())
            .collect::<IndexMap<_, _>>(),
        subjects: &finished.subjects,
        subjects_not_found: finished.subjects_not_found.clone(),
        unclassified_dropped: finished
            .tally
            .unclassified_dropped
            .iter()
            .cloned()
            .collect(),
        csv_formula_guarded: finished.tally.csv_formula_guarded,
        notice: notice_text.clone(),
    };
    let manifest_sha256 = manifest
        .write(manifest_file.file())
        .with_context(|| format!("cannot write {}", to.manifest.display()))?;
    if let Some(file) = &mut notice_file {
        let mut text = notice_text.clone().unwrap_or_default();
        if !text.is_empty() {
            text.push('\n');
        }
        file.file()
            .write_all(text.as_bytes())
            .context("cannot write the notice")?;
    }
    // Everything is written. Sync the outputs now, so that delivering them
    // is only a rename.
    for job in &mut jobs {
        job.staged
            .sync()
            .with_context(|| format!("cannot write {}", job.staged.target().display()))?;
    }

    // Account: the manifest, then the ledger entry.
    let manifest_committed = manifest_file.commit()?;
    let category_ids: Vec<String> = policy.categories.iter().map(|c| c.id.clone()).collect();
    // With consents from a registry, each person's consent IDs in force.
    let consents = |id: &str| {
        finished
            .consents_of(id)
            .map(|ids| ids.into_iter().map(str::to_string).collect())
    };
    let entry = NewEntry {
        created_at: &created_at,
        event: Event::Disclosure(Disclosure {
            disclosure_id: &disclosure_id,
            manifest_sha256: &manifest_sha256,
            recipient: &plan.recipient.id,
            basis: &plan.basis.id,
            reference: session.request.reference.as_deref(),
            categories_disclosed: &categories_disclosed,
            subjects: &finished.subjects,
            records_disclosed: finished.counts.disclosed,
            recipient_name: Some(&plan.recipient.name),
            recipient_address: plan.recipient.address.as_deref(),
            basis_description: Some(&plan.basis.description),
            justification: session.request.justification.as_deref(),
            findings: session.request.findings.as_deref(),
            operator: Some(&conduct.operator),
            requested_by: conduct.requested_by.as_deref(),
            method: Some(&conduct.method),
            per_subject: PerSubject {
                subjects: &finished.subjects,
                categories: &category_ids,
                consents: Some(&consents),
            },
        }),
    };
    let mut appended: Option<Appended> = None;
    if let Some(ledger) = &mut ledger {
        match ledger.append(&entry) {
            Ok(a) => appended = Some(a),
            Err(e) => {
                // Nothing was delivered: take the manifest back too.
                if manifest_committed.is_stdout() {
                    return Err(e.context(
                        "the manifest was already written to standard output, but the disclosure could not be recorded, so nothing was delivered",
                    ));
                }
                manifest_committed.rollback();
                return Err(e);
            }
        }
    }

    // Deliver: files first (they can be taken back), then standard output.
    let (to_stdout, to_files): (Vec<Staged>, Vec<Staged>) = jobs
        .into_iter()
        .map(|j| j.staged)
        .chain(notice_file)
        .partition(|s| s.target() == Target::Stdout);
    let mut delivered = Vec::new();
    for file in to_files.into_iter().chain(to_stdout) {
        match file.commit() {
            Ok(c) => delivered.push(c),
            Err(e) => {
                let printed = delivered.iter().any(output::Committed::is_stdout);
                delivered.into_iter().for_each(output::Committed::rollback);
                return Err(delivery_failed(e, ledger.as_mut(), &entry, printed, to));
            }
        }
    }
    drop(ledger);
    Ok(Done {
        finished,
        disclosure_id,
        appended,
    })
}

/// A delivery failed after the disclosure was accounted for: record that in
/// the ledger (same disclosure ID) and say what happened.
fn delivery_failed(
    error: anyhow::Error,
    ledger: Option<&mut Appender>,
    entry: &NewEntry<'_>,
    printed: bool,
    to: &Destinations,
) -> anyhow::Error {
    // A closed standard output is a failed delivery here, not the quiet
    // end of a pipe that other commands take it for: keep only its text.
    let error = anyhow::anyhow!("{error:#}");
    let what = if printed {
        "part of the disclosure was written to standard output before the failure"
    } else {
        "no output was delivered"
    };
    let Some(ledger) = ledger else {
        return error.context(format!(
            "the disclosure could not be delivered ({what}); the manifest {} stays as its record",
            to.manifest.display()
        ));
    };
    let Event::Disclosure(d) = &entry.event else {
        return error;
    };
    let failed = NewEntry {
        created_at: entry.created_at,
        event: Event::DeliveryFailed(DeliveryFailed {
            disclosure_id: d.disclosure_id,
            manifest_sha256: d.manifest_sha256,
            recipient: d.recipient,
            basis: d.basis,
            reference: d.reference,
        }),
    };
    match ledger.append(&failed) {
        Ok(a) => error.context(format!(
            "the disclosure could not be delivered ({what}); the manifest {} stays, and ledger entry {} records the failed delivery",
            to.manifest.display(),
            a.seq
        )),
        Err(e) => error.context(format!(
            "the disclosure could not be delivered ({what}), and the failed delivery could not be recorded in the ledger ({e:#}); its ledger entry and the manifest {} stay",
            to.manifest.display()
        )),
    }
}

/// The ledger must be a file of its own: not an input, an output, the
/// manifest, the notice or the policy (by path or by device and inode).
fn ledger_apart(
    ledger: &Path,
    inputs: &[InputSpec],
    to: &Destinations,
    policy: &Path,
) -> anyhow::Result<()> {
    let mut others: Vec<(&str, &Path)> = Vec::new();
    for input in inputs {
        if let Some(p) = &input.path {
            others.push(("an input", p));
        }
    }
    for target in &to.outputs {
        if let Target::File(p) = target {
            others.push(("an output", p));
        }
    }
    if let Target::File(p) = &to.manifest {
        others.push(("the manifest", p));
    }
    if let Some(Target::File(p)) = &to.notice {
        others.push(("the notice", p));
    }
    others.push(("the policy", policy));
    for (what, other) in others {
        if fs::same_file(ledger, other) {
            anyhow::bail!(
                "the ledger {} is the same file as {what} ({}); the ledger is a file of its own",
                ledger.display(),
                other.display()
            );
        }
    }
    Ok(())
}

/// An input's (or the policy's) path as the manifest records it: absolute,
/// because sources stay where the case system keeps them while the manifest
/// and outputs move on; `-` for standard input.
fn source_path(path: Option<&Path>) -> String {
    match path {
        None => "-".to_string(),
        Some(p) => fs::absolute(p)
            .unwrap_or_else(|| p.to_path_buf())
            .display()
            .to_string(),
    }
}

/// Per category: whether a field of it occurred in a disclosed record with
/// an action that discloses something.
fn disclosed_categories(plan: &Plan<'_>, finished: &Finished) -> Vec<bool> {
    let mut out = vec![false; plan.policy.categories.len()];
    for (fi, field) in plan.policy.fields.iter().enumerate() {
        if finished.tally.fields[fi].disclosed && plan.rules[fi].action.discloses() {
            out[field.category] = true;
        }
    }
    out
}

/// The manifest's `fields`: every classified field found in the input, in
/// policy order.
fn field_entries(plan: &Plan<'_>, finished: &Finished) -> Vec<FieldEntry> {
    plan.policy
        .fields
        .iter()
        .enumerate()
        .filter(|(fi, _)| finished.tally.fields[*fi].present)
        .map(|(fi, field)| FieldEntry {
            field: field.name.clone(),
            category: plan.policy.categories[field.category].id.clone(),
            action: plan.rules[fi].action.name().to_string(),
            changed: finished.tally.fields[fi].changed,
            unprocessable: finished.tally.fields[fi].unprocessable,
        })
        .collect()
}

/// The manifest's `withholding_index`: for every field found in the input
/// that was not disclosed unchanged, one line per reason — the profile's
/// action, and redaction for lack of consent — with its authority and the
/// number of values affected.
fn withholding_index(plan: &Plan<'_>, finished: &Finished) -> Vec<IndexEntry> {
    let mut out = Vec::new();
    for (fi, field) in plan.policy.fields.iter().enumerate() {
        let tally = &finished.tally.fields[fi];
        if !tally.present {
            continue;
        }
        let rule = &plan.rules[fi];
        let category = &plan.policy.categories[field.category].id;
        let by_rule = tally.changed - tally.consent_redacted;
        if rule.action != crate::policy::Action::Keep || by_rule > 0 {
            out.push(IndexEntry {
                field: field.name.clone(),
                category: category.clone(),
                action: rule.action.name().to_string(),
                rule: rule.source.token().to_string(),
                authority: rule.authority.clone(),
                count: by_rule,
            });
        }
        if tally.consent_redacted > 0 {
            out.push(IndexEntry {
                field: field.name.clone(),
                category: category.clone(),
                action: "redact".to_string(),
                rule: "consent".to_string(),
                authority: rule.authority.clone(),
                count: tally.consent_redacted,
            });
        }
    }
    out
}
