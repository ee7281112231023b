//! Per-customer calibration statistics: the inputs of the BG/NBD, MBG/NBD and Gamma-Gamma models, and the
//! holdout counts of the calibration/holdout check (docs/analyses.md, "Predictive LTV" → "Calibration data").
//!
//! As in the papers (and so reproducing their CDNOW figures): a customer's valid orders on one day are one
//! transaction whose value is their sum; the first transaction is not a repeat; x counts the repeat
//! transactions up to and including the calibration end; t_x is the time from the first to the last of those
//! transactions and T the time from the first to the calibration end, in the chosen unit without rounding.
//! One linear pass over the dataset's orders.

use serde::{Deserialize, Serialize};

use crate::date::Day;
use crate::model::{CustomerFacts, Dataset};

/// The unit of t_x and T, and so of the rates the models estimate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Days: the finest unit, with the most distinct (x, t_x, T) groups to fit.
    Day,
    /// Weeks: the unit of the BG/NBD literature (CDNOW's published parameters).
    #[default]
    Week,
    /// 30.4375 days, a twelfth of the mean Gregorian year.
    Month,
}

impl TimeUnit {
    /// The length of the unit in days.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
            TimeUnit::Month => DAYS_PER_MONTH,
        }
    }
}

/// The days in a month for horizons given in months: 365.25 / 12.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// Which orders are calibration and which are holdout, and the time unit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SummaryParams {
    /// The last day of the calibration period (orders dated on or before it are calibration). Default: the day
    /// before the as-of date, so every order is calibration.
    pub calibration_end: Option<Day>,
    /// The last day of the holdout period (orders after the calibration end and on or before this day are
    /// holdout). Default and upper limit: the day before the as-of date.
    pub holdout_end: Option<Day>,
    /// Default: week.
    pub unit: TimeUnit,
}

/// One customer's calibration statistics.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerSummary {
    /// Customer id (index into [`Dataset::customer_keys`]).
    pub customer: u32,
    /// Day of the first transaction.
    pub first: Day,
    /// Day of the last transaction in the calibration period.
    pub last: Day,
    /// Repeat transactions in the calibration period (transactions after the first; same-day orders merged).
    pub x: u32,
    /// t_x: time from the first to the last calibration transaction, in the unit.
    pub t_x: f64,
    /// T: time from the first transaction to the calibration end, in the unit.
    pub t_cal: f64,
    /// Mean value of the repeat transactions in minor units; `None` when x = 0.
    pub mean_repeat_value_minor: Option<f64>,
    /// Transactions in the holdout period (all of them repeats); `None` without a holdout period.
    pub holdout_transactions: Option<u32>,
}

/// Customers who share (x, t_x, T), the unit of the BG/NBD and MBG/NBD likelihoods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RfGroup {
    /// Repeat transactions in the calibration period.
    pub x: u32,
    /// t_x: time from the first to the last calibration transaction, in the unit.
    pub t_x: f64,
    /// T.
    pub t_cal: f64,
    /// How many customers share these values.
    pub customers: u32,
}

/// A customer's input to the Gamma-Gamma model: x ≥ 1 repeat transactions with a positive mean value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpendObservation {
    /// Repeat transactions in the calibration period (at least 1).
    pub x: u32,
    /// Mean repeat-transaction value (any positive unit; the summaries give currency units, so that the
    /// Gamma-Gamma scale γ is in them, as the papers report it).
    pub mean_value: f64,
}

/// The calibration statistics of every customer whose first transaction is in the calibration period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalibrationSummary {
    /// Orders before this day are read (`None` for an empty dataset).
    pub as_of: Option<Day>,
    /// The last day of the calibration period (`None` for an empty dataset).
    pub calibration_end: Option<Day>,
    /// The last day of the holdout period, `None` when there is none.
    pub holdout_end: Option<Day>,
    /// The unit of t_x and T.
    pub unit: TimeUnit,
    /// The holdout period's length in the unit, `None` when there is none.
    pub holdout_length: Option<f64>,
    /// In customer order.
    pub customers: Vec<CustomerSummary>,
    /// Decimals of the currency's minor unit: a currency unit is 10^decimals minor units.
    pub currency_decimals: u32,
    /// The customers' repeat transactions per day, over the calibration and holdout periods: what the
    /// tracking of cumulative repeat transactions counts.
    pub repeats_per_day: DailyCounts,
    /// Whether the repeat transactions' days are known: not for a customers table, which gives only the
    /// first and the latest order's date (and then there is no tracking).
    pub repeat_days_known: bool,
}

/// A count per day over consecutive days.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DailyCounts {
    /// The day of `counts[0]`; `None` when there are no counts.
    pub start: Option<Day>,
    /// One count per day from `start`.
    pub counts: Vec<u32>,
}

impl DailyCounts {
    /// The counts of `days`, one per occurrence.
    fn of(days: &[Day]) -> DailyCounts {
        let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
            return DailyCounts::default();
        };
        let mut counts = vec![0u32; (last.0 - first.0) as usize + 1];
        for d in days {
            counts[(d.0 - first.0) as usize] += 1;
        }
        DailyCounts {
            start: Some(*first),
            counts,
        }
    }

    /// The sum of the counts of the days up to and including `day`.
    pub fn through(&self, day: Day) -> u64 {
        let Some(start) = self.start else {
            return 0;
        };
        let n = (i64::from(day.0) - i64::from(start.0) + 1).clamp(0, self.counts.len() as i64);
        self.counts[..n as usize]
            .iter()
            .map(|&c| u64::from(c))
            .sum()
    }
}

/// The calibration statistics as of `as_of` (default: the day after the latest valid order).
pub fn calibration_summary(
    ds: &Dataset,
    as_of: Option<Day>,
    params: &SummaryParams,
) -> CalibrationSummary {
    let as_of = as_of.or_else(|| super::super::default_as_of(ds));
    let unit = params.unit;
    let Some(as_of) = as_of else {
        return CalibrationSummary {
            as_of: None,
            calibration_end: None,
            holdout_end: None,
            unit,
            holdout_length: None,
            customers: Vec::new(),
            currency_decimals: ds.currency.decimals,
            repeats_per_day: DailyCounts::default(),
            repeat_days_known: true,
        };
    };
    let last_day = Day(as_of.0 - 1);
    let calibration_end = params.calibration_end.unwrap_or(last_day).min(last_day);
    let holdout_end = params
        .holdout_end
        .unwrap_or(last_day)
        .min(last_day)
        .max(calibration_end);
    let days = unit.days();
    if let Some(facts) = &ds.facts {
        return facts_summary(ds, facts, as_of, last_day, unit);
    }
    let holdout = holdout_end > calibration_end;
    let mut customers = Vec::new();
    let mut repeat_days = Vec::new();
    for c in 0..ds.customer_count() as u32 {
        let range = ds.customer_orders(c);
        let dates = &ds.orders.date[range.clone()];
        let values = &ds.orders.value[range];
        let Some(&first) = dates.first() else {
            continue;
        };
        if first > calibration_end {
            continue;
        }
        let (mut x, mut last, mut repeat_value, mut held) = (0u32, first, 0i64, 0u32);
        let mut i = 0;
        while i < dates.len() && dates[i] <= holdout_end {
            // One transaction: the run of orders on dates[i], with the summed value.
            let day = dates[i];
            let mut value = 0i64;
            while i < dates.len() && dates[i] == day {
                value = value.saturating_add(values[i]);
                i += 1;
            }
            if day > first {
                repeat_days.push(day);
            }
            if day > calibration_end {
                held += 1;
            } else if day > first {
                x += 1;
                last = day;
                repeat_value = repeat_value.saturating_add(value);
            }
        }
        customers.push(CustomerSummary {
            customer: c,
            first,
            last,
            x,
            t_x: f64::from(last.0 - first.0) / days,
            t_cal: f64::from(calibration_end.0 - first.0) / days,
            mean_repeat_value_minor: (x > 0).then(|| repeat_value as f64 / f64::from(x)),
            holdout_transactions: holdout.then_some(held),
        });
    }
    CalibrationSummary {
        as_of: Some(as_of),
        calibration_end: Some(calibration_end),
        holdout_end: holdout.then_some(holdout_end),
        unit,
        holdout_length: holdout.then(|| f64::from(holdout_end.0 - calibration_end.0) / days),
        customers,
        currency_decimals: ds.currency.decimals,
        repeats_per_day: DailyCounts::of(&repeat_days),
        repeat_days_known: true,
    }
}

/// The calibration statistics of a customers table, whose figures run to the day before its as-of date: it
/// has no holdout period (no order is dated apart from the first and the latest), nor daily repeats. A
/// transaction is a day with orders (the table's `order_days`, else each order); the mean repeat value is
/// the revenue after the first day's (`first_day_revenue`), else the mean of every order.
fn facts_summary(
    ds: &Dataset,
    facts: &CustomerFacts,
    as_of: Day,
    calibration_end: Day,
    unit: TimeUnit,
) -> CalibrationSummary {
    let days = unit.days();
    let customers = (0..ds.customer_count())
        .filter(|&c| facts.first_order[c] <= calibration_end)
        .map(|c| {
            let (first, last) = (facts.first_order[c], facts.last_order[c]);
            // Orders all on one day are one transaction, whatever the table counts.
            let x = match last > first {
                true => facts.transactions(c).saturating_sub(1),
                false => 0,
            };
            let repeat_value = match &facts.first_day_revenue {
                Some(first_day) => (facts.revenue[c] - first_day[c]) as f64 / f64::from(x),
                None => facts.revenue[c] as f64 / f64::from(facts.orders[c].max(1)),
            };
            CustomerSummary {
                customer: c as u32,
                first,
                last,
                x,
                t_x: f64::from(last.0 - first.0) / days,
                t_cal: f64::from(calibration_end.0 - first.0) / days,
                mean_repeat_value_minor: (x > 0).then_some(repeat_value),
                holdout_transactions: None,
            }
        })
        .collect();
    CalibrationSummary {
        as_of: Some(as_of),
        calibration_end: Some(calibration_end),
        holdout_end: None,
        unit,
        holdout_length: None,
        customers,
        currency_decimals: ds.currency.decimals,
        repeats_per_day: DailyCounts::default(),
        repeat_days_known: false,
    }
}

impl CalibrationSummary {
    /// The customers grouped where (x, t_x, T) are identical (compared in whole days), sorted by x, then
    /// t_x, then T.
    pub fn rf_groups(&self) -> Vec<RfGroup> {
        let (Some(end), days) = (self.calibration_end, self.unit.days()) else {
            return Vec::new();
        };
        let keys: Vec<(u32, i32, i32)> = self
            .customers
            .iter()
            .map(|c| (c.x, c.last.0 - c.first.0, end.0 - c.first.0))
            .collect();
        let mut groups: Vec<RfGroup> = Vec::new();
        let mut previous = None;
        for key in sorted_keys(keys) {
            if previous == Some(key) {
                if let Some(g) = groups.last_mut() {
                    g.customers += 1;
                }
                continue;
            }
            previous = Some(key);
            groups.push(RfGroup {
                x: key.0,
                t_x: f64::from(key.1) / days,
                t_cal: f64::from(key.2) / days,
                customers: 1,
            });
        }
        groups
    }

    /// Minor units in one currency unit (100 for USD, 1 for JPY).
    pub fn minor_per_unit(&self) -> f64 {
        10f64.powi(self.currency_decimals as i32)
    }

    /// The Gamma-Gamma inputs: customers with x ≥ 1 and a positive mean repeat value (in currency units), in
    /// customer order. Customers with x ≥ 1 and a mean of zero or less (refunds) are left out: the model has
    /// no such values.
    pub fn spend_observations(&self) -> Vec<SpendObservation> {
        let per_unit = self.minor_per_unit();
        self.customers
            .iter()
            .filter_map(|c| match c.mean_repeat_value_minor {
                Some(m) if m > 0.0 => Some(SpendObservation {
                    x: c.x,
                    mean_value: m / per_unit,
                }),
                _ => None,
            })
            .collect()
    }
}

/// The (x, t_x days, T days) keys sorted. Keys that fit 30 + 17 + 17 bits (every key of real data: 17 bits
/// are 358 years of days) are sorted as single integers, about twice as fast as tuples.
fn sorted_keys(mut keys: Vec<(u32, i32, i32)>) -> Vec<(u32, i32, i32)> {
    const DAYS: i32 = 1 << 17;
    if !keys
        .iter()
        .all(|&(x, tx, t)| x < 1 << 30 && (0..DAYS).contains(&tx) && (0..DAYS).contains(&t))
    {
        keys.sort_unstable();
        return keys;
    }
    let mut packed: Vec<u64> = keys
        .iter()
        .map(|&(x, tx, t)| u64::from(x) << 34 | (tx as u64) << 17 | t as u64)
        .collect();
    packed.sort_unstable();
    let mask = (1 << 17) - 1;
    packed
        .into_iter()
        .map(|k| ((k >> 34) as u32, (k >> 17 & mask) as i32, (k & mask) as i32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::sorted_keys;

    #[test]
    fn packed_and_tuple_sorting_agree() {
        let keys = vec![
            (3, 5, 9),
            (0, 0, 200),
            (3, 5, 2),
            (1 << 29, 131_071, 0),
            (0, 0, 199),
        ];
        let mut expected = keys.clone();
        expected.sort_unstable();
        assert_eq!(sorted_keys(keys.clone()), expected);
        // A key out of the packed range takes the tuple path, with the same order.
        let mut wide = keys;
        wide.push((u32::MAX, 1 << 20, 7));
        let mut expected = wide.clone();
        expected.sort_unstable();
        assert_eq!(sorted_keys(wide), expected);
    }

    use super::*;

    fn dataset(csv: &str) -> Dataset {
        crate::ingest::ingest_files(Default::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset
    }

    const SHOP: &str = "order_id,order_date,customer_id,order_total\n\
        1,2024-01-01,a,100\n2,2024-01-08,a,200\n3,2024-01-08,a,50\n4,2024-01-15,a,30\n5,2024-01-29,a,70\n\
        6,2024-01-10,b,500\n\
        7,2024-01-20,c,90\n8,2024-01-22,c,10\n\
        9,2024-02-01,d,40\n";

    #[test]
    fn same_day_orders_are_one_transaction_and_the_first_is_not_a_repeat() {
        // Calibration through 2024-01-15, holdout through 2024-01-29, weeks.
        // a: transactions 01-01, 01-08 (200 + 50 = 250), 01-15 (30) → x 2, t_x = T = 14 days = 2 weeks, mean
        // repeat value (250 + 30)/2 = 140; 01-29 is its one holdout transaction.
        // b: 01-10 only → x 0, t_x 0, T 5 days. c (01-20) and d (02-01) start after the calibration end and are
        // not calibration customers. The as-of date is the day after the last order, 02-02.
        let ds = dataset(SHOP);
        let s = calibration_summary(
            &ds,
            None,
            &SummaryParams {
                calibration_end: Some("2024-01-15".parse().unwrap()),
                holdout_end: Some("2024-01-29".parse().unwrap()),
                unit: TimeUnit::Week,
            },
        );
        assert_eq!(s.as_of.unwrap().to_string(), "2024-02-02");
        assert_eq!(s.holdout_length, Some(2.0));
        let got: Vec<_> = s
            .customers
            .iter()
            .map(|c| {
                (
                    &ds.customer_keys[c.customer as usize],
                    c.x,
                    c.t_x,
                    c.t_cal,
                    c.mean_repeat_value_minor,
                    c.holdout_transactions,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", 2, 2.0, 2.0, Some(140.0), Some(1)),
                ("b", 0, 0.0, 5.0 / 7.0, None, Some(0)),
            ]
        );
        assert_eq!(
            s.spend_observations(),
            [SpendObservation {
                x: 2,
                mean_value: 140.0
            }]
        );
    }

    #[test]
    fn by_default_everything_before_the_as_of_date_is_calibration() {
        // As of 2024-02-02: calibration ends 02-01; no holdout. c: 01-20, 01-22 → x 1, t_x 2 days, T 12 days.
        let ds = dataset(SHOP);
        let s = calibration_summary(
            &ds,
            None,
            &SummaryParams {
                unit: TimeUnit::Day,
                ..Default::default()
            },
        );
        assert_eq!(s.calibration_end.unwrap().to_string(), "2024-02-01");
        assert_eq!((s.holdout_end, s.holdout_length), (None, None));
        assert_eq!(s.customers.len(), 4);
        let c = &s.customers[2];
        assert_eq!(
            (c.x, c.t_x, c.t_cal, c.holdout_transactions),
            (1, 2.0, 12.0, None)
        );
        let d = &s.customers[3];
        assert_eq!((d.x, d.t_x, d.t_cal), (0, 0.0, 0.0));
    }

    #[test]
    fn groups_join_identical_histories() {
        let csv = "order_id,order_date,customer_id,order_total\n\
            1,2024-01-01,a,1\n2,2024-01-05,a,1\n3,2024-01-01,b,1\n4,2024-01-05,b,1\n5,2024-01-01,c,1\n\
            6,2024-01-02,d,1\n7,2024-01-10,e,1\n";
        let s = calibration_summary(&dataset(csv), None, &SummaryParams::default());
        let g: Vec<_> = s
            .rf_groups()
            .iter()
            .map(|g| (g.x, g.t_x * 7.0, g.t_cal * 7.0, g.customers))
            .collect();
        // End 01-10: c (0, 0, 9), d (0, 0, 8), e (0, 0, 0), a and b (1, 4, 9).
        assert_eq!(
            g,
            [
                (0, 0.0, 0.0, 1),
                (0, 0.0, 8.0, 1),
                (0, 0.0, 9.0, 1),
                (1, 4.0, 9.0, 2)
            ]
        );
    }

    #[test]
    fn an_empty_dataset_has_no_customers() {
        let s = calibration_summary(
            &dataset("order_id,order_date,customer_id,order_total\n"),
            None,
            &SummaryParams::default(),
        );
        assert!(s.customers.is_empty() && s.as_of.is_none() && s.rf_groups().is_empty());
    }
}
