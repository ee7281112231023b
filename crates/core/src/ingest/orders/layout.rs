//! Laying out the valid orders as the columnar [`Dataset`]: a counting sort by customer, each customer's
//! orders by date, then the customers', orders' and lines' columns (on two threads where there are threads).

use super::book::{OrderBook, LAY_OUT_AHEAD};
use super::draft::{ContactSlot, LineRow};
use super::intern::Interner;
use crate::date::Day;
use crate::join::join;
use crate::model::{Contacts, Dataset, Lines, Orders};
use crate::money::Currency;
use crate::prefetch::prefetch;
use crate::texts::Texts;

/// A valid order with a customer, as it goes into the dataset.
pub(super) struct Valid {
    pub(super) customer: u32,
    pub(super) date: Day,
    pub(super) value: i64,
    /// The order's draft.
    pub(super) draft: u32,
    pub(super) subscription: bool,
}

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

impl OrderBook {
    /// The keys and contacts of the customers with valid orders (those with orders in `start`, from
    /// [`customer_order`]), numbered densely in customer-number order, where each one's orders start, and the
    /// orders' customer column.
    pub(super) fn customer_columns(&self, start: &[u32]) -> (Texts, Contacts, Vec<u32>, Vec<u32>) {
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
            if !self.names.is_empty() {
                contacts
                    .name
                    .push(self.names.get(c).map_or("", |n| text(*n)));
            }
            customer_start.push(w[0]);
            customer.extend(std::iter::repeat_n(dense, (w[1] - w[0]) as usize));
        }
        (customer_keys, contacts, customer_start, customer)
    }

    pub(super) fn lay_out(mut self, currency: Currency, valid: Vec<Valid>) -> Dataset {
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
        let ((order, start), ()) = join(
            self.threads,
            || customer_order(&valid, customers),
            move || drop(checked),
        );
        // Customers with valid orders, numbered densely in customer-number order, and the orders' and lines'
        // columns: one pass per kind of data, so that neither waits on a branch that depends on what it loads,
        // and the customers' at once with the others where there are threads.
        let order_count = order.len();
        let tags = std::mem::take(&mut self.tags);
        // The lines' rows go as soon as their columns are made, while the customers' columns are still being
        // made: the two are not held whole at once.
        let rows = std::mem::take(&mut self.lines);
        let ((customer_keys, contacts, mut customer_start, customer), (mut orders, lines, tags)) =
            join(
                self.threads,
                || self.customer_columns(&start),
                || {
                    let (mut orders, position) = order_columns(&valid, &order, draft_count);
                    drop((valid, order));
                    let lines;
                    (orders.first_line, lines) = line_columns(&rows, &position, order_count);
                    drop(rows);
                    let tags = tags.columns(&position, order_count);
                    (orders, lines, tags)
                },
            );
        orders.customer = customer;
        (orders.channel, orders.coupon) = (tags.channel, tags.coupon);
        drop(start);
        (self.customers, self.contact_text) = (Interner::default(), Texts::default());
        (self.contacts, self.names) = (Vec::new(), Vec::new());
        customer_start.push(orders.customer.len() as u32);
        Dataset {
            currency,
            customer_keys,
            contacts,
            customer_start,
            orders,
            lines,
            products: self.product_list,
            channels: tags.channels,
            coupons: tags.coupons,
            facts: None,
        }
    }
}
