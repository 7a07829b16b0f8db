//! disclose: prepare lawful disclosures from probation case records.
//!
//! The data flows one way, one module per stage:
//! `policy` (load + validate) -> `plan` (resolve every field to an action
//! for one recipient and basis) -> `request` + `gate` (scope and consent) ->
//! `input` (CSV/JSON/NDJSON readers) -> `redact` (apply the plan to a
//! record; `scrub` for free text) -> `output` (writers, atomic files) ->
//! `manifest` / `ledger`. `pipeline` drives one run; commands live in `cmd`.

pub mod arena;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod digest;
pub mod exit;
pub mod fieldpath;
pub mod gate;
pub mod input;
pub mod json;
pub mod key;
pub mod ledger;
pub mod manifest;
pub mod notice;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod policy;
pub mod progress;
pub mod redact;
pub mod request;
pub mod scope;
pub mod scrub;
pub mod subjects;
pub mod table;
pub mod template;
pub mod term;

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
        Command::Init(args) => cmd::init::run(args),
        Command::Completions(args) => cmd::completions::run(args),
    }
}
