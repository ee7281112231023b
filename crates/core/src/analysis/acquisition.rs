//! Acquisition (docs/analyses.md, "Acquisition"): customers grouped by the channel, or the coupon code, of
//! their first order, with each group's repeat behaviour, historical LTV and, when the models were fitted,
//! predicted CLV.
//!
//! Nothing here has rules of its own: repeat customers and F2 conversion follow the repeat analysis
//! ([`super::repeat::f2_within`]), LTV at D days the historical-LTV analysis
//! (`history::within_horizons`), predicted CLV the predictive-LTV analysis.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::history::{add, figures, within_horizons, Acc, LtvAt};
use super::ltv::PredictiveLtv;
use super::repeat::f2_within;
use crate::date::Day;
use crate::model::Dataset;

/// What the customers are grouped by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcquisitionBy {
    /// The channel of the first order (Shopify's Source, a utm_source column).
    #[default]
    Channel,
    /// The coupon or discount code of the first order.
    Coupon,
}

impl std::str::FromStr for AcquisitionBy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "channel" => Ok(AcquisitionBy::Channel),
            "coupon" => Ok(AcquisitionBy::Coupon),
            other => Err(format!("'{other}': use channel or coupon")),
        }
    }
}

/// The parameters of [`acquisition`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AcquisitionParams {
    /// The first order's channel or coupon code.
    pub by: AcquisitionBy,
    /// The window D of F2 conversion, in days.
    pub f2_window_days: i32,
    /// The horizons of historical LTV, in days.
    pub horizons: Vec<i32>,
}

impl Default for AcquisitionParams {
    /// By channel; F2 within 90 days; LTV at the historical-LTV analysis's horizons.
    fn default() -> Self {
        AcquisitionParams {
            by: AcquisitionBy::Channel,
            f2_window_days: 90,
            horizons: super::history::HistoryParams::default().horizons,
        }
    }
}

/// The customers acquired through one channel (or coupon code).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AcquisitionRow {
    /// The channel or coupon code as the export wrote it; `None` for first orders without one.
    pub group: Option<String>,
    /// Customers whose first order is in the group.
    pub customers: u64,
    /// Their share of all customers.
    pub share: f64,
    /// Of those, customers with two or more valid orders before the as-of date.
    pub repeat_customers: u64,
    /// `repeat_customers / customers`.
    pub repeat_rate: f64,
    /// Customers whose first order is at least D days before the as-of date.
    pub f2_eligible: u64,
    /// Of those, customers whose second order came within D days of the first.
    pub f2_converted: u64,
    /// `f2_converted / f2_eligible`; `None` when no one is eligible.
    pub f2_rate: Option<f64>,
    /// The value of the customers' valid orders before the as-of date, in minor units.
    pub revenue_minor: i64,
    /// Mean order value within D days of the first order, at each horizon.
    pub ltv: Vec<LtvAt>,
    /// Customers with a predicted CLV (when the models were given and fitted).
    pub clv_customers: u64,
    /// Their mean predicted CLV, in minor units; `None` without predictions.
    pub mean_clv_minor: Option<f64>,
}

/// Customers by the channel or coupon code of their first order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Acquisition {
    /// Orders before this day are counted (`None` for an empty dataset).
    pub as_of: Option<Day>,
    /// The parameters used.
    pub params: AcquisitionParams,
    /// Whether any order has a value in the column grouped by: without one (the exports lack the column, or
    /// it is empty) every customer is in the one `None` group.
    pub has_values: bool,
    /// Customers with a valid order before the as-of date.
    pub customers: u64,
    /// One row per group, most customers first (then by name); the group without a value last.
    pub rows: Vec<AcquisitionRow>,
}

/// One group's running counts.
#[derive(Clone, Default)]
struct Group {
    customers: u64,
    repeat: u64,
    f2: (u64, u64),
    revenue: i64,
    ltv: Vec<Acc>,
    clv: (u64, f64),
}

/// Groups the customers with a valid order before `as_of` (default: the day after the latest order) by their
/// first order's channel or coupon code. `ltv`, when given, must be the predictive-LTV analysis of the same
/// dataset and as-of date: its CLV fills the predicted columns.
pub fn acquisition(
    ds: &Dataset,
    as_of: Option<Day>,
    params: &AcquisitionParams,
    ltv: Option<&PredictiveLtv>,
) -> Acquisition {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    // Without an as-of date the dataset is empty; no order is before `i32::MIN`.
    let limit = as_of.unwrap_or(Day(i32::MIN));
    let tag = |o: usize| match params.by {
        AcquisitionBy::Channel => ds.order_channel(o),
        AcquisitionBy::Coupon => ds.order_coupon(o),
    };
    let mut clv = vec![None; ds.customer_count()];
    for c in ltv.iter().flat_map(|l| &l.customers) {
        if let Some(slot) = clv.get_mut(c.customer as usize) {
            *slot = c.clv_minor;
        }
    }
    let horizons = &params.horizons;
    let mut groups: HashMap<Option<&str>, Group> = HashMap::new();
    let mut values = Vec::with_capacity(horizons.len());
    let mut customers = 0u64;
    for c in 0..ds.customer_count() as u32 {
        let orders = ds.customer_orders_before(c, limit);
        if orders.is_empty() {
            continue;
        }
        customers += 1;
        let dates = &ds.orders.date[orders.clone()];
        let order_values = &ds.orders.value[orders.clone()];
        let g = groups.entry(tag(orders.start)).or_insert_with(|| Group {
            ltv: vec![Acc::default(); horizons.len()],
            ..Group::default()
        });
        g.customers += 1;
        g.repeat += u64::from(orders.len() >= 2);
        let second = dates.get(1).map(|d| d.0 - dates[0].0);
        if let Some(converted) = f2_within(limit.0 - dates[0].0, second, params.f2_window_days) {
            g.f2.0 += 1;
            g.f2.1 += u64::from(converted);
        }
        g.revenue += order_values.iter().sum::<i64>();
        within_horizons(dates, order_values, limit, horizons, &mut values);
        add(&mut g.ltv, &values);
        if let Some(v) = clv[c as usize] {
            g.clv.0 += 1;
            g.clv.1 += v;
        }
    }
    let ratio = |a: u64, b: u64| a as f64 / b.max(1) as f64;
    let mut rows: Vec<AcquisitionRow> = groups
        .into_iter()
        .map(|(group, g)| AcquisitionRow {
            group: group.map(str::to_string),
            customers: g.customers,
            share: ratio(g.customers, customers),
            repeat_customers: g.repeat,
            repeat_rate: ratio(g.repeat, g.customers),
            f2_eligible: g.f2.0,
            f2_converted: g.f2.1,
            f2_rate: (g.f2.0 > 0).then(|| ratio(g.f2.1, g.f2.0)),
            revenue_minor: g.revenue,
            ltv: figures(horizons, &g.ltv),
            clv_customers: g.clv.0,
            mean_clv_minor: (g.clv.0 > 0).then(|| g.clv.1 / g.clv.0 as f64),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.group
            .is_none()
            .cmp(&b.group.is_none())
            .then(b.customers.cmp(&a.customers))
            .then_with(|| a.group.cmp(&b.group))
    });
    let has_values = match params.by {
        AcquisitionBy::Channel => !ds.orders.channel.is_empty(),
        AcquisitionBy::Coupon => !ds.orders.coupon.is_empty(),
    };
    Acquisition {
        as_of,
        params: params.clone(),
        has_values,
        customers,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_files, IngestOptions};

    /// a: web + WELCOME 01-10 ¥1,000, web 02-01 ¥2,000; b: pos 01-20 ¥500; c: WELCOME without a channel 03-01
    /// ¥3,000, web 03-20 ¥1,000; d: web 04-01 ¥800. As of 2024-05-01.
    const ORDERS: &str = "order_id,order_date,email,order_total,channel,coupon\n\
                          1,2024-01-10,a@x.jp,1000,web,WELCOME\n\
                          2,2024-02-01,a@x.jp,2000,web,\n\
                          3,2024-01-20,b@x.jp,500,pos,\n\
                          4,2024-03-01,c@x.jp,3000,,WELCOME\n\
                          5,2024-03-20,c@x.jp,1000,web,\n\
                          6,2024-04-01,d@x.jp,800,web,\n";

    fn run(csv: &str, by: AcquisitionBy) -> Acquisition {
        let ds = ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset;
        let params = AcquisitionParams {
            by,
            f2_window_days: 30,
            horizons: vec![30, 60],
        };
        acquisition(&ds, Some("2024-05-01".parse().unwrap()), &params, None)
    }

    /// Group, customers, repeat customers, F2 (eligible, converted), revenue, LTV (eligible, total) at 30 and
    /// 60 days.
    type Figures = (Option<String>, u64, u64, (u64, u64), i64, Vec<(u64, i64)>);

    fn figures_of(a: &Acquisition) -> Vec<Figures> {
        a.rows
            .iter()
            .map(|r| {
                (
                    r.group.clone(),
                    r.customers,
                    r.repeat_customers,
                    (r.f2_eligible, r.f2_converted),
                    r.revenue_minor,
                    r.ltv.iter().map(|l| (l.eligible, l.total_minor)).collect(),
                )
            })
            .collect()
    }

    fn group(name: &str) -> Option<String> {
        Some(name.to_string())
    }

    /// By channel: web has a (F2 in 22 days; ¥3,000 within 30 and 60 days) and d (first order 30 days before
    /// the as-of date: eligible at 30 days only); b is pos; c's first order has no channel.
    #[test]
    fn by_channel_is_hand_computed() {
        let a = run(ORDERS, AcquisitionBy::Channel);
        assert!(a.has_values);
        assert_eq!(a.customers, 4);
        assert_eq!(
            figures_of(&a),
            [
                (group("web"), 2, 1, (2, 1), 3800, vec![(2, 3800), (1, 3000)]),
                (group("pos"), 1, 0, (1, 0), 500, vec![(1, 500), (1, 500)]),
                (None, 1, 1, (1, 1), 4000, vec![(1, 4000), (1, 4000)]),
            ]
        );
        let web = &a.rows[0];
        assert_eq!(
            (web.share, web.repeat_rate, web.f2_rate),
            (0.5, 0.5, Some(0.5))
        );
        assert_eq!(web.ltv[0].mean_minor, Some(1900.0));
    }

    /// By coupon: WELCOME brought a and c (both back within 19–22 days); b and d came without a coupon.
    #[test]
    fn by_coupon_is_hand_computed() {
        let a = run(ORDERS, AcquisitionBy::Coupon);
        assert_eq!(
            figures_of(&a),
            [
                (
                    group("WELCOME"),
                    2,
                    2,
                    (2, 2),
                    7000,
                    vec![(2, 7000), (2, 7000)]
                ),
                (None, 2, 0, (2, 0), 1300, vec![(2, 1300), (1, 500)]),
            ]
        );
        assert_eq!(a.rows[1].ltv[0].mean_minor, Some(650.0));
    }

    /// Without the column, one group holds every customer, and the analysis says it has no values.
    #[test]
    fn without_the_column_everyone_is_in_one_group() {
        let csv = "order_id,order_date,email,order_total\n1,2024-01-10,a@x.jp,1000\n2,2024-02-01,b@x.jp,500\n";
        let a = run(csv, AcquisitionBy::Channel);
        assert!(!a.has_values);
        assert_eq!(a.rows.len(), 1);
        assert_eq!((a.rows[0].group.clone(), a.rows[0].customers), (None, 2));
    }
}
