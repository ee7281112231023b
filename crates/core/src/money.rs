//! Money: currencies and exact amounts in integer minor units.
//!
//! Amounts are read from text into [`Milli`] (thousandths of a currency unit, exact for every currency in use)
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

/// Formats an amount in minor units for people: `¥12,345`, `$1,234.50`, `1,234.500 KWD`.
pub fn format_money(minor: i64, currency: &str, decimals: u32) -> String {
    let scale = 10_i64.pow(decimals);
    let (units, frac) = (
        minor.unsigned_abs() / scale as u64,
        minor.unsigned_abs() % scale as u64,
    );
    let digits = units.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
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

/// Why a text could not be read as an amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number.
    NotANumber,
    /// More than three decimals.
    TooManyDecimals,
    /// Too large to be a real order amount (more than 10^15 units).
    TooLarge,
}

impl std::fmt::Display for AmountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AmountError::NotANumber => "not a number",
            AmountError::TooManyDecimals => "more than three decimals",
            AmountError::TooLarge => "too large",
        })
    }
}

/// Reads an amount as exported by carts: `12345`, `12,345`, `¥12,345`, `12345.00`, `-1,234.50`, `$19.99`,
/// `１２３４円`, `(120)` is not accepted. Thousands separators and currency signs are ignored; full-width
/// digits are accepted.
pub fn parse_amount(text: &str) -> Result<Milli, AmountError> {
    // Most cells are plain whole numbers: read them without the general walk below.
    if !text.is_empty() && text.len() <= 15 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .bytes()
            .try_fold(0i64, |n, b| {
                n.checked_mul(10)?.checked_add(i64::from(b - b'0'))
            })
            .and_then(|units| units.checked_mul(1000))
            .ok_or(AmountError::TooLarge);
    }
    let mut negative = false;
    let mut units: i64 = 0;
    let mut frac: i64 = 0;
    let mut frac_digits = 0u32;
    let mut seen_digit = false;
    let mut in_frac = false;
    for c in text.trim().chars() {
        let c = crate::text::halfwidth(c);
        match c {
            '0'..='9' => {
                let d = i64::from(c as u8 - b'0');
                seen_digit = true;
                if in_frac {
                    if frac_digits == 3 {
                        if d != 0 {
                            return Err(AmountError::TooManyDecimals);
                        }
                        continue;
                    }
                    frac = frac * 10 + d;
                    frac_digits += 1;
                } else {
                    units = units
                        .checked_mul(10)
                        .and_then(|u| u.checked_add(d))
                        .ok_or(AmountError::TooLarge)?;
                    if units > 1_000_000_000_000_000 {
                        return Err(AmountError::TooLarge);
                    }
                }
            }
            '.' if !in_frac => in_frac = true,
            ',' | '_' | ' ' if !in_frac => {}
            '-' | '−' if !seen_digit && !negative => negative = true,
            '+' if !seen_digit => {}
            '¥' | '￥' | '$' | '€' | '£' if !seen_digit => {}
            '円' if seen_digit => {}
            _ => return Err(AmountError::NotANumber),
        }
    }
    if !seen_digit {
        return Err(AmountError::NotANumber);
    }
    let milli = units * 1000 + frac * 10_i64.pow(3 - frac_digits);
    Ok(if negative { -milli } else { milli })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_amount_forms_seen_in_exports() {
        assert_eq!(parse_amount("12345"), Ok(12_345_000));
        assert_eq!(parse_amount("12,345"), Ok(12_345_000));
        assert_eq!(parse_amount("¥12,345"), Ok(12_345_000));
        assert_eq!(parse_amount("12345.00"), Ok(12_345_000));
        assert_eq!(parse_amount("1,234.50"), Ok(1_234_500));
        assert_eq!(parse_amount("-19.99"), Ok(-19_990));
        assert_eq!(parse_amount("１２３４円"), Ok(1_234_000));
        assert_eq!(parse_amount(" 0.1 "), Ok(100));
        assert_eq!(parse_amount("1.2500"), Ok(1_250));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        assert_eq!(parse_amount(""), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("12,3a4"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1.2.3"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1.0001"), Err(AmountError::TooManyDecimals));
        assert_eq!(
            parse_amount("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(parse_amount("=1+2"), Err(AmountError::NotANumber));
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
