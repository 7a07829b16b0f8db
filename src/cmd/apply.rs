//! `disclose apply`: run a disclosure and document it.
//!
//! Order of work: load the policy, resolve the profile, check the request
//! against the basis (refusals happen here, before any file exists), stage
//! every output beside its target, stream the inputs through the engine,
//! write the manifest, then make everything visible and append the ledger
//! entry. Any error before the end leaves nothing behind.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use indexmap::IndexMap;

use crate::audit::ledger::{Appended, Appender, NewEntry};
use crate::audit::manifest::{
    self, BasisEntry, FieldEntry, FileEntry, Manifest, PolicyEntry, RecipientEntry, Tool,
};
use crate::audit::notice::{self, NoticeValues};
use crate::cli::ApplyArgs;
use crate::clock::DisclosureTime;
use crate::console;
use crate::console::progress;
use crate::crypto::key::PseudonymKey;
use crate::exit::ExitCode;
use crate::flow::engine::{Engine, Finished, RunOptions};
use crate::flow::summary;
use crate::io::input::{Format, InputSpec};
use crate::io::output::{self, RecordWriter, Staged, Target};
use crate::plan::Plan;
use crate::plan::request::Request;
use crate::policy::Policy;

/// One input and where its output goes.
struct Job {
    input: InputSpec,
    staged: Staged,
}

pub fn run(args: &ApplyArgs) -> anyhow::Result<ExitCode> {
    console::set_quiet(args.quiet);
    let policy = Policy::load(&args.request.policy)?;
    let plan = Plan::resolve(&policy, &args.request.to, &args.request.basis)?;
    let request = Request::build(
        &plan,
        args.reference.as_deref(),
        args.justification.as_deref(),
        &args.subjects,
        args.subjects_file.as_deref(),
    )?;

    let format = args.format.map(Format::from);
    let inputs = args
        .inputs
        .iter()
        .map(|i| InputSpec::new(i, format))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if inputs.iter().filter(|i| i.path.is_none()).count() > 1 {
        bail!("standard input (-) can be read only once");
    }
    let (targets, manifest_target) = targets(args, &inputs)?;
    let notice_target = args.notice_out.as_deref().map(Target::from_arg);
    check_paths(&inputs, &targets, &manifest_target, notice_target.as_ref())?;
    let to_stdout = targets
        .iter()
        .chain(std::iter::once(&manifest_target))
        .chain(notice_target.as_ref())
        .filter(|t| **t == Target::Stdout)
        .count();
    if to_stdout > 1 {
        bail!("only one of the output, the manifest and the notice can go to standard output (-)");
    }
    if args.json && to_stdout > 0 {
        bail!(
            "--json prints the summary on standard output, which already carries the disclosure; write the output, manifest and notice to files, or leave out --json"
        );
    }

    let key = match (args.key_file.as_deref(), plan.needs_key()) {
        (Some(path), _) => PseudonymKey::load(Some(path))?,
        (None, true) => PseudonymKey::load(None)?,
        (None, false) => None,
    };
    let fingerprint = if plan.needs_key() {
        key.as_ref().map(|k| k.fingerprint().to_string())
    } else {
        None
    };
    let time = DisclosureTime::now()?;
    let ledger_path = args.ledger.clone().or_else(|| policy.ledger.clone());
    if let Some(path) = &ledger_path {
        crate::audit::ledger::precheck(path)?;
    }

    // Stage every file now: an existing target fails before any work.
    let mut jobs = Vec::new();
    for (input, target) in inputs.into_iter().zip(&targets) {
        jobs.push(Job {
            input,
            staged: Staged::new(target, args.force)?,
        });
    }
    let mut manifest_file = Staged::new(&manifest_target, args.force)?;
    let mut notice_file = notice_target
        .as_ref()
        .map(|t| Staged::new(t, args.force))
        .transpose()?;

    let options = RunOptions {
        strict: args.strict,
        formula_guard: policy.csv_formula_guard && !args.no_csv_formula_guard,
        silent: args.quiet,
    };
    let mut engine = Engine::new(&plan, &request, key, time.date(), options)?;
    let mut input_entries = Vec::new();
    let mut output_entries = Vec::new();
    let manifest_dir = match &manifest_target {
        Target::File(p) => crate::io::fs::parent_dir(p),
        Target::Stdout => PathBuf::from("."),
    };
    for job in &mut jobs {
        let reader = job.input.open()?;
        let bar = progress::bar(job.input.display(), job.input.path.as_deref(), args.quiet);
        let file_target = job.staged.target();
        let mut file = output::Named::new(job.staged.file(), file_target.display());
        let mut writer = RecordWriter::new(job.input.format, &mut file);
        let result = engine.run(&job.input, reader, &mut writer, bar.clone(), None);
        progress::done(bar.as_ref());
        let result = result?;
        // Write errors name the output already (output::Named).
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
                Target::File(p) => crate::io::fs::relative_to(p, &manifest_dir)
                    .display()
                    .to_string(),
                Target::Stdout => "-".to_string(),
            },
            format: job.input.format.name().to_string(),
            sha256: out_sha,
            bytes: out_bytes,
            records: result.disclosed,
        });
    }
    let finished = engine.finish()?;

    let created_at = time.rfc3339();
    let input_hashes: Vec<&str> = input_entries.iter().map(|e| e.sha256.as_str()).collect();
    let disclosure_id = manifest::disclosure_id(
        &created_at,
        &plan.recipient.id,
        &plan.basis.id,
        request.reference.as_deref(),
        &policy.sha256,
        &input_hashes,
    );
    let disclosed_categories = disclosed_categories(&plan, &finished);
    let categories_disclosed: Vec<String> = disclosed_categories
        .iter()
        .enumerate()
        .filter(|(_, d)| **d)
        .map(|(i, _)| policy.categories[i].id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let notice_text = notice::render(
        &plan,
        &NoticeValues {
            reference: request.reference.as_deref(),
            date: time.date().to_string(),
        },
        &disclosed_categories,
    );
    let manifest = Manifest {
        manifest_version: manifest::MANIFEST_VERSION,
        disclosure_id: disclosure_id.clone(),
        created_at: created_at.clone(),
        tool: Tool::this(),
        operator: operator(args.operator.as_deref()),
        recipient: RecipientEntry {
            id: plan.recipient.id.clone(),
            name: plan.recipient.name.clone(),
            address: plan.recipient.address.clone(),
            kind: plan.recipient.kind.clone(),
        },
        basis: BasisEntry {
            id: plan.basis.id.clone(),
            description: plan.basis.description.clone(),
            reference: request.reference.clone(),
            justification: request.justification.clone(),
        },
        policy: PolicyEntry {
            path: source_path(Some(&policy.path)),
            sha256: policy.sha256.clone(),
            agency: policy.agency.clone(),
        },
        key_fingerprint: fingerprint,
        inputs: input_entries,
        outputs: output_entries,
        records: finished.counts,
        fields: field_entries(&plan, &finished),
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
        .with_context(|| format!("cannot write {}", manifest_target.display()))?;
    if let Some(file) = &mut notice_file {
        let mut text = notice_text.clone().unwrap_or_default();
        if !text.is_empty() {
            text.push('\n');
        }
        file.file()
            .write_all(text.as_bytes())
            .context("cannot write the notice")?;
    }

    // Everything is written; lock the ledger, then make it all visible:
    // files first (they can be taken back), then standard output (which
    // cannot), then the ledger entry.
    let mut ledger = ledger_path.as_deref().map(Appender::open).transpose()?;
    let (to_stdout, to_files): (Vec<Staged>, Vec<Staged>) = jobs
        .into_iter()
        .map(|j| j.staged)
        .chain(std::iter::once(manifest_file))
        .chain(notice_file)
        .partition(|s| s.target() == Target::Stdout);
    let mut committed = Vec::new();
    for file in to_files.into_iter().chain(to_stdout) {
        match file.commit() {
            Ok(c) => committed.push(c),
            Err(e) => {
                committed.into_iter().for_each(output::Committed::rollback);
                return Err(e);
            }
        }
    }
    let mut appended: Option<Appended> = None;
    if let Some(ledger) = &mut ledger {
        let entry = NewEntry {
            created_at: &created_at,
            disclosure_id: &disclosure_id,
            manifest_sha256: &manifest_sha256,
            recipient: &plan.recipient.id,
            basis: &plan.basis.id,
            reference: request.reference.as_deref(),
            categories_disclosed: &categories_disclosed,
            subjects: &finished.subjects,
            records_disclosed: finished.counts.disclosed,
        };
        match ledger.append(&entry) {
            Ok(a) => appended = Some(a),
            Err(e) => {
                let printed = committed.iter().any(output::Committed::is_stdout);
                committed.into_iter().for_each(output::Committed::rollback);
                if printed {
                    return Err(e.context(
                        "the disclosure was already written to standard output, but it could not be recorded; its files were removed",
                    ));
                }
                return Err(e);
            }
        }
    }
    drop(ledger);

    let summary = summary::Summary {
        plan: &plan,
        finished: &finished,
        disclosure_id: &disclosure_id,
        outputs: &targets,
        manifest: &manifest_target,
        ledger: ledger_path.as_deref().zip(appended.as_ref()),
    };
    if args.json {
        let printed = console::write_json(&mut std::io::stdout().lock(), &summary.to_json());
        // The disclosure stands: say so, so that a script does not run it
        // again.
        printed.with_context(|| {
            format!(
                "disclosure {disclosure_id} is complete (manifest {}{}), but its summary could not be written",
                manifest_target.display(),
                appended
                    .as_ref()
                    .map(|a| format!(", ledger entry {}", a.seq))
                    .unwrap_or_default()
            )
        })?;
    }
    if !args.quiet {
        summary.print();
    }
    Ok(ExitCode::Success)
}

/// Output targets (one per input) and the manifest target.
fn targets(args: &ApplyArgs, inputs: &[InputSpec]) -> anyhow::Result<(Vec<Target>, Target)> {
    let outputs = match (&args.output, &args.out_dir) {
        (Some(output), None) => {
            if inputs.len() != 1 {
                bail!("-o/--output takes exactly one input; use --out-dir DIR for several");
            }
            let target = Target::from_arg(output);
            if let Target::File(path) = &target
                && let Some(out_format) = Format::from_path(path)
                && out_format != inputs[0].format
            {
                console::warning(&format!(
                    "{} will hold {} (the output keeps the input's format)",
                    path.display(),
                    inputs[0].format.name()
                ));
            }
            vec![target]
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let mut names = BTreeSet::new();
            let mut out = Vec::new();
            for input in inputs {
                let Some(path) = &input.path else {
                    bail!(
                        "--out-dir names each output after its input; standard input needs -o OUTPUT"
                    );
                };
                let name = path.file_name().context("an input has no file name")?;
                if !names.insert(name.to_os_string()) {
                    bail!(
                        "two inputs are named {:?}; --out-dir would write both to one file",
                        name
                    );
                }
                out.push(Target::File(dir.join(name)));
            }
            out
        }
        _ => bail!("give -o OUTPUT (one input) or --out-dir DIR (several inputs)"),
    };
    let manifest = match (&args.manifest, &args.out_dir, &outputs[..]) {
        (Some(m), _, _) => Target::from_arg(m),
        (None, Some(dir), _) => Target::File(dir.join("manifest.json")),
        (None, None, [Target::File(p)]) => {
            let mut name = p.as_os_str().to_os_string();
            name.push(".manifest.json");
            Target::File(PathBuf::from(name))
        }
        _ => bail!(
            "the output goes to standard output, so the manifest needs a file: give --manifest FILE"
        ),
    };
    Ok((outputs, manifest))
}

/// Refuse to write over an input, or two outputs to one file.
fn check_paths(
    inputs: &[InputSpec],
    outputs: &[Target],
    manifest: &Target,
    notice: Option<&Target>,
) -> anyhow::Result<()> {
    let mut seen: Vec<PathBuf> = Vec::new();
    for target in outputs
        .iter()
        .chain(std::iter::once(manifest))
        .chain(notice)
    {
        let Target::File(path) = target else { continue };
        let Some(abs) = crate::io::fs::absolute(path) else {
            continue;
        };
        if inputs
            .iter()
            .any(|i| i.path.as_deref().and_then(crate::io::fs::absolute).as_ref() == Some(&abs))
        {
            bail!(
                "{} is an input; disclose never writes over its inputs",
                path.display()
            );
        }
        if seen.contains(&abs) {
            bail!(
                "{} is named as two outputs (output, manifest, notice)",
                path.display()
            );
        }
        seen.push(abs);
    }
    Ok(())
}

/// An input's (or the policy's) path as the manifest records it: absolute,
/// because sources stay where the case system keeps them while the manifest
/// and outputs move on; `-` for standard input.
fn source_path(path: Option<&Path>) -> String {
    match path {
        None => "-".to_string(),
        Some(p) => crate::io::fs::absolute(p)
            .unwrap_or_else(|| p.to_path_buf())
            .display()
            .to_string(),
    }
}

fn operator(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
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
