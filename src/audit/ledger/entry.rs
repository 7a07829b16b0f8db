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

use std::cell::RefCell;

use serde::Serialize;
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use crate::record::subjects::SubjectList;

/// The consent IDs a person's records were disclosed under, by subject ID:
/// `None` when the consents did not come from a registry.
pub type ConsentsOf<'a> = &'a dyn Fn(&str) -> Option<Vec<String>>;

/// `per_subject`: for each subject ID of the run (read from the subject
/// list, which may be on disk, one ID at a time), the records disclosed
/// about that person and the categories of which at least one non-empty
/// value of those records was disclosed.
#[derive(Clone, Copy)]
pub struct PerSubject<'a> {
    /// The subject IDs, each with its records and marked categories.
    pub subjects: &'a SubjectList,
    /// Category ids by index (the marks of the subject list).
    pub categories: &'a [String],
    /// Each person's consent IDs, when they came from a registry.
    pub consents: Option<ConsentsOf<'a>>,
}

impl std::fmt::Debug for PerSubject<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PerSubject({:?})", self.subjects)
    }
}

/// One person's member of `per_subject`, keys in canonical order.
#[derive(Serialize)]
struct SubjectTally<'a> {
    categories: &'a [&'a str],
    #[serde(skip_serializing_if = "Option::is_none")]
    consents: Option<Vec<String>>,
    records: u64,
}

impl Serialize for PerSubject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let map = RefCell::new(serializer.serialize_map(None)?);
        let failed = RefCell::new(None);
        let mut names: Vec<&str> = Vec::new();
        let read = self.subjects.for_each_tally(|id, tally| {
            names.clear();
            names.extend(
                tally
                    .marked()
                    .filter_map(|c| self.categories.get(c))
                    .map(String::as_str),
            );
            names.sort_unstable();
            let member = SubjectTally {
                categories: &names,
                consents: self.consents.and_then(|f| f(id)),
                records: tally.records,
            };
            if let Err(e) = map.borrow_mut().serialize_entry(id, &member) {
                *failed.borrow_mut() = Some(e);
                return Err(std::io::Error::other("serialize"));
            }
            Ok(())
        });
        if let Some(e) = failed.into_inner() {
            return Err(e);
        }
        read.map_err(|e| S::Error::custom(format!("reading the subject list: {e}")))?;
        map.into_inner().end()
    }
}

/// A disclosure entry, keys in canonical (sorted) order, so that serde_json
/// writes it canonically while streaming its subjects. Without `hash` it is
/// what the hash is computed over.
#[derive(Serialize)]
pub(super) struct DisclosureLine<'a> {
    basis: &'a str,
    basis_description: Option<&'a str>,
    categories_disclosed: &'a [String],
    created_at: &'a str,
    disclosure_id: &'a str,
    event: &'static str,
    findings: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) hash: Option<&'a str>,
    justification: Option<&'a str>,
    manifest_sha256: &'a str,
    method: Option<&'a str>,
    operator: Option<&'a str>,
    per_subject: PerSubject<'a>,
    prev: &'a str,
    recipient: &'a str,
    recipient_address: Option<&'a str>,
    recipient_name: Option<&'a str>,
    records_disclosed: u64,
    reference: Option<&'a str>,
    requested_by: Option<&'a str>,
    seq: u64,
    subjects: &'a SubjectList,
}

impl<'a> Disclosure<'a> {
    /// The entry's line without `hash`.
    pub(super) fn line(&self, created_at: &'a str, seq: u64, prev: &'a str) -> DisclosureLine<'a> {
        DisclosureLine {
            basis: self.basis,
            basis_description: self.basis_description,
            categories_disclosed: self.categories_disclosed,
            created_at,
            disclosure_id: self.disclosure_id,
            event: "disclosure",
            findings: self.findings,
            hash: None,
            justification: self.justification,
            manifest_sha256: self.manifest_sha256,
            method: self.method,
            operator: self.operator,
            per_subject: self.per_subject,
            prev,
            recipient: self.recipient,
            recipient_address: self.recipient_address,
            recipient_name: self.recipient_name,
            records_disclosed: self.records_disclosed,
            reference: self.reference,
            requested_by: self.requested_by,
            seq,
            subjects: self.subjects,
        }
    }
}

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
    pub per_subject: PerSubject<'a>,
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
            per_subject: PerSubject {
                subjects,
                categories: &[],
                consents: None,
            },
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
            // Appends stream a disclosure with `Disclosure::line`; this is
            // the same entry as a tree.
            Event::Disclosure(d) => {
                if let Value::Object(line) =
                    serde_json::to_value(d.line(self.created_at, seq, prev))?
                {
                    return Ok(line);
                }
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
