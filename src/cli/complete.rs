//! Completion of policy ids: `--to`, `--basis` and `--profile` offer the
//! recipients, bases and profiles of the policy named with `--policy` on
//! the same command line (shells that call back into `disclose` for
//! completions: see `disclose completions`).
//!
//! The policy is read leniently (a TOML table, not validated): a policy
//! being written still completes. Nothing is printed on any failure.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use clap_complete::engine::CompletionCandidate;

use super::help;

/// The environment variable that makes `disclose` answer a completion
/// request instead of running (set by the scripts `disclose completions`
/// prints).
pub const ENV: &str = "_DISCLOSE_COMPLETE";

/// Recipient ids of the policy on the command line.
pub fn recipients(current: &OsStr) -> Vec<CompletionCandidate> {
    candidates(current, |t| table_keys(t, "recipients"))
}

/// Basis ids of the policy on the command line.
pub fn bases(current: &OsStr) -> Vec<CompletionCandidate> {
    candidates(current, |t| table_keys(t, "bases"))
}

/// `RECIPIENT:BASIS` of every profile of the policy on the command line.
pub fn profiles(current: &OsStr) -> Vec<CompletionCandidate> {
    candidates(current, |t| {
        let mut out = Vec::new();
        for profile in t
            .get("profiles")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            let ids = |key: &str| -> Vec<String> {
                match profile.get(key) {
                    Some(toml::Value::String(s)) => vec![s.clone()],
                    Some(toml::Value::Array(a)) => a
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                    _ => Vec::new(),
                }
            };
            for r in ids("recipient") {
                for b in ids("basis") {
                    out.push(format!("{r}:{b}"));
                }
            }
        }
        out
    })
}

fn candidates(
    current: &OsStr,
    ids: impl Fn(&toml::Table) -> Vec<String>,
) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let Some(policy) = policy_on_command_line(std::env::args_os()) else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(policy) else {
        return Vec::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    ids(&table)
        .into_iter()
        .filter(|id| id.starts_with(current))
        .map(CompletionCandidate::new)
        .collect()
}

fn table_keys(table: &toml::Table, name: &str) -> Vec<String> {
    table
        .get(name)
        .and_then(toml::Value::as_table)
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

/// The value of `--policy` among the words being completed (after `--`).
fn policy_on_command_line(args: impl Iterator<Item = OsString>) -> Option<PathBuf> {
    let words: Vec<OsString> = args.skip_while(|a| a != "--").skip(1).collect();
    let mut found = None;
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        let word = word.to_string_lossy();
        if word == "--policy" {
            found = iter.next().map(PathBuf::from);
        } else if let Some(value) = word.strip_prefix("--policy=") {
            found = Some(PathBuf::from(value));
        }
    }
    found.filter(|p| !p.as_os_str().is_empty())
}

/// A shell that `disclose completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

impl From<CompletionShell> for clap_complete::Shell {
    fn from(shell: CompletionShell) -> clap_complete::Shell {
        match shell {
            CompletionShell::Bash => clap_complete::Shell::Bash,
            CompletionShell::Zsh => clap_complete::Shell::Zsh,
            CompletionShell::Fish => clap_complete::Shell::Fish,
        }
    }
}

#[derive(Debug, Args)]
#[command(after_long_help = help::COMPLETIONS)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for: bash, zsh or fish. The
    /// script goes to standard output.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: CompletionShell,

    /// Write a self-contained script that completes commands, options and
    /// file names, but not the ids of a policy (for a shell that cannot run
    /// disclose while completing).
    #[arg(long = "static")]
    pub static_script: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_policy_after_the_separator() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>().into_iter();
        assert_eq!(
            policy_on_command_line(args(&[
                "disclose", "--", "disclose", "plan", "--policy", "p.toml", "--to", ""
            ])),
            Some(PathBuf::from("p.toml"))
        );
        assert_eq!(
            policy_on_command_line(args(&[
                "disclose",
                "--",
                "disclose",
                "plan",
                "--policy=q.toml"
            ])),
            Some(PathBuf::from("q.toml"))
        );
        assert_eq!(policy_on_command_line(args(&["disclose", "plan"])), None);
    }
}
