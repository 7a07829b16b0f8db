//! The disclosure time: now, or `SOURCE_DATE_EPOCH` when set, so runs can
//! be reproduced exactly (tests, audits).

use anyhow::Context as _;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The moment a disclosure is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisclosureTime(Timestamp);

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
                Ok(DisclosureTime(ts))
            }
            Err(_) => {
                let now = Timestamp::now();
                Ok(DisclosureTime(
                    Timestamp::from_second(now.as_second()).unwrap_or(now),
                ))
            }
        }
    }

    #[cfg(test)]
    pub fn from_second(secs: i64) -> anyhow::Result<DisclosureTime> {
        Ok(DisclosureTime(Timestamp::from_second(secs)?))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn rfc3339(&self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// The UTC calendar date.
    pub fn date(&self) -> Date {
        TimeZone::UTC.to_datetime(self.0).date()
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
    }
}
