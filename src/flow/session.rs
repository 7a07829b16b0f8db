//! Everything a run needs, resolved once: the plan for one recipient and
//! basis, the checked request, the pseudonym key, the compiled redactor and
//! the disclosure time. `apply` opens one from its arguments; `check` opens
//! one per profile over one shared compilation of the scrub detectors.
//!
//! Refusals (exit 3) and errors (exit 2) are decided here, before any
//! output file exists.

use std::path::Path;

use anyhow::Context as _;

use crate::clock::DisclosureTime;
use crate::crypto::key::PseudonymKey;
use crate::plan::Plan;
use crate::plan::request::Request;
use crate::policy::Policy;
use crate::redact::{Redactor, ScrubSets};

/// What the operator asked for, as given on the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ask<'a> {
    pub to: &'a str,
    pub basis: &'a str,
    pub reference: Option<&'a str>,
    pub justification: Option<&'a str>,
    pub findings: Option<&'a str>,
    /// `--consents FILE`: the consent registry, instead of the basis's.
    pub consents: Option<&'a Path>,
    pub subjects: &'a [String],
    pub subjects_file: Option<&'a Path>,
    pub key_file: Option<&'a Path>,
    /// Prefix `'` to CSV cells a spreadsheet would run as formulas.
    pub formula_guard: bool,
}

/// A disclosure resolved and compiled, ready to run.
pub struct Session<'p> {
    pub policy: &'p Policy,
    pub plan: Plan<'p>,
    pub request: Request,
    /// The key, when the plan pseudonymizes (or one was given).
    pub key: Option<PseudonymKey>,
    pub redactor: Redactor,
    pub time: DisclosureTime,
}

impl<'p> Session<'p> {
    /// Resolve a request: refuse what the policy does not permit, load the
    /// key the plan needs, compile the plan.
    pub fn open(policy: &'p Policy, ask: &Ask<'_>) -> anyhow::Result<Session<'p>> {
        let plan = Plan::resolve(policy, ask.to, ask.basis)?;
        let mut request = Request::build(
            &plan,
            ask.reference,
            ask.justification,
            ask.findings,
            ask.subjects,
            ask.subjects_file,
        )?;
        // The disclosure date in the policy's time zone: registry dates are
        // judged on it.
        let time = DisclosureTime::now()?;
        request.load_registry(&plan, ask.consents, time.date_in(&policy.timezone))?;
        let key = match (ask.key_file, plan.needs_key()) {
            (Some(path), _) => PseudonymKey::load(Some(path))?,
            (None, true) => PseudonymKey::load(None)?,
            (None, false) => None,
        };
        let scrub = ScrubSets::compile(policy, [&plan])?;
        let redactor = Redactor::compile(&plan, key.clone(), ask.formula_guard, &scrub)?;
        Ok(Session {
            policy,
            plan,
            request,
            key,
            redactor,
            time,
        })
    }

    /// One profile of `check`: all subjects, `CHECK` as reference and
    /// justification, the given key, the detectors compiled once for every
    /// profile.
    pub fn for_check(
        plan: Plan<'p>,
        key: &PseudonymKey,
        scrub: &ScrubSets,
        time: DisclosureTime,
    ) -> anyhow::Result<Session<'p>> {
        let policy = plan.policy;
        let mut request = Request {
            reference: Some("CHECK".into()),
            justification: Some("CHECK".into()),
            findings: Some("CHECK".into()),
            scope: None,
            registry: None,
        };
        request
            .load_registry(&plan, None, time.date_in(&policy.timezone))
            .with_context(|| format!("profile {}", plan.label()))?;
        let redactor = Redactor::compile(&plan, Some(key.clone()), policy.csv_formula_guard, scrub)
            .with_context(|| format!("profile {}", plan.label()))?;
        Ok(Session {
            policy,
            plan,
            request,
            key: Some(key.clone()),
            redactor,
            time,
        })
    }

    /// Warn when `SOURCE_DATE_EPOCH`, not the system clock, dates the
    /// disclosure (it also decides which consents have expired).
    pub fn warn_clock(&self) {
        if self.time.is_from_env() {
            crate::console::warning(&format!(
                "SOURCE_DATE_EPOCH is set: the disclosure is dated {} (not the system clock), and consent expiry is judged on that date; the manifest records \"clock\": \"SOURCE_DATE_EPOCH\"",
                self.time.rfc3339()
            ));
        }
    }

    /// The disclosure date: the disclosure time's date in the policy's
    /// time zone.
    pub fn date(&self) -> jiff::civil::Date {
        self.time.date_in(&self.policy.timezone)
    }

    /// The key's fingerprint for the manifest, when the plan uses the key.
    pub fn key_fingerprint(&self) -> Option<String> {
        if !self.plan.needs_key() {
            return None;
        }
        self.key.as_ref().map(|k| k.fingerprint().to_string())
    }
}
