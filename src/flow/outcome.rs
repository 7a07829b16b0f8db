//! What a finished run may not become: decided after the inputs are read and
//! before anything is made visible, so that a refused or failed run leaves
//! no output, manifest or ledger entry behind.
//!
//! - a field that had values of which none could be processed (a wrong
//!   `format`, say) is an error (exit 2) naming the field;
//! - a request for subjects of whom no record speaks is refused (exit 3),
//!   as is any missing subject under `--require-all-subjects`;
//! - a disclosure of no record is refused (exit 3) unless `--allow-empty`.
//!
//! Subject IDs in these messages are the operator's own (checked by
//! `plan::request`), never a record's value.

use anyhow::bail;

use crate::console;
use crate::exit::refuse;
use crate::flow::engine::{Finished, abbreviated};
use crate::plan::Plan;

/// What the operator demands of the run's result.
#[derive(Debug, Clone, Copy, Default)]
pub struct Demands {
    /// A disclosure of no record is made (and recorded) all the same.
    pub allow_empty: bool,
    /// Every requested subject must be found.
    pub require_all_subjects: bool,
}

/// Judge a finished run; warn about requested subjects not found when the
/// run stands.
pub fn judge(
    plan: &Plan<'_>,
    finished: &Finished,
    requested: usize,
    demands: Demands,
    silent: bool,
) -> anyhow::Result<()> {
    let failed: Vec<&str> = plan
        .policy
        .fields
        .iter()
        .enumerate()
        .filter(|(fi, _)| {
            let t = &finished.tally.fields[*fi];
            t.unprocessable > 0 && t.processed == 0
        })
        .map(|(_, f)| f.name.as_str())
        .collect();
    if let Some(first) = failed.first() {
        let n = finished
            .tally
            .fields
            .iter()
            .zip(&plan.policy.fields)
            .find(|(_, f)| f.name == *first)
            .map_or(0, |(t, _)| t.unprocessable);
        let others = match failed.len() {
            1 => String::new(),
            _ => format!(" (and fields {})", quoted(&failed[1..])),
        };
        bail!(
            "field {first:?}: none of its {n} values could be processed{others}; check the field's kind and format in the policy (a date field reads YYYY-MM-DD unless its format says otherwise); nothing was written"
        );
    }

    let not_found = &finished.subjects_not_found;
    let hint = case_hint(&finished.subject_case_variants);
    // --allow-empty asks for a disclosure of nothing on record: it covers
    // a request whose subjects are all missing too.
    if requested > 0 && not_found.len() == requested && !demands.allow_empty {
        return Err(refuse(format!(
            "none of the {requested} requested subject(s) is in any record read: {}{hint}; nothing was written",
            abbreviated(not_found)
        )));
    }
    if demands.require_all_subjects && !not_found.is_empty() {
        return Err(refuse(format!(
            "--require-all-subjects: {} of the {requested} requested subject(s) found in no record: {}{hint}; nothing was written",
            not_found.len(),
            abbreviated(not_found)
        )));
    }
    let c = &finished.counts;
    if c.disclosed == 0 && !demands.allow_empty {
        let mut why = format!("{} out of scope", c.withheld.out_of_scope);
        for (reason, n) in &c.withheld.rules {
            why.push_str(&format!(", {n} {reason}"));
        }
        return Err(refuse(format!(
            "the disclosure would contain no record ({} read: {why}, {} without valid consent); nothing was written (give --allow-empty to make and record an empty disclosure)",
            c.read, c.withheld.no_consent
        )));
    }
    if !silent && !not_found.is_empty() {
        console::warning(&format!(
            "{} requested subject(s) found in no record: {}{hint}",
            not_found.len(),
            abbreviated(not_found)
        ));
    }
    Ok(())
}

/// A hint about requested IDs that a record matches only when letter case
/// is ignored. Names the requested ID, never the record's.
fn case_hint(variants: &[String]) -> String {
    match variants {
        [] => String::new(),
        _ => format!(
            " (a record's subject matches {} only when letter case is ignored; IDs are compared exactly: check the case)",
            abbreviated(variants)
        ),
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}
