//! Per-customer statistics as of a date: the inputs of RFM, CPM and the segment builder.

use serde::Serialize;

use crate::date::Day;
use crate::model::Dataset;

/// One customer's valid orders before the as-of date, summarised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerStats {
    /// Customer id (index into [`Dataset::customer_keys`]).
    pub customer: u32,
    /// Number of valid orders.
    pub orders: u32,
    /// Sum of their values, in minor units.
    pub value_minor: i64,
    /// Date of the first valid order.
    pub first_order: Day,
    /// Date of the latest valid order.
    pub last_order: Day,
}

/// The statistics of every customer with at least one valid order before `as_of`, in customer order.
pub fn customer_stats(ds: &Dataset, as_of: Day) -> Vec<CustomerStats> {
    let mut out = Vec::with_capacity(ds.customer_count());
    for c in 0..ds.customer_count() as u32 {
        let orders = ds.customer_orders_before(c, as_of);
        if orders.is_empty() {
            continue;
        }
        out.push(CustomerStats {
            customer: c,
            orders: orders.len() as u32,
            value_minor: ds.orders.value[orders.clone()].iter().sum(),
            first_order: ds.orders.date[orders.start],
            last_order: ds.orders.date[orders.end - 1],
        });
    }
    out
}
