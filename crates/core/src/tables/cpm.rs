//! CPM tables: each customer's group, and the figures per group.

use super::rfm::CUSTOMER;
use super::{col, key, Cell, Table, TableStream};
use crate::analysis::cpm::{Cpm, CpmGroup};
use crate::Dataset;

/// A group as a cell: its id, or its name.
fn group(g: CpmGroup) -> Cell {
    Cell::choice(g.id(), g.names())
}

/// Per customer: `customer_key, cpm_group`.
pub fn customers<'a>(ds: &'a Dataset, r: &'a Cpm) -> TableStream<'a> {
    TableStream::new(
        &[CUSTOMER, col("cpm_group", "CPMグループ", "CPM group")],
        r.customers
            .iter()
            .map(|c| vec![key(ds, c.customer), group(c.group)]),
    )
}

/// Per group (the 5×2 grid as rows): `cpm_group, customers, revenue, revenue_share, mean_value, mean_orders`.
pub fn groups(r: &Cpm) -> Table {
    Table::new(&[
        col("cpm_group", "CPMグループ", "CPM group"),
        col("customers", "顧客数", "Customers"),
        col("revenue", "売上", "Revenue"),
        col("revenue_share", "売上構成比", "Revenue share"),
        col("mean_value", "平均累計購入額", "Mean customer value"),
        col("mean_orders", "平均購入回数", "Mean orders"),
    ])
    .with_rows(r.groups.iter().map(|g| {
        vec![
            group(g.group),
            Cell::int(g.customers),
            Cell::Money(g.revenue_minor),
            Cell::rate(g.revenue_share),
            Cell::mean_money(g.mean_value_minor),
            Cell::decimal(g.mean_orders, 2),
        ]
    }))
}
