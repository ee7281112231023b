//! Calibration summaries drawn from the BG/NBD and Gamma-Gamma models with known parameters, so that the
//! fits can be timed on any number of customers and checked against the truth.
//!
//! Per customer: λ ~ Gamma(r, rate α), p ~ Beta(a, b); the age T is a whole number of days, uniform in
//! [`MIN_AGE_DAYS`, `MAX_AGE_DAYS`]; after the first purchase at 0, purchases follow a Poisson process of rate λ
//! (per week) up to T, and after each repeat purchase the customer drops out with probability p (Fader, Hardie
//! & Lee 2005). The time of the last purchase is rounded up to a whole day, as a summary of dated orders has it
//! (same-day purchases are not merged: with these rates they are rare). Spend: ν ~ Gamma(q, rate γ) per
//! customer, and the mean of x repeat values, each Gamma(p, rate ν), is drawn directly as Gamma(p·x, rate ν·x),
//! rounded to cents (at least 0.01).

use kokyaku_core::analysis::ltv::bgnbd::BgNbdParams;
use kokyaku_core::analysis::ltv::gamma_gamma::GammaGammaParams;
use kokyaku_core::analysis::ltv::summary::{CalibrationSummary, CustomerSummary, TimeUnit};
use kokyaku_core::Day;

/// The youngest customer's age at the calibration end, in days (26 weeks).
pub const MIN_AGE_DAYS: u32 = 182;
/// The oldest customer's age at the calibration end, in days (78 weeks).
pub const MAX_AGE_DAYS: u32 = 546;

/// The BG/NBD parameters the customers are drawn from (close to CDNOW's, rates per week).
pub const TRUE_BGNBD: BgNbdParams = BgNbdParams {
    r: 0.25,
    alpha: 4.0,
    a: 0.8,
    b: 2.5,
};

/// The Gamma-Gamma parameters the spend is drawn from (a mean transaction of pγ/(q−1) = 30).
pub const TRUE_GAMMA_GAMMA: GammaGammaParams = GammaGammaParams {
    p: 6.0,
    q: 4.0,
    gamma: 15.0,
};

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast and good enough for drawing test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on (0, 1), never 0 or 1.
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal (Box-Muller; the second value is dropped).
    fn normal(&mut self) -> f64 {
        (-2.0 * self.uniform().ln()).sqrt() * (std::f64::consts::TAU * self.uniform()).cos()
    }

    /// Gamma(shape, scale 1): Marsaglia & Tsang (2000), with the U^(1/shape) boost below shape 1.
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0) * self.uniform().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let z = self.normal();
            let v = (1.0 + c * z).powi(3);
            if v <= 0.0 {
                continue;
            }
            if self.uniform().ln() < 0.5 * z * z + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        x / (x + self.gamma(b))
    }
}

/// A summary of `customers` customers drawn with `seed`, in weeks, ending on `calibration_end`. Mean repeat
/// values are in currency units (dollars, say), so the summary says the currency has no decimals.
pub fn summary(customers: usize, seed: u64, calibration_end: Day) -> CalibrationSummary {
    let mut rng = Rng(seed ^ 0x6C74_7662_656E_6368);
    let (bg, gg) = (TRUE_BGNBD, TRUE_GAMMA_GAMMA);
    let span = u64::from(MAX_AGE_DAYS - MIN_AGE_DAYS + 1);
    let mut out = Vec::with_capacity(customers);
    for id in 0..customers {
        let age_days = MIN_AGE_DAYS + (rng.next_u64() % span) as u32;
        let age = f64::from(age_days) / 7.0;
        let lambda = rng.gamma(bg.r) / bg.alpha;
        let dropout = rng.beta(bg.a, bg.b);
        let (mut x, mut t, mut t_x) = (0u32, 0.0, 0.0);
        loop {
            t += -rng.uniform().ln() / lambda;
            if t > age {
                break;
            }
            x += 1;
            t_x = t;
            if rng.uniform() < dropout {
                break;
            }
        }
        let last_days = ((t_x * 7.0).ceil() as u32).min(age_days);
        let mean_value = (x > 0).then(|| {
            let nu = rng.gamma(gg.q) / gg.gamma;
            let xf = f64::from(x);
            let m = rng.gamma(gg.p * xf) / (nu * xf);
            ((m * 100.0).round() / 100.0).max(0.01)
        });
        let first = Day(calibration_end.0 - age_days as i32);
        out.push(CustomerSummary {
            customer: id as u32,
            first,
            last: Day(first.0 + last_days as i32),
            x,
            t_x: f64::from(last_days) / 7.0,
            t_cal: age,
            mean_repeat_value_minor: mean_value,
            holdout_transactions: None,
        });
    }
    CalibrationSummary {
        as_of: Some(Day(calibration_end.0 + 1)),
        calibration_end: Some(calibration_end),
        holdout_end: None,
        unit: TimeUnit::Week,
        holdout_length: None,
        customers: out,
        currency_decimals: 0,
        repeats_per_day: Default::default(),
        repeat_days_known: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_have_the_right_means() {
        let mut rng = Rng(7);
        let n = 200_000;
        for shape in [0.25, 0.8, 2.5, 6.0] {
            let mean = (0..n).map(|_| rng.gamma(shape)).sum::<f64>() / n as f64;
            assert!((mean / shape - 1.0).abs() < 0.02, "{shape}: {mean}");
        }
        let mean = (0..n).map(|_| rng.beta(0.8, 2.5)).sum::<f64>() / n as f64;
        assert!((mean - 0.8 / 3.3).abs() < 0.005, "{mean}");
    }

    #[test]
    fn summaries_are_consistent_and_seeded() {
        let end: Day = "2024-12-31".parse().unwrap();
        let s = summary(5_000, 1, end);
        assert_eq!(s, summary(5_000, 1, end));
        assert!(s.customers.iter().all(|c| c.t_x <= c.t_cal
            && (c.x == 0) == c.mean_repeat_value_minor.is_none()
            && (c.x > 0 || c.t_x == 0.0)));
        let groups = s.rf_groups();
        assert_eq!(
            groups.iter().map(|g| g.customers as usize).sum::<usize>(),
            5_000
        );
    }
}
