//! disclose: prepare lawful disclosures from probation case records.
//!
//! The data flows one way, one folder per stage, lowest layer first:
//!
//! - `exit`, `clock`, `crypto`, `console`: exit statuses, the disclosure
//!   clock, hashing and the pseudonym key, what a person sees on a terminal.
//! - `record`: one record's values (`value`), field paths, subject IDs.
//! - `io`: readers (CSV/JSON/NDJSON), staged atomic outputs and writers.
//! - `scrub`: the free-text detectors.
//! - `policy`: the policy model, loaded and validated as a whole.
//! - `plan`: one recipient and basis resolved into an action per field;
//!   the request (refusals), scope and consent gate.
//! - `redact`: a plan compiled and applied to a record.
//! - `audit`: manifest, notices and the disclosure ledger.
//! - `flow`: one run: the engine, the commit protocol, `check`'s leak
//!   observer, and the session that `plan`, `apply` and `check` share.
//! - `cli`: clap definitions and help text, turned into sessions.
//! - `cmd`: one thin module per command.
//!
//! A module imports only from the layers listed before it
//! (`tests/it/layers.rs` checks this).

pub mod audit;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod console;
pub mod crypto;
pub mod exit;
pub mod flow;
pub mod io;
pub mod plan;
pub mod policy;
pub mod record;
pub mod redact;
pub mod scrub;

use cli::{Cli, Command, LedgerCommand};
use exit::ExitCode;

/// Run a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Apply(args) => cmd::apply::run(args),
        Command::Plan(args) => cmd::plan::run(args),
        Command::List(args) => cmd::list::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Verify(args) => cmd::verify::run(args),
        Command::Ledger(LedgerCommand::Verify(args)) => cmd::ledger_verify::run(args),
        Command::Ledger(LedgerCommand::Show(args)) => cmd::ledger_show::run(args),
        Command::Ledger(LedgerCommand::Account(args)) => cmd::ledger_account::run(args),
        Command::Ledger(LedgerCommand::Suspend(args)) => cmd::ledger_suspend::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Completions(args) => cmd::completions::run(args),
    }
}
