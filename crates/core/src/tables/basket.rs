//! Basket tables: the product pairs bought together, and the products of second orders given the first's.

use super::{col, Cell, Table};
use crate::analysis::basket::Basket;

/// Ordered pairs: `product_a, product_b, orders_a, orders_b, orders_both, support, confidence, lift`, one row
/// per direction, products by key (id, else name).
pub fn pairs(b: &Basket) -> Table {
    let key = |i: u32| Cell::text(b.products[i as usize].key.clone());
    Table::new(&[
        col("product_a", "商品A", "Product A"),
        col("product_b", "商品B", "Product B"),
        col("orders_a", "Aを含む注文", "Orders with A"),
        col("orders_b", "Bを含む注文", "Orders with B"),
        col("orders_both", "両方を含む注文", "Orders with both"),
        col("support", "支持度", "Support"),
        col("confidence", "確信度", "Confidence"),
        col("lift", "リフト値", "Lift"),
    ])
    .with_rows(b.pairs.iter().map(|p| {
        vec![
            key(p.a),
            key(p.b),
            Cell::int(p.orders_a),
            Cell::int(p.orders_b),
            Cell::int(p.orders_both),
            Cell::Rate(p.support),
            Cell::Rate(p.confidence),
            Cell::Decimal(p.lift, 3),
        ]
    }))
}

/// Next products: `first_product, next_product, customers_first, customers_second, customers_next, share`.
pub fn next_products(b: &Basket) -> Table {
    let key = |i: u32| Cell::text(b.products[i as usize].key.clone());
    Table::new(&[
        col("first_product", "初回の商品", "First product"),
        col("next_product", "2回目の商品", "Next product"),
        col("customers_first", "初回購入者", "First buyers"),
        col("customers_second", "2回目購入者", "Second buyers"),
        col("customers_next", "2回目にこの商品", "Bought it second"),
        col("share", "割合", "Share"),
    ])
    .with_rows(b.next_products.iter().map(|n| {
        vec![
            key(n.first),
            key(n.next),
            Cell::int(n.customers_first),
            Cell::int(n.customers_second),
            Cell::int(n.customers_next),
            Cell::Rate(n.share),
        ]
    }))
}
