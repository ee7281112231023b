//! CPM tables: each customer's group, and the figures per group.

use super::{float_cell, key, Table};
use crate::analysis::cpm::Cpm;
use crate::Dataset;

/// Per customer: `customer_key, cpm_group`.
pub fn customers(ds: &Dataset, r: &Cpm) -> Table {
    Table::new(&["customer_key", "cpm_group"]).with_rows(
        r.customers
            .iter()
            .map(|c| vec![key(ds, c.customer), c.group.id().to_string()]),
    )
}

/// Per group (the 5×2 grid as rows): `cpm_group, customers, revenue_minor, revenue_share, mean_value_minor,
/// mean_orders`.
pub fn groups(r: &Cpm) -> Table {
    Table::new(&[
        "cpm_group",
        "customers",
        "revenue_minor",
        "revenue_share",
        "mean_value_minor",
        "mean_orders",
    ])
    .with_rows(r.groups.iter().map(|g| {
        vec![
            g.group.id().to_string(),
            g.customers.to_string(),
            g.revenue_minor.to_string(),
            float_cell(g.revenue_share),
            float_cell(g.mean_value_minor),
            float_cell(g.mean_orders),
        ]
    }))
}
