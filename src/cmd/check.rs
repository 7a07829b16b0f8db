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
                profile: basis.id.clone(),
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
    let policy_findings: Vec<PolicyFinding> = policy
        .protected_violations
        .iter()
        .map(|m| PolicyFinding {
            kind: "protected",
            message: m.clone(),
        })
        .collect();
    let registry_warnings = registry_warnings(&policy)?;
    let pairs = pairs(&policy, args.profile.as_deref())?;
    let labels: Vec<String> = pairs
        .iter()
        .map(|&(r, b, _)| format!("{}:{}", policy.recipients[r].id, policy.bases[b].id))
        .collect();
    if args.samples.is_empty() && (!policy_findings.is_empty() || !registry_warnings.is_empty()) {
        let report = Report {
            ok: policy_findings.is_empty(),
            policy: policy.path.display().to_string(),
            profiles: labels,
            samples: Vec::new(),
            policy_findings,
            findings: Vec::new(),
            warnings: registry_warnings,
        };
        if args.json {
            print_json(&report)?;
        } else {
            print_text(&report)?;
        }
        return Ok(if report.ok {
            ExitCode::Success
        } else {
            ExitCode::Findings
        });
    }
    if args.samples.is_empty() {
        if args.json {
            print_json(&Report {
                ok: true,
                policy: policy.path.display().to_string(),
                profiles: labels,
                samples: Vec::new(),
                policy_findings: Vec::new(),
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
    let time = DisclosureTime::now()?;
    // Compiled once for every profile.
    let plans: Vec<Plan<'_>> = pairs
        .iter()
        .map(|&(r, b, p)| Plan::for_profile(&policy, r, b, p))
        .collect();
    let scrub = ScrubSets::compile(&policy, &plans)?;
    let detectors = LeakObserver::detectors(&policy)?;

    let mut findings: BTreeSet<Finding> = BTreeSet::new();
    let mut warnings = registry_warnings;
    let mut present = vec![false; policy.fields.len()];
    for (plan, label) in plans.into_iter().zip(&labels) {
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
        for sample in &samples {
            let name = sample.display();
            let reader = sample.open()?;
            let bar = progress::bar(sample.display(), sample.path.as_deref(), args.quiet);
            if let Some(bar) = &bar {
                bar.set_prefix(format!("{label} {name}"));
            }
            let mut sink = std::io::sink();
            let mut writer = RecordWriter::new(sample.format, &mut sink);
            let before = engine.counts.clone();
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
                    message: None,
                });
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

    for (&(_, _, p), label) in pairs.iter().zip(&labels) {
        for (fi, rule) in policy.profiles[p].field_rules.iter().enumerate() {
            if rule.is_some() && !present[fi] {
                warnings.push(Warning {
                    kind: "dead_rule",
                    profile: label.clone(),
                    field: Some(policy.fields[fi].name.clone()),
                    sample: None,
                    message: None,
                });
            }
        }
    }
    let findings: Vec<Finding> = findings.into_iter().collect();
    let report = Report {
        ok: findings.is_empty() && policy_findings.is_empty(),
        policy: policy.path.display().to_string(),
        profiles: labels,
        samples: samples.iter().map(InputSpec::display).collect(),
        policy_findings,
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

fn print_text(report: &Report) -> anyhow::Result<()> {
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
    for w in &report.warnings {
        console::warning(&match (&w.field, &w.sample) {
            _ if w.message.is_some() => format!(
                "consent registry {} (basis {}): {}",
                w.sample.as_deref().unwrap_or("-"),
                w.profile,
                w.message.as_deref().unwrap_or_default()
            ),
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
        "{verdict}: {} findings ({} echo, {} detector, {} coverage, {} look_alike, {} shape, {} protected); {} profiles x {} samples",
        report.findings.len() + report.policy_findings.len(),
        count("echo"),
        count("detector"),
        count("coverage"),
        count("look_alike"),
        count("shape"),
        report.policy_findings.len(),
        report.profiles.len(),
        report.samples.len()
    )?;
    Ok(())
}
