//! What all the customers are expected to bring over the CLV horizon, with 95% intervals from the fitted
//! parameters' uncertainty (docs/analyses.md, "Intervals of the totals").
//!
//! The totals are the sums of the per-customer predictions. Their intervals come from the delta method: the
//! derivative of a total with respect to each log-parameter, by a forward difference over a relative step of
//! 1e-5, and each fit's covariance of the log-parameters ([`super::uncertainty::Uncertainty::log_covariance`]). The transaction
//! and spend models are fitted separately, so their variances add. The intervals say how far the totals move
//! with the parameters the data allow. They leave out the chance in which customers happen to buy: over
//! many customers that part is small against the total.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::clv::{discounted_value, ClvParams};
use super::gamma_gamma::GammaGammaParams;
use super::optimize::Fit;
use super::summary::{TimeUnit, DAYS_PER_MONTH};
use super::{CustomerLtv, TransactionFit, TransactionModel};

/// The relative step of the forward differences.
const STEP: f64 = 1e-5;

/// The 97.5% quantile of the standard normal distribution.
const Z_975: f64 = 1.959_963_984_540_054;

/// A predicted total and how sure it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The prediction at the fitted parameters.
    pub value: f64,
    /// Its standard error from the parameters' uncertainty; `None` when a fit has no covariance.
    pub standard_error: Option<f64>,
    /// value ± 1.96 standard errors, the low end at least 0.
    pub interval: Option<[f64; 2]>,
}

impl Estimate {
    fn new(value: f64, variance: Option<f64>) -> Estimate {
        let standard_error = variance
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(f64::sqrt);
        Estimate {
            value,
            standard_error,
            interval: standard_error.map(|se| [(value - Z_975 * se).max(0.0), value + Z_975 * se]),
        }
    }
}

/// All customers' predictions over the CLV horizon, summed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HorizonTotals {
    /// The horizon in months.
    pub horizon_months: u32,
    /// Expected transactions over the horizon; `None` when a customer's cannot be computed.
    pub expected_transactions: Option<Estimate>,
    /// Predicted CLV in minor units, after discount and margin; `None` when a customer's cannot be computed.
    pub clv_minor: Option<Estimate>,
}

/// Customers sharing (x, t_x, T): the transaction model's predictions are the same for all of them.
struct Group {
    x: u32,
    t_x: f64,
    t_cal: f64,
    customers: f64,
    /// The sum of their expected values per transaction, in minor units.
    value_minor: f64,
}

/// The totals of `customers`' predictions (made by [`super::predict`] with these fits and parameters).
/// `per_unit` is the minor units in a currency unit, the spend model's unit.
pub fn horizon_totals(
    customers: &[CustomerLtv],
    transactions: &TransactionFit,
    spend: &Fit<GammaGammaParams>,
    unit: TimeUnit,
    clv: &ClvParams,
    per_unit: f64,
) -> HorizonTotals {
    let mut totals = HorizonTotals {
        horizon_months: clv.horizon_months,
        expected_transactions: None,
        clv_minor: None,
    };
    let (Some(model), Ok(summary)) = (transactions.model(), transactions.summary()) else {
        return totals;
    };
    let Some((groups, group_of)) = groups(customers) else {
        return totals;
    };
    let params = summary.params.map(|(_, v)| v);
    let covariance = transactions.uncertainty();
    let horizon = f64::from(clv.horizon_months) * DAYS_PER_MONTH / unit.days();
    let expected = |m: &dyn TransactionModel| -> Option<f64> {
        groups.iter().try_fold(0.0, |sum, g| {
            Some(
                sum + g.customers
                    * m.conditional_expected_transactions(horizon, g.x, g.t_x, g.t_cal)?,
            )
        })
    };
    if let Some(value) = expected(model) {
        let variance = log_gradient(value, params, |p| expected(&*transactions.model_with(p)))
            .and_then(|g| covariance?.delta_variance(&g));
        totals.expected_transactions = Some(Estimate::new(value, variance));
    }
    // Discounted transactions per unit of value, per group: CLV = Σ this × value × margin.
    let per_group = |m: &dyn TransactionModel| -> Option<Vec<f64>> {
        let month = DAYS_PER_MONTH / unit.days();
        let rate = clv.monthly_discount_rate;
        groups
            .iter()
            .map(|g| discounted_value(m, g.x, g.t_x, g.t_cal, 1.0, clv.horizon_months, month, rate))
            .collect()
    };
    let (Some(discounted), Some(gg)) = (per_group(model), spend.fitted()) else {
        return totals;
    };
    let weighted = |d: &[f64]| -> f64 {
        groups
            .iter()
            .zip(d)
            .map(|(g, d)| g.value_minor * d)
            .sum::<f64>()
            * clv.margin
    };
    let value = weighted(&discounted);
    let transaction_variance = log_gradient(value, params, |p| {
        per_group(&*transactions.model_with(p)).map(|d| weighted(&d))
    })
    .and_then(|g| covariance?.delta_variance(&g));
    // The spend model's part: the same discounted transactions, valued under other spend parameters.
    let revalued = |[p, q, gamma]: [f64; 3]| -> Option<f64> {
        let g = GammaGammaParams { p, q, gamma };
        customers
            .iter()
            .zip(&group_of)
            .try_fold(0.0, |sum, (c, &i)| {
                let mean = c.mean_repeat_value_minor.unwrap_or(0.0) / per_unit;
                let value = g.conditional_expected_value(c.x, mean)? * per_unit;
                Some(sum + discounted[i as usize] * value * clv.margin)
            })
    };
    let g = gg.params;
    let spend_variance = log_gradient(value, [g.p, g.q, g.gamma], revalued)
        .and_then(|grad| gg.uncertainty.delta_variance(&grad));
    let variance = transaction_variance.zip(spend_variance).map(|(a, b)| a + b);
    totals.clv_minor = Some(Estimate::new(value, variance));
    totals
}

/// The customers grouped by (x, t_x, T), and each customer's group; `None` when a customer has no expected
/// value per transaction (so no CLV).
fn groups(customers: &[CustomerLtv]) -> Option<(Vec<Group>, Vec<u32>)> {
    let mut index: FxHashMap<(u32, u64, u64), u32> = FxHashMap::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = Vec::with_capacity(customers.len());
    for c in customers {
        let key = (c.x, c.t_x.to_bits(), c.t_cal.to_bits());
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(Group {
                x: c.x,
                t_x: c.t_x,
                t_cal: c.t_cal,
                customers: 0.0,
                value_minor: 0.0,
            });
            (groups.len() - 1) as u32
        });
        let g = &mut groups[i as usize];
        g.customers += 1.0;
        g.value_minor += c.expected_value_minor?;
        group_of.push(i);
    }
    Some((groups, group_of))
}

/// The derivatives of f with respect to the logarithms of `params`, where f(`params`) = `value`.
fn log_gradient<const N: usize>(
    value: f64,
    params: [f64; N],
    f: impl Fn([f64; N]) -> Option<f64>,
) -> Option<Vec<f64>> {
    (0..N)
        .map(|i| {
            let mut moved = params;
            moved[i] *= STEP.exp();
            Some((f(moved)? - value) / STEP)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_gradient_of_a_power_is_its_exponent() {
        // f = a² b: ∂f/∂ln a = 2f, ∂f/∂ln b = f.
        let f = |[a, b]: [f64; 2]| Some(a * a * b);
        let g = log_gradient(12.0, [2.0, 3.0], f).unwrap();
        assert!(
            (g[0] - 24.0).abs() < 1e-3 && (g[1] - 12.0).abs() < 1e-3,
            "{g:?}"
        );
    }

    #[test]
    fn an_interval_is_symmetric_and_stops_at_zero() {
        let e = Estimate::new(10.0, Some(4.0));
        assert_eq!(e.standard_error, Some(2.0));
        let [lo, hi] = e.interval.unwrap();
        assert!(
            (lo - (10.0 - 2.0 * Z_975)).abs() < 1e-12 && (hi - (10.0 + 2.0 * Z_975)).abs() < 1e-12
        );
        assert_eq!(Estimate::new(1.0, Some(4.0)).interval.unwrap()[0], 0.0);
        assert_eq!(Estimate::new(1.0, None).interval, None);
    }
}
