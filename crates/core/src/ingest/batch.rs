//! [`RowBatch`]: what the reading of one chunk produced (a header's mapping, typed rows, rejected rows), with
//! the rows' texts in one buffer, so that the reading and the grouping into orders can run one after the other,
//! on two threads, or in two WebAssembly instances (a batch travels as bytes, see [`RowBatch::to_bytes`]), and
//! give the same result.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::error::IngestErrorKind;
use super::keys::KeyNotes;
use super::options::Encoding;
use super::reject_reason::RejectReason;
use super::row::{MappedHeader, RowValues};
use super::statuses::StatusTally;
use crate::amount::RoundedAmounts;

mod bytes;
mod record;

use record::RowRecord;

/// A row's text in [`RowBatch::text`]: where it starts and ends. Plain numbers, so that a row's record
/// ([`RowRecord`]) is too.
#[derive(Clone, Copy, Default, Serialize, Deserialize, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub(super) struct Span {
    start: u32,
    end: u32,
}

/// One record read, in file order; `S` is the row's text (see [`RowValues`]).
#[derive(Serialize, Deserialize)]
pub(super) enum Item<S> {
    /// The header row, mapped.
    Header(Box<MappedHeader>),
    /// An accepted row (a batch holds it as a [`RowRecord`]).
    Row { line: u64, row: RowValues<S> },
    /// The file's last row, cut off by the end of the file (a truncated download), and how.
    CutRow { line: u64, reason: RejectReason },
    /// The file's last row, read, is not ended by a line break: if the file was cut off, it may be too.
    Unterminated { line: u64 },
    /// The record starting on this line held NUL bytes, which were left out of its fields.
    Nul { line: u64 },
    /// A row that cannot be used, and why.
    Reject { line: u64, reason: RejectReason },
}

/// The result of reading one chunk of a file: what was read, and the error that stopped the reading, if one
/// did (the batch then holds what was read before it).
#[derive(Default)]
pub struct RowBatch {
    /// Bytes of the file in the chunk.
    pub(super) bytes: u64,
    /// The file's encoding, once detected.
    pub(super) encoding: Option<Encoding>,
    /// The accepted rows, in file order.
    rows: Vec<RowRecord>,
    /// The other items, in file order, each with its place among all the items (rows and these).
    others: Vec<(u32, Item<Span>)>,
    text: String,
    pub(super) error: Option<IngestErrorKind>,
    /// What was done to the customer keys of the batch's rows.
    pub(super) keys: KeyNotes,
    /// The statuses of the batch's rows.
    pub(super) statuses: StatusTally,
    /// Amounts of the batch's rows read rounded.
    pub(super) rounded: RoundedAmounts,
}

impl RowBatch {
    /// Empties the batch, keeping its buffers.
    pub fn clear(&mut self) {
        self.bytes = 0;
        self.encoding = None;
        self.rows.clear();
        self.others.clear();
        self.text.clear();
        self.error = None;
        self.keys = KeyNotes::default();
        self.statuses = StatusTally::default();
        self.rounded = RoundedAmounts::default();
    }

    /// Bytes of the file the batch was read from.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The batch as bytes (see [`bytes`]), to send to where the rows are grouped (another WebAssembly
    /// instance).
    pub fn to_bytes(&self) -> Vec<u8> {
        bytes::write(self)
    }

    /// A batch from [`to_bytes`](RowBatch::to_bytes)'s bytes; `None` when they are not one. (A text span
    /// outside the batch's text reads as an empty text, as in any batch.)
    pub fn from_bytes(bytes: &[u8]) -> Option<RowBatch> {
        bytes::read(bytes)
    }

    /// A batch from [`to_bytes`](RowBatch::to_bytes)'s bytes held elsewhere (a JavaScript buffer): `len`
    /// bytes, of which `copy(range, into)` copies those in `range` into `into`, which is as long; `None` when
    /// they are not a batch (or `copy` says so), as [`from_bytes`](RowBatch::from_bytes).
    pub fn from_byte_source(
        len: usize,
        copy: impl FnMut(std::ops::Range<usize>, &mut [u8]) -> Option<()>,
    ) -> Option<RowBatch> {
        bytes::read_from(len, copy)
    }

    /// Adds an accepted row, copying its texts into the batch.
    pub(super) fn push_row(&mut self, line: u64, row: RowValues<Cow<'_, str>>) {
        let text = &mut self.text;
        let row = row.map(|s| {
            let start = text.len();
            text.push_str(&s);
            // A chunk's text is far below 4 GiB (records are at most 64 MB).
            Span {
                start: u32::try_from(start).unwrap_or(u32::MAX),
                end: u32::try_from(text.len()).unwrap_or(u32::MAX),
            }
        });
        self.rows.push(RowRecord::new(line, &row));
    }

    /// Adds an item that is not a row.
    pub(super) fn push_item(&mut self, item: Item<Span>) {
        debug_assert!(!matches!(item, Item::Row { .. }));
        // A batch has far fewer than 2^32 items (a chunk's records).
        let place = (self.rows.len() + self.others.len()) as u32;
        self.others.push((place, item));
    }

    /// Whether the last item added is the row read on `line`.
    pub(super) fn ends_with_row(&self, line: u64) -> bool {
        let items = self.rows.len() + self.others.len();
        let last_is_other = self
            .others
            .last()
            .is_some_and(|(place, _)| *place as usize + 1 == items);
        !last_is_other && self.rows.last().is_some_and(|r| r.line() == line)
    }

    /// The items in file order, each row with its texts as `&str`, emptying the batch.
    pub(super) fn drain(&mut self) -> Drain<'_> {
        Drain {
            rows: &mut self.rows,
            next_row: 0,
            others: self.others.drain(..),
            placed: 0,
            text: &self.text,
        }
    }
}

/// A batch's items in order, each row with its texts as `&str`, emptying the batch (its rows when it is
/// dropped); it can also tell the customer key of a row further on.
pub(super) struct Drain<'a> {
    rows: &'a mut Vec<RowRecord>,
    next_row: usize,
    others: std::vec::Drain<'a, (u32, Item<Span>)>,
    /// Items returned so far.
    placed: u32,
    text: &'a str,
}

impl<'a> Drain<'a> {
    fn text(&self, s: Span) -> &'a str {
        self.text
            .get(s.start as usize..s.end as usize)
            .unwrap_or("")
    }

    /// The customer key of the row `k` rows after the next one, if it has one: a hint to look it up ahead
    /// (the few items that are not rows are not counted).
    pub fn key_ahead(&self, k: usize) -> Option<&'a str> {
        let row = self.rows.get(self.next_row + k)?;
        row.key().map(|s| self.text(s))
    }
}

impl Drop for Drain<'_> {
    fn drop(&mut self) {
        self.rows.clear();
    }
}

impl<'a> Iterator for Drain<'a> {
    type Item = Item<&'a str>;

    fn next(&mut self) -> Option<Item<&'a str>> {
        let placed = self.placed;
        self.placed += 1;
        if self
            .others
            .as_slice()
            .first()
            .is_some_and(|(place, _)| *place == placed)
        {
            let (_, item) = self.others.next()?;
            return Some(match item {
                Item::Header(m) => Item::Header(m),
                Item::Row { line, row } => Item::Row {
                    line,
                    row: row.map(|s| self.text(s)),
                },
                Item::CutRow { line, reason } => Item::CutRow { line, reason },
                Item::Unterminated { line } => Item::Unterminated { line },
                Item::Nul { line } => Item::Nul { line },
                Item::Reject { line, reason } => Item::Reject { line, reason },
            });
        }
        let record = self.rows.get(self.next_row)?;
        self.next_row += 1;
        Some(Item::Row {
            line: record.line(),
            row: record.row().map(|s| self.text(s)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{options::IngestOptions, reader::RowReader};
    use super::*;

    /// The batch one reader makes of `csv`, read whole.
    pub(super) fn batch_of(csv: &str) -> RowBatch {
        let mut batch = RowBatch::default();
        RowReader::new(&IngestOptions::default(), None).push(csv.as_bytes(), true, &mut batch);
        batch
    }

    #[test]
    fn the_byte_form_keeps_the_rows_text_and_refuses_text_that_is_not_utf8() {
        let batch = batch_of(
            "order_id,order_date,email,order_total,product_name\n\
             1,2024-01-05,a@example.jp,1200,珈琲豆 200g\n",
        );
        let bytes = batch.to_bytes();
        let back = RowBatch::from_bytes(&bytes).expect("a batch's own bytes");
        assert_eq!(back.text, batch.text);
        assert!(back.text.contains("珈琲豆 200g") && back.text.contains("a@example.jp"));
        // The same bytes with the first byte of 珈 (E7) made a lone continuation byte.
        let at = bytes
            .windows(3)
            .position(|w| w == "珈".as_bytes())
            .expect("the text is in the byte form");
        let mut broken = bytes.clone();
        broken[at] = 0x80;
        assert!(RowBatch::from_bytes(&broken).is_none());
    }
}
