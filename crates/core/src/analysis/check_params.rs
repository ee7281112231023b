//! The rules of the analyses' parameters, checked by each params type's `validate()` before an analysis runs
//! (the CLI before it reads any file, the JS API on every call, the page on every change), with the limits as
//! constants. An analysis given parameters that break them still runs without panicking; the front ends just
//! never give it such parameters.

use super::acquisition::AcquisitionParams;
use super::cpm::CpmParams;
use super::dashboard::DashboardParams;
use super::history::HistoryParams;
use super::ltv::clv::ClvParams;
use super::ltv::optimize::FitOptions;
use super::ltv::summary::SummaryParams;
use super::ltv::LtvParams;
use super::migration::{MigrationBy, MigrationParams};
use super::repeat::RepeatParams;
use super::rfm::{RfmParams, Scoring};
use crate::params::{at_least, at_most, finite, ParamError};

/// The fewest days a number of days can be: 0.
pub const MIN_DAYS: i32 = 0;

/// Checks that every one of `days` is at least [`MIN_DAYS`], and that there is one at least.
fn days(param: &'static str, days: &[i32]) -> Result<(), ParamError> {
    if days.is_empty() {
        return Err(ParamError::NoDays { param });
    }
    days.iter()
        .try_for_each(|&d| at_least(param, f64::from(d), f64::from(MIN_DAYS)))
}

impl Scoring {
    /// Checks that fixed thresholds are strictly ascending (each score covers some values).
    pub fn validate(&self, param: &'static str) -> Result<(), ParamError> {
        match self {
            Scoring::Fixed(t) if !t.windows(2).all(|w| w[0] < w[1]) => {
                Err(ParamError::NotAscending {
                    param,
                    values: t.to_vec(),
                })
            }
            _ => Ok(()),
        }
    }
}

impl RfmParams {
    /// Checks each scoring.
    pub fn validate(&self) -> Result<(), ParamError> {
        self.recency.validate("recency")?;
        self.frequency.validate("frequency")?;
        self.monetary.validate("monetary")
    }
}

impl CpmParams {
    /// The lowest value threshold, in currency units.
    pub const MIN_VALUE_THRESHOLD: i64 = 0;

    /// Checks the lapse window and the tenure thresholds (0 ≤ first ≤ second, days) and the value threshold.
    pub fn validate(&self) -> Result<(), ParamError> {
        days("lapse_days", &[self.lapse_days])?;
        days("tenure_days", &self.tenure_days)?;
        let [first, second] = self.tenure_days;
        if first > second {
            return Err(ParamError::NotAscending {
                param: "tenure_days",
                values: vec![i64::from(first), i64::from(second)],
            });
        }
        at_least(
            "value_threshold",
            self.value_threshold as f64,
            Self::MIN_VALUE_THRESHOLD as f64,
        )
    }
}

impl RepeatParams {
    /// Checks the windows (at least one) and the product window, in days.
    pub fn validate(&self) -> Result<(), ParamError> {
        days("windows", &self.windows)?;
        days("product_window", &[self.product_window])
    }
}

impl DashboardParams {
    /// The longest monthly series, in months: ten years.
    pub const MAX_MONTHS: u32 = 120;

    /// Checks the length of the series (1 to [`Self::MAX_MONTHS`] months) and the F2 window, in days.
    pub fn validate(&self) -> Result<(), ParamError> {
        let months = f64::from(self.months);
        at_least("months", months, 1.0)?;
        at_most("months", months, f64::from(Self::MAX_MONTHS))?;
        days("f2_window_days", &[self.f2_window_days])
    }
}

impl AcquisitionParams {
    /// Checks the F2 window and the horizons (at least one), in days.
    pub fn validate(&self) -> Result<(), ParamError> {
        days("f2_window_days", &[self.f2_window_days])?;
        days("horizons", &self.horizons)
    }
}

impl MigrationParams {
    /// Checks the parameters of the analysis the customers are grouped by.
    pub fn validate(&self) -> Result<(), ParamError> {
        match self.by {
            MigrationBy::Rfm => self.rfm.validate(),
            MigrationBy::Cpm => self.cpm.validate(),
        }
    }
}

impl HistoryParams {
    /// Checks the horizons (at least one), in days.
    pub fn validate(&self) -> Result<(), ParamError> {
        days("horizons", &self.horizons)
    }
}

impl SummaryParams {
    /// Checks that the holdout period, when given with a calibration end, ends after it.
    pub fn validate(&self) -> Result<(), ParamError> {
        match (self.calibration_end, self.holdout_end) {
            (Some(calibration_end), Some(holdout_end)) if holdout_end <= calibration_end => {
                Err(ParamError::HoldoutNotAfterCalibration {
                    calibration_end,
                    holdout_end,
                })
            }
            _ => Ok(()),
        }
    }
}

impl ClvParams {
    /// The shortest CLV horizon, in months.
    pub const MIN_HORIZON_MONTHS: u32 = 1;
    /// The longest CLV horizon, in months: a hundred years.
    pub const MAX_HORIZON_MONTHS: u32 = 1200;

    /// Checks the horizon, and that the discount rate and the margin are numbers, 0 or more.
    pub fn validate(&self) -> Result<(), ParamError> {
        let months = f64::from(self.horizon_months);
        at_least(
            "clv.horizon_months",
            months,
            f64::from(Self::MIN_HORIZON_MONTHS),
        )?;
        at_most(
            "clv.horizon_months",
            months,
            f64::from(Self::MAX_HORIZON_MONTHS),
        )?;
        for (param, value) in [
            ("clv.monthly_discount_rate", self.monthly_discount_rate),
            ("clv.margin", self.margin),
        ] {
            finite(param, value)?;
            at_least(param, value, 0.0)?;
        }
        Ok(())
    }
}

impl FitOptions {
    /// The most L-BFGS iterations a fit may be given.
    pub const MAX_ITERATIONS: u64 = 10_000;

    /// Checks the iterations and that the gradient tolerance is a positive number.
    pub fn validate(&self) -> Result<(), ParamError> {
        at_most(
            "fit.max_iterations",
            self.max_iterations as f64,
            Self::MAX_ITERATIONS as f64,
        )?;
        let tolerance = self.gradient_tolerance;
        finite("fit.gradient_tolerance", tolerance)?;
        match tolerance > 0.0 {
            true => Ok(()),
            false => Err(ParamError::NotPositive {
                param: "fit.gradient_tolerance",
                value: tolerance,
            }),
        }
    }
}

impl LtvParams {
    /// Checks the calibration and holdout periods, the CLV options and the fit options.
    pub fn validate(&self) -> Result<(), ParamError> {
        self.summary.validate()?;
        self.clv.validate()?;
        self.fit.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        RfmParams::default().validate().unwrap();
        CpmParams::default().validate().unwrap();
        RepeatParams::default().validate().unwrap();
        DashboardParams::default().validate().unwrap();
        HistoryParams::default().validate().unwrap();
        LtvParams::default().validate().unwrap();
    }

    #[test]
    fn each_rule_refuses_what_it_names() {
        let rfm = RfmParams {
            monetary: Scoring::Fixed([1, 2, 2, 3]),
            ..RfmParams::default()
        };
        assert_eq!(
            rfm.validate().unwrap_err().to_string(),
            "monetary must be ascending, not 1,2,2,3"
        );
        let cpm = |lapse_days, tenure_days, value_threshold| CpmParams {
            lapse_days,
            tenure_days,
            value_threshold,
        };
        assert_eq!(
            cpm(-1, [90, 210], 0).validate().unwrap_err().to_string(),
            "lapse_days is -1; at least 0"
        );
        assert_eq!(
            cpm(240, [210, 90], 0).validate().unwrap_err().to_string(),
            "tenure_days must be ascending, not 210,90"
        );
        assert!(cpm(240, [-1, 5], 0).validate().is_err());
        assert!(cpm(240, [30, 30], 0).validate().is_ok());
        assert!(cpm(240, [30, 30], -1).validate().is_err());
        let repeat = RepeatParams {
            windows: vec![],
            ..RepeatParams::default()
        };
        assert_eq!(
            repeat.validate().unwrap_err().to_string(),
            "windows needs at least one number of days"
        );
        let dashboard = |months, f2_window_days| {
            DashboardParams {
                months,
                f2_window_days,
            }
            .validate()
            .map_err(|e| e.to_string())
        };
        assert_eq!(dashboard(0, 90), Err("months is 0; at least 1".into()));
        assert_eq!(dashboard(121, 90), Err("months is 121; at most 120".into()));
        assert_eq!(
            dashboard(24, -1),
            Err("f2_window_days is -1; at least 0".into())
        );
        assert_eq!(dashboard(120, 0), Ok(()));
        let history = HistoryParams {
            horizons: vec![30, -1],
        };
        assert_eq!(
            history.validate().unwrap_err().to_string(),
            "horizons is -1; at least 0"
        );
        let ltv = |f: fn(&mut LtvParams)| {
            let mut p = LtvParams::default();
            f(&mut p);
            p.validate().map_err(|e| e.to_string())
        };
        assert_eq!(
            ltv(|p| p.clv.horizon_months = 0),
            Err("clv.horizon_months is 0; at least 1".into())
        );
        assert_eq!(
            ltv(|p| p.clv.horizon_months = 1201),
            Err("clv.horizon_months is 1201; at most 1200".into())
        );
        assert_eq!(
            ltv(|p| p.clv.monthly_discount_rate = -0.1),
            Err("clv.monthly_discount_rate is -0.1; at least 0".into())
        );
        assert_eq!(
            ltv(|p| p.clv.margin = f64::INFINITY),
            Err("clv.margin must be a number".into())
        );
        assert_eq!(
            ltv(|p| p.fit.max_iterations = 10_001),
            Err("fit.max_iterations is 10001; at most 10000".into())
        );
        assert_eq!(
            ltv(|p| p.fit.gradient_tolerance = 0.0),
            Err("fit.gradient_tolerance is 0; it must be above 0".into())
        );
        assert_eq!(
            ltv(|p| {
                p.summary.calibration_end = "1997-09-30".parse().ok();
                p.summary.holdout_end = "1997-09-30".parse().ok();
            }),
            Err("the holdout end 1997-09-30 must be after the calibration end 1997-09-30".into())
        );
    }
}
