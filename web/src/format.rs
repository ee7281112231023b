//! Number formatting for people: thousands separators, percentages, money and dates per language.

use kokyaku_core::Day;

use crate::i18n::Lang;

/// `1234567` → `1,234,567`.
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A real number with `places` decimals and thousands separators: `-9,582.43`, `19,637.5`.
pub fn decimal(x: f64, places: usize) -> String {
    let text = format!("{:.places$}", x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = int(whole.parse().unwrap_or(0));
    // No sign on a value that rounds to zero.
    let sign = if x < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        "-"
    } else {
        ""
    };
    match fraction {
        "" => format!("{sign}{grouped}"),
        f => format!("{sign}{grouped}.{f}"),
    }
}

/// A share as a percentage with one decimal, `—` when undefined.
pub fn pct(share: Option<f64>) -> String {
    share.map_or_else(|| "—".into(), |s| format!("{:.1}%", s * 100.0))
}

/// A ratio with two decimals, `—` when undefined.
pub fn ratio(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |x| format!("{x:.2}"))
}

/// Money in minor units, in the currency's usual form.
pub fn money(minor: i64, currency: &str, decimals: u32) -> String {
    kokyaku_core::report::format_money(minor, currency, decimals)
}

/// A mean amount in minor units, rounded to the minor unit.
pub fn mean_money(minor: Option<f64>, currency: &str, decimals: u32) -> String {
    minor.map_or_else(
        || "—".into(),
        |m| money(m.round() as i64, currency, decimals),
    )
}

/// A date: `2024年1月5日` in Japanese, `2024-01-05` in English.
pub fn date(day: Option<Day>, lang: Lang) -> String {
    match (day, lang) {
        (None, _) => "—".into(),
        (Some(d), Lang::Ja) => d.date().format("%Y年%-m月%-d日").to_string(),
        (Some(d), Lang::En) => d.to_string(),
    }
}

/// A change for people, with an arrow so that it does not rest on colour: `▲ 12.5%`, `▼ 3.0%`, `± 0.0%`; a
/// change of a share in points (`▲ 1.2 pt`); `—` when there is none.
pub fn change(x: Option<f64>, share: bool) -> String {
    let Some(x) = x else {
        return "—".into();
    };
    let shown = format!("{:.1}", (x * 100.0).abs());
    let arrow = match x {
        _ if shown == "0.0" => "±",
        x if x > 0.0 => "▲",
        _ => "▼",
    };
    let unit = if share { " pt" } else { "%" };
    format!("{arrow} {shown}{unit}")
}

/// A short amount in currency units for a chart's axis: `120万`, `3.5億` in Japanese; `120K`, `3.5M` in English.
pub fn compact(units: f64, lang: Lang) -> String {
    let steps: &[(f64, &str)] = match lang {
        Lang::Ja => &[(1e8, "億"), (1e4, "万")],
        Lang::En => &[(1e9, "B"), (1e6, "M"), (1e3, "K")],
    };
    for &(size, name) in steps {
        if units.abs() >= size {
            let x = units / size;
            return match x.fract() == 0.0 || x.abs() >= 100.0 {
                true => format!("{x:.0}{name}"),
                false => format!("{x:.1}{name}"),
            };
        }
    }
    format!("{units:.0}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_with_separators() {
        assert_eq!(decimal(-9582.4321, 2), "-9,582.43");
        assert_eq!(decimal(19637.505, 1), "19,637.5");
        assert_eq!(decimal(0.24259, 4), "0.2426");
        assert_eq!(decimal(-0.00001, 2), "0.00");
        assert_eq!(decimal(1234567.0, 0), "1,234,567");
    }
}
