//! Historical LTV at D days (docs/analyses.md, "Historical LTV"): the mean cumulative order value within D days
//! of the first order, over all customers, by cohort (month of the first order) and by first product.
//!
//! Only valid orders dated before the as-of date count. "Within D days of the first order" means
//! `date − first ≤ D`, the rule of F2 conversion in [`super::repeat`]: the first order always counts, and so do
//! orders on day D. A customer is eligible for horizon D when the first order is at least D days before the
//! as-of date (`as_of − first ≥ D`); customers not yet eligible are left out of that horizon's figures, not
//! counted as zero. Amounts are integer minor units; the means are not rounded.
//!
//! By first product: each product of the customer's first order, each customer counted once per product
//! however many of its lines hold it. One pass over the customers' sorted orders (a binary search per
//! customer and horizon); products are accumulated in a `Vec` indexed by product id, cohorts in a map keyed
//! by month number; then one sort of the product rows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::cohort::Granularity;
use crate::date::Day;
use crate::model::Dataset;

/// The parameters of historical LTV.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryParams {
    /// The horizons D, in days; one figure each, in this order.
    pub horizons: Vec<i32>,
}

impl Default for HistoryParams {
    /// 30, 90, 180 and 365 days.
    fn default() -> Self {
        HistoryParams {
            horizons: vec![30, 90, 180, 365],
        }
    }
}

/// Historical LTV at one horizon over a group of customers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LtvAt {
    /// The horizon D, in days.
    pub horizon_days: i32,
    /// Customers of the group whose first order is at least D days before the as-of date.
    pub eligible: u64,
    /// Their order values dated at most D days after their first order, summed, in minor units.
    pub total_minor: i64,
    /// `total_minor / eligible`; `None` when no customer is eligible.
    pub mean_minor: Option<f64>,
}

/// Historical LTV of the customers whose first order fell in one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortLtv {
    /// The month of the first order, `YYYY-MM`.
    pub month: String,
    /// Customers of the cohort, eligible or not.
    pub customers: u64,
    /// One entry per horizon, in `params.horizons` order.
    pub ltv: Vec<LtvAt>,
}

/// Historical LTV of the customers whose first order held one product.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProductLtv {
    /// Product id (index into [`Dataset::products`]).
    pub product: u32,
    /// The export's product id or code (may be empty).
    pub product_id: String,
    /// The product's name as exported (may be empty).
    pub name: String,
    /// Customers whose first order held the product, eligible or not.
    pub customers: u64,
    /// One entry per horizon, in `params.horizons` order.
    pub ltv: Vec<LtvAt>,
}

/// Historical LTV as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct History {
    /// Orders before this day are counted.
    pub as_of: Option<Day>,
    /// The horizons the LTV was computed at.
    pub params: HistoryParams,
    /// Customers with at least one valid order before `as_of`.
    pub customers: u64,
    /// All customers: one entry per horizon, in `params.horizons` order.
    pub overall: Vec<LtvAt>,
    /// By month of the first order, oldest first.
    pub by_cohort: Vec<CohortLtv>,
    /// By product of the first order, by customers (descending), then name and product id. Customers whose
    /// first order has no product lines are in no row.
    pub by_first_product: Vec<ProductLtv>,
}

/// Eligible customers and their summed value at one horizon.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Acc {
    eligible: u64,
    total: i64,
}

/// Adds one customer's values (`None`: not eligible) to a group's accumulators.
pub(super) fn add(accs: &mut [Acc], values: &[Option<i64>]) {
    for (acc, value) in accs.iter_mut().zip(values) {
        if let Some(v) = value {
            acc.eligible += 1;
            acc.total += v;
        }
    }
}

pub(super) fn figures(horizons: &[i32], accs: &[Acc]) -> Vec<LtvAt> {
    horizons
        .iter()
        .zip(accs)
        .map(|(&horizon_days, acc)| LtvAt {
            horizon_days,
            eligible: acc.eligible,
            total_minor: acc.total,
            mean_minor: (acc.eligible > 0).then(|| acc.total as f64 / acc.eligible as f64),
        })
        .collect()
}

/// Computes historical LTV from the valid orders before `as_of` (default: the day after the latest order).
pub fn history(ds: &Dataset, as_of: Option<Day>, params: &HistoryParams) -> History {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    // Without an as-of date the dataset is empty; no order is before `i32::MIN`.
    let limit = as_of.unwrap_or(Day(i32::MIN));
    let horizons = &params.horizons;
    let h = horizons.len();
    let mut customers = 0u64;
    let mut overall = vec![Acc::default(); h];
    // Per cohort month: customers and accumulators.
    let mut cohorts: BTreeMap<i32, (u64, Vec<Acc>)> = BTreeMap::new();
    // Per product: customers, accumulators (`h` per product), and the last customer counted.
    let mut product_customers = vec![0u64; ds.products.len()];
    let mut product_accs = vec![Acc::default(); ds.products.len() * h];
    let mut last_counted = vec![u32::MAX; ds.products.len()];
    let mut values: Vec<Option<i64>> = Vec::with_capacity(h);

    for c in 0..ds.customer_count() as u32 {
        let orders = ds.customer_orders_before(c, limit);
        if orders.is_empty() {
            continue;
        }
        customers += 1;
        let dates = &ds.orders.date[orders.clone()];
        let order_values = &ds.orders.value[orders.clone()];
        within_horizons(dates, order_values, limit, horizons, &mut values);

        add(&mut overall, &values);
        let cohort = cohorts
            .entry(Granularity::Month.period_of(dates[0]))
            .or_insert_with(|| (0, vec![Acc::default(); h]));
        cohort.0 += 1;
        add(&mut cohort.1, &values);
        for &p in &ds.lines.product[ds.order_lines(orders.start)] {
            let p = p as usize;
            if std::mem::replace(&mut last_counted[p], c) == c {
                continue;
            }
            product_customers[p] += 1;
            add(&mut product_accs[p * h..(p + 1) * h], &values);
        }
    }

    let by_cohort = cohorts
        .into_iter()
        .map(|(month, (customers, accs))| CohortLtv {
            month: Granularity::Month.label(month),
            customers,
            ltv: figures(horizons, &accs),
        })
        .collect();
    let mut by_first_product: Vec<ProductLtv> = product_customers
        .iter()
        .enumerate()
        .filter(|(_, &customers)| customers > 0)
        .map(|(p, &customers)| ProductLtv {
            product: p as u32,
            product_id: ds.products[p].id.clone(),
            name: ds.products[p].name.clone(),
            customers,
            ltv: figures(horizons, &product_accs[p * h..(p + 1) * h]),
        })
        .collect();
    by_first_product.sort_by(|a, b| {
        b.customers
            .cmp(&a.customers)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.product_id.cmp(&b.product_id))
            .then_with(|| a.product.cmp(&b.product))
    });

    History {
        as_of,
        params: params.clone(),
        customers,
        overall: figures(horizons, &overall),
        by_cohort,
        by_first_product,
    }
}

/// One customer's order value within each horizon of their first order (`dates` and `values`: their orders
/// before `limit`, the as-of date, oldest first), `None` for a horizon they are not yet eligible for.
pub(super) fn within_horizons(
    dates: &[Day],
    order_values: &[i64],
    limit: Day,
    horizons: &[i32],
    out: &mut Vec<Option<i64>>,
) {
    let first = dates[0].0;
    let age = limit.0 - first;
    out.clear();
    out.extend(horizons.iter().map(|&d| {
        (age >= d).then(|| {
            let within = dates.partition_point(|day| day.0 - first <= d);
            order_values[..within].iter().sum::<i64>()
        })
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_files, IngestOptions};

    fn data(rows: &str) -> Dataset {
        let csv = format!("order_id,order_date,email,order_total,product_name\n{rows}");
        ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset
    }

    /// Horizon, eligible, total, mean.
    type Figure = (i32, u64, i64, Option<f64>);
    /// Cohort month or product name, customers, figures.
    type Row<'a> = (&'a str, u64, Vec<Figure>);

    fn day(s: &str) -> Option<Day> {
        Some(s.parse().unwrap())
    }

    fn horizons(horizons: &[i32]) -> HistoryParams {
        HistoryParams {
            horizons: horizons.to_vec(),
        }
    }

    fn ltv(figures: &[LtvAt]) -> Vec<Figure> {
        figures
            .iter()
            .map(|f| (f.horizon_days, f.eligible, f.total_minor, f.mean_minor))
            .collect()
    }

    fn cohorts(h: &History) -> Vec<Row<'_>> {
        h.by_cohort
            .iter()
            .map(|c| (c.month.as_str(), c.customers, ltv(&c.ltv)))
            .collect()
    }

    #[test]
    fn one_customer_at_the_horizon_boundaries() {
        let ds = data("1,2024-01-01,a@x,100,A\n2,2024-01-11,a@x,200,B\n3,2024-03-01,a@x,300,A\n");
        // As of 2024-03-02 the first order is 61 days old (31 + 29 + 1); the others are 10 and 60 days after it.
        let h = history(&ds, None, &horizons(&[9, 10, 60, 61, 62]));
        assert_eq!(h.as_of, day("2024-03-02"));
        assert_eq!(h.customers, 1);
        let expected = vec![
            (9, 1, 100, Some(100.0)),  // 10 > 9: first order only
            (10, 1, 300, Some(300.0)), // 10 ≤ 10: 100 + 200
            (60, 1, 600, Some(600.0)), // 60 ≤ 60: 100 + 200 + 300
            (61, 1, 600, Some(600.0)), // 61 ≥ 61: still eligible
            (62, 0, 0, None),          // 61 < 62: not eligible
        ];
        assert_eq!(ltv(&h.overall), expected);
        assert_eq!(cohorts(&h), [("2024-01", 1, expected.clone())]);
        // First product A only (B was in the second order).
        assert_eq!(h.by_first_product.len(), 1);
        let a = &h.by_first_product[0];
        assert_eq!(
            (a.name.as_str(), a.customers, ltv(&a.ltv)),
            ("A", 1, expected)
        );
        // Default horizons: eligible at 30 only (100 + 200 within 30 days).
        let h = history(&ds, None, &HistoryParams::default());
        assert_eq!(
            ltv(&h.overall),
            [
                (30, 1, 300, Some(300.0)),
                (90, 0, 0, None),
                (180, 0, 0, None),
                (365, 0, 0, None)
            ]
        );
    }

    #[test]
    fn one_time_buyers_by_cohort() {
        // b and c tie on 2024-02-01.
        let ds = data("1,2024-01-01,a@x,100,A\n2,2024-02-01,b@x,200,A\n3,2024-02-01,c@x,50,B\n");
        let h = history(&ds, day("2024-04-01"), &HistoryParams::default());
        // Ages as of 2024-04-01: a 91, b and c 60. At 30: all three, 100 + 200 + 50 = 350, mean 350/3.
        // At 90: a only.
        assert_eq!(
            ltv(&h.overall),
            [
                (30, 3, 350, Some(350.0 / 3.0)),
                (90, 1, 100, Some(100.0)),
                (180, 0, 0, None),
                (365, 0, 0, None)
            ]
        );
        assert_eq!(
            cohorts(&h),
            [
                (
                    "2024-01",
                    1,
                    vec![
                        (30, 1, 100, Some(100.0)),
                        (90, 1, 100, Some(100.0)),
                        (180, 0, 0, None),
                        (365, 0, 0, None)
                    ]
                ),
                (
                    "2024-02",
                    2,
                    vec![
                        (30, 2, 250, Some(125.0)),
                        (90, 0, 0, None),
                        (180, 0, 0, None),
                        (365, 0, 0, None)
                    ]
                )
            ]
        );
        // A: a and b (30: 300 / 2 = 150; 90: a's 100); B: c.
        let rows: Vec<Row<'_>> = h
            .by_first_product
            .iter()
            .map(|p| (p.name.as_str(), p.customers, ltv(&p.ltv)[..2].to_vec()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "A",
                    2,
                    vec![(30, 2, 300, Some(150.0)), (90, 1, 100, Some(100.0))]
                ),
                ("B", 1, vec![(30, 1, 50, Some(50.0)), (90, 0, 0, None)])
            ]
        );
    }

    #[test]
    fn a_same_day_second_order_is_within_zero_days() {
        let ds = data("1,2024-01-01,a@x,100,A\n2,2024-01-01,a@x,50,A\n");
        // As of 2024-01-02 the first order is 1 day old; both orders are 0 days after the first.
        let h = history(&ds, None, &horizons(&[0, 1, 2]));
        assert_eq!(
            ltv(&h.overall),
            [
                (0, 1, 150, Some(150.0)),
                (1, 1, 150, Some(150.0)),
                (2, 0, 0, None)
            ]
        );
        assert_eq!(h.by_first_product[0].customers, 1);
    }

    #[test]
    fn an_as_of_date_before_the_last_order_leaves_later_orders_out() {
        // a: Jan 1 100, Jan 20 50. b: Feb 10 200, Feb 15 70, Apr 1 30.
        let ds = data(
            "1,2024-01-01,a@x,100,A\n2,2024-01-20,a@x,50,A\n\
             3,2024-02-10,b@x,200,A\n4,2024-02-15,b@x,70,A\n5,2024-04-01,b@x,30,A\n",
        );
        let h = history(&ds, day("2024-04-01"), &horizons(&[30, 60]));
        // As of 2024-04-01 (Apr 1 out): a is 91 days old, 100 + 50 (19 days) within both; b is 51 days old
        // (20 + 31), 200 + 70 (5 days) within 30, not eligible for 60.
        assert_eq!(
            ltv(&h.overall),
            [(30, 2, 420, Some(210.0)), (60, 1, 150, Some(150.0))]
        );
        assert_eq!(
            cohorts(&h),
            [
                (
                    "2024-01",
                    1,
                    vec![(30, 1, 150, Some(150.0)), (60, 1, 150, Some(150.0))]
                ),
                (
                    "2024-02",
                    1,
                    vec![(30, 1, 270, Some(270.0)), (60, 0, 0, None)]
                )
            ]
        );
        // Default as of 2024-04-02: a is 92 days old, b 52, and b's Apr 1 order is 51 days after its first.
        // At 50: a 150, b 270; 420 / 2 = 210. At 51: a 150, b 200 + 70 + 30 = 300; 450 / 2 = 225.
        let h = history(&ds, None, &horizons(&[50, 51]));
        assert_eq!(
            ltv(&h.overall),
            [(50, 2, 420, Some(210.0)), (51, 2, 450, Some(225.0))]
        );
    }

    #[test]
    fn a_recent_first_order_is_eligible_for_short_horizons_only() {
        // b: one order 2023-01-01; a: 2024-01-01 and 20 days later.
        let ds = data("1,2023-01-01,b@x,100,A\n2,2024-01-01,a@x,100,A\n3,2024-01-21,a@x,100,A\n");
        let h = history(&ds, day("2024-03-01"), &HistoryParams::default());
        // As of 2024-03-01: a 60 days old (eligible at 30 only, 200), b 425 days (eligible everywhere, 100).
        assert_eq!(
            ltv(&h.overall),
            [
                (30, 2, 300, Some(150.0)),
                (90, 1, 100, Some(100.0)),
                (180, 1, 100, Some(100.0)),
                (365, 1, 100, Some(100.0))
            ]
        );
        let months: Vec<&str> = h.by_cohort.iter().map(|c| c.month.as_str()).collect();
        assert_eq!(months, ["2023-01", "2024-01"]);
        assert_eq!(
            ltv(&h.by_cohort[1].ltv),
            [
                (30, 1, 200, Some(200.0)),
                (90, 0, 0, None),
                (180, 0, 0, None),
                (365, 0, 0, None)
            ]
        );
    }

    #[test]
    fn every_product_of_a_first_order_counts_its_customer_once() {
        // a's first order (1000) holds A twice and B; its second (500, 31 days later) holds C. b's first
        // order (300) holds A.
        let ds = data(
            "1,2024-01-01,a@x,1000,A\n1,2024-01-01,a@x,1000,B\n1,2024-01-01,a@x,1000,A\n\
             2,2024-02-01,a@x,500,C\n3,2024-01-15,b@x,300,A\n",
        );
        let h = history(&ds, day("2024-06-01"), &horizons(&[30, 90]));
        // Both are over 90 days old. a: 1000 at 30 (31 > 30), 1500 at 90; b: 300 at both.
        // A: a + b = 1300 (mean 650) and 1800 (900). B: a alone. C: in no first order.
        let rows: Vec<Row<'_>> = h
            .by_first_product
            .iter()
            .map(|p| (p.name.as_str(), p.customers, ltv(&p.ltv)))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "A",
                    2,
                    vec![(30, 2, 1300, Some(650.0)), (90, 2, 1800, Some(900.0))]
                ),
                (
                    "B",
                    1,
                    vec![(30, 1, 1000, Some(1000.0)), (90, 1, 1500, Some(1500.0))]
                )
            ]
        );
        assert_eq!(ltv(&h.overall), ltv(&h.by_first_product[0].ltv));
    }

    #[test]
    fn an_empty_dataset_has_no_means() {
        let ds = data("");
        let h = history(&ds, None, &HistoryParams::default());
        assert_eq!((h.as_of, h.customers), (None, 0));
        assert!(h
            .overall
            .iter()
            .all(|f| f.eligible == 0 && f.mean_minor.is_none()));
        assert!(h.by_cohort.is_empty() && h.by_first_product.is_empty());
    }

    #[test]
    fn params_default_when_missing_and_serialise() {
        let p: HistoryParams = serde_json::from_str("{}").unwrap();
        assert_eq!(p, HistoryParams::default());
        let ds = data("1,2024-01-01,a@x,100,A\n");
        let json = serde_json::to_value(history(&ds, None, &HistoryParams::default())).unwrap();
        assert_eq!(json["as_of"], "2024-01-02");
        assert_eq!(json["params"]["horizons"][3], 365);
        assert_eq!(json["by_cohort"][0]["month"], "2024-01");
    }
}
