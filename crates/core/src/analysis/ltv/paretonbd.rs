//! The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, "Counting your customers: who are they and what
//! will they do next?", Management Science 33(1), 1–24; the expressions as Fader & Hardie derive them in "A
//! note on deriving the Pareto/NBD model and related expressions", 2005).
//!
//! While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); their lifetime is exponential
//! with rate μ ~ Gamma(s, β), so they can drop out at any time, not only after a purchase. Given λ and μ, the
//! likelihood of x repeat purchases, the last at t_x, in (0, T] is
//! λ^x [μ/(λ+μ) e^(−(λ+μ) t_x) + λ/(λ+μ) e^(−(λ+μ) T)], and μ/(λ+μ) e^(−(λ+μ)t) = μ ∫ₜ^∞ e^(−(λ+μ)y) dy.
//! Mixing over λ and μ therefore gives one customer's likelihood as two positive terms,
//!
//! ```text
//! L = Γ(r+x) α^r β^s / Γ(r) · [ s J(r+x, s+1; t_x) + (r+x) J(r+x+1, s; T) ],
//! J(a, b; u) = ∫ᵤ^∞ (α+y)^(−a) (β+y)^(−b) dy,
//! ```
//!
//! which equals the note's expression with the ₂F₁ terms for α ≥ β and for β > α: there s/(r+s+x) · A₀ is
//! s J(r+x, s+1; t_x) − s J(r+x, s+1; T), and the alive term (α+T)^(−(r+x)) (β+T)^(−s) less s J(r+x, s+1; T)
//! is, integrated by parts, the second term here. Each J comes from a ₂F₁ series whose terms are all positive
//! and which cannot overflow (the module `pareto_integral`), in logarithms, and the two terms are added by a
//! log-sum-exp: no power of (α+T) is ever formed and no two terms cancel, for any x or T. The gradient is
//! exact: the series' derivatives in its parameters are summed with it.

use serde::{Deserialize, Serialize};

use super::optimize::{Fit, FitOptions};
use super::pareto_integral::{ln_tail, AtTime, LnTail};
use super::special::{digamma, ln_1p_exp_and_logistic, ln_gamma};
use super::sum::Sum;
use super::summary::RfGroup;
use super::transaction_fit::{
    fit_transaction_model, Prepared, PreparedGroup, TransactionLikelihood,
};
use super::TransactionModel;

/// The Pareto/NBD parameters: λ ~ Gamma(shape r, rate α), μ ~ Gamma(shape s, rate β); α and β are in the time
/// unit of the data.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbdParams {
    /// Shape of the Gamma distribution of purchase rates λ across customers.
    pub r: f64,
    /// Rate of that Gamma distribution, in the data's time unit.
    pub alpha: f64,
    /// Shape of the Gamma distribution of dropout rates μ across customers.
    pub s: f64,
    /// Rate of that Gamma distribution, in the data's time unit.
    pub beta: f64,
}

/// One customer's ln L without its constant part: ln(s J(r+x, s+1; t_x) + (r+x) J(r+x+1, s; T)), and the
/// gradient of that in (r, α, s, β).
struct Bracket {
    ln: f64,
    grad: [f64; 4],
}

/// J(r+x, s+1; t_x) of the first term, the customer dying after t_x (`rx` = r + x, `at` at t_x).
fn dead_tail(rx: f64, s: f64, at: &AtTime) -> Option<LnTail> {
    ln_tail(rx, s + 1.0, at)
}

/// J(r+x+1, s; T) of the second term, the next purchase after T (`rx` = r + x, `at` at T).
fn buying_tail(rx: f64, s: f64, at: &AtTime) -> Option<LnTail> {
    ln_tail(rx + 1.0, s, at)
}

/// [`Bracket`] for a customer with x repeats, given the times t_x and T; `None` where a series does not
/// converge.
fn bracket(r: f64, s: f64, x: u32, at_x: &AtTime, at_cal: &AtTime) -> Option<Bracket> {
    let rx = r + f64::from(x);
    Some(combine(
        rx,
        s,
        &dead_tail(rx, s, at_x)?,
        &buying_tail(rx, s, at_cal)?,
    ))
}

/// The bracket from its two integrals, [`dead_tail`] and [`buying_tail`].
fn combine(rx: f64, s: f64, dead: &LnTail, buying: &LnTail) -> Bracket {
    let first = s.ln() + dead.value;
    let second = rx.ln() + buying.value;
    // ln(e^first + e^second) and the share of the second term.
    let (softplus, w2) = ln_1p_exp_and_logistic(second - first);
    let w1 = 1.0 - w2;
    Bracket {
        ln: first + softplus,
        grad: [
            w1 * dead.d_a + w2 * (1.0 / rx + buying.d_a),
            w1 * dead.d_big_a + w2 * buying.d_big_a,
            w1 * (1.0 / s + dead.d_b) + w2 * buying.d_b,
            w1 * dead.d_big_b + w2 * buying.d_big_b,
        ],
    }
}

/// The log-likelihood and its gradient (with respect to ln r, ln α, ln s, ln β), summed over prepared groups;
/// `None` where a series does not converge. Consecutive groups with the same x share their log-gamma and
/// digamma values, and those with the same x and t_x (sorted groups, as
/// [`super::summary::CalibrationSummary::rf_groups`] gives, run through T) their first integral.
pub(super) fn part_log_likelihood(
    params: [f64; 4],
    data: &Prepared,
    groups: &[PreparedGroup],
) -> Option<(Sum, [f64; 4])> {
    let [r, alpha, s, beta] = params;
    let (ln_alpha, ln_beta, lg_r, dg_r) = (alpha.ln(), beta.ln(), ln_gamma(r), digamma(r));
    let at: Vec<AtTime> = data
        .times
        .iter()
        .map(|&t| AtTime::new(alpha, beta, t))
        .collect();
    let mut ll = Sum::default();
    let mut grad = [0.0; 4];
    let mut cached_x = None;
    let (mut rx, mut lg_rx, mut dg_rx) = (0.0, 0.0, 0.0);
    let mut dead: Option<((u32, u32), LnTail)> = None;
    for g in groups {
        if cached_x != Some(g.x) {
            cached_x = Some(g.x);
            rx = r + f64::from(g.x);
            (lg_rx, dg_rx) = (ln_gamma(rx), digamma(rx));
        }
        let key = (g.x, g.t_x);
        let first = match dead {
            Some((k, tail)) if k == key => tail,
            _ => {
                let tail = dead_tail(rx, s, &at[g.t_x as usize])?;
                dead = Some((key, tail));
                tail
            }
        };
        let b = combine(rx, s, &first, &buying_tail(rx, s, &at[g.t_cal as usize])?);
        let w = g.customers;
        ll.add(w * (lg_rx - lg_r + r * ln_alpha + s * ln_beta + b.ln));
        grad[0] += w * (dg_rx - dg_r + ln_alpha + b.grad[0]) * r;
        grad[1] += w * (r / alpha + b.grad[1]) * alpha;
        grad[2] += w * (ln_beta + b.grad[2]) * s;
        grad[3] += w * (s / beta + b.grad[3]) * beta;
    }
    Some((ll, grad))
}

/// The log-likelihood and its gradient (with respect to the logarithms of r, α, s, β) of calibration groups.
pub(super) fn pareto_log_likelihood(
    params: [f64; 4],
    groups: &[RfGroup],
) -> Option<(f64, [f64; 4])> {
    let data = Prepared::new(groups, 1.0);
    part_log_likelihood(params, &data, &data.groups).map(|(ll, grad)| (ll.value(), grad))
}

/// Fits the Pareto/NBD model to calibration groups by maximum likelihood; `progress` hears the number of
/// likelihood evaluations so far.
pub(super) fn fit_reporting(
    groups: &[RfGroup],
    options: &FitOptions,
    progress: &mut dyn FnMut(u64),
) -> Fit<ParetoNbdParams> {
    let model = TransactionLikelihood {
        names: ["r", "alpha", "s", "beta"],
        in_time_unit: [false, true, false, true],
        log_likelihood: part_log_likelihood,
    };
    fit_transaction_model(
        groups,
        &model,
        options,
        progress,
        ParetoNbdParams::from_array,
    )
}

/// Fits the Pareto/NBD model to calibration groups by maximum likelihood. A dataset without any repeat
/// transaction, or one where a parameter runs off to 0 or infinity, gives [`Fit::NotConverged`].
pub fn fit_paretonbd(groups: &[RfGroup], options: &FitOptions) -> Fit<ParetoNbdParams> {
    fit_reporting(groups, options, &mut |_| {})
}

impl ParetoNbdParams {
    pub(super) fn from_array([r, alpha, s, beta]: [f64; 4]) -> Self {
        ParetoNbdParams { r, alpha, s, beta }
    }

    /// (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)]: the expected transactions in the next t of a
    /// customer alive at T.
    fn while_alive(&self, t: f64, x: u32, t_cal: f64) -> f64 {
        let rx = self.r + f64::from(x);
        let beta_t = self.beta + t_cal;
        rx / (self.alpha + t_cal) * beta_t * alive_time(self.s, beta_t, t)
    }

    /// The parameters as [r, α, s, β].
    pub fn to_array(self) -> [f64; 4] {
        [self.r, self.alpha, self.s, self.beta]
    }

    /// ln P(alive at T): the alive part of the likelihood, Γ(r+x) α^r β^s / Γ(r) · (α+T)^(−(r+x)) (β+T)^(−s),
    /// over the whole.
    fn ln_p_alive(&self, x: u32, t_x: f64, t_cal: f64) -> Option<f64> {
        let at_x = AtTime::new(self.alpha, self.beta, t_x);
        let at_cal = AtTime::new(self.alpha, self.beta, t_cal);
        let b = bracket(self.r, self.s, x, &at_x, &at_cal)?;
        let rx = self.r + f64::from(x);
        Some((-rx * at_cal.ln_alpha_t - self.s * at_cal.ln_beta_t - b.ln).min(0.0))
    }
}

/// (1 − (1 + t/β')^(1−s))/(s − 1) for β' = β + T: the expected purchases in the next t per unit of purchase
/// rate of a customer alive at T, whose dropout rate's posterior is Gamma(s, β + T); ln(1 + t/β') at s = 1.
fn alive_time(s: f64, beta_t: f64, t: f64) -> f64 {
    let ln_growth = (t / beta_t).ln_1p();
    let e = (s - 1.0) * ln_growth;
    if e.abs() < 1e-8 {
        ln_growth * (1.0 - e / 2.0)
    } else {
        -(-e).exp_m1() / (s - 1.0)
    }
}

impl TransactionModel for ParetoNbdParams {
    /// NaN where a series does not converge.
    fn log_likelihood(&self, groups: &[RfGroup]) -> f64 {
        pareto_log_likelihood(self.to_array(), groups).map_or(f64::NAN, |(ll, _)| ll)
    }

    /// P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀) (Fader & Hardie 2005, section 5),
    /// computed as the alive part of the likelihood over the whole. A customer can have dropped out without a
    /// repeat purchase, so it is below 1 for x = 0 too. NaN where a series does not converge (α + t and β + t
    /// thousands of times apart at t_x or T), which cannot happen for the customers of a converged fit: their
    /// likelihood is made of the same series.
    fn p_alive(&self, x: u32, t_x: f64, t_cal: f64) -> f64 {
        self.ln_p_alive(x, t_x, t_cal).map_or(f64::NAN, f64::exp)
    }

    /// E[Y(t) | x, t_x, T] = P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] (Fader &
    /// Hardie 2005, section 6) for each t, with P(alive) computed once: the posterior mean purchase rate
    /// (r+x)/(α+T) times the expected time alive in the next t; its limit (r+x)(β+T)/(α+T) · ln(1 + t/(β+T))
    /// at s = 1.
    fn conditional_expected_transactions_over(
        &self,
        ts: &[f64],
        x: u32,
        t_x: f64,
        t_cal: f64,
    ) -> Option<Vec<f64>> {
        let alive = self.ln_p_alive(x, t_x, t_cal)?.exp();
        Some(
            ts.iter()
                .map(|&t| alive * self.while_alive(t, x, t_cal))
                .collect(),
        )
    }

    fn expected_while_alive(&self, t: f64, x: u32, t_cal: f64) -> Option<f64> {
        Some(self.while_alive(t, x, t_cal))
    }

    /// E[X(t)] = rβ / (α(s−1)) · [1 − (β/(β+t))^(s−1)] (Schmittlein et al. 1987), for a customer just
    /// acquired.
    fn purchase_rate(&self) -> (f64, f64) {
        (self.r, self.alpha)
    }

    fn expected_transactions(&self, t: f64) -> Option<f64> {
        Some(self.r / self.alpha * self.beta * alive_time(self.s, self.beta, t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ltv::special::hyp2f1;
    use crate::analysis::ltv::test_support::{assert_log_gradient, rf_groups};

    /// Fader, Hardie & Lee's CDNOW estimates (2005; the BTYD vignette).
    const CDNOW: ParetoNbdParams = ParetoNbdParams {
        r: 0.553,
        alpha: 10.578,
        s: 0.606,
        beta: 11.669,
    };

    /// The same with α and β swapped, for the other branch of the note's formula.
    const SWAPPED: ParetoNbdParams = ParetoNbdParams {
        alpha: 11.669,
        beta: 10.578,
        ..CDNOW
    };

    fn one(x: u32, t_x: f64, t_cal: f64) -> [RfGroup; 1] {
        [RfGroup {
            x,
            t_x,
            t_cal,
            customers: 1,
        }]
    }

    /// The likelihood as Fader & Hardie's note writes it (its section 3, with the ₂F₁ terms of A₀), in plain
    /// arithmetic: usable only where no power overflows.
    fn notes_likelihood(p: ParetoNbdParams, x: u32, t_x: f64, t_cal: f64) -> f64 {
        let ParetoNbdParams { r, alpha, s, beta } = p;
        let xf = f64::from(x);
        let rsx = r + s + xf;
        let (max, b2) = if alpha >= beta {
            (alpha, s + 1.0)
        } else {
            (beta, r + xf)
        };
        let z = (alpha - beta).abs();
        let part =
            |t: f64| hyp2f1(rsx, b2, rsx + 1.0, z / (max + t)).unwrap() / (max + t).powf(rsx);
        let a0 = part(t_x) - part(t_cal);
        let constant = (ln_gamma(r + xf) - ln_gamma(r)).exp() * alpha.powf(r) * beta.powf(s);
        constant * (1.0 / ((alpha + t_cal).powf(r + xf) * (beta + t_cal).powf(s)) + s / rsx * a0)
    }

    #[test]
    fn log_likelihood_equals_the_notes_formula_on_both_branches() {
        for p in [CDNOW, SWAPPED] {
            for (x, t_x, t_cal) in [
                (0, 0.0, 38.86),
                (1, 1.71, 38.86),
                (2, 30.43, 38.86),
                (7, 29.43, 35.0),
            ] {
                let ours = p.log_likelihood(&one(x, t_x, t_cal));
                let note = notes_likelihood(p, x, t_x, t_cal).ln();
                assert!((ours - note).abs() < 1e-12, "{p:?} x {x}: {ours} vs {note}");
            }
        }
    }

    #[test]
    fn matches_lifetimes_and_high_precision_values() {
        // `lifetimes` 0.11.3: ParetoNBDFitter with params_ set to CDNOW, then per customer
        // _conditional_log_likelihood(params, x, t_x, T), conditional_probability_alive(x, t_x, T) and
        // conditional_expected_number_of_purchases_up_to_time(39, x, t_x, T).
        for (x, t_x, t_cal, ll, alive, expected) in [
            (
                0,
                0.0,
                38.86,
                -0.5210462940808909,
                0.29528660461689443,
                0.10708146821530892,
            ),
            (
                1,
                1.71,
                38.86,
                -4.45019433388101,
                0.16800232672434479,
                0.1710929805537828,
            ),
            (
                2,
                30.43,
                38.86,
                -9.554283245150407,
                0.8691675591530111,
                1.4551231932576019,
            ),
            (
                7,
                29.43,
                35.0,
                -21.09229140249313,
                0.8793902500945463,
                4.667244062814614,
            ),
            (
                3,
                5.0,
                38.86,
                -9.805119627324288,
                0.05768066870172855,
                0.13439123159914534,
            ),
            (
                20,
                37.0,
                38.86,
                -39.20530159075477,
                0.9661539252223366,
                13.021678984603762,
            ),
            (
                50,
                60.0,
                70.0,
                -73.09228919042525,
                0.08899544733709788,
                1.924272284719295,
            ),
            (
                500,
                299.0,
                300.0,
                -264.99491490259925,
                0.9951626116192743,
                60.32687545603779,
            ),
        ] {
            let got = CDNOW.log_likelihood(&one(x, t_x, t_cal));
            assert!(
                (got - ll).abs() < 1e-9 * ll.abs().max(1.0),
                "x {x}: {got} vs {ll}"
            );
            let got = CDNOW.p_alive(x, t_x, t_cal);
            assert!((got - alive).abs() < 1e-9, "x {x}: {got} vs {alive}");
            let got = CDNOW
                .conditional_expected_transactions(39.0, x, t_x, t_cal)
                .unwrap();
            assert!(
                (got / expected - 1.0).abs() < 1e-9,
                "x {x}: {got} vs {expected}"
            );
        }
        // The note's formula with mpmath at 60 digits (hyp2f1, loggamma), where the terms are e^±thousands:
        // ln L and P(alive) (e^−713, e^−2443: 0 in doubles).
        for (x, t_x, t_cal, ll) in [
            (500, 1.0, 300.0, 1376.6167128589906),
            (2000, 50.0, 1000.0, 4984.694101907594),
            (5000, 0.0, 10000.0, 25783.8631641386),
        ] {
            let got = CDNOW.log_likelihood(&one(x, t_x, t_cal));
            assert!((got - ll).abs() < 1e-10 * ll.abs(), "x {x}: {got} vs {ll}");
            assert_eq!(CDNOW.p_alive(x, t_x, t_cal), 0.0);
            assert_eq!(
                CDNOW.conditional_expected_transactions(39.0, x, t_x, t_cal),
                Some(0.0)
            );
        }
        // E[X(t)], expected_number_of_purchases_up_to_time(t).
        for (t, expected) in [
            (1.0, 0.050979843245990884),
            (39.0, 1.2130028442810157),
            (78.0, 1.9093981293136852),
        ] {
            let got = CDNOW.expected_transactions(t).unwrap();
            assert!(
                (got / expected - 1.0).abs() < 1e-12,
                "t {t}: {got} vs {expected}"
            );
        }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let groups = rf_groups(&[
            (0, 0.0, 38.86, 5),
            (1, 1.71, 38.86, 2),
            (3, 30.0, 36.0, 1),
            (60, 20.0, 70.0, 1),
        ]);
        for p in [CDNOW, SWAPPED, ParetoNbdParams { s: 1.0, ..CDNOW }] {
            assert_log_gradient(|q| pareto_log_likelihood(q, &groups).unwrap(), p.to_array());
        }
    }

    #[test]
    fn p_alive_is_one_at_the_first_purchase_and_falls_with_silence() {
        assert!((CDNOW.p_alive(0, 0.0, 0.0) - 1.0).abs() < 1e-15);
        let silent: Vec<f64> = [0.0, 10.0, 40.0, 100.0]
            .iter()
            .map(|&t| CDNOW.p_alive(2, 5.0, 5.0 + t))
            .collect();
        assert!(silent.windows(2).all(|w| w[1] < w[0]), "{silent:?}");
        assert!((silent[0] - 1.0).abs() < 1e-15, "a purchase at T: alive");
    }

    #[test]
    fn expectations_at_s_equal_to_one_are_the_limit() {
        let at_one = ParetoNbdParams { s: 1.0, ..CDNOW };
        let near = ParetoNbdParams {
            s: 1.0 + 1e-6,
            ..CDNOW
        };
        let (a, b) = (
            at_one.expected_transactions(39.0).unwrap(),
            near.expected_transactions(39.0).unwrap(),
        );
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        // r/α · β ln(1 + t/β) at s = 1.
        let closed = CDNOW.r / CDNOW.alpha * CDNOW.beta * (39.0 / CDNOW.beta).ln_1p();
        assert!((a - closed).abs() < 1e-15);
        assert_eq!(
            at_one.conditional_expected_transactions(0.0, 2, 1.0, 3.0),
            Some(0.0)
        );
    }

    #[test]
    fn data_without_repeat_purchases_are_refused() {
        let fit = fit_paretonbd(&one(0, 0.0, 10.0), &FitOptions::default());
        assert!(fit
            .reason()
            .unwrap()
            .contains("no customer has a repeat transaction"));
    }
}
