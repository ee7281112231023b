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

use super::clv::{ClvParams, WhileAlive};
use super::gamma_gamma::GammaGammaParams;
use super::optimize::Fit;
use super::summary::TimeUnit;
use super::uncertainty::Z_975;
use super::{CustomerLtv, TransactionFit, TransactionModel};

/// The relative step of the forward differences.
const STEP: f64 = 1e-5;

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
    let Some(now) = horizon_sums(model, &groups, unit, clv) else {
        return totals;
    };
    // The same sums with each transaction parameter moved in turn, for both totals' derivatives.
    let moved: Option<Vec<Sums>> = (0..4)
        .map(|i| {
            let mut p = params;
            p[i] *= STEP.exp();
            horizon_sums(&*transactions.model_with(p), &groups, unit, clv)
        })
        .collect();
    let derivatives = |f: &dyn Fn(&Sums) -> f64| -> Option<Vec<f64>> {
        let moved = moved.as_ref()?;
        Some(moved.iter().map(|m| (f(m) - f(&now)) / STEP).collect())
    };
    let variance = derivatives(&|s| s.transactions).and_then(|g| covariance?.delta_variance(&g));
    totals.expected_transactions = Some(Estimate::new(now.transactions, variance));
    let Some(gg) = spend.fitted() else {
        return totals;
    };
    // CLV = Σ over groups of the discounted transactions per unit of value × the group's values × margin.
    let weighted = |s: &Sums| -> f64 {
        groups
            .iter()
            .zip(&s.discounted)
            .map(|(g, d)| g.value_minor * d)
            .sum::<f64>()
            * clv.margin
    };
    let value = weighted(&now);
    let transaction_variance = derivatives(&weighted).and_then(|g| covariance?.delta_variance(&g));
    let discounted_now = &now.discounted;
    // The spend model's part: the same discounted transactions, valued under other spend parameters.
    let revalued = |[p, q, gamma]: [f64; 3]| -> Option<f64> {
        let g = GammaGammaParams { p, q, gamma };
        customers
            .iter()
            .zip(&group_of)
            .try_fold(0.0, |sum, (c, &i)| {
                let mean = c.mean_repeat_value_minor.unwrap_or(0.0) / per_unit;
                let value = g.conditional_expected_value(c.x, mean)? * per_unit;
                Some(sum + discounted_now[i as usize] * value * clv.margin)
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

/// The transactions over the horizon in all, and per group the discounted transactions per unit of value,
/// under one transaction model.
struct Sums {
    transactions: f64,
    discounted: Vec<f64>,
}

/// [`Sums`] under `m`: P(alive) of each group times its (x, T)'s figures while alive; `None` when one cannot
/// be computed.
fn horizon_sums(
    m: &dyn TransactionModel,
    groups: &[Group],
    unit: TimeUnit,
    clv: &ClvParams,
) -> Option<Sums> {
    let mut while_alive = WhileAlive::new(m, unit, clv);
    let mut transactions = 0.0;
    let discounted = groups
        .iter()
        .map(|g| {
            let figures = while_alive.get(g.x, g.t_cal)?;
            let p = m.p_alive(g.x, g.t_x, g.t_cal);
            let p = p.is_finite().then_some(p)?;
            transactions += g.customers * p * figures.transactions;
            Some(p * figures.discounted)
        })
        .collect::<Option<Vec<f64>>>()?;
    Some(Sums {
        transactions,
        discounted,
    })
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
