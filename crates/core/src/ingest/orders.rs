//! Grouping rows into orders, and the orders into the columnar [`Dataset`].
//!
//! Rows of one order (line items) share its order id; order-level fields are taken from the first row that
//! has them. An order id already read from an earlier file is a re-export: its rows are skipped and counted.
//! When all files are in, [`OrderBook::build`] settles the currency, excludes cancelled and incomplete orders,
//! rejects orders without a date or total, and lays out the valid ones by customer and date.

use std::ops::Deref;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::intern::{self, Interner};
use super::parse;
use super::preset::Field;
use super::quality::{Quality, Reject};
use super::IngestErrorKind;
use crate::date::Day;
use crate::join::join;
use crate::model::{Contacts, Dataset, Lines, Orders, Product};
use crate::money::{Currency, Milli};
use crate::prefetch::prefetch;
use crate::texts::Texts;

/// The typed values of one accepted row; `S` is its text: cells borrowed from the record as read, or places
/// in a [`RowBatch`](super::batch::RowBatch) while the row waits to be added.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(super) struct RowValues<S> {
    pub order_id: Option<S>,
    #[serde(with = "day_number")]
    pub date: Option<Day>,
    pub total: Option<Milli>,
    pub refunded: Option<Milli>,
    /// Line price × quantity, when the row has a price.
    pub line_value: Option<Milli>,
    pub cancelled: bool,
    pub incomplete: bool,
    pub key: Option<S>,
    /// The e-mail address, normalised as for keys, and the phone number as written (its digits are kept), when
    /// the row has them.
    pub email: Option<S>,
    pub phone: Option<S>,
    /// The currency code (three letters, any case), when the row names one.
    pub currency: Option<S>,
    /// The product line the row carries, if it is one.
    pub line: Option<LineDraft<S>>,
}

impl<S> RowValues<S> {
    /// The same values with each text turned by `f`.
    pub fn map<T>(self, mut f: impl FnMut(S) -> T) -> RowValues<T> {
        RowValues {
            order_id: self.order_id.map(&mut f),
            date: self.date,
            total: self.total,
            refunded: self.refunded,
            line_value: self.line_value,
            cancelled: self.cancelled,
            incomplete: self.incomplete,
            key: self.key.map(&mut f),
            email: self.email.map(&mut f),
            phone: self.phone.map(&mut f),
            currency: self.currency.map(&mut f),
            line: self.line.map(|l| LineDraft {
                product_id: f(l.product_id),
                product_name: f(l.product_name),
                quantity: l.quantity,
                subscription: l.subscription,
            }),
        }
    }
}

/// A row's date as its day number in a batch's bytes (a [`Day`] is otherwise written as text).
mod day_number {
    use super::Day;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(day: &Option<Day>, s: S) -> Result<S::Ok, S::Error> {
        day.map(|d| d.0).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Day>, D::Error> {
        Ok(Option::<i32>::deserialize(d)?.map(Day))
    }
}

/// A product line as read.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(super) struct LineDraft<S> {
    pub product_id: S,
    pub product_name: S,
    pub quantity: i64,
    pub subscription: bool,
}

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
pub(super) struct Lookahead {
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

    /// How many items ahead [`step`](Lookahead::step) wants the key of.
    pub const AHEAD: usize = AHEAD;
}

/// What [`OrderBook::add_row`] did with a row.
pub(super) enum Added {
    /// The row belongs to a new or current order.
    Row,
    /// The row belongs to an order of this file whose rows ended earlier: it was added to that order, but
    /// exports keep an order's rows together, so this is often a duplicated row.
    Rejoined,
    /// The row's order was read from an earlier file; `first_row_in_file` is true once per order and file.
    Duplicate { first_row_in_file: bool },
}

const NO_FILE: u16 = u16::MAX;

/// The largest order value accepted, in thousandths of a currency unit (10^12 units): no shop takes a
/// trillion-yen or trillion-dollar order, and the bound keeps every sum of order values far from overflow.
const MAX_ORDER_VALUE: u64 = 1_000_000_000_000_000;

/// An exact amount in thousandths written in currency units (`-12.5`, `900000000000000`).
fn format_milli(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let (units, frac) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
    if frac == 0 {
        format!("{sign}{units}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{units}.{}", frac.trim_end_matches('0'))
    }
}

/// An order's values as read from its rows so far. Presence is a bit in `flags` rather than an `Option` per
/// field: a million drafts take 48 MB instead of 96.
struct OrderDraft {
    line: u64,
    /// The order total ([`TOTAL`]), else the sum of the line values read so far ([`LINES_VALUE`]).
    gross: Milli,
    refunded: Milli,
    date: Day,
    /// The order id, numbered in [`OrderBook::ids`].
    label: u32,
    customer: u32,
    file: u16,
    duplicate_in: u16,
    currency: u16,
    flags: u16,
}

const LABEL: u16 = 1;
const DATE: u16 = 1 << 1;
const TOTAL: u16 = 1 << 2;
const REFUNDED: u16 = 1 << 3;
const LINES_VALUE: u16 = 1 << 4;
const CUSTOMER: u16 = 1 << 5;
const CURRENCY: u16 = 1 << 6;
const CANCELLED: u16 = 1 << 7;
const INCOMPLETE: u16 = 1 << 8;
const SUBSCRIPTION: u16 = 1 << 9;

impl OrderDraft {
    fn new(file: u16, line: u64, label: Option<u32>) -> OrderDraft {
        OrderDraft {
            line,
            gross: 0,
            refunded: 0,
            date: Day(0),
            label: label.unwrap_or(0),
            customer: 0,
            file,
            duplicate_in: NO_FILE,
            currency: 0,
            flags: if label.is_some() { LABEL } else { 0 },
        }
    }

    fn is(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    fn label(&self) -> Option<u32> {
        self.is(LABEL).then_some(self.label)
    }

    fn date(&self) -> Option<Day> {
        self.is(DATE).then_some(self.date)
    }

    /// The order's value before refunds: its total, else the sum of its lines.
    fn gross(&self) -> Option<Milli> {
        (self.is(TOTAL) || self.is(LINES_VALUE)).then_some(self.gross)
    }

    fn refunded(&self) -> Milli {
        if self.is(REFUNDED) {
            self.refunded
        } else {
            0
        }
    }

    fn customer(&self) -> Option<u32> {
        self.is(CUSTOMER).then_some(self.customer)
    }

    fn currency(&self) -> Option<u16> {
        self.is(CURRENCY).then_some(self.currency)
    }

    /// Takes a row's values: each order-level value from the first row that has it; flags from any row; the
    /// line value added up.
    fn take<S>(&mut self, row: &RowValues<S>, customer: Option<u32>, currency: Option<u16>) {
        fn first<T>(flags: &mut u16, flag: u16, slot: &mut T, value: Option<T>) {
            if let (0, Some(v)) = (*flags & flag, value) {
                *slot = v;
                *flags |= flag;
            }
        }
        let flags = &mut self.flags;
        first(flags, DATE, &mut self.date, row.date);
        first(flags, TOTAL, &mut self.gross, row.total);
        first(flags, REFUNDED, &mut self.refunded, row.refunded);
        first(flags, CUSTOMER, &mut self.customer, customer);
        first(flags, CURRENCY, &mut self.currency, currency);
        if row.cancelled {
            *flags |= CANCELLED;
        }
        if row.incomplete {
            *flags |= INCOMPLETE;
        }
        if row.line.as_ref().is_some_and(|l| l.subscription) {
            *flags |= SUBSCRIPTION;
        }
        if let (0, Some(v)) = (*flags & TOTAL, row.line_value) {
            self.gross = self.gross.saturating_add(v);
            *flags |= LINES_VALUE;
        }
    }
}

/// A customer's e-mail and phone as read so far.
#[derive(Default)]
struct ContactDraft {
    email: ContactSlot,
    phone: ContactSlot,
}

/// A kept e-mail address or phone number: its number in [`OrderBook::contact_text`] and the date of the row
/// it was read on.
#[derive(Clone, Copy)]
struct ContactSlot {
    /// [`NO_DAY`] when the row had no date.
    day: Day,
    /// [`NO_TEXT`] while nothing is kept.
    text: u32,
}

/// Before every date, as `None` is before every `Some`.
const NO_DAY: Day = Day(i32::MIN);
const NO_TEXT: u32 = u32::MAX;

impl Default for ContactSlot {
    fn default() -> Self {
        ContactSlot {
            day: NO_DAY,
            text: NO_TEXT,
        }
    }
}

impl ContactSlot {
    /// The number of the kept text, if one is kept.
    fn kept(self) -> Option<u32> {
        (self.text != NO_TEXT).then_some(self.text)
    }

    /// Keeps `value` when nothing is kept yet or it was read on the same or a later date than the kept one
    /// (the kept text then dates from that row, even when it is the same text).
    fn offer(&mut self, date: Option<Day>, value: Option<&str>, texts: &mut Texts) {
        let Some(value) = value else { return };
        let day = date.unwrap_or(NO_DAY);
        match self.kept() {
            Some(_) if day < self.day || day == NO_DAY => {}
            Some(text) if texts.is(text as usize, value) => self.day = day,
            _ => {
                texts.push(value);
                *self = ContactSlot {
                    day,
                    text: u32::try_from(texts.len() - 1).unwrap_or(NO_TEXT),
                };
            }
        }
    }
}

/// A valid order with a customer, as it goes into the dataset.
struct Valid {
    customer: u32,
    date: Day,
    value: i64,
    /// The order's draft.
    draft: u32,
    subscription: bool,
}

/// How many items ahead the passes that lay out the dataset prefetch what they will read at random (see
/// [`prefetch`]); for a chain of two such reads, the first is prefetched this far ahead and the second half as far.
const LAY_OUT_AHEAD: usize = 16;

/// The positions in `valid` grouped by customer number (a counting sort, which keeps the reading order within
/// a customer), each customer's orders sorted by date; and where each customer number's orders start in it
/// (one extra entry at the end).
fn customer_order(valid: &[Valid], customers: usize) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; customers + 1];
    for (i, v) in valid.iter().enumerate() {
        if let Some(ahead) = valid.get(i + LAY_OUT_AHEAD) {
            prefetch(start.get(ahead.customer as usize + 1));
        }
        start[v.customer as usize + 1] += 1;
    }
    for c in 1..start.len() {
        start[c] += start[c - 1];
    }
    let mut order = vec![0u32; valid.len()];
    let mut next = start.clone();
    for (i, v) in valid.iter().enumerate() {
        if let Some(ahead) = valid.get(i + LAY_OUT_AHEAD) {
            prefetch(next.get(ahead.customer as usize));
        }
        let at = &mut next[v.customer as usize];
        order[*at as usize] = i as u32;
        *at += 1;
    }
    let date = |&i: &u32| valid[i as usize].date;
    for w in start.windows(2) {
        let orders = &mut order[w[0] as usize..w[1] as usize];
        if !orders.is_sorted_by_key(date) {
            orders.sort_by_key(date);
        }
    }
    (order, start)
}

/// The date, value and subscription columns of the `valid` orders in `order` (the other columns empty), and
/// each draft's position in them (`u32::MAX` for drafts that are not valid orders).
fn order_columns(valid: &[Valid], order: &[u32], drafts: usize) -> (Orders, Vec<u32>) {
    let mut orders = Orders {
        date: Vec::with_capacity(order.len()),
        value: Vec::with_capacity(order.len()),
        subscription: Vec::with_capacity(order.len()),
        ..Orders::default()
    };
    let mut position = vec![u32::MAX; drafts];
    for (pos, &i) in order.iter().enumerate() {
        if let Some(&ahead) = order.get(pos + LAY_OUT_AHEAD) {
            prefetch(valid.get(ahead as usize));
        }
        if let Some(&ahead) = order.get(pos + LAY_OUT_AHEAD / 2) {
            prefetch(
                valid
                    .get(ahead as usize)
                    .and_then(|v| position.get(v.draft as usize)),
            );
        }
        let v = &valid[i as usize];
        position[v.draft as usize] = pos as u32;
        orders.date.push(v.date);
        orders.value.push(v.value);
        orders.subscription.push(v.subscription);
    }
    (orders, position)
}

/// The lines of the valid orders grouped by their order's position (a counting sort), and where each order's
/// lines start.
fn line_columns(rows: &[LineRow], position: &[u32], order_count: usize) -> (Vec<u32>, Lines) {
    let mut counts = vec![0u32; order_count + 1];
    for l in rows {
        let p = position[l.order as usize];
        if p != u32::MAX {
            counts[p as usize + 1] += 1;
        }
    }
    for i in 1..counts.len() {
        counts[i] += counts[i - 1];
    }
    let first_line = counts[..order_count].to_vec();
    let total = counts[order_count] as usize;
    let mut lines = Lines {
        product: vec![0; total],
        quantity: vec![0; total],
        subscription: vec![false; total],
    };
    let mut next = counts;
    for (i, l) in rows.iter().enumerate() {
        if let Some(ahead) = rows.get(i + LAY_OUT_AHEAD) {
            prefetch(
                position
                    .get(ahead.order as usize)
                    .and_then(|&p| next.get(p as usize)),
            );
        }
        let p = position[l.order as usize];
        if p != u32::MAX {
            let at = next[p as usize] as usize;
            next[p as usize] += 1;
            lines.product[at] = l.product;
            lines.quantity[at] = i64::from(l.quantity);
            lines.subscription[at] = l.subscription;
        }
    }
    (first_line, lines)
}

struct LineRow {
    order: u32,
    product: u32,
    /// Below 10^9 in magnitude (see `parse_quantity`).
    quantity: i32,
    subscription: bool,
}

/// How much an [`OrderBook`] holds: to estimate, from a file's first rows, what the whole file will add.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Held {
    pub orders: usize,
    pub lines: usize,
    /// Bytes of order ids.
    pub id_bytes: usize,
}

impl Held {
    /// What was added since `before`.
    pub fn since(self, before: Held) -> Held {
        Held {
            orders: self.orders.saturating_sub(before.orders),
            lines: self.lines.saturating_sub(before.lines),
            id_bytes: self.id_bytes.saturating_sub(before.id_bytes),
        }
    }

    /// What `bytes` of a file add when `read` bytes of it added `self`, with a little to spare.
    pub fn scaled(self, bytes: u64, read: u64) -> Held {
        let scale = |n: usize| {
            let n = n as f64 * bytes as f64 / read.max(1) as f64 * 1.05;
            // Far beyond what fits in memory anyway; reserving fails cleanly (see `OrderBook::reserve`).
            n.min(u32::MAX as f64) as usize
        };
        Held {
            orders: scale(self.orders),
            lines: scale(self.lines),
            id_bytes: scale(self.id_bytes),
        }
    }
}

/// Orders under construction, across files.
#[derive(Default)]
pub(super) struct OrderBook {
    /// Order ids, numbered as first read.
    ids: Interner,
    /// The draft of each numbered order id.
    draft_of_id: Vec<u32>,
    drafts: Vec<OrderDraft>,
    /// Customer keys; a key's number is the customer's id.
    customers: Interner,
    /// Each customer's contact, from their latest dated row that has one.
    contacts: Vec<ContactDraft>,
    /// The e-mail addresses and phone numbers in `contacts`, appended as they are kept (one replaced by a newer
    /// one stays here unused).
    contact_text: Texts,
    products: FxHashMap<Box<str>, u32>,
    product_list: Vec<Product>,
    lines: Vec<LineRow>,
    currencies: Vec<Currency>,
    file_currency: Vec<u16>,
    /// The order of the previous row.
    last_order: Option<u32>,
    /// Room for a phone number's digits.
    digits: String,
}

/// A currency's number in [`OrderBook::currencies`]. Currencies are three-letter codes, so there are at most
/// 26³ = 17,576 of them, and every number fits.
fn currency_number(index: usize) -> u16 {
    const _: () = assert!(26 * 26 * 26 < u16::MAX as usize);
    index as u16
}

impl OrderBook {
    /// The number of the currency with this code (three ASCII letters, any case).
    fn currency_of_code(&mut self, code: &str) -> u16 {
        match self
            .currencies
            .iter()
            .position(|c| c.code.eq_ignore_ascii_case(code))
        {
            Some(i) => currency_number(i),
            None => self.currency_index(Currency::from_code(code).unwrap_or_else(Currency::jpy)),
        }
    }

    fn currency_index(&mut self, currency: Currency) -> u16 {
        match self.currencies.iter().position(|c| *c == currency) {
            Some(i) => currency_number(i),
            None => {
                self.currencies.push(currency);
                currency_number(self.currencies.len() - 1)
            }
        }
    }

    /// Sets the currency of a file's orders that do not name one: the user's choice, else the one in the
    /// total column's header, else the preset's, else JPY.
    pub fn set_file_currency(
        &mut self,
        file: u16,
        chosen: Option<&str>,
        implied: Option<Currency>,
    ) {
        let currency = chosen
            .and_then(Currency::from_code)
            .or(implied)
            .unwrap_or_else(Currency::jpy);
        let index = self.currency_index(currency);
        if self.file_currency.len() <= file as usize {
            self.file_currency.resize(file as usize + 1, 0);
        }
        self.file_currency[file as usize] = index;
    }

    /// The order a row with this id belongs to: the previous row's order (rows of an order are adjacent in
    /// every export, so this avoids most hash look-ups), else the one with this id, else a new one.
    fn order_for(&mut self, file: u16, line: u64, id: &str) -> Result<(u32, Added), Added> {
        if let Some(o) = self.last_order {
            let draft = &self.drafts[o as usize];
            if draft.file == file && draft.label().is_some_and(|l| self.ids.is(l, id)) {
                return Ok((o, Added::Row));
            }
        }
        let found = match self.ids.intern_new(id) {
            (n, true) => {
                let o = self.new_draft(file, line, Some(n));
                self.draft_of_id.push(o);
                (o, Added::Row)
            }
            (n, false) => {
                let o = self.draft_of_id[n as usize];
                let draft = &mut self.drafts[o as usize];
                if draft.file != file {
                    let first_row_in_file = draft.duplicate_in != file;
                    draft.duplicate_in = file;
                    return Err(Added::Duplicate { first_row_in_file });
                }
                (o, Added::Rejoined)
            }
        };
        self.last_order = Some(found.0);
        Ok(found)
    }

    /// What the book holds.
    pub fn held(&self) -> Held {
        Held {
            orders: self.drafts.len(),
            lines: self.lines.len(),
            id_bytes: self.ids.text_bytes(),
        }
    }

    /// Makes room for `more` orders, lines and bytes of order ids, as far as memory allows (beyond that the
    /// columns grow as rows come).
    pub fn reserve(&mut self, more: Held) {
        let _ = self.drafts.try_reserve_exact(more.orders);
        let _ = self.draft_of_id.try_reserve_exact(more.orders);
        let _ = self.lines.try_reserve_exact(more.lines);
        self.ids.try_reserve(more.orders, more.id_bytes);
    }

    /// An empty book.
    pub fn new() -> OrderBook {
        OrderBook {
            ids: Interner::ordered(),
            ..OrderBook::default()
        }
    }

    /// Adds an accepted row to its order.
    pub fn add_row<S: Deref<Target = str>>(
        &mut self,
        file: u16,
        line: u64,
        row: RowValues<S>,
    ) -> Added {
        let (order, added) = match row.order_id.as_deref() {
            Some(id) => match self.order_for(file, line, id) {
                Ok(found) => found,
                Err(duplicate) => return duplicate,
            },
            None => (self.new_draft(file, line, None), Added::Row),
        };
        let customer = row.key.as_deref().map(|k| self.customer_of(order, k));
        if let Some(c) = customer {
            let contact = &mut self.contacts[c as usize];
            let texts = &mut self.contact_text;
            contact.email.offer(row.date, row.email.as_deref(), texts);
            let phone = row
                .phone
                .as_deref()
                .and_then(|p| parse::phone_key_in(p, &mut self.digits));
            contact.phone.offer(row.date, phone, texts);
        }
        let currency = row
            .currency
            .as_deref()
            .map(|code| self.currency_of_code(code));
        let product = row.line.as_ref().map(|l| self.intern_product(l));
        self.drafts[order as usize].take(&row, customer, currency);
        if let (Some(l), Some(product)) = (row.line, product) {
            self.lines.push(LineRow {
                order,
                product,
                quantity: i32::try_from(l.quantity).unwrap_or(i32::MAX),
                subscription: l.subscription,
            });
        }
        added
    }

    fn new_draft(&mut self, file: u16, line: u64, label: Option<u32>) -> u32 {
        self.drafts.push(OrderDraft::new(file, line, label));
        (self.drafts.len() - 1) as u32
    }

    /// The customer numbered for `key` on a row of `order`: the order's own customer when its earlier rows
    /// had the same key (the usual case, without a look-up), else the key's number.
    fn customer_of(&mut self, order: u32, key: &str) -> u32 {
        match self.drafts[order as usize].customer() {
            Some(c) if self.customers.is(c, key) => c,
            _ => self.intern_customer(key),
        }
    }

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

    /// The numbers in [`contact_text`](OrderBook::contact_text) of customer `c`'s kept e-mail and phone
    /// ([`NO_TEXT`] for one not kept), to prefetch them.
    fn contact_texts(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        self.contacts
            .get(c)
            .into_iter()
            .flat_map(|k| [k.email.text, k.phone.text])
            .map(|t| t as usize)
    }

    fn intern_customer(&mut self, key: &str) -> u32 {
        let c = self.customers.intern(key);
        if c as usize == self.contacts.len() {
            self.contacts.push(ContactDraft::default());
        }
        c
    }

    fn intern_product<S: Deref<Target = str>>(&mut self, line: &LineDraft<S>) -> u32 {
        let key: &str = if line.product_id.is_empty() {
            &line.product_name
        } else {
            &line.product_id
        };
        if let Some(&p) = self.products.get(key) {
            return p;
        }
        let p = self.product_list.len() as u32;
        self.product_list.push(Product {
            id: line.product_id.to_string(),
            name: line.product_name.to_string(),
        });
        self.products.insert(key.into(), p);
        p
    }

    /// Builds the dataset of valid orders, recording exclusions and rejected orders in `quality`. Fails
    /// with the currencies and their order counts when the orders mix currencies and none was chosen.
    pub fn build(
        self,
        chosen: Option<Currency>,
        quality: &mut Quality,
    ) -> Result<Dataset, IngestErrorKind> {
        let currency_of = |d: &OrderDraft| {
            d.currency().unwrap_or_else(|| {
                self.file_currency
                    .get(d.file as usize)
                    .copied()
                    .unwrap_or(0)
            })
        };
        let target = match chosen {
            Some(c) => c,
            None => {
                let mut counts = vec![0u64; self.currencies.len()];
                for d in self
                    .drafts
                    .iter()
                    .filter(|d| !d.is(CANCELLED) && !d.is(INCOMPLETE))
                {
                    counts[currency_of(d) as usize] += 1;
                }
                let used: Vec<(String, u64)> = self
                    .currencies
                    .iter()
                    .zip(&counts)
                    .filter(|(_, &n)| n > 0)
                    .map(|(c, &n)| (c.code.clone(), n))
                    .collect();
                if used.len() > 1 {
                    return Err(IngestErrorKind::MixedCurrencies(used));
                }
                used.first()
                    .and_then(|(code, _)| Currency::from_code(code))
                    .unwrap_or_else(Currency::jpy)
            }
        };
        let file_name = |d: &OrderDraft| {
            quality
                .files
                .get(d.file as usize)
                .map_or(String::new(), |f| f.name.clone())
        };
        let mut rejects = Vec::new();
        let mut valid: Vec<Valid> = Vec::with_capacity(self.drafts.len());
        let (mut cancelled, mut incomplete, mut without_customer, mut revenue_without) =
            (0u64, 0u64, 0u64, 0i64);
        // Every analysis sums order values in `i64` (revenue, per customer, cohort, segment, group): any such
        // sum is at most the sum of all values ignoring signs, so when that fits, all of them do.
        let mut unsigned_sum = 0u128;
        for (i, d) in self.drafts.iter().enumerate() {
            if d.is(CANCELLED) {
                cancelled += 1;
                continue;
            }
            if d.is(INCOMPLETE) {
                incomplete += 1;
                continue;
            }
            // Named in reject reasons only, so written only for them.
            let label = || {
                d.label().map_or_else(
                    || "the order".to_string(),
                    |l| format!("order {}", self.ids.text(l)),
                )
            };
            let mut reject = |field: Field, reason: String| {
                rejects.push(Reject {
                    file: file_name(d),
                    line: d.line,
                    field: Some(field),
                    reason,
                });
            };
            let currency = &self.currencies[currency_of(d) as usize];
            if currency.code != target.code {
                reject(
                    Field::Currency,
                    format!(
                        "{} is in {}, not the chosen {}",
                        label(),
                        currency.code,
                        target.code
                    ),
                );
                continue;
            }
            let Some(date) = d.date() else {
                reject(
                    Field::OrderDate,
                    format!("{} has no order date in any of its rows", label()),
                );
                continue;
            };
            let Some(gross) = d.gross() else {
                reject(
                    Field::OrderTotal,
                    format!("{} has no order total in any of its rows", label()),
                );
                continue;
            };
            let net = gross.saturating_sub(d.refunded());
            if net.unsigned_abs() > MAX_ORDER_VALUE {
                reject(
                    Field::OrderTotal,
                    format!(
                        "{}: the value {} {} is implausibly large (over 1,000,000,000,000); check the amount columns",
                        label(),
                        format_milli(net),
                        target.code
                    ),
                );
                continue;
            }
            let Some(value) = target.to_minor(net) else {
                reject(
                    Field::OrderTotal,
                    format!(
                        "{}: the amount {} has more decimals than {} has",
                        label(),
                        format_milli(net),
                        target.code
                    ),
                );
                continue;
            };
            unsigned_sum += u128::from(value.unsigned_abs());
            match d.customer() {
                Some(customer) => valid.push(Valid {
                    customer,
                    date,
                    value,
                    draft: i as u32,
                    subscription: d.is(SUBSCRIPTION),
                }),
                None => {
                    without_customer += 1;
                    revenue_without += value;
                }
            }
            if unsigned_sum > i64::MAX as u128 {
                return Err(IngestErrorKind::SumTooLarge {
                    limit: crate::money::format_money(i64::MAX, &target.code, target.decimals),
                });
            }
        }
        quality.cancelled_orders += cancelled;
        quality.incomplete_orders += incomplete;
        quality.orders_without_customer += without_customer;
        quality.revenue_without_customer_minor += revenue_without;
        quality.orders_rejected += rejects.len() as u64;
        for r in rejects {
            quality.reject(r);
        }
        Ok(self.lay_out(target, valid))
    }

    /// The keys and contacts of the customers with valid orders (those with orders in `start`, from
    /// [`customer_order`]), numbered densely in customer-number order, where each one's orders start, and the
    /// orders' customer column.
    fn customer_columns(&self, start: &[u32]) -> (Texts, Contacts, Vec<u32>, Vec<u32>) {
        let mut customer_keys = Texts::default();
        let mut contacts = Contacts::default();
        let mut customer_start = Vec::new();
        let mut customer = Vec::with_capacity(start.last().map_or(0, |&n| n as usize));
        // At most every customer and all their text: room that is never written costs no memory.
        let customers = self.contacts.len();
        customer_keys.try_reserve(customers, self.customers.text_bytes());
        for texts in [&mut contacts.email, &mut contacts.phone] {
            texts.try_reserve(customers, self.contact_text.text_bytes());
        }
        let _ = customer_start.try_reserve_exact(customers + 1);
        // The contacts' texts were kept in the order rows came, so they are read at random.
        for (c, w) in start.windows(2).enumerate() {
            self.contact_texts(c + LAY_OUT_AHEAD)
                .for_each(|t| self.contact_text.prefetch_span(t));
            self.contact_texts(c + LAY_OUT_AHEAD / 2)
                .for_each(|t| self.contact_text.prefetch_text(t));
            if w[0] == w[1] {
                continue;
            }
            let dense = customer_keys.len() as u32;
            customer_keys.push(self.customers.text(c as u32));
            let contact = &self.contacts[c];
            let text =
                |slot: ContactSlot| slot.kept().map_or("", |t| &self.contact_text[t as usize]);
            contacts.email.push(text(contact.email));
            contacts.phone.push(text(contact.phone));
            customer_start.push(w[0]);
            customer.extend(std::iter::repeat_n(dense, (w[1] - w[0]) as usize));
        }
        (customer_keys, contacts, customer_start, customer)
    }

    fn lay_out(mut self, currency: Currency, valid: Vec<Valid>) -> Dataset {
        // What only the checks needed goes before the dataset's columns are allocated, freed on the other
        // thread (where there are threads) while the orders are grouped by customer.
        let drafts = std::mem::take(&mut self.drafts);
        let draft_count = drafts.len();
        let checked = (
            drafts,
            std::mem::take(&mut self.ids),
            std::mem::take(&mut self.draft_of_id),
        );
        let customers = self.contacts.len();
        let ((order, start), ()) =
            join(|| customer_order(&valid, customers), move || drop(checked));
        // Customers with valid orders, numbered densely in customer-number order, and the orders' and lines'
        // columns: one pass per kind of data, so that neither waits on a branch that depends on what it loads,
        // and the customers' at once with the others where there are threads.
        let order_count = order.len();
        let ((customer_keys, contacts, mut customer_start, customer), (mut orders, lines)) = join(
            || self.customer_columns(&start),
            || {
                let (mut orders, position) = order_columns(&valid, &order, draft_count);
                drop((valid, order));
                let lines;
                (orders.first_line, lines) = line_columns(&self.lines, &position, order_count);
                (orders, lines)
            },
        );
        orders.customer = customer;
        drop(start);
        (self.customers, self.contact_text) = (Interner::default(), Texts::default());
        self.contacts = Vec::new();
        customer_start.push(orders.customer.len() as u32);
        Dataset {
            currency,
            customer_keys,
            contacts,
            customer_start,
            orders,
            lines,
            products: self.product_list,
        }
    }
}
