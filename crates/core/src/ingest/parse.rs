//! Readers for the values of one cell: order dates, flags and quantities (customer keys: `keys`).
//!
//! They accept the forms real exports contain (see docs/formats.md, "Dates and amounts") and
//! say precisely what they could not read.

use serde::{Deserialize, Serialize};

use super::options::DateOrder;
use crate::date::Day;
use crate::text::{halfwidth, trim};

/// What a date written with the year last says about the order of day and month, when no order was given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateHint {
    /// Nothing: the year comes first, the order was given, or day and month are equal.
    #[default]
    Settled,
    /// Read day first, but month first would be a date too (`05/01/2024`).
    Ambiguous,
    /// Only day first is a date (`13/01/2024`).
    DayFirst,
    /// Only month first is a date (`01/13/2024`), and it was read so.
    MonthFirst,
}

/// Reads the local calendar date of an order timestamp.
///
/// Accepted: `2024-01-05`, `2024-01-05 13:45:00 +0900`, `2024-01-05T13:45:00+09:00`, `2024-01-05T04:45:00Z`,
/// `2024/01/05 13:45`, `2024/1/5`, `20240105`, `2024年1月5日 13時45分`, Japanese era dates (`令和6年1月5日`,
/// `R6.1.5`, `H31.4.30`, `平成元年5月1日`), with full-width digits too. A timestamp with an offset is read in
/// that offset, so its local date is the date as written.
#[inline]
pub fn parse_order_date(text: &str) -> Option<Day> {
    read_order_date(text, None).map(|(day, _)| day)
}

/// [`parse_order_date`], also reading dates with the year last (`05/01/2024`, `1/5/24 9:03 AM`,
/// `05-01-2024`, `5.1.2024`; a two-digit year is 1990–2089) in the given order, or, without one, day first
/// with a hint of what the date says about the order.
#[inline]
pub fn read_order_date(text: &str, order: Option<DateOrder>) -> Option<(Day, DateHint)> {
    match iso_like_date(text.as_bytes()) {
        Some(day) => Some((day, DateHint::Settled)),
        None => other_date(text, order),
    }
}

/// [`read_order_date`] for the forms other than `2024-01-05` and `2024/01/05`.
#[inline(never)]
fn other_date(text: &str, order: Option<DateOrder>) -> Option<(Day, DateHint)> {
    // Era dates start with a letter or kanji; other forms with a digit.
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some(day) = era_date(trim(text)) {
            return Some((day, DateHint::Settled));
        }
    }
    let mut nums = [0u32; 3];
    let mut digits = [0usize; 3];
    let mut part = 0;
    let mut chars = trim(text).chars().map(halfwidth).peekable();
    while let Some(&c) = chars.peek() {
        if let Some(d) = c.to_digit(10) {
            if digits[part] == 8 {
                return None;
            }
            nums[part] = nums[part] * 10 + d;
            digits[part] += 1;
            chars.next();
            continue;
        }
        if part == 2 || digits[part] == 0 {
            break;
        }
        match (part, c) {
            (0, '-' | '/' | '.' | '年') | (1, '-' | '/' | '.' | '月') => part += 1,
            _ => return None,
        }
        chars.next();
    }
    // The rest must be a time part (or 日), never more date-like digits glued on.
    match chars.next() {
        None | Some(' ' | 'T' | 't' | '日') => {}
        Some(_) => return None,
    }
    let (y, m, d) = if part == 0 && digits[0] == 8 {
        (nums[0] / 10_000, nums[0] / 100 % 100, nums[0] % 100)
    } else if part == 2
        && digits[0] == 4
        && (1..=2).contains(&digits[1])
        && (1..=2).contains(&digits[2])
    {
        (nums[0], nums[1], nums[2])
    } else if part == 2
        && (1..=2).contains(&digits[0])
        && (1..=2).contains(&digits[1])
        && (digits[2] == 2 || digits[2] == 4)
    {
        let year = match digits[2] {
            2 if nums[2] >= 90 => 1900 + nums[2],
            2 => 2000 + nums[2],
            _ => nums[2],
        } as i32;
        return year_last(year, nums[0], nums[1], order);
    } else {
        return None;
    };
    Day::from_ymd(y as i32, m, d).map(|day| (day, DateHint::Settled))
}

/// A date written `a/b/year`: in the given order, else day first when that is a date, with what it says
/// about the order.
fn year_last(year: i32, a: u32, b: u32, order: Option<DateOrder>) -> Option<(Day, DateHint)> {
    let settled = |day: Option<Day>| day.map(|d| (d, DateHint::Settled));
    match order {
        Some(DateOrder::Dmy) => settled(Day::from_ymd(year, b, a)),
        Some(DateOrder::Mdy) => settled(Day::from_ymd(year, a, b)),
        None => match (Day::from_ymd(year, b, a), Day::from_ymd(year, a, b)) {
            (Some(day), Some(_)) if a == b => Some((day, DateHint::Settled)),
            (Some(day), Some(_)) => Some((day, DateHint::Ambiguous)),
            (Some(day), None) => Some((day, DateHint::DayFirst)),
            (None, Some(day)) => Some((day, DateHint::MonthFirst)),
            (None, None) => None,
        },
    }
}

/// The same calendar date with day and month swapped (`2024-05-01` for `2024-01-05`), when that is a date:
/// an ambiguous date read day first, in a file whose dates turn out to be month first.
pub fn swap_day_and_month(day: Day) -> Option<Day> {
    use chrono::Datelike;
    let date = day.date();
    Day::from_ymd(date.year(), date.day(), date.month())
}

/// A date in a Japanese era (令和 R from 2019, 平成 H from 1989, 昭和 S from 1926): the era's year, 元 for its
/// first, then the month and day as in a Gregorian date (`年`/`月`/`日`, `.`, `/` or `-`).
#[cold]
#[inline(never)]
fn era_date(text: &str) -> Option<Day> {
    const ERAS: [(&str, char, i32); 3] = [
        ("令和", 'R', 2018),
        ("平成", 'H', 1988),
        ("昭和", 'S', 1925),
    ];
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (rest, before_first) = ERAS.iter().find_map(|&(name, letter, before_first)| {
        let rest = text
            .strip_prefix(name)
            .or_else(|| text.strip_prefix(|c: char| halfwidth(c).eq_ignore_ascii_case(&letter)))?;
        Some((rest, before_first))
    })?;
    let (year, rest) = match rest.strip_prefix('元') {
        Some(rest) => (1, rest),
        None => {
            let digits = rest
                .char_indices()
                .take_while(|(_, c)| halfwidth(*c).is_ascii_digit())
                .last()
                .map(|(i, c)| i + c.len_utf8())?;
            let year: String = rest[..digits].chars().map(halfwidth).collect();
            (
                year.parse::<i32>().ok().filter(|y| (1..=99).contains(y))?,
                &rest[digits..],
            )
        }
    };
    // The Gregorian year in front of the same month, day and time.
    parse_order_date(&format!("{}{rest}", before_first + year))
}

/// The most common form, `2024-01-05` or `2024/01/05` with or without a time after a space or `T`, read
/// without the general reader's character walk; `None` for any other form (which the general reader takes).
#[inline]
fn iso_like_date(b: &[u8]) -> Option<Day> {
    is_iso_like(b).then(|| iso_day(b))?
}

/// Whether `b` has the shape of [`iso_like_date`]'s form, whose day its first ten bytes alone give.
#[inline]
fn is_iso_like(b: &[u8]) -> bool {
    let separated = b.len() >= 10 && matches!(b[4], b'-' | b'/') && b[7] == b[4];
    separated && (b.len() == 10 || matches!(b[10], b' ' | b'T' | b't'))
}

/// The day of a text that [`is_iso_like`], if its digits are digits and make a date.
fn iso_day(b: &[u8]) -> Option<Day> {
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    Day::from_ymd(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

/// [`read_order_date`] that remembers the last `2024-01-05`-form day read: the rows of one order, and often
/// the orders of one day, follow each other.
#[derive(Default)]
pub(super) struct DateMemo {
    /// The first ten bytes of the last such date, and its day.
    last: Option<([u8; 10], Day)>,
}

impl DateMemo {
    /// [`read_order_date`] of `text`.
    #[inline]
    pub(super) fn read(&mut self, text: &str, order: Option<DateOrder>) -> Option<(Day, DateHint)> {
        let b = text.as_bytes();
        if !is_iso_like(b) {
            return other_date(text, order);
        }
        if let Some((prefix, day)) = self.last {
            if b[..10] == prefix {
                return Some((day, DateHint::Settled));
            }
        }
        match iso_day(b) {
            Some(day) => {
                let mut prefix = [0; 10];
                prefix.copy_from_slice(&b[..10]);
                self.last = Some((prefix, day));
                Some((day, DateHint::Settled))
            }
            None => other_date(text, order),
        }
    }
}

/// The earliest order date read: online shops did not exist before it, and earlier dates in exports are
/// placeholders (`1900-01-01`, spreadsheet day zero) that would make a customer decades old.
pub const FIRST_ORDER_DATE: &str = "1990-01-01";
/// The latest order date read: later dates are typos (`2204` for `2024`) that would move every as-of date.
pub const LAST_ORDER_DATE: &str = "2099-12-31";

/// Whether an order date lies in [`FIRST_ORDER_DATE`]..=[`LAST_ORDER_DATE`].
pub fn is_plausible_order_date(day: Day) -> bool {
    // 1990-01-01 and 2099-12-31 as day numbers.
    (7305..=47481).contains(&day.0)
}

/// Reads a yes/no flag leniently: empty, `0`, `false`, `no`, `n`, `なし`, `通常` and `-` are no; anything else
/// (`1`, `true`, `yes`, `定期`, a subscription contract number) is yes.
pub fn is_truthy(text: &str) -> bool {
    let t = trim(text);
    !(t.is_empty()
        || ["0", "false", "no", "n", "なし", "無", "通常", "-", "いいえ"]
            .iter()
            .any(|no| t.eq_ignore_ascii_case(no)))
}

/// Reads a line quantity: a whole number, `1` when empty.
pub fn parse_quantity(text: &str) -> Option<i64> {
    let plain = trim(text);
    if !plain.is_empty() && plain.len() <= 9 && plain.bytes().all(|b| b.is_ascii_digit()) {
        return plain.parse().ok();
    }
    let t: String = text
        .trim()
        .chars()
        .map(halfwidth)
        .filter(|c| *c != ',')
        .collect();
    if t.is_empty() {
        return Some(1);
    }
    t.parse::<i64>().ok().filter(|q| q.abs() < 1_000_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        parse_order_date(s).map(|d| d.to_string())
    }

    #[test]
    fn reads_every_documented_date_form() {
        for s in [
            "2024-01-05",
            "2024-01-05 13:45:00 +0900",
            "2024-01-05T13:45:00+09:00",
            "2024-01-05T23:59:59Z",
            "2024/01/05 13:45",
            "2024/1/5",
            "20240105",
            "2024年1月5日",
            "2024年1月5日 13時45分",
            "２０２４／０１／０５",
            " 2024.01.05 ",
        ] {
            assert_eq!(day(s).as_deref(), Some("2024-01-05"), "{s}");
        }
    }

    #[test]
    fn a_late_evening_timestamp_keeps_the_date_of_its_offset() {
        assert_eq!(
            day("2024-01-05 23:30:00 -0800").as_deref(),
            Some("2024-01-05")
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "",
            "2024-13-45",
            "2023-02-29",
            "13/13/2024",
            "1/5/202",
            "2024",
            "abc",
            "2024-01",
            "202401051",
        ] {
            assert_eq!(day(s), None, "{s}");
        }
    }

    #[test]
    fn dates_with_the_year_last_are_read_in_the_order_given_or_say_what_they_settle() {
        use super::{read_order_date, DateHint::*, DateOrder::*};
        let read = |s: &str, order| read_order_date(s, order).map(|(d, h)| (d.to_string(), h));
        assert_eq!(
            read("05/01/2024", None),
            Some(("2024-01-05".into(), Ambiguous))
        );
        assert_eq!(
            read("05/01/2024", Some(Mdy)),
            Some(("2024-05-01".into(), Settled))
        );
        assert_eq!(
            read("05-01-2024", Some(Dmy)),
            Some(("2024-01-05".into(), Settled))
        );
        assert_eq!(
            read("13.01.2024", None),
            Some(("2024-01-13".into(), DayFirst))
        );
        assert_eq!(
            read("1/13/24 9:03 AM", None),
            Some(("2024-01-13".into(), MonthFirst))
        );
        assert_eq!(read("1/13/24", Some(Dmy)), None);
        assert_eq!(read("3/3/99", None), Some(("1999-03-03".into(), Settled)));
        assert_eq!(
            read("2024/01/05", Some(Mdy)),
            Some(("2024-01-05".into(), Settled))
        );
        assert_eq!(
            super::swap_day_and_month(Day::from_ymd(2024, 1, 5).unwrap()),
            Day::from_ymd(2024, 5, 1)
        );
    }

    #[test]
    fn reads_japanese_era_dates() {
        for (era, gregorian) in [
            ("令和6年1月5日", "2024-01-05"),
            ("令和6年1月5日 13時45分", "2024-01-05"),
            ("R6.1.5", "2024-01-05"),
            ("r6/01/05 10:00", "2024-01-05"),
            ("Ｒ６．１．５", "2024-01-05"),
            ("H31.4.30", "2019-04-30"),
            ("平成31年4月30日", "2019-04-30"),
            ("令和元年5月1日", "2019-05-01"),
            ("S64.1.7", "1989-01-07"),
        ] {
            assert_eq!(day(era).as_deref(), Some(gregorian), "{era}");
        }
        for wrong in [
            "令和年1月5日",
            "R.1.5",
            "X6.1.5",
            "令和6年13月1日",
            "R100.1.1",
            "平成",
        ] {
            assert_eq!(day(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn the_date_memo_reads_as_read_order_date_does() {
        let texts = [
            "2024-01-05",
            "2024-01-05 13:45:00",
            "2024-01-05T23:59:59+09:00",
            "2024/01/05",
            "2024-01-06",
            "2024-01-06x",
            "05/01/2024",
            "2024-02-30",
            "2024-01-05",
            "2024-01-0５",
            "令和6年1月5日",
        ];
        let mut memo = DateMemo::default();
        for order in [None, Some(DateOrder::Mdy)] {
            for text in texts {
                assert_eq!(
                    memo.read(text, order),
                    read_order_date(text, order),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn order_dates_are_plausible_from_1990_to_2099() {
        let plausible = |s: &str| is_plausible_order_date(parse_order_date(s).unwrap());
        assert_eq!(FIRST_ORDER_DATE.parse::<Day>().unwrap().0, 7305);
        assert_eq!(LAST_ORDER_DATE.parse::<Day>().unwrap().0, 47481);
        assert!(plausible("1990-01-01") && plausible("2099-12-31") && plausible("2024-01-05"));
        assert!(!plausible("1989-12-31") && !plausible("1900-01-01") && !plausible("2100-01-01"));
        assert!(!plausible("00010101"));
    }

    #[test]
    fn reads_flags_and_quantities() {
        assert!(is_truthy("1") && is_truthy("TRUE") && is_truthy("定期") && is_truthy("S-00012"));
        assert!(!is_truthy("") && !is_truthy("0") && !is_truthy("False") && !is_truthy("通常"));
        assert_eq!(parse_quantity(""), Some(1));
        assert_eq!(parse_quantity("３"), Some(3));
        assert_eq!(parse_quantity("2.5"), None);
    }
}
