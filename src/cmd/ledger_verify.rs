//! `disclose ledger verify`: recompute the ledger's hash chain from the
//! first line to the last and name the first entry that breaks it.
//!
//! The ledger is read line by line (memory bounded by the largest entry).
//! Every line must be an entry with every key (ledger section of the spec),
//! its `hash` the SHA-256 of its canonical JSON without `hash`, its `prev`
//! the previous entry's `hash` (64 zeros for the first), its `seq` one more
//! than the previous one (1 for the first). An empty file is a ledger of
//! no entries. Exit 0 when intact, 1 at the first broken entry, 2 when the
//! ledger cannot be read.

use std::io::Write as _;

use serde_json::json;

use crate::audit::ledger::read::Snapshot;
use crate::cli::LedgerVerifyArgs;
use crate::console;
use crate::exit::ExitCode;

pub fn run(args: &LedgerVerifyArgs) -> anyhow::Result<ExitCode> {
    let snapshot = Snapshot::open(&args.ledger)?;
    let mut walker = snapshot.walk()?;
    while walker.problem().is_none() && walker.next_in(snapshot.path())?.is_some() {}

    let problem = walker.problem().cloned();
    let mut out = std::io::stdout().lock();
    if args.json {
        let report = json!({
            "ok": problem.is_none(),
            "ledger": args.ledger.display().to_string(),
            "entries": walker.intact(),
            "last_hash": walker.last_hash(),
            "error": problem,
        });
        console::write_json(&mut out, &report)?;
    } else {
        let colour = console::stdout_colour();
        let entries = plural(walker.intact(), "entry", "entries");
        match &problem {
            None => {
                write!(
                    out,
                    "{}: {entries}",
                    console::paint("ledger OK", console::GREEN, colour)
                )?;
                if let Some(hash) = walker.last_hash() {
                    write!(out, ", last hash {hash}")?;
                }
                writeln!(out)?;
            }
            Some(problem) => {
                writeln!(
                    out,
                    "{}: {}: {problem}",
                    console::paint("ledger BROKEN", console::RED, colour),
                    args.ledger.display()
                )?;
                write!(out, "  {entries} before it intact")?;
                if let Some(hash) = walker.last_hash() {
                    write!(out, ", last intact hash {hash}")?;
                }
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(if problem.is_none() {
        ExitCode::Success
    } else {
        ExitCode::Findings
    })
}

/// `1 entry`, `3 entries`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
