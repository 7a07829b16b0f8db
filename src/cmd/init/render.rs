//! Writing the starter policy as TOML, every guess marked for review.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::policy::{toml_key, toml_string};

use super::*;

/// A path for a comment line: control characters replaced.
pub(super) fn comment_safe(path: &Path) -> String {
    path.display()
        .to_string()
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The starter policy's text.
pub(super) fn starter_policy(
    sources: &[(PathBuf, u64)],
    fields: &[SurveyedField],
    unnameable: &BTreeSet<String>,
) -> anyhow::Result<String> {
    let (subject, recognised) = guess_subject(fields).context(
        "no field outside an array can name the person a record is about (subject_field)",
    )?;
    let mut t = String::new();
    let described: Vec<String> = sources
        .iter()
        .map(|(path, n)| {
            format!(
                "{} ({n} record{})",
                comment_safe(path),
                if *n == 1 { "" } else { "s" }
            )
        })
        .collect();
    t.push_str("# A starter disclosure policy, written by `disclose init` from\n");
    for line in &described {
        let _ = writeln!(t, "#   {line}");
    }
    t.push_str(
        "#
# Nothing here has been decided by a person yet. Before the first real
# disclosure:
#   1. Fill in every value that says REPLACE (each is explained where it
#      stands). `disclose check --policy THIS-FILE` lists those left, and
#      apply and plan refuse to run while any is left.
#   2. Check every line marked \"# review\": each field's category and kind
#      were guessed from its name and from the sampled values.
#   3. Write the rules of each profile. The starter profile at the end drops
#      every category, so a run with it discloses no field at all.
# Then look at the result with
#   disclose list --policy THIS-FILE
#   disclose plan --policy THIS-FILE --to RECIPIENT --basis BASIS
# The policy format is described in disclose-policy(5).

version = 1
# REPLACE: the agency that makes the disclosures, as it should appear in
# manifests and notices ({agency}).
agency = \"REPLACE with the agency's name\"

# The field that names the person a record is about.
",
    );
    let _ = writeln!(
        t,
        "subject_field = {}  # review: {}",
        toml_string(&subject),
        if recognised {
            "guessed from the field name"
        } else {
            "no field is named like an ID of a person; this is the first field"
        }
    );
    t.push_str(
        "
# What a redacted value becomes ({category} and {field} are expanded).
redaction_label = \"[REDACTED]\"

# A field that [fields] does not classify stops the run (\"drop\" would drop
# it and name it in the manifest).
unclassified = \"error\"

# The disclosure ledger, relative to this file: every disclosure is
# appended to it, so that the agency can account for what it disclosed
# about a person, to whom and when (disclose ledger show). Without a ledger
# a disclosure is recorded only in its manifest.
ledger = \"disclosures.ledger.jsonl\"

[categories]
",
    );
    let width = CATEGORIES.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    for (id, description) in CATEGORIES {
        let _ = writeln!(t, "{id:width$} = {}", toml_string(description));
    }
    let _ = writeln!(
        t,
        "
[categories.{SUBSTANCE_USE}]
description = \"Substance use disorder treatment records\"
# REPLACE: the notice that must accompany every disclosure of these
# records, such as the re-disclosure notice of 42 CFR part 2 (ask counsel
# for the exact text).
notice = \"REPLACE with the notice that must accompany substance use disorder records.\"

[fields]
# Every field found in the samples. Nested JSON paths are quoted
# (\"person.name\"); [] steps into the elements of an array. Kinds: string
# (the default), name, address, date (with its format), number, text."
    );
    let keys: Vec<String> = fields.iter().map(|f| toml_key(&f.path)).collect();
    let key_width = keys
        .iter()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(32);
    for (field, key) in fields.iter().zip(&keys) {
        let kind = guess_kind(&field.path, &field.stats);
        let (category, why) = guess_category(&field.path, &subject);
        let mut table = format!("{{ category = {}", toml_string(category));
        if kind.kind != "string" {
            let _ = write!(table, ", kind = {}", toml_string(kind.kind));
        }
        if let Some(format) = kind.format {
            let _ = write!(table, ", format = {}", toml_string(format));
        }
        table.push_str(" }");
        let mut why = why.unwrap_or_else(|| "unknown".to_string());
        if !kind.why.is_empty() {
            why.push_str("; ");
            why.push_str(&kind.why);
        }
        let pad = key_width.saturating_sub(key.chars().count());
        let _ = writeln!(t, "{key}{:pad$} = {table}  # review: {why}", "");
    }
    if !unnameable.is_empty() {
        t.push_str(
            "# Left out: fields whose JSON key holds \".\", \"[\" or \"]\" (or is empty)
# cannot be named in a policy. A run stops on them unless unclassified = \"drop\".\n",
        );
    }
    t.push_str(
        "
# Who may receive records. REPLACE the example with the real recipients.
[recipients.example-recipient]
# REPLACE: the recipient's full name, as manifests and notices show it
# ({recipient}).
name = \"REPLACE with the recipient's name\"
# address = \"...\"
# kind = \"court\"

# The legal bases of disclosures. REPLACE the example with the real ones.
# requires: \"reference\" (--reference), \"justification\" (--justification),
# \"subjects\" (--subject or --subjects-file). A consent basis instead names
# the consent field: consent = { field = \"...\", granted = [\"yes\"] }.
[bases.example-basis]
# REPLACE: what the basis is, as manifests and notices show it ({basis}),
# e.g. \"Court order or legal mandate\".
description = \"REPLACE with the legal basis, such as a court order\"
requires = [\"reference\", \"subjects\"]

# The scrub action replaces what detectors find in free text; without a
# [scrub] table it uses every built-in detector:
# [scrub]
# detectors = [\"ssn\", \"phone\", \"email\", \"date\", \"subject\"]

# A profile says what one recipient may receive under one basis: an action
# per category, and per field where a field needs something else. Actions:
# keep, drop, redact, mask, pseudonymize, generalize, scrub. An example to
# adapt (not active):
#
# [[profiles]]
# recipient = \"district-court\"
# basis = \"court-order\"
# notice = \"Disclosed by {agency} to {recipient} under {basis} ({reference}) on {date}.\"
# [profiles.categories]
# criminal_history = \"keep\"
# medical = \"redact\"
# [profiles.fields]
# ssn = { action = \"mask\", keep_last = 4 }
# dob = { action = \"generalize\", to = \"year\" }
# narrative_notes = \"scrub\"

# The starter profile: every category is dropped, so a disclosure with it
# holds no field until a person writes its rules.
[[profiles]]
recipient = \"example-recipient\"
basis = \"example-basis\"
notice = \"Disclosed by {agency} to {recipient} under {basis} ({reference}) on {date}.\"
[profiles.categories]
",
    );
    for (id, _) in CATEGORIES {
        let _ = writeln!(t, "{id:width$} = \"drop\"");
    }
    let _ = writeln!(t, "{SUBSTANCE_USE:width$} = \"drop\"");
    Ok(t)
}
