//! Validating the legal layer: `authority` strings, a category's
//! `allowed_bases`, `[[withhold]]` record rules, and protected categories
//! disclosed under a basis they do not allow.

use toml::Spanned;

use super::raw::RawPolicy;
use super::*;
use super::{Loader, Place};

/// The withheld-record counters that a `[[withhold]]` reason may not reuse.
const BUILTIN_REASONS: &[&str] = &["out_of_scope", "no_consent"];

impl Loader<'_> {
    /// An optional `authority`: trimmed, and not empty when given.
    pub(super) fn authority(
        &mut self,
        at: &Place,
        authority: Option<&Spanned<String>>,
    ) -> Option<String> {
        let a = authority?;
        let text = a.get_ref().trim();
        if text.is_empty() {
            self.problem(
                &at.child("authority", a.span()),
                "authority is empty: name the law, or leave the key out",
            );
            return None;
        }
        Some(text.to_string())
    }

    /// Resolve each category's `allowed_bases` against `[bases]`.
    pub(super) fn allowed_bases(
        &mut self,
        raw: &RawPolicy,
        categories: &mut [Category],
        bases: &[LegalBasis],
    ) {
        let Some(table) = &raw.categories else { return };
        for (ci, (id, cat)) in table.get_ref().iter().enumerate() {
            let Some(list) = &cat.get_ref().allowed_bases else {
                continue;
            };
            let at = super::place_of_key("categories", id);
            let mut out = Vec::new();
            for (i, b) in list.get_ref().iter().enumerate() {
                match bases.iter().position(|x| &x.id == b.get_ref()) {
                    Some(bi) => out.push(bi),
                    None => self.problem(
                        &Place::new(format!("{}.allowed_bases[{i}]", at.key), b.span()),
                        format!("unknown basis {:?} (not in [bases])", b.get_ref()),
                    ),
                }
            }
            if let Some(c) = categories.get_mut(ci) {
                c.allowed_bases = Some(out);
            }
        }
    }

    /// `[[withhold]]` record rules.
    pub(super) fn withhold(
        &mut self,
        raw: &RawPolicy,
        fields: &[Field],
        trie: &Trie,
        bases: &[LegalBasis],
    ) -> Vec<WithholdRule> {
        let mut out = Vec::new();
        for (i, rule) in raw.withhold.iter().enumerate() {
            let at = Place::new(format!("withhold[{i}]"), rule.span());
            let r = rule.get_ref();
            let reason = r.reason.get_ref().trim();
            let rat = at.child("reason", r.reason.span());
            let valid_reason = !reason.is_empty()
                && reason.len() <= 64
                && reason
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid_reason {
                self.problem(
                    &rat,
                    "reason must be 1-64 letters, digits, `_` or `-` (it names a counter in the manifest)",
                );
            } else if BUILTIN_REASONS.contains(&reason) {
                self.problem(
                    &rat,
                    format!("reason {reason:?} is already counted by disclose itself; choose another name"),
                );
            }
            let fat = at.child("field", r.field.span());
            let steps = match fieldpath::parse(r.field.get_ref()) {
                Ok(steps) => steps,
                Err(msg) => {
                    self.problem(&fat, msg);
                    continue;
                }
            };
            if steps.contains(&PathStep::Each) {
                self.problem(&fat, "a record rule's field cannot be inside an array");
                continue;
            }
            let Some(classified_by) = (!fields.is_empty())
                .then(|| trie.walk(&steps).field)
                .flatten()
            else {
                self.problem(
                    &fat,
                    format!("{:?} is not classified in [fields]", r.field.get_ref()),
                );
                continue;
            };
            let values: Vec<String> = r
                .values
                .get_ref()
                .iter()
                .map(|v| v.trim().to_lowercase())
                .filter(|v| !v.is_empty())
                .collect();
            if values.is_empty() {
                self.problem(
                    &at.child("values", r.values.span()),
                    "values must list at least one non-empty value that withholds the record",
                );
            }
            let mut unless_basis = Vec::new();
            for (j, b) in r.unless_basis.iter().enumerate() {
                match bases.iter().position(|x| &x.id == b.get_ref()) {
                    Some(bi) => unless_basis.push(bi),
                    None => self.problem(
                        &Place::new(format!("{}.unless_basis[{j}]", at.key), b.span()),
                        format!("unknown basis {:?} (not in [bases])", b.get_ref()),
                    ),
                }
            }
            let authority = self.authority(&at, r.authority.as_ref());
            out.push(WithholdRule {
                reason: reason.to_string(),
                field: r.field.get_ref().clone(),
                steps,
                classified_by,
                values,
                unless_basis,
                authority,
            });
        }
        out
    }
}

/// Every profile that discloses a protected category (any action but drop
/// and redact, by a category or a field rule) under a basis that the
/// category's `allowed_bases` does not list.
pub(super) fn protected_violations(
    categories: &[Category],
    fields: &[Field],
    recipients: &[Recipient],
    bases: &[LegalBasis],
    profiles: &[Profile],
) -> Vec<String> {
    let mut out = Vec::new();
    for (pi, profile) in profiles.iter().enumerate() {
        for (ci, cat) in categories.iter().enumerate() {
            let Some(allowed) = &cat.allowed_bases else {
                continue;
            };
            let discloses = fields.iter().enumerate().any(|(fi, f)| {
                f.category == ci
                    && profile.field_rules[fi]
                        .as_ref()
                        .or(profile.category_rules[ci].as_ref())
                        .is_some_and(Action::discloses)
            });
            if !discloses {
                continue;
            }
            let by = cat
                .protected_by
                .as_deref()
                .map(|p| format!(" (protected by {p})"))
                .unwrap_or_default();
            let allowed_ids: Vec<&str> = allowed.iter().map(|&b| bases[b].id.as_str()).collect();
            for &b in profile.bases.iter().filter(|b| !allowed.contains(b)) {
                for &r in &profile.recipients {
                    out.push(format!(
                        "profiles[{pi}] ({}:{}) discloses category {:?}{by} under basis {:?}, which the category does not allow (allowed_bases: {}); redact or drop it in this profile",
                        recipients[r].id,
                        bases[b].id,
                        cat.id,
                        bases[b].id,
                        if allowed_ids.is_empty() { "none".to_string() } else { allowed_ids.join(", ") },
                    ));
                }
            }
        }
    }
    out
}
