//! [`OrderBook`]: rows grouped into orders across files. Rows of one order (line items) share its order id;
//! order-level fields are taken from the first row that has them, and rows that disagree are noted. An order
//! id already read from an earlier file is a re-export when its first row there has the same date and customer:
//! its rows are skipped and counted. With another date or customer it is another order that reuses the id.

use std::ops::Deref;

use rustc_hash::FxHashMap;

use crate::join::Threads;

use super::super::keys::{self, KeyKind};
use super::super::parse::DateHint;
use super::super::row::{LineDraft, RowValues, NAME_PARTS};
use super::draft::{ContactDraft, ContactSlot, LineRow, OrderDraft, TAGGED, TOTALS_DIFFER};
use super::intern::Interner;
use super::tags::OrderTags;
use crate::date::Day;
use crate::model::Product;
use crate::money::{Currency, Milli};
use crate::texts::Texts;

/// What [`OrderBook::add_row`] did with a row.
pub(in crate::ingest) enum Added {
    /// The row belongs to a new or current order.
    Row,
    /// The row belongs to an order of this file whose rows ended earlier: it was added to that order, but
    /// exports keep an order's rows together, so this is often a duplicated row.
    Rejoined,
    /// The row's order was read from an earlier file; `first_row_in_file` is true once per order and file.
    Duplicate { first_row_in_file: bool },
}

/// How much an [`OrderBook`] holds: to estimate, from a file's first rows, what the whole file will add.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(in crate::ingest) struct Held {
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
pub(in crate::ingest) struct OrderBook {
    /// The threads that checking and laying out the orders may use.
    pub(super) threads: Threads,
    /// Order ids, numbered as first read.
    pub(super) ids: Interner,
    /// The draft of each numbered order id.
    pub(super) draft_of_id: Vec<u32>,
    pub(super) drafts: Vec<OrderDraft>,
    /// Customer keys; a key's number is the customer's id.
    pub(super) customers: Interner,
    /// Each customer's contact, from their latest dated row that has one.
    pub(super) contacts: Vec<ContactDraft>,
    /// Each customer's name, from their latest dated row that has one, kept like the contacts (its text in
    /// `contact_text`: family [`NAME_PARTS`] given, or a full name). Empty until a row has a name, so that files without
    /// names pay nothing for them; then as long as the customers read so far, grown as names come.
    pub(super) names: Vec<ContactSlot>,
    /// Room for a row's name as `names` keeps it.
    pub(super) name_text: String,
    /// The e-mail addresses, phone numbers and names in `contacts` and `names`, appended as they are kept (one
    /// replaced by a newer one stays here unused).
    pub(super) contact_text: Texts,
    pub(super) products: FxHashMap<Box<str>, u32>,
    pub(super) product_list: Vec<Product>,
    /// The orders' channels and coupon codes.
    pub(super) tags: OrderTags,
    pub(super) lines: Vec<LineRow>,
    pub(super) currencies: Vec<Currency>,
    pub(super) file_currency: Vec<u16>,
    /// Per file: its currency is only the default (JPY), neither chosen nor named by its header or preset.
    pub(super) assumed_currency: Vec<bool>,
    /// The order of the previous row.
    pub(super) last_order: Option<u32>,
    /// Room for a phone number's digits.
    pub(super) digits: String,
    /// The last phone cell read and its key, if it has one (rows of an order repeat it).
    pub(super) last_phone: (String, String, bool),
    /// The kind of each customer's key.
    pub(super) kinds: Vec<KeyKind>,
    /// The [`key_hash`](super::draft::key_hash) of e-mail addresses and phone numbers a customer had besides
    /// the kept ones, with the customer: what links customers that share one (`identity.rs`).
    pub(super) links: Vec<(u64, u32)>,
    /// For an order whose id a later file reused for a different order, that order (the next of a chain).
    pub(super) same_id: FxHashMap<u32, u32>,
    /// The sum of the totals of each order whose rows' totals differ (the others' is the first total times
    /// their rows with a total).
    pub(super) total_sums: FxHashMap<u32, Milli>,
    /// Per file: orders with several rows holding a total, and those among them whose totals differ.
    pub(super) multi_row_totals: Vec<(u64, u64)>,
    /// Order ids reused for a different order, and the first few (id number, first file, later file).
    pub(super) reused: (u64, Vec<(u32, u16, u16)>),
    /// Orders whose rows disagree on the date or customer, or between copies, noted once each (the first few
    /// kept). Totals that differ within a file are in `total_examples` until the file's column is judged.
    pub(super) conflicts: (u64, Vec<Conflict>),
    /// The first few orders per file whose rows' totals differ, with the line of the first differing row.
    pub(super) total_examples: Vec<Conflict>,
    /// Per file, what its dates written with the year last say about the order of day and month.
    pub(super) date_hints: Vec<DateHints>,
}

/// What a file's dates say about the order of day and month: the first line of a date that can only be day
/// first, of one that can only be month first, and of one that can be either.
#[derive(Clone, Copy, Default)]
pub(super) struct DateHints {
    pub(super) day_first: Option<u64>,
    pub(super) month_first: Option<u64>,
    pub(super) ambiguous: Option<u64>,
}

/// Rows of one order that disagree.
pub(super) struct Conflict {
    pub(super) file: u16,
    pub(super) first_line: u64,
    pub(super) line: u64,
    pub(super) on: ConflictOn,
}

/// What two rows of one order disagree on.
#[derive(Clone, Copy)]
pub(super) enum ConflictOn {
    Date,
    Customer,
    /// The total, between rows of one file.
    Total,
    /// The total, between a re-export and its copy in this earlier file.
    CopyTotal(u16),
}

/// How many examples of reused ids and conflicts are kept.
pub(super) const EXAMPLES: usize = 5;

/// Whether two keys of the same kind are the same key: equal, or digits only and equal without leading zeros
/// (Excel drops them from one export and not another).
pub(super) fn same_key(a: &str, b: &str) -> bool {
    let padded = keys::digits_without_leading_zeros;
    a == b || padded(a).is_some_and(|a| padded(b) == Some(a))
}

/// How many items ahead the passes over every customer or order (linking, laying out) prefetch what they will read at random (see
/// [`prefetch`]); for a chain of two such reads, the first is prefetched this far ahead and the second half as far.
pub(super) const LAY_OUT_AHEAD: usize = 16;

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
        let named = chosen.and_then(Currency::from_code).or(implied);
        let assumed = named.is_none();
        let index = self.currency_index(named.unwrap_or_else(Currency::jpy));
        if self.file_currency.len() <= file as usize {
            self.file_currency.resize(file as usize + 1, 0);
            self.assumed_currency.resize(file as usize + 1, false);
        }
        self.file_currency[file as usize] = index;
        self.assumed_currency[file as usize] = assumed;
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
    pub fn new(threads: Threads) -> OrderBook {
        OrderBook {
            threads,
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
        let previous = self.last_order;
        let (order, added) = match row.order_id.as_deref() {
            Some(id) => match self.order_for(file, line, id, &row) {
                Ok(found) => found,
                Err(duplicate) => return duplicate,
            },
            None => (self.new_draft(file, line, None), Added::Row),
        };
        let customer = row
            .key
            .as_deref()
            .map(|k| self.customer_of(order, k, row.key_kind));
        if let Some(c) = customer {
            let contact = &mut self.contacts[c as usize];
            let texts = &mut self.contact_text;
            if let Some(h) = contact.email.offer(row.date, row.email.as_deref(), texts) {
                self.links.push((h, c));
            }
            let phone = row.phone.as_deref().and_then(|p| {
                let (last, key, usable) = &mut self.last_phone;
                if last != p {
                    last.clear();
                    last.push_str(p);
                    key.clear();
                    let read = keys::phone_key_in(p, &mut self.digits).usable();
                    *usable = read.is_some();
                    key.push_str(read.as_deref().unwrap_or(""));
                }
                usable.then_some(key.as_str())
            });
            if let Some(h) = contact.phone.offer(row.date, phone, texts) {
                self.links.push((h, c));
            }
            // The rows of an order repeat its customer's name: its first row gives it.
            match row.name.as_deref() {
                Some(name) if previous != Some(order) => {
                    self.offer_name(c, row.date, name, row.given_name.as_deref())
                }
                _ => {}
            }
        }
        let currency = row
            .currency
            .as_deref()
            .map(|code| self.currency_of_code(code));
        let product = row.line.as_ref().map(|l| self.intern_product(l));
        if row.date_hint != DateHint::Settled {
            self.note_date_hint(file, line, row.date_hint);
        }
        self.check_agreement(order, line, &row, customer);
        let draft = &mut self.drafts[order as usize];
        let differed = draft.is(TOTALS_DIFFER);
        draft.take(&row, customer, currency);
        if (row.channel.is_some() || row.coupon.is_some()) && !draft.is(TAGGED) {
            draft.flags |= TAGGED;
            self.tags
                .add(order, row.channel.as_deref(), row.coupon.as_deref());
        }
        if let Some(total) = row.total {
            if draft.total_rows == 2 || draft.is(TOTALS_DIFFER) {
                self.count_total(order, file, line, total, differed);
            }
        }
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

    pub(super) fn new_draft(&mut self, file: u16, line: u64, label: Option<u32>) -> u32 {
        self.drafts.push(OrderDraft::new(file, line, label));
        (self.drafts.len() - 1) as u32
    }

    /// The customer numbered for `key` on a row of `order`: the order's own customer when its earlier rows
    /// had the same key (the usual case, without a look-up), else the key's number.
    fn customer_of(&mut self, order: u32, key: &str, kind: KeyKind) -> u32 {
        match self.drafts[order as usize].customer() {
            Some(c) if self.customers.is(c, key) => c,
            _ => self.intern_customer(key, kind),
        }
    }

    /// The numbers in [`contact_text`](OrderBook::contact_text) of customer `c`'s kept e-mail, phone and name
    /// ([`NO_TEXT`](super::draft::NO_TEXT) for one not kept), to prefetch them.
    pub(super) fn contact_texts(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        let name = self.names.get(c).map(|n| n.text);
        self.contacts
            .get(c)
            .into_iter()
            .flat_map(|k| [k.email.text, k.phone.text])
            .chain(name)
            .map(|t| t as usize)
    }

    /// Keeps a row's name (a full name, or a family name and the `given` one) as customer `c`'s when it is
    /// their latest (names never link customers: many people share one).
    #[inline(never)]
    fn offer_name(&mut self, c: u32, date: Option<Day>, name: &str, given: Option<&str>) {
        if self.names.len() <= c as usize {
            self.names
                .resize(self.contacts.len(), ContactSlot::default());
        }
        let text = &mut self.name_text;
        text.clear();
        text.push_str(name);
        if let Some(given) = given {
            text.push(NAME_PARTS);
            text.push_str(given);
        }
        // The separator is a control character no name holds; one in a cell is read as a space.
        if text.bytes().filter(|&b| b == NAME_PARTS as u8).count() > usize::from(given.is_some()) {
            let at = given.map_or(usize::MAX, |_| name.len());
            *text = text
                .char_indices()
                .map(|(i, c)| if c == NAME_PARTS && i != at { ' ' } else { c })
                .collect();
        }
        let _ = self.names[c as usize].offer(date, Some(text), &mut self.contact_text);
    }

    fn intern_customer(&mut self, key: &str, kind: KeyKind) -> u32 {
        let c = self.customers.intern(key);
        if c as usize == self.contacts.len() {
            self.contacts.push(ContactDraft::default());
            self.kinds.push(kind);
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
}
