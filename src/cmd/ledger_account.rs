//! `disclose ledger account`: the accounting of disclosures for one person,
//! as text, JSON or a printable HTML page; with `--record`, an entry in the
//! ledger saying it was given.
//!
//! The accounting is rendered in full before anything is written, so that
//! with `--record` the ledger entry is appended only for an accounting that
//! exists, and standard output gets it only once it is recorded.

use std::io::Write as _;

use anyhow::{Context as _, bail};

use crate::audit::ledger::account::{self, AccountRequest};
use crate::audit::ledger::read::Snapshot;
use crate::audit::ledger::statement::{self, Heading};
use crate::cli::{AccountFormat, LedgerAccountArgs};
use crate::clock::DisclosureTime;
use crate::cmd::apply::operator;
use crate::cmd::ledger_show::parse_date;
use crate::console;
use crate::exit::ExitCode;
use crate::policy::Policy;

pub fn run(args: &LedgerAccountArgs) -> anyhow::Result<ExitCode> {
    let subject = subject_id(&args.subject)?;
    let time = DisclosureTime::now()?;
    if time.is_from_env() && (args.record || args.as_of.is_none()) {
        console::warning(&format!(
            "SOURCE_DATE_EPOCH is set: today is taken to be {} (not the system clock)",
            time.date()
        ));
    }
    let as_of = match &args.as_of {
        Some(text) => parse_date("--as-of", text)?,
        None => time.date(),
    };
    let since = args
        .since
        .as_deref()
        .map(|d| parse_date("--since", d))
        .transpose()?;
    let agency = match (&args.agency, &args.policy) {
        (Some(agency), _) => Some(agency.clone()),
        (None, Some(path)) => Policy::load(path)?.agency.clone(),
        (None, None) => None,
    };
    let snapshot = Snapshot::open(&args.ledger)?;
    let accounting = account::account(
        &snapshot,
        &AccountRequest {
            subject,
            as_of,
            since,
        },
    )?;
    let ledger = args.ledger.display().to_string();
    let heading = Heading {
        agency: agency.as_deref(),
        ledger: &ledger,
    };
    let rendered = match args.format {
        AccountFormat::Text => statement::text(&accounting, &heading),
        AccountFormat::Html => statement::html(&accounting, &heading),
        AccountFormat::Json => {
            let mut value = serde_json::to_value(&accounting)?;
            value["agency"] = agency.clone().into();
            value["ledger"] = ledger.clone().into();
            let mut text = serde_json::to_string_pretty(&value)?;
            text.push('\n');
            text
        }
    };
    if args.record {
        let appended = account::record(
            &args.ledger,
            &accounting,
            time,
            Some(&operator(args.operator.as_deref())),
        )?;
        console::note(&format!(
            "recorded in ledger {} as seq {}",
            args.ledger.display(),
            appended.seq
        ));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(rendered.as_bytes())
        .and_then(|_| out.flush())
        .context("cannot write the accounting")?;
    drop(out);
    if let Some(problem) = &accounting.chain.problem {
        console::warning(&format!(
            "the hash chain of ledger {} is broken at {problem}; this accounting may be incomplete or altered: run `disclose ledger verify {}`",
            args.ledger.display(),
            args.ledger.display()
        ));
        return Ok(ExitCode::Findings);
    }
    if accounting.unreadable > 0 {
        console::warning(&format!(
            "{} of ledger {} could not be read as entries and are not in the accounting",
            crate::cmd::ledger_verify::plural(accounting.unreadable, "line", "lines"),
            args.ledger.display()
        ));
    }
    Ok(ExitCode::Success)
}

/// A subject ID as given: trimmed; no white space or comma inside.
pub fn subject_id(text: &str) -> anyhow::Result<&str> {
    let id = text.trim();
    if id.is_empty() || id.contains(|c: char| c.is_whitespace() || c == ',' || c.is_control()) {
        bail!("--subject must be one subject ID, without white space or commas");
    }
    Ok(id)
}
