//! `disclose apply`: turn the arguments into a session and destinations,
//! run the disclosure transaction, print the summary.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::{Context as _, bail};

use crate::cli::ApplyArgs;
use crate::console;
use crate::exit::ExitCode;
use crate::flow::engine::RunOptions;
use crate::flow::outcome::Demands;
use crate::flow::session::{Ask, Session};
use crate::flow::summary::Summary;
use crate::flow::transaction::{self, Conduct, Destinations};
use crate::io::fs;
use crate::io::input::{Format, InputSpec};
use crate::io::output::Target;
use crate::policy::Policy;

pub fn run(args: &ApplyArgs) -> anyhow::Result<ExitCode> {
    console::set_quiet(args.quiet);
    let policy = Policy::load(&args.request.policy)?;
    let session = Session::open(&policy, &ask(args, &policy))?;
    if !args.quiet {
        session.warn_clock();
    }

    let format = args.format.map(Format::from);
    let read = args.read.options()?;
    let inputs = args
        .inputs
        .iter()
        .map(|i| Ok(InputSpec::new(i, format)?.reading(read)))
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

    let destinations = Destinations {
        outputs: targets,
        manifest: manifest_target,
        notice: notice_target,
        force: args.force,
        ledger: args.ledger.clone().or_else(|| policy.ledger.clone()),
        bom: args.bom,
    };
    let conduct = Conduct {
        operator: operator(args.operator.as_deref()),
        requested_by: args.requested_by.clone(),
        method: args.method.clone(),
        options: RunOptions {
            strict: args.strict,
            formula_guard: session.redactor.formula_guard(),
            silent: args.quiet,
        },
        demands: Demands {
            allow_empty: args.allow_empty,
            require_all_subjects: args.require_all_subjects,
        },
        quiet: args.quiet,
    };
    let done = transaction::disclose(&session, inputs, &destinations, &conduct)?;
    if destinations.ledger.is_none() {
        console::warning(&format!(
            "no ledger: disclosure {} is recorded only in its manifest {}; give --ledger FILE, or set ledger = \"...\" in the policy, so that every disclosure can be accounted for",
            done.disclosure_id,
            destinations.manifest.display()
        ));
    }

    let summary = Summary {
        plan: &session.plan,
        finished: &done.finished,
        disclosure_id: &done.disclosure_id,
        outputs: &destinations.outputs,
        manifest: &destinations.manifest,
        ledger: destinations.ledger.as_deref().zip(done.appended.as_ref()),
    };
    if args.json {
        let printed = console::write_json(&mut std::io::stdout().lock(), &summary.to_json());
        // The disclosure stands: say so, so that a script does not run it
        // again.
        printed.with_context(|| {
            format!(
                "disclosure {} is complete (manifest {}{}), but its summary could not be written",
                done.disclosure_id,
                destinations.manifest.display(),
                done.appended
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

/// The request as the session takes it.
fn ask<'a>(args: &'a ApplyArgs, policy: &Policy) -> Ask<'a> {
    Ask {
        to: &args.request.to,
        basis: &args.request.basis,
        reference: args.reference.as_deref(),
        justification: args.justification.as_deref(),
        findings: args.findings.as_deref(),
        consents: args.consents.as_deref(),
        subjects: &args.subjects,
        subjects_file: args.subjects_file.as_deref(),
        key_file: args.key_file.as_deref(),
        formula_guard: policy.csv_formula_guard && !args.no_csv_formula_guard,
    }
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
                bail!(
                    "{}: the output keeps the input's format ({}), but its name ends as {} does; name it .{}",
                    path.display(),
                    inputs[0].format.name(),
                    out_format.name(),
                    inputs[0].format.name()
                );
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
        let Some(abs) = fs::absolute(path) else {
            continue;
        };
        if inputs
            .iter()
            .any(|i| i.path.as_deref().and_then(fs::absolute).as_ref() == Some(&abs))
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

/// Who makes the disclosure: `--operator`, else `$USER` (or `$LOGNAME`);
/// "unknown", with a warning, when none names anyone.
pub fn operator(given: Option<&str>) -> String {
    let named = given
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    named.unwrap_or_else(|| {
        console::warning(
            "USER is not set, so the manifest names the operator \"unknown\"; give --operator NAME to record who made the disclosure",
        );
        "unknown".to_string()
    })
}
