//! The MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation and comparison of models for
//! customer base analysis", International Journal of Research in Marketing 24(3), 201–209).
//!
//! The BG/NBD model with one change: a customer can also drop out at time 0, right after the first purchase,
//! so a customer without repeat purchases can be dead (in the BG/NBD model they cannot). One customer's
//! likelihood is
//!
//! ```text
//! L = B(a, b+x+1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
//!   + B(a+1, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)),
//! ```
//!
//! computed in log space exactly like the BG/NBD one (the code is shared: b + x is shifted by one and the
//! second term applies to x = 0 too).

use serde::{Deserialize, Serialize};

use super::bgnbd::{
    bg_family_log_likelihood, expectation_bracket, expected_while_alive, fit_bg_family, off_one,
};
use super::optimize::{Fit, FitOptions};
use super::special::logistic;
use super::summary::RfGroup;
use super::TransactionModel;

/// The MBG/NBD parameters: λ ~ Gamma(shape r, rate α), p ~ Beta(a, b); α is in the time unit of the data.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MbgNbdParams {
    /// Shape of the Gamma distribution of purchase rates λ across customers.
    pub r: f64,
    /// Rate of that Gamma distribution, in the data's time unit.
    pub alpha: f64,
    /// First shape of the Beta distribution of the drop-out probability p (at the first purchase too).
    pub a: f64,
    /// Second shape of that Beta distribution.
    pub b: f64,
}

/// Fits the MBG/NBD model to calibration groups by maximum likelihood.
pub fn fit_mbgnbd(groups: &[RfGroup], options: &FitOptions) -> Fit<MbgNbdParams> {
    fit_bg_family(groups, 1, options, &mut |_| {}, MbgNbdParams::from_array)
}

impl MbgNbdParams {
    pub(super) fn from_array([r, alpha, a, b]: [f64; 4]) -> Self {
        MbgNbdParams { r, alpha, a, b }
    }

    /// The parameters as [r, α, a, b].
    pub fn to_array(self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }
}

impl TransactionModel for MbgNbdParams {
    fn log_likelihood(&self, groups: &[RfGroup]) -> f64 {
        bg_family_log_likelihood(self.to_array(), groups, 1).0
    }

    /// P(alive | x, t_x, T) = 1 / (1 + a/(b+x) ((α+T)/(α+t_x))^(r+x)), below 1 for x = 0 as well.
    fn p_alive(&self, x: u32, t_x: f64, t_cal: f64) -> f64 {
        let xf = f64::from(x);
        let d = (self.a / (self.b + xf)).ln()
            + (self.r + xf) * ((self.alpha + t_cal).ln() - (self.alpha + t_x).ln());
        logistic(-d)
    }

    /// (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))], which times P(alive)
    /// is E[Y(t) | x, t_x, T]: given that the customer is alive at T, p's posterior is Beta(a, b+x+1) (they survived the
    /// coin flip at time 0 and after each of x repeats) and λ's is Gamma(r+x, α+T), and the future is the
    /// BG/NBD process.
    fn expected_while_alive(&self, t: f64, x: u32, t_cal: f64) -> Option<f64> {
        expected_while_alive(self.to_array(), 1, t, x, t_cal)
    }

    /// E[X(t)] = b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))] for a customer just acquired
    /// (Batislam et al. 2007): the BG/NBD expectation with b + 1, times the probability b/(a+b) of surviving
    /// time 0. (Python `lifetimes` 0.11 multiplies by (a+b−1)/(a−1) instead; numerical integration over λ and
    /// p agrees with b/(a−1), see the tests.)
    fn purchase_rate(&self) -> (f64, f64) {
        (self.r, self.alpha)
    }

    fn expected_transactions(&self, t: f64) -> Option<f64> {
        if t == 0.0 {
            return Some(0.0);
        }
        let a = off_one(self.a);
        let c = a + self.b;
        let z = t / (self.alpha + t);
        let bracket = expectation_bracket(a, c - self.r, c, z)?;
        Some(self.b / (a - 1.0) * bracket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ltv::special::{hyp2f1, ln_gamma};
    use crate::analysis::ltv::test_support::{assert_log_gradient, rf_groups};

    /// BTYDplus's CDNOW estimates, as asserted by `lifetimes` (tests `test_params_out_is_close_to_BTYDplus`).
    const CDNOW: MbgNbdParams = MbgNbdParams {
        r: 0.525,
        alpha: 6.183,
        a: 0.891,
        b: 1.614,
    };

    #[test]
    fn p_alive_is_below_one_without_repeat_purchases() {
        assert!(CDNOW.p_alive(0, 0.0, 1.0) < 1.0);
        assert!(
            CDNOW.p_alive(0, 0.0, 0.0) < 1.0,
            "even at T = 0: dead at time 0 with probability a/(a+b)"
        );
        assert!((CDNOW.p_alive(0, 0.0, 0.0) - CDNOW.b / (CDNOW.a + CDNOW.b)).abs() < 1e-15);
        // Hand-computed: r 1, α 2, a 1, b 2, x 0, T 2: 1/(1 + (1/2)(4/2)¹) = 1/2.
        let p = MbgNbdParams {
            r: 1.0,
            alpha: 2.0,
            a: 1.0,
            b: 2.0,
        };
        assert!((p.p_alive(0, 0.0, 2.0) - 0.5).abs() < 1e-15);
        // x 2, t_x 1, T 4: a/(b+x) = 1/4, (6/3)³ = 8 → 1/(1 + 2) = 1/3.
        assert!((p.p_alive(2, 1.0, 4.0) - 1.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn log_likelihood_equals_the_papers_formula() {
        let MbgNbdParams { r, alpha, a, b } = CDNOW;
        let lbeta = |u: f64, v: f64| ln_gamma(u) + ln_gamma(v) - ln_gamma(u + v);
        for (x, t_x, t_cal) in [(0u32, 0.0, 38.86), (1, 1.71, 38.86), (4, 20.0, 30.0)] {
            let xf = f64::from(x);
            let common = ln_gamma(r + xf) - ln_gamma(r) + r * alpha.ln() - lbeta(a, b);
            let first = (common + lbeta(a, b + xf + 1.0) - (r + xf) * (alpha + t_cal).ln()).exp();
            let second = (common + lbeta(a + 1.0, b + xf) - (r + xf) * (alpha + t_x).ln()).exp();
            let g = [RfGroup {
                x,
                t_x,
                t_cal,
                customers: 1,
            }];
            assert!((CDNOW.log_likelihood(&g) - (first + second).ln()).abs() < 1e-12);
        }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let groups = rf_groups(&[(0, 0.0, 38.86, 5), (1, 1.71, 38.86, 2), (3, 30.0, 36.0, 1)]);
        assert_log_gradient(
            |p| bg_family_log_likelihood(p, &groups, 1),
            CDNOW.to_array(),
        );
    }

    /// ∫₀¹ f(p) dp by composite Simpson after the substitution p = u², which removes the p^(a−1) singularity.
    fn integrate_over_p(f: impl Fn(f64) -> f64) -> f64 {
        let n = 200_000;
        let h = 1.0 / n as f64;
        let g = |u: f64| if u == 0.0 { 0.0 } else { f(u * u) * 2.0 * u };
        let mut s = g(0.0) + g(1.0);
        for i in 1..n {
            s += g(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * h / 3.0
    }

    #[test]
    fn new_customer_expectation_agrees_with_numerical_integration() {
        // E[X(t)] = ∫ (1 − p)/p · (1 − (α/(α + p t))^r) Beta(p; a, b) dp: alive after time 0 with probability
        // 1 − p, then a BG/NBD process, whose expectation given p and λ is (1 − e^(−λpt))/p.
        let MbgNbdParams { r, alpha, a, b } = CDNOW;
        let t = 39.0;
        let ln_b = ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
        let numeric = integrate_over_p(|p| {
            let density = ((a - 1.0) * p.ln() + (b - 1.0) * (1.0 - p).ln() - ln_b).exp();
            (1.0 - p) / p * (1.0 - (alpha / (alpha + p * t)).powf(r)) * density
        });
        let ours = CDNOW.expected_transactions(t).unwrap();
        assert!((ours - numeric).abs() < 1e-4, "{ours} vs {numeric}");
        // And the Euler-transformed form equals the direct one.
        let z = t / (alpha + t);
        let direct = b / (a - 1.0)
            * (1.0 - (alpha / (alpha + t)).powf(r) * hyp2f1(r, b + 1.0, a + b, z).unwrap());
        assert!((ours - direct).abs() < 1e-12);
    }

    #[test]
    fn conditional_expectation_at_small_t_is_p_alive_times_the_posterior_rate() {
        let (x, t_x, t_cal, t) = (2u32, 30.43, 38.86, 1e-5);
        let e = CDNOW
            .conditional_expected_transactions(t, x, t_x, t_cal)
            .unwrap();
        let rate = (CDNOW.r + 2.0) / (CDNOW.alpha + t_cal);
        assert!((e / (CDNOW.p_alive(x, t_x, t_cal) * rate * t) - 1.0).abs() < 1e-4);
    }
}
