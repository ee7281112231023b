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

/// The statistics of every customer with at least one valid order before `as_of`, in customer order. A
/// customers table's figures are whole, as of the day after its latest order ([`super::default_as_of`]): at
/// that date or later every customer counts with all of them, and before it none does.
pub fn customer_stats(ds: &Dataset, as_of: Day) -> Vec<CustomerStats> {
    if let Some(facts) = &ds.facts {
        // A customers table's figures cannot be cut at a date before its own: none are given then.
        if super::default_as_of(ds).is_some_and(|own| as_of < own) {
            return Vec::new();
        }
        return (0..ds.customer_count())
            .filter(|&c| facts.first_order[c] < as_of)
            .map(|c| CustomerStats {
                customer: c as u32,
                orders: facts.orders[c],
                value_minor: facts.revenue[c],
                first_order: facts.first_order[c],
                last_order: facts.last_order[c],
            })
            .collect();
    }
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
