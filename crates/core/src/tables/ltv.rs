//! Predictive LTV tables.

use super::rfm::CUSTOMER;
use super::{col, key, Cell, Table, TableStream};
use crate::analysis::ltv::tracking::Tracking;
use crate::analysis::ltv::PredictiveLtv;
use crate::Dataset;

/// Per customer: `customer_key, x, t_x, T, mean_value, p_alive, expected_transactions, expected_value, clv`;
/// empty where there is no value.
pub fn customers<'a>(ds: &'a Dataset, r: &'a PredictiveLtv) -> TableStream<'a> {
    TableStream::new(
        &[
            CUSTOMER,
            col("x", "リピート購入回数", "Repeat transactions"),
            col("t_x", "最後のリピートの時点", "Time of last repeat"),
            col("T", "観測期間", "Time observed"),
            col("mean_value", "平均リピート購入額", "Mean repeat spend"),
            col("p_alive", "生存確率", "P(alive)"),
            col(
                "expected_transactions",
                "予測購入回数",
                "Expected transactions",
            ),
            col("expected_value", "予測単価", "Expected spend"),
            col("clv", "予測CLV", "Predicted CLV"),
        ],
        r.customers.iter().map(|c| {
            vec![
                key(ds, c.customer),
                Cell::int(c.x),
                Cell::Decimal(c.t_x, 2),
                Cell::Decimal(c.t_cal, 2),
                Cell::mean_money(c.mean_repeat_value_minor),
                Cell::rate(c.p_alive),
                Cell::decimal(c.expected_transactions, 3),
                Cell::mean_money(c.expected_value_minor),
                Cell::mean_money(c.clv_minor),
            ]
        }),
    )
}

/// The tracking of cumulative repeat transactions: `day, period, actual, predicted`, where `period` is
/// `calibration` or `holdout`.
pub fn tracking(t: &Tracking) -> Table {
    Table::new(&[
        col("day", "日付", "Day"),
        col("period", "期間", "Period"),
        col(
            "actual",
            "累計リピート購入（実績）",
            "Cumulative repeats (actual)",
        ),
        col(
            "predicted",
            "累計リピート購入（予測）",
            "Cumulative repeats (predicted)",
        ),
    ])
    .with_rows(t.points.iter().map(|p| {
        let period = match p.day <= t.calibration_end {
            true => Cell::Choice {
                id: "calibration",
                ja: "学習期間",
                en: "calibration",
            },
            false => Cell::Choice {
                id: "holdout",
                ja: "検証期間",
                en: "holdout",
            },
        };
        vec![
            Cell::text(p.day.to_string()),
            period,
            Cell::int(p.actual),
            Cell::decimal(p.predicted, 1),
        ]
    }))
}
