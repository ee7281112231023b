//! Customer lifetime value over a horizon (docs/analyses.md, "Predictive LTV" → "CLV"):
//!
//! ```text
//! CLV = Σ_{m=1..H} (E[Y(m) | history] − E[Y(m−1) | history]) × expected value × margin ÷ (1 + d)^m,
//! ```
//!
//! the expected transactions in each month from the transaction model, conditional on the customer's
//! (x, t_x, T), valued at the Gamma-Gamma expected value per transaction and discounted monthly. Months are
//! converted into the fitting unit (a month is 30.4375 days).

use rustc_hash::FxHashMap;
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

/// What a customer alive at T with x repeats is expected to do over the CLV horizon: the transactions, and the
/// discounted transactions per unit of value. In every model the conditional expectations are P(alive) times
/// these, which depend on (x, T) only, so they are computed once per pair: customers share (x, T) far more
/// than (x, t_x, T) (345k customers of a million order lines have about 9k pairs).
pub struct WhileAlive<'m> {
    model: &'m dyn TransactionModel,
    /// The month in the model's unit.
    month: f64,
    months: u32,
    rate: f64,
    known: FxHashMap<(u32, u64), Option<HorizonWhileAlive>>,
}

/// [`WhileAlive`]'s figures for one (x, T).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HorizonWhileAlive {
    /// Expected transactions over the horizon.
    pub transactions: f64,
    /// Σ over months of the month's expected transactions ÷ (1 + d)^m: the CLV of a unit of value.
    pub discounted: f64,
}

impl<'m> WhileAlive<'m> {
    /// For `model` fitted in `unit`, over the horizon and discount of `params`.
    pub fn new(model: &'m dyn TransactionModel, unit: TimeUnit, params: &ClvParams) -> Self {
        WhileAlive {
            model,
            month: DAYS_PER_MONTH / unit.days(),
            months: params.horizon_months,
            rate: params.monthly_discount_rate,
            known: FxHashMap::default(),
        }
    }

    /// The figures for a customer with x repeats, T after their first purchase; `None` when an expectation
    /// cannot be computed.
    pub fn get(&mut self, x: u32, t_cal: f64) -> Option<HorizonWhileAlive> {
        let key = (x, t_cal.to_bits());
        if let Some(&known) = self.known.get(&key) {
            return known;
        }
        let figures = self.compute(x, t_cal);
        self.known.insert(key, figures);
        figures
    }

    fn compute(&self, x: u32, t_cal: f64) -> Option<HorizonWhileAlive> {
        let (mut previous, mut discounted) = (0.0, 0.0);
        for k in 1..=self.months {
            let e = self
                .model
                .expected_while_alive(f64::from(k) * self.month, x, t_cal)?;
            discounted += (e - previous) / (1.0 + self.rate).powi(k as i32);
            previous = e;
        }
        Some(HorizonWhileAlive {
            transactions: previous,
            discounted,
        })
    }
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

#[cfg(test)]
mod while_alive_tests {
    use super::*;
    use crate::analysis::ltv::bgnbd::BgNbdParams;

    #[test]
    fn p_alive_times_the_figures_while_alive_are_the_conditional_ones() {
        let bg = BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        };
        let params = ClvParams::default();
        let mut w = WhileAlive::new(&bg, TimeUnit::Week, &params);
        for (x, t_x, t_cal) in [(2, 30.43, 38.86), (0, 0.0, 20.0), (7, 29.43, 38.86)] {
            let f = w.get(x, t_cal).unwrap();
            let p = bg.p_alive(x, t_x, t_cal);
            let horizon = 12.0 * DAYS_PER_MONTH / 7.0;
            let e = bg
                .conditional_expected_transactions(horizon, x, t_x, t_cal)
                .unwrap();
            assert!((p * f.transactions / e - 1.0).abs() < 1e-12);
            let value = clv(&bg, x, t_x, t_cal, 25.0, TimeUnit::Week, &params).unwrap();
            assert!((p * f.discounted * 25.0 / value - 1.0).abs() < 1e-12);
        }
        // Asked again, the pair is not computed again.
        assert_eq!(w.known.len(), 3);
        w.get(2, 38.86);
        assert_eq!(w.known.len(), 3);
    }
}
