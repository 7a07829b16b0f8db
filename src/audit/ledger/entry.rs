//! What an append adds to the ledger: the events and the keys each writes.
//!
//! Every entry carries the keys of the first ledger version (`seq`,
//! `created_at`, `disclosure_id`, `manifest_sha256`, `recipient`, `basis`,
//! `reference`, `categories_disclosed`, `subjects`, `records_disclosed`,
//! `prev`, `hash`) and an `event`:
//!
//! - `disclosure`: the v1 keys, and `recipient_name`, `recipient_address`,
//!   `basis_description`, `justification`, `findings`, `operator`,
//!   `requested_by`, `method` (always present, `null` when not given) and
//!   `per_subject`: for each disclosed subject ID, the records disclosed
//!   about that person and the categories of which at least one non-empty
//!   value of those records was disclosed (and `consents` when the consents
//!   came from a registry).
//! - `delivery_failed`: the disclosure's `disclosure_id`, manifest,
//!   recipient, basis and reference; no subjects, categories or records (the
//!   disclosure entry before it holds those).
//! - `suspension`: `recipient` is the recipient whose disclosures are
//!   withheld from accountings until `until`, at the request of
//!   `requested_by`; `oral` says whether the request was oral.
//! - `accounting`: an accounting was given to `subject` as of `as_of`,
//!   covering `window` (`{"from", "to"}`).
//!
//! Keys that do not apply to an event are `null` (`manifest_sha256`,
//! `basis`, `reference`) or empty (`categories_disclosed`, `subjects`,
//! `records_disclosed` 0), so that every entry still reads as a v1 entry.
//! Events other than a disclosure get a `disclosure_id` of their own: the
//! first 32 hex digits of the SHA-256 of their content.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::record::subjects::SubjectList;

/// What a disclosure recorded about one person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubjectTally {
    /// Records about the person that were disclosed.
    pub records: u64,
    /// Categories of which at least one non-empty value of those records
    /// was disclosed (kept or transformed), sorted.
    pub categories: Vec<String>,
    /// The consent IDs the person's records were disclosed under, when the
    /// consents came from a registry; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consents: Option<Vec<String>>,
}

/// `per_subject`: subject ID to what was disclosed about that person.
pub type PerSubject = BTreeMap<String, SubjectTally>;

/// A disclosure, as its ledger entry records it.
#[derive(Debug, Clone, Copy)]
pub struct Disclosure<'a> {
    pub disclosure_id: &'a str,
    pub manifest_sha256: &'a str,
    pub recipient: &'a str,
    pub basis: &'a str,
    pub reference: Option<&'a str>,
    pub categories_disclosed: &'a [String],
    pub subjects: &'a SubjectList,
    pub records_disclosed: u64,
    pub recipient_name: Option<&'a str>,
    pub recipient_address: Option<&'a str>,
    pub basis_description: Option<&'a str>,
    pub justification: Option<&'a str>,
    pub findings: Option<&'a str>,
    pub operator: Option<&'a str>,
    pub requested_by: Option<&'a str>,
    /// How the records were sent (`--method`, default `file`).
    pub method: Option<&'a str>,
    pub per_subject: &'a PerSubject,
}

impl<'a> Disclosure<'a> {
    /// A disclosure with only the keys of the first ledger version given
    /// (the others `null`, no `per_subject` members): for tests.
    #[cfg(test)]
    pub fn minimal(
        disclosure_id: &'a str,
        manifest_sha256: &'a str,
        recipient: &'a str,
        basis: &'a str,
        categories_disclosed: &'a [String],
        subjects: &'a SubjectList,
    ) -> Disclosure<'a> {
        static EMPTY: PerSubject = BTreeMap::new();
        Disclosure {
            disclosure_id,
            manifest_sha256,
            recipient,
            basis,
            reference: None,
            categories_disclosed,
            subjects,
            records_disclosed: 1,
            recipient_name: None,
            recipient_address: None,
            basis_description: None,
            justification: None,
            findings: None,
            operator: None,
            requested_by: None,
            method: None,
            per_subject: &EMPTY,
        }
    }
}

/// A disclosure whose outputs could not be delivered after its entry was
/// recorded.
#[derive(Debug, Clone, Copy)]
pub struct DeliveryFailed<'a> {
    pub disclosure_id: &'a str,
    pub manifest_sha256: &'a str,
    pub recipient: &'a str,
    pub basis: &'a str,
    pub reference: Option<&'a str>,
}

/// A request to withhold a recipient's disclosures from accountings.
#[derive(Debug, Clone, Copy)]
pub struct Suspension<'a> {
    pub recipient: &'a str,
    /// `YYYY-MM-DD`: the last day the suspension is in force.
    pub until: &'a str,
    pub requested_by: &'a str,
    pub oral: bool,
    pub operator: Option<&'a str>,
}

/// An accounting given to a person.
#[derive(Debug, Clone, Copy)]
pub struct Accounting<'a> {
    pub subject: &'a str,
    /// `YYYY-MM-DD` dates.
    pub as_of: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub operator: Option<&'a str>,
}

/// One entry to append.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    Disclosure(Disclosure<'a>),
    DeliveryFailed(DeliveryFailed<'a>),
    Suspension(Suspension<'a>),
    Accounting(Accounting<'a>),
}

impl Event<'_> {
    /// The `event` key.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Disclosure(_) => "disclosure",
            Event::DeliveryFailed(_) => "delivery_failed",
            Event::Suspension(_) => "suspension",
            Event::Accounting(_) => "accounting",
        }
    }
}

/// What an append contributes: the time and the event.
#[derive(Debug, Clone, Copy)]
pub struct NewEntry<'a> {
    pub created_at: &'a str,
    pub event: Event<'a>,
}

impl NewEntry<'_> {
    /// The entry without `hash`, given its `seq` and `prev`.
    pub(super) fn body(&self, seq: u64, prev: &str) -> anyhow::Result<Map<String, Value>> {
        let mut map = Map::new();
        map.insert("seq".into(), seq.into());
        map.insert("created_at".into(), self.created_at.into());
        map.insert("event".into(), self.event.name().into());
        map.insert("prev".into(), prev.into());
        let empty: [String; 0] = [];
        match &self.event {
            Event::Disclosure(d) => {
                map.insert("disclosure_id".into(), d.disclosure_id.into());
                map.insert("manifest_sha256".into(), d.manifest_sha256.into());
                map.insert("recipient".into(), d.recipient.into());
                map.insert("basis".into(), d.basis.into());
                map.insert("reference".into(), d.reference.into());
                map.insert("categories_disclosed".into(), json!(d.categories_disclosed));
                map.insert("subjects".into(), serde_json::to_value(d.subjects)?);
                map.insert("records_disclosed".into(), d.records_disclosed.into());
                for (key, value) in [
                    ("recipient_name", d.recipient_name),
                    ("recipient_address", d.recipient_address),
                    ("basis_description", d.basis_description),
                    ("justification", d.justification),
                    ("findings", d.findings),
                    ("operator", d.operator),
                    ("requested_by", d.requested_by),
                    ("method", d.method),
                ] {
                    map.insert(key.into(), value.into());
                }
                map.insert("per_subject".into(), serde_json::to_value(d.per_subject)?);
            }
            Event::DeliveryFailed(f) => {
                map.insert("disclosure_id".into(), f.disclosure_id.into());
                map.insert("manifest_sha256".into(), f.manifest_sha256.into());
                map.insert("recipient".into(), f.recipient.into());
                map.insert("basis".into(), f.basis.into());
                map.insert("reference".into(), f.reference.into());
                map.insert("categories_disclosed".into(), json!(empty));
                map.insert("subjects".into(), json!(empty));
                map.insert("records_disclosed".into(), 0.into());
            }
            Event::Suspension(s) => {
                let id = event_id(&[
                    "suspension",
                    self.created_at,
                    s.recipient,
                    s.until,
                    s.requested_by,
                    prev,
                ]);
                not_a_disclosure(&mut map, &id, Some(s.recipient));
                map.insert("until".into(), s.until.into());
                map.insert("requested_by".into(), s.requested_by.into());
                map.insert("oral".into(), s.oral.into());
                map.insert("operator".into(), s.operator.into());
            }
            Event::Accounting(a) => {
                let id = event_id(&[
                    "accounting",
                    self.created_at,
                    a.subject,
                    a.as_of,
                    a.from,
                    a.to,
                    prev,
                ]);
                not_a_disclosure(&mut map, &id, None);
                map.insert("subject".into(), a.subject.into());
                map.insert("as_of".into(), a.as_of.into());
                map.insert("window".into(), json!({"from": a.from, "to": a.to}));
                map.insert("operator".into(), a.operator.into());
            }
        }
        Ok(map)
    }
}

/// The v1 keys of an entry that records no disclosure.
fn not_a_disclosure(map: &mut Map<String, Value>, id: &str, recipient: Option<&str>) {
    let empty: [String; 0] = [];
    map.insert("disclosure_id".into(), id.into());
    map.insert("manifest_sha256".into(), Value::Null);
    map.insert("recipient".into(), recipient.into());
    map.insert("basis".into(), Value::Null);
    map.insert("reference".into(), Value::Null);
    map.insert("categories_disclosed".into(), json!(empty));
    map.insert("subjects".into(), json!(empty));
    map.insert("records_disclosed".into(), 0.into());
}

/// First 32 hex digits of the SHA-256 of the lines, each followed by a
/// newline.
fn event_id(lines: &[&str]) -> String {
    let mut hasher = crate::crypto::digest::Sha256::default();
    for line in lines {
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    let mut hex = hasher.finish_hex();
    hex.truncate(32);
    hex
}
