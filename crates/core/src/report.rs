//! Reports: the serialisable results the CLI prints as JSON and the page renders.

use serde::Serialize;

use crate::analysis::summary::{summarize, Summary};
use crate::date::Day;
use crate::ingest::keys::KeyNotes;
use crate::ingest::notes_ja;
use crate::ingest::{FileReport, Ingested, OrderNotes, Reject, StatusTally};
use crate::model::Dataset;
use crate::words::Words;

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
    /// The same in Japanese.
    pub key_notes_ja: Vec<String>,
    /// What was done to orders (ids reused by different orders, rows that disagree, refunds netted) and
    /// their amounts (floating-point noise rounded away).
    pub order_checks: OrderNotes,
    /// The same in words.
    pub order_notes: Vec<String>,
    /// The same in Japanese.
    pub order_notes_ja: Vec<String>,
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
            key_notes_ja: notes_ja::key_notes(&q.keys),
            order_checks: q.order_checks.clone(),
            order_notes: q
                .order_checks
                .notes(&data.dataset.currency)
                .into_iter()
                .chain(q.rounded_amounts.note())
                .collect(),
            order_notes_ja: notes_ja::order_notes(&q.order_checks, &data.dataset.currency)
                .into_iter()
                .chain(notes_ja::rounded_note(&q.rounded_amounts))
                .collect(),
            statuses: q.statuses.clone(),
        }
    }
}

/// Valid orders dated in the future: after tomorrow (the latest day that can be today anywhere, given
/// today in the front end's calendar). They are kept, but the default as-of date follows the latest order, so
/// a typo in a year moves every analysis: the CLI and the page point them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FutureOrders {
    /// How many.
    pub orders: usize,
    /// The latest of their dates.
    pub latest: Day,
    /// They are dated after this day (tomorrow).
    pub after: Day,
}

impl FutureOrders {
    /// The valid orders of `ds` dated after the day after `today`, if there are any.
    pub fn find(ds: &Dataset, today: Day) -> Option<FutureOrders> {
        let after = today.next();
        match ds.orders_after(after) {
            (0, _) | (_, None) => None,
            (orders, Some(latest)) => Some(FutureOrders {
                orders,
                latest,
                after,
            }),
        }
    }
}

impl std::fmt::Display for FutureOrders {
    /// `2 orders are dated in the future (after 2026-11-26), the latest on 2098-04-01; the default as-of date
    /// follows the latest order`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} order{} dated in the future (after {}), the latest on {}; the default as-of date follows the latest order",
            self.orders,
            if self.orders == 1 { " is" } else { "s are" },
            self.after,
            self.latest
        )
    }
}

impl Words for FutureOrders {
    /// `2件の注文の日付が未来（2026-11-26より後）で、最も遅いのは2098-04-01です。…`.
    fn ja(&self) -> String {
        format!(
            "{}件の注文の日付が未来（{}より後）で、最も遅いのは{}です。既定の基準日は最も遅い注文に合わせます",
            self.orders, self.after, self.latest
        )
    }
}

pub use crate::money::format_money;

#[cfg(test)]
mod tests {
    use super::{format_money, FutureOrders};
    use crate::ingest::ingest_files;

    #[test]
    fn orders_after_tomorrow_are_in_the_future() {
        let csv = "order_id,order_date,email,order_total\n1,2026-11-26,a@x,1\n2,2026-11-27,b@x,1\n3,2098-04-01,a@x,1\n";
        let ds = ingest_files(Default::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset;
        let note = FutureOrders::find(&ds, "2026-11-25".parse().unwrap()).unwrap();
        assert_eq!(
            note.to_string(),
            "2 orders are dated in the future (after 2026-11-26), the latest on 2098-04-01; the default as-of date \
             follows the latest order"
        );
        assert_eq!(FutureOrders::find(&ds, "2098-03-31".parse().unwrap()), None);
        let one = FutureOrders::find(&ds, "2098-03-30".parse().unwrap()).unwrap();
        assert!(one
            .to_string()
            .starts_with("1 order is dated in the future (after 2098-03-31)"));
    }

    #[test]
    fn formats_money_per_currency() {
        assert_eq!(format_money(1_234_567, "JPY", 0), "¥1,234,567");
        assert_eq!(format_money(123_450, "USD", 2), "$1,234.50");
        assert_eq!(format_money(-5, "USD", 2), "-$0.05");
        assert_eq!(format_money(1_234_500, "KWD", 3), "1,234.500 KWD");
        assert_eq!(format_money(0, "JPY", 0), "¥0");
    }
}
