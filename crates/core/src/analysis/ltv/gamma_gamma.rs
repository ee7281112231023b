//! The Gamma-Gamma model of the value per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: using
//! iso-value curves for customer base analysis", Journal of Marketing Research 42(4), 415–430; Fader & Hardie
//! 2013, "The Gamma-Gamma model of monetary value", brucehardie.com/notes/025).
//!
//! A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers. The model is fitted
//! on the customers with x ≥ 1 repeat transactions, from x and their mean repeat value m̄:
//!
//! ```text
//! ln f(m̄ | x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + x m̄).
//! ```
//!
//! It assumes that the value of a customer's transactions does not depend on how often they buy;
//! [`frequency_value_correlation`] gives the Pearson correlation between x and m̄, the check the `lifetimes`
//! documentation suggests (close to 0 is what the model needs; 0.11 on CDNOW).

use serde::{Deserialize, Serialize};

use super::fit_failure::FitFailure;
use super::halves::{with_halves, Half};
use super::optimize::{minimize, Fit, FitOptions, Fitted};
use super::special::{digamma, ln_gamma};
use super::sum::Sum;
use super::summary::SpendObservation;
use super::uncertainty::Uncertainty;

/// Distinct values from which the sums over them are split in two halves, summed at once on two threads
/// where the fit has them: below it, handing half to the helper thread costs more than it saves.
const SPLIT_VALUES: usize = 2048;

/// The Gamma-Gamma parameters: shape p of a customer's transaction values, and the Gamma(q, γ) distribution of
/// their rate ν across customers; γ is in the unit of the values (currency units in the summaries, as the
/// papers and `lifetimes` report it).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaParams {
    /// Shape of the Gamma distribution of one customer's transaction values.
    pub p: f64,
    /// Shape of the Gamma distribution of the customers' rates ν.
    pub q: f64,
    /// γ, the other parameter of that distribution, in the unit of the values.
    pub gamma: f64,
}

/// The observations grouped by x: every term of the likelihood that depends on x alone (the log-gamma and
/// digamma values, the most expensive part) is computed once per distinct x, and Σ ln m̄ once per group for
/// the whole fit. Within a group, customers with the same mean value (prices repeat) are counted once with a
/// weight, so each evaluation costs one logarithm and one division per distinct (x, m̄).
struct ByFrequency {
    groups: Vec<FrequencyGroup>,
    /// Distinct mean values and how many customers have each, ordered by x; group `g` owns
    /// `values[g.start..g.end]`.
    values: Vec<(f64, f64)>,
}

struct FrequencyGroup {
    x: f64,
    count: f64,
    sum_ln_m: f64,
    start: usize,
    end: usize,
}

impl ByFrequency {
    /// The observations with their values divided by `scale`.
    fn new<'a>(obs: impl Iterator<Item = &'a SpendObservation>, scale: f64) -> ByFrequency {
        // Positive floats order as their bit patterns.
        let mut sorted: Vec<(u32, u64)> = obs
            .map(|o| (o.x, (o.mean_value / scale).to_bits()))
            .collect();
        sorted.sort_unstable();
        let mut values: Vec<(f64, f64)> = Vec::new();
        let mut groups: Vec<FrequencyGroup> = Vec::new();
        let mut previous = None;
        // ln m of the value in hand: a value repeated (a round price) is taken its logarithm once.
        let mut ln_m = 0.0;
        for &(x, bits) in &sorted {
            let m = f64::from_bits(bits);
            let repeated = previous == Some((x, bits));
            if !repeated {
                ln_m = m.ln();
            }
            match groups.last_mut() {
                Some(g) if g.x == f64::from(x) => {
                    g.count += 1.0;
                    g.sum_ln_m += ln_m;
                }
                _ => groups.push(FrequencyGroup {
                    x: f64::from(x),
                    count: 1.0,
                    sum_ln_m: ln_m,
                    start: values.len(),
                    end: values.len(),
                }),
            }
            match values.last_mut() {
                Some((_, weight)) if repeated => *weight += 1.0,
                _ => values.push((m, 1.0)),
            }
            previous = Some((x, bits));
            if let Some(g) = groups.last_mut() {
                g.end = values.len();
            }
        }
        ByFrequency { groups, values }
    }

    /// Per group, Σ w·ln(γ + m·x) and Σ w/(γ + m·x) over its values in `half` of them: the part of the
    /// likelihood that visits every value.
    fn value_sums(&self, gamma: f64, half: Half) -> ValueSums {
        let n = self.values.len();
        let range = match half {
            Half::Whole => 0..n,
            Half::Low => 0..n / 2,
            Half::High => n / 2..n,
        };
        self.groups
            .iter()
            .map(|g| {
                let (mut ln_gmx, mut inv_gmx) = (Sum::default(), 0.0);
                let (start, end) = (g.start.max(range.start), g.end.min(range.end));
                for &(m, weight) in self.values.get(start..end).unwrap_or_default() {
                    let gmx = gamma + m * g.x;
                    ln_gmx.add(weight * gmx.ln());
                    inv_gmx += weight / gmx;
                }
                (ln_gmx, inv_gmx)
            })
            .collect()
    }
}

impl ByFrequency {
    /// [`log_likelihood_and_gradient`] over all the observations, on this thread.
    fn log_likelihood_and_gradient(&self, params: [f64; 3]) -> (f64, [f64; 3]) {
        let sums = added((self.value_sums(params[2], Half::Whole), None));
        log_likelihood_and_gradient(params, self, sums)
    }
}

/// Per group, Σ w·ln(γ + m·x) (compensated) and Σ w/(γ + m·x) over some of its values.
type ValueSums = Vec<(Sum, f64)>;

/// The value sums of both halves (or of the whole) added, per group.
fn added(sums: (ValueSums, Option<ValueSums>)) -> Vec<(f64, f64)> {
    match sums {
        (whole, None) => whole.into_iter().map(|(l, i)| (l.value(), i)).collect(),
        (low, Some(high)) => low
            .into_iter()
            .zip(high)
            .map(|((l1, i1), (l2, i2))| (l1.value() + l2.value(), i1 + i2))
            .collect(),
    }
}

/// The log-likelihood and its gradient with respect to (ln p, ln q, ln γ), summed over the observations, with
/// the groups' `value_sums` at these parameters' γ.
fn log_likelihood_and_gradient(
    params: [f64; 3],
    data: &ByFrequency,
    value_sums: Vec<(f64, f64)>,
) -> (f64, [f64; 3]) {
    let [p, q, gamma] = params;
    let (lg_q, dg_q, ln_gamma_) = (ln_gamma(q), digamma(q), gamma.ln());
    let mut ll = Sum::default();
    let mut grad = [0.0; 3];
    for (g, (sum_ln_gmx, sum_inv_gmx)) in data.groups.iter().zip(value_sums) {
        let (x, n) = (g.x, g.count);
        let px = p * x;
        let ln_x = x.ln();
        let (dg_pxq, dg_px) = (digamma(px + q), digamma(px));
        ll.add(n * (ln_gamma(px + q) - ln_gamma(px) - lg_q + q * ln_gamma_ + px * ln_x));
        ll.add((px - 1.0) * g.sum_ln_m);
        ll.add(-(px + q) * sum_ln_gmx);
        grad[0] += px * (n * (dg_pxq - dg_px + ln_x) + g.sum_ln_m - sum_ln_gmx);
        grad[1] += q * (n * (dg_pxq - dg_q + ln_gamma_) - sum_ln_gmx);
        grad[2] += gamma * (n * q / gamma - (px + q) * sum_inv_gmx);
    }
    (ll.value(), grad)
}

/// Fits the Gamma-Gamma model by maximum likelihood. Observations must have x ≥ 1 and a positive mean value
/// (as [`super::summary::CalibrationSummary::spend_observations`] gives); others are ignored.
pub fn fit_gamma_gamma(obs: &[SpendObservation], options: &FitOptions) -> Fit<GammaGammaParams> {
    fit_gamma_gamma_reporting(obs, options, &mut |_| {})
}

/// [`fit_gamma_gamma`], telling `progress` the number of likelihood evaluations so far.
pub(super) fn fit_gamma_gamma_reporting(
    obs: &[SpendObservation],
    options: &FitOptions,
    progress: &mut dyn FnMut(u64),
) -> Fit<GammaGammaParams> {
    let valid = |o: &&SpendObservation| o.x >= 1 && o.mean_value > 0.0 && o.mean_value.is_finite();
    let (count, total) = obs
        .iter()
        .filter(valid)
        .fold((0u64, 0.0), |(n, sum), o| (n + 1, sum + o.mean_value));
    if count < 2 {
        return Fit::refused(FitFailure::TooFewRepeatSpenders);
    }
    let n = count as f64;
    let scale = total / n;
    let scaled = ByFrequency::new(obs.iter().filter(valid), scale);
    let part = |gamma: f64, half: Half| scaled.value_sums(gamma, half);
    let split = scaled.values.len() >= SPLIT_VALUES;
    with_halves(split, options.threads, &part, |sums| {
        // The log-likelihood over every observation, with the value sums of both halves.
        let at =
            |params: [f64; 3]| log_likelihood_and_gradient(params, &scaled, added(sums(params[2])));
        let objective = |theta: &[f64; 3]| {
            let (ll, g) = at(theta.map(f64::exp));
            Some((-ll / n, g.map(|v| -v / n)))
        };
        // Start at p = 1, q = 2, γ = 1: a mean transaction value pγ/(q−1) equal to the observed mean.
        let names = ["p", "q", "gamma"];
        match minimize(&objective, [0.0, 2f64.ln(), 0.0], names, options, progress) {
            Ok(m) => {
                let [p, q, gamma] = m.theta.map(f64::exp);
                let params = GammaGammaParams {
                    p,
                    q,
                    gamma: gamma * scale,
                };
                let gradient = |theta: &[f64; 3]| objective(theta).map(|(_, g)| g);
                let uncertainty = Uncertainty::at_optimum(
                    gradient,
                    m.theta,
                    n,
                    names,
                    [params.p, params.q, params.gamma],
                );
                // Values divided by the scale have densities multiplied by it: ln f(m̄) = ln f'(m̄/s) − ln s.
                let (scaled_ll, _) = at([p, q, gamma]);
                Fit::Converged(Fitted {
                    log_likelihood: scaled_ll - n * scale.ln(),
                    params,
                    customers: count,
                    iterations: m.iterations,
                    evaluations: m.evaluations,
                    gradient_norm: m.gradient_norm,
                    uncertainty,
                })
            }
            Err(e) => Fit::NotConverged(e),
        }
    })
}

impl GammaGammaParams {
    /// The log-likelihood of the observations, summed.
    pub fn log_likelihood(&self, obs: &[SpendObservation]) -> f64 {
        let data = ByFrequency::new(obs.iter(), 1.0);
        data.log_likelihood_and_gradient([self.p, self.q, self.gamma])
            .0
    }

    /// The mean transaction value of a customer about whom nothing is known, pγ/(q−1); `None` when q ≤ 1
    /// (the mean is infinite).
    pub fn mean_value(&self) -> Option<f64> {
        (self.q > 1.0).then(|| self.p * self.gamma / (self.q - 1.0))
    }

    /// E[M | x, m̄] = p (γ + x m̄) / (px + q − 1): the population mean and the customer's observed mean,
    /// weighted by (q−1) and px. For x = 0 (m̄ unused) it is [`Self::mean_value`]. `None` when q ≤ 1.
    pub fn conditional_expected_value(&self, x: u32, mean_value: f64) -> Option<f64> {
        if self.q <= 1.0 {
            return None;
        }
        let x = f64::from(x);
        let m = if x > 0.0 { mean_value } else { 0.0 };
        Some(self.p * (self.gamma + x * m) / (self.p * x + self.q - 1.0))
    }
}

/// The Pearson correlation between x and the mean value over the observations, the check of the model's
/// independence assumption. `None` with fewer than two observations or without variation.
pub fn frequency_value_correlation(obs: &[SpendObservation]) -> Option<f64> {
    let n = obs.len() as f64;
    if obs.len() < 2 {
        return None;
    }
    let mx = obs.iter().map(|o| f64::from(o.x)).sum::<f64>() / n;
    let mm = obs.iter().map(|o| o.mean_value).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for o in obs {
        let (dx, dm) = (f64::from(o.x) - mx, o.mean_value - mm);
        sxy += dx * dm;
        sxx += dx * dx;
        syy += dm * dm;
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ltv::test_support::assert_log_gradient;

    fn obs(v: &[(u32, f64)]) -> Vec<SpendObservation> {
        v.iter()
            .map(|&(x, mean_value)| SpendObservation { x, mean_value })
            .collect()
    }

    /// Fader & Hardie's CDNOW estimates (dollars).
    const CDNOW: GammaGammaParams = GammaGammaParams {
        p: 6.25,
        q: 3.74,
        gamma: 15.44,
    };

    #[test]
    fn conditional_expected_value_matches_hardies_spreadsheet() {
        // lifetimes' test_conditional_expected_average_profit, from brucehardie.com/notes/025: customers
        // (x 2, m̄ 22.35) → 24.65, (1, 11.77) → 18.91, (0, −) → 35.17, (7, 73.74) → 71.46. The spreadsheet
        // uses the unrounded estimates; with the rounded ones x = 0, pγ/(q−1), is off by 0.05 (q − 1 = 2.74
        // carries the rounding). The CDNOW tests check our own fit against these to 0.01.
        for (x, m, expected) in [
            (2, 22.35, 24.65),
            (1, 11.77, 18.91),
            (0, 0.0, 35.17),
            (7, 73.74, 71.46),
        ] {
            let e = CDNOW.conditional_expected_value(x, m).unwrap();
            assert!((e - expected).abs() < 0.06, "x {x}: {e}");
        }
        assert_eq!(
            CDNOW.mean_value(),
            CDNOW.conditional_expected_value(0, 123.0)
        );
        let heavy = GammaGammaParams { q: 0.9, ..CDNOW };
        assert_eq!(heavy.conditional_expected_value(2, 10.0), None);
    }

    #[test]
    fn gradient_matches_finite_differences() {
        // Two customers share x = 2, so the grouped sums are exercised too.
        let data = obs(&[(1, 11.77), (2, 22.35), (7, 73.74), (3, 5.0), (2, 9.5)]);
        let o = ByFrequency::new(data.iter(), 1.0);
        assert_log_gradient(
            |p| o.log_likelihood_and_gradient(p),
            [CDNOW.p, CDNOW.q, CDNOW.gamma],
        );
    }

    #[test]
    fn the_grouped_likelihood_is_the_sum_of_the_customers_densities() {
        // Repeated (x, m̄) pairs are counted once with a weight; the sum must not change.
        let data = obs(&[
            (1, 11.77),
            (2, 22.35),
            (1, 11.77),
            (7, 73.74),
            (2, 22.35),
            (2, 9.5),
            (1, 11.77),
        ]);
        let grouped = ByFrequency::new(data.iter(), 1.0);
        assert_eq!(grouped.values.len(), 4, "distinct (x, m̄) pairs");
        let GammaGammaParams { p, q, gamma } = CDNOW;
        let direct: f64 = data
            .iter()
            .map(|o| {
                let (x, m) = (f64::from(o.x), o.mean_value);
                ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
                    + q * gamma.ln()
                    + (p * x - 1.0) * m.ln()
                    + p * x * x.ln()
                    - (p * x + q) * (gamma + x * m).ln()
            })
            .sum();
        let (ll, _) = grouped.log_likelihood_and_gradient([p, q, gamma]);
        assert!(
            (ll - direct).abs() < 1e-12 * direct.abs(),
            "{ll} vs {direct}"
        );
    }

    #[test]
    fn identical_values_cannot_be_fitted() {
        // Every customer spends exactly 10 each time: no spread, so the shapes run off to infinity.
        let fit = fit_gamma_gamma(
            &obs(&[(1, 10.0), (2, 10.0), (3, 10.0), (1, 10.0)]),
            &FitOptions::default(),
        );
        assert!(!fit.converged(), "{fit:?}");
        assert!(
            fit.reason().unwrap().contains("ran off") || fit.reason().unwrap().contains("gradient")
        );
        let one = fit_gamma_gamma(&obs(&[(1, 10.0)]), &FitOptions::default());
        assert!(one.reason().unwrap().contains("fewer than two"));
    }

    #[test]
    fn correlation_is_pearsons() {
        // x 1, 2, 3 with means 2, 4, 6: perfectly correlated; reversed: −1; constant x: none.
        assert!(
            (frequency_value_correlation(&obs(&[(1, 2.0), (2, 4.0), (3, 6.0)])).unwrap() - 1.0)
                .abs()
                < 1e-15
        );
        assert!(
            (frequency_value_correlation(&obs(&[(1, 6.0), (2, 4.0), (3, 2.0)])).unwrap() + 1.0)
                .abs()
                < 1e-15
        );
        assert_eq!(
            frequency_value_correlation(&obs(&[(1, 6.0), (1, 4.0)])),
            None
        );
        // x 1, 2, 3, 4 and means 1, 3, 2, 4: r = 0.8 (Σdxdm = 4, Σdx² = 5, Σdm² = 5).
        let r =
            frequency_value_correlation(&obs(&[(1, 1.0), (2, 3.0), (3, 2.0), (4, 4.0)])).unwrap();
        assert!((r - 0.8).abs() < 1e-15);
    }
}
