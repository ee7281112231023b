//! CPM (customer portfolio management): the ten やずや-style groups of docs/analyses.md, "CPM".
//!
//! Per customer with valid orders before the as-of date: n = orders, V = cumulative value, tenure = days from
//! the first to the latest order, idle = days from the latest order to the as-of date. The stage is 初回
//! (first-time, n = 1), よちよち (beginner, n ≥ 2 and tenure below the first tenure threshold), コツコツ (steady,
//! V below the value threshold), 流行 (trendy, tenure below the second threshold) or 優良 (loyal), tested in that
//! order, so every customer has exactly one stage whatever the parameters; when 0 < the first tenure
//! threshold ≤ the second (as by default) this is exactly the table of docs/analyses.md, "CPM". The customer is
//! 離脱 (lapsed) when idle reaches the lapse window, else 現役 (active). The value threshold is given in currency
//! units (yen, dollars) and scaled to minor units with the dataset currency's decimals. One pass over the
//! per-customer statistics.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::customers::customer_stats;
use crate::date::Day;
use crate::model::Dataset;
use crate::money::Currency;

/// The parameters of the CPM analysis (LTV-Lab's published defaults).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CpmParams {
    /// A customer is lapsed when the days from the latest order to the as-of date are at least this.
    pub lapse_days: i32,
    /// Tenure thresholds in days, ascending: below the first is beginner; from the first, below the second is
    /// trendy (if valuable); from the second on is loyal (if valuable).
    pub tenure_days: [i32; 2],
    /// Value threshold in currency *units* (70,000 yen, 70,000 dollars), not minor units.
    pub value_threshold: i64,
}

impl Default for CpmParams {
    /// Lapse window 240 days, tenure thresholds 90 and 210 days, value threshold 70,000.
    fn default() -> Self {
        CpmParams {
            lapse_days: 240,
            tenure_days: [90, 210],
            value_threshold: 70_000,
        }
    }
}

impl CpmParams {
    /// The value threshold in the minor units of `currency` (70,000 JPY → 70,000; 70,000 USD → 7,000,000).
    pub fn value_threshold_minor(&self, currency: &Currency) -> i64 {
        self.value_threshold
            .saturating_mul(10_i64.saturating_pow(currency.decimals))
    }
}

/// The five stages of the portfolio, from the first purchase to the most valuable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CpmStage {
    /// One valid order (初回).
    First,
    /// More orders, over a tenure shorter than the first threshold (よちよち).
    Beginner,
    /// A longer tenure, but worth less than the value threshold (コツコツ).
    Steady,
    /// Worth the value threshold, over a tenure shorter than the second threshold (流行).
    Trendy,
    /// Worth the value threshold, over a tenure of at least the second threshold (優良).
    Loyal,
}

impl CpmStage {
    /// Every stage, in the grid's column order.
    pub const ALL: [CpmStage; 5] = [
        CpmStage::First,
        CpmStage::Beginner,
        CpmStage::Steady,
        CpmStage::Trendy,
        CpmStage::Loyal,
    ];

    /// The id used in CSV and JSON (`beginner`).
    pub fn id(self) -> &'static str {
        match self {
            CpmStage::First => "first",
            CpmStage::Beginner => "beginner",
            CpmStage::Steady => "steady",
            CpmStage::Trendy => "trendy",
            CpmStage::Loyal => "loyal",
        }
    }

    /// The name shown to people, in Japanese and in English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            CpmStage::First => ("初回", "First-time"),
            CpmStage::Beginner => ("よちよち", "Beginner"),
            CpmStage::Steady => ("コツコツ", "Steady"),
            CpmStage::Trendy => ("流行", "Trendy"),
            CpmStage::Loyal => ("優良", "Loyal"),
        }
    }
}

/// One of the ten groups: a stage, active or lapsed. Serialised as its [`id`](CpmGroup::id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CpmGroup {
    /// Where the customer is on the way from the first purchase to the most valuable.
    pub stage: CpmStage,
    /// Whether the days since the customer's latest order reach the lapse window (離脱), rather than active (現役).
    pub lapsed: bool,
}

impl CpmGroup {
    /// Every group in the classic 5 × 2 grid read row by row: stages as columns, the active row above the
    /// lapsed one.
    pub const ALL: [CpmGroup; 10] = [
        CpmGroup::active(CpmStage::First),
        CpmGroup::active(CpmStage::Beginner),
        CpmGroup::active(CpmStage::Steady),
        CpmGroup::active(CpmStage::Trendy),
        CpmGroup::active(CpmStage::Loyal),
        CpmGroup::lapsed(CpmStage::First),
        CpmGroup::lapsed(CpmStage::Beginner),
        CpmGroup::lapsed(CpmStage::Steady),
        CpmGroup::lapsed(CpmStage::Trendy),
        CpmGroup::lapsed(CpmStage::Loyal),
    ];

    /// The active (現役) group of a stage.
    pub const fn active(stage: CpmStage) -> CpmGroup {
        CpmGroup {
            stage,
            lapsed: false,
        }
    }

    /// The lapsed (離脱) group of a stage.
    pub const fn lapsed(stage: CpmStage) -> CpmGroup {
        CpmGroup {
            stage,
            lapsed: true,
        }
    }

    /// The position of the group in [`CpmGroup::ALL`].
    pub fn index(self) -> usize {
        let column = match self.stage {
            CpmStage::First => 0,
            CpmStage::Beginner => 1,
            CpmStage::Steady => 2,
            CpmStage::Trendy => 3,
            CpmStage::Loyal => 4,
        };
        column + if self.lapsed { 5 } else { 0 }
    }

    /// The ids of [`CpmGroup::ALL`], in that order.
    pub const IDS: [&'static str; 10] = [
        "first_active",
        "beginner_active",
        "steady_active",
        "trendy_active",
        "loyal_active",
        "first_lapsed",
        "beginner_lapsed",
        "steady_lapsed",
        "trendy_lapsed",
        "loyal_lapsed",
    ];

    /// The id used in CSV and JSON (`first_active`, ..., `loyal_lapsed`).
    pub fn id(self) -> &'static str {
        CpmGroup::IDS[self.index()]
    }

    /// The group with this id, if any.
    pub fn from_id(id: &str) -> Option<CpmGroup> {
        CpmGroup::ALL.into_iter().find(|g| g.id() == id)
    }

    /// The name shown to people, in Japanese (`現役初回客`, as the Japanese CPM tools say) and in English
    /// (`First-time (active)`).
    pub fn names(self) -> (&'static str, &'static str) {
        const NAMES: [(&str, &str); 10] = [
            ("現役初回客", "First-time (active)"),
            ("現役よちよち客", "Beginner (active)"),
            ("現役コツコツ客", "Steady (active)"),
            ("現役流行客", "Trendy (active)"),
            ("現役優良客", "Loyal (active)"),
            ("離脱初回客", "First-time (lapsed)"),
            ("離脱よちよち客", "Beginner (lapsed)"),
            ("離脱コツコツ客", "Steady (lapsed)"),
            ("離脱流行客", "Trendy (lapsed)"),
            ("離脱優良客", "Loyal (lapsed)"),
        ];
        NAMES[self.index()]
    }
}

impl Serialize for CpmGroup {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for CpmGroup {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CpmGroup, D::Error> {
        let s = String::deserialize(d)?;
        CpmGroup::from_id(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("'{s}' is not a CPM group")))
    }
}

/// The group of one customer: `orders` valid orders worth `value_minor` in all, `tenure_days` from the first to
/// the latest, `idle_days` from the latest to the as-of date; `value_threshold_minor` is
/// [`CpmParams::value_threshold_minor`] of the dataset's currency.
pub fn classify(
    orders: u32,
    value_minor: i64,
    tenure_days: i32,
    idle_days: i32,
    params: &CpmParams,
    value_threshold_minor: i64,
) -> CpmGroup {
    let [short, long] = params.tenure_days;
    let stage = if orders <= 1 {
        CpmStage::First
    } else if tenure_days < short {
        CpmStage::Beginner
    } else if value_minor < value_threshold_minor {
        CpmStage::Steady
    } else if tenure_days < long {
        CpmStage::Trendy
    } else {
        CpmStage::Loyal
    };
    CpmGroup {
        stage,
        lapsed: idle_days >= params.lapse_days,
    }
}

/// One customer's CPM figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerCpm {
    /// Customer id (index into [`Dataset::customer_keys`](crate::Dataset::customer_keys)).
    pub customer: u32,
    /// The customer's stage, active or lapsed.
    pub group: CpmGroup,
    /// Valid orders (n).
    pub orders: u32,
    /// Cumulative order value (V), in minor units.
    pub value_minor: i64,
    /// Days from the first to the latest valid order.
    pub tenure_days: i32,
    /// Days from the latest valid order to the as-of date.
    pub idle_days: i32,
}

/// Per-group figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CpmGroupRow {
    /// The group the row is about.
    pub group: CpmGroup,
    /// Customers in the group.
    pub customers: u64,
    /// Sum of the customers' cumulative order values.
    pub revenue_minor: i64,
    /// `revenue_minor` / all customers' revenue.
    pub revenue_share: Option<f64>,
    /// `revenue_minor / customers`.
    pub mean_value_minor: Option<f64>,
    /// Mean number of valid orders.
    pub mean_orders: Option<f64>,
}

/// The CPM analysis as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cpm {
    /// Orders before this day are counted (`None` for an empty dataset).
    pub as_of: Option<Day>,
    /// The parameters the groups were drawn with.
    pub params: CpmParams,
    /// The value threshold used, in the dataset currency's minor units.
    pub value_threshold_minor: i64,
    /// Every customer with a valid order before `as_of`, in customer order.
    pub customers: Vec<CustomerCpm>,
    /// One row per group, in [`CpmGroup::ALL`] order, empty groups included.
    pub groups: Vec<CpmGroupRow>,
}

/// Computes CPM for the customers with valid orders before `as_of` (default: the day after the latest order).
pub fn cpm(ds: &Dataset, as_of: Option<Day>, params: &CpmParams) -> Cpm {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    let stats = as_of.map_or_else(Vec::new, |d| customer_stats(ds, d));
    let limit = as_of.unwrap_or(Day(0));
    let threshold = params.value_threshold_minor(&ds.currency);

    let mut count = [0u64; 10];
    let mut revenue = [0i64; 10];
    let mut orders = [0u64; 10];
    let customers: Vec<CustomerCpm> = stats
        .iter()
        .map(|c| {
            let tenure = c.last_order.0 - c.first_order.0;
            let idle = limit.0 - c.last_order.0;
            let group = classify(c.orders, c.value_minor, tenure, idle, params, threshold);
            let i = group.index();
            count[i] += 1;
            revenue[i] += c.value_minor;
            orders[i] += u64::from(c.orders);
            CustomerCpm {
                customer: c.customer,
                group,
                orders: c.orders,
                value_minor: c.value_minor,
                tenure_days: tenure,
                idle_days: idle,
            }
        })
        .collect();

    let total: i64 = revenue.iter().sum();
    let groups = CpmGroup::ALL
        .iter()
        .map(|&group| {
            let i = group.index();
            let n = count[i];
            let per_customer = |x: f64| (n > 0).then(|| x / n as f64);
            CpmGroupRow {
                group,
                customers: n,
                revenue_minor: revenue[i],
                revenue_share: (total != 0).then(|| revenue[i] as f64 / total as f64),
                mean_value_minor: per_customer(revenue[i] as f64),
                mean_orders: per_customer(orders[i] as f64),
            }
        })
        .collect();
    Cpm {
        as_of,
        params: params.clone(),
        value_threshold_minor: threshold,
        customers,
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_files, IngestOptions};

    const HEADER: &str = "order_id,order_date,customer_id,order_total\n";

    fn data_in(options: IngestOptions, csv: &str) -> Dataset {
        ingest_files(options, [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset
    }

    fn data(csv: &str) -> Dataset {
        data_in(IngestOptions::default(), csv)
    }

    /// Builds a CSV from `(email, date, total)` rows, one order per row.
    fn csv(rows: &[(&str, &str, &str)]) -> String {
        let mut out = HEADER.to_string();
        for (i, (email, date, total)) in rows.iter().enumerate() {
            out.push_str(&format!("{},{date},{email},{total}\n", i + 1));
        }
        out
    }

    fn day(s: &str) -> Option<Day> {
        Some(s.parse().unwrap())
    }

    /// The CPM figures of the customer with this e-mail.
    fn of<'a>(ds: &Dataset, r: &'a Cpm, email: &str) -> &'a CustomerCpm {
        let c = ds.customer_keys.iter().position(|k| k == email).unwrap() as u32;
        r.customers.iter().find(|x| x.customer == c).unwrap()
    }

    fn group(id: &str) -> CpmGroup {
        CpmGroup::from_id(id).unwrap()
    }

    // As of 2025-01-01, default parameters (lapse 240, tenure 90/210, value 70,000 yen). Day counts:
    // 2024-05-06 → 2025-01-01: 26 (rest of May) + 30+31+31+30+31+30+31 (Jun–Dec) = 240, so 2024-05-07 is 239.
    // 2024-10-02 → 2024-12-30: 30 + 30 + 29 = 89; from 2024-10-01 it is 90.
    // 2024-06-04 → 2024-12-30: 30+31+31+30+31+30 (to Dec 4) + 26 = 209.
    // 2023-10-10 → 2024-05-07: 31+30+31+31+29+31+30 (to May 10, leap Feb) − 3 = 210.
    // 2023-12-08 → 2024-05-06: 31+31+29+31+30 (to May 8) − 2 = 150.
    // 2023-07-11 → 2024-05-06: 31+31+30+31+30+31+31+29+31+30 (to May 11) − 5 = 300.
    // 2023-04-02 → 2024-05-06: 366 (to 2024-04-02, leap day inside) + 30 + 4 = 400.
    const PORTFOLIO: &[(&str, &str, &str)] = &[
        // n = 1, idle 1.
        ("a1", "2024-12-31", "5000"),
        // n = 2, tenure 89 < 90 although V = 100,000 ≥ 70,000; idle 2.
        ("a2", "2024-10-02", "50000"),
        ("a2", "2024-12-30", "50000"),
        // tenure 90 (the boundary is steady/trendy), V = 30,000 + 39,999 = 69,999 < 70,000.
        ("a3", "2024-10-01", "30000"),
        ("a3", "2024-12-30", "39999"),
        // tenure 90, V = 30,000 + 40,000 = 70,000 exactly: trendy.
        ("a4", "2024-10-01", "30000"),
        ("a4", "2024-12-30", "40000"),
        // tenure 209 < 210, V = 70,000: still trendy.
        ("a5", "2024-06-04", "35000"),
        ("a5", "2024-12-30", "35000"),
        // tenure 210, V = 20,000 + 25,000 + 25,000 = 70,000: loyal; idle 239 < 240: active.
        ("a6", "2023-10-10", "20000"),
        ("a6", "2024-01-15", "25000"),
        ("a6", "2024-05-07", "25000"),
        // n = 1, idle 240 exactly: lapsed.
        ("l1", "2024-05-06", "8000"),
        // two orders on one day: n = 2, tenure 0, V = 3,000; idle 366 (2024 is a leap year).
        ("l2", "2024-01-01", "1000"),
        ("l2", "2024-01-01", "2000"),
        // tenure 300, V = 3,000 + 3,000 + 4,000 = 10,000; idle 240.
        ("l3", "2023-07-11", "3000"),
        ("l3", "2023-09-01", "3000"),
        ("l3", "2024-05-06", "4000"),
        // tenure 150, V = 80,000; idle 240.
        ("l4", "2023-12-08", "40000"),
        ("l4", "2024-05-06", "40000"),
        // tenure 400, V = 200,000; idle 240.
        ("l5", "2023-04-02", "100000"),
        ("l5", "2024-05-06", "100000"),
    ];

    #[test]
    fn every_group_is_hit_with_the_boundaries_on_the_documented_side() {
        let ds = data(&csv(PORTFOLIO));
        let r = cpm(&ds, day("2025-01-01"), &CpmParams::default());
        assert_eq!(r.as_of, day("2025-01-01"));
        assert_eq!(r.value_threshold_minor, 70_000);
        let expected = [
            ("a1", "first_active", 1, 5_000, 0, 1),
            ("a2", "beginner_active", 2, 100_000, 89, 2),
            ("a3", "steady_active", 2, 69_999, 90, 2),
            ("a4", "trendy_active", 2, 70_000, 90, 2),
            ("a5", "trendy_active", 2, 70_000, 209, 2),
            ("a6", "loyal_active", 3, 70_000, 210, 239),
            ("l1", "first_lapsed", 1, 8_000, 0, 240),
            ("l2", "beginner_lapsed", 2, 3_000, 0, 366),
            ("l3", "steady_lapsed", 3, 10_000, 300, 240),
            ("l4", "trendy_lapsed", 2, 80_000, 150, 240),
            ("l5", "loyal_lapsed", 2, 200_000, 400, 240),
        ];
        assert_eq!(r.customers.len(), expected.len());
        for (email, id, n, v, tenure, idle) in expected {
            let c = of(&ds, &r, email);
            assert_eq!(
                (
                    c.group.id(),
                    c.orders,
                    c.value_minor,
                    c.tenure_days,
                    c.idle_days
                ),
                (id, n, v, tenure, idle),
                "{email}"
            );
        }

        // Revenue: 5,000 + 100,000 + 69,999 + 70,000·3 + 8,000 + 3,000 + 10,000 + 80,000 + 200,000 = 685,999.
        let ids: Vec<&str> = r.groups.iter().map(|g| g.group.id()).collect();
        assert_eq!(
            ids,
            [
                "first_active",
                "beginner_active",
                "steady_active",
                "trendy_active",
                "loyal_active",
                "first_lapsed",
                "beginner_lapsed",
                "steady_lapsed",
                "trendy_lapsed",
                "loyal_lapsed"
            ]
        );
        let trendy = &r.groups[3];
        assert_eq!((trendy.customers, trendy.revenue_minor), (2, 140_000));
        assert_eq!(trendy.revenue_share, Some(140_000.0 / 685_999.0));
        assert_eq!(trendy.mean_value_minor, Some(70_000.0));
        assert_eq!(trendy.mean_orders, Some(2.0));
        let loyal_active = &r.groups[4];
        assert_eq!(
            (loyal_active.customers, loyal_active.mean_orders),
            (1, Some(3.0))
        );
        for row in &r.groups {
            assert!(row.customers >= 1, "{}", row.group.id());
        }
        assert_eq!(r.groups.iter().map(|g| g.customers).sum::<u64>(), 11);
        assert_eq!(
            r.groups.iter().map(|g| g.revenue_minor).sum::<i64>(),
            685_999
        );
    }

    #[test]
    fn the_parameters_move_the_boundaries() {
        let ds = data(&csv(PORTFOLIO));
        // Lapse window 241: idle 240 is now active, idle 366 (l2) still lapsed.
        let params = CpmParams {
            lapse_days: 241,
            ..CpmParams::default()
        };
        let r = cpm(&ds, day("2025-01-01"), &params);
        assert_eq!(r.params, params);
        for (email, id) in [
            ("l1", "first_active"),
            ("l2", "beginner_lapsed"),
            ("l3", "steady_active"),
            ("l4", "trendy_active"),
            ("l5", "loyal_active"),
        ] {
            assert_eq!(of(&ds, &r, email).group.id(), id, "{email}");
        }
        // Tenure thresholds 89 and 209, value 69,999: a2 (89 days, 100,000) trendy, a3 (90, 69,999) trendy,
        // a5 (209, 70,000) loyal.
        let params = CpmParams {
            tenure_days: [89, 209],
            value_threshold: 69_999,
            ..CpmParams::default()
        };
        let r = cpm(&ds, day("2025-01-01"), &params);
        for (email, id) in [
            ("a2", "trendy_active"),
            ("a3", "trendy_active"),
            ("a5", "loyal_active"),
            ("l2", "beginner_lapsed"),
        ] {
            assert_eq!(of(&ds, &r, email).group.id(), id, "{email}");
        }
    }

    #[test]
    fn an_as_of_date_before_the_last_order_leaves_later_orders_out() {
        // 2024-01-01 → 2024-04-01 is 31 + 29 + 31 = 91 days; 2024-04-01 → 2024-12-31 is 274 days.
        let ds = data(&csv(&[
            ("x", "2024-01-01", "40000"),
            ("x", "2024-04-01", "40000"),
            ("x", "2024-12-31", "40000"),
        ]));
        // Default as-of 2025-01-01: n = 3, tenure 365, V = 120,000, idle 1 → loyal, active.
        let r = cpm(&ds, None, &CpmParams::default());
        assert_eq!(r.as_of, day("2025-01-01"));
        assert_eq!(
            (r.customers[0].group.id(), r.customers[0].tenure_days),
            ("loyal_active", 365)
        );
        // As of 2024-12-31 that day's order is out: n = 2, tenure 91, V = 80,000 → trendy; idle 274 → lapsed.
        let r = cpm(&ds, day("2024-12-31"), &CpmParams::default());
        let c = &r.customers[0];
        assert_eq!(
            (
                c.group.id(),
                c.orders,
                c.value_minor,
                c.tenure_days,
                c.idle_days
            ),
            ("trendy_lapsed", 2, 80_000, 91, 274)
        );
        // As of 2024-04-01: only the first order, idle 91 → first-time, active.
        let r = cpm(&ds, day("2024-04-01"), &CpmParams::default());
        assert_eq!(
            (r.customers[0].group.id(), r.customers[0].idle_days),
            ("first_active", 91)
        );
        // As of 2024-01-01: nobody yet; every group listed with zeros and no means.
        let r = cpm(&ds, day("2024-01-01"), &CpmParams::default());
        assert!(r.customers.is_empty());
        assert_eq!(r.groups.len(), 10);
        assert!(r.groups.iter().all(|g| g.customers == 0
            && g.revenue_share.is_none()
            && g.mean_value_minor.is_none()));
    }

    #[test]
    fn one_time_buyers_are_all_first_time() {
        // As of 2025-01-01: idle 1, 240 (see PORTFOLIO) and 366.
        let ds = data(&csv(&[
            ("a", "2024-12-31", "100000"),
            ("b", "2024-05-06", "300"),
            ("c", "2024-01-01", "600"),
        ]));
        let r = cpm(&ds, None, &CpmParams::default());
        let counts: Vec<u64> = r.groups.iter().map(|g| g.customers).collect();
        assert_eq!(counts, [1, 0, 0, 0, 0, 2, 0, 0, 0, 0]);
        // Revenue 100,900: active 100,000, lapsed 900 (mean 450).
        assert_eq!(r.groups[0].revenue_share, Some(100_000.0 / 100_900.0));
        assert_eq!(r.groups[5].revenue_minor, 900);
        assert_eq!(r.groups[5].mean_value_minor, Some(450.0));
        assert_eq!(r.groups[5].mean_orders, Some(1.0));
        assert_eq!(r.groups[1].mean_orders, None);
    }

    #[test]
    fn the_value_threshold_scales_with_the_currency_decimals() {
        let usd = IngestOptions {
            currency: Some("USD".into()),
            ..Default::default()
        };
        // Tenure 365 for both. u: $35,000.00 + $34,999.99 = 6,999,999 cents < 7,000,000 → steady.
        // v: $35,000.00 + $35,000.00 = 7,000,000 cents → loyal. Read as yen (70,000 minor) both would be loyal.
        let ds = data_in(
            usd,
            &csv(&[
                ("u", "2024-01-01", "35000.00"),
                ("u", "2024-12-31", "34999.99"),
                ("v", "2024-01-01", "35000"),
                ("v", "2024-12-31", "35000.00"),
                ("w", "2024-01-01", "12.50"),
            ]),
        );
        assert_eq!(ds.currency.code, "USD");
        let r = cpm(&ds, None, &CpmParams::default());
        assert_eq!(r.value_threshold_minor, 7_000_000);
        assert_eq!(
            (of(&ds, &r, "u").group.id(), of(&ds, &r, "u").value_minor),
            ("steady_active", 6_999_999)
        );
        assert_eq!(of(&ds, &r, "v").group.id(), "loyal_active");
        // w: $12.50 = 1,250 cents, one order; idle 366 → lapsed.
        assert_eq!(
            (of(&ds, &r, "w").group.id(), of(&ds, &r, "w").value_minor),
            ("first_lapsed", 1_250)
        );
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(CpmParams::default().value_threshold_minor(&kwd), 70_000_000);
        assert_eq!(
            CpmParams::default().value_threshold_minor(&Currency::jpy()),
            70_000
        );
    }

    /// The table of docs/analyses.md, "CPM", written out literally, one predicate per stage.
    fn literal_stages(n: u32, v: i64, tenure: i32, p: &CpmParams, thr: i64) -> Vec<CpmStage> {
        let [t0, t1] = p.tenure_days;
        let rules = [
            (CpmStage::First, n == 1),
            (CpmStage::Beginner, n >= 2 && tenure < t0),
            (CpmStage::Steady, tenure >= t0 && v < thr),
            (CpmStage::Trendy, t0 <= tenure && tenure < t1 && v >= thr),
            (CpmStage::Loyal, tenure >= t1 && v >= thr),
        ];
        rules.iter().filter(|r| r.1).map(|r| r.0).collect()
    }

    #[test]
    fn every_customer_falls_in_exactly_one_group() {
        // A generated-like shop: 600 customers, mostly one-time buyers, a long tail of repeaters, over three
        // years, from a fixed linear congruential sequence.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % m
        };
        let start = Day::from_ymd(2022, 1, 1).unwrap().0;
        let mut text = HEADER.to_string();
        let mut id = 0;
        for c in 0..600 {
            let n = match next(10) {
                0..=5 => 1,
                6..=7 => 2 + next(2),
                _ => 3 + next(12),
            };
            let first = start + next(1000) as i32;
            let span = [0, 30, 120, 400][next(4) as usize];
            for _ in 0..n {
                id += 1;
                let d = Day(first + next(span + 1) as i32);
                let value = [500, 3_000, 12_000, 40_000][next(4) as usize] + next(1000);
                text.push_str(&format!("{id},{d},c{c}@x,{value}\n"));
            }
        }
        let ds = data(&text);
        let params = [
            CpmParams::default(),
            CpmParams {
                lapse_days: 60,
                tenure_days: [30, 60],
                value_threshold: 20_000,
            },
            CpmParams {
                lapse_days: 1,
                tenure_days: [1, 1],
                value_threshold: 0,
            },
            CpmParams {
                tenure_days: [365, 730],
                value_threshold: 100_000,
                ..CpmParams::default()
            },
        ];
        // Every group occurs in some run, so the check above is not vacuous.
        let mut hit = [false; 10];
        for as_of in [None, day("2023-06-15"), day("2022-03-01")] {
            let stats = customer_stats(
                &ds,
                as_of.unwrap_or(crate::analysis::default_as_of(&ds).unwrap()),
            );
            for p in &params {
                let r = cpm(&ds, as_of, p);
                let thr = r.value_threshold_minor;
                assert_eq!(r.customers.len(), stats.len());
                for c in &r.customers {
                    let stages = literal_stages(c.orders, c.value_minor, c.tenure_days, p, thr);
                    assert_eq!(stages, [c.group.stage], "{c:?} {p:?}");
                    assert_eq!(c.group.lapsed, c.idle_days >= p.lapse_days);
                }
                for g in &r.groups {
                    hit[g.group.index()] |= g.customers > 0;
                }
                let n: u64 = r.groups.iter().map(|g| g.customers).sum();
                let v: i64 = r.groups.iter().map(|g| g.revenue_minor).sum();
                assert_eq!(n as usize, stats.len());
                assert_eq!(v, stats.iter().map(|c| c.value_minor).sum::<i64>());
            }
        }
        assert_eq!(hit, [true; 10]);
    }

    #[test]
    fn groups_have_ids_names_and_a_grid_order() {
        for (i, g) in CpmGroup::ALL.iter().enumerate() {
            assert_eq!(g.index(), i);
            assert_eq!(CpmGroup::from_id(g.id()), Some(*g));
            assert_eq!(g.lapsed, i >= 5);
            assert_eq!(g.stage, CpmStage::ALL[i % 5]);
            let (ja, en) = g.names();
            let (stage_ja, stage_en) = g.stage.names();
            let state = if g.lapsed { "離脱" } else { "現役" };
            assert_eq!(ja, format!("{state}{stage_ja}客"));
            assert!(en.starts_with(stage_en));
        }
        assert_eq!(
            group("first_active").names(),
            ("現役初回客", "First-time (active)")
        );
        assert_eq!(
            group("loyal_lapsed").names(),
            ("離脱優良客", "Loyal (lapsed)")
        );
        assert_eq!(CpmGroup::from_id("loyal"), None);
        let json = serde_json::to_string(&group("steady_lapsed")).unwrap();
        assert_eq!(json, "\"steady_lapsed\"");
        assert_eq!(
            serde_json::from_str::<CpmGroup>(&json).unwrap(),
            group("steady_lapsed")
        );
        let p: CpmParams = serde_json::from_str(r#"{"lapse_days": 180}"#).unwrap();
        assert_eq!(
            (p.lapse_days, p.tenure_days, p.value_threshold),
            (180, [90, 210], 70_000)
        );
    }
}
