//! The summary of ANALYSES.md: customers, valid orders, revenue, average order value, orders per customer,
//! repeat rate, first and last order date.

use serde::Serialize;

use crate::date::Day;
use crate::model::Dataset;

/// The headline figures of a dataset as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Orders before this day are counted.
    pub as_of: Option<Day>,
    /// ISO code of every amount.
    pub currency: String,
    /// Decimals of the currency's minor unit (0 for JPY), to format `*_minor` amounts.
    pub currency_decimals: u32,
    /// Customers with at least one valid order.
    pub customers: u64,
    /// Valid orders of customers with a key.
    pub orders: u64,
    /// Sum of their values, in minor units.
    pub revenue_minor: i64,
    /// `revenue_minor / orders`, in minor units.
    pub average_order_value_minor: Option<f64>,
    /// `orders / customers`.
    pub orders_per_customer: Option<f64>,
    /// Customers with two or more valid orders.
    pub repeat_customers: u64,
    /// `repeat_customers / customers`.
    pub repeat_rate: Option<f64>,
    pub first_order_date: Option<Day>,
    pub last_order_date: Option<Day>,
}

/// Summarises the valid orders dated before `as_of` (default: the day after the latest order).
pub fn summarize(ds: &Dataset, as_of: Option<Day>) -> Summary {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    let limit = as_of.unwrap_or(Day(i32::MAX));
    let (mut customers, mut orders, mut revenue, mut repeat) = (0u64, 0u64, 0i64, 0u64);
    let (mut first, mut last): (Option<Day>, Option<Day>) = (None, None);
    for c in 0..ds.customer_count() as u32 {
        let range = ds.customer_orders(c);
        let start = range.start;
        // A customer's orders are sorted by date: count the prefix before the as-of date.
        let n = ds.orders.date[range].partition_point(|d| *d < limit);
        if n == 0 {
            continue;
        }
        customers += 1;
        orders += n as u64;
        repeat += u64::from(n >= 2);
        revenue += ds.orders.value[start..start + n].iter().sum::<i64>();
        let (f, l) = (ds.orders.date[start], ds.orders.date[start + n - 1]);
        first = Some(first.map_or(f, |x| x.min(f)));
        last = Some(last.map_or(l, |x| x.max(l)));
    }
    let ratio = |a: f64, b: u64| (b > 0).then(|| a / b as f64);
    Summary {
        as_of,
        currency: ds.currency.code.clone(),
        currency_decimals: ds.currency.decimals,
        customers,
        orders,
        revenue_minor: revenue,
        average_order_value_minor: ratio(revenue as f64, orders),
        orders_per_customer: ratio(orders as f64, customers),
        repeat_customers: repeat,
        repeat_rate: ratio(repeat as f64, customers),
        first_order_date: first,
        last_order_date: last,
    }
}
