//! Suspensions: a health-oversight agency or law-enforcement official asks
//! that its disclosures be left out of the accountings given to people
//! until a date (45 CFR 164.528(a)(2)). A written request names the date;
//! an oral one suspends for at most 30 days from the day it is recorded
//! (164.528(a)(2)(ii)), counted on the disclosure clock.

use std::path::Path;

use anyhow::bail;
use jiff::ToSpan as _;
use jiff::civil::Date;

use super::{Appended, Appender, Event, NewEntry, Suspension};
use crate::clock::DisclosureTime;

/// Days an oral request may suspend accountings for.
pub const ORAL_DAYS: i32 = 30;

/// A suspension to record.
#[derive(Debug, Clone, Copy)]
pub struct SuspendRequest<'a> {
    pub recipient: &'a str,
    pub until: Date,
    pub requested_by: &'a str,
    pub oral: bool,
    pub operator: Option<&'a str>,
}

/// Check a suspension against the clock and append it to the ledger.
pub fn suspend(
    ledger: &Path,
    request: &SuspendRequest<'_>,
    time: DisclosureTime,
) -> anyhow::Result<Appended> {
    if request.recipient.trim().is_empty() || request.recipient.chars().any(char::is_control) {
        bail!("--recipient must be a recipient id (not empty, no control characters)");
    }
    if request.requested_by.trim().is_empty() {
        bail!("--requested-by must name the agency or official who asked");
    }
    let today = time.date();
    if request.until < today {
        bail!(
            "--until {} is before today ({today}); a suspension runs from today to a later date",
            request.until
        );
    }
    let limit = today.checked_add(ORAL_DAYS.days())?;
    if request.oral && request.until > limit {
        bail!(
            "an oral request suspends accountings for at most {ORAL_DAYS} days (45 CFR 164.528(a)(2)(ii)): --until {} is after {limit}; record the written request without --oral",
            request.until
        );
    }
    let until = request.until.to_string();
    let created_at = time.rfc3339();
    let mut appender = Appender::open(ledger)?;
    appender.append(&NewEntry {
        created_at: &created_at,
        event: Event::Suspension(Suspension {
            recipient: request.recipient,
            until: &until,
            requested_by: request.requested_by,
            oral: request.oral,
            operator: request.operator,
        }),
    })
}
