//! One ledger line read back as an entry: every key of the first ledger
//! version present with the right type, and the keys of its `event`.
//!
//! Strings borrow from the line when they hold no escapes. `per_subject`
//! is kept as raw JSON and read only for the person asked about
//! ([`Entry::subject_tally`]). Messages say what is wrong by key, never by
//! value.

use std::borrow::Cow;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// The keys every entry has, in the order the ledger's documentation names
/// them. An entry may carry other keys: they are covered by its hash like
/// the rest.
pub const KEYS: [&str; 12] = [
    "seq",
    "created_at",
    "disclosure_id",
    "manifest_sha256",
    "recipient",
    "basis",
    "reference",
    "categories_disclosed",
    "subjects",
    "records_disclosed",
    "prev",
    "hash",
];

/// The keys a disclosure written with an `event` has besides [`KEYS`].
pub const DISCLOSURE_KEYS: [&str; 9] = [
    "recipient_name",
    "recipient_address",
    "basis_description",
    "justification",
    "findings",
    "operator",
    "requested_by",
    "method",
    "per_subject",
];

/// What [`Entry::parse`] says of a line that is not JSON at all.
pub const NOT_JSON: &str = "the line is not valid JSON";

/// A string from the line: borrowed when it has no escapes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Text<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Disclosure,
    DeliveryFailed,
    Suspension,
    Accounting,
}

/// A present key: `Some(value)`, where the value may itself be `null`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

#[derive(Deserialize)]
struct Window<'a> {
    #[serde(borrow)]
    from: Text<'a>,
    #[serde(borrow)]
    to: Text<'a>,
}

/// The line as serde reads it; checked into an [`Entry`].
#[derive(Deserialize)]
struct Raw<'a> {
    seq: Option<u64>,
    #[serde(borrow)]
    created_at: Option<Text<'a>>,
    #[serde(borrow)]
    disclosure_id: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    manifest_sha256: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    recipient: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    basis: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    reference: Option<Option<Text<'a>>>,
    #[serde(borrow)]
    categories_disclosed: Option<Vec<Text<'a>>>,
    #[serde(borrow)]
    subjects: Option<Vec<Text<'a>>>,
    records_disclosed: Option<u64>,
    #[serde(borrow)]
    prev: Option<Text<'a>>,
    #[serde(borrow)]
    hash: Option<Text<'a>>,
    #[serde(borrow)]
    event: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    recipient_name: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    recipient_address: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    basis_description: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    justification: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    findings: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    operator: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    requested_by: Option<Option<Text<'a>>>,
    #[serde(borrow, default, deserialize_with = "present")]
    method: Option<Option<Text<'a>>>,
    #[serde(borrow)]
    per_subject: Option<&'a RawValue>,
    #[serde(borrow)]
    until: Option<Text<'a>>,
    oral: Option<bool>,
    #[serde(borrow)]
    subject: Option<Text<'a>>,
    #[serde(borrow)]
    as_of: Option<Text<'a>>,
    #[serde(borrow)]
    window: Option<Window<'a>>,
}

/// One ledger entry, its strings borrowed from the line where they can be.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub seq: u64,
    pub created_at: Text<'a>,
    pub time: Timestamp,
    /// The UTC calendar date of `created_at`.
    pub date: Date,
    pub event: EventKind,
    pub disclosure_id: Text<'a>,
    /// `None` for suspensions and accountings.
    pub manifest_sha256: Option<Text<'a>>,
    /// `None` for accountings.
    pub recipient: Option<Text<'a>>,
    /// `None` for suspensions and accountings.
    pub basis: Option<Text<'a>>,
    pub reference: Option<Text<'a>>,
    pub categories_disclosed: Vec<Text<'a>>,
    pub subjects: Vec<Text<'a>>,
    pub records_disclosed: u64,
    pub prev: Text<'a>,
    pub hash: Text<'a>,
    pub recipient_name: Option<Text<'a>>,
    pub recipient_address: Option<Text<'a>>,
    pub basis_description: Option<Text<'a>>,
    pub justification: Option<Text<'a>>,
    pub findings: Option<Text<'a>>,
    pub requested_by: Option<Text<'a>>,
    pub method: Option<Text<'a>>,
    pub per_subject: Option<&'a RawValue>,
    /// A suspension's last day in force.
    pub until: Option<Date>,
}

/// What a disclosure recorded about one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonTally {
    pub records: u64,
    pub categories: Vec<String>,
    /// `true` when taken from `per_subject`; `false` when the entry has none
    /// (a v1 entry) and the run's figures stand in.
    pub per_person: bool,
}

impl<'a> Entry<'a> {
    /// Read an entry from a line (without its newline).
    pub fn parse(line: &'a [u8]) -> Result<Entry<'a>, String> {
        match serde_json::from_slice::<Raw<'a>>(line) {
            Ok(raw) => check(raw),
            // serde's message may quote a value: say what is wrong by key.
            Err(_) => Err(describe(line)),
        }
    }

    /// Whether the entry names `id` among its subjects.
    pub fn has_subject(&self, id: &str) -> bool {
        self.subjects.iter().any(|s| &**s == id)
    }

    /// What the entry records about one of its subjects: from
    /// `per_subject`, or for an entry without it, the run's figures.
    pub fn subject_tally(&self, id: &str) -> Result<PersonTally, String> {
        let Some(raw) = self.per_subject else {
            return Ok(PersonTally {
                records: self.records_disclosed,
                categories: self
                    .categories_disclosed
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
                per_person: false,
            });
        };
        #[derive(Deserialize)]
        struct One {
            records: u64,
            categories: Vec<String>,
        }
        let map: Map<String, Value> = serde_json::from_str(raw.get())
            .map_err(|_| "`per_subject` is not an object".to_string())?;
        let Some(value) = map.get(id) else {
            return Err("`per_subject` has no member for a subject the entry lists".into());
        };
        let one: One = serde_json::from_value(value.clone()).map_err(|_| {
            "a member of `per_subject` is not {\"records\": N, \"categories\": [...]}".to_string()
        })?;
        Ok(PersonTally {
            records: one.records,
            categories: one.categories,
            per_person: true,
        })
    }
}

fn check(raw: Raw<'_>) -> Result<Entry<'_>, String> {
    let event = match raw.event.as_deref() {
        None | Some("disclosure") => EventKind::Disclosure,
        Some("delivery_failed") => EventKind::DeliveryFailed,
        Some("suspension") => EventKind::Suspension,
        Some("accounting") => EventKind::Accounting,
        Some(_) => {
            return Err(
                "`event` is not disclosure, delivery_failed, suspension or accounting".into(),
            );
        }
    };
    let missing: Vec<&str> = [
        ("seq", raw.seq.is_some()),
        ("created_at", raw.created_at.is_some()),
        ("disclosure_id", raw.disclosure_id.is_some()),
        ("manifest_sha256", raw.manifest_sha256.is_some()),
        ("recipient", raw.recipient.is_some()),
        ("basis", raw.basis.is_some()),
        ("reference", raw.reference.is_some()),
        ("categories_disclosed", raw.categories_disclosed.is_some()),
        ("subjects", raw.subjects.is_some()),
        ("records_disclosed", raw.records_disclosed.is_some()),
        ("prev", raw.prev.is_some()),
        ("hash", raw.hash.is_some()),
    ]
    .into_iter()
    .filter(|(_, p)| !p)
    .map(|(k, _)| k)
    .collect();
    missing_keys(&missing)?;
    let seq = raw
        .seq
        .filter(|s| *s >= 1)
        .ok_or("`seq` is not a whole number of 1 or more")?;
    let created_at = raw.created_at.unwrap_or_default();
    let time: Timestamp = created_at
        .parse()
        .map_err(|_| "`created_at` is not a date and time (YYYY-MM-DDTHH:MM:SSZ)")?;
    let disclosure = matches!(event, EventKind::Disclosure | EventKind::DeliveryFailed);
    let manifest_sha256 = raw.manifest_sha256.flatten();
    match &manifest_sha256 {
        Some(h) if is_hex(h, 64) => {}
        None if !disclosure => {}
        _ => return Err("`manifest_sha256` is not 64 lowercase hex digits".into()),
    }
    let recipient = raw.recipient.flatten().filter(|r| !r.is_empty());
    if recipient.is_none() && event != EventKind::Accounting {
        return Err("`recipient` is not a non-empty string".into());
    }
    let basis = raw.basis.flatten().filter(|b| !b.is_empty());
    if basis.is_none() && disclosure {
        return Err("`basis` is not a non-empty string".into());
    }
    let v2 = raw.event.is_some() && event == EventKind::Disclosure;
    if v2 {
        let missing: Vec<&str> = [
            ("recipient_name", raw.recipient_name.is_some()),
            ("recipient_address", raw.recipient_address.is_some()),
            ("basis_description", raw.basis_description.is_some()),
            ("justification", raw.justification.is_some()),
            ("findings", raw.findings.is_some()),
            ("operator", raw.operator.is_some()),
            ("requested_by", raw.requested_by.is_some()),
            ("method", raw.method.is_some()),
            ("per_subject", raw.per_subject.is_some()),
        ]
        .into_iter()
        .filter(|(_, p)| !p)
        .map(|(k, _)| k)
        .collect();
        missing_keys(&missing)?;
        if !raw.per_subject.is_some_and(|p| p.get().starts_with('{')) {
            return Err("`per_subject` is not an object".into());
        }
    }
    let until = match event {
        EventKind::Suspension => {
            if raw.requested_by.clone().flatten().is_none() {
                return Err("`requested_by` is not a string".into());
            }
            if raw.oral.is_none() {
                return Err("`oral` is not true or false".into());
            }
            Some(date(raw.until.as_deref(), "until")?)
        }
        _ => None,
    };
    if event == EventKind::Accounting {
        raw.subject.as_ref().ok_or("`subject` is not a string")?;
        date(raw.as_of.as_deref(), "as_of")?;
        let w = raw
            .window
            .as_ref()
            .ok_or("`window` is not {\"from\", \"to\"}")?;
        date(Some(&w.from), "window")?;
        date(Some(&w.to), "window")?;
    }
    Ok(Entry {
        seq,
        date: TimeZone::UTC.to_datetime(time).date(),
        time,
        created_at,
        event,
        disclosure_id: hex(raw.disclosure_id, "disclosure_id", 32)?,
        manifest_sha256,
        recipient,
        basis,
        reference: raw.reference.flatten(),
        categories_disclosed: raw.categories_disclosed.unwrap_or_default(),
        subjects: raw.subjects.unwrap_or_default(),
        records_disclosed: raw.records_disclosed.unwrap_or_default(),
        prev: hex(raw.prev, "prev", 64)?,
        hash: hex(raw.hash, "hash", 64)?,
        recipient_name: raw.recipient_name.flatten(),
        recipient_address: raw.recipient_address.flatten(),
        basis_description: raw.basis_description.flatten(),
        justification: raw.justification.flatten(),
        findings: raw.findings.flatten(),
        requested_by: raw.requested_by.flatten(),
        method: raw.method.flatten(),
        per_subject: raw.per_subject.filter(|_| v2),
        until,
    })
}

fn missing_keys(missing: &[&str]) -> Result<(), String> {
    match missing.len() {
        0 => Ok(()),
        1 => Err(format!("the entry has no `{}` key", missing[0])),
        _ => Err(format!("the entry has no `{}` keys", missing.join("`, `"))),
    }
}

fn date(text: Option<&str>, key: &str) -> Result<Date, String> {
    text.filter(|t| t.len() == 10)
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| format!("`{key}` is not a date (YYYY-MM-DD)"))
}

fn is_hex(text: &str, digits: usize) -> bool {
    text.len() == digits && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn hex<'a>(text: Option<Text<'a>>, key: &str, digits: usize) -> Result<Text<'a>, String> {
    text.filter(|t| is_hex(t, digits))
        .ok_or_else(|| format!("`{key}` is not {digits} lowercase hex digits"))
}

/// Why a line that is JSON did not read as an entry: the first key of the
/// wrong type, or a key given twice.
fn describe(line: &[u8]) -> String {
    let Ok(value) = serde_json::from_slice::<Value>(line) else {
        return NOT_JSON.into();
    };
    let Some(map) = value.as_object() else {
        return "the line is not a JSON object".into();
    };
    let missing: Vec<&str> = KEYS
        .iter()
        .copied()
        .filter(|k| !map.contains_key(*k))
        .collect();
    if let Err(message) = missing_keys(&missing) {
        return message;
    }
    let texts = ["created_at", "disclosure_id", "prev", "hash", "event"];
    let maybe_null = [
        "manifest_sha256",
        "recipient",
        "basis",
        "reference",
        "until",
        "subject",
        "as_of",
    ];
    for (key, value) in map {
        let ok = match key.as_str() {
            "seq" | "records_disclosed" => value.as_u64().is_some(),
            "categories_disclosed" | "subjects" => value
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_string)),
            "oral" => value.is_boolean() || value.is_null(),
            "window" | "per_subject" => value.is_object() || value.is_null(),
            k if texts.contains(&k) => value.is_string(),
            k if maybe_null.contains(&k) || DISCLOSURE_KEYS.contains(&k) => {
                value.is_string() || value.is_null()
            }
            _ => true,
        };
        if !ok {
            return format!("`{key}` has the wrong type");
        }
    }
    "a key appears twice, or a key has the wrong type".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_missing_keys_and_bad_types_without_values() {
        let err = Entry::parse(br#"{"seq":1,"hash":"secret-looking"}"#).unwrap_err();
        assert!(err.contains("`created_at`"), "{err}");
        assert!(!err.contains("secret-looking"), "{err}");
        let line = br#"{"seq":"secret-value","created_at":"x","disclosure_id":"x","manifest_sha256":"x","recipient":"x","basis":"x","reference":null,"categories_disclosed":[],"subjects":[],"records_disclosed":0,"prev":"x","hash":"x"}"#;
        let err = Entry::parse(line).unwrap_err();
        assert_eq!(err, "`seq` has the wrong type");
    }

    fn v1_keys(extra: &str) -> String {
        let h = "a".repeat(64);
        format!(
            r#"{{"seq":1,"created_at":"2026-11-27T14:03:00Z","disclosure_id":"{}","manifest_sha256":null,"recipient":"police","basis":null,"reference":null,"categories_disclosed":[],"subjects":[],"records_disclosed":0,"prev":"{h}","hash":"{h}"{extra}}}"#,
            "b".repeat(32)
        )
    }

    #[test]
    fn events_carry_their_own_keys() {
        let ok = v1_keys(
            r#","event":"suspension","until":"2026-12-31","requested_by":"Det. X","oral":true"#,
        );
        let entry = Entry::parse(ok.as_bytes()).unwrap();
        assert_eq!(entry.event, EventKind::Suspension);
        assert_eq!(entry.until, Some(jiff::civil::date(2026, 12, 31)));
        let no_until = v1_keys(r#","event":"suspension","requested_by":"Det. X","oral":false"#);
        assert_eq!(
            Entry::parse(no_until.as_bytes()).unwrap_err(),
            "`until` is not a date (YYYY-MM-DD)"
        );
        let unknown = v1_keys(r#","event":"erasure""#);
        assert!(
            Entry::parse(unknown.as_bytes())
                .unwrap_err()
                .contains("`event`")
        );
        // A disclosure needs its manifest and basis; one with an `event`
        // needs the keys disclosures gained.
        let bare = v1_keys(r#","event":"disclosure""#);
        assert!(
            Entry::parse(bare.as_bytes())
                .unwrap_err()
                .contains("manifest_sha256")
        );
        let accounting = v1_keys(
            r#","event":"accounting","subject":"P-1","as_of":"2026-11-27","window":{"from":"2020-11-27","to":"2026-11-27"}"#,
        )
        .replace(r#""recipient":"police""#, r#""recipient":null"#);
        let entry = Entry::parse(accounting.as_bytes()).unwrap();
        assert_eq!(entry.event, EventKind::Accounting);
        assert!(entry.recipient.is_none());
        let no_window = accounting.replace(
            r#""window":{"from":"2020-11-27","to":"2026-11-27"}"#,
            r#""window":null"#,
        );
        assert!(Entry::parse(no_window.as_bytes()).is_err());
    }
}
