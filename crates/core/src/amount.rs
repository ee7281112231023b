//! Reading amounts as exports write them: `12345`, `12,345`, `¥12,345`, `$19.99`, `US$19.99`, `19,99 €`,
//! `1.234,50`, `１２３４円`, `-500`. The value is exact, in [`Milli`]; the currency sign, when there is one, is
//! reported so that dollars are not read as yen; binary floating-point noise (`22.200000000000003`, as a
//! spreadsheet or a script writes 22.2) is rounded away and reported.

use serde::{Deserialize, Serialize};

use crate::money::Milli;

/// The currency sign an amount was written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symbol {
    /// `¥`, `￥` or `円`.
    Yen,
    /// `$` or `US$`.
    Dollar,
    /// `€`.
    Euro,
    /// `£`.
    Pound,
}

impl Symbol {
    /// The currency the sign is read as when the user has not chosen one: `$` is the US dollar.
    pub fn code(self) -> &'static str {
        match self {
            Symbol::Yen => "JPY",
            Symbol::Dollar => "USD",
            Symbol::Euro => "EUR",
            Symbol::Pound => "GBP",
        }
    }

    /// Whether an amount with this sign can be in the currency `code`: `$` in any dollar (USD, CAD, AUD,
    /// …), `¥` in yen or yuan.
    pub fn fits(self, code: &str) -> bool {
        let code = code.to_ascii_uppercase();
        match self {
            Symbol::Yen => code == "JPY" || code == "CNY",
            Symbol::Dollar => code.ends_with('D'),
            Symbol::Euro => code == "EUR",
            Symbol::Pound => code == "GBP",
        }
    }

    /// The sign as written in messages.
    pub fn sign(self) -> &'static str {
        match self {
            Symbol::Yen => "¥",
            Symbol::Dollar => "$",
            Symbol::Euro => "€",
            Symbol::Pound => "£",
        }
    }
}

/// An amount as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    /// The value, exact, in thousandths of a currency unit.
    pub milli: Milli,
    /// The currency sign it was written with.
    pub symbol: Option<Symbol>,
    /// It carried floating-point noise past the thousandths, rounded away.
    pub rounded: bool,
}

/// Amounts whose floating-point noise was rounded away, and the first one as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundedAmounts {
    /// How many amounts were rounded.
    pub count: u64,
    /// The first one, as the file wrote it.
    pub example: Option<String>,
}

impl RoundedAmounts {
    /// Counts an amount written as `text` that was rounded.
    #[cold]
    pub fn add(&mut self, text: &str) {
        self.count += 1;
        if self.example.is_none() {
            self.example = Some(text.to_string());
        }
    }

    /// Adds another tally's.
    pub fn merge(&mut self, other: &RoundedAmounts) {
        self.count += other.count;
        if self.example.is_none() {
            self.example.clone_from(&other.example);
        }
    }

    /// The note for the quality report, when amounts were rounded.
    pub fn note(&self) -> Option<String> {
        let example = self.example.as_deref()?;
        Some(format!(
            "{} amount{} carried floating-point noise from a spreadsheet or script (e.g. '{example}') and {} read rounded to the thousandth.",
            self.count,
            if self.count == 1 { "" } else { "s" },
            if self.count == 1 { "was" } else { "were" },
        ))
    }
}

/// Why a text could not be read as an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// The value of an amount (see [`read_amount`]).
pub fn parse_amount(text: &str) -> Result<Milli, AmountError> {
    read_amount(text).map(|a| a.milli)
}

/// How many digits past the thousandths make a run of zeros or nines floating-point noise: a double carries
/// about 16 significant digits, so a written 22.2 comes back as 22.200000000000003.
const NOISE_RUN: usize = 5;

/// Reads an amount. Thousands separators (`,`, `.`, space, `_`) and a currency sign before or after the
/// number are allowed; the decimal mark is `.`, or `,` when the last separator is a comma not followed by
/// exactly three digits (`19,99`, `1.234,50`). Not read: `(120)`, `1e9`, a fourth decimal other than noise.
#[inline]
pub fn read_amount(text: &str) -> Result<Amount, AmountError> {
    // Most cells are plain whole numbers: read them in one pass without the general walk. Fifteen digits
    // at most, so that neither the number nor its thousandths can overflow.
    if !text.is_empty() && text.len() <= 15 {
        let mut units: i64 = 0;
        let mut plain = true;
        for b in text.bytes() {
            let digit = b.wrapping_sub(b'0');
            plain &= digit <= 9;
            units = units.wrapping_mul(10).wrapping_add(i64::from(digit));
        }
        if plain {
            return Ok(Amount {
                milli: units * 1000,
                symbol: None,
                rounded: false,
            });
        }
    }
    read_any_amount(text)
}

/// [`read_amount`] for every form but plain whole numbers.
#[inline(never)]
fn read_any_amount(text: &str) -> Result<Amount, AmountError> {
    let text = text.trim();
    let (text, mut symbol) = match text.get(..3) {
        Some(us) if us.eq_ignore_ascii_case("us$") => (&text[3..], Some(Symbol::Dollar)),
        _ => (text, None),
    };
    let decimal_comma = is_decimal_comma(text);
    let mut negative = false;
    let mut units: i64 = 0;
    let mut frac: i64 = 0;
    let mut frac_digits = 0u32;
    let mut seen_digit = false;
    let mut in_frac = false;
    // Digits past the thousandths: how many, whether all are zero, and the run of one digit they start with.
    let (mut extra, mut extra_zero, mut run, mut run_digit) = (0usize, true, 0usize, 0i64);
    for c in text.chars() {
        let c = crate::text::halfwidth(c);
        let is_decimal_mark = if decimal_comma { c == ',' } else { c == '.' };
        match c {
            '0'..='9' => {
                let d = i64::from(c as u8 - b'0');
                seen_digit = true;
                if in_frac {
                    if frac_digits == 3 {
                        if extra == 0 || (run == extra && d == run_digit) {
                            run_digit = d;
                            run += 1;
                        }
                        extra += 1;
                        extra_zero &= d == 0;
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
            _ if is_decimal_mark && !in_frac => in_frac = true,
            ',' | '.' | '_' | ' ' | '\u{a0}' if !in_frac && seen_digit => {}
            '-' | '−' if !seen_digit && !negative => negative = true,
            '+' if !seen_digit => {}
            '¥' | '￥' if !in_frac => sign(Symbol::Yen, &mut symbol)?,
            '$' if !seen_digit => sign(Symbol::Dollar, &mut symbol)?,
            '€' => sign(Symbol::Euro, &mut symbol)?,
            '£' if !seen_digit => sign(Symbol::Pound, &mut symbol)?,
            '円' if seen_digit => sign(Symbol::Yen, &mut symbol)?,
            ' ' | '\u{a0}' => {}
            _ => return Err(AmountError::NotANumber),
        }
    }
    if !seen_digit {
        return Err(AmountError::NotANumber);
    }
    let mut milli = units * 1000 + frac * 10_i64.pow(3 - frac_digits);
    let mut rounded = false;
    if !extra_zero {
        // Noise is a long run of zeros or nines right after the thousandths (…200000000000003, …1999999999998).
        if run < NOISE_RUN || !(run_digit == 0 || run_digit == 9) {
            return Err(AmountError::TooManyDecimals);
        }
        if run_digit == 9 {
            milli += 1;
        }
        rounded = true;
    }
    Ok(Amount {
        milli: if negative { -milli } else { milli },
        symbol,
        rounded,
    })
}

/// Notes the currency sign `s`; two different signs are not an amount.
fn sign(s: Symbol, symbol: &mut Option<Symbol>) -> Result<(), AmountError> {
    match symbol {
        Some(seen) if *seen != s => Err(AmountError::NotANumber),
        _ => {
            *symbol = Some(s);
            Ok(())
        }
    }
}

/// Whether the comma is the decimal mark: the last separator is a comma that is not followed by exactly
/// three digits (`19,99`, `1.234,5`; `12,345` is twelve thousand).
fn is_decimal_comma(text: &str) -> bool {
    let Some(comma) = text.rfind(',') else {
        return false;
    };
    if text.rfind('.').is_some_and(|dot| dot > comma) {
        return false;
    }
    let digits = text[comma + 1..]
        .chars()
        .take_while(|c| crate::text::halfwidth(*c).is_ascii_digit())
        .count();
    digits != 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Milli, Option<Symbol>, bool) {
        let a = read_amount(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (a.milli, a.symbol, a.rounded)
    }

    #[test]
    fn reads_the_amount_forms_seen_in_exports() {
        assert_eq!(parse_amount("12345"), Ok(12_345_000));
        assert_eq!(parse_amount("12,345"), Ok(12_345_000));
        assert_eq!(parse_amount("12345.00"), Ok(12_345_000));
        assert_eq!(parse_amount("1,234.50"), Ok(1_234_500));
        assert_eq!(parse_amount("-19.99"), Ok(-19_990));
        assert_eq!(parse_amount(" 0.1 "), Ok(100));
        assert_eq!(parse_amount("1.2500"), Ok(1_250));
        assert_eq!(parse_amount("1,234,567"), Ok(1_234_567_000));
        assert_eq!(parse_amount("12 345"), Ok(12_345_000));
    }

    #[test]
    fn the_currency_sign_is_reported() {
        assert_eq!(read("¥12,345"), (12_345_000, Some(Symbol::Yen), false));
        assert_eq!(read("１２３４円"), (1_234_000, Some(Symbol::Yen), false));
        assert_eq!(read("$19.99"), (19_990, Some(Symbol::Dollar), false));
        assert_eq!(read("-$5"), (-5_000, Some(Symbol::Dollar), false));
        assert_eq!(read("US$19.99"), (19_990, Some(Symbol::Dollar), false));
        assert_eq!(read("€1.234,50"), (1_234_500, Some(Symbol::Euro), false));
        assert_eq!(read("19,99 €"), (19_990, Some(Symbol::Euro), false));
        assert_eq!(read("£7"), (7_000, Some(Symbol::Pound), false));
        assert_eq!(read_amount("$5€"), Err(AmountError::NotANumber));
        assert!(
            Symbol::Dollar.fits("cad") && Symbol::Yen.fits("JPY") && !Symbol::Dollar.fits("JPY")
        );
    }

    #[test]
    fn a_decimal_comma_is_read_as_one_not_as_a_thousands_separator() {
        assert_eq!(parse_amount("19,99"), Ok(19_990));
        assert_eq!(parse_amount("1.234,50"), Ok(1_234_500));
        assert_eq!(parse_amount("0,5"), Ok(500));
        assert_eq!(parse_amount("1.234.567,89"), Ok(1_234_567_890));
        // Exactly three digits after the last comma: thousands.
        assert_eq!(parse_amount("1,999"), Ok(1_999_000));
        assert_eq!(parse_amount("1,2345"), Err(AmountError::TooManyDecimals));
    }

    #[test]
    fn floating_point_noise_is_rounded_and_reported() {
        assert_eq!(read("22.200000000000003"), (22_200, None, true));
        assert_eq!(read("19.989999999999998"), (19_990, None, true));
        assert_eq!(read("0.30000000000000004"), (300, None, true));
        assert_eq!(read("-4.1499999999999995"), (-4_150, None, true));
        assert_eq!(read("12.5000"), (12_500, None, false));
        // Not noise: a real fourth decimal, or too short a run.
        assert_eq!(read_amount("1.0001"), Err(AmountError::TooManyDecimals));
        assert_eq!(read_amount("1.00000012"), Err(AmountError::TooManyDecimals));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        assert_eq!(parse_amount(""), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("12,3a4"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1.2.3"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("(120)"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1e9"), Err(AmountError::NotANumber));
        assert_eq!(
            parse_amount("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(parse_amount("=1+2"), Err(AmountError::NotANumber));
    }

    #[test]
    fn whole_numbers_read_in_one_pass_up_to_fifteen_digits() {
        let milli = |s: &str| read_amount(s).map(|a| a.milli);
        assert_eq!(milli("0"), Ok(0));
        assert_eq!(milli("0042"), Ok(42_000));
        assert_eq!(milli("999999999999999"), Ok(999_999_999_999_999_000));
        // Sixteen digits take the general walk, which has its own limit.
        assert_eq!(milli("1000000000000000"), Ok(1_000_000_000_000_000_000));
        assert_eq!(milli("9999999999999999"), Err(AmountError::TooLarge));
        // A byte below `0` or above `9` anywhere is not a plain number.
        assert_eq!(milli("12/4"), Err(AmountError::NotANumber));
        assert_eq!(milli("12:4"), Err(AmountError::NotANumber));
    }
}
