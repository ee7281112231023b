//! The columnar dataset every analysis reads.
//!
//! Ingestion ends in a [`Dataset`]: the valid orders of customers with a key, sorted by customer then date, as
//! parallel columns; customers and products interned to dense `u32` ids. Analyses are linear passes over these
//! columns: the orders of customer `c` are the contiguous run `customer_orders(c)`.

use std::borrow::Cow;

use serde::Serialize;

use crate::date::Day;
use crate::money::Currency;
use crate::texts::Texts;

/// A product as exported: the cart's product id or code (may be empty) and its name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Product {
    /// The cart's product id or code (may be empty).
    pub id: String,
    /// The product's name (may be empty).
    pub name: String,
}

/// The valid orders, as columns of equal length sorted by (customer, date).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Orders {
    /// Customer id (index into [`Dataset::customer_keys`]).
    pub customer: Vec<u32>,
    /// Local calendar date.
    pub date: Vec<Day>,
    /// Order value in minor units (total minus refunds).
    pub value: Vec<i64>,
    /// Whether the order holds a subscription line.
    pub subscription: Vec<bool>,
    /// Start of the order's lines in [`Lines`]; the order's lines end where the next order's start.
    pub first_line: Vec<u32>,
    /// The order's channel (index into [`Dataset::channels`]; 0 for none); empty when no file had a channel.
    pub channel: Vec<u32>,
    /// The order's coupon code (index into [`Dataset::coupons`]; 0 for none); empty when no file had one.
    pub coupon: Vec<u32>,
}

/// Product lines of the valid orders, grouped by order in order sequence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    /// Product id (index into [`Dataset::products`]).
    pub product: Vec<u32>,
    /// Quantity.
    pub quantity: Vec<i64>,
    /// Whether the line is a subscription line.
    pub subscription: Vec<bool>,
}

/// How to reach a customer, as the exports had it: e-mail trimmed and lower-cased, phone digits only (names
/// are in [`Contacts`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    /// The e-mail address, trimmed and lower-cased.
    pub email: Option<String>,
    /// The phone number's digits.
    pub phone: Option<String>,
}

/// Every customer's e-mail, phone and name, by customer id; an empty text where the exports had none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contacts {
    /// Each customer's e-mail address (empty where none).
    pub email: Texts,
    /// Each customer's phone number's digits (empty where none).
    pub phone: Texts,
    /// Each customer's name (empty where none; no entries at all when no export had names): the family and
    /// given names separated by [`NAME_PARTS`] where the export has them apart, else the full name. Read it
    /// with [`name`](Contacts::name), [`name_family`](Contacts::name_family) and
    /// [`name_given`](Contacts::name_given).
    pub name: Texts,
}

/// The separator of the family and the given name in [`Contacts::name`]: a control character, which no name
/// holds.
pub const NAME_PARTS: char = '\u{1F}';

/// A full name from its parts, for 「山田 太郎 様」: a half-width space between them (the form mail merges and
/// carts' own templates write; it is one byte in every encoding and a full-width one would look doubled in
/// a template that adds its own). Names written in Latin letters only put the given name first
/// (`Taro Yamada`), as their owners write them; others, Japanese ones, the family name first (`山田 太郎`). A
/// missing part leaves the other alone.
pub fn full_name(family: &str, given: &str) -> String {
    match (family.is_empty(), given.is_empty()) {
        (true, _) => given.to_string(),
        (_, true) => family.to_string(),
        _ if latin(family) && latin(given) => format!("{given} {family}"),
        _ => format!("{family} {given}"),
    }
}

/// Whether a name is written in Latin letters (with spaces, hyphens, apostrophes and dots).
fn latin(name: &str) -> bool {
    name.chars().all(|c| {
        c.is_ascii_alphabetic() || " -'.".contains(c) || ('\u{C0}'..='\u{24F}').contains(&c)
    })
}

impl Contacts {
    /// Customer `c`'s e-mail address, if the exports had one.
    pub fn email(&self, c: usize) -> Option<&str> {
        self.email.get(c).filter(|t| !t.is_empty())
    }

    /// Customer `c`'s phone number, if the exports had one.
    pub fn phone(&self, c: usize) -> Option<&str> {
        self.phone.get(c).filter(|t| !t.is_empty())
    }

    /// Customer `c`'s name as kept: family and given names, or `None` and the full name.
    fn name_parts(&self, c: usize) -> (Option<&str>, &str) {
        let kept = self.name.get(c).unwrap_or("");
        match kept.split_once(NAME_PARTS) {
            Some((family, given)) => (Some(family), given),
            None => (None, kept),
        }
    }

    /// Customer `c`'s family name (姓), if the exports had it apart from the given name.
    pub fn name_family(&self, c: usize) -> Option<&str> {
        self.name_parts(c).0.filter(|t| !t.is_empty())
    }

    /// Customer `c`'s given name (名), if the exports had it apart from the family name.
    pub fn name_given(&self, c: usize) -> Option<&str> {
        match self.name_parts(c) {
            (Some(_), given) if !given.is_empty() => Some(given),
            _ => None,
        }
    }

    /// Customer `c`'s full name, if the exports had a name: as written where the export has it in one
    /// column, else the family and given names joined ([`full_name`]).
    pub fn name(&self, c: usize) -> Option<Cow<'_, str>> {
        match self.name_parts(c) {
            (Some(family), given) => Some(Cow::Owned(full_name(family, given))),
            (None, "") => None,
            (None, full) => Some(Cow::Borrowed(full)),
        }
    }

    /// Customer `c`'s contact as owned strings.
    pub fn get(&self, c: usize) -> Contact {
        Contact {
            email: self.email(c).map(str::to_string),
            phone: self.phone(c).map(str::to_string),
        }
    }
}

/// Per-customer figures given whole, one row per customer (the aggregation a data warehouse does), in place
/// of orders: a [`Dataset`] with them has no orders, and the analyses that need single orders are not
/// available on it. All columns are by customer id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerFacts {
    /// Date of the first valid order.
    pub first_order: Vec<Day>,
    /// Date of the latest valid order.
    pub last_order: Vec<Day>,
    /// Number of valid orders.
    pub orders: Vec<u32>,
    /// Sum of their values, in minor units.
    pub revenue: Vec<i64>,
    /// Days with at least one valid order (the transactions of the LTV models); `None` where the table has
    /// no such column, and the models count orders instead.
    pub order_days: Option<Vec<u32>>,
    /// Value of the first day's orders, in minor units; `None` where the table has no such column, and the
    /// spend model takes the average of all orders instead of the repeat ones.
    pub first_day_revenue: Option<Vec<i64>>,
    /// The first order's product (index into [`Dataset::products`]); [`NO_PRODUCT`] for none.
    pub first_product: Vec<u32>,
    /// The first order's channel (index into [`Dataset::channels`]; 0 for none); empty without the column.
    pub channel: Vec<u32>,
}

/// The product of a customer whose first product a customers table does not name.
pub const NO_PRODUCT: u32 = u32::MAX;

impl CustomerFacts {
    /// The transactions (days with orders) of customer `c`, as the LTV models count them.
    pub fn transactions(&self, c: usize) -> u32 {
        match &self.order_days {
            Some(days) => days[c],
            None => self.orders[c],
        }
    }
}

/// Everything the analyses need, in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    /// The currency of every amount.
    pub currency: Currency,
    /// The customer key of each customer id (customer id, e-mail or phone, normalised).
    pub customer_keys: Texts,
    /// Each customer's e-mail and phone (from their latest order that has them), for export to mail and
    /// messaging tools.
    pub contacts: Contacts,
    /// Start of each customer's orders; `customer_start[c]..customer_start[c + 1]` (one extra entry at the end).
    pub customer_start: Vec<u32>,
    /// The valid orders' columns, sorted by customer, then date.
    pub orders: Orders,
    /// The orders' product lines, grouped by order.
    pub lines: Lines,
    /// Every product the lines name; a line's product id indexes it.
    pub products: Vec<Product>,
    /// The channels the orders name, by number; 0 is the empty text (none). Empty without channels.
    pub channels: Texts,
    /// The coupon codes the orders name, by number; 0 is the empty text (none). Empty without coupons.
    pub coupons: Texts,
    /// Each customer's figures as a customers table gave them, for a dataset read from one (boxed: most
    /// datasets are read from orders); it then has no orders.
    pub facts: Option<Box<CustomerFacts>>,
}

impl Dataset {
    /// Number of customers.
    pub fn customer_count(&self) -> usize {
        self.customer_keys.len()
    }

    /// Whether the dataset was read from a customers table (one row per customer), without single orders.
    pub fn is_customer_table(&self) -> bool {
        self.facts.is_some()
    }

    /// A dataset of the customers of a customers table: their keys, contacts and figures, no orders.
    pub fn of_customers(
        currency: Currency,
        customer_keys: Texts,
        contacts: Contacts,
        facts: CustomerFacts,
        products: Vec<Product>,
        channels: Texts,
    ) -> Dataset {
        Dataset {
            currency,
            customer_start: vec![0; customer_keys.len() + 1],
            customer_keys,
            contacts,
            orders: Orders::default(),
            lines: Lines::default(),
            products,
            channels,
            coupons: Texts::default(),
            facts: Some(Box::new(facts)),
        }
    }

    /// Date of customer `c`'s first valid order, `None` without one.
    pub fn first_order(&self, c: u32) -> Option<Day> {
        match &self.facts {
            Some(facts) => facts.first_order.get(c as usize).copied(),
            None => {
                let orders = self.customer_orders(c);
                (!orders.is_empty()).then(|| self.orders.date[orders.start])
            }
        }
    }

    /// The channel of customer `c`'s first valid order, `None` when it has none.
    pub fn first_channel(&self, c: u32) -> Option<&str> {
        match &self.facts {
            Some(facts) => tag(&facts.channel, &self.channels, c as usize),
            None => {
                let orders = self.customer_orders(c);
                self.order_channel(orders.start)
                    .filter(|_| !orders.is_empty())
            }
        }
    }

    /// The channel of order `o`, `None` when it has none.
    pub fn order_channel(&self, o: usize) -> Option<&str> {
        tag(&self.orders.channel, &self.channels, o)
    }

    /// The coupon code of order `o`, `None` when it has none.
    pub fn order_coupon(&self, o: usize) -> Option<&str> {
        tag(&self.orders.coupon, &self.coupons, o)
    }

    /// Number of valid orders.
    pub fn order_count(&self) -> usize {
        self.orders.date.len()
    }

    /// The index range of customer `c`'s orders, oldest first.
    pub fn customer_orders(&self, c: u32) -> std::ops::Range<usize> {
        self.customer_start[c as usize] as usize..self.customer_start[c as usize + 1] as usize
    }

    /// The index range of customer `c`'s orders dated before `limit` (an as-of date), oldest first; empty when
    /// they have none.
    pub fn customer_orders_before(&self, c: u32, limit: Day) -> std::ops::Range<usize> {
        let range = self.customer_orders(c);
        let n = self.orders.date[range.clone()].partition_point(|d| *d < limit);
        range.start..range.start + n
    }

    /// How many valid orders are dated after `day`, and the latest date: with `day` = today, orders from
    /// the future, which move every default as-of date past today and are usually typos.
    pub fn orders_after(&self, day: Day) -> (usize, Option<Day>) {
        let later = self.orders.date.iter().filter(|d| **d > day);
        let count = later.clone().count();
        (count, later.max().copied())
    }

    /// The index range of order `o`'s lines.
    pub fn order_lines(&self, o: usize) -> std::ops::Range<usize> {
        let end = self
            .orders
            .first_line
            .get(o + 1)
            .map_or(self.lines.product.len(), |&e| e as usize);
        self.orders.first_line[o] as usize..end
    }
}

/// The text a tag column gives order `o`: `None` for 0 (none) or without the column.
fn tag<'d>(column: &[u32], names: &'d Texts, o: usize) -> Option<&'d str> {
    match column.get(o) {
        Some(&n) if n != 0 => Some(&names[n as usize]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::date::Day;
    use crate::ingest::ingest_files;

    #[test]
    fn orders_after_a_day_are_counted_with_the_latest_date() {
        let csv = "order_id,order_date,email,order_total\n1,2024-01-05,a@x,1\n2,2031-04-01,b@x,1\n3,2030-01-01,a@x,1\n";
        let ds = ingest_files(Default::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset;
        let today: Day = "2026-11-25".parse().unwrap();
        assert_eq!(
            ds.orders_after(today),
            (2, Some("2031-04-01".parse().unwrap()))
        );
        assert_eq!(ds.orders_after("2031-04-01".parse().unwrap()), (0, None));
    }
}
