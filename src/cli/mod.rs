//! Command-line definitions: the raw arguments as clap parses them.
//!
//! Nothing here opens a file or reads a policy. Each command module turns
//! these plain structs into validated objects before any output exists.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::io::input::Format;

pub mod complete;

pub use complete::{CompletionShell, CompletionsArgs};
pub mod help;
mod read;

pub use read::ReadArgs;

/// Prepare lawful disclosures from probation case records.
///
/// disclose reads a case export (CSV, JSON or NDJSON), applies the rules a
/// policy sets for one recipient and one legal basis, writes the redacted
/// records, and writes a manifest: what went to whom, under what authority,
/// and what was withheld.
#[derive(Debug, Parser)]
#[command(
    name = "disclose",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_long_help = help::EXIT_STATUS
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Disclose records to one recipient under one legal basis.
    ///
    /// Reads the case exports, keeps only what the policy's profile for the
    /// recipient and basis allows, and writes the disclosed records and a
    /// manifest: what went to whom, under what authority, and what was
    /// withheld. A request the policy does not permit is refused (exit
    /// status 3) before any file is written; after an error no output,
    /// manifest or ledger entry appears. Run `disclose plan` first to see
    /// what each field will become.
    Apply(ApplyArgs),
    /// Show, field by field, what a disclosure would do.
    ///
    /// For one recipient and legal basis: every field the policy classifies,
    /// with its category, kind, the action it gets and why (a rule for the
    /// field, a rule for its category, or the default, drop); what the
    /// basis requires of a request; and the notices. Reads no case records
    /// and writes no files.
    Plan(PlanArgs),
    /// List the recipients, legal bases and profiles a policy defines.
    List(ListArgs),
    /// Validate a policy and look for leaks on sample exports (for CI).
    ///
    /// Checks the policy as a whole. With samples, runs every profile over
    /// every sample (all subjects; reference and justification "CHECK") and
    /// reports findings: a value of a field the profile does not keep that
    /// appears verbatim in the same record's output; a detector match in a
    /// disclosed text field; a sample field the policy does not classify.
    /// Findings name the profile, sample, record and field, never the
    /// value. Exit status 1 when there are findings. Consent is taken as
    /// the records say, and withheld records are not checked: a profile
    /// that withholds every record of a sample is a warning, as is a rule
    /// for a field that no sample contains.
    Check(CheckArgs),
    /// Check that the files a manifest lists are unchanged.
    ///
    /// Recomputes the SHA-256 and size of every input and output the
    /// manifest lists and compares them with the manifest; every file is
    /// reported, not only the first that fails.
    Verify(VerifyArgs),
    /// Read and check the disclosure ledger.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Write a starter policy from sample exports.
    ///
    /// Lists every field found in the samples with a guessed category and
    /// kind, each marked for review, and a starter profile that discloses
    /// nothing until a person writes its rules.
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh or fish).
    Completions(CompletionsArgs),
}

/// An input or output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
    Ndjson,
}

/// The policy and the disclosure request shared by `apply` and `plan`.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The policy file (TOML): who may receive what, under which legal
    /// basis. See disclose-policy(5).
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,

    /// Who receives the records: a recipient id from the policy's
    /// [recipients] table (`disclose list --policy FILE` shows them).
    #[arg(long = "to", value_name = "RECIPIENT", add = ArgValueCompleter::new(complete::recipients))]
    pub to: String,

    /// The legal basis of the disclosure: a basis id from the policy's
    /// [bases] table (`disclose list --policy FILE` shows them).
    #[arg(long, value_name = "BASIS", add = ArgValueCompleter::new(complete::bases))]
    pub basis: String,
}

#[derive(Debug, Args)]
#[command(after_long_help = help::APPLY_EXAMPLES)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub request: RequestArgs,

    /// The court order, warrant or statute number the disclosure rests on,
    /// e.g. CR-2026-0142. Required when the basis requires a reference;
    /// recorded in the manifest and the ledger.
    #[arg(long, value_name = "REF")]
    pub reference: Option<String>,

    /// Why the disclosure is necessary, in your own words. Required when the
    /// basis requires a justification; recorded in the manifest.
    #[arg(long, value_name = "TEXT")]
    pub justification: Option<String>,

    /// The findings a court made for the order the disclosure rests on
    /// (for a 42 CFR part 2 order, e.g. that other ways of obtaining the
    /// information are not available and that the public interest
    /// outweighs the injury to the patient). Required when the basis
    /// requires findings; recorded in the manifest and the ledger.
    #[arg(long, value_name = "TEXT")]
    pub findings: Option<String>,

    /// Take consents from this registry (CSV: consent_id, subject,
    /// recipient, bases, categories, purpose, signed, expires, revoked)
    /// instead of the one the basis names; only for a basis that takes
    /// consent. See disclose-policy(5).
    #[arg(long, value_name = "FILE")]
    pub consents: Option<PathBuf>,

    /// Disclose only records about this person: a value of the policy's
    /// subject_field, e.g. P-000002. Repeat for several people; combines
    /// with --subjects-file. Records about anyone else are withheld.
    #[arg(long = "subject", value_name = "ID")]
    pub subjects: Vec<String>,

    /// Disclose only records about the people listed in FILE: one ID a
    /// line; spaces around an ID, blank lines, lines starting with # and a
    /// byte-order mark at the start are ignored. A line with white space or
    /// a comma inside is an error. When none of the IDs is in any record,
    /// the request is refused (exit status 3).
    #[arg(long, value_name = "FILE")]
    pub subjects_file: Option<PathBuf>,

    /// Read the pseudonymization key from FILE (its bytes; one trailing
    /// newline is removed; at least 16 bytes). Without it, the key comes
    /// from the environment variable DISCLOSE_KEY. Needed only when the
    /// profile pseudonymizes a field. The key is never printed or stored.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Your name or user id, recorded in the manifest as the person who
    /// made the disclosure [default: $USER].
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,

    /// The agency or person who asked for the disclosure, recorded in the
    /// ledger (for example "Franklin County Prosecutor, ADA Kim").
    #[arg(long, value_name = "TEXT")]
    pub requested_by: Option<String>,

    /// How the records are sent to the recipient, recorded in the ledger
    /// (for example "secure email" or "portal upload").
    #[arg(long, value_name = "TEXT", default_value = "file")]
    pub method: String,

    /// The input format, when the file name does not end in .csv, .json,
    /// .ndjson or .jsonl; required when reading standard input (-). The
    /// output is written in the input's format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// Write the disclosed records to FILE (one INPUT only). "-" writes them
    /// to standard output; then --manifest FILE is required.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "out_dir"
    )]
    pub output: Option<PathBuf>,

    /// Write one output per INPUT into DIR (created if missing), each named
    /// as its input; the manifest goes to DIR/manifest.json.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// Write the manifest to FILE [default: OUTPUT.manifest.json, or
    /// DIR/manifest.json with --out-dir].
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,

    /// Append an entry to this disclosure ledger (created if missing; its
    /// directory must exist). It must be a regular file of its own: not an
    /// input, output, manifest, notice, the policy or a standard stream.
    /// The entry is written before any output is delivered [default: the
    /// ledger the policy names, if any].
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,

    /// Also write the disclosure's notices (the profile's notice and those of
    /// the categories disclosed) to FILE as plain text, to send to the
    /// recipient with the records.
    #[arg(long, value_name = "FILE")]
    pub notice_out: Option<PathBuf>,

    /// Refuse (exit status 3, nothing written) unless every person named
    /// with --subject or --subjects-file is found in the input.
    #[arg(long)]
    pub require_all_subjects: bool,

    /// Make (and record) the disclosure even when it contains no record.
    /// Without it, a run that would disclose nothing is refused (exit
    /// status 3) and nothing is written.
    #[arg(long)]
    pub allow_empty: bool,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Start CSV output with a UTF-8 byte-order mark, so that Excel on
    /// Windows shows accented letters (Chloé) correctly.
    #[arg(long)]
    pub bom: bool,

    /// Overwrite output, manifest and notice files that already exist
    /// (without it, an existing file stops the run before anything is
    /// written). Only regular files are replaced, never a directory,
    /// device, FIFO or link. The ledger is always appended to, never
    /// overwritten.
    #[arg(long)]
    pub force: bool,

    /// Stop with an error when an action cannot process a value (instead of
    /// redacting it and warning).
    #[arg(long)]
    pub strict: bool,

    /// Do not prefix ' to CSV cells that a spreadsheet would run as formulas
    /// (overrides the policy's csv_formula_guard for this run).
    #[arg(long)]
    pub no_csv_formula_guard: bool,

    /// No progress bar, no summary, no warnings; errors only.
    #[arg(short, long)]
    pub quiet: bool,

    /// Print the summary as JSON on standard output, for scripts. The
    /// records and the manifest must then go to files.
    #[arg(long)]
    pub json: bool,

    /// The case exports to read: .csv, .json (an array of records), .ndjson
    /// or .jsonl (one record a line); "-" for standard input. Inputs are
    /// never modified.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_long_help = PLAN_HELP)]
pub struct PlanArgs {
    #[command(flatten)]
    pub request: RequestArgs,

    /// Print the plan as JSON (for scripts) instead of a table.
    #[arg(long)]
    pub json: bool,
}

const PLAN_HELP: &str = "\
Example:
  disclose plan --policy fixtures/policy.toml --to district-court --basis court-order";

#[derive(Debug, Args)]
#[command(after_long_help = LIST_HELP)]
pub struct ListArgs {
    /// The policy file (TOML). See disclose-policy(5).
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,

    /// Print the list as JSON (for scripts) instead of tables.
    #[arg(long)]
    pub json: bool,
}

const LIST_HELP: &str = "\
The policy is checked as a whole first; a policy with problems is listed
with every problem (file:line:column: key: problem) and exit status 2.

Example:
  disclose list --policy fixtures/policy.toml";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The policy file (TOML) to validate. See disclose-policy(5).
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,

    /// Check only this profile, given as RECIPIENT:BASIS (for example
    /// district-court:court-order).
    #[arg(long, value_name = "RECIPIENT:BASIS", add = ArgValueCompleter::new(complete::profiles))]
    pub profile: Option<String>,

    /// Read the pseudonymization key from FILE [default: a fixed test key,
    /// so that check needs no secret].
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Print the findings as JSON (for scripts) instead of lines of text.
    #[arg(long)]
    pub json: bool,

    /// No progress bar and no warnings; findings and errors only. Nothing
    /// at all is printed when there are no findings.
    #[arg(short, long)]
    pub quiet: bool,

    /// Count warnings (dead rules, profiles that check nothing, no ledger)
    /// as findings: exit status 1 when there are any (for CI).
    #[arg(long)]
    pub deny_warnings: bool,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Sample exports (.csv, .json, .ndjson or .jsonl) to run every profile
    /// over. Without samples, only the policy is validated.
    #[arg(value_name = "SAMPLE")]
    pub samples: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_long_help = help::VERIFY)]
pub struct VerifyArgs {
    /// The manifest to check. Relative paths in it are taken from its
    /// directory.
    #[arg(value_name = "MANIFEST")]
    pub manifest: PathBuf,

    /// Also check that the manifest is recorded in this ledger: the SHA-256
    /// of the manifest file must be the manifest_sha256 of an entry that
    /// carries the manifest's disclosure_id and matches its own hash.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,

    /// Check only the outputs; list the inputs as skipped (for a disclosure
    /// archived without the case exports it was made from).
    #[arg(long)]
    pub outputs_only: bool,

    /// Print the result as JSON: {"ok", "manifest", "manifest_sha256",
    /// "disclosure_id", "files": [{"role", "path", "resolved", "status",
    /// "expected", "found", "problem"}], "ledger", "counts"}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Recompute the ledger's hash chain and report the first broken entry.
    ///
    /// Reads the ledger line by line and checks that every line is an entry
    /// with every key, that its hash is the SHA-256 of its canonical JSON,
    /// that prev is the previous entry's hash and that seq counts up from 1.
    /// Names the first line that fails (an edited entry; a deleted, repeated
    /// or moved line; a torn or blank line). An empty file is a ledger of no
    /// entries.
    Verify(LedgerVerifyArgs),
    /// The accounting of disclosures: who received what, when, and why.
    ///
    /// One row per disclosure (seq, date, recipient, basis, reference,
    /// categories, records), then one summary line per recipient. A ledger
    /// whose hash chain is broken is still shown, with a warning.
    Show(LedgerShowArgs),
    /// The accounting of disclosures a person may ask for.
    ///
    /// Every disclosure of the person's records in a window of time (six
    /// years back from --as-of, both days included): the date, the
    /// recipient's name and address, what was disclosed about the person,
    /// and the purpose. Repeated disclosures to the same recipient under the
    /// same basis are summarised: the first in full, then how many more and
    /// the date of the last. The hash chain is checked on the way; the
    /// accounting ends with the hash of the ledger's last entry.
    Account(LedgerAccountArgs),
    /// Record a request to leave a recipient's disclosures out of
    /// accountings until a date.
    ///
    /// A health-oversight agency or law-enforcement official may ask that
    /// accountings not list its disclosures for a time (45 CFR
    /// 164.528(a)(2)). While the suspension is in force, `ledger account`
    /// leaves those disclosures out and says nothing of it. An oral request
    /// suspends for at most 30 days.
    Suspend(LedgerSuspendArgs),
}

/// How `ledger account` writes the accounting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccountFormat {
    /// Plain text.
    Text,
    /// JSON, for scripts.
    Json,
    /// A printable HTML page, to hand over or print to PDF.
    Html,
}

#[derive(Debug, Args)]
#[command(after_long_help = help::LEDGER_ACCOUNT)]
pub struct LedgerAccountArgs {
    /// The ledger file (JSON Lines), e.g. disclosures.ledger.jsonl.
    #[arg(value_name = "LEDGER")]
    pub ledger: PathBuf,

    /// The person the accounting is for: a subject ID.
    #[arg(long, value_name = "ID")]
    pub subject: String,

    /// The accounting's date (YYYY-MM-DD, UTC) [default: today]. The
    /// window ends on it.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Start the window on this date (YYYY-MM-DD) instead of six years
    /// before --as-of.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// text, json or html (a printable page).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
    pub format: AccountFormat,

    /// Record in the ledger that the accounting was given: an "accounting"
    /// entry with the subject, the date and the window.
    #[arg(long)]
    pub record: bool,

    /// The agency's name for the heading [default: the agency of the
    /// policy given with --policy].
    #[arg(long, value_name = "NAME")]
    pub agency: Option<String>,

    /// A policy file to take the agency's name from.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Your name or user id, recorded with --record [default: $USER].
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_long_help = help::LEDGER_SUSPEND)]
pub struct LedgerSuspendArgs {
    /// The ledger file (JSON Lines), e.g. disclosures.ledger.jsonl.
    #[arg(value_name = "LEDGER")]
    pub ledger: PathBuf,

    /// The recipient id whose disclosures are left out of accountings.
    #[arg(long, value_name = "ID")]
    pub recipient: String,

    /// The last day the suspension is in force (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: String,

    /// The agency or official who asked, as they identified themselves.
    #[arg(long, value_name = "TEXT")]
    pub requested_by: String,

    /// The request was made orally: it suspends for at most 30 days from
    /// today.
    #[arg(long)]
    pub oral: bool,

    /// Your name or user id, recorded with the suspension [default: $USER].
    #[arg(long, value_name = "NAME")]
    pub operator: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_long_help = help::LEDGER)]
pub struct LedgerVerifyArgs {
    /// The ledger file (JSON Lines), e.g. disclosures.ledger.jsonl.
    #[arg(value_name = "LEDGER")]
    pub ledger: PathBuf,

    /// Print the result as JSON: {"ok": bool, "ledger": path, "entries": N
    /// intact entries, "last_hash": the last intact entry's hash or null,
    /// "error": null or {"line", "seq", "kind", "problem"}}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_long_help = help::LEDGER_SHOW)]
pub struct LedgerShowArgs {
    /// The ledger file (JSON Lines), e.g. disclosures.ledger.jsonl.
    #[arg(value_name = "LEDGER")]
    pub ledger: PathBuf,

    /// Only disclosures that included this person (an ID in the entry's
    /// subjects).
    #[arg(long, value_name = "ID")]
    pub subject: Option<String>,

    /// Only disclosures to this recipient id.
    #[arg(long, value_name = "ID")]
    pub recipient: Option<String>,

    /// Only disclosures under this legal basis id.
    #[arg(long, value_name = "ID")]
    pub basis: Option<String>,

    /// Only disclosures on or after this date (YYYY-MM-DD, UTC, inclusive).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only disclosures on or before this date (YYYY-MM-DD, UTC, inclusive).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Print the entries as JSON: {"entries": [full entries], "summary":
    /// [{"recipient", "disclosures", "records", "first", "last"}], "chain":
    /// {"ok", "error"}, "unreadable_lines": N}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_long_help = help::INIT)]
pub struct InitArgs {
    /// Sample case exports (.csv, .json, .ndjson or .jsonl) whose fields the
    /// policy is to list. Every record is read; no value is copied into the
    /// policy.
    #[arg(value_name = "SAMPLE", required = true)]
    pub samples: Vec<PathBuf>,

    /// Write the policy to FILE instead of standard output. An existing FILE
    /// is not overwritten without --force.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it already exists.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub read: ReadArgs,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Ndjson => Format::Ndjson,
        }
    }
}
