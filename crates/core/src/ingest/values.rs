//! Orders given as values instead of CSV text: a host page's own data (the JS API's array of order objects).
//!
//! Each order is written into the canonical record of the generic preset (one record per product line, the
//! order's fields on each) and read by the same row reader as a CSV file, so a value is accepted or rejected
//! exactly as the same text in a generic CSV cell would be, and the orders go into the same order book
//! (re-exported orders, currencies, cancellations and the order-level checks included).
//!
//! One entry is one row of the data-quality report: an entry that cannot be used is a counted [`Reject`](super::Reject)
//! whose `line` is its 0-based index in the list, and none of its lines is kept.

use std::borrow::Cow;

use super::error::{IngestError, IngestErrorKind};
use super::field::Field;
use super::file_note::FileNote;
use super::ingestor::Ingestor;
use super::keys::KeyNotes;
use super::mapping::{self, Mapping};
use super::orders::{Added, OrderBook};
use super::presets::{PresetChoice, PresetId};
use super::quality::{FileReport, Quality};
use super::records::Record;
use super::reject_reason::RejectReason;
use super::row::RowValues;
use super::statuses::StatusTally;
use super::typed_row::{read_row, RowMemo};
use crate::amount::RoundedAmounts;

/// One order as values. Every text is read as the same cell of a generic CSV file would be (dates in any
/// form the CSV reader accepts, amounts as decimal text, keys normalised); an empty text is an absent value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderValues {
    /// Required: entries with the same id are lines of one order.
    pub order_id: String,
    /// Required: a date or date-time as text.
    pub order_date: String,
    /// The shop's member id: the first customer key.
    pub customer_id: String,
    /// The e-mail address: a key when there is no member id.
    pub email: String,
    /// The phone number: a key when there is neither member id nor e-mail.
    pub phone: String,
    /// The order's total; without it, the sum of the lines' price × quantity.
    pub total: String,
    /// Amount refunded, subtracted from the total.
    pub refunded: String,
    /// A status; cancellation words (cancel, キャンセル, 返品, …) exclude the order.
    pub status: String,
    /// Whether the order was cancelled (excluded from every analysis).
    pub cancelled: bool,
    /// ISO 4217 code; empty for the analysis currency.
    pub currency: String,
    /// Where the order came from (a sales channel or ad source); empty for none.
    pub channel: String,
    /// The discount or coupon code used; empty for none.
    pub coupon: String,
    /// The order's products, one line each (none is allowed when the total is given).
    pub lines: Vec<LineValues>,
}

/// One product line of an order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineValues {
    /// The product's id or code.
    pub product_id: String,
    /// The product's name.
    pub product_name: String,
    /// A whole number; empty for 1.
    pub quantity: String,
    /// Unit price, as decimal text.
    pub price: String,
    /// Whether the line is a subscription (定期) delivery.
    pub subscription: bool,
}

impl OrderValues {
    /// The canonical records of the order, as cell texts in [`Field::ALL`] order: one per line, or one
    /// without product cells for an order without lines.
    fn records(&self) -> Vec<[&str; Field::ALL.len()]> {
        if self.lines.is_empty() {
            vec![self.record(None)]
        } else {
            self.lines.iter().map(|l| self.record(Some(l))).collect()
        }
    }

    fn record<'a>(&'a self, line: Option<&'a LineValues>) -> [&'a str; Field::ALL.len()] {
        let flag = |b: bool| if b { "1" } else { "" };
        [
            &self.order_id,
            &self.order_date,
            &self.customer_id,
            &self.email,
            &self.phone,
            &self.total,
            &self.refunded,
            &self.status,
            flag(self.cancelled),
            line.map_or("", |l| &l.product_id),
            line.map_or("", |l| &l.product_name),
            line.map_or("", |l| &l.quantity),
            line.map_or("", |l| &l.price),
            flag(line.is_some_and(|l| l.subscription)),
            &self.currency,
            // Orders given as values carry no names.
            "",
            "",
            "",
            &self.channel,
            &self.coupon,
        ]
    }
}

/// The generic preset over columns named after the canonical fields, in [`Field::ALL`] order.
fn canonical_mapping() -> Result<Mapping, IngestErrorKind> {
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
    mapping::resolve(&names, PresetChoice::Named(PresetId::Generic), &[])
        .map_err(IngestErrorKind::Mapping)
}

/// Reads every record of one order, or says why the first unreadable one is.
fn read_order<'r>(
    mapping: &Mapping,
    records: &[Record<'r>],
    notes: &mut KeyNotes,
    statuses: &mut StatusTally,
    rounded: &mut RoundedAmounts,
) -> Result<Vec<RowValues<Cow<'r, str>>>, RejectReason> {
    let mut memo = RowMemo::default();
    let rows = records
        .iter()
        .map(|r| read_row(mapping, r, &mut memo, notes, statuses, rounded))
        .collect();
    memo.count_statuses(statuses);
    rows
}

impl Ingestor {
    /// Adds orders given as values, as one more source named `name` (a file still open is ended first).
    /// Each entry is a row of the data-quality report: an entry the caller could not read (`Err` with the
    /// reason, one of the entry kinds such as [`RejectReason::NotAnOrder`]) or whose values do not validate is
    /// a counted reject whose `line` is its 0-based index.
    pub fn add_orders(
        &mut self,
        name: &str,
        orders: impl IntoIterator<Item = Result<OrderValues, RejectReason>>,
    ) -> Result<&FileReport, IngestError> {
        let mut mapping = canonical_mapping().map_err(|kind| IngestError {
            file: name.to_string(),
            kind,
        })?;
        mapping.statuses = self.options.statuses.clone();
        mapping.chosen_currency.clone_from(&self.options.currency);
        mapping.date_order = self.options.date_order;
        let file = self.open_source(name)?;
        self.quality.files[file as usize]
            .notes
            .push(FileNote::Values);
        self.book.set_file_currency(
            file,
            self.options.currency.as_deref(),
            mapping.implied_currency(),
        );
        let at = file as usize;
        for (index, entry) in orders.into_iter().enumerate() {
            let index = index as u64;
            self.quality.row_read(file);
            let order = match entry {
                Ok(order) => order,
                Err(reason) => {
                    self.quality.reject_row(file, index, reason);
                    continue;
                }
            };
            let cells = order.records();
            let texts: Vec<(String, Vec<usize>)> = cells.iter().map(|c| joined(c)).collect();
            let records: Vec<Record<'_>> = texts
                .iter()
                .map(|(text, ends)| Record::from_parts(index, text, ends))
                .collect();
            let quality = &mut self.quality;
            let (keys, statuses, rounded) = (
                &mut quality.keys,
                &mut quality.statuses,
                &mut quality.rounded_amounts,
            );
            match read_order(&mapping, &records, keys, statuses, rounded) {
                Ok(rows) => add_rows(&mut self.book, &mut self.quality, file, index, rows),
                Err(reason) => self.quality.reject_row(file, index, reason),
            }
        }
        if self.quality.files[at].rows_read == 0 {
            self.quality.files[at].notes.push(FileNote::EmptyList);
        }
        Ok(&self.quality.files[at])
    }
}

/// The cells as one text and the end offset of each.
fn joined(cells: &[&str]) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(cells.iter().map(|c| c.len()).sum());
    let mut ends = Vec::with_capacity(cells.len());
    for cell in cells {
        text.push_str(cell);
        ends.push(text.len());
    }
    (text, ends)
}

/// Adds one entry's accepted rows to the book; an entry whose order was read from an earlier source is
/// counted as duplicate once.
fn add_rows(
    book: &mut OrderBook,
    quality: &mut Quality,
    file: u16,
    index: u64,
    rows: Vec<RowValues<Cow<'_, str>>>,
) {
    let mut duplicate = false;
    for row in rows {
        if let Added::Duplicate { first_row_in_file } = book.add_row(file, index, row) {
            duplicate = true;
            quality.duplicate_orders += u64::from(first_row_in_file);
        }
    }
    if duplicate {
        quality.files[file as usize].duplicate_rows += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::summary::summarize;
    use crate::ingest::{ingest_files, IngestOptions};

    fn order(id: &str, date: &str, email: &str, total: &str) -> OrderValues {
        OrderValues {
            order_id: id.into(),
            order_date: date.into(),
            email: email.into(),
            total: total.into(),
            ..Default::default()
        }
    }

    fn line(id: &str, quantity: &str, price: &str) -> LineValues {
        LineValues {
            product_id: id.into(),
            product_name: format!("Product {id}"),
            quantity: quantity.into(),
            price: price.into(),
            subscription: false,
        }
    }

    #[test]
    fn values_give_the_same_dataset_as_the_same_generic_csv() {
        let csv =
            "order_id,order_date,email,order_total,product_id,product_name,quantity,line_price\n\
                   1,2024-01-05,A@Example.jp,1200,p1,Product p1,2,500\n\
                   1,2024-01-05,A@Example.jp,1200,p2,Product p2,1,200\n\
                   2,2024-02-01 10:00:00,a@example.jp,800,p2,Product p2,4,200\n\
                   3,2024-02-03,b@example.jp,99,,,,\n";
        let from_csv = ingest_files(IngestOptions::default(), [("o.csv", csv.as_bytes())]).unwrap();
        let mut first = order("1", "2024-01-05", "A@Example.jp", "1200");
        first.lines = vec![line("p1", "2", "500"), line("p2", "1", "200")];
        let mut second = order("2", "2024-02-01 10:00:00", "a@example.jp", "800");
        second.lines = vec![line("p2", "4", "200")];
        let third = order("3", "2024-02-03", "b@example.jp", "99");
        let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
        let report = ingestor
            .add_orders("orders", [Ok(first), Ok(second), Ok(third)])
            .unwrap();
        assert_eq!((report.rows_read, report.rows_rejected), (3, 0));
        let from_values = ingestor.finish().unwrap();
        assert_eq!(from_values.dataset, from_csv.dataset);
        let s = summarize(&from_values.dataset, None);
        assert_eq!((s.customers, s.orders, s.revenue_minor), (2, 3, 2099));
    }

    #[test]
    fn bad_entries_are_counted_rejects_at_their_index_and_nothing_of_them_is_kept() {
        let mut bad_quantity = order("4", "2024-01-09", "c@x.jp", "100");
        bad_quantity.lines = vec![line("p1", "1", "100"), line("p2", "2.5", "10")];
        let entries = vec![
            Ok(order("1", "2024-01-05", "a@x.jp", "1000")),
            Ok(order("2", "5 January", "a@x.jp", "1000")),
            Ok(order("", "2024-01-06", "b@x.jp", "1000")),
            Err(RejectReason::NotAnOrder {
                found: "string".into(),
            }),
            Ok(bad_quantity),
            Ok(order("5", "2024-01-07", "b@x.jp", "12abc")),
            Ok(order("6", "", "b@x.jp", "300")),
            Ok(OrderValues {
                cancelled: true,
                ..order("7", "2024-01-08", "b@x.jp", "500")
            }),
            Ok(order("8", "2024-01-08", "", "700")),
        ];
        let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
        ingestor.add_orders("host", entries).unwrap();
        let data = ingestor.finish().unwrap();
        let q = &data.quality;
        assert_eq!((q.rows_read, q.rows_rejected), (9, 5));
        let at: Vec<(u64, Option<&str>)> = q
            .rejects
            .iter()
            .map(|r| (r.line, r.field.map(Field::name)))
            .collect();
        assert_eq!(
            at,
            vec![
                (1, Some("order_date")),
                (2, Some("order_id")),
                (3, None),
                (4, Some("quantity")),
                (5, Some("order_total")),
                // Rejected as an order when the dataset is built: no date in any of its rows.
                (6, Some("order_date")),
            ]
        );
        assert!(q.rejects.iter().all(|r| r.file == "host"));
        assert_eq!(
            q.rejects[2].reason.to_string(),
            "the entry is not an order object (string)"
        );
        assert_eq!(
            (
                q.orders_rejected,
                q.cancelled_orders,
                q.orders_without_customer
            ),
            (1, 1, 1)
        );
        let s = summarize(&data.dataset, None);
        assert_eq!((s.customers, s.orders, s.revenue_minor), (1, 1, 1000));
    }

    #[test]
    fn an_order_from_an_earlier_file_is_a_duplicate_and_currencies_are_checked() {
        let csv = "order_id,order_date,email,order_total\n1,2024-01-05,a@x.jp,1000\n";
        let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
        ingestor.begin_file("a.csv").unwrap();
        ingestor.push(csv.as_bytes()).unwrap();
        let usd = OrderValues {
            currency: "USD".into(),
            ..order("9", "2024-01-06", "b@x.jp", "10.25")
        };
        let report = ingestor
            .add_orders(
                "host",
                [Ok(order("1", "2024-01-05", "a@x.jp", "1000")), Ok(usd)],
            )
            .unwrap();
        assert_eq!(report.duplicate_rows, 1);
        let err = match ingestor.finish() {
            Err(e) => e,
            Ok(_) => panic!("JPY and USD orders without a chosen currency"),
        };
        assert!(
            matches!(err.kind, IngestErrorKind::MixedCurrencies(_)),
            "{err}"
        );
    }

    #[test]
    fn orders_without_a_total_are_valued_by_their_lines() {
        let mut o = order("1", "2024-03-01", "a@x.jp", "");
        o.lines = vec![line("p1", "3", "1.50"), line("p2", "", "2")];
        let options = IngestOptions {
            currency: Some("USD".into()),
            ..Default::default()
        };
        let mut ingestor = Ingestor::new(options).unwrap();
        ingestor.add_orders("host", [Ok(o)]).unwrap();
        let data = ingestor.finish().unwrap();
        assert_eq!(data.dataset.orders.value, vec![650]);
        assert_eq!(data.dataset.lines.quantity, vec![3, 1]);
    }
}
