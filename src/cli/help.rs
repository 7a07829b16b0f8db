//! The long help that ends each command's `--help` (and its man page):
//! examples a clerk can copy, exit statuses, the ledger's hashing rule.

/// The EXIT STATUS table, shown at the end of `disclose --help` and in the
/// man page.
pub const EXIT_STATUS: &str = "\
Exit status:
  0  success
  1  findings: check found a possible leak; verify or ledger verify found a mismatch
  2  error: usage, unreadable or malformed input, invalid policy, I/O
  3  refused: the policy does not permit the request (unknown recipient or
     basis, no profile for the pair, a required item missing)";

/// Examples at the end of `disclose apply --help`; they run on the bundled
/// fixtures.
pub const APPLY_EXAMPLES: &str = "\
Examples:
  Court order, confined to the people the order names:
    disclose apply --policy fixtures/policy.toml --to district-court --basis court-order \\
      --reference CR-2026-0142 --subjects-file fixtures/subjects.txt \\
      --key-file fixtures/demo.key -o court.csv fixtures/cases.csv

  Safety: an imminent threat, one person, with the reason on record:
    disclose apply --policy fixtures/policy.toml --to columbus-police --basis safety \\
      --justification \"Credible threat against a named victim\" --subject P-000002 \\
      -o police.json fixtures/cases.json

  Consent: records of people whose written consent is on file and unexpired:
    disclose apply --policy fixtures/policy.toml --to treatment-provider --basis consent \\
      --key-file fixtures/demo.key -o provider.ndjson fixtures/cases.ndjson";

/// Notes at the end of `disclose verify --help`.
pub const VERIFY: &str = "\
One line per listed file: ok, MISMATCH (size or SHA-256 differs), MISSING,
skipped (\"-\": standard input or output, which cannot be read again; and the
inputs, with --outputs-only) or ERROR (the file exists but cannot be read).
Relative paths are taken from the manifest's directory, so a manifest moved
together with its files still verifies.

Exit status: 0 when every checked file matches (and, with --ledger, the
manifest is recorded); 1 on any mismatch, missing file or unrecorded
manifest; 2 when the manifest (or the ledger) is missing or malformed, or a
listed file cannot be read.

Examples:
  disclose verify court.csv.manifest.json
  disclose verify archive/2026-0142/manifest.json --outputs-only \\
    --ledger disclosures.ledger.jsonl";

/// Notes at the end of `disclose ledger show --help`.
pub const LEDGER_SHOW: &str = "\
Rows are in ledger order (the order the disclosures were recorded), newest
last. Dates are the UTC date of each entry's created_at; --since and --until
are inclusive. After the table, one summary line per recipient: disclosures,
records disclosed, first and last date.

A ledger whose hash chain is broken is still shown, so that an accounting can
be given from a damaged ledger: every line that reads as an entry is shown,
lines that do not are left out, and a warning on standard error names the
first broken line (with --json, the \"chain\" member says the same). The exit
status stays 0; run `disclose ledger verify LEDGER` to check the chain.

Examples:
  Everything disclosed about one person:
    disclose ledger show disclosures.ledger.jsonl --subject P-000002
  Disclosures to the district court in 2026, as JSON:
    disclose ledger show disclosures.ledger.jsonl --recipient district-court \\
      --since 2026-01-01 --until 2026-12-31 --json";

/// Notes at the end of `disclose ledger account --help`.
pub const LEDGER_ACCOUNT: &str = "\
Dates are UTC calendar dates; the window runs from six years before --as-of
(or from --since) to --as-of, both days included. A disclosure recorded by an
older disclose, without per-person detail, is listed with what its entry
holds (the whole disclosure's categories and records) and marked so. A
disclosure whose delivery failed is listed and marked so. Disclosures to a
recipient under a suspension in force on --as-of are left out, and the
accounting does not mention them.

The accounting ends with the ledger's state: its number of entries and the
hash of its last entry when the hash chain is intact (anyone can check it
with `disclose ledger verify`). When the chain is broken the accounting
says so, a warning names the first broken line, and the exit status is 1.

Examples:
  The accounting for one person, as a page to print:
    disclose ledger account disclosures.ledger.jsonl --subject P-000002 \\
      --format html --policy fixtures/policy.toml --record > P-000002.html
  As of the day the request was received:
    disclose ledger account disclosures.ledger.jsonl --subject P-000002 --as-of 2026-11-30";

/// Notes at the end of `disclose ledger suspend --help`.
pub const LEDGER_SUSPEND: &str = "\
The suspension is in force for every accounting whose --as-of is on or
before --until: it leaves out every disclosure to the recipient. An oral request (--oral) may run at most 30
days from today (the disclosure clock); record the written statement, when
it comes, as a new suspension.

Example:
  disclose ledger suspend disclosures.ledger.jsonl --recipient columbus-police \\
    --until 2027-03-31 --requested-by \"Det. R. Alvarez, Columbus Division of Police\"";

/// Notes at the end of `disclose init --help`.
pub const INIT: &str = "\
Then fill in every value that says REPLACE, check every line marked
\"# review\", and write the profile's rules; `disclose plan` shows what they
do. No value from the samples is copied into the policy.

Example:
  disclose init fixtures/cases.csv -o draft-policy.toml
  disclose list --policy draft-policy.toml";

/// Notes at the end of `disclose completions --help`.
pub const COMPLETIONS: &str = "\
The script asks disclose itself what to offer while you type, so --to,
--basis and check --profile complete with the ids of the policy given with
--policy on the same line. --static writes a self-contained script instead
(commands, options and file names only). Write it anew after an upgrade.

Install the script where your shell looks for completions, then start a new
shell:
  bash:  disclose completions bash > ~/.local/share/bash-completion/completions/disclose
  zsh:   disclose completions zsh > ~/.zfunc/_disclose
         (with fpath+=(~/.zfunc) before compinit in ~/.zshrc)
  fish:  disclose completions fish > ~/.config/fish/completions/disclose.fish";

/// How an entry's hash is computed, for `--help` and the docs. Keep in
/// step with [`canonical_json`] and `docs/ledger.md`.
pub const LEDGER: &str = "\
How the chain is computed (check it with your own tools):
  Each line is one entry: a JSON object with the keys seq, created_at,
  disclosure_id, manifest_sha256, recipient, basis, reference,
  categories_disclosed, subjects, records_disclosed, prev and hash, and
  those of its event (disclosure, delivery_failed, suspension, accounting;
  see docs/ledger.md).
  hash is the lowercase hex SHA-256 of the entry's canonical JSON without its
  hash key:
    - the entry without its \"hash\" key;
    - object keys sorted by their UTF-8 bytes;
    - no white space between tokens;
    - strings in UTF-8, non-ASCII written as itself (not escaped); only \" \\
      and the control characters U+0000..U+001F are escaped, as \\\" \\\\ \\b
      \\f \\n \\r \\t or \\u00XX (lowercase hex);
    - numbers as plain decimal integers; arrays in their order.
  prev is the previous entry's hash (64 zeros for the first); seq counts from
  1 with no gaps. Lines are written in this same canonical form, hash
  included. For example, for each line, with jq and sha256sum:
    jq -jcS 'del(.hash)' | sha256sum
  (jq escapes U+007F, which the rule writes as itself; for a line that holds
  that character use another tool, such as Python's json.dumps with
  sort_keys=True, separators=(\",\", \":\"), ensure_ascii=False).";
