//! `disclose completions`: print a shell completion script. By default a
//! small script that asks `disclose` itself what to offer (so `--to`,
//! `--basis` and `--profile` complete with the ids of the policy given
//! with `--policy`); with `--static`, a self-contained script generated
//! from the same clap definitions as `--help` and the man pages.

use std::io::Write as _;

use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionShell, CompletionsArgs, complete};
use crate::exit::ExitCode;

pub fn run(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    if args.static_script {
        let mut cmd = Cli::command();
        clap_complete::generate(
            clap_complete::Shell::from(args.shell),
            &mut cmd,
            "disclose",
            &mut script,
        );
    } else {
        let shell: &dyn clap_complete::env::EnvCompleter = match args.shell {
            CompletionShell::Bash => &clap_complete::env::Bash,
            CompletionShell::Zsh => &clap_complete::env::Zsh,
            CompletionShell::Fish => &clap_complete::env::Fish,
        };
        shell.write_registration(
            complete::ENV,
            "disclose",
            "disclose",
            "disclose",
            &mut script,
        )?;
    }
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitCode::Success)
}
