//! RFM: per-customer recency, frequency and monetary value, their 1–5 scores and the named segments
//! (docs/analyses.md, "RFM").
//!
//! Quantile scoring gives `1 + floor(5·L/N)`, where `L` counts the customers with a strictly worse value, so
//! ties always share a score and the result does not depend on order. Fixed scoring uses upper-inclusive
//! thresholds. A quantile-scored metric of whole numbers over a narrow span is scored by counting, any other by
//! selecting four order statistics (no sort); everything else is a linear pass.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::customers::{customer_stats, CustomerStats};
use crate::date::Day;
use crate::model::Dataset;

/// How a metric becomes a 1–5 score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// By rank among the customers.
    Quantile,
    /// By four upper-inclusive thresholds, ascending, in the metric's unit (days, orders, minor units).
    Fixed([i64; 4]),
}

/// Whether M is the customer's total or average order value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonetaryBasis {
    /// The sum of the customer's valid orders.
    #[default]
    Total,
    /// The mean of the customer's valid orders, rounded to the minor unit.
    Average,
}

/// The parameters of the RFM analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RfmParams {
    /// How recency is scored (fewer days, higher score).
    pub recency: Scoring,
    /// How the number of orders is scored.
    pub frequency: Scoring,
    /// How the customer's order value is scored.
    pub monetary: Scoring,
    /// Whether M is the total or the average order value.
    pub monetary_basis: MonetaryBasis,
}

impl Default for RfmParams {
    /// Quantiles for R and M; F fixed at 1 → 1, 2 → 2, 3 → 3, 4–5 → 4, ≥ 6 → 5.
    fn default() -> Self {
        RfmParams {
            recency: Scoring::Quantile,
            frequency: Scoring::Fixed([1, 2, 3, 5]),
            monetary: Scoring::Quantile,
            monetary_basis: MonetaryBasis::Total,
        }
    }
}

/// The ten named segments of the R × F grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// R 5, F 4–5: bought lately and often.
    Champions,
    /// R 3–4, F 4–5: buy often, a little less lately.
    Loyal,
    /// R 4–5, F 2–3: recent, with a few orders.
    PotentialLoyalists,
    /// R 5, F 1: one recent order.
    New,
    /// R 4, F 1: one fairly recent order.
    Promising,
    /// R 3, F 3: average on both.
    NeedAttention,
    /// R 3, F 1–2: few orders, not lately.
    AboutToSleep,
    /// R 1–2, F 5: bought very often, but long ago.
    CantLoseThem,
    /// R 1–2, F 3–4: bought repeatedly, but long ago.
    AtRisk,
    /// R 1–2, F 1–2: few orders, long ago.
    Hibernating,
}

impl Segment {
    /// Every segment, best first.
    pub const ALL: [Segment; 10] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalists,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::CantLoseThem,
        Segment::AtRisk,
        Segment::Hibernating,
    ];

    /// The segment of an R and F score (1–5 each): every cell of the grid has exactly one.
    pub fn of(r: u8, f: u8) -> Segment {
        match (r, f) {
            (5, 4 | 5) => Segment::Champions,
            (3 | 4, 4 | 5) => Segment::Loyal,
            (4 | 5, 2 | 3) => Segment::PotentialLoyalists,
            (5, _) => Segment::New,
            (4, _) => Segment::Promising,
            (3, 3) => Segment::NeedAttention,
            (3, _) => Segment::AboutToSleep,
            (_, 5) => Segment::CantLoseThem,
            (_, 3 | 4) => Segment::AtRisk,
            _ => Segment::Hibernating,
        }
    }

    /// The ids of [`Segment::ALL`], in that order.
    pub const IDS: [&'static str; 10] = [
        "champions",
        "loyal",
        "potential_loyalists",
        "new",
        "promising",
        "need_attention",
        "about_to_sleep",
        "cant_lose_them",
        "at_risk",
        "hibernating",
    ];

    /// The id used in CSV and JSON (`cant_lose_them`).
    pub fn id(self) -> &'static str {
        Segment::IDS[self as usize]
    }

    /// The name shown to people, in Japanese and in English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Segment::Champions => ("優良顧客", "Champions"),
            Segment::Loyal => ("ロイヤル顧客", "Loyal"),
            Segment::PotentialLoyalists => ("ロイヤル予備軍", "Potential loyalists"),
            Segment::New => ("新規顧客", "New"),
            Segment::Promising => ("有望顧客", "Promising"),
            Segment::NeedAttention => ("要注意顧客", "Need attention"),
            Segment::AboutToSleep => ("休眠予備軍", "About to sleep"),
            Segment::CantLoseThem => ("離反寸前の優良顧客", "Can't lose them"),
            Segment::AtRisk => ("離反リスク顧客", "At risk"),
            Segment::Hibernating => ("休眠顧客", "Hibernating"),
        }
    }
}

/// One customer's RFM values and scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerRfm {
    /// Customer id (index into [`Dataset::customer_keys`](crate::Dataset::customer_keys)).
    pub customer: u32,
    /// Days from the last valid order to the as-of date.
    pub recency_days: i64,
    /// Valid orders.
    pub frequency: u32,
    /// Total (or average, rounded to the minor unit) order value.
    pub monetary_minor: i64,
    /// Recency score, 1 (longest ago) to 5.
    pub r_score: u8,
    /// Frequency score, 1 to 5.
    pub f_score: u8,
    /// Monetary score, 1 to 5.
    pub m_score: u8,
    /// The segment of the (R, F) cell.
    pub segment: Segment,
}

/// Per-segment figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentRow {
    /// The segment the row is about.
    pub segment: Segment,
    /// Customers in the segment.
    pub customers: u64,
    /// Sum of the customers' total order values.
    pub revenue_minor: i64,
    /// `revenue_minor` / all customers' revenue.
    pub revenue_share: Option<f64>,
    /// Mean days since the last order (`None` for an empty segment).
    pub mean_recency_days: Option<f64>,
    /// Mean number of orders.
    pub mean_frequency: Option<f64>,
    /// Mean M (total or average order value, as scored).
    pub mean_monetary_minor: Option<f64>,
}

/// The RFM analysis as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rfm {
    /// Orders before this day are counted (`None` for an empty dataset).
    pub as_of: Option<Day>,
    /// The parameters the scores were given with, defaults filled in.
    pub params: RfmParams,
    /// Every customer with an order before the as-of date.
    pub customers: Vec<CustomerRfm>,
    /// Customers per cell: `grid[r - 1][f - 1]`.
    pub grid: [[u64; 5]; 5],
    /// One row per segment, in [`Segment::ALL`] order.
    pub segments: Vec<SegmentRow>,
}

/// Scores "larger is better" values by quantile: `1 + floor(5·L/N)`, `L` = values strictly smaller.
///
/// `floor(5·L/N) ≥ k` exactly when `L ≥ m = ⌈k·N/5⌉`, that is when the value is above the `m`-th smallest; so
/// the score is one plus the number of the four order statistics (found by selection, not a sort) it is above.
fn quantile_scores(values: &[f64]) -> Vec<u8> {
    // Selected in a total order; scored by `>`, for which -0 and 0 are the same value.
    quantile_scores_by(values, f64::total_cmp, |v, t| v > t)
}

/// [`quantile_scores`] for values ordered by `cmp`, where `above(v, t)` says `v` is above `t` (in the same
/// order, but for values `cmp` tells apart that count as the same).
fn quantile_scores_by<T: Copy>(
    values: &[T],
    cmp: impl Fn(&T, &T) -> Ordering,
    above: impl Fn(&T, &T) -> bool,
) -> Vec<u8> {
    let n = values.len();
    if n == 0 {
        return Vec::new();
    }
    let mut work = values.to_vec();
    // From the largest order statistic down, each one selected among the values before the one above it
    // (or that one again when both are the same m-th smallest).
    let mut thresholds = [values[0]; 4];
    let mut upper = n;
    for k in (1..=4).rev() {
        // m ≥ 1 as n ≥ 1.
        let at = (k * n).div_ceil(5) - 1;
        thresholds[k - 1] = match at == upper {
            true => thresholds[k],
            false => *work[..upper].select_nth_unstable_by(at, &cmp).1,
        };
        upper = at;
    }
    values
        .iter()
        .map(|v| 1 + thresholds.iter().filter(|t| above(v, t)).count() as u8)
        .collect()
}

/// [`quantile_scores`] for whole numbers (`larger_is_better` false: of their negatives), counted rather than
/// selected when they span a range not much wider than their number.
fn quantile_scores_exact(values: &[i64], larger_is_better: bool) -> Vec<u8> {
    let n = values.len();
    let (Some(&min), Some(&max)) = (values.iter().min(), values.iter().max()) else {
        return Vec::new();
    };
    let span = max.abs_diff(min);
    if span > 4 * n as u64 {
        return match larger_is_better {
            true => quantile_scores_by(values, i64::cmp, |v, t| v > t),
            false => quantile_scores_by(values, |a, b| b.cmp(a), |v, t| v < t),
        };
    }
    // Values as places from the worst: then L of a value is the number of values at smaller places.
    let place = |v: i64| match larger_is_better {
        true => v.abs_diff(min) as usize,
        false => max.abs_diff(v) as usize,
    };
    let mut count = vec![0usize; span as usize + 1];
    for &v in values {
        count[place(v)] += 1;
    }
    // The score of each place: 1 + floor(5·L/N), L the values at the places before it.
    let mut below = 0;
    let score: Vec<u8> = count
        .iter()
        .map(|&c| {
            let s = (1 + 5 * below / n) as u8;
            below += c;
            s
        })
        .collect();
    values.iter().map(|&v| score[place(v)]).collect()
}

/// Scores by upper-inclusive thresholds; `larger_is_better` says which end scores 5.
fn fixed_score(value: i64, thresholds: &[i64; 4], larger_is_better: bool) -> u8 {
    let above = thresholds.iter().filter(|t| value > **t).count() as u8;
    if larger_is_better {
        1 + above
    } else {
        5 - above
    }
}

/// The scores of a metric whose values are `exact` (as the customers' rows show them) and, by quantile,
/// ranked as `values`.
fn scores(values: Ranked<'_>, exact: &[i64], scoring: &Scoring, larger_is_better: bool) -> Vec<u8> {
    match (scoring, values) {
        (Scoring::Quantile, Ranked::Exact) => quantile_scores_exact(exact, larger_is_better),
        (Scoring::Quantile, Ranked::Values(v)) if larger_is_better => quantile_scores(v),
        (Scoring::Quantile, Ranked::Values(v)) => {
            quantile_scores(&v.iter().map(|v| -v).collect::<Vec<_>>())
        }
        (Scoring::Fixed(t), _) => exact
            .iter()
            .map(|v| fixed_score(*v, t, larger_is_better))
            .collect(),
    }
}

/// What a metric is ranked by for quantile scores.
#[derive(Clone, Copy)]
enum Ranked<'a> {
    /// Its exact whole values (ranked as numbers, as they would be as `f64`: they are exactly so).
    Exact,
    /// These values.
    Values(&'a [f64]),
}

/// Whether every value is a whole number that `f64` holds exactly, so ranking them as integers ranks them as
/// the `f64` values do.
fn exact_in_f64(values: &[i64]) -> bool {
    const LIMIT: u64 = 1 << 53;
    values.iter().all(|v| v.unsigned_abs() <= LIMIT)
}

/// A segment's sums over its customers, in customer order.
#[derive(Default)]
struct SegmentSums {
    customers: u64,
    revenue: i64,
    recency: f64,
    frequency: f64,
    monetary: f64,
}

/// Computes RFM for the customers with valid orders before `as_of` (default: the day after the latest order).
pub fn rfm(ds: &Dataset, as_of: Option<Day>, params: &RfmParams) -> Rfm {
    let as_of = as_of.or_else(|| super::default_as_of(ds));
    let stats: Vec<CustomerStats> = as_of.map_or_else(Vec::new, |d| customer_stats(ds, d));
    let limit = as_of.unwrap_or(Day(0));
    let recency: Vec<i64> = stats
        .iter()
        .map(|c| i64::from(limit.0 - c.last_order.0))
        .collect();
    let frequency: Vec<i64> = stats.iter().map(|c| i64::from(c.orders)).collect();
    let monetary_exact: Vec<f64> = stats
        .iter()
        .map(|c| match params.monetary_basis {
            MonetaryBasis::Total => c.value_minor as f64,
            MonetaryBasis::Average => c.value_minor as f64 / f64::from(c.orders),
        })
        .collect();
    // A total stays exact; an average is rounded to the minor unit.
    let monetary: Vec<i64> = match params.monetary_basis {
        MonetaryBasis::Total => stats.iter().map(|c| c.value_minor).collect(),
        MonetaryBasis::Average => monetary_exact.iter().map(|m| m.round() as i64).collect(),
    };
    // Days and order counts are exact; a total is, below 2^53 minor units; an average is ranked as computed.
    let m_ranked = match params.monetary_basis {
        MonetaryBasis::Total if exact_in_f64(&monetary) => Ranked::Exact,
        _ => Ranked::Values(&monetary_exact),
    };
    let r = scores(Ranked::Exact, &recency, &params.recency, false);
    let f = scores(Ranked::Exact, &frequency, &params.frequency, true);
    let m = scores(m_ranked, &monetary, &params.monetary, true);

    let mut grid = [[0u64; 5]; 5];
    let mut sums: Vec<SegmentSums> = Segment::ALL
        .iter()
        .map(|_| SegmentSums::default())
        .collect();
    let mut total_revenue = 0i64;
    let customers: Vec<CustomerRfm> = stats
        .iter()
        .enumerate()
        .map(|(i, c)| {
            grid[r[i] as usize - 1][f[i] as usize - 1] += 1;
            let segment = Segment::of(r[i], f[i]);
            let s = &mut sums[segment as usize];
            s.customers += 1;
            s.revenue += c.value_minor;
            s.recency += recency[i] as f64;
            s.frequency += frequency[i] as f64;
            s.monetary += monetary_exact[i];
            total_revenue += c.value_minor;
            CustomerRfm {
                customer: c.customer,
                recency_days: recency[i],
                frequency: c.orders,
                monetary_minor: monetary[i],
                r_score: r[i],
                f_score: f[i],
                m_score: m[i],
                segment,
            }
        })
        .collect();
    let segments = Segment::ALL
        .iter()
        .map(|&segment| {
            let s = &sums[segment as usize];
            let mean = |sum: f64| (s.customers > 0).then(|| sum / s.customers as f64);
            SegmentRow {
                segment,
                customers: s.customers,
                revenue_minor: s.revenue,
                revenue_share: (total_revenue != 0)
                    .then(|| s.revenue as f64 / total_revenue as f64),
                mean_recency_days: mean(s.recency),
                mean_frequency: mean(s.frequency),
                mean_monetary_minor: mean(s.monetary),
            }
        })
        .collect();
    Rfm {
        as_of,
        params: params.clone(),
        customers,
        grid,
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grid_cell_has_the_documented_segment() {
        use Segment::*;
        // Rows R5..R1, columns F1..F5, as in docs/analyses.md, "RFM".
        let expected = [
            [
                New,
                PotentialLoyalists,
                PotentialLoyalists,
                Champions,
                Champions,
            ],
            [
                Promising,
                PotentialLoyalists,
                PotentialLoyalists,
                Loyal,
                Loyal,
            ],
            [AboutToSleep, AboutToSleep, NeedAttention, Loyal, Loyal],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
        ];
        for (row, r) in expected.iter().zip([5u8, 4, 3, 2, 1]) {
            for (segment, f) in row.iter().zip(1u8..=5) {
                assert_eq!(Segment::of(r, f), *segment, "R{r} F{f}");
            }
        }
    }

    /// Pseudo-random numbers below `n` (xorshift), the same for the same seed.
    fn numbers(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut state = seed;
        move |n| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        }
    }

    #[test]
    fn quantile_scores_by_selection_equal_the_formula_on_random_values() {
        // The formula computed directly: L by counting, for values with many ties and signed zeros.
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
        for case in 0..500 {
            let n = 1 + next(60) as usize;
            let spread = 1 + next(20);
            let values: Vec<f64> = (0..n)
                .map(|_| match next(10) {
                    0 => -0.0,
                    _ => next(spread) as f64 - (spread / 2) as f64,
                })
                .collect();
            let formula: Vec<u8> = values
                .iter()
                .map(|v| (1 + 5 * values.iter().filter(|x| *x < v).count() / n) as u8)
                .collect();
            assert_eq!(quantile_scores(&values), formula, "case {case}: {values:?}");
        }
    }

    #[test]
    fn quantile_scores_of_whole_numbers_counted_or_selected_equal_the_formula() {
        let mut next = numbers(0x2545_f491_4f6c_dd1d);
        for case in 0..2000 {
            let n = 1 + next(40) as usize;
            // Narrow spans are counted, wide ones (over 4·N) selected.
            let spread = 1 + next(if case % 2 == 0 { 8 } else { 100_000 }) as i64;
            let values: Vec<i64> = (0..n)
                .map(|_| next(spread as u64) as i64 - spread / 2)
                .collect();
            for larger_is_better in [true, false] {
                let better = |a: i64, b: i64| if larger_is_better { a > b } else { a < b };
                let formula: Vec<u8> = values
                    .iter()
                    .map(|&v| (1 + 5 * values.iter().filter(|&&x| better(v, x)).count() / n) as u8)
                    .collect();
                assert_eq!(
                    quantile_scores_exact(&values, larger_is_better),
                    formula,
                    "case {case}, larger is better: {larger_is_better}: {values:?}"
                );
            }
        }
        assert!(quantile_scores_exact(&[], true).is_empty());
    }

    #[test]
    fn segments_are_numbered_in_the_order_of_all() {
        for (i, s) in Segment::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
        }
    }

    #[test]
    fn quantile_scores_share_ties_and_follow_the_formula() {
        // N = 6; values 10,20,20,30,40,50: L = 0,1,1,3,4,5 → 1+floor(5L/6) = 1,1,1,3,4,5.
        assert_eq!(
            quantile_scores(&[20.0, 10.0, 50.0, 20.0, 40.0, 30.0]),
            [1, 1, 5, 1, 4, 3]
        );
        // All equal: everyone scores 1.
        assert_eq!(quantile_scores(&[7.0, 7.0, 7.0]), [1, 1, 1]);
        // One customer.
        assert_eq!(quantile_scores(&[3.0]), [1]);
    }

    #[test]
    fn fixed_scores_are_upper_inclusive() {
        let f = [1, 2, 3, 5];
        let got: Vec<u8> = [1, 2, 3, 4, 5, 6, 40]
            .iter()
            .map(|v| fixed_score(*v, &f, true))
            .collect();
        assert_eq!(got, [1, 2, 3, 4, 4, 5, 5]);
        let r = [30, 90, 180, 365];
        let got: Vec<u8> = [0, 30, 31, 90, 365, 366]
            .iter()
            .map(|v| fixed_score(*v, &r, false))
            .collect();
        assert_eq!(got, [5, 5, 4, 4, 2, 1]);
    }

    fn dataset() -> Dataset {
        let csv = "order_id,order_date,customer_id,order_total\n\
            1,2024-01-01,a,100\n2,2024-01-10,a,200\n3,2024-01-05,b,50\n\
            4,2024-01-10,c,500\n5,2024-01-10,c,100\n6,2024-01-02,d,300\n\
            7,2023-12-01,e,10\n8,2023-12-15,e,10\n9,2023-12-20,e,10\n10,2023-12-25,e,10\n11,2024-01-03,e,10\n12,2024-01-04,e,10\n";
        crate::ingest::ingest_files(Default::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset
    }

    /// key, R, F, M, r score, f score, m score, segment id
    type Row = (String, i64, u32, i64, u8, u8, u8, &'static str);

    fn by_key(ds: &Dataset, r: &Rfm) -> Vec<Row> {
        r.customers
            .iter()
            .map(|c| {
                let key = ds.customer_keys[c.customer as usize].to_string();
                (
                    key,
                    c.recency_days,
                    c.frequency,
                    c.monetary_minor,
                    c.r_score,
                    c.f_score,
                    c.m_score,
                    c.segment.id(),
                )
            })
            .collect()
    }

    #[test]
    fn a_small_shop_by_hand() {
        // As of 2024-01-11. R: a 1, b 6, c 1 (two orders on 01-10 are two orders), d 9, e 7.
        // R quantiles on −R (N = 5): d L0→1, e L1→2, b L2→3, a and c tie at L3→4.
        // F fixed: 2, 1, 2, 1, 6→5. M = 300, 50, 600, 300, 60 → b 1, e 2, a and d tie at L2→3, c L4→5.
        let ds = dataset();
        let r = rfm(&ds, None, &RfmParams::default());
        assert_eq!(r.as_of.unwrap().to_string(), "2024-01-11");
        assert_eq!(
            by_key(&ds, &r),
            [
                ("a".into(), 1, 2, 300, 4, 2, 3, "potential_loyalists"),
                ("b".into(), 6, 1, 50, 3, 1, 1, "about_to_sleep"),
                ("c".into(), 1, 2, 600, 4, 2, 5, "potential_loyalists"),
                ("d".into(), 9, 1, 300, 1, 1, 3, "hibernating"),
                ("e".into(), 7, 6, 60, 2, 5, 2, "cant_lose_them"),
            ]
        );
        assert_eq!(
            (r.grid[3][1], r.grid[2][0], r.grid[0][0], r.grid[1][4]),
            (2, 1, 1, 1)
        );
        assert_eq!(r.grid.iter().flatten().sum::<u64>(), 5);
        // Potential loyalists: a and c, revenue 900 of 1310, mean R 1, F 2, M 450.
        let pl = &r.segments[2];
        assert_eq!(
            (pl.segment, pl.customers, pl.revenue_minor),
            (Segment::PotentialLoyalists, 2, 900)
        );
        assert_eq!(pl.revenue_share, Some(900.0 / 1310.0));
        assert_eq!(
            (
                pl.mean_recency_days,
                pl.mean_frequency,
                pl.mean_monetary_minor
            ),
            (Some(1.0), Some(2.0), Some(450.0))
        );
        assert_eq!(r.segments[0].mean_frequency, None, "no champions");
    }

    #[test]
    fn an_as_of_date_before_the_last_orders_rescores_without_them() {
        // As of 2024-01-10: c has no order yet; a has one (R 9), b R 5, d R 8, e all six (R 6, F 6 → 5).
        // −R sorted: a, d, e, b → 1 + floor(5·L/4) = 1, 2, 3, 4.
        let ds = dataset();
        let r = rfm(
            &ds,
            Some("2024-01-10".parse().unwrap()),
            &RfmParams::default(),
        );
        let got: Vec<(String, u8, u8, &str)> = by_key(&ds, &r)
            .into_iter()
            .map(|c| (c.0, c.4, c.5, c.7))
            .collect();
        assert_eq!(
            got,
            [
                ("a".into(), 1, 1, "hibernating"),
                ("b".into(), 4, 1, "promising"),
                ("d".into(), 2, 1, "hibernating"),
                ("e".into(), 3, 5, "loyal"),
            ]
        );
    }

    #[test]
    fn average_monetary_and_fixed_recency() {
        // M on the average: a 150, b 50, c 300, d 300, e 10 → e 1, b 2, a 3, c and d tie at L3→4.
        // R fixed at 1,3,7,30 days: a 1→5, b 6→3, c 1→5, d 9→2, e 7→3.
        let ds = dataset();
        let params = RfmParams {
            recency: Scoring::Fixed([1, 3, 7, 30]),
            monetary_basis: MonetaryBasis::Average,
            ..RfmParams::default()
        };
        let got: Vec<(i64, u8, u8)> = by_key(&ds, &rfm(&ds, None, &params))
            .into_iter()
            .map(|c| (c.3, c.4, c.6))
            .collect();
        assert_eq!(
            got,
            [
                (150, 5, 3),
                (50, 3, 2),
                (300, 5, 4),
                (300, 2, 4),
                (10, 3, 1)
            ]
        );
    }

    #[test]
    fn no_customers_no_scores() {
        let ds = crate::ingest::ingest_files(
            Default::default(),
            [(
                "t.csv",
                "order_id,order_date,customer_id,order_total\n".as_bytes(),
            )],
        )
        .unwrap()
        .dataset;
        let r = rfm(&ds, None, &RfmParams::default());
        assert!(r.customers.is_empty() && r.as_of.is_none());
        assert!(r
            .segments
            .iter()
            .all(|s| s.customers == 0 && s.revenue_share.is_none()));
    }
}
