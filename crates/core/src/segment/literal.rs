//! The literals of conditions read as values: probabilities (`0.3`, `30%`), months (`2024-01`), and the
//! four-digit year dates and months must start with.

/// `0.25` or `25%`, within [0, 1].
pub(super) fn parse_probability(v: &str) -> Option<f64> {
    let p = match v.strip_suffix('%') {
        Some(pct) => pct.trim().parse::<f64>().ok()? / 100.0,
        None => v.parse::<f64>().ok()?,
    };
    (0.0..=1.0).contains(&p).then_some(p)
}

/// `2024-01` as a month number (year·12 + month − 1, as cohorts number months).
pub(super) fn parse_month(v: &str) -> Option<i32> {
    let (y, m) = v.split_once('-')?;
    let digits = |t: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(y, 4..=4) || !digits(m, 1..=2) {
        return None;
    }
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<i32>().ok()?);
    (1..=12).contains(&m).then(|| y * 12 + m - 1)
}

/// Whether a date or month literal starts with a year of four digits (`2024-01-05`, `2024-01`).
pub(super) fn four_digit_year(v: &str) -> bool {
    v.split_once('-')
        .is_some_and(|(y, _)| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
}

/// `v` with its two-digit `year` read as this century's, as the form to write (`24-01-01` → `2024-01-01`).
pub(super) fn example_with_century(v: &str, year: &str) -> String {
    let rest = &v[year.len()..];
    format!("20{year:0>2}{}", rest.replace(['/', '.'], "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_four_digit_years_and_real_months() {
        assert_eq!(parse_month("2024-03"), Some(2024 * 12 + 2));
        assert_eq!(parse_month("2024-3"), Some(2024 * 12 + 2));
        for bad in [
            "+202-01", "-100-01", "2024-+1", "2024-13", "20240-01", "2024-",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }

    #[test]
    fn probabilities_are_shares_or_percentages() {
        assert_eq!(parse_probability("0.25"), Some(0.25));
        assert_eq!(parse_probability("30%"), Some(0.3));
        assert_eq!(parse_probability("1.5"), None);
        assert_eq!(example_with_century("9-1-5", "9"), "2009-1-5");
        assert!(four_digit_year("2024-01") && !four_digit_year("24-01"));
    }
}
