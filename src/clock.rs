//! The disclosure time: now, or `SOURCE_DATE_EPOCH` when set, so runs can
//! be reproduced exactly (tests, audits). Which of the two set it is kept:
//! `apply` warns when the environment did, and the manifest records it.
//!
//! The disclosure *date* (consent expiry, `{date}`) is the date in the
//! policy's time zone (UTC unless the policy names an IANA zone). The zone
//! database is built into the binary, so a host without
//! /usr/share/zoneinfo gives the same dates.

use anyhow::Context as _;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The moment a disclosure is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisclosureTime {
    at: Timestamp,
    from_env: bool,
}

impl DisclosureTime {
    /// `SOURCE_DATE_EPOCH` (whole seconds since 1970, UTC) or the clock.
    pub fn now() -> anyhow::Result<DisclosureTime> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(text) => {
                let secs: i64 = text.trim().parse().with_context(
                    || "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01",
                )?;
                let ts =
                    Timestamp::from_second(secs).context("SOURCE_DATE_EPOCH is out of range")?;
                Ok(DisclosureTime {
                    at: ts,
                    from_env: true,
                })
            }
            Err(_) => {
                let now = Timestamp::now();
                Ok(DisclosureTime {
                    at: Timestamp::from_second(now.as_second()).unwrap_or(now),
                    from_env: false,
                })
            }
        }
    }

    #[cfg(test)]
    pub fn from_second(secs: i64) -> anyhow::Result<DisclosureTime> {
        Ok(DisclosureTime {
            at: Timestamp::from_second(secs)?,
            from_env: false,
        })
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn rfc3339(&self) -> String {
        self.at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// The calendar date in `zone`.
    pub fn date_in(&self, zone: &TimeZone) -> Date {
        zone.to_datetime(self.at).date()
    }

    /// The UTC calendar date (the ledger's dates are UTC dates).
    pub fn date(&self) -> Date {
        self.date_in(&TimeZone::UTC)
    }

    /// What set the time, as the manifest's `clock` records it.
    pub fn clock(&self) -> &'static str {
        if self.from_env {
            "SOURCE_DATE_EPOCH"
        } else {
            "system"
        }
    }

    /// Whether `SOURCE_DATE_EPOCH` set the time (and not the system clock).
    pub fn is_from_env(&self) -> bool {
        self.from_env
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_seconds() {
        let t = DisclosureTime::from_second(1_795_788_180).unwrap();
        assert_eq!(t.rfc3339(), "2026-11-27T14:03:00Z");
        assert_eq!(t.date(), jiff::civil::date(2026, 11, 27));
        assert_eq!(t.clock(), "system");
    }

    #[test]
    fn the_date_is_the_zones() {
        // 2026-11-28T02:00:00Z is still the 27th in New York.
        let t = DisclosureTime::from_second(1_795_831_200).unwrap();
        assert_eq!(t.date(), jiff::civil::date(2026, 11, 28));
        let ny = TimeZone::get("America/New_York").unwrap();
        assert_eq!(t.date_in(&ny), jiff::civil::date(2026, 11, 27));
    }
}
