//! Resolve a policy for one recipient and one legal basis: every field to
//! one action, with the reason. `apply`, `plan` and `check` all use this one
//! resolution, so what a clerk reviews is what runs.

pub mod consents;
pub mod gate;
pub mod request;
pub mod scope;

use crate::exit::refuse;
use crate::policy::{Action, LegalBasis, Policy, Profile, Recipient};

/// Why a field gets its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSource {
    /// The profile's `[profiles.fields]` names the field.
    FieldRule,
    /// The profile's `[profiles.categories]` names the field's category.
    CategoryRule,
    /// No rule covers the field: it is dropped.
    DefaultDrop,
}

impl RuleSource {
    pub fn describe(self) -> &'static str {
        match self {
            RuleSource::FieldRule => "field rule",
            RuleSource::CategoryRule => "category rule",
            RuleSource::DefaultDrop => "default drop",
        }
    }

    /// A stable token for JSON output.
    pub fn token(self) -> &'static str {
        match self {
            RuleSource::FieldRule => "field",
            RuleSource::CategoryRule => "category",
            RuleSource::DefaultDrop => "default",
        }
    }
}

/// The action for one field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub action: Action,
    pub source: RuleSource,
    /// The law under which the field's values are withheld: the rule's
    /// `authority`, else the field's, else its category's.
    pub authority: Option<String>,
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
    /// The plan's basis as an index of the policy's bases, for the record
    /// rules' `unless_basis` (`usize::MAX`, which none matches, when the
    /// basis is not the policy's).
    pub fn basis_index(&self) -> usize {
        self.policy
            .basis_index(&self.basis.id)
            .unwrap_or(usize::MAX)
    }

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
                let (action, source, rule_authority) =
                    if let Some(action) = &profile.field_rules[fi] {
                        (action, RuleSource::FieldRule, &profile.field_authority[fi])
                    } else if let Some(action) = &profile.category_rules[field.category] {
                        (
                            action,
                            RuleSource::CategoryRule,
                            &profile.category_authority[field.category],
                        )
                    } else {
                        (&Action::Drop, RuleSource::DefaultDrop, &None)
                    };
                let authority = rule_authority
                    .as_ref()
                    .or(field.authority.as_ref())
                    .or(policy.categories[field.category].authority.as_ref())
                    .cloned();
                Resolved {
                    action: action.clone(),
                    source,
                    authority,
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

    /// The profile's label, `RECIPIENT:BASIS`.
    pub fn label(&self) -> String {
        format!("{}:{}", self.recipient.id, self.basis.id)
    }
}
