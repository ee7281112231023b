//! The analyses' parameters read from text, one reader each for the CLI's options and the page's fields: RFM
//! scorings and the M basis, the cohort period, the LTV time unit and model, lists of days and the CPM tenure
//! pair. Reading checks only the form; the rules (ascending, within limits) are each params type's
//! `validate()` (`check_params`).

use std::str::FromStr;

use super::cohort::Granularity;
use super::ltv::summary::TimeUnit;
use super::ltv::TransactionModelKind;
use super::rfm::{MonetaryBasis, Scoring};
use crate::params::ParamError;

/// The whole numbers of `text` separated by commas (`,` or `、`) or spaces, empty parts left out; `None`
/// when a part is not a whole number.
fn whole_numbers<T: FromStr>(text: &str) -> Option<Vec<T>> {
    text.split([',', '、'])
        .flat_map(str::split_whitespace)
        .map(|part| part.parse::<T>().ok())
        .collect()
}

/// The value `text` names among `names`, compared trimmed, in lower case and with `_` as `-`; else the
/// error `refused` makes of the text.
fn named<T: Copy>(
    text: &str,
    names: &[(&str, T)],
    refused: fn(String) -> ParamError,
) -> Result<T, ParamError> {
    let wanted = text.trim().to_ascii_lowercase().replace('_', "-");
    names
        .iter()
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| *value)
        .ok_or_else(|| refused(text.to_string()))
}

impl FromStr for Scoring {
    type Err = ParamError;

    /// `quantile` (any case; also `分位` or empty), or four whole numbers `a,b,c,d`.
    fn from_str(text: &str) -> Result<Scoring, ParamError> {
        let t = text.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("quantile") || t == "分位" {
            return Ok(Scoring::Quantile);
        }
        whole_numbers::<i64>(t)
            .and_then(|n| <[i64; 4]>::try_from(n).ok())
            .map(Scoring::Fixed)
            .ok_or_else(|| ParamError::Scoring { text: text.into() })
    }
}

impl FromStr for MonetaryBasis {
    type Err = ParamError;

    /// `total` or `average`.
    fn from_str(text: &str) -> Result<MonetaryBasis, ParamError> {
        let names = [
            ("total", MonetaryBasis::Total),
            ("average", MonetaryBasis::Average),
        ];
        named(text, &names, |text| ParamError::MonetaryBasis { text })
    }
}

impl FromStr for Granularity {
    type Err = ParamError;

    /// `month` or `week`.
    fn from_str(text: &str) -> Result<Granularity, ParamError> {
        let names = [("month", Granularity::Month), ("week", Granularity::Week)];
        named(text, &names, |text| ParamError::Granularity { text })
    }
}

impl FromStr for TimeUnit {
    type Err = ParamError;

    /// `day`, `week` or `month`.
    fn from_str(text: &str) -> Result<TimeUnit, ParamError> {
        let names = [
            ("day", TimeUnit::Day),
            ("week", TimeUnit::Week),
            ("month", TimeUnit::Month),
        ];
        named(text, &names, |text| ParamError::TimeUnit { text })
    }
}

impl FromStr for TransactionModelKind {
    type Err = ParamError;

    /// `bg-nbd`, `mbg-nbd` or `pareto-nbd` (underscores and case ignored).
    fn from_str(text: &str) -> Result<TransactionModelKind, ParamError> {
        let names = [
            ("bg-nbd", TransactionModelKind::BgNbd),
            ("mbg-nbd", TransactionModelKind::MbgNbd),
            ("pareto-nbd", TransactionModelKind::ParetoNbd),
        ];
        named(text, &names, |text| ParamError::Model { text })
    }
}

/// Days as a list, `30,60,90`: the repeat analysis's windows and historical LTV's horizons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayList(pub Vec<i32>);

impl FromStr for DayList {
    type Err = ParamError;

    /// Whole numbers separated by commas (`,` or `、`) or spaces.
    fn from_str(text: &str) -> Result<DayList, ParamError> {
        whole_numbers(text)
            .map(DayList)
            .ok_or_else(|| ParamError::DayList { text: text.into() })
    }
}

impl std::fmt::Display for DayList {
    /// `30,60,90`, as a field shows the list.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days: Vec<String> = self.0.iter().map(i32::to_string).collect();
        f.write_str(&days.join(","))
    }
}

/// The CPM tenure thresholds as a pair, `90,210`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TenureDays(pub [i32; 2]);

impl FromStr for TenureDays {
    type Err = ParamError;

    /// Two whole numbers separated by a comma (or spaces).
    fn from_str(text: &str) -> Result<TenureDays, ParamError> {
        whole_numbers::<i32>(text)
            .and_then(|n| <[i32; 2]>::try_from(n).ok())
            .map(TenureDays)
            .ok_or_else(|| ParamError::TenureDays { text: text.into() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scorings_are_quantile_or_four_numbers() {
        for quantile in ["quantile", " Quantile ", "分位", ""] {
            assert_eq!(quantile.parse::<Scoring>(), Ok(Scoring::Quantile));
        }
        assert_eq!(
            "30, 90,180、365".parse::<Scoring>(),
            Ok(Scoring::Fixed([30, 90, 180, 365]))
        );
        // The order is a rule of the parameters (`RfmParams::validate`), not of the form.
        assert_eq!("5,3,2,1".parse(), Ok(Scoring::Fixed([5, 3, 2, 1])));
        for bad in ["1,2,3", "1,2,3,4,5", "a,b,c,d", "1.5,2,3,4"] {
            assert_eq!(
                bad.parse::<Scoring>(),
                Err(ParamError::Scoring { text: bad.into() })
            );
        }
    }

    #[test]
    fn names_read_in_any_case() {
        assert_eq!("Week".parse(), Ok(Granularity::Week));
        assert!("day".parse::<Granularity>().is_err());
        assert_eq!("month".parse(), Ok(TimeUnit::Month));
        assert!("year".parse::<TimeUnit>().is_err());
        assert_eq!("BG_NBD".parse(), Ok(TransactionModelKind::BgNbd));
        assert_eq!("mbg-nbd".parse(), Ok(TransactionModelKind::MbgNbd));
        assert_eq!("Pareto_NBD".parse(), Ok(TransactionModelKind::ParetoNbd));
        assert!("pnbd".parse::<TransactionModelKind>().is_err());
        assert_eq!("average".parse(), Ok(MonetaryBasis::Average));
        assert!("mean".parse::<MonetaryBasis>().is_err());
    }

    #[test]
    fn day_lists_and_tenure_pairs_are_whole_numbers() {
        assert_eq!("30, 60,90".parse(), Ok(DayList(vec![30, 60, 90])));
        assert_eq!("7 45、".parse(), Ok(DayList(vec![7, 45])));
        assert_eq!("".parse(), Ok(DayList(vec![])));
        assert_eq!("30,-1".parse(), Ok(DayList(vec![30, -1])));
        for bad in ["1.5", "a,b", "30,x"] {
            assert!(bad.parse::<DayList>().is_err(), "{bad}");
        }
        assert_eq!(DayList(vec![30, 60]).to_string(), "30,60");
        assert_eq!(" 30 , 30 ".parse(), Ok(TenureDays([30, 30])));
        for bad in ["90", "90,210,300", "a,b"] {
            assert!(bad.parse::<TenureDays>().is_err(), "{bad}");
        }
    }
}
