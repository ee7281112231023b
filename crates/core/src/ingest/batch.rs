//! [`RowBatch`]: what the reading of one chunk produced (a header's mapping, typed rows, rejected rows), with
//! the rows' texts in one buffer, so that the reading and the grouping into orders can run one after the other
//! or on two threads and give the same result.

use std::borrow::Cow;

use super::decode::Encoding;
use super::orders::RowValues;
use super::preset::{Field, Mapping};

/// A row's text in [`RowBatch::text`].
#[derive(Clone, Copy)]
pub(super) struct Span {
    start: u32,
    end: u32,
}

/// One record read, in file order; `S` is the row's text (see [`RowValues`]).
pub(super) enum Item<S> {
    /// The header row, mapped.
    Header(Box<Mapping>),
    /// An accepted row.
    Row { line: u64, row: RowValues<S> },
    /// A row that cannot be used, and why.
    Reject {
        line: u64,
        field: Option<Field>,
        reason: String,
    },
}

/// The result of reading one chunk of a file.
#[derive(Default)]
pub struct RowBatch {
    /// Bytes of the file in the chunk.
    pub(super) bytes: u64,
    /// The file's encoding, once detected.
    pub(super) encoding: Option<Encoding>,
    pub(super) items: Vec<Item<Span>>,
    text: String,
}

impl RowBatch {
    /// Empties the batch, keeping its buffers.
    pub fn clear(&mut self) {
        self.bytes = 0;
        self.encoding = None;
        self.items.clear();
        self.text.clear();
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
        self.items.push(Item::Row { line, row });
    }

    /// The items, each row with its texts as `&str`.
    pub(super) fn drain(&mut self) -> impl Iterator<Item = Item<&str>> {
        let text = &self.text;
        self.items.drain(..).map(move |item| match item {
            Item::Header(m) => Item::Header(m),
            Item::Row { line, row } => Item::Row {
                line,
                row: row.map(|s| text.get(s.start as usize..s.end as usize).unwrap_or("")),
            },
            Item::Reject {
                line,
                field,
                reason,
            } => Item::Reject {
                line,
                field,
                reason,
            },
        })
    }
}
