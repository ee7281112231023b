//! Adding a batch's rows to the [`OrderBook`] in file order. Grouping is bound by memory latency (a customer
//! look-up and the customer's kept contact per row, in tables of hundreds of thousands of entries), so each
//! row's look-up is prefetched a few rows ahead, in steps (a hint that changes nothing computed, and does
//! nothing in WebAssembly).

use super::super::batch::{Drain, Item};
use super::book::{Added, OrderBook};
use super::intern;
use crate::prefetch::prefetch;

/// Rows between the steps in which the grouping starts loading what a row's customer look-up will read,
/// [`AHEAD`] rows ahead of it: the table slot, then the key's span and the customer's contact, then the key's
/// text and the contact's spans, then the contact's texts. Each step reads what the one before loaded; with one
/// row per step it often had not arrived yet.
const STEP: usize = 3;
const AHEAD: usize = 4 * STEP;
const _: () = assert!(AHEAD < 16, "Lookahead keeps 16 hashes");

/// The customer keys' hashes of the rows just ahead of the one being added, to prefetch their look-ups
/// ([`OrderBook::prefetch_customer`]).
#[derive(Default)]
struct Lookahead {
    /// By row number modulo 16 (more than [`AHEAD`]).
    hashes: [Option<u32>; 16],
    row: usize,
}

impl Lookahead {
    /// Called before adding each row (or other item) of a batch, with the customer key of the item
    /// [`AHEAD`] items after it, if that is a row with one.
    #[inline]
    pub fn step(&mut self, book: &OrderBook, key_ahead: Option<&str>) {
        let row = self.row;
        self.hashes[(row + AHEAD) % 16] = key_ahead.map(intern::hash);
        for rows_ahead in (STEP..=AHEAD).step_by(STEP) {
            if let Some(h) = self.hashes[(row + rows_ahead) % 16] {
                book.prefetch_customer(h, rows_ahead);
            }
        }
        self.row += 1;
    }
}

impl OrderBook {
    /// Starts loading what looking up the customer key with hash `h`, `rows_ahead` rows from now, will read
    /// (see [`AHEAD`]). The slot's number is taken for the key's without checking: a hint only.
    #[inline]
    fn prefetch_customer(&self, h: u32, rows_ahead: usize) {
        let customers = &self.customers;
        if rows_ahead == AHEAD {
            return customers.prefetch_slot(h);
        }
        let Some(n) = customers.likely(h) else { return };
        let n = n as usize;
        match rows_ahead / STEP {
            3 => {
                customers.texts().prefetch_span(n);
                prefetch(self.contacts.get(n));
                prefetch(self.names.get(n));
            }
            2 => {
                customers.texts().prefetch_text(n);
                self.contact_texts(n)
                    .for_each(|t| self.contact_text.prefetch_span(t));
            }
            _ => self
                .contact_texts(n)
                .for_each(|t| self.contact_text.prefetch_text(t)),
        }
    }
}

/// What became of one item of a batch: a row added to its order, or an item that is not a row.
pub(in crate::ingest) enum Grouped<'a> {
    /// A row, added to its order as `added` says.
    Row { line: u64, added: Added },
    /// The header's mapping or a rejected row, passed on as it came (boxed: rare, and the size of a row).
    Other(Box<Item<&'a str>>),
}

impl OrderBook {
    /// Adds the rows of a batch of `file` to their orders as the returned iterator is read, in order, and
    /// tells what became of each item. A header row sets the currency of the file's orders that do not name
    /// one: `chosen`, else the one the header implies.
    pub(in crate::ingest) fn add_batch<'b, 'a>(
        &'b mut self,
        file: u16,
        items: Drain<'a>,
        chosen: Option<&'b str>,
    ) -> AddBatch<'b, 'a> {
        AddBatch {
            book: self,
            file,
            items,
            chosen,
            lookahead: Lookahead::default(),
        }
    }
}

/// The items of a batch being added to an [`OrderBook`] (see [`OrderBook::add_batch`]).
pub(in crate::ingest) struct AddBatch<'b, 'a> {
    book: &'b mut OrderBook,
    file: u16,
    items: Drain<'a>,
    chosen: Option<&'b str>,
    lookahead: Lookahead,
}

impl<'a> Iterator for AddBatch<'_, 'a> {
    type Item = Grouped<'a>;

    #[inline]
    fn next(&mut self) -> Option<Grouped<'a>> {
        let item = self.items.next()?;
        self.lookahead
            .step(self.book, self.items.key_ahead(AHEAD - 1));
        Some(match item {
            Item::Row { line, row } => Grouped::Row {
                line,
                added: self.book.add_row(self.file, line, row),
            },
            Item::Header(m) => {
                let implied = m.currency.clone();
                self.book.set_file_currency(self.file, self.chosen, implied);
                Grouped::Other(Box::new(Item::Header(m)))
            }
            other => Grouped::Other(Box::new(other)),
        })
    }
}
