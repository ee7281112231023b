//! The cohort table: one row per cohort and period.

use super::Table;
use crate::analysis::cohort::Cohorts;

/// `cohort, period, customers, active_customers, retention, revenue_minor,
/// cumulative_revenue_per_customer_minor, complete`.
pub fn cohorts(c: &Cohorts) -> Table {
    Table::new(&[
        "cohort",
        "period",
        "customers",
        "active_customers",
        "retention",
        "revenue_minor",
        "cumulative_revenue_per_customer_minor",
        "complete",
    ])
    .with_rows(c.rows.iter().map(|r| {
        vec![
            r.cohort.clone(),
            r.period.to_string(),
            r.customers.to_string(),
            r.active_customers.to_string(),
            r.retention.to_string(),
            r.revenue_minor.to_string(),
            r.cumulative_revenue_per_customer_minor.to_string(),
            r.complete.to_string(),
        ]
    }))
}
