//! The customer model: who arrives when, how often they buy, when they stop, and what they put in the cart.
//!
//! Customers arrive over the two simulated years (slightly more of them later on and in November and
//! December). A one-off buyer has a purchase rate λ ~ Gamma and, after each purchase, leaves for good with
//! probability p ~ Beta: the BG/NBD story, so the predictive models have something true to find. Gaps
//! between purchases are exponential in days. A few customers instead subscribe to a 定期便 product and are
//! shipped it every 30 or 60 days until they cancel (per-cycle churn ~ Beta). Nothing is ordered after
//! 2025-12-31.

use crate::catalog::{Product, PRODUCTS};
use crate::dates::{Calendar, DAY, LAST_DAY};
use crate::rng::Rng;

/// Mean days between purchases of an active one-off buyer.
const MEAN_GAP_DAYS: f64 = 70.0;
/// Shape of the Gamma distribution of purchase rates (smaller: more heterogeneous customers).
const RATE_SHAPE: f64 = 1.4;
/// Beta parameters of the drop-out probability after a purchase (mean a / (a + b)).
const DROPOUT_A: f64 = 1.3;
const DROPOUT_B: f64 = 0.9;
/// Share of new customers who start a subscription.
const SUBSCRIBER_SHARE: f64 = 0.07;
/// Beta parameters of a subscriber's per-delivery cancellation probability.
const SUB_CHURN_A: f64 = 2.0;
const SUB_CHURN_B: f64 = 6.0;
/// Share of customers who check out as guests (no member id in carts that have one).
const GUEST_SHARE: f64 = 0.05;
/// Share of guests of the generic export who leave a phone number but no e-mail address.
const PHONE_ONLY_GUEST_SHARE: f64 = 0.2;

/// Relative weight of each hour of the day (JST) for order times: a lunch bump and an evening peak.
const HOUR_WEIGHTS: [u32; 24] = [
    5, 3, 2, 1, 1, 1, 2, 4, 6, 7, 8, 9, 11, 10, 9, 9, 9, 9, 10, 12, 14, 15, 13, 8,
];

/// A customer. Names, address, phone and e-mail are derived from `attr` and the customer's number when
/// written, so the customer table stays small.
#[derive(Clone, Debug)]
pub(crate) struct Customer {
    /// Random bits the personal details are derived from.
    pub attr: u64,
    /// Checks out without an account: no member id where the cart has one (the key is the e-mail).
    pub guest: bool,
    /// A guest who gives a phone number but no e-mail (only in the generic export).
    pub phone_only: bool,
}

/// One line of an order.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Line {
    /// Index into [`PRODUCTS`].
    pub product: u8,
    /// Quantity, 1–3.
    pub qty: u8,
}

impl Line {
    /// The product.
    pub fn product(&self) -> &'static Product {
        &PRODUCTS[self.product as usize]
    }

    /// Unit price × quantity.
    pub fn amount(&self) -> i64 {
        self.product().price * i64::from(self.qty)
    }
}

/// An order as the model placed it.
#[derive(Clone, Debug)]
pub(crate) struct Order {
    /// Seconds since 2024-01-01 00:00 JST.
    pub t: u32,
    /// Index into the customer table.
    pub customer: u32,
    /// 0 for a one-off order; else the subscription's delivery number (定期回数), from 1.
    pub sub_seq: u16,
    /// The subscription was cancelled after this delivery.
    pub sub_end: bool,
    n_lines: u8,
    lines: [Line; 3],
}

impl Order {
    /// The order's lines (1–3).
    pub fn lines(&self) -> &[Line] {
        &self.lines[..self.n_lines as usize]
    }
}

/// What the simulation produced: customers and their orders in time order (ties in creation order).
pub(crate) struct World {
    pub customers: Vec<Customer>,
    pub orders: Vec<Order>,
}

/// Products that can be bought one-off, with their weights.
struct Shelf {
    one_off: Vec<u8>,
    one_off_weights: Vec<u32>,
    subs: Vec<u8>,
    sub_weights: Vec<u32>,
}

impl Shelf {
    fn new() -> Shelf {
        let mut s = Shelf {
            one_off: Vec::new(),
            one_off_weights: Vec::new(),
            subs: Vec::new(),
            sub_weights: Vec::new(),
        };
        for (i, p) in PRODUCTS.iter().enumerate() {
            if p.subscription {
                s.subs.push(i as u8);
                s.sub_weights.push(p.weight);
            } else {
                s.one_off.push(i as u8);
                s.one_off_weights.push(p.weight);
            }
        }
        s
    }

    fn one_off(&self, rng: &mut Rng) -> u8 {
        self.one_off[rng.weighted(&self.one_off_weights)]
    }
}

/// Draws customers until exactly `n` orders exist, then sorts the orders by time.
pub(crate) fn simulate(rng: &mut Rng, n: usize, generic: bool, cal: &Calendar) -> World {
    let shelf = Shelf::new();
    let mut customers = Vec::new();
    let mut orders: Vec<Order> = Vec::with_capacity(n);
    let end = f64::from(LAST_DAY + 1);
    while orders.len() < n {
        let c = customers.len() as u32;
        // The same draws for every format, so one seed gives the same customers and orders in each.
        let guest = rng.chance(GUEST_SHARE);
        let phone_only = rng.chance(PHONE_ONLY_GUEST_SHARE);
        customers.push(Customer {
            attr: rng.u64(),
            guest,
            phone_only: generic && guest && phone_only,
        });
        let arrival = arrival_day(rng, cal);
        let mut day = f64::from(arrival) + rng.unit();
        if rng.chance(SUBSCRIBER_SHARE) {
            let product = shelf.subs[rng.weighted(&shelf.sub_weights)];
            let churn = rng.beta(SUB_CHURN_A, SUB_CHURN_B);
            let interval = if rng.chance(0.8) { 30.0 } else { 60.0 };
            let mut seq = 1u16;
            loop {
                let mut lines = [Line::default(); 3];
                lines[0] = Line { product, qty: 1 };
                let mut n_lines = 1;
                if rng.chance(0.15) {
                    lines[1] = Line {
                        product: shelf.one_off(rng),
                        qty: 1,
                    };
                    n_lines = 2;
                }
                orders.push(Order {
                    t: timestamp(rng, day),
                    customer: c,
                    sub_seq: seq,
                    sub_end: false,
                    n_lines,
                    lines,
                });
                if orders.len() == n {
                    break;
                }
                if rng.chance(churn) {
                    if let Some(last) = orders.last_mut() {
                        last.sub_end = true;
                    }
                    break;
                }
                day += interval + rng.unit() * 4.0 - 2.0;
                if day >= end {
                    break;
                }
                seq = seq.saturating_add(1);
            }
        } else {
            let rate = rng.gamma(RATE_SHAPE, 1.0 / (MEAN_GAP_DAYS * RATE_SHAPE));
            let dropout = rng.beta(DROPOUT_A, DROPOUT_B);
            let mut favourite = None;
            loop {
                let (n_lines, lines) = basket(rng, &shelf, favourite);
                let first = lines[0].product;
                orders.push(Order {
                    t: timestamp(rng, day),
                    customer: c,
                    sub_seq: 0,
                    sub_end: false,
                    n_lines,
                    lines,
                });
                if orders.len() == n {
                    break;
                }
                let fav = *favourite.get_or_insert(first);
                let p = (dropout * PRODUCTS[fav as usize].stickiness).min(1.0);
                if rng.chance(p) {
                    break;
                }
                day += rng.exponential(rate);
                if day >= end {
                    break;
                }
            }
        }
    }
    // Stable: orders at the same second keep their creation order.
    orders.sort_by_key(|o| o.t);
    World { customers, orders }
}

/// A day of arrival: uniform over the two years, weighted up by a growing shop and the gift season.
fn arrival_day(rng: &mut Rng, cal: &Calendar) -> u32 {
    loop {
        let day = rng.below(u64::from(LAST_DAY) + 1) as u32;
        let growth = 1.0 + 0.5 * f64::from(day) / f64::from(LAST_DAY);
        let season = if cal.month(day) >= 11 { 1.4 } else { 1.0 };
        if rng.unit() * 1.5 * 1.4 < growth * season {
            return day;
        }
    }
}

/// The order time on the (fractional) day `day`: that calendar day, at an hour drawn from the daily pattern.
fn timestamp(rng: &mut Rng, day: f64) -> u32 {
    let day = (day as u32).min(LAST_DAY);
    let hour = rng.weighted(&HOUR_WEIGHTS) as u32;
    day * DAY + hour * 3600 + rng.below(3600) as u32
}

/// A one-off basket: 1–3 distinct products, quantities 1–3; repeat buyers often take their favourite again.
fn basket(rng: &mut Rng, shelf: &Shelf, favourite: Option<u8>) -> (u8, [Line; 3]) {
    let n = [1u8, 2, 3][rng.weighted(&[60, 30, 10])];
    let mut lines = [Line::default(); 3];
    let mut k = 0;
    if let Some(f) = favourite {
        if rng.chance(0.5) {
            lines[0].product = f;
            k = 1;
        }
    }
    while k < n as usize {
        let product = shelf.one_off(rng);
        if lines[..k].iter().all(|l| l.product != product) {
            lines[k].product = product;
            k += 1;
        }
    }
    for line in &mut lines[..k] {
        line.qty = [1u8, 2, 3][rng.weighted(&[75, 18, 7])];
    }
    (n, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn produces_exactly_the_orders_asked_for_in_time_order_within_the_two_years() {
        let cal = Calendar::new();
        for n in [0, 1, 7, 5_000] {
            let w = simulate(&mut Rng::new(3), n, false, &cal);
            assert_eq!(w.orders.len(), n);
            assert!(w.orders.windows(2).all(|p| p[0].t <= p[1].t));
            assert!(w.orders.iter().all(|o| o.t / DAY <= LAST_DAY));
            assert!(w.orders.iter().all(|o| (1..=3).contains(&o.lines().len())
                && o.lines().iter().all(|l| (1..=3).contains(&l.qty))));
        }
    }

    #[test]
    fn subscription_deliveries_are_numbered_in_time_order() {
        let cal = Calendar::new();
        let w = simulate(&mut Rng::new(11), 20_000, false, &cal);
        let mut last = vec![0u16; w.customers.len()];
        let mut subs = 0;
        for o in &w.orders {
            if o.sub_seq > 0 {
                subs += 1;
                assert_eq!(o.sub_seq, last[o.customer as usize] + 1);
                last[o.customer as usize] = o.sub_seq;
                assert!(o.lines()[0].product().subscription);
            } else {
                assert!(o.lines().iter().all(|l| !l.product().subscription));
            }
        }
        assert!(subs > 1_000, "{subs}");
    }
}
