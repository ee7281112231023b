//! The two simulated years and the date forms the exports write.
//!
//! Times are seconds since 2024-01-01 00:00 shop-local time (JST), held in a `u32`. Calendar dates come from a
//! table built once with chrono, so formatting a timestamp is a table look-up and a few digit writes.

use chrono::{Datelike, NaiveDate};

/// Seconds in a day.
pub(crate) const DAY: u32 = 86_400;
/// The first simulated day, 2024-01-01, is day 0.
pub(crate) const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(d) => d,
    None => panic!("valid date"),
};
/// The last day orders may be placed on, 2025-12-31 (2024 is a leap year).
pub(crate) const LAST_DAY: u32 = 730;
/// Days in the table: the simulated years plus slack for ship and payment dates after the last order.
const TABLE_DAYS: u32 = LAST_DAY + 40;

/// Calendar dates of the simulated days.
pub(crate) struct Calendar {
    days: Vec<(u16, u8, u8)>,
}

/// A date form written by an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// `2024-01-05 13:45:00`
    Dash,
    /// `2024-01-05 13:45:00 +0900` (Shopify)
    DashOffset,
    /// `2024/01/05 13:45:00` (ecforce)
    Slash,
    /// `2024-01-05`
    DateOnly,
}

impl Calendar {
    /// Builds the table.
    pub fn new() -> Calendar {
        let days = (0..TABLE_DAYS)
            .map(|i| {
                let d = FIRST_DAY + chrono::Days::new(u64::from(i));
                (d.year() as u16, d.month() as u8, d.day() as u8)
            })
            .collect();
        Calendar { days }
    }

    /// The calendar date of a day number.
    pub fn date(&self, day: u32) -> NaiveDate {
        FIRST_DAY + chrono::Days::new(u64::from(day))
    }

    /// Year, month and day of a day number.
    pub fn ymd(&self, day: u32) -> (u16, u8, u8) {
        self.days[(day as usize).min(self.days.len() - 1)]
    }

    /// Month (1–12) of a day number.
    pub fn month(&self, day: u32) -> u8 {
        self.ymd(day).1
    }

    /// Writes a timestamp in a style.
    pub fn write(&self, out: &mut String, t: u32, style: Style) {
        let (y, m, d) = self.ymd(t / DAY);
        self.write_parts(out, y, m, d, t % DAY, style);
    }

    /// Writes a timestamp whose date part is impossible (month 13, or 30 February), in a style.
    pub fn write_impossible(&self, out: &mut String, t: u32, variant: u64, style: Style) {
        let (y, _, _) = self.ymd(t / DAY);
        let (m, d) = if variant % 2 == 0 { (13, 45) } else { (2, 30) };
        self.write_parts(out, y, m, d, t % DAY, style);
    }

    fn write_parts(&self, out: &mut String, y: u16, m: u8, d: u8, secs: u32, style: Style) {
        let sep = if style == Style::Slash { b'/' } else { b'-' };
        push_num(out, u32::from(y), 4);
        out.push(sep as char);
        push_num(out, u32::from(m), 2);
        out.push(sep as char);
        push_num(out, u32::from(d), 2);
        if style == Style::DateOnly {
            return;
        }
        out.push(' ');
        write_time(out, secs);
        if style == Style::DashOffset {
            out.push_str(" +0900");
        }
    }
}

/// Writes `HH:MM:SS` for seconds into the day.
pub(crate) fn write_time(out: &mut String, secs: u32) {
    push_num(out, secs / 3600, 2);
    out.push(':');
    push_num(out, secs / 60 % 60, 2);
    out.push(':');
    push_num(out, secs % 60, 2);
}

/// Writes `n` in decimal, zero-padded to `width` digits.
pub(crate) fn push_num(out: &mut String, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = i.min(digits.len() - width.min(digits.len()));
    for &b in &digits[start..] {
        out.push(b as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_each_style() {
        let c = Calendar::new();
        let t = 4 * DAY + 13 * 3600 + 45 * 60;
        let mut s = String::new();
        for (style, want) in [
            (Style::Dash, "2024-01-05 13:45:00"),
            (Style::DashOffset, "2024-01-05 13:45:00 +0900"),
            (Style::Slash, "2024/01/05 13:45:00"),
            (Style::DateOnly, "2024-01-05"),
        ] {
            s.clear();
            c.write(&mut s, t, style);
            assert_eq!(s, want);
        }
        s.clear();
        c.write(&mut s, LAST_DAY * DAY, Style::DateOnly);
        assert_eq!(s, "2025-12-31");
        s.clear();
        c.write_impossible(&mut s, t, 0, Style::Dash);
        assert_eq!(s, "2024-13-45 13:45:00");
        assert_eq!(c.date(LAST_DAY).to_string(), "2025-12-31");
    }
}
