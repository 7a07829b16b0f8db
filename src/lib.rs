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

mod audit;
pub mod cli;
mod clock;
mod cmd;
mod console;
mod crypto;
mod exit;
mod flow;
mod io;
mod plan;
mod policy;
mod record;
mod redact;
mod scrub;

use cli::{Cli, Command, LedgerCommand};
use exit::ExitCode;

/// The pieces that the fuzz targets, benchmarks and examples drive directly.
/// Not a stable interface: everything else is private to the crate.
#[doc(hidden)]
pub mod api {
    pub use crate::audit::notice::{self, NoticeValues};
    pub use crate::crypto::key::{PseudonymKey, TEST_KEY};
    pub use crate::flow::engine::{Engine, RunOptions};
    pub use crate::io::input::csv::CsvInput;
    pub use crate::io::input::json::{JsonArrayInput, NdjsonInput};
    pub use crate::io::input::{Format, InputSpec, Meter};
    pub use crate::io::output::{HashingWriter, RecordWriter};
    pub use crate::plan::Plan;
    pub use crate::plan::request::Request;
    pub use crate::policy::{Policy, ScrubConfig};
    pub use crate::record::fieldpath::{self, PathStep};
    pub use crate::record::value::{self, Object, Value};
    pub use crate::redact::Redactor;
    pub use crate::scrub::{Scrubber, SubjectTerms};
}

/// Print an error the way the command line does and pick its exit status:
/// `disclose: error: ...` on standard error (nothing for a closed pipe,
/// which ends quietly with 0).
pub fn report(err: &anyhow::Error) -> std::process::ExitCode {
    if exit::is_broken_pipe(err) {
        return std::process::ExitCode::SUCCESS;
    }
    console::error(&format!("{err:#}"));
    exit::code_for(err).into()
}

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
