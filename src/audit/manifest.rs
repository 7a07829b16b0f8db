//! The manifest: the agency's record of one disclosure — what went to whom,
//! under what authority, and what was withheld. It never holds a withheld
//! value: only names, counts, hashes and the subject IDs disclosed.

use std::io::Write as _;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::record::subjects::SubjectList;

pub const MANIFEST_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    pub manifest_version: u32,
    pub disclosure_id: String,
    pub created_at: String,
    /// Where `created_at` came from: `"system"` or `"SOURCE_DATE_EPOCH"`.
    pub clock: &'static str,
    pub tool: Tool,
    pub operator: String,
    pub recipient: RecipientEntry,
    pub basis: BasisEntry,
    pub policy: PolicyEntry,
    pub key_fingerprint: Option<String>,
    pub inputs: Vec<FileEntry>,
    pub outputs: Vec<FileEntry>,
    pub records: RecordCounts,
    pub fields: Vec<FieldEntry>,
    /// For each field not disclosed unchanged: why, under which authority,
    /// and how many values — never the values.
    pub withholding_index: Vec<IndexEntry>,
    /// The consents (registry IDs) that authorised a disclosed record.
    pub consents_used: Vec<String>,
    pub categories_disclosed: Vec<String>,
    pub scrubbed: IndexMap<String, u64>,
    pub subjects: &'a SubjectList,
    pub subjects_not_found: Vec<String>,
    pub unclassified_dropped: Vec<String>,
    pub csv_formula_guarded: u64,
    pub notice: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    pub fn this() -> Tool {
        Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecipientEntry {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BasisEntry {
    pub id: String,
    pub description: String,
    pub reference: Option<String>,
    pub justification: Option<String>,
    #[serde(default)]
    pub findings: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PolicyEntry {
    pub path: String,
    pub sha256: String,
    pub agency: Option<String>,
}

/// An input or output file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    /// Outputs: relative to the manifest's directory when possible. Inputs:
    /// absolute (they stay where the case system keeps them). `-` for
    /// standard input or output.
    pub path: String,
    pub format: String,
    pub sha256: String,
    pub bytes: u64,
    pub records: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct RecordCounts {
    pub read: u64,
    pub disclosed: u64,
    pub withheld: Withheld,
}

/// Records withheld, by the first reason that withheld them: out of scope,
/// a `[[withhold]]` rule's reason, no consent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Withheld {
    pub out_of_scope: u64,
    pub no_consent: u64,
    /// Per `[[withhold]]` reason (every reason that applies to the basis,
    /// 0 included).
    #[serde(flatten)]
    pub rules: std::collections::BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FieldEntry {
    pub field: String,
    pub category: String,
    pub action: String,
    pub changed: u64,
    pub unprocessable: u64,
}

/// One line of the withholding index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IndexEntry {
    pub field: String,
    pub category: String,
    pub action: String,
    /// Why: `field`, `category` or `default` (the profile's rule), or
    /// `consent` (no consent in force covers the category).
    pub rule: String,
    pub authority: Option<String>,
    /// Values affected.
    pub count: u64,
}

/// What a disclosure's identity is made of.
#[derive(Clone, Copy)]
pub struct Identity<'a> {
    pub created_at: &'a str,
    pub recipient: &'a str,
    pub basis: &'a str,
    pub reference: Option<&'a str>,
    pub policy_sha256: &'a str,
    pub input_sha256s: &'a [&'a str],
    pub output_sha256s: &'a [&'a str],
    pub subjects: &'a SubjectList,
    /// The new ledger entry's `prev`, when a ledger is used.
    pub ledger_prev: Option<&'a str>,
}

/// The first 32 hex digits of the SHA-256 of the disclosure's identity:
/// created_at, recipient id, basis id, reference (empty when none), policy
/// SHA-256, each input's SHA-256, each output's SHA-256, each disclosed
/// subject ID (sorted) and, with a ledger, the new entry's `prev`, each
/// followed by a newline. Two disclosures that differ in any of them (two
/// runs in the same second over different inputs, or appended one after the
/// other to one ledger) get different IDs.
pub fn disclosure_id(id: &Identity<'_>) -> std::io::Result<String> {
    let mut h = crate::crypto::digest::Sha256::default();
    let mut line = |part: &str| {
        h.update(part.as_bytes());
        h.update(b"\n");
    };
    for part in [
        id.created_at,
        id.recipient,
        id.basis,
        id.reference.unwrap_or(""),
        id.policy_sha256,
    ] {
        line(part);
    }
    id.input_sha256s.iter().for_each(|s| line(s));
    id.output_sha256s.iter().for_each(|s| line(s));
    id.subjects.for_each(|s| {
        line(s);
        Ok(())
    })?;
    if let Some(prev) = id.ledger_prev {
        line(prev);
    }
    Ok(h.finish_hex()[..32].to_string())
}

impl Manifest<'_> {
    /// Write the manifest as it goes to disk: pretty JSON and a final
    /// newline. Streamed: the subject list may be long. Returns the SHA-256
    /// (hex) of what was written.
    pub fn write(&self, out: &mut dyn std::io::Write) -> anyhow::Result<String> {
        let mut hashing = std::io::BufWriter::new(crate::io::output::HashingWriter::new(out));
        serde_json::to_writer_pretty(&mut hashing, self)?;
        hashing.write_all(b"\n")?;
        let hashing = hashing.into_inner().map_err(|e| e.into_error())?;
        let (_, sha256, _) = hashing.finish();
        Ok(sha256)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disclosure_id_is_32_hex_digits_and_depends_on_every_part() {
        let subjects = SubjectList::from_vec(vec!["P-1".into(), "P-2".into()]);
        let other = SubjectList::from_vec(vec!["P-1".into()]);
        let base = Identity {
            created_at: "2026-11-27T14:03:00Z",
            recipient: "court",
            basis: "order",
            reference: Some("CR-1"),
            policy_sha256: "aa",
            input_sha256s: &["bb"],
            output_sha256s: &["cc"],
            subjects: &subjects,
            ledger_prev: None,
        };
        let a = disclosure_id(&base).unwrap();
        assert_eq!(a.len(), 32);
        let variants = [
            Identity {
                input_sha256s: &["bc"],
                ..base
            },
            Identity {
                output_sha256s: &["cd"],
                ..base
            },
            Identity {
                subjects: &other,
                ..base
            },
            Identity {
                ledger_prev: Some(crate::audit::ledger::GENESIS),
                ..base
            },
            Identity {
                reference: None,
                ..base
            },
        ];
        for v in &variants {
            assert_ne!(disclosure_id(v).unwrap(), a);
        }
        // The spec's formula, line by line.
        let mut text = String::new();
        for l in [
            "2026-11-27T14:03:00Z",
            "court",
            "order",
            "CR-1",
            "aa",
            "bb",
            "cc",
            "P-1",
            "P-2",
        ] {
            text.push_str(l);
            text.push('\n');
        }
        assert_eq!(a, crate::crypto::digest::sha256_hex(text.as_bytes())[..32]);
    }
}
