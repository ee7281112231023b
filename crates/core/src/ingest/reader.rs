//! [`RowReader`]: the reading half of ingestion for one file — decoding, CSV records, the header's mapping and
//! each row's typed values — writing what it reads into a [`RowBatch`].

use super::batch::{Item, RowBatch};
use super::cells::CellRows;
use super::decode::StreamDecoder;
use super::error::IngestErrorKind;
use super::field::Field;
use super::mapping::{self, Mapping};
use super::options::{DateOrder, IngestOptions, Separator};
use super::presets::PresetChoice;
use super::proposals;
use super::records::{Record, RecordSplitter, SplitError};
use super::reject_reason::RejectReason;
use super::shape::{find_header, Shape};
use super::statuses::StatusChoice;
use super::typed_row::{read_row, RowMemo};

/// Reads one file's bytes into typed rows. An [`Ingestor`](super::Ingestor) makes one per file; a reader
/// elsewhere (the page's reading worker) makes its own with [`RowReader::new`] and sends each batch to the
/// ingestor's [`add_batch`](super::Ingestor::add_batch).
pub struct RowReader {
    decoder: StreamDecoder,
    splitter: RecordSplitter,
    preset: PresetChoice,
    /// The user's `field → column` mapping for this file.
    user_mapping: Vec<(Field, String)>,
    /// The statuses the user counts or leaves out.
    statuses: StatusChoice,
    /// The currency the user chose, if any.
    chosen_currency: Option<String>,
    /// The order of day and month the user chose, if any.
    date_order: Option<DateOrder>,
    /// The file has no header row: its first row is data and its columns are numbered.
    no_header: bool,
    mapping: Option<Mapping>,
    memo: RowMemo,
    /// The current chunk, decoded.
    text: String,
    /// Until the header row is found: the file's text so far, and its length when it was last looked at.
    head: Option<(String, usize)>,
    /// Where the header row was found and what separates the fields.
    shape: Option<Shape>,
    /// The file's rows come as cells ([`push_cells`](RowReader::push_cells)), not as bytes.
    cells: bool,
}

impl RowReader {
    /// A reader of one file with these options, and with `mapping` instead of the options' mapping when given
    /// (as [`Ingestor::begin_file_mapped`](super::Ingestor::begin_file_mapped)).
    pub fn new(options: &IngestOptions, mapping: Option<Vec<(Field, String)>>) -> RowReader {
        RowReader {
            decoder: StreamDecoder::new(options.encoding),
            splitter: RecordSplitter::default(),
            preset: options.preset,
            user_mapping: mapping.unwrap_or_else(|| options.mapping.clone()),
            statuses: options.statuses.clone(),
            chosen_currency: options.currency.clone(),
            date_order: options.date_order,
            no_header: options.no_header,
            mapping: None,
            memo: RowMemo::default(),
            text: String::new(),
            head: Some((String::new(), 0)),
            shape: None,
            cells: false,
        }
    }

    /// A reader of the same file, its header read, that starts at the start of `line`, `offset` bytes into
    /// the file: the reader that reads a later part of the file at once with this one, which
    /// [`at_record_boundary`](RowReader::at_record_boundary) says is right when the part starts a record.
    /// `None` until the header row is read. `spare`, a reader done with, lends its parts.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn resumed_at(
        &self,
        line: u64,
        offset: u64,
        spare: Option<RowReader>,
    ) -> Option<RowReader> {
        Some(RowReader {
            decoder: self.decoder.resumed(offset, line.saturating_sub(1))?,
            splitter: self.splitter.resumed_at(line, spare.map(|r| r.splitter)),
            preset: self.preset,
            user_mapping: self.user_mapping.clone(),
            statuses: self.statuses.clone(),
            chosen_currency: self.chosen_currency.clone(),
            date_order: self.date_order,
            no_header: self.no_header,
            mapping: Some(self.mapping.clone()?),
            memo: RowMemo::default(),
            text: String::new(),
            head: None,
            shape: self.shape.clone(),
            cells: false,
        })
    }

    /// The reader's buffer of decoded text, which only [`push`](RowReader::push) uses, replaced by `buffer`
    /// (emptied): the buffers of readers that read one block each go round.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn swap_buffer(&mut self, mut buffer: String) -> String {
        buffer.clear();
        std::mem::replace(&mut self.text, buffer)
    }

    /// Whether the bytes read so far ended between two records, the header read: when they ended with a line
    /// break, a reader [`resumed_at`](RowReader::resumed_at) the next line reads on exactly as this one would.
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn at_record_boundary(&self) -> bool {
        self.mapping.is_some()
            && self.decoder.encoding().is_some()
            && self.splitter.at_record_boundary()
    }

    /// The 1-based line that the next bytes start on, counting lone carriage returns as line breaks (which the
    /// blocks' cutter, counting `\n`s only, does not: a block resumed after one is read again on from here).
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn next_line(&self) -> u64 {
        self.splitter.line()
    }

    /// Reads the next chunk of the file into `batch` (with `last`, the file ends after it). On an error,
    /// `batch` holds what was read before it and the error, and the file can be read no further.
    pub fn push(&mut self, bytes: &[u8], last: bool, batch: &mut RowBatch) {
        if let Err(kind) = self.read(bytes, last, batch) {
            batch.error = Some(kind);
        }
    }

    fn read(
        &mut self,
        bytes: &[u8],
        last: bool,
        batch: &mut RowBatch,
    ) -> Result<(), IngestErrorKind> {
        batch.bytes += bytes.len() as u64;
        self.text.clear();
        self.decoder
            .push(bytes, last, &mut self.text)
            .map_err(IngestErrorKind::Decode)?;
        batch.encoding = self.decoder.encoding();
        if !self.find_shape(last) {
            return Ok(());
        }
        let cut_character = last && self.decoder.ends_cut();
        // The file's last record, when no line break ends it: its line, and whether it looks cut off.
        let mut unterminated: Option<(u64, bool)> = None;
        let RowReader {
            splitter,
            preset,
            user_mapping,
            statuses,
            chosen_currency,
            date_order,
            no_header,
            mapping,
            memo,
            text,
            shape,
            ..
        } = self;
        let chosen = Chosen {
            preset: *preset,
            user: user_mapping,
            statuses,
            currency: chosen_currency,
            date_order: *date_order,
            shape: shape.as_ref(),
        };
        let fed = splitter.feed(text, last, |record| -> Result<(), IngestErrorKind> {
            if record.nul {
                batch.push_item(Item::Nul { line: record.line });
            }
            // Without a header row, the first row gives the number of columns, and is read as data.
            if mapping.is_none() && *no_header {
                let cells: Vec<&str> = record.iter().collect();
                let m =
                    mapping::resolve_headerless(&cells, record.line, chosen.preset, chosen.user)
                        .map_err(IngestErrorKind::Mapping)?;
                *mapping = Some(chosen.apply(m, batch));
            }
            if record.unterminated {
                if let Some(reason) = cut_off(&record, mapping.as_ref(), cut_character) {
                    unterminated = Some((record.line, true));
                    return match mapping {
                        None => Err(IngestErrorKind::CutOff { line: record.line }),
                        Some(_) => {
                            let line = record.line;
                            batch.push_item(Item::CutRow { line, reason });
                            Ok(())
                        }
                    };
                }
                unterminated = mapping.is_some().then_some((record.line, false));
            }
            match mapping {
                None => {
                    let headers: Vec<&str> = record.iter().collect();
                    let m = mapping::resolve(&headers, chosen.preset, chosen.user)
                        .map_err(IngestErrorKind::Mapping)?;
                    *mapping = Some(chosen.apply(m, batch));
                }
                Some(m) => read_into(m, &record, memo, batch),
            }
            Ok(())
        });
        if let Err(IngestErrorKind::Mapping(e)) = fed {
            // Reading cannot start: propose columns from the file's first rows, which are at hand (the
            // header row is found only once its first lines are read).
            let start = shape.as_ref().map_or(1, |s| s.header_line);
            let separator = shape.as_ref().map(|s| s.separator).unwrap_or_default();
            let records = first_records(text, start, separator);
            return Err(IngestErrorKind::Mapping(proposals::with_proposals(
                e,
                &records,
                *preset,
                user_mapping,
            )));
        }
        fed?;
        memo.count_statuses(&mut batch.statuses);
        match unterminated {
            // Said only of a row that was read (the last item pushed is that row).
            Some((line, false)) if batch.ends_with_row(line) => {
                batch.push_item(Item::Unterminated { line });
            }
            Some(_) => {}
            // A character cut at the start of a line leaves no record to reject: the line is the cut row.
            None if cut_character && mapping.is_some() => batch.push_item(Item::CutRow {
                line: splitter.line(),
                reason: RejectReason::CutInFirstCharacter,
            }),
            None => {}
        }
        Ok(())
    }
}

impl RowReader {
    /// Whether the file's rows came as cells: there are no bytes left to decode at its end.
    pub(super) fn reads_cells(&self) -> bool {
        self.cells
    }

    /// Reads rows whose cells come apart already (a Parquet file's row group), `bytes` of the file, under the
    /// column names `columns`: the first call maps them as a CSV file's header row is mapped. Each row's line
    /// is its number in `rows`. On an error, `batch` holds it and the file can be read no further.
    pub fn push_cells(
        &mut self,
        columns: &[&str],
        rows: &CellRows,
        bytes: u64,
        batch: &mut RowBatch,
    ) {
        if let Err(kind) = self.read_cells(columns, rows, bytes, batch) {
            batch.error = Some(kind);
        }
    }

    fn read_cells(
        &mut self,
        columns: &[&str],
        rows: &CellRows,
        bytes: u64,
        batch: &mut RowBatch,
    ) -> Result<(), IngestErrorKind> {
        batch.bytes += bytes;
        self.head = None;
        self.cells = true;
        if self.mapping.is_none() {
            let chosen = Chosen {
                preset: self.preset,
                user: &self.user_mapping,
                statuses: &self.statuses,
                currency: &self.chosen_currency,
                date_order: self.date_order,
                shape: None,
            };
            let m = mapping::resolve(columns, self.preset, &self.user_mapping).map_err(|e| {
                let mut records = vec![columns.iter().map(|c| c.to_string()).collect()];
                records.extend(
                    rows.records()
                        .take(proposals::PROPOSAL_ROWS)
                        .map(|r| r.iter().map(str::to_owned).collect()),
                );
                let e = proposals::with_proposals(e, &records, self.preset, &self.user_mapping);
                IngestErrorKind::Mapping(e)
            })?;
            self.mapping = Some(chosen.apply(m, batch));
        }
        let Some(m) = self.mapping.as_ref() else {
            return Ok(());
        };
        for record in rows.records() {
            read_into(m, &record, &mut self.memo, batch);
        }
        self.memo.count_statuses(&mut batch.statuses);
        Ok(())
    }
}

/// Reads `record` with the mapping into `batch`: the typed row, or its reject.
#[inline]
fn read_into(m: &Mapping, record: &Record<'_>, memo: &mut RowMemo, batch: &mut RowBatch) {
    match read_row(
        m,
        record,
        memo,
        &mut batch.keys,
        &mut batch.statuses,
        &mut batch.rounded,
    ) {
        Ok(row) => batch.push_row(record.line, row),
        Err(reason) => batch.push_item(Item::Reject {
            line: record.line,
            reason,
        }),
    }
}

/// What the user chose that a file's mapping takes on, and the shape of the file's start.
struct Chosen<'a> {
    preset: PresetChoice,
    user: &'a [(Field, String)],
    statuses: &'a StatusChoice,
    currency: &'a Option<String>,
    date_order: Option<DateOrder>,
    shape: Option<&'a Shape>,
}

impl Chosen<'_> {
    /// `m` with the user's choices, its header sent on in `batch`.
    fn apply(&self, mut m: Mapping, batch: &mut RowBatch) -> Mapping {
        m.statuses = self.statuses.clone();
        m.chosen_currency.clone_from(self.currency);
        m.date_order = self.date_order;
        let mut header = m.mapped_header();
        if let Some(shape) = self.shape {
            header.separator = shape.separator;
            header.notes.splice(0..0, shape.notes());
        }
        batch.push_item(Item::Header(Box::new(header)));
        m
    }
}

/// The first records of `text` (a file's text from its header row, or first row, on `line`), at most the
/// header and [`proposals::PROPOSAL_ROWS`] more.
fn first_records(text: &str, line: u64, separator: Separator) -> Vec<Vec<String>> {
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut splitter = RecordSplitter::starting_at(line, separator);
    let _ = splitter.feed::<SplitError>(text, true, |r| {
        if records.len() <= proposals::PROPOSAL_ROWS {
            records.push(r.iter().map(str::to_owned).collect());
        }
        Ok(())
    });
    records
}

impl RowReader {
    /// Until the header row is found, keeps the text decoded and looks for it (when the text has doubled
    /// since the last look, so that a long start is not looked through again for every chunk); once it is
    /// found, starts the splitter at it, with the text from there as the chunk's. Returns whether it is found.
    fn find_shape(&mut self, last: bool) -> bool {
        let Some((head, looked)) = self.head.as_mut() else {
            return true;
        };
        head.push_str(&self.text);
        if !last && head.len() < (*looked * 2).max(1) {
            return false;
        }
        *looked = head.len();
        let Some(shape) = find_header(
            head,
            last,
            false,
            self.preset,
            &self.user_mapping,
            self.no_header,
        ) else {
            return false;
        };
        let (mut head, _) = self.head.take().unwrap_or_default();
        head.drain(..shape.start);
        self.text = head;
        self.splitter = RecordSplitter::starting_at(shape.header_line, shape.separator);
        self.shape = Some(shape);
        true
    }
}

/// Why `record` looks cut off by the end of the file, if it does: it is the file's last record, no line
/// break ends it, and the file ends inside one of its characters (`cut_character`), inside one of its quoted
/// fields, or before all the header's fields. (A quote that swallowed several lines is its own reject, in
/// `read_row`.)
#[cold]
fn cut_off(
    record: &Record<'_>,
    mapping: Option<&Mapping>,
    cut_character: bool,
) -> Option<RejectReason> {
    let fields = mapping.map_or(0, Mapping::columns_len);
    if cut_character {
        Some(RejectReason::CutInCharacter)
    } else if record.open_quote && !record.unclosed_quote() {
        Some(RejectReason::CutInQuotedField)
    } else if record.len() < fields {
        Some(RejectReason::CutAfterFields {
            fields: record.len(),
            expected: fields,
        })
    } else {
        None
    }
}
