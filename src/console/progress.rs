//! What `apply` shows a person: a progress bar while it reads (on a
//! terminal only, never with `-q`), and a one-screen summary at the end.

use std::io::IsTerminal;
use std::path::Path;

use indexmap::IndexMap;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::audit::ledger::Appended;
use crate::console;
use crate::flow::engine::Finished;
use crate::io::input::InputSpec;
use crate::io::output::Target;
use crate::plan::Plan;

/// A progress bar for one input, or `None` when standard error is not a
/// terminal or `-q` was given. A bar with bytes, rate and ETA when the size
/// is known; a spinner for standard input.
pub fn bar(input: &InputSpec, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let size = input
        .path
        .as_deref()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| m.len());
    let name = input.display();
    let bar = match size {
        Some(len) => ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr())
            .with_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {bytes}/{total_bytes} {msg} {bytes_per_sec} ETA {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{prefix} {spinner} {bytes} {msg} {bytes_per_sec}")
                .expect("valid template"),
        ),
    };
    bar.set_prefix(name);
    bar.set_message("0 records");
    console::set_progress_bar(Some(bar.clone()));
    Some(bar)
}

/// Clear a bar from the screen when its input is done.
pub fn done(bar: Option<&ProgressBar>) {
    if let Some(bar) = bar {
        bar.finish_and_clear();
        console::set_progress_bar(None);
    }
}

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
        let c = self.finished.counts;
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
        lines.push(format!(
            "  withheld:  {} out of scope, {} without valid consent",
            c.withheld.out_of_scope, c.withheld.no_consent
        ));
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
        let scrubbed = self.scrubbed();
        if !scrubbed.is_empty() {
            let parts: Vec<String> = scrubbed.iter().map(|(l, n)| format!("{l} {n}")).collect();
            lines.push(format!("  scrubbed:  {}", parts.join(", ")));
        }
        if !self.finished.subjects_not_found.is_empty() {
            lines.push(format!(
                "  not found: {}",
                crate::flow::engine::abbreviated(&self.finished.subjects_not_found)
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
        let c = self.finished.counts;
        json!({
            "disclosure_id": self.disclosure_id,
            "recipient": self.plan.recipient.id,
            "basis": self.plan.basis.id,
            "records": c,
            "fields_by_action": self.fields_by_action(),
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
