//! Why a parameter is refused: [`ParamError`], for the parameters the front ends read from text (the CLI's
//! options, the JS API's objects, the page's fields) and check with the core's rules: each params type has a
//! `FromStr` where it is read from text and a `validate()`, and the limits are constants beside them
//! (`analysis::read_params`, `analysis::check_params`, and the segment and reading options).

use std::fmt;

use crate::date::{Day, DayError};

/// Why a parameter cannot be used: text that is not a value of its kind, or a value outside the rules.
/// `param` names the parameter as the JS API's objects do (`lapse_days`, `clv.horizon_months`).
#[derive(Clone, Debug, PartialEq)]
pub enum ParamError {
    /// Not a scoring: `quantile` or four whole numbers.
    Scoring {
        /// The text as written.
        text: String,
    },
    /// Not `total` nor `average`.
    MonetaryBasis {
        /// The text as written.
        text: String,
    },
    /// Not `month` nor `week`.
    Granularity {
        /// The text as written.
        text: String,
    },
    /// Not `day`, `week` nor `month`.
    TimeUnit {
        /// The text as written.
        text: String,
    },
    /// Not `bg-nbd`, `mbg-nbd` nor `pareto-nbd`.
    Model {
        /// The text as written.
        text: String,
    },
    /// Not a list of whole numbers of days.
    DayList {
        /// The text as written.
        text: String,
    },
    /// Not two whole numbers of days.
    TenureDays {
        /// The text as written.
        text: String,
    },
    /// Not a date `YYYY-MM-DD`.
    Date(DayError),
    /// Not a share from 0 to 1 (a percentage, when the text ends with `%`).
    Share {
        /// The text as written.
        text: String,
    },
    /// Not the name of a segment field; `fields` are the names there are.
    Field {
        /// The name as written.
        name: String,
        /// The names of the segment fields.
        fields: Vec<String>,
    },
    /// Not `utf-8` nor `shift-jis`.
    OutEncoding {
        /// The text as written.
        text: String,
    },
    /// Not `fields`, `email-list` nor `phone-list`.
    Layout {
        /// The text as written.
        text: String,
    },
    /// Not `national` nor `e164`.
    PhoneForm {
        /// The text as written.
        text: String,
    },
    /// Not `refuse`, `geta` nor `question`.
    Unmappable {
        /// The text as written.
        text: String,
    },
    /// Not the id of a ready-made segment; `ids` are the ids there are.
    Starter {
        /// The id as written.
        id: String,
        /// The ids of the ready-made segments.
        ids: Vec<String>,
    },
    /// A number below its lowest value.
    TooSmall {
        /// The parameter, as the JS API's objects name it.
        param: &'static str,
        /// The value given.
        value: f64,
        /// The lowest value accepted.
        min: f64,
    },
    /// A number above its highest value.
    TooLarge {
        /// The parameter, as the JS API's objects name it.
        param: &'static str,
        /// The value given.
        value: f64,
        /// The highest value accepted.
        max: f64,
    },
    /// A number that must be above 0 and is not.
    NotPositive {
        /// The parameter, as the JS API's objects name it.
        param: &'static str,
        /// The value given.
        value: f64,
    },
    /// Not a finite number (`NaN`, infinity).
    NotANumber {
        /// The parameter, as the JS API's objects name it.
        param: &'static str,
    },
    /// Thresholds that must be ascending and are not.
    NotAscending {
        /// The parameter, as the JS API's objects name it.
        param: &'static str,
        /// The thresholds given.
        values: Vec<i64>,
    },
    /// An empty list of days.
    NoDays {
        /// The parameter, as the JS API's objects name it.
        param: &'static str,
    },
    /// A list of words with an empty one.
    EmptyWord {
        /// The parameter, as the JS API's objects name it.
        param: &'static str,
    },
    /// The holdout period ends on or before the calibration end.
    HoldoutNotAfterCalibration {
        /// The end of the calibration period.
        calibration_end: Day,
        /// The end of the holdout period.
        holdout_end: Day,
    },
}

impl ParamError {
    /// The parameter a rule refused, as the JS API's objects name it (`lapse_days`, `clv.horizon_months`);
    /// `None` for text that did not read.
    pub fn param(&self) -> Option<&'static str> {
        use ParamError::*;
        match self {
            TooSmall { param, .. }
            | TooLarge { param, .. }
            | NotPositive { param, .. }
            | NotANumber { param }
            | NotAscending { param, .. }
            | NoDays { param }
            | EmptyWord { param } => Some(param),
            HoldoutNotAfterCalibration { .. } => Some("summary.holdout_end"),
            _ => None,
        }
    }
}

impl From<DayError> for ParamError {
    fn from(e: DayError) -> ParamError {
        ParamError::Date(e)
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ParamError::*;
        match self {
            Scoring { text } => write!(
                f,
                "'{text}' is neither 'quantile' nor four ascending whole numbers like 1,2,3,5"
            ),
            MonetaryBasis { text } => write!(f, "'{text}' is neither 'total' nor 'average'"),
            Granularity { text } => write!(f, "'{text}' is neither 'month' nor 'week'"),
            TimeUnit { text } => write!(f, "'{text}' is not one of day, week, month"),
            Model { text } => write!(f, "'{text}' is not one of bg-nbd, mbg-nbd, pareto-nbd"),
            DayList { text } => write!(
                f,
                "'{text}' is not a list of whole numbers of days like 30,60,90"
            ),
            TenureDays { text } => write!(
                f,
                "'{text}' is not two ascending whole numbers of days like 90,210"
            ),
            Date(e) => e.fmt(f),
            Share { text } if text.trim().ends_with('%') => write!(
                f,
                "'{text}' is not a number from 0 to 1; write a share of the rows, 0.05 for 5%"
            ),
            Share { text } => write!(
                f,
                "'{text}' is not a number from 0 to 1 (a share of the rows, such as 0.05 for 5%)"
            ),
            Field { name, fields } => {
                write!(f, "'{name}' is not a field; fields: {}", fields.join(", "))
            }
            OutEncoding { text } => write!(f, "'{text}' is neither 'utf-8' nor 'shift-jis'"),
            Layout { text } => write!(f, "'{text}' is not one of fields, email-list, phone-list"),
            PhoneForm { text } => write!(f, "'{text}' is neither 'national' nor 'e164'"),
            Unmappable { text } => write!(f, "'{text}' is not one of refuse, geta, question"),
            Starter { id, ids } => write!(
                f,
                "'{id}' is not a ready-made segment; one of: {}",
                ids.join(", ")
            ),
            TooSmall { param, value, min } => write!(f, "{param} is {value}; at least {min}"),
            TooLarge { param, value, max } => write!(f, "{param} is {value}; at most {max}"),
            NotPositive { param, value } => write!(f, "{param} is {value}; it must be above 0"),
            NotANumber { param } => write!(f, "{param} must be a number"),
            NotAscending { param, values } => {
                let values: Vec<String> = values.iter().map(i64::to_string).collect();
                write!(f, "{param} must be ascending, not {}", values.join(","))
            }
            NoDays { param } => write!(f, "{param} needs at least one number of days"),
            EmptyWord { param } => write!(f, "a word of {param} is empty"),
            HoldoutNotAfterCalibration {
                calibration_end,
                holdout_end,
            } => write!(
                f,
                "the holdout end {holdout_end} must be after the calibration end {calibration_end}"
            ),
        }
    }
}

impl std::error::Error for ParamError {}

/// Checks that `value` is at least `min`.
pub(crate) fn at_least(param: &'static str, value: f64, min: f64) -> Result<(), ParamError> {
    match value >= min {
        true => Ok(()),
        false => Err(ParamError::TooSmall { param, value, min }),
    }
}

/// Checks that `value` is at most `max`.
pub(crate) fn at_most(param: &'static str, value: f64, max: f64) -> Result<(), ParamError> {
    match value <= max {
        true => Ok(()),
        false => Err(ParamError::TooLarge { param, value, max }),
    }
}

/// Checks that `value` is a finite number.
pub(crate) fn finite(param: &'static str, value: f64) -> Result<(), ParamError> {
    match value.is_finite() {
        true => Ok(()),
        false => Err(ParamError::NotANumber { param }),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One error of every kind, with its English words.
    pub(crate) fn every_kind() -> Vec<(ParamError, &'static str)> {
        use ParamError::*;
        let text = |t: &str| t.to_string();
        vec![
            (
                Scoring { text: text("1,2") },
                "'1,2' is neither 'quantile' nor four ascending whole numbers like 1,2,3,5",
            ),
            (
                MonetaryBasis { text: text("mean") },
                "'mean' is neither 'total' nor 'average'",
            ),
            (
                Granularity { text: text("year") },
                "'year' is neither 'month' nor 'week'",
            ),
            (
                TimeUnit { text: text("year") },
                "'year' is not one of day, week, month",
            ),
            (
                Model { text: text("nbd") },
                "'nbd' is not one of bg-nbd, mbg-nbd, pareto-nbd",
            ),
            (
                DayList { text: text("30,x") },
                "'30,x' is not a list of whole numbers of days like 30,60,90",
            ),
            (
                TenureDays { text: text("90") },
                "'90' is not two ascending whole numbers of days like 90,210",
            ),
            (
                Date(DayError {
                    text: text("24-01-05"),
                    four_digit_year: false,
                }),
                "'24-01-05' is not a date of the form YYYY-MM-DD (with a four-digit year)",
            ),
            (
                Share { text: text("5%") },
                "'5%' is not a number from 0 to 1; write a share of the rows, 0.05 for 5%",
            ),
            (
                Share { text: text("1.5") },
                "'1.5' is not a number from 0 to 1 (a share of the rows, such as 0.05 for 5%)",
            ),
            (
                Field {
                    name: text("nope"),
                    fields: vec![text("customer"), text("email")],
                },
                "'nope' is not a field; fields: customer, email",
            ),
            (
                OutEncoding {
                    text: text("latin1"),
                },
                "'latin1' is neither 'utf-8' nor 'shift-jis'",
            ),
            (
                Layout { text: text("csv") },
                "'csv' is not one of fields, email-list, phone-list",
            ),
            (
                PhoneForm { text: text("intl") },
                "'intl' is neither 'national' nor 'e164'",
            ),
            (
                Unmappable { text: text("drop") },
                "'drop' is not one of refuse, geta, question",
            ),
            (
                Starter {
                    id: text("vip"),
                    ids: vec![text("win_back"), text("vip_thanks")],
                },
                "'vip' is not a ready-made segment; one of: win_back, vip_thanks",
            ),
            (
                TooSmall {
                    param: "lapse_days",
                    value: -1.0,
                    min: 0.0,
                },
                "lapse_days is -1; at least 0",
            ),
            (
                TooLarge {
                    param: "clv.horizon_months",
                    value: 1300.0,
                    max: 1200.0,
                },
                "clv.horizon_months is 1300; at most 1200",
            ),
            (
                NotPositive {
                    param: "fit.gradient_tolerance",
                    value: 0.0,
                },
                "fit.gradient_tolerance is 0; it must be above 0",
            ),
            (
                NotANumber {
                    param: "clv.margin",
                },
                "clv.margin must be a number",
            ),
            (
                NotAscending {
                    param: "tenure_days",
                    values: vec![210, 90],
                },
                "tenure_days must be ascending, not 210,90",
            ),
            (
                NoDays { param: "windows" },
                "windows needs at least one number of days",
            ),
            (
                EmptyWord {
                    param: "not_products",
                },
                "a word of not_products is empty",
            ),
            (
                HoldoutNotAfterCalibration {
                    calibration_end: "1997-09-30".parse().unwrap(),
                    holdout_end: "1997-09-30".parse().unwrap(),
                },
                "the holdout end 1997-09-30 must be after the calibration end 1997-09-30",
            ),
        ]
    }

    #[test]
    fn every_kind_has_its_english_words() {
        for (error, english) in every_kind() {
            assert_eq!(error.to_string(), english, "{error:?}");
        }
    }

    #[test]
    fn rules_name_their_parameter() {
        let e = ParamError::NoDays { param: "windows" };
        assert_eq!(e.param(), Some("windows"));
        let e = ParamError::Granularity { text: "day".into() };
        assert_eq!(e.param(), None);
    }

    #[test]
    fn bounds_are_checked_inclusively() {
        assert_eq!(at_least("lapse_days", 0.0, 0.0), Ok(()));
        assert!(at_least("lapse_days", -1.0, 0.0).is_err());
        assert_eq!(at_most("clv.horizon_months", 1200.0, 1200.0), Ok(()));
        assert!(at_most("clv.horizon_months", 1201.0, 1200.0).is_err());
        assert!(finite("clv.margin", f64::NAN).is_err());
    }
}
