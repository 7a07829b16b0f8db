//! The `disclose` binary: parse arguments, run, map the result to an exit
//! status. All the work happens in the library.

use std::process::ExitCode;

use clap::{CommandFactory as _, Parser};

fn main() -> ExitCode {
    // A shell asking what to complete (see `disclose completions`) gets
    // its answer and nothing else runs.
    clap_complete::CompleteEnv::with_factory(disclose::cli::Cli::command)
        .var(disclose::cli::complete::ENV)
        .complete();
    let cli = disclose::cli::Cli::parse();
    match disclose::run(cli) {
        Ok(code) => code.into(),
        Err(err) => disclose::report(&err),
    }
}
