//! Customer lifetime value over a horizon (docs/analyses.md, "Predictive LTV" → "CLV"):
//!
//! ```text
//! CLV = Σ_{m=1..H} (E[Y(m) | history] − E[Y(m−1) | history]) × expected value × margin ÷ (1 + d)^m,
//! ```
//!
//! the expected transactions in each month from the transaction model, conditional on the customer's
//! (x, t_x, T), valued at the Gamma-Gamma expected value per transaction and discounted monthly. Months are
//! converted into the fitting unit (a month is 30.4375 days).

use serde::{Deserialize, Serialize};

use super::summary::{TimeUnit, DAYS_PER_MONTH};
use super::TransactionModel;

/// The horizon, discounting and margin of the CLV.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClvParams {
    /// Months ahead.
    pub horizon_months: u32,
    /// Discount rate per month (0.01 ≈ 12.7% a year).
    pub monthly_discount_rate: f64,
    /// Share of the transaction value that is profit (1.0: CLV in revenue).
    pub margin: f64,
}

impl Default for ClvParams {
    /// 12 months, 1% a month, margin 1.0.
    fn default() -> Self {
        ClvParams {
            horizon_months: 12,
            monthly_discount_rate: 0.01,
            margin: 1.0,
        }
    }
}

/// Σ_{k=1..periods} (E[Y(k·L)] − E[Y((k−1)·L)]) × value ÷ (1 + rate)^k for a customer with history
/// (x, t_x, T), where L = `period_length` in the model's time unit. `None` when an expectation cannot be
/// computed.
#[allow(clippy::too_many_arguments)]
pub fn discounted_value(
    model: &dyn TransactionModel,
    x: u32,
    t_x: f64,
    t_cal: f64,
    value: f64,
    periods: u32,
    period_length: f64,
    rate: f64,
) -> Option<f64> {
    let ends: Vec<f64> = (1..=periods)
        .map(|k| f64::from(k) * period_length)
        .collect();
    let expected = model.conditional_expected_transactions_over(&ends, x, t_x, t_cal)?;
    let mut total = 0.0;
    let mut previous = 0.0;
    for (k, e) in (1..=periods).zip(expected) {
        total += (e - previous) * value / (1.0 + rate).powi(k as i32);
        previous = e;
    }
    Some(total)
}

/// The CLV of a customer with history (x, t_x, T) in `unit`, whose expected value per transaction is
/// `value`, under `params`.
pub fn clv(
    model: &dyn TransactionModel,
    x: u32,
    t_x: f64,
    t_cal: f64,
    value: f64,
    unit: TimeUnit,
    params: &ClvParams,
) -> Option<f64> {
    discounted_value(
        model,
        x,
        t_x,
        t_cal,
        value * params.margin,
        params.horizon_months,
        DAYS_PER_MONTH / unit.days(),
        params.monthly_discount_rate,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ltv::bgnbd::BgNbdParams;

    const FHL: BgNbdParams = BgNbdParams {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };

    #[test]
    fn without_discount_the_clv_is_the_expected_transactions_times_value() {
        // The monthly differences telescope: E[Y(12 months)] × value × margin.
        let params = ClvParams {
            monthly_discount_rate: 0.0,
            margin: 0.3,
            ..ClvParams::default()
        };
        let got = clv(&FHL, 2, 30.43, 38.86, 25.0, TimeUnit::Week, &params).unwrap();
        let weeks = 12.0 * 30.4375 / 7.0;
        let expected = FHL
            .conditional_expected_transactions(weeks, 2, 30.43, 38.86)
            .unwrap()
            * 25.0
            * 0.3;
        assert!((got - expected).abs() < 1e-12);
    }

    #[test]
    fn discounting_lowers_the_value_and_the_unit_does_not_matter() {
        let undiscounted = ClvParams {
            monthly_discount_rate: 0.0,
            ..ClvParams::default()
        };
        let weekly = clv(
            &FHL,
            2,
            30.43,
            38.86,
            25.0,
            TimeUnit::Week,
            &ClvParams::default(),
        )
        .unwrap();
        assert!(weekly < clv(&FHL, 2, 30.43, 38.86, 25.0, TimeUnit::Week, &undiscounted).unwrap());
        // The same model in days: α × 7, times × 7.
        let daily_model = BgNbdParams {
            alpha: FHL.alpha * 7.0,
            ..FHL
        };
        let daily = clv(
            &daily_model,
            2,
            30.43 * 7.0,
            38.86 * 7.0,
            25.0,
            TimeUnit::Day,
            &ClvParams::default(),
        )
        .unwrap();
        assert!((weekly - daily).abs() < 1e-9);
    }

    #[test]
    fn one_month_by_hand() {
        // H = 1: E[Y(one month)] × value ÷ 1.01.
        let params = ClvParams {
            horizon_months: 1,
            ..ClvParams::default()
        };
        let e = FHL
            .conditional_expected_transactions(30.4375 / 7.0, 0, 0.0, 10.0)
            .unwrap();
        let got = clv(&FHL, 0, 0.0, 10.0, 40.0, TimeUnit::Week, &params).unwrap();
        assert!((got - e * 40.0 / 1.01).abs() < 1e-12);
    }
}
