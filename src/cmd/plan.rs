//! `disclose plan`: for one recipient and basis, what every field becomes
//! and why; the basis's requirements, the consent rule and the notices. For
//! clerks to review before a run. It resolves through `Plan`, the same code
//! `apply` runs.

use std::io::Write as _;

use serde_json::{Value, json};

use crate::cli::PlanArgs;
use crate::console::table::Table;
use crate::exit::ExitCode;
use crate::plan::Plan;
use crate::policy::{Action, Generalize, Policy, WithholdRule};

pub fn run(args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let policy = Policy::load(&args.request.policy)?;
    let plan = Plan::resolve(&policy, &args.request.to, &args.request.basis)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        crate::console::write_json(&mut out, &to_json(&plan))?;
    } else {
        out.write_all(render(&plan).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::Success)
}

/// The action's parameters as JSON.
pub fn action_json(action: &Action) -> Value {
    match action {
        Action::Mask { keep_last } => json!({ "keep_last": keep_last }),
        Action::Pseudonymize { domain } => json!({ "domain": domain }),
        Action::Generalize(Generalize::Year) => json!({ "to": "year" }),
        Action::Generalize(Generalize::Month) => json!({ "to": "month" }),
        Action::Generalize(Generalize::Bucket(n)) => json!({ "bucket": n }),
        Action::Scrub {
            detectors,
            allowlist,
        } => match allowlist {
            Some(a) => {
                json!({ "detectors": detectors, "mode": if *a { "allowlist" } else { "detect" } })
            }
            None => json!({ "detectors": detectors }),
        },
        _ => json!({}),
    }
}

/// The consent rule in words.
fn consent_text(policy: &Policy, plan: &Plan<'_>) -> Option<String> {
    if let Some(registry) = &plan.basis.consent_registry {
        return Some(format!(
            "a record is disclosed only when a consent in the registry {} (or --consents FILE) for its subject names {} (or its kind) and {}, was signed on or before the disclosure date, has not expired and was not revoked; fields of categories that no such consent covers are redacted (CONSENT column); otherwise the record is withheld (no_consent)",
            registry.display(),
            plan.recipient.id,
            plan.basis.id
        ));
    }
    let consent = plan.basis.consent.as_ref()?;
    let mut text = format!(
        "a record is disclosed only when {} is one of {} (any case)",
        policy.fields[consent.field].name,
        consent.granted.join(", ")
    );
    if let Some(e) = consent.expires_field {
        text.push_str(&format!(
            " and {} ({}) is on or after the disclosure date",
            policy.fields[e].name,
            policy.fields[e].date_format()
        ));
    }
    text.push_str("; otherwise it is withheld (no_consent)");
    Some(text)
}

/// The notices the disclosure would carry, with the placeholders known
/// before a run filled in; `{reference}` and `{date}` stay as
/// placeholders. (source, text) pairs. A category's notice is listed only
/// when the profile discloses a field of the category (an action other
/// than drop and redact): a category withheld whole carries none.
fn notices(plan: &Plan<'_>) -> Vec<(String, String)> {
    let policy = plan.policy;
    // Not known before a run: left as placeholders.
    let lookup = crate::audit::notice::placeholders(plan, "{reference}", "{date}");
    let mut out = Vec::new();
    if let Some(t) = &plan.profile.notice {
        out.push(("profile".to_string(), t.render(&lookup)));
    }
    let mut disclosed = vec![false; policy.categories.len()];
    for (field, rule) in policy.fields.iter().zip(&plan.rules) {
        if rule.action.discloses() {
            disclosed[field.category] = true;
        }
    }
    for (category, disclosed) in policy.categories.iter().zip(disclosed) {
        if let (Some(t), true) = (&category.notice, disclosed) {
            out.push((format!("category {}", category.id), t.render(&lookup)));
        }
    }
    out
}

/// The explicit pseudonym domains this plan uses, each with the other
/// recipients whose profiles name the same domain: their pseudonyms can be
/// joined with this recipient's. (Without `domain`, a pseudonym's domain is
/// `RECIPIENT/FIELD`, which no other recipient shares.)
fn shared_domains(plan: &Plan<'_>) -> Vec<(String, Vec<String>)> {
    let policy = plan.policy;
    let mut domains: Vec<String> = Vec::new();
    for rule in &plan.rules {
        if let Action::Pseudonymize { domain: Some(d) } = &rule.action
            && !domains.contains(d)
        {
            domains.push(d.clone());
        }
    }
    domains
        .into_iter()
        .map(|domain| {
            let mut recipients = std::collections::BTreeSet::new();
            for profile in &policy.profiles {
                let names = profile
                    .field_rules
                    .iter()
                    .chain(&profile.category_rules)
                    .flatten()
                    .any(|a| matches!(a, Action::Pseudonymize { domain: Some(d) } if *d == domain));
                if names {
                    for &ri in &profile.recipients {
                        if policy.recipients[ri].id != plan.recipient.id {
                            recipients.insert(policy.recipients[ri].id.clone());
                        }
                    }
                }
            }
            (domain, recipients.into_iter().collect())
        })
        .collect()
}

fn render(plan: &Plan<'_>) -> String {
    let policy = plan.policy;
    let mut text = format!(
        "Disclosure to {} ({}) under {} ({})\nPolicy: {}\n\n",
        plan.recipient.name,
        plan.recipient.id,
        plan.basis.description,
        plan.basis.id,
        policy.path.display()
    );
    let mut table = Table::new(&[
        "FIELD",
        "CATEGORY",
        "KIND",
        "ACTION",
        "WHY",
        "AUTHORITY",
        "CONSENT",
        "RECORD RULE",
    ]);
    for (fi, field) in policy.fields.iter().enumerate() {
        let rule = &plan.rules[fi];
        table.row(vec![
            field.name.clone(),
            policy.categories[field.category].id.clone(),
            field.kind.name().to_string(),
            rule.action.describe(),
            rule.source.describe().to_string(),
            rule.authority.clone().unwrap_or_else(|| "-".into()),
            consent_category(plan, fi).unwrap_or("-").to_string(),
            or_dash(record_rules_of(plan, fi).join(", ")),
        ]);
    }
    text.push_str(&table.render(0));
    let rules = record_rules(plan);
    if !rules.is_empty() {
        text.push_str("\nRecord rules (checked after the subject scope, before consent):\n");
        for (rule, applies) in rules {
            text.push_str(&format!(
                "  {:<12} withholds a record whose {} is one of {}{}{}\n",
                rule.reason,
                rule.field,
                rule.values.join(", "),
                rule.authority
                    .as_deref()
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default(),
                if applies {
                    ""
                } else {
                    "; not under this basis (unless_basis lists it)"
                }
            ));
        }
    }
    text.push_str("\nFields an input has that [fields] does not classify: ");
    text.push_str(match policy.unclassified {
        crate::policy::Unclassified::Error => "the run stops (unclassified = \"error\").\n",
        crate::policy::Unclassified::Drop => {
            "dropped and named in the manifest (unclassified = \"drop\").\n"
        }
    });
    text.push_str("\nRequirements of the basis:\n");
    let needs = plan.basis.requires;
    if needs.names().is_empty() {
        text.push_str("  none\n");
    }
    if needs.reference {
        text.push_str("  reference      --reference REF (order, warrant or statute number)\n");
    }
    if needs.justification {
        text.push_str("  justification  --justification TEXT (why the disclosure is necessary)\n");
    }
    if needs.subjects {
        text.push_str("  subjects       --subject ID... or --subjects-file FILE; other records are withheld\n");
    }
    if needs.findings {
        text.push_str(
            "  findings       --findings TEXT (the findings the court made for the order)\n",
        );
    }
    if let Some(consent) = consent_text(policy, plan) {
        text.push_str(&format!("\nConsent: {consent}.\n"));
    }
    let shared = shared_domains(plan);
    if !shared.is_empty() {
        text.push_str("\nPseudonym domains named in the policy (shared on purpose):\n");
        for (domain, recipients) in &shared {
            if recipients.is_empty() {
                text.push_str(&format!("  {domain}: no other recipient uses it\n"));
            } else {
                text.push_str(&format!(
                    "  {domain}: pseudonyms can be joined with those of {}\n",
                    recipients.join(", ")
                ));
            }
        }
    }
    let notices = notices(plan);
    if !notices.is_empty() {
        text.push_str("\nNotices (a category's notice goes with the disclosure when a field of the category is in the input):\n");
        for (source, notice) in notices {
            text.push_str(&format!("  [{source}] {notice}\n"));
        }
    }
    text
}

fn to_json(plan: &Plan<'_>) -> Value {
    let policy = plan.policy;
    let fields: Vec<Value> = policy
        .fields
        .iter()
        .enumerate()
        .map(|(fi, field)| {
            let rule = &plan.rules[fi];
            json!({
                "field": field.name,
                "category": policy.categories[field.category].id,
                "kind": field.kind.name(),
                "action": rule.action.name(),
                "parameters": action_json(&rule.action),
                "source": rule.source.token(),
                "why": rule.source.describe(),
                "authority": rule.authority,
                "consent_category": consent_category(plan, fi),
                "record_rules": record_rules_of(plan, fi),
            })
        })
        .collect();
    let consent = plan.basis.consent.as_ref().map(|c| {
        json!({
            "field": policy.fields[c.field].name,
            "granted": c.granted,
            "expires_field": c.expires_field.map(|e| policy.fields[e].name.clone()),
        })
    });
    let consent = match &plan.basis.consent_registry {
        Some(path) => Some(json!({ "registry": path.display().to_string() })),
        None => consent,
    };
    let record_rules: Vec<Value> = record_rules(plan)
        .into_iter()
        .map(|(r, applies)| {
            json!({"reason": r.reason, "field": r.field, "values": r.values, "authority": r.authority, "applies": applies})
        })
        .collect();
    json!({
        "policy": policy.path.display().to_string(),
        "recipient": {
            "id": plan.recipient.id,
            "name": plan.recipient.name,
            "address": plan.recipient.address,
            "kind": plan.recipient.kind,
        },
        "basis": {
            "id": plan.basis.id,
            "description": plan.basis.description,
            "requires": plan.basis.requires.names(),
            "requirements": plan.basis.requires.names(),
            "consent": consent,
        },
        "profile": plan.profile_index,
        "unclassified": match policy.unclassified {
            crate::policy::Unclassified::Error => "error",
            crate::policy::Unclassified::Drop => "drop",
        },
        "fields": fields,
        "record_rules": record_rules,
        "shared_domains": shared_domains(plan).into_iter().map(|(domain, recipients)| json!({"domain": domain, "recipients": recipients})).collect::<Vec<_>>(),
        "notices": notices(plan).into_iter().map(|(source, text)| json!({"source": source, "text": text})).collect::<Vec<_>>(),
    })
}

fn or_dash(s: String) -> String {
    if s.is_empty() { "-".into() } else { s }
}

/// Under a consent registry: the category a consent must cover for the
/// field to be disclosed (fields that are dropped or redacted anyway need
/// none).
fn consent_category<'p>(plan: &Plan<'p>, fi: usize) -> Option<&'p str> {
    plan.basis.consent_registry.as_ref()?;
    let field = &plan.policy.fields[fi];
    if matches!(plan.rules[fi].action, Action::Drop | Action::Redact) {
        None
    } else {
        Some(plan.policy.categories[field.category].id.as_str())
    }
}

/// The reasons of the record rules that read this field and apply under
/// the plan's basis.
fn record_rules_of(plan: &Plan<'_>, fi: usize) -> Vec<String> {
    let basis = plan.basis_index();
    plan.policy
        .withhold
        .iter()
        .filter(|r| r.classified_by == fi && r.applies_to(basis))
        .map(|r| r.reason.clone())
        .collect()
}

/// Every record rule, and whether it applies under the plan's basis.
fn record_rules<'p>(plan: &Plan<'p>) -> Vec<(&'p WithholdRule, bool)> {
    let basis = plan.basis_index();
    plan.policy
        .withhold
        .iter()
        .map(|r| (r, r.applies_to(basis)))
        .collect()
}
