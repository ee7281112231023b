//! The BG/NBD model (Fader, Hardie & Lee 2005, "'Counting your customers' the easy way: an alternative to the
//! Pareto/NBD model", Marketing Science 24(2), 275–284).
//!
//! While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each transaction they
//! drop out with probability p ~ Beta(a, b). Written in log space, one customer's likelihood is
//!
//! ```text
//! ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln Γ(a+b) − ln Γ(b) + ln Γ(b+x) − ln Γ(a+b+x) − (r+x) ln(α+T)
//!        + δ(x>0) ln(1 + e^D),   D = ln a − ln(b+x−1) + (r+x) (ln(α+T) − ln(α+t_x)),
//! ```
//!
//! the paper's likelihood with its two terms combined by a log-sum-exp, so no power of (α+T) is ever formed
//! and neither term can overflow or vanish. The gradient follows term by term with digamma values. The code is
//! shared with the MBG/NBD model, whose likelihood differs only in shifting b + x by one and applying the
//! second term to x = 0 as well.

use serde::{Deserialize, Serialize};

use super::optimize::{Fit, FitOptions};
use super::special::{digamma, hyp2f1, ln_1p_exp_and_logistic, ln_gamma, logistic};
use super::sum::Sum;
use super::summary::RfGroup;
use super::transaction_fit::{
    fit_transaction_model, Prepared, PreparedGroup, TransactionLikelihood,
};
use super::TransactionModel;

/// The BG/NBD parameters: λ ~ Gamma(shape r, rate α), p ~ Beta(a, b); α is in the time unit of the data.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BgNbdParams {
    /// Shape of the Gamma distribution of purchase rates λ across customers.
    pub r: f64,
    /// Rate of that Gamma distribution, in the data's time unit.
    pub alpha: f64,
    /// First shape of the Beta distribution of the drop-out probability p after each purchase.
    pub a: f64,
    /// Second shape of that Beta distribution.
    pub b: f64,
}

/// The log-likelihood and its gradient (with respect to ln r, ln α, ln a, ln b) of the BG/NBD (`shift` 0) or
/// MBG/NBD (`shift` 1) model, summed over the groups.
pub(super) fn bg_family_log_likelihood(
    params: [f64; 4],
    groups: &[RfGroup],
    shift: u32,
) -> (f64, [f64; 4]) {
    let data = Prepared::new(groups, 1.0);
    let (ll, grad) = part_log_likelihood(params, &data, &data.groups, shift);
    (ll.value(), grad)
}

/// [`bg_family_log_likelihood`] on a run of `groups` of the prepared `data` (whose times they index).
/// Consecutive groups with the same x (sorted groups, as [`super::summary::CalibrationSummary::rf_groups`]
/// gives) share their digamma and log-gamma values.
pub(super) fn part_log_likelihood(
    params: [f64; 4],
    data: &Prepared,
    groups: &[PreparedGroup],
    shift: u32,
) -> (Sum, [f64; 4]) {
    let [r, alpha, a, b] = params;
    let s = f64::from(shift);
    let (ln_alpha, lg_r, dg_r) = (alpha.ln(), ln_gamma(r), digamma(r));
    let (lg_ab, lg_b, dg_ab, dg_b, ln_a) = (
        ln_gamma(a + b),
        ln_gamma(b),
        digamma(a + b),
        digamma(b),
        a.ln(),
    );
    let ln_at: Vec<f64> = data.times.iter().map(|t| (alpha + t).ln()).collect();
    let inv_at: Vec<f64> = data.times.iter().map(|t| 1.0 / (alpha + t)).collect();
    {
        let mut ll = Sum::default();
        let mut grad = [0.0; 4];
        let mut cached_x = None;
        let (mut per_x_ll, mut dg_rx, mut dg_bxs, mut dg_abxs, mut ln_bd) =
            (0.0, 0.0, 0.0, 0.0, 0.0);
        for g in groups {
            let xf = f64::from(g.x);
            if cached_x != Some(g.x) {
                cached_x = Some(g.x);
                dg_rx = digamma(r + xf);
                dg_bxs = digamma(b + xf + s);
                dg_abxs = digamma(a + b + xf + s);
                ln_bd = (b + xf - 1.0 + s).ln();
                per_x_ll = ln_gamma(r + xf) - lg_r + r * ln_alpha + lg_ab - lg_b
                    + ln_gamma(b + xf + s)
                    - ln_gamma(a + b + xf + s);
            }
            let w = g.customers;
            let (ln_at_cal, inv_at_cal) = (ln_at[g.t_cal as usize], inv_at[g.t_cal as usize]);
            let rx = r + xf;
            let mut l = per_x_ll - rx * ln_at_cal;
            let mut d_r = dg_rx - dg_r + ln_alpha - ln_at_cal;
            let mut d_alpha = r / alpha - rx * inv_at_cal;
            let mut d_a = dg_ab - dg_abxs;
            let mut d_b = dg_ab - dg_b + dg_bxs - dg_abxs;
            if g.x > 0 || shift == 1 {
                let ln_ratio = ln_at_cal - ln_at[g.t_x as usize];
                let d = ln_a - ln_bd + rx * ln_ratio;
                let (softplus, sigma) = ln_1p_exp_and_logistic(d);
                l += softplus;
                d_r += sigma * ln_ratio;
                d_alpha += sigma * rx * (inv_at_cal - inv_at[g.t_x as usize]);
                d_a += sigma / a;
                d_b -= sigma / (b + xf - 1.0 + s);
            }
            ll.add(w * l);
            grad[0] += w * d_r * r;
            grad[1] += w * d_alpha * alpha;
            grad[2] += w * d_a * a;
            grad[3] += w * d_b * b;
        }
        (ll, grad)
    }
}

/// Fits a BG/NBD-family model (`shift` 0 or 1) by maximum likelihood, `make` building the parameters;
/// `progress` hears the number of likelihood evaluations so far.
pub(super) fn fit_bg_family<P>(
    groups: &[RfGroup],
    shift: u32,
    options: &FitOptions,
    progress: &mut dyn FnMut(u64),
    make: impl Fn([f64; 4]) -> P,
) -> Fit<P> {
    let model = TransactionLikelihood {
        names: ["r", "alpha", "a", "b"],
        in_time_unit: [false, true, false, false],
        log_likelihood: |params, data: &Prepared, groups: &[PreparedGroup]| {
            Some(part_log_likelihood(params, data, groups, shift))
        },
    };
    fit_transaction_model(groups, &model, options, progress, make)
}

/// Fits the BG/NBD model to calibration groups by maximum likelihood. A dataset without any repeat
/// transaction, or one where a parameter runs off to 0 or infinity, gives [`Fit::NotConverged`].
pub fn fit_bgnbd(groups: &[RfGroup], options: &FitOptions) -> Fit<BgNbdParams> {
    fit_bg_family(groups, 0, options, &mut |_| {}, BgNbdParams::from_array)
}

/// 1 − (1 − z)^(a−1) · ₂F₁(c − a', a − 1; c; z): the bracket of the BG/NBD-family expectations after Euler's
/// transformation, where the original ₂F₁(a', b'; c; z) had c − b' = a − 1 and `c_minus_a` = c − a'. The
/// transformed series has small parameters and a large c even for large x, so it converges quickly and
/// cannot overflow. At a = 1 the prefactor (c − 1)/(a − 1) and this bracket both vanish; a is moved 1e-7 away
/// from 1 there (the limit is smooth).
pub(super) fn expectation_bracket(a: f64, c_minus_a: f64, c: f64, z: f64) -> Option<f64> {
    let f = hyp2f1(c_minus_a, a - 1.0, c, z)?;
    Some(1.0 - (1.0 - z).powf(a - 1.0) * f)
}

/// The expected transactions in (T, T + t] of a customer alive at T with x repeats, in the BG/NBD family
/// (`shift` 0: BG/NBD; 1: MBG/NBD, whose p posterior has one more survived coin flip): with
/// c = a + b + x − 1 + shift, c/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+shift; c; t/(α+T+t))].
pub(super) fn expected_while_alive(
    [r, alpha, a, b]: [f64; 4],
    shift: u32,
    t: f64,
    x: u32,
    t_cal: f64,
) -> Option<f64> {
    if t == 0.0 {
        return Some(0.0);
    }
    let a = off_one(a);
    let xf = f64::from(x);
    let c = a + b + xf - 1.0 + f64::from(shift);
    let z = t / (alpha + t_cal + t);
    let bracket = expectation_bracket(a, c - r - xf, c, z)?;
    Some(c / (a - 1.0) * bracket)
}

/// Moves a away from the removable singularity at a = 1.
pub(super) fn off_one(a: f64) -> f64 {
    if (a - 1.0).abs() < 1e-7 {
        if a >= 1.0 {
            1.0 + 1e-7
        } else {
            1.0 - 1e-7
        }
    } else {
        a
    }
}

impl BgNbdParams {
    pub(super) fn from_array([r, alpha, a, b]: [f64; 4]) -> Self {
        BgNbdParams { r, alpha, a, b }
    }

    /// The parameters as [r, α, a, b].
    pub fn to_array(self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }

    /// D = ln(a/(b+x−1)) + (r+x) ln((α+T)/(α+t_x)): P(alive) = 1/(1 + e^D) for x > 0.
    fn dead_odds_ln(&self, x: u32, t_x: f64, t_cal: f64) -> f64 {
        let xf = f64::from(x);
        (self.a / (self.b + xf - 1.0)).ln()
            + (self.r + xf) * ((self.alpha + t_cal).ln() - (self.alpha + t_x).ln())
    }
}

impl TransactionModel for BgNbdParams {
    fn log_likelihood(&self, groups: &[RfGroup]) -> f64 {
        bg_family_log_likelihood(self.to_array(), groups, 0).0
    }

    /// P(alive | x, t_x, T) = 1 / (1 + δ(x>0) a/(b+x−1) ((α+T)/(α+t_x))^(r+x)) (Fader, Hardie & Lee's
    /// technical note "Computing P(alive) using the BG/NBD model"): 1 for x = 0, since dropout can only follow
    /// a purchase.
    fn p_alive(&self, x: u32, t_x: f64, t_cal: f64) -> f64 {
        if x == 0 {
            1.0
        } else {
            logistic(-self.dead_odds_ln(x, t_x, t_cal))
        }
    }

    /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))], which times
    /// P(alive) is E[Y(t) | x, t_x, T] (FHL 2005), with the ₂F₁ term by Euler's transformation.
    fn expected_while_alive(&self, t: f64, x: u32, t_cal: f64) -> Option<f64> {
        expected_while_alive(self.to_array(), 0, t, x, t_cal)
    }

    /// E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))] (FHL 2005), for a
    /// customer just acquired.
    fn purchase_rate(&self) -> (f64, f64) {
        (self.r, self.alpha)
    }

    fn expected_transactions(&self, t: f64) -> Option<f64> {
        self.conditional_expected_transactions(t, 0, 0.0, 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ltv::test_support::{assert_log_gradient, rf_groups};

    const FHL: BgNbdParams = BgNbdParams {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };

    fn groups() -> Vec<RfGroup> {
        rf_groups(&[
            (0, 0.0, 38.86, 3),
            (0, 0.0, 20.0, 1),
            (1, 1.71, 38.86, 2),
            (2, 30.43, 38.86, 1),
            (7, 29.43, 35.0, 1),
        ])
    }

    /// The likelihood as the paper writes it, in plain arithmetic.
    fn paper_likelihood(p: BgNbdParams, x: u32, t_x: f64, t_cal: f64) -> f64 {
        let BgNbdParams { r, alpha, a, b } = p;
        let xf = f64::from(x);
        let beta = |u: f64, v: f64| (ln_gamma(u) + ln_gamma(v) - ln_gamma(u + v)).exp();
        let gamma_ratio = (ln_gamma(r + xf) - ln_gamma(r)).exp();
        let first = beta(a, b + xf) / beta(a, b) * gamma_ratio * alpha.powf(r)
            / (alpha + t_cal).powf(r + xf);
        let second = if x > 0 {
            beta(a + 1.0, b + xf - 1.0) / beta(a, b) * gamma_ratio * alpha.powf(r)
                / (alpha + t_x).powf(r + xf)
        } else {
            0.0
        };
        first + second
    }

    #[test]
    fn log_likelihood_equals_the_papers_formula() {
        let expected: f64 = groups()
            .iter()
            .map(|g| f64::from(g.customers) * paper_likelihood(FHL, g.x, g.t_x, g.t_cal).ln())
            .sum();
        assert!((FHL.log_likelihood(&groups()) - expected).abs() < 1e-10);
    }

    #[test]
    fn gradient_matches_finite_differences() {
        assert_log_gradient(
            |p| bg_family_log_likelihood(p, &groups(), 0),
            FHL.to_array(),
        );
    }

    #[test]
    fn log_likelihood_stays_finite_for_extreme_histories() {
        // 500 repeat purchases, the last long ago: the two terms differ by e^hundreds.
        let g = [RfGroup {
            x: 500,
            t_x: 1.0,
            t_cal: 300.0,
            customers: 1,
        }];
        let (ll, grad) = bg_family_log_likelihood(FHL.to_array(), &g, 0);
        assert!(ll.is_finite() && grad.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn p_alive_is_one_without_repeat_purchases() {
        for t_cal in [0.0, 1.0, 38.86, 1000.0] {
            assert_eq!(FHL.p_alive(0, 0.0, t_cal), 1.0);
        }
    }

    #[test]
    fn p_alive_follows_the_closed_form_on_hand_computed_points() {
        let p = BgNbdParams {
            r: 1.0,
            alpha: 2.0,
            a: 1.0,
            b: 2.0,
        };
        // x 1, t_x 1, T 3: a/(b+x−1) = 1/2, ((α+T)/(α+t_x))^(r+x) = (5/3)² → 1/(1 + 25/18) = 18/43.
        assert!((p.p_alive(1, 1.0, 3.0) - 18.0 / 43.0).abs() < 1e-15);
        // x 3, t_x = T = 2: 1/(1 + 1/4) = 4/5.
        assert!((p.p_alive(3, 2.0, 2.0) - 0.8).abs() < 1e-15);
        // x 1, t_x 0, T 6 with r 0.5: (8/2)^1.5 = 8 → 1/(1 + 4) = 1/5.
        let q = BgNbdParams { r: 0.5, ..p };
        assert!((q.p_alive(1, 0.0, 6.0) - 0.2).abs() < 1e-15);
    }

    #[test]
    fn conditional_expectation_matches_the_papers_example() {
        // Hardie's BG/NBD spreadsheet, as `lifetimes` asserts it: a customer with x = 2, t_x = 30.43,
        // T = 38.86 is expected to make 1.226 transactions in the next 39 weeks.
        let e = FHL
            .conditional_expected_transactions(39.0, 2, 30.43, 38.86)
            .unwrap();
        assert!((e - 1.226).abs() < 0.001, "{e}");
    }

    #[test]
    fn conditional_expectation_with_euler_equals_the_direct_series() {
        // The direct form of the conditional expectation, where its ₂F₁ series converges comfortably.
        let (t, x, t_x, t_cal) = (10.0, 3u32, 20.0, 30.0);
        let BgNbdParams { r, alpha, a, b } = FHL;
        let xf = f64::from(x);
        let z = t / (alpha + t_cal + t);
        let f = hyp2f1(r + xf, b + xf, a + b + xf - 1.0, z).unwrap();
        let direct = (a + b + xf - 1.0) / (a - 1.0)
            * (1.0 - ((alpha + t_cal) / (alpha + t_cal + t)).powf(r + xf) * f)
            * FHL.p_alive(x, t_x, t_cal);
        let ours = FHL
            .conditional_expected_transactions(t, x, t_x, t_cal)
            .unwrap();
        assert!((ours - direct).abs() < 1e-12, "{ours} vs {direct}");
    }

    #[test]
    fn expected_transactions_grow_like_the_mean_rate_at_first() {
        // E[X(t)] ≈ (r/α) t for small t; and it is the conditional expectation at x = 0, T = 0.
        let t = 1e-4;
        let e = FHL.expected_transactions(t).unwrap();
        assert!((e / (FHL.r / FHL.alpha * t) - 1.0).abs() < 1e-3);
        assert_eq!(FHL.expected_transactions(0.0), Some(0.0));
    }

    #[test]
    fn a_equal_to_one_is_handled() {
        let p = BgNbdParams { a: 1.0, ..FHL };
        let near = BgNbdParams {
            a: 1.0 + 1e-4,
            ..FHL
        };
        let e = p.expected_transactions(20.0).unwrap();
        assert!((e - near.expected_transactions(20.0).unwrap()).abs() < 1e-3);
    }

    #[test]
    fn data_that_cannot_identify_the_dropout_process_is_not_converged() {
        // Eight customers: the likelihood keeps rising as a and b go to 0 together, so the optimiser runs off
        // and the fit says which parameter did, without numbers.
        let fit = fit_bgnbd(&groups(), &FitOptions::default());
        assert!(!fit.converged() && fit.params().is_none());
        assert!(
            fit.reason().unwrap().contains("ran off towards zero"),
            "{fit:?}"
        );
    }
}
