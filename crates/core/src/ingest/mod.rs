//! Streaming ingestion: bytes of one or more order exports in, a [`Dataset`] and a [`Quality`] report out.
//!
//! ```text
//! bytes ─ decode (UTF-8 / Shift_JIS) ─ records (csv-core) ─ preset mapping ─ rows ─ orders ─ Dataset
//! ```
//! Feed each file with [`Ingestor::begin_file`], any number of [`Ingestor::push`] calls with chunks of any
//! size, and [`Ingestor::end_file`]; then [`Ingestor::finish`]. Nothing in here panics on bad input: a file
//! that cannot be read at all is an [`IngestError`] naming the file and the place; a row or an order that
//! cannot be used is a counted [`Reject`] with its line and reason.

use std::borrow::Cow;

mod batch;
#[cfg(not(target_arch = "wasm32"))]
mod blocks;
pub mod decode;
pub mod parse;
pub mod preset;
pub mod preview;
pub mod quality;
mod reader;
pub mod records;
pub mod values;

mod intern;
mod orders;
mod slots;

use serde::{Deserialize, Serialize};

pub use decode::{Encoding, EncodingChoice};
pub use preset::{Field, PresetChoice, PresetId};
pub use preview::{preview, Preview};
pub use quality::{FileReport, Quality, Reject};
pub use values::{LineValues, OrderValues};

use crate::model::Dataset;
use crate::money::Currency;
use batch::Item;
pub use batch::RowBatch;
use decode::DecodeError;
use orders::{Added, Held, LineDraft, Lookahead, OrderBook, RowValues};
use preset::{Mapping, MappingError};
pub use reader::RowReader;
use records::{Record, SplitError};

/// How to read the files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngestOptions {
    /// Text encoding (default: detect).
    pub encoding: EncodingChoice,
    /// Export format (default: detect from the header row).
    pub preset: PresetChoice,
    /// The user's own `field → column header` mapping, applied over the preset's; an empty column header
    /// means the field has no column, whatever the preset would take.
    pub mapping: Vec<(Field, String)>,
    /// The currency to use: required when the files mix currencies (orders in others are rejected), and the
    /// currency of files that do not say.
    pub currency: Option<String>,
}

/// A file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestError {
    /// The file's name.
    pub file: String,
    /// What went wrong.
    pub kind: IngestErrorKind,
}

/// What made a file unreadable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IngestErrorKind {
    /// The file has no bytes.
    Empty,
    /// The bytes are not text in a supported encoding.
    Decode(DecodeError),
    /// The header row could not be mapped.
    Mapping(MappingError),
    /// A record was too large (usually an unbalanced quote).
    Split(SplitError),
    /// The files mix currencies and none was chosen.
    MixedCurrencies(Vec<(String, u64)>),
    /// The chosen currency is not an ISO 4217 code.
    BadCurrency(String),
    /// More files than one ingestion reads ([`quality::MAX_FILES`]).
    TooManyFiles,
    /// The valid orders' values add up, ignoring signs, to more minor units than an `i64` holds, so not
    /// every sum of them could be exact; `limit` is that bound, formatted as money.
    SumTooLarge { limit: String },
    /// The file ends inside its header row, on this line: it was cut off.
    CutOff { line: u64 },
    /// `push` or `end_file` without `begin_file`.
    NoFile,
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", self.file)?;
        match &self.kind {
            IngestErrorKind::Empty => f.write_str("the file is empty"),
            IngestErrorKind::Decode(e) => write!(f, "{e}"),
            IngestErrorKind::Mapping(e) => write!(f, "{e}"),
            IngestErrorKind::Split(SplitError::RecordTooLarge { line }) => write!(
                f,
                "the record starting at line {line} is larger than 64 MB; a quote is probably not closed there"
            ),
            IngestErrorKind::MixedCurrencies(counts) => {
                let list: Vec<String> = counts
                    .iter()
                    .map(|(c, n)| format!("{c} ({n} order{})", if *n == 1 { "" } else { "s" }))
                    .collect();
                write!(f, "the orders are in several currencies: {}; choose one currency to analyse", list.join(", "))
            }
            IngestErrorKind::BadCurrency(c) => write!(f, "'{c}' is not a currency code such as JPY or USD"),
            IngestErrorKind::TooManyFiles => write!(
                f,
                "more than {} files at once; combine them or read them in several runs",
                quality::MAX_FILES
            ),
            IngestErrorKind::SumTooLarge { limit } => write!(
                f,
                "the orders' values add up to more than {limit}, more than can be summed exactly; check the amount columns, or read fewer files at once"
            ),
            IngestErrorKind::CutOff { line } => write!(
                f,
                "the file ends inside its header row (line {line}): it looks cut off; download or copy the export again"
            ),
            IngestErrorKind::NoFile => f.write_str("no file was started"),
        }
    }
}

impl std::error::Error for IngestError {}

impl From<SplitError> for IngestErrorKind {
    fn from(e: SplitError) -> Self {
        IngestErrorKind::Split(e)
    }
}

/// The result of an ingestion: the dataset and its data-quality report.
#[derive(Clone, Debug)]
pub struct Ingested {
    pub dataset: Dataset,
    pub quality: Quality,
}

struct FileState {
    index: u16,
    /// `None` while another thread reads with it ([`Ingestor::push_reader`]).
    reader: Option<RowReader>,
    /// Whether the header row was read.
    mapped: bool,
    rejoined: Rejoined,
    batch: RowBatch,
    /// The file's size when known, and what the book held before it: see [`Ingestor::expect_bytes`].
    expected: Option<(u64, Held)>,
}

/// Rows that joined an order of the same file after other orders' rows (see [`Added::Rejoined`]).
#[derive(Default)]
struct Rejoined {
    rows: u64,
    /// The first few of their lines.
    lines: Vec<u64>,
}

impl Rejoined {
    const LINES_SHOWN: usize = 5;

    fn add(&mut self, line: u64) {
        self.rows += 1;
        if self.lines.len() < Self::LINES_SHOWN {
            self.lines.push(line);
        }
    }

    fn note(&self) -> Option<String> {
        let mut lines: Vec<String> = self.lines.iter().map(u64::to_string).collect();
        if self.rows > self.lines.len() as u64 {
            lines.push("…".into());
        }
        let lines = lines.join(", ");
        match self.rows {
            0 => None,
            1 => Some(format!(
                "1 row (line {lines}) belongs to an order whose rows came earlier in the file, apart from it; it was read as another line of that order — check the file for a duplicated row."
            )),
            n => Some(format!(
                "{n} rows (lines {lines}) belong to orders whose rows came earlier in the file, apart from them; they were read as more lines of those orders — check the file for duplicated rows."
            )),
        }
    }
}

/// Reads order exports chunk by chunk into a dataset.
pub struct Ingestor {
    options: IngestOptions,
    currency: Option<Currency>,
    file: Option<FileState>,
    book: OrderBook,
    quality: Quality,
}

impl Ingestor {
    /// An ingestor with these options; fails when the chosen currency is not an ISO 4217 code.
    pub fn new(options: IngestOptions) -> Result<Ingestor, IngestError> {
        let currency = match &options.currency {
            Some(code) => Some(Currency::from_code(code).ok_or_else(|| IngestError {
                file: "currency option".into(),
                kind: IngestErrorKind::BadCurrency(code.clone()),
            })?),
            None => None,
        };
        Ok(Ingestor {
            options,
            currency,
            file: None,
            book: OrderBook::new(),
            quality: Quality::default(),
        })
    }

    /// Starts a file. A file still open is ended first.
    pub fn begin_file(&mut self, name: &str) -> Result<(), IngestError> {
        self.begin_file_mapped(name, None)
    }

    /// Starts a file read with its own `field → column` mapping (`Some`) instead of
    /// [`IngestOptions::mapping`], for files of one batch with different columns.
    pub fn begin_file_mapped(
        &mut self,
        name: &str,
        mapping: Option<Vec<(Field, String)>>,
    ) -> Result<(), IngestError> {
        let index = self.open_source(name)?;
        let reader = RowReader::new(&self.options, mapping);
        self.file = Some(FileState {
            index,
            reader: Some(reader),
            mapped: false,
            rejoined: Rejoined::default(),
            batch: RowBatch::default(),
            expected: None,
        });
        Ok(())
    }

    /// Tells the size of the current file in bytes. Once its first rows are read, room is made for as many
    /// orders and lines as the whole file is expected to hold at that rate, instead of growing the columns
    /// step by step as rows come (each step copies them where memory cannot be remapped, as in WebAssembly,
    /// and holds the old and the new copy at once).
    pub fn expect_bytes(&mut self, bytes: u64) {
        let held = self.book.held();
        if let Some(state) = self.file.as_mut() {
            state.expected = Some((bytes, held));
        }
    }

    /// Feeds the next chunk of the current file.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), IngestError> {
        self.feed(bytes, false)
    }

    /// Ends the current file.
    pub fn end_file(&mut self) -> Result<&FileReport, IngestError> {
        if self.file.as_ref().is_some_and(|s| s.reader.is_some()) {
            self.feed(&[], true)?;
        }
        let state = self
            .file
            .take()
            .ok_or_else(|| self.error(IngestErrorKind::NoFile))?;
        let report = &mut self.quality.files[state.index as usize];
        if report.bytes == 0 {
            return Err(IngestError {
                file: report.name.clone(),
                kind: IngestErrorKind::Empty,
            });
        }
        if !state.mapped {
            return Err(IngestError {
                file: report.name.clone(),
                kind: IngestErrorKind::Empty,
            });
        }
        if report.rows_read == 0 {
            report
                .notes
                .push("The file has a header row but no data rows.".into());
        }
        report.notes.extend(state.rejoined.note());
        Ok(&self.quality.files[state.index as usize])
    }

    /// Ends a file still open, then opens the report of a new source named `name`; returns its index.
    fn open_source(&mut self, name: &str) -> Result<u16, IngestError> {
        if self.file.is_some() {
            self.end_file()?;
        }
        self.quality.open_file(name).ok_or_else(|| IngestError {
            file: name.to_string(),
            kind: IngestErrorKind::TooManyFiles,
        })
    }

    /// The data-quality report so far.
    pub fn quality(&self) -> &Quality {
        &self.quality
    }

    /// Ends ingestion: builds the dataset of valid orders.
    pub fn finish(mut self) -> Result<Ingested, IngestError> {
        if self.file.is_some() {
            self.end_file()?;
        }
        let chosen = self.currency.clone();
        let dataset = self
            .book
            .build(chosen, &mut self.quality)
            .map_err(|kind| IngestError {
                file: self
                    .quality
                    .files
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                kind,
            })?;
        Ok(Ingested {
            dataset,
            quality: self.quality,
        })
    }

    fn error(&self, kind: IngestErrorKind) -> IngestError {
        let file = self.file.as_ref().map_or("(no file)".to_string(), |s| {
            self.quality.files[s.index as usize].name.clone()
        });
        IngestError { file, kind }
    }

    fn feed(&mut self, bytes: &[u8], last: bool) -> Result<(), IngestError> {
        let Some(state) = self.file.as_mut() else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        let (Some(reader), mut batch) = (state.reader.as_mut(), std::mem::take(&mut state.batch))
        else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        reader.push(bytes, last, &mut batch);
        let added = self.apply(&mut batch);
        if let Some(state) = self.file.as_mut() {
            state.batch = batch;
        }
        added
    }

    /// Adds a batch that a [`RowReader`] elsewhere (the page's reading worker) read from the current file,
    /// emptying it; the error that stopped the reader, if one did, is returned once what it read before is
    /// added. The file is then read by that reader only: send its last batch (`last`) before
    /// [`end_file`](Ingestor::end_file); [`push`](Ingestor::push) on the same file is an error.
    pub fn add_batch(&mut self, batch: &mut RowBatch) -> Result<(), IngestError> {
        if let Some(state) = self.file.as_mut() {
            state.reader = None;
        }
        self.apply(batch)
    }

    /// Adds what the current file's reader read into `batch` (emptying it), then returns the error that
    /// stopped the reader, if one did.
    fn apply(&mut self, batch: &mut RowBatch) -> Result<(), IngestError> {
        let Some(state) = self.file.as_mut() else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        let file = state.index;
        let report = &mut self.quality.files[file as usize];
        report.bytes += batch.bytes;
        if let Some(encoding) = batch.encoding {
            report.encoding = Some(encoding);
        }
        let (book, quality) = (&mut self.book, &mut self.quality);
        let mut lookahead = Lookahead::default();
        let mut items = batch.drain();
        while let Some(item) = items.next() {
            lookahead.step(book, items.key_ahead(Lookahead::AHEAD - 1));
            match item {
                Item::Header(m) => {
                    let report = &mut quality.files[file as usize];
                    report.preset = Some(m.preset);
                    report.columns = m.columns;
                    report.notes.extend(m.notes);
                    book.set_file_currency(file, self.options.currency.as_deref(), m.currency);
                    state.mapped = true;
                }
                Item::Row { line, row } => {
                    quality.row_read(file);
                    add_row(book, quality, file, line, row, &mut state.rejoined);
                }
                Item::Reject {
                    line,
                    field,
                    reason,
                } => {
                    quality.row_read(file);
                    quality.reject_row(file, line, field, reason);
                }
                Item::Unterminated { line } => {
                    quality.files[file as usize].notes.push(format!(
                        "The file does not end with a line break: if it was cut off, its last row (line {line}) may be incomplete."
                    ));
                }
                Item::CutRow { line, reason } => {
                    quality.row_read(file);
                    quality.reject_row(file, line, None, reason);
                    quality.cut_off(file, line);
                }
            }
        }
        drop(items);
        if let Some((size, before)) = state.expected {
            let read = quality.files[file as usize].bytes;
            let held = book.held();
            if held.orders > before.orders && read > 0 {
                state.expected = None;
                book.reserve(held.since(before).scaled(size.saturating_sub(read), read));
            }
        }
        let error = batch.error.take();
        batch.clear();
        match error {
            Some(kind) => Err(self.error(kind)),
            None => Ok(()),
        }
    }

    /// Feeds the current file with everything `source` yields, read in blocks of about `chunk` bytes that end
    /// at a line break, on two threads: each parses blocks while this one also groups their rows into orders,
    /// in file order (`ingest/blocks.rs`). The result is the same as [`push`](Ingestor::push) with each chunk.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn push_reader(
        &mut self,
        source: &mut (impl std::io::Read + Send),
        chunk: usize,
    ) -> Result<(), PushError> {
        let Some(mut reader) = self.file.as_mut().and_then(|s| s.reader.take()) else {
            return Err(PushError::Ingest(self.error(IngestErrorKind::NoFile)));
        };
        let blocks = blocks::Blocks::new(source, chunk);
        let outcome = std::thread::scope(|scope| {
            let parsing = scope.spawn(|| blocks.parse_ahead());
            let stop = blocks::StopParsing(&blocks);
            let outcome = self.add_blocks(&blocks, &mut reader);
            drop(stop);
            // A panic in the other thread is a bug: pass it on.
            parsing
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            outcome
        });
        if let Some(state) = self.file.as_mut() {
            state.reader = Some(reader);
        }
        outcome
    }

    /// Adds the blocks in file order; `current` is the reader after the blocks added so far.
    #[cfg(not(target_arch = "wasm32"))]
    fn add_blocks(
        &mut self,
        blocks: &blocks::Blocks<'_, impl std::io::Read + Send>,
        current: &mut RowReader,
    ) -> Result<(), PushError> {
        loop {
            let blocks::Parsed { block, read } = match blocks.next_to_add() {
                blocks::Next::Block(parsed) => *parsed,
                blocks::Next::Failed(e) => return Err(PushError::Io(e)),
                blocks::Next::End => return Ok(()),
            };
            let mut batch = match read {
                // The block was read from its start as from the end of the one before: that reader is right.
                Some((batch, reader)) if block.starts_line && current.at_record_boundary() => {
                    *current = reader;
                    batch
                }
                read => {
                    let mut batch = read.map(|(batch, _)| batch).unwrap_or_default();
                    batch.clear();
                    current.push(block.bytes(), false, &mut batch);
                    batch
                }
            };
            if current.at_record_boundary() {
                blocks.set_template(current);
            }
            let added = self.apply(&mut batch);
            blocks.recycle(block.into_buffer(), batch);
            added.map_err(PushError::Ingest)?;
        }
    }
}

/// Why [`Ingestor::push_reader`] stopped.
#[derive(Debug)]
pub enum PushError {
    /// The source could not be read.
    Io(std::io::Error),
    /// The file could not be ingested.
    Ingest(IngestError),
}

impl std::fmt::Display for PushError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PushError::Io(e) => write!(f, "{e}"),
            PushError::Ingest(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PushError {}

/// Adds an accepted row to its order and counts what became of it.
fn add_row(
    book: &mut OrderBook,
    quality: &mut Quality,
    file: u16,
    line: u64,
    row: RowValues<&str>,
    rejoined: &mut Rejoined,
) {
    match book.add_row(file, line, row) {
        Added::Row => {}
        Added::Rejoined => rejoined.add(line),
        Added::Duplicate { first_row_in_file } => {
            quality.files[file as usize].duplicate_rows += 1;
            quality.duplicate_orders += u64::from(first_row_in_file);
        }
    }
}

type RowError = (Option<Field>, String);

/// The last row's status and subscription cells and what they were read as: most rows repeat the row before
/// them, and the next row with the same cell skips the word matching.
#[derive(Default)]
pub(super) struct RowMemo {
    /// (cancelled, incomplete).
    status: LastCell<(bool, bool)>,
    subscription: LastCell<bool>,
}

/// One column's last cell and what it was read as.
#[derive(Default)]
struct LastCell<T> {
    text: String,
    /// `None` until a cell is read.
    value: Option<T>,
}

impl<T: Copy> LastCell<T> {
    /// What `cell` reads as: the last value when the cell repeats the last one, else `read(cell)`.
    fn read(&mut self, cell: &str, read: impl FnOnce(&str) -> T) -> T {
        match self.value {
            Some(value) if self.text == cell => value,
            _ => {
                let value = read(cell);
                self.text.clear();
                self.text.push_str(cell);
                self.value = Some(value);
                value
            }
        }
    }
}

impl RowMemo {
    /// Whether `status` means cancelled, and whether it means incomplete.
    fn status(&mut self, m: &Mapping, status: &str) -> (bool, bool) {
        if status.is_empty() {
            return (false, false);
        }
        self.status.read(status, |s| {
            (m.is_cancelled_status(s), m.is_incomplete_status(s))
        })
    }

    /// Whether the subscription cell marks a subscription line.
    fn subscription(&mut self, m: &Mapping, cell: &str) -> bool {
        self.subscription.read(cell, |c| m.is_subscription(c))
    }
}

fn read_row<'r>(
    m: &Mapping,
    record: &Record<'r>,
    memo: &mut RowMemo,
) -> Result<RowValues<Cow<'r, str>>, RowError> {
    let header_len = m.columns_len();
    if record.unclosed_quote() {
        let column = record.multi_line_field().unwrap_or(0);
        return Err((
            m.field_of_column(column),
            format!(
                "a quote opened in column '{}' is never closed, so lines {}–{} were read as this one row; close the quote and read the file again",
                clip(m.header(column).unwrap_or("")),
                record.line,
                record.end_line()
            ),
        ));
    }
    if record.len() != header_len
        && !(record.len() > header_len && record.iter().skip(header_len).all(str::is_empty))
    {
        let lines = match record.end_line() {
            end if end > record.line => format!(
                " (lines {}–{end}: a quoted field holds line breaks)",
                record.line
            ),
            _ => String::new(),
        };
        return Err((
            None,
            format!(
                "the row has {} fields but the header has {header_len}{lines}",
                record.len()
            ),
        ));
    }
    let order_id = if m.has(Field::OrderId) {
        let id = m.get(record, Field::OrderId);
        if id.is_empty() {
            return Err((Some(Field::OrderId), "the order id is empty".into()));
        }
        Some(id)
    } else {
        None
    };
    let date_text = m.get(record, Field::OrderDate);
    let date = match date_text.as_ref() {
        "" => None,
        t => {
            let day = parse::parse_order_date(t).ok_or_else(|| {
                (
                    Some(Field::OrderDate),
                    format!(
                        "cannot read '{}' as a date (expected e.g. 2024-01-05 13:45:00)",
                        clip(t)
                    ),
                )
            })?;
            if !parse::is_plausible_order_date(day) {
                return Err((
                    Some(Field::OrderDate),
                    format!(
                        "the date {day} is outside {}–{}; it is probably a placeholder or a typo",
                        parse::FIRST_ORDER_DATE,
                        parse::LAST_ORDER_DATE
                    ),
                ));
            }
            Some(day)
        }
    };
    let total = amount(m, record, Field::OrderTotal)?;
    let refunded = amount(m, record, Field::Refunded)?;
    let price = amount(m, record, Field::LinePrice)?;
    let quantity_text = m.get(record, Field::Quantity);
    let quantity = parse::parse_quantity(&quantity_text).ok_or_else(|| {
        (
            Some(Field::Quantity),
            format!("cannot read '{}' as a whole quantity", clip(&quantity_text)),
        )
    })?;
    let (cancelled_status, incomplete) = memo.status(m, &m.get(record, Field::Status));
    let cancelled = cancelled_status || !m.get(record, Field::CancelledAt).is_empty();
    let key = m.key_fields().iter().find_map(|f| {
        let v = m.get(record, *f);
        match f {
            Field::Email => normalise_key(v, parse::email_key),
            Field::Phone => normalise_key(v, parse::phone_key),
            _ => Some(v).filter(|k| !k.is_empty()),
        }
    });
    let email = normalise_key(m.get(record, Field::Email), parse::email_key);
    // Reduced to its digits where it is kept (`OrderBook::add_row`), without an allocation per row.
    let phone = Some(m.get(record, Field::Phone)).filter(|p| !p.is_empty());
    let currency_text = m.get(record, Field::Currency);
    let currency = match currency_text {
        Cow::Borrowed("") => None,
        Cow::Borrowed("円" | "¥" | "￥") => Some(Cow::Borrowed("JPY")),
        t if Currency::is_code(&t) => Some(t),
        t => {
            return Err((
                Some(Field::Currency),
                format!("'{}' is not a currency code", clip(&t)),
            ))
        }
    };
    let product_id = m.get(record, Field::ProductId);
    let product_name = m.get(record, Field::ProductName);
    let line = (m.is_product_line(record) && !(product_id.is_empty() && product_name.is_empty()))
        .then(|| LineDraft {
            product_id,
            product_name,
            quantity,
            subscription: memo.subscription(m, &m.get(record, Field::Subscription)),
        });
    Ok(RowValues {
        order_id,
        date,
        total,
        refunded,
        line_value: price.map(|p| p.saturating_mul(quantity)),
        cancelled,
        incomplete,
        key,
        email,
        phone,
        currency,
        line,
    })
}

/// Applies a key normalisation, keeping the result borrowed from the record where it can be.
fn normalise_key<'r>(
    value: Cow<'r, str>,
    normalise: fn(&str) -> Option<Cow<'_, str>>,
) -> Option<Cow<'r, str>> {
    match value {
        Cow::Borrowed(text) => normalise(text),
        Cow::Owned(text) => normalise(&text).map(|k| Cow::Owned(k.into_owned())),
    }
}

fn amount(m: &Mapping, record: &Record<'_>, field: Field) -> Result<Option<i64>, RowError> {
    let text = m.get(record, field);
    // 楽天 writes -99999 for "no value".
    if text.is_empty() || text == "-99999" {
        return Ok(None);
    }
    crate::money::parse_amount(&text).map(Some).map_err(|e| {
        (
            Some(field),
            format!("cannot read '{}' as an amount ({e})", clip(&text)),
        )
    })
}

/// Shortens a cell for a message.
fn clip(text: &str) -> String {
    const MAX: usize = 40;
    // Line breaks would split the message (and its CSV row) in two.
    let one_line = text.replace(['\r', '\n'], "⏎");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        format!("{}…", one_line.chars().take(MAX).collect::<String>())
    }
}

/// A convenience for callers with whole files in memory: ingests `(name, bytes)` pairs.
pub fn ingest_files<'a>(
    options: IngestOptions,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Ingested, IngestError> {
    let mut ingestor = Ingestor::new(options)?;
    for (name, bytes) in files {
        ingestor.begin_file(name)?;
        for chunk in bytes.chunks(1 << 20) {
            ingestor.push(chunk)?;
        }
        ingestor.end_file()?;
    }
    ingestor.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_contact_is_kept_whether_short_or_long() {
        let long_old = "a.very.long.address.of.someone@example.co.jp";
        let long_new = "a.very.long.address.of.someone@newdomain.example.jp";
        let csv = format!(
            "order_id,order_date,customer_id,email,phone\n\
             1,2024-01-05,C1,{long_old},090-1111-2222\n\
             2,2024-03-01,C1,{long_new},\n\
             3,2024-02-01,C1,short@example.jp,03-0000-0000\n\
             4,2024-01-01,C2,c2@example.jp,\n\
             5,2024-02-01,C2,{long_old},\n"
        )
        .replace("\n", ",1000\n")
        .replacen("phone,1000", "phone,order_total", 1);
        let data = ingest_files(IngestOptions::default(), [("c.csv", csv.as_bytes())]).unwrap();
        let ds = &data.dataset;
        assert_eq!(ds.customer_keys, ["C1", "C2"]);
        // C1: the e-mail of the latest order (2024-03-01); the phone of the latest row that has one.
        assert_eq!(ds.contacts.email(0), Some(long_new));
        assert_eq!(ds.contacts.phone(0), Some("0300000000"));
        assert_eq!(ds.contacts.email(1), Some(long_old));
        assert_eq!(ds.contacts.phone(1), None);
    }

    #[test]
    fn a_contact_read_again_later_dates_from_its_latest_row() {
        // C1 has b@ on 03-01 and a@ on 01-05 and again on 04-01, read out of date order: a@ is the latest.
        let csv = "order_id,order_date,customer_id,email,order_total\n\
                   1,2024-01-05,C1,a@example.jp,1000\n\
                   2,2024-04-01,C1,a@example.jp,1000\n\
                   3,2024-03-01,C1,b@example.jp,1000\n";
        let data = ingest_files(IngestOptions::default(), [("c.csv", csv.as_bytes())]).unwrap();
        assert_eq!(data.dataset.contacts.email(0), Some("a@example.jp"));
    }

    #[test]
    fn files_of_one_batch_can_each_have_their_own_mapping() {
        let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
        let known = "order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1200\n";
        let unknown = "伝票番号,受付日時,お客様番号,支払額\nA1,2024-02-01,a@example.jp,800\n";
        ingestor.begin_file("known.csv").unwrap();
        ingestor.push(known.as_bytes()).unwrap();
        ingestor.end_file().unwrap();
        let mapping = vec![
            (Field::OrderId, "伝票番号".to_string()),
            (Field::OrderDate, "受付日時".to_string()),
            (Field::Email, "お客様番号".to_string()),
            (Field::OrderTotal, "支払額".to_string()),
        ];
        ingestor
            .begin_file_mapped("unknown.csv", Some(mapping))
            .unwrap();
        ingestor.push(unknown.as_bytes()).unwrap();
        ingestor.end_file().unwrap();
        let data = ingestor.finish().unwrap();
        assert_eq!(data.dataset.customer_keys, ["a@example.jp"]);
        assert_eq!(data.quality.rows_read, 2);
        assert_eq!(data.dataset.order_count(), 2);
    }
}
