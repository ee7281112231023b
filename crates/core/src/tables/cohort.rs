//! The cohort table: one row per cohort and period.

use super::{col, Cell, Table};
use crate::analysis::cohort::Cohorts;

/// `cohort, period, customers, active_customers, retention, revenue, cumulative_revenue_per_customer,
/// complete`.
pub fn cohorts(c: &Cohorts) -> Table {
    Table::new(&[
        col("cohort", "コホート", "Cohort"),
        col("period", "経過期間", "Period"),
        col("customers", "顧客数", "Customers"),
        col("active_customers", "購入者数", "Buyers"),
        col("retention", "継続率", "Retention"),
        col("revenue", "売上", "Revenue"),
        col(
            "cumulative_revenue_per_customer",
            "1人あたり累計売上",
            "Cumulative revenue per customer",
        ),
        col("complete", "期間の状態", "Period status"),
    ])
    .with_rows(c.rows.iter().map(|r| {
        vec![
            Cell::text(r.cohort.clone()),
            Cell::int(r.period),
            Cell::int(r.customers),
            Cell::int(r.active_customers),
            Cell::Rate(r.retention),
            Cell::Money(r.revenue_minor),
            Cell::MeanMoney(r.cumulative_revenue_per_customer_minor),
            Cell::flag(r.complete, ("確定", "over"), ("集計途中", "not over")),
        ]
    }))
}
