//! The calibration/holdout check (docs/analyses.md, "Calibration/holdout check"): customers grouped by their
//! calibration repeat transactions x = 0, 1, …, 6 and 7+, with the mean actual repeat transactions in the
//! holdout period and the mean the model predicted for it (its conditional expectation over the holdout
//! length), as Fader, Hardie & Lee (2005) show it for CDNOW; and two figures of how far the model is off, to
//! compare models on the same data: the relative error of the total and the mean absolute error per customer.

use serde::Serialize;

use super::summary::CalibrationSummary;
use super::TransactionModel;
use crate::date::Day;
use crate::words::Words;

/// A model off by less than this many percent of the actual holdout total is called close.
const CLOSE_PERCENT: f64 = 5.0;

/// Buckets 0..=6 one x each, then 7 and more.
pub const LAST_BUCKET: u32 = 7;

/// Customers with x in a bucket.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HoldoutRow {
    /// The bucket's x; the last bucket holds x ≥ [`LAST_BUCKET`].
    pub x: u32,
    /// Whether this is the open-ended last bucket.
    pub and_more: bool,
    /// Customers in the bucket.
    pub customers: u64,
    /// Holdout transactions of these customers.
    pub actual_transactions: u64,
    /// Their mean per customer; `None` for an empty bucket.
    pub mean_actual: Option<f64>,
    /// The model's mean prediction per customer; `None` for an empty bucket or without a fitted model.
    pub mean_predicted: Option<f64>,
}

/// Predicted against actual repeat transactions in the holdout period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HoldoutTable {
    /// The last day of the calibration period the predictions start from.
    pub calibration_end: Day,
    /// The last day of the holdout period the actual transactions were counted to.
    pub holdout_end: Day,
    /// In the summary's time unit.
    pub holdout_length: f64,
    /// x = 0..=6, then 7+.
    pub rows: Vec<HoldoutRow>,
    /// All calibration customers.
    pub customers: u64,
    /// Their holdout transactions.
    pub actual_transactions: u64,
    /// The model's total prediction; `None` without a fitted model or when a prediction failed.
    pub predicted_transactions: Option<f64>,
    /// (predicted − actual) ÷ actual transactions in all: how far the model's total is off, +0.05 for 5% too
    /// many; `None` without a prediction or without any holdout transaction.
    pub total_relative_error: Option<f64>,
    /// The mean over the customers of |predicted − actual| holdout transactions: how far the model is off
    /// for one customer; `None` without a prediction.
    pub mean_absolute_error: Option<f64>,
    /// The total's error in words; `None` without [`HoldoutTable::total_relative_error`].
    pub verdict: Option<Verdict>,
}

/// How the model's holdout total compares with what happened, as a person would say it. `percent` is the
/// relative error of the total in percent, to one decimal (as the holdout error is shown).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// Off by less than 5%.
    Close {
        /// |predicted − actual| ÷ actual, in percent.
        percent: f64,
    },
    /// Predicts at least 5% fewer transactions than happened.
    UnderPredicts {
        /// (actual − predicted) ÷ actual, in percent.
        percent: f64,
    },
    /// Predicts at least 5% more transactions than happened.
    OverPredicts {
        /// (predicted − actual) ÷ actual, in percent.
        percent: f64,
    },
}

impl Verdict {
    /// The verdict on a relative error (predicted − actual) ÷ actual.
    pub fn of(relative_error: f64) -> Verdict {
        let percent = (relative_error.abs() * 1000.0).round() / 10.0;
        if percent < CLOSE_PERCENT {
            Verdict::Close { percent }
        } else if relative_error < 0.0 {
            Verdict::UnderPredicts { percent }
        } else {
            Verdict::OverPredicts { percent }
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Close { percent } => write!(
                f,
                "The model predicts the holdout's repeat orders within 5% (off by {percent:.1}%): its forecasts \
                 can be used as they are."
            ),
            Verdict::UnderPredicts { percent } => write!(
                f,
                "The model under-predicts the holdout by {percent:.1}%: it expected fewer repeat orders than \
                 these customers made, so its forecasts are likely too low."
            ),
            Verdict::OverPredicts { percent } => write!(
                f,
                "The model over-predicts the holdout by {percent:.1}%: it expected more repeat orders than \
                 these customers made, so its forecasts are likely too high."
            ),
        }
    }
}

impl Words for Verdict {
    fn ja(&self) -> String {
        match self {
            Verdict::Close { percent } => format!(
                "検証期間のリピート購入の予測は実績との差が{percent:.1}%で、5%以内です。予測はそのまま使えます。"
            ),
            Verdict::UnderPredicts { percent } => format!(
                "モデルは検証期間のリピート購入を実績より{percent:.1}%少なく予測しています。予測は低めに出ている可能性があります。"
            ),
            Verdict::OverPredicts { percent } => format!(
                "モデルは検証期間のリピート購入を実績より{percent:.1}%多く予測しています。予測は高めに出ている可能性があります。"
            ),
        }
    }
}

/// The table for a summary with a holdout period (`None` without one), with predictions when a fitted model
/// is given.
pub fn holdout_table(
    summary: &CalibrationSummary,
    model: Option<&dyn TransactionModel>,
) -> Option<HoldoutTable> {
    let (calibration_end, holdout_end, length) = (
        summary.calibration_end?,
        summary.holdout_end?,
        summary.holdout_length?,
    );
    let buckets = LAST_BUCKET as usize + 1;
    let mut customers = vec![0u64; buckets];
    let mut actual = vec![0u64; buckets];
    let mut predicted = vec![Some(0.0f64); buckets];
    let mut absolute_error = Some(0.0f64);
    for c in &summary.customers {
        let i = (c.x.min(LAST_BUCKET)) as usize;
        customers[i] += 1;
        actual[i] += u64::from(c.holdout_transactions.unwrap_or(0));
        let expected =
            model.and_then(|m| m.conditional_expected_transactions(length, c.x, c.t_x, c.t_cal));
        let actual = f64::from(c.holdout_transactions.unwrap_or(0));
        predicted[i] = predicted[i].zip(expected).map(|(sum, e)| sum + e);
        absolute_error = absolute_error
            .zip(expected)
            .map(|(sum, e)| sum + (e - actual).abs());
    }
    let rows = (0..buckets)
        .map(|i| {
            let n = customers[i];
            let mean = |v: f64| (n > 0).then(|| v / n as f64);
            HoldoutRow {
                x: i as u32,
                and_more: i + 1 == buckets,
                customers: n,
                actual_transactions: actual[i],
                mean_actual: mean(actual[i] as f64),
                mean_predicted: predicted[i].and_then(mean),
            }
        })
        .collect();
    let predicted_transactions =
        model.and_then(|_| predicted.iter().try_fold(0.0, |acc, p| p.map(|p| acc + p)));
    let (all, actual_all): (u64, u64) = (customers.iter().sum(), actual.iter().sum());
    let total_relative_error = predicted_transactions
        .filter(|_| actual_all > 0)
        .map(|p| (p - actual_all as f64) / actual_all as f64);
    let mean_absolute_error = absolute_error.filter(|_| all > 0).map(|e| e / all as f64);
    Some(HoldoutTable {
        calibration_end,
        holdout_end,
        holdout_length: length,
        rows,
        customers: all,
        actual_transactions: actual_all,
        predicted_transactions,
        total_relative_error,
        mean_absolute_error,
        verdict: total_relative_error.map(Verdict::of),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_names_the_direction_past_five_percent() {
        assert_eq!(
            Verdict::of(-0.1214),
            Verdict::UnderPredicts { percent: 12.1 }
        );
        assert_eq!(Verdict::of(0.05), Verdict::OverPredicts { percent: 5.0 });
        assert_eq!(
            Verdict::of(-0.04996),
            Verdict::UnderPredicts { percent: 5.0 }
        );
        assert_eq!(Verdict::of(-0.0494), Verdict::Close { percent: 4.9 });
        assert_eq!(Verdict::of(0.0004), Verdict::Close { percent: 0.0 });
        let v = Verdict::UnderPredicts { percent: 12.1 };
        assert!(v
            .to_string()
            .starts_with("The model under-predicts the holdout by 12.1%"));
        assert!(v.ja().contains("12.1%少なく"));
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"kind":"under_predicts","percent":12.1}"#);
    }
}
