//! Cohorts: retention and revenue by the calendar month (or ISO week) of the first order (docs/analyses.md,
//! "Cohorts").
//!
//! A customer's cohort is the period of their first valid order before the as-of date; period k of a cohort is
//! the k-th calendar month (week) after it. For every cohort and every period up to the one holding the day
//! before the as-of date: the cohort's size, the customers with an order in that period, their orders' value,
//! and the cumulative value per customer. The last period is marked incomplete when it ends on or after the
//! as-of date, so a partly elapsed month reads as "not yet", not as a drop.
//!
//! Months are numbered year·12 + month0 (chrono's calendar); weeks start on Monday (ISO 8601) and are numbered
//! from the Monday 1969-12-29. One pass over the orders into one dense row of cells per cohort (allocated when
//! the cohort is first seen, never per order), kept in cohort order by a `BTreeMap`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::date::Day;
use crate::model::Dataset;

/// The length of a cohort period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Calendar months; labelled `YYYY-MM`.
    #[default]
    Month,
    /// ISO weeks, Monday to Sunday; labelled by the Monday's date `YYYY-MM-DD`.
    Week,
}

/// Days from 1969-12-29 (the Monday before day 0, a Thursday) to 1970-01-01.
const MONDAY_BEFORE_EPOCH: i32 = 3;

impl Granularity {
    /// The number of the period holding `day`: year·12 + month0 for months, weeks since 1969-12-29 for weeks.
    pub fn period_of(self, day: Day) -> i32 {
        match self {
            Granularity::Month => {
                let date = day.date();
                date.year() * 12 + date.month0() as i32
            }
            Granularity::Week => (day.0 + MONDAY_BEFORE_EPOCH).div_euclid(7),
        }
    }

    /// The first day of period `period`.
    pub fn period_start(self, period: i32) -> Day {
        match self {
            Granularity::Month => {
                let month = period.rem_euclid(12) as u32 + 1;
                NaiveDate::from_ymd_opt(period.div_euclid(12), month, 1)
                    .map_or(Day(i32::MAX), Day::from_date)
            }
            Granularity::Week => Day(period * 7 - MONDAY_BEFORE_EPOCH),
        }
    }

    /// The last day of period `period`.
    pub fn period_end(self, period: i32) -> Day {
        Day(self.period_start(period + 1).0 - 1)
    }

    /// The label of period `period`: `2024-03` for a month, the Monday `2024-12-30` for a week.
    pub fn label(self, period: i32) -> String {
        match self {
            Granularity::Month => {
                format!(
                    "{:04}-{:02}",
                    period.div_euclid(12),
                    period.rem_euclid(12) + 1
                )
            }
            Granularity::Week => self.period_start(period).to_string(),
        }
    }
}

/// One cell of the cohort matrix: cohort `cohort`, its period `period`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortRow {
    /// The cohort's label (`2024-03`, or the Monday `2024-12-30`).
    pub cohort: String,
    /// k: periods since the cohort's own (0 = the period of the first order).
    pub period: u32,
    /// Customers in the cohort.
    pub customers: u64,
    /// Customers of the cohort with at least one valid order in this period.
    pub active_customers: u64,
    /// `active_customers / customers` (1.0 in period 0).
    pub retention: f64,
    /// The cohort's valid orders in this period.
    pub orders: u64,
    /// Value of the cohort's valid orders in this period, in minor units.
    pub revenue_minor: i64,
    /// Revenue of periods 0..=k divided by `customers`, in minor units.
    pub cumulative_revenue_per_customer_minor: f64,
    /// False when the period ends on or after the as-of date (it has not fully elapsed).
    pub complete: bool,
}

/// The cohort analysis as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cohorts {
    /// Orders before this day are counted (`None` for an empty dataset).
    pub as_of: Option<Day>,
    /// Whether cohorts and periods are months or weeks.
    pub granularity: Granularity,
    /// Ordered by cohort, then period; each cohort has periods 0, 1, ... up to the period holding the day
    /// before `as_of`.
    pub rows: Vec<CohortRow>,
}

impl Cohorts {
    /// The rows cohort by cohort, oldest first, each its periods 0, 1, ... in order: the lines of a heat map.
    pub fn by_cohort(&self) -> impl Iterator<Item = &[CohortRow]> + '_ {
        self.rows.chunk_by(|a, b| a.cohort == b.cohort)
    }

    /// The cohort labels, oldest first.
    pub fn cohort_labels(&self) -> Vec<&str> {
        self.by_cohort().map(|c| c[0].cohort.as_str()).collect()
    }

    /// The number of period columns of the matrix (the oldest cohort's periods), 0 when there are no rows.
    pub fn period_count(&self) -> u32 {
        self.rows.iter().map(|r| r.period + 1).max().unwrap_or(0)
    }
}

#[derive(Clone, Copy, Default)]
struct Cell {
    active: u64,
    orders: u64,
    revenue: i64,
}

struct Cohort {
    customers: u64,
    /// One cell per period, from the cohort's own to the last.
    cells: Vec<Cell>,
}

/// The period of each day from the first order to the as-of date, looked up rather than computed for every
/// order (a month from a day number takes a calendar computation).
struct Periods {
    granularity: Granularity,
    first: Day,
    listed: Vec<i32>,
}

impl Periods {
    /// At most this many days are listed (over a century); a longer span is computed day by day.
    const MAX_DAYS: i32 = 40_000;

    fn listed(ds: &Dataset, limit: Day, granularity: Granularity) -> Periods {
        let first = ds.orders.date.iter().min().copied().unwrap_or(limit);
        let days = limit.0.saturating_sub(first.0);
        let listed = match granularity {
            Granularity::Month if (0..=Self::MAX_DAYS).contains(&days) => (first.0..limit.0)
                .map(|d| granularity.period_of(Day(d)))
                .collect(),
            _ => Vec::new(),
        };
        Periods {
            granularity,
            first,
            listed,
        }
    }

    fn of(&self, day: Day) -> i32 {
        let listed = usize::try_from(day.0 - self.first.0)
            .ok()
            .and_then(|i| self.listed.get(i));
        match listed {
            Some(&period) => period,
            None => self.granularity.period_of(day),
        }
    }
}

/// Computes the cohorts of the customers with valid orders before `as_of` (default: the day after the latest
/// order).
pub fn cohorts(ds: &Dataset, as_of: Option<Day>, granularity: Granularity) -> Cohorts {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    let mut rows = Vec::new();
    let Some(limit) = as_of else {
        return Cohorts {
            as_of,
            granularity,
            rows,
        };
    };
    let last = granularity.period_of(Day(limit.0 - 1));

    let periods = Periods::listed(ds, limit, granularity);
    let mut by_period: BTreeMap<i32, Cohort> = BTreeMap::new();
    for c in 0..ds.customer_count() as u32 {
        let orders = ds.customer_orders_before(c, limit);
        if orders.is_empty() {
            continue;
        }
        let dates = &ds.orders.date[orders.clone()];
        let values = &ds.orders.value[orders];
        let first = periods.of(dates[0]);
        let cohort = by_period.entry(first).or_insert_with(|| Cohort {
            customers: 0,
            cells: vec![Cell::default(); (last - first + 1) as usize],
        });
        cohort.customers += 1;
        // Dates are ascending, so a customer's periods are too: count each period once, when it starts.
        let mut previous = None;
        for (date, value) in dates.iter().zip(values) {
            let k = (periods.of(*date) - first) as usize;
            let cell = &mut cohort.cells[k];
            cell.revenue += value;
            cell.orders += 1;
            if previous != Some(k) {
                cell.active += 1;
                previous = Some(k);
            }
        }
    }

    // Only the last period can be incomplete: every earlier one ends before the day before the as-of date.
    let last_complete = granularity.period_end(last) < limit;
    rows.reserve(by_period.values().map(|c| c.cells.len()).sum());
    for (first, cohort) in by_period {
        let label = granularity.label(first);
        let size = cohort.customers as f64;
        let mut cumulative = 0i64;
        for (k, cell) in cohort.cells.iter().enumerate() {
            cumulative += cell.revenue;
            rows.push(CohortRow {
                cohort: label.clone(),
                period: k as u32,
                customers: cohort.customers,
                active_customers: cell.active,
                retention: cell.active as f64 / size,
                orders: cell.orders,
                revenue_minor: cell.revenue,
                cumulative_revenue_per_customer_minor: cumulative as f64 / size,
                complete: first + (k as i32) < last || last_complete,
            });
        }
    }
    Cohorts {
        as_of,
        granularity,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::customers::customer_stats;
    use crate::analysis::fixtures::{day, random_shop, shop as data};

    #[test]
    fn listed_periods_are_the_computed_ones_on_every_day_and_beyond_the_list() {
        let ds = data(&[("a@x.jp", "2023-12-30", 100), ("b@x.jp", "2024-03-02", 100)]);
        for (limit, listed) in [("2024-03-03", true), ("2199-01-01", false)] {
            let limit = day(limit).unwrap();
            for g in [Granularity::Month, Granularity::Week] {
                let periods = Periods::listed(&ds, limit, g);
                assert_eq!(
                    !periods.listed.is_empty(),
                    listed && g == Granularity::Month
                );
                for d in (day("2023-12-01").unwrap().0..day("2024-04-01").unwrap().0).map(Day) {
                    assert_eq!(periods.of(d), g.period_of(d), "{g:?} {d}");
                }
            }
        }
    }

    /// (cohort, period, customers, active, revenue, cumulative per customer, complete).
    type Row<'a> = (&'a str, u32, u64, u64, i64, f64, bool);

    /// The [`Row`] of every row, checking its retention on the way.
    fn table(c: &Cohorts) -> Vec<Row<'_>> {
        c.rows
            .iter()
            .map(|r| {
                assert_eq!(r.retention, r.active_customers as f64 / r.customers as f64);
                (
                    r.cohort.as_str(),
                    r.period,
                    r.customers,
                    r.active_customers,
                    r.revenue_minor,
                    r.cumulative_revenue_per_customer_minor,
                    r.complete,
                )
            })
            .collect()
    }

    const SHOP: &[(&str, &str, i64)] = &[
        // January cohort: a (two orders in January, one in March) and b (31 Jan, then 1 Feb).
        ("a", "2024-01-05", 100),
        ("a", "2024-01-20", 50),
        ("a", "2024-03-10", 200),
        ("b", "2024-01-31", 300),
        ("b", "2024-02-01", 40),
        // February cohort: c and d, neither comes back.
        ("c", "2024-02-10", 500),
        ("d", "2024-02-29", 60),
        // March cohort: e (and orders on/after 2024-04-16), f (two orders on 31 March, one on 1 April).
        ("e", "2024-03-01", 70),
        ("e", "2024-04-15", 30),
        ("e", "2024-04-16", 999),
        ("e", "2024-05-01", 7),
        ("f", "2024-03-31", 10),
        ("f", "2024-03-31", 20),
        ("f", "2024-04-01", 5),
        // First order on 2024-04-16: no customer as of that day.
        ("g", "2024-04-16", 1000),
    ];

    #[test]
    fn monthly_cohorts_as_of_the_middle_of_a_month() {
        let ds = data(SHOP);
        // As of 2024-04-16: orders up to 2024-04-15; the last period is April, which ends 04-30 ≥ 04-16.
        let c = cohorts(&ds, day("2024-04-16"), Granularity::Month);
        assert_eq!(c.as_of, day("2024-04-16"));
        assert_eq!(
            table(&c),
            [
                // Jan: 100 + 50 + 300 = 450 (a active once), 450/2 = 225.
                ("2024-01", 0, 2, 2, 450, 225.0, true),
                // Feb: b's 40; (450 + 40)/2 = 245.
                ("2024-01", 1, 2, 1, 40, 245.0, true),
                // Mar: a's 200; 690/2 = 345.
                ("2024-01", 2, 2, 1, 200, 345.0, true),
                // Apr: nobody yet, and April is not over.
                ("2024-01", 3, 2, 0, 0, 345.0, false),
                // Feb: 500 + 60 = 560, 280 each; no repeaters.
                ("2024-02", 0, 2, 2, 560, 280.0, true),
                ("2024-02", 1, 2, 0, 0, 280.0, true),
                ("2024-02", 2, 2, 0, 0, 280.0, false),
                // Mar: 70 + 10 + 20 = 100 (f active once), 50 each; Apr: 30 + 5 = 35, 135/2 = 67.5.
                ("2024-03", 0, 2, 2, 100, 50.0, true),
                ("2024-03", 1, 2, 2, 35, 67.5, false),
            ]
        );
        assert_eq!(c.rows[0].retention, 1.0);
        assert_eq!(c.rows[1].retention, 0.5);
        // Orders: a's two and b's one in January; e's one and f's two in March; e's and f's in April.
        let orders: Vec<u64> = c.rows.iter().map(|r| r.orders).collect();
        assert_eq!(orders, [3, 1, 1, 0, 2, 0, 0, 3, 2]);
        assert_eq!(c.rows[5].retention, 0.0);
        assert_eq!(c.cohort_labels(), ["2024-01", "2024-02", "2024-03"]);
        assert_eq!(c.period_count(), 4);
        let lengths: Vec<usize> = c.by_cohort().map(<[CohortRow]>::len).collect();
        assert_eq!(lengths, [4, 3, 2]);
    }

    #[test]
    fn an_as_of_date_on_the_first_of_a_month_completes_the_month_before() {
        let ds = data(SHOP);
        // As of 2024-05-01: orders up to 2024-04-30; April ends 04-30 < 05-01, so every period is complete.
        // e's 999 on 04-16 is now in (Mar cohort, April: 30 + 999 + 5 = 1,034; (100 + 1,034)/2 = 567), e's 7 on
        // 05-01 is not, and g forms the April cohort.
        let c = cohorts(&ds, day("2024-05-01"), Granularity::Month);
        assert!(c.rows.iter().all(|r| r.complete));
        let t = table(&c);
        assert_eq!(t.len(), 4 + 3 + 2 + 1);
        assert_eq!(t[8], ("2024-03", 1, 2, 2, 1_034, 567.0, true));
        assert_eq!(t[9], ("2024-04", 0, 1, 1, 1_000, 1_000.0, true));
        // Default as-of 2024-05-02: May is a fifth period, incomplete, with e's 7.
        let c = cohorts(&ds, None, Granularity::Month);
        assert_eq!(c.as_of, day("2024-05-02"));
        let t = table(&c);
        assert_eq!(t[4], ("2024-01", 4, 2, 0, 0, 345.0, false));
        // Mar cohort: (100 + 1,034 + 7)/2 = 570.5.
        assert_eq!(t[11], ("2024-03", 2, 2, 1, 7, 570.5, false));
        assert_eq!(
            c.cohort_labels(),
            ["2024-01", "2024-02", "2024-03", "2024-04"]
        );
    }

    #[test]
    fn an_as_of_date_before_every_order_gives_no_cohorts() {
        let ds = data(SHOP);
        let c = cohorts(&ds, day("2024-01-05"), Granularity::Month);
        assert!(c.rows.is_empty());
        assert_eq!((c.period_count(), c.cohort_labels().len()), (0, 0));
        // As of 2024-01-06: a's first order alone, January incomplete.
        let c = cohorts(&ds, day("2024-01-06"), Granularity::Month);
        assert_eq!(table(&c), [("2024-01", 0, 1, 1, 100, 100.0, false)]);
        let empty = data(&[]);
        let c = cohorts(&empty, None, Granularity::Week);
        assert_eq!((c.as_of, c.rows.len()), (None, 0));
    }

    #[test]
    fn weekly_cohorts_cross_the_year_boundary_on_iso_weeks() {
        // 2024-12-29 is a Sunday (ISO 2024-W52, Monday 12-23); 2024-12-30 is the Monday of ISO 2025-W01.
        let monday = NaiveDate::from_ymd_opt(2024, 12, 30).unwrap();
        assert_eq!(
            (monday.iso_week().year(), monday.iso_week().week()),
            (2025, 1)
        );
        let ds = data(&[
            ("a", "2024-12-29", 100),
            ("a", "2024-12-30", 10),
            ("a", "2025-01-05", 20),
            ("b", "2025-01-01", 50),
            ("b", "2025-01-06", 5),
        ]);
        // As of Wednesday 2025-01-08: the week of Monday 01-06 ends Sunday 01-12 ≥ 01-08, incomplete.
        let c = cohorts(&ds, day("2025-01-08"), Granularity::Week);
        assert_eq!(
            table(&c),
            [
                ("2024-12-23", 0, 1, 1, 100, 100.0, true),
                // 10 + 20 in the week 12-30..01-05, a active once: 130.
                ("2024-12-23", 1, 1, 1, 30, 130.0, true),
                ("2024-12-23", 2, 1, 0, 0, 130.0, false),
                ("2024-12-30", 0, 1, 1, 50, 50.0, true),
                ("2024-12-30", 1, 1, 1, 5, 55.0, false),
            ]
        );
        // As of Monday 2025-01-06: the week of 12-30 ended on Sunday 01-05, so it is complete.
        let c = cohorts(&ds, day("2025-01-06"), Granularity::Week);
        assert_eq!(
            table(&c),
            [
                ("2024-12-23", 0, 1, 1, 100, 100.0, true),
                ("2024-12-23", 1, 1, 1, 30, 130.0, true),
                ("2024-12-30", 0, 1, 1, 50, 50.0, true),
            ]
        );
    }

    #[test]
    fn periods_have_the_documented_bounds_and_labels() {
        let d = |s: &str| s.parse::<Day>().unwrap();
        let m = Granularity::Month;
        let p = m.period_of(d("2024-02-29"));
        assert_eq!(p, 2024 * 12 + 1);
        assert_eq!(
            (m.period_start(p), m.period_end(p)),
            (d("2024-02-01"), d("2024-02-29"))
        );
        assert_eq!(m.label(p), "2024-02");
        assert_eq!(
            m.period_of(d("2024-12-31")) + 1,
            m.period_of(d("2025-01-01"))
        );
        assert_eq!(m.period_end(m.period_of(d("2024-12-05"))), d("2024-12-31"));
        let w = Granularity::Week;
        // Day 0, Thursday 1970-01-01, is in the week of Monday 1969-12-29.
        assert_eq!(w.period_start(w.period_of(Day(0))), d("1969-12-29"));
        for s in ["2024-12-30", "2025-01-01", "2025-01-05"] {
            let p = w.period_of(d(s));
            assert_eq!(
                (w.label(p), w.period_end(p)),
                ("2024-12-30".into(), d("2025-01-05"))
            );
        }
        // Every week starts on a Monday and holds 7 days.
        for p in -10..3000 {
            assert_eq!(w.period_start(p).date().weekday(), chrono::Weekday::Mon);
            assert_eq!(w.period_end(p).0 - w.period_start(p).0, 6);
        }
        assert_eq!(
            serde_json::to_string(&Granularity::Week).unwrap(),
            "\"week\""
        );
        assert_eq!(
            serde_json::from_str::<Granularity>("\"month\"").unwrap(),
            Granularity::Month
        );
    }

    #[test]
    fn totals_agree_with_the_per_customer_statistics() {
        let ds = random_shop();
        for as_of in [None, day("2024-02-15"), day("2024-03-01")] {
            let limit = as_of
                .or_else(|| crate::analysis::default_as_of(&ds))
                .unwrap();
            let stats = customer_stats(&ds, limit);
            for g in [Granularity::Month, Granularity::Week] {
                let c = cohorts(&ds, as_of, g);
                let revenue: i64 = c.rows.iter().map(|r| r.revenue_minor).sum();
                assert_eq!(revenue, stats.iter().map(|s| s.value_minor).sum::<i64>());
                let orders: u64 = c.rows.iter().map(|r| r.orders).sum();
                assert_eq!(
                    orders,
                    stats.iter().map(|s| u64::from(s.orders)).sum::<u64>()
                );
                let firsts: Vec<&CohortRow> = c.rows.iter().filter(|r| r.period == 0).collect();
                assert_eq!(
                    firsts.iter().map(|r| r.customers).sum::<u64>(),
                    stats.len() as u64
                );
                assert!(firsts
                    .iter()
                    .all(|r| r.active_customers == r.customers && r.retention == 1.0));
                assert!(c.rows.iter().all(|r| r.active_customers <= r.customers));
                // Periods 0, 1, ... without gaps; only a cohort's last period may be incomplete.
                for rows in c.by_cohort() {
                    assert!(rows.iter().enumerate().all(|(k, r)| r.period == k as u32));
                    assert!(rows[..rows.len() - 1].iter().all(|r| r.complete));
                }
            }
        }
    }
}
