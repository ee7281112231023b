//! Money: currencies and exact amounts in integer minor units.
//!
//! Amounts are read from text (`crate::amount`) into [`Milli`] (thousandths of a currency unit, exact for every currency in use)
//! and turned into the currency's minor units (yen, cents, ...) once the currency of the data is known. No
//! floating point touches money.

use serde::{Deserialize, Serialize};

/// An exact amount in thousandths of a currency unit, as read from the file before the currency is settled.
pub type Milli = i64;

/// A currency by ISO 4217 code, with the number of decimals of its minor unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    /// ISO 4217 code, upper case (`JPY`, `USD`).
    pub code: String,
    /// Decimals of the minor unit: 0 for JPY, 2 for USD, 3 for KWD.
    pub decimals: u32,
}

const ZERO_DECIMALS: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
const THREE_DECIMALS: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

impl Currency {
    /// The currency for an ISO 4217 code (case-insensitive), if it looks like one (three ASCII letters).
    pub fn from_code(code: &str) -> Option<Currency> {
        let code = code.trim();
        if !Currency::is_code(code) {
            return None;
        }
        let code = code.to_ascii_uppercase();
        let decimals = if ZERO_DECIMALS.contains(&code.as_str()) {
            0
        } else if THREE_DECIMALS.contains(&code.as_str()) {
            3
        } else {
            2
        };
        Some(Currency { code, decimals })
    }

    /// Whether `code` has the form of an ISO 4217 code: three ASCII letters, in any case.
    pub fn is_code(code: &str) -> bool {
        code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic())
    }

    /// Japanese yen, the default of the Japanese carts.
    pub fn jpy() -> Currency {
        Currency {
            code: "JPY".into(),
            decimals: 0,
        }
    }

    /// Converts an exact amount into this currency's minor units, or `None` when the amount has more
    /// decimals than the currency (`12.5` yen).
    pub fn to_minor(&self, amount: Milli) -> Option<i64> {
        let per_minor = 10_i64.pow(3 - self.decimals);
        (amount % per_minor == 0).then_some(amount / per_minor)
    }
}

/// `n` with a comma between each group of three digits: `1,000,000,000,000`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// The whole units and the fraction (in minor units) of an amount's absolute value.
fn units_and_fraction(minor: i64, decimals: u32) -> (u64, u64) {
    let scale = 10_u64.pow(decimals);
    (minor.unsigned_abs() / scale, minor.unsigned_abs() % scale)
}

/// An amount in minor units as a plain decimal number in currency units, exactly, for a spreadsheet:
/// `-1234.50`, `12345`.
pub fn minor_to_decimal(minor: i64, decimals: u32) -> String {
    let (units, frac) = units_and_fraction(minor, decimals);
    let sign = if minor < 0 { "-" } else { "" };
    match decimals {
        0 => format!("{sign}{units}"),
        d => format!("{sign}{units}.{frac:0width$}", width = d as usize),
    }
}

/// Formats an amount in minor units for people: `¥12,345`, `$1,234.50`, `1,234.500 KWD`.
pub fn format_money(minor: i64, currency: &str, decimals: u32) -> String {
    let (units, frac) = units_and_fraction(minor, decimals);
    let mut grouped = group_thousands(units);
    if decimals > 0 {
        grouped = format!("{grouped}.{frac:0width$}", width = decimals as usize);
    }
    let sign = if minor < 0 { "-" } else { "" };
    match currency {
        "JPY" => format!("{sign}¥{grouped}"),
        "USD" => format!("{sign}${grouped}"),
        "EUR" => format!("{sign}€{grouped}"),
        "GBP" => format!("{sign}£{grouped}"),
        _ => format!("{sign}{grouped} {currency}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_for_spreadsheets() {
        assert_eq!(minor_to_decimal(-123_450, 2), "-1234.50");
        assert_eq!(minor_to_decimal(5, 2), "0.05");
        assert_eq!(minor_to_decimal(12_345, 0), "12345");
        assert_eq!(minor_to_decimal(1_001, 3), "1.001");
        assert_eq!(minor_to_decimal(i64::MIN, 0), "-9223372036854775808");
    }

    #[test]
    fn converts_to_minor_units_exactly() {
        let jpy = Currency::jpy();
        let usd = Currency::from_code("usd").unwrap();
        assert_eq!(jpy.to_minor(12_345_000), Some(12_345));
        assert_eq!(jpy.to_minor(12_345_500), None);
        assert_eq!(usd.to_minor(1_234_500), Some(123_450));
        assert_eq!(usd.to_minor(1_234_501), None);
        assert_eq!(
            Currency::from_code("KWD").unwrap().to_minor(1_001),
            Some(1_001)
        );
        assert_eq!(Currency::from_code("1234"), None);
    }
}
