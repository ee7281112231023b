//! Looking ahead from one customer's history with a fitted transaction model: P(alive) if the customer stays
//! silent 30 or 90 more days, the orders expected in the next 30, 90 and 365 days, when the next order is
//! likely to come if the customer is still active, and a churn-risk band (docs/analyses.md, "Predictions per
//! customer").

use serde::Serialize;

use super::TransactionModel;

/// The days ahead at which P(alive) is given, for a customer who does not buy meanwhile.
pub const ALIVE_AHEAD_DAYS: [f64; 2] = [30.0, 90.0];

/// The horizons, in days, of the expected orders.
pub const EXPECTED_DAYS: [f64; 3] = [30.0, 90.0, 365.0];

/// The quantiles of the time to the next order that bound its likely range.
pub const NEXT_ORDER_QUANTILES: [f64; 2] = [0.25, 0.75];

/// P(alive) below this is a high churn risk.
pub const HIGH_RISK_BELOW: f64 = 0.3;

/// P(alive) below this (and not below [`HIGH_RISK_BELOW`]) is a medium churn risk.
pub const MEDIUM_RISK_BELOW: f64 = 0.7;

/// How likely a customer is to have left, from P(alive) now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChurnRisk {
    /// P(alive) at least [`MEDIUM_RISK_BELOW`].
    Low,
    /// P(alive) from [`HIGH_RISK_BELOW`] up to [`MEDIUM_RISK_BELOW`].
    Medium,
    /// P(alive) below [`HIGH_RISK_BELOW`].
    High,
}

impl ChurnRisk {
    /// Every band, lowest risk first.
    pub const ALL: [ChurnRisk; 3] = [ChurnRisk::Low, ChurnRisk::Medium, ChurnRisk::High];

    /// The ids in conditions and CSV, in the order of [`ChurnRisk::ALL`].
    pub const IDS: [&'static str; 3] = ["low", "medium", "high"];

    /// The band of a P(alive).
    pub fn of(p_alive: f64) -> ChurnRisk {
        if p_alive < HIGH_RISK_BELOW {
            ChurnRisk::High
        } else if p_alive < MEDIUM_RISK_BELOW {
            ChurnRisk::Medium
        } else {
            ChurnRisk::Low
        }
    }

    /// The id used in conditions and CSV.
    pub fn id(self) -> &'static str {
        ChurnRisk::IDS[self as usize]
    }

    /// The name shown to people, in Japanese and in English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            ChurnRisk::Low => ("低", "Low"),
            ChurnRisk::Medium => ("中", "Medium"),
            ChurnRisk::High => ("高", "High"),
        }
    }
}

/// What the model says of one customer's coming days.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Ahead {
    /// P(alive) 30 and 90 days after the calibration end, if the customer does not buy meanwhile.
    pub p_alive_ahead: [f64; 2],
    /// Orders expected in the next 30, 90 and 365 days; `None` where the model's series does not converge.
    pub expected: [Option<f64>; 3],
    /// Days after the calibration end by which a customer who stays active has ordered again with
    /// probability 25% and 75%: the likely range of the next order.
    pub next_order_days: [f64; 2],
    /// The band of P(alive) now.
    pub churn_risk: ChurnRisk,
}

/// Looks ahead for a customer with `x` repeat transactions, the last at `t_x`, observed for `t_cal` (in the
/// model's unit of `unit_days` days), whose P(alive) now is `p_alive`.
pub fn ahead(
    model: &dyn TransactionModel,
    x: u32,
    t_x: f64,
    t_cal: f64,
    p_alive: f64,
    unit_days: f64,
) -> Ahead {
    let in_units = |days: f64| days / unit_days;
    let p_alive_ahead = ALIVE_AHEAD_DAYS.map(|d| model.p_alive(x, t_x, t_cal + in_units(d)));
    let ts = EXPECTED_DAYS.map(in_units);
    let expected = match model.conditional_expected_transactions_over(&ts, x, t_x, t_cal) {
        Some(e) => [Some(e[0]), Some(e[1]), Some(e[2])],
        None => [None; 3],
    };
    // Alive, the customer buys at a rate λ ~ Gamma(r + x, α + T): the time to the next purchase has
    // P(S > s) = ((α + T) / (α + T + s))^(r + x), whose q-quantile is (α + T)((1 − q)^(−1/(r + x)) − 1).
    let (r, alpha) = model.purchase_rate();
    let (shape, rate) = (r + f64::from(x), alpha + t_cal);
    let next_order_days =
        NEXT_ORDER_QUANTILES.map(|q| rate * ((1.0 - q).powf(-1.0 / shape) - 1.0) * unit_days);
    Ahead {
        p_alive_ahead,
        expected,
        next_order_days,
        churn_risk: ChurnRisk::of(p_alive),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ltv::bgnbd::BgNbdParams;

    /// The published CDNOW parameters (Fader, Hardie & Lee 2005), in weeks.
    const CDNOW: BgNbdParams = BgNbdParams {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };

    /// x = 2, t_x = 30.43, T = 38.86 weeks: the paper's worked customer.
    #[test]
    fn looking_ahead_is_the_model_at_later_times() {
        let now = CDNOW.p_alive(2, 30.43, 38.86);
        let a = ahead(&CDNOW, 2, 30.43, 38.86, now, 7.0);
        // Silent 30 and 90 days more is the same customer observed 30/7 and 90/7 weeks longer.
        assert_eq!(
            a.p_alive_ahead[0],
            CDNOW.p_alive(2, 30.43, 38.86 + 30.0 / 7.0)
        );
        assert!(now > a.p_alive_ahead[0] && a.p_alive_ahead[0] > a.p_alive_ahead[1]);
        let e39 = CDNOW
            .conditional_expected_transactions(39.0, 2, 30.43, 38.86)
            .unwrap();
        // 365 days is 52.14 weeks: more than the paper's 1.226 expected in 39 weeks.
        assert!(a.expected[2].unwrap() > e39 && (e39 - 1.226).abs() < 1e-3);
        assert!(a.expected[0].unwrap() < a.expected[1].unwrap());
        // Gamma(r + x, α + T) = Gamma(2.243, 43.274 weeks): the median of the time to the next purchase lies
        // between the quartiles, and the quartiles are where the survival function is 0.75 and 0.25.
        let survival = |days: f64| (43.274 / (43.274 + days / 7.0)).powf(2.243);
        assert!((survival(a.next_order_days[0]) - 0.75).abs() < 1e-12);
        assert!((survival(a.next_order_days[1]) - 0.25).abs() < 1e-12);
        assert_eq!(a.churn_risk, ChurnRisk::of(now));
    }

    #[test]
    fn bands_split_p_alive_at_three_and_seven_tenths() {
        let bands: Vec<ChurnRisk> = [0.0, 0.29, 0.3, 0.69, 0.7, 1.0].map(ChurnRisk::of).to_vec();
        use ChurnRisk::*;
        assert_eq!(bands, [High, High, Medium, Medium, Low, Low]);
    }
}
