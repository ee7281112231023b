//! Calendar days as compact day numbers.
//!
//! Every date in the core is a [`Day`]: the number of days since 1970-01-01 in the shop's calendar. Order
//! timestamps are reduced to their local calendar date when read (see `ingest::parse`), so no time zone
//! arithmetic happens after ingestion.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day, counted from 1970-01-01 (day 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

const EPOCH_FROM_CE: i32 = 719_163; // NaiveDate::from_ymd(1970, 1, 1).num_days_from_ce()

impl Day {
    /// The day of a calendar date.
    pub fn from_date(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce() - EPOCH_FROM_CE)
    }

    /// The day for year, month and day, if that date exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        NaiveDate::from_ymd_opt(year, month, day).map(Day::from_date)
    }

    /// The calendar date of this day.
    pub fn date(self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0 + EPOCH_FROM_CE).unwrap_or(NaiveDate::MIN)
    }

    /// The following day.
    pub fn next(self) -> Day {
        Day(self.0 + 1)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date().format("%Y-%m-%d"))
    }
}

impl std::str::FromStr for Day {
    type Err = String;

    /// Parses an ISO date `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Day, String> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Day::from_date)
            .map_err(|_| format!("'{s}' is not a date of the form YYYY-MM-DD"))
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_day_zero_and_round_trips() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(
            Day::from_ymd(2024, 3, 1).unwrap().0 - Day::from_ymd(2024, 2, 28).unwrap().0,
            2
        );
        let d: Day = "1997-09-30".parse().unwrap();
        assert_eq!(d.to_string(), "1997-09-30");
        assert_eq!(d.next().to_string(), "1997-10-01");
    }
}
