//! The dashboard (docs/analyses.md, "Dashboard"): the figures of the last complete calendar month against the
//! month before and the same month a year earlier, a monthly series of complete months (revenue of new and
//! repeat customers, active and new customers, F2 conversion by first-order month), and the RFM and CPM
//! distributions.
//!
//! Nothing is counted here that another analysis counts: the monthly figures are the monthly cohort matrix
//! read by calendar month (a month's new customers are its cohort; its active customers, orders and revenue
//! are the sums over every cohort of that month's cell), F2 uses the repeat analysis's rule, and the
//! distributions are the RFM and CPM analyses with their default parameters.

use serde::{Deserialize, Serialize};

use super::cohort::{cohorts, Granularity};
use super::cpm::{cpm, Cpm, CpmGroupRow, CpmParams};
use super::repeat::f2_within;
use super::rfm::{rfm, Rfm, RfmParams, SegmentRow};
use super::summary::ratio;
use crate::date::Day;
use crate::model::Dataset;

/// The parameters of the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashboardParams {
    /// How many complete months the monthly series shows, ending with the last complete month.
    pub months: u32,
    /// The window D of F2 conversion by first-order month, in days (the repeat analysis's rule).
    pub f2_window_days: i32,
}

impl Default for DashboardParams {
    /// 24 months; F2 within 90 days, the repeat analysis's default product window.
    fn default() -> Self {
        DashboardParams {
            months: 24,
            f2_window_days: 90,
        }
    }
}

/// One calendar month's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MonthFigures {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Customers with at least one valid order in the month.
    pub active_customers: u64,
    /// Customers whose first order is in the month (新規).
    pub new_customers: u64,
    /// Active customers whose first order is before the month (既存): active − new.
    pub returning_customers: u64,
    /// Valid orders in the month.
    pub orders: u64,
    /// Value of the month's orders, in minor units.
    pub revenue_minor: i64,
    /// Value of the month's orders of new customers (all their orders in the month), in minor units.
    pub new_revenue_minor: i64,
    /// Value of the month's orders of returning customers: revenue − new revenue, in minor units.
    pub repeat_revenue_minor: i64,
    /// `revenue_minor / orders`; `None` without orders.
    pub average_order_value_minor: Option<f64>,
    /// `returning_customers / active_customers`; `None` without active customers.
    pub repeat_share: Option<f64>,
    /// New customers of the month eligible for the F2 window (first order at least D days before the as-of date).
    pub f2_eligible: u64,
    /// Of those, customers whose second order came within D days of the first.
    pub f2_converted: u64,
    /// `f2_converted / f2_eligible`; `None` when no one is eligible.
    pub f2_rate: Option<f64>,
}

/// A figure of the last complete month, of the month before and of the same month a year earlier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Compared<T> {
    /// The figure in the last complete month (`None` before the data's first month, or for a ratio without a
    /// denominator).
    pub value: Option<T>,
    /// The figure in the month before.
    pub previous: Option<T>,
    /// The figure in the same month a year earlier.
    pub year_ago: Option<T>,
    /// Change against the month before: relative (`0.25` is +25%) for counts and money, the difference of the
    /// two shares for a share; `None` when either is missing or the relative change divides by 0.
    pub change: Option<f64>,
    /// Change against the same month a year earlier, in the same way.
    pub change_vs_year_ago: Option<f64>,
}

/// The key figures of the last complete month, each compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpis {
    /// The last complete calendar month before the as-of date, `YYYY-MM`.
    pub month: String,
    /// The month before it.
    pub previous_month: String,
    /// The same month a year earlier.
    pub year_ago_month: String,
    /// Customers with an order in the month.
    pub active_customers: Compared<u64>,
    /// Customers whose first order is in the month.
    pub new_customers: Compared<u64>,
    /// Valid orders in the month.
    pub orders: Compared<u64>,
    /// Value of the month's orders, in minor units.
    pub revenue_minor: Compared<i64>,
    /// Revenue ÷ orders, in minor units.
    pub average_order_value_minor: Compared<f64>,
    /// Returning customers ÷ active customers; its changes are differences of shares.
    pub repeat_share: Compared<f64>,
}

/// The dashboard as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dashboard {
    /// Orders before this day are counted (`None` for an empty dataset).
    pub as_of: Option<Day>,
    /// The parameters used, defaults filled in.
    pub params: DashboardParams,
    /// ISO code of every amount.
    pub currency: String,
    /// Decimals of the currency's minor unit (0 for JPY), to format `*_minor` amounts.
    pub currency_decimals: u32,
    /// The last complete month compared with the month before and a year earlier; `None` without an as-of date.
    pub kpis: Option<Kpis>,
    /// The last `params.months` complete months up to the last complete one, oldest first, from the month of
    /// the first order at the earliest; months without orders have zeros.
    pub months: Vec<MonthFigures>,
    /// Customers per RFM segment (default parameters), best segment first.
    pub rfm_segments: Vec<SegmentRow>,
    /// Customers per CPM group (default parameters), in the CPM analysis's order.
    pub cpm_groups: Vec<CpmGroupRow>,
}

/// The dashboard of the valid orders before `as_of` (default: the day after the latest order), with the RFM
/// and CPM analyses at their default parameters.
pub fn dashboard(ds: &Dataset, as_of: Option<Day>, params: &DashboardParams) -> Dashboard {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    let r = rfm(ds, as_of, &RfmParams::default());
    let c = cpm(ds, as_of, &CpmParams::default());
    dashboard_with(ds, as_of, params, &r, &c)
}

/// [`dashboard`] with the RFM and CPM analyses already computed for the same data and as-of date (the page has
/// them).
pub fn dashboard_with(
    ds: &Dataset,
    as_of: Option<Day>,
    params: &DashboardParams,
    rfm: &Rfm,
    cpm: &Cpm,
) -> Dashboard {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    let (kpis, months) = match as_of {
        Some(limit) => {
            let (first, all) = every_month(ds, limit, params.f2_window_days);
            // The as-of date's own month is not over (or, on its first day, not begun): the month before is
            // the last complete one.
            let last = Granularity::Month.period_of(limit) - 1;
            let at = |month: i32| usize::try_from(month - first).ok().and_then(|i| all.get(i));
            let kpis = compare(last, [at(last), at(last - 1), at(last - 12)]);
            let shown = i32::try_from(params.months).unwrap_or(i32::MAX);
            let from = (last + 1).saturating_sub(shown).max(first);
            let months = (from..=last).filter_map(|m| at(m).cloned()).collect();
            (Some(kpis), months)
        }
        None => (None, Vec::new()),
    };
    Dashboard {
        as_of,
        params: params.clone(),
        currency: ds.currency.code.clone(),
        currency_decimals: ds.currency.decimals,
        kpis,
        months,
        rfm_segments: rfm.segments.clone(),
        cpm_groups: cpm.groups.clone(),
    }
}

/// Every month from the first order's to the one holding the day before `limit` (the last may be incomplete),
/// with the number of the first.
fn every_month(ds: &Dataset, limit: Day, window: i32) -> (i32, Vec<MonthFigures>) {
    let month = Granularity::Month;
    let matrix = cohorts(ds, Some(limit), month);
    let last = month.period_of(Day(limit.0 - 1));
    let first = last + 1 - matrix.period_count() as i32;
    let mut all: Vec<MonthFigures> = (first..=last)
        .map(|m| MonthFigures {
            month: month.label(m),
            ..MonthFigures::default()
        })
        .collect();
    for rows in matrix.by_cohort() {
        // Every cohort has a row for each month from its own to the last.
        let cohort = (all.len() - rows.len()) as u32;
        for r in rows {
            let m = &mut all[(cohort + r.period) as usize];
            m.active_customers += r.active_customers;
            m.orders += r.orders;
            m.revenue_minor += r.revenue_minor;
            if r.period == 0 {
                m.new_customers += r.customers;
                m.new_revenue_minor += r.revenue_minor;
            }
        }
    }
    for c in 0..ds.customer_count() as u32 {
        let dates = &ds.orders.date[ds.customer_orders_before(c, limit)];
        let Some(start) = dates.first() else {
            continue;
        };
        let second = dates.get(1).map(|d| d.0 - start.0);
        if let Some(converted) = f2_within(limit.0 - start.0, second, window) {
            let m = &mut all[(month.period_of(*start) - first) as usize];
            m.f2_eligible += 1;
            m.f2_converted += u64::from(converted);
        }
    }
    for m in &mut all {
        m.returning_customers = m.active_customers - m.new_customers;
        m.repeat_revenue_minor = m.revenue_minor - m.new_revenue_minor;
        m.average_order_value_minor = ratio(m.revenue_minor as f64, m.orders);
        m.repeat_share = ratio(m.returning_customers as f64, m.active_customers);
        m.f2_rate = ratio(m.f2_converted as f64, m.f2_eligible);
    }
    (first, all)
}

/// Relative change from `before` to `now`; `None` when `before` is 0.
fn relative(now: f64, before: f64) -> Option<f64> {
    (before != 0.0).then(|| (now - before) / before)
}

/// Difference of two shares.
fn difference(now: f64, before: f64) -> Option<f64> {
    Some(now - before)
}

/// One figure of the three months, read as a number by `number`; `change` is [`relative`] or [`difference`].
fn compared<T: Copy>(
    months: [Option<&MonthFigures>; 3],
    figure: impl Fn(&MonthFigures) -> Option<T>,
    number: fn(T) -> f64,
    change: fn(f64, f64) -> Option<f64>,
) -> Compared<T> {
    let [value, previous, year_ago] = months.map(|m| m.and_then(&figure));
    let against = |before: Option<T>| match (value, before) {
        (Some(now), Some(before)) => change(number(now), number(before)),
        _ => None,
    };
    Compared {
        value,
        previous,
        year_ago,
        change: against(previous),
        change_vs_year_ago: against(year_ago),
    }
}

/// The key figures of month `last`, given it, the month before and the month a year earlier (each `None`
/// before the data's first month).
fn compare(last: i32, months: [Option<&MonthFigures>; 3]) -> Kpis {
    // Counts and money sums are exact in `f64` far beyond any shop's figures.
    let count =
        |f: fn(&MonthFigures) -> u64| compared(months, |m| Some(f(m)), |v| v as f64, relative);
    let label = |m: i32| Granularity::Month.label(m);
    Kpis {
        month: label(last),
        previous_month: label(last - 1),
        year_ago_month: label(last - 12),
        active_customers: count(|m| m.active_customers),
        new_customers: count(|m| m.new_customers),
        orders: count(|m| m.orders),
        revenue_minor: compared(months, |m| Some(m.revenue_minor), |v| v as f64, relative),
        average_order_value_minor: compared(
            months,
            |m| m.average_order_value_minor,
            |v| v,
            relative,
        ),
        repeat_share: compared(months, |m| m.repeat_share, |v| v, difference),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixtures::{day, random_shop, shop as data};
    use crate::analysis::summary::summarize;

    const SHOP: &[(&str, &str, i64)] = &[
        // d: new in March 2023, back on 2024-03-01.
        ("d", "2023-03-15", 1000),
        ("d", "2024-03-01", 500),
        // a: new in January, back in February (26 days later) and March.
        ("a", "2024-01-10", 100),
        ("a", "2024-02-05", 200),
        ("a", "2024-03-20", 50),
        // b: new in February with two orders, 14 days apart.
        ("b", "2024-02-01", 300),
        ("b", "2024-02-15", 100),
        // c: new in March, once.
        ("c", "2024-03-03", 400),
        // e: new in April, which is not over as of 2024-04-10.
        ("e", "2024-04-02", 70),
    ];

    /// (month, active, new, returning, orders, revenue, new revenue, repeat revenue, F2 eligible, converted).
    type Row<'a> = (&'a str, u64, u64, u64, u64, i64, i64, i64, u64, u64);

    fn rows(d: &Dashboard) -> Vec<Row<'_>> {
        d.months
            .iter()
            .map(|m| {
                (
                    m.month.as_str(),
                    m.active_customers,
                    m.new_customers,
                    m.returning_customers,
                    m.orders,
                    m.revenue_minor,
                    m.new_revenue_minor,
                    m.repeat_revenue_minor,
                    m.f2_eligible,
                    m.f2_converted,
                )
            })
            .collect()
    }

    #[test]
    fn the_last_complete_month_against_the_one_before_and_a_year_earlier() {
        let ds = data(SHOP);
        let params = DashboardParams {
            months: 3,
            f2_window_days: 30,
        };
        let d = dashboard(&ds, day("2024-04-10"), &params);
        assert_eq!(d.as_of, day("2024-04-10"));
        // April is not over: March is the last complete month.
        assert_eq!(
            rows(&d),
            [
                // a, new. F2 within 30 days: a's second order 26 days after the first.
                ("2024-01", 1, 1, 0, 1, 100, 100, 0, 1, 1),
                // b new (300 + 100), a back (200). b's second order 14 days after the first.
                ("2024-02", 2, 1, 1, 3, 600, 400, 200, 1, 1),
                // c new (400), a (50) and d (500) back. c's first order is 38 days before the as-of date.
                ("2024-03", 3, 1, 2, 3, 950, 400, 550, 1, 0),
            ]
        );
        let march = &d.months[2];
        assert_eq!(march.average_order_value_minor, Some(950.0 / 3.0));
        assert_eq!(march.repeat_share, Some(2.0 / 3.0));
        assert_eq!(march.f2_rate, Some(0.0));
        assert_eq!(d.months[0].repeat_share, Some(0.0));

        let k = d.kpis.unwrap();
        assert_eq!(
            (
                k.month.as_str(),
                k.previous_month.as_str(),
                k.year_ago_month.as_str()
            ),
            ("2024-03", "2024-02", "2023-03")
        );
        // March 2023: d's first order alone.
        assert_eq!(
            k.active_customers,
            Compared {
                value: Some(3),
                previous: Some(2),
                year_ago: Some(1),
                change: Some(0.5),
                change_vs_year_ago: Some(2.0),
            }
        );
        assert_eq!(
            (k.new_customers.change, k.new_customers.change_vs_year_ago),
            (Some(0.0), Some(0.0))
        );
        assert_eq!(
            (k.orders.value, k.orders.change, k.orders.change_vs_year_ago),
            (Some(3), Some(0.0), Some(2.0))
        );
        assert_eq!(
            k.revenue_minor,
            Compared {
                value: Some(950),
                previous: Some(600),
                year_ago: Some(1000),
                change: Some(350.0 / 600.0),
                change_vs_year_ago: Some(-0.05),
            }
        );
        let aov = &k.average_order_value_minor;
        assert_eq!((aov.previous, aov.year_ago), (Some(200.0), Some(1000.0)));
        assert_eq!(aov.change, Some((950.0 / 3.0 - 200.0) / 200.0));
        // Shares change by their difference: 2/3 − 1/2, and 2/3 − 0 (d was new a year earlier).
        assert_eq!(k.repeat_share.change, Some(2.0 / 3.0 - 0.5));
        assert_eq!(k.repeat_share.change_vs_year_ago, Some(2.0 / 3.0));

        // The RFM and CPM distributions are those analyses' own rows.
        let r = rfm(&ds, d.as_of, &RfmParams::default());
        assert_eq!(d.rfm_segments, r.segments);
        let customers: u64 = d.cpm_groups.iter().map(|g| g.customers).sum();
        assert_eq!(customers, 5);
    }

    #[test]
    fn the_series_starts_at_the_first_month_and_a_longer_window_waits_for_eligibility() {
        let ds = data(SHOP);
        // As of the first of April, March is complete too, and e's order of 2 April is left out.
        let params = DashboardParams {
            months: 24,
            f2_window_days: 90,
        };
        let d = dashboard(&ds, day("2024-04-01"), &params);
        assert_eq!(d.months.len(), 13);
        assert_eq!(rows(&d)[0], ("2023-03", 1, 1, 0, 1, 1000, 1000, 0, 1, 0));
        assert!(rows(&d)[1..10].iter().all(|r| r.1 == 0 && r.5 == 0));
        assert_eq!(d.months[5].average_order_value_minor, None);
        // Within 90 days: as of 1 April only d's first order is 90 days back (counted above, not converted);
        // a's is 82 days back, b's and c's fewer.
        let f2: Vec<(u64, u64)> = d.months[10..]
            .iter()
            .map(|m| (m.f2_eligible, m.f2_converted))
            .collect();
        assert_eq!(f2, [(0, 0), (0, 0), (0, 0)]);
        assert_eq!(d.kpis.as_ref().unwrap().month, "2024-03");
        // As of 2024-04-10, a's first order is 91 days back: eligible, and converted.
        let d = dashboard(&ds, day("2024-04-10"), &params);
        assert_eq!(
            (d.months[10].f2_eligible, d.months[10].f2_rate),
            (1, Some(1.0))
        );
    }

    #[test]
    fn months_before_the_data_have_no_figures() {
        let ds = data(SHOP);
        // As of 2024-03-15: February is the last complete month; February 2023 is before the first order.
        let d = dashboard(&ds, day("2024-03-15"), &DashboardParams::default());
        let k = d.kpis.unwrap();
        assert_eq!(
            (k.month.as_str(), k.year_ago_month.as_str()),
            ("2024-02", "2023-02")
        );
        assert_eq!(
            k.revenue_minor,
            Compared {
                value: Some(600),
                previous: Some(100),
                year_ago: None,
                change: Some(5.0),
                change_vs_year_ago: None,
            }
        );
        // Parameters outside the rules still give a result: every month, or none.
        let all = DashboardParams {
            months: u32::MAX,
            f2_window_days: -5,
        };
        assert_eq!(dashboard(&ds, day("2024-03-15"), &all).months.len(), 12);
        // A shop whose orders are all in the current month has no complete month yet.
        let d = dashboard(&ds, day("2023-03-20"), &DashboardParams::default());
        assert!(d.months.is_empty());
        assert_eq!(d.kpis.unwrap().orders.value, None);
        let empty = dashboard(&data(&[]), None, &DashboardParams::default());
        assert_eq!(
            (empty.as_of, empty.kpis, empty.months.len()),
            (None, None, 0)
        );
    }

    #[test]
    fn the_months_add_up_to_the_summary() {
        let ds = random_shop();
        let as_of = day("2024-09-01");
        let d = dashboard(
            &ds,
            as_of,
            &DashboardParams {
                months: 120,
                f2_window_days: 60,
            },
        );
        let s = summarize(&ds, as_of);
        let sum = |f: fn(&MonthFigures) -> i64| d.months.iter().map(f).sum::<i64>();
        assert_eq!(sum(|m| m.revenue_minor), s.revenue_minor);
        assert_eq!(sum(|m| m.orders as i64), s.orders as i64);
        assert_eq!(sum(|m| m.new_customers as i64), s.customers as i64);
        assert!(d
            .months
            .iter()
            .all(
                |m| m.new_revenue_minor + m.repeat_revenue_minor == m.revenue_minor
                    && m.new_customers + m.returning_customers == m.active_customers
            ));
    }
}
