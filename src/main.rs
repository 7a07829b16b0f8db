//! The `disclose` binary: parse arguments, run, map the result to an exit
//! status. All the work happens in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = disclose::cli::Cli::parse();
    match disclose::run(cli) {
        Ok(code) => code.into(),
        Err(err) => disclose::report(&err),
    }
}
