//! Repeat behaviour (docs/analyses.md, "Repeat behaviour"): F2 conversion within D days, the days to the second
//! and third purchase (転換日数), F2 conversion by first-order product (商品転換率) and subscription retention
//! (定期推移表).
//!
//! Only valid orders dated before the as-of date count. Orders on the same day are separate orders, so the days
//! to the second purchase can be 0. "Within D days of the first order" means `date − first ≤ D`, and a customer
//! is eligible for a D-day window when the first order is at least D days before the as-of date,
//! `as_of − first ≥ D`.
//!
//! Quantiles of a distribution use linear interpolation between order statistics (numpy's default `linear`
//! method, pandas' `quantile()`): for sorted values x₀ ≤ … ≤ xₙ₋₁ and 0 ≤ p ≤ 1, h = (n − 1)·p and
//! q(p) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋); so [1, 2, 3, 4] has q1 1.75, median 2.5 and q3 3.25.
//!
//! One pass over the customers' sorted orders. Products are counted in a `Vec` indexed by product id, start
//! months in a map keyed by month number; then one sort per distribution and one of the product table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cohort::Granularity;
use super::summary::ratio;
use crate::date::Day;
use crate::model::Dataset;

/// The parameters of the repeat analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RepeatParams {
    /// The D of "F2 conversion within D days", in days; one result row each, in this order.
    pub windows: Vec<i32>,
    /// The D of the product conversion table, in days.
    pub product_window: i32,
    /// Product rows with fewer customers than this are left out of the product table (and counted).
    pub min_customers: u64,
}

impl Default for RepeatParams {
    /// Windows of 30, 60, 90, 180 and 365 days; products converted within 90 days; every product shown.
    fn default() -> Self {
        RepeatParams {
            windows: vec![30, 60, 90, 180, 365],
            product_window: 90,
            min_customers: 1,
        }
    }
}

/// F2 conversion within one window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct F2Conversion {
    /// The window D, in days.
    pub window_days: i32,
    /// Customers whose first order is at least D days before the as-of date.
    pub eligible: u64,
    /// Eligible customers whose second valid order is at most D days after the first.
    pub converted: u64,
    /// `converted / eligible`; `None` when no customer is eligible.
    pub rate: Option<f64>,
}

/// Inclusive upper ends of the histogram bins 0–7, 8–14, 15–30, 31–60, 61–90, 91–180, 181–365 days; a last
/// bin holds 366 days and more.
pub const HISTOGRAM_UPPER_DAYS: [i32; 7] = [7, 14, 30, 60, 90, 180, 365];

/// One histogram bin of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistogramBin {
    /// First day of the bin, inclusive.
    pub from_days: i32,
    /// Last day of the bin, inclusive; `None` for the open last bin.
    pub to_days: Option<i32>,
    /// Customers whose days fall in the bin.
    pub customers: u64,
}

/// The distribution of the days from the first order to a later one, over the customers who have it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DaysDistribution {
    /// Customers with that many orders.
    pub customers: u64,
    /// Fewest days.
    pub min_days: Option<i32>,
    /// First quartile (linear interpolation, see the module doc).
    pub q1_days: Option<f64>,
    /// Median (linear interpolation).
    pub median_days: Option<f64>,
    /// Third quartile (linear interpolation).
    pub q3_days: Option<f64>,
    /// Most days.
    pub max_days: Option<i32>,
    /// Mean days.
    pub mean_days: Option<f64>,
    /// Customers per bin, the bins of [`HISTOGRAM_UPPER_DAYS`] in order (eight, always).
    pub histogram: Vec<HistogramBin>,
}

/// F2 conversion of the customers whose first order held one product.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductConversion {
    /// Product id (index into [`Dataset::products`]).
    pub product: u32,
    /// The export's product id or code (may be empty).
    pub product_id: String,
    /// The product's name as exported (may be empty).
    pub name: String,
    /// Customers whose first order held the product (each once, however many lines).
    pub customers: u64,
    /// Of those, customers whose first order is at least `product_window` days before the as-of date.
    pub eligible: u64,
    /// Eligible customers whose second order is at most `product_window` days after the first.
    pub converted: u64,
    /// `converted / eligible`; `None` when no customer is eligible.
    pub rate: Option<f64>,
}

/// The product conversion table (商品転換率).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductTable {
    /// Products of first orders with at least `min_customers` customers, by customers (descending), then name
    /// and product id.
    pub rows: Vec<ProductConversion>,
    /// Products of first orders left out for having fewer than `min_customers` customers.
    pub dropped_rows: u64,
    /// Customers whose first order has no product lines (exports without product columns); in no row.
    pub first_orders_without_products: u64,
}

/// The subscribers whose first subscription order fell in one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubscriptionCohort {
    /// The month of the first subscription order, `YYYY-MM`.
    pub start_month: String,
    /// Customers whose first subscription order fell in the month.
    pub subscribers: u64,
    /// `reached[n - 1]`: subscribers with at least n subscription orders, for n = 1 ..= `max_orders`
    /// (`reached[0] == subscribers`).
    pub reached: Vec<u64>,
    /// `share[n - 1] = reached[n - 1] / subscribers`.
    pub share: Vec<f64>,
}

/// Subscription retention (定期推移表).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubscriptionRetention {
    /// Whether any valid order before the as-of date is a subscription order; `cohorts` is empty otherwise.
    pub has_subscriptions: bool,
    /// The most subscription orders of one customer: the length of every `reached` and `share`.
    pub max_orders: u32,
    /// One row per start month, oldest first. Later start months have had less time to reach an n-th order.
    pub cohorts: Vec<SubscriptionCohort>,
}

/// The repeat analysis as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Repeat {
    /// Orders before this day are counted.
    pub as_of: Option<Day>,
    /// The parameters the analysis ran with, defaults filled in.
    pub params: RepeatParams,
    /// Customers with at least one valid order before `as_of`.
    pub customers: u64,
    /// One row per window of `params.windows`, in that order.
    pub f2: Vec<F2Conversion>,
    /// Days from the first to the second order, customers with two or more orders.
    pub days_to_second: DaysDistribution,
    /// Days from the first to the third order, customers with three or more orders.
    pub days_to_third: DaysDistribution,
    /// F2 conversion within `params.product_window` days by first-order product.
    pub products: ProductTable,
    /// Retention of subscribers by the number of subscription orders (定期推移表).
    pub subscriptions: SubscriptionRetention,
}

/// The q-quantile (0 ≤ q ≤ 1) of sorted values by linear interpolation; `None` for no values.
fn quantile(sorted: &[i32], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * q;
    let lo = (h.floor() as usize).min(last);
    let hi = (lo + 1).min(last);
    let (a, b) = (f64::from(sorted[lo]), f64::from(sorted[hi]));
    Some(a + (h - lo as f64) * (b - a))
}

fn distribution(mut days: Vec<i32>) -> DaysDistribution {
    days.sort_unstable();
    let mut counts = [0u64; HISTOGRAM_UPPER_DAYS.len() + 1];
    for &d in &days {
        counts[HISTOGRAM_UPPER_DAYS.partition_point(|&upper| upper < d)] += 1;
    }
    let histogram = counts
        .iter()
        .enumerate()
        .map(|(i, &customers)| HistogramBin {
            from_days: if i == 0 {
                0
            } else {
                HISTOGRAM_UPPER_DAYS[i - 1] + 1
            },
            to_days: HISTOGRAM_UPPER_DAYS.get(i).copied(),
            customers,
        })
        .collect();
    let n = days.len();
    DaysDistribution {
        customers: n as u64,
        min_days: days.first().copied(),
        q1_days: quantile(&days, 0.25),
        median_days: quantile(&days, 0.5),
        q3_days: quantile(&days, 0.75),
        max_days: days.last().copied(),
        mean_days: (n > 0).then(|| days.iter().map(|&d| f64::from(d)).sum::<f64>() / n as f64),
        histogram,
    }
}

/// The F2 rule for one customer and a window of `window` days: `None` when the customer is not eligible (the
/// first order is fewer than `window` days before the as-of date, `age` days), else whether the second order
/// came within `window` days of the first (`second`: days from the first to the second order, if any before the
/// as-of date).
pub fn f2_within(age: i32, second: Option<i32>, window: i32) -> Option<bool> {
    (age >= window).then(|| second.is_some_and(|d| d <= window))
}

/// Computes repeat behaviour from the valid orders before `as_of` (default: the day after the latest order).
pub fn repeat(ds: &Dataset, as_of: Option<Day>, params: &RepeatParams) -> Repeat {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    // Without an as-of date the dataset is empty; no order is before `i32::MIN`.
    let limit = as_of.unwrap_or(Day(i32::MIN));
    let mut customers = 0u64;
    let mut f2 = vec![(0u64, 0u64); params.windows.len()];
    let mut to_second = Vec::new();
    let mut to_third = Vec::new();
    // Per product: customers, eligible, converted; and the last customer counted, to count each once.
    let mut product_counts = vec![[0u64; 3]; ds.products.len()];
    let mut last_counted = vec![u32::MAX; ds.products.len()];
    let mut without_products = 0u64;
    // Per start month: subscribers reaching their 1st, 2nd, ... subscription order.
    let mut subscriptions: BTreeMap<i32, Vec<u64>> = BTreeMap::new();
    let mut max_orders = 0usize;

    for c in 0..ds.customer_count() as u32 {
        let orders = ds.customer_orders_before(c, limit);
        if orders.is_empty() {
            continue;
        }
        customers += 1;
        let dates = &ds.orders.date[orders.clone()];
        let first = dates[0].0;
        let age = limit.0 - first;
        let second = dates.get(1).map(|d| d.0 - first);
        to_second.extend(second);
        to_third.extend(dates.get(2).map(|d| d.0 - first));
        for (counts, &window) in f2.iter_mut().zip(&params.windows) {
            if let Some(converted) = f2_within(age, second, window) {
                counts.0 += 1;
                counts.1 += u64::from(converted);
            }
        }

        let lines = ds.order_lines(orders.start);
        if lines.is_empty() {
            without_products += 1;
        }
        let f2 = f2_within(age, second, params.product_window);
        let (eligible, converted) = (f2.is_some(), f2 == Some(true));
        for &p in &ds.lines.product[lines] {
            if std::mem::replace(&mut last_counted[p as usize], c) == c {
                continue;
            }
            let counts = &mut product_counts[p as usize];
            counts[0] += 1;
            counts[1] += u64::from(eligible);
            counts[2] += u64::from(converted);
        }

        let mut subscription_orders = orders.filter(|&o| ds.orders.subscription[o]);
        if let Some(first_subscription) = subscription_orders.next() {
            let count = 1 + subscription_orders.count();
            max_orders = max_orders.max(count);
            let reached = subscriptions
                .entry(Granularity::Month.period_of(ds.orders.date[first_subscription]))
                .or_default();
            if reached.len() < count {
                reached.resize(count, 0);
            }
            for r in &mut reached[..count] {
                *r += 1;
            }
        }
    }

    let f2 = params
        .windows
        .iter()
        .zip(f2)
        .map(|(&window_days, (eligible, converted))| F2Conversion {
            window_days,
            eligible,
            converted,
            rate: ratio(converted as f64, eligible),
        })
        .collect();

    let mut rows: Vec<ProductConversion> = product_counts
        .iter()
        .enumerate()
        .filter(|(_, counts)| counts[0] > 0)
        .map(|(p, &[customers, eligible, converted])| ProductConversion {
            product: p as u32,
            product_id: ds.products[p].id.clone(),
            name: ds.products[p].name.clone(),
            customers,
            eligible,
            converted,
            rate: ratio(converted as f64, eligible),
        })
        .collect();
    let before = rows.len();
    rows.retain(|r| r.customers >= params.min_customers);
    let dropped_rows = (before - rows.len()) as u64;
    rows.sort_by(|a, b| {
        b.customers
            .cmp(&a.customers)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.product_id.cmp(&b.product_id))
            .then_with(|| a.product.cmp(&b.product))
    });

    let cohorts = subscriptions
        .into_iter()
        .map(|(month, mut reached)| {
            reached.resize(max_orders, 0);
            let subscribers = reached[0];
            SubscriptionCohort {
                start_month: Granularity::Month.label(month),
                subscribers,
                share: reached
                    .iter()
                    .map(|&r| r as f64 / subscribers as f64)
                    .collect(),
                reached,
            }
        })
        .collect::<Vec<_>>();

    Repeat {
        as_of,
        params: params.clone(),
        customers,
        f2,
        days_to_second: distribution(to_second),
        days_to_third: distribution(to_third),
        products: ProductTable {
            rows,
            dropped_rows,
            first_orders_without_products: without_products,
        },
        subscriptions: SubscriptionRetention {
            has_subscriptions: !cohorts.is_empty(),
            max_orders: max_orders as u32,
            cohorts,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_files, IngestOptions};

    const HEADER: &str = "order_id,order_date,email,order_total,product_name,subscription\n";

    fn data(rows: &str) -> Dataset {
        let csv = format!("{HEADER}{rows}");
        ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset
    }

    fn day(s: &str) -> Option<Day> {
        Some(s.parse().unwrap())
    }

    fn f2(r: &Repeat) -> Vec<(i32, u64, u64, Option<f64>)> {
        r.f2.iter()
            .map(|f| (f.window_days, f.eligible, f.converted, f.rate))
            .collect()
    }

    fn histogram(d: &DaysDistribution) -> Vec<u64> {
        d.histogram.iter().map(|b| b.customers).collect()
    }

    fn quartiles(d: &DaysDistribution) -> (Option<f64>, Option<f64>, Option<f64>) {
        (d.q1_days, d.median_days, d.q3_days)
    }

    fn products(r: &Repeat) -> Vec<(&str, u64, u64, u64, Option<f64>)> {
        r.products
            .rows
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.customers,
                    p.eligible,
                    p.converted,
                    p.rate,
                )
            })
            .collect()
    }

    #[test]
    fn one_customer() {
        let ds =
            data("1,2024-01-01,a@x,100,A,0\n2,2024-01-11,a@x,200,B,0\n3,2024-03-01,a@x,300,A,0\n");
        let r = repeat(&ds, None, &RepeatParams::default());
        // As of 2024-03-02: first order 61 days before (Jan 31 + Feb 29 + 1), second 10 days after it.
        assert_eq!(r.as_of, day("2024-03-02"));
        assert_eq!(r.customers, 1);
        assert_eq!(
            f2(&r),
            [
                (30, 1, 1, Some(1.0)),
                (60, 1, 1, Some(1.0)),
                (90, 0, 0, None),
                (180, 0, 0, None),
                (365, 0, 0, None)
            ]
        );
        let second = &r.days_to_second;
        assert_eq!(
            (second.customers, second.min_days, second.max_days),
            (1, Some(10), Some(10))
        );
        assert_eq!(quartiles(second), (Some(10.0), Some(10.0), Some(10.0)));
        assert_eq!(second.mean_days, Some(10.0));
        assert_eq!(histogram(second), [0, 1, 0, 0, 0, 0, 0, 0]); // 10 is in 8–14
                                                                 // Third order: 2024-03-01 − 2024-01-01 = 60 days, in 31–60.
        assert_eq!(r.days_to_third.median_days, Some(60.0));
        assert_eq!(histogram(&r.days_to_third), [0, 0, 0, 1, 0, 0, 0, 0]);
        // First order held A only; 61 < 90, so not eligible for the product window.
        assert_eq!(products(&r), [("A", 1, 0, 0, None)]);
        assert_eq!(r.products.dropped_rows, 0);
        let subs = &r.subscriptions;
        assert_eq!(
            (subs.has_subscriptions, subs.max_orders, subs.cohorts.len()),
            (false, 0, 0)
        );
    }

    #[test]
    fn one_time_buyers_never_convert() {
        // b and c tie on 2024-02-01.
        let ds =
            data("1,2024-01-01,a@x,100,A,0\n2,2024-02-01,b@x,100,A,0\n3,2024-02-01,c@x,100,B,0\n");
        let r = repeat(&ds, day("2024-04-01"), &RepeatParams::default());
        // Ages as of 2024-04-01: a 91 (31 + 29 + 31), b and c 60 (29 + 31).
        assert_eq!(
            f2(&r),
            [
                (30, 3, 0, Some(0.0)),
                (60, 3, 0, Some(0.0)),
                (90, 1, 0, Some(0.0)),
                (180, 0, 0, None),
                (365, 0, 0, None)
            ]
        );
        let second = &r.days_to_second;
        assert_eq!(
            (second.customers, second.min_days, second.mean_days),
            (0, None, None)
        );
        assert_eq!(quartiles(second), (None, None, None));
        assert_eq!(histogram(second), [0; 8]);
        assert_eq!(r.days_to_third.customers, 0);
        // A: a (91 ≥ 90, eligible) and b (60, not); B: c (not eligible).
        assert_eq!(
            products(&r),
            [("A", 2, 1, 0, Some(0.0)), ("B", 1, 0, 0, None)]
        );
    }

    #[test]
    fn a_same_day_second_order_converts_in_zero_days() {
        let ds = data("1,2024-01-01,a@x,100,A,0\n2,2024-01-01,a@x,50,A,0\n");
        let params = RepeatParams {
            windows: vec![0, 1, 30],
            product_window: 0,
            min_customers: 1,
        };
        let r = repeat(&ds, None, &params);
        // As of 2024-01-02 the first order is 1 day old; the second is 0 days after it (0 ≤ 0 and 0 ≤ 1).
        assert_eq!(
            f2(&r),
            [(0, 1, 1, Some(1.0)), (1, 1, 1, Some(1.0)), (30, 0, 0, None)]
        );
        assert_eq!(r.days_to_second.median_days, Some(0.0));
        assert_eq!(histogram(&r.days_to_second), [1, 0, 0, 0, 0, 0, 0, 0]);
        // A in the first order once: one customer, eligible (1 ≥ 0) and converted (0 ≤ 0).
        assert_eq!(products(&r), [("A", 1, 1, 1, Some(1.0))]);
    }

    #[test]
    fn quantiles_interpolate_linearly() {
        // [1, 2, 3, 4]: h = 3p; q1 = 1 + 0.75·1 = 1.75, median = 2 + 0.5·1 = 2.5, q3 = 3 + 0.25·1 = 3.25.
        let d = distribution(vec![4, 1, 3, 2]);
        assert_eq!(quartiles(&d), (Some(1.75), Some(2.5), Some(3.25)));
        assert_eq!(
            (d.mean_days, d.min_days, d.max_days),
            (Some(2.5), Some(1), Some(4))
        );
        // Ties [1, 1, 1, 10]: q1 = 1, median = 1 + 0.5·0 = 1, q3 = 1 + 0.25·9 = 3.25; mean 13/4 = 3.25.
        let d = distribution(vec![1, 10, 1, 1]);
        assert_eq!(quartiles(&d), (Some(1.0), Some(1.0), Some(3.25)));
        assert_eq!(d.mean_days, Some(3.25));
        // [0, 10, 20]: h = 2p; q1 = 0 + 0.5·10 = 5, median 10, q3 = 10 + 0.5·10 = 15.
        let d = distribution(vec![20, 0, 10]);
        assert_eq!(quartiles(&d), (Some(5.0), Some(10.0), Some(15.0)));
        let d = distribution(vec![5]);
        assert_eq!(quartiles(&d), (Some(5.0), Some(5.0), Some(5.0)));
        assert_eq!(quartiles(&distribution(vec![])), (None, None, None));
    }

    #[test]
    fn histogram_bins_are_inclusive_at_both_ends() {
        let d = distribution(vec![
            0, 7, 8, 14, 15, 30, 31, 60, 61, 90, 91, 180, 181, 365, 366, 1000,
        ]);
        assert_eq!(histogram(&d), [2; 8]);
        let bins: Vec<(i32, Option<i32>)> = d
            .histogram
            .iter()
            .map(|b| (b.from_days, b.to_days))
            .collect();
        assert_eq!(
            bins,
            [
                (0, Some(7)),
                (8, Some(14)),
                (15, Some(30)),
                (31, Some(60)),
                (61, Some(90)),
                (91, Some(180)),
                (181, Some(365)),
                (366, None)
            ]
        );
    }

    #[test]
    fn days_to_second_and_third_over_customers() {
        // Second orders 1, 2, 3 and 4 days after a first order on 2024-01-01; d's third on the same day as
        // its second (4 days); e buys once.
        let ds = data(
            "1,2024-01-01,a@x,1,A,0\n2,2024-01-02,a@x,1,A,0\n\
             3,2024-01-01,b@x,1,A,0\n4,2024-01-03,b@x,1,A,0\n\
             5,2024-01-01,c@x,1,A,0\n6,2024-01-04,c@x,1,A,0\n\
             7,2024-01-01,d@x,1,A,0\n8,2024-01-05,d@x,1,A,0\n9,2024-01-05,d@x,1,A,0\n\
             10,2024-01-03,e@x,1,A,0\n",
        );
        let params = RepeatParams {
            windows: vec![2, 5],
            ..RepeatParams::default()
        };
        let r = repeat(&ds, None, &params);
        // As of 2024-01-06: a–d are 5 days old, e 3. D = 2: all five eligible, a (1) and b (2) converted.
        // D = 5: a–d eligible, all converted (≤ 4).
        assert_eq!(f2(&r), [(2, 5, 2, Some(0.4)), (5, 4, 4, Some(1.0))]);
        assert_eq!(r.days_to_second.customers, 4);
        assert_eq!(
            quartiles(&r.days_to_second),
            (Some(1.75), Some(2.5), Some(3.25))
        );
        assert_eq!(histogram(&r.days_to_second), [4, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(r.days_to_third.customers, 1);
        assert_eq!(r.days_to_third.median_days, Some(4.0));
        // A: 5 customers, none 90 days old.
        assert_eq!(products(&r), [("A", 5, 0, 0, None)]);
    }

    #[test]
    fn an_as_of_date_before_the_last_order_leaves_later_orders_out() {
        let ds = data(
            "1,2024-01-01,a@x,100,A,0\n2,2024-02-10,a@x,100,A,0\n3,2024-03-01,a@x,100,A,0\n\
             4,2024-03-01,b@x,100,A,0\n",
        );
        let params = RepeatParams {
            windows: vec![30, 60],
            ..RepeatParams::default()
        };
        // As of 2024-02-10 only order 1 is in: a is 40 days old with one order; b has no order yet.
        let early = repeat(&ds, day("2024-02-10"), &params);
        assert_eq!(early.customers, 1);
        assert_eq!(f2(&early), [(30, 1, 0, Some(0.0)), (60, 0, 0, None)]);
        assert_eq!(early.days_to_second.customers, 0);
        assert_eq!(products(&early), [("A", 1, 0, 0, None)]);
        // As of 2024-03-01 (Mar 1 orders still out): a is 60 days old, exactly eligible for D = 60; second
        // order 40 days after the first: not within 30, within 60.
        let edge = repeat(&ds, day("2024-03-01"), &params);
        assert_eq!(edge.customers, 1);
        assert_eq!(f2(&edge), [(30, 1, 0, Some(0.0)), (60, 1, 1, Some(1.0))]);
        assert_eq!(edge.days_to_third.customers, 0);
        // Default (2024-03-02): a 61 days old, b 1 day; a's third order is 60 days after the first.
        let all = repeat(&ds, None, &params);
        assert_eq!(all.customers, 2);
        assert_eq!(f2(&all), [(30, 1, 0, Some(0.0)), (60, 1, 1, Some(1.0))]);
        assert_eq!(histogram(&all.days_to_second), [0, 0, 0, 1, 0, 0, 0, 0]);
        assert_eq!(all.days_to_third.median_days, Some(60.0));
    }

    #[test]
    fn a_recent_first_order_is_eligible_for_short_windows_only() {
        // b: one order 2023-01-01; a: 2024-01-01 and 20 days later.
        let ds =
            data("1,2023-01-01,b@x,100,A,0\n2,2024-01-01,a@x,100,A,0\n3,2024-01-21,a@x,100,A,0\n");
        let r = repeat(&ds, day("2024-03-01"), &RepeatParams::default());
        // As of 2024-03-01: a is 60 days old (31 + 29), b 425 (365 + 60). a counts for 30 and 60 only and
        // converted (20 ≤ 30); b counts everywhere and never converts.
        assert_eq!(
            f2(&r),
            [
                (30, 2, 1, Some(0.5)),
                (60, 2, 1, Some(0.5)),
                (90, 1, 0, Some(0.0)),
                (180, 1, 0, Some(0.0)),
                (365, 1, 0, Some(0.0))
            ]
        );
    }

    #[test]
    fn every_product_of_a_first_order_counts_its_customer_once() {
        // a's first order holds A twice and B; its second (31 days later) holds C. b's first order holds A.
        let ds = data(
            "1,2024-01-01,a@x,1000,A,0\n1,2024-01-01,a@x,1000,B,0\n1,2024-01-01,a@x,1000,A,0\n\
             2,2024-02-01,a@x,500,C,0\n3,2024-01-15,b@x,300,A,0\n",
        );
        let r = repeat(&ds, day("2024-06-01"), &RepeatParams::default());
        // As of 2024-06-01: a is 152 days old (31+29+31+30+31), b 138 (17+29+31+30+31), both ≥ 90.
        // A: a (converted, 31 ≤ 90) and b (not): 2, 2, 1. B: a only. C is in no first order.
        assert_eq!(
            products(&r),
            [("A", 2, 2, 1, Some(0.5)), ("B", 1, 1, 1, Some(1.0))]
        );
        assert_eq!(r.products.dropped_rows, 0);
        let params = RepeatParams {
            min_customers: 2,
            ..RepeatParams::default()
        };
        let r = repeat(&ds, day("2024-06-01"), &params);
        assert_eq!(products(&r), [("A", 2, 2, 1, Some(0.5))]);
        assert_eq!(r.products.dropped_rows, 1);
    }

    #[test]
    fn products_tie_on_customers_by_name() {
        let ds = data("1,2024-01-01,a@x,1,Zeta,0\n2,2024-01-01,b@x,1,Alpha,0\n");
        let r = repeat(&ds, None, &RepeatParams::default());
        let names: Vec<&str> = r.products.rows.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Alpha", "Zeta"]);
    }

    #[test]
    fn first_orders_without_product_lines_are_counted() {
        let csv = "order_id,order_date,email,order_total\n1,2024-01-01,a@x,100\n";
        let ds = ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset;
        let r = repeat(&ds, None, &RepeatParams::default());
        assert!(r.products.rows.is_empty());
        assert_eq!(r.products.first_orders_without_products, 1);
    }

    #[test]
    fn subscription_retention_by_start_month() {
        // a: subscriptions Jan 5, Feb 5, Mar 5 (start Jan, 3). b: Jan 20, a one-off Feb 1, Feb 20 (start Jan,
        // 2). c: a one-off Jan 10, then an order with a one-off and a subscription line Feb 3 (start Feb, 1).
        // d: Feb 15, Mar 15 (start Feb, 2). e: one-off only.
        let ds = data(
            "1,2024-01-05,a@x,100,S,1\n2,2024-02-05,a@x,100,S,1\n3,2024-03-05,a@x,100,S,1\n\
             4,2024-01-20,b@x,100,S,1\n5,2024-02-01,b@x,100,X,0\n6,2024-02-20,b@x,100,S,1\n\
             7,2024-01-10,c@x,100,X,0\n8,2024-02-03,c@x,100,X,0\n8,2024-02-03,c@x,100,S,1\n\
             9,2024-02-15,d@x,100,S,1\n10,2024-03-15,d@x,100,S,1\n\
             11,2024-01-01,e@x,100,X,0\n",
        );
        let rows = |r: &Repeat| -> Vec<(String, u64, Vec<u64>, Vec<f64>)> {
            r.subscriptions
                .cohorts
                .iter()
                .map(|c| {
                    (
                        c.start_month.clone(),
                        c.subscribers,
                        c.reached.clone(),
                        c.share.clone(),
                    )
                })
                .collect()
        };
        // Default as of 2024-03-16. Jan: a 3, b 2 → reached 2, 2, 1 of 2. Feb: c 1, d 2 → 2, 1, 0 of 2.
        let r = repeat(&ds, None, &RepeatParams::default());
        assert!(r.subscriptions.has_subscriptions);
        assert_eq!(r.subscriptions.max_orders, 3);
        assert_eq!(
            rows(&r),
            [
                ("2024-01".into(), 2, vec![2, 2, 1], vec![1.0, 1.0, 0.5]),
                ("2024-02".into(), 2, vec![2, 1, 0], vec![1.0, 0.5, 0.0])
            ]
        );
        // As of 2024-03-10 d's Mar 15 order is out: Feb is c 1, d 1 → 2, 0, 0.
        let r = repeat(&ds, day("2024-03-10"), &RepeatParams::default());
        assert_eq!(
            rows(&r),
            [
                ("2024-01".into(), 2, vec![2, 2, 1], vec![1.0, 1.0, 0.5]),
                ("2024-02".into(), 2, vec![2, 0, 0], vec![1.0, 0.0, 0.0])
            ]
        );
        // As of 2024-01-02 only e's one-off order is in: no subscriptions.
        let r = repeat(&ds, day("2024-01-02"), &RepeatParams::default());
        assert!(!r.subscriptions.has_subscriptions);
        assert_eq!(
            (r.subscriptions.max_orders, r.subscriptions.cohorts.len()),
            (0, 0)
        );
    }

    #[test]
    fn an_empty_dataset_has_no_rates() {
        let ds = data("");
        let r = repeat(&ds, None, &RepeatParams::default());
        assert_eq!((r.as_of, r.customers), (None, 0));
        assert!(r.f2.iter().all(|f| f.eligible == 0 && f.rate.is_none()));
        assert_eq!(histogram(&r.days_to_second), [0; 8]);
        assert!(r.products.rows.is_empty());
        assert!(!r.subscriptions.has_subscriptions);
    }

    #[test]
    fn params_default_when_missing_and_serialise() {
        let p: RepeatParams = serde_json::from_str("{}").unwrap();
        assert_eq!(p, RepeatParams::default());
        let p: RepeatParams = serde_json::from_str(r#"{"windows":[7]}"#).unwrap();
        assert_eq!(
            (p.windows, p.product_window, p.min_customers),
            (vec![7], 90, 1)
        );
        let ds = data("1,2024-01-01,a@x,100,A,0\n");
        let json = serde_json::to_value(repeat(&ds, None, &RepeatParams::default())).unwrap();
        assert_eq!(json["as_of"], "2024-01-02");
        assert_eq!(json["params"]["product_window"], 90);
    }
}
