//! The accounting of disclosures that a person may ask for (45 CFR
//! 164.528, 42 CFR 2.24): every disclosure of that person's records in a
//! window of time, with whom it went to, what about the person it held and
//! why, repeats to the same recipient for the same purpose summarised.
//!
//! One pass over a snapshot of the ledger, checking the hash chain on the
//! way (so that the accounting can say whether it came from an intact
//! ledger, and name the hash of its last entry). Memory holds that person's
//! disclosures in the window, the recipients under a suspension and the
//! disclosures whose delivery failed — never the ledger.
//!
//! A suspension (a health-oversight or law-enforcement request under 45
//! CFR 164.528(a)(2)) is in force for an accounting whose date is on or
//! before its `until` (the accounting is made now, while the suspension
//! stands, whatever date it is as of); while in force, disclosures to its
//! recipient are left out, and nothing in the accounting says so.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::bail;
use jiff::ToSpan as _;
use jiff::civil::Date;
use serde::Serialize;

use super::parsed::{Entry, EventKind};
use super::read::{LedgerLine, Problem, Snapshot};
use super::{Appended, Appender, Event, NewEntry};
use crate::clock::DisclosureTime;

/// What an accounting is asked for.
#[derive(Debug, Clone, Copy)]
pub struct AccountRequest<'a> {
    pub subject: &'a str,
    pub as_of: Date,
    /// The start of the window, instead of six years before `as_of`.
    pub since: Option<Date>,
}

/// The days an accounting covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    #[serde(serialize_with = "dates::one")]
    pub from: Date,
    #[serde(serialize_with = "dates::one")]
    pub to: Date,
}

impl Window {
    /// From six years before `as_of` (or `since`) to `as_of`.
    pub fn new(as_of: Date, since: Option<Date>) -> anyhow::Result<Window> {
        let from = match since {
            Some(since) => since,
            None => as_of.checked_sub(6.years())?,
        };
        if from > as_of {
            bail!("--since {from} is after --as-of {as_of}");
        }
        Ok(Window { from, to: as_of })
    }

    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

/// One disclosure as the person's accounting shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Disclosed {
    #[serde(serialize_with = "dates::one")]
    pub date: Date,
    pub created_at: String,
    pub disclosure_id: String,
    pub recipient: String,
    pub recipient_name: Option<String>,
    pub recipient_address: Option<String>,
    pub basis: String,
    pub basis_description: Option<String>,
    pub reference: Option<String>,
    pub justification: Option<String>,
    pub findings: Option<String>,
    /// Categories of which a non-empty value of the person's records was
    /// disclosed.
    pub categories: Vec<String>,
    /// The person's records disclosed.
    pub records: u64,
    /// `false` for an entry of the first ledger version, which holds only
    /// the whole disclosure's categories and records.
    pub per_person: bool,
    pub requested_by: Option<String>,
    pub method: Option<String>,
    /// The ledger records that the outputs could not be delivered.
    pub delivery_failed: bool,
}

impl Disclosed {
    fn from_entry(entry: &Entry<'_>, subject: &str) -> Result<Disclosed, String> {
        let tally = entry.subject_tally(subject)?;
        let text = |t: &Option<super::parsed::Text<'_>>| t.as_deref().map(str::to_string);
        Ok(Disclosed {
            date: entry.date,
            created_at: entry.created_at.to_string(),
            disclosure_id: entry.disclosure_id.to_string(),
            recipient: entry.recipient.as_deref().unwrap_or_default().to_string(),
            recipient_name: text(&entry.recipient_name),
            recipient_address: text(&entry.recipient_address),
            basis: entry.basis.as_deref().unwrap_or_default().to_string(),
            basis_description: text(&entry.basis_description),
            reference: text(&entry.reference),
            justification: text(&entry.justification),
            findings: text(&entry.findings),
            categories: tally.categories,
            records: tally.records,
            per_person: tally.per_person,
            requested_by: text(&entry.requested_by),
            method: text(&entry.method),
            delivery_failed: false,
        })
    }
}

/// Disclosures to one recipient under one basis: the first in full, then
/// how many more and the date of the last.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub first: Disclosed,
    /// Disclosures after the first.
    pub more: u64,
    /// The date of the last, when there are more.
    #[serde(serialize_with = "dates::opt")]
    pub last: Option<Date>,
    /// The records of the person in all of them.
    pub records: u64,
    /// The categories disclosed in any of them, sorted.
    pub categories: Vec<String>,
    /// Every disclosure's date, in order.
    #[serde(serialize_with = "dates::many")]
    pub dates: Vec<Date>,
}

/// Whether the ledger the accounting was read from is intact.
#[derive(Debug, Clone, Serialize)]
pub struct Chain {
    pub intact: bool,
    /// Entries read intact before the first problem (all of them when
    /// intact).
    pub entries: u64,
    /// The hash of the last intact entry: with an intact ledger, its last
    /// entry's hash, which anyone can check against the ledger.
    pub last_hash: Option<String>,
    pub problem: Option<Problem>,
}

/// An accounting for one person.
#[derive(Debug, Clone, Serialize)]
pub struct Accounting {
    pub subject: String,
    #[serde(serialize_with = "dates::one")]
    pub as_of: Date,
    pub window: Window,
    /// Disclosures in the accounting (the groups' first and more).
    pub disclosures: u64,
    pub groups: Vec<Group>,
    pub chain: Chain,
    /// Lines that did not read as entries, or disclosures of the person
    /// whose `per_subject` could not be read.
    pub unreadable: u64,
}

/// Read the accounting for one person from a ledger.
pub fn account(snapshot: &Snapshot, request: &AccountRequest<'_>) -> anyhow::Result<Accounting> {
    let window = Window::new(request.as_of, request.since)?;
    let mut rows: Vec<Disclosed> = Vec::new();
    let mut suspended: BTreeSet<String> = BTreeSet::new();
    let mut failed: BTreeSet<String> = BTreeSet::new();
    let mut unreadable = 0;
    // Only lines naming the person (as a JSON string) are read in full;
    // the others are checked for their place in the chain.
    let needle = serde_json::to_string(request.subject)?;
    let mut walker = snapshot.walk()?.only_with(needle.as_bytes());
    while let Some(step) = walker.next_in(snapshot.path())? {
        let entry = match step {
            LedgerLine::Entry { entry, .. } => entry,
            LedgerLine::Skipped => continue,
            LedgerLine::Unreadable => {
                unreadable += 1;
                continue;
            }
        };
        match entry.event {
            EventKind::Suspension => {
                if entry.until.is_some_and(|u| request.as_of <= u)
                    && let Some(r) = &entry.recipient
                {
                    suspended.insert(r.to_string());
                }
            }
            EventKind::DeliveryFailed => {
                failed.insert(entry.disclosure_id.to_string());
            }
            EventKind::Disclosure
                if window.contains(entry.date) && entry.has_subject(request.subject) =>
            {
                match Disclosed::from_entry(&entry, request.subject) {
                    Ok(row) => rows.push(row),
                    Err(_) => unreadable += 1,
                }
            }
            _ => {}
        }
    }
    rows.retain(|r| !suspended.contains(&r.recipient));
    for row in &mut rows {
        row.delivery_failed = failed.contains(&row.disclosure_id);
    }
    let disclosures = rows.len() as u64;
    let chain = Chain {
        intact: walker.problem().is_none(),
        entries: walker.intact(),
        last_hash: walker.last_hash().map(str::to_string),
        problem: walker.problem().cloned(),
    };
    Ok(Accounting {
        subject: request.subject.to_string(),
        as_of: request.as_of,
        window,
        disclosures,
        groups: group(rows),
        chain,
        unreadable,
    })
}

/// Append an `accounting` entry: the accounting was given to the person.
pub fn record(
    ledger: &Path,
    accounting: &Accounting,
    time: DisclosureTime,
    operator: Option<&str>,
) -> anyhow::Result<Appended> {
    let (as_of, from, to) = (
        accounting.as_of.to_string(),
        accounting.window.from.to_string(),
        accounting.window.to.to_string(),
    );
    let created_at = time.rfc3339();
    Appender::open(ledger)?.append(&NewEntry {
        created_at: &created_at,
        event: Event::Accounting(super::Accounting {
            subject: &accounting.subject,
            as_of: &as_of,
            from: &from,
            to: &to,
            operator,
        }),
    })
}

/// Group disclosures by recipient and basis, in the order of each group's
/// first disclosure.
fn group(rows: Vec<Disclosed>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for row in rows {
        let found = groups
            .iter_mut()
            .find(|g| g.first.recipient == row.recipient && g.first.basis == row.basis);
        match found {
            Some(g) => {
                g.more += 1;
                g.last = Some(row.date);
                g.records += row.records;
                g.dates.push(row.date);
                for c in row.categories {
                    if !g.categories.contains(&c) {
                        g.categories.push(c);
                    }
                }
                g.categories.sort();
            }
            None => groups.push(Group {
                records: row.records,
                categories: row.categories.clone(),
                dates: vec![row.date],
                more: 0,
                last: None,
                first: row,
            }),
        }
    }
    groups
}

/// Dates as `YYYY-MM-DD` strings.
mod dates {
    use jiff::civil::Date;
    use serde::Serializer;

    pub fn one<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn opt<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub fn many<S: Serializer>(dates: &[Date], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(dates.iter().map(|d| d.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_six_years_back_both_days_included() {
        let w = Window::new(jiff::civil::date(2026, 12, 2), None).unwrap();
        assert_eq!(w.from, jiff::civil::date(2020, 12, 2));
        assert!(w.contains(w.from) && w.contains(w.to));
        assert!(!w.contains(jiff::civil::date(2020, 12, 1)));
        let leap = Window::new(jiff::civil::date(2028, 2, 29), None).unwrap();
        assert_eq!(leap.from, jiff::civil::date(2022, 2, 28));
        assert!(Window::new(w.to, Some(jiff::civil::date(2027, 1, 1))).is_err());
    }
}
