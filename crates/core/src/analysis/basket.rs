//! 併売 (basket) analysis (docs/analyses.md, "Basket"): which products are bought in the same order, and
//! what a customer's second order holds given the products of their first.
//!
//! Products are the dataset's (keyed by product id, else name). Lines that are not goods (送料, 手数料,
//! ギフト包装, 値引き …) are left out by name. Every pair is counted once per order however many lines it
//! has: one sort of the orders' pairs, so the cost follows the lines, not the products squared.

use serde::{Deserialize, Serialize};

use super::default_as_of;
use crate::date::Day;
use crate::model::Dataset;
use crate::params::{at_least, at_most, ParamError};

/// Words whose presence in a product's name or id (any case) marks a line that is not goods: shipping, fees,
/// wrapping, gifts that come free, discounts and points. Used when the user gives no list of their own.
pub const NOT_PRODUCTS: &[&str] = &[
    "送料",
    "配送料",
    "手数料",
    "代引",
    "ギフト包装",
    "ラッピング",
    "のし",
    "ノベルティ",
    "値引",
    "割引",
    "クーポン",
    "ポイント",
    "shipping",
    "gift wrap",
    "discount",
    "coupon",
    "fee",
];

/// The largest minimum count: a higher one would leave every pair out of any real export.
pub const MAX_MIN_ORDERS: u64 = 1_000_000;

/// Which of each customer's orders the analysis reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrderScope {
    /// Every valid order.
    #[default]
    All,
    /// Each customer's first order only (what new customers buy together).
    First,
    /// Every order but each customer's first (what returning customers buy together).
    Repeat,
}

impl std::str::FromStr for OrderScope {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "all" => Ok(OrderScope::All),
            "first" => Ok(OrderScope::First),
            "repeat" => Ok(OrderScope::Repeat),
            other => Err(format!("'{other}' orders: use all, first or repeat")),
        }
    }
}

impl OrderScope {
    /// Whether a customer's order at `index` (0 for the first) is read.
    fn takes(self, index: usize) -> bool {
        match self {
            OrderScope::All => true,
            OrderScope::First => index == 0,
            OrderScope::Repeat => index > 0,
        }
    }
}

/// The parameters of [`basket`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BasketParams {
    /// The fewest orders (or, for next products, customers) a pair needs to be listed.
    pub min_orders: u64,
    /// Words that mark a line as not goods (see [`NOT_PRODUCTS`]); empty keeps every line.
    pub not_products: Vec<String>,
    /// Which orders are read.
    pub scope: OrderScope,
}

impl Default for BasketParams {
    fn default() -> Self {
        BasketParams {
            min_orders: 2,
            not_products: NOT_PRODUCTS.iter().map(|w| w.to_string()).collect(),
            scope: OrderScope::All,
        }
    }
}

impl BasketParams {
    /// Checks the minimum count (1 to [`MAX_MIN_ORDERS`]) and that no word of the not-products list is
    /// empty.
    pub fn validate(&self) -> Result<(), ParamError> {
        let min = self.min_orders as f64;
        at_least("min_orders", min, 1.0)?;
        at_most("min_orders", min, MAX_MIN_ORDERS as f64)?;
        match self.not_products.iter().any(|w| w.trim().is_empty()) {
            true => Err(ParamError::EmptyWord {
                param: "not_products",
            }),
            false => Ok(()),
        }
    }
}

/// A product as the basket tables name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BasketProduct {
    /// The product's key: its id, else its name.
    pub key: String,
    /// The product's name as the export wrote it.
    pub name: String,
    /// Orders read that hold it.
    pub orders: u64,
}

/// An ordered pair a → b of products bought in the same order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pair {
    /// Index of product a in [`Basket::products`].
    pub a: u32,
    /// Index of product b in [`Basket::products`].
    pub b: u32,
    /// Orders holding a.
    pub orders_a: u64,
    /// Orders holding b.
    pub orders_b: u64,
    /// Orders holding both.
    pub orders_both: u64,
    /// Orders holding both, of the orders read.
    pub support: f64,
    /// Orders holding both, of those holding a: how often a buyer of a also takes b.
    pub confidence: f64,
    /// Confidence over b's share of the orders read: above 1, a and b go together more than chance.
    pub lift: f64,
}

/// What customers bought in their second order, given a product of their first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextProduct {
    /// Index of the first order's product in [`Basket::products`].
    pub first: u32,
    /// Index of the second order's product in [`Basket::products`].
    pub next: u32,
    /// Customers whose first order holds `first`.
    pub customers_first: u64,
    /// Of those, customers with a second order.
    pub customers_second: u64,
    /// Of those, customers whose second order holds `next`.
    pub customers_next: u64,
    /// `customers_next` of `customers_second`.
    pub share: f64,
}

/// The basket analysis of a dataset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Basket {
    /// The as-of date: orders dated before it are read. `None` for an empty dataset.
    pub as_of: Option<Day>,
    /// The parameters used.
    pub params: BasketParams,
    /// Valid orders read (dated before the as-of date, in the scope): the base of support and lift.
    pub orders: u64,
    /// Of those, orders with at least one product line that is goods.
    pub orders_with_products: u64,
    /// Lines left out as not goods, and their distinct products.
    pub lines_left_out: u64,
    /// Products left out as not goods (their names), in product order.
    pub products_left_out: Vec<String>,
    /// The products the tables name, in the dataset's product order (only those in an order read).
    pub products: Vec<BasketProduct>,
    /// Ordered pairs bought together in at least the minimum number of orders, both directions, by lift,
    /// then orders with both, highest first.
    pub pairs: Vec<Pair>,
    /// Next products of customers' second orders, listed from the minimum number of customers, by first
    /// product (most customers first), then customers, highest first.
    pub next_products: Vec<NextProduct>,
}

/// Reads which products are bought together, as of `as_of` (default: the day after the latest order).
pub fn basket(ds: &Dataset, as_of: Option<Day>, params: &BasketParams) -> Basket {
    let as_of = as_of.or_else(|| default_as_of(ds));
    let goods = goods(ds, &params.not_products);
    let mut counted = Counts::new(ds.products.len());
    if let Some(as_of) = as_of {
        for c in 0..ds.customer_count() {
            counted.customer(ds, c as u32, as_of, params.scope, &goods);
        }
    }
    counted.report(ds, as_of, params, &goods)
}

/// Whether each product of the dataset is goods: neither its name nor its id holds a word of `not_products`.
fn goods(ds: &Dataset, not_products: &[String]) -> Vec<bool> {
    let words: Vec<String> = not_products
        .iter()
        .map(|w| w.trim().to_lowercase())
        .collect();
    ds.products
        .iter()
        .map(|p| {
            let (name, id) = (p.name.to_lowercase(), p.id.to_lowercase());
            !words
                .iter()
                .any(|w| name.contains(w.as_str()) || id.contains(w.as_str()))
        })
        .collect()
}

/// The counts gathered over the customers' orders.
struct Counts {
    orders: u64,
    orders_with_products: u64,
    lines_left_out: u64,
    /// Orders read holding each product.
    orders_with: Vec<u64>,
    /// Each order's pairs of goods (a < b), packed as `a << 32 | b`.
    pairs: Vec<u64>,
    /// Customers whose first order holds each product, and of those the ones with a second order.
    first: Vec<u64>,
    second: Vec<u64>,
    /// Each (first-order product, second-order product) of a customer, packed as `pairs` are.
    next: Vec<u64>,
    /// The goods of the order at hand and of the customer's first order, sorted and distinct.
    order_goods: Vec<u32>,
    first_goods: Vec<u32>,
}

/// Two product indexes as one sortable number.
fn pack(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn unpack(p: u64) -> (u32, u32) {
    ((p >> 32) as u32, p as u32)
}

impl Counts {
    fn new(products: usize) -> Counts {
        Counts {
            orders: 0,
            orders_with_products: 0,
            lines_left_out: 0,
            orders_with: vec![0; products],
            pairs: Vec::new(),
            first: vec![0; products],
            second: vec![0; products],
            next: Vec::new(),
            order_goods: Vec::new(),
            first_goods: Vec::new(),
        }
    }

    /// Counts customer `c`'s orders dated before `as_of`.
    fn customer(&mut self, ds: &Dataset, c: u32, as_of: Day, scope: OrderScope, goods: &[bool]) {
        for (index, o) in ds.customer_orders(c).enumerate() {
            if ds.orders.date[o] >= as_of {
                break;
            }
            let left_out = self.read_goods(ds, o, goods);
            match index {
                0 => {
                    self.first_goods.clone_from(&self.order_goods);
                    for &p in &self.first_goods {
                        self.first[p as usize] += 1;
                    }
                }
                1 => {
                    for &p in &self.first_goods {
                        self.second[p as usize] += 1;
                        self.next
                            .extend(self.order_goods.iter().map(|&q| pack(p, q)));
                    }
                }
                _ => {}
            }
            if !scope.takes(index) {
                continue;
            }
            self.orders += 1;
            self.lines_left_out += left_out;
            if self.order_goods.is_empty() {
                continue;
            }
            self.orders_with_products += 1;
            for (i, &a) in self.order_goods.iter().enumerate() {
                self.orders_with[a as usize] += 1;
                self.pairs
                    .extend(self.order_goods[i + 1..].iter().map(|&b| pack(a, b)));
            }
        }
    }

    /// Sets `order_goods` to order `o`'s distinct goods; returns how many of its lines are not goods.
    fn read_goods(&mut self, ds: &Dataset, o: usize, goods: &[bool]) -> u64 {
        self.order_goods.clear();
        let mut left_out = 0;
        for l in ds.order_lines(o) {
            let p = ds.lines.product[l];
            if goods[p as usize] {
                self.order_goods.push(p);
            } else {
                left_out += 1;
            }
        }
        self.order_goods.sort_unstable();
        self.order_goods.dedup();
        left_out
    }

    fn report(
        mut self,
        ds: &Dataset,
        as_of: Option<Day>,
        params: &BasketParams,
        goods: &[bool],
    ) -> Basket {
        // The tables name products by their position among those listed.
        let mut position = vec![u32::MAX; ds.products.len()];
        let mut products = Vec::new();
        for (p, product) in ds.products.iter().enumerate() {
            if self.orders_with[p] > 0 || self.first[p] > 0 {
                position[p] = products.len() as u32;
                products.push(BasketProduct {
                    key: if product.id.is_empty() {
                        product.name.clone()
                    } else {
                        product.id.clone()
                    },
                    name: product.name.clone(),
                    orders: self.orders_with[p],
                });
            }
        }
        let orders = self.orders as f64;
        let mut pairs = Vec::new();
        for (ab, both) in runs(&mut self.pairs) {
            if both < params.min_orders {
                continue;
            }
            let (a, b) = unpack(ab);
            for (x, y) in [(a, b), (b, a)] {
                let (orders_x, orders_y) =
                    (self.orders_with[x as usize], self.orders_with[y as usize]);
                let confidence = both as f64 / orders_x as f64;
                pairs.push(Pair {
                    a: position[x as usize],
                    b: position[y as usize],
                    orders_a: orders_x,
                    orders_b: orders_y,
                    orders_both: both,
                    support: both as f64 / orders,
                    confidence,
                    lift: confidence / (orders_y as f64 / orders),
                });
            }
        }
        let key = |i: u32| products[i as usize].key.as_str();
        pairs.sort_by(|x, y| {
            y.lift
                .total_cmp(&x.lift)
                .then(y.orders_both.cmp(&x.orders_both))
                .then_with(|| key(x.a).cmp(key(y.a)))
                .then_with(|| key(x.b).cmp(key(y.b)))
        });
        let mut next_products = Vec::new();
        for (pq, customers) in runs(&mut self.next) {
            if customers < params.min_orders {
                continue;
            }
            let (p, q) = unpack(pq);
            let second = self.second[p as usize];
            next_products.push(NextProduct {
                first: position[p as usize],
                next: position[q as usize],
                customers_first: self.first[p as usize],
                customers_second: second,
                customers_next: customers,
                share: customers as f64 / second as f64,
            });
        }
        next_products.sort_by(|x, y| {
            y.customers_first
                .cmp(&x.customers_first)
                .then_with(|| key(x.first).cmp(key(y.first)))
                .then(y.customers_next.cmp(&x.customers_next))
                .then_with(|| key(x.next).cmp(key(y.next)))
        });
        Basket {
            as_of,
            params: params.clone(),
            orders: self.orders,
            orders_with_products: self.orders_with_products,
            lines_left_out: self.lines_left_out,
            products_left_out: ds
                .products
                .iter()
                .zip(goods)
                .filter(|(_, g)| !**g)
                .map(|(p, _)| p.name.clone())
                .collect(),
            products,
            pairs,
            next_products,
        }
    }
}

/// The distinct values of `packed` with how many times each occurs, in order (sorting it first).
fn runs(packed: &mut [u64]) -> impl Iterator<Item = (u64, u64)> + '_ {
    packed.sort_unstable();
    packed
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_files, IngestOptions};

    /// Four customers; order 7 is cancelled. Goods by order: 1 {P1, P2} and a shipping line, 2 {P1, P2},
    /// 3 {P1}, 4 {P1, P3}, 5 {P3}, 6 {P2} (twice).
    const ORDERS: &str = "order_id,order_date,email,order_total,status,product_id,product_name\n\
        1,2024-01-05,a@x.jp,3000,paid,P1,茶\n\
        1,2024-01-05,a@x.jp,3000,paid,P2,急須\n\
        1,2024-01-05,a@x.jp,3000,paid,SHIP,送料\n\
        2,2024-01-06,b@x.jp,2000,paid,P1,茶\n\
        2,2024-01-06,b@x.jp,2000,paid,P2,急須\n\
        3,2024-01-07,c@x.jp,1000,paid,P1,茶\n\
        4,2024-02-01,a@x.jp,1500,paid,P3,菓子\n\
        4,2024-02-01,a@x.jp,1500,paid,P1,茶\n\
        5,2024-02-02,b@x.jp,500,paid,P3,菓子\n\
        6,2024-02-03,d@x.jp,800,paid,P2,急須\n\
        6,2024-02-03,d@x.jp,800,paid,P2,急須\n\
        7,2024-02-04,c@x.jp,900,cancelled,P1,茶\n\
        7,2024-02-04,c@x.jp,900,cancelled,P2,急須\n";

    fn data() -> Dataset {
        ingest_files(IngestOptions::default(), [("t.csv", ORDERS.as_bytes())])
            .unwrap()
            .dataset
    }

    /// A pair as (a, b, orders_a, orders_b, orders_both, support, confidence, lift).
    type Row<'a> = (&'a str, &'a str, u64, u64, u64, f64, f64, f64);

    fn pairs(b: &Basket) -> Vec<Row<'_>> {
        b.pairs
            .iter()
            .map(|p| {
                (
                    b.products[p.a as usize].key.as_str(),
                    b.products[p.b as usize].key.as_str(),
                    p.orders_a,
                    p.orders_b,
                    p.orders_both,
                    p.support,
                    p.confidence,
                    p.lift,
                )
            })
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    fn assert_pairs(got: Vec<Row<'_>>, want: &[Row<'_>]) {
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(
                (g.0, g.1, g.2, g.3, g.4),
                (w.0, w.1, w.2, w.3, w.4),
                "{got:?}"
            );
            assert!(
                close(g.5, w.5) && close(g.6, w.6) && close(g.7, w.7),
                "{g:?} against {w:?}"
            );
        }
    }

    #[test]
    fn pairs_of_goods_over_the_valid_orders_by_hand() {
        let b = basket(&data(), None, &BasketParams::default());
        assert_eq!(b.as_of, Some("2024-02-04".parse().unwrap()));
        assert_eq!(
            (b.orders, b.orders_with_products, b.lines_left_out),
            (6, 6, 1)
        );
        assert_eq!(b.products_left_out, ["送料"]);
        // P1 in orders 1–4, P2 in 1, 2, 6; both in 1 and 2; of 6 orders.
        assert_pairs(
            pairs(&b),
            &[
                ("P1", "P2", 4, 3, 2, 2.0 / 6.0, 0.5, 1.0),
                ("P2", "P1", 3, 4, 2, 2.0 / 6.0, 2.0 / 3.0, 1.0),
            ],
        );
        // With a minimum of one order, P1 and P3 (order 4) too: lift 0.25 / (2/6) = 0.75.
        let params = BasketParams {
            min_orders: 1,
            ..BasketParams::default()
        };
        let b = basket(&data(), None, &params);
        assert_pairs(
            pairs(&b),
            &[
                ("P1", "P2", 4, 3, 2, 2.0 / 6.0, 0.5, 1.0),
                ("P2", "P1", 3, 4, 2, 2.0 / 6.0, 2.0 / 3.0, 1.0),
                ("P1", "P3", 4, 2, 1, 1.0 / 6.0, 0.25, 0.75),
                ("P3", "P1", 2, 4, 1, 1.0 / 6.0, 0.5, 0.75),
            ],
        );
    }

    #[test]
    fn first_and_repeat_orders_and_the_as_of_date_choose_the_orders_read() {
        let first = BasketParams {
            scope: OrderScope::First,
            ..BasketParams::default()
        };
        // First orders 1, 2, 3, 6: P1 in three, P2 in three, both in two; lift (2/3) / (3/4).
        let b = basket(&data(), None, &first);
        assert_eq!(b.orders, 4);
        assert_pairs(
            pairs(&b),
            &[
                ("P1", "P2", 3, 3, 2, 0.5, 2.0 / 3.0, 8.0 / 9.0),
                ("P2", "P1", 3, 3, 2, 0.5, 2.0 / 3.0, 8.0 / 9.0),
            ],
        );
        let repeat = BasketParams {
            scope: OrderScope::Repeat,
            ..BasketParams::default()
        };
        let b = basket(&data(), None, &repeat);
        assert_eq!((b.orders, b.pairs.len()), (2, 0));
        // Before February: orders 1–3.
        let b = basket(&data(), "2024-02-01".parse().ok(), &BasketParams::default());
        assert_eq!(b.orders, 3);
        assert_pairs(
            pairs(&b),
            &[
                ("P1", "P2", 3, 2, 2, 2.0 / 3.0, 2.0 / 3.0, 1.0),
                ("P2", "P1", 2, 3, 2, 2.0 / 3.0, 1.0, 1.0),
            ],
        );
    }

    #[test]
    fn second_orders_given_the_first_orders_products_by_hand() {
        // a: {P1, P2} then {P1, P3}; b: {P1, P2} then {P3}; c: {P1}, its second order cancelled; d: {P2}.
        let b = basket(&data(), None, &BasketParams::default());
        let next: Vec<_> = b
            .next_products
            .iter()
            .map(|n| {
                (
                    b.products[n.first as usize].key.as_str(),
                    b.products[n.next as usize].key.as_str(),
                    n.customers_first,
                    n.customers_second,
                    n.customers_next,
                    n.share,
                )
            })
            .collect();
        assert_eq!(
            next,
            [("P1", "P3", 3, 2, 2, 1.0), ("P2", "P3", 3, 2, 2, 1.0)]
        );
    }

    #[test]
    fn an_empty_list_keeps_every_line_and_bad_parameters_are_refused() {
        let params = BasketParams {
            not_products: Vec::new(),
            min_orders: 1,
            ..BasketParams::default()
        };
        let b = basket(&data(), None, &params);
        assert_eq!((b.lines_left_out, b.products_left_out.len()), (0, 0));
        assert!(pairs(&b).iter().any(|p| p.0 == "SHIP" && p.1 == "P1"));
        assert!(BasketParams {
            min_orders: 0,
            ..BasketParams::default()
        }
        .validate()
        .is_err());
        assert!(BasketParams {
            not_products: vec![" ".into()],
            ..BasketParams::default()
        }
        .validate()
        .is_err());
        assert_eq!("repeat".parse(), Ok(OrderScope::Repeat));
        assert!("new".parse::<OrderScope>().is_err());
    }
}
