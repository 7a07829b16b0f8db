//! `disclose list`: the recipients, legal bases, categories and profiles
//! a policy defines.

use std::io::Write as _;

use serde_json::json;

use crate::cli::ListArgs;
use crate::console::table::Table;
use crate::exit::ExitCode;
use crate::policy::Policy;

pub fn run(args: &ListArgs) -> anyhow::Result<ExitCode> {
    let policy = Policy::load_for_check(&args.policy)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        crate::console::write_json(&mut out, &to_json(&policy))?;
    } else {
        out.write_all(render(&policy).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::Success)
}

fn profile_pairs(policy: &Policy) -> Vec<(String, String, usize)> {
    policy
        .pairs()
        .into_iter()
        .map(|(r, b, pi)| {
            (
                policy.recipients[r].id.clone(),
                policy.bases[b].id.clone(),
                pi,
            )
        })
        .collect()
}

fn render(policy: &Policy) -> String {
    let mut text = String::new();
    if let Some(agency) = &policy.agency {
        text.push_str(&format!("{agency}\n\n"));
    }
    let mut recipients = Table::new(&["RECIPIENT", "NAME", "KIND"]);
    for r in &policy.recipients {
        recipients.row(vec![
            r.id.clone(),
            r.name.clone(),
            r.kind.clone().unwrap_or_default(),
        ]);
    }
    text.push_str(&recipients.render(0));
    let mut bases = Table::new(&["BASIS", "DESCRIPTION", "REQUIRES"]);
    for b in &policy.bases {
        let mut needs: Vec<String> = b.requires.names().iter().map(|s| s.to_string()).collect();
        if let Some(c) = &b.consent {
            needs.push(format!("consent ({})", policy.fields[c.field].name));
        }
        bases.row(vec![
            b.id.clone(),
            b.description.clone(),
            if needs.is_empty() {
                "-".into()
            } else {
                needs.join(", ")
            },
        ]);
    }
    text.push('\n');
    text.push_str(&bases.render(0));
    let mut categories = Table::new(&["CATEGORY", "DESCRIPTION", "NOTICE"]);
    for c in &policy.categories {
        categories.row(vec![
            c.id.clone(),
            c.description.clone(),
            if c.notice.is_some() { "yes" } else { "-" }.into(),
        ]);
    }
    text.push('\n');
    text.push_str(&categories.render(0));
    let mut profiles = Table::new(&["PROFILE", "RECIPIENT", "BASIS"]);
    for (r, b, pi) in profile_pairs(policy) {
        profiles.row(vec![format!("profiles[{pi}]"), r, b]);
    }
    text.push('\n');
    text.push_str(&profiles.render(0));
    text
}

fn to_json(policy: &Policy) -> serde_json::Value {
    json!({
        "policy": policy.path.display().to_string(),
        "agency": policy.agency,
        "recipients": policy.recipients.iter().map(|r| json!({
            "id": r.id, "name": r.name, "address": r.address, "kind": r.kind,
        })).collect::<Vec<_>>(),
        "bases": policy.bases.iter().map(|b| json!({
            "id": b.id,
            "description": b.description,
            "requires": b.requires.names(),
            "requirements": b.requires.names(),
            "consent": b.consent.as_ref().map(|c| json!({
                "field": policy.fields[c.field].name,
                "granted": c.granted,
                "expires_field": c.expires_field.map(|e| policy.fields[e].name.clone()),
            })),
        })).collect::<Vec<_>>(),
        "categories": policy.categories.iter().map(|c| json!({
            "id": c.id, "description": c.description, "notice": c.notice.is_some(),
        })).collect::<Vec<_>>(),
        // One entry per recipient and basis pair, with the profile's full
        // lists of recipients and bases.
        "profiles": profile_pairs(policy).into_iter().map(|(r, b, pi)| {
            let profile = &policy.profiles[pi];
            json!({
                "recipient": r,
                "basis": b,
                "profile": pi,
                "recipients": profile.recipients.iter().map(|&i| &policy.recipients[i].id).collect::<Vec<_>>(),
                "bases": profile.bases.iter().map(|&i| &policy.bases[i].id).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
    })
}
