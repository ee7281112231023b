//! [`Ingestor`]: one or more files in, chunk by chunk, a [`Dataset`] and its [`Quality`] report out. Each
//! file is read by a [`RowReader`] (here, on two threads natively with [`Ingestor::push_reader`], or in the
//! page's reading worker, whose batches come in through [`Ingestor::add_batch`]); the rows go into one
//! [`OrderBook`], which builds the dataset at the end.

use super::batch::{Item, RowBatch};
#[cfg(not(target_arch = "wasm32"))]
use super::blocks;
use super::cells::{CellRows, CellSink};
#[cfg(not(target_arch = "wasm32"))]
use super::error::PushError;
use super::error::{IngestError, IngestErrorKind};
use super::field::Field;
use super::file_note::FileNote;
use super::options::{IngestOptions, Separator};
use super::orders::{Added, Grouped, Held, OrderBook};
use super::quality::{FileReport, Quality};
use super::reader::RowReader;
use crate::model::Dataset;
use crate::money::Currency;

/// The result of an ingestion: the dataset and its data-quality report.
#[derive(Clone, Debug)]
pub struct Ingested {
    /// The valid orders, by customer and date, for the analyses.
    pub dataset: Dataset,
    /// What was read, rejected or changed on the way, for the data-quality report.
    pub quality: Quality,
}

struct FileState {
    index: u16,
    /// `None` while another thread reads with it ([`Ingestor::push_reader`]).
    reader: Option<RowReader>,
    /// Whether the header row was read.
    mapped: bool,
    rejoined: Rejoined,
    /// Records that held NUL bytes, left out of their fields.
    nul: Lines,
    batch: RowBatch,
    /// The file's size when known, and what the book held before it: see [`Ingestor::expect_bytes`].
    expected: Option<(u64, Held)>,
}

/// Rows of a file that something is said of: how many, and the first few of their lines.
#[derive(Default)]
struct Lines {
    rows: u64,
    lines: Vec<u64>,
}

impl Lines {
    const LINES_SHOWN: usize = 5;

    fn add(&mut self, line: u64) {
        self.rows += 1;
        if self.lines.len() < Self::LINES_SHOWN {
            self.lines.push(line);
        }
    }

    /// The note on records that held NUL bytes.
    fn nul_note(&self) -> Option<FileNote> {
        (self.rows > 0).then(|| FileNote::Nul {
            rows: self.rows,
            lines: self.lines.clone(),
        })
    }
}

/// Rows that joined an order of the same file after other orders' rows (see [`Added::Rejoined`]).
#[derive(Default)]
struct Rejoined(Lines);

impl Rejoined {
    fn add(&mut self, line: u64) {
        self.0.add(line);
    }

    fn note(&self) -> Option<FileNote> {
        (self.0.rows > 0).then(|| FileNote::Rejoined {
            rows: self.0.rows,
            lines: self.0.lines.clone(),
        })
    }
}

/// Reads order exports chunk by chunk into a dataset.
pub struct Ingestor {
    pub(super) options: IngestOptions,
    currency: Option<Currency>,
    file: Option<FileState>,
    pub(super) book: OrderBook,
    pub(super) quality: Quality,
}

impl Ingestor {
    /// An ingestor with these options; fails when the chosen currency is not an ISO 4217 code.
    pub fn new(options: IngestOptions) -> Result<Ingestor, IngestError> {
        let currency = chosen_currency(&options)?;
        Ok(Ingestor {
            book: OrderBook::new(options.threads),
            options,
            currency,
            file: None,
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
        self.begin_file_as(name, mapping, self.options.no_header)
    }

    /// Starts a file read as [`begin_file_mapped`](Ingestor::begin_file_mapped) does, without a header row
    /// when `no_header` (instead of [`IngestOptions::no_header`]): for files of one batch of which some have
    /// a header row and some have none.
    pub fn begin_file_as(
        &mut self,
        name: &str,
        mapping: Option<Vec<(Field, String)>>,
        no_header: bool,
    ) -> Result<(), IngestError> {
        let index = self.open_source(name)?;
        let options = IngestOptions {
            no_header,
            ..self.options.clone()
        };
        let reader = RowReader::new(&options, mapping);
        self.file = Some(FileState {
            index,
            reader: Some(reader),
            mapped: false,
            rejoined: Rejoined::default(),
            nul: Lines::default(),
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
        let bytes_left = |s: &FileState| s.reader.as_ref().is_some_and(|r| !r.reads_cells());
        if self.file.as_ref().is_some_and(bytes_left) {
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
            report.notes.push(FileNote::NoDataRows);
        }
        report.notes.extend(state.nul.nul_note());
        report.notes.extend(state.rejoined.note());
        Ok(&self.quality.files[state.index as usize])
    }

    /// Ends a file still open, then opens the report of a new source named `name`; returns its index.
    pub(super) fn open_source(&mut self, name: &str) -> Result<u16, IngestError> {
        if self.file.is_some() {
            self.end_file()?;
        }
        self.quality.open_file(name)
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

    /// Adds a note to the current file's report: what a reader of another format than CSV (Parquet) did.
    /// (Also [`CellSink::note_file`].)
    pub fn note_file(&mut self, note: FileNote) -> Result<(), IngestError> {
        let Some(state) = self.file.as_ref() else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        self.quality.files[state.index as usize].notes.push(note);
        Ok(())
    }

    /// Feeds rows whose cells come apart already (a Parquet file's row group, `bytes` of the file), under the
    /// column names `columns`, to the current file: they are mapped and read as a CSV file's rows are.
    pub fn push_cells(
        &mut self,
        columns: &[&str],
        rows: &CellRows,
        bytes: u64,
    ) -> Result<(), IngestError> {
        self.feed_with(|reader, batch| reader.push_cells(columns, rows, bytes, batch))
    }

    fn feed(&mut self, bytes: &[u8], last: bool) -> Result<(), IngestError> {
        self.feed_with(|reader, batch| reader.push(bytes, last, batch))
    }

    /// Has the current file's reader `read` into its batch, then adds the batch.
    fn feed_with(
        &mut self,
        read: impl FnOnce(&mut RowReader, &mut RowBatch),
    ) -> Result<(), IngestError> {
        let Some(state) = self.file.as_mut() else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        let (Some(reader), mut batch) = (state.reader.as_mut(), std::mem::take(&mut state.batch))
        else {
            return Err(self.error(IngestErrorKind::NoFile));
        };
        read(reader, &mut batch);
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
        let chosen = self.options.currency.as_deref();
        quality.keys.add(&batch.keys);
        quality.statuses.add(&batch.statuses);
        quality.rounded_amounts.merge(&batch.rounded);
        for grouped in book.add_batch(file, batch.drain(), chosen) {
            match grouped {
                Grouped::Row { line, added } => {
                    quality.row_read(file);
                    count_added(quality, file, line, added, &mut state.rejoined);
                }
                Grouped::Other(other) => match *other {
                    Item::Header(m) => {
                        let report = &mut quality.files[file as usize];
                        report.preset = Some(m.preset);
                        report.separator = (m.separator != Separator::Comma).then_some(m.separator);
                        report.columns = m.columns;
                        report.notes.extend(m.notes);
                        state.mapped = true;
                    }
                    // Rows are given as `Grouped::Row`.
                    Item::Row { .. } => {}
                    Item::Reject { line, reason } => {
                        quality.row_read(file);
                        quality.reject_row(file, line, reason);
                    }
                    Item::CutRow { line, reason } => {
                        quality.row_read(file);
                        quality.reject_row(file, line, reason);
                        quality.cut_off(file, line);
                    }
                    Item::Nul { line } => state.nul.add(line),
                    Item::Unterminated { line } => {
                        quality.files[file as usize]
                            .notes
                            .push(FileNote::NoFinalLineBreak { line });
                    }
                },
            }
        }
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
    /// in file order (`ingest/blocks.rs`). The result is the same as [`push`](Ingestor::push) with each chunk,
    /// which is what it does when the options allow one thread.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn push_reader(
        &mut self,
        source: &mut (impl std::io::Read + Send),
        chunk: usize,
    ) -> Result<(), PushError> {
        if !self.options.threads.two() {
            return self.push_chunks(source, chunk);
        }
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

    /// [`push_reader`](Ingestor::push_reader) on this thread alone: `source` read and pushed `chunk` bytes at a
    /// time.
    #[cfg(not(target_arch = "wasm32"))]
    fn push_chunks(
        &mut self,
        source: &mut impl std::io::Read,
        chunk: usize,
    ) -> Result<(), PushError> {
        let mut buffer = vec![0; chunk.max(1)];
        loop {
            match source.read(&mut buffer) {
                Ok(0) => return Ok(()),
                Ok(n) => self.push(&buffer[..n]).map_err(PushError::Ingest)?,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(PushError::Io(e)),
            }
        }
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
            let (mut batch, spare) = match read {
                // The block was read from its start as from the end of the one before: that reader is right
                // (unless a lone carriage return before it made its first line another one).
                Some((batch, reader))
                    if block.starts_line
                        && current.at_record_boundary()
                        && current.next_line() == block.line =>
                {
                    (batch, Some(std::mem::replace(current, reader)))
                }
                Some((mut batch, reader)) => {
                    batch.clear();
                    current.push(block.bytes(), false, &mut batch);
                    (batch, Some(reader))
                }
                None => {
                    let mut batch = RowBatch::default();
                    current.push(block.bytes(), false, &mut batch);
                    (batch, None)
                }
            };
            if current.at_record_boundary() {
                blocks.set_template(current);
            }
            let added = self.apply(&mut batch);
            blocks.recycle(block.into_buffer(), batch, spare);
            added.map_err(PushError::Ingest)?;
        }
    }
}

/// The currency the options choose, if any; an error when it is not an ISO 4217 code.
pub(super) fn chosen_currency(options: &IngestOptions) -> Result<Option<Currency>, IngestError> {
    match &options.currency {
        Some(code) => Currency::from_code(code)
            .map(Some)
            .ok_or_else(|| IngestError {
                file: "currency option".into(),
                kind: IngestErrorKind::BadCurrency(code.clone()),
            }),
        None => Ok(None),
    }
}

impl CellSink for Ingestor {
    fn begin_file(&mut self, name: &str) -> Result<(), IngestError> {
        Ingestor::begin_file(self, name)
    }

    fn note_file(&mut self, note: FileNote) -> Result<(), IngestError> {
        Ingestor::note_file(self, note)
    }

    fn push_cells(
        &mut self,
        columns: &[&str],
        rows: &CellRows,
        bytes: u64,
    ) -> Result<(), IngestError> {
        Ingestor::push_cells(self, columns, rows, bytes)
    }

    fn end_file(&mut self) -> Result<(), IngestError> {
        Ingestor::end_file(self).map(|_| ())
    }
}

/// Counts what became of a row added to its order.
fn count_added(quality: &mut Quality, file: u16, line: u64, added: Added, rejoined: &mut Rejoined) {
    match added {
        Added::Row => {}
        Added::Rejoined => rejoined.add(line),
        Added::Duplicate { first_row_in_file } => {
            quality.files[file as usize].duplicate_rows += 1;
            quality.duplicate_orders += u64::from(first_row_in_file);
        }
    }
}
