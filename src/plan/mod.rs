//! Resolve a policy for one recipient and one legal basis: every field to
//! one action, with the reason. `apply`, `plan` and `check` all use this one
//! resolution, so what a clerk reviews is what runs.

pub mod gate;
pub mod request;
pub mod scope;

use crate::exit::refuse;
use crate::policy::{Action, LegalBasis, Policy, Profile, Recipient};

/// Why a field gets its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The profile's `[profiles.fields]` names the field.
    FieldRule,
    /// The profile's `[profiles.categories]` names the field's category.
    CategoryRule,
    /// No rule covers the field: it is dropped.
    DefaultDrop,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::FieldRule => "field rule",
            Source::CategoryRule => "category rule",
            Source::DefaultDrop => "default drop",
        }
    }

    /// A stable token for JSON output.
    pub fn token(self) -> &'static str {
        match self {
            Source::FieldRule => "field",
            Source::CategoryRule => "category",
            Source::DefaultDrop => "default",
        }
    }
}

/// The action for one field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub action: Action,
    pub source: Source,
}

/// A policy resolved for one recipient and basis.
#[derive(Debug, Clone)]
pub struct Plan<'p> {
    pub policy: &'p Policy,
    pub recipient: &'p Recipient,
    pub basis: &'p LegalBasis,
    pub profile_index: usize,
    pub profile: &'p Profile,
    /// One entry per `policy.fields`, same order.
    pub rules: Vec<Resolved>,
}

impl<'p> Plan<'p> {
    /// Resolve, or refuse (exit 3) when the policy does not permit the pair.
    pub fn resolve(policy: &'p Policy, recipient: &str, basis: &str) -> anyhow::Result<Plan<'p>> {
        let Some(ri) = policy.recipient_index(recipient) else {
            let known: Vec<&str> = policy.recipients.iter().map(|r| r.id.as_str()).collect();
            return Err(refuse(format!(
                "recipient {recipient:?} is not in the policy (recipients: {})",
                known.join(", ")
            )));
        };
        let Some(bi) = policy.basis_index(basis) else {
            let known: Vec<&str> = policy.bases.iter().map(|b| b.id.as_str()).collect();
            return Err(refuse(format!(
                "legal basis {basis:?} is not in the policy (bases: {})",
                known.join(", ")
            )));
        };
        let Some(pi) = policy.profile_for(ri, bi) else {
            return Err(refuse(format!(
                "the policy has no profile for recipient {recipient:?} under basis {basis:?}: nothing may be disclosed to them on that basis"
            )));
        };
        Ok(Plan::for_profile(policy, ri, bi, pi))
    }

    /// Resolve a known profile for one of its recipient/basis pairs.
    pub fn for_profile(
        policy: &'p Policy,
        recipient: usize,
        basis: usize,
        profile_index: usize,
    ) -> Plan<'p> {
        let profile = &policy.profiles[profile_index];
        let rules = policy
            .fields
            .iter()
            .enumerate()
            .map(|(fi, field)| {
                if let Some(action) = &profile.field_rules[fi] {
                    Resolved {
                        action: action.clone(),
                        source: Source::FieldRule,
                    }
                } else if let Some(action) = &profile.category_rules[field.category] {
                    Resolved {
                        action: action.clone(),
                        source: Source::CategoryRule,
                    }
                } else {
                    Resolved {
                        action: Action::Drop,
                        source: Source::DefaultDrop,
                    }
                }
            })
            .collect();
        Plan {
            policy,
            recipient: &policy.recipients[recipient],
            basis: &policy.bases[basis],
            profile_index,
            profile,
            rules,
        }
    }

    /// Whether any field is pseudonymized (so a key is needed).
    pub fn needs_key(&self) -> bool {
        self.rules
            .iter()
            .any(|r| matches!(r.action, Action::Pseudonymize { .. }))
    }

    /// The distinct detector lists of the `scrub` rules, in field order,
    /// and for each field the index of its list (`None` if it is not
    /// scrubbed).
    pub fn scrub_sets(&self) -> (Vec<Vec<String>>, Vec<Option<usize>>) {
        let mut sets: Vec<Vec<String>> = Vec::new();
        let of_field = self
            .rules
            .iter()
            .map(|rule| {
                let list = rule.action.scrub_detectors(&self.policy.scrub.detectors)?;
                let mut set = list.to_vec();
                if let Action::Scrub { allowlist, .. } = &rule.action
                    && allowlist.unwrap_or(self.policy.scrub.allowlist)
                {
                    set.push(crate::scrub::config::ALLOWLIST.to_string());
                }
                Some(match sets.iter().position(|s| *s == set) {
                    Some(i) => i,
                    None => {
                        sets.push(set);
                        sets.len() - 1
                    }
                })
            })
            .collect();
        (sets, of_field)
    }

    /// The profile's label, `RECIPIENT:BASIS`.
    pub fn label(&self) -> String {
        format!("{}:{}", self.recipient.id, self.basis.id)
    }
}
