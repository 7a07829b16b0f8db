//! The gate every record passes before redaction, in this order: is it
//! within the subject scope, does a `[[withhold]]` rule withhold it, and
//! (for consent bases) is consent on file and in force? A record counts
//! under the first reason that withholds it.

use std::sync::Arc;

use jiff::civil::Date;

use crate::plan::consents::Grants;
use crate::plan::scope::Scope;
use crate::policy::{Consent, Policy, WithholdRule};

/// Why a record is or is not disclosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Disclose,
    /// The record's subject is not among the subjects requested.
    OutOfScope,
    /// A record rule withholds it: the index into the gate's rules.
    Withheld(usize),
    /// The basis needs consent and the record has none that is valid today.
    NoConsent,
}

/// The consent rule, compiled.
#[derive(Debug, Clone)]
pub struct ConsentCheck {
    granted: Vec<String>,
    expiry_format: Option<String>,
    today: Date,
}

impl ConsentCheck {
    pub fn new(policy: &Policy, consent: &Consent, today: Date) -> ConsentCheck {
        ConsentCheck {
            granted: consent.granted.clone(),
            expiry_format: consent
                .expires_field
                .map(|f| policy.fields[f].date_format().to_string()),
            today,
        }
    }

    /// Whether consent is granted and unexpired. `value` is the consent
    /// field's text, `expiry` the expiry field's text (when the rule has one).
    pub fn allows(&self, value: Option<&str>, expiry: Option<&str>) -> bool {
        let Some(value) = value else { return false };
        let value = value.trim().to_lowercase();
        if !self.granted.contains(&value) {
            return false;
        }
        match &self.expiry_format {
            None => true,
            Some(format) => expiry
                .and_then(|e| Date::strptime(format, e.trim()).ok())
                .is_some_and(|expires| expires >= self.today),
        }
    }
}

/// How a basis takes consent.
#[derive(Debug, Clone)]
pub enum ConsentGate {
    /// A field of the record says yes (and perhaps until when).
    Field(ConsentCheck),
    /// The registry, narrowed to this disclosure, and per grant whether a
    /// record of its subject was disclosed.
    Registry(Arc<Grants>, Vec<bool>),
}

/// Scope, record rules and consent for one disclosure, with what was found.
#[derive(Debug, Clone)]
pub struct Gate {
    /// The requested subjects, sorted, for binary search.
    scope: Option<Arc<Scope>>,
    /// The `[[withhold]]` rules that apply under this basis.
    rules: Vec<WithholdRule>,
    consent: Option<ConsentGate>,
    /// Per scoped subject: met in some record.
    found: Vec<bool>,
    /// Requested subjects not met yet.
    unfound: usize,
    /// The requested subjects in lower case, and per entry whether a
    /// record's subject matched it only when case is ignored (for a hint:
    /// IDs are compared exactly).
    folded: Option<(Scope, Vec<bool>)>,
    /// The registry grant of the record last disclosed.
    current: Option<usize>,
}

impl Gate {
    pub fn new(
        scope: Option<Arc<Scope>>,
        rules: Vec<WithholdRule>,
        consent: Option<ConsentGate>,
    ) -> Gate {
        let n = scope.as_ref().map_or(0, |s| s.len());
        let folded = scope.as_ref().and_then(|s| {
            let lower: Vec<String> = s.iter().map(|id| id.to_lowercase()).collect();
            let folded = Scope::from_ids(lower.iter().map(String::as_str)).ok()?;
            let hits = vec![false; folded.len()];
            Some((folded, hits))
        });
        Gate {
            found: vec![false; n],
            unfound: n,
            folded,
            scope,
            rules,
            consent,
            current: None,
        }
    }

    /// Whether the gate needs the consent field's values.
    pub fn checks_consent(&self) -> bool {
        matches!(self.consent, Some(ConsentGate::Field(_)))
    }

    /// The record rules the gate applies, in policy order; `judge` takes
    /// whether each matched the record, in this order.
    pub fn rules(&self) -> &[WithholdRule] {
        &self.rules
    }

    /// Judge one record by its subject, whether each record rule matched
    /// it (in `rules()` order), its consent value and expiry.
    pub fn judge(
        &mut self,
        subject: Option<&str>,
        rule_hits: &[bool],
        consent: Option<&str>,
        expiry: Option<&str>,
    ) -> Verdict {
        self.current = None;
        if let Some(scope) = &self.scope {
            let at = subject.and_then(|id| scope.position(id.trim()));
            match at {
                Some(i) => {
                    if !self.found[i] {
                        self.found[i] = true;
                        self.unfound -= 1;
                    }
                }
                None => {
                    if self.unfound > 0
                        && let (Some(id), Some((folded, hits))) = (subject, &mut self.folded)
                        && let Some(j) = folded.position(&id.trim().to_lowercase())
                    {
                        hits[j] = true;
                    }
                    return Verdict::OutOfScope;
                }
            }
        }
        if let Some(ri) = rule_hits.iter().position(|&hit| hit) {
            return Verdict::Withheld(ri);
        }
        match &mut self.consent {
            None => Verdict::Disclose,
            Some(ConsentGate::Field(check)) => {
                if check.allows(consent, expiry) {
                    Verdict::Disclose
                } else {
                    Verdict::NoConsent
                }
            }
            Some(ConsentGate::Registry(grants, used)) => {
                match subject.and_then(|s| grants.lookup(s.trim())) {
                    Some(g) => {
                        used[g] = true;
                        self.current = Some(g);
                        Verdict::Disclose
                    }
                    None => Verdict::NoConsent,
                }
            }
        }
    }

    /// For the record just judged `Disclose` under a registry: fill `out`
    /// with, per category, whether no consent in force covers it (its
    /// fields are redacted). Leaves `out` empty otherwise.
    pub fn uncovered(&self, categories: usize, out: &mut Vec<bool>) {
        out.clear();
        if let (Some(ConsentGate::Registry(grants, _)), Some(g)) = (&self.consent, self.current) {
            out.extend((0..categories).map(|c| !grants.covers(g, c)));
        }
    }

    /// The registry narrowed to this disclosure, when the basis uses one.
    pub fn into_grants(self) -> Option<(Arc<Grants>, Vec<bool>)> {
        match self.consent {
            Some(ConsentGate::Registry(g, used)) => Some((g, used)),
            _ => None,
        }
    }

    /// Of the subjects requested but found in no record, those that a
    /// record's subject matches when letter case is ignored.
    pub fn case_variants(&self) -> Vec<String> {
        let Some((folded, hits)) = &self.folded else {
            return Vec::new();
        };
        self.not_found()
            .into_iter()
            .filter(|id| folded.position(&id.to_lowercase()).is_some_and(|j| hits[j]))
            .collect()
    }

    /// Subjects requested but found in no record.
    pub fn not_found(&self) -> Vec<String> {
        self.scope
            .iter()
            .flat_map(|scope| scope.iter())
            .zip(&self.found)
            .filter(|(_, found)| !**found)
            .map(|(id, _)| id.into_owned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(expiry: bool) -> ConsentCheck {
        ConsentCheck {
            granted: vec!["yes".into(), "y".into(), "true".into()],
            expiry_format: expiry.then(|| "%m/%d/%Y".to_string()),
            today: jiff::civil::date(2026, 11, 27),
        }
    }

    #[test]
    fn consent_is_case_insensitive_and_trimmed() {
        let c = check(false);
        assert!(c.allows(Some("YES "), None));
        assert!(c.allows(Some("True"), None));
        assert!(!c.allows(Some("no"), None));
        assert!(!c.allows(Some(""), None));
        assert!(!c.allows(None, None));
    }

    #[test]
    fn expiry_on_the_day_is_valid_and_the_day_before_is_not() {
        let c = check(true);
        assert!(c.allows(Some("yes"), Some("11/27/2026")));
        assert!(!c.allows(Some("yes"), Some("11/26/2026")));
        assert!(!c.allows(Some("yes"), Some("")));
        assert!(!c.allows(Some("yes"), Some("someday")));
        assert!(!c.allows(Some("yes"), None));
    }

    #[test]
    fn scope_withholds_and_reports_missing_subjects() {
        let scope = Scope::from_ids(["P-9", "P-1"]).unwrap();
        let mut gate = Gate::new(Some(Arc::new(scope)), Vec::new(), None);
        assert_eq!(gate.judge(Some("P-1"), &[], None, None), Verdict::Disclose);
        assert_eq!(
            gate.judge(Some("P-2"), &[], None, None),
            Verdict::OutOfScope
        );
        assert_eq!(gate.judge(None, &[], None, None), Verdict::OutOfScope);
        assert_eq!(gate.not_found(), vec!["P-9".to_string()]);
        assert!(gate.case_variants().is_empty());
    }

    #[test]
    fn a_subject_that_differs_only_in_case_is_not_found_but_noted() {
        let scope = Scope::from_ids(["p-1", "P-2"]).unwrap();
        let mut gate = Gate::new(Some(Arc::new(scope)), Vec::new(), None);
        assert_eq!(
            gate.judge(Some("P-1"), &[], None, None),
            Verdict::OutOfScope
        );
        assert_eq!(gate.not_found(), vec!["P-2".to_string(), "p-1".to_string()]);
        assert_eq!(gate.case_variants(), vec!["p-1".to_string()]);
    }
}
