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
use crate::flow::engine::{Engine, RunOptions};
use crate::flow::leak::{Finding, LeakObserver};
use crate::flow::session::Session;
use crate::io::input::InputSpec;
use crate::io::output::RecordWriter;
use crate::plan::Plan;
use crate::policy::{Policy, Unclassified};
use crate::redact::ScrubSets;

/// Findings printed in the text report before the rest are only counted.
const SHOWN: usize = 50;

/// A warning that does not fail the check (unless `--deny-warnings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// `dead_rule` (with `field`), `nothing_checked` (with `sample`: the
    /// profile disclosed none of its records, so none were checked) or
    /// `no_ledger` (the policy names no ledger; no profile).
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<String>,
    /// `registry_row`: what makes the row unmatchable (names ids, never
    /// record values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A finding about the policy itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct PolicyFinding {
    /// `protected`: a profile discloses a protected category under a basis
    /// that its `allowed_bases` does not list.
    kind: &'static str,
    message: String,
}

#[derive(Debug, Serialize)]
struct Report {
    ok: bool,
    policy: String,
    profiles: Vec<String>,
    samples: Vec<String>,
    policy_findings: Vec<PolicyFinding>,
    findings: Vec<Finding>,
    warnings: Vec<Warning>,
    /// Warnings count as findings (`--deny-warnings`).
    deny_warnings: bool,
}

/// Registry rows that no disclosure under this policy can ever match.
fn registry_warnings(policy: &Policy) -> anyhow::Result<Vec<Warning>> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for basis in &policy.bases {
        let Some(path) = &basis.consent_registry else {
            continue;
        };
        if seen.contains(path) {
            continue;
        }
        seen.push(path.clone());
        for (line, problem) in crate::plan::consents::unmatchable(path, policy)? {
            out.push(Warning {
                kind: "registry_row",
                profile: Some(basis.id.clone()),
                field: None,
                sample: Some(path.display().to_string()),
                message: Some(format!(
                    "line {line}: {problem}; the consent can never match"
                )),
            });
        }
    }
    Ok(out)
}

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    console::set_quiet(args.quiet);
    let policy = Policy::load_for_check(&args.policy)?;
    let pairs = pairs(&policy, args.profile.as_deref())?;
    let labels: Vec<String> = pairs
        .iter()
        .map(|&(r, b, _)| format!("{}:{}", policy.recipients[r].id, policy.bases[b].id))
        .collect();
    let policy_name = policy.path.display().to_string();
    let mut findings: BTreeSet<Finding> = policy
        .placeholders
        .iter()
        .map(|p| Finding {
            kind: "placeholder",
            profile: None,
            sample: policy_name.clone(),
            record: None,
            line: Some(p.line as u64),
            field: p.key.clone(),
            into: None,
            detectors: None,
        })
        .collect();
    let policy_findings: Vec<PolicyFinding> = policy
        .protected_violations
        .iter()
        .map(|m| PolicyFinding {
            kind: "protected",
            message: m.clone(),
        })
        .collect();
    let mut warnings = registry_warnings(&policy)?;
    if policy.ledger.is_none() {
        warnings.push(Warning {
            kind: "no_ledger",
            profile: None,
            field: None,
            sample: None,
            message: None,
        });
    }
    let read = args.read.options()?;
    let samples = args
        .samples
        .iter()
        .map(|s| {
            if s.as_os_str() == "-" {
                bail!("check reads sample files, not standard input");
            }
            Ok(InputSpec::new(s, None)?.reading(read))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    if !samples.is_empty() {
        run_samples(
            args,
            &policy,
            &pairs,
            &labels,
            &samples,
            &mut findings,
            &mut warnings,
        )?;
    }
    let findings: Vec<Finding> = findings.into_iter().collect();
    let report = Report {
        ok: findings.is_empty()
            && policy_findings.is_empty()
            && (warnings.is_empty() || !args.deny_warnings),
        policy: policy_name,
        profiles: labels,
        samples: samples.iter().map(InputSpec::display).collect(),
        policy_findings,
        findings,
        warnings,
        deny_warnings: args.deny_warnings,
    };
    if args.json {
        print_json(&report)?;
    } else {
        print_text(&report, args.quiet, &policy)?;
    }
    Ok(if report.ok {
        ExitCode::Success
    } else {
        ExitCode::Findings
    })
}

/// Run every profile over every sample, collecting findings and warnings.
fn run_samples(
    args: &CheckArgs,
    policy: &Policy,
    pairs: &[(usize, usize, usize)],
    labels: &[String],
    samples: &[InputSpec],
    findings: &mut BTreeSet<Finding>,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<()> {
    let key = match &args.key_file {
        Some(path) => PseudonymKey::load(Some(path))?.context("no key")?,
        None => PseudonymKey::from_bytes(TEST_KEY)?,
    };
    let time = DisclosureTime::now()?;
    // Compiled once for every profile.
    let plans: Vec<Plan<'_>> = pairs
        .iter()
        .map(|&(r, b, p)| Plan::for_profile(policy, r, b, p))
        .collect();
    let scrub = ScrubSets::compile(policy, &plans)?;
    let detectors = LeakObserver::detectors(policy)?;

    let mut present = vec![false; policy.fields.len()];
    for (plan, label) in plans.into_iter().zip(labels) {
        let session = Session::for_check(plan, &key, &scrub, time)?;
        let options = RunOptions {
            strict: false,
            formula_guard: session.redactor.formula_guard(),
            silent: true,
        };
        let mut redactor = session.redactor.clone();
        redactor.set_unclassified(Unclassified::Drop);
        redactor.set_collect();
        let mut engine = Engine::with_redactor(
            &session.plan,
            &session.request,
            redactor,
            session.date(),
            options,
        );
        let mut observer = LeakObserver::new(&session.plan, label, &detectors);
        for sample in samples {
            let name = sample.display();
            let reader = sample.open()?;
            let bar = progress::bar(sample.display(), sample.path.as_deref(), args.quiet);
            if let Some(bar) = &bar {
                bar.set_prefix(format!("{label} {name}"));
            }
            let mut sink = std::io::sink();
            let mut writer = RecordWriter::new(sample.format, &mut sink);
            let before = engine.counts.clone();
            let unprocessable_before: Vec<u64> = engine
                .tally
                .fields
                .iter()
                .map(|t| t.unprocessable)
                .collect();
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
                    profile: Some(label.clone()),
                    field: None,
                    sample: Some(name.clone()),
                    message: None,
                });
            }
            for (fi, t) in engine.tally.fields.iter().enumerate() {
                if t.unprocessable > unprocessable_before[fi] {
                    findings.insert(Finding {
                        kind: "unprocessable",
                        profile: Some(label.clone()),
                        sample: name.clone(),
                        record: None,
                        line: None,
                        field: policy.fields[fi].name.clone(),
                        into: None,
                        detectors: None,
                    });
                }
            }
            let tally = &mut engine.tally;
            let found = std::mem::take(&mut tally.unclassified_dropped)
                .into_iter()
                .map(|f| ("coverage", f))
                .chain(
                    std::mem::take(&mut tally.look_alikes)
                        .into_iter()
                        .map(|f| ("look_alike", f)),
                )
                .chain(
                    std::mem::take(&mut tally.shape_mismatches)
                        .into_iter()
                        .map(|f| ("shape", f)),
                );
            for (kind, field) in found {
                findings.insert(Finding {
                    kind,
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

    for (&(_, _, p), label) in pairs.iter().zip(labels) {
        for (fi, rule) in policy.profiles[p].field_rules.iter().enumerate() {
            if rule.is_some() && !present[fi] {
                warnings.push(Warning {
                    kind: "dead_rule",
                    profile: Some(label.clone()),
                    field: Some(policy.fields[fi].name.clone()),
                    sample: None,
                    message: None,
                });
            }
        }
    }
    Ok(())
}

/// The (recipient, basis, profile) triples to run: all, or the one that
/// `--profile RECIPIENT:BASIS` names (refused, exit 3, when the policy has
/// no such profile, as `apply` refuses it).
fn pairs(policy: &Policy, only: Option<&str>) -> anyhow::Result<Vec<(usize, usize, usize)>> {
    let Some(only) = only else {
        return Ok(policy.pairs());
    };
    let Some((r, b)) = only.split_once(':') else {
        bail!("--profile takes RECIPIENT:BASIS, e.g. district-court:court-order");
    };
    let plan = Plan::resolve(policy, r, b)?;
    let (ri, bi) = (
        policy.recipient_index(r).unwrap_or_default(),
        policy.basis_index(b).unwrap_or_default(),
    );
    Ok(vec![(ri, bi, plan.profile_index)])
}

fn print_json(report: &Report) -> anyhow::Result<()> {
    console::write_json(&mut std::io::stdout().lock(), report)
}

fn print_text(report: &Report, quiet: bool, policy: &Policy) -> anyhow::Result<()> {
    if quiet && report.ok {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    let colour = console::stdout_colour();
    for f in &report.policy_findings {
        writeln!(
            out,
            "{} {:<8} {}",
            console::paint("FINDING", console::RED, colour),
            f.kind,
            f.message
        )?;
    }
    for f in report.findings.iter().take(SHOWN) {
        let place = match (f.record, f.line) {
            (Some(r), Some(l)) => format!("record {r} (line {l})"),
            (None, Some(l)) => format!("line {l}"),
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
            "unprocessable" => format!(
                "field {:?}: values its action could not process (they would be redacted; check the field's kind and format)",
                f.field
            ),
            "placeholder" => format!(
                "{}: still holds the placeholder {}: write the real value",
                f.field,
                crate::policy::placeholders::TOKEN
            ),
            "look_alike" => match f.field.split_once(" -> ") {
                Some((key, classified)) => format!(
                    "key {key:?} looks like the classified field {classified:?} (case, Unicode form or invisible characters); apply stops on it"
                ),
                None => format!("key {:?} looks like a classified field", f.field),
            },
            "shape" => format!(
                "field {:?} holds a single value where the policy classifies paths below it; it is withheld (a CSV column stops apply)",
                f.field
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
    let warn = |message: String| {
        if report.deny_warnings {
            // A finding now: on standard output with the others, also
            // under -q.
            let _ = writeln!(
                std::io::stdout().lock(),
                "{} {message}",
                console::paint("FINDING", console::RED, colour)
            );
        } else {
            console::warning(&message);
        }
    };
    for line in summarised_warnings(&report.warnings, policy) {
        warn(line);
    }
    let count = |kind: &str| report.findings.iter().filter(|f| f.kind == kind).count();
    let verdict = if report.ok {
        console::paint("check OK", console::GREEN, colour)
    } else {
        console::paint("check FAILED", console::RED, colour)
    };
    let mut kinds = vec![
        format!("{} echo", count("echo")),
        format!("{} detector", count("detector")),
        format!("{} coverage", count("coverage")),
    ];
    for kind in ["look_alike", "shape", "unprocessable", "placeholder"] {
        if count(kind) > 0 {
            kinds.push(format!("{} {kind}", count(kind)));
        }
    }
    if !report.policy_findings.is_empty() {
        kinds.push(format!("{} protected", report.policy_findings.len()));
    }
    let total = report.findings.len() + report.policy_findings.len();
    let denied = if report.deny_warnings && !report.warnings.is_empty() {
        format!(", {} warnings (--deny-warnings)", report.warnings.len())
    } else {
        String::new()
    };
    if report.samples.is_empty() {
        let sizes = format!(
            "{} recipients, {} bases, {} profiles",
            policy.recipients.len(),
            policy.bases.len(),
            report.profiles.len()
        );
        if report.ok {
            writeln!(
                out,
                "{}: {} ({sizes})",
                console::paint("policy OK", console::GREEN, colour),
                report.policy
            )?;
        } else {
            writeln!(
                out,
                "{}: {}: {total} findings{denied} ({sizes})",
                console::paint("policy FAILED", console::RED, colour),
                report.policy
            )?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "{verdict}: {total} findings ({}){denied}; {} profiles x {} samples",
        kinds.join(", "),
        report.profiles.len(),
        report.samples.len()
    )?;
    Ok(())
}

/// Fields named in one summarised warning line before the rest are counted.
const NAMED: usize = 5;

/// The warnings as lines: one per kind and profile, naming the first few
/// fields or samples ("dead rule: profile X: 23 fields (a, b, c, ...)").
fn summarised_warnings(warnings: &[Warning], policy: &Policy) -> Vec<String> {
    let mut lines = Vec::new();
    if warnings.iter().any(|w| w.kind == "no_ledger") {
        lines.push(format!(
            "no ledger: the policy names none (ledger = \"...\"), so a disclosure made without --ledger is recorded only in its manifest ({})",
            policy.path.display()
        ));
    }
    for w in warnings.iter().filter(|w| w.kind == "registry_row") {
        lines.push(format!(
            "consent registry {} (basis {}): {}",
            w.sample.as_deref().unwrap_or("-"),
            w.profile.as_deref().unwrap_or("-"),
            w.message.as_deref().unwrap_or_default()
        ));
    }
    let mut groups: indexmap::IndexMap<(&str, &str), Vec<&str>> = indexmap::IndexMap::new();
    for w in warnings
        .iter()
        .filter(|w| w.kind != "no_ledger" && w.kind != "registry_row")
    {
        let what = w.field.as_deref().or(w.sample.as_deref()).unwrap_or("-");
        groups
            .entry((w.kind, w.profile.as_deref().unwrap_or("-")))
            .or_default()
            .push(what);
    }
    for ((kind, profile), items) in groups {
        let named: Vec<&str> = items.iter().take(NAMED).copied().collect();
        let more = if items.len() > NAMED { ", ..." } else { "" };
        lines.push(match kind {
            "dead_rule" => format!(
                "dead rule: profile {profile}: {} field(s) that no sample contains have rules ({}{more})",
                items.len(),
                named.join(", ")
            ),
            _ => format!(
                "nothing checked: profile {profile} withheld every record of {} sample(s) ({}{more}): out of scope or without valid consent",
                items.len(),
                named.join(", ")
            ),
        });
    }
    lines
}
