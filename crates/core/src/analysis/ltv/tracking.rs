//! Cumulative repeat transactions, actual against predicted, week by week over the calibration and holdout
//! periods: the tracking plot of Fader, Hardie & Lee's BG/NBD paper (docs/analyses.md, "Tracking").
//!
//! The customers are the calibration customers (first transaction on or before the calibration end). At the
//! end of each period the actual figure counts their repeat transactions so far; the predicted figure sums,
//! over the customers acquired by then, the model's E[X(t)] for the time t since their first transaction.
//! A model that fits well follows the actual line through the calibration period and keeps to it after.

use serde::Serialize;

use super::summary::CalibrationSummary;
use super::TransactionModel;
use crate::date::Day;

/// At most this many points: longer histories are tracked in periods of several weeks.
const MAX_POINTS: u32 = 160;

/// Cumulative repeat transactions at the end of one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrackingPoint {
    /// The last day counted.
    pub day: Day,
    /// Repeat transactions up to and including `day`.
    pub actual: u64,
    /// What the model expects by `day`; `None` without a fitted model or where it cannot be computed.
    pub predicted: Option<f64>,
}

/// The tracking of cumulative repeat transactions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tracking {
    /// Days in a period: 7, or a multiple of 7 for histories longer than 160 weeks.
    pub period_days: u32,
    /// The earliest first transaction: where every line starts at 0.
    pub start: Day,
    /// The end of the calibration period (a point of its own).
    pub calibration_end: Day,
    /// Period ends from `start` to the holdout end (or the calibration end), with the calibration end.
    pub points: Vec<TrackingPoint>,
}

/// The tracking of `summary`'s customers, with predictions when a fitted model is given; `None` for a summary
/// without customers.
pub fn tracking(
    summary: &CalibrationSummary,
    model: Option<&dyn TransactionModel>,
) -> Option<Tracking> {
    let calibration_end = summary
        .calibration_end
        .filter(|_| summary.repeat_days_known)?;
    let start = summary.customers.iter().map(|c| c.first).min()?;
    let end = summary.holdout_end.unwrap_or(calibration_end);
    let span = (end.0 - start.0 + 1) as u32;
    let period_days = 7 * span.div_ceil(7 * MAX_POINTS).max(1);
    let mut days: Vec<Day> = (1..)
        .map(|k| Day(start.0 - 1 + (k * period_days) as i32))
        .take_while(|d| *d < end)
        .collect();
    days.extend([calibration_end, end]);
    days.sort_unstable();
    days.dedup();
    // Customers acquired per day since `start`: the prediction is a sum over first days, not customers.
    let mut acquired = vec![0u32; span as usize];
    for c in &summary.customers {
        acquired[(c.first.0 - start.0) as usize] += 1;
    }
    let unit = summary.unit.days();
    let points = days
        .into_iter()
        .map(|day| TrackingPoint {
            day,
            actual: summary.repeats_per_day.through(day),
            predicted: model.and_then(|m| expected_by(m, &acquired, start, day, unit)),
        })
        .collect();
    Some(Tracking {
        period_days,
        start,
        calibration_end,
        points,
    })
}

/// Σ over first days f ≤ `day` of (customers acquired on f) × E[X((day − f) / unit)].
fn expected_by(
    model: &dyn TransactionModel,
    acquired: &[u32],
    start: Day,
    day: Day,
    unit: f64,
) -> Option<f64> {
    let last = ((day.0 - start.0) as usize).min(acquired.len() - 1);
    acquired[..=last]
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .try_fold(0.0, |sum, (i, &n)| {
            let t = f64::from(day.0 - start.0 - i as i32) / unit;
            Some(sum + f64::from(n) * model.expected_transactions(t)?)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ltv::bgnbd::BgNbdParams;
    use crate::analysis::ltv::summary::{CustomerSummary, DailyCounts, TimeUnit};

    fn customer(first: i32) -> CustomerSummary {
        CustomerSummary {
            customer: 0,
            first: Day(first),
            last: Day(first),
            x: 0,
            t_x: 0.0,
            t_cal: 0.0,
            mean_repeat_value_minor: None,
            holdout_transactions: None,
        }
    }

    fn summary(
        firsts: &[i32],
        repeats: Vec<u32>,
        end: i32,
        holdout_end: Option<i32>,
    ) -> CalibrationSummary {
        CalibrationSummary {
            as_of: None,
            calibration_end: Some(Day(end)),
            holdout_end: holdout_end.map(Day),
            unit: TimeUnit::Week,
            holdout_length: None,
            customers: firsts.iter().map(|&f| customer(f)).collect(),
            currency_decimals: 0,
            repeats_per_day: DailyCounts {
                start: Some(Day(firsts[0])),
                counts: repeats,
            },
            repeat_days_known: true,
        }
    }

    #[test]
    fn counts_weeks_from_the_first_purchase_and_marks_the_calibration_end() {
        // Two customers from day 100 and day 103; repeats on days 101, 107, 108 (two), 115. Calibration
        // ends on day 110 (not a week end), holdout on day 115.
        let mut repeats = vec![0; 16];
        for d in [101, 107, 108, 108, 115] {
            repeats[d - 100] += 1;
        }
        let s = summary(&[100, 103], repeats, 110, Some(115));
        let t = tracking(&s, None).unwrap();
        assert_eq!(
            (t.period_days, t.start, t.calibration_end),
            (7, Day(100), Day(110))
        );
        let got: Vec<(i32, u64)> = t.points.iter().map(|p| (p.day.0, p.actual)).collect();
        // Week ends 106 and 113, the calibration end 110 and the holdout end 115, by hand.
        assert_eq!(got, [(106, 1), (110, 4), (113, 4), (115, 5)]);
        assert!(t.points.iter().all(|p| p.predicted.is_none()));
    }

    #[test]
    fn predicts_the_sum_of_each_customers_expected_repeats() {
        let bg = BgNbdParams {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        };
        let s = summary(&[0, 7, 7], vec![0; 29], 28, None);
        let t = tracking(&s, Some(&bg)).unwrap();
        let e = |weeks: f64| bg.expected_transactions(weeks).unwrap();
        // Day 13: the first customer is 13/7 weeks in, the other two 6/7 of a week.
        let at_13 = t.points.iter().find(|p| p.day == Day(13)).unwrap();
        let want = e(13.0 / 7.0) + 2.0 * e(6.0 / 7.0);
        assert!((at_13.predicted.unwrap() - want).abs() < 1e-12);
        // Day 6: only the first customer, 6 days in.
        assert!((t.points[0].predicted.unwrap() - e(6.0 / 7.0)).abs() < 1e-12);
    }

    #[test]
    fn long_histories_use_longer_periods() {
        // 400 weeks of history: periods of 3 weeks keep the points at or under 160.
        let s = summary(&[0], vec![0; 2800], 2799, None);
        let t = tracking(&s, None).unwrap();
        assert_eq!(t.period_days, 21);
        assert!(t.points.len() <= 160 + 1, "{}", t.points.len());
        assert_eq!(t.points.last().unwrap().day, Day(2799));
    }
}
