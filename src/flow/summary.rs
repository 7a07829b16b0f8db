//! The one-screen summary at the end of `apply`, and its `--json` form.

use std::path::Path;

use indexmap::IndexMap;
use serde_json::json;

use crate::audit::ledger::Appended;
use crate::console;
use crate::flow::engine::Finished;
use crate::io::output::Target;
use crate::plan::Plan;

/// The end-of-run summary.
pub struct Summary<'a> {
    pub plan: &'a Plan<'a>,
    pub finished: &'a Finished,
    pub disclosure_id: &'a str,
    pub outputs: &'a [Target],
    pub manifest: &'a Target,
    pub ledger: Option<(&'a Path, &'a Appended)>,
}

impl Summary<'_> {
    fn fields_by_action(&self) -> IndexMap<&'static str, u64> {
        let mut by_action: IndexMap<&'static str, u64> = IndexMap::new();
        for (fi, rule) in self.plan.rules.iter().enumerate() {
            if self.finished.tally.fields[fi].present {
                *by_action.entry(rule.action.name()).or_default() += 1;
            }
        }
        by_action
    }

    /// Per field (policy order), the values that could not be processed
    /// and were redacted.
    fn unprocessable(&self) -> IndexMap<&str, u64> {
        self.plan
            .policy
            .fields
            .iter()
            .zip(&self.finished.tally.fields)
            .filter(|(_, t)| t.unprocessable > 0)
            .map(|(f, t)| (f.name.as_str(), t.unprocessable))
            .collect()
    }

    fn scrubbed(&self) -> IndexMap<&str, u64> {
        self.finished
            .scrub_labels
            .iter()
            .map(String::as_str)
            .zip(self.finished.tally.scrubbed.iter().copied())
            .collect()
    }

    /// Print on standard error.
    pub fn print(&self) {
        let c = &self.finished.counts;
        let colour = console::stderr_colour();
        let plan = self.plan;
        let mut lines = vec![format!(
            "{} {} of {} records to {} ({}) under {}",
            console::paint("Disclosed", console::GREEN, colour),
            c.disclosed,
            c.read,
            plan.recipient.name,
            plan.recipient.id,
            plan.basis.id
        )];
        let mut withheld = format!("  withheld:  {} out of scope", c.withheld.out_of_scope);
        for (reason, n) in &c.withheld.rules {
            withheld.push_str(&format!(", {n} {reason}"));
        }
        withheld.push_str(&format!(
            ", {} without valid consent",
            c.withheld.no_consent
        ));
        lines.push(withheld);
        let actions: Vec<String> = self
            .fields_by_action()
            .iter()
            .map(|(a, n)| format!("{a} {n}"))
            .collect();
        lines.push(format!(
            "  fields:    {}",
            if actions.is_empty() {
                "none".into()
            } else {
                actions.join(", ")
            }
        ));
        let unprocessable = self.unprocessable();
        if !unprocessable.is_empty() {
            let parts: Vec<String> = unprocessable
                .iter()
                .map(|(f, n)| format!("{f} {n}"))
                .collect();
            lines.push(format!(
                "  {} {} (values redacted: their action could not process them)",
                console::paint("unprocessable:", console::YELLOW, colour),
                parts.join(", ")
            ));
        }
        let scrubbed = self.scrubbed();
        if !scrubbed.is_empty() {
            let parts: Vec<String> = scrubbed.iter().map(|(l, n)| format!("{l} {n}")).collect();
            lines.push(format!("  scrubbed:  {}", parts.join(", ")));
        }
        if !self.finished.subjects_not_found.is_empty() {
            lines.push(format!(
                "  not found: {}",
                super::engine::abbreviated(&self.finished.subjects_not_found)
            ));
        }
        for out in self.outputs {
            lines.push(format!("  output:    {}", out.display()));
        }
        lines.push(format!("  manifest:  {}", self.manifest.display()));
        if let Some((path, entry)) = self.ledger {
            lines.push(format!(
                "  ledger:    entry {} in {}",
                entry.seq,
                path.display()
            ));
        }
        console::note(&lines.join("\n"));
    }

    /// The summary for scripts (`apply --json`).
    pub fn to_json(&self) -> serde_json::Value {
        let c = &self.finished.counts;
        json!({
            "disclosure_id": self.disclosure_id,
            "recipient": self.plan.recipient.id,
            "basis": self.plan.basis.id,
            "records": c,
            "fields_by_action": self.fields_by_action(),
            "unprocessable": self.unprocessable(),
            "scrubbed": self.scrubbed(),
            "subjects_not_found": self.finished.subjects_not_found,
            "outputs": self.outputs.iter().map(Target::display).collect::<Vec<_>>(),
            "manifest": self.manifest.display(),
            "ledger": self.ledger.map(|(path, entry)| json!({
                "path": path.display().to_string(),
                "seq": entry.seq,
                "hash": entry.hash,
            })),
        })
    }
}
