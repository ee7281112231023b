//! Predictive LTV tables.

use super::{float_cell, key, Table};
use crate::analysis::ltv::PredictiveLtv;
use crate::Dataset;

/// Per customer: `customer_key, x, t_x, T, mean_value_minor, p_alive, expected_transactions,
/// expected_value_minor, clv_minor`; floats unrounded, empty where there is no value.
pub fn customers(ds: &Dataset, r: &PredictiveLtv) -> Table {
    Table::new(&[
        "customer_key",
        "x",
        "t_x",
        "T",
        "mean_value_minor",
        "p_alive",
        "expected_transactions",
        "expected_value_minor",
        "clv_minor",
    ])
    .with_rows(r.customers.iter().map(|c| {
        vec![
            key(ds, c.customer),
            c.x.to_string(),
            c.t_x.to_string(),
            c.t_cal.to_string(),
            float_cell(c.mean_repeat_value_minor),
            float_cell(c.p_alive),
            float_cell(c.expected_transactions),
            float_cell(c.expected_value_minor),
            float_cell(c.clv_minor),
        ]
    }))
}
