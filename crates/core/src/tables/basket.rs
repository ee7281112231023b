//! Basket tables: the product pairs bought together, and the products of second orders given the first's.

use super::{float_cell, Table};
use crate::analysis::basket::Basket;

/// Ordered pairs: `product_a, product_b, orders_a, orders_b, orders_both, support, confidence, lift`, one row
/// per direction, products by key (id, else name).
pub fn pairs(b: &Basket) -> Table {
    let key = |i: u32| b.products[i as usize].key.clone();
    Table::new(&[
        "product_a",
        "product_b",
        "orders_a",
        "orders_b",
        "orders_both",
        "support",
        "confidence",
        "lift",
    ])
    .with_rows(b.pairs.iter().map(|p| {
        vec![
            key(p.a),
            key(p.b),
            p.orders_a.to_string(),
            p.orders_b.to_string(),
            p.orders_both.to_string(),
            float_cell(Some(p.support)),
            float_cell(Some(p.confidence)),
            float_cell(Some(p.lift)),
        ]
    }))
}

/// Next products: `first_product, next_product, customers_first, customers_second, customers_next, share`.
pub fn next_products(b: &Basket) -> Table {
    let key = |i: u32| b.products[i as usize].key.clone();
    Table::new(&[
        "first_product",
        "next_product",
        "customers_first",
        "customers_second",
        "customers_next",
        "share",
    ])
    .with_rows(b.next_products.iter().map(|n| {
        vec![
            key(n.first),
            key(n.next),
            n.customers_first.to_string(),
            n.customers_second.to_string(),
            n.customers_next.to_string(),
            float_cell(Some(n.share)),
        ]
    }))
}
