//! The summary (docs/analyses.md, "Summary"): customers, valid orders, revenue, average order value, orders per
//! customer, repeat rate, first and last order date.

use serde::Serialize;

use super::customers::customer_stats;
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
    /// Date of the earliest valid order before the as-of date.
    pub first_order_date: Option<Day>,
    /// Date of the latest valid order before the as-of date.
    pub last_order_date: Option<Day>,
}

/// `a / b`, empty when the denominator is 0: the rule of every ratio the summary, the repeat analysis and the
/// dashboard give.
pub(crate) fn ratio(a: f64, b: u64) -> Option<f64> {
    (b > 0).then(|| a / b as f64)
}

/// Summarises the valid orders dated before `as_of` (default: the day after the latest order).
pub fn summarize(ds: &Dataset, as_of: Option<Day>) -> Summary {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    let stats = customer_stats(ds, as_of.unwrap_or(Day(i32::MAX)));
    let customers = stats.len() as u64;
    let orders: u64 = stats.iter().map(|c| u64::from(c.orders)).sum();
    let revenue: i64 = stats.iter().map(|c| c.value_minor).sum();
    let repeat = stats.iter().filter(|c| c.orders >= 2).count() as u64;
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
        first_order_date: stats.iter().map(|c| c.first_order).min(),
        last_order_date: stats.iter().map(|c| c.last_order).max(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_files, IngestOptions};

    fn data(csv: &str) -> Dataset {
        ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset
    }

    #[test]
    fn an_as_of_date_before_the_last_order_leaves_later_orders_out() {
        let ds = data("order_id,order_date,email,order_total\n1,2024-01-01,a@x,100\n2,2024-01-10,a@x,200\n3,2024-01-10,b@x,50\n4,2024-01-20,c@x,70\n");
        let all = summarize(&ds, None);
        assert_eq!(
            (
                all.customers,
                all.orders,
                all.revenue_minor,
                all.repeat_customers
            ),
            (3, 4, 420, 1)
        );
        assert_eq!(all.as_of.unwrap().to_string(), "2024-01-21");
        // As of 2024-01-10, orders of that day are not yet in: only order 1.
        let early = summarize(&ds, Some("2024-01-10".parse().unwrap()));
        assert_eq!(
            (
                early.customers,
                early.orders,
                early.revenue_minor,
                early.repeat_customers
            ),
            (1, 1, 100, 0)
        );
        assert_eq!(early.last_order_date.unwrap().to_string(), "2024-01-01");
        assert_eq!(early.repeat_rate, Some(0.0));
    }

    #[test]
    fn same_day_orders_are_separate_orders() {
        let ds = data(
            "order_id,order_date,email,order_total\n1,2024-01-01,a@x,100\n2,2024-01-01,a@x,200\n",
        );
        let s = summarize(&ds, None);
        assert_eq!((s.customers, s.orders, s.repeat_customers), (1, 2, 1));
        assert_eq!(s.average_order_value_minor, Some(150.0));
        assert_eq!(s.orders_per_customer, Some(2.0));
    }

    #[test]
    fn an_empty_dataset_has_no_ratios() {
        let ds = data("order_id,order_date,email,order_total\n");
        let s = summarize(&ds, None);
        assert_eq!(
            (
                s.customers,
                s.as_of,
                s.repeat_rate,
                s.average_order_value_minor
            ),
            (0, None, None, None)
        );
    }
}
