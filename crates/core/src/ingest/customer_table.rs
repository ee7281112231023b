//! [`CustomerTableReader`]: customers tables (one row per customer, the aggregation a data warehouse does for
//! a chain or a platform too big for one machine's order exports) read into a [`Dataset`] of
//! [`CustomerFacts`], from CSV bytes or from [`CellRows`] (Parquet). Each row is checked on its own; a row that
//! cannot be used is a counted reject with its line and reason, as an order export's row is.

use super::cells::{CellRows, CellSink};
use super::customer_columns::{CustomerColumn, CustomerColumns};
use super::decode::{decode_prefix, EncodingChoice, StreamDecoder};
use super::error::{IngestError, IngestErrorKind};
use super::file_note::FileNote;
use super::ingestor::{chosen_currency, Ingested};
use super::keys::{email_key, member_key, phone_key};
use super::options::{DateOrder, IngestOptions};
use super::orders::Interner;
use super::parse::read_order_date;
use super::quality::Quality;
use super::records::{Record, RecordSplitter};
use super::reject_reason::{CustomerValue, FiguresProblem, RejectReason};
use super::shape::most_used;
use crate::amount::parse_amount;
use crate::model::{Contacts, CustomerFacts, Dataset, Product, NO_PRODUCT};
use crate::money::Currency;
use crate::texts::Texts;

/// Whether a file that starts with `start` (its first bytes, the whole file when `complete`) is a CSV
/// customers table: its first line that is not blank names every required column.
pub fn starts_customer_table(start: &[u8], complete: bool, choice: EncodingChoice) -> bool {
    let Ok((_, text)) = decode_prefix(start, complete, choice) else {
        return false;
    };
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let mut header: Vec<String> = Vec::new();
    let mut splitter = RecordSplitter::starting_at(1, most_used(first));
    let _ = splitter.feed::<super::error::SplitError>(first, true, |r| {
        header = r.iter().map(str::to_string).collect();
        Ok(())
    });
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    super::customer_columns::is_customer_header(&header)
}

/// Reads customers tables, file by file, into one dataset.
pub struct CustomerTableReader {
    currency: Currency,
    options: IngestOptions,
    quality: Quality,
    file: Option<OpenFile>,
    table: FactsTable,
    /// Whether every file so far had the `order_days` and the `first_day_revenue` column.
    all_have: (bool, bool),
}

/// The file being read.
struct OpenFile {
    index: u16,
    decoder: StreamDecoder,
    /// Decoded text before the header row's end, until the separator is known.
    head: String,
    splitter: Option<RecordSplitter>,
    text: String,
    columns: Option<CustomerColumns>,
}

/// The customers read so far, by customer id.
#[derive(Default)]
struct FactsTable {
    /// Ordered: a table sorted by its keys (of one width) takes each key without a hash look-up.
    keys: Interner,
    /// The line of each customer's row, for a later row of the same key.
    lines: Vec<u64>,
    email: Texts,
    phone: Texts,
    facts: CustomerFacts,
    order_days: Vec<u32>,
    first_day_revenue: Vec<i64>,
    products: Interner,
    channels: Interner,
}

impl CustomerTableReader {
    /// A reader with these options (the encoding, the currency of the amounts — yen by default — and the
    /// order of day and month); fails when the chosen currency is not an ISO 4217 code.
    pub fn new(options: IngestOptions) -> Result<CustomerTableReader, IngestError> {
        let currency = chosen_currency(&options)?.unwrap_or_else(Currency::jpy);
        let mut table = FactsTable {
            keys: Interner::ordered(),
            ..FactsTable::default()
        };
        table.channels.intern("");
        Ok(CustomerTableReader {
            currency,
            options,
            quality: Quality::default(),
            file: None,
            table,
            all_have: (true, true),
        })
    }

    /// Feeds the next chunk of the current file, a CSV customers table.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), IngestError> {
        self.feed(bytes, false)
    }

    fn feed(&mut self, bytes: &[u8], last: bool) -> Result<(), IngestError> {
        let Some(file) = self.file.as_mut() else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        self.quality.files[file.index as usize].bytes += bytes.len() as u64;
        file.text.clear();
        let decoded = file.decoder.push(bytes, last, &mut file.text);
        self.quality.files[file.index as usize].encoding = file.decoder.encoding();
        decoded.map_err(|e| self.error(IngestErrorKind::Decode(e)))?;
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        if file.splitter.is_none() {
            // The separator is the one the first line that is not blank has most of.
            file.head.push_str(&file.text);
            let first = file.head.lines().find(|l| !l.trim().is_empty());
            let complete = last || file.head.trim_start().contains('\n');
            let (Some(first), true) = (first, complete) else {
                return Ok(());
            };
            let separator = most_used(first);
            self.quality.files[file.index as usize].separator = Some(separator);
            file.splitter = Some(RecordSplitter::starting_at(1, separator));
            file.text = std::mem::take(&mut file.head);
        }
        let (Some(file), table) = (self.file.as_mut(), &mut self.table) else {
            return Ok(());
        };
        let (index, columns, text) = (file.index, &mut file.columns, &file.text);
        let Some(splitter) = file.splitter.as_mut() else {
            return Ok(());
        };
        let mut read = Read {
            currency: &self.currency,
            date_order: self.options.date_order,
            quality: &mut self.quality,
            file: index,
        };
        let fed = splitter.feed(text, last, |record| -> Result<(), IngestErrorKind> {
            match columns {
                None => {
                    let header: Vec<&str> = record.iter().collect();
                    let found = CustomerColumns::of(&header).map_err(IngestErrorKind::Mapping)?;
                    *columns = Some(found);
                }
                Some(columns) => read.row(table, columns, &record),
            }
            Ok(())
        });
        fed.map_err(|kind| self.error(kind))
    }

    fn error(&self, kind: IngestErrorKind) -> IngestError {
        let file = self.file.as_ref().map_or("(no file)".to_string(), |f| {
            self.quality.files[f.index as usize].name.clone()
        });
        IngestError { file, kind }
    }

    /// Ends reading: the dataset of the customers read, and the data-quality report.
    pub fn finish(mut self) -> Result<Ingested, IngestError> {
        if self.file.is_some() {
            CellSink::end_file(&mut self)?;
        }
        let FactsTable {
            keys,
            email,
            phone,
            mut facts,
            order_days,
            first_day_revenue,
            products,
            channels,
            ..
        } = self.table;
        facts.order_days = self.all_have.0.then_some(order_days);
        facts.first_day_revenue = self.all_have.1.then_some(first_day_revenue);
        let products = products
            .texts()
            .iter()
            .map(|name| Product {
                id: String::new(),
                name: name.to_string(),
            })
            .collect();
        let contacts = Contacts {
            email,
            phone,
            name: Texts::default(),
        };
        let channels = match channels.texts().len() > 1 {
            true => channels.into_texts(),
            false => Texts::default(),
        };
        let dataset = Dataset::of_customers(
            self.currency,
            keys.into_texts(),
            contacts,
            facts,
            products,
            channels,
        );
        Ok(Ingested {
            dataset,
            quality: self.quality,
        })
    }
}

impl CellSink for CustomerTableReader {
    fn begin_file(&mut self, name: &str) -> Result<(), IngestError> {
        if self.file.is_some() {
            self.end_file()?;
        }
        let index = self.quality.open_file(name)?;
        self.file = Some(OpenFile {
            index,
            decoder: StreamDecoder::new(self.options.encoding),
            head: String::new(),
            splitter: None,
            text: String::new(),
            columns: None,
        });
        self.quality.files[usize::from(index)]
            .notes
            .push(FileNote::CustomerTable);
        Ok(())
    }

    fn note_file(&mut self, note: FileNote) -> Result<(), IngestError> {
        let Some(file) = self.file.as_ref() else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        self.quality.files[file.index as usize].notes.push(note);
        Ok(())
    }

    fn push_cells(
        &mut self,
        names: &[&str],
        rows: &CellRows,
        bytes: u64,
    ) -> Result<(), IngestError> {
        let Some(file) = self.file.as_mut() else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        self.quality.files[file.index as usize].bytes += bytes;
        if file.columns.is_none() {
            match CustomerColumns::of(names) {
                Ok(found) => file.columns = Some(found),
                Err(e) => return Err(self.error(IngestErrorKind::Mapping(e))),
            }
        }
        let Some(file) = self.file.as_ref() else {
            return Ok(());
        };
        let Some(columns) = file.columns.as_ref() else {
            return Ok(());
        };
        let mut read = Read {
            currency: &self.currency,
            date_order: self.options.date_order,
            quality: &mut self.quality,
            file: file.index,
        };
        for record in rows.records() {
            read.row(&mut self.table, columns, &record);
        }
        Ok(())
    }

    fn end_file(&mut self) -> Result<(), IngestError> {
        // A CSV file has bytes left to decode and split at its end: it has started decoding, or has not even
        // found its header. A file that came as cells (Parquet) has its header and no decoder.
        if self
            .file
            .as_ref()
            .is_some_and(|f| f.decoder.encoding().is_some() || f.columns.is_none())
        {
            self.feed(&[], true)?;
        }
        let Some(file) = self.file.take() else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        let report = &mut self.quality.files[file.index as usize];
        let Some(columns) = file.columns else {
            return Err(IngestError {
                file: report.name.clone(),
                kind: IngestErrorKind::Empty,
            });
        };
        if report.rows_read == 0 {
            report.notes.push(FileNote::NoDataRows);
        }
        self.all_have.0 &= columns.index(CustomerColumn::OrderDays).is_some();
        self.all_have.1 &= columns.index(CustomerColumn::FirstDayRevenue).is_some();
        Ok(())
    }
}

/// What reading a row needs besides the table.
struct Read<'a> {
    currency: &'a Currency,
    date_order: Option<DateOrder>,
    quality: &'a mut Quality,
    file: u16,
}

/// The cell of `column` in `record`, trimmed (empty when the row is short); `None` when the table has no
/// such column.
fn cell<'r>(
    columns: &CustomerColumns,
    record: &Record<'r>,
    column: CustomerColumn,
) -> Option<&'r str> {
    columns
        .index(column)
        .map(|i| record.get(i).unwrap_or("").trim())
}

/// A row's values, read and checked.
struct Row {
    key: String,
    first: crate::date::Day,
    last: crate::date::Day,
    orders: u32,
    revenue: i64,
    order_days: Option<u32>,
    first_day_revenue: Option<i64>,
}

impl Read<'_> {
    /// Reads `record` into `table`, or counts it as rejected.
    fn row(&mut self, table: &mut FactsTable, columns: &CustomerColumns, record: &Record<'_>) {
        self.quality.row_read(self.file);
        match self.values(columns, record) {
            Ok(row) => {
                if let Err(reason) = table.add(row, columns, record) {
                    self.quality.reject_row(self.file, record.line, reason);
                }
            }
            Err(reason) => self.quality.reject_row(self.file, record.line, reason),
        }
    }

    fn values(&self, columns: &CustomerColumns, record: &Record<'_>) -> Result<Row, RejectReason> {
        use CustomerColumn::*;
        let cell = |c: CustomerColumn| cell(columns, record, c);
        let bad = |c: CustomerColumn, expected: CustomerValue| RejectReason::CustomerCell {
            column: columns.header(c).to_string(),
            cell: super::reject_reason::clip(cell(c).unwrap_or("")),
            expected,
        };
        let text = cell(CustomerKey).unwrap_or("");
        let key = match text.contains('@') {
            true => email_key(text),
            false => member_key(text),
        };
        let key = key
            .usable()
            .ok_or_else(|| bad(CustomerKey, CustomerValue::Key))?;
        let date = |c| {
            read_order_date(cell(c).unwrap_or(""), self.date_order)
                .map(|(day, _)| day)
                .ok_or_else(|| bad(c, CustomerValue::Date))
        };
        let count = |c| {
            cell(c)
                .and_then(|t| t.parse::<u32>().ok())
                .filter(|n| *n >= 1)
                .ok_or_else(|| bad(c, CustomerValue::Count))
        };
        let amount = |c| {
            parse_amount(cell(c).unwrap_or(""))
                .ok()
                .and_then(|a| self.currency.to_minor(a))
                .ok_or_else(|| bad(c, CustomerValue::Amount))
        };
        let row = Row {
            key: key.into_owned(),
            first: date(FirstOrderDate)?,
            last: date(LastOrderDate)?,
            orders: count(Orders)?,
            revenue: amount(Revenue)?,
            order_days: cell(OrderDays).map(|_| count(OrderDays)).transpose()?,
            first_day_revenue: cell(FirstDayRevenue)
                .map(|_| amount(FirstDayRevenue))
                .transpose()?,
        };
        let problem = if row.last < row.first {
            Some(FiguresProblem::LastBeforeFirst)
        } else if row.order_days.is_some_and(|d| d > row.orders) {
            Some(FiguresProblem::MoreDaysThanOrders)
        } else if row.first == row.last && row.order_days.is_some_and(|d| d > 1) {
            Some(FiguresProblem::DaysOnOneDay)
        } else {
            None
        };
        match problem {
            Some(problem) => Err(RejectReason::CustomerFigures { problem }),
            None => Ok(row),
        }
    }
}

impl FactsTable {
    /// Adds a customer's row; a key already read is a reject naming the line it was read on.
    fn add(
        &mut self,
        row: Row,
        columns: &CustomerColumns,
        record: &Record<'_>,
    ) -> Result<(), RejectReason> {
        let (id, new) = self.keys.intern_new(&row.key);
        if !new {
            return Err(RejectReason::DuplicateCustomer {
                key: row.key,
                first_line: self.lines[id as usize],
            });
        }
        let cell = |c: CustomerColumn| cell(columns, record, c).unwrap_or("");
        self.lines.push(record.line);
        let email = email_key(cell(CustomerColumn::Email)).usable();
        self.email.push(email.as_deref().unwrap_or(""));
        let phone = phone_key(cell(CustomerColumn::Phone)).usable();
        self.phone.push(phone.as_deref().unwrap_or(""));
        let facts = &mut self.facts;
        facts.first_order.push(row.first);
        facts.last_order.push(row.last);
        facts.orders.push(row.orders);
        facts.revenue.push(row.revenue);
        self.order_days.push(row.order_days.unwrap_or(row.orders));
        self.first_day_revenue
            .push(row.first_day_revenue.unwrap_or(0));
        let product = cell(CustomerColumn::FirstProduct);
        facts.first_product.push(match product.is_empty() {
            true => NO_PRODUCT,
            false => self.products.intern(product),
        });
        if columns.index(CustomerColumn::Channel).is_some() || !facts.channel.is_empty() {
            // The column from here on: customers before it had none.
            facts.channel.resize(facts.first_order.len() - 1, 0);
            facts
                .channel
                .push(self.channels.intern(cell(CustomerColumn::Channel)));
        }
        Ok(())
    }
}
