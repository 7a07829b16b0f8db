//! `disclose init`: write a starter policy from sample exports.
//!
//! Every record of every sample is read and every field path is collected:
//! CSV columns, and for JSON the dotted paths of object keys with `[]` for
//! the elements of an array (`charges[].code`; an array of scalars is one
//! field, `aliases`). Each field gets a guessed kind (from its values) and a
//! guessed category (from its name), marked `# review`. The one active
//! profile drops every category: nothing is disclosed until a person
//! writes the rules. `keep` is never guessed.
//!
//! Values are only counted (how many parse as dates or numbers, how long
//! they are); no value of a sample is ever written to the policy or to a
//! message.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use indexmap::IndexMap;

use crate::cli::InitArgs;
use crate::console;
use crate::exit::ExitCode;
use crate::io::input::csv::CsvInput;
use crate::io::input::json::{JsonArrayInput, NdjsonInput};
use crate::io::input::{Format, InputSpec};
use crate::io::output::{Staged, Target};
use crate::policy::{toml_key, toml_string};
use crate::record::fieldpath;
use crate::record::value::{Object, Value};

/// The standard categories of a starter policy (id, description).
const CATEGORIES: &[(&str, &str)] = &[
    (
        "identifiers",
        "Personal identifiers (name, address, date of birth, contact details)",
    ),
    ("criminal_history", "Criminal history and case details"),
    ("medical", "Medical and psychological records"),
    (
        "employment_education",
        "Employment and educational background",
    ),
    (
        "supervision",
        "Behavioral assessments and supervision history",
    ),
    ("administrative", "Consent and record-keeping fields"),
];

/// The category with a notice, written as a table after the others.
const SUBSTANCE_USE: &str = "substance_use";

/// Words in a field's name that suggest its category, by priority: the
/// first rule with a word that begins one of the name's words wins.
/// Consent comes first, so that `consent_treatment_sharing` is a
/// record-keeping field and not a treatment record.
const CATEGORY_WORDS: &[(&str, &[&str])] = &[
    ("administrative", &["consent"]),
    (
        "identifiers",
        &[
            "ssn", "dob", "birth", "name", "surname", "alias", "address", "street", "phone",
            "email",
        ],
    ),
    (
        "medical",
        &[
            "diagnos",
            "medication",
            "medical",
            "psych",
            "mental",
            "health",
        ],
    ),
    (
        "substance_use",
        &["treatment", "drug", "substance", "sobriety", "alcohol"],
    ),
    (
        "criminal_history",
        &[
            "charge",
            "offense",
            "offence",
            "case",
            "sentence",
            "arrest",
            "conviction",
            "docket",
            "warrant",
        ],
    ),
    ("employment_education", &["employ", "education", "school"]),
    (
        "supervision",
        &["risk", "supervision", "officer", "note", "narrative"],
    ),
    ("administrative", &["created", "updated"]),
];

/// Names of the field that names the person a record is about, by
/// preference (compared without case, `_`, `-` or `.`).
const SUBJECT_NAMES: &[&str] = &[
    "personid",
    "subjectid",
    "clientid",
    "offenderid",
    "superviseeid",
    "defendantid",
    "id",
];

/// Field names (their last key, words joined by `_`) that hold a person's
/// name.
const NAME_FIELDS: &[&str] = &[
    "name",
    "full_name",
    "fullname",
    "first_name",
    "last_name",
    "middle_name",
    "given_name",
    "family_name",
    "surname",
    "maiden_name",
    "legal_name",
    "preferred_name",
    "nickname",
    "alias",
    "aliases",
    "client_name",
    "person_name",
    "offender_name",
    "subject_name",
];

/// Date formats a field's values are tried against: (strftime, as shown).
const DATE_FORMATS: &[(&str, &str)] = &[("%Y-%m-%d", "YYYY-MM-DD"), ("%m/%d/%Y", "MM/DD/YYYY")];

/// Free text: values this long on average, or with line breaks.
const TEXT_AVERAGE_CHARS: u64 = 80;

pub fn run(args: &InitArgs) -> anyhow::Result<ExitCode> {
    let target = args.output.as_deref().map(Target::from_arg);
    let mut survey = Survey::default();
    let mut sources = Vec::new();
    for sample in &args.samples {
        if sample == Path::new("-") {
            bail!("init reads sample files; standard input (-) cannot be a sample");
        }
        if let Some(Target::File(out)) = &target
            && crate::io::fs::absolute(out).is_some()
            && crate::io::fs::absolute(out) == crate::io::fs::absolute(sample)
        {
            bail!(
                "{} is a sample; disclose never writes over its inputs",
                out.display()
            );
        }
        let records = survey
            .read(sample)
            .with_context(|| format!("sample {}", sample.display()))?;
        sources.push((sample.clone(), records));
    }
    for path in &survey.unnameable {
        console::warning(&format!(
            "field {path:?} cannot be named in a policy (a JSON key with \".\", \"[\" or \"]\", or an empty key); it is left out, so a run stops on it unless the policy says unclassified = \"drop\""
        ));
    }
    let fields = survey.fields();
    if fields.is_empty() {
        bail!("the samples hold no fields: a policy needs at least one");
    }
    let text = starter_policy(&sources, &fields, &survey.unnameable)?;
    match &target {
        None | Some(Target::Stdout) => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Some(target @ Target::File(path)) => {
            let mut staged = Staged::new(target, args.force)?;
            staged
                .file()
                .write_all(text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            staged.commit()?;
            console::note(&format!(
                "wrote {} ({} fields): review every line marked \"# review\", then write the profile's rules",
                path.display(),
                fields.len()
            ));
        }
    }
    Ok(ExitCode::Success)
}

/// What the samples say about one field path. Values are counted, never
/// kept.
#[derive(Debug, Default, Clone)]
struct FieldStats {
    /// Seen holding a scalar or null (or as an array of scalars).
    leaf: bool,
    /// Seen as an empty object or array.
    empty: bool,
    /// Non-empty scalar values.
    values: u64,
    /// Values that parse in each of `DATE_FORMATS`.
    dates: [u64; 2],
    /// Values that are numbers.
    numbers: u64,
    /// Characters in all values.
    chars: u64,
    /// A value with a line break.
    multiline: bool,
}

impl FieldStats {
    fn sample(&mut self, text: &str, is_number: bool) {
        if text.is_empty() {
            return;
        }
        self.values += 1;
        self.chars += text.chars().count() as u64;
        self.multiline |= text.contains('\n') || text.contains('\r');
        if is_number || looks_numeric(text) {
            self.numbers += 1;
        }
        for (i, (format, _)) in DATE_FORMATS.iter().enumerate() {
            if jiff::civil::Date::strptime(format, text.trim()).is_ok() {
                self.dates[i] += 1;
            }
        }
    }
}

fn looks_numeric(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.len() == text.len()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Every field path of the samples, in the order first seen.
#[derive(Debug, Default)]
struct Survey {
    paths: IndexMap<String, FieldStats>,
    /// JSON keys that a policy cannot name (their paths as displayed).
    unnameable: BTreeSet<String>,
}

/// A field of the starter policy.
#[derive(Debug, Clone)]
struct Found {
    path: String,
    stats: FieldStats,
}

impl Survey {
    /// Read one sample; the number of records.
    fn read(&mut self, path: &Path) -> anyhow::Result<u64> {
        let spec = InputSpec::new(path, None)?;
        let reader = spec.open()?;
        let mut records = 0;
        match spec.format {
            Format::Csv => {
                let mut csv = CsvInput::new(reader)?;
                let header = csv.header().to_vec();
                let mut columns = Vec::with_capacity(header.len());
                for name in &header {
                    if fieldpath::parse(name).is_ok() {
                        self.paths.entry(name.clone()).or_default().leaf = true;
                        columns.push(Some(self.paths.get_index_of(name).unwrap_or(0)));
                    } else {
                        self.unnameable.insert(name.clone());
                        columns.push(None);
                    }
                }
                while csv.next_row()?.is_some() {
                    records += 1;
                    for (cell, column) in csv.cells().into_iter().zip(&columns) {
                        if let Some(index) = column
                            && let Some((_, stats)) = self.paths.get_index_mut(*index)
                        {
                            stats.sample(cell, false);
                        }
                    }
                }
            }
            Format::Json => {
                let mut json = JsonArrayInput::new(reader);
                while let Some((record, _)) = json.next_record()? {
                    records += 1;
                    self.object("", &record);
                }
            }
            Format::Ndjson => {
                let mut json = NdjsonInput::new(reader);
                while let Some((record, _)) = json.next_record()? {
                    records += 1;
                    self.object("", &record);
                }
            }
        }
        Ok(records)
    }

    fn object(&mut self, prefix: &str, object: &Object) {
        for (key, value) in object.iter() {
            let mut path = prefix.to_string();
            fieldpath::push_key(&mut path, key);
            if key.is_empty() || key.contains(['.', '[', ']']) {
                self.unnameable.insert(path);
                continue;
            }
            self.value(&path, value);
        }
    }

    fn value(&mut self, path: &str, value: &Value) {
        let stats = self.paths.entry(path.to_string()).or_default();
        match value {
            Value::Object(o) if o.is_empty() => stats.empty = true,
            Value::Array(a) if a.is_empty() => stats.empty = true,
            Value::Object(o) => self.object(path, o),
            Value::Array(items) => {
                let each = format!("{path}[]");
                for item in items {
                    if item.is_container() {
                        self.value(&each, item);
                    } else {
                        // An array of scalars is one field: its path, not
                        // its elements'.
                        self.scalar(path, item);
                    }
                }
            }
            scalar => self.scalar(path, scalar),
        }
    }

    fn scalar(&mut self, path: &str, value: &Value) {
        let stats = self.paths.entry(path.to_string()).or_default();
        stats.leaf = true;
        if let Some(text) = value.scalar_text() {
            stats.sample(text, matches!(value, Value::Number(_)));
        }
    }

    /// The fields a policy must classify: every path that holds a scalar or
    /// null, and empty containers with nothing found below them.
    fn fields(&self) -> Vec<Found> {
        self.paths
            .iter()
            .filter(|(path, stats)| stats.leaf || (stats.empty && !self.has_descendant(path)))
            .map(|(path, stats)| Found {
                path: path.clone(),
                stats: stats.clone(),
            })
            .collect()
    }

    fn has_descendant(&self, path: &str) -> bool {
        self.paths.keys().any(|p| {
            p.len() > path.len()
                && p.starts_with(path)
                && matches!(p.as_bytes()[path.len()], b'.' | b'[')
        })
    }
}

/// A guessed kind: the kind, the date format, and why.
struct KindGuess {
    kind: &'static str,
    format: Option<&'static str>,
    why: String,
}

fn guess_kind(path: &str, stats: &FieldStats) -> KindGuess {
    let n = stats.values;
    let (best, dates) = stats
        .dates
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|&(i, count)| (count, std::cmp::Reverse(i)))
        .unwrap_or((0, 0));
    if n > 0 && dates * 2 > n {
        let (format, shown) = DATE_FORMATS[best];
        return KindGuess {
            kind: "date",
            format: Some(format),
            why: format!("date: {dates} of {n} values {shown}"),
        };
    }
    if n > 0 && stats.numbers == n {
        return KindGuess {
            kind: "number",
            format: None,
            why: format!("number: all {n} values"),
        };
    }
    if n > 0 && stats.multiline {
        return KindGuess {
            kind: "text",
            format: None,
            why: "text: line breaks".into(),
        };
    }
    if n > 0 && stats.chars / n > TEXT_AVERAGE_CHARS {
        return KindGuess {
            kind: "text",
            format: None,
            why: format!("text: {} characters on average", stats.chars / n),
        };
    }
    let words = last_key_words(path);
    let joined = words.join("_");
    if NAME_FIELDS.contains(&joined.as_str()) {
        return KindGuess {
            kind: "name",
            format: None,
            why: "name: the field name".into(),
        };
    }
    if words.iter().any(|w| w == "address" || w == "street")
        && !words
            .iter()
            .any(|w| w == "email" || w == "ip" || w == "mac")
    {
        return KindGuess {
            kind: "address",
            format: None,
            why: "address: the field name".into(),
        };
    }
    KindGuess {
        kind: "string",
        format: None,
        why: if n == 0 {
            "no values in the samples".into()
        } else {
            String::new()
        },
    }
}

/// A guessed category and why (`None` for why: unknown).
fn guess_category(path: &str, subject: &str) -> (&'static str, Option<String>) {
    if path == subject {
        return ("identifiers", Some("the subject field".into()));
    }
    let keys: Vec<&str> = path.split('.').map(|k| k.trim_end_matches("[]")).collect();
    for key in keys.iter().rev() {
        let words = words(key);
        for (category, stems) in CATEGORY_WORDS {
            if let Some(stem) = stems
                .iter()
                .find(|stem| words.iter().any(|w| w.starts_with(**stem)))
            {
                return (category, Some(format!("category from {stem:?}")));
            }
        }
    }
    ("administrative", None)
}

/// The lowercase words of a key: split at every character that is not a
/// letter or digit, and between a lowercase letter and an uppercase one
/// (`fullName`).
fn words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn last_key_words(path: &str) -> Vec<String> {
    let last = path.rsplit('.').next().unwrap_or(path);
    words(last.trim_end_matches("[]"))
}

/// The field that names the person a record is about: one named like an
/// ID of a person, else the first field outside an array. `true` when it
/// was recognised by its name.
fn guess_subject(fields: &[Found]) -> Option<(String, bool)> {
    let outside: Vec<&Found> = fields.iter().filter(|f| !f.path.contains("[]")).collect();
    let squash = |path: &str| -> String {
        path.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    for name in SUBJECT_NAMES {
        if let Some(found) = outside
            .iter()
            .filter(|f| squash(&f.path) == *name)
            .min_by_key(|f| f.path.matches('.').count())
        {
            return Some((found.path.clone(), true));
        }
    }
    outside.first().map(|f| (f.path.clone(), false))
}

/// A path for a comment line: control characters replaced.
fn comment_safe(path: &Path) -> String {
    path.display()
        .to_string()
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The starter policy's text.
fn starter_policy(
    sources: &[(PathBuf, u64)],
    fields: &[Found],
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
#   1. Fill in every value that says REPLACE.
#   2. Check every line marked \"# review\": each field's category and kind
#      were guessed from its name and from the sampled values.
#   3. Write the rules of each profile. The starter profile at the end drops
#      every category, so a run with it discloses no field at all.
# Then look at the result with
#   disclose list --policy THIS-FILE
#   disclose plan --policy THIS-FILE --to RECIPIENT --basis BASIS
# The policy format is described in disclose-policy(5).

version = 1
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

# The disclosure ledger, relative to this file:
# ledger = \"disclosures.ledger.jsonl\"

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
# review: the notice that must accompany every disclosure of these records,
# such as the re-disclosure notice of 42 CFR part 2.
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
name = \"REPLACE with the recipient's name\"
# address = \"...\"
# kind = \"court\"

# The legal bases of disclosures. REPLACE the example with the real ones.
# requires: \"reference\" (--reference), \"justification\" (--justification),
# \"subjects\" (--subject or --subjects-file). A consent basis instead names
# the consent field: consent = { field = \"...\", granted = [\"yes\"] }.
[bases.example-basis]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn survey_of(records: &[&str]) -> Survey {
        let mut survey = Survey::default();
        for r in records {
            match crate::record::value::parse(r.as_bytes()).unwrap() {
                Value::Object(o) => survey.object("", &o),
                _ => panic!("not an object"),
            }
        }
        survey
    }

    fn paths(survey: &Survey) -> Vec<String> {
        survey.fields().into_iter().map(|f| f.path).collect()
    }

    #[test]
    fn nested_paths_arrays_and_empty_containers() {
        let s = survey_of(&[
            r#"{"id":"1","person":{"name":"A","aliases":["x","y"]},"charges":[{"code":"1","counts":[{"n":1}]}],"case":null,"meds":[],"extra":{}}"#,
            r#"{"id":"2","person":null,"charges":[],"case":{"number":"C"},"meds":[]}"#,
        ]);
        assert_eq!(
            paths(&s),
            [
                "id",
                "person",
                "person.name",
                "person.aliases",
                "charges[].code",
                "charges[].counts[].n",
                "case",
                "meds",
                "extra",
                "case.number",
            ]
        );
    }

    #[test]
    fn unnameable_keys_are_left_out() {
        let s = survey_of(&[r#"{"id":"1","a.b":"x","c":{"":"y"}}"#]);
        assert_eq!(paths(&s), ["id"]);
        assert_eq!(
            s.unnameable.iter().cloned().collect::<Vec<_>>(),
            ["a.b", "c."]
        );
    }

    #[test]
    fn kinds_from_values_and_names() {
        let s = survey_of(&[
            r#"{"dob":"10/14/1964","seen":"2025-01-02","score":43,"full_name":"A B","home_address":"1 Main St","email_address":"a@example.com","note":"one\ntwo"}"#,
            r#"{"dob":"03/02/1970","seen":"2025-02-03","score":"7.5","full_name":"C D","home_address":"2 Main St","email_address":"b@example.com","note":"x"}"#,
        ]);
        let kinds: Vec<(String, &str, Option<&str>)> = s
            .fields()
            .iter()
            .map(|f| {
                let k = guess_kind(&f.path, &f.stats);
                (f.path.clone(), k.kind, k.format)
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("dob".to_string(), "date", Some("%m/%d/%Y")),
                ("seen".to_string(), "date", Some("%Y-%m-%d")),
                ("score".to_string(), "number", None),
                ("full_name".to_string(), "name", None),
                ("home_address".to_string(), "address", None),
                ("email_address".to_string(), "string", None),
                ("note".to_string(), "text", None),
            ]
        );
    }

    #[test]
    fn categories_from_names() {
        let cases = [
            ("ssn", "identifiers"),
            ("person.dob", "identifiers"),
            ("consent_treatment_sharing", "administrative"),
            ("treatment.diagnosis", "medical"),
            ("treatment.status", "substance_use"),
            ("treatment.drug_tests[].result", "substance_use"),
            ("charges[].disposition", "criminal_history"),
            ("employment.employer", "employment_education"),
            ("notes[].text", "supervision"),
            ("riskScore", "supervision"),
            ("created_at", "administrative"),
        ];
        for (path, want) in cases {
            assert_eq!(guess_category(path, "id").0, want, "{path}");
        }
        assert_eq!(guess_category("colour", "id"), ("administrative", None));
        assert_eq!(guess_category("id", "id").0, "identifiers");
    }

    #[test]
    fn subject_by_name_else_first_field_outside_arrays() {
        let found = |paths: &[&str]| -> Vec<Found> {
            paths
                .iter()
                .map(|p| Found {
                    path: p.to_string(),
                    stats: FieldStats::default(),
                })
                .collect()
        };
        assert_eq!(
            guess_subject(&found(&["name", "id", "person.id"])),
            Some(("person.id".to_string(), true))
        );
        assert_eq!(
            guess_subject(&found(&["name", "Client ID"])),
            Some(("Client ID".to_string(), true))
        );
        assert_eq!(
            guess_subject(&found(&["x[].id", "name"])),
            Some(("name".to_string(), false))
        );
    }

    #[test]
    fn toml_keys_are_quoted_when_needed() {
        assert_eq!(toml_key("person_id"), "person_id");
        assert_eq!(toml_key("person.name"), "\"person.name\"");
        assert_eq!(toml_key("Date of \"Birth\""), "\"Date of \\\"Birth\\\"\"");
    }
}
