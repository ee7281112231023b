//! Reports: the serialisable results the CLI prints as JSON and the page renders.

use serde::Serialize;

use crate::analysis::summary::{summarize, Summary};
use crate::date::Day;
use crate::ingest::keys::KeyNotes;
use crate::ingest::{FileReport, Ingested, OrderNotes, Reject, StatusTally};

/// How many rejects a report lists; all are counted, and all kept ones are in [`crate::ingest::Quality::rejects_csv`].
pub const REJECTS_SHOWN: usize = 100;

/// The summary together with the data-quality report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryReport {
    /// The summary's figures, at the top level of the serialised report.
    #[serde(flatten)]
    pub summary: Summary,
    /// Data rows read, header rows not counted.
    pub rows_read: u64,
    /// Rows that could not be used (each in `rejects`, up to the limit).
    pub rows_rejected: u64,
    /// Orders rejected as a whole (no date, no total, a bad amount or another currency).
    pub orders_rejected: u64,
    /// Cancelled or returned orders, excluded from every analysis.
    pub cancelled_orders: u64,
    /// Orders that never completed (EC-CUBE 購入処理中/決済処理中), excluded.
    pub incomplete_orders: u64,
    /// Orders of a status the user leaves out.
    pub excluded_orders: u64,
    /// Orders found again in a later file, counted once.
    pub duplicate_orders: u64,
    /// Valid orders without any customer key, excluded from customer analyses.
    pub orders_without_customer: u64,
    /// Their total value in minor units.
    pub revenue_without_customer_minor: i64,
    /// What happened to each file, in the order read.
    pub files: Vec<FileReport>,
    /// The first [`REJECTS_SHOWN`] rejects.
    pub rejects: Vec<Reject>,
    /// What was done to customer keys (placeholders, normalised keys, customers linked into one).
    pub keys: KeyNotes,
    /// The same in words.
    pub key_notes: Vec<String>,
    /// What was done to orders (ids reused by different orders, rows that disagree, refunds netted) and
    /// their amounts (floating-point noise rounded away).
    pub order_checks: OrderNotes,
    /// The same in words.
    pub order_notes: Vec<String>,
    /// The statuses seen, what each made of its orders, and on how many rows.
    pub statuses: StatusTally,
}

impl SummaryReport {
    /// Builds the report for ingested data as of a date (default: the day after the latest order).
    pub fn new(data: &Ingested, as_of: Option<Day>) -> SummaryReport {
        let q = &data.quality;
        SummaryReport {
            summary: summarize(&data.dataset, as_of),
            rows_read: q.rows_read,
            rows_rejected: q.rows_rejected,
            orders_rejected: q.orders_rejected,
            cancelled_orders: q.cancelled_orders,
            incomplete_orders: q.incomplete_orders,
            excluded_orders: q.excluded_orders,
            duplicate_orders: q.duplicate_orders,
            orders_without_customer: q.orders_without_customer,
            revenue_without_customer_minor: q.revenue_without_customer_minor,
            files: q.files.clone(),
            rejects: q.rejects.iter().take(REJECTS_SHOWN).cloned().collect(),
            keys: q.keys.clone(),
            key_notes: q.keys.notes(),
            order_checks: q.order_checks.clone(),
            order_notes: q
                .order_checks
                .notes(&data.dataset.currency)
                .into_iter()
                .chain(q.rounded_amounts.note())
                .collect(),
            statuses: q.statuses.clone(),
        }
    }
}

pub use crate::money::format_money;

#[cfg(test)]
mod tests {
    use super::format_money;

    #[test]
    fn formats_money_per_currency() {
        assert_eq!(format_money(1_234_567, "JPY", 0), "¥1,234,567");
        assert_eq!(format_money(123_450, "USD", 2), "$1,234.50");
        assert_eq!(format_money(-5, "USD", 2), "-$0.05");
        assert_eq!(format_money(1_234_500, "KWD", 3), "1,234.500 KWD");
        assert_eq!(format_money(0, "JPY", 0), "¥0");
    }
}
