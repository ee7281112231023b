//! Segment migration (効果推移, docs/analyses.md, "Segment migration"): where the customers of each RFM segment
//! (or CPM group) at one date stand at a later date, and what they spent in between.
//!
//! Each side is the RFM (or CPM) analysis as of its date, exactly as `kokyaku rfm --as-of DATE` computes it;
//! this module only lines the two up.

use serde::{Deserialize, Serialize};

use super::cpm::{cpm, CpmGroup, CpmParams};
use super::rfm::{rfm, RfmParams, Segment};
use crate::date::Day;
use crate::model::Dataset;
use crate::words::Words;

/// The state of a customer who had no order before the earlier date.
pub const NONE: &str = "none";

/// What the customers are grouped by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MigrationBy {
    /// The ten RFM segments.
    #[default]
    Rfm,
    /// The ten CPM groups.
    Cpm,
}

impl std::str::FromStr for MigrationBy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "rfm" => Ok(MigrationBy::Rfm),
            "cpm" => Ok(MigrationBy::Cpm),
            other => Err(format!("'{other}': use rfm or cpm")),
        }
    }
}

/// The parameters of [`migration`]: the grouping, and the parameters of the analysis it uses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MigrationParams {
    /// RFM segments or CPM groups.
    pub by: MigrationBy,
    /// The RFM analysis's parameters, when `by` is RFM.
    pub rfm: RfmParams,
    /// The CPM analysis's parameters, when `by` is CPM.
    pub cpm: CpmParams,
}

/// The customers that moved from one segment to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MigrationRow {
    /// The segment (or group) id at the earlier date, [`NONE`] without an order before it.
    pub from: &'static str,
    /// The segment (or group) id at the later date.
    pub to: &'static str,
    /// Customers.
    pub customers: u64,
    /// Their orders' value dated from the earlier date up to the day before the later one, in minor units.
    pub revenue_between_minor: i64,
}

/// Segment migration between two dates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Migration {
    /// The earlier as-of date.
    pub from: Day,
    /// The later as-of date.
    pub to: Day,
    /// The parameters used.
    pub params: MigrationParams,
    /// Customers with an order before `to` (each in one row).
    pub customers: u64,
    /// One row per pair of segments with customers, by the earlier segment (best first, [`NONE`] last), then
    /// the later one.
    pub rows: Vec<MigrationRow>,
}

/// Why a migration cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrationError {
    /// The earlier date is not before the later one.
    DatesOutOfOrder {
        /// The earlier date given.
        from: Day,
        /// The later date given.
        to: Day,
    },
    /// The revenue of one row does not fit in 64 bits.
    RevenueTooLarge,
}

impl std::fmt::Display for MigrationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MigrationError::DatesOutOfOrder { from, to } => {
                write!(f, "the date to compare from ({from}) must be before the date to compare to ({to})")
            }
            MigrationError::RevenueTooLarge => {
                f.write_str("the revenue between the dates is too large to hold in 64 bits")
            }
        }
    }
}

impl std::error::Error for MigrationError {}

impl Words for MigrationError {
    fn ja(&self) -> String {
        match self {
            MigrationError::DatesOutOfOrder { from, to } => {
                format!("比較の起点の日付（{from}）は、比較先の日付（{to}）より前にしてください")
            }
            MigrationError::RevenueTooLarge => {
                "期間中の売上が大きすぎて、64ビットに収まりません".into()
            }
        }
    }
}

/// The customers' segments as of `from` and as of `to`, counted by pair, with their revenue in between.
pub fn migration(
    ds: &Dataset,
    from: Day,
    to: Day,
    params: &MigrationParams,
) -> Result<Migration, MigrationError> {
    if from >= to {
        return Err(MigrationError::DatesOutOfOrder { from, to });
    }
    let (before, after) = (states(ds, from, params), states(ds, to, params));
    let order = order_of_states(params.by);
    let position = |id: &str| order.iter().position(|s| *s == id).unwrap_or(order.len());
    // Per (from, to) position: customers and revenue, wide so that no sum wraps.
    let width = order.len() + 1;
    let mut cells = vec![(0u64, 0i128); width * width];
    let mut customers = 0;
    for (c, to_state) in after.iter().enumerate() {
        let Some(to_state) = to_state else { continue };
        customers += 1;
        let from_state = before[c].unwrap_or(NONE);
        let cell = &mut cells[position(from_state) * width + position(to_state)];
        cell.0 += 1;
        cell.1 += ds
            .customer_orders(c as u32)
            .filter(|&o| (from..to).contains(&ds.orders.date[o]))
            .map(|o| i128::from(ds.orders.value[o]))
            .sum::<i128>();
    }
    let name = |i: usize| order.get(i).copied().unwrap_or(NONE);
    let mut rows = Vec::new();
    for (i, (n, revenue)) in cells.into_iter().enumerate() {
        if n > 0 {
            rows.push(MigrationRow {
                from: name(i / width),
                to: name(i % width),
                customers: n,
                revenue_between_minor: i64::try_from(revenue)
                    .map_err(|_| MigrationError::RevenueTooLarge)?,
            });
        }
    }
    Ok(Migration {
        from,
        to,
        params: params.clone(),
        customers,
        rows,
    })
}

/// Each customer's segment (or group) id as of `as_of`, `None` without an order before it.
fn states(ds: &Dataset, as_of: Day, params: &MigrationParams) -> Vec<Option<&'static str>> {
    let mut states = vec![None; ds.customer_count()];
    match params.by {
        MigrationBy::Rfm => {
            for c in rfm(ds, Some(as_of), &params.rfm).customers {
                states[c.customer as usize] = Some(c.segment.id());
            }
        }
        MigrationBy::Cpm => {
            for c in cpm(ds, Some(as_of), &params.cpm).customers {
                states[c.customer as usize] = Some(c.group.id());
            }
        }
    }
    states
}

/// The names of a state for people, in Japanese and in English: the segment's or group's names, 未購入 / No
/// order yet for [`NONE`], and the id itself for an id that is neither.
pub fn state_names(id: &'static str) -> (&'static str, &'static str) {
    Segment::ALL
        .into_iter()
        .find(|s| s.id() == id)
        .map(Segment::names)
        .or_else(|| CpmGroup::from_id(id).map(CpmGroup::names))
        .unwrap_or(match id {
            NONE => ("未購入", "No order yet"),
            _ => (id, id),
        })
}

/// The segment (or group) ids in the order rows are listed, best first ([`NONE`] comes after them).
pub fn order_of_states(by: MigrationBy) -> Vec<&'static str> {
    match by {
        MigrationBy::Rfm => Segment::ALL.iter().map(|s| s.id()).collect(),
        MigrationBy::Cpm => CpmGroup::ALL.iter().map(|g| g.id()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_files, IngestOptions};

    /// a: 2024-01-10 ¥1,000, 2024-03-05 ¥2,000; b: 2024-02-20 ¥500; c: 2023-12-01 ¥300, 2024-01-15 ¥400,
    /// 2024-04-01 ¥700.
    fn data() -> Dataset {
        let csv = "order_id,order_date,email,order_total\n\
                   1,2024-01-10,a@x.jp,1000\n2,2024-03-05,a@x.jp,2000\n\
                   3,2024-02-20,b@x.jp,500\n\
                   4,2023-12-01,c@x.jp,300\n5,2024-01-15,c@x.jp,400\n6,2024-04-01,c@x.jp,700\n";
        ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset
    }

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn rfm_segments_at_two_dates_by_hand() {
        // As of 2024-02-01: a (recency 22, 1 order) R1 F1 hibernating; c (17, 2) R3 F2 about to sleep.
        // As of 2024-04-15: b (55, 1) R1 F1 and a (41, 2) R2 F2 hibernating; c (14, 3) R4 F3 potential loyalist.
        let m = migration(
            &data(),
            day("2024-02-01"),
            day("2024-04-15"),
            &MigrationParams::default(),
        )
        .unwrap();
        let rows: Vec<_> = m
            .rows
            .iter()
            .map(|r| (r.from, r.to, r.customers, r.revenue_between_minor))
            .collect();
        assert_eq!(
            rows,
            [
                ("about_to_sleep", "potential_loyalists", 1, 700),
                ("hibernating", "hibernating", 1, 2000),
                ("none", "hibernating", 1, 500),
            ]
        );
        assert_eq!(m.customers, 3);
    }

    #[test]
    fn cpm_groups_and_the_order_of_the_dates() {
        let params = MigrationParams {
            by: MigrationBy::Cpm,
            ..MigrationParams::default()
        };
        // As of 2024-02-01 a is a first-timer and c a beginner (tenure 45 days). As of 2024-04-15 a is a
        // beginner (tenure 55), c steady (tenure 122 ≥ 90, value below the threshold) and b a first-timer.
        let m = migration(&data(), day("2024-02-01"), day("2024-04-15"), &params).unwrap();
        let rows: Vec<_> = m.rows.iter().map(|r| (r.from, r.to, r.customers)).collect();
        assert_eq!(
            rows,
            [
                ("first_active", "beginner_active", 1),
                ("beginner_active", "steady_active", 1),
                ("none", "first_active", 1),
            ]
        );
        assert_eq!(
            migration(&data(), day("2024-04-15"), day("2024-04-15"), &params).unwrap_err(),
            MigrationError::DatesOutOfOrder {
                from: day("2024-04-15"),
                to: day("2024-04-15")
            }
        );
        let e = MigrationError::DatesOutOfOrder {
            from: day("2024-04-15"),
            to: day("2024-04-01"),
        };
        assert_eq!(
            e.ja(),
            "比較の起点の日付（2024-04-15）は、比較先の日付（2024-04-01）より前にしてください"
        );
        assert_eq!(
            MigrationError::RevenueTooLarge.ja(),
            "期間中の売上が大きすぎて、64ビットに収まりません"
        );
        assert_eq!("cpm".parse(), Ok(MigrationBy::Cpm));
        assert!("rf".parse::<MigrationBy>().is_err());
    }
}
