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

    /// The day for year, month and day, if that date exists in the proleptic Gregorian calendar (as
    /// `chrono::NaiveDate::from_ymd_opt`, within its years), computed directly: every order row's date goes
    /// through here.
    #[inline]
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        // Years counted from March, so that the leap day ends a year (Hinnant, "chrono-Compatible Low-Level
        // Date Algorithms").
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let m = i64::from(month);
        let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        // Within the years above the count fits an `i32` with room to spare.
        Some(Day((era * 146_097 + day_of_era - 719_468) as i32))
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

/// The years [`Day::from_ymd`] reads: those `chrono` can represent.
const MIN_YEAR: i32 = -262_143;
const MAX_YEAR: i32 = 262_142;

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date().format("%Y-%m-%d"))
    }
}

/// Why a text is not a date `YYYY-MM-DD`: the text, and whether its year has four digits (`24-01-05` is
/// refused rather than read as the year 24).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayError {
    /// The text as written.
    pub text: String,
    /// Whether the text's year has four digits.
    pub four_digit_year: bool,
}

impl std::fmt::Display for DayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.four_digit_year {
            true => write!(f, "'{}' is not a date of the form YYYY-MM-DD", self.text),
            false => write!(
                f,
                "'{}' is not a date of the form YYYY-MM-DD (with a four-digit year)",
                self.text
            ),
        }
    }
}

impl std::error::Error for DayError {}

impl std::str::FromStr for Day {
    type Err = DayError;

    /// Parses an ISO date `YYYY-MM-DD`. The year has four digits: `24-01-05` is refused rather than read as
    /// the year 24.
    fn from_str(s: &str) -> Result<Day, DayError> {
        let t = s.trim();
        let four_digit_year = t
            .split_once('-')
            .is_some_and(|(y, _)| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
        let error = || DayError {
            text: s.to_string(),
            four_digit_year,
        };
        if !four_digit_year {
            return Err(error());
        }
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Day::from_date)
            .map_err(|_| error())
    }
}

impl Day {
    /// An optional date as a front end reads it: `None` for empty text (or only spaces), else the date.
    pub fn parse_optional(text: &str) -> Result<Option<Day>, DayError> {
        match text.trim() {
            "" => Ok(None),
            _ => text.parse().map(Some),
        }
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
        for bad in [
            "24-01-05",
            "124-01-05",
            "+2024-01-05",
            "2024-13-01",
            "20240105",
        ] {
            assert!(bad.parse::<Day>().is_err(), "{bad}");
        }
        let d: Day = "1997-09-30".parse().unwrap();
        assert_eq!(d.to_string(), "1997-09-30");
        assert_eq!(
            "24-01-05".parse::<Day>().unwrap_err().to_string(),
            "'24-01-05' is not a date of the form YYYY-MM-DD (with a four-digit year)"
        );
        assert_eq!(
            "2024-02-30".parse::<Day>().unwrap_err().to_string(),
            "'2024-02-30' is not a date of the form YYYY-MM-DD"
        );
        assert_eq!(Day::parse_optional(" "), Ok(None));
        assert_eq!(Day::parse_optional("1997-09-30"), Ok(Some(d)));
        assert_eq!(d.next().to_string(), "1997-10-01");
    }

    #[test]
    fn from_ymd_agrees_with_chrono() {
        let chrono = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).map(Day::from_date);
        // Every month and day number, valid or not, over five centuries and at the ends of the range.
        let years = (1600..=2100).chain([-262_145, -262_144, -262_143, -1, 0, 1, 262_142, 262_143]);
        for y in years {
            for m in 0..=13 {
                for d in 0..=32 {
                    assert_eq!(Day::from_ymd(y, m, d), chrono(y, m, d), "{y}-{m}-{d}");
                }
            }
        }
        assert_eq!(Day::from_ymd(2000, 2, 29), Some(Day(11_016)));
        assert_eq!(Day::from_ymd(1900, 2, 29), None);
    }
}
